"""Printed pages around slides (hand-outs, rehearsal booklets): paper sizes, margins,
type, a slide placed as a framed thumbnail, lines of text wrapped and cut to fit. These
pages are laid out here, once, with layout's own measure (:mod:`deckgen.fit`); the writer
only draws the result."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .. import fit
from ..primitives import Fonts, Rect
from ..style import BASELINE_EM
from . import ops
from .ops import Op

PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
"""Portrait page sizes in points."""
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "PR", "CR",
                            "SV", "DO", "PA", "NI", "HN", "BZ"})
"""Where Letter is the usual paper (the Americas' Letter countries and the Philippines)."""
MARGIN = 42.0
HEAD = 9.0  # type size of the running head and foot
INK = "#1F2937"
MUTED = "#6B7280"
RULE = "#D1D5DB"
FRAME = "#9CA3AF"


def _region(tag: str) -> str | None:
    """The region of a language tag or locale name: "en-US", "en_US.UTF-8" → "US"."""
    parts = tag.replace("_", "-").split(".")[0].split("-")
    return next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)


def default_paper(language: str) -> str:
    """Letter where the deck's language names a Letter country (en-US), else where the
    locale does (LC_PAPER, LC_ALL, LANG), else A4."""
    region = _region(language)
    if region is None:
        for name in ("LC_PAPER", "LC_ALL", "LANG"):
            region = _region(os.environ.get(name, ""))
            if region is not None:
                break
    return "letter" if region in LETTER_REGIONS else "a4"


def page(paper: str, label: str | None = None) -> ops.Page:
    """An empty portrait page of a paper size."""
    w, h = PAPERS[paper]
    return ops.Page(w, h, label=label)


def body(p: ops.Page) -> Rect:
    """The part of a page between the margins, under the running head and above the foot."""
    return Rect(MARGIN, MARGIN + 18, p.width - 2 * MARGIN, p.height - 2 * MARGIN - 36)


def text(s: str, x: float, top: float, size: float, fonts: Fonts, color: str = INK,
         bold: bool = False, edge: str = "left") -> ops.Text:
    """One line of text whose line box starts at `top` (its baseline where layout puts a
    slide's: BASELINE_EM above the bottom of a line DRAWN_LINE_EM high)."""
    return ops.Text(s, x, top + fit.drawn_line_height(size) - BASELINE_EM * size, size,
                    color, fonts, bold, edge)  # type: ignore[arg-type]


def fitted(s: str, width: float, size: float, fonts: Fonts, bold: bool = False) -> str:
    """The text whole when it fits the width, else cut with "…"."""
    from ..layout.sizing import ellipsized

    return ellipsized(s, lambda t: fit.text_width(t, size, bold, fonts) <= width)


def wrapped(s: str, width: float, size: float, fonts: Fonts, bold: bool = False) -> list[str]:
    """The lines a paragraph breaks into at this width (layout's own rule)."""
    return list(fit.wrapped(s, width, size, bold, fonts))


def running(p: ops.Page, left: str, right: str, foot: str, fonts: Fonts) -> None:
    """The running head (left and right) and foot (centred) of a page, with a rule."""
    w = p.width - 2 * MARGIN
    half = w * 0.62
    p.ops.append(text(fitted(left, half, HEAD, fonts), MARGIN, MARGIN - 6, HEAD, fonts, MUTED))
    p.ops.append(text(fitted(right, w - half - 12, HEAD, fonts), p.width - MARGIN,
                      MARGIN - 6, HEAD, fonts, MUTED, edge="right"))
    p.ops.append(ops.Shape(((MARGIN, MARGIN + 8), (p.width - MARGIN, MARGIN + 8)), False,
                           None, RULE, 0.5))
    p.ops.append(text(foot, p.width / 2, p.height - MARGIN + 6, HEAD, fonts, MUTED,
                      edge="center"))


def thumbnail(slide_ops: Sequence[Op], slide_w: float, slide_h: float, box: Rect) -> tuple[
        list[Op], Rect]:
    """A slide drawn as large as fits in a box (centred at its top), framed; and the
    rectangle it takes."""
    s = min(box.w / slide_w, box.h / slide_h)
    w, h = slide_w * s, slide_h * s
    x = box.x + (box.w - w) / 2
    placed = Rect(x, box.y, w, h)
    out: list[Op] = list(ops.placed(tuple(slide_ops), s, x, box.y))
    out.append(ops.box_shape(placed, None, FRAME, 0.6))
    return out, placed


def ruled(box: Rect, step: float = 22.0) -> list[Op]:
    """Lines to write notes on, `step` apart, filling a box."""
    out: list[Op] = []
    y = box.y + step
    while y <= box.bottom + 0.01:
        out.append(ops.Shape(((box.x, y), (box.right, y)), False, None, RULE, 0.5))
        y += step
    return out
