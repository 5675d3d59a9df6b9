"""A quotation: an accent bar, the quotation in quotation marks (unless it has its own),
and the attribution below it, which takes two lines rather than a tiny one."""

from __future__ import annotations

from .. import fit
from .. import plan as p
from ..deckplan import Rectangle, Shape
from ..frozen import frozen, replace
from ..i18n import quote_marks, texts
from ..style import (
    FLOOR_PT,
    MUTED,
    OPTICAL_CENTRE,
    PLAIN,
    PT_PER_IN,
    QUOTE,
    QUOTE_BAR_W,
    QUOTE_INSET,
    QUOTE_MARGIN,
    START_PT,
)
from .areas import Area, block_height, fit_box, text_paras
from .lines import drawn_height
from .setting import Page, Setting
from .sizing import Log, Sized, grown, one_line, shrink


def lay(sp: p.SlideSpec, c: p.Quote, st: Setting, log: Log) -> list[Page]:
    """A quote slide: the quotation at the largest size its room allows (a short one grows
    up to the ceiling), and the quotation with its attribution balanced at the body's
    optical centre, the accent bar beside both."""
    fonts, body = st.faces.body, st.frames.body
    line = attribution_text(c.by.text, st.language) if c.by else None
    by_pt = START_PT["quote_by"]
    if line is not None:
        start, floor = START_PT["quote_by"], FLOOR_PT["quote_by"]
        q = quote_areas(body, line, start, fonts)
        assert q.by is not None
        one = one_line([line], [q.by], start, floor, fonts=fonts)
        # Two lines rather than a tiny one: the attribution box grows, the quote gives way.
        by_pt = log.put("quote_by", start, Sized(one if one is not None else floor, True), floor)
    q = quote_areas(body, line, by_pt, fonts)
    floor = FLOOR_PT["quote"]
    start = min(START_PT["quote"], st.ceiling("quote"))
    text = quote_text(c.text.text)
    measured, box = text_paras(text), fit_box(PLAIN, q.text, fonts=fonts)
    got = shrink([measured], [box], start, floor)
    if got.ok and got.size >= start:
        bigger = grown(measured, box, start, st.ceiling("quote"), keep_lines=False)
        got = Sized(bigger, True) if bigger is not None else got
    size = log.put("quote", start, got, floor)
    para = st.para(text, q.text, size, color=QUOTE, origin=c.text.key,
                   affixes=quote_marks(c.text.text))
    q = balanced_quote(q, drawn_height([para]),
                       fit.text_height(measured, box, size) - q.text.insets_tb)
    shapes: list[Shape] = [
        Rectangle("Quote bar", q.bar.rect, st.palette[0]),
        st.textbox("Quote", "quote", q.text, [para], anchor="ctr")]
    if line is not None and q.by is not None and c.by is not None:
        shapes.append(st.textbox("Attribution", "attribution", q.by, [st.para(
            line, q.by, by_pt, color=MUTED, align="r", origin=c.by.key,
            affixes=(texts(st.language)["attribution"], ""))]))
    return [Page(sp, tuple(shapes))]


def quote_text(text: str) -> str:
    """The quotation with quotation marks unless it has its own."""
    a, b = quote_marks(text)
    return a + text + b


def attribution_text(by: str, language: str) -> str:
    """The attribution line under a quote."""
    return texts(language)["attribution"] + by


@frozen
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
        by_h = max(0.6 * PT_PER_IN, block_height(by, probe, by_size, fonts=fonts))
    top = body.y + QUOTE_MARGIN
    qh = max(body.h - by_h - 2 * QUOTE_MARGIN, 1.0)
    x, w = body.x + QUOTE_BAR_W + QUOTE_INSET, body.w - QUOTE_BAR_W - 2 * QUOTE_INSET
    return QuoteAreas(Area(body.x, top, QUOTE_BAR_W, qh + by_h), Area(x, top, w, qh),
                      Area(x, top + qh, w, by_h) if by is not None else None)


def balanced_quote(q: QuoteAreas, drawn: float, need: float) -> QuoteAreas:
    """The quotation's box as tall as its text (`drawn`, but never less than fitting's
    `need`) with the attribution right under it, the two balanced at the optical centre of
    the room the quote had, the bar beside both."""
    h = min(max(drawn, need) + q.text.insets_tb, q.text.h)
    by_h = q.by.h if q.by is not None else 0.0
    top = q.text.y + OPTICAL_CENTRE * max(q.text.h - h, 0.0)
    by = replace(q.by, y=top + h) if q.by is not None else None
    return QuoteAreas(replace(q.bar, y=top, h=h + by_h), replace(q.text, y=top, h=h), by)
