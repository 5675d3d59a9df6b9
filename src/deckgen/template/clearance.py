"""Free room on a template's slides: which of a layout's art a box must keep clear of, and
the largest rectangle inside a box that does. Layout keeps text there; describing a
template, layouts whose art leaves their text boxes free are preferred. Pure: reads only
the template's description.

Not every shape a master draws is in the way. Art covering most of the slide is the
slide's background, faint art (mostly transparent) is texture, a hairline rule may
cross a box, and art under most of a box is that box's backdrop (a title band, a footer
bar): text is meant to sit on those, and its colour is chosen against them. Everything
else, pictures, filled shapes, lines and the template's own texts, is an obstacle."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

from ..primitives import Rect
from .info import ART_CELL_PT, Art, LayoutDesc

BACKGROUND_SHARE = 0.8  # art covering this share of the slide is its background
TEXTURE_OPACITY = 0.5  # art fainter than this is texture
RULE_PT = 3.0  # a line no thicker than this may cross a box
BACKDROP_SHARE = 0.7  # a panel under this share of a box is its backdrop
PANEL_SHARE = 0.9  # a panel filling this share of its bounding box is rectangular
GAP_PT = 4.0  # the distance kept from an obstacle


def _clip(a: Rect, b: Rect) -> Rect | None:
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.right, b.right), min(a.bottom, b.bottom)
    return Rect(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


@functools.lru_cache(maxsize=4096)
def _rows(cover: tuple[str, ...], cols: int) -> tuple[int, ...]:
    """An art's cover rows as integers, bit i set when cell i is painted."""
    full = (1 << cols) - 1
    out = []
    for row in cover:
        bits = "".join(f"{int(d, 16):04b}" for d in row)[:cols]
        out.append(int(bits[::-1] or "0", 2) & full)
    return tuple(out)


def _art_cells(art: Art) -> tuple[int, ...]:
    cols = max(1, math.ceil(art.box.w / ART_CELL_PT))
    if not art.cover:
        return ((1 << cols) - 1,) * max(1, math.ceil(art.box.h / ART_CELL_PT))
    return _rows(art.cover, cols)


def _mask(art: Art, box: Rect, cols: int, rows: int) -> list[int]:
    """The cells of a grid over `box` (ART_CELL_PT a side) whose centres the art paints."""
    art_rows = _art_cells(art)
    full = (1 << cols) - 1
    shift = math.floor((box.x - art.box.x) / ART_CELL_PT + 0.5)
    lift = math.floor((box.y - art.box.y) / ART_CELL_PT + 0.5)
    out = [0] * rows
    for r in range(rows):
        ar = r + lift
        if 0 <= ar < len(art_rows) and art_rows[ar]:
            bits = art_rows[ar]
            out[r] = (bits >> shift if shift >= 0 else bits << -shift) & full
    return out


def _grid(box: Rect) -> tuple[int, int]:
    return max(1, round(box.w / ART_CELL_PT)), max(1, round(box.h / ART_CELL_PT))


def covered_share(art: Art, box: Rect) -> float:
    """The share of a box the art paints, on ART_CELL_PT cells."""
    if _clip(art.box, box) is None or box.w <= 0 or box.h <= 0:
        return 0.0
    cols, rows = _grid(box)
    return sum(bin(m).count("1") for m in _mask(art, box, cols, rows)) / (cols * rows)


def is_background(art: Art, width: float, height: float) -> bool:
    """Whether art is part of the slide's background rather than something on it."""
    if art.opacity < TEXTURE_OPACITY:
        return True
    if art.kind == "line" and min(art.box.w, art.box.h) <= RULE_PT:
        return True
    slide = Rect(0, 0, width, height)
    inside = _clip(art.box, slide)
    if inside is None:
        return True  # wholly off the slide
    return inside.w * inside.h >= BACKGROUND_SHARE * width * height and art.kind != "text"


def is_panel(art: Art) -> bool:
    """Whether art is one filled shape: a band or panel text can sit on, unlike a
    picture, a group or an outline."""
    return art.kind == "shape"


def obstacles(art: Iterable[Art], box: Rect, width: float, height: float) -> list[Art]:
    """The art a text in `box` must keep clear of (see the module docstring)."""
    near = Rect(box.x - GAP_PT, box.y - GAP_PT, box.w + 2 * GAP_PT, box.h + 2 * GAP_PT)
    out = []
    for a in art:
        if _clip(a.box, near) is None or is_background(a, width, height):
            continue
        if is_panel(a) and covered_share(a, box) >= BACKDROP_SHARE:
            continue
        out.append(a)
    return out


def _blocked(box: Rect, obs: Sequence[Art], cols: int, rows: int) -> list[int]:
    """Per row of the grid over `box`, the cells an obstacle paints or comes within
    GAP_PT (one cell) of."""
    grid = [0] * rows
    for a in obs:
        for r, m in enumerate(_mask(a, box, cols, rows)):
            grid[r] |= m
    full = (1 << cols) - 1
    wide = [(m | m << 1 | m >> 1) & full for m in grid]
    return [wide[r] | (wide[r - 1] if r else 0) | (wide[r + 1] if r + 1 < rows else 0)
            for r in range(rows)]


def largest_free(box: Rect, obs: Sequence[Art]) -> Rect:
    """The largest rectangle inside `box` that keeps GAP_PT clear of every obstacle; the
    box itself when nothing is in the way, a zero-size box when nothing is free."""
    if not obs or box.w <= 0 or box.h <= 0:
        return box
    return _largest_free(box, tuple(obs))


@functools.lru_cache(maxsize=256)
def _largest_free(box: Rect, obs: tuple[Art, ...]) -> Rect:
    cols, rows = _grid(box)
    grid = _blocked(box, obs, cols, rows)
    if not any(grid):
        return box
    best = (0, 0, 0, 0, 0)  # area, col, row, cols, rows
    heights = [0] * cols
    for r in range(rows):
        m = grid[r]
        for c in range(cols):
            heights[c] = 0 if m >> c & 1 else heights[c] + 1
        stack: list[int] = []
        for c in range(cols + 1):
            h = heights[c] if c < cols else 0
            while stack and heights[stack[-1]] >= h:
                top = stack.pop()
                left = stack[-1] + 1 if stack else 0
                area = heights[top] * (c - left)
                if area > best[0]:
                    best = (area, left, r - heights[top] + 1, c - left, heights[top])
            stack.append(c)
    _, c0, r0, nc, nr = best
    if nc == 0:
        return Rect(box.x, box.y, 0, 0)
    cw, ch = box.w / cols, box.h / rows
    # Cells touching the box's own edges keep those edges exactly.
    x0 = box.x if c0 == 0 else box.x + c0 * cw
    y0 = box.y if r0 == 0 else box.y + r0 * ch
    x1 = box.right if c0 + nc == cols else box.x + (c0 + nc) * cw
    y1 = box.bottom if r0 + nr == rows else box.y + (r0 + nr) * ch
    return Rect(x0, y0, x1 - x0, y1 - y0)


def _art(desc: LayoutDesc | Sequence[LayoutDesc]) -> list[Art]:
    descs = [desc] if isinstance(desc, LayoutDesc) else list(desc)
    return [a for d in descs for a in d.art]


def free_box(desc: LayoutDesc | Sequence[LayoutDesc], box: Rect, width: float,
             height: float, keep_clear: Sequence[Rect] = ()) -> Rect:
    """The largest part of `box` clear of the art of a layout (or of several layouts
    that share the box) and of the `keep_clear` boxes (deckgen's own furniture)."""
    art = _art(desc)
    back = backdrop(art, box, width, height)
    if back is not None and covered_share(back, back.box) >= PANEL_SHARE:
        # text stays on a plain panel rather than straddling its edge
        box = _clip(box, back.box) or box
    # boxes kept clear count as texts: never a backdrop
    extra = [Art("text", r) for r in keep_clear if _clip(r, box) is not None]
    return largest_free(box, obstacles(art, box, width, height) + extra)


def backdrop(art: Iterable[Art], box: Rect, width: float, height: float) -> Art | None:
    """The art a box sits on (the one covering most of it, when that is at least
    BACKDROP_SHARE), not counting the slide's background."""
    best, share = None, 0.0
    for a in art:
        if not is_panel(a) or is_background(a, width, height):
            continue
        got = covered_share(a, box)
        if got >= BACKDROP_SHARE and got > share:
            best, share = a, got
    return best


def share_free(desc: LayoutDesc, box: Rect, width: float, height: float) -> float:
    """How much of a box its largest free rectangle keeps (1: nothing in the way)."""
    if box.w <= 0 or box.h <= 0:
        return 0.0
    free = free_box(desc, box, width, height)
    return free.w * free.h / (box.w * box.h)


def free_spot(desc: LayoutDesc | Sequence[LayoutDesc], w: float, h: float, width: float,
              height: float, margin: float, taken: Sequence[Rect] = ()) -> Rect:
    """A w×h box clear of the layouts' art and of the `taken` boxes, as near the slide's
    bottom-right corner as can be: a slide number's place when the template has none."""
    art = _art(desc)
    y = height - margin - h
    for dy in (0.0, -h, -2 * h):
        for k in range(int((width - 2 * margin - w) / (w / 2)) + 1):
            spot = Rect(width - margin - w - k * w / 2, y + dy, w, h)
            if (not obstacles(art, spot, width, height)
                    and not any(spot.overlaps(t) for t in taken)):
                return spot
    return Rect(width - margin - w, y, w, h)


def painted_rows(art: Art, x0: float, x1: float) -> tuple[float, float] | None:
    """From the top of the art's first painted row to the bottom of its last, between x0
    and x1 (points); None when it paints nothing there."""
    lo = max(x0, art.box.x)
    hi = min(x1, art.box.x + art.box.w)
    if hi <= lo:
        return None
    box = Rect(lo, art.box.y, hi - lo, art.box.h)
    cols, rows = _grid(box)
    mask = _mask(art, box, cols, rows)
    painted = [r for r, m in enumerate(mask) if m]
    if not painted:
        return None
    step = box.h / rows
    return box.y + painted[0] * step, box.y + (painted[-1] + 1) * step
