"""Tables: one size at which every column is as wide as its longest word, the rows split
between slides under a repeated header when they need more room, and the cells banded in
the theme's accent as the table style draws them; a table on one slide balanced at the
body's optical centre."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from .. import fit
from .. import plan as p
from ..colors import blend
from ..deckplan import Cell, Table
from ..frozen import replace
from ..primitives import EMU_PER_PT, Rect
from ..source import key_path
from ..style import (
    CELL_MARGINS,
    FLOOR_PT,
    OPTICAL_CENTRE,
    START_PT,
    TABLE_RULE,
    TABLE_RULE_PT,
    WHITE,
)
from .areas import Area
from .setting import Page, Setting, continued
from .sizing import Log, Sized, pt

TABLE_MAX_PAGES = 5
"""A table continued onto more slides than this is warned about."""


def lay(sp: p.SlideSpec, t: p.Table, st: Setting, log: Log) -> list[Page]:
    """A table slide, continued between rows under the repeated header."""
    fonts = st.faces.body
    header = [h.text for h in t.header]
    rows = [[c.text for c in row] for row in t.rows]
    start, floor = START_PT["table"], FLOOR_PT["table"]
    width, avail = st.frames.body.w, st.frames.body.h

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
            f"{pt(floor)} pt its words need {need:,.0f} pt but the slide has {width:,.0f} pt; "
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
    parts = [t] if len(pages) <= 1 else [replace(t, rows=tuple(t.rows[i] for i in pg))
                                         for pg in pages]
    return [Page(continued(sp, st.language, k, part),
                 (_table(part, cols, size, st, len(parts) == 1),))
            for k, part in enumerate(parts)]


def _table(t: p.Table, widths: tuple[float, ...], size: float, st: Setting,
           balance: bool) -> Table:
    """The table in the body, header in the accent, rows banded in its tints: at the body's
    optical centre (`balance`), or at its top, where a table continued over several slides
    keeps its header in one place."""
    b = st.frames.body
    header = [h.text for h in t.header]
    rows = [[c.text for c in row] for row in t.rows]
    heights = table_rows(header, rows, widths, size, st.faces.body)
    accent = st.palette[0]  # the theme's accent1, which the table style fills with
    cells = []
    top = b.y + (OPTICAL_CENTRE * max(b.h - sum(heights), 0.0) if balance else 0.0)
    y = top
    for r, (row, h) in enumerate(zip((t.header, *t.rows), heights)):
        fill = accent if r == 0 else blend(WHITE, accent, 0.8 if r % 2 else 0.9)
        color = WHITE if r == 0 else st.dark
        out, x = [], b.x
        for c, w in zip(row, widths):
            para = st.para(c.text, Area(0, 0, w, 0, CELL_MARGINS.left, CELL_MARGINS.top), size,
                           color=color, bold=(r == 0), origin=c.key)
            out.append(Cell(para, Rect(x, y, w, h), fill))
            x += w
        cells.append(tuple(out))
        y += h
    return Table("Table", Rect(b.x, top, b.w, sum(heights)), widths, tuple(heights),
                 tuple(cells), st.faces.body, CELL_MARGINS, "ctr", TABLE_RULE, TABLE_RULE_PT)


def _longest_word(text: str, size: float, bold: bool, fonts: fit.Fonts) -> float:
    word = fit.widest_token(text, bold, fonts)  # the same word at every size tried
    return fit.text_width(word, size, bold, fonts) if word else 0.0


_CELL_PAD = CELL_MARGINS.left + CELL_MARGINS.right + 1


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
    return [fit.row_height(r, widths, size, CELL_MARGINS, bold=(i == 0), fonts=fonts)
            for i, r in enumerate((header, *rows))]


def _whole_emu(widths: Sequence[float]) -> tuple[float, ...]:
    """Column widths on whole EMU that add up to the rounded total, as the file stores
    the table's frame."""
    edges = [round(x * EMU_PER_PT) for x in itertools.accumulate(widths, initial=0.0)]
    return tuple((b - a) / EMU_PER_PT for a, b in itertools.pairwise(edges))
