"""Frozen records: ``@frozen`` makes a class what ``@dataclass(frozen=True)`` makes it (its
fields, ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and ``__match_args__``;
assigning or deleting a field raises ``FrozenInstanceError``; ``dataclasses.fields`` and
``replace`` work on it), for a fifteenth of the cost of creating the class.

Why: a build defines about a hundred records (the outline, the plan, the positioned plan,
the template's facts) before it does any work. Python 3.11's dataclasses compile six
methods per class one by one, about 0.5 ms a class, a tenth of a 30-slide build. Here
repr, eq and hash are shared functions, assignment is refused by two functions every
record shares, ``__init__`` is made from code shared by the records of one shape (so many
fields, these made by a factory), and the fields are gathered as dataclasses gathers them
but without its checks for ``ClassVar``, ``InitVar`` and ``KW_ONLY`` (a class that names
one of those is handed to :func:`dataclasses.dataclass` to gather): 0.03 ms a class. A
record keeps its hash once asked for it (layout's caches hash the same records thousands
of times) and leaves it out when pickled or copied."""

from __future__ import annotations

import abc
import builtins
import dataclasses
import functools
import operator
import sys
import types
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


_HASHED = " hash"
"""Where a record keeps its hash once asked (a key of its ``__dict__`` no field or
attribute can have): records are keys of layout's caches, hashed thousands of times."""


def _hash(self: Any) -> int:
    d = self.__dict__
    h = d.get(_HASHED)
    if h is None:
        h = d[_HASHED] = hash(self.__class__.__frozen_hash__(self))
    return h


def _getstate(self: Any) -> dict[str, Any]:
    # a string's hash differs from process to process: a pickled record is hashed anew
    return {k: v for k, v in self.__dict__.items() if k != _HASHED}


_SPECIAL = ("ClassVar", "InitVar", "KW_ONLY")
"""Annotations only :func:`dataclasses.dataclass` reads right (it resolves them by name)."""


_PARAMS = dataclasses.dataclass(init=False, repr=False, eq=False)(
    type("_Params", (), {"__doc__": "."})).__dataclass_params__  # type: ignore[attr-defined]
"""The parameters dataclasses records for the way :func:`frozen` calls it (their fields
differ between Python versions, so they are taken from dataclasses itself)."""


def _plain(cls: type, annotations: dict[str, Any]) -> bool:
    """Whether the class's fields can be gathered without dataclasses: every annotation a
    string (``from __future__ import annotations``) naming none of :data:`_SPECIAL`, and
    no ``field()`` without an annotation (dataclasses refuses it, saying so)."""
    if not all(isinstance(a, str) and not any(w in a for w in _SPECIAL)
               for a in annotations.values()):
        return False
    return not any(isinstance(v, dataclasses.Field) and k not in annotations
                   for k, v in cls.__dict__.items())


def _gather(cls: type, annotations: dict[str, Any]) -> None:
    """What ``dataclasses.dataclass(init=False, repr=False, eq=False)`` does to a class
    whose annotations are :func:`_plain`: the fields, base classes' first, each a
    ``dataclasses.Field`` with its name, type and default; defaults left on the class
    as plain values; mutable defaults refused; ``__match_args__`` and the parameters
    ``dataclasses.fields`` and ``replace`` read."""
    gathered: dict[str, dataclasses.Field[Any]] = {}
    for base in cls.__mro__[-1:0:-1]:
        gathered.update(getattr(base, "__dataclass_fields__", {}))
    for name, kind in annotations.items():
        default = getattr(cls, name, dataclasses.MISSING)
        if isinstance(default, dataclasses.Field):
            f = default
            if f.default is dataclasses.MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        elif default is dataclasses.MISSING or isinstance(default, types.MemberDescriptorType):
            f = dataclasses.field()  # no default (a slot's descriptor is none either)
        else:
            f = dataclasses.field(default=default)
        f.name, f.type = name, kind
        f._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
        if f.kw_only is dataclasses.MISSING:
            f.kw_only = False
        if f.default.__class__.__hash__ is None:  # unhashable stands for mutable, as there
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not "
                             "allowed: use default_factory")
        gathered[name] = f
    cls.__dataclass_params__ = _PARAMS  # type: ignore[attr-defined]
    cls.__dataclass_fields__ = gathered  # type: ignore[attr-defined]
    if "__match_args__" not in cls.__dict__:
        # a base's ClassVar is listed among its fields, and never matched on
        cls.__match_args__ = tuple(  # type: ignore[attr-defined,misc]
            f.name for f in gathered.values() if f.init and not f.kw_only
            and f._field_type is not dataclasses._FIELD_CLASSVAR)  # type: ignore[attr-defined]
    abc.update_abstractmethods(cls)


@functools.cache
def _template(count: int, factories: frozenset[int], post_init: bool) -> types.CodeType:
    """The code of an ``__init__`` of `count` fields named _0, _1, …: each stored in the
    instance's ``__dict__`` under its name; those at `factories` made by their factory
    when not given; ``__post_init__`` called last when asked for. Records of the same
    shape share it (a hundred records have about twenty shapes): compiling is most of the
    cost of making a record class."""
    params = [f"_{i}" for i in range(count)]
    body = ["  __d = self.__dict__"]
    for i, p in enumerate(params):
        if i in factories:
            body.append(f"  if {p} is __factory: {p} = __dflt_{i}()")
        body.append(f"  __d[{p!r}] = {p}")
    if post_init:
        body.append("  self.__post_init__()")
    made: dict[str, Any] = {}
    exec("\n".join([f"def __init__(self, {', '.join(params)}):", *body]), {}, made)
    code: types.CodeType = made["__init__"].__code__
    return code


def _init(cls: type, fields: list[dataclasses.Field[Any]]) -> Callable[..., None]:
    """The record's ``__init__``: its shape's code with the field names put in, the fields'
    defaults as its defaults (a factory's stands for "not given")."""
    defaults: list[Any] = []
    scope: dict[str, Any] = {"__builtins__": builtins, "__factory": _FACTORY}
    factories = set()
    for i, f in enumerate(fields):
        if not f.init:
            raise TypeError(f"{cls.__qualname__}.{f.name}: @frozen has no fields outside __init__")
        if f.default is not dataclasses.MISSING:
            defaults.append(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"__dflt_{i}"] = f.default_factory
            factories.add(i)
            defaults.append(_FACTORY)
        elif defaults:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
    names = [f.name for f in fields]
    template = _template(len(fields), frozenset(factories), hasattr(cls, "__post_init__"))
    placeholder = {f"_{i}": name for i, name in enumerate(names)}
    code = template.replace(
        co_varnames=("self", *names, "__d"),
        co_consts=tuple(placeholder.get(c, c) if isinstance(c, str) else c
                        for c in template.co_consts))
    if sys.version_info >= (3, 11):
        code = code.replace(co_qualname=f"{cls.__qualname__}.__init__")
    init = types.FunctionType(code, scope, "__init__", tuple(defaults) or None)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: T) -> T:
    """The class as a frozen dataclass (see the module's docstring)."""
    # the class's own annotations as written (a dict only where they are evaluated eagerly)
    written = cls.__dict__.get("__annotations__")  # noqa: RUF063
    if isinstance(written, dict) and _plain(cls, written):
        _gather(cls, written)
    else:
        dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # the same class, fields added
    fields = [f for f in dataclasses.fields(cls) if f._field_type is dataclasses._FIELD]  # type: ignore[attr-defined]
    made: dict[str, Any] = {"__init__": _init(cls, fields)}
    # repr, eq and hash are shared functions reading the class's field names: compiling
    # them per class cost three times what __init__ does
    made.update(__repr__=_repr, __eq__=_eq, __hash__=_hash, __getstate__=_getstate)
    cls.__frozen_repr__ = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    cls.__frozen_eq__ = _values(  # type: ignore[attr-defined]
        tuple(f.name for f in fields if f.compare))
    cls.__frozen_hash__ = _values(  # type: ignore[attr-defined]
        tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    own = cls.__dict__
    # A method the class writes itself is kept, as dataclasses keep it; __hash__ is None
    # in a class that writes only __eq__, and a frozen dataclass then adds one.
    explicit_hash = own.get("__hash__", None) is not None
    for name, method in made.items():
        if name in own and not (name == "__hash__" and not explicit_hash):
            continue
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
