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


@dataclass(frozen=True)
class Manifest:
    """Every slide of a deck as deckgen built it."""

    outline: str  # the outline's file name, as given to build
    slides: tuple[SlideRecord, ...]
    version: int = VERSION


def _placed(deck: DeckPlan, shapes: Sequence[Any]) -> Iterator[Placed]:
    for shape in shapes:
        if isinstance(shape, TextBox) and shape.role not in FURNITURE:
            for p in shape.paragraphs:
                yield Placed(p.text, p.origin, shape.role, p.affixes)
        elif isinstance(shape, Table):
            for row in shape.cells:
                for cell in row:
                    p = cell.paragraph
                    yield Placed(p.text, p.origin, "cell", p.affixes)


def from_plan(deck: DeckPlan, slide_ids: Sequence[int], outline: str) -> Manifest:
    """The manifest of a deck drawn from this plan."""
    slides = []
    for sl, sid in zip(deck.slides, slide_ids):
        furniture = tuple(p.text for s in sl.shapes if isinstance(s, TextBox)
                          and s.role in FURNITURE for p in s.paragraphs)
        slides.append(SlideRecord(sl.number, sid, sl.kind, sl.spec.key, sl.spec.continued,
                                  tuple(_placed(deck, sl.shapes)), sl.notes.strip(),
                                  sl.spec.notes_key, sl.spec.notes_added.strip(), furniture))
    return Manifest(outline, tuple(slides))


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
                    "texts": [[t.text, _key(t.key), t.role, list(t.affixes)] for t in s.texts]}
                   for s in m.slides]}, ensure_ascii=False, separators=(",", ":"))


def _tuple_key(k: Any) -> Key | None:
    return None if k is None else tuple(k)


def from_json(text: str) -> Manifest | None:
    """A manifest read back; None when it is damaged or from another version."""
    try:
        d = json.loads(text)
        if d.get("version") != VERSION:
            return None
        return Manifest(d["outline"], tuple(SlideRecord(
            s["n"], s["id"], s["kind"], tuple(s["key"]), s["cont"],
            tuple(Placed(t[0], _tuple_key(t[1]), t[2], (t[3][0], t[3][1]))
                  for t in s["texts"]),
            s["notes"], _tuple_key(s["notes_key"]), s["added"], tuple(s["furniture"]))
            for s in d["slides"]))
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
