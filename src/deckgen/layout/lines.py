"""Where each line of text is drawn: every paragraph's baselines and line starts, from its
frame's box, insets and anchor, so that a renderer draws a line at (x, baseline) and
measures nothing.

Lines are ``line_height`` apart (baseline to baseline as viewers draw them: 1.2 em times
the line spacing) and the baseline sits BASELINE_EM above each line's bottom. LibreOffice
(like PowerPoint) leaves out the space before a frame's first paragraph, so placing does
too."""

from __future__ import annotations

from collections.abc import Sequence

from ..deckplan import Paragraph, Shape, Table, TextBox
from ..frozen import replace
from ..primitives import Anchor, Insets, Rect
from ..style import BASELINE_EM


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
    """A box less its insets."""
    return Rect(box.x + insets.left, box.y + insets.top, box.w - insets.left - insets.right,
                box.h - insets.top - insets.bottom)


def drawn_height(paras: Sequence[Paragraph]) -> float:
    """How tall paragraphs are drawn: their lines, line_height apart, and the space before
    each but the first."""
    return sum((q.space_before if i else 0.0) + len(q.lines) * q.line_height
               for i, q in enumerate(paras))


def _placed_lines(paras: Sequence[Paragraph], area: Rect,
                  anchor: Anchor) -> tuple[Paragraph, ...]:
    """The paragraphs with each line placed in an area: baselines BASELINE_EM above each
    line's bottom, lines line_height apart."""
    height = drawn_height(paras)
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
            # the first line starts at the indent; a bullet hangs there and its text starts
            # at the left margin, like every later line
            start = left if i else first if q.bullet is None else max(left, first)
            if q.align == "ctr":
                starts.append((start + area.right) / 2)
            elif q.align == "r":
                starts.append(area.right)
            else:
                starts.append(start)
        out.append(replace(q, baselines=tuple(bases), starts=tuple(starts),
                           bullet_x=first if q.bullet is not None else 0.0))
    return tuple(out)
