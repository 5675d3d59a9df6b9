"""A returned .pptx read for what pull and the build guard compare: the manifest it
carries and every slide's texts and notes, in show order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..manifest import Manifest, from_properties
from .shapes import DeckShape, read_shapes


@dataclass(frozen=True)
class DeckSlide:
    """One slide of a deck as it is now: its id, paragraphs in shape order and notes."""

    slide_id: int
    texts: tuple[str, ...]
    notes: str
    furniture: tuple[str, ...] = ()
    parts: Any = None  # deckparts.SlideParts: charts, pictures, footers, formatting
    shapes: tuple[DeckShape, ...] = ()  # the same texts by shape, with levels (pull.shapes)


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

    from .deckparts import read_slide

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
            srels = _rels(z, part)
            shapes = read_shapes(tree, srels.get) if tree is not None else ()
            slides.append(DeckSlide(int(sld.get("id", "0")),
                                    tuple(t for t, f in pairs if not f),
                                    notes.strip(), tuple(t for t, f in pairs if f),
                                    read_slide(z, part, sroot), shapes=shapes))
        return DeckTexts(manifest, tuple(slides))


