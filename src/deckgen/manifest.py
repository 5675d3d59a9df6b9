"""What a build wrote where: for every slide, each text it placed, the outline key it came
from and the text as built. Stored in the deck's custom document properties (which
PowerPoint, WPS and LibreOffice keep), read back to tell an edited deck from an untouched
one and, by `deckgen pull`, to merge a co-presenter's edits into the outline.

Deck texts are matched by content and order, never by shape names: LibreOffice renames
every shape and rewrites part names when it saves, but keeps slide ids and custom
properties."""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from . import records as rc
from .deckplan import DeckPlan, Table, TextBox
from .frozen import frozen
from .source import Key

VERSION = 1
PREFIX = "deckgen-manifest-"
"""Custom properties holding the manifest: PREFIX + 000, 001, …, each at most CHUNK
characters, since Office keeps only 255 characters of a property through some saves."""
CHUNK = 240
FURNITURE = frozenset({"footer", "slide-number"})
"""Texts every viewer may redraw or drop (the layout's own footer and slide number)."""


@frozen
class Placed:
    """One paragraph deckgen wrote: its text as built and where it came from.

    ``key`` is the outline key (None: deckgen made the text up); the outline's value is
    the text without ``affixes`` (what deckgen put before and after it)."""

    text: str
    key: Key | None
    role: str
    affixes: tuple[str, str] = ("", "")

    @property
    def value(self) -> str:
        """The outline's value as built (the text without deckgen's affixes)."""
        a, b = self.affixes
        t = self.text
        return (t[len(a):len(t) - len(b) if b else None] if t.startswith(a) and t.endswith(b)
            else t)


@frozen
class SlideRecord:
    """One slide as built."""

    number: int
    slide_id: int
    kind: str
    key: Key
    continued: int
    texts: tuple[Placed, ...]
    notes: str
    notes_key: Key | None
    notes_added: str = ""
    furniture: tuple[str, ...] = ()
    charts: tuple[rc.ChartRecord, ...] = ()  # native charts' data
    pictures: tuple[rc.PictureRecord, ...] = ()
    looks: tuple[int, ...] = ()  # each text's look, a number in Manifest.looks


@frozen
class Manifest:
    """Every slide of a deck as deckgen built it."""

    outline: str  # the outline's file name, as given to build
    slides: tuple[SlideRecord, ...]
    version: int = VERSION
    looks: tuple[rc.Look, ...] = ()  # every distinct look of a paragraph


def _placed(deck: DeckPlan, shapes: Sequence[Any]) -> Iterator[tuple[Placed, rc.Look]]:
    for shape in shapes:
        if isinstance(shape, TextBox) and shape.role not in FURNITURE:
            for p in shape.paragraphs:
                yield Placed(p.text, p.origin, shape.role, p.affixes), rc.look_of(p, shape.fonts)
        elif isinstance(shape, Table):
            for row in shape.cells:
                for cell in row:
                    p = cell.paragraph
                    yield Placed(p.text, p.origin, "cell", p.affixes), rc.look_of(p, shape.fonts)


def from_plan(deck: DeckPlan, slide_ids: Sequence[int], outline: str,
              pictures: Sequence[Sequence[str]] = ()) -> Manifest:
    """The manifest of a deck drawn from this plan (`pictures`: the hash of each slide's
    pictures, in drawing order)."""
    slides = []
    looks: dict[rc.Look, int] = {}
    for i, (sl, sid) in enumerate(zip(deck.slides, slide_ids)):
        furniture = tuple(p.text for s in sl.shapes if isinstance(s, TextBox)
                          and s.role in FURNITURE for p in s.paragraphs)
        placed = list(_placed(deck, sl.shapes))
        charts, pics = rc.slide_parts(sl, pictures[i] if i < len(pictures) else ())
        slides.append(SlideRecord(sl.number, sid, sl.kind, sl.key, sl.continued,
                                  tuple(t for t, _ in placed), sl.notes.strip(),
                                  sl.notes_key, sl.notes_added.strip(), furniture,
                                  charts, pics,
                                  tuple(looks.setdefault(k, len(looks)) for _, k in placed)))
    return Manifest(outline, tuple(slides), looks=tuple(looks))


# -------------------------------------------------------------------- storing


def _key(k: Key | None) -> list[Any] | None:
    return None if k is None else list(k)


def to_json(m: Manifest) -> str:
    """The manifest as compact JSON."""
    return json.dumps({
        "version": m.version, "outline": m.outline,
        "slides": [{"n": s.number, "id": s.slide_id, "kind": s.kind, "key": list(s.key),
                    "cont": s.continued, "notes": s.notes, "notes_key": _key(s.notes_key),
                    "added": s.notes_added, "furniture": list(s.furniture),
                    "texts": [[t.text, _key(t.key), t.role, list(t.affixes)] for t in s.texts],
                    **_parts_json(s)}
                   for s in m.slides],
        "looks": [rc.look_json(k) for k in m.looks]},
        ensure_ascii=False, separators=(",", ":"))


def _parts_json(s: SlideRecord) -> dict[str, Any]:
    """A slide's charts, pictures and looks, each only when it has any."""
    out: dict[str, Any] = {}
    if s.charts:
        out["charts"] = [rc.chart_json(c) for c in s.charts]
    if s.pictures:
        out["pics"] = [rc.picture_json(p) for p in s.pictures]
    if s.looks:
        out["looks"] = list(s.looks)
    return out


def _looks(d: dict[str, Any], n: int) -> tuple[int, ...]:
    looks = d.get("looks", [])
    if not isinstance(looks, list) or any(isinstance(x, bool) or not isinstance(x, int)
                                          or not 0 <= x < n for x in looks):
        raise TypeError("looks: expected numbers of looks")
    return tuple(looks)


class ManifestError(ValueError):
    """A manifest that cannot be used (damaged, mistyped, from another version): one line."""


MAX_JSON = 32 * 2**20
"""The most a manifest may unpack to (a 2,000-slide deck's is about 4 MB)."""
MAX_SLIDES = 10_000
"""The most slides a manifest may list (a deck of more would pass no package limit)."""


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _typed(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> Any:
    """`value` when it is of `kind` (never a bool for int); else ManifestError."""
    if isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool):
        return value
    raise ManifestError(f"the deck's manifest is damaged: {where} should be {what}, not "
                        f"{_shown(value)}")


def _text(value: Any, where: str) -> str:
    return str(_typed(value, str, where, "text"))


def _int(value: Any, where: str) -> int:
    return int(_typed(value, int, where, "a whole number"))


def _list(value: Any, where: str) -> list[Any]:
    return list(_typed(value, list, where, "a list"))


def _field(d: dict[str, Any], name: str, where: str) -> Any:
    if name not in d:
        raise ManifestError(f"the deck's manifest is damaged: {where} has no `{name}`")
    return d[name]


def read_key(value: Any, where: str) -> Key:
    """An outline key from JSON: a list of names and list positions (whole numbers from 0)."""
    parts = _list(value, where)
    if len(parts) > 32:
        raise ManifestError(f"the deck's manifest is damaged: {where} is {len(parts)} levels "
                            "deep")
    out: list[str | int] = []
    for i, part in enumerate(parts):
        if isinstance(part, int) and not isinstance(part, bool):
            if part < 0:
                raise ManifestError(f"the deck's manifest is damaged: {where}[{i}] should be "
                                    f"a list position from 0, not {part}")
            out.append(part)
        else:
            out.append(_typed(part, str, f"{where}[{i}]", "a key name or a list position"))
    return tuple(out)


def _opt_key(value: Any, where: str) -> Key | None:
    return None if value is None else read_key(value, where)


def _placed_from(t: Any, where: str) -> Placed:
    t = _list(t, where)
    if len(t) != 4:
        raise ManifestError(f"the deck's manifest is damaged: {where} should hold 4 values, "
                            f"not {len(t)}")
    affixes = _list(t[3], f"{where}[3]")
    if len(affixes) != 2:
        raise ManifestError(f"the deck's manifest is damaged: {where}[3] should hold 2 texts")
    return Placed(_text(t[0], f"{where}[0]"), _opt_key(t[1], f"{where}[1]"),
                  _text(t[2], f"{where}[2]"),
                  (_text(affixes[0], f"{where}[3][0]"), _text(affixes[1], f"{where}[3][1]")))


def _record(read: Any, value: Any, where: str) -> Any:
    """A chart, picture or look record read by `read` (records.py), its TypeError or
    ValueError turned into one line naming the field."""
    try:
        return read(value)
    except (TypeError, ValueError) as exc:
        raise ManifestError(f"the deck's manifest is damaged: {where}: {exc}") from None


def _slide_from(s: Any, where: str, looks: int) -> SlideRecord:
    s = _typed(s, dict, where, "a slide record")
    texts = _list(_field(s, "texts", where), f"{where}.texts")
    charts = _list(s.get("charts", []), f"{where}.charts")
    pics = _list(s.get("pics", []), f"{where}.pics")
    return SlideRecord(
        _int(_field(s, "n", where), f"{where}.n"), _int(_field(s, "id", where), f"{where}.id"),
        _text(_field(s, "kind", where), f"{where}.kind"),
        read_key(_field(s, "key", where), f"{where}.key"),
        _int(_field(s, "cont", where), f"{where}.cont"),
        tuple(_placed_from(t, f"{where}.texts[{i}]") for i, t in enumerate(texts)),
        _text(_field(s, "notes", where), f"{where}.notes"),
        _opt_key(_field(s, "notes_key", where), f"{where}.notes_key"),
        _text(_field(s, "added", where), f"{where}.added"),
        tuple(_text(f, f"{where}.furniture[{i}]") for i, f in
              enumerate(_list(_field(s, "furniture", where), f"{where}.furniture"))),
        tuple(_record(rc.chart_from_json, c, f"{where}.charts[{i}]")
              for i, c in enumerate(charts)),
        tuple(_record(rc.picture_from_json, p, f"{where}.pics[{i}]")
              for i, p in enumerate(pics)),
        _record(lambda d: _looks(d, looks), s, f"{where}.looks"))


def from_json(text: str) -> Manifest:
    """A manifest read back, every field's type checked; ManifestError (one line naming the
    field) when it is damaged or from another version."""
    try:
        d = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ManifestError(f"the deck's manifest is damaged: not JSON ({exc})") from None
    d = _typed(d, dict, "the manifest", "a JSON object")
    version = d.get("version")
    if version != VERSION:
        raise ManifestError(f"the deck's manifest is version {_shown(version)}, written by "
                            f"another deckgen; this one reads version {VERSION}")
    slides = _list(_field(d, "slides", "the manifest"), "slides")
    if len(slides) > MAX_SLIDES:
        raise ManifestError(f"the deck's manifest is damaged: it lists {len(slides):,} slides; "
                            f"a deck holds at most {MAX_SLIDES:,}")
    looks = tuple(_record(rc.look_from_json, k, f"looks[{i}]")
                  for i, k in enumerate(_list(d.get("looks", []), "looks")))
    return Manifest(_text(_field(d, "outline", "the manifest"), "outline"),
                    tuple(_slide_from(s, f"slides[{i}]", len(looks))
                          for i, s in enumerate(slides)), looks=looks)


def pack(text: str, prefix: str) -> list[tuple[str, str]]:
    """Custom properties carrying a text: compressed, base64, in chunks of CHUNK."""
    blob = base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    chunks = [blob[i:i + CHUNK] for i in range(0, len(blob), CHUNK)] or [""]
    return [(f"{prefix}{i:03d}", c) for i, c in enumerate(chunks)]


def unpack(props: dict[str, str], prefix: str, cap: int = MAX_JSON) -> str | None:
    """The text `pack` stored under `prefix`, if any; ManifestError when it is damaged or
    would unpack to more than `cap` bytes."""
    chunks = []
    for i in range(10_000):
        part = props.get(f"{prefix}{i:03d}")
        if part is None:
            break
        chunks.append(part)
    if not chunks:
        return None
    try:
        z = zlib.decompressobj()
        raw = z.decompress(base64.b64decode("".join(chunks), validate=True), cap)
        if z.unconsumed_tail:
            raise ManifestError(f"the deck's {prefix}* properties unpack to more than "
                                f"{cap // 2**20} MB")
        return raw.decode("utf-8")
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        if isinstance(exc, ManifestError):
            raise
        raise ManifestError(f"the deck's {prefix}* properties are damaged ({exc})") from None


def properties(m: Manifest) -> list[tuple[str, str]]:
    """The custom properties that carry a manifest: compressed, base64, in chunks."""
    return pack(to_json(m), PREFIX)


def from_properties(props: dict[str, str]) -> Manifest | None:
    """The manifest stored in a deck's custom properties; None when there is none,
    ManifestError when it is damaged."""
    text = unpack(props, PREFIX)
    return None if text is None else from_json(text)
