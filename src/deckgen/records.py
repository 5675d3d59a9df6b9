"""What a build records beyond texts, for `deckgen pull` to see what a co-presenter changed
that is not text: each native chart's data and where it came from, each picture's bytes
(a hash) and place, and how each paragraph was drawn (its look).

Looks are recorded, not derived again at pull time: the sizes come from fitting, which
depends on the outline and template as they were at the build; the outline may have
changed since. Recorded once per distinct look in a deck-wide table, each text naming its
look by number, they add little to the manifest."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .deckplan import ChartFrame, Paragraph, Picture, Slide
from .frozen import frozen
from .primitives import Fonts

Box = tuple[int, int, int, int]
"""x, y, width and height in EMU."""


@frozen
class ChartRecord:
    """A native chart as built: its data and where the data came from. Inline data sits
    at the slide's `chart.labels` and `chart.series` (label i, series by name, value i);
    CSV data in the file the outline names, labels in the first cell of each data row,
    series names in the header row, values below them."""

    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    box: Box
    csv: str | None = None  # the CSV file as the outline names it; None: inline data
    header_line: int = 0  # CSV: the line of the header row
    lines: tuple[int, ...] = ()  # CSV: the line of each data row


@frozen
class PictureRecord:
    """A picture as built: a hash of its bytes, its box, and whether it shows a chart."""

    digest: str
    box: Box
    chart: bool = False


@frozen
class Look:
    """How a paragraph was drawn: weight, size (pt), colour, alignment and typefaces."""

    bold: bool
    size: float
    color: str
    align: str
    latin: str
    east_asian: str


def look_of(p: Paragraph, fonts: Fonts) -> Look:
    """A paragraph's look as the plan gives it (inherited styles included, resolved)."""
    return Look(p.bold, round(p.size, 2), p.color.lstrip("#").upper(), p.align, fonts.latin,
                fonts.east_asian)


def slide_parts(sl: Slide, digests: Sequence[str]) -> tuple[tuple[ChartRecord, ...],
                                                            tuple[PictureRecord, ...]]:
    """A slide's native charts and pictures (with the hash of each picture's bytes, in
    drawing order)."""
    charts, pictures = [], []
    left = iter(digests)
    for shape in sl.shapes:
        if isinstance(shape, ChartFrame) and shape.spec.native:
            s, origin = shape.spec, shape.csv
            charts.append(ChartRecord(
                s.labels, tuple((n, tuple(v)) for n, v in s.series), shape.box.emu(),
                origin.name if origin else None, origin.header_line if origin else 0,
                origin.lines if origin else ()))
        elif isinstance(shape, (Picture, ChartFrame)):
            pictures.append(PictureRecord(next(left, ""), shape.box.emu(),
                                          isinstance(shape, ChartFrame)))
    return tuple(charts), tuple(pictures)


# -------------------------------------------------------------------- storing


def chart_json(c: ChartRecord) -> list[Any]:
    return [list(c.labels), [[n, list(v)] for n, v in c.series], list(c.box), c.csv,
            c.header_line, list(c.lines)]


def picture_json(p: PictureRecord) -> list[Any]:
    return [p.digest, list(p.box), int(p.chart)]


def look_json(k: Look) -> list[Any]:
    return [int(k.bold), k.size, k.color, k.align, k.latin, k.east_asian]


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"expected text, got {type(v).__name__}")
    return v


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"expected a whole number, got {type(v).__name__}")
    return v


def _num(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise TypeError(f"expected a number, got {v!r}")
    return float(v)


def _list(v: Any, n: int | None = None) -> list[Any]:
    if not isinstance(v, list) or (n is not None and len(v) != n):
        raise TypeError("expected a list" + (f" of {n}" if n is not None else ""))
    return v


def _box(v: Any) -> Box:
    a, b, c, d = (_int(x) for x in _list(v, 4))
    return a, b, c, d


def chart_from_json(v: Any) -> ChartRecord:
    """A chart record read back; TypeError or ValueError for anything mistyped."""
    labels, series, box, csv, header, lines = _list(v, 6)
    return ChartRecord(
        tuple(_str(x) for x in _list(labels)),
        tuple((_str(s[0]), tuple(_num(x) for x in _list(s[1])))
              for s in (_list(x, 2) for x in _list(series))),
        _box(box), None if csv is None else _str(csv), _int(header),
        tuple(_int(x) for x in _list(lines)))


def picture_from_json(v: Any) -> PictureRecord:
    digest, box, chart = _list(v, 3)
    return PictureRecord(_str(digest), _box(box), bool(_int(chart)))


def look_from_json(v: Any) -> Look:
    bold, size, color, align, latin, ea = _list(v, 6)
    return Look(bool(_int(bold)), _num(size), _str(color), _str(align), _str(latin), _str(ea))
