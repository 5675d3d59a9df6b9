"""Opening the template (or default theme) and reading its geometry; the deck-wide theme
parts. Part of the build stage; imports python-pptx."""

from __future__ import annotations

import functools
import io
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn

from . import ooxml
from .plan import DeckPlan
from .theme import LayoutInfo, choose_layouts, default_theme, template_bytes

EMU_PER_IN = 914400
EMU_PER_PT = 12700


@dataclass(frozen=True)
class Rect:
    """A box on the slide in EMU."""

    x: int
    y: int
    w: int
    h: int

    def inches(self) -> tuple[float, float]:
        """Width and height in inches."""
        return self.w / EMU_PER_IN, self.h / EMU_PER_IN


@dataclass(frozen=True)
class Geometry:
    """Slide size and the boxes content is laid out in."""

    width: int
    height: int
    title: Rect
    body: Rect
    layouts: dict[str, int]  # role → index in the first master's layouts
    # role → (master, layout index) of the best layout in any master; see slide_layout
    layout_refs: dict[str, tuple[int, int]] = field(default_factory=dict)


def open_base(plan: DeckPlan) -> Any:
    """The template (or default theme) as a presentation with its sample slides removed,
    its content master first."""
    path = plan.template or default_theme(plan.aspect)
    prs = Presentation(io.BytesIO(template_bytes(path)))
    masters = [m.part for m in prs.slide_masters]
    used = [masters.index(s.slide_layout.slide_master.part) for s in prs.slides]
    content = _content_master(prs, used)
    remove_sample_slides(prs)
    _master_first(prs, content)
    # the master of the first sample slide dresses the title roles
    title = used[0] if used else 0
    order = [content] + [i for i in range(len(masters)) if i != content]
    _PREFER[prs.part] = {"title": order.index(title), "content": 0}
    from_libreoffice = _made_by(prs, "LibreOffice")
    for master in prs.slide_masters:
        if from_libreoffice:
            for layout in master.slide_layouts:
                ooxml.inherit_master_geometry(layout.element, master.element,
                                              gap=int(0.3 * EMU_PER_IN))
        if ooxml.lift_list_styles(master.element):
            for layout in master.slide_layouts:
                ooxml.plain_subtitles(layout.element)
    _ensure_table_styles(prs)
    ooxml.fast_partnames(prs.part.package)
    return prs


def _made_by(prs: Any, app: str) -> bool:
    """Whether the extended properties name this application as the package's maker."""
    for part in prs.part.package.iter_parts():
        if part.content_type == _CT_APP:
            root = etree.fromstring(part.blob)
            return any((el.text or "").startswith(app) for el in root
                       if etree.QName(el).localname == "Application")
    return False


_TABLE_STYLES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
                 b'main" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>')


def _ensure_table_styles(prs: Any) -> None:
    """A table-styles part: without one LibreOffice draws tables without their built-in
    style (PowerPoint always writes it)."""
    if any(rel.reltype == RT.TABLE_STYLES for rel in prs.part.rels.values()):
        return
    part = Part(PackURI("/ppt/tableStyles.xml"), CT.PML_TABLE_STYLES, prs.part.package,
                _TABLE_STYLES)
    prs.part.relate_to(part, RT.TABLE_STYLES)


# What open_base learnt from the sample slides, for geometry (keyed by presentation part).
_PREFER: weakref.WeakKeyDictionary[Any, dict[str, int]] = weakref.WeakKeyDictionary()


def _content_master(prs: Any, used: list[int]) -> int:
    """The master of the first sample slide after the title slide that has a body."""
    slides = list(prs.slides)
    for slide, master in list(zip(slides, used))[1:] + list(zip(slides, used))[:1]:
        if {ph_type(ph) for ph in slide.slide_layout.placeholders} & {"body", "obj"}:
            return master
    return used[1] if len(used) > 1 else 0


def _master_first(prs: Any, index: int) -> None:
    if index:
        lst = prs.part._element.find(qn("p:sldMasterIdLst"))
        lst.insert(0, lst[index])


def remove_sample_slides(prs: Any) -> None:
    """Remove every slide, with whatever in the package points at one: custom shows, the
    slide range of the show settings, outline-view entries, links, sections, and the
    slide counts and titles of the extended properties. Parts only the slides used (notes,
    media, comments, tags) become unreachable and are not written."""
    prs_part = prs.part
    root = prs_part._element
    slides = {prs_part.related_part(s.rId) for s in prs.slides._sldIdLst}
    shows = root.find(qn("p:custShowLst"))  # custom shows list slides by relationship
    if shows is not None:
        ooxml.remove_element(shows)
    for sld in list(prs.slides._sldIdLst):
        sld.getparent().remove(sld)
    for ext in root.findall(f"{qn('p:extLst')}/{qn('p:ext')}"):
        if ext.get("uri") == ooxml.SECTION_EXT_URI:
            ooxml.remove_element(ext)
    for part in list(prs_part.package.iter_parts()):
        gone = [rid for rid, rel in part.rels.items()
                if not rel.is_external and rel.target_part in slides]
        if gone and part not in slides:
            _edit_xml(part, functools.partial(ooxml.drop_rid_refs, rids=gone))
            for rid in gone:
                part.rels.pop(rid)
    for part in prs_part.package.iter_parts():
        if part.partname == "/ppt/presProps.xml" or part.content_type == _CT_PRES_PROPS:
            _edit_xml(part, ooxml.show_all_slides)
        elif part.content_type == _CT_APP:
            _edit_xml(part, ooxml.forget_slide_counts)


_CT_PRES_PROPS = "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml"
_CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"


def _edit_xml(part: Any, edit: Callable[[Any], None]) -> None:
    """Edit a part's XML in place, whether python-pptx holds it parsed or as bytes."""
    if isinstance(part, XmlPart):
        edit(part._element)
        return
    root = etree.fromstring(part.blob)
    edit(root)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def all_layouts(prs: Any) -> list[tuple[int, Any]]:
    """Every layout of every master, as (master index, layout), masters in order."""
    return [(m, layout) for m, master in enumerate(prs.slide_masters)
            for layout in master.slide_layouts]


def _layout_infos(prs: Any) -> list[LayoutInfo]:
    out = []
    for i, (m, layout) in enumerate(all_layouts(prs)):
        phs = tuple(ph_type(ph) for ph in layout.placeholders)
        out.append(LayoutInfo(i, layout.name or "", layout.element.get("type"), phs, m))
    return out


def ph_type(ph: Any) -> str:
    """A placeholder's type (title, body, ctrTitle, …); obj when unstated."""
    el = ph.element.find(f".//{qn('p:ph')}")
    return (el.get("type") if el is not None else None) or "obj"


def _rect(shape: Any) -> Rect:
    return Rect(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0),
                int(shape.height or 0))


def geometry(prs: Any) -> Geometry:
    """Slide size and content boxes, read from the layouts that serve each role."""
    width, height = int(prs.slide_width), int(prs.slide_height)
    infos = _layout_infos(prs)
    best = choose_layouts(infos, _PREFER.get(prs.part))
    first = choose_layouts([li for li in infos if li.master == 0])
    position = {li.index: (li.master, li.index - next(
        o.index for o in infos if o.master == li.master)) for li in infos}
    refs = {role: position[i] for role, i in best.items()}
    m, i = refs["content"]
    content = prs.slide_masters[m].slide_layouts[i]
    title = body = None
    for ph in content.placeholders:
        t = ph_type(ph)
        if t in ("title", "ctrTitle") and title is None:
            title = _rect(ph)
        elif t in ("body", "obj") and body is None:
            body = _rect(ph)
    margin = int(width * 0.05)
    if title is None or title.w == 0:
        title = Rect(margin, int(height * 0.05), width - 2 * margin, int(height * 0.13))
    if body is None or body.w == 0:
        top = title.y + title.h + int(height * 0.03)
        body = Rect(title.x, top, title.w, int(height * 0.92) - top)
    return Geometry(width, height, title, body, first, refs)


def slide_layout(prs: Any, geom: Geometry, role: str) -> Any:
    """The layout a slide of this role is made from, in whichever master holds it."""
    if role in geom.layout_refs:
        m, i = geom.layout_refs[role]
        return prs.slide_masters[m].slide_layouts[i]
    return prs.slide_layouts[geom.layouts[role]]


def theme_parts(prs: Any) -> list[Any]:
    """The theme part of every slide master, each once."""
    parts: list[Any] = []
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        if part not in parts:
            parts.append(part)
    return parts


def apply_theme(prs: Any, plan: DeckPlan) -> None:
    """The deck's typefaces (major and minor fonts) and, when the outline sets a palette or
    no template is used, its colours as accent1…accentN, in every master's theme."""
    palette = plan.palette if plan.template is None or plan.custom_palette else ()
    for part in theme_parts(prs):
        blob = ooxml.set_theme_fonts(part.blob, plan.latin_font, plan.east_asian_font)
        part._blob = ooxml.set_theme_accents(blob, palette) if palette else blob


def theme_palette(prs: Any) -> tuple[str, ...]:
    """accent1…accent6 of the content master's theme, as #RRGGBB."""
    return ooxml.theme_accents(theme_parts(prs)[0].blob)


def slide_size_ok(prs: Any, aspect: str) -> bool:
    """Whether the presentation's slide size matches the outline's aspect."""
    ratio = int(prs.slide_width) / int(prs.slide_height)
    return abs(ratio - (16 / 9 if aspect == "16:9" else 4 / 3)) < 0.02
