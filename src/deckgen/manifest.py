"""What a build wrote where: for every slide, each text it placed, the outline key it came
from and the text as built. Stored in the deck's custom document properties (which
PowerPoint, WPS and LibreOffice keep), read back to tell an edited deck from an untouched
one and, by `deckgen pull`, to merge a co-presenter's edits into the outline.

Deck texts are matched by content and order, never by shape names: LibreOffice renames
every shape and rewrites part names when it saves, but keeps slide ids and custom
properties."""

from __future__ import annotations

import base64
import difflib
import io
import json
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
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
        slides.append(SlideRecord(sl.number, sid, sl.kind, sl.key, sl.continued,
                                  tuple(_placed(deck, sl.shapes)), sl.notes.strip(),
                                  sl.notes_key, sl.notes_added.strip(), furniture))
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


# -------------------------------------------------------------------- reading a deck


@dataclass(frozen=True)
class DeckSlide:
    """One slide of a deck as it is now: its id, paragraphs in shape order and notes."""

    slide_id: int
    texts: tuple[str, ...]
    notes: str
    furniture: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckTexts:
    """A .pptx read for its texts: the manifest it carries and every slide's texts."""

    manifest: Manifest | None
    slides: tuple[DeckSlide, ...] = field(default=())


_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
       "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
       "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}
_A, _P = f"{{{_NS['a']}}}", f"{{{_NS['p']}}}"
_FURNITURE_PH = {"ftr", "sldNum", "dt"}


def _para_text(p: Any) -> str:
    out = []
    for el in p:
        tag = el.tag
        if tag in (_A + "r", _A + "fld"):
            out.append("".join(t.text or "" for t in el.iter(_A + "t")))
        elif tag == _A + "br":
            out.append("\n")
    return "".join(out)


def _ph_type(sp: Any) -> str | None:
    ph = sp.find(f"./*/{_P}nvPr/{_P}ph")
    return None if ph is None else (ph.get("type") or "obj")


def _shape_texts(tree: Any) -> Iterator[tuple[str, bool]]:
    """(paragraph text, is furniture) for every paragraph of every shape, in tree order."""
    for el in tree:
        tag = el.tag
        if tag == _P + "grpSp":
            yield from _shape_texts(el)
        elif tag == _P + "sp":
            body = el.find(_P + "txBody")
            if body is None:
                continue
            furniture = _ph_type(el) in _FURNITURE_PH
            for p in body.iter(_A + "p"):
                yield _para_text(p), furniture
        elif tag == _P + "graphicFrame":
            for tc in el.iter(_A + "tc"):
                body = tc.find(_A + "txBody")
                if body is not None:
                    yield "\n".join(_para_text(p) for p in body.iter(_A + "p")), False


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    from lxml import etree

    folder, name = part.rsplit("/", 1)
    try:
        root = etree.fromstring(z.read(f"{folder}/_rels/{name}.rels"))
    except KeyError:
        return {}
    out = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id")] = _join(folder, target)
    return out


def _join(folder: str, target: str) -> str:
    import posixpath

    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _rel_of_type(z: zipfile.ZipFile, part: str, suffix: str) -> str | None:
    from lxml import etree

    folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
    rels = f"{folder}/_rels/{name}.rels" if folder else "_rels/.rels"
    try:
        root = etree.fromstring(z.read(rels))
    except KeyError:
        return None
    for rel in root:
        if rel.get("Type", "").lower().endswith(suffix) and rel.get("TargetMode") != "External":
            return _join(folder, rel.get("Target", ""))
    return None


def custom_properties(z: zipfile.ZipFile) -> dict[str, str]:
    """The deck's custom document properties (text ones)."""
    from lxml import etree

    part = _rel_of_type(z, "", "/custom-properties")
    if part is None:
        return {}
    try:
        root = etree.fromstring(z.read(part))
    except (KeyError, etree.XMLSyntaxError):
        return {}
    out = {}
    for prop in root:
        name = prop.get("name")
        value = next(iter(prop), None)
        if name and value is not None:
            out[name] = value.text or ""
    return out


def read_deck(data: bytes) -> DeckTexts:
    """The manifest and the current texts of a .pptx, slide by slide in show order."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        manifest = from_properties(custom_properties(z))
        pres = _rel_of_type(z, "", "/officedocument")
        if pres is None:
            return DeckTexts(manifest)
        rels = _rels(z, pres)
        root = etree.fromstring(z.read(pres))
        slides = []
        for sld in root.iterfind(f"{_P}sldIdLst/{_P}sldId"):
            part = rels.get(sld.get(f"{{{_NS['r']}}}id") or "")
            if part is None:
                continue
            sroot = etree.fromstring(z.read(part))
            tree = sroot.find(f"{_P}cSld/{_P}spTree")
            pairs = list(_shape_texts(tree)) if tree is not None else []
            notes = ""
            npart = _rel_of_type(z, part, "/notesslide")
            if npart is not None:
                nroot = etree.fromstring(z.read(npart))
                for sp in nroot.iter(_P + "sp"):
                    if _ph_type(sp) == "body":
                        body = sp.find(_P + "txBody")
                        notes = "\n".join(_para_text(p) for p in body.iter(_A + "p")) \
                            if body is not None else ""
                        break
            slides.append(DeckSlide(int(sld.get("id", "0")),
                                    tuple(t for t, f in pairs if not f),
                                    notes.strip(), tuple(t for t, f in pairs if f)))
        return DeckTexts(manifest, tuple(slides))


# -------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class TextChange:
    """One text that differs between the deck as built and as it is now."""

    built: Placed | None  # None: a paragraph added in the deck
    now: str | None  # None: the paragraph was deleted


@dataclass(frozen=True)
class SlideDiff:
    """How one slide of a deck differs from what deckgen built there."""

    record: SlideRecord | None  # None: a slide added by hand
    slide: DeckSlide | None  # None: a slide deleted by hand
    texts: tuple[TextChange, ...] = ()
    notes: str | None = None  # the new notes when they changed
    after: SlideRecord | None = None  # for an added slide: the built slide before it

    @property
    def number(self) -> int:
        """The slide's number as built (or its place in the deck, for an added one)."""
        return self.record.number if self.record is not None else 0


def _clean(texts: Sequence[str], furniture: Sequence[str]) -> list[str]:
    """The deck's paragraphs without empty ones and without the footer and slide number
    a viewer may have turned into plain text."""
    drop = {f.strip() for f in furniture if f.strip()}
    return [t for t in texts if t.strip() and t.strip() not in drop]


def text_changes(record: SlideRecord, slide: DeckSlide) -> list[TextChange]:
    """The paragraphs of a slide that changed, aligned by content and order."""
    built = [t for t in record.texts if t.text.strip()]
    now = _clean(slide.texts, (*record.furniture, *slide.furniture))
    a = [t.text.strip() for t in built]
    b = [t.strip() for t in now]
    out: list[TextChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            out.extend(TextChange(built[i], now[j]) for i, j in zip(range(i1, i2), range(j1, j2)))
            continue
        out.extend(TextChange(built[i], None) for i in range(i1, i2))
        out.extend(TextChange(None, now[j]) for j in range(j1, j2))
    return out


def _same_notes(built: str, now: str) -> bool:
    return " ".join(built.split()) == " ".join(now.split())


def _texts_of(r: SlideRecord) -> set[str]:
    return {t.text.strip() for t in r.texts if t.text.strip()} | {r.notes.strip()} - {""}


def _similar(r: SlideRecord, s: DeckSlide) -> float:
    """How much of a built slide is still on a deck slide: shared texts (and notes)."""
    a, b = _texts_of(r), ({t.strip() for t in s.texts if t.strip()} | {s.notes.strip()}) - {""}
    return len(a & b) / max(len(a), len(b), 1)


def pair_slides(records: Sequence[SlideRecord], slides: Sequence[DeckSlide]) -> tuple[
        list[tuple[SlideRecord, DeckSlide]], list[SlideRecord], list[DeckSlide]]:
    """Built slides paired with the deck's slides by content and order (slide ids and part
    names change when LibreOffice saves a deck whose slides were moved, added or deleted);
    the built slides no longer there, and the deck's slides added by hand."""
    if len(records) == len(slides) and all(
            _similar(r, s) > 0 for r, s in zip(records, slides)):
        return list(zip(records, slides)), [], []
    n, k = len(records), len(slides)
    # best alignment in order: a pair scores what the two share, plus a little so that an
    # edited slide between two kept ones pairs rather than counting as deleted and added
    score = [[0.0] * (k + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            sim = _similar(records[i], slides[j])
            score[i][j] = max(score[i + 1][j + 1] + sim + 0.01, score[i + 1][j],
                              score[i][j + 1])
    pairs, missing, extra = [], [], []
    i = j = 0
    while i < n and j < k:
        sim = _similar(records[i], slides[j])
        if abs(score[i][j] - (score[i + 1][j + 1] + sim + 0.01)) < 1e-9:
            pairs.append((records[i], slides[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            missing.append(records[i])
            i += 1
        else:
            extra.append(slides[j])
            j += 1
    missing += records[i:]
    extra += slides[j:]
    return pairs, missing, extra


def diff(deck: DeckTexts) -> list[SlideDiff]:
    """Every slide whose texts or notes differ from the manifest, slides added or deleted
    by hand included; empty for an untouched deck (or one without a manifest)."""
    m = deck.manifest
    if m is None:
        return []
    pairs, missing, extra = pair_slides(m.slides, deck.slides)
    out: list[SlideDiff] = []
    for record, slide in pairs:
        texts = text_changes(record, slide)
        notes = None if _same_notes(record.notes, slide.notes) else slide.notes
        if texts or notes is not None:
            out.append(SlideDiff(record, slide, tuple(texts), notes))
    out.extend(SlideDiff(r, None) for r in missing)
    paired = {id(s): r for r, s in pairs}
    added = {id(s) for s in extra}
    last: SlideRecord | None = None
    for s in deck.slides:  # each added slide, with the built slide it follows
        if id(s) in paired:
            last = paired[id(s)]
        elif id(s) in added:
            out.append(SlideDiff(None, s, after=last))
    return out


def describe(changes: Sequence[SlideDiff]) -> list[str]:
    """One line per changed slide, for messages."""
    lines = []
    for c in changes:
        if c.record is None:
            first = next((t for t in (c.slide.texts if c.slide else ()) if t.strip()), "")
            lines.append(f"a slide added by hand ('{first[:40]}')")
        elif c.slide is None:
            lines.append(f"slide {c.number} '{_title(c.record)}' was deleted")
        else:
            what = []
            if c.texts:
                what.append(f"{len(c.texts)} text{'s' if len(c.texts) != 1 else ''}")
            if c.notes is not None:
                what.append("notes")
            lines.append(f"slide {c.number} '{_title(c.record)}': {' and '.join(what)} edited")
    return lines


def _title(r: SlideRecord) -> str:
    first = next((t.text for t in r.texts if t.role == "title"), "")
    return first.split("\n")[0][:40]
