"""``@frozen`` against the standard library's ``@dataclass(frozen=True)``: the same class,
made each way, behaves the same in everything deckgen's records use."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace
from typing import Any, ClassVar

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


_FIELD_FACTS = ("name", "type", "default", "default_factory", "init", "repr", "hash",
                "compare", "metadata", "kw_only", "_field_type")


def _gathered(make: Callable[[type], type]) -> list[Any]:
    """What dataclasses.fields, the class's defaults and __match_args__ show of classes
    covering every way deckgen's records declare fields, made by `make`."""

    class Base:
        """Fields a subclass inherits, one with a default."""

        a: int
        b: str = "b"

    def child(base: type) -> type:
        class Child(base):  # type: ignore[valid-type,misc]  # (a class made at run time)
            """A subclass: its fields come after the base's, one overrides a default."""

            c: tuple[int, ...] = ()
            b: str = "override"
            d: list[int] = field(default_factory=list, repr=False, metadata={"m": 1})
            e: float = field(default=1.5, compare=False, hash=True)

        return Child

    class Matched:
        """Writes its own __match_args__."""

        __match_args__ = ("y",)
        x: int
        y: int = 0

    class Methods:
        """A property and a method beside its fields."""

        x: int

        @property
        def twice(self) -> int:
            return 2 * self.x

    base = make(Base)
    made = [base, make(child(Base)), make(child(base)), make(Matched), make(Methods)]
    out: list[Any] = []
    for cls in made:
        out.append([tuple(repr(getattr(f, k)) for k in _FIELD_FACTS)
                    for f in dataclasses.fields(cls)])
        out.append(cls.__match_args__)
        out.append({k: getattr(cls, k, "absent") for k in "abcdexy"})
        out.append(repr(cls.__dataclass_params__))  # type: ignore[attr-defined]
    return out


def test_frozen_gathers_fields_as_dataclasses_does() -> None:
    # the dataclass with the arguments frozen gives it, and the record made as dataclasses
    # makes it: both must show the same fields, defaults and match arguments
    assert _gathered(frozen) == _gathered(dataclass(init=False, repr=False, eq=False))
    assert _gathered(frozen)[0][0] == (repr("a"), repr("int"), repr(dataclasses.MISSING),
                                       repr(dataclasses.MISSING), "True", "True",
                                       "None", "True", "mappingproxy({})", "False",
                                       "_FIELD")


def test_a_mutable_default_is_refused_as_dataclasses_refuses_it() -> None:
    for make in (frozen, dataclass(frozen=True)):
        class Mutable:
            """A list as a default."""

            x: list[int] = []  # noqa: RUF012

        with pytest.raises(ValueError) as err:
            make(Mutable)
        assert str(err.value) == ("mutable default <class 'list'> for field x is not "
                                  "allowed: use default_factory")


def test_a_class_var_is_left_to_dataclasses() -> None:
    # dataclasses finds ClassVar by name in the module (hence its import at the top)
    class Counted:
        """A ClassVar beside a field: only dataclasses tells them apart."""

        kinds: ClassVar[tuple[str, ...]] = ("a",)
        x: int = 0

    made = frozen(Counted)
    assert [f.name for f in fields(made)] == ["x"]
    assert made.__match_args__ == ("x",) and made(3).x == 3 and made.kinds == ("a",)


def test_a_field_without_default_after_one_with_is_refused_as_dataclasses_does() -> None:
    said = []
    for make in (frozen, dataclass(frozen=True)):
        class Late:
            """A required field after an optional one."""

            a: int = 0
            b: int

        with pytest.raises(TypeError) as err:
            make(Late)
        said.append(str(err.value))
    assert said == ["non-default argument 'b' follows default argument"] * 2


def test_records_of_one_shape_share_code_and_keep_their_own_names() -> None:
    class One:
        """Two fields, the second made by a factory."""

        name: str
        items: list[int] = field(default_factory=list)

    class Two:
        """The same shape, other names."""

        title: str
        rows: list[int] = field(default_factory=list)

    one, two = frozen(One), frozen(Two)
    assert one.__init__.__code__.co_code == two.__init__.__code__.co_code
    assert repr(one("a")).endswith(".One(name='a', items=[])")
    assert one("a").items is not one("a").items
    assert repr(two(rows=[1], title="t")).endswith(".Two(title='t', rows=[1])")
    with pytest.raises(TypeError, match=r"missing 1 required positional argument: 'title'"):
        two()
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'name'"):
        two(name="x")


def test_a_record_hashed_in_one_process_hashes_anew_in_another() -> None:
    import subprocess
    import sys

    from deckgen.primitives import Fonts

    # strings hash differently in every process: a hash kept from the first must not travel
    made = subprocess.run(
        [sys.executable, "-c", "import pickle, sys\nfrom deckgen.primitives import Fonts\n"
         "f = Fonts('Georgia', '宋体')\nhash(f)\nsys.stdout.buffer.write(pickle.dumps(f))"],
        capture_output=True, check=True, env={"PYTHONHASHSEED": "1", "PATH": ""}).stdout
    back = pickle.loads(made)
    here = Fonts("Georgia", "宋体")
    assert back == here and hash(back) == hash(here) and {here: 1}[back] == 1
    assert copy.deepcopy(back) == here and hash(copy.copy(back)) == hash(here)
