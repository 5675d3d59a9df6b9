"""The few raw-XML touches python-pptx lacks: East Asian fonts, notes master list,
sections, positive chart axis ids, footers, and part naming without rescans."""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn

from . import opc
from .primitives import Fonts
from .style import BULLET_FONT, SYMBOL_FONTS, symbol_twin
from .theme import MAIN_TYPES, PPTX_MAIN

NS_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTION_EXT_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_TEXT_RUNS = (qn("a:r"), qn("a:fld"))


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_RPR, _END_RPR, _SOLID_FILL, _SRGB, _LN = (
    _A + t for t in ("rPr", "endParaRPr", "solidFill", "srgbClr", "ln"))
# CT_TextCharacterProperties order: ln, fills, effects, highlight, uLnTx…, latin, ea, cs, sym,
# hlinkClick…; latin/ea/cs go after any fill/effect children.
_FONT_ORDER = tuple(_A + t for t in ("latin", "ea", "cs", "sym", "hlinkClick",
                                     "hlinkMouseOver", "rtl", "extLst"))
_LATER = {tag: frozenset(_FONT_ORDER[i + 1:]) for i, tag in enumerate(_FONT_ORDER)}
_LATIN, _EA = _FONT_ORDER[:2]


def _font_child(rpr: Any, tag: str, typeface: str) -> None:
    el = rpr.find(tag)
    if el is None:
        later = _LATER[tag]
        el = etree.SubElement(rpr, tag)
        for child in rpr:
            if child.tag in later:
                child.addprevious(el)
                break
    el.set("typeface", typeface)


def style_text(body: Any, *, latin: str, east_asian: str, lang: str,
               size_pt: float | None = None, bold: bool | None = None,
               color: str | None = None) -> None:
    """Set Latin and East Asian typefaces and language (and optionally size, bold and
    colour) on every run and end-of-paragraph mark below `body`."""
    attrs = {"lang": lang, "altLang": "en-US"}
    if size_pt is not None:
        attrs["sz"] = str(round(size_pt * 100))
    if bold is not None:
        attrs["b"] = "1" if bold else "0"
    rgb = color.lstrip("#").upper() if color is not None else None
    for run in body.iter(*_TEXT_RUNS):
        if run.find(_RPR) is None:
            run.insert(0, etree.Element(_RPR))
    for el in body.iter(_RPR, _END_RPR):
        _apply(el, attrs, rgb, latin, east_asian)


def _apply(rpr: Any, attrs: dict[str, str], rgb: str | None, latin: str,
           east_asian: str) -> None:
    for name, value in attrs.items():
        rpr.set(name, value)
    if rgb is not None:
        for old in rpr.findall(_SOLID_FILL):
            rpr.remove(old)
        fill = etree.Element(_SOLID_FILL)
        etree.SubElement(fill, _SRGB).set("val", rgb)
        ln = rpr.find(_LN)
        if ln is not None:
            ln.addnext(fill)
        else:
            rpr.insert(0, fill)
    _font_child(rpr, _LATIN, latin)
    _font_child(rpr, _EA, east_asian)


def set_theme_fonts(theme_blob: bytes, major: Fonts | None, minor: Fonts | None) -> bytes:
    """A theme part with its major (headings) and minor (body) typefaces set."""
    root = etree.fromstring(theme_blob)
    for group, fonts in (("a:majorFont", major), ("a:minorFont", minor)):
        if fonts is None:
            continue
        for font in root.iter(qn(group)):
            for tag, face in (("a:latin", fonts.latin), ("a:ea", fonts.east_asian)):
                el = font.find(qn(tag))
                if el is not None and face:
                    el.set("typeface", face)
            for script in font.findall(qn("a:font")):
                if script.get("script") == "Hans" and fonts.east_asian:
                    script.set("typeface", fonts.east_asian)  # what Office uses for zh-CN
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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


def positive_axis_ids(chart_space: Any) -> None:
    """Make c:axId values positive: python-pptx writes negative ones the schema forbids."""
    mapping: dict[str, str] = {}
    for el in chart_space.iter(qn("c:axId"), qn("c:crossAx")):
        val = el.get("val")
        if val and val.startswith("-"):
            new = mapping.setdefault(val, str(abs(int(val)) % 2_000_000_000 + 1))
            el.set("val", new)


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


VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_CANON_CT = {str(v).lower(): str(v) for v in vars(CT).values() if isinstance(v, str)} | {
    t.lower(): t for t in MAIN_TYPES}
_CANON_RT = {str(v).lower(): str(v) for v in vars(RT).values() if isinstance(v, str)}
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


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


def remove_element(el: Any) -> None:
    """Detach an element from its parent."""
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def slide_number_field(paragraph: Any) -> None:
    """Replace a paragraph's runs with a slide-number field."""
    for r in paragraph.findall(qn("a:r")) + paragraph.findall(qn("a:fld")):
        paragraph.remove(r)
    fld = etree.Element(qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                        type="slidenum")
    etree.SubElement(fld, qn("a:rPr"), lang="en-US")
    etree.SubElement(fld, qn("a:t")).text = "‹#›"
    end = paragraph.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(fld)
    else:
        paragraph.append(fld)


def chart_text_fonts(chart_space: Any, latin: str, east_asian: str, lang: str) -> None:
    """Latin and East Asian typefaces on every default text style of a chart."""
    for drpr in chart_space.iter(qn("a:defRPr")):
        drpr.set("lang", lang)
        _font_child(drpr, _LATIN, latin)
        _font_child(drpr, _EA, east_asian)


NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ACCENTS = tuple(f"accent{i}" for i in range(1, 7))


def drop_rid_refs(root: Any, rids: Iterable[str]) -> None:
    """Remove the elements that refer to these relationship ids (any r: attribute)."""
    gone = set(rids)
    doomed = [el for el in root.iter()
              if isinstance(el.tag, str)
              and any(k.startswith(f"{{{NS_R}}}") and v in gone for k, v in el.attrib.items())]
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


def set_theme_accents(theme_blob: bytes, colors: Iterable[str]) -> bytes:
    """A theme part whose accent1…accentN are these #RRGGBB colours (N ≤ 6)."""
    root = etree.fromstring(theme_blob)
    scheme = root.find(f".//{qn('a:clrScheme')}")
    if scheme is None:
        return theme_blob
    for tag, color in zip(_ACCENTS, colors):
        slot = scheme.find(qn(f"a:{tag}"))
        if slot is None:
            continue
        for old in list(slot):
            slot.remove(old)
        etree.SubElement(slot, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def theme_accents(theme_blob: bytes) -> tuple[str, ...]:
    """accent1…accent6 of a theme part as #RRGGBB (system colours by their last value)."""
    root = etree.fromstring(theme_blob)
    scheme = root.find(f".//{qn('a:clrScheme')}")
    out: list[str] = []
    for tag in _ACCENTS:
        slot = scheme.find(qn(f"a:{tag}")) if scheme is not None else None
        color = slot[0] if slot is not None and len(slot) else None
        val = None if color is None else color.get("val") if color.tag == qn("a:srgbClr") \
            else color.get("lastClr")
        if val:
            out.append("#" + val.upper())
    return tuple(out)


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


# -------------------------------------------------------------------- drawing the plan

_qn = functools.lru_cache(maxsize=None)(qn)  # python-pptx's qn builds its answer every call

_P_TAG, _R_TAG, _BR_TAG, _FLD_TAG = _qn("a:p"), _qn("a:r"), _qn("a:br"), _qn("a:fld")
_PPR_TAG, _T_TAG = _qn("a:pPr"), _qn("a:t")
_CTRL = re.compile(r"[\x00-\x08\x0B-\x1F]")
SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
DECORATIVE_EXT_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
NS_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_EMU = 12700


def _escape(text: str) -> str:
    # what python-pptx's run.text setter stores for control characters
    return _CTRL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


class TextWriter:
    """Writes plan paragraphs as DrawingML: each kind of paragraph (geometry, bullet,
    size, weight, colour, fonts) is built once and copied after that."""

    def __init__(self, language: str) -> None:
        self.lang = language
        self._parts: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def _key(self, p: Any, fonts: Fonts, inherits: frozenset[str]) -> tuple[Any, ...]:
        return (p.size, p.bold, p.color, p.level, p.align, p.margin_left, p.indent,
                p.space_before, p.line_spacing, p.bullet, p.rtl, p.lang, p.complex_font, fonts,
                inherits)

    def _parts_for(self, p: Any, fonts: Fonts, inherits: frozenset[str]) -> tuple[Any, Any]:
        key = self._key(p, fonts, inherits)
        found = self._parts.get(key)
        if found is None:
            found = self._parts[key] = (self._ppr(p, inherits), self._rpr(p, fonts, inherits))
        return found

    @staticmethod
    def _ppr(p: Any, inherits: frozenset[str]) -> Any:
        ppr = etree.Element(_PPR_TAG)
        if "geometry" not in inherits:
            ppr.set("marL", str(round(p.margin_left * _EMU)))
        if p.level:
            ppr.set("lvl", str(p.level))
        if "geometry" not in inherits:
            ppr.set("indent", str(round(p.indent * _EMU)))
        if "align" not in inherits or p.rtl:  # a right-to-left paragraph says its own
            ppr.set("algn", p.align)
        if p.rtl:
            ppr.set("rtl", "1")
        if "geometry" not in inherits:
            ln = etree.SubElement(ppr, _qn("a:lnSpc"))
            etree.SubElement(ln, _qn("a:spcPct")).set("val", str(round(p.line_spacing * 100000)))
            bef = etree.SubElement(ppr, _qn("a:spcBef"))
            etree.SubElement(bef, _qn("a:spcPts")).set("val", str(round(p.space_before * 100)))
            # layout measures no space after a paragraph; a master's own would push the
            # last lines out of the box
            aft = etree.SubElement(ppr, _qn("a:spcAft"))
            etree.SubElement(aft, _qn("a:spcPts")).set("val", "0")
        if "bullet" not in inherits and p.bullet is not None:
            clr = etree.SubElement(ppr, _qn("a:buClr"))
            etree.SubElement(clr, _qn("a:srgbClr")).set("val", p.bullet.color.lstrip("#").upper())
            etree.SubElement(ppr, _qn("a:buFont"), typeface=p.bullet.font)
            etree.SubElement(ppr, _qn("a:buChar"), char=p.bullet.char)
        return ppr

    def _rpr(self, p: Any, fonts: Fonts, inherits: frozenset[str]) -> Any:
        rpr = etree.Element(_RPR, lang=p.lang or self.lang, altLang="en-US",
                            sz=str(round(p.size * 100)))
        if "bold" not in inherits:
            rpr.set("b", "1" if p.bold else "0")
        if "color" not in inherits and p.color:
            fill = etree.SubElement(rpr, _SOLID_FILL)
            etree.SubElement(fill, _SRGB).set("val", p.color.lstrip("#").upper())
        etree.SubElement(rpr, _LATIN).set("typeface", fonts.latin)
        etree.SubElement(rpr, _EA).set("typeface", fonts.east_asian)
        if p.complex_font:
            etree.SubElement(rpr, _qn("a:cs")).set("typeface", p.complex_font)
        return rpr

    def paragraphs(self, body: Any, paras: Iterable[Any], fonts: Fonts,
                   inherits: frozenset[str]) -> None:
        """Replace a text body's paragraphs with these."""
        old = body.findall(_P_TAG)
        kept = old[0].find(_PPR_TAG) if old and "geometry" in inherits else None
        for el in old:
            body.remove(el)
        paras = list(paras)
        if not paras:  # a text body needs one paragraph, even an empty one
            etree.SubElement(body, _P_TAG)
        for p in paras:
            ppr, rpr = self._parts_for(p, fonts, inherits)
            para = etree.SubElement(body, _P_TAG)
            base = copy.deepcopy(kept) if kept is not None else copy.deepcopy(ppr)
            if kept is not None:
                for k, v in ppr.attrib.items():
                    base.set(k, v)
            if len(base) or base.attrib:
                para.append(base)
            if p.field == "slidenum":
                fld = etree.SubElement(para, _FLD_TAG, id=SLIDENUM_FIELD_ID, type="slidenum")
                fld.append(copy.deepcopy(rpr))
                etree.SubElement(fld, _T_TAG).text = p.text
                continue
            for k, line in enumerate(p.text.split("\n")):
                if k:
                    br = etree.SubElement(para, _BR_TAG)  # a break's size sets its line's height
                    br.append(copy.deepcopy(rpr))
                run = etree.SubElement(para, _R_TAG)
                run.append(copy.deepcopy(rpr))
                etree.SubElement(run, _T_TAG).text = _escape(line)

    def notes(self, body: Any, lines: list[str], size: float, fonts: Fonts) -> None:
        """Speaker notes: plain paragraphs at one size."""
        from .deckplan import Paragraph

        self.paragraphs(body, [Paragraph(line, size, (), "") for line in lines], fonts,
                        frozenset({"color", "bold", "align", "bullet"}))


def place(el: Any, emu: tuple[int, int, int, int]) -> None:
    """Position and size of a shape, written into its a:xfrm (made where missing)."""
    sp_pr = el.find(_qn("p:spPr"))
    if sp_pr is None:  # graphic frames keep theirs in p:xfrm
        xfrm = el.find(_qn("p:xfrm"))
        if xfrm is None:
            return
    else:
        xfrm = sp_pr.find(_qn("a:xfrm"))
        if xfrm is None:
            xfrm = etree.Element(_qn("a:xfrm"))
            sp_pr.insert(0, xfrm)  # xfrm comes first in spPr
    off, ext = xfrm.find(_qn("a:off")), xfrm.find(_qn("a:ext"))
    if off is None:
        off = etree.Element(_qn("a:off"))
        xfrm.insert(0, off)
    if ext is None:
        ext = etree.Element(_qn("a:ext"))
        off.addnext(ext)
    off.set("x", str(emu[0]))
    off.set("y", str(emu[1]))
    ext.set("cx", str(emu[2]))
    ext.set("cy", str(emu[3]))


_FILLS = tuple(_qn(f"a:{t}") for t in ("noFill", "solidFill", "gradFill", "blipFill",
                                       "pattFill", "grpFill"))


def solid_fill(el: Any, color: str, opacity: float = 1.0) -> None:
    """A shape's fill made one colour (any fill it had replaced), in its place in p:spPr:
    after the transform and geometry, before the outline."""
    sp_pr = el.find(_qn("p:spPr"))
    if sp_pr is None:
        return
    for old in [c for c in sp_pr if c.tag in _FILLS]:
        sp_pr.remove(old)
    fill = etree.Element(_qn("a:solidFill"))
    clr = etree.SubElement(fill, _qn("a:srgbClr"), val=color.lstrip("#").upper())
    if opacity < 1:
        etree.SubElement(clr, _qn("a:alpha"), val=str(round(opacity * 100000)))
    at = 0
    for i, child in enumerate(sp_pr):
        if child.tag in (_qn("a:xfrm"), _qn("a:custGeom"), _qn("a:prstGeom")):
            at = i + 1
    sp_pr.insert(at, fill)


_AUTOFIT = (_qn("a:noAutofit"), _qn("a:normAutofit"), _qn("a:spAutoFit"))


def frame(body: Any, insets: Any, anchor: str | None) -> None:
    """Word wrap on, autofit off and the plan's insets (and anchor) on a text body."""
    body_pr = body.find(_qn("a:bodyPr"))
    if body_pr is None:
        body_pr = etree.Element(_qn("a:bodyPr"))
        body.insert(0, body_pr)
    body_pr.set("wrap", "square")
    for attr, v in (("lIns", insets.left), ("tIns", insets.top), ("rIns", insets.right),
                    ("bIns", insets.bottom)):
        body_pr.set(attr, str(round(v * _EMU)))
    if anchor is not None:
        body_pr.set("anchor", anchor)
    for el in body_pr:
        if el.tag in _AUTOFIT:
            body_pr.remove(el)
    warp = body_pr.find(_qn("a:prstTxWarp"))
    no = etree.Element(_qn("a:noAutofit"))
    if warp is not None:
        warp.addnext(no)
    else:
        body_pr.insert(0, no)


def add_text_body(el: Any) -> Any:
    """A shape's text body, made when it has none."""
    body = etree.SubElement(el, _qn("p:txBody"))
    etree.SubElement(body, _qn("a:bodyPr"))
    etree.SubElement(body, _qn("a:lstStyle"))
    return body


def copy_layout_placeholder(tree: Any, layout_el: Any, kind: str) -> Any:
    """A copy of the layout's placeholder of this type (footer, slide number) on the slide;
    None when the layout has none."""
    for sp in layout_el.iter(_qn("p:sp")):
        ph = sp.find(f"{_qn('p:nvSpPr')}/{_qn('p:nvPr')}/{_qn('p:ph')}")
        if ph is not None and ph.get("type") == kind:
            el = copy.deepcopy(sp)
            tree.append(el)
            return el
    return None


def new_placeholder(tree: Any, kind: str) -> Any:
    """An empty placeholder shape of a type the slide's layout lacks (a title on a layout
    without one): it inherits from the master's placeholder of that type."""
    sp = etree.SubElement(tree, qn("p:sp"))
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    etree.SubElement(nv, qn("p:cNvPr"), id="0", name=kind)
    locks = etree.SubElement(nv, qn("p:cNvSpPr"))
    etree.SubElement(locks, qn("a:spLocks"), noGrp="1")
    etree.SubElement(etree.SubElement(nv, qn("p:nvPr")), qn("p:ph"), type=kind)
    etree.SubElement(sp, qn("p:spPr"))
    add_text_body(sp)
    return sp


def _cnvpr(el: Any) -> Any:
    nv = el[0] if len(el) else None
    return None if nv is None else nv.find(_qn("p:cNvPr"))


def set_name(el: Any, name: str, descr: str | None = None, decorative: bool = False) -> None:
    """A shape's name, its alternative text (none rather than a file name) and, for shapes
    a screen reader should skip, PowerPoint's decorative mark."""
    c = _cnvpr(el)
    if c is None:
        return
    c.set("name", name)
    if descr:
        c.set("descr", descr)
    elif "descr" in c.attrib:
        del c.attrib["descr"]
    if decorative:
        ext_lst = c.find(_qn("a:extLst"))
        if ext_lst is None:
            ext_lst = etree.SubElement(c, _qn("a:extLst"))
        ext = etree.SubElement(ext_lst, _qn("a:ext"), uri=DECORATIVE_EXT_URI)
        etree.SubElement(ext, f"{{{NS_ADEC}}}decorative", nsmap={"adec": NS_ADEC}, val="1")


def order_shapes(tree: Any, drawn: list[Any]) -> None:
    """The drawn shapes in this order at the end of the shape tree (reading order)."""
    for el in drawn:
        if el is not None and el.getparent() is tree:
            tree.remove(el)
            tree.append(el)


def renumber_shapes(tree: Any) -> None:
    """Unique shape ids after copying placeholders from the layout."""
    ids: set[int] = set()
    for el in tree.iter(_qn("p:cNvPr")):
        sid = int(el.get("id", "0"))
        if sid in ids or sid == 0:
            sid = max(ids | {1}) + 1
            el.set("id", str(sid))
        ids.add(sid)


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
