"""A template made ready to draw on: the sample slides removed with whatever pointed at
them, the content master put first, a table-styles part where it has none, any kind of
PowerPoint package read as a plain presentation, and what LibreOffice's .pptx export gets
wrong repaired (masters without text styles, layouts whose boxes do not match their
master's, literal date fields), and bullets drawn in a symbol font made the Unicode
characters they show. Part of opening a template (:mod:`deckgen.template.opening`):
:func:`prepare` runs every repair once, on the presentation python-pptx opened."""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart
from pptx.opc.packuri import PackURI

from ..frozen import frozen
from ..ns import NSMAP, qn, remove_element
from ..opctypes import (
    CT_APP,
    CT_PRES_PROPS,
    MAIN_TYPES,
    PPTX_MAIN,
    SECTION_EXT_URI,
    VBA_REL,
    VBA_TYPE,
)
from ..primitives import EMU_PER_IN
from ..style import BULLET_FONT, SYMBOL_FONTS, symbol_twin

LAYOUT_GAP = int(0.3 * EMU_PER_IN)
"""The gap between the two bodies LibreOffice's two-content layouts split the master's body
box into."""


@frozen
class Prepared:
    """What preparing a template found: which master each role group prefers (an index in
    the new master order) and whether LibreOffice made the file."""

    prefer: dict[str, int]
    made_by_libreoffice: bool


def prepare(prs: Any) -> Prepared:
    """Every repair, in place: sample slides out, the content master first, LibreOffice's
    quirks mended, symbol-font bullets made Unicode characters, a table-styles part. The
    master of the first sample slide dresses the title roles; the master of the first
    sample slide with a body the content roles."""
    masters = [m.part for m in prs.slide_masters]
    used = [masters.index(s.slide_layout.slide_master.part) for s in prs.slides]
    content = content_master(prs, used)
    remove_sample_slides(prs)
    master_first(prs, content)
    title = used[0] if used else 0
    order = [content] + [i for i in range(len(masters)) if i != content]
    prefer = {"title": order.index(title), "content": 0}
    from_libreoffice = made_by(prs, "LibreOffice")
    for master in prs.slide_masters:
        if from_libreoffice:
            date_fields(master.element)
            for layout in master.slide_layouts:
                inherit_master_geometry(layout.element, master.element, gap=LAYOUT_GAP)
        if lift_list_styles(master.element):
            for layout in master.slide_layouts:
                plain_subtitles(layout.element)
        for tree in (master.element, *(layout.element for layout in master.slide_layouts)):
            symbol_bullets(tree)
    ensure_table_styles(prs)
    return Prepared(prefer, from_libreoffice)


def made_by(prs: Any, app: str) -> bool:
    """Whether the extended properties name this application as the package's maker."""
    for part in prs.part.package.iter_parts():
        if part.content_type == CT_APP:
            root = etree.fromstring(part.blob)
            return any((el.text or "").startswith(app) for el in root
                       if etree.QName(el).localname == "Application")
    return False


_TABLE_STYLES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
                 b'main" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>')


def ensure_table_styles(prs: Any) -> None:
    """A table-styles part: without one LibreOffice draws tables without their built-in
    style (PowerPoint always writes it)."""
    if any(rel.reltype == RT.TABLE_STYLES for rel in prs.part.rels.values()):
        return
    part = Part(PackURI("/ppt/tableStyles.xml"), CT.PML_TABLE_STYLES, prs.part.package,
                _TABLE_STYLES)
    prs.part.relate_to(part, RT.TABLE_STYLES)


def ph_type(ph: Any) -> str:
    """A placeholder's type (title, body, ctrTitle, …); obj when unstated."""
    el = ph.element.find(f".//{qn('p:ph')}")
    return (el.get("type") if el is not None else None) or "obj"


def content_master(prs: Any, used: list[int]) -> int:
    """The master of the first sample slide after the title slide that has a body."""
    slides = list(prs.slides)
    for slide, master in list(zip(slides, used))[1:] + list(zip(slides, used))[:1]:
        if {ph_type(ph) for ph in slide.slide_layout.placeholders} & {"body", "obj"}:
            return master
    return used[1] if len(used) > 1 else 0


def master_first(prs: Any, index: int) -> None:
    """Put the master at this place in the presentation's list first."""
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
        remove_element(shows)
    for sld in list(prs.slides._sldIdLst):
        sld.getparent().remove(sld)
    for ext in root.findall(f"{qn('p:extLst')}/{qn('p:ext')}"):
        if ext.get("uri") == SECTION_EXT_URI:
            remove_element(ext)
    for part in list(prs_part.package.iter_parts()):
        gone = [rid for rid, rel in part.rels.items()
                if not rel.is_external and rel.target_part in slides]
        if gone and part not in slides:
            _edit_xml(part, functools.partial(drop_rid_refs, rids=gone))
            for rid in gone:
                part.rels.pop(rid)
    for part in prs_part.package.iter_parts():
        if part.partname == "/ppt/presProps.xml" or part.content_type == CT_PRES_PROPS:
            _edit_xml(part, show_all_slides)
        elif part.content_type == CT_APP:
            _edit_xml(part, forget_slide_counts)


def _edit_xml(part: Any, edit: Callable[[Any], None]) -> None:
    """Edit a part's XML in place, whether python-pptx holds it parsed or as bytes."""
    if isinstance(part, XmlPart):
        edit(part._element)
        return
    root = etree.fromstring(part.blob)
    edit(root)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


_NS_R = NSMAP["r"]


def drop_rid_refs(root: Any, rids: Iterable[str]) -> None:
    """Remove the elements that refer to these relationship ids (any r: attribute)."""
    gone = set(rids)
    doomed = [el for el in root.iter()
              if isinstance(el.tag, str)
              and any(k.startswith(f"{{{_NS_R}}}") and v in gone for k, v in el.attrib.items())]
    for el in doomed:
        remove_element(el)


def show_all_slides(pres_props: Any) -> None:
    """Slide-show settings that show every slide (not a slide range or a custom show)."""
    show = pres_props.find(qn("p:showPr"))
    if show is None:
        return
    picked = [el for el in show if el.tag in (qn("p:sldRg"), qn("p:custShow"))]
    if not picked:
        return
    picked[0].addprevious(etree.Element(qn("p:sldAll")))
    for el in picked:
        show.remove(el)


def forget_slide_counts(app_props: Any) -> None:
    """Extended properties without the slide counts and slide titles of another deck."""
    ns = app_props.nsmap.get(None, "")
    for name in ("Slides", "Notes", "HiddenSlides", "MMClips", "Words", "Paragraphs",
                 "HeadingPairs", "TitlesOfParts"):
        for el in app_props.findall(f"{{{ns}}}{name}"):
            app_props.remove(el)


# -------------------------------------------------------------------- any PowerPoint package


_CANON_CT = {str(v).lower(): str(v) for v in vars(CT).values() if isinstance(v, str)} | {
    t.lower(): t for t in MAIN_TYPES}


_CANON_RT = {str(v).lower(): str(v) for v in vars(RT).values() if isinstance(v, str)}


def presentation_package(raw: bytes) -> bytes:
    """Any PowerPoint package (presentation, template or show, with or without macros) as
    a plain presentation python-pptx opens: the main part's content type a presentation's,
    content and relationship types in their standard spelling (OPC compares them without
    regard to case; python-pptx does not, and would add a second core-properties part
    beside one it did not recognise), macros left out. The bytes unchanged when nothing
    needs it."""
    with zipfile.ZipFile(io.BytesIO(raw)) as zin:
        infos = zin.infolist()
        names = [i.filename for i in infos]
        edits: dict[str, bytes] = {}
        drop = {n for n in names if n.lower().endswith("vbaproject.bin")}
        drop |= {f"{n.rsplit('/', 1)[0]}/_rels/{n.rsplit('/', 1)[1]}.rels"
                 for n in drop if "/" in n}
        for name in names:
            if name in drop:
                continue
            if name == "[Content_Types].xml":
                fixed = _content_types(zin.read(name))
            elif name.lower().endswith(".rels"):
                fixed = _rels(zin.read(name))
            else:
                continue
            if fixed is not None:
                edits[name] = fixed
        if not edits and not (drop & set(names)):
            return raw
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in infos:
                if info.filename in drop:
                    continue
                zout.writestr(info, edits.get(info.filename) or zin.read(info.filename))
    return out.getvalue()


def _xml_bytes(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_types(blob: bytes) -> bytes | None:
    root = etree.fromstring(blob)
    changed = False
    for el in list(root):
        ct = el.get("ContentType") or ""
        if ct.lower() == VBA_TYPE.lower() or (el.get("PartName") or "").lower().endswith(
                "vbaproject.bin"):
            root.remove(el)
            changed = True
            continue
        want = _CANON_CT.get(ct.lower(), ct)
        if want in MAIN_TYPES:
            want = PPTX_MAIN
        if want != ct:
            el.set("ContentType", want)
            changed = True
    return _xml_bytes(root) if changed else None


def _rels(blob: bytes) -> bytes | None:
    root = etree.fromstring(blob)
    changed = False
    for el in list(root):
        kind = el.get("Type") or ""
        if kind.lower() == VBA_REL.lower():
            root.remove(el)
            changed = True
            continue
        want = _CANON_RT.get(kind.lower(), kind)
        if want != kind:
            el.set("Type", want)
            changed = True
    return _xml_bytes(root) if changed else None


# -------------------------------------------------------------------- LibreOffice's quirks


_RUN_LOOK = ("sz", "b", "i", "u", "cap", "spc")


def _empty_list_styles(tree: Any, types: tuple[str, ...]) -> list[tuple[Any, Any]]:
    """(txBody, empty a:lstStyle) of the placeholders of these types whose list style is
    empty, the a:lstStyle made where missing."""
    out = []
    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        body = sp.find(qn("p:txBody"))
        if ph is None or ph.get("type") not in types or body is None:
            continue
        lst = body.find(qn("a:lstStyle"))
        if lst is None:
            lst = etree.Element(qn("a:lstStyle"))
            body.find(qn("a:bodyPr")).addnext(lst)
        if not len(lst):
            out.append((body, lst))
    return out


def lift_list_styles(master: Any) -> bool:
    """Give a master without text styles (LibreOffice writes none) list styles on its title
    and body placeholders, from the look of their sample paragraphs: paragraph settings
    (bullets, indents) and the first run's size, weight and colour. Slide text set in the
    placeholders would otherwise lose them. Whether anything changed."""
    if master.find(qn("p:txStyles")) is not None:
        return False
    changed = False
    for body, lst in _empty_list_styles(master, ("title", "body")):
        levels: dict[int, Any] = {}
        for para in body.iterfind(qn("a:p")):
            ppr = para.find(qn("a:pPr"))
            lvl = int(ppr.get("lvl", "0")) if ppr is not None else 0
            levels.setdefault(lvl, para)
        for lvl in sorted(k for k in levels if k < 9):
            para = levels[lvl]
            src = para.find(qn("a:pPr"))
            el = etree.SubElement(lst, qn(f"a:lvl{lvl + 1}pPr"), {
                k: v for k, v in (src.attrib.items() if src is not None else ()) if k != "lvl"})
            for child in (src if src is not None else ()):
                if child.tag not in (qn("a:buSzPct"), qn("a:extLst")):  # 45000, not 45%
                    el.append(copy.deepcopy(child))
            run = para.find(f"{qn('a:r')}/{qn('a:rPr')}")
            if run is None:
                run = para.find(qn("a:endParaRPr"))
            if run is not None:
                look = etree.SubElement(el, qn("a:defRPr"), {
                    k: v for k, v in run.attrib.items() if k in _RUN_LOOK})
                fill = run.find(qn("a:solidFill"))
                if fill is not None:
                    look.append(copy.deepcopy(fill))
            changed = True
    return changed


def plain_subtitles(layout: Any) -> None:
    """Subtitle placeholders without bullets (they inherit the master's body list style)."""
    for _body, lst in _empty_list_styles(layout, ("subTitle",)):
        for lvl in range(1, 10):
            ppr = etree.SubElement(lst, qn(f"a:lvl{lvl}pPr"), marL="0", indent="0")
            etree.SubElement(ppr, qn("a:buNone"))


_FONT_ONLY = ("panose", "pitchFamily", "charset")


def symbol_bullets(tree: Any) -> int:
    """Bullets drawn in a symbol font (Wingdings, Symbol) as the Unicode characters they
    show, in a typeface of letters (:func:`deckgen.style.symbol_twin`): where a viewer
    finds another font under that name without those codes (Debian's fonts-urw-base35
    answers for Symbol), the bullet would vanish. A symbol font left without a code (the
    level inherits its character) becomes Arial too. How many bullets changed."""
    changed = 0
    fonts = (qn("a:buFont"), qn("a:buFontTx"))
    for bu in list(tree.iter(qn("a:buChar"))):
        font = bu.getprevious()  # the schema puts the bullet's font right before it
        if font is not None and font.tag not in fonts:
            font = None
        face = font.get("typeface") if font is not None and font.tag == fonts[0] else None
        twin = symbol_twin(bu.get("char") or "", face)
        if twin is None:
            continue
        bu.set("char", twin[0])
        if font is None or font.tag != fonts[0]:
            own = etree.Element(fonts[0])
            if font is None:
                bu.addprevious(own)
            else:
                font.getparent().replace(font, own)
            font = own
        _set_font(font, twin[1])
        changed += 1
    for font in list(tree.iter(fonts[0])):
        if (font.get("typeface") or "").strip().lower() in SYMBOL_FONTS:
            _set_font(font, BULLET_FONT)
            changed += 1
    return changed


def _set_font(font: Any, typeface: str) -> None:
    for name in _FONT_ONLY:
        font.attrib.pop(name, None)
    font.set("typeface", typeface)


def _ph_xfrm(sp: Any) -> tuple[str, Any] | None:
    ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    if ph is None:
        return None
    return ph.get("type") or "obj", sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")


def inherit_master_geometry(layout: Any, master: Any, gap: int) -> None:
    """Layout placeholders placed where the master's are, as LibreOffice places them (its
    .pptx export writes layouts it never reads, with boxes that do not match): a title and
    a single body inherit the master's boxes, two bodies split the master's body box."""
    boxes: dict[str, Any] = {}
    for sp in master.iter(qn("p:sp")):
        found = _ph_xfrm(sp)
        if found and found[1] is not None and found[0] in ("title", "body"):
            boxes.setdefault(found[0], found[1])
    phs = [(sp, *found) for sp in layout.iter(qn("p:sp")) if (found := _ph_xfrm(sp))]
    bodies = [(sp, x) for sp, t, x in phs if t in ("body", "obj", "subTitle")]
    for _sp, t, xfrm in phs:
        if t in ("title", "ctrTitle") and xfrm is not None and "title" in boxes:
            remove_element(xfrm)
    if len(bodies) == 1 and bodies[0][1] is not None and "body" in boxes:
        remove_element(bodies[0][1])
    elif len(bodies) == 2 and "body" in boxes and all(x is not None for _, x in bodies):
        off, ext = boxes["body"].find(qn("a:off")), boxes["body"].find(qn("a:ext"))
        x, y = int(off.get("x")), int(off.get("y"))
        w, h = int(ext.get("cx")), int(ext.get("cy"))
        half = (w - gap) // 2
        for i, (_, xfrm) in enumerate(sorted(bodies, key=lambda b: int(
                b[1].find(qn("a:off")).get("x")))):
            xfrm.find(qn("a:off")).set("x", str(x + i * (half + gap)))
            xfrm.find(qn("a:off")).set("y", str(y))
            xfrm.find(qn("a:ext")).set("cx", str(half))
            xfrm.find(qn("a:ext")).set("cy", str(h))


DATE_FIELD_ID = "{2E5B2A2C-2B63-4F5C-A0E1-0C4F5A9B2D11}"


def date_fields(tree: Any) -> int:
    """LibreOffice's date fields restored: its .pptx export writes a date field in a
    master's own text shape as the literal run "<date/time>", which every slide would
    then show. Returns how many were restored."""
    done = 0
    for run in list(tree.iter(qn("a:r"))):
        t = run.find(qn("a:t"))
        if t is None or (t.text or "").strip() != "<date/time>":
            continue
        fld = etree.Element(qn("a:fld"), id=DATE_FIELD_ID, type="datetime1")
        for child in list(run):
            fld.append(child)
        run.addprevious(fld)
        run.getparent().remove(run)
        done += 1
    return done
