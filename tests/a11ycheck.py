"""Accessibility checker for a built deck: the file-readable rules of PowerPoint's
Accessibility Checker, read from the .pptx with python-pptx and lxml.

Helper module for tests (not collected itself); also a command:
``python tests/a11ycheck.py deck.pptx`` prints the findings and exits 1 when there are
errors or warnings.

Rules (rule id, severity), after Microsoft's "Rules for the Accessibility Checker"
(hidden shapes are skipped, as screen readers skip them):

- ``alt-text`` (error): pictures, charts and other graphic frames (not tables), groups,
  connectors and shapes without text need alternative text (``p:cNvPr/@descr``) unless
  marked decorative; a file name (``image.png``) counts as missing. Group members are
  checked too, unless the group is decorative.
- ``decorative`` (warning): a shape marked decorative that has text or alt text (screen
  readers skip it); (error) a decorative flag where PowerPoint does not look for it.
- ``title-missing`` (error): no title placeholder (``title``/``ctrTitle``) with text.
- ``title-duplicate`` (warning): the same title as an earlier slide.
- ``reading-order`` (warning): the shape tree (the order screen readers follow) does not
  start with the title, has footers, date or slide number before content, or reads a
  shape before one that is above it in the same column or left of it in the same row.
- ``table-header`` (error): a table without a header row (``a:tblPr/@firstRow``).
- ``merged-cells`` (warning): a table with merged cells.
- ``contrast`` (warning): text below 4.5:1 (3:1 when large: 18 pt, or 14 pt bold)
  against what is behind it; (info) when that cannot be known.

Contrast: the text colour is the run's own, else inherited through the paragraph, the
shape's list style, its ``p:style`` font colour, the layout and master placeholders and
the master's text styles (placeholders) or the presentation's default text style (other
shapes), with theme colours mapped through the colour maps and lumMod/lumOff/tint/shade/
alpha applied. Behind the text: the shape's own fill, else the filled shapes under its
centre (slide, then layout, then master shapes), else the slide, layout or master
background; transparency is blended. A gradient counts as the colours it paints over the
text's box: a linear or path gradient's stops and mixtures between the positions the box
reaches, each with its own opacity; any other gradient as all its stops. Limits: a
picture, pattern or unresolvable fill behind the text gives an ``info`` finding
("unknown"), never a guess; text in tables, charts and SmartArt is not checked; geometry
is treated as the bounding box; WordArt effects, outlines and shadows are ignored.
"""

from __future__ import annotations

import argparse
import colorsys
import itertools
import math
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

try:
    from deckgen import colors
except ImportError:  # run as a script from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from deckgen import colors

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"a": A, "p": P, "adec": ADEC, "mc": MC}
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"

RULES = ("alt-text", "decorative", "title-missing", "title-duplicate", "reading-order",
         "table-header", "merged-cells", "contrast")
SEVERITIES = ("error", "warning", "info")
TITLE_TYPES = ("title", "ctrTitle")
FOOTER_TYPES = ("ftr", "sldNum", "dt", "hdr")
DEFAULT_PT = 18.0  # PowerPoint's size for text that sets none
TOLERANCE = 45720  # EMU (0.05 in): shapes this close count as touching
SAME_ROW = 0.5  # share of the shorter height two shapes must share to be in one row
# What PowerPoint itself writes as alt text, and what the checker reads as a file name.
FILE_NAME = re.compile(
    r"\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp|heic|ico)\b", re.IGNORECASE)
PRESET_COLORS = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000",
                 "green": "#008000", "blue": "#0000FF", "yellow": "#FFFF00",
                 "gray": "#808080", "grey": "#808080"}
SHAPES = {f"{{{P}}}{t}" for t in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp")}


@dataclass(frozen=True)
class Finding:
    """One problem: slide number (1-based), rule id, severity, shape name, message.

    severity is "error" or "warning", as PowerPoint ranks the rule; "info" says a check
    could not be made (e.g. text over a picture)."""

    slide: int
    rule: str
    severity: str
    shape: str
    message: str

    def __str__(self) -> str:
        where = f" '{self.shape}'" if self.shape else ""
        return f"slide {self.slide}{where}: {self.severity} [{self.rule}] {self.message}"


@dataclass(frozen=True)
class Box:
    """A shape's bounding box on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.right and self.y <= py <= self.bottom


@dataclass(frozen=True)
class Item:
    """A shape in paint order, with its box on the slide and whether it is top-level."""

    el: Any
    box: Box | None
    top: bool


@dataclass(frozen=True)
class Paint:
    """A fill: kind "none", "solid", "gradient" (colours are its stops) or "unknown"."""

    kind: str
    colors: tuple[str, ...] = ()
    alpha: float = 1.0
    why: str = ""
    positions: tuple[float, ...] = ()  # of a gradient's stops, 0..1
    alphas: tuple[float, ...] = ()  # of each colour (else alpha for all)
    angle: float | None = None  # a linear gradient's, degrees clockwise from the x-axis
    path: str | None = None  # a path gradient's kind: circle, rect or shape
    focus: tuple[float, float, float, float] = (0.5, 0.5, 0.5, 0.5)  # its fillToRect

    def over(self, shape: Box | None, text: Box | None) -> Paint:
        """The paint as it is over the text's box: a linear or path gradient only as the
        colours between the least and greatest position the box reaches (the stops there
        and the mixtures at both ends, in sRGB); any other paint whole."""
        if self.kind != "gradient" or (self.angle is None and self.path is None) \
                or shape is None or text is None or len(self.positions) != len(self.colors):
            return self
        lo, hi = self._reach(shape, text)
        alphas = self.alphas or (self.alpha,) * len(self.colors)
        stops = sorted(zip(self.positions, self.colors, alphas, strict=True))

        def at(t: float) -> tuple[str, float]:
            for (p0, c0, a0), (p1, c1, a1) in itertools.pairwise(stops):
                if p0 <= t <= p1:
                    k = (t - p0) / (p1 - p0) if p1 > p0 else 1.0
                    return colors.blend(c1, c0, k), a0 + (a1 - a0) * k
            first, last = stops[0], stops[-1]
            return (first[1], first[2]) if t < first[0] else (last[1], last[2])

        seen = [at(lo), *((c, a) for p, c, a in stops if lo <= p <= hi), at(hi)]
        return Paint("gradient", tuple(c for c, _ in seen), min(a for _, a in seen),
                     alphas=tuple(a for _, a in seen))

    def _reach(self, shape: Box, text: Box) -> tuple[float, float]:
        corners = [(px, py) for px in (text.x, text.right) for py in (text.y, text.bottom)]
        if self.angle is not None:
            a = math.radians(self.angle)
            ux, uy = math.cos(a), math.sin(a)
            extent = abs(shape.w * ux) + abs(shape.h * uy) or 1.0
            x0 = shape.x + shape.w / 2 - ux * extent / 2
            y0 = shape.y + shape.h / 2 - uy * extent / 2
            ts = [((px - x0) * ux + (py - y0) * uy) / extent for px, py in corners]
            return max(min(ts), 0.0), min(max(ts), 1.0)
        # path: 0 on the focus rectangle, 1 at the shape's farthest edge (circle: corner)
        fl, ft, fr, fb = self.focus
        left, right = sorted((shape.x + shape.w * fl, shape.right - shape.w * fr))
        top, bottom = sorted((shape.y + shape.h * ft, shape.bottom - shape.h * fb))
        rx = max(left - shape.x, shape.right - right) or 1
        ry = max(top - shape.y, shape.bottom - bottom) or 1

        def t(px: float, py: float) -> float:
            ox, oy = max(left - px, 0, px - right) / rx, max(top - py, 0, py - bottom) / ry
            return min(math.sqrt(ox * ox + oy * oy) / math.sqrt(2) if self.path == "circle"
                       else max(ox, oy), 1.0)

        # nearest: the point of the text box closest to the focus rectangle
        nx = min(max(text.x, left), text.right) if text.right < left or text.x > right \
            else max(text.x, left)
        ny = min(max(text.y, top), text.bottom) if text.bottom < top or text.y > bottom \
            else max(text.y, top)
        return t(nx, ny), max(t(px, py) for px, py in corners)


NO_PAINT = Paint("none")


# -- small XML helpers ---------------------------------------------------------------------
def _local(el: Any) -> str:
    return etree.QName(el).localname


def _c_nv_pr(el: Any) -> Any:
    return el.find("./*/p:cNvPr", NS)


def _name(el: Any) -> str:
    c = _c_nv_pr(el)
    return c.get("name", "") if c is not None else ""


def _ph(el: Any) -> Any:
    return el.find("./*/p:nvPr/p:ph", NS)


def _ph_type(ph: Any) -> str:
    return ph.get("type", "obj")


def is_decorative(el: Any) -> bool:
    """Marked decorative as PowerPoint 365 writes it: p:cNvPr/a:extLst/a:ext[@uri]/
    adec:decorative with val true (the default when val is absent)."""
    c = _c_nv_pr(el)
    if c is None:
        return False
    for ext in c.findall("./a:extLst/a:ext", NS):
        if ext.get("uri") != DECORATIVE_URI:
            continue
        flag = ext.find("adec:decorative", NS)
        if flag is not None:
            return flag.get("val", "1") in ("1", "true")
    return False


def _hidden(el: Any) -> bool:
    c = _c_nv_pr(el)
    return c is not None and c.get("hidden") in ("1", "true")


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iterfind(".//a:t", NS)).strip()


def _own_text(el: Any) -> str:
    body = el.find("p:txBody", NS)
    return _text(body) if body is not None else ""


def alt_text(el: Any) -> str:
    """A shape's alternative text (descr), stripped; "" when absent."""
    c = _c_nv_pr(el)
    return (c.get("descr") or "").strip() if c is not None else ""


def _graphic_uri(el: Any) -> str:
    data = el.find("a:graphic/a:graphicData", NS)
    return data.get("uri", "") if data is not None else ""


def _num(el: Any, attr: str) -> int:
    return int(el.get(attr, "0"))


# -- geometry ------------------------------------------------------------------------------
def _xfrm(el: Any) -> Any:
    tag = _local(el)
    if tag == "graphicFrame":
        return el.find("p:xfrm", NS)
    if tag == "grpSp":
        return el.find("p:grpSpPr/a:xfrm", NS)
    return el.find("p:spPr/a:xfrm", NS)


def _box_of(xfrm: Any) -> Box | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is None or ext is None:
        return None
    return Box(_num(off, "x"), _num(off, "y"), _num(ext, "cx"), _num(ext, "cy"))


def _children(tree: Any) -> Iterator[Any]:
    for child in tree:
        if child.tag in SHAPES:
            yield child
        elif child.tag == f"{{{MC}}}AlternateContent":
            choice = child.find("mc:Choice", NS)
            if choice is not None:
                yield from (c for c in choice if c.tag in SHAPES)


class _Map:
    """A group's child coordinate space mapped onto the slide."""

    def __init__(self, group: Any = None, outer: _Map | None = None) -> None:
        self.outer = outer
        self.sx = self.sy = 1.0
        self.ox = self.oy = self.cx = self.cy = 0
        xfrm = group.find("p:grpSpPr/a:xfrm", NS) if group is not None else None
        if xfrm is not None:
            off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
            ch_off, ch_ext = xfrm.find("a:chOff", NS), xfrm.find("a:chExt", NS)
            if None not in (off, ext, ch_off, ch_ext):
                self.ox, self.oy = _num(off, "x"), _num(off, "y")
                self.cx, self.cy = _num(ch_off, "x"), _num(ch_off, "y")
                self.sx = _num(ext, "cx") / max(_num(ch_ext, "cx"), 1)
                self.sy = _num(ext, "cy") / max(_num(ch_ext, "cy"), 1)

    def __call__(self, b: Box) -> Box:
        out = Box(round(self.ox + (b.x - self.cx) * self.sx),
                  round(self.oy + (b.y - self.cy) * self.sy),
                  round(b.w * self.sx), round(b.h * self.sy))
        return self.outer(out) if self.outer else out


# -- one slide, with everything it inherits ------------------------------------------------
class _Context:
    """A slide's XML with its layout, master, theme and the presentation defaults."""

    def __init__(self, slide: Any, presentation: Any) -> None:
        self.sld = slide._element
        layout = slide.slide_layout
        master = layout.slide_master
        self.layout = layout._element
        self.master = master._element
        self.theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        self.default_style = presentation.find("p:defaultTextStyle", NS)
        self.clr_map = dict(self.master.find("p:clrMap", NS).attrib)
        for part in (self.layout, self.sld):  # the slide's own override wins
            over = part.find("p:clrMapOvr/a:overrideClrMapping", NS)
            if over is not None:
                self.clr_map = dict(over.attrib)
        self.items = list(self._walk(self.sld.find("p:cSld/p:spTree", NS), None, True))
        under: list[Item] = []
        if self.sld.get("showMasterSp", "1") not in ("0", "false"):
            if self.layout.get("showMasterSp", "1") not in ("0", "false"):
                under += [i for i in self._tree_items(self.master) if _ph(i.el) is None]
            under += [i for i in self._tree_items(self.layout) if _ph(i.el) is None]
        self.under = under  # layout and master art, in paint order
        size = presentation.find("p:sldSz", NS)
        self.slide_box = None if size is None else Box(0, 0, _num(size, "cx"),
                                                       _num(size, "cy"))

    def _tree_items(self, part: Any) -> list[Item]:
        return list(self._walk(part.find("p:cSld/p:spTree", NS), None, True))

    def _walk(self, tree: Any, mapping: _Map | None, top: bool) -> Iterator[Item]:
        for el in _children(tree):
            box = self.box(el)
            yield Item(el, mapping(box) if (mapping and box) else box, top)
            if _local(el) == "grpSp":
                yield from self._walk(el, _Map(el, mapping), False)

    # placeholders -------------------------------------------------------------------------
    def _placeholders(self, part: Any) -> list[tuple[Any, Any]]:
        out = []
        for sp in part.iterfind("p:cSld/p:spTree/p:sp", NS):
            ph = _ph(sp)
            if ph is not None:
                out.append((sp, ph))
        return out

    def inherited(self, el: Any) -> list[Any]:
        """The layout and master placeholders a slide placeholder inherits from, nearest
        first (none for other shapes)."""
        ph = _ph(el)
        if ph is None:
            return []
        kind = _ph_type(ph)
        chain = []
        layout = self._placeholders(self.layout)
        match = [sp for sp, lph in layout if lph.get("idx", "0") == ph.get("idx", "0")
                 and (ph.get("idx") is not None or _ph_type(lph) == kind)]
        if not match:
            same = ("title", "ctrTitle") if kind in TITLE_TYPES else (kind,)
            match = [sp for sp, lph in layout if _ph_type(lph) in same]
        chain += match[:1]
        master_kind = self.master_kind(kind)
        chain += [sp for sp, mph in self._placeholders(self.master)
                  if self.master_kind(_ph_type(mph)) == master_kind][:1]
        return chain

    @staticmethod
    def master_kind(kind: str) -> str:
        if kind in TITLE_TYPES:
            return "title"
        return kind if kind in FOOTER_TYPES else "body"

    def box(self, el: Any) -> Box | None:
        for source in (el, *self.inherited(el)):
            b = _box_of(_xfrm(source))
            if b is not None:
                return b
        return None

    # colours ------------------------------------------------------------------------------
    def scheme(self, name: str) -> str | None:
        name = self.clr_map.get(name, name)
        el = self.theme.find(f"a:themeElements/a:clrScheme/a:{name}", NS)
        if el is None or len(el) == 0:
            return None
        return self.color(el[0])[0]

    def color(self, el: Any, placeholder: str | None = None) -> tuple[str | None, float]:
        """A DrawingML colour element as "#RRGGBB" and its alpha; None when unknown."""
        tag = _local(el)
        base: str | None = None
        if tag == "srgbClr":
            base = "#" + el.get("val", "")
        elif tag == "sysClr":
            base = "#" + el.get("lastClr", "") if el.get("lastClr") else (
                "#000000" if el.get("val") == "windowText" else "#FFFFFF")
        elif tag == "schemeClr":
            val = el.get("val", "")
            base = placeholder if val == "phClr" else self.scheme(val)
        elif tag == "prstClr":
            base = PRESET_COLORS.get(el.get("val", ""))
        elif tag == "scrgbClr":
            rgb = (_num(el, k) / 100000 for k in ("r", "g", "b"))
            base = colors.to_hex(_gamma(c) for c in rgb)
        elif tag == "hslClr":
            h, s, lum = (_num(el, "hue") / 21600000, _num(el, "sat") / 100000,
                         _num(el, "lum") / 100000)
            base = colors.to_hex(colorsys.hls_to_rgb(h, lum, s))
        if base is None:
            return None, 1.0
        try:
            base = colors.normalise(base)
        except ValueError:
            return None, 1.0
        return _modified(base, el)

    def paint(self, holder: Any, placeholder: str | None = None) -> Paint | None:
        """The fill among holder's children; None when holder names none."""
        if holder is None:
            return None
        for child in holder:
            tag = _local(child)
            if tag == "noFill":
                return NO_PAINT
            if tag == "solidFill" and len(child):
                c, alpha = self.color(child[0], placeholder)
                return Paint("solid", (c,), alpha) if c else Paint("unknown",
                                                                    why="a colour")
            if tag == "gradFill":
                gs = [g for g in child.iterfind("a:gsLst/a:gs", NS) if len(g)]
                stops = [self.color(g[0], placeholder) for g in gs]
                if not stops or any(c is None for c, _ in stops):
                    return Paint("unknown", why="a gradient")
                lin, path = child.find("a:lin", NS), child.find("a:path", NS)
                rect = None if path is None else path.find("a:fillToRect", NS)
                return Paint("gradient", tuple(c for c, _ in stops if c),
                             min(a for _, a in stops),
                             positions=tuple(_num(g, "pos") / 100000 for g in gs),
                             alphas=tuple(a for _, a in stops),
                             angle=_num(lin, "ang") / 60000
                             if lin is not None and path is None else None,
                             path=None if path is None else path.get("path", "circle"),
                             focus=(0.5, 0.5, 0.5, 0.5) if rect is None else tuple(
                                 _num(rect, k) / 100000 for k in "ltrb"))
            if tag == "blipFill":
                return Paint("unknown", why="a picture")
            if tag == "pattFill":
                return Paint("unknown", why="a pattern")
            if tag == "grpFill":
                return Paint("unknown", why="the group's fill")
        return None

    def style_paint(self, ref: Any, lists: str, offset: int) -> Paint | None:
        """The theme's fill for a fillRef/bgRef: idx into fillStyleLst or bgFillStyleLst."""
        idx = _num(ref, "idx") - offset
        if idx <= 0:
            return NO_PAINT
        styles = self.theme.findall(f"a:themeElements/a:fmtScheme/a:{lists}/*", NS)
        if idx > len(styles):
            return Paint("unknown", why="a theme fill")
        ph_color = self.color(ref[0])[0] if len(ref) else None
        return self.paint([styles[idx - 1]], ph_color)

    def shape_paint(self, el: Any) -> Paint:
        """A shape's fill: its own, else its placeholder's, else its style's fillRef."""
        tag = _local(el)
        if tag in ("graphicFrame", "cxnSp"):
            return NO_PAINT
        if tag == "pic":
            return Paint("unknown", why="a picture")
        for source in (el, *self.inherited(el)):
            found = self.paint(source.find("p:spPr" if tag != "grpSp" else "p:grpSpPr", NS))
            if found is not None:
                return found
        ref = el.find("p:style/a:fillRef", NS)
        return self.style_paint(ref, "fillStyleLst", 0) if ref is not None else NO_PAINT

    def background(self) -> Paint:
        for part in (self.sld, self.layout, self.master):
            bg = part.find("p:cSld/p:bg", NS)
            if bg is None:
                continue
            pr = bg.find("p:bgPr", NS)
            if pr is not None:
                return self.paint(pr) or NO_PAINT
            ref = bg.find("p:bgRef", NS)
            if ref is not None:
                idx = _num(ref, "idx")
                return self.style_paint(ref, "bgFillStyleLst", 1000) if idx > 1000 \
                    else self.style_paint(ref, "fillStyleLst", 0)
        return NO_PAINT

    def behind(self, item: Item) -> tuple[tuple[str, ...], str]:
        """The colours behind an item's text (one, or a gradient's stops); () and the
        reason when they cannot be known."""
        stack = [self.shape_paint(item.el).over(item.box, item.box)]
        if item.box is not None:
            cx, cy = item.box.x + item.box.w / 2, item.box.y + item.box.h / 2
            k = next(i for i, it in enumerate(self.items) if it.el is item.el)
            below = [*self.under, *self.items[:k]]
            stack += [self.shape_paint(it.el).over(it.box, item.box) for it in reversed(below)
                      if it.box is not None and it.box.contains(cx, cy)
                      and _local(it.el) not in ("grpSp", "graphicFrame")]
        stack.append(self.background().over(self.slide_box, item.box))
        return _composite(stack)


def _gamma(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _modified(base: str, el: Any) -> tuple[str, float]:
    """A colour with its DrawingML modifiers applied (lumMod/lumOff in HSL, tint and shade
    in linear RGB) and its alpha."""
    r, g, b = (c / 255 for c in colors.parse(base))
    alpha = 1.0
    for mod in el:
        kind, val = _local(mod), _num(mod, "val") / 100000
        if kind in ("lumMod", "lumOff", "satMod"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            if kind == "lumMod":
                lum *= val
            elif kind == "lumOff":
                lum += val
            else:
                s *= val
            r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0.0), 1.0), min(max(s, 0.0), 1.0))
        elif kind in ("tint", "shade"):
            lin = [_linear(c) for c in (r, g, b)]
            lin = [c * val + (1 - val) if kind == "tint" else c * val for c in lin]
            r, g, b = (_gamma(c) for c in lin)
        elif kind == "alpha":
            alpha = val
    return colors.to_hex((r, g, b)), alpha


def _composite(stack: Sequence[Paint]) -> tuple[tuple[str, ...], str]:
    """What shows through a stack of fills, top first; white below everything."""
    for k, paint in enumerate(stack):
        if paint.kind == "none":
            continue
        if paint.kind == "unknown":
            return (), paint.why
        alphas = paint.alphas or (paint.alpha,) * len(paint.colors)
        if min(alphas) >= 1:
            return paint.colors, ""
        under, why = _composite(stack[k + 1:])
        if not under:
            return (), why
        return tuple(colors.blend(c, u, a) for c, a in zip(paint.colors, alphas, strict=True)
                     for u in under), ""
    return (colors.WHITE,), ""


# -- text properties -----------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    """A run of text with its resolved colour (None: unknown), size and weight."""

    text: str
    color: str | None
    size_pt: float
    bold: bool


def _levels(style: Any, level: int) -> list[Any]:
    if style is None:
        return []
    return [p for p in (style.find(f"a:lvl{level + 1}pPr/a:defRPr", NS),
                        style.find("a:defPPr/a:defRPr", NS)) if p is not None]


def _run_sources(ctx: _Context, el: Any, para: Any, run: Any) -> list[Any]:
    """Where a run's properties come from, nearest first: the run, its paragraph, the
    shape's list style, its style's font colour (a:fontRef), then what it inherits."""
    ppr = para.find("a:pPr", NS)
    level = int(ppr.get("lvl", "0")) if ppr is not None else 0
    sources = [p for p in (run.find("a:rPr", NS), para.find("a:pPr/a:defRPr", NS))
               if p is not None]
    sources += _levels(el.find("p:txBody/a:lstStyle", NS), level)
    font_ref = el.find("p:style/a:fontRef", NS)
    if font_ref is not None:
        sources.append(font_ref)
    ph = _ph(el)
    if ph is not None:
        for inherited in ctx.inherited(el):
            sources += _levels(inherited.find("p:txBody/a:lstStyle", NS), level)
        kind = ctx.master_kind(_ph_type(ph))
        style = {"title": "titleStyle", "body": "bodyStyle"}.get(kind, "otherStyle")
        sources += _levels(ctx.master.find(f"p:txStyles/p:{style}", NS), level)
    else:
        sources += _levels(ctx.default_style, level)
    return sources


def runs(ctx: _Context, el: Any) -> list[Run]:
    """Every run of text in a shape with its colour, size and boldness resolved."""
    body = el.find("p:txBody", NS)
    if body is None:
        return []
    scale = body.find("a:bodyPr/a:normAutofit", NS)
    factor = _num(scale, "fontScale") / 100000 if scale is not None and \
        scale.get("fontScale") else 1.0
    out = []
    for para in body.iterfind("a:p", NS):
        for run in para:
            if _local(run) not in ("r", "fld"):
                continue
            text = "".join(t.text or "" for t in run.iterfind("a:t", NS))
            if not text.strip():
                continue
            sources = _run_sources(ctx, el, para, run)
            size = next((_num(s, "sz") / 100 for s in sources if s.get("sz")), DEFAULT_PT)
            bold = next((s.get("b") in ("1", "true") for s in sources if s.get("b")), False)
            out.append(Run(text, _run_color(ctx, sources), size * factor, bold))
    return out


def _run_color(ctx: _Context, sources: list[Any]) -> str | None:
    for s in sources:
        if _local(s) == "fontRef":
            if len(s):
                return ctx.color(s[0])[0]
            continue
        for child in s:
            tag = _local(child)
            if tag == "solidFill" and len(child):
                return ctx.color(child[0])[0]
            if tag in ("gradFill", "blipFill", "pattFill", "noFill"):
                return None
    return ctx.scheme("tx1")


# -- the rules -----------------------------------------------------------------------------
def _alt_rules(n: int, item: Item, findings: list[Finding]) -> None:
    el, tag, name = item.el, _local(item.el), _name(item.el)
    decorative = is_decorative(el)
    descr = alt_text(el)
    text = _own_text(el)
    if decorative:
        if text:
            findings.append(Finding(n, "decorative", "warning", name,
                                    "marked decorative but has text: screen readers skip it"))
        elif descr:
            findings.append(Finding(n, "decorative", "warning", name,
                                    "marked decorative but has alt text: screen readers "
                                    "skip it"))
        return
    needs = (tag in ("pic", "grpSp", "cxnSp")
             or (tag == "graphicFrame" and _graphic_uri(el) != TABLE_URI)
             or (tag == "sp" and _ph(el) is None and not text))
    if not needs:
        return
    kind = {"pic": "picture", "grpSp": "group", "cxnSp": "line",
            "graphicFrame": "graphic frame"}.get(tag, "shape")
    if not descr:
        findings.append(Finding(n, "alt-text", "error", name,
                                f"{kind} has no alt text and is not marked decorative"))
    elif FILE_NAME.search(descr):
        findings.append(Finding(n, "alt-text", "error", name,
                                f"{kind}'s alt text is a file name: {descr!r}"))


def _misplaced_flags(n: int, sld: Any, findings: list[Finding]) -> None:
    for flag in sld.iterfind(".//adec:decorative", NS):
        ext = flag.getparent()
        ok = (ext is not None and _local(ext) == "ext" and ext.get("uri") == DECORATIVE_URI
              and _local(ext.getparent()) == "extLst"
              and _local(ext.getparent().getparent()) == "cNvPr")
        if not ok:
            shape = next((a for a in flag.iterancestors() if a.tag in SHAPES), None)
            findings.append(Finding(n, "decorative", "error",
                                    _name(shape) if shape is not None else "",
                                    "decorative flag outside p:cNvPr/a:extLst/a:ext[@uri="
                                    f"{DECORATIVE_URI}]: PowerPoint ignores it"))


def _table_rules(n: int, item: Item, findings: list[Finding]) -> None:
    tbl = item.el.find("a:graphic/a:graphicData/a:tbl", NS)
    if tbl is None:
        return
    pr = tbl.find("a:tblPr", NS)
    if pr is None or pr.get("firstRow") not in ("1", "true"):
        findings.append(Finding(n, "table-header", "error", _name(item.el),
                                "table has no header row (Table Design > Header Row)"))
    merged = [tc for tc in tbl.iterfind("a:tr/a:tc", NS)
              if _num(tc, "gridSpan") > 1 or _num(tc, "rowSpan") > 1
              or tc.get("hMerge") in ("1", "true") or tc.get("vMerge") in ("1", "true")]
    if merged:
        findings.append(Finding(n, "merged-cells", "warning", _name(item.el),
                                f"table has {len(merged)} merged cells"))


def _before(a: Box, b: Box) -> str:
    """Why b must be read before a ("above" or "left of"), or ""."""
    h_overlap = min(a.right, b.right) - max(a.x, b.x)
    v_overlap = min(a.bottom, b.bottom) - max(a.y, b.y)
    if b.bottom <= a.y + TOLERANCE and h_overlap > TOLERANCE:
        return "above"
    if b.right <= a.x + TOLERANCE and v_overlap > SAME_ROW * min(a.h, b.h):
        return "left of"
    return ""


def _reading_order(n: int, items: Sequence[Item], findings: list[Finding]) -> None:
    read = [it for it in items if it.top and not is_decorative(it.el) and not _hidden(it.el)]
    if not read:
        return
    kinds = [_ph_type(ph) if (ph := _ph(it.el)) is not None else "" for it in read]
    titles = [i for i, k in enumerate(kinds) if k in TITLE_TYPES]
    if titles and titles[0] != 0:
        findings.append(Finding(n, "reading-order", "warning", _name(read[titles[0]].el),
                                f"the title is read after '{_name(read[0].el)}'"))
    footers = [i for i, k in enumerate(kinds) if k in FOOTER_TYPES]
    others = [i for i, k in enumerate(kinds) if k not in FOOTER_TYPES]
    for f in footers:
        later = [i for i in others if i > f]
        if later:
            findings.append(Finding(n, "reading-order", "warning", _name(read[f].el),
                                    f"{kinds[f]} is read before '{_name(read[later[0]].el)}';"
                                    " footers, dates and slide numbers go last"))
    content = [read[i] for i in others if i not in titles]
    for j, later_item in enumerate(content):
        if later_item.box is None:
            continue
        for earlier in content[:j]:
            why = _before(earlier.box, later_item.box) if earlier.box else ""
            if why:
                findings.append(Finding(
                    n, "reading-order", "warning", _name(later_item.el),
                    f"read after '{_name(earlier.el)}' but is {why} it"))
                break


def _contrast(n: int, ctx: _Context, item: Item, findings: list[Finding]) -> None:
    if _local(item.el) != "sp" or is_decorative(item.el):
        return
    found = runs(ctx, item.el)
    if not found:
        return
    name = _name(item.el)
    behind, why = ctx.behind(item)
    if not behind:
        findings.append(Finding(n, "contrast", "info", name,
                                f"contrast unknown: the text is over {why}"))
        return
    worst: tuple[float, Run, str, float] | None = None
    for run in found:
        if run.color is None:
            findings.append(Finding(n, "contrast", "info", name,
                                    f"contrast unknown: the colour of {run.text[:20]!r}"))
            return
        need = colors.required_ratio(run.size_pt, run.bold)
        for bg in behind:
            ratio = colors.contrast(run.color, bg)
            if ratio < need and (worst is None or ratio / need < worst[0] / worst[3]):
                worst = (ratio, run, bg, need)
    if worst:
        ratio, run, bg, need = worst
        findings.append(Finding(
            n, "contrast", "warning", name,
            f"text {run.color} on {bg} is {ratio:.2f}:1, below {need:g}:1 for "
            f"{run.size_pt:g} pt{' bold' if run.bold else ''} ({run.text[:30]!r})"))


def slide_title(slide: Any) -> str:
    """The text of a slide's title placeholder, whitespace collapsed ("" when none)."""
    for sp in slide._element.iterfind("p:cSld/p:spTree/p:sp", NS):
        ph = _ph(sp)
        if ph is not None and _ph_type(ph) in TITLE_TYPES:
            text = " ".join(_own_text(sp).split())
            if text:
                return text
    return ""


def check_presentation(prs: Any) -> list[Finding]:
    """Every finding in an open python-pptx Presentation, slide by slide."""
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for n, slide in enumerate(prs.slides, start=1):
        ctx = _Context(slide, prs.part._element)
        title = slide_title(slide)
        if not title:
            findings.append(Finding(n, "title-missing", "error", "",
                                    "slide has no title placeholder with text"))
        elif title.casefold() in seen:
            findings.append(Finding(n, "title-duplicate", "warning", "",
                                    f"same title as slide {seen[title.casefold()]}: {title!r}"))
        else:
            seen[title.casefold()] = n
        skip: list[Any] = []  # members of decorative groups
        for item in ctx.items:
            if _hidden(item.el) or any(g in item.el.iterancestors() for g in skip):
                continue
            _alt_rules(n, item, findings)
            if _local(item.el) == "grpSp" and is_decorative(item.el):
                skip.append(item.el)
            if _local(item.el) == "graphicFrame":
                _table_rules(n, item, findings)
            _contrast(n, ctx, item, findings)
        _misplaced_flags(n, ctx.sld, findings)
        _reading_order(n, ctx.items, findings)
    return findings


def check(path: str | Path) -> list[Finding]:
    """Every finding in a .pptx file."""
    return check_presentation(Presentation(str(path)))


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """How many findings per "severity rule", e.g. {"error alt-text": 20}."""
    return dict(sorted(Counter(f"{f.severity} {f.rule}" for f in findings).items()))


def main(argv: Sequence[str] | None = None) -> int:
    """Print the findings of each deck; 1 when any is an error or a warning."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("decks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    failed = False
    for deck in args.decks:
        findings = check(deck)
        for f in findings:
            print(f"{deck.name}: {f}")
        by = Counter(f.severity for f in findings)
        print(f"{deck.name}: {by['error']} errors, {by['warning']} warnings, "
              f"{by['info']} unknown; " + ", ".join(f"{k} {v}" for k, v in
                                                    counts(findings).items()))
        failed = failed or bool(by["error"] or by["warning"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
