"""A returned .pptx read for what pull and the build guard compare: the manifest it
carries and every slide's texts and notes, in show order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

from .. import opc
from ..frozen import frozen
from ..manifest import Manifest, ManifestError, from_properties
from ..safezip import DECK, Package, parse_xml
from ..source import display_name
from .deckparts import read_slide
from .deckxml import _A, _NS, _P, _para_text, _ph_type
from .shapes import DeckShape, read_shapes


@frozen
class DeckSlide:
    """One slide of a deck as it is now: its id, paragraphs in shape order and notes."""

    slide_id: int
    texts: tuple[str, ...]
    notes: str
    furniture: tuple[str, ...] = ()
    parts: Any = None  # deckparts.SlideParts: charts, pictures, footers, formatting
    shapes: tuple[DeckShape, ...] = ()  # the same texts by shape, with levels (pull.shapes)


@frozen
class DeckTexts:
    """A .pptx read for its texts: the manifest it carries and every slide's texts."""

    manifest: Manifest | None
    slides: tuple[DeckSlide, ...] = field(default=())
    digest: str = ""  # SHA-256 of every part (see content_digest)
    manifest_problem: str = ""  # why a manifest that is there cannot be used


_FURNITURE_PH = {"ftr", "sldNum", "dt"}


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


def _rels(z: Any, part: str) -> dict[str, str]:
    return opc.targets(z, part)


def custom_properties(z: Any) -> dict[str, str]:
    """The deck's custom document properties (text ones); `z` a safezip.Package or a
    zipfile.ZipFile."""
    part = opc.target_of_kind(z, "", "custom-properties")
    if part is None:
        return {}
    try:
        root = parse_xml(z.read(part))
    except (KeyError, SyntaxError):  # lxml's XMLSyntaxError is a SyntaxError
        return {}
    out = {}
    for prop in root:
        name = prop.get("name")
        value = next(iter(prop), None)
        if name and value is not None:
            out[name] = value.text or ""
    return out


def content_digest(pkg: Package) -> str:
    """SHA-256 of every part's name and bytes: the deck's content, whatever zip holds it."""
    h = hashlib.sha256()
    for name in sorted(pkg.names):
        h.update(name.encode("utf-8") + b"\0" + pkg.digest(name))
    return h.hexdigest()


def open_deck(source: Path | bytes) -> Package:
    """A deck opened for bounded reading (see safezip): from a file, or bytes in memory.
    PackageProblem when it is not a regular file or is too large; zipfile.BadZipFile when
    it is not a zip package."""
    if isinstance(source, Path):
        return Package.open(source, DECK, display_name(source))
    return Package(source, DECK, "the deck")


def read_deck(source: Path | bytes | Package) -> DeckTexts:
    """The manifest and the current texts of a .pptx, slide by slide in show order; from a
    file (read bounded, see safezip), bytes or an open package."""
    if not isinstance(source, Package):
        with open_deck(source) as pkg:
            return read_deck(pkg)
    z = source
    try:
        manifest, problem = from_properties(custom_properties(z)), ""
    except ManifestError as exc:
        manifest, problem = None, str(exc)
    digest = content_digest(z)
    pres = opc.target_of_kind(z, "", "officedocument")
    if pres is None:
        return DeckTexts(manifest, digest=digest, manifest_problem=problem)
    rels = opc.targets(z, pres)
    root = parse_xml(z.read(pres))
    slides = []
    for sld in root.iterfind(f"{_P}sldIdLst/{_P}sldId"):
        part = rels.get(sld.get(f"{{{_NS['r']}}}id") or "")
        if part is None:
            continue
        sroot = parse_xml(z.read(part))
        tree = sroot.find(f"{_P}cSld/{_P}spTree")
        pairs = list(_shape_texts(tree)) if tree is not None else []
        notes = ""
        npart = opc.target_of_kind(z, part, "notesslide")
        if npart is not None:
            nroot = parse_xml(z.read(npart))
            for sp in nroot.iter(_P + "sp"):
                if _ph_type(sp) == "body":
                    body = sp.find(_P + "txBody")
                    notes = ("\n".join(_para_text(p) for p in body.iter(_A + "p"))
                        if body is not None else "")
                    break
        srels = opc.targets(z, part)
        shapes = read_shapes(tree, srels.get) if tree is not None else ()
        slides.append(DeckSlide(_slide_id(sld), tuple(t for t, f in pairs if not f),
                                notes.strip(), tuple(t for t, f in pairs if f),
                                read_slide(z, part, sroot), shapes=shapes))
    return DeckTexts(manifest, tuple(slides), digest, problem)


def _slide_id(sld: Any) -> int:
    raw = sld.get("id", "0")
    return int(raw) if raw.isdigit() and len(raw) <= 10 else 0
