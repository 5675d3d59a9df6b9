"""The few raw-XML touches python-pptx lacks: East Asian fonts, notes master list,
sections, positive chart axis ids, footers, and part naming without rescans."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn

NS_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTION_EXT_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_TEXT_RUNS = (qn("a:r"), qn("a:fld"))


def _font_child(rpr: Any, tag: str, typeface: str) -> None:
    el = rpr.find(qn(tag))
    if el is None:
        el = etree.SubElement(rpr, qn(tag))
        # CT_TextCharacterProperties order: ln, fills, effects, highlight, uLnTx…, latin, ea,
        # cs, sym, hlinkClick…; latin/ea/cs go after any fill/effect children.
        order = ["a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver",
                 "a:rtl", "a:extLst"]
        mine = order.index(tag)
        for later in order[mine + 1:]:
            nxt = rpr.find(qn(later))
            if nxt is not None:
                nxt.addprevious(el)
                break
    el.set("typeface", typeface)


def style_text(body: Any, *, latin: str, east_asian: str, lang: str,
               size_pt: float | None = None, bold: bool | None = None,
               color: str | None = None) -> None:
    """Set Latin and East Asian typefaces and language (and optionally size, bold and
    colour) on every run and end-of-paragraph mark below `body`."""
    for el in body.iter(qn("a:rPr"), qn("a:endParaRPr")):
        _apply(el, latin, east_asian, lang, size_pt, bold, color)
    for run in body.iter(*_TEXT_RUNS):
        rpr = run.find(qn("a:rPr"))
        if rpr is None:
            rpr = etree.Element(qn("a:rPr"))
            run.insert(0, rpr)
            _apply(rpr, latin, east_asian, lang, size_pt, bold, color)


def _apply(rpr: Any, latin: str, east_asian: str, lang: str, size_pt: float | None,
           bold: bool | None, color: str | None) -> None:
    rpr.set("lang", lang)
    rpr.set("altLang", "en-US")
    if size_pt is not None:
        rpr.set("sz", str(round(size_pt * 100)))
    if bold is not None:
        rpr.set("b", "1" if bold else "0")
    if color is not None:
        for old in rpr.findall(qn("a:solidFill")):
            rpr.remove(old)
        fill = etree.Element(qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
        ln = rpr.find(qn("a:ln"))
        if ln is not None:
            ln.addnext(fill)
        else:
            rpr.insert(0, fill)
    _font_child(rpr, "a:latin", latin)
    _font_child(rpr, "a:ea", east_asian)


def set_theme_fonts(theme_blob: bytes, latin: str, east_asian: str) -> bytes:
    """A theme part with its major and minor fonts set to these typefaces."""
    root = etree.fromstring(theme_blob)
    for group in ("a:majorFont", "a:minorFont"):
        for font in root.iter(qn(group)):
            for tag, face in (("a:latin", latin), ("a:ea", east_asian)):
                el = font.find(qn(tag))
                if el is not None:
                    el.set("typeface", face)
            for script in font.findall(qn("a:font")):
                if script.get("script") == "Hans":  # what Office uses for zh-CN text
                    script.set("typeface", east_asian)
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
    """Name new parts from a counter: python-pptx rescans every part for each new one."""
    used: dict[str, set[str]] = {}

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        if prefix not in used:
            used[prefix] = {str(p.partname) for p in package.iter_parts()
                            if str(p.partname).startswith(prefix)}
        names = used[prefix]
        n = len(names) + 1
        while tmpl % n in names:
            n += 1
        names.add(tmpl % n)
        return PackURI(tmpl % n)

    package.next_partname = next_partname


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
        _font_child(drpr, "a:latin", latin)
        _font_child(drpr, "a:ea", east_asian)
