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
from dataclasses import dataclass
from typing import Any

from . import records as rc
from .deckplan import DeckPlan, Table, TextBox
from .source import Key

VERSION = 1
PREFIX = "deckgen-manifest-"
"""Custom properties holding the manifest: PREFIX + 000, 001, …, each at most CHUNK
characters, since Office keeps only 255 characters of a property through some saves."""
CHUNK = 240
FURNITURE = frozenset({"footer", "slide-number"})
"""Texts every viewer may redraw or drop (the layout's own footer and slide number)."""


@dataclass(frozen=True)
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
        return t[len(a):len(t) - len(b) if b else None] if t.startswith(a) and t.endswith(b) \
            else t


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


def _tuple_key(k: Any) -> Key | None:
    return None if k is None else tuple(k)


def from_json(text: str) -> Manifest | None:
    """A manifest read back; None when it is damaged or from another version."""
    try:
        d = json.loads(text)
        if d.get("version") != VERSION:
            return None
        looks = tuple(rc.look_from_json(k) for k in d.get("looks", []))
        return Manifest(d["outline"], tuple(SlideRecord(
            s["n"], s["id"], s["kind"], tuple(s["key"]), s["cont"],
            tuple(Placed(t[0], _tuple_key(t[1]), t[2], (t[3][0], t[3][1]))
                  for t in s["texts"]),
            s["notes"], _tuple_key(s["notes_key"]), s["added"], tuple(s["furniture"]),
            tuple(rc.chart_from_json(c) for c in s.get("charts", [])),
            tuple(rc.picture_from_json(p) for p in s.get("pics", [])),
            _looks(s, len(looks)))
            for s in d["slides"]), looks=looks)
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def properties(m: Manifest) -> list[tuple[str, str]]:
    """The custom properties that carry a manifest: compressed, base64, in chunks."""
    blob = base64.b64encode(zlib.compress(to_json(m).encode("utf-8"), 9)).decode("ascii")
    chunks = [blob[i:i + CHUNK] for i in range(0, len(blob), CHUNK)] or [""]
    return [(f"{PREFIX}{i:03d}", c) for i, c in enumerate(chunks)]


def from_properties(props: dict[str, str]) -> Manifest | None:
    """The manifest stored in a deck's custom properties, if any."""
    chunks = []
    for i in range(10_000):
        part = props.get(f"{PREFIX}{i:03d}")
        if part is None:
            break
        chunks.append(part)
    if not chunks:
        return None
    try:
        text = zlib.decompress(base64.b64decode("".join(chunks))).decode("utf-8")
    except (ValueError, zlib.error, UnicodeDecodeError):
        return None
    return from_json(text)
