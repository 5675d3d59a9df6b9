"""The audience's hand-out: N slides a page (1, 2, 3 with ruled lines for notes beside
each, 4 or 6), portrait A4 or Letter, with the talk's title, the presenters and page
numbers."""

from __future__ import annotations

from collections.abc import Sequence

from ..pipeline import Report
from ..primitives import Rect
from . import paper
from .ops import Document, Op
from .paper import default_paper

GRIDS = {1: (1, 1), 2: (1, 2), 3: (1, 3), 4: (2, 2), 6: (2, 3)}
"""Columns and rows of slides per page."""
GAP = 18.0
LABEL = 8.0  # type size of the slide numbers


def slots(n: int, area: Rect, aspect: float) -> list[tuple[Rect, Rect | None]]:
    """Where the n slides of a page go: each slide's box (the slide fills its width or
    height) and, with 3 a page, the box of its ruled lines beside it."""
    cols, rows = GRIDS[n]
    cell_w = (area.w - GAP * (cols - 1)) / cols
    cell_h = (area.h - GAP * (rows - 1)) / rows - LABEL * 1.6
    out: list[tuple[Rect, Rect | None]] = []
    for r in range(rows):
        for c in range(cols):
            x = area.x + c * (cell_w + GAP)
            y = area.y + r * (cell_h + LABEL * 1.6 + GAP)
            if n == 3:  # the slide on the left, lines for notes beside it
                w = min(cell_w * 0.56, cell_h * aspect)
                h = w / aspect
                top = y + (cell_h - h) / 2
                out.append((Rect(x, top, w, h), Rect(x + w + GAP, top, cell_w - w - GAP, h)))
            else:  # centred in its cell, so the rows spread over the page
                w = min(cell_w, cell_h * aspect)
                h = w / aspect
                out.append((Rect(x + (cell_w - w) / 2, y + (cell_h - h) / 2, w, h), None))
    return out


def document(report: Report, slides: Sequence[Sequence[Op]], n: int,
             paper_name: str | None = None) -> Document:
    """The hand-out's pages."""
    if n not in GRIDS:
        raise ValueError(f"a hand-out has {', '.join(map(str, GRIDS))} slides a page, not {n}")
    deck = report.plan
    name = paper_name or default_paper(deck.language)
    doc = Document(deck.title, deck.authors, deck.language)
    fonts = deck.fonts
    count = -(-len(slides) // n)
    head_right = "  ".join(deck.authors)
    for k in range(count):
        p = paper.page(name)
        paper.running(p, deck.title, head_right, f"{k + 1} / {count}", fonts)
        area = paper.body(p)
        for (box, lines), i in zip(slots(n, area, deck.width / deck.height),
                                   range(k * n, min((k + 1) * n, len(slides)))):
            drawn, placed = paper.thumbnail(slides[i], deck.width, deck.height, box)
            p.ops.extend(drawn)
            p.ops.append(paper.text(str(deck.slides[i].number), placed.x, placed.bottom + 2,
                                    LABEL, fonts, paper.MUTED))
            if lines is not None:
                p.ops.extend(paper.ruled(lines))
            p.bookmarks.append((0, f"{deck.slides[i].number} · {deck.slides[i].title}"))
        doc.pages.append(p)
    return doc
