"""Frozen records: ``@frozen`` makes a class what ``@dataclass(frozen=True)`` makes it (its
fields, ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and ``__match_args__``;
assigning or deleting a field raises ``FrozenInstanceError``; ``dataclasses.fields`` and
``replace`` work on it), for about half the cost of creating the class.

Why: a build defines about a hundred records (the outline, the plan, the positioned plan,
the template's facts) before it does any work. Python 3.11's dataclasses compile six
methods per class one by one, about 0.5 ms a class, a tenth of a 30-slide build. Here the
fields are still gathered by :func:`dataclasses.dataclass`, and the methods it would write
are compiled in one go; assignment is refused by two functions every record shares."""

from __future__ import annotations

import dataclasses
import operator
import sys
from collections.abc import Callable
from typing import Any, TypeVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10
    from typing_extensions import dataclass_transform

T = TypeVar("T", bound=type)
R = TypeVar("R")

_FACTORY = object()
"""Default of an ``__init__`` argument whose field has a default factory (as dataclasses'
own ``_HAS_DEFAULT_FACTORY``): the factory is called when the argument is not given."""


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The record's values of these fields as a tuple (what dataclasses compare and hash)."""
    if not names:
        return lambda _: ()
    # attrgetter of one name gives the value, not a 1-tuple: asked twice, it gives a tuple
    # that compares as the 1-tuple would (identity, then ==)
    return operator.attrgetter(*names) if len(names) > 1 else operator.attrgetter(
        names[0], names[0])


def _repr(self: Any) -> str:
    cls = self.__class__
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in cls.__frozen_repr__)
    return f"{cls.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        values = self.__class__.__frozen_eq__
        return values(self) == values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__frozen_hash__(self))


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: T) -> T:
    """The class as a frozen dataclass (see the module's docstring)."""
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # the same class, fields added
    fields = [f for f in dataclasses.fields(cls) if f._field_type is dataclasses._FIELD]  # type: ignore[attr-defined]
    names: dict[str, Any] = {"__factory": _FACTORY}
    params, body = [], []
    for f in fields:
        if not f.init:
            raise TypeError(f"{cls.__qualname__}.{f.name}: @frozen has no fields outside __init__")
        if f.default is not dataclasses.MISSING:
            names[f"__dflt_{f.name}"] = f.default
            params.append(f"{f.name}=__dflt_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            names[f"__dflt_{f.name}"] = f.default_factory
            params.append(f"{f.name}=__factory")
            body.append(f"  if {f.name} is __factory: {f.name} = __dflt_{f.name}()")
        else:
            params.append(f.name)
        body.append(f"  __d[{f.name!r}] = {f.name}")
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    compared = tuple(f.name for f in fields if f.compare)
    hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    source = "\n".join([
        f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):",
        "  __d = self.__dict__",
        *body,
    ])
    made: dict[str, Any] = {}
    exec(source, names, made)
    # repr, eq and hash are shared functions reading the class's field names: compiling
    # them per class cost three times what __init__ does
    made.update(__repr__=_repr, __eq__=_eq, __hash__=_hash)
    cls.__frozen_repr__ = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    cls.__frozen_eq__ = _values(compared)  # type: ignore[attr-defined]
    cls.__frozen_hash__ = _values(hashed)  # type: ignore[attr-defined]
    own = cls.__dict__
    # A method the class writes itself is kept, as dataclasses keep it; __hash__ is None
    # in a class that writes only __eq__, and a frozen dataclass then adds one.
    explicit_hash = own.get("__hash__", None) is not None
    for name, method in made.items():
        if name in own and not (name == "__hash__" and not explicit_hash):
            continue
        if name == "__init__":
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    cls.__setattr__ = _refuse_set  # type: ignore[assignment]
    cls.__delattr__ = _refuse_delete  # type: ignore[assignment]
    if not hasattr(cls, "__post_init__"):
        cls.__frozen_names__ = frozenset(f.name for f in fields)  # type: ignore[attr-defined]
    return cls


def replace(obj: R, /, **changes: Any) -> R:
    """``dataclasses.replace`` for records: the same new record, its fields copied rather
    than passed through ``__init__`` (a third of the cost: layout replaces thousands)
    when the class is ``@frozen`` itself and has no ``__post_init__``; otherwise, or for a
    name that is not a field, ``dataclasses.replace`` itself."""
    cls = obj.__class__
    names = cls.__dict__.get("__frozen_names__")
    if names is None or not names.issuperset(changes):
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    new = object.__new__(cls)
    old, d = obj.__dict__, new.__dict__
    for name in names:
        d[name] = changes[name] if name in changes else old[name]
    return new
