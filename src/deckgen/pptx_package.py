"""The python-pptx package of the deck being written: what python-pptx lacks or does
slowly — part naming and slide adding without rescans, the notes master list and
PowerPoint sections in the presentation part, custom document
properties, finished parts frozen to bytes, and the package's zip entries serialised once.
Used by :mod:`deckgen.pptx_build` and the pipeline's writing step."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI

from . import opc
from .ns import NSMAP, qn
from .opctypes import SECTION_EXT_URI

NS_P14 = NSMAP["p14"]


def list_notes_master(prs_element: Any, rid: str) -> None:
    """Write p:notesMasterIdLst, which python-pptx omits and Keynote requires."""
    lst = prs_element.find(qn("p:notesMasterIdLst"))
    if lst is None:
        lst = etree.Element(qn("p:notesMasterIdLst"))
        prs_element.find(qn("p:sldMasterIdLst")).addnext(lst)
    for old in list(lst):
        lst.remove(old)
    etree.SubElement(lst, qn("p:notesMasterId")).set(qn("r:id"), rid)


def notes_master_rid(prs_part: Any) -> str:
    """The presentation part's relationship id of its notes master."""
    for rid, rel in prs_part.rels.items():
        if rel.reltype == RT.NOTES_MASTER:
            return str(rid)
    raise LookupError("no notes master")


def add_sections(prs_element: Any, sections: Iterable[tuple[str, list[int]]]) -> None:
    """PowerPoint sections (p14:sectionLst) naming groups of slides by their sldId."""
    ext_lst = prs_element.find(qn("p:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(prs_element, qn("p:extLst"))
    for ext in ext_lst.findall(qn("p:ext")):
        if ext.get("uri") == SECTION_EXT_URI:
            ext_lst.remove(ext)
    ext = etree.Element(qn("p:ext"), uri=SECTION_EXT_URI)
    ext_lst.insert(0, ext)
    lst = etree.SubElement(ext, f"{{{NS_P14}}}sectionLst", nsmap={"p14": NS_P14})
    for name, ids in sections:
        guid = hashlib.md5(name.encode() + str(ids).encode()).hexdigest().upper()
        sec = etree.SubElement(lst, f"{{{NS_P14}}}section", name=name,
                               id=f"{{{guid[:8]}-{guid[8:12]}-{guid[12:16]}-{guid[16:20]}-{guid[20:32]}}}")
        sld_lst = etree.SubElement(sec, f"{{{NS_P14}}}sldIdLst")
        for sid in ids:
            etree.SubElement(sld_lst, f"{{{NS_P14}}}sldId", id=str(sid))


def fast_partnames(package: Any) -> None:
    """Name new parts from counters: python-pptx rescans every part of the package for each
    new notes slide, chart, embedded workbook, image and media part."""
    used: dict[str, set[int]] = {}

    def next_index(prefix: str) -> int:
        taken = used.get(prefix)
        if taken is None:
            pattern = re.compile(re.escape(prefix) + r"(\d+)\.[^/]*$")
            taken = used[prefix] = {int(m.group(1)) for p in package.iter_parts()
                                    if (m := pattern.match(str(p.partname)))}
        n = len(taken) + 1
        while n in taken:
            n += 1
        taken.add(n)
        return n

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        return PackURI(tmpl % next_index(prefix))

    package.next_partname = next_partname
    package.next_image_partname = lambda ext: PackURI(
        f"/ppt/media/image{next_index('/ppt/media/image')}.{ext}")
    package.next_media_partname = lambda ext: PackURI(
        f"/ppt/media/media{next_index('/ppt/media/media')}.{ext}")


_PH_XPATH = etree.XPath("./*[1]/p:nvPr/p:ph", namespaces={
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main"})


def _placeholder_element(shape: Any) -> Any:
    found = _PH_XPATH(shape)
    return found[0] if found else None


def _compiled_placeholder_xpath() -> None:
    # python-pptx compiles this XPath on every call, and asks it of every shape each time
    # a slide's or layout's placeholders are listed: a fifth of the build. Same
    # expression, compiled once.
    from pptx.oxml.shapes.shared import BaseShapeElement

    current = vars(BaseShapeElement)["ph"]
    if current.fget is not _placeholder_element:
        BaseShapeElement.ph = property(  # type: ignore[method-assign,assignment]
            _placeholder_element, doc=current.__doc__)


def fast_presentation(prs: Any) -> None:
    """Make adding a slide cost the same at slide 1000 as at slide 1.

    python-pptx scans every slide (relationship, id, slide-id lookup) for each new one, and
    builds each slide's and notes page's placeholders shape by shape. These instance-level
    replacements give the same XML: placeholders are cloned once per layout (and once for
    the notes page) and copied after that; ids and relationship ids come from counters;
    image parts are found by hash in a dictionary; the placeholder XPath is compiled once."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.parts.image import Image, ImagePart
    from pptx.parts.slide import NotesSlidePart, SlidePart

    _compiled_placeholder_xpath()
    package = prs.part.package
    fast_partnames(package)
    prs_part = prs.part
    slides = prs.slides
    sld_lst = slides._sldIdLst
    layout_protos: dict[str, list[Any]] = {}
    notes: dict[str, Any] = {}
    next_id = [max([255, *(int(s.get("id")) for s in sld_lst)]) + 1]

    def add_notes_part(slide_part: Any) -> Any:
        if "proto" not in notes:
            part = NotesSlidePart.new(package, slide_part)
            notes["master"] = part.part_related_by(RT.NOTES_MASTER)
            notes["proto"] = copy.deepcopy(part._element)
        else:
            part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                                  CT.PML_NOTES_SLIDE, package, copy.deepcopy(notes["proto"]))
            part.relate_to(notes["master"], RT.NOTES_MASTER)
            part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        return part

    def add_slide(layout: Any) -> Any:
        if next_id[0] > 2147483647:  # python-pptx then reuses free ids below the maximum
            return type(slides).add_slide(slides, layout)
        slide_part = SlidePart.new(prs_part._next_slide_partname, package, layout.part)
        # A new part cannot already be related, so skip get_or_add's scan of every rel.
        rid = prs_part.rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        tree = slide.shapes._spTree
        key = str(layout.part.partname)
        if key not in layout_protos:
            before = len(tree)
            slide.shapes.clone_layout_placeholders(layout)
            layout_protos[key] = [copy.deepcopy(el) for el in tree[before:]]
        else:
            tree.extend(copy.deepcopy(el) for el in layout_protos[key])
        sld_lst._add_sldId(id=next_id[0], rId=rid)
        next_id[0] += 1
        slide_part._add_notes_slide_part = lambda: add_notes_part(slide_part)
        return slide

    def slide_id(slide_part: Any) -> int:
        # The slide asked about is nearly always the newest: look from the end.
        for sld in reversed(sld_lst):
            if prs_part.related_part(sld.rId) is slide_part:
                return int(sld.id)
        raise ValueError("matching slide_part not found")

    images: dict[str, Any] = {}

    def get_or_add_image_part(image_file: Any) -> Any:
        if "" not in images:  # the package's own images, found once
            images.update((p.sha1, p) for p in image_parts if hasattr(p, "sha1"))
            images[""] = None
        image = Image.from_file(image_file)
        part = images.get(image.sha1)
        if part is None:
            part = images[image.sha1] = ImagePart.new(package, image)
        return part

    image_parts = package._image_parts
    slides.add_slide = add_slide
    prs_part.slide_id = slide_id
    image_parts.get_or_add_image_part = get_or_add_image_part


def package_entries(prs: Any) -> list[tuple[str, bytes]]:
    """The presentation's zip entries (name, bytes) in python-pptx's order, serialised once
    and not yet zipped, so the deterministic package is compressed once, not twice."""
    from pptx.opc.serialized import PackageWriter

    entries: list[tuple[str, bytes]] = []

    class _Sink:
        @staticmethod
        def write(uri: PackURI, blob: bytes) -> None:
            entries.append((uri.membername, blob))

    package = prs.part.package
    writer = PackageWriter("", package._rels, tuple(package.iter_parts()))
    sink: Any = _Sink()
    writer._write_content_types_stream(sink)
    writer._write_pkg_rels(sink)
    writer._write_parts(sink)
    names = [name for name, _ in entries]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"two parts of the deck would share the name {twice[0]}")
    return entries


def set_custom_properties(package: Any, props: list[tuple[str, str]], drop_prefix: str) -> None:
    """Text custom document properties (docProps/custom.xml): the template's own kept,
    those starting with `drop_prefix` replaced by these."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.package import Part

    part = None
    for rel in package._rels.values():
        if rel.reltype.lower() == RT.CUSTOM_PROPERTIES.lower() and not rel.is_external:
            part = rel.target_part
            break
    blob = opc.custom_properties_xml(part.blob if part is not None else None, props,
                                     drop_prefix)
    if part is not None:
        part._blob = blob
        return
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, package, blob)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


_FROZEN: dict[type, type] = {}


def freeze(part: Any) -> None:
    """Serialise a finished XML part now and drop its tree: a 10,000-slide deck then holds
    the slides' bytes, not their lxml trees (about ten times larger)."""
    blob = part.blob
    cls = type(part)
    frozen = _FROZEN.get(cls)
    if frozen is None:
        frozen = _FROZEN[cls] = type(f"Frozen{cls.__name__}", (cls,), {
            "blob": property(lambda self: self._frozen_blob),
            "__doc__": f"A {cls.__name__} already serialised."})
    part.__class__ = frozen
    part._frozen_blob = blob
    part._element = None
    for cached in ("slide", "notes_slide"):  # python-pptx's proxies hold the tree too
        part.__dict__.pop(cached, None)
