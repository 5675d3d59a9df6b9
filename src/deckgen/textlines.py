"""Where the lines of a text frame are drawn, for the renderers that draw text themselves
(the SVG preview, the PDF export): each line's baseline, the point its alignment hangs on
and its bullet, from the plan's paragraphs and the frame's inner box. Also the few things
a viewer draws that the plan leaves to it (table rules, cell anchoring, symbol bullets).

One home for these, so both renderers place text alike, and so that they can move to
per-line positions carried by the plan in one place when layout provides them.

Where text sits on its line. The plan gives each paragraph's ``line_height`` (baseline to
baseline, as viewers draw it: 1.2 em times the line spacing). LibreOffice stretches
proportional spacing above the glyphs, so the baseline sits a fixed part of an em above the
line's bottom: ``top + line_height - DESCENT_EM * size``. With 0.21 em, the sample's slides
drawn this way and LibreOffice's rendering of the built deck line up to the pixel
(tests/test_svg_vs_libreoffice.py and tests/test_export_vs_libreoffice.py compare them
region by region). LibreOffice (like PowerPoint) leaves out the space before a frame's
first paragraph, so the drawing does too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .deckplan import Paragraph
from .primitives import Anchor, Insets, Rect

DESCENT_EM = 0.21
"""Baseline above a line's bottom, in em (see the module docstring)."""
LINE_EM = 1.2
"""Line height in em when a paragraph carries none (a plan made by hand)."""
TABLE_RULE = "#FFFFFF"
"""Cell borders: the table style deckgen's tables use draws 1 pt white rules."""
TABLE_RULE_PT = 1.0
CELL_ANCHOR: Anchor = "ctr"
"""Table cells are anchored in the middle, as the pptx renderer sets them."""
SYMBOL_BULLETS = {0x6C: "●", 0x6E: "■", 0x71: "❑", 0x75: "◆", 0x76: "❖", 0xA7: "▪",
                  0xA8: "◻", 0xD8: "➢", 0xFC: "✔", 0xB7: "•", 0x2D: "−", 0x9F: "•"}
"""Bullets of the symbol fonts (Wingdings, Symbol) by their code in the U+F000 page, as
templates write them: a renderer without those fonts draws their Unicode twins."""

Edge = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Line:
    """One drawn line (or bullet): its text, the paragraph it belongs to, its baseline and
    the point ``x`` that its ``edge`` (left end, centre or right end, on the page) is at."""

    text: str
    para: Paragraph
    x: float
    baseline: float
    edge: Edge = "left"
    bullet: bool = False


def bullet_text(char: str) -> str:
    """A bullet character any font can show: symbol-font codes as Unicode."""
    if len(char) == 1 and 0xF000 <= ord(char) <= 0xF0FF:
        return SYMBOL_BULLETS.get(ord(char) - 0xF000, "•")
    return char


def line_height(p: Paragraph) -> float:
    """Baseline to baseline of a paragraph's lines."""
    return p.line_height or p.size * LINE_EM * p.line_spacing


def lines(p: Paragraph, number: int) -> tuple[str, ...]:
    """A paragraph's lines as shown on slide `number` (a slide-number field shows it)."""
    if p.field == "slidenum":
        return (str(number),)
    return p.lines or (p.text,)


def _before(p: Paragraph, i: int) -> float:
    return p.space_before if i else 0.0  # no space above a frame's first paragraph


def text_height(paras: tuple[Paragraph, ...], number: int) -> float:
    """Height of the paragraphs' lines as drawn."""
    return sum(_before(p, i) + len(lines(p, number)) * line_height(p)
               for i, p in enumerate(paras))


def inner(box: Rect, insets: Insets) -> Rect:
    """A frame's box less its insets: where its text goes."""
    return Rect(box.x + insets.left, box.y + insets.top, box.w - insets.left - insets.right,
                box.h - insets.top - insets.bottom)


def placed(paras: tuple[Paragraph, ...], area: Rect, anchor: Anchor,
           number: int) -> list[Line]:
    """Each bullet and non-blank line of the paragraphs at its place in the area (the
    frame's box less its insets), anchored at its top, middle or bottom."""
    height = text_height(paras, number)
    if anchor == "ctr":
        y = area.y + (area.h - height) / 2
    elif anchor == "b":
        y = area.bottom - height
    else:
        y = area.y
    out: list[Line] = []
    for k, p in enumerate(paras):
        y += _before(p, k)
        lh = line_height(p)
        left = area.x + p.margin_left
        first = left + p.indent
        for i, text in enumerate(lines(p, number)):
            base = y + lh - DESCENT_EM * p.size
            y += lh
            # a bullet hangs at the first-line position, its text at the left margin
            start = first if i == 0 and p.bullet is None else left
            if i == 0 and p.bullet is not None:
                out.append(Line(bullet_text(p.bullet.char), p, first, base, "left", True))
                start = max(left, first)
            if not text.strip():
                continue
            if p.align == "ctr":
                out.append(Line(text, p, (start + area.right) / 2, base, "center"))
            elif p.align == "r":
                out.append(Line(text, p, area.right, base, "right"))
            else:
                # right-to-left text in a left-aligned paragraph still ends at the left
                out.append(Line(text, p, start, base, "left"))
    return out
