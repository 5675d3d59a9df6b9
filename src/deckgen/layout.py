"""Stage 3b, layout: the talk as positioned slides. Every size, box, line break and colour
is decided here, once; renderers only draw the result (:mod:`deckgen.deckplan`). Pure:
font metrics (through :mod:`deckgen.fit`) and the template's description only.

Every box is measured with the typefaces it is drawn in (titles with the deck's heading
fonts, the rest with its body fonts; :class:`Typefaces`, :func:`fit_box`). Every box keeps
its starting size when its text fits; otherwise the size shrinks step by step down to a
floor for its role, and text that still does not fit continues on a new slide
("<title>（续）"), split between bullets (tables between rows, with the header repeated).
A size at which a word, number or name would break between letters does not fit: text
shrinks first. Titles and subtitles stay inside their placeholders: at the floor they are
cut with an ellipsis. Lines under a cover title with no placeholder for them get a text
box in free room near the title. Boxes that cannot continue (quotes, stat cards,
captions) go below their floor as a last resort. Each of these is reported as a warning.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import assert_never

from . import fit, fontset, room
from . import plan as p
from .alttext import chart_alt, picture_alt
from .deckplan import (
    Bullet,
    Cell,
    ChartFrame,
    DeckPlan,
    Paragraph,
    Picture,
    Properties,
    Rectangle,
    Section,
    Shape,
    Slide,
    Table,
    TextBox,
    TextRole,
)
from .i18n import cont_suffix, has_rtl, rtl_language, section_name, source_line, texts
from .ink import Change, Inker
from .primitives import EMU_PER_PT, Align, Anchor, Fonts, Insets, Rect
from .source import key_path
from .style import (
    BASELINE_EM,
    BODY_LIST,
    BULLET_CHARS,
    BULLET_FONT,
    CAPTION_GAP_PT,
    CELL_MARGIN_PT,
    COLUMN_GAP_PT,
    COLUMN_HEAD_PT,
    COLUMN_LIST,
    COMPLEX_FONT,
    DEFAULT_INSETS,
    DESCENT_EM,
    FLOOR_PT,
    HARD_MIN_PT,
    MUTED,
    PANEL,
    PANEL_INSETS,
    PANEL_MIN_SHARE,
    PLAIN,
    PT_PER_IN,
    QUOTE,
    QUOTE_BAR_W,
    QUOTE_INSET,
    START_PT,
    STAT_ACCENT_H,
    STAT_CARD_MAX_H,
    STAT_GAP_PT,
    STAT_PAD_PT,
    SUB_STYLE,
    TABLE_RULE,
    TABLE_RULE_PT,
    TEXT,
    TITLE_MAX_LINES,
    TITLE_STYLE,
    TITLE_TOP_PT,
    WHITE,
    ListStyle,
)
from .templateinfo import BODY_TYPES, SUB_TYPES, TITLE_TYPES, LayoutDesc, TemplateInfo

TABLE_MAX_PAGES = 5
"""A table continued onto more slides than this is warned about."""

LABELS = {
    "title": "title", "body": "body", "subtitle": "subtitle", "caption": "caption",
    "source": "source line", "quote": "quote", "quote_by": "attribution",
    "stat_value": "stat values", "stat_label": "stat labels", "col_head": "column headings",
    "col_body": "column text", "table": "table",
}

# Which template layout each kind of slide sits on.
LAYOUT_ROLE = {"title": "title", "section": "section", "closing": "closing",
               "bullets": "content", "agenda": "content", "sources": "content"}
COVER_KIND = {"title": "deck", "section": "section", "closing": "closing"}


@dataclass(frozen=True)
class Area:
    """A text box in points: position, size and the frame's insets."""

    x: float
    y: float
    w: float
    h: float
    lr: float = DEFAULT_INSETS[0]
    tb: float = DEFAULT_INSETS[1]
    bb: float | None = None  # bottom inset when it differs from the top one

    @property
    def bottom(self) -> float:
        """Lower edge."""
        return self.y + self.h

    @property
    def insets_tb(self) -> float:
        """Top and bottom insets together."""
        return self.tb + (self.tb if self.bb is None else self.bb)

    @property
    def rect(self) -> Rect:
        """The box without its insets."""
        return Rect(self.x, self.y, self.w, self.h)

    @property
    def insets(self) -> Insets:
        """The frame's insets."""
        return Insets(self.lr, self.tb, self.lr, self.tb if self.bb is None else self.bb)

    def for_bottom_anchor(self, size: float) -> Area:
        """The box with room under the last line for the font's descent (see DESCENT_EM)."""
        return replace(self, bb=max(self.tb if self.bb is None else self.bb,
                                    DESCENT_EM * size))


@dataclass(frozen=True)
class Typefaces:
    """The typefaces text is measured with: titles' (the theme's major fonts unless the
    outline names fonts) and body text's (minor); see :func:`deck_fonts`."""

    title: fit.Fonts = fit.DEFAULT_FONTS
    body: fit.Fonts = fit.DEFAULT_FONTS


DEFAULT_FACES = Typefaces()


def estimates(faces: Typefaces) -> list[str]:
    """What the build report says about typefaces measured with a stand-in's widths."""
    out: list[str] = []
    for fonts in (faces.title, faces.body):
        for face in fit.faces(fonts):
            line = f"measured {face.family} with {face.metrics_of}'s widths: an estimate"
            if face.estimated and line not in out:
                out.append(line)
    return out


def fit_box(style: ListStyle, area: Area, floor_pt: float = 0.0,
            fonts: fit.Fonts = fit.DEFAULT_FONTS) -> fit.Box:
    """The fit.Box that measures text in an area with a list style and typefaces; every
    box layout measures is made here."""
    return fit.Box(width_pt=area.w, height_pt=area.h, inset_lr_pt=area.lr,
                   inset_tb_pt=area.insets_tb / 2, bullet_indent_pt=style.margin,
                   indent_pt_per_level=style.step, space_before_pt=style.space_before,
                   sub_space_before_pt=style.sub_space_before, line_spacing=style.spacing,
                   level_scale=(1.0, style.sub_scale), level_floor_pt=floor_pt, fonts=fonts)


def lines_of(text: str, a: Area, size: float, bold: bool = False,
             fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[str]:
    """The lines a text breaks into inside an area (insets taken off)."""
    return fit.wrap(text, a.w - 2 * a.lr, size, bold, fonts)


def size_at(style: ListStyle, size: float, level: int, floor: float) -> float:
    """Font size of a paragraph at a level of a list style."""
    return fit_box(style, Area(0, 0, 1, 1), floor).size_at(size, level)


@dataclass(frozen=True)
class Frames:
    """The boxes of the template's layouts that text is measured against, in points.

    ``None`` where a layout has no such placeholder: a text box stands in (titles) or
    the text is left out with a warning (subtitles)."""

    width: float
    height: float
    title: Area
    body: Area
    cover_title: Area | None = None
    cover_sub: Area | None = None
    section_title: Area | None = None
    section_sub: Area | None = None
    closing_title: Area | None = None
    closing_sub: Area | None = None
    notes: tuple[str, ...] = ()  # what reading the boxes found worth a warning
    title_top: float | None = None  # the highest a content title may grow, clear of art
    number: Rect | None = None  # deckgen's own slide number, where the layouts have none

    def cover(self, kind: str) -> tuple[Area, Area | None]:
        """The title and subtitle boxes of a title, section or closing slide."""
        title, sub = {"deck": (self.cover_title, self.cover_sub),
                      "section": (self.section_title, self.section_sub),
                      "closing": (self.closing_title, self.closing_sub)}[kind]
        return title or self.title, sub


MIN_TITLE = (0.15, 0.04)  # a usable title box: this share of the slide's width, height
MIN_BODY = (0.3, 0.2)  # a usable body box
MIN_FREE = 0.3  # a box cut to less than this share of a side by art keeps its size


def _ph_area(desc: LayoutDesc, types: Sequence[str], least: tuple[float, float],
             width: float, height: float) -> Area | None:
    """A placeholder's box clipped to the slide, or None when the layout has none or its
    box is too small to hold text (a damaged template's)."""
    ph = desc.placeholder(*types)
    if ph is None:
        return None
    b = ph.box
    x0, y0 = max(b.x, 0.0), max(b.y, 0.0)
    x1, y1 = min(b.x + b.w, width), min(b.y + b.h, height)
    if x1 - x0 < least[0] * width or y1 - y0 < least[1] * height:
        return None
    i = ph.insets
    lr = min((max(i.left, 0.0) + max(i.right, 0.0)) / 2, (x1 - x0) / 4)
    tb, bb = min(max(i.top, 0.0), (y1 - y0) / 4), min(max(i.bottom, 0.0), (y1 - y0) / 4)
    return Area(x0, y0, x1 - x0, y1 - y0, lr, tb, bb if bb != tb else None)


def _clear(area: Area | None, descs: Sequence[LayoutDesc], width: float, height: float,
           notes: list[str], what: str, keep_clear: Sequence[Rect] = ()) -> Area | None:
    """The area cut to its largest part clear of the layouts' art (see :mod:`room`)."""
    if area is None:
        return None
    free = room.free_box(descs, area.rect, width, height, keep_clear)
    if free == area.rect:
        return area
    if free.w < MIN_FREE * area.w or free.h < MIN_FREE * area.h:
        names = ", ".join(sorted({f"'{d.name}'" for d in descs}))
        notes.append(f"the template's layout {names} draws over most of the {what} box; "
                     "text may sit on its art")
        return area
    return replace(area, x=free.x, y=free.y, w=free.w, h=free.h)


_TEXT_PH = (*TITLE_TYPES, *SUB_TYPES)


def _sample_texts(info: TemplateInfo) -> list[str]:
    """What to say about texts a master or layout deckgen uses draws on every slide where
    text goes (sample text such as "Thank you."): deckgen keeps clear of them, but they
    still show."""
    out = []
    for role in ("title", "section", "closing", "content", "title_only"):
        desc = info.layout(role)
        for a in desc.art:
            if a.kind == "text" and a.field is None and any(
                    a.box.overlaps(ph.box) for ph in desc.placeholders if ph.type in _TEXT_PH):
                text = " ".join(a.text.split())
                short = text if len(text) <= 40 else text[:39] + "…"
                where = "slide master" if a.master else "layout"
                out.append(f"the template's layout '{desc.name}' shows its own text "
                           f"'{short}' on every slide; deckgen keeps its text clear of it "
                           f"(delete it from the template's {where} to free the room)")
    return out


def _free_above(title: Area, descs: Sequence[LayoutDesc], width: float,
                height: float) -> float:
    """The highest top edge (down to the title box's own) whose band above the title box
    is clear of the layouts' art and furniture."""
    furniture = [ph.box for d in descs for ph in d.placeholders
                 if ph.type in ("ftr", "dt", "sldNum")]
    top = title.y
    while top - room.GAP_PT >= 0:
        band = Rect(title.x, top - room.GAP_PT, title.w, title.y - top + room.GAP_PT)
        if room.free_box(descs, band, width, height, furniture) != band:
            break
        top -= room.GAP_PT
    return top


NUMBER_W_PT, NUMBER_H_PT = 40.0, 18.0  # deckgen's own slide-number box


def own_number(desc: LayoutDesc) -> bool:
    """Whether a layout (or its master) draws its own slide number."""
    return any(a.field == "slidenum" for a in desc.art)


def number_spot(descs: Sequence[LayoutDesc], width: float, height: float) -> Rect | None:
    """Where deckgen's own slide number goes on content slides whose layout has neither a
    slide-number placeholder nor a number of its own: bottom right, clear of the art and
    the footer placeholders; None when every such layout numbers its slides."""
    if all(own_number(d) or d.placeholder("sldNum") is not None for d in descs):
        return None
    taken = [ph.box for d in descs for ph in d.placeholders if ph.type in ("ftr", "dt")]
    return room.free_spot(descs, NUMBER_W_PT, NUMBER_H_PT, width, height, 0.025 * width,
                          taken)


def frames(info: TemplateInfo, avoid_art: bool = True) -> Frames:
    """The boxes layout measures text against, read from the template's layouts: each
    placeholder's box (clipped to the slide, or standard geometry when the layout has
    none or a box too small to use) cut to its largest part clear of the layout's art.

    ``avoid_art`` False keeps the placeholders' boxes as they are: the default theme's
    art is bands deckgen's layouts are designed around."""
    w, h = info.width, info.height
    content, title_only = info.layout("content"), info.layout("title_only")
    notes: list[str] = []

    def clear(area: Area | None, descs: Sequence[LayoutDesc], what: str,
              keep_clear: Sequence[Rect] = ()) -> Area | None:
        return _clear(area, descs, w, h, notes, what, keep_clear) if avoid_art else area

    shared = [content] if title_only is content else [content, title_only]
    margin = w * 0.05
    title = _ph_area(content, TITLE_TYPES, MIN_TITLE, w, h) or Area(
        margin, h * 0.05, w - 2 * margin, h * 0.13)
    title = clear(title, shared, "title") or title
    body = _ph_area(content, BODY_TYPES, MIN_BODY, w, h)
    if body is None:
        top = title.bottom + h * 0.03
        if top > h * 0.5:
            top = h * 0.25
        body = Area(margin, top, w - 2 * margin, h * 0.92 - top)
    number = number_spot(shared, w, h) if avoid_art else None
    body = clear(body, shared, "body", [number] if number else []) or body
    covers = {}
    for role in ("title", "section", "closing"):
        desc = info.layout(role)
        covers[role] = (clear(_ph_area(desc, TITLE_TYPES, MIN_TITLE, w, h), [desc], "title"),
                        clear(_ph_area(desc, SUB_TYPES, MIN_TITLE, w, h), [desc], "subtitle"))
    title_top = None
    if avoid_art:
        notes += _sample_texts(info)
        title_top = _free_above(title, shared, w, h)
    return Frames(
        width=w, height=h, title=title, body=body,
        cover_title=covers["title"][0], cover_sub=covers["title"][1],
        section_title=covers["section"][0], section_sub=covers["section"][1],
        closing_title=covers["closing"][0], closing_sub=covers["closing"][1],
        notes=tuple(dict.fromkeys(notes)), title_top=title_top, number=number)


# ------------------------------------------------------------------ shared geometry


def obstacles(desc: LayoutDesc) -> list[Rect]:
    """What the layout draws that text must not cover: its and its master's art, and the
    footer, date and slide-number placeholders."""
    return [a.box for a in desc.art] + [ph.box for ph in desc.placeholders
                                        if ph.type in ("ftr", "dt", "sldNum")]


def _blocked(region: Rect, own: Rect, desc: LayoutDesc | None) -> bool:
    """Whether art or furniture lies in a region. Art under the text's own placeholder
    (a band a title sits on, a full-slide picture) is the design, not in the way."""
    if desc is None:
        return False
    return any(r.overlaps(region) and not r.overlaps(own) for r in obstacles(desc))


def title_room(frames: Frames, desc: LayoutDesc | None = None) -> Area:
    """The room a content title may fill: its placeholder grown upwards to TITLE_TOP_PT,
    as far as a template's art and furniture leave free (``frames.title_top``); on the
    default theme, unless the layout draws art or furniture there."""
    a = frames.title
    top = min(a.y, TITLE_TOP_PT)
    if frames.title_top is not None:
        top = max(top, min(frames.title_top, a.y))
    elif top >= a.y or _blocked(Rect(a.x, top, a.w, a.y - top), a.rect, desc):
        return a
    return replace(a, y=top, h=a.bottom - top)


def title_area(frames: Frames, text: str, size: float, fonts: fit.Fonts = fit.DEFAULT_FONTS,
               desc: LayoutDesc | None = None) -> Area:
    """A content slide's title box: the layout's, grown upwards when the title needs it
    and the room above is free (:func:`title_room`)."""
    a = frames.title.for_bottom_anchor(size)
    n = len(lines_of(text, a, size, True, fonts))
    need = n * fit.line_height(size, TITLE_STYLE.spacing, fonts) + a.insets_tb
    if need <= a.h:
        return a
    top = max(title_room(frames, desc).y, a.bottom - need)
    return replace(a, y=top, h=a.bottom - top)


def caption_text(content: p.Chart | p.Image, language: str) -> str | None:
    """The source line under a chart."""
    source = content.source if isinstance(content, p.Chart) else None
    if source is None:
        return None
    prefix, text = source_line(source.text, language)
    return prefix + text


def _lines_h(text: str, a: Area, size: float, spacing: float = 1.0, bold: bool = False,
             fonts: fit.Fonts = fit.DEFAULT_FONTS) -> float:
    n = len(lines_of(text, a, size, bold, fonts))
    return n * fit.line_height(size, spacing, fonts) + a.insets_tb


def caption_areas(body: Area, caption: str | None, source: str | None, sizes: dict[str, float],
                  top: float | None = None,
                  fonts: fit.Fonts = fit.DEFAULT_FONTS) -> tuple[Area, Area | None, Area | None]:
    """The chart/picture box, and the caption and source boxes below it.

    The band under the picture is as tall as the caption and source text need; with
    ``top`` (the lower edge of a picture smaller than its box) the caption follows it."""
    cap = src = None
    band = 0.0
    cap_h = src_h = 0.0
    if caption:
        cap_h = _lines_h(caption, body, sizes.get("caption", START_PT["caption"]),
                         fonts=fonts)
        band += cap_h + CAPTION_GAP_PT
    if source:
        src_h = _lines_h(source, body, sizes.get("source", START_PT["source"]), fonts=fonts)
        band += src_h + (0 if caption else CAPTION_GAP_PT)
    chart = replace(body, h=max(body.h - band, 1.0))
    y = (chart.bottom if top is None else top) + CAPTION_GAP_PT
    if caption:
        cap = replace(body, y=y, h=cap_h)
        y += cap_h
    if source:
        src = replace(body, y=y, h=src_h)
    return chart, cap, src


def quote_text(text: str) -> str:
    """The quotation with quotation marks unless it has its own."""
    from .i18n import quote_marks

    a, b = quote_marks(text)
    return a + text + b


def attribution_text(by: str, language: str) -> str:
    """The attribution line under a quote."""
    return texts(language)["attribution"] + by


@dataclass(frozen=True)
class QuoteAreas:
    """The accent bar, the quotation and the attribution of a quote slide."""

    bar: Area
    text: Area
    by: Area | None


def quote_areas(body: Area, by: str | None, by_size: float,
                fonts: fit.Fonts = fit.DEFAULT_FONTS) -> QuoteAreas:
    """Where a quote slide's parts go; the attribution gets the lines it needs."""
    by_h = 0.0
    if by is not None:
        probe = Area(0, 0, body.w - QUOTE_BAR_W - 2 * QUOTE_INSET, 0)
        by_h = max(0.6 * PT_PER_IN, _lines_h(by, probe, by_size, fonts=fonts))
    top = body.y + 0.2 * PT_PER_IN
    qh = max(body.h - by_h - 0.4 * PT_PER_IN, 1.0)
    x, w = body.x + QUOTE_BAR_W + QUOTE_INSET, body.w - QUOTE_BAR_W - 2 * QUOTE_INSET
    return QuoteAreas(Area(body.x, top, QUOTE_BAR_W, qh + by_h), Area(x, top, w, qh),
                      Area(x, top + qh, w, by_h) if by is not None else None)


@dataclass(frozen=True)
class StatAreas:
    """One stat card and its value and label boxes."""

    card: Area
    value: Area
    label: Area


def stat_areas(body: Area, n: int) -> list[StatAreas]:
    """Cards side by side across the body, value in the upper half, label below."""
    w = (body.w - STAT_GAP_PT * (n - 1)) / n
    h = min(body.h, STAT_CARD_MAX_H)
    y = body.y + (body.h - h) / 2
    pad, vh = STAT_PAD_PT, h * 0.5
    out = []
    for i in range(n):
        x = body.x + i * (w + STAT_GAP_PT)
        out.append(StatAreas(Area(x, y, w, h), Area(x + pad, y + pad, w - 2 * pad, vh - pad),
                             Area(x + pad, y + vh, w - 2 * pad, h - vh - pad)))
    return out


@dataclass(frozen=True)
class ColumnAreas:
    """One column: its coloured heading and its panel of bullets."""

    head: Area
    panel: Area


def column_areas(body: Area, headings: Sequence[str], head_size: float,
                 fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[ColumnAreas]:
    """Columns side by side; the heading band is as tall as the longest (bold) heading
    needs."""
    n = len(headings)
    w = (body.w - COLUMN_GAP_PT * (n - 1)) / n
    probe = Area(0, 0, w, 0)
    head_h = max([COLUMN_HEAD_PT] + [_lines_h(h, probe, head_size, bold=True, fonts=fonts)
                                     for h in headings])
    lr, tb = PANEL_INSETS
    return [ColumnAreas(Area(body.x + i * (w + COLUMN_GAP_PT), body.y, w, head_h),
                        Area(body.x + i * (w + COLUMN_GAP_PT), body.y + head_h, w,
                             body.h - head_h, lr, tb))
            for i in range(n)]


def trimmed_panels(areas: Sequence[ColumnAreas], columns: Sequence[Sequence[p.Para]],
                   size: float, fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[ColumnAreas]:
    """Column panels as tall as the longest column's text needs (all the same height), so
    a few bullets do not float at the top of a tall empty panel."""
    if not areas:
        return []
    need = max(fit.text_height(_paras(ps), fit_box(COLUMN_LIST, a.panel, FLOOR_PT["col_body"],
                                                   fonts), size)
               for a, ps in zip(areas, columns))
    room = areas[0].panel.h
    h = min(room, max(need + COLUMN_LIST.space_before * 2, PANEL_MIN_SHARE * room))
    return [replace(a, panel=replace(a.panel, h=h)) for a in areas]


def _longest_word(text: str, size: float, bold: bool, fonts: fit.Fonts) -> float:
    return max((fit.text_width(w, size, bold, fonts) for w in fit.tokens(text)), default=0.0)


_CELL_PAD = 2 * CELL_MARGIN_PT[0] + 1


def table_words(header: Sequence[str], rows: Sequence[Sequence[str]], size: float,
                fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[float]:
    """The least width of each column at a size: its longest unbreakable word (a bold one
    in the header), cell margins included."""
    return [max(_longest_word(c, size, i == 0, fonts) for i, c in enumerate(col)) + _CELL_PAD
            for col in zip(header, *rows)]


def table_columns(header: Sequence[str], rows: Sequence[Sequence[str]], width: float,
                  size: float = START_PT["table"],
                  fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[float]:
    """Column widths in points at a size: every column at least as wide as its longest
    word (so numbers and words never break), the rest shared by how much text each column
    has. When the words need more than the width, they share it by need."""
    cols = list(zip(header, *rows))
    least = table_words(header, rows, size, fonts)
    most = [max(fit.text_width(c, size, i == 0, fonts) for i, c in enumerate(col)) + _CELL_PAD
            for col in cols]
    if sum(least) >= width:
        return [width * m / sum(least) for m in least]
    extra = width - sum(least)
    want = [b - a for a, b in zip(least, most)]
    if sum(want) <= extra:
        spare = extra - sum(want)
        return [b + spare * b / sum(most) for b in most]
    return [a + extra * x / sum(want) for a, x in zip(least, want)]


def table_rows(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
               size: float, fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[float]:
    """Row heights in points, header first, each as tall as its tallest cell."""
    return [fit.row_height(r, widths, size, CELL_MARGIN_PT, bold=(i == 0), fonts=fonts)
            for i, r in enumerate((header, *rows))]


# ------------------------------------------------------------------ fitting helpers


def _paras(paras: Sequence[p.Para]) -> list[fit.Para]:
    return [fit.Para(x.text, x.level) for x in paras]


def _text(text: str, bold: bool = False) -> list[fit.Para]:
    return [fit.Para(line, 0, bold) for line in text.split("\n")]


@dataclass(frozen=True)
class Sized:
    """A chosen size and whether it is at or above the box's floor; ``cut`` when the text
    is shown cut short with an ellipsis, ``broken`` the words still broken between letters
    (wider than the box even at HARD_MIN_PT)."""

    size: float
    ok: bool
    cut: bool = False
    broken: tuple[str, ...] = ()


def _largest(paras_list: Sequence[Sequence[fit.Para]], boxes: Sequence[fit.Box],
             start: float, floor: float) -> float | None:
    """The largest common size from start down to floor at which every text fits its box
    with no word broken between letters."""
    for s in fit.size_steps(start, floor):
        if all(fit.fit(ps, b, s, s).fits for ps, b in zip(paras_list, boxes)):
            return s
    return None


def _below(paras_list: Sequence[Sequence[fit.Para]], boxes: Sequence[fit.Box],
           floor: float) -> Sized:
    """The largest size under the floor (down to HARD_MIN_PT) at which the texts fit."""
    s = None
    if floor - 1 >= HARD_MIN_PT:
        s = _largest(paras_list, boxes, floor - 1, HARD_MIN_PT)
    if s is not None:
        return Sized(s, False)
    broken = [w for ps, b in zip(paras_list, boxes)
              for w in fit.box_broken_words(ps, b, HARD_MIN_PT)]
    return Sized(HARD_MIN_PT, False, broken=tuple(dict.fromkeys(broken)))


def _shrink(paras_list: Sequence[Sequence[fit.Para]], boxes: Sequence[fit.Box], start: float,
            floor: float) -> Sized:
    """The largest common size at which every text fits its box, down to the floor, then
    below it (``ok`` False) down to HARD_MIN_PT."""
    s = _largest(paras_list, boxes, start, floor)
    return Sized(s, True) if s is not None else _below(paras_list, boxes, floor)


def _one_line(texts_: Sequence[str], areas: Sequence[Area], start: float, floor: float,
              bold: bool = False, bottom_anchor: bool = False,
              fonts: fit.Fonts = fit.DEFAULT_FONTS) -> float | None:
    """The largest common size from start down to floor at which every text is one line
    inside its box."""
    for s in fit.size_steps(start, floor):
        boxes = [a.for_bottom_anchor(s) if bottom_anchor else a for a in areas]
        if all(fit.text_width(t, s, bold, fonts) <= a.w - 2 * a.lr
               and fit.line_height(s, fonts=fonts) + a.insets_tb <= a.h + 1e-6
               for t, a in zip(texts_, boxes)):
            return s
    return None


def _title_fits(text: str, a: Area, size: float, max_lines: int | None, fonts: fit.Fonts,
                spacing: float = TITLE_STYLE.spacing) -> bool:
    """Whether a (bold) title fits its box at a size in at most max_lines lines, no word
    broken; titles sit on the bottom of their box, so each size gets room for the
    descent."""
    if max_lines is not None and len(lines_of(text, a, size, True, fonts)) > max_lines:
        return False
    box = replace(fit_box(PLAIN, a.for_bottom_anchor(size), fonts=fonts), line_spacing=spacing)
    return fit.fit([fit.Para(text, 0, True)], box, size, size).fits


def _fit_title(text: str, a: Area, start: float, floor: float, max_lines: int | None,
               fonts: fit.Fonts, spacing: float = TITLE_STYLE.spacing) -> Sized:
    """Title size: the largest down to the floor at which it fits its box; a title that
    does not fit even at the floor is cut with an ellipsis (:func:`shown_title`)."""
    for s in fit.size_steps(start, floor):
        if _title_fits(text, a, s, max_lines, fonts, spacing):
            return Sized(s, True)
    return Sized(floor, True, cut=True)


def ellipsized(text: str, fits: Callable[[str], bool], suffix: str = "") -> str:
    """The text as it fits: whole, or its longest start (at a word's end where it has
    spaces) followed by "…" and the suffix."""
    if fits(text + suffix):
        return text + suffix

    def cut(n: int) -> str:
        return text[:n].rstrip() + "…" + suffix

    lo, hi = 0, len(text)  # cut(lo) fits (or lo is 0), cut(hi) does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(cut(mid)) else (lo, mid)
    n = lo
    if 0 < n < len(text) and _inside_word(text, n):
        space = text.rfind(" ", 0, n)
        if space > n // 2:
            n = space
    return cut(n)


def _inside_word(text: str, i: int) -> bool:
    a, b = text[i - 1], text[i]
    return a.isalnum() and b.isalnum() and not fit.is_cjk(a) and not fit.is_cjk(b)


def shown_title(text: str, a: Area, size: float, max_lines: int | None, fonts: fit.Fonts,
                suffix: str = "", spacing: float = TITLE_STYLE.spacing) -> str:
    """A title as drawn in its box at a size: whole when it fits, else cut with an ellipsis
    before its suffix (a continuation mark)."""
    return ellipsized(text, lambda t: _title_fits(t, a, size, max_lines, fonts, spacing),
                      suffix)


class _Log:
    """Sizes chosen for one slide and what to say about them."""

    def __init__(self) -> None:
        self.sizes: dict[str, float] = {}
        self.changes: dict[str, tuple[float, float]] = {}
        self.problems: list[str] = []  # said with the slide's number and title
        self.warnings: list[str] = []  # whole messages, not prefixed with the slide

    def put(self, box: str, start: float, got: Sized, floor: float) -> float:
        self.sizes[box] = got.size
        if got.size < start - 1e-9:
            old = self.changes.get(box, (start, got.size))
            self.changes[box] = (start, min(old[1], got.size))
        label = LABELS.get(box, box)
        if got.cut:
            self.say(f"{label} cut with an ellipsis to fit its box at {_pt(got.size)} pt; "
                     "shorten it")
        elif got.broken:
            words = ", ".join(f"'{w}'" for w in got.broken[:3])
            self.say(f"{label}: {words} wider than the box even at {_pt(got.size)} pt, "
                     "broken between letters; shorten it")
        elif not got.ok:
            self.say(f"{label} needs {_pt(got.size)} pt, below the {_pt(floor)} pt floor; "
                     "shorten it")
        return got.size

    def say(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def report(self) -> list[str]:
        return [f"{LABELS.get(k, k)} {_pt(a)}→{_pt(b)} pt" for k, (a, b) in self.changes.items()]


def _pt(v: float) -> str:
    return f"{v:g}"


# ------------------------------------------------------------------ fitting per kind


def _continued(sp: p.SlideSpec, language: str, n: int, content: p.Content) -> p.SlideSpec:
    if n == 0:
        return replace(sp, content=content)
    return replace(sp, title=sp.title + cont_suffix(language, n), content=content,
                   notes=texts(language)["cont_notes"], notes_key=None, notes_added="",
                   continued=n)


@dataclass(frozen=True)
class SubLine:
    """A line under a cover, section or closing title: its text, what it is (for
    warnings) and, when a line break may fall only between them, its parts and their
    separator (names, "第一部分  ·  甲同学")."""

    text: p.Text
    what: str
    parts: tuple[str, ...] = ()
    sep: str = ""


def sub_lines(sp: p.SlideSpec, lang: str) -> list[SubLine]:
    """The lines under a cover, section or closing slide's title."""
    t = texts(lang)
    c = sp.content
    match c:
        case p.Cover(lines=lines):
            out = []
            for x in lines:
                if x.key == ("deck", "authors"):
                    out.append(SubLine(x, "authors", tuple(x.text.split(t["authors_sep"])),
                                       t["authors_sep"]))
                else:
                    out.append(SubLine(x, "subtitle" if x.key else "event line"))
            return out
        case p.Divider():
            if c.presenter is None:
                return [SubLine(p.Text(c.number), "chapter number", (c.number,))]
            return [SubLine(p.Text(_divider_line(c, lang)), f"'{_divider_line(c, lang)}' line",
                            (c.number, c.presenter.text),
                            t["section_sub"].format(number="", who=""))]
        case p.Closing(subtitle=sub):
            return [SubLine(sub, "closing subtitle")] if sub else []
        case _:
            return []


def packed(line: SubLine, width: float, size: float, fonts: fit.Fonts) -> tuple[str, bool]:
    """A line as drawn at a size: its parts joined, with a line break instead of the
    separator where the next part would not fit; False when a part itself needs more than
    one line."""
    if not line.parts:
        return line.text.text, True
    out = [line.parts[0]]
    for part in line.parts[1:]:
        joined = out[-1] + line.sep + part
        if fit.text_width(joined, size, False, fonts) <= width:
            out[-1] = joined
        else:
            out.append(part)
    whole = all(fit.text_width(x, size, False, fonts) <= width for x in out)
    return "\n".join(out), whole


def _sub_box(a: Area, fonts: fit.Fonts) -> fit.Box:
    return replace(fit_box(PLAIN, a, fonts=fonts), line_spacing=SUB_STYLE.spacing)


def _subs_fit(shown: Sequence[str], a: Area, size: float, fonts: fit.Fonts) -> bool:
    # room under the last line for its descent, whatever the anchor: a template's
    # subtitle placeholder often has no bottom inset
    box = _sub_box(a.for_bottom_anchor(size), fonts)
    return fit.fit(_text("\n".join(shown)), box, size, size).fits


def _whole(lines: Sequence[SubLine], a: Area, size: float, fonts: fit.Fonts) -> bool:
    """Whether the lines fit a box at a size with every part kept on one line."""
    done = [packed(x, a.w - 2 * a.lr, size, fonts) for x in lines]
    return all(whole for _, whole in done) and _subs_fit([t for t, _ in done], a, size, fonts)


def shown_subs(lines: Sequence[SubLine], a: Area, size: float, fonts: fit.Fonts) -> list[str]:
    """The subtitle lines as drawn at a size: whole while they fit; the first that does
    not is cut with an ellipsis and those after it are left out."""
    done = [packed(x, a.w - 2 * a.lr, size, fonts)[0] for x in lines]
    if _subs_fit(done, a, size, fonts):
        return done
    k = next(i for i in range(len(done)) if not _subs_fit(done[:i + 1], a, size, fonts))
    last = ellipsized(done[k], lambda t: _subs_fit([*done[:k], t], a, size, fonts))
    return [*done[:k], last] if last.strip("…") else done[:k]


SUB_GAP_PT = 0.1 * PT_PER_IN
"""Gap between a title (or subtitle) and the text box deckgen adds below it."""


def free_band(ref: Area, desc: LayoutDesc | None, width: float, height: float,
              need: float) -> tuple[Area, Anchor] | None:
    """A band across a box's width for text with no placeholder: the first free one below
    it (else the nearest above it) at least `need` tall, inside the slide's 5 % margins
    and clear of the layout's art and furniture (art under the box itself is its
    background). None when there is no such room."""
    margin = 0.05 * height
    blocks = sorted(_blocks(ref, desc, width, height))

    def gaps(lo: float, hi: float) -> list[tuple[float, float]]:
        out, y = [], lo
        for top, bottom in blocks:
            if top > y:
                out.append((y, min(top, hi)))
            y = max(y, bottom)
        out.append((y, hi))
        return [(a, b) for a, b in out if b - a >= need - 1e-6]

    below = gaps(ref.bottom + SUB_GAP_PT, height - margin)
    if below:
        y0, y1 = below[0]
        return Area(ref.x, y0, ref.w, y1 - y0), "t"
    above = gaps(margin, ref.y - SUB_GAP_PT)
    if above:
        y0, y1 = above[-1]
        return Area(ref.x, y0, ref.w, y1 - y0), "b"
    return None


def _blocks(ref: Area, desc: LayoutDesc | None, width: float,
            height: float) -> list[tuple[float, float]]:
    """The heights across a box's width that the layout's furniture and art take up: the
    rows where art really paints (not the slide's background, faint texture, a hairline
    or the panel the box sits on); furniture and art under the box itself not counted."""
    if desc is None:
        return []
    x0, x1 = ref.x, ref.x + ref.w
    out = [(ph.box.y, ph.box.bottom) for ph in desc.placeholders
           if ph.type in ("ftr", "dt", "sldNum") and min(ph.box.right, x1) - max(ph.box.x, x0)
           > 0.5 and not ph.box.overlaps(ref.rect)]
    for a in desc.art:
        if min(a.box.right, x1) - max(a.box.x, x0) <= 0.5 or room.is_background(
                a, width, height) or room.backdrop([a], ref.rect, width, height) is a:
            continue
        band = room.painted_rows(a, x0, x1)
        if band is not None:
            out.append(band)
    return out


def _band_need(size: float, fonts: Fonts) -> float:
    return fit.line_height(size, SUB_STYLE.spacing, fonts) + 2 * DEFAULT_INSETS[1]


@dataclass(frozen=True)
class SubBox:
    """Where some of the lines under a cover title go: the layout's subtitle placeholder
    (``placeholder``) or a text box of deckgen's in a free band."""

    area: Area
    lines: tuple[SubLine, ...]
    placeholder: bool
    anchor: Anchor = "t"


def cover_subs(fr: Frames, kind: str, desc: LayoutDesc | None, lines: Sequence[SubLine],
               fonts: fit.Fonts) -> tuple[Sized, list[SubBox]]:
    """The size of the lines under a cover, section or closing title and the boxes they
    go in: all in the layout's subtitle placeholder (a free band near the title when it
    has none) at the largest size down to the floor; else the lines that do not fit there
    continue in a free band below it; else, at the floor, cut with an ellipsis."""
    start, floor = START_PT[f"{kind}_sub"], FLOOR_PT[f"{kind}_sub"]
    title, sub = fr.cover(kind)
    if sub is not None:
        first = SubBox(sub, tuple(lines), True)
    else:
        band = free_band(title, desc, fr.width, fr.height, _band_need(floor, fonts))
        if band is None or not lines:
            return Sized(start, True), []
        first = SubBox(band[0], tuple(lines), False, band[1])
    a = first.area
    for s in fit.size_steps(start, floor):
        if _whole(lines, a, s, fonts):
            return Sized(s, True), [first]
    for s in fit.size_steps(start, floor):
        k = next((i for i in range(len(lines) - 1, 0, -1) if _whole(lines[:i], a, s, fonts)), 0)
        more = free_band(a, desc, fr.width, fr.height, _band_need(s, fonts)) if k else None
        if more is not None and more[1] == "t" and _whole(lines[k:], more[0], s, fonts):
            return Sized(s, True), [replace(first, lines=tuple(lines[:k])),
                                    SubBox(more[0], tuple(lines[k:]), False)]
    cut = not _subs_fit([packed(x, a.w - 2 * a.lr, floor, fonts)[0] for x in lines], a, floor,
                        fonts)
    return Sized(floor, True, cut=cut), [first]


def _cover(sp: p.SlideSpec, fr: Frames, lang: str, log: _Log, tf: Typefaces,
           desc: LayoutDesc | None) -> list[p.SlideSpec]:
    kind = COVER_KIND[sp.kind]
    title, _ = fr.cover(kind)
    start, floor = START_PT[f"{kind}_title"], FLOOR_PT[f"{kind}_title"]
    log.put("title", start, _fit_title(sp.title, title, start, floor, None, tf.title), floor)
    lines = sub_lines(sp, lang)
    if not lines:
        return [sp]
    got, boxes = cover_subs(fr, kind, desc, lines, tf.body)
    start, floor = START_PT[f"{kind}_sub"], FLOOR_PT[f"{kind}_sub"]
    if not boxes:
        name = f" '{desc.name}'" if desc is not None else ""
        log.say(f"{_and([x.what for x in lines])} left out: the layout{name} has no subtitle "
                "placeholder and no free room near the title; choose a template whose title "
                "layout has one")
        return [sp]
    last = boxes[-1]
    shown = shown_subs(last.lines, last.area, got.size, tf.body) if got.cut else None
    if shown is not None and len(shown) < len(last.lines):
        log.say(f"{_and([x.what for x in last.lines[len(shown):]])} left out: no room under "
                f"the title at {_pt(got.size)} pt; shorten the text above")
        got = replace(got, cut=bool(shown) and shown[-1].endswith("…"))
    log.put("subtitle", start, got, floor)
    return [sp]


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _balanced(paras: Sequence[fit.Para], box: fit.Box, size: float,
              pages: list[tuple[fit.Para, ...]]) -> list[tuple[fit.Para, ...]]:
    """The same number of pages, filled evenly: the least page height that still needs
    no more pages (so 12 bullets become 6 + 6, not 8 + 4)."""
    lo, hi = box.height_pt / len(pages), box.height_pt
    best = pages
    for _ in range(12):
        mid = (lo + hi) / 2
        trial = fit.paginate(paras, replace(box, height_pt=mid), size, size)
        if len(trial) <= len(pages) and all(
                fit.fit(pg, replace(box, height_pt=mid), size, size).fits for pg in trial):
            best, hi = trial, mid
        else:
            lo = mid
    return best


def _list_pages(paras: Sequence[fit.Para], box: fit.Box, start: float,
                floor: float) -> tuple[list[tuple[fit.Para, ...]], Sized]:
    """Paragraphs split into pages at the floor or above, with the common size."""
    pages = fit.paginate(paras, box, start, floor)
    if len(pages) > 1:
        pages = _balanced(paras, box, min(fit.fit(pg, box, start, floor).size_pt
                                          for pg in pages), pages)
    sized = [fit.fit(pg, box, start, floor) for pg in pages]
    size = min(f.size_pt for f in sized)
    if all(f.fits for f in sized):
        return pages, Sized(size, True)
    return pages, _below(pages, [box] * len(pages), floor)


def _split(paras: Sequence[p.Para],
           pages: Sequence[Sequence[fit.Para]]) -> list[tuple[p.Para, ...]]:
    """The outline paragraphs (with their keys) cut where the measured pages are cut."""
    out, i = [], 0
    for page in pages:
        out.append(tuple(paras[i:i + len(page)]))
        i += len(page)
    return out


def _bulleted(sp: p.SlideSpec, paras: tuple[p.Para, ...], fr: Frames, lang: str, log: _Log,
              kind: str, make: Callable[[tuple[p.Para, ...]], p.Content],
              fonts: fit.Fonts) -> list[p.SlideSpec]:
    start, floor = START_PT[kind], FLOOR_PT[kind]
    box = fit_box(BODY_LIST, fr.body, floor, fonts)
    pages, got = _list_pages(_paras(paras), box, start, floor)
    log.put("body", start, got, floor)
    return [_continued(sp, lang, n, make(page)) for n, page in enumerate(_split(paras, pages))]


def _headings(texts_: Sequence[str], a: Area, start: float, floor: float,
              fonts: fit.Fonts) -> Sized:
    """Column headings' size: one line each at the largest size down to the floor, else
    two lines (the band grows), else two lines below the floor; never a word broken."""
    def fits(s: float, n: int) -> bool:
        return all(fit.fit_title(t, a.w, s, s, n, True, a.lr, fonts=fonts).fits
                   for t in texts_)

    for n in (1, 2):
        for s in fit.size_steps(start, floor):
            if fits(s, n):
                return Sized(s, True)
    for s in fit.size_steps(floor - 1, HARD_MIN_PT) if floor - 1 >= HARD_MIN_PT else []:
        if fits(s, 2):
            return Sized(s, False)
    broken = [w for t in texts_ for w in fit.broken_words(t, a.w - 2 * a.lr, HARD_MIN_PT,
                                                          True, fonts)]
    return Sized(HARD_MIN_PT, False, broken=tuple(dict.fromkeys(broken)))


def _columns(sp: p.SlideSpec, c: p.Columns, fr: Frames, lang: str, log: _Log,
             fonts: fit.Fonts) -> list[p.SlideSpec]:
    headings = [col.heading.text for col in c.columns]
    start, floor = START_PT["col_head"], FLOOR_PT["col_head"]
    w = column_areas(fr.body, headings, start, fonts)[0].head
    head = _headings(headings, w, start, floor, fonts)
    log.put("col_head", start, head, floor)
    areas = column_areas(fr.body, headings, head.size, fonts)
    start, floor = START_PT["col_body"], FLOOR_PT["col_body"]
    boxes = [fit_box(COLUMN_LIST, a.panel, floor, fonts) for a in areas]
    texts_ = [_paras(col.paras) for col in c.columns]
    got = _shrink(texts_, boxes, start, floor)
    if got.ok:
        log.put("col_body", start, got, floor)
        return [sp]
    # Continue: every column is split at the floor; slide k shows each column's k-th page.
    split = [_split(col.paras, fit.paginate(t, b, floor, floor))
             for col, t, b in zip(c.columns, texts_, boxes)]
    n = max(len(s) for s in split)
    pages = [[s[k] if k < len(s) else () for s in split] for k in range(n)]
    flat = [(_paras(page[i]), boxes[i]) for page in pages for i in range(len(boxes))]
    got = _shrink([x for x, _ in flat], [b for _, b in flat], floor, floor)
    log.put("col_body", start, got, floor)
    return [_continued(sp, lang, k, p.Columns(tuple(
        replace(col, paras=page[i]) for i, col in enumerate(c.columns))))
        for k, page in enumerate(pages)]


def _stats(sp: p.SlideSpec, c: p.Stats, fr: Frames, log: _Log,
           fonts: fit.Fonts) -> list[p.SlideSpec]:
    areas = stat_areas(fr.body, len(c.stats))
    values = [s.value.text for s in c.stats]
    boxes = [a.value for a in areas]
    start, floor = START_PT["stat_value"], FLOOR_PT["stat_value"]
    # One line, one size for every card: below the floor (with a warning) rather than a
    # number broken over two lines.
    one = _one_line(values, boxes, start, floor, True, True, fonts)
    if one is not None:
        got = Sized(one, True)
    else:
        below = _one_line(values, boxes, floor - 1, HARD_MIN_PT, True, True, fonts) \
            if floor - 1 >= HARD_MIN_PT else None
        descent = [a.for_bottom_anchor(HARD_MIN_PT) for a in boxes]
        got = Sized(below, False) if below is not None else _below(
            [_text(v, True) for v in values], [fit_box(PLAIN, a, fonts=fonts) for a in descent],
            HARD_MIN_PT + 1)
    log.put("stat_value", start, got, floor)
    start, floor = START_PT["stat_label"], FLOOR_PT["stat_label"]
    log.put("stat_label", start, _shrink([_text(s.label.text) for s in c.stats],
                                         [fit_box(PLAIN, a.label, fonts=fonts) for a in areas],
                                         start, floor), floor)
    return [sp]


def _quote(sp: p.SlideSpec, c: p.Quote, fr: Frames, lang: str, log: _Log,
           fonts: fit.Fonts) -> list[p.SlideSpec]:
    line = attribution_text(c.by.text, lang) if c.by else None
    if line is not None:
        start, floor = START_PT["quote_by"], FLOOR_PT["quote_by"]
        q = quote_areas(fr.body, line, start, fonts)
        assert q.by is not None
        one = _one_line([line], [q.by], start, floor, fonts=fonts)
        # Two lines rather than a tiny one: the attribution box grows, the quote gives way.
        log.put("quote_by", start, Sized(one if one is not None else floor, True), floor)
    q = quote_areas(fr.body, line, log.sizes.get("quote_by", START_PT["quote_by"]), fonts)
    start, floor = START_PT["quote"], FLOOR_PT["quote"]
    log.put("quote", start, _shrink([_text(quote_text(c.text.text))],
                                    [fit_box(PLAIN, q.text, fonts=fonts)], start, floor), floor)
    return [sp]


def _captioned(sp: p.SlideSpec, texts_: Sequence[tuple[str, str | None]], fr: Frames,
               log: _Log, fonts: fit.Fonts) -> list[p.SlideSpec]:
    for box, text in texts_:
        if not text:
            continue
        start, floor = START_PT[box], FLOOR_PT[box]
        one = _one_line([text], [replace(fr.body, h=1e9)], start, floor, fonts=fonts)
        # Two or more lines at the floor: the band grows; the picture gives up the room.
        log.put(box, start, Sized(one if one is not None else floor, True), floor)
    return [sp]


def _table(sp: p.SlideSpec, t: p.Table, fr: Frames, lang: str, log: _Log,
           fonts: fit.Fonts) -> tuple[list[p.SlideSpec], tuple[float, ...]]:
    header = [h.text for h in t.header]
    rows = [[c.text for c in row] for row in t.rows]
    start, floor = START_PT["table"], FLOOR_PT["table"]
    width, avail = fr.body.w, fr.body.h

    def pages_at(s: float) -> tuple[list[float], list[range]]:
        widths = table_columns(header, rows, width, s, fonts)
        hs = table_rows(header, rows, widths, s, fonts)
        return widths, fit.paginate_rows(hs[1:], hs[0], avail)

    # Sizes at which every column is as wide as its longest word; a table too wide for
    # that even at the floor is drawn at the floor and warned about.
    whole = [s for s in fit.size_steps(start, floor)
             if sum(table_words(header, rows, s, fonts)) <= width + 1e-6]
    if not whole:
        need = sum(table_words(header, rows, floor, fonts))
        log.warnings.append(
            f"{key_path(sp.key)}: table '{sp.title}' has {len(header)} columns; at "
            f"{_pt(floor)} pt its words need {need:,.0f} pt but the slide has {width:,.0f} pt; "
            "split it into several tables or transpose it")
        whole = [floor]
    widths, pages = pages_at(whole[-1])
    size = whole[-1]
    for s in whole:
        w, pg = pages_at(s)
        if len(pg) <= max(len(pages), 1):
            size, widths, pages = s, w, pg
            break
    ok = all(sum(table_rows(header, [rows[i] for i in pg], widths, size, fonts)) <= avail + 1e-6
             for pg in pages)
    log.put("table", start, Sized(size, ok), floor)
    if len(pages) > TABLE_MAX_PAGES:
        log.warnings.append(f"{key_path(sp.key)}: table '{sp.title}' continues on "
                            f"{len(pages)} slides; split it or show a summary (a chart, the "
                            "top rows)")
    cols = _whole_emu(widths)
    if len(pages) <= 1:
        return [sp], cols
    return [_continued(sp, lang, k, replace(t, rows=tuple(t.rows[i] for i in pg)))
            for k, pg in enumerate(pages)], cols


def _whole_emu(widths: Sequence[float]) -> tuple[float, ...]:
    """Column widths on whole EMU that add up to the rounded total, as the file stores
    the table's frame."""
    edges = [round(x * EMU_PER_PT) for x in itertools.accumulate(widths, initial=0.0)]
    return tuple((b - a) / EMU_PER_PT for a, b in itertools.pairwise(edges))


# ------------------------------------------------------------------ shapes


class _Draw:
    """Turns fitted slides into positioned shapes."""

    def __init__(self, info: TemplateInfo, fr: Frames, talk: p.Talk, title_fonts: Fonts,
                 body_fonts: Fonts, image_sizes: dict[Path, tuple[int, int]]) -> None:
        self.info = info
        self.fr = fr
        self.talk = talk
        self.lang = talk.language
        self.title_fonts = title_fonts
        self.body_fonts = body_fonts
        self.tf = Typefaces(title_fonts, body_fonts)
        self.image_sizes = image_sizes
        self.palette = talk.palette

    # -- paragraphs ---------------------------------------------------------------------
    def para(self, text: str, area: Area, size: float, *, color: str, bold: bool = False,
             level: int = 0, style: ListStyle = PLAIN, align: Align = "l",
             bullet: Bullet | None = None, origin: tuple | None = None,
             affixes: tuple[str, str] = ("", ""), field: str | None = None,
             fonts: fit.Fonts | None = None) -> Paragraph:
        """A paragraph measured with the body's typefaces (or `fonts`); Hebrew and Arabic
        text reads right to left, aligned right, with its language and font."""
        fonts = fonts or self.tf.body
        margin = style.margin_left(level)
        width = area.w - 2 * area.lr - margin
        script = rtl_language(text)
        if script is not None and align == "l":
            align = "r"
        own = self.lang.lower().split("-")[0] == (script or "").split("-")[0]
        return Paragraph(
            text=text, size=size, lines=fit.wrapped(text, width, size, bold, fonts),
            color=color, bold=bold, level=level, align=align, margin_left=margin,
            indent=-style.margin, space_before=style.before(level), line_spacing=style.spacing,
            line_height=fit.drawn_line_height(size, style.spacing),
            bullet=bullet, field=field, origin=origin, affixes=affixes,  # type: ignore[arg-type]
            rtl=script is not None, lang=None if own else script,
            complex_font=COMPLEX_FONT if has_rtl(text) else None)

    def textbox(self, name: str, role: TextRole, area: Area, paras: Sequence[Paragraph], *,
                fonts: Fonts | None = None, anchor: Anchor = "t", fill: str | None = None,
                placeholder: str | None = None,
                inherits: frozenset[str] = frozenset()) -> TextBox:
        return TextBox(name=name, role=role, box=area.rect, paragraphs=tuple(paras),
                       fonts=fonts or self.body_fonts, insets=area.insets, anchor=anchor,
                       fill=fill, placeholder=placeholder, inherits=inherits)

    # -- titles -------------------------------------------------------------------------
    def title(self, sp: p.SlideSpec, desc: LayoutDesc, area: Area, size: float,
              text: str) -> TextBox:
        """A slide's title (as shown: `text`, maybe cut): in the layout's title
        placeholder, or a text box of its own."""
        area = area.for_bottom_anchor(size)
        ph = desc.placeholder(*TITLE_TYPES)
        own = self._own_title(sp)
        affixes = ("", text[len(own):] if text.startswith(own) else "…" + sp.title[len(own):])
        origin = sp.title_key
        if ph is None:
            # Still a title placeholder (the master's), so that screen readers and
            # PowerPoint's checker find the slide's title; every look written explicitly.
            para = self.para(text, area, size, color=TEXT, bold=True, style=TITLE_STYLE,
                             origin=origin, affixes=affixes, fonts=self.tf.title)
            return self.textbox("Title", "title", area, [para], fonts=self.title_fonts,
                                anchor="b", placeholder="title")
        st = ph.style
        para = self.para(text, area, size, color=st.color, bold=st.bold,
                         style=TITLE_STYLE, align=_align(st.align), origin=origin,
                         affixes=affixes, fonts=self.tf.title)
        return self.textbox("Title", "title", area, [para], fonts=self.title_fonts,
                            anchor=ph.anchor, placeholder=ph.type,
                            inherits=frozenset({"color", "bold", "align", "bullet", "anchor"}))

    def _own_title(self, sp: p.SlideSpec) -> str:
        return sp.title if not sp.continued else sp.title[:len(sp.title) - len(
            cont_suffix(self.lang, sp.continued))]

    def shown_title(self, sp: p.SlideSpec, room: Area, size: float,
                    max_lines: int | None) -> str:
        """The title as it fits its room at a size: whole, or cut before its continuation
        mark."""
        own = self._own_title(sp)
        return shown_title(own, room, size, max_lines, self.tf.title, sp.title[len(own):])

    def content_title(self, sp: p.SlideSpec, desc: LayoutDesc, sizes: dict[str, float]) -> TextBox:
        size = sizes.get("title", START_PT["title"])
        text = self.shown_title(sp, title_room(self.fr, desc), size, TITLE_MAX_LINES)
        return self.title(sp, desc, title_area(self.fr, text, size, self.tf.title, desc), size,
                          text)

    # -- kinds --------------------------------------------------------------------------
    def cover(self, sp: p.SlideSpec, desc: LayoutDesc, sizes: dict[str, float]) -> list[Shape]:
        """A title, section or closing slide: the title, and the lines under it in the
        layout's subtitle placeholder and, when they need more room or it has none, in a
        text box near the title (:func:`cover_subs`)."""
        kind = COVER_KIND[sp.kind]
        title, _ = self.fr.cover(kind)
        size = sizes.get("title", START_PT[f"{kind}_title"])
        shapes: list[Shape] = [self.title(sp, desc, title, size,
                                          self.shown_title(sp, title, size, None))]
        lines = sub_lines(sp, self.lang)
        if not lines:
            return shapes
        got, boxes = cover_subs(self.fr, kind, desc, lines, self.tf.body)
        ph = desc.placeholder(*SUB_TYPES)
        # A text box of deckgen's own takes the subtitle's colour, else the title's: the
        # layout chose them for its background.
        st = ph.style if ph is not None else getattr(desc.placeholder(*TITLE_TYPES), "style",
                                                     None)
        color, align = (st.color, _align(st.align)) if st is not None else (TEXT, "l")
        for i, box in enumerate(boxes):
            shown = shown_subs(box.lines, box.area, got.size, self.tf.body)
            name = "Subtitle" if i == 0 else f"Subtitle {i + 1}"
            if box.placeholder and ph is not None:
                paras = [self.para(text, box.area, got.size, color=color, bold=ph.style.bold,
                                   style=SUB_STYLE, align=align, origin=x.text.key)
                         for text, x in zip(shown, box.lines)]
                shapes.append(self.textbox(name, "subtitle", box.area, paras, anchor=ph.anchor,
                                           placeholder=ph.type, inherits=frozenset(
                                               {"color", "bold", "align", "bullet", "anchor"})))
            else:
                paras = [self.para(text, box.area, got.size, color=color, style=SUB_STYLE,
                                   align=align, origin=x.text.key)
                         for text, x in zip(shown, box.lines)]
                shapes.append(self.textbox(name, "subtitle", box.area, paras,
                                           anchor=box.anchor))
        return shapes

    def bulleted(self, paras: Sequence[p.Para], desc: LayoutDesc, size: float,
                 floor: float) -> TextBox:
        body = self.fr.body
        ph = desc.placeholder(*BODY_TYPES)
        if ph is None:
            color = self.palette[0]
            out = [self.para(x.text, body, size_at(BODY_LIST, size, x.level, floor),
                             color=TEXT, level=x.level, style=BODY_LIST,
                             bullet=Bullet(BULLET_CHARS[min(x.level, 1)], color, BULLET_FONT),
                             origin=x.key) for x in paras]
            return self.textbox("Body", "body", body, out)
        st = ph.style
        out = []
        for x in paras:
            char = (st.bullet if x.level == 0 else st.sub_bullet or st.bullet)
            bullet = Bullet(char, st.bullet_color or st.color) if char else None
            out.append(self.para(x.text, body, size_at(BODY_LIST, size, x.level, floor),
                                 color=st.color, level=x.level, style=BODY_LIST,
                                 align=_align(st.align), bullet=bullet, origin=x.key))
        return self.textbox("Body", "body", body, out, anchor=ph.anchor, placeholder=ph.type,
                            inherits=frozenset({"color", "bullet", "align", "anchor"}))

    def captions(self, caption: p.Text | None, source: p.Text | None, sizes: dict[str, float],
                 below: float | None = None) -> tuple[Area, list[Shape]]:
        src_text = None if source is None else "".join(source_line(source.text, self.lang))
        box, cap, src = caption_areas(self.fr.body, caption.text if caption else None,
                                      src_text, sizes, below, self.tf.body)
        shapes: list[Shape] = []
        if cap is not None and caption is not None:
            size = sizes.get("caption", START_PT["caption"])
            shapes.append(self.textbox("Caption", "caption", cap, [self.para(
                caption.text, cap, size, color=TEXT, align="ctr", origin=caption.key)]))
        if src is not None and source is not None and src_text:
            size = sizes.get("source", START_PT["source"])
            prefix, _ = source_line(source.text, self.lang)
            shapes.append(self.textbox("Source", "source", src, [self.para(
                src_text, src, size, color=MUTED, align="r", origin=source.key,
                affixes=(prefix, ""))]))
        return box, shapes

    def chart(self, sp: p.SlideSpec, c: p.Chart, sizes: dict[str, float]) -> list[Shape]:
        box, captions = self.captions(c.caption, c.source, sizes)
        s = c.spec
        alt = picture_alt(c.alt, None) or chart_alt(
            s.type, s.labels, s.series, title=self._own_title(sp), unit=s.unit, log=s.log,
            source=c.source.text if c.source else None, language=self.lang)
        return [ChartFrame(f"Chart {s.name}", box.rect, s, alt), *captions]

    def image(self, c: p.Image, sizes: dict[str, float]) -> list[Shape]:
        box, _ = self.captions(c.caption, None, sizes)
        iw, ih = self.image_sizes.get(c.path, (4, 3))
        scale = min(box.w / iw, box.h / ih)
        w, h = iw * scale, ih * scale
        pic = Rect(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)
        _, captions = self.captions(c.caption, None, sizes, pic.bottom)
        alt = picture_alt(c.alt, c.caption.text if c.caption else None)
        return [Picture(f"Picture {c.path.name}", pic, c.path, alt=alt), *captions]

    def quote(self, c: p.Quote, sizes: dict[str, float]) -> list[Shape]:
        line = attribution_text(c.by.text, self.lang) if c.by else None
        q = quote_areas(self.fr.body, line, sizes.get("quote_by", START_PT["quote_by"]),
                        self.tf.body)
        a, b = _quote_affixes(c.text.text)
        shapes: list[Shape] = [
            Rectangle("Quote bar", q.bar.rect, self.palette[0]),
            self.textbox("Quote", "quote", q.text, [self.para(
                quote_text(c.text.text), q.text, sizes.get("quote", START_PT["quote"]),
                color=QUOTE, origin=c.text.key, affixes=(a, b))], anchor="ctr")]
        if line is not None and q.by is not None and c.by is not None:
            shapes.append(self.textbox("Attribution", "attribution", q.by, [self.para(
                line, q.by, sizes.get("quote_by", START_PT["quote_by"]), color=MUTED,
                align="r", origin=c.by.key, affixes=(texts(self.lang)["attribution"], ""))]))
        return shapes

    def stats(self, c: p.Stats, sizes: dict[str, float]) -> list[Shape]:
        value_pt = sizes.get("stat_value", START_PT["stat_value"])
        label_pt = sizes.get("stat_label", START_PT["stat_label"])
        shapes: list[Shape] = []
        for i, (s, a) in enumerate(zip(c.stats, stat_areas(self.fr.body, len(c.stats))),
                                   start=1):
            color = self.palette[(i - 1) % len(self.palette)]
            value = a.value.for_bottom_anchor(value_pt)
            shapes += [
                Rectangle(f"Stat card {i}", a.card.rect, PANEL),
                Rectangle(f"Stat accent {i}", Rect(a.card.x, a.card.y, a.card.w,
                                                   STAT_ACCENT_H), color),
                self.textbox(f"Stat value {i}", "stat-value", value, [self.para(
                    s.value.text, value, value_pt, color=color, bold=True, align="ctr",
                    origin=s.value.key)], anchor="b"),
                self.textbox(f"Stat label {i}", "stat-label", a.label, [self.para(
                    s.label.text, a.label, label_pt, color=MUTED, align="ctr",
                    origin=s.label.key)])]
        return shapes

    def columns(self, c: p.Columns, sizes: dict[str, float]) -> list[Shape]:
        head_pt = sizes.get("col_head", START_PT["col_head"])
        body_pt = sizes.get("col_body", START_PT["col_body"])
        areas = trimmed_panels(column_areas(self.fr.body, [x.heading.text for x in c.columns],
                                            head_pt, self.tf.body),
                               [x.paras for x in c.columns], body_pt, self.tf.body)
        shapes: list[Shape] = []
        floor = FLOOR_PT["col_body"]
        for i, (col, a) in enumerate(zip(c.columns, areas), start=1):
            color = self.palette[(i - 1) % len(self.palette)]
            shapes.append(self.textbox(f"Column heading {i}", "column-heading", a.head, [
                self.para(col.heading.text, a.head, head_pt, color=WHITE, bold=True,
                          align="ctr", origin=col.heading.key)], anchor="ctr", fill=color))
            shapes.append(self.textbox(f"Column {i}", "column-body", a.panel, [
                self.para(x.text, a.panel, size_at(COLUMN_LIST, body_pt, x.level, floor),
                          color=TEXT, level=x.level, style=COLUMN_LIST,
                          bullet=Bullet(BULLET_CHARS[min(x.level, 1)], color, BULLET_FONT),
                          origin=x.key) for x in col.paras], anchor="t", fill=PANEL))
        return shapes

    def table(self, t: p.Table, widths: tuple[float, ...], sizes: dict[str, float]) -> Table:
        b = self.fr.body
        size = sizes.get("table", START_PT["table"])
        header = [h.text for h in t.header]
        rows = [[c.text for c in row] for row in t.rows]
        heights = table_rows(header, rows, widths, size, self.tf.body)
        lr, tb = CELL_MARGIN_PT
        accent = self.palette[0]  # the theme's accent1, which the table style fills with
        cells = []
        y = b.y
        for r, (row, h) in enumerate(zip((t.header, *t.rows), heights)):
            fill = accent if r == 0 else _tint(accent, 0.8 if r % 2 else 0.9)
            color = WHITE if r == 0 else self.info.colors.get("dk1", TEXT)
            out, x = [], b.x
            for c, w in zip(row, widths):
                out.append(Cell(self.para(c.text, Area(0, 0, w, 0, lr, tb), size, color=color,
                                          bold=(r == 0), origin=c.key), Rect(x, y, w, h), fill))
                x += w
            cells.append(tuple(out))
            y += h
        return Table("Table", Rect(b.x, b.y, b.w, sum(heights)), widths, tuple(heights),
                     tuple(cells), self.body_fonts, Insets(lr, tb, lr, tb), "ctr", TABLE_RULE,
                     TABLE_RULE_PT)

    # -- furniture ----------------------------------------------------------------------
    def footer(self, sp: p.SlideSpec, desc: LayoutDesc, number: int) -> list[Shape]:
        """The layout's footer (deck title · presenter, cut to one line) and one slide
        number: none of deckgen's when the layout or its master draws its own, in the
        layout's slide-number placeholder when it has one, else a small text box at the
        bottom right clear of the template's art."""
        out: list[Shape] = []
        size = START_PT["footer"]
        own = own_number(desc)
        for ph in desc.placeholders:
            if ph.type not in ("ftr", "sldNum") or ph.box.w <= 0 or ph.box.h <= 0:
                continue
            if ph.type == "sldNum" and own:
                continue
            i = ph.insets
            area = Area(ph.box.x, ph.box.y, ph.box.w, ph.box.h, (i.left + i.right) / 2, i.top,
                        i.bottom if i.bottom != i.top else None)
            st = ph.style
            if ph.type == "ftr":
                who = texts(self.lang)["footer_by"].format(who=sp.presenter) \
                    if sp.presenter else ""
                text = one_line(self.talk.footer + who, area, size, self.tf.body)
                para = self.para(text, area, size, color=st.color, align=_align(st.align))
                out.append(self.textbox("Footer", "footer", area, [para], anchor=ph.anchor,
                                        placeholder="ftr", inherits=frozenset(
                                            {"color", "align", "bold", "bullet", "anchor",
                                             "geometry", "frame"})))
            else:
                para = self.para(str(number), area, size, color=st.color,
                                 align=_align(st.align or "r"), field="slidenum")
                out.append(self.textbox("Slide number", "slide-number", area, [para],
                                        anchor=ph.anchor, placeholder="sldNum",
                                        inherits=frozenset({"color", "align", "bold", "bullet",
                                                            "anchor", "geometry", "frame"})))
        if not own and desc.placeholder("sldNum") is None and self.talk.template:
            out.append(self.slide_number(desc, number, size))
        return out

    def slide_number(self, desc: LayoutDesc, number: int, size: float) -> TextBox:
        """deckgen's own slide number, for a layout that has none: bottom right inside the
        slide, clear of the art, the footer placeholders and the slide's content."""
        spot = self.fr.number or number_spot([desc], self.fr.width, self.fr.height)
        assert spot is not None
        area = Area(spot.x, spot.y, spot.w, spot.h, 0.0, 0.0)
        ph = desc.placeholder("ftr") or desc.placeholder(*BODY_TYPES)
        color = ph.style.color if ph is not None else TEXT
        para = self.para(str(number), area, size, color=color, align="r", field="slidenum")
        return self.textbox("Slide number", "slide-number", area, [para], anchor="b")


def _align(value: str | None) -> Align:
    return value if value in ("l", "ctr", "r") else "l"  # type: ignore[return-value]


def _quote_affixes(text: str) -> tuple[str, str]:
    from .i18n import quote_marks

    return quote_marks(text)


def _tint(color: str, amount: float) -> str:
    """A colour mixed with white (amount 0: the colour, 1: white)."""
    c = color.lstrip("#")
    rgb = [int(c[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(v + (255 - v) * amount):02X}" for v in rgb)


def one_line(text: str, area: Area, size: float, fonts: fit.Fonts = fit.DEFAULT_FONTS) -> str:
    """Text cut short with an ellipsis so that it stays on one line of the box."""
    width = area.w - 2 * area.lr
    return ellipsized(text, lambda t: fit.text_width(t, size, False, fonts) <= width)


# ------------------------------------------------------------------ the deck


@dataclass(frozen=True)
class _Fitted:
    spec: p.SlideSpec
    sizes: dict[str, float]
    widths: tuple[float, ...] = ()


def _fit_slide(sp: p.SlideSpec, fr: Frames, lang: str, log: _Log, tf: Typefaces,
               desc: LayoutDesc | None = None) -> list[_Fitted]:
    """The slide (and its continuations) with the size chosen for each kind of text box,
    measured with the typefaces it is drawn in, on the layout it sits on."""
    widths: tuple[float, ...] = ()
    c = sp.content
    body = tf.body
    match c:
        case p.Cover() | p.Divider() | p.Closing():
            return [_Fitted(x, log.sizes) for x in _cover(sp, fr, lang, log, tf, desc)]
        case p.Bullets(paras=paras):
            pieces = _bulleted(sp, paras, fr, lang, log, "body", p.Bullets, body)
        case p.Agenda(items=paras):
            pieces = _bulleted(sp, paras, fr, lang, log, "agenda", p.Agenda, body)
        case p.Sources(paras=paras):
            pieces = _bulleted(sp, paras, fr, lang, log, "sources", p.Sources, body)
        case p.Columns():
            pieces = _columns(sp, c, fr, lang, log, body)
        case p.Stats():
            pieces = _stats(sp, c, fr, log, body)
        case p.Quote():
            pieces = _quote(sp, c, fr, lang, log, body)
        case p.Table():
            pieces, widths = _table(sp, c, fr, lang, log, body)
        case p.Chart():
            src = "".join(source_line(c.source.text, lang)) if c.source else None
            pieces = _captioned(sp, (("caption", c.caption.text if c.caption else None),
                                     ("source", src)), fr, log, body)
        case p.Image():
            pieces = _captioned(sp, (("caption", c.caption.text if c.caption else None),),
                                fr, log, body)
        case _:
            assert_never(c)
    start, floor = START_PT["title"], FLOOR_PT["title"]
    room = title_room(fr, desc)
    got = [_fit_title(piece.title, room, start, floor, TITLE_MAX_LINES, tf.title)
           for piece in pieces]
    # one size for the slide and its continuations; a cut on any of them is said once
    log.put("title", start, Sized(min(g.size for g in got), True,
                                  cut=any(g.cut for g in got)), floor)
    return [_Fitted(x, log.sizes, widths) for x in pieces]


def _divider_line(c: p.Divider, lang: str) -> str:
    if c.presenter is None:
        return c.number
    return texts(lang)["section_sub"].format(number=c.number, who=c.presenter.text)


def _shapes(d: _Draw, f: _Fitted, desc: LayoutDesc, number: int) -> list[Shape]:
    sp, sizes = f.spec, f.sizes
    c = sp.content
    if isinstance(c, (p.Cover, p.Divider, p.Closing)):
        return d.cover(sp, desc, sizes)
    shapes: list[Shape] = [d.content_title(sp, desc, sizes)]
    match c:
        case p.Bullets(paras=paras):
            shapes.append(d.bulleted(paras, desc, sizes.get("body", START_PT["body"]),
                                     FLOOR_PT["body"]))
        case p.Agenda(items=paras):
            shapes.append(d.bulleted(paras, desc, sizes.get("body", START_PT["agenda"]),
                                     FLOOR_PT["agenda"]))
        case p.Sources(paras=paras):
            shapes.append(d.bulleted(paras, desc, sizes.get("body", START_PT["sources"]),
                                     FLOOR_PT["sources"]))
        case p.Chart():
            shapes += d.chart(sp, c, sizes)
        case p.Image():
            shapes += d.image(c, sizes)
        case p.Quote():
            shapes += d.quote(c, sizes)
        case p.Stats():
            shapes += d.stats(c, sizes)
        case p.Columns():
            shapes += d.columns(c, sizes)
        case p.Table():
            shapes.append(d.table(c, f.widths, sizes))
        case p.Cover() | p.Divider() | p.Closing():
            raise AssertionError("covers are drawn above")
        case _:
            assert_never(c)
    return shapes + d.footer(sp, desc, number)


def placed(shape: Shape) -> Shape:
    """A shape with every line of its text placed on the slide (its paragraphs' baselines
    and starts): inside the box less its insets (a cell's less its margins), from the top,
    middle or bottom as the frame is anchored, each paragraph's space before it (but the
    first's, which viewers leave out), the bullet hanging at the first line's indent."""
    match shape:
        case TextBox():
            area = _inner(shape.box, shape.insets)
            return replace(shape, paragraphs=_placed_lines(shape.paragraphs, area,
                                                           shape.anchor))
        case Table():
            return replace(shape, cells=tuple(tuple(replace(c, paragraph=_placed_lines(
                (c.paragraph,), _inner(c.box, shape.margins), shape.anchor)[0]) for c in row)
                for row in shape.cells))
        case _:
            return shape


def _inner(box: Rect, insets: Insets) -> Rect:
    return Rect(box.x + insets.left, box.y + insets.top, box.w - insets.left - insets.right,
                box.h - insets.top - insets.bottom)


def _placed_lines(paras: Sequence[Paragraph], area: Rect,
                  anchor: Anchor) -> tuple[Paragraph, ...]:
    """The paragraphs with each line placed in an area: baselines BASELINE_EM above each
    line's bottom, lines line_height apart."""
    height = sum((q.space_before if i else 0.0) + len(q.lines) * q.line_height
                 for i, q in enumerate(paras))
    if anchor == "ctr":
        y = area.y + (area.h - height) / 2
    elif anchor == "b":
        y = area.bottom - height
    else:
        y = area.y
    out = []
    for k, q in enumerate(paras):
        y += q.space_before if k else 0.0
        left = area.x + q.margin_left
        first = left + q.indent
        bases, starts = [], []
        for i in range(len(q.lines)):
            bases.append(y + q.line_height - BASELINE_EM * q.size)
            y += q.line_height
            # a bullet hangs at the first-line position, its text at the left margin
            start = first if i == 0 and q.bullet is None else left
            if i == 0 and q.bullet is not None:
                start = max(left, first)
            starts.append((start + area.right) / 2 if q.align == "ctr" else area.right
                          if q.align == "r" else start)
        bullet = None if q.bullet is None else replace(q.bullet, x=first)
        out.append(replace(q, baselines=tuple(bases), starts=tuple(starts), bullet=bullet))
    return tuple(out)


LEAST_PT = 1.0  # the least side of any box the plan emits


def _positive(shape: Shape) -> Shape:
    """A shape whose box has a positive size: a template's odd geometry (a body too small
    for a chart with its caption and source, say) never yields an empty or negative box,
    which the file format forbids and the chart renderer cannot draw."""
    b = shape.box
    if b.w >= LEAST_PT and b.h >= LEAST_PT:
        return shape
    return replace(shape, box=Rect(b.x, b.y, max(b.w, LEAST_PT), max(b.h, LEAST_PT)))


def _palette_warnings(number: int, title: str, changes: Sequence[Change],
                      talk: p.Talk) -> list[str]:
    """What to say when a colour of the author's theme.palette was too faint for text."""
    if not talk.custom_palette:
        return []
    own = {c.upper() for c in talk.palette}
    return [f"slide {number} '{title}': {c.role.replace('-', ' ')} '{_short(c.text)}' "
            f"{c.old.upper()} on {c.background} is {c.before:.1f}:1; {c.verb} to {c.new} "
            f"({c.after:.1f}:1)" for c in changes if c.old.upper() in own]


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def deck_fonts(talk: p.Talk, info: TemplateInfo) -> tuple[Fonts, Fonts]:
    """The typefaces of titles and of body text: the outline's, else the template's theme
    fonts (headings, body), else Calibri and the language's East Asian default."""
    ea_default = p.default_east_asian(talk.language)

    def pick(theme: Fonts) -> Fonts:
        latin = talk.latin_font or theme.latin or p.DEFAULT_LATIN
        ea = talk.east_asian_font or (theme.east_asian if talk.template else "") or ea_default
        return Fonts(latin, ea)

    return pick(info.major), pick(info.minor)


@dataclass(frozen=True)
class _SlideFit:
    """What fitting one outline slide decided: its pieces, sizes and what to say."""

    pieces: tuple[_Fitted, ...]
    sizes: tuple[tuple[str, float], ...]
    said: tuple[str, ...]
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()


_MEMO: dict[tuple[object, ...], _SlideFit] = {}
_MEMO_MAX = 4096


def _fit_memo(sp: p.SlideSpec, fr: Frames, lang: str, tf: Typefaces,
              desc: LayoutDesc) -> _SlideFit:
    """Fitting is pure and slides rarely change between rebuilds (watch, serve): an
    unchanged slide on the same template boxes, layout and fonts is fitted once per
    process."""
    key = (sp, fr, lang, tf, desc)
    found = _MEMO.get(key)
    if found is None:
        log = _Log()
        pieces = _fit_slide(sp, fr, lang, log, tf, desc)
        found = _SlideFit(tuple(pieces), tuple(sorted(log.sizes.items())),
                          tuple(log.report()), tuple(log.problems), tuple(log.warnings))
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[key] = found
    return found


def _slide(number: int, sp: p.SlideSpec, role: str, shapes: Sequence[Shape],
           background: str, sizes: dict[str, float]) -> Slide:
    """The plan's slide: its shapes, and what it is and where it came from."""
    return Slide(number=number, kind=sp.kind, title=sp.title, layout=role,
                 shapes=tuple(shapes), notes=sp.notes, background=background,
                 sizes=tuple(sizes.items()), chapter=sp.chapter, presenter=sp.presenter,
                 key=sp.key, continued=sp.continued, notes_key=sp.notes_key,
                 notes_added=sp.notes_added)


def lay_out(talk: p.Talk, info: TemplateInfo,
            image_sizes: dict[Path, tuple[int, int]] | None = None) -> DeckPlan:
    """The talk as positioned slides, with a report (``fitting``) of what was shrunk or
    continued and which typefaces were measured with a stand-in's widths; text below a
    floor, cut short, broken inside a word or left out adds a warning."""
    fr = frames(info, avoid_art=talk.template is not None)
    title_fonts, body_fonts = deck_fonts(talk, info)
    draw = _Draw(info, fr, talk, title_fonts, body_fonts, image_sizes or {})
    slides: list[Slide] = []
    report: list[str] = estimates(draw.tf)
    warnings: list[str] = list(fr.notes)
    inks = [info.colors[k] for k in ("dk1", "lt1", "dk2", "lt2") if k in info.colors]
    inkers = {role: Inker(desc, inks, Rect(0, 0, info.width, info.height))
              for role, desc in info.layouts.items()}
    for sp in talk.slides:
        fitted = _fit_memo(sp, fr, talk.language, draw.tf,
                           info.layout(LAYOUT_ROLE.get(sp.kind, "title_only")))
        label = f"slide {len(slides) + 1} '{sp.title}'"
        said = list(fitted.said)
        if len(fitted.pieces) > 1:
            said.append(f"continued on {len(fitted.pieces)} slides")
        if said:
            report.append(f"{label}: {', '.join(said)}")
        warnings.extend(f"{label}: {x}" for x in fitted.problems)
        warnings.extend(fitted.warnings)
        sizes = dict(fitted.sizes)
        for piece in fitted.pieces:
            number = len(slides) + 1
            role = LAYOUT_ROLE.get(piece.spec.kind, "title_only")
            desc = info.layout(role)
            one = _Fitted(piece.spec, sizes, piece.widths)
            shapes, changes = inkers[role].shapes(
                [_positive(x) for x in _shapes(draw, one, desc, number)])
            shapes = [placed(x) for x in shapes]
            warnings.extend(_palette_warnings(number, piece.spec.title, changes, talk))
            slides.append(_slide(number, piece.spec, role, shapes, desc.background, sizes))
    return DeckPlan(
        width=info.width, height=info.height, slides=tuple(slides), language=talk.language,
        title=talk.title, authors=talk.authors, chapters=talk.chapters,
        duration=talk.duration, speaking_rate=talk.speaking_rate, fonts=body_fonts,
        title_fonts=title_fonts, palette=talk.palette, template=talk.template,
        template_hash=info.digest, notes_size=START_PT["notes"],
        sections=_sections(slides, talk), properties=_properties(talk),
        # the default theme takes the palette; a template keeps its own unless the outline
        # names one
        theme_palette=talk.palette if talk.template is None or talk.custom_palette else (),
        twins=_twins(slides, title_fonts, body_fonts),
        fitting=tuple(report), warnings=(*talk.warnings, *warnings))


def _sections(slides: Sequence[Slide], talk: p.Talk) -> tuple[Section, ...]:
    """The deck's sections: the opening (title, agenda), one per chapter, the ending."""
    t = texts(talk.language)
    groups: list[tuple[str, list[int]]] = []
    for sl in slides:
        if sl.kind in ("title", "agenda"):
            name = t["opening"]
        elif sl.kind in ("sources", "closing"):
            name = t["ending"]
        else:
            assert sl.chapter is not None
            title, who = talk.chapters[sl.chapter]
            name = section_name(title, who, talk.language)
        if not groups or name != groups[-1][0]:
            groups.append((name, []))
        groups[-1][1].append(sl.number)
    return tuple(Section(name, tuple(numbers)) for name, numbers in groups)


def _properties(talk: p.Talk) -> Properties:
    """The document properties: the talk's title, authors and language."""
    return Properties(title=talk.title, author=texts(talk.language)["sep"].join(talk.authors),
                      language=talk.language, comments="Built by deckgen from an outline.",
                      last_modified_by="deckgen")


def _twins(slides: Sequence[Slide], *fonts: Fonts) -> tuple[tuple[str, str], ...]:
    """The metric-compatible twin of each typeface the deck names that has one."""
    names: dict[str, None] = {}
    for f in fonts:
        names.update(dict.fromkeys((f.latin, f.east_asian)))
    for sl in slides:
        for shape in sl.shapes:
            if isinstance(shape, (TextBox, Table)):
                names.update(dict.fromkeys((shape.fonts.latin, shape.fonts.east_asian)))
            paras = shape.paragraphs if isinstance(shape, TextBox) else [
                c.paragraph for row in shape.cells for c in row] if isinstance(
                shape, Table) else []
            names.update(dict.fromkeys(q.bullet.font for q in paras if q.bullet is not None))
    return tuple((n, twin) for n in names if (twin := fontset.metric_twin(n)) is not None)
