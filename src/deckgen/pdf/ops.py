"""A page as a list of drawing operations in points (top-left origin): filled or stroked
paths, lines of text at their baselines, pictures in their boxes, clipped groups. Slides,
hand-out and booklet pages are made of them, a slide's list can be placed scaled on
another page (a thumbnail), and :mod:`deckgen.pdf.writer` draws them with fpdf2."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..frozen import frozen
from ..primitives import Fonts, Rect
from ..template.info import Paint

Point = tuple[float, float]
Edge = Literal["left", "center", "right"]
"""Which point of a line its x is: where it starts, its middle or where it ends (on the
page, whatever the direction)."""
EDGES: dict[str, Edge] = {"l": "left", "ctr": "center", "r": "right"}
"""The edge x marks, by a paragraph's alignment (deckplan.Paragraph.starts)."""


@frozen
class Shape:
    """A path: filled with a colour or gradient (painted over ``frame``, its box), and/or
    drawn with a line."""

    points: tuple[Point, ...]
    closed: bool = True
    fill: Paint | None = None
    line: str | None = None
    width: float = 0.0
    frame: Rect | None = None  # the box a gradient spans (the shape's own)


@frozen
class Text:
    """One line of text: its baseline, the point its ``edge`` is at, size and colour, and
    the typefaces it names (the font files are chosen when it is drawn)."""

    text: str
    x: float
    baseline: float
    size: float
    color: str
    fonts: Fonts
    bold: bool = False
    edge: Edge = "left"
    rtl: bool = False
    complex_font: str | None = None


@frozen
class Image:
    """A picture stretched over its box: a raster file's bytes, or a chart's SVG (drawn
    as vectors). ``alt`` names it for screen readers (None: decorative)."""

    box: Rect
    data: bytes
    svg: bool = False
    alt: str | None = None
    key: str = ""  # what it is, so the document embeds each picture once


@frozen
class Clip:
    """Operations drawn only inside a box."""

    box: Rect
    ops: tuple[Op, ...]


Op = Shape | Text | Image | Clip


def rect_points(r: Rect) -> tuple[Point, ...]:
    """A box's corners, clockwise from the top left."""
    return ((r.x, r.y), (r.right, r.y), (r.right, r.bottom), (r.x, r.bottom))


def box_shape(r: Rect, fill: Paint | None = None, line: str | None = None,
              width: float = 0.0) -> Shape:
    """A rectangle."""
    return Shape(rect_points(r), True, fill, line, width, r)


def solid(color: str, opacity: float = 1.0) -> Paint:
    """One colour as a paint."""
    return Paint((color,), (0.0,), (opacity,))


def _rect(r: Rect, s: float, dx: float, dy: float) -> Rect:
    return Rect(r.x * s + dx, r.y * s + dy, r.w * s, r.h * s)


def placed(ops: tuple[Op, ...] | list[Op], s: float, dx: float, dy: float) -> tuple[Op, ...]:
    """Operations scaled by s and moved by (dx, dy): a slide drawn small on another page."""
    out: list[Op] = []
    for op in ops:
        if isinstance(op, Shape):
            out.append(replace(op, points=tuple((x * s + dx, y * s + dy) for x, y in op.points),
                               width=op.width * s,
                               frame=None if op.frame is None else _rect(op.frame, s, dx, dy)))
        elif isinstance(op, Text):
            out.append(replace(op, x=op.x * s + dx, baseline=op.baseline * s + dy,
                               size=op.size * s))
        elif isinstance(op, Image):
            out.append(replace(op, box=_rect(op.box, s, dx, dy), alt=None))
        else:
            out.append(Clip(_rect(op.box, s, dx, dy), placed(op.ops, s, dx, dy)))
    return tuple(out)


@dataclass
class Page:
    """One page: its size, operations, label (the slide number a viewer shows) and the
    bookmarks that point at it (level, title)."""

    width: float
    height: float
    ops: list[Op] = field(default_factory=list)
    label: str | None = None
    bookmarks: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Document:
    """Pages and what describes them: title, authors, language."""

    title: str
    authors: tuple[str, ...]
    language: str
    pages: list[Page] = field(default_factory=list)
    subject: str = ""


def picture_key(path: Path) -> str:
    """What a picture file is, for embedding it once."""
    try:
        st = path.stat()
    except OSError:
        return str(path)
    return f"{path}:{st.st_mtime_ns}:{st.st_size}"
