"""Which outline keys hold a text of the outline model (titles, bullets, notes, cells,
labels, captions…), as opposed to settings and file paths (duration, language, theme,
csv, image paths): derived from the model's field types, so new text keys count at once.

Each key asked about is given a probe text in a copy of the outline's data, and the copy is
validated by the model: a key whose probe fails validation (a number, a language tag) or
lands in a field not typed as the model's text (`model.Text`, `model.Cell`: strings marked
`model.TEXT`) is not a text key."""

from __future__ import annotations

import copy
import datetime as dt
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import model
from ..source import Key

_PROBE = "deckgenprobe{:06d}x"


def _is_text_field(annotation: Any, metadata: list[Any]) -> bool:
    return annotation is str and any(m is model.TEXT for m in metadata)


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    while typing.get_origin(annotation) is typing.Annotated:
        metadata = [*metadata, *annotation.__metadata__]
        annotation = typing.get_args(annotation)[0]
    return annotation, metadata


def _walk(value: Any, annotation: Any, metadata: list[Any], found: dict[str, bool]) -> None:
    """Note for every probe in a validated value whether the field holding it is text
    (`found`: probe → text; a probe seen twice must be text both times)."""
    annotation, metadata = _unwrap(annotation, metadata)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            a, meta = _unwrap(arg, metadata)
            target = typing.get_origin(a) or a
            if isinstance(target, type) and isinstance(value, target):
                _walk(value, a, meta, found)
                return
        return
    if isinstance(value, str):
        if value.startswith("deckgenprobe"):
            found[value] = found.get(value, True) and _is_text_field(annotation, metadata)
        return
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            _walk(getattr(value, name), info.annotation, list(info.metadata), found)
        return
    if isinstance(value, tuple):
        each = [args[0]] * len(value) if len(args) == 2 and args[1] is Ellipsis else list(args)
        for item, ann in zip(value, each):
            _walk(item, ann, [], found)
    elif isinstance(value, dict) and len(args) == 2:
        for item in value.values():
            _walk(item, args[1], [], found)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool)


def _slot(data: Any, key: Key) -> tuple[Any, Any] | None:
    """The container holding `key`'s value and its index there, when the value is there."""
    for part in key[:-1]:
        try:
            data = data[part] if not isinstance(data, str) else None
        except (KeyError, IndexError, TypeError):
            return None
    last = key[-1] if key else None
    if ((key and isinstance(data, dict) and last in data) or
            (isinstance(data, list) and isinstance(last, int) and 0 <= last < len(data))):
        return data, last
    return None


class OutlineInvalid(Exception):
    """The outline fails the model for reasons other than the keys asked about."""


def not_text(data: Any, keys: Iterable[Key]) -> set[Key]:
    """Those of `keys` that do not hold a text of the outline model in `data` (the
    outline's plain data, included chapters in place). OutlineInvalid when the outline
    fails the model by itself."""
    keys = list(dict.fromkeys(keys))
    work = copy.deepcopy(data)
    bad: set[Key] = set()
    probes: dict[str, Key] = {}
    originals: dict[Key, tuple[Any, Any, Any]] = {}
    for i, key in enumerate(keys):
        slot = _slot(work, key)
        if slot is None or not _scalar(slot[0][slot[1]]):
            bad.add(key)
            continue
        marker = _PROBE.format(i)
        originals[key] = (slot[0], slot[1], slot[0][slot[1]])
        slot[0][slot[1]] = marker
        probes[marker] = key
    for _ in range(len(probes) + 1):
        try:
            outline = model.Outline.model_validate(work)
        except ValidationError as exc:
            failed = {probes[m] for m in probes
                      if any(_at_probe(err["loc"], probes[m]) for err in exc.errors())}
            if not failed:
                raise OutlineInvalid(str(exc.errors()[0].get("msg", ""))) from None
            for key in failed:
                container, index, value = originals[key]
                container[index] = value
                bad.add(key)
            probes = {m: k for m, k in probes.items() if k not in failed}
            continue
        found: dict[str, bool] = {}
        _walk(outline, model.Outline, [], found)
        return bad | {k for m, k in probes.items() if not found.get(m, False)}
    return bad | set(probes.values())


def _at_probe(loc: tuple[Any, ...], key: Key) -> bool:
    """Whether a validation error's location is at (or inside) the probed key."""
    parts = [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith(
        ("function-", "tagged-union"))))]
    return tuple(parts[:len(key)]) == tuple(key)
