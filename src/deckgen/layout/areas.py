"""Text boxes in points, and the measuring of text in them with the deck's typefaces."""

from __future__ import annotations

from collections.abc import Sequence

from .. import fit
from .. import plan as p
from ..frozen import frozen, replace
from ..primitives import Insets, Rect
from ..style import DESCENT_EM, OPTICAL_CENTRE, ListStyle

PPT_INSETS = Insets()
"""PowerPoint's own insets, which deckgen's text boxes keep unless they need others."""


@frozen
class Area:
    """A text box in points: position, size and the frame's insets."""

    x: float
    y: float
    w: float
    h: float
    lr: float = PPT_INSETS.left
    tb: float = PPT_INSETS.top
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


def balanced(area: Area, drawn: float, need: float) -> Area:
    """The area cut short from below so that a text block `drawn` tall, centred in it,
    sits at the optical centre of the whole area (OPTICAL_CENTRE of the free height above
    it); never shorter inside its insets than fitting's `need`, so every viewer still has
    the room fitting measured."""
    inner = area.h - area.insets_tb
    want = drawn + 2 * OPTICAL_CENTRE * max(inner - drawn, 0.0)
    return replace(area, h=min(inner, max(want, need)) + area.insets_tb)


@frozen
class Typefaces:
    """The typefaces text is measured and drawn with: titles' (the theme's major fonts
    unless the outline names fonts) and body text's (minor); see ``deck.deck_fonts``."""

    title: fit.Fonts = fit.DEFAULT_FONTS
    body: fit.Fonts = fit.DEFAULT_FONTS


def fit_box(style: ListStyle, area: Area, floor_pt: float = 0.0,
            fonts: fit.Fonts = fit.DEFAULT_FONTS) -> fit.Box:
    """The fit.Box that measures text in an area with a list style and typefaces; every
    box layout measures is made here."""
    return fit.Box(width_pt=area.w, height_pt=area.h, inset_lr_pt=area.lr,
                   inset_tb_pt=area.insets_tb / 2, style=style, level_floor_pt=floor_pt,
                   fonts=fonts)


def lines_of(text: str, a: Area, size: float, bold: bool = False,
             fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[str]:
    """The lines a text breaks into inside an area (insets taken off)."""
    return fit.wrap(text, a.w - 2 * a.lr, size, bold, fonts)


def block_height(text: str, a: Area, size: float, spacing: float = 1.0, bold: bool = False,
                 fonts: fit.Fonts = fit.DEFAULT_FONTS) -> float:
    """How tall an area must be for a text: its lines and the area's insets."""
    n = len(lines_of(text, a, size, bold, fonts))
    return n * fit.line_height(size, spacing, fonts) + a.insets_tb


def size_at(style: ListStyle, size: float, level: int, floor: float) -> float:
    """Font size of a paragraph at a level of a list style."""
    return fit_box(style, Area(0, 0, 1, 1), floor).size_at(size, level)


def list_paras(paras: Sequence[p.Para]) -> list[fit.Para]:
    """The outline's list paragraphs as fit measures them."""
    return [fit.Para(x.text, x.level) for x in paras]


def text_paras(text: str, bold: bool = False) -> list[fit.Para]:
    """A text as fit measures it: a paragraph per line."""
    return [fit.Para(line, 0, bold) for line in text.split("\n")]
