"""Stage 5, build: slide plans and chart pictures into a python-pptx presentation.

The only module (with ooxml.py) that imports python-pptx. Every text frame is set up the
way :mod:`deckgen.layout` measured it: word wrap on, autofit off, explicit insets, and on
every paragraph explicit indents, spacing and font sizes, so all viewers agree."""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.oxml.text import CT_RegularTextRun
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.shapetree import _SlidePlaceholderFactory
from pptx.util import Emu

from . import fit, layout, ooxml
from .charts import Rendered
from .images import prepare
from .layout import FLOOR, START_PT, Area, Frames, ListStyle
from .plan import ChartSpec, DeckPlan, SlidePlan, texts
from .template import EMU_PER_PT, Geometry, Rect, apply_theme, ph_type, slide_layout

TEXT = "#1F2937"
MUTED = "#6B7280"
PANEL = "#F3F4F6"
FOOTER_PT = 10.0
DEFAULT_INSETS = (91440, 45720)  # PowerPoint's bodyPr lIns/rIns and tIns/bIns
TITLE_TYPES = ("title", "ctrTitle")
SUB_TYPES = ("subTitle", "body", "obj")
TITLE_STYLE = ListStyle(spacing=layout.TITLE_SPACING)
SUB_STYLE = ListStyle(spacing=layout.SUB_SPACING)
_P, _R, _BR, _PPR, _T = qn("a:p"), qn("a:r"), qn("a:br"), qn("a:pPr"), qn("a:t")
_OFF, _EXT, _SP = qn("a:off"), qn("a:ext"), qn("p:sp")
_SP_PR, _XFRM = qn("p:spPr"), qn("a:xfrm")
_SHAPE_TAGS = frozenset(CT_GroupShape._shape_tags)
_CONTENT = frozenset((_R, _BR, qn("a:fld")))  # what python-pptx's paragraph.clear() removes
_EMPTY_P = OxmlElement("a:p")  # as python-pptx's add_paragraph() creates it
_CTRL = re.compile(r"[\x00-\x08\x0B-\x1F]")
_escape_ctrl = CT_RegularTextRun._escape_ctrl_chars  # what run.text = ... stores
_PPR_SPACING = ("a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx",
                "a:buSzPct", "a:buSzPts", "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum",
                "a:buChar", "a:buBlip")


def _emu(pt: float) -> Emu:
    return Emu(round(pt * EMU_PER_PT))


def _rect(a: Area) -> Rect:
    return Rect(round(a.x * EMU_PER_PT), round(a.y * EMU_PER_PT), round(a.w * EMU_PER_PT),
                round(a.h * EMU_PER_PT))


def _area(r: Rect, insets: tuple[int, int] = DEFAULT_INSETS) -> Area:
    return Area(r.x / EMU_PER_PT, r.y / EMU_PER_PT, r.w / EMU_PER_PT, r.h / EMU_PER_PT,
                insets[0] / EMU_PER_PT, insets[1] / EMU_PER_PT)


def chart_box(geom: Geometry, slide: SlidePlan, language: str) -> Rect:
    """Where a chart (or picture) goes: the body box less a band for caption and source."""
    return _rect(layout.caption_areas(_area(geom.body), slide, language)[0])


# -------------------------------------------------------------------- template geometry


def _find_ph(layout_: Any, types: Sequence[str]) -> Any:
    for t in types:
        for ph in layout_.placeholders:
            if ph_type(ph) == t:
                return ph
    return None


def _insets(ph: Any, master: Any) -> tuple[int, int]:
    """A placeholder's left and top insets in EMU, inherited from the master when unset."""
    found: dict[str, int] = {}
    kind = ph_type(ph)
    master_ph = _find_ph(master, ("title",) if kind in TITLE_TYPES else ("body", "obj"))
    for el in (ph, master_ph):
        body_pr = None if el is None else el.element.find(f".//{qn('a:bodyPr')}")
        if body_pr is None:
            continue
        for attr in ("lIns", "tIns"):
            if attr not in found and body_pr.get(attr) is not None:
                found[attr] = int(body_pr.get(attr))
    return found.get("lIns", DEFAULT_INSETS[0]), found.get("tIns", DEFAULT_INSETS[1])


def _ph_area(layout_: Any, types: Sequence[str]) -> Area | None:
    ph = _find_ph(layout_, types)
    if ph is None or not ph.width:
        return None
    r = Rect(int(ph.left or 0), int(ph.top or 0), int(ph.width), int(ph.height or 0))
    return _area(r, _insets(ph, layout_.slide_master))


def frames(prs: Any, geom: Geometry) -> Frames:
    """The boxes layout measures text against, read from the template's layouts."""
    content = slide_layout(prs, geom, "content")
    title_ph, body_ph = _find_ph(content, TITLE_TYPES), _find_ph(content, ("body", "obj"))
    master = content.slide_master
    cover, section = slide_layout(prs, geom, "title"), slide_layout(prs, geom, "section")
    closing = slide_layout(prs, geom, "closing")
    return Frames(
        width=geom.width / EMU_PER_PT, height=geom.height / EMU_PER_PT,
        title=_area(geom.title, _insets(title_ph, master) if title_ph is not None
                    else DEFAULT_INSETS),
        body=_area(geom.body, _insets(body_ph, master) if body_ph is not None
                   else DEFAULT_INSETS),
        cover_title=_ph_area(cover, TITLE_TYPES), cover_sub=_ph_area(cover, SUB_TYPES),
        section_title=_ph_area(section, TITLE_TYPES), section_sub=_ph_area(section, SUB_TYPES),
        closing_title=_ph_area(closing, TITLE_TYPES), closing_sub=_ph_area(closing, SUB_TYPES))


# -------------------------------------------------------------------- paragraph geometry


def _paragraph_geometry(p: Any, style: ListStyle, level: int) -> None:
    """Explicit marL, indent, line spacing and space before, as layout measured them."""
    ppr = p.get_or_add_pPr()
    ppr.set("marL", str(round(style.margin_left(level) * EMU_PER_PT)))
    ppr.set("indent", str(-round(style.margin * EMU_PER_PT)))
    for tag in ("a:lnSpc", "a:spcBef"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    ln = etree.Element(qn("a:lnSpc"))
    etree.SubElement(ln, qn("a:spcPct")).set("val", str(round(style.spacing * 100000)))
    bef = etree.Element(qn("a:spcBef"))
    before = style.sub_space_before if level else style.space_before
    etree.SubElement(bef, qn("a:spcPts")).set("val", str(round(before * 100)))
    ppr.insert(0, bef)
    ppr.insert(0, ln)


def _bullet(p: Any, color: str, level: int) -> None:
    """A bullet character of its own (text boxes and panels have no level styles)."""
    ppr = p.get_or_add_pPr()
    for tag in _PPR_SPACING[3:]:
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    clr = etree.Element(qn("a:buClr"))
    etree.SubElement(clr, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
    font = etree.Element(qn("a:buFont"), typeface="Arial")
    char = etree.Element(qn("a:buChar"), char="•" if level == 0 else "–")
    anchor = ppr.find(qn("a:spcAft")) if ppr.find(qn("a:spcAft")) is not None \
        else ppr.find(qn("a:spcBef"))
    for el in reversed((clr, font, char)):
        if anchor is not None:
            anchor.addnext(el)
        else:
            ppr.insert(0, el)


def _draw_paragraph(para: Any, text: str, level: int, key: tuple[Any, ...],
                    style_fn: Callable[..., None]) -> None:
    """One paragraph the python-pptx way: level, alignment, geometry, bullet, runs split at
    line breaks, and every run, break and end mark styled."""
    style, _, align, bullets, pt, bold, color = key
    para.level = level
    if align is not None:
        para.alignment = align
    _paragraph_geometry(para._p, style, level)
    if bullets:
        _bullet(para._p, bullets, level)
    lines = text.split("\n")
    for k, line in enumerate(lines):
        run = para.add_run()
        run.text = line
        if k < len(lines) - 1:
            para.add_line_break()
    for br in para._p.findall(qn("a:br")):  # a break's size sets its line's height
        if br.find(qn("a:rPr")) is None:
            br.insert(0, etree.Element(qn("a:rPr")))
    style_fn(para._p, size=pt, bold=bold, color=color)


class _Builder:
    """Draws a DeckPlan into a presentation."""

    def __init__(self, prs: Any, plan: DeckPlan, geom: Geometry,
                 charts: dict[str, Rendered]) -> None:
        self.prs = prs
        self.plan = plan
        self.geom = geom
        self.frames = frames(prs, geom)
        self.charts = charts
        self.t = texts(plan.language)
        self.fonts = {"latin": plan.latin_font, "east_asian": plan.east_asian_font,
                      "lang": plan.language}
        self._sizes: dict[tuple[Any, ...], float] = {}
        self._parts: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}
        self._body_prs: dict[tuple[Any, ...], Any] = {}
        self._footers: dict[tuple[str, str], list[Any]] = {}

    # -- text helpers ---------------------------------------------------------------------
    def style(self, el: Any, size: float | None = None, bold: bool | None = None,
              color: str | None = None) -> None:
        ooxml.style_text(el, size_pt=size, bold=bold, color=color, **self.fonts)

    def fill(self, frame: Any, paras: Sequence[tuple[str, int]], *, size: float,
             style: ListStyle = layout.PLAIN, floor: float = 0.0, bold: bool | None = None,
             color: str | None = None, align: Any = None, bullets: str | None = None) -> None:
        """Paragraphs with explicit geometry and sizes (level n at the style's scale).

        Each kind of paragraph (style, level, alignment, bullets, size, weight, colour) is
        drawn once the python-pptx way and copied after that: the same XML, a fifth of the
        work. A first paragraph that keeps properties of its own is drawn in full."""
        txbody = frame._txBody
        ps = txbody.findall(_P)
        for extra in ps[1:]:
            txbody.remove(extra)
        first: Any = ps[0] if ps else None
        if first is not None:
            for el in [el for el in first if el.tag in _CONTENT]:
                first.remove(el)
        for i, (text, level) in enumerate(paras):
            pt = self._size_at(style, size, level, floor)
            key = (style, level, align, bullets, pt, bold, color)
            if i == 0 and (first is None or len(first) or first.attrib):
                para = frame.paragraphs[0]
                _draw_paragraph(para, text, level, key, self.style)
                continue
            ppr, run, br = self._paragraph_parts(key)
            p = first if i == 0 else copy.deepcopy(_EMPTY_P)
            p.append(copy.deepcopy(ppr))
            for k, line in enumerate(text.split("\n")):
                if k:
                    p.append(copy.deepcopy(br))
                r = copy.deepcopy(run)
                r[-1].text = _escape_ctrl(line) if _CTRL.search(line) else line
                p.append(r)
            if i:
                txbody.append(p)

    def _size_at(self, style: ListStyle, size: float, level: int, floor: float) -> float:
        key = (style, size, level, floor)
        found = self._sizes.get(key)
        if found is None:
            found = self._sizes[key] = style.size_at(size, level, floor)
        return found

    def _paragraph_parts(self, key: tuple[Any, ...]) -> tuple[Any, Any, Any]:
        """pPr, a styled run and a styled line break for one kind of paragraph, drawn once
        on a scratch paragraph by :func:`_draw_paragraph`."""
        parts = self._parts.get(key)
        if parts is None:
            from pptx.text.text import _Paragraph

            scratch = copy.deepcopy(_EMPTY_P)
            no_parent: Any = None  # a paragraph needs its part only for hyperlinks
            _draw_paragraph(_Paragraph(scratch, no_parent), "\n", key[1], key, self.style)
            parts = self._parts[key] = (scratch.find(_PPR), scratch.find(_R), scratch.find(_BR))
        return parts

    def frame_setup(self, tf: Any, area: Area, anchor: Any = None) -> None:
        """Word wrap on, autofit off, the insets layout measured with.

        The finished bodyPr depends only on the bodyPr it starts from and these values:
        it is set the python-pptx way once per kind and copied after that."""
        body_pr = tf._bodyPr
        key = (etree.tostring(body_pr), area.lr, area.tb, area.bb, anchor)
        done = self._body_prs.get(key)
        if done is not None:
            body_pr.getparent().replace(body_pr, copy.deepcopy(done))
            return
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.margin_left = tf.margin_right = _emu(area.lr)
        tf.margin_top = _emu(area.tb)
        tf.margin_bottom = _emu(area.tb if area.bb is None else area.bb)
        if anchor is not None:
            tf.vertical_anchor = anchor
        self._body_prs[key] = copy.deepcopy(tf._bodyPr)

    @staticmethod
    def place(shape: Any, area: Area) -> None:
        """Position and size, written into a:xfrm as python-pptx's four setters would."""
        values = (_emu(area.x), _emu(area.y), _emu(area.w), _emu(area.h))
        el = shape._element
        sp_pr = el.find(_SP_PR) if el.tag == _SP else None
        xfrm = None if sp_pr is None else sp_pr.find(_XFRM)
        if xfrm is None and sp_pr is not None:  # xfrm comes first in spPr
            xfrm = etree.Element(_XFRM)
            sp_pr.insert(0, xfrm)
        elif xfrm is None:
            xfrm = el.get_or_add_xfrm()
        off, ext = xfrm.find(_OFF), xfrm.find(_EXT)
        if off is None and ext is None and not len(xfrm):
            off, ext = etree.SubElement(xfrm, _OFF), etree.SubElement(xfrm, _EXT)
        if off is None or ext is None:  # an odd template's xfrm: let python-pptx order it
            shape.left, shape.top = values[:2]
            shape.width, shape.height = values[2:]
            return
        off.set("x", str(values[0]))
        off.set("y", str(values[1]))
        ext.set("cx", str(values[2]))
        ext.set("cy", str(values[3]))

    def textbox(self, slide: Any, area: Area, text: str | list[tuple[str, int]], *,
                size: float, bold: bool = False, color: str = TEXT,
                align: Any = PP_ALIGN.LEFT, anchor: Any = MSO_ANCHOR.TOP,
                name: str | None = None, style: ListStyle = layout.PLAIN,
                floor: float = 0.0, bullets: str | None = None) -> Any:
        r = _rect(area)
        box = slide.shapes.add_textbox(Emu(r.x), Emu(r.y), Emu(r.w), Emu(r.h))
        if name:
            box.name = name
        self.frame_setup(box.text_frame, area, anchor)
        paras = [(text, 0)] if isinstance(text, str) else text
        self.fill(box.text_frame, paras, size=size, bold=bold, color=color, align=align,
                  style=style, floor=floor, bullets=bullets)
        return box

    def shape_text(self, shape: Any, area: Area, paras: list[tuple[str, int]], *, size: float,
                   anchor: Any = None, **kw: Any) -> None:
        """Text into a placeholder or autoshape, placed and set up as layout measured it."""
        self.place(shape, area)
        self.frame_setup(shape.text_frame, area, anchor)
        self.fill(shape.text_frame, paras, size=size, **kw)

    # -- slides ---------------------------------------------------------------------------
    def new_slide(self, role: str) -> Any:
        return self.prs.slides.add_slide(slide_layout(self.prs, self.geom, role))

    @staticmethod
    def placeholder(slide: Any, *types: str) -> Any:
        """The slide's first placeholder of the first of these types that it has."""
        phs = _placeholders(slide.shapes._spTree)
        for t in types:
            for kind, el in phs:
                if kind == t:
                    return _SlidePlaceholderFactory(el, slide.placeholders)
        return None

    def set_title(self, slide: Any, sp: SlidePlan, area: Area, start: float) -> None:
        size = sp.size("title", start)
        area = area.for_bottom_anchor(size)
        ph = self.placeholder(slide, *TITLE_TYPES)
        if ph is None:
            self.textbox(slide, area, sp.title, size=size, bold=True, name="Title",
                         anchor=MSO_ANCHOR.BOTTOM, style=TITLE_STYLE)
            return
        self.shape_text(ph, area, [(sp.title, 0)], size=size, style=TITLE_STYLE)

    def content_title(self, slide: Any, sp: SlidePlan) -> None:
        size = sp.size("title", START_PT["title"])
        self.set_title(slide, sp, layout.title_area(self.frames, sp.title, size),
                       START_PT["title"])

    def draw(self, sp: SlidePlan) -> Any:
        role = {"title": "title", "closing": "closing", "section": "section",
                "bullets": "content", "agenda": "content", "sources": "content"}.get(
            sp.role, "title_only")
        slide = self.new_slide(role)
        getattr(self, f"_draw_{sp.role}")(slide, sp)
        self._drop_empty_placeholders(slide)
        if sp.role not in ("title", "section", "closing"):
            self._footer(slide, sp)
        self._notes(slide, sp)
        return slide

    def _cover(self, slide: Any, sp: SlidePlan, kind: str, title: Area | None,
               sub: Area | None) -> None:
        self.set_title(slide, sp, title or self.frames.title, START_PT[f"{kind}_title"])
        ph = self.placeholder(slide, *SUB_TYPES)
        if ph is not None and sub is not None and sp.subtitle:
            self.shape_text(ph, sub, [(line, 0) for line in sp.subtitle.split("\n")],
                            size=sp.size("subtitle", START_PT[f"{kind}_sub"]),
                            style=SUB_STYLE)

    def _draw_title(self, slide: Any, sp: SlidePlan) -> None:
        f = self.frames
        self._cover(slide, sp, "deck", f.cover_title, f.cover_sub)

    def _draw_closing(self, slide: Any, sp: SlidePlan) -> None:
        f = self.frames
        self._cover(slide, sp, "closing", f.closing_title, f.closing_sub)

    def _draw_section(self, slide: Any, sp: SlidePlan) -> None:
        f = self.frames
        self._cover(slide, sp, "section", f.section_title, f.section_sub)

    def _bulleted(self, slide: Any, sp: SlidePlan, kind: str) -> None:
        self.content_title(slide, sp)
        paras = [(p.text, p.level) for p in sp.paras]
        size = sp.size("body", START_PT[kind])
        body = self.placeholder(slide, "body", "obj")
        if body is None:
            self.textbox(slide, self.frames.body, paras, size=size, style=layout.BODY_LIST,
                         floor=FLOOR[kind], bullets=self.plan.palette[0], name="Body")
            return
        self.shape_text(body, self.frames.body, paras, size=size, style=layout.BODY_LIST,
                        floor=FLOOR[kind])

    def _draw_bullets(self, slide: Any, sp: SlidePlan) -> None:
        self._bulleted(slide, sp, "body")

    def _draw_agenda(self, slide: Any, sp: SlidePlan) -> None:
        self._bulleted(slide, sp, "agenda")

    def _draw_sources(self, slide: Any, sp: SlidePlan) -> None:
        self._bulleted(slide, sp, "sources")

    def _caption(self, slide: Any, sp: SlidePlan, below: float | None = None) -> None:
        _, cap, src = layout.caption_areas(self.frames.body, sp, self.plan.language, below)
        if cap is not None and sp.caption:
            self.textbox(slide, cap, sp.caption, size=sp.size("caption", START_PT["caption"]),
                         align=PP_ALIGN.CENTER, name="Caption")
        text = layout.caption_text(sp, self.plan.language)
        if src is not None and text:
            self.textbox(slide, src, text, size=sp.size("source", START_PT["source"]),
                         color=MUTED, align=PP_ALIGN.RIGHT, name="Source")

    def _draw_chart(self, slide: Any, sp: SlidePlan) -> None:
        self.content_title(slide, sp)
        assert sp.chart is not None
        box = chart_box(self.geom, sp, self.plan.language)
        if sp.chart.native:
            from .native_chart import add_native_chart  # xlsxwriter: only for native charts

            add_native_chart(slide, sp.chart, box, self.plan)
        else:
            pic = self.charts[sp.chart.name].png
            slide.shapes.add_picture(str(pic), Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
            slide.shapes[-1].name = f"Chart {sp.chart.name}"
        self._caption(slide, sp)

    def _draw_image(self, slide: Any, sp: SlidePlan) -> None:
        self.content_title(slide, sp)
        assert sp.image is not None
        box = chart_box(self.geom, sp, self.plan.language)
        img = prepare(sp.image)
        scale = min(box.w / img.width, box.h / img.height)
        w, h = int(img.width * scale), int(img.height * scale)
        x, y = box.x + (box.w - w) // 2, box.y + (box.h - h) // 2
        slide.shapes.add_picture(io.BytesIO(img.data), Emu(x), Emu(y), Emu(w), Emu(h))
        slide.shapes[-1].name = f"Picture {sp.image.name}"
        self._caption(slide, sp, (y + h) / EMU_PER_PT)

    def _rectangle(self, slide: Any, area: Area, color: str, name: str) -> Any:
        r = _rect(area)
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(r.x), Emu(r.y), Emu(r.w),
                                       Emu(r.h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#"))
        shape.line.fill.background()
        shape.name = name
        return shape

    def _draw_quote(self, slide: Any, sp: SlidePlan) -> None:
        self.content_title(slide, sp)
        assert sp.quote is not None
        text, by = sp.quote
        line = layout.attribution_text(by, self.plan.language) if by else None
        q = layout.quote_areas(self.frames.body, line,
                               sp.size("quote_by", START_PT["quote_by"]))
        self._rectangle(slide, q.bar, self.plan.palette[0], "Quote bar")
        self.textbox(slide, q.text, layout.quote_text(text),
                     size=sp.size("quote", START_PT["quote"]), color="#1F3A5F",
                     anchor=MSO_ANCHOR.MIDDLE, name="Quote")
        if line is not None and q.by is not None:
            self.textbox(slide, q.by, line,
                         size=sp.size("quote_by", START_PT["quote_by"]), color=MUTED,
                         align=PP_ALIGN.RIGHT, name="Attribution")

    def _draw_stats(self, slide: Any, sp: SlidePlan) -> None:
        self.content_title(slide, sp)
        value_pt = sp.size("stat_value", START_PT["stat_value"])
        label_pt = sp.size("stat_label", START_PT["stat_label"])
        for i, ((value, label), a) in enumerate(zip(sp.stats, layout.stat_areas(
                self.frames.body, len(sp.stats)))):
            color = self.plan.palette[i % len(self.plan.palette)]
            self._rectangle(slide, a.card, PANEL, f"Stat card {i + 1}")
            self._rectangle(slide, Area(a.card.x, a.card.y, a.card.w, 0.07 * 72), color,
                            f"Stat accent {i + 1}")
            self.textbox(slide, a.value.for_bottom_anchor(value_pt), value, size=value_pt,
                         bold=True, color=color,
                         align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.BOTTOM,
                         name=f"Stat value {i + 1}")
            self.textbox(slide, a.label, label, size=label_pt, color=MUTED,
                         align=PP_ALIGN.CENTER, name=f"Stat label {i + 1}")

    def _draw_columns(self, slide: Any, sp: SlidePlan) -> None:
        self.content_title(slide, sp)
        head_pt = sp.size("col_head", START_PT["col_head"])
        body_pt = sp.size("col_body", START_PT["col_body"])
        areas = layout.trimmed_panels(
            layout.column_areas(self.frames.body, [h for h, _ in sp.columns], head_pt),
            [ps for _, ps in sp.columns], body_pt)
        for i, ((heading, paras), a) in enumerate(zip(sp.columns, areas)):
            color = self.plan.palette[i % len(self.plan.palette)]
            head = self._rectangle(slide, a.head, color, f"Column heading {i + 1}")
            self.shape_text(head, a.head, [(heading, 0)], size=head_pt, bold=True,
                            color="#FFFFFF", align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
            panel = self._rectangle(slide, a.panel, PANEL, f"Column {i + 1}")
            self.shape_text(panel, a.panel, [(p.text, p.level) for p in paras], size=body_pt,
                            anchor=MSO_ANCHOR.TOP, style=layout.COLUMN_LIST,
                            floor=FLOOR["col_body"], color=TEXT, align=PP_ALIGN.LEFT,
                            bullets=color)

    def _draw_table(self, slide: Any, sp: SlidePlan) -> None:
        self.content_title(slide, sp)
        assert sp.table is not None
        header, rows = sp.table
        b = self.frames.body
        size = sp.size("table", START_PT["table"])
        widths = [f * b.w for f in sp.table_widths] or layout.table_columns(header, rows, b.w)
        heights = layout.table_rows(header, rows, widths, size)
        frame = slide.shapes.add_table(len(rows) + 1, len(header), _emu(b.x), _emu(b.y),
                                       _emu(b.w), _emu(sum(heights)))
        frame.name = "Table"
        table = frame.table
        for c, w in enumerate(widths):
            table.columns[c].width = _emu(w)
        lr, tb = layout.CELL_MARGIN_PT
        for r, row in enumerate((header, *rows)):
            table.rows[r].height = _emu(heights[r])
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = _emu(lr)
                cell.margin_top = cell.margin_bottom = _emu(tb)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                self.fill(cell.text_frame, [(value, 0)], size=size, bold=(r == 0))

    # -- furniture ------------------------------------------------------------------------
    @staticmethod
    def _drop_empty_placeholders(slide: Any) -> None:
        # python-pptx: every p:sp placeholder has a text frame (pictures and graphic
        # frames have none); its text is that of its runs and fields.
        for _, el in _placeholders(slide.shapes._spTree):
            if el.tag == _SP and not "".join(t.text or "" for t in el.iter(_T)).strip():
                ooxml.remove_element(el)

    def _footer(self, slide: Any, sp: SlidePlan) -> None:
        layout_ = slide.slide_layout
        text = self.plan.footer + (f" · {sp.presenter}" if sp.presenter else "")
        tree = slide.shapes._spTree
        key = (str(layout_.part.partname), text)
        done = self._footers.get(key)
        if done is not None:  # the same layout and text give the same elements
            tree.extend(copy.deepcopy(el) for el in done)
        else:
            before = len(tree)
            self._draw_footer(tree, layout_, text)
            self._footers[key] = [copy.deepcopy(el) for el in tree[before:]]
        _renumber_shapes(slide)

    def _draw_footer(self, tree: Any, layout_: Any, text: str) -> None:
        """The layout's footer and slide-number placeholders, copied onto the slide."""
        for ph in layout_.placeholders:
            kind = ph_type(ph)
            if kind not in ("ftr", "sldNum"):
                continue
            el = copy.deepcopy(ph.element)
            tree.append(el)
            txbody = el.find(qn("p:txBody"))
            if txbody is None:
                continue
            paras = txbody.findall(qn("a:p"))
            for extra in paras[1:]:
                txbody.remove(extra)
            p = paras[0]
            for r in p.findall(qn("a:r")) + p.findall(qn("a:fld")) + p.findall(qn("a:br")):
                p.remove(r)
            if kind == "sldNum":
                ooxml.slide_number_field(p)
            else:
                r = p.makeelement(qn("a:r"), {})
                t = r.makeelement(qn("a:t"), {})
                t.text = _one_line(text, _ph_area(layout_, ("ftr",)), FOOTER_PT)
                r.append(t)
                end = p.find(qn("a:endParaRPr"))
                if end is not None:
                    end.addprevious(r)
                else:
                    p.append(r)
            self.style(txbody, size=FOOTER_PT)

    def _notes(self, slide: Any, sp: SlidePlan) -> None:
        frame = slide.notes_slide.notes_text_frame
        self.fill(frame, [(line, 0) for line in (sp.notes or "").strip().split("\n")],
                  size=12)


def _placeholders(tree: Any) -> list[tuple[str, Any]]:
    """(type, element) of each placeholder shape in a shape tree, in document order, as
    python-pptx lists them (a shape whose first child's nvPr holds p:ph)."""
    out = []
    for el in tree.iterchildren():
        if el.tag in _SHAPE_TAGS:
            ph = el.ph
            if ph is not None:
                out.append((ph.get("type") or "obj", el))
    return out


def _one_line(text: str, area: Area | None, size: float) -> str:
    """Text cut short with an ellipsis so that it stays on one line of the box."""
    if area is None:
        return text
    width = area.w - 2 * area.lr
    if fit.text_width(text, size) <= width:
        return text
    while text and fit.text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _renumber_shapes(slide: Any) -> None:
    """Unique shape ids after copying placeholders from the layout."""
    ids: set[int] = set()
    for el in slide.shapes._spTree.iter(qn("p:cNvPr")):
        sid = int(el.get("id", "0"))
        if sid in ids or sid == 0:
            sid = max(ids | {1}) + 1
            el.set("id", str(sid))
        ids.add(sid)


def build_presentation(plan: DeckPlan, prs: Any, geom: Geometry, charts: dict[str, Rendered],
                       *, progress: Callable[[str], None] | None = None) -> Any:
    """Draw every slide of the plan, then the deck-wide parts (notes master, fonts,
    sections, properties)."""
    b = _Builder(prs, plan, geom, charts)
    slide_ids: list[int] = []
    for i, sp in enumerate(plan.slides, start=1):
        slide = b.draw(sp)
        slide_ids.append(slide.slide_id)
        if progress and i % 50 == 0:
            progress(f"slide {i}/{len(plan.slides)}")
    ooxml.list_notes_master(prs.part._element, ooxml.notes_master_rid(prs.part))
    apply_theme(prs, plan)
    ooxml.add_sections(prs.part._element, _sections(plan, slide_ids))
    _core_properties(prs, plan)
    return prs


def _sections(plan: DeckPlan, slide_ids: list[int]) -> list[tuple[str, list[int]]]:
    zh = plan.language.startswith("zh")
    groups: list[tuple[str, list[int]]] = []
    current: str | None = None
    for sp, sid in zip(plan.slides, slide_ids):
        if sp.role in ("title", "agenda"):
            name = "开场" if zh else "Opening"
        elif sp.role in ("sources", "closing"):
            name = "结尾" if zh else "Closing"
        else:
            assert sp.chapter is not None
            name = plan.chapters[sp.chapter][0]
            who = plan.chapters[sp.chapter][1]
            if who:
                name = f"{name}（{who}）" if zh else f"{name} ({who})"
        if name != current or not groups:
            groups.append((name, []))
            current = name
        groups[-1][1].append(sid)
    return groups


def _core_properties(prs: Any, plan: DeckPlan) -> None:
    from .write import build_time

    props = prs.core_properties
    props.title = plan.title
    props.author = "、".join(plan.authors) if plan.language.startswith("zh") \
        else ", ".join(plan.authors)
    props.language = plan.language
    props.last_modified_by = "deckgen"
    props.revision = 1
    props.subject = ""
    props.keywords = ""
    props.comments = "Built by deckgen from an outline."
    when = build_time().replace(tzinfo=None)
    props.created = when
    props.modified = when


def save_bytes(prs: Any) -> bytes:
    """The presentation as .pptx bytes (zip times not yet normalised)."""
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def charts_to_render(plan: DeckPlan, geom: Geometry) -> list[tuple[ChartSpec, float, float]]:
    """The picture charts of the deck with the size (inches) they occupy on the slide."""
    jobs = []
    for sp in plan.slides:
        if sp.chart is not None and not sp.chart.native:
            w, h = chart_box(geom, sp, plan.language).inches()
            jobs.append((sp.chart, w, h))
    return jobs
