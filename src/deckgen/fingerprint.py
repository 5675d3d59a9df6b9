"""What a build wrote, by content: a hash of each part, grouped by the slide that owns it
(its XML, its XML without texts, notes, charts and their numbers, pictures, other objects),
the design (masters, layouts, themes) and the deck's own parts. Written into the deck's
custom properties (so it travels with the deck) and the cache folder's stamp (so it
survives the properties being stripped); compared by the build guard."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from . import manifest as mf
from . import opc
from .frozen import frozen
from .safezip import parse_xml

VERSION = 1
PREFIX = "deckgen-parts-"
"""Custom properties carrying the record: PREFIX + 000, 001, … (see manifest.pack)."""
_DESIGN = {"slidemaster", "slidelayout", "notesmaster", "handoutmaster", "theme"}
_PICTURE = {"image", "media", "video", "audio", "hdphoto"}
_A_T = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
_C_V = "{http://schemas.openxmlformats.org/drawingml/2006/chart}v"


@frozen
class SlidePrint:
    """One slide's parts by content (16 hex digits of SHA-256 each; "" for none)."""

    slide: str  # the slide part
    form: str  # the slide part with its texts taken out: formatting, shapes, layout
    notes: str  # the notes part
    notes_form: str  # the notes part without its texts
    charts: str  # every chart part and what it holds (workbook, styles)
    chart_data: str  # the numbers and labels the charts hold
    pictures: tuple[str, ...]  # each picture, video or sound, in relationship order
    other: str  # anything else the slide owns: comments, embedded objects, diagrams


@frozen
class Print:
    """A deck's parts by content."""

    slides: tuple[tuple[int, SlidePrint], ...]  # (slide id, print) in show order
    design: str  # masters, layouts, themes and what they hold (their names ignored)
    document: tuple[tuple[str, str], ...]  # every other part by name

    def slide(self, slide_id: int) -> SlidePrint | None:
        """The print of the slide with this id."""
        return next((p for sid, p in self.slides if sid == slide_id), None)


def _h(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _combined(digests: Iterable[str]) -> str:
    return _h("\0".join(digests).encode("ascii")) if digests else ""


class _Reader:
    """A package's parts hashed once each."""

    def __init__(self, pkg: Any) -> None:
        self.pkg = pkg
        self._digests: dict[str, str] = {}

    def digest(self, name: str) -> str:
        if name not in self._digests:
            self._digests[name] = self.pkg.digest(name).hex()[:16]
        return self._digests[name]

    def has(self, name: str) -> bool:
        return name in self.pkg

    def owned(self, start: str, seen: set[str], skip: frozenset[str] = frozenset(
            {*_DESIGN, "slide", "notesslide"})) -> list[str]:
        """Every part reachable from `start` through relationships, `start` included, but
        none reached through a relationship of a kind in `skip` (by default the design,
        other slides and notes) and none in `seen` (which gains them)."""
        out = []
        todo = [start]
        while todo:
            part = todo.pop()
            if part in seen or not self.has(part):
                continue
            seen.add(part)
            out.append(part)
            todo += [t for _, typ, t in opc.relationships(self.pkg, part)
                     if opc.rel_kind(typ) not in skip]
        return out


def _without_texts(data: bytes) -> str:
    root = parse_xml(data)
    for t in root.iter(_A_T):
        t.text = None
    from lxml import etree

    return _h(etree.tostring(root))


def _number(text: str) -> str:
    """A cached chart value as a number where it is one: "6.0" and "6" are the same (each
    program writes its own)."""
    try:
        f = float(text)
    except ValueError:
        return text
    return repr(f) if math.isfinite(f) else text


def _chart_values(r: _Reader, parts: Sequence[str]) -> str:
    values = []
    for part in parts:
        if part.endswith(".xml"):
            try:
                root = parse_xml(r.pkg.read(part))
            except Exception:  # not XML: its bytes still count in `charts`
                continue
            values += [_number(v.text or "") for v in root.iter(_C_V)]
    return _h(json.dumps(values, ensure_ascii=False).encode("utf-8")) if values else ""


def _slide_print(r: _Reader, part: str, claimed: set[str]) -> SlidePrint:
    notes = notes_form = ""
    charts: list[str] = []
    pictures: list[str] = []
    other: list[str] = []
    claimed.add(part)
    for _, typ, target in opc.relationships(r.pkg, part):
        kind = opc.rel_kind(typ)
        if kind in _DESIGN or kind == "slide" or not r.has(target):
            continue
        if kind == "notesslide":
            notes, notes_form = r.digest(target), _without_texts(r.pkg.read(target))
            claimed.add(target)
        elif kind in _PICTURE:
            pictures.append(r.digest(target))
            claimed.add(target)
        elif kind == "chart":
            charts += [p for p in r.owned(target, set()) if p not in charts]
        else:
            other += [p for p in r.owned(target, set()) if p not in other]
    claimed.update(charts, other)
    data = r.pkg.read(part)
    return SlidePrint(r.digest(part), _without_texts(data), notes, notes_form,
                      _combined([r.digest(p) for p in charts]), _chart_values(r, charts),
                      tuple(pictures), _combined([r.digest(p) for p in other]))


def of_package(pkg: Any) -> Print:
    """The print of a package (a safezip.Package, or a build's parts in memory): every
    part except the relationships, the content types and the custom properties."""
    r = _Reader(pkg)
    pres = opc.target_of_kind(pkg, "", "officedocument")
    custom = opc.target_of_kind(pkg, "", "custom-properties")
    claimed: set[str] = {custom} if custom else set()
    slides: list[tuple[int, SlidePrint]] = []
    design: list[str] = []
    if pres is not None and r.has(pres):
        rels = opc.targets(pkg, pres)
        root = parse_xml(pkg.read(pres))
        ns_p = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
        ns_r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
        for sld in root.iterfind(f"{ns_p}sldIdLst/{ns_p}sldId"):
            part = rels.get(sld.get(f"{ns_r}id") or "")
            raw = sld.get("id", "0")
            if part is not None and r.has(part):
                slides.append((int(raw) if raw.isdigit() and len(raw) <= 10 else 0,
                               _slide_print(r, part, claimed)))
        seen: set[str] = set(claimed)
        for _, typ, target in opc.relationships(pkg, pres):
            if opc.rel_kind(typ) in _DESIGN:
                # a master, layout or theme and all it reaches (layouts, pictures)
                design += r.owned(target, seen, frozenset({"slide", "notesslide"}))
        claimed |= seen
    skip = claimed | set(design)
    document = tuple((n, _document_digest(r, n)) for n in sorted(pkg.names) if n not in skip
                     and not n.endswith(".rels") and n != "[Content_Types].xml")
    return Print(tuple(slides), _combined(sorted(r.digest(p) for p in design)), document)


_SAVE_STAMPS = {"lastModifiedBy", "revision", "modified", "TotalTime", "Application",
                "AppVersion", "Words", "Paragraphs", "Slides", "Notes", "HiddenSlides",
                "MMClips", "PresentationFormat", "HeadingPairs", "TitlesOfParts", "DocSecurity",
                "ScaleCrop", "LinksUpToDate", "SharedDoc", "HyperlinksChanged", "Characters",
                "CharactersWithSpaces", "Lines", "Pages"}
"""What every program rewrites in the document properties when it saves (who, when, how
often, counts): not a co-presenter's edit."""


def _document_digest(r: _Reader, name: str) -> str:
    """A deck-wide part by content: XML in canonical form (so `<a></a>` is `<a/>`), the
    document properties without what every save rewrites."""
    if not name.endswith(".xml"):
        return r.digest(name)
    from lxml import etree

    try:
        root = parse_xml(r.pkg.read(name))
    except Exception:  # not XML after all: its bytes
        return r.digest(name)
    if name.startswith("docProps/"):
        for el in list(root):
            if isinstance(el.tag, str) and etree.QName(el).localname in _SAVE_STAMPS:
                root.remove(el)
    return _h(etree.tostring(root, method="c14n"))


# -------------------------------------------------------------------- storing


def to_json(p: Print) -> str:
    """The print as compact JSON."""
    return json.dumps({
        "v": VERSION, "design": p.design, "doc": dict(p.document),
        "slides": [[sid, s.slide, s.form, s.notes, s.notes_form, s.charts, s.chart_data,
                    list(s.pictures), s.other] for sid, s in p.slides]},
        separators=(",", ":"))


def from_json(text: str) -> Print:
    """A print read back; ManifestError (one line) when it is damaged."""
    try:
        d = json.loads(text)
        if not isinstance(d, dict) or d.get("v") != VERSION:
            raise ValueError("another version")
        slides = []
        for row in d["slides"]:
            sid, *hashes, pictures, other = row
            if not (isinstance(sid, int) and len(hashes) == 6 and isinstance(pictures, list)
                    and all(isinstance(x, str) for x in [*hashes, *pictures, other])):
                raise ValueError(f"a slide's record is {str(row)[:40]}")
            a, b, c, d_, e, f = hashes
            slides.append((sid, SlidePrint(a, b, c, d_, e, f, tuple(pictures), other)))
        doc = d["doc"]
        if not isinstance(doc, dict) or not isinstance(d["design"], str) or not all(
                isinstance(v, str) for v in doc.values()):
            raise ValueError("the deck's parts are not hashes")
        return Print(tuple(slides), d["design"], tuple(sorted(doc.items())))
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise mf.ManifestError(f"the deck's record of its parts is damaged ({exc})") from None


def properties(p: Print) -> list[tuple[str, str]]:
    """The custom properties that carry a print."""
    return mf.pack(to_json(p), PREFIX)


def from_properties(props: dict[str, str]) -> Print | None:
    """The print stored in a deck's custom properties; None when there is none."""
    text = mf.unpack(props, PREFIX)
    return None if text is None else from_json(text)


class Entries:
    """A build's parts in memory, readable like a safezip.Package."""

    def __init__(self, entries: Sequence[tuple[str, bytes]]) -> None:
        self.parts = dict(entries)

    @property
    def names(self) -> list[str]:
        """Every part's name."""
        return list(self.parts)

    def __contains__(self, name: str) -> bool:
        return name in self.parts

    def read(self, name: str) -> bytes:
        """A part's bytes (KeyError when missing)."""
        return self.parts[name]

    def digest(self, name: str) -> bytes:
        """SHA-256 of a part's bytes."""
        return hashlib.sha256(self.parts[name]).digest()


def seal(entries: Sequence[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], Print]:
    """A build's parts with their print added to the custom properties, and the print."""
    parts = Entries(entries)
    p = of_package(parts)
    custom = opc.target_of_kind(parts, "", "custom-properties")
    if custom is None or custom not in parts:
        return list(entries), p
    blob = opc.custom_properties_xml(parts.read(custom), properties(p), PREFIX)
    return [(n, blob if n == custom else b) for n, b in entries], p
