"""Big numbers: one to four cards side by side at the body's optical centre, each value on
one line at one size for every card, as large as the cards allow up to the ceiling (below
its floor, with a warning, rather than a number broken over two lines), its label below."""

from __future__ import annotations

from .. import plan as p
from ..deckplan import Rectangle, Shape
from ..frozen import frozen
from ..primitives import Rect
from ..style import (
    FLOOR_PT,
    HARD_MIN_PT,
    MUTED,
    OPTICAL_CENTRE,
    PANEL,
    PLAIN,
    START_PT,
    STAT_ACCENT_H,
    STAT_CARD_MAX_H,
    STAT_GAP_PT,
    STAT_PAD_PT,
)
from .areas import Area, fit_box, text_paras
from .setting import Page, Setting
from .sizing import Log, Sized, below, one_line, shrink


def lay(sp: p.SlideSpec, c: p.Stats, st: Setting, log: Log) -> list[Page]:
    """A stats slide: the cards, their accents, values and labels."""
    fonts = st.faces.body
    areas = stat_areas(st.frames.body, len(c.stats))
    values = [s.value.text for s in c.stats]
    boxes = [a.value for a in areas]
    start, floor = START_PT["stat_value"], FLOOR_PT["stat_value"]
    one = one_line(values, boxes, max(start, st.ceiling("stat_value")), floor, True, True,
                   fonts)
    if one is not None:
        got = Sized(one, True)
    else:
        lower = (one_line(values, boxes, floor - 1, HARD_MIN_PT, True, True, fonts)
                 if floor - 1 >= HARD_MIN_PT else None)
        descent = [a.for_bottom_anchor(HARD_MIN_PT) for a in boxes]
        got = Sized(lower, False) if lower is not None else below(
            [text_paras(v, True) for v in values],
            [fit_box(PLAIN, a, fonts=fonts) for a in descent], HARD_MIN_PT + 1)
    value_pt = log.put("stat_value", start, got, floor)
    start, floor = START_PT["stat_label"], FLOOR_PT["stat_label"]
    label_pt = log.put("stat_label", start, shrink(
        [text_paras(s.label.text) for s in c.stats],
        [fit_box(PLAIN, a.label, fonts=fonts) for a in areas], start, floor), floor)
    shapes: list[Shape] = []
    for i, (s, a) in enumerate(zip(c.stats, areas), start=1):
        color = st.palette[(i - 1) % len(st.palette)]
        value = a.value.for_bottom_anchor(value_pt)
        shapes += [
            Rectangle(f"Stat card {i}", a.card.rect, PANEL),
            Rectangle(f"Stat accent {i}", Rect(a.card.x, a.card.y, a.card.w, STAT_ACCENT_H),
                      color),
            st.textbox(f"Stat value {i}", "stat-value", value, [st.para(
                s.value.text, value, value_pt, color=color, bold=True, align="ctr",
                origin=s.value.key)], anchor="b"),
            st.textbox(f"Stat label {i}", "stat-label", a.label, [st.para(
                s.label.text, a.label, label_pt, color=MUTED, align="ctr",
                origin=s.label.key)])]
    return [Page(sp, tuple(shapes))]


@frozen
class StatAreas:
    """One stat card and its value and label boxes."""

    card: Area
    value: Area
    label: Area


def stat_areas(body: Area, n: int) -> list[StatAreas]:
    """Cards side by side across the body at its optical centre, value in the upper half,
    label below."""
    w = (body.w - STAT_GAP_PT * (n - 1)) / n
    h = min(body.h, STAT_CARD_MAX_H)
    y = body.y + (body.h - h) * OPTICAL_CENTRE
    pad, vh = STAT_PAD_PT, h * 0.5
    out = []
    for i in range(n):
        x = body.x + i * (w + STAT_GAP_PT)
        out.append(StatAreas(Area(x, y, w, h), Area(x + pad, y + pad, w - 2 * pad, vh - pad),
                             Area(x + pad, y + vh, w - 2 * pad, h - vh - pad)))
    return out
