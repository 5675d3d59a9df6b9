"""Stage 5, build: slide plans and chart pictures into a python-pptx presentation.

The only module (with ooxml.py) that imports python-pptx."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu

from . import ooxml
from .charts import Rendered
from .images import prepare
from .native_chart import add_native_chart
from .plan import ChartSpec, DeckPlan, Para, SlidePlan, texts
from .template import EMU_PER_IN, EMU_PER_PT, Geometry, Rect, apply_theme, ph_type

TEXT = "#1F2937"
MUTED = "#6B7280"
PANEL = "#F3F4F6"

# Type sizes per role (pt): explicit on every run so every viewer shows the same thing.
SIZES = {"title": 32, "body": 22, "body2": 19, "deck_title": 44, "deck_sub": 22,
         "section_title": 40, "section_sub": 24, "caption": 16, "source": 12, "quote": 28,
         "quote_by": 20, "stat_value": 44, "stat_label": 18, "col_head": 22, "col_body": 18,
         "table": 16, "sources": 18, "agenda": 24}


def chart_box(geom: Geometry, slide: SlidePlan) -> Rect:
    """Where a chart (or picture) goes: the body box less a band for caption and source."""
    band = 0
    if slide.caption:
        band += int(0.45 * EMU_PER_IN)
    if slide.source:
        band += int(0.3 * EMU_PER_IN)
    b = geom.body
    return Rect(b.x, b.y, b.w, b.h - band)


class _Builder:
    """Draws a DeckPlan into a presentation."""

    def __init__(self, prs: Any, plan: DeckPlan, geom: Geometry,
                 charts: dict[str, Rendered]) -> None:
        self.prs = prs
        self.plan = plan
        self.geom = geom
        self.charts = charts
        self.t = texts(plan.language)
        self.fonts = {"latin": plan.latin_font, "east_asian": plan.east_asian_font,
                      "lang": plan.language}

    # -- text helpers ---------------------------------------------------------------------
    def style(self, el: Any, size: float | None = None, bold: bool | None = None,
              color: str | None = None) -> None:
        ooxml.style_text(el, size_pt=size, bold=bold, color=color, **self.fonts)

    def fill(self, frame: Any, paras: list[tuple[str, int]] | tuple[Para, ...], *,
             size: float, size2: float | None = None, bold: bool | None = None,
             color: str | None = None, align: Any = None) -> None:
        frame.clear()
        items = [(p.text, p.level) if isinstance(p, Para) else p for p in paras]
        for i, (text, level) in enumerate(items):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.level = level
            if align is not None:
                para.alignment = align
            lines = text.split("\n")
            for k, line in enumerate(lines):
                run = para.add_run()
                run.text = line
                if k < len(lines) - 1:
                    para.add_line_break()
            self.style(para._p, size=(size2 or size) if level else size, bold=bold,
                       color=color)

    def textbox(self, slide: Any, r: Rect, text: str | list[tuple[str, int]], *, size: float,
                bold: bool = False, color: str = TEXT, align: Any = PP_ALIGN.LEFT,
                anchor: Any = MSO_ANCHOR.TOP, name: str | None = None) -> Any:
        box = slide.shapes.add_textbox(Emu(r.x), Emu(r.y), Emu(r.w), Emu(r.h))
        if name:
            box.name = name
        tf = box.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = anchor
        paras = [(text, 0)] if isinstance(text, str) else text
        self.fill(tf, paras, size=size, bold=bold, color=color, align=align)
        return box

    # -- slides ---------------------------------------------------------------------------
    def new_slide(self, role: str) -> Any:
        return self.prs.slides.add_slide(self.prs.slide_layouts[self.geom.layouts[role]])

    @staticmethod
    def placeholder(slide: Any, *types: str) -> Any:
        for ph in slide.placeholders:
            if ph_type(ph) in types:
                return ph
        return None

    def set_title(self, slide: Any, text: str, size: float, *, types: tuple[str, ...] = (
            "title", "ctrTitle")) -> None:
        ph = self.placeholder(slide, *types)
        if ph is None:
            self.textbox(slide, self.geom.title, text, size=size, bold=True, name="Title")
            return
        ph.text_frame.word_wrap = True
        self.fill(ph.text_frame, [(text, 0)], size=size)

    def body_placeholder(self, slide: Any) -> Any:
        return self.placeholder(slide, "body", "obj", "subTitle")

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

    def _draw_title(self, slide: Any, sp: SlidePlan) -> None:
        self.set_title(slide, sp.title, SIZES["deck_title"])
        sub = self.placeholder(slide, "subTitle", "body")
        if sub is not None and sp.subtitle:
            self.fill(sub.text_frame, [(line, 0) for line in sp.subtitle.split("\n")],
                      size=SIZES["deck_sub"])

    _draw_closing = _draw_title

    def _draw_section(self, slide: Any, sp: SlidePlan) -> None:
        self.set_title(slide, sp.title, SIZES["section_title"])
        body = self.body_placeholder(slide)
        if body is not None and sp.subtitle:
            self.fill(body.text_frame, [(sp.subtitle, 0)], size=SIZES["section_sub"])

    def _bulleted(self, slide: Any, sp: SlidePlan, size: float, size2: float) -> None:
        self.set_title(slide, sp.title, SIZES["title"])
        body = self.body_placeholder(slide)
        if body is None:
            self.textbox(slide, self.geom.body, [(p.text, p.level) for p in sp.paras],
                         size=size)
            return
        body.text_frame.word_wrap = True
        self.fill(body.text_frame, sp.paras, size=size, size2=size2)

    def _draw_bullets(self, slide: Any, sp: SlidePlan) -> None:
        self._bulleted(slide, sp, SIZES["body"], SIZES["body2"])

    def _draw_agenda(self, slide: Any, sp: SlidePlan) -> None:
        self._bulleted(slide, sp, SIZES["agenda"], SIZES["body2"])

    def _draw_sources(self, slide: Any, sp: SlidePlan) -> None:
        self._bulleted(slide, sp, SIZES["sources"], SIZES["sources"])

    def _caption(self, slide: Any, sp: SlidePlan, below: int) -> None:
        b = self.geom.body
        y = below + int(0.05 * EMU_PER_IN)
        if sp.caption:
            h = int(0.42 * EMU_PER_IN)
            self.textbox(slide, Rect(b.x, y, b.w, h), sp.caption, size=SIZES["caption"],
                         align=PP_ALIGN.CENTER, name="Caption")
            y += h
        if sp.source:
            label = "来源：" if self.plan.language.startswith("zh") else "Source: "
            self.textbox(slide, Rect(b.x, y, b.w, int(0.3 * EMU_PER_IN)),
                         label + sp.source, size=SIZES["source"], color=MUTED,
                         align=PP_ALIGN.RIGHT, name="Source")

    def _draw_chart(self, slide: Any, sp: SlidePlan) -> None:
        self.set_title(slide, sp.title, SIZES["title"])
        assert sp.chart is not None
        box = chart_box(self.geom, sp)
        if sp.chart.native:
            add_native_chart(slide, sp.chart, box, self.plan)
        else:
            pic = self.charts[sp.chart.name].png
            slide.shapes.add_picture(str(pic), Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
            slide.shapes[-1].name = f"Chart {sp.chart.name}"
        self._caption(slide, sp, box.y + box.h)

    def _draw_image(self, slide: Any, sp: SlidePlan) -> None:
        self.set_title(slide, sp.title, SIZES["title"])
        assert sp.image is not None
        box = chart_box(self.geom, sp)
        img = prepare(sp.image)
        scale = min(box.w / img.width, box.h / img.height)
        w, h = int(img.width * scale), int(img.height * scale)
        x, y = box.x + (box.w - w) // 2, box.y + (box.h - h) // 2
        slide.shapes.add_picture(io.BytesIO(img.data), Emu(x), Emu(y), Emu(w), Emu(h))
        slide.shapes[-1].name = f"Picture {sp.image.name}"
        self._caption(slide, sp, y + h)

    def _draw_quote(self, slide: Any, sp: SlidePlan) -> None:
        self.set_title(slide, sp.title, SIZES["title"])
        assert sp.quote is not None
        text, by = sp.quote
        b = self.geom.body
        bar_w = int(0.08 * EMU_PER_IN)
        inset = int(0.35 * EMU_PER_IN)
        by_h = int(0.6 * EMU_PER_IN) if by else 0
        top = b.y + int(0.2 * EMU_PER_IN)
        qh = b.h - by_h - int(0.4 * EMU_PER_IN)
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(b.x), Emu(top), Emu(bar_w),
                                     Emu(qh + by_h))
        bar.fill.solid()
        bar.fill.fore_color.rgb = RGBColor.from_string(self.plan.palette[0].lstrip("#"))
        bar.line.fill.background()
        bar.name = "Quote bar"
        zh = self.plan.language.startswith("zh")
        quoted = f"“{text}”" if not text.startswith(("“", "\"", "「")) else text
        self.textbox(slide, Rect(b.x + bar_w + inset, top, b.w - bar_w - 2 * inset, qh),
                     quoted, size=SIZES["quote"], color="#1F3A5F", anchor=MSO_ANCHOR.MIDDLE,
                     name="Quote")
        if by:
            self.textbox(slide, Rect(b.x + bar_w + inset, top + qh, b.w - bar_w - 2 * inset,
                                     by_h), ("—— " if zh else "— ") + by,
                         size=SIZES["quote_by"], color=MUTED, align=PP_ALIGN.RIGHT,
                         name="Attribution")

    def _draw_stats(self, slide: Any, sp: SlidePlan) -> None:
        self.set_title(slide, sp.title, SIZES["title"])
        b = self.geom.body
        n = len(sp.stats)
        gap = int(0.3 * EMU_PER_IN)
        w = (b.w - gap * (n - 1)) // n
        h = min(b.h, int(2.9 * EMU_PER_IN))
        y = b.y + (b.h - h) // 2
        for i, (value, label) in enumerate(sp.stats):
            x = b.x + i * (w + gap)
            card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(y), Emu(w), Emu(h))
            card.fill.solid()
            card.fill.fore_color.rgb = RGBColor.from_string(PANEL.lstrip("#"))
            card.line.fill.background()
            card.name = f"Stat card {i + 1}"
            accent = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(y), Emu(w),
                                            Emu(int(0.07 * EMU_PER_IN)))
            accent.fill.solid()
            color = self.plan.palette[i % len(self.plan.palette)]
            accent.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#"))
            accent.line.fill.background()
            accent.name = f"Stat accent {i + 1}"
            pad = int(0.15 * EMU_PER_IN)
            vh = int(h * 0.5)
            self.textbox(slide, Rect(x + pad, y + pad, w - 2 * pad, vh - pad), value,
                         size=SIZES["stat_value"], bold=True, color=color,
                         align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.BOTTOM,
                         name=f"Stat value {i + 1}")
            self.textbox(slide, Rect(x + pad, y + vh, w - 2 * pad, h - vh - pad), label,
                         size=SIZES["stat_label"], color=MUTED, align=PP_ALIGN.CENTER,
                         name=f"Stat label {i + 1}")

    def _draw_columns(self, slide: Any, sp: SlidePlan) -> None:
        self.set_title(slide, sp.title, SIZES["title"])
        b = self.geom.body
        n = len(sp.columns)
        gap = int(0.3 * EMU_PER_IN)
        w = (b.w - gap * (n - 1)) // n
        head_h = int(0.6 * EMU_PER_IN)
        for i, (heading, paras) in enumerate(sp.columns):
            x = b.x + i * (w + gap)
            color = self.plan.palette[i % len(self.plan.palette)]
            head = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(b.y), Emu(w),
                                          Emu(head_h))
            head.fill.solid()
            head.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#"))
            head.line.fill.background()
            head.name = f"Column heading {i + 1}"
            tf = head.text_frame
            tf.word_wrap = True
            tf.vertical_anchor = MSO_ANCHOR.MIDDLE
            self.fill(tf, [(heading, 0)], size=SIZES["col_head"], bold=True, color="#FFFFFF",
                      align=PP_ALIGN.CENTER)
            panel = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(b.y + head_h),
                                           Emu(w), Emu(b.h - head_h))
            panel.fill.solid()
            panel.fill.fore_color.rgb = RGBColor.from_string(PANEL.lstrip("#"))
            panel.line.fill.background()
            panel.name = f"Column {i + 1}"
            tf = panel.text_frame
            tf.word_wrap = True
            tf.auto_size = MSO_AUTO_SIZE.NONE
            tf.vertical_anchor = MSO_ANCHOR.TOP
            for side in ("left", "right"):
                setattr(tf, f"margin_{side}", Emu(int(0.18 * EMU_PER_IN)))
            tf.margin_top = Emu(int(0.15 * EMU_PER_IN))
            self.fill(tf, paras, size=SIZES["col_body"], size2=SIZES["col_body"] - 2,
                      color=TEXT, align=PP_ALIGN.LEFT)
            for p in tf.paragraphs:
                _bullet(p, color, p.level)

    def _draw_table(self, slide: Any, sp: SlidePlan) -> None:
        self.set_title(slide, sp.title, SIZES["title"])
        assert sp.table is not None
        header, rows = sp.table
        b = self.geom.body
        size = SIZES["table"]
        row_h = int((size * 1.25 + 10) * EMU_PER_PT)
        h = min(b.h, row_h * (len(rows) + 1))
        frame = slide.shapes.add_table(len(rows) + 1, len(header), Emu(b.x), Emu(b.y),
                                       Emu(b.w), Emu(h))
        frame.name = "Table"
        table = frame.table
        weights = [max(4, max(_text_weight(r[c]) for r in (header, *rows)))
                   for c in range(len(header))]
        total = sum(weights)
        for c, wt in enumerate(weights):
            table.columns[c].width = Emu(int(b.w * wt / total))
        for r, row in enumerate((header, *rows)):
            table.rows[r].height = Emu(row_h)
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = Emu(int(0.08 * EMU_PER_IN))
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                self.fill(cell.text_frame, [(value, 0)], size=size, bold=(r == 0))

    # -- furniture ------------------------------------------------------------------------
    def _drop_empty_placeholders(self, slide: Any) -> None:
        for ph in list(slide.placeholders):
            if ph.has_text_frame and not ph.text_frame.text.strip():
                ooxml.remove_element(ph.element)

    def _footer(self, slide: Any, sp: SlidePlan) -> None:
        layout = slide.slide_layout
        text = self.plan.footer + (f" · {sp.presenter}" if sp.presenter else "")
        for ph in layout.placeholders:
            kind = ph_type(ph)
            if kind not in ("ftr", "sldNum"):
                continue
            el = copy.deepcopy(ph.element)
            slide.shapes._spTree.append(el)
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
                t.text = text
                r.append(t)
                end = p.find(qn("a:endParaRPr"))
                if end is not None:
                    end.addprevious(r)
                else:
                    p.append(r)
            self.style(txbody)
        _renumber_shapes(slide)

    def _notes(self, slide: Any, sp: SlidePlan) -> None:
        frame = slide.notes_slide.notes_text_frame
        self.fill(frame, [(line, 0) for line in (sp.notes or "").strip().split("\n")],
                  size=12)


def _bullet(paragraph: Any, color: str, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    indent = 0.22 if level == 0 else 0.2
    ppr.set("marL", str(int((indent + 0.25 * level) * EMU_PER_IN)))
    ppr.set("indent", str(int(-indent * EMU_PER_IN)))
    spc = ppr.makeelement(qn("a:spcBef"), {})
    pts = spc.makeelement(qn("a:spcPts"), {"val": "600" if level == 0 else "200"})
    spc.append(pts)
    clr = ppr.makeelement(qn("a:buClr"), {})
    clr.append(clr.makeelement(qn("a:srgbClr"), {"val": color.lstrip("#").upper()}))
    font = ppr.makeelement(qn("a:buFont"), {"typeface": "Arial"})
    char = ppr.makeelement(qn("a:buChar"), {"char": "•" if level == 0 else "–"})
    for el in (spc, clr, font, char):
        ppr.append(el)


def _renumber_shapes(slide: Any) -> None:
    """Unique shape ids after copying placeholders from the layout."""
    ids: set[int] = set()
    for el in slide.shapes._spTree.iter(qn("p:cNvPr")):
        sid = int(el.get("id", "0"))
        if sid in ids or sid == 0:
            sid = max(ids | {1}) + 1
            el.set("id", str(sid))
        ids.add(sid)


def _text_weight(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


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
            w, h = chart_box(geom, sp).inches()
            jobs.append((sp.chart, w, h))
    return jobs
