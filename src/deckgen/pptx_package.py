"""The deck's package, written without python-pptx (:mod:`deckgen.package`): slides added
from their layouts with their notes pages, pictures stored once, the notes master list
and PowerPoint sections in the presentation part, core and custom document properties.
The XML is what python-pptx 1.0 writes for the same calls, part names and relationship
ids included (tests hold it to python-pptx); where a template has no notes master, the
one added is python-pptx's default (its template files, MIT licence, shipped in
deckgen/themes as notes-master.xml and notes-theme.xml). Used by
:mod:`deckgen.pptx_build`."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from lxml import etree

from . import opc, slidexml
from .images import header
from .ns import NSMAP, qn
from .opctypes import (
    CT_CORE,
    CT_CUSTOM,
    CT_NOTES_MASTER,
    CT_NOTES_SLIDE,
    CT_SLIDE,
    CT_THEME,
    IMAGE_TYPES,
    RT_CORE,
    RT_CUSTOM,
    RT_IMAGE,
    RT_NOTES_MASTER,
    RT_NOTES_SLIDE,
    RT_OFFICE_DOCUMENT,
    RT_SLIDE,
    RT_SLIDE_LAYOUT,
    RT_SLIDE_MASTER,
    RT_THEME,
    SECTION_EXT_URI,
)
from .package import Package, Part, parse
from .template.files import THEME_DIR

NS_P14 = NSMAP["p14"]
MIN_SLIDE_ID = 256
_EXT = {"PNG": "png", "JPEG": "jpg"}
"""python-pptx's file extension for a picture part by Pillow's name of its format."""
_SLD_LST_AFTER = tuple(qn(t) for t in ("p:sldSz", "p:notesSz", "p:smartTags",
                                       "p:embeddedFontLst", "p:custShowLst", "p:photoAlbum",
                                       "p:custDataLst", "p:kinsoku", "p:defaultTextStyle",
                                       "p:modifyVerifier", "p:extLst"))


class Deck:
    """The presentation being written: slides added in order, each with its layout's
    placeholders and a notes page, and pictures stored once by content."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        prs = pkg.related(None, RT_OFFICE_DOCUMENT)
        if prs is None:
            raise ValueError("the template has no presentation part")
        self.prs = prs
        root = prs.element
        lst = root.find(qn("p:sldIdLst"))
        if lst is None:  # where python-pptx's get_or_add puts it
            lst = etree.Element(qn("p:sldIdLst"))
            later = next((el for el in root if el.tag in _SLD_LST_AFTER), None)
            if later is not None:
                later.addprevious(lst)
            else:
                root.append(lst)
        self.sld_lst = lst
        self._layouts: dict[str, list[Any]] = {}
        self._notes: Any = None
        self._notes_master: Part | None = None
        self._images: dict[str, Part] | None = None
        self._descs: dict[str, str] = {}
        self._sha1: dict[str, str] = {}  # part name → the hash it is stored under
        self._top: int | None = None

    def layout(self, master: int, index: int) -> Part:
        """The layout part at this place: the master's in the presentation's list, the
        layout's in the master's list (python-pptx's ``slide_masters[m].slide_layouts[i]``)."""
        ids = self.prs.element.find(qn("p:sldMasterIdLst"))
        master_part = self.pkg.target(self.prs, ids[master].get(qn("r:id")))
        layouts = master_part.element.find(qn("p:sldLayoutIdLst"))
        return self.pkg.target(master_part, layouts[index].get(qn("r:id")))

    def _slide_id(self) -> int:
        """The next slide id: one more than the largest (python-pptx's rule while ids stay
        below 2**31, two billion slides away)."""
        if self._top is None:
            used = [int(v) for s in self.sld_lst if (v := s.get("id", "")).isdigit()]
            self._top = max(used, default=MIN_SLIDE_ID - 1)
        self._top += 1
        return self._top

    def add_slide(self, layout: Part) -> tuple[Part, int]:
        """A new slide on this layout, listed last, with the layout's placeholders (but
        date, footer and slide number) cloned onto it; and its slide id."""
        part = self.pkg.add(Part(f"/ppt/slides/slide{len(self.sld_lst) + 1}.xml", CT_SLIDE,
                                 element=slidexml.new_slide()))
        part.add_rel(layout.name, RT_SLIDE_LAYOUT)
        rid = self.prs.add_rel(part.name, RT_SLIDE)
        tree = slidexml.shape_tree(part.element)
        proto = self._layouts.get(layout.name)
        if proto is None:
            before = len(tree)
            slidexml.clone_layout_placeholders(tree, layout.element)
            self._layouts[layout.name] = [copy.deepcopy(el) for el in tree[before:]]
        else:
            tree.extend(copy.deepcopy(el) for el in proto)
        sid = self._slide_id()
        etree.SubElement(self.sld_lst, qn("p:sldId"), id=str(sid)).set(qn("r:id"), rid)
        return part, sid

    def notes_master(self) -> Part:
        """The notes master: the template's, else python-pptx's default one with its theme,
        made on first use."""
        if self._notes_master is None:
            found = self.pkg.related(self.prs, RT_NOTES_MASTER)
            if found is None:
                found = self.pkg.add(Part("/ppt/notesMasters/notesMaster1.xml",
                                          CT_NOTES_MASTER, element=parse(
                                              (THEME_DIR / "notes-master.xml").read_bytes())))
                theme = self.pkg.add(Part(self.pkg.next_name("/ppt/theme/theme%d.xml"),
                                          CT_THEME, element=parse(
                                              (THEME_DIR / "notes-theme.xml").read_bytes())))
                found.relate(theme.name, RT_THEME)
                self.prs.relate(found.name, RT_NOTES_MASTER)
            self._notes_master = found
        return self._notes_master

    def notes_page(self, slide: Part) -> Part:
        """A new notes page for a slide, with the notes master's placeholders."""
        master = self.notes_master()
        name = self.pkg.next_name("/ppt/notesSlides/notesSlide%d.xml")
        if self._notes is None:
            element = slidexml.new_notes_slide(master.element)
            self._notes = copy.deepcopy(element)
        else:
            element = copy.deepcopy(self._notes)
        part = self.pkg.add(Part(name, CT_NOTES_SLIDE, element=element))
        part.relate(master.name, RT_NOTES_MASTER)
        part.relate(slide.name, RT_SLIDE)
        slide.relate(part.name, RT_NOTES_SLIDE)
        return part

    def picture(self, slide: Part, blob: bytes, filename: str | None = None
                ) -> tuple[str, str]:
        """The slide's relationship id of a picture with these bytes (PNG or JPEG), its
        part added when the package has none with the same content; and its description
        as python-pptx gives it: the file name it was first added from, else "image." and
        the part's extension."""
        if self._images is None:  # the template's own pictures, found once
            self._images = {}
            seen: set[str] = set()
            for rel in self.pkg.iter_rels():  # python-pptx's order: the last of equals wins
                target = self.pkg.parts.get(rel.target)
                if (rel.reltype == RT_IMAGE and not rel.external and target is not None
                        and target.name not in seen
                        and target.content_type in IMAGE_TYPES.values()):
                    seen.add(target.name)
                    digest = self._sha1[target.name] = hashlib.sha1(target.blob).hexdigest()
                    self._images[digest] = target
        digest = hashlib.sha1(blob).hexdigest()
        found = self._images.get(digest)
        if found is None:
            ext = _EXT[header(blob)[0]]
            found = self._images[digest] = self.pkg.add(Part(
                self.pkg.next_name(f"/ppt/media/image%d.{ext}"), IMAGE_TYPES[ext], blob))
            self._sha1[found.name] = digest
            if filename is not None:
                self._descs[found.name] = filename
        desc = self._descs.get(found.name) or f"image.{found.name.rsplit('.', 1)[-1]}"
        return slide.relate(found.name, RT_IMAGE), desc

    def master_of(self, layout: Part) -> Part:
        """A layout's slide master."""
        master = self.pkg.related(layout, RT_SLIDE_MASTER)
        if master is None:
            raise ValueError(f"the layout {layout.name} has no slide master")
        return master

    def picture_digests(self, slide: Part) -> list[str]:
        """A hash of each picture's bytes on a slide, in drawing order (for the manifest):
        the pictures python-pptx lists among the slide's shapes."""
        names = [slide.rels[rid].target
                 for rid in slidexml.picture_rids(slidexml.shape_tree(slide.element))]
        return [(self._sha1.get(n) or hashlib.sha1(self.pkg.parts[n].blob).hexdigest())[:16]
                for n in names]

    def list_notes_master(self) -> None:
        """Write p:notesMasterIdLst, which python-pptx omits and Keynote requires."""
        rid = next(r.rid for r in self.prs.rels.values() if r.reltype == RT_NOTES_MASTER)
        list_notes_master(self.prs.element, rid)

    def add_sections(self, sections: Iterable[tuple[str, list[int]]]) -> None:
        """PowerPoint sections naming groups of slides by their sldId."""
        add_sections(self.prs.element, sections)

    def theme_parts(self) -> list[Part]:
        """The theme part of every slide master, each once."""
        parts: list[Part] = []
        for sm in self.prs.element.find(qn("p:sldMasterIdLst")):
            theme = self.pkg.related(self.pkg.target(self.prs, sm.get(qn("r:id"))), RT_THEME)
            if theme is not None and theme not in parts:
                parts.append(theme)
        return parts

    def set_custom_properties(self, props: list[tuple[str, str]], drop_prefix: str) -> None:
        """Text custom document properties (docProps/custom.xml): the template's own kept,
        those starting with `drop_prefix` replaced by these."""
        part = next((self.pkg.parts[r.target] for r in self.pkg.rels.values()
                     if r.reltype.lower() == RT_CUSTOM.lower() and not r.external
                     and r.target in self.pkg.parts), None)
        blob = opc.custom_properties_xml(part.blob if part is not None else None, props,
                                         drop_prefix)
        if part is not None:
            part.blob = blob
            return
        self.pkg.add(Part("/docProps/custom.xml", CT_CUSTOM, blob))
        self.pkg.add_rel("/docProps/custom.xml", RT_CUSTOM)

    def core_properties(self) -> CoreProperties:
        """The document's core properties, python-pptx's default part made when the
        template has none."""
        part = self.pkg.related(None, RT_CORE)
        if part is None:
            part = self.pkg.add(Part("/docProps/core.xml", CT_CORE, element=parse(
                f'<cp:coreProperties xmlns:cp="{NSMAP["cp"]}" xmlns:dc="{NSMAP["dc"]}" '
                f'xmlns:dcterms="{NSMAP["dcterms"]}"/>\n'.encode())))
            self.pkg.add_rel(part.name, RT_CORE)
            props = CoreProperties(part.element)
            props.set("dc:title", "PowerPoint Presentation")
            props.set("cp:lastModifiedBy", "python-pptx")
            props.set("cp:revision", "1")
            props.set_time("dcterms:modified", dt.datetime.now(dt.timezone.utc))
        return CoreProperties(part.element)


def list_notes_master(prs_element: Any, rid: str) -> None:
    """The presentation's p:notesMasterIdLst naming the notes master's relationship."""
    lst = prs_element.find(qn("p:notesMasterIdLst"))
    if lst is None:
        lst = etree.Element(qn("p:notesMasterIdLst"))
        prs_element.find(qn("p:sldMasterIdLst")).addnext(lst)
    for old in list(lst):
        lst.remove(old)
    etree.SubElement(lst, qn("p:notesMasterId")).set(qn("r:id"), rid)


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
        g = hashlib.md5(name.encode() + str(ids).encode()).hexdigest().upper()
        sec = etree.SubElement(lst, f"{{{NS_P14}}}section", name=name,
                               id=f"{{{g[:8]}-{g[8:12]}-{g[12:16]}-{g[16:20]}-{g[20:32]}}}")
        sld_lst = etree.SubElement(sec, f"{{{NS_P14}}}sldIdLst")
        for sid in ids:
            etree.SubElement(sld_lst, f"{{{NS_P14}}}sldId", id=str(sid))


class CoreProperties:
    """docProps/core.xml's elements set as python-pptx sets them: an element missing is
    added at the end, its text at most 255 characters."""

    def __init__(self, root: Any) -> None:
        self.root = root

    def set(self, tag: str, value: str) -> None:
        value = str(value)
        if len(value) > 255:
            raise ValueError(f"a document property is longer than 255 characters: {value}")
        self._element(tag).text = value

    def set_time(self, tag: str, when: dt.datetime) -> None:
        el = self._element(tag)
        el.text = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        # python-pptx declares xsi on the root, not on the element
        self.root.set(qn("xsi:foo"), "bar")
        el.set(qn("xsi:type"), "dcterms:W3CDTF")
        del self.root.attrib[qn("xsi:foo")]

    def _element(self, tag: str) -> Any:
        el = self.root.find(qn(tag))
        if el is None:
            el = etree.SubElement(self.root, qn(tag))
        return el
