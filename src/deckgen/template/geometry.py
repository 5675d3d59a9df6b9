"""The geometry of a template's art: the outline of every shape a master or layout draws
(preset and custom geometry, rotation, flips, groups, a picture's opaque pixels) in slide
points, and the grid of cells over its bounding box that it really covers. Part of
describing a template (:mod:`deckgen.template.art` makes the records); layout only reads
the resulting cells (:attr:`deckgen.template.info.Art.cover`)."""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from typing import Any

from lxml import etree

from ..frozen import frozen
from ..ns import qn
from ..primitives import EMU_PER_PT, Rect
from .info import ART_CELL_PT

Matrix = tuple[float, float, float, float, float, float]  # x' = a·x + c·y + e, y' = b·x + d·y + f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Point = tuple[float, float]


@frozen
class Stroke:
    """A polyline (or closed polygon) in slide points, filled and/or drawn with a pen."""

    points: tuple[Point, ...]
    closed: bool
    filled: bool
    pen: float = 0.0  # line width in points, 0 for none
    source: Any = field(default=None, compare=False)  # the shape element that paints it


@frozen
class Bitmap:
    """A picture's opaque pixels placed on the slide: the quad its box maps to."""

    corners: tuple[Point, Point, Point, Point]  # top-left, top-right, bottom-right, bottom-left
    alpha: Any  # a PIL "L" image, or None for a fully opaque picture
    source: Any = field(default=None, compare=False)  # the p:pic (or graphicFrame) element


Drawn = Stroke | Bitmap


def compose(m: Matrix, n: Matrix) -> Matrix:
    """The transform that applies n, then m."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def apply(m: Matrix, p: Point) -> Point:
    """A point under a transform."""
    a, b, c, d, e, f = m
    return a * p[0] + c * p[1] + e, b * p[0] + d * p[1] + f


def _emu(v: Any) -> float:
    try:
        return int(v) / EMU_PER_PT
    except (TypeError, ValueError):
        return 0.0


def placement(xfrm: Any) -> tuple[Rect, Matrix] | None:
    """A shape's box (before rotation) and the transform from its box to the slide:
    flips and rotation about the box's centre, as DrawingML applies them."""
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    box = Rect(_emu(off.get("x")), _emu(off.get("y")), _emu(ext.get("cx")), _emu(ext.get("cy")))
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    m: Matrix = (-1.0 if xfrm.get("flipH") in ("1", "true") else 1.0, 0.0, 0.0,
                 -1.0 if xfrm.get("flipV") in ("1", "true") else 1.0, 0.0, 0.0)
    try:
        rot = math.radians(int(xfrm.get("rot", "0")) / 60000)
    except ValueError:
        rot = 0.0
    r: Matrix = (math.cos(rot), math.sin(rot), -math.sin(rot), math.cos(rot), 0.0, 0.0)
    about = compose((1.0, 0.0, 0.0, 1.0, cx, cy), compose(r, compose(m, (
        1.0, 0.0, 0.0, 1.0, -cx, -cy))))
    return box, about


def _num(el: Any, name: str) -> float | None:
    try:
        return float(el.get(name))
    except (TypeError, ValueError):
        return None  # a guide name: formulas are not evaluated


def _arc(start: Point, wr: float, hr: float, st: float, sw: float) -> list[Point]:
    """Points along an arcTo from the current point (angles in degrees)."""
    a0, a1 = math.radians(st), math.radians(st + sw)
    cx, cy = start[0] - wr * math.cos(a0), start[1] - hr * math.sin(a0)
    n = max(2, int(abs(sw) / 10))
    return [(cx + wr * math.cos(a0 + (a1 - a0) * i / n), cy + hr * math.sin(a0 + (a1 - a0) * i / n))
            for i in range(1, n + 1)]


def _bezier(p0: Point, *ctrl: Point, n: int = 8) -> list[Point]:
    pts = (p0, *ctrl)
    out = []
    for i in range(1, n + 1):
        t = i / n
        level = list(pts)
        while len(level) > 1:
            level = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1])
                     for a, b in itertools.pairwise(level)]
        out.append(level[0])
    return out


def custom_paths(geom: Any, box: Rect) -> list[tuple[list[Point], bool, bool]] | None:
    """A custGeom's sub-paths in box coordinates (points, closed, filled); None when a
    coordinate is a formula."""
    out: list[tuple[list[Point], bool, bool]] = []
    for path in geom.iter(qn("a:path")):
        pw, ph = _num(path, "w"), _num(path, "h")
        sx = box.w / pw if pw else 1.0 / EMU_PER_PT
        sy = box.h / ph if ph else 1.0 / EMU_PER_PT
        filled = path.get("fill") != "none"
        pts: list[Point] = []
        cur: Point = (0.0, 0.0)
        for cmd in path:
            tag = etree.QName(cmd).localname
            given = []
            for pt in cmd.findall(qn("a:pt")):
                x, y = _num(pt, "x"), _num(pt, "y")
                if x is None or y is None:
                    return None
                given.append((box.x + x * sx, box.y + y * sy))
            if tag == "moveTo" and given:
                if len(pts) > 1:
                    out.append((pts, False, filled))
                pts, cur = [given[0]], given[0]
            elif tag == "lnTo" and given:
                pts.append(given[0])
                cur = given[0]
            elif tag in ("cubicBezTo", "quadBezTo") and given:
                pts += _bezier(cur, *given)
                cur = given[-1]
            elif tag == "arcTo":
                vals = [_num(cmd, k) for k in ("wR", "hR", "stAng", "swAng")]
                if any(v is None for v in vals):
                    return None
                wr, hr, st, sw = (v or 0.0 for v in vals)
                pts += _arc(cur, wr * sx, hr * sy, st / 60000, sw / 60000)
                cur = pts[-1]
            elif tag == "close" and pts:
                out.append((pts, True, filled))
                pts = [cur]
        if len(pts) > 1:
            out.append((pts, False, filled))
    return out


def _ellipse(box: Rect, n: int = 36) -> list[Point]:
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    return [(cx + box.w / 2 * math.cos(2 * math.pi * i / n),
             cy + box.h / 2 * math.sin(2 * math.pi * i / n)) for i in range(n)]


def _adj(geom: Any, default: float) -> float:
    gd = geom.find(f"{qn('a:avLst')}/{qn('a:gd')}")
    if gd is None:
        return default
    fmla = (gd.get("fmla") or "").split()
    try:
        return float(fmla[1]) / 100000 if len(fmla) == 2 and fmla[0] == "val" else default
    except ValueError:
        return default


def preset_outline(name: str, geom: Any, box: Rect) -> tuple[list[Point], bool]:
    """A preset shape's outline in box coordinates, and whether it is a line. Presets not
    drawn here count as their whole box."""
    x, y, w, h = box.x, box.y, box.w, box.h
    if name in ("line", "straightConnector1", "bentConnector2", "bentConnector3",
                "curvedConnector3"):
        return [(x, y), (x + w, y + h)], True
    if name in ("ellipse", "flowChartConnector", "donut", "pie", "chord", "blockArc"):
        return _ellipse(box), False
    if name in ("triangle", "flowChartExtract"):
        t = _adj(geom, 0.5)
        return [(x + t * w, y), (x + w, y + h), (x, y + h)], False
    if name == "rtTriangle":
        return [(x, y), (x + w, y + h), (x, y + h)], False
    if name in ("diamond", "flowChartDecision"):
        return [(x + w / 2, y), (x + w, y + h / 2), (x + w / 2, y + h), (x, y + h / 2)], False
    if name == "parallelogram":
        s = min(w, h) * _adj(geom, 0.25)
        return [(x + s, y), (x + w, y), (x + w - s, y + h), (x, y + h)], False
    if name == "hexagon":
        s = min(w, h) * _adj(geom, 0.25)
        return [(x + s, y), (x + w - s, y), (x + w, y + h / 2), (x + w - s, y + h),
                (x + s, y + h), (x, y + h / 2)], False
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)], False


def _has_fill(sp_pr: Any, style: Any) -> bool:
    if sp_pr is None:
        return False
    for tag in ("a:solidFill", "a:gradFill", "a:pattFill", "a:blipFill", "a:grpFill"):
        if sp_pr.find(qn(tag)) is not None:
            return True
    if sp_pr.find(qn("a:noFill")) is not None:
        return False
    ref = None if style is None else style.find(qn("a:fillRef"))
    return ref is not None and ref.get("idx", "0") != "0"


def _pen(sp_pr: Any, style: Any) -> float:
    ln = None if sp_pr is None else sp_pr.find(qn("a:ln"))
    if ln is not None and ln.find(qn("a:noFill")) is not None:
        return 0.0
    width = _emu(ln.get("w")) if ln is not None and ln.get("w") else 0.0
    if ln is not None and ln.find(qn("a:solidFill")) is not None:
        return max(width, 0.75)
    ref = None if style is None else style.find(qn("a:lnRef"))
    if ref is not None and ref.get("idx", "0") != "0":
        return max(width, 0.75)
    return 0.0


def drawn(el: Any, m: Matrix, picture: Callable[[Any], Any]) -> Iterator[Drawn]:
    """What one shape element (sp, pic, cxnSp, grpSp, graphicFrame) paints, in slide
    points; `picture` gives a p:pic's alpha image (None when opaque)."""
    tag = etree.QName(el).localname
    if tag == "grpSp":
        gpr = el.find(qn("p:grpSpPr"))
        xfrm = None if gpr is None else gpr.find(qn("a:xfrm"))
        placed = placement(xfrm)
        inner = m
        if placed is not None and xfrm is not None:
            box, about = placed
            ch_off, ch_ext = xfrm.find(qn("a:chOff")), xfrm.find(qn("a:chExt"))
            if ch_off is not None and ch_ext is not None:
                cx, cy = _emu(ch_off.get("x")), _emu(ch_off.get("y"))
                cw, chh = _emu(ch_ext.get("cx")), _emu(ch_ext.get("cy"))
                sx = box.w / cw if cw else 1.0
                sy = box.h / chh if chh else 1.0
                inner = compose(m, compose(about, (sx, 0.0, 0.0, sy, box.x - cx * sx,
                                                   box.y - cy * sy)))
            else:
                inner = compose(m, about)
        for child in el:
            if etree.QName(child).localname in ("sp", "pic", "cxnSp", "grpSp", "graphicFrame"):
                yield from drawn(child, inner, picture)
        return
    sp_pr = el.find(qn("p:spPr"))
    xfrm = el.find(qn("p:xfrm")) if tag == "graphicFrame" else (
        None if sp_pr is None else sp_pr.find(qn("a:xfrm")))
    placed = placement(xfrm)
    if placed is None:
        return
    box, about = placed
    full = compose(m, about)
    if tag in ("pic", "graphicFrame"):
        quad = ((box.x, box.y), (box.right, box.y), (box.right, box.bottom), (box.x, box.bottom))
        corners = tuple(apply(full, p) for p in quad)
        yield Bitmap(corners, picture(el) if tag == "pic" else None, el)  # type: ignore[arg-type]
        return
    style = el.find(qn("p:style"))
    filled = _has_fill(sp_pr, style)
    pen = _pen(sp_pr, style)
    cust = sp_pr.find(qn("a:custGeom")) if sp_pr is not None else None
    if cust is not None:
        paths = custom_paths(cust, box)
        if paths is not None:
            for pts, closed, fill in paths:
                yield Stroke(tuple(apply(full, p) for p in pts), closed, filled and fill, pen,
                             el)
            return
    prst = sp_pr.find(qn("a:prstGeom")) if sp_pr is not None else None
    name = "rect" if prst is None else prst.get("prst") or "rect"
    pts, line = preset_outline(name, prst, box)
    if tag == "cxnSp":
        line = True
    yield Stroke(tuple(apply(full, p) for p in pts), not line, filled and not line,
                 pen or (0.75 if line else 0.0), el)


def bounds(items: Iterable[Drawn]) -> Rect | None:
    """The bounding box of what was drawn."""
    xs: list[float] = []
    ys: list[float] = []
    for it in items:
        pts = it.points if isinstance(it, Stroke) else it.corners
        pad = it.pen / 2 if isinstance(it, Stroke) else 0.0
        xs += [p[0] - pad for p in pts] + [p[0] + pad for p in pts]
        ys += [p[1] - pad for p in pts] + [p[1] + pad for p in pts]
    if not xs:
        return None
    x0, y0, x1, y1 = (round(v, 3) for v in (min(xs), min(ys), max(xs), max(ys)))
    return Rect(x0, y0, round(x1 - x0, 3), round(y1 - y0, 3))


MAX_CELLS = 400 * 400  # a bigger box (a damaged template's) counts as wholly covered


def rasterise(items: list[Drawn], box: Rect) -> tuple[str, ...]:
    """The cells of a grid over `box` (ART_CELL_PT a side) that the items cover, as rows of
    hexadecimal digits, four cells a digit, the first cell in the digit's highest bit. An
    empty tuple when every cell is covered."""
    from PIL import Image, ImageDraw

    cols = max(1, math.ceil(box.w / ART_CELL_PT))
    rows = max(1, math.ceil(box.h / ART_CELL_PT))
    if cols * rows > MAX_CELLS:
        return ()
    scale = 4 / ART_CELL_PT  # four pixels a cell side
    im = Image.new("L", (cols * 4, rows * 4), 0)
    draw = ImageDraw.Draw(im)

    def px(p: Point) -> tuple[float, float]:
        return (p[0] - box.x) * scale, (p[1] - box.y) * scale

    for it in items:
        if isinstance(it, Bitmap):
            quad = [px(p) for p in it.corners]
            if it.alpha is None:
                draw.polygon(quad, fill=255)
            else:
                _paste_alpha(im, it.alpha, quad)
            continue
        pts = [px(p) for p in it.points]
        if it.filled and len(pts) > 2:
            draw.polygon(pts, fill=255)
        if it.pen > 0 and len(pts) > 1:
            width = max(1, round(it.pen * scale))
            draw.line(pts + (pts[:1] if it.closed else []), fill=255, width=width)
    cells = im.reduce(4)
    data = cells.tobytes()
    if all(v > 24 for v in data):
        return ()
    out = []
    for r in range(rows):
        bits = "".join("1" if data[r * cols + c] > 24 else "0" for c in range(cols))
        bits += "0" * (-len(bits) % 4)
        out.append("".join(f"{int(bits[i:i + 4], 2):x}" for i in range(0, len(bits), 4)))
    return tuple(out)


def _paste_alpha(im: Any, alpha: Any, quad: list[tuple[float, float]]) -> None:
    """A picture's opacity pasted into its (axis-aligned bounding) quad."""
    from PIL import Image

    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, y0 = max(0, int(min(xs))), max(0, int(min(ys)))
    x1, y1 = min(im.width, math.ceil(max(xs))), min(im.height, math.ceil(max(ys)))
    if x1 <= x0 or y1 <= y0:
        return
    full_w, full_h = max(1, round(max(xs) - min(xs))), max(1, round(max(ys) - min(ys)))
    scaled = alpha.resize((full_w, full_h), Image.Resampling.BILINEAR)
    dx, dy = x0 - int(min(xs)), y0 - int(min(ys))
    region = scaled.crop((dx, dy, dx + x1 - x0, dy + y1 - y0)).point(
        lambda v: 255 if v > 64 else 0)
    im.paste(255, (x0, y0, x1, y1), region)


def alpha_of(blob: bytes) -> Any:
    """A picture's alpha channel (small), or None when it is opaque or unreadable."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(blob)) as raw:
            if raw.mode not in ("RGBA", "LA", "PA") and "transparency" not in raw.info:
                return None
            im = raw.convert("RGBA")
            im.thumbnail((256, 256))
            alpha = im.getchannel("A")
    except Exception:  # an image Pillow cannot read: count its whole box
        return None
    lo = alpha.getextrema()[0]
    return None if isinstance(lo, (int, float)) and lo > 200 else alpha
