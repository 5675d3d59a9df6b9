"""``@frozen`` against the standard library's ``@dataclass(frozen=True)``: the same class,
made each way, behaves the same in everything deckgen's records use."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace
from typing import Any

import pytest

from deckgen.frozen import frozen

Maker = Callable[[type], type]
MAKERS: dict[str, Maker] = {"dataclass": dataclass(frozen=True), "frozen": frozen}


def _classes(make: Maker) -> dict[str, Any]:
    class Point:
        """Fields with defaults and a default factory."""

        x: int
        y: str = "a"
        z: tuple[int, ...] = ()
        w: list[int] = field(default_factory=list)

    class OwnEq:
        """Writes its own __eq__ (so Python sets __hash__ to None)."""

        x: int

        def __eq__(self, other: object) -> bool:
            return True

    class OwnHash:
        """Writes its own __hash__."""

        x: int

        def __hash__(self) -> int:
            return 7

    class Empty:
        """No fields."""

    class Hidden:
        """A field left out of comparison and repr."""

        x: int
        note: str = field(default="", compare=False, repr=False)

    return {c.__name__: make(c) for c in (Point, OwnEq, OwnHash, Empty, Hidden)}


def _behaviour(make: Maker) -> list[Any]:
    c = _classes(make)
    Point, OwnEq, OwnHash, Empty, Hidden = (c[n] for n in ("Point", "OwnEq", "OwnHash",
                                                          "Empty", "Hidden"))
    a = Point(1, "b", (1,))
    out: list[Any] = [
        repr(a), a == Point(1, "b", (1,)), a != Point(2), a == (1, "b", (1,), []),
        Point.__match_args__, [f.name for f in fields(Point)], repr(replace(a, y="q")),
        hash(Empty()) == hash(Empty()), hash(Point(1, "b", (1,), ())) == hash(Point(1, "b", (1,), ())),
        Point(1).w is not Point(1).w, Point(1).w == [],
        OwnEq(1) == OwnEq(2), hash(OwnHash(3)), hash(OwnEq(4)) == hash(OwnEq(4)),
        repr(Empty()), Empty() == Empty(),
        Hidden(1, "x") == Hidden(1, "y"), repr(Hidden(1, "x")),
        hash(Hidden(1, "x")) == hash(Hidden(1, "y")),
        copy.deepcopy(a) == a, Point.__init__.__qualname__.split(".")[-2:],
        (nan := OwnHash(float("nan"))) == nan, Hidden(float("nan")) == Hidden(float("nan")),
        (one := Hidden(float("nan"))) == one, hash(one) == hash(one), a == 1, a != "x",
        dataclasses.is_dataclass(a), dataclasses.asdict(a),
    ]
    match a:
        case Point(x, y):
            out.append((x, y))
    for attempt in (lambda: setattr(a, "x", 3), lambda: delattr(a, "x"),
                    lambda: setattr(a, "new", 3)):
        with pytest.raises(FrozenInstanceError) as err:
            attempt()
        out.append(str(err.value))
    with pytest.raises(TypeError) as err:
        Point()
    out.append(str(err.value).split("() ")[-1])  # missing 1 required positional argument
    return out


def test_frozen_behaves_as_a_frozen_dataclass() -> None:
    assert _behaviour(frozen) == _behaviour(dataclass(frozen=True))


@frozen
class _Pickled:
    """A record at module level, as pickle needs."""

    a: int
    b: tuple[str, ...] = ()


def test_a_frozen_record_pickles_and_hashes_by_value() -> None:
    r = _Pickled(1, ("x",))
    back = pickle.loads(pickle.dumps(r))
    assert back == r and hash(back) == hash(r) and back is not r
    assert {r: 1}[_Pickled(1, ("x",))] == 1


def test_a_field_outside_init_is_refused() -> None:
    class Odd:
        """A field __init__ would not take."""

        x: int = field(default=0, init=False)

    with pytest.raises(TypeError, match=r"Odd\.x"):
        frozen(Odd)


@frozen
class _Later:
    """A record with a __post_init__: replace must run it."""

    a: int
    seen: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.seen.append(self.a)


def test_replace_gives_what_dataclasses_replace_gives() -> None:
    from deckgen.frozen import replace as fast

    made = {name: _classes(make) for name, make in MAKERS.items()}
    for name in ("Point", "Hidden", "Empty", "OwnEq"):
        ours, theirs = made["frozen"][name], made["dataclass"][name]
        args = {"Point": (1, "b", (2,), [3]), "Hidden": (1, "n"), "Empty": (),
                "OwnEq": (5,)}[name]
        changes = {"Point": {"y": "q", "w": [9]}, "Hidden": {"note": "m"}, "Empty": {},
                   "OwnEq": {"x": 6}}[name]
        a, b = fast(ours(*args), **changes), replace(theirs(*args), **changes)
        assert repr(a) == repr(b).replace(theirs.__qualname__, ours.__qualname__)
        assert [getattr(a, f.name) for f in fields(a)] == [getattr(b, f.name)
                                                           for f in fields(b)]
        assert type(a) is ours
        with pytest.raises(FrozenInstanceError):
            a.x = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        fast(made["frozen"]["Point"](1), nope=2)
    later = fast(_Later(1), a=2)
    assert later.seen == [1, 2]  # __post_init__ ran, as dataclasses.replace runs it
