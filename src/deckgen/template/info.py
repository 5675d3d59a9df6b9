"""A template's description (once ``templateinfo``): the template (or the default theme) as
facts — slide size, every layout (and the one chosen per role), its placeholders with their
boxes, insets and inherited text styles, backgrounds, art, colours and fonts. Made once
from the package by :mod:`deckgen.template.describe`, cached as JSON by the file's hash
(:func:`deckgen.template.files.file_digest`); what layout and the renderers read. Pure
data here, no python-pptx."""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import asdict, astuple, field, replace
from pathlib import Path
from typing import Any

from ..frozen import frozen
from ..primitives import Anchor, Fonts, Insets, Rect

INFO_VERSION = 15
"""Bumped whenever what is read from a template changes, so old cache entries are unused."""

GRID = (16, 9)
"""Columns and rows of a picture's mean colours (:attr:`Art.grid`), for the colours text
over a part of it is read against."""


def grid_cells(grid: tuple[str, ...], picture: Rect, box: Rect) -> tuple[str, ...]:
    """The mean colours of the grid cells of a picture (stretched over its box) that a
    box covers; () when the box misses it or there is no grid."""
    cols, rows = GRID
    if len(grid) != cols * rows or picture.w <= 0 or picture.h <= 0:
        return ()

    def span(lo: float, hi: float, start: float, size: float, n: int) -> range:
        a = int((lo - start) / size * n)
        b = int((hi - start) / size * n - 1e-9)
        return range(max(a, 0), min(b, n - 1) + 1)

    return tuple(dict.fromkeys(
        grid[r * cols + c]
        for r in span(box.y, box.bottom, picture.y, picture.h, rows)
        for c in span(box.x, box.right, picture.x, picture.w, cols)))


ART_CELL_PT = 4.0
"""The side of the cells an art's outline is rasterised into (:attr:`Art.cover`)."""

TITLE_TYPES = ("title", "ctrTitle")
BODY_TYPES = ("body", "obj")
SUB_TYPES = ("subTitle", "body", "obj")


Stop = tuple[str, float]
"""A colour and its opacity (0..1)."""


@frozen
class Paint:
    """The colours a solid fill or gradient paints: its stops at their positions (0..1)
    with their opacities, and a gradient's shape: a linear one's direction (degrees
    clockwise from the x-axis), or a path gradient ("circle", "rect", "shape") growing
    from its focus rectangle (insets l, t, r, b from the shape's edges, 0..1) outwards."""

    colors: tuple[str, ...]
    positions: tuple[float, ...] = ()
    alphas: tuple[float, ...] = ()
    angle: float | None = None
    path: str | None = None
    focus: tuple[float, float, float, float] = (0.5, 0.5, 0.5, 0.5)

    @property
    def stops(self) -> tuple[Stop, ...]:
        """Every stop's colour and opacity."""
        alphas = (self.alphas if len(self.alphas) == len(self.colors) else
            (1.0,) * len(self.colors))
        return tuple(zip(self.colors, alphas, strict=True))

    def span(self, shape: Rect, box: Rect) -> tuple[Stop, ...]:
        """The colours (and opacities) it paints over a box, for the shape it fills: the
        stops between the positions the box reaches and the mixtures at both ends."""
        if (len(self.colors) < 2 or len(self.positions) != len(self.colors) or
                (self.angle is None and self.path is None)):
            return self.stops
        lo, hi = self._reach(shape, box)
        inside = [st for st, p in zip(self.stops, self.positions, strict=True)
                  if lo <= p <= hi]
        return tuple(dict.fromkeys([self.at(lo), *inside, self.at(hi)]))

    def _reach(self, shape: Rect, box: Rect) -> tuple[float, float]:
        """The least and greatest gradient position over the box."""
        import math

        corners = [(x, y) for x in (box.x, box.right) for y in (box.y, box.bottom)]
        if self.angle is not None:
            dx, dy = math.cos(math.radians(self.angle)), math.sin(math.radians(self.angle))
            extent = abs(shape.w * dx) + abs(shape.h * dy) or 1.0
            cx, cy = shape.x + shape.w / 2, shape.y + shape.h / 2
            ts = [0.5 + ((x - cx) * dx + (y - cy) * dy) / extent for x, y in corners]
            return max(0.0, min(ts)), min(1.0, max(ts))
        left, top, right, bottom = self.focus
        fx0, fx1 = shape.x + shape.w * left, shape.right - shape.w * right
        fy0, fy1 = shape.y + shape.h * top, shape.bottom - shape.h * bottom
        fx0, fx1 = min(fx0, fx1), max(fx0, fx1)
        fy0, fy1 = min(fy0, fy1), max(fy0, fy1)
        rx = max(fx0 - shape.x, shape.right - fx1) or 1.0
        ry = max(fy0 - shape.y, shape.bottom - fy1) or 1.0

        def t(x: float, y: float) -> float:
            ox = max(fx0 - x, 0.0, x - fx1) / rx
            oy = max(fy0 - y, 0.0, y - fy1) / ry
            return min(1.0, math.hypot(ox, oy) / math.sqrt(2) if self.path == "circle"
                       else max(ox, oy))

        near = t(min(max(fx0, box.x), box.right), min(max(fy0, box.y), box.bottom))
        near = min(near, t(min(max(fx1, box.x), box.right), min(max(fy1, box.y), box.bottom)))
        return near, max(t(x, y) for x, y in corners)

    def at(self, t: float) -> Stop:
        """The colour and opacity at a position along the gradient (mixed in sRGB)."""
        from ..colors import blend

        pairs = sorted(zip(self.positions, self.stops, strict=True))
        if t <= pairs[0][0]:
            return pairs[0][1]
        for (p0, (c0, a0)), (p1, (c1, a1)) in itertools.pairwise(pairs):
            if t <= p1:
                k = (t - p0) / (p1 - p0) if p1 > p0 else 1.0
                return blend(c1, c0, k), round(a0 + (a1 - a0) * k, 4)
        return pairs[-1][1]


@frozen
class TextStyle:
    """What a placeholder's first-level text looks like when a slide sets nothing: the
    layout's, the master's and the theme's settings resolved."""

    size: float | None = None
    bold: bool = False
    color: str = "#000000"
    align: str | None = None
    bullet: str | None = None  # the bullet character, None for no bullet
    bullet_color: str | None = None
    sub_bullet: str | None = None  # the second level's bullet character
    latin: str | None = None
    east_asian: str | None = None
    cap: str = "none"  # "all" or "small": viewers show the text in (small) capitals

    @property
    def caps(self) -> bool:
        """Whether viewers show the text in capitals (small capitals count)."""
        return self.cap in ("all", "small")


@frozen
class PlaceholderInfo:
    """A placeholder of a layout: type, index, box, insets, anchor, text style and the fill
    it inherits (None: transparent)."""

    type: str
    idx: int
    box: Rect
    insets: Insets = field(default_factory=Insets)
    anchor: Anchor = "t"
    style: TextStyle = field(default_factory=TextStyle)
    fill: str | None = None
    ambiguous: bool = False  # its master has several of its type: write its colours
    vertical: bool = False  # its text runs top to bottom (bodyPr vert)


@frozen
class Piece:
    """One painted part of an art, as a renderer draws it without an office suite: a path
    (preset or custom geometry, flattened into points in slide points, rotation and flips
    applied) with its fill and line, a picture (a package member) stretched over a quad, or
    a field a viewer fills in (the slide number in a template's own circle).

    ``points`` are x, y pairs one after the other; a picture's and a field's are the
    corners of its box (top-left, top-right, bottom-right, bottom-left)."""

    kind: str  # "path", "picture" or "field"
    points: tuple[float, ...]
    closed: bool = True
    fill: Paint | None = None
    line: str | None = None  # the line's colour, None for no line; a field's text colour
    width: float = 0.0  # the line's width in points; a field's type size
    media: str | None = None  # a picture's zip member; a field's type ("slidenum")
    bold: bool = False  # a field's text
    align: str = "l"  # a field's alignment (l, ctr, r) and its frame's anchor (t, ctr, b)
    anchor: str = "t"
    insets: tuple[float, float, float, float] = astuple(Insets())  # PowerPoint's own

    def xy(self) -> list[tuple[float, float]]:
        """The points as (x, y) pairs."""
        return list(zip(self.points[0::2], self.points[1::2]))


@frozen
class Art:
    """A shape the layout or its master draws on every slide: a picture, a filled shape, a
    group of shapes, a line or a text of its own. Content placed over it is hidden or unreadable.

    ``box`` bounds what it paints (rotation and flips applied); ``cover`` is its outline
    rasterised into ART_CELL_PT cells over that box, rows of hexadecimal digits (four cells
    a digit, the first in the highest bit), empty when it covers the whole box."""

    kind: str  # "picture", "shape", "group" (of shapes), "line" or "text"
    box: Rect
    fill: str | None = None
    media: str | None = None  # zip member of a picture
    text: str = ""
    master: bool = False
    opacity: float = 1.0  # of its fill (1: opaque)
    field: str | None = None  # the field its text shows ("slidenum", "datetime1"…)
    cover: tuple[str, ...] = ()
    paint: Paint | None = None  # the colours its fill paints (a gradient's stops)
    grid: tuple[str, ...] = ()  # a picture's mean colours in GRID cells, row by row
    pieces: tuple[Piece, ...] = ()  # what it paints, to draw it (empty: draw nothing)

    def covers(self, x: float, y: float) -> bool:
        """Whether the art paints the point (x, y)."""
        b = self.box
        if not (b.x <= x < b.x + b.w and b.y <= y < b.y + b.h):
            return False
        if not self.cover:
            return True
        r, c = int((y - b.y) / ART_CELL_PT), int((x - b.x) / ART_CELL_PT)
        if r >= len(self.cover) or c // 4 >= len(self.cover[r]):
            return False
        return bool(int(self.cover[r][c // 4], 16) & (8 >> (c % 4)))


@frozen
class LayoutDesc:
    """A layout: the one a role of slide sits on (``role`` names the role), or one of the
    template's layouts as listed in :attr:`TemplateInfo.every` (``role`` is then its
    :func:`layout_key`)."""

    role: str
    master: int
    index: int  # within its master
    name: str
    placeholders: tuple[PlaceholderInfo, ...]
    background: str  # the colour text is read against (a picture's mean colour)
    background_media: str | None = None  # zip member of a picture background
    art: tuple[Art, ...] = ()
    background_paint: Paint | None = None  # a gradient background's stops
    background_grid: tuple[str, ...] = ()  # a picture background's colours (GRID cells)

    def placeholder(self, *types: str) -> PlaceholderInfo | None:
        """The first placeholder of the first of these types the layout has."""
        for t in types:
            for ph in self.placeholders:
                if ph.type == t:
                    return ph
        return None


@frozen
class TemplateInfo:
    """Everything layout needs to know about a template."""

    width: float
    height: float
    layouts: dict[str, LayoutDesc]
    colors: dict[str, str]  # the theme's colour scheme: dk1, lt1, dk2, lt2, accent1 …
    major: Fonts  # the theme's heading typefaces ("" where it names none)
    minor: Fonts  # the theme's body typefaces
    palette: tuple[str, ...]  # accent1 … accent6
    digest: str  # hash of the template file's bytes
    made_by_libreoffice: bool = False
    notes: tuple[str, ...] = field(default=())  # what reading it found worth saying
    first_master: int = 0  # the master put first (art crowded the sample slides' one)

    every: tuple[LayoutDesc, ...] = ()  # every layout of every master, in order
    master_names: tuple[str, ...] = ()

    def layout(self, key: str) -> LayoutDesc:
        """The layout a role of slide sits on, or a layout named by its
        :func:`layout_key` (a slide that names its layout)."""
        found = self.layouts.get(key)
        if found is not None:
            return found
        for desc in self.every:
            if desc.role == key:
                return desc
        raise KeyError(key)

    def aspect_ok(self, aspect: str) -> bool:
        """Whether the slide size matches the outline's aspect."""
        return abs(self.width / self.height - (16 / 9 if aspect == "16:9" else 4 / 3)) < 0.02


def layout_key(master: int, index: int) -> str:
    """How the plan names a layout that is not a role's: its master and its place there."""
    return f"m{master}-l{index}"


# -------------------------------------------------------------------- JSON and cache


def to_json(info: TemplateInfo) -> str:
    """The description as JSON (stable key order); a role's layout is written as its place
    in ``every`` when it is one of them."""
    d = asdict(info)
    keys = [(x.master, x.index) for x in info.every]
    d["layouts"] = {role: keys.index((x.master, x.index)) if (x.master, x.index) in keys
                    else d["layouts"][role] for role, x in info.layouts.items()}
    return json.dumps({"version": INFO_VERSION, "info": d}, ensure_ascii=False,
                      sort_keys=True, indent=None, separators=(",", ":"))


def _rect(d: dict[str, Any]) -> Rect:
    return Rect(**d)


def _ph(d: dict[str, Any]) -> PlaceholderInfo:
    return PlaceholderInfo(d["type"], d["idx"], _rect(d["box"]), Insets(**d["insets"]),
                           d["anchor"], TextStyle(**d["style"]), d["fill"], d["ambiguous"],
                           d["vertical"])


def _paint(d: dict[str, Any] | None) -> Paint | None:
    if d is None:
        return None
    return Paint(tuple(d["colors"]), tuple(d["positions"]), tuple(d["alphas"]), d["angle"],
                 d["path"], tuple(d["focus"]))


def _piece(d: dict[str, Any]) -> Piece:
    return Piece(**{**d, "points": tuple(d["points"]), "fill": _paint(d["fill"]),
                    "insets": tuple(d["insets"])})


def _art(a: dict[str, Any]) -> Art:
    return Art(**{**a, "box": _rect(a["box"]), "cover": tuple(a["cover"]),
                  "paint": _paint(a["paint"]), "grid": tuple(a["grid"]),
                  "pieces": tuple(_piece(p) for p in a["pieces"])})


def _layout(d: dict[str, Any]) -> LayoutDesc:
    return LayoutDesc(d["role"], d["master"], d["index"], d["name"],
                      tuple(_ph(p) for p in d["placeholders"]), d["background"],
                      d["background_media"], tuple(_art(a) for a in d["art"]),
                      _paint(d["background_paint"]), tuple(d["background_grid"]))


def from_json(text: str) -> TemplateInfo | None:
    """A description read back, or None when it is from another version or damaged."""
    try:
        raw = json.loads(text)
        if raw.get("version") != INFO_VERSION:
            return None
        d = raw["info"]
        every = tuple(_layout(x) for x in d["every"])
        return TemplateInfo(
            d["width"], d["height"],
            {k: replace(every[v], role=k) if isinstance(v, int) else _layout(v)
             for k, v in d["layouts"].items()},
            dict(d["colors"]), Fonts(**d["major"]), Fonts(**d["minor"]), tuple(d["palette"]),
            d["digest"], d["made_by_libreoffice"], tuple(d["notes"]), d["first_master"],
            every, tuple(d["master_names"]))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def cached(cache_dir: Path | None, digest: str) -> TemplateInfo | None:
    """The description of a template file with this hash, when the cache has it."""
    if cache_dir is None:
        return None
    try:
        text = (cache_dir / f"template-{digest}.json").read_text(encoding="utf-8")
    except OSError:
        return None
    info = from_json(text)
    return info if info is not None and info.digest == digest else None


def store(cache_dir: Path | None, info: TemplateInfo) -> None:
    """Keep a description for the next build; a cache that cannot be written is skipped."""
    if cache_dir is None:
        return
    import tempfile  # only when a template is described anew

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(to_json(info))
        os.replace(tmp, cache_dir / f"template-{info.digest}.json")
    except OSError:
        pass
