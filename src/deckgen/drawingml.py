"""The DrawingML the .pptx renderer writes (:mod:`deckgen.pptx_build` and its native
charts are its only users): paragraphs and runs from the plan's paragraphs with their
fonts, sizes, colours and bullets; East Asian typefaces and language on text and charts;
positive chart axis ids; a shape's box, fill, text frame, name and alternative text;
placeholders copied from the layout or made new; shape order and ids. Raw XML stays here;
the renderer speaks in plan terms."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

from .ns import qn
from .primitives import EMU_PER_PT, Fonts

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


def chart_text_fonts(chart_space: Any, latin: str, east_asian: str, lang: str) -> None:
    """Latin and East Asian typefaces on every default text style of a chart."""
    for drpr in chart_space.iter(qn("a:defRPr")):
        drpr.set("lang", lang)
        _font_child(drpr, _LATIN, latin)
        _font_child(drpr, _EA, east_asian)


def positive_axis_ids(chart_space: Any) -> None:
    """Make c:axId values positive: python-pptx writes negative ones the schema forbids."""
    mapping: dict[str, str] = {}
    for el in chart_space.iter(qn("c:axId"), qn("c:crossAx")):
        val = el.get("val")
        if val and val.startswith("-"):
            new = mapping.setdefault(val, str(abs(int(val)) % 2_000_000_000 + 1))
            el.set("val", new)


# -------------------------------------------------------------------- drawing the plan

_P_TAG, _R_TAG, _BR_TAG, _FLD_TAG = qn("a:p"), qn("a:r"), qn("a:br"), qn("a:fld")
_PPR_TAG, _T_TAG = qn("a:pPr"), qn("a:t")
_CTRL = re.compile(r"[\x00-\x08\x0B-\x1F]")
SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
DECORATIVE_EXT_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
NS_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


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
            ppr.set("marL", str(round(p.margin_left * EMU_PER_PT)))
        if p.level:
            ppr.set("lvl", str(p.level))
        if "geometry" not in inherits:
            ppr.set("indent", str(round(p.indent * EMU_PER_PT)))
        if "align" not in inherits or p.rtl:  # a right-to-left paragraph says its own
            ppr.set("algn", p.align)
        if p.rtl:
            ppr.set("rtl", "1")
        if "geometry" not in inherits:
            ln = etree.SubElement(ppr, qn("a:lnSpc"))
            etree.SubElement(ln, qn("a:spcPct")).set("val", str(round(p.line_spacing * 100000)))
            bef = etree.SubElement(ppr, qn("a:spcBef"))
            etree.SubElement(bef, qn("a:spcPts")).set("val", str(round(p.space_before * 100)))
            # layout measures no space after a paragraph; a master's own would push the
            # last lines out of the box
            aft = etree.SubElement(ppr, qn("a:spcAft"))
            etree.SubElement(aft, qn("a:spcPts")).set("val", "0")
        if "bullet" not in inherits and p.bullet is not None:
            clr = etree.SubElement(ppr, qn("a:buClr"))
            etree.SubElement(clr, qn("a:srgbClr")).set("val", p.bullet.color.lstrip("#").upper())
            etree.SubElement(ppr, qn("a:buFont"), typeface=p.bullet.font)
            etree.SubElement(ppr, qn("a:buChar"), char=p.bullet.char)
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
            etree.SubElement(rpr, qn("a:cs")).set("typeface", p.complex_font)
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
    sp_pr = el.find(qn("p:spPr"))
    if sp_pr is None:  # graphic frames keep theirs in p:xfrm
        xfrm = el.find(qn("p:xfrm"))
        if xfrm is None:
            return
    else:
        xfrm = sp_pr.find(qn("a:xfrm"))
        if xfrm is None:
            xfrm = etree.Element(qn("a:xfrm"))
            sp_pr.insert(0, xfrm)  # xfrm comes first in spPr
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None:
        off = etree.Element(qn("a:off"))
        xfrm.insert(0, off)
    if ext is None:
        ext = etree.Element(qn("a:ext"))
        off.addnext(ext)
    off.set("x", str(emu[0]))
    off.set("y", str(emu[1]))
    ext.set("cx", str(emu[2]))
    ext.set("cy", str(emu[3]))


_FILLS = tuple(qn(f"a:{t}") for t in ("noFill", "solidFill", "gradFill", "blipFill",
                                       "pattFill", "grpFill"))


def solid_fill(el: Any, color: str, opacity: float = 1.0) -> None:
    """A shape's fill made one colour (any fill it had replaced), in its place in p:spPr:
    after the transform and geometry, before the outline."""
    sp_pr = el.find(qn("p:spPr"))
    if sp_pr is None:
        return
    for old in [c for c in sp_pr if c.tag in _FILLS]:
        sp_pr.remove(old)
    fill = etree.Element(qn("a:solidFill"))
    clr = etree.SubElement(fill, qn("a:srgbClr"), val=color.lstrip("#").upper())
    if opacity < 1:
        etree.SubElement(clr, qn("a:alpha"), val=str(round(opacity * 100000)))
    at = 0
    for i, child in enumerate(sp_pr):
        if child.tag in (qn("a:xfrm"), qn("a:custGeom"), qn("a:prstGeom")):
            at = i + 1
    sp_pr.insert(at, fill)


_AUTOFIT = (qn("a:noAutofit"), qn("a:normAutofit"), qn("a:spAutoFit"))


def frame(body: Any, insets: Any, anchor: str | None) -> None:
    """Word wrap on, autofit off and the plan's insets (and anchor) on a text body."""
    body_pr = body.find(qn("a:bodyPr"))
    if body_pr is None:
        body_pr = etree.Element(qn("a:bodyPr"))
        body.insert(0, body_pr)
    body_pr.set("wrap", "square")
    for attr, v in (("lIns", insets.left), ("tIns", insets.top), ("rIns", insets.right),
                    ("bIns", insets.bottom)):
        body_pr.set(attr, str(round(v * EMU_PER_PT)))
    if anchor is not None:
        body_pr.set("anchor", anchor)
    for el in body_pr:
        if el.tag in _AUTOFIT:
            body_pr.remove(el)
    warp = body_pr.find(qn("a:prstTxWarp"))
    no = etree.Element(qn("a:noAutofit"))
    if warp is not None:
        warp.addnext(no)
    else:
        body_pr.insert(0, no)


def add_text_body(el: Any) -> Any:
    """A shape's text body, made when it has none."""
    body = etree.SubElement(el, qn("p:txBody"))
    etree.SubElement(body, qn("a:bodyPr"))
    etree.SubElement(body, qn("a:lstStyle"))
    return body


def copy_layout_placeholder(tree: Any, layout_el: Any, kind: str) -> Any:
    """A copy of the layout's placeholder of this type (footer, slide number) on the slide;
    None when the layout has none."""
    for sp in layout_el.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
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
    return None if nv is None else nv.find(qn("p:cNvPr"))


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
        ext_lst = c.find(qn("a:extLst"))
        if ext_lst is None:
            ext_lst = etree.SubElement(c, qn("a:extLst"))
        ext = etree.SubElement(ext_lst, qn("a:ext"), uri=DECORATIVE_EXT_URI)
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
    for el in tree.iter(qn("p:cNvPr")):
        sid = int(el.get("id", "0"))
        if sid in ids or sid == 0:
            sid = max(ids | {1}) + 1
            el.set("id", str(sid))
        ids.add(sid)
