"""Stage 3b, layout: a font size for every text box and continuation slides, so that no
text overflows its box. Pure: font metrics only (through :mod:`deckgen.fit`).

Every box keeps the theme's size when its text fits; otherwise the size shrinks step by
step down to a floor for its role, and text that still does not fit continues on a new
slide ("<title>（续）"), split between bullets (tables between rows, with the header
repeated). Boxes that cannot continue (titles, quotes, stat cards, captions) go below
their floor as a last resort, and that is reported as a warning.

The geometry functions here (:func:`title_area`, :func:`stat_areas`, …) are the single
source of where text goes: the builder draws with the same functions it was measured
with, and writes the paragraph geometry of :class:`ListStyle` on every paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import fit
from .plan import DeckPlan, Para, SlidePlan, texts

PT_PER_IN = 72.0
HARD_MIN_PT = 8.0
"""Smallest size ever used, for text that cannot continue on another slide."""

START_PT: dict[str, float] = {
    "title": 32, "body": 24, "agenda": 24, "sources": 18, "deck_title": 44, "deck_sub": 22,
    "section_title": 40, "section_sub": 24, "closing_title": 44, "closing_sub": 20,
    "caption": 16, "source": 12, "quote": 28, "quote_by": 20, "stat_value": 44,
    "stat_label": 18, "col_head": 22, "col_body": 20, "table": 18,
}
"""Starting type sizes (pt), before fitting. Body text starts above the default theme's
22 pt because a classroom's back row reads 24 pt comfortably and fitting shrinks it anyway."""

_F = fit.FLOOR_PT
FLOOR: dict[str, float] = {
    "title": _F["title"], "body": _F["body"], "agenda": _F["body"],
    # the sources list is reference reading, like a table, but stays above table size
    "sources": _F["table"] + 2, "deck_title": _F["title"], "deck_sub": _F["body"],
    "section_title": _F["title"], "section_sub": _F["body"], "closing_title": _F["title"],
    "closing_sub": _F["body"], "caption": _F["caption"], "source": _F["caption"],
    "quote": _F["body"], "quote_by": _F["caption"] + 3, "stat_value": 20.0,
    "stat_label": _F["caption"], "col_head": _F["body"], "col_body": _F["body"],
    "table": _F["table"],
}
"""Floor per box. A stat value may drop to 20 pt to stay on one line in its card."""

LABELS = {
    "title": "title", "body": "body", "subtitle": "subtitle", "caption": "caption",
    "source": "source line", "quote": "quote", "quote_by": "attribution",
    "stat_value": "stat values", "stat_label": "stat labels", "col_head": "column headings",
    "col_body": "column text", "table": "table",
}

TITLE_SPACING = 1.0
"""Line spacing of titles: at the theme's 90 % LibreOffice draws glyphs past the box."""
TITLE_TOP_PT = 10.8
"""A content title that needs two lines may grow upwards to 0.15 in below the slide edge."""
TITLE_MAX_LINES = 2
DESCENT_EM = 0.2
"""Bottom inset (em) of bottom-anchored boxes: LibreOffice draws the glyph boxes of the
last line about 0.15 em below the line, so a zero inset puts the descent outside the box."""
CELL_MARGIN_PT = (5.76, 3.6)
"""Table cell margins (left/right, top/bottom) the builder sets."""


@dataclass(frozen=True)
class Area:
    """A text box in points: position, size and the frame's insets."""

    x: float
    y: float
    w: float
    h: float
    lr: float = 7.2
    tb: float = 3.6
    bb: float | None = None  # bottom inset when it differs from the top one

    @property
    def bottom(self) -> float:
        """Lower edge."""
        return self.y + self.h

    @property
    def insets_tb(self) -> float:
        """Top and bottom insets together."""
        return self.tb + (self.tb if self.bb is None else self.bb)

    def for_bottom_anchor(self, size: float) -> Area:
        """The box with room under the last line for the font's descent (see DESCENT_EM)."""
        return replace(self, bb=max(self.tb if self.bb is None else self.bb,
                                    DESCENT_EM * size))


@dataclass(frozen=True)
class ListStyle:
    """Paragraph geometry of a list, in points; the builder writes it on every paragraph.

    ``margin`` is ``marL`` at level 0 (the bullet hangs in it: ``indent = -margin``),
    ``step`` what ``marL`` grows by per level.
    """

    margin: float = 0.0
    step: float = 0.0
    space_before: float = 0.0
    sub_space_before: float = 0.0
    spacing: float = 1.0
    sub_scale: float = 1.0

    def box(self, area: Area, floor_pt: float = 0.0) -> fit.Box:
        """The fit.Box that measures text in an area with this style."""
        return fit.Box(width_pt=area.w, height_pt=area.h, inset_lr_pt=area.lr,
                       inset_tb_pt=area.insets_tb / 2, bullet_indent_pt=self.margin,
                       indent_pt_per_level=self.step, space_before_pt=self.space_before,
                       sub_space_before_pt=self.sub_space_before, line_spacing=self.spacing,
                       level_scale=(1.0, self.sub_scale), level_floor_pt=floor_pt)

    def margin_left(self, level: int) -> float:
        """``marL`` of a paragraph at a level."""
        return self.margin + level * self.step if self.margin else 0.0

    def size_at(self, size_pt: float, level: int, floor_pt: float) -> float:
        """Font size of a paragraph at a level."""
        return self.box(Area(0, 0, 1, 1), floor_pt).size_at(size_pt, level)


# The default theme's body levels: marL 0.3125 / 0.75 in, 10 / 5 pt before, 110 %, 22 / 19 pt.
BODY_LIST = ListStyle(margin=22.5, step=31.5, space_before=10, sub_space_before=5,
                      spacing=1.1, sub_scale=19 / 22)
COLUMN_LIST = ListStyle(margin=15.84, step=18, space_before=6, sub_space_before=2,
                        spacing=1.0, sub_scale=16 / 18)
PLAIN = ListStyle()
SUB_SPACING = 1.1
"""Line spacing of subtitles (title, section and closing slides), as in the theme."""


@dataclass(frozen=True)
class Frames:
    """The boxes of the template's layouts that text is measured against, in points.

    ``None`` where a layout has no such placeholder: the builder then draws no text there
    (subtitles) or a text box at ``title`` (titles).
    """

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


# ------------------------------------------------------------------ shared geometry


def title_area(frames: Frames, text: str, size: float) -> Area:
    """A content slide's title box: the layout's, grown upwards when the title needs it."""
    a = frames.title.for_bottom_anchor(size)
    n = len(fit.wrap(text, a.w - 2 * a.lr, size, bold=True))
    need = n * fit.line_height(size, TITLE_SPACING) + a.insets_tb
    if need <= a.h:
        return a
    top = max(min(a.y, TITLE_TOP_PT), a.bottom - need)
    return replace(a, y=top, h=a.bottom - top)


def _title_room(a: Area) -> Area:
    return replace(a, y=min(a.y, TITLE_TOP_PT), h=a.bottom - min(a.y, TITLE_TOP_PT))


def caption_text(sp: SlidePlan, language: str) -> str | None:
    """The source line under a chart or picture."""
    if not sp.source:
        return None
    return ("来源：" if language.startswith("zh") else "Source: ") + sp.source


CAPTION_GAP_PT = 3.6


def _lines_h(text: str, a: Area, size: float, spacing: float = 1.0) -> float:
    n = len(fit.wrap(text, a.w - 2 * a.lr, size))
    return n * fit.line_height(size, spacing) + a.insets_tb


def caption_areas(body: Area, sp: SlidePlan, language: str,
                  top: float | None = None) -> tuple[Area, Area | None, Area | None]:
    """The chart/picture box, and the caption and source boxes below it.

    The band under the picture is as tall as the caption and source text need; with
    ``top`` (the lower edge of a picture smaller than its box) the caption follows it.
    """
    cap = src = None
    band = 0.0
    cap_h = src_h = 0.0
    src_text = caption_text(sp, language)
    if sp.caption:
        cap_h = _lines_h(sp.caption, body, sp.size("caption", START_PT["caption"]))
        band += cap_h + CAPTION_GAP_PT
    if src_text:
        src_h = _lines_h(src_text, body, sp.size("source", START_PT["source"]))
        band += src_h + (0 if sp.caption else CAPTION_GAP_PT)
    chart = replace(body, h=body.h - band)
    y = (chart.bottom if top is None else top) + CAPTION_GAP_PT
    if sp.caption:
        cap = replace(body, y=y, h=cap_h)
        y += cap_h
    if src_text:
        src = replace(body, y=y, h=src_h)
    return chart, cap, src


def quote_text(text: str) -> str:
    """The quotation with quotation marks unless it has its own."""
    return text if text.startswith(("“", "\"", "「")) else f"“{text}”"


def attribution_text(by: str, language: str) -> str:
    """The attribution line under a quote."""
    return ("—— " if language.startswith("zh") else "— ") + by


@dataclass(frozen=True)
class QuoteAreas:
    """The accent bar, the quotation and the attribution of a quote slide."""

    bar: Area
    text: Area
    by: Area | None


def quote_areas(body: Area, by: str | None, by_size: float) -> QuoteAreas:
    """Where a quote slide's parts go; the attribution gets the lines it needs."""
    bar_w, inset = 0.08 * PT_PER_IN, 0.35 * PT_PER_IN
    has_by = by is not None
    by_h = 0.0
    if by is not None:
        probe = Area(0, 0, body.w - bar_w - 2 * inset, 0)
        by_h = max(0.6 * PT_PER_IN, _lines_h(by, probe, by_size))
    top = body.y + 0.2 * PT_PER_IN
    qh = body.h - by_h - 0.4 * PT_PER_IN
    x, w = body.x + bar_w + inset, body.w - bar_w - 2 * inset
    return QuoteAreas(Area(body.x, top, bar_w, qh + by_h), Area(x, top, w, qh),
                      Area(x, top + qh, w, by_h) if has_by else None)


@dataclass(frozen=True)
class StatAreas:
    """One stat card and its value and label boxes."""

    card: Area
    value: Area
    label: Area


STAT_GAP_PT = 0.3 * PT_PER_IN
STAT_PAD_PT = 0.15 * PT_PER_IN


def stat_areas(body: Area, n: int) -> list[StatAreas]:
    """Cards side by side across the body, value in the upper half, label below."""
    w = (body.w - STAT_GAP_PT * (n - 1)) / n
    h = min(body.h, 2.9 * PT_PER_IN)
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


COLUMN_GAP_PT = 0.3 * PT_PER_IN
COLUMN_HEAD_PT = 0.6 * PT_PER_IN
PANEL_INSETS = (0.18 * PT_PER_IN, 0.15 * PT_PER_IN)


def column_areas(body: Area, headings: Sequence[str], head_size: float) -> list[ColumnAreas]:
    """Columns side by side; the heading band is as tall as the longest heading needs."""
    n = len(headings)
    w = (body.w - COLUMN_GAP_PT * (n - 1)) / n
    probe = Area(0, 0, w, 0)
    head_h = max([COLUMN_HEAD_PT] + [_lines_h(h, probe, head_size) for h in headings])
    lr, tb = PANEL_INSETS
    return [ColumnAreas(Area(body.x + i * (w + COLUMN_GAP_PT), body.y, w, head_h),
                        Area(body.x + i * (w + COLUMN_GAP_PT), body.y + head_h, w,
                             body.h - head_h, lr, tb))
            for i in range(n)]


PANEL_MIN_SHARE = 0.55
"""A column panel is never shorter than this share of the room below its heading, so
short columns still read as columns."""


def trimmed_panels(areas: Sequence[ColumnAreas], columns: Sequence[Sequence[Para]],
                   size: float) -> list[ColumnAreas]:
    """Column panels as tall as the longest column's text needs (all the same height), so
    a few bullets do not float at the top of a tall empty panel."""
    if not areas:
        return []
    need = max(fit.text_height(_paras(ps), COLUMN_LIST.box(a.panel, FLOOR["col_body"]), size)
               for a, ps in zip(areas, columns))
    room = areas[0].panel.h
    h = min(room, max(need + COLUMN_LIST.space_before * 2, PANEL_MIN_SHARE * room))
    return [replace(a, panel=replace(a.panel, h=h)) for a in areas]


_WORD = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\S")


def _longest_word(text: str, size: float, bold: bool) -> float:
    return max((fit.text_width(w, size, bold) for w in _WORD.findall(text)), default=0.0)


def table_columns(header: Sequence[str], rows: Sequence[Sequence[str]],
                  width: float) -> list[float]:
    """Column widths in points: every column at least as wide as its longest word (so
    numbers and words never break), the rest shared by how much text each column has."""
    size, pad = START_PT["table"], 2 * CELL_MARGIN_PT[0] + 1
    cols = list(zip(header, *rows))
    least = [max(_longest_word(c, size, i == 0) for i, c in enumerate(col)) + pad
             for col in cols]
    most = [max(fit.text_width(c, size, i == 0) for i, c in enumerate(col)) + pad
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
               size: float) -> list[float]:
    """Row heights in points, header first, each as tall as its tallest cell."""
    return [fit.row_height(r, widths, size, CELL_MARGIN_PT, bold=(i == 0))
            for i, r in enumerate((header, *rows))]


# ------------------------------------------------------------------ fitting helpers


def _paras(paras: Sequence[Para]) -> list[fit.Para]:
    return [fit.Para(p.text, p.level) for p in paras]


def _text(text: str, bold: bool = False) -> list[fit.Para]:
    return [fit.Para(line, 0, bold) for line in text.split("\n")]


@dataclass(frozen=True)
class Sized:
    """A chosen size and whether it is at or above the box's floor."""

    size: float
    ok: bool


def _largest(paras_list: Sequence[Sequence[fit.Para]], boxes: Sequence[fit.Box],
             start: float, floor: float) -> float | None:
    """The largest common size from start down to floor at which every text fits its box."""
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
    return Sized(HARD_MIN_PT if s is None else s, False)


def _shrink(paras_list: Sequence[Sequence[fit.Para]], boxes: Sequence[fit.Box], start: float,
            floor: float) -> Sized:
    """The largest common size at which every text fits its box, down to the floor, then
    below it (``ok`` False) down to HARD_MIN_PT."""
    s = _largest(paras_list, boxes, start, floor)
    return Sized(s, True) if s is not None else _below(paras_list, boxes, floor)


def _one_line(texts_: Sequence[str], areas: Sequence[Area], start: float, floor: float,
              bold: bool = False, bottom_anchor: bool = False) -> float | None:
    """The largest common size ≥ floor at which every text is one line inside its box."""
    for s in fit.size_steps(start, floor):
        boxes = [a.for_bottom_anchor(s) if bottom_anchor else a for a in areas]
        if all(fit.text_width(t, s, bold) <= a.w - 2 * a.lr
               and fit.line_height(s) + a.insets_tb <= a.h + 1e-6
               for t, a in zip(texts_, boxes)):
            return s
    return None


def _fit_title(text: str, a: Area, start: float, floor: float, max_lines: int | None,
               spacing: float = TITLE_SPACING) -> Sized:
    """Title size: the largest at which it wraps into at most max_lines lines and fits
    (titles sit on the bottom of their box, so each size gets room for the descent)."""
    para = [fit.Para(text, 0, True)]

    def box(s: float) -> fit.Box:
        return replace(PLAIN.box(a.for_bottom_anchor(s)), line_spacing=spacing)

    for s in fit.size_steps(start, floor):
        lines = fit.wrap(text, a.w - 2 * a.lr, s, bold=True)
        if (max_lines is None or len(lines) <= max_lines) and fit.fit(para, box(s), s, s).fits:
            return Sized(s, True)
    for s in fit.size_steps(floor - 1, HARD_MIN_PT) if floor - 1 >= HARD_MIN_PT else []:
        if fit.fit(para, box(s), s, s).fits:
            return Sized(s, False)
    return Sized(HARD_MIN_PT, False)


class _Log:
    """Sizes chosen for one slide and what to say about them."""

    def __init__(self) -> None:
        self.sizes: dict[str, float] = {}
        self.changes: dict[str, tuple[float, float]] = {}
        self.problems: list[str] = []

    def put(self, box: str, start: float, got: Sized, floor: float) -> float:
        self.sizes[box] = got.size
        if got.size < start - 1e-9:
            old = self.changes.get(box, (start, got.size))
            self.changes[box] = (start, min(old[1], got.size))
        if not got.ok:
            self.problems.append(f"{LABELS.get(box, box)} needs {_pt(got.size)} pt, below the "
                                 f"{_pt(floor)} pt floor; shorten it")
        return got.size

    def report(self) -> list[str]:
        return [f"{LABELS.get(k, k)} {_pt(a)}→{_pt(b)} pt" for k, (a, b) in self.changes.items()]


def _pt(v: float) -> str:
    return f"{v:g}"


# ------------------------------------------------------------------ per slide kind


def _with_title(sp: SlidePlan, frames: Frames, log: _Log) -> None:
    """Size the title of a content slide (it may grow upwards into two lines)."""
    got = _fit_title(sp.title, _title_room(frames.title), START_PT["title"], FLOOR["title"],
                     TITLE_MAX_LINES)
    log.put("title", START_PT["title"], got, FLOOR["title"])


def _cover(sp: SlidePlan, frames: Frames, log: _Log) -> list[SlidePlan]:
    kind = {"title": "deck", "closing": "closing", "section": "section"}[sp.role]
    area = {"deck": frames.cover_title, "closing": frames.closing_title,
            "section": frames.section_title}[kind] or frames.title
    sub_area = {"deck": frames.cover_sub, "closing": frames.closing_sub,
                "section": frames.section_sub}[kind]
    start, floor = START_PT[f"{kind}_title"], FLOOR[f"{kind}_title"]
    log.put("title", start, _fit_title(sp.title, area, start, floor, None), floor)
    if sub_area is not None and sp.subtitle:
        start, floor = START_PT[f"{kind}_sub"], FLOOR[f"{kind}_sub"]
        box = replace(PLAIN.box(sub_area), line_spacing=SUB_SPACING)
        log.put("subtitle", start, _shrink([_text(sp.subtitle)], [box], start, floor), floor)
    return [sp]


def _continued(sp: SlidePlan, language: str, n: int, **changes: object) -> SlidePlan:
    if n == 0:
        return replace(sp, **changes)  # type: ignore[arg-type]
    return replace(sp, title=sp.title + texts(language)["cont"],
                   notes=texts(language)["cont_notes"],
                   continued=n, **changes)  # type: ignore[arg-type]


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
                fit.fit(p, replace(box, height_pt=mid), size, size).fits for p in trial):
            best, hi = trial, mid
        else:
            lo = mid
    return best


def _list_pages(paras: Sequence[fit.Para], box: fit.Box, start: float,
                floor: float) -> tuple[list[tuple[fit.Para, ...]], Sized]:
    """Paragraphs split into pages at the floor or above, with the common size."""
    pages = fit.paginate(paras, box, start, floor)
    if len(pages) > 1:
        pages = _balanced(paras, box, min(fit.fit(p, box, start, floor).size_pt
                                          for p in pages), pages)
    sized = [fit.fit(p, box, start, floor) for p in pages]
    size = min(f.size_pt for f in sized)
    if all(f.fits for f in sized):
        return pages, Sized(size, True)
    return pages, _below(pages, [box] * len(pages), floor)


def _bulleted(sp: SlidePlan, frames: Frames, lang: str, log: _Log,
              kind: str) -> list[SlidePlan]:
    start, floor = START_PT[kind], FLOOR[kind]
    box = BODY_LIST.box(frames.body, floor)
    pages, got = _list_pages(_paras(sp.paras), box, start, floor)
    log.put("body", start, got, floor)
    out = []
    for n, page in enumerate(pages):
        paras = tuple(Para(p.text, p.level) for p in page)
        out.append(_continued(sp, lang, n, paras=paras))
    return out


def _columns(sp: SlidePlan, frames: Frames, lang: str, log: _Log) -> list[SlidePlan]:
    headings = [h for h, _ in sp.columns]
    start, floor = START_PT["col_head"], FLOOR["col_head"]
    w = column_areas(frames.body, headings, start)[0].head
    one = _one_line(headings, [w] * len(headings), start, floor, bold=True)
    if one is not None:
        head = Sized(one, True)
    else:  # two lines: the heading band grows to hold them
        two = replace(w, h=2 * fit.line_height(floor) + 2 * w.tb)
        head = _shrink([[fit.Para(h, 0, True)] for h in headings], [PLAIN.box(two)] * len(
            headings), start, floor)
    log.put("col_head", start, head, floor)
    areas = column_areas(frames.body, headings, head.size)
    start, floor = START_PT["col_body"], FLOOR["col_body"]
    boxes = [COLUMN_LIST.box(a.panel, floor) for a in areas]
    texts_ = [_paras(ps) for _, ps in sp.columns]
    got = _shrink(texts_, boxes, start, floor)
    if got.ok:
        log.put("col_body", start, got, floor)
        return [sp]
    # Continue: every column is split at the floor; slide k shows each column's k-th page.
    split = [fit.paginate(t, b, floor, floor) for t, b in zip(texts_, boxes)]
    n = max(len(s) for s in split)
    pages = [[s[k] if k < len(s) else () for s in split] for k in range(n)]
    flat = [(page[c], boxes[c]) for page in pages for c in range(len(boxes))]
    got = _shrink([p for p, _ in flat], [b for _, b in flat], floor, floor)
    log.put("col_body", start, got, floor)
    return [_continued(sp, lang, k, columns=tuple(
        (h, tuple(Para(p.text, p.level) for p in page[c]))
        for c, (h, _) in enumerate(sp.columns))) for k, page in enumerate(pages)]


def _stats(sp: SlidePlan, frames: Frames, log: _Log) -> list[SlidePlan]:
    areas = stat_areas(frames.body, len(sp.stats))
    values = [v for v, _ in sp.stats]
    start, floor = START_PT["stat_value"], FLOOR["stat_value"]
    one = _one_line(values, [a.value for a in areas], start, floor, bold=True,
                    bottom_anchor=True)
    descent = [a.value.for_bottom_anchor(start) for a in areas]
    got = Sized(one, True) if one is not None else _shrink(
        [_text(v, True) for v in values], [PLAIN.box(a) for a in descent], start,
        fit.FLOOR_PT["body"])
    log.put("stat_value", start, got, floor)
    start, floor = START_PT["stat_label"], FLOOR["stat_label"]
    log.put("stat_label", start, _shrink([_text(lb) for _, lb in sp.stats],
                                         [PLAIN.box(a.label) for a in areas], start, floor),
            floor)
    return [sp]


def _quote(sp: SlidePlan, frames: Frames, lang: str, log: _Log) -> list[SlidePlan]:
    assert sp.quote is not None
    text, by = sp.quote
    line = attribution_text(by, lang) if by else None
    if line is not None:
        start, floor = START_PT["quote_by"], FLOOR["quote_by"]
        q = quote_areas(frames.body, line, start)
        assert q.by is not None
        one = _one_line([line], [q.by], start, floor)
        # Two lines rather than a tiny one: the attribution box grows, the quote gives way.
        log.put("quote_by", start, Sized(one if one is not None else floor, True), floor)
    q = quote_areas(frames.body, line, log.sizes.get("quote_by", START_PT["quote_by"]))
    start, floor = START_PT["quote"], FLOOR["quote"]
    log.put("quote", start, _shrink([_text(quote_text(text))], [PLAIN.box(q.text)], start,
                                    floor), floor)
    return [sp]


def _captioned(sp: SlidePlan, frames: Frames, lang: str, log: _Log) -> list[SlidePlan]:
    body = frames.body
    for box, text in (("caption", sp.caption), ("source", caption_text(sp, lang))):
        if not text:
            continue
        start, floor = START_PT[box], FLOOR[box]
        one = _one_line([text], [replace(body, h=1e9)], start, floor)
        if one is not None:
            log.put(box, start, Sized(one, True), floor)
            continue
        # Two or more lines at the floor: the band grows; the picture gives up the room.
        log.put(box, start, Sized(floor, True), floor)
    return [sp]


def _table(sp: SlidePlan, frames: Frames, lang: str, log: _Log) -> list[SlidePlan]:
    assert sp.table is not None
    header, rows = sp.table
    start, floor = START_PT["table"], FLOOR["table"]
    widths = table_columns(header, rows, frames.body.w)
    avail = frames.body.h

    def pages_at(s: float) -> list[range]:
        hs = table_rows(header, rows, widths, s)
        return fit.paginate_rows(hs[1:], hs[0], avail)

    size, pages = floor, pages_at(floor)
    for s in fit.size_steps(start, floor):
        p = pages_at(s)
        if len(p) <= max(len(pages), 1):
            size, pages = s, p
            break
    ok = all(sum(table_rows(header, [rows[i] for i in pg], widths, size)) <= avail + 1e-6
             for pg in pages)
    log.put("table", start, Sized(size, ok), floor)
    fractions = tuple(w / frames.body.w for w in widths)
    if len(pages) <= 1:
        return [replace(sp, table_widths=fractions)]
    return [_continued(sp, lang, k, table=(header, tuple(rows[i] for i in pg)),
                       table_widths=fractions) for k, pg in enumerate(pages)]


def _fit_slide(sp: SlidePlan, frames: Frames, lang: str, log: _Log) -> list[SlidePlan]:
    if sp.role in ("title", "section", "closing"):
        return _cover(sp, frames, log)
    if sp.role in ("bullets", "agenda", "sources"):
        pieces = _bulleted(sp, frames, lang, log, "body" if sp.role == "bullets" else sp.role)
    elif sp.role == "columns":
        pieces = _columns(sp, frames, lang, log)
    elif sp.role == "stats":
        pieces = _stats(sp, frames, log)
    elif sp.role == "quote":
        pieces = _quote(sp, frames, lang, log)
    elif sp.role == "table":
        pieces = _table(sp, frames, lang, log)
    else:
        pieces = _captioned(sp, frames, lang, log)
    titles = _Log()
    for piece in pieces:
        _with_title(piece, frames, titles)
    log.put("title", START_PT["title"], Sized(min(titles.sizes.values(), default=32.0),
                                              not titles.problems), FLOOR["title"])
    return pieces


def fit_deck(plan: DeckPlan, frames: Frames) -> DeckPlan:
    """The plan with a font size for every text box, long slides continued, and a report
    (``fitting``) of what was shrunk or continued; text below a floor adds a warning."""
    slides: list[SlidePlan] = []
    report: list[str] = []
    warnings: list[str] = []
    for sp in plan.slides:
        log = _Log()
        pieces = _fit_slide(sp, frames, plan.language, log)
        sizes = tuple(sorted(log.sizes.items()))
        label = f"slide {len(slides) + 1} '{sp.title}'"
        said = log.report()
        if len(pieces) > 1:
            said.append(f"continued on {len(pieces)} slides")
        if said:
            report.append(f"{label}: {', '.join(said)}")
        warnings.extend(f"{label}: {p}" for p in log.problems)
        slides.extend(replace(p, sizes=sizes) for p in pieces)
    return replace(plan, slides=tuple(slides), fitting=tuple(report),
                   warnings=(*plan.warnings, *warnings))


__all__ = [
    "BODY_LIST", "COLUMN_LIST", "FLOOR", "PLAIN", "START_PT", "Area", "Frames", "ListStyle",
    "attribution_text", "caption_areas", "caption_text", "column_areas", "fit_deck",
    "quote_areas", "quote_text", "stat_areas", "table_columns", "table_rows", "title_area",
]
