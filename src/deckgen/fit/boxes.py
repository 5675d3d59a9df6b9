"""Fitting text into boxes: the largest size at which paragraphs fit a frame, pages of
a list that needs more than one, titles in a few lines, and table rows."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from deckgen.primitives import Fonts, Insets
from deckgen.style import PLAIN, ListStyle

from ..frozen import frozen
from .breaking import _wrap, wrap
from .measure import DEFAULT_FONTS, line_height

_PPT = Insets()  # PowerPoint's own insets and cell margins


@frozen
class Para:
    """One paragraph: text, outline level (0 = bullet, 1 = sub-bullet) and weight."""

    text: str
    level: int = 0
    bold: bool = False


@frozen
class Box:
    """A text frame as fit measures it, in points: its size, insets, the paragraph
    geometry of its list (``style``: margins, indents, spacing, the sub-level's size) and
    its typefaces.

    A builder must set the same values on the text frame so predictions hold: the size,
    ``bodyPr`` lIns/rIns and tIns/bIns (``inset_lr_pt``/``inset_tb_pt``; the defaults are
    PowerPoint's own), the list style's ``marL``, ``indent``, ``spcBef`` and ``lnSpc`` on
    every paragraph, and ``fonts`` on the runs (``a:latin`` and ``a:ea``). A paragraph at a
    level below the first is ``style.sub_scale`` of the size, but never less than
    ``level_floor_pt`` (nor than the level-0 size). Word wrap on, autofit off, anchored at
    the top.
    """

    width_pt: float
    height_pt: float
    inset_lr_pt: float = _PPT.left
    inset_tb_pt: float = _PPT.top
    style: ListStyle = PLAIN
    level_floor_pt: float = 0.0
    fonts: Fonts = DEFAULT_FONTS

    @property
    def line_spacing(self) -> float:
        """``lnSpc`` as a proportion of single spacing."""
        return self.style.spacing

    def text_width(self, level: int) -> float:
        """Width available to the text of a paragraph at a level, in points."""
        return self.width_pt - 2 * self.inset_lr_pt - self.style.margin_left(level)

    def size_at(self, size_pt: float, level: int) -> float:
        """Font size of a paragraph at a level when the body size is size_pt."""
        scale = self.style.sub_scale if level else 1.0
        return round(max(size_pt * scale, min(self.level_floor_pt, size_pt)), 2)


@frozen
class Fit:
    """Chosen font size, whether the text fits at it, and the text's height in points."""

    size_pt: float
    fits: bool
    height_pt: float


@functools.lru_cache(maxsize=16384)
def _para_lines(p: Para, box: Box, size_pt: float) -> tuple[int, bool]:
    """Line count of a paragraph and whether every line fits the width with no word broken
    between characters (remembered: packing a page measures its first paragraphs again
    with every one added, and titles and lists are tried at several sizes)."""
    size = box.size_at(size_pt, p.level)
    width = box.text_width(p.level)
    broken: list[str] = []
    lines = _wrap(p.text, width, size, p.bold, box.fonts, broken)
    return len(lines), not broken and all(ink <= width for _, ink in lines)


def box_broken_words(paras: Sequence[Para], box: Box, size_pt: float) -> list[str]:
    """The words the paragraphs break between characters in a box at a size."""
    out: list[str] = []
    for p in paras:
        _wrap(p.text, box.text_width(p.level), box.size_at(size_pt, p.level), p.bold,
              box.fonts, out)
    return out


def _height(paras: Sequence[Para], box: Box, size_pt: float) -> tuple[float, bool]:
    h = 2 * box.inset_tb_pt
    ok = True
    for p in paras:
        n, fits_width = _para_lines(p, box, size_pt)
        ok = ok and fits_width
        h += box.style.before(p.level)
        h += n * line_height(box.size_at(size_pt, p.level), box.line_spacing, box.fonts)
    return h, ok


def text_height(paras: Sequence[Para], box: Box, size_pt: float) -> float:
    """Height of the paragraphs laid out in the box, insets included, in points."""
    return _height(paras, box, size_pt)[0]


def line_counts(paras: Sequence[Para], box: Box, size_pt: float) -> list[int]:
    """How many lines each paragraph breaks into in the box at a size."""
    return [_para_lines(p, box, size_pt)[0] for p in paras]


def _sizes(size_pt: float, floor_pt: float, step_pt: float) -> Iterable[float]:
    """Font sizes from size_pt down to floor_pt (both included)."""
    if step_pt <= 0:
        raise ValueError("step_pt must be positive")
    s = size_pt
    while s > floor_pt + 1e-9:
        yield s
        s = round(s - step_pt, 4)
    yield min(size_pt, floor_pt) if size_pt < floor_pt else floor_pt


def size_steps(size_pt: float, floor_pt: float, step_pt: float = 1.0) -> list[float]:
    """Font sizes :func:`fit` tries, from size_pt down to floor_pt (both included)."""
    return list(_sizes(size_pt, floor_pt, step_pt))


def _fits_at(paras: Sequence[Para], box: Box, size_pt: float) -> tuple[bool, float]:
    h, ok = _height(paras, box, size_pt)
    return ok and h <= box.height_pt + 1e-6, h


def fit(
    paras: Sequence[Para], box: Box, size_pt: float, floor_pt: float, step_pt: float = 1.0
) -> Fit:
    """Largest size from size_pt down to floor_pt (in steps) at which the text fits: inside
    the box, with no word broken between characters (shrinking comes first)."""
    h = 0.0
    s = size_pt
    for s in _sizes(size_pt, floor_pt, step_pt):
        ok, h = _fits_at(paras, box, s)
        if ok:
            return Fit(s, True, h)
    return Fit(s, False, h)


def _blocks(paras: Sequence[Para]) -> list[tuple[Para, ...]]:
    """Top-level bullets, each with the deeper paragraphs that follow it."""
    blocks: list[list[Para]] = []
    for p in paras:
        if p.level == 0 or not blocks:
            blocks.append([p])
        else:
            blocks[-1].append(p)
    return [tuple(b) for b in blocks]


def _pack(units: Sequence[tuple[Para, ...]], box: Box, size_pt: float) -> list[tuple[Para, ...]]:
    """Greedy packing of units (kept whole) into pages that fit at a size.

    A unit that does not fit on a page of its own is split into single
    paragraphs; a paragraph that does not fit alone gets its own page.
    """
    pages: list[tuple[Para, ...]] = []
    cur: tuple[Para, ...] = ()
    for unit in units:
        if _fits_at(cur + unit, box, size_pt)[0]:
            cur += unit
            continue
        if cur:
            pages.append(cur)
            cur = ()
        if _fits_at(unit, box, size_pt)[0]:
            cur = unit
            continue
        for p in unit:  # oversize block: split between its paragraphs
            if cur and not _fits_at((*cur, p), box, size_pt)[0]:
                pages.append(cur)
                cur = ()
            cur += (p,)
    if cur or not pages:
        pages.append(cur)
    return pages


def paginate(
    paras: Sequence[Para], box: Box, size_pt: float, floor_pt: float, step_pt: float = 1.0
) -> list[tuple[Para, ...]]:
    """Paragraphs split into the fewest pages that each fit at a size ≥ floor_pt.

    Pages break only between top-level bullets (a bullet keeps its
    sub-bullets) unless one bullet with its sub-bullets is too tall for a page
    of its own; a single oversize paragraph gets its own page. Among the
    splits with the fewest pages, the one whose pages all fit at the largest
    common size is chosen, so continuation slides look alike. Size each page
    with :func:`fit`.
    """
    paras = tuple(paras)
    if fit(paras, box, size_pt, floor_pt, step_pt).fits:
        return [paras]
    blocks = _blocks(paras)
    best = _pack(blocks, box, floor_pt)
    for s in _sizes(size_pt, floor_pt, step_pt):
        pages = _pack(blocks, box, s)
        if len(pages) <= len(best):
            return pages
    return best


def fit_title(
    text: str,
    box_width_pt: float,
    size_pt: float,
    floor_pt: float,
    max_lines: int = 2,
    bold: bool = False,
    inset_lr_pt: float = _PPT.left,
    inset_tb_pt: float = _PPT.top,
    step_pt: float = 1.0,
    fonts: Fonts = DEFAULT_FONTS,
) -> Fit:
    """Largest size down to floor_pt at which a title wraps into at most max_lines lines."""
    width = box_width_pt - 2 * inset_lr_pt
    n, s = 0, size_pt
    for s in _sizes(size_pt, floor_pt, step_pt):
        broken: list[str] = []
        lines = _wrap(text, width, s, bold, fonts, broken)
        n = len(lines)
        if n <= max_lines and not broken and all(ink <= width for _, ink in lines):
            return Fit(s, True, n * line_height(s, fonts=fonts) + 2 * inset_tb_pt)
    return Fit(s, False, n * line_height(s, fonts=fonts) + 2 * inset_tb_pt)


# ---------------------------------------------------------------- tables


def row_height(
    cells: Sequence[str],
    col_widths_pt: Sequence[float],
    size_pt: float,
    margins: Insets = _PPT,
    bold: bool = False,
    line_spacing: float = 1.0,
    fonts: Fonts = DEFAULT_FONTS,
) -> float:
    """Height of a table row: its tallest cell, wrapped inside the cells' margins
    (PowerPoint's by default), plus the top and bottom margins."""
    n = 1
    for text, w in zip(cells, col_widths_pt, strict=True):
        n = max(n, len(wrap(text, w - (margins.left + margins.right), size_pt, bold, fonts)))
    return n * line_height(size_pt, line_spacing, fonts) + (margins.top + margins.bottom)


def paginate_rows(
    row_heights_pt: Sequence[float], header_pt: float, avail_pt: float
) -> list[range]:
    """Body rows split into pages, each under a repeated header of header_pt.

    A row taller than a page on its own gets a page to itself; no rows give
    no pages.
    """
    pages: list[range] = []
    start, used = 0, header_pt
    for i, h in enumerate(row_heights_pt):
        if i > start and used + h > avail_pt + 1e-6:
            pages.append(range(start, i))
            start, used = i, header_pt
        used += h
    if len(row_heights_pt) > start:
        pages.append(range(start, len(row_heights_pt)))
    return pages
