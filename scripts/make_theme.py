#!/usr/bin/env python3
"""Build deckgen's default theme files (no slides, seven layouts).

    python scripts/make_theme.py [--out-dir DIR]

Writes ``default-16x9.pptx`` (12192000 x 6858000 EMU) and ``default-4x3.pptx``
(9144000 x 6858000 EMU) into ``src/deckgen/themes`` (or DIR).  Every part is
written from the templates in this file, so the output is byte-for-byte the same
on every run: fixed core-property dates, fixed zip timestamps and attributes, a
fixed part order and no random ids.

Layouts (in this order): Title Slide, Title and Content, Section Header,
Two Content, Title Only, Closing, Blank.
"""
from __future__ import annotations

import argparse
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

EMU_PER_INCH = 914400
SLIDE_H = 6858000
SIZES = {"16x9": 12192000, "4x3": 9144000}
THEME_NAME = "deckgen"
ZIP_DATE = (2025, 1, 1, 0, 0, 0)
CORE_DATE = "2025-01-01T00:00:00Z"
DATE_PLACEHOLDER_TEXT = "2025/1/1"


def inch(v: float) -> int:
    return round(v * EMU_PER_INCH)


# ------------------------------------------------------------------ palette
COLORS = {
    "dk1": "1F2937",
    "lt1": "FFFFFF",
    "dk2": "1F3A5F",
    "lt2": "F3F4F6",
    "accent1": "B22222",
    "accent2": "1F4E79",
    "accent3": "D4A017",
    "accent4": "2E8B57",
    "accent5": "7F7F7F",
    "accent6": "6A5ACD",
    "hlink": "1F6FB2",
    "folHlink": "6B4E9B",
}

# ---------------------------------------------------------------- namespaces
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PML_NS = f'xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p="{NS_P}"'
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT_PML = "application/vnd.openxmlformats-officedocument.presentationml."

# Text colours used by the layouts (DrawingML colour snippets).
NAVY = '<a:schemeClr val="tx2"/>'
BODY_GREY = '<a:schemeClr val="tx1"/>'
MUTED = '<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/></a:schemeClr>'
# Footers are small text: 4.5:1 on white is needed (lumMod 50 % gave 3.3:1).
FOOT_GREY = MUTED
WHITE = '<a:schemeClr val="bg1"/>'
ON_DARK = '<a:schemeClr val="bg1"><a:lumMod val="85000"/></a:schemeClr>'
ON_DARK_FOOT = '<a:schemeClr val="bg1"><a:lumMod val="65000"/></a:schemeClr>'
LANG = 'lang="zh-CN" altLang="en-US"'


def fill(color: str) -> str:
    return f"<a:solidFill>{color}</a:solidFill>"


# ------------------------------------------------------------------ geometry
@dataclass(frozen=True)
class Box:
    x: int
    y: int
    cx: int
    cy: int

    def xfrm(self) -> str:
        return (f'<a:xfrm><a:off x="{self.x}" y="{self.y}"/>'
                f'<a:ext cx="{self.cx}" cy="{self.cy}"/></a:xfrm>')


@dataclass(frozen=True)
class Geometry:
    """All positions for one slide width (the height is always 7.5 in)."""

    width: int
    margin: int = inch(0.6)

    @property
    def inner(self) -> int:
        return self.width - 2 * self.margin

    # content slides
    @property
    def title(self) -> Box:
        return Box(self.margin, inch(0.35), self.inner, inch(0.85))

    @property
    def rule(self) -> Box:
        return Box(self.margin, inch(1.3), inch(0.8), inch(0.05))

    @property
    def body(self) -> Box:
        return Box(self.margin, inch(1.55), self.inner, inch(5.2))

    @property
    def gap(self) -> int:
        return inch(0.4)

    def half(self, i: int) -> Box:
        w = (self.inner - self.gap) // 2
        b = self.body
        return Box(self.margin + i * (w + self.gap), b.y, w, b.cy)

    # footer row: footer left, date + slide number right
    @property
    def foot_y(self) -> int:
        return inch(7.0)

    @property
    def ftr(self) -> Box:
        return Box(self.margin, self.foot_y, self.width // 2 - self.margin, inch(0.3))

    @property
    def sld_num(self) -> Box:
        w = inch(0.8)
        return Box(self.width - self.margin - w, self.foot_y, w, inch(0.3))

    @property
    def dt(self) -> Box:
        w = inch(2.0)
        return Box(self.sld_num.x - inch(0.2) - w, self.foot_y, w, inch(0.3))

    # title slide (full-bleed navy, red strip on the left edge)
    @property
    def ts_strip(self) -> Box:
        return Box(0, 0, inch(0.2), SLIDE_H)

    @property
    def ts_title(self) -> Box:
        return Box(self.margin, inch(1.9), self.inner, inch(2.3))

    @property
    def ts_rule(self) -> Box:
        return Box(self.margin, inch(4.4), inch(1.2), inch(0.06))

    @property
    def ts_sub(self) -> Box:
        return Box(self.margin, inch(4.65), self.inner, inch(1.5))

    # section header (navy band over the top, red line under it)
    @property
    def sh_band(self) -> Box:
        return Box(0, 0, self.width, inch(4.3))

    @property
    def sh_line(self) -> Box:
        return Box(0, inch(4.3), self.width, inch(0.08))

    @property
    def sh_title(self) -> Box:
        return Box(self.margin, inch(1.4), self.inner, inch(2.5))

    @property
    def sh_body(self) -> Box:
        return Box(self.margin, inch(4.7), self.inner, inch(1.6))

    # closing (full-bleed navy, centred)
    @property
    def cl_title(self) -> Box:
        return Box(self.margin, inch(1.8), self.inner, inch(2.2))

    @property
    def cl_rule(self) -> Box:
        w = inch(1.0)
        return Box((self.width - w) // 2, inch(4.25), w, inch(0.06))

    @property
    def cl_sub(self) -> Box:
        return Box(self.margin, inch(4.55), self.inner, inch(1.4))


# -------------------------------------------------------------- text styles
def rpr(sz: int | None = None, color: str | None = None, *, bold: bool = False,
        major: bool = False, full: bool = True) -> str:
    """a:defRPr; ``full`` adds lang/altLang, kern and the theme font references."""
    attrs = []
    if full:
        attrs.append(LANG)
    if sz:
        attrs.append(f'sz="{sz}"')
    if bold:
        attrs.append('b="1"')
    if full:
        attrs.append('kern="1200"')
    inner = fill(color) if color else ""
    if major:
        inner += '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/>'
    elif full:
        inner += '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
    return f"<a:defRPr {' '.join(attrs)}>{inner}</a:defRPr>"


PARA_ATTRS = 'defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'


def ppr(level: int, *, marL: int = 0, indent: int = 0, algn: str = "l", ln: int | None = None,
        bef: int | None = None, bullet: str = "", defrpr: str = "", full: bool = True) -> str:
    attrs = f'marL="{marL}" indent="{indent}" algn="{algn}"'
    if full:
        attrs += " " + PARA_ATTRS
    inner = ""
    if ln is not None:
        inner += f'<a:lnSpc><a:spcPct val="{ln}"/></a:lnSpc>'
    if bef is not None:
        inner += f'<a:spcBef><a:spcPts val="{bef}"/></a:spcBef>'
    inner += bullet + defrpr
    return f"<a:lvl{level}pPr {attrs}>{inner}</a:lvl{level}pPr>"


def bu_char(char: str, color: str, font: str = "Arial") -> str:
    # no a:buSzPct: the 5th-edition schema wants "NN%" while Office writes 1/1000 %,
    # so leave the bullet at the text size (the default, a:buSzTx)
    return (f"<a:buClr>{color}</a:buClr>"
            f'<a:buFont typeface="{font}" panose="020B0604020202020204" pitchFamily="34" '
            f'charset="0"/><a:buChar char="{char}"/>')


BU_NONE = "<a:buNone/>"

# body levels: (marL, indent, size, space-before, bullet)
BODY_LEVELS = [
    (285750, -285750, 2200, 1000, bu_char("\u25aa", '<a:schemeClr val="accent1"/>')),
    (685800, -285750, 1900, 500, bu_char("\u2013", '<a:schemeClr val="accent1"/>')),
    (1085850, -228600, 1700, 400, bu_char("\u2022", '<a:schemeClr val="accent5"/>')),
    (1485900, -228600, 1600, 400, bu_char("\u2022", '<a:schemeClr val="accent5"/>')),
    (1885950, -228600, 1600, 400, bu_char("\u2022", '<a:schemeClr val="accent5"/>')),
]
BODY_LEVELS += [(2286000 + 400050 * i, -228600, 1600, 400, BODY_LEVELS[4][4]) for i in range(4)]


def title_style() -> str:
    lvl = ppr(1, ln=90000, bef=0, bullet=BU_NONE, defrpr=rpr(3200, NAVY, bold=True, major=True))
    return f"<p:titleStyle>{lvl}</p:titleStyle>"


def body_style() -> str:
    lvls = "".join(
        ppr(i + 1, marL=m, indent=ind, ln=110000, bef=bef, bullet=bu,
            defrpr=rpr(sz, BODY_GREY))
        for i, (m, ind, sz, bef, bu) in enumerate(BODY_LEVELS))
    return f"<p:bodyStyle>{lvls}</p:bodyStyle>"


def other_style(tag: str = "p:otherStyle") -> str:
    defppr = f'<a:defPPr><a:defRPr {LANG}/></a:defPPr>'
    lvls = "".join(ppr(i + 1, marL=457200 * i, defrpr=rpr(1800, BODY_GREY)) for i in range(9))
    return f"<{tag}>{defppr}{lvls}</{tag}>"


# ------------------------------------------------------------------ shapes
class Tree:
    """Collects the shapes of one spTree with unique ids."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.next_id = 2

    def _id(self) -> int:
        i = self.next_id
        self.next_id += 1
        return i

    def rect(self, name: str, box: Box, color: str) -> None:
        i = self._id()
        self.items.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{i}" name="{name} {i - 1}"/><p:cNvSpPr/>'
            f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{box.xfrm()}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill(color)}'
            f'<a:ln><a:noFill/></a:ln></p:spPr>'
            f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
            f'<a:p><a:endParaRPr lang="zh-CN" altLang="en-US"/></a:p></p:txBody></p:sp>')

    def ph(self, name: str, ph: str, box: Box | None, body_pr: str, lst: str, paras: str) -> None:
        i = self._id()
        sp_pr = f"<p:spPr>{box.xfrm()}</p:spPr>" if box else "<p:spPr/>"
        self.items.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{i}" name="{name} {i - 1}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>'
            f"{sp_pr}<p:txBody>{body_pr}<a:lstStyle>{lst}</a:lstStyle>{paras}</p:txBody></p:sp>")

    def xml(self) -> str:
        return ('<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
                '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
                '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
                + "".join(self.items) + "</p:spTree>")


def para(text: str, lvl: int | None = None, end: bool = True) -> str:
    p = f'<a:pPr lvl="{lvl}"/>' if lvl else ""
    e = f'<a:endParaRPr {LANG}/>' if end else ""
    return f'<a:p>{p}<a:r><a:rPr {LANG}/><a:t>{escape(text)}</a:t></a:r>{e}</a:p>'


TITLE_PROMPT = para("Click to edit title / 单击此处编辑标题")
SUB_PROMPT = para("Click to edit subtitle / 单击此处编辑副标题")
BODY_PROMPT = "".join([
    para("Click to edit text / 单击此处编辑文本", None, False),
    para("Second level / 第二级", 1, False),
    para("Third level / 第三级", 2, False),
    para("Fourth level", 3, False),
    para("Fifth level", 4),
])


def body_pr(anchor: str = "t", ins: str = 'lIns="0" tIns="45720" rIns="0" bIns="45720"',
            autofit: bool = True) -> str:
    af = "<a:normAutofit/>" if autofit else ""
    return f'<a:bodyPr vert="horz" wrap="square" {ins} rtlCol="0" anchor="{anchor}">{af}</a:bodyPr>'


TITLE_INS = 'lIns="0" tIns="0" rIns="0" bIns="0"'
FOOT_INS = 'lIns="0" tIns="0" rIns="0" bIns="0"'

DT_FIELD_ID = "{6C3A1D25-52B1-4E0B-9C2B-4D1A7E3F0A11}"
NUM_FIELD_ID = "{8F2B6A4C-1D3E-4B5F-A6C7-9E8D0F1A2B3C}"


def footers(t: Tree, g: Geometry, *, master: bool = False, color: str | None = None) -> None:
    """dt, ftr and sldNum placeholders (idx 2/3/4 on the master, 10/11/12 on layouts)."""
    idx = (2, 3, 4) if master else (10, 11, 12)

    def lst(algn: str) -> str:
        if master:
            return ppr(1, algn=algn, full=False, defrpr=rpr(1000, FOOT_GREY, full=False))
        if color:
            return ppr(1, algn=algn, full=False, defrpr=f"<a:defRPr>{fill(color)}</a:defRPr>")
        return ""

    t.ph("Date Placeholder", f'<p:ph type="dt" sz="half" idx="{idx[0]}"/>', g.dt,
         body_pr("ctr", FOOT_INS, False), lst("r"),
         f'<a:p><a:fld id="{DT_FIELD_ID}" type="datetimeFigureOut"><a:rPr {LANG}/>'
         f"<a:t>{DATE_PLACEHOLDER_TEXT}</a:t></a:fld><a:endParaRPr {LANG}/></a:p>")
    t.ph("Footer Placeholder", f'<p:ph type="ftr" sz="quarter" idx="{idx[1]}"/>', g.ftr,
         body_pr("ctr", FOOT_INS, False), lst("l"), f"<a:p><a:endParaRPr {LANG}/></a:p>")
    t.ph("Slide Number Placeholder", f'<p:ph type="sldNum" sz="quarter" idx="{idx[2]}"/>',
         g.sld_num, body_pr("ctr", FOOT_INS, False), lst("r"),
         f'<a:p><a:fld id="{NUM_FIELD_ID}" type="slidenum"><a:rPr {LANG}/><a:t>\u2039#\u203a</a:t>'
         f"</a:fld><a:endParaRPr {LANG}/></a:p>")


# ------------------------------------------------------------------ master
def master_xml(g: Geometry, n_layouts: int) -> str:
    t = Tree()
    t.ph("Title Placeholder", '<p:ph type="title"/>', g.title, body_pr("b", TITLE_INS), "",
         TITLE_PROMPT)
    t.ph("Text Placeholder", '<p:ph type="body" idx="1"/>', g.body, body_pr(), "", BODY_PROMPT)
    footers(t, g, master=True)
    t.rect("Title Rule", g.rule, '<a:schemeClr val="accent1"/>')
    ids = "".join(f'<p:sldLayoutId id="{2147483649 + i}" r:id="rId{i + 1}"/>'
                  for i in range(n_layouts))
    return (XML_DECL + f'<p:sldMaster {PML_NS} preserve="1">'
            '<p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'
            f"{t.xml()}</p:cSld>"
            '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" '
            'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" '
            'accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
            f"<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst>"
            f"<p:txStyles>{title_style()}{body_style()}{other_style()}</p:txStyles>"
            "</p:sldMaster>")


# ------------------------------------------------------------------ layouts
def dark_bg() -> str:
    return f"<p:bg><p:bgPr>{fill(NAVY)}<a:effectLst/></p:bgPr></p:bg>"


def plain_lst(sz: int, color: str, *, algn: str = "l", bold: bool = False, ln: int = 100000,
              levels: int = 1) -> str:
    b = ' b="1"' if bold else ""
    return "".join(
        ppr(i + 1, marL=0, indent=0, algn=algn, ln=ln, bef=0 if i == 0 else 600, full=False,
            bullet=BU_NONE, defrpr=f'<a:defRPr sz="{sz}"{b}>{fill(color)}</a:defRPr>')
        for i in range(levels))


def layout_title_slide(g: Geometry) -> tuple[str, str, str, str]:
    t = Tree()
    t.rect("Accent Strip", g.ts_strip, '<a:schemeClr val="accent1"/>')
    t.ph("Title", '<p:ph type="ctrTitle"/>', g.ts_title, body_pr("b", TITLE_INS),
         plain_lst(4400, WHITE, bold=True, ln=90000), TITLE_PROMPT)
    t.rect("Gold Rule", g.ts_rule, '<a:schemeClr val="accent3"/>')
    t.ph("Subtitle", '<p:ph type="subTitle" idx="1"/>', g.ts_sub,
         body_pr("t", 'lIns="0" tIns="0" rIns="0" bIns="0"'),
         plain_lst(2200, ON_DARK, ln=110000, levels=2), SUB_PROMPT)
    footers(t, g, color=ON_DARK_FOOT)
    return "Title Slide", 'type="title" showMasterSp="0"', dark_bg(), t.xml()


def layout_title_content(g: Geometry) -> tuple[str, str, str, str]:
    t = Tree()
    t.ph("Title", '<p:ph type="title"/>', g.title, body_pr("b", TITLE_INS), "", TITLE_PROMPT)
    t.ph("Content Placeholder", '<p:ph type="body" idx="1"/>', g.body, body_pr(), "",
         BODY_PROMPT)
    footers(t, g)
    return "Title and Content", 'type="obj"', "", t.xml()


def layout_section(g: Geometry) -> tuple[str, str, str, str]:
    t = Tree()
    t.rect("Section Band", g.sh_band, NAVY)
    t.rect("Section Line", g.sh_line, '<a:schemeClr val="accent1"/>')
    t.ph("Title", '<p:ph type="title"/>', g.sh_title, body_pr("b", TITLE_INS),
         plain_lst(4000, WHITE, bold=True, ln=90000), TITLE_PROMPT)
    t.ph("Text Placeholder", '<p:ph type="body" idx="1"/>', g.sh_body,
         body_pr("t", 'lIns="0" tIns="0" rIns="0" bIns="0"'),
         plain_lst(2400, MUTED, ln=110000, levels=2), para("Part 1 · 第一部分"))
    footers(t, g)
    return "Section Header", 'type="secHead" showMasterSp="0"', "", t.xml()


def layout_two_content(g: Geometry) -> tuple[str, str, str, str]:
    t = Tree()
    t.ph("Title", '<p:ph type="title"/>', g.title, body_pr("b", TITLE_INS), "", TITLE_PROMPT)
    half = "".join(ppr(i + 1, defrpr=f'<a:defRPr sz="{sz}"/>', full=False,
                       marL=BODY_LEVELS[i][0], indent=BODY_LEVELS[i][1])
                   for i, sz in enumerate((2000, 1800, 1600, 1600, 1600)))
    for n in (1, 2):
        t.ph("Content Placeholder", f'<p:ph type="body" sz="half" idx="{n}"/>', g.half(n - 1),
             body_pr(), half, BODY_PROMPT)
    footers(t, g)
    return "Two Content", 'type="twoObj"', "", t.xml()


def layout_title_only(g: Geometry) -> tuple[str, str, str, str]:
    t = Tree()
    t.ph("Title", '<p:ph type="title"/>', g.title, body_pr("b", TITLE_INS), "", TITLE_PROMPT)
    footers(t, g)
    return "Title Only", 'type="titleOnly"', "", t.xml()


def layout_closing(g: Geometry) -> tuple[str, str, str, str]:
    t = Tree()
    t.ph("Title", '<p:ph type="ctrTitle"/>', g.cl_title, body_pr("b", TITLE_INS),
         plain_lst(4400, WHITE, algn="ctr", bold=True, ln=90000), para("谢谢 · Thank you"))
    t.rect("Accent Rule", g.cl_rule, '<a:schemeClr val="accent1"/>')
    t.ph("Subtitle", '<p:ph type="subTitle" idx="1"/>', g.cl_sub,
         body_pr("t", 'lIns="0" tIns="0" rIns="0" bIns="0"'),
         plain_lst(2000, ON_DARK, algn="ctr", ln=110000, levels=2), para("Q & A · 欢迎提问"))
    footers(t, g, color=ON_DARK_FOOT)
    return "Closing", 'showMasterSp="0" preserve="1" userDrawn="1"', dark_bg(), t.xml()


def layout_blank(g: Geometry) -> tuple[str, str, str, str]:
    t = Tree()
    footers(t, g)
    return "Blank", 'type="blank" showMasterSp="0"', "", t.xml()


LAYOUTS = [layout_title_slide, layout_title_content, layout_section, layout_two_content,
           layout_title_only, layout_closing, layout_blank]
LAYOUT_NAMES = ["Title Slide", "Title and Content", "Section Header", "Two Content",
                "Title Only", "Closing", "Blank"]


def layout_xml(name: str, attrs: str, bg: str, sp_tree: str) -> str:
    if "preserve" not in attrs:
        attrs += ' preserve="1"'
    return (XML_DECL + f'<p:sldLayout {PML_NS} {attrs}><p:cSld name="{escape(name)}">'
            f"{bg}{sp_tree}</p:cSld>"
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>")


# ------------------------------------------------------------------- theme
def font_block(tag: str) -> str:
    return (f'<a:{tag}><a:latin typeface="Calibri" panose="020F0502020204030204"/>'
            '<a:ea typeface="Microsoft YaHei"/><a:cs typeface="Arial"/>'
            '<a:font script="Hans" typeface="Microsoft YaHei"/>'
            '<a:font script="Hant" typeface="Microsoft JhengHei"/>'
            f"</a:{tag}>")


def theme_xml() -> str:
    clr = "".join(f'<a:{k}><a:srgbClr val="{v}"/></a:{k}>' for k, v in COLORS.items())
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    tinted = ('<a:solidFill><a:schemeClr val="phClr"><a:tint val="60000"/></a:schemeClr>'
              "</a:solidFill>")

    def line(w: int) -> str:
        return (f'<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{solid}'
                '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>')

    fmt = (f'<a:fmtScheme name="{THEME_NAME}">'
           f"<a:fillStyleLst>{solid}{tinted}{solid}</a:fillStyleLst>"
           f"<a:lnStyleLst>{line(6350)}{line(12700)}{line(19050)}</a:lnStyleLst>"
           "<a:effectStyleLst>" + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
           + "</a:effectStyleLst>"
           f"<a:bgFillStyleLst>{solid}"
           '<a:solidFill><a:schemeClr val="phClr"><a:tint val="95000"/></a:schemeClr>'
           "</a:solidFill>"
           '<a:solidFill><a:schemeClr val="phClr"><a:shade val="85000"/></a:schemeClr>'
           "</a:solidFill>"
           "</a:bgFillStyleLst></a:fmtScheme>")
    obj = ('<a:objectDefaults><a:spDef><a:spPr/><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle>'
           '<a:defPPr><a:defRPr lang="zh-CN" altLang="en-US"/></a:defPPr></a:lstStyle><a:style>'
           '<a:lnRef idx="0"><a:schemeClr val="accent1"/></a:lnRef>'
           '<a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef>'
           '<a:effectRef idx="0"><a:schemeClr val="accent1"/></a:effectRef>'
           '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></a:style></a:spDef>'
           '<a:lnDef><a:spPr/><a:bodyPr/><a:lstStyle/><a:style>'
           '<a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef>'
           '<a:fillRef idx="0"><a:schemeClr val="accent1"/></a:fillRef>'
           '<a:effectRef idx="0"><a:schemeClr val="accent1"/></a:effectRef>'
           '<a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></a:style></a:lnDef>'
           "</a:objectDefaults>")
    return (XML_DECL + f'<a:theme xmlns:a="{NS_A}" name="{THEME_NAME}"><a:themeElements>'
            f'<a:clrScheme name="{THEME_NAME}">{clr}</a:clrScheme>'
            f'<a:fontScheme name="{THEME_NAME}">{font_block("majorFont")}'
            f"{font_block('minorFont')}</a:fontScheme>{fmt}</a:themeElements>{obj}"
            "<a:extraClrSchemeLst/></a:theme>")


# ---------------------------------------------------------- other parts
def presentation_xml(width: int) -> str:
    type_attr = ' type="screen4x3"' if width == SIZES["4x3"] else ""
    return (XML_DECL + f'<p:presentation {PML_NS} saveSubsetFonts="1">'
            '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
            f'<p:sldSz cx="{width}" cy="{SLIDE_H}"{type_attr}/>'
            '<p:notesSz cx="6858000" cy="9144000"/>'
            + other_style("p:defaultTextStyle") + "</p:presentation>")


def rels(items: list[tuple[str, str]]) -> str:
    body = "".join(f'<Relationship Id="rId{i + 1}" Type="{t}" Target="{tgt}"/>'
                   for i, (t, tgt) in enumerate(items))
    return (XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{body}</Relationships>')


def content_types(n_layouts: int) -> str:
    over = [("/ppt/presentation.xml", CT_PML + "presentation.main+xml"),
            ("/ppt/slideMasters/slideMaster1.xml", CT_PML + "slideMaster+xml")]
    over += [(f"/ppt/slideLayouts/slideLayout{i + 1}.xml", CT_PML + "slideLayout+xml")
             for i in range(n_layouts)]
    over += [("/ppt/presProps.xml", CT_PML + "presProps+xml"),
             ("/ppt/viewProps.xml", CT_PML + "viewProps+xml"),
             ("/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
             ("/ppt/tableStyles.xml", CT_PML + "tableStyles+xml"),
             ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
             ("/docProps/app.xml",
              "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    body = ('<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in over))
    return (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types">{body}</Types>')


def core_xml(label: str) -> str:
    return (XML_DECL +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>deckgen default theme ({label})</dc:title><dc:creator>deckgen</dc:creator>"
            "<cp:lastModifiedBy>deckgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{CORE_DATE}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{CORE_DATE}</dcterms:modified>'
            "</cp:coreProperties>")


def app_xml(width: int) -> str:
    fmt = "On-screen Show (4:3)" if width == SIZES["4x3"] else "Widescreen"
    return (XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            '2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/'
            'officeDocument/2006/docPropsVTypes">'
            f"<PresentationFormat>{fmt}</PresentationFormat><Slides>0</Slides><Notes>0</Notes>"
            "<HiddenSlides>0</HiddenSlides><ScaleCrop>false</ScaleCrop>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged>"
            "<Application>deckgen</Application><AppVersion>16.0000</AppVersion></Properties>")


PRES_PROPS = XML_DECL + f"<p:presentationPr {PML_NS}/>"
VIEW_PROPS = (XML_DECL + f'<p:viewPr {PML_NS} lastView="sldMasterView"><p:normalViewPr>'
              '<p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr>'
              '<p:gridSpacing cx="76200" cy="76200"/></p:viewPr>')
TABLE_STYLES = (XML_DECL + f'<a:tblStyleLst xmlns:a="{NS_A}" '
                'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>')


# ------------------------------------------------------------------ package
def build_parts(width: int, label: str) -> list[tuple[str, str]]:
    g = Geometry(width)
    layouts = [fn(g) for fn in LAYOUTS]
    assert [lay[0] for lay in layouts] == LAYOUT_NAMES
    n = len(layouts)
    master_rels = [(RT + "slideLayout", f"../slideLayouts/slideLayout{i + 1}.xml")
                   for i in range(n)] + [(RT + "theme", "../theme/theme1.xml")]
    parts = [
        ("[Content_Types].xml", content_types(n)),
        ("_rels/.rels", rels([(RT + "officeDocument", "ppt/presentation.xml"),
                              (RT_CORE, "docProps/core.xml"),
                              (RT + "extended-properties", "docProps/app.xml")])),
        ("docProps/app.xml", app_xml(width)),
        ("docProps/core.xml", core_xml(label)),
        ("ppt/presentation.xml", presentation_xml(width)),
        ("ppt/_rels/presentation.xml.rels",
         rels([(RT + "slideMaster", "slideMasters/slideMaster1.xml"),
               (RT + "presProps", "presProps.xml"), (RT + "viewProps", "viewProps.xml"),
               (RT + "theme", "theme/theme1.xml"), (RT + "tableStyles", "tableStyles.xml")])),
        ("ppt/presProps.xml", PRES_PROPS),
        ("ppt/viewProps.xml", VIEW_PROPS),
        ("ppt/tableStyles.xml", TABLE_STYLES),
        ("ppt/theme/theme1.xml", theme_xml()),
        ("ppt/slideMasters/slideMaster1.xml", master_xml(g, n)),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels(master_rels)),
    ]
    for i, lay in enumerate(layouts):
        parts.append((f"ppt/slideLayouts/slideLayout{i + 1}.xml", layout_xml(*lay)))
        parts.append((f"ppt/slideLayouts/_rels/slideLayout{i + 1}.xml.rels",
                      rels([(RT + "slideMaster", "../slideMasters/slideMaster1.xml")])))
    return parts


def as_deckgen_opens_it(parts: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """The parts as python-pptx writes them after deckgen's template repairs (the slide
    list present, no slide counts), so that a build can take the theme's parts as they
    are, without python-pptx: the shipped theme is a fixed point of opening it."""
    import io

    from pptx import Presentation

    from deckgen.package import Package
    from deckgen.template.repair import prepare

    prs = Presentation(io.BytesIO(zip_bytes([(n, t.encode("utf-8")) for n, t in parts])))
    prepare(prs)
    return Package.from_python_pptx(prs.part.package).entries()


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of these entries with fixed dates and attributes."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data, compresslevel=9)
    return out.getvalue()


def write_package(path: Path, parts: list[tuple[str, str]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(zip_bytes(as_deckgen_opens_it(parts)))
    tmp.replace(path)


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for label, width in SIZES.items():
        path = out_dir / f"default-{label}.pptx"
        write_package(path, build_parts(width, label.replace("x", ":")))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    default = Path(__file__).resolve().parents[1] / "src" / "deckgen" / "themes"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", type=Path, default=default,
                    help=f"where to write the .pptx files (default: {default})")
    args = ap.parse_args(argv)
    for p in build(args.out_dir):
        print(f"wrote {p} ({p.stat().st_size} bytes)")
        info = describe(p)
        info.write_text(describe_text(p), encoding="utf-8")
        print(f"wrote {info}")
    return 0


def describe(theme: Path) -> Path:
    """Where the description of a theme file goes: beside it, as .json."""
    return theme.with_suffix(".json")


def describe_text(theme: Path) -> str:
    """The theme's description as deckgen reads it (deckgen.template.info), so that `check`
    never opens the default theme with python-pptx."""
    from deckgen.template.info import to_json
    from deckgen.template.opening import read_template

    return to_json(read_template(theme).info) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
