"""A positioned slide (:mod:`deckgen.deckplan`) as drawing operations: the layout's
background and art as the template description gives them (outlines, fills, gradients,
pictures; :class:`deckgen.templateinfo.Piece`), then every shape of the plan. It only
draws: boxes, sizes, colours and line breaks come from the plan, where each line sits
from :mod:`deckgen.textlines` (shared with the SVG preview)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from typing_extensions import assert_never

from .. import fit
from ..deckplan import (
    ChartFrame,
    DeckPlan,
    Paragraph,
    Picture,
    Rectangle,
    Shape,
    Slide,
    Table,
    TextBox,
)
from ..plan import ChartSpec
from ..primitives import Fonts, Rect
from ..svg import chart_spec
from ..templateinfo import LayoutDesc, Piece, TemplateInfo
from ..textlines import CELL_ANCHOR, TABLE_RULE, TABLE_RULE_PT, inner, placed
from . import ops
from .ops import Op

PICTURE_FORMATS = (".png", ".jpg", ".jpeg", ".gif")
"""Template members drawn as pictures (fpdf2 reads these; EMF and WMF are left out)."""
MISSING_FILL = "#E5E7EB"
MISSING_LINE = "#9CA3AF"


class Assets:
    """The pictures slides draw, read once each: image files as the .pptx gets them,
    charts as vector SVG (charts.py, cached by content), template members."""

    def __init__(self, template: Path, cache_dir: Path | None,
                 progress: Callable[[str], None] | None = None) -> None:
        self.template = template
        self.cache_dir = cache_dir
        self.progress = progress
        self._data: dict[tuple[object, ...], bytes | None] = {}
        self.missing: dict[str, tuple[str, ...]] = {}  # chart → characters without glyph

    def image(self, path: Path) -> bytes | None:
        """A picture file as PNG or JPEG; None when it cannot be read."""
        key = ("image", ops.picture_key(path))
        if key not in self._data:
            from ..images import ImageProblem, prepare

            try:
                self._data[key] = prepare(path).data
            except ImageProblem:
                self._data[key] = None
        return self._data[key]

    def chart(self, spec: ChartSpec, box: Rect) -> bytes | None:
        """A chart drawn for its box, as SVG."""
        key = ("chart", spec, round(box.w, 2), round(box.h, 2))
        if key not in self._data:
            from .. import charts

            if self.progress:
                self.progress(f"chart {spec.name}")
            r = charts.render_svg(spec, box.w / 72, box.h / 72, cache_dir=self.cache_dir)
            if r.missing:
                self.missing[spec.name] = r.missing
            self._data[key] = r.png.read_bytes()
        return self._data[key]

    def member(self, name: str) -> bytes | None:
        """A picture inside the template package; None for a format not drawn here."""
        if not name.lower().endswith(PICTURE_FORMATS):
            return None
        key = ("member", name)
        if key not in self._data:
            try:
                with zipfile.ZipFile(self.template) as z:
                    self._data[key] = z.read(name)
            except (OSError, KeyError, zipfile.BadZipFile):
                self._data[key] = None
        return self._data[key]


def backdrop(layout: LayoutDesc | None, width: float, height: float, assets: Assets,
             number: int = 0, fonts: Fonts | None = None) -> list[Op]:
    """The layout's background and the art its layout and master draw on every slide
    (slide `number`: the template's own slide-number fields show it)."""
    full = Rect(0, 0, width, height)
    if layout is None:
        return [ops.box_shape(full, ops.solid("#FFFFFF"))]
    out: list[Op] = [ops.box_shape(full, layout.background_paint or
                                   ops.solid(layout.background))]
    if layout.background_media:
        data = assets.member(layout.background_media)
        if data is not None:
            out.append(ops.Image(full, data, key=f"member:{layout.background_media}"))
    for art in layout.art:
        if not art.pieces:
            if art.fill is not None and art.kind in ("shape", "group"):
                out.append(ops.box_shape(art.box, art.paint or ops.solid(art.fill)))
            continue
        for piece in art.pieces:
            points = tuple(piece.xy())
            if piece.kind == "field":
                out.extend(_field(piece, number, fonts or Fonts()))
                continue
            if piece.kind == "picture":
                data = assets.member(piece.media or "")
                if data is not None:
                    xs, ys = [p[0] for p in points], [p[1] for p in points]
                    box = Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
                    out.append(ops.Image(box, data, key=f"member:{piece.media}"))
                continue
            out.append(ops.Shape(points, piece.closed, piece.fill, piece.line, piece.width,
                                 art.box))
    return out


def _field(piece: Piece, number: int, fonts: Fonts) -> list[Op]:
    """The slide number a template's shape shows, placed as a text box's line would be."""
    (x0, y0), _, (x1, y1), _ = piece.xy()
    left, top, right, bottom = piece.insets
    area = Rect(x0 + left, y0 + top, x1 - x0 - left - right, y1 - y0 - top - bottom)
    size = piece.width
    para = Paragraph(str(number), size, (str(number),), piece.line or "#000000", piece.bold,
                     align=piece.align if piece.align in ("ctr", "r") else "l",  # type: ignore[arg-type]
                     line_height=fit.drawn_line_height(size), field="slidenum")
    anchor = piece.anchor if piece.anchor in ("ctr", "b") else "t"
    return _text((para,), area, anchor, fonts, number)


def _text(paras: tuple, area: Rect, anchor: str, fonts: Fonts, number: int) -> list[Op]:
    out: list[Op] = []
    for ln in placed(paras, area, anchor, number):  # type: ignore[arg-type]
        p = ln.para
        if ln.bullet:
            b = p.bullet
            assert b is not None
            out.append(ops.Text(ln.text, ln.x, ln.baseline, p.size, b.color,
                                Fonts(b.font, b.font)))
            continue
        out.append(ops.Text(ln.text, ln.x, ln.baseline, p.size, p.color, fonts, p.bold,
                            ln.edge, p.rtl, p.complex_font))
    return out


def _textbox(tb: TextBox, number: int) -> list[Op]:
    out: list[Op] = []
    if tb.fill:
        out.append(ops.box_shape(tb.box, ops.solid(tb.fill, tb.fill_opacity)))
    out.extend(_text(tb.paragraphs, inner(tb.box, tb.insets), tb.anchor, tb.fonts, number))
    return out


def _table(t: Table, number: int) -> list[Op]:
    out: list[Op] = []
    y = t.box.y
    for r, row in enumerate(t.cells):
        h = t.rows[r] if r < len(t.rows) else 0.0
        x = t.box.x
        for c, cell in enumerate(row):
            w = t.columns[c] if c < len(t.columns) else 0.0
            box = Rect(x, y, w, h)
            out.append(ops.box_shape(box, ops.solid(cell.fill) if cell.fill else None,
                                     TABLE_RULE, TABLE_RULE_PT))
            out.extend(_text((cell.paragraph,), inner(box, t.margins), CELL_ANCHOR,
                             t.fonts, number))
            x += w
        y += h
    return out


def _picture(box: Rect, data: bytes | None, svg: bool, alt: str | None, key: str) -> list[Op]:
    if data is None:  # unreadable file: a grey box where it would be, as a viewer shows
        return [ops.box_shape(box, ops.solid(MISSING_FILL), MISSING_LINE, 1.0)]
    return [ops.Image(box, data, svg, alt, key)]


def _shape(shape: Shape, slide: Slide, deck: DeckPlan, assets: Assets) -> list[Op]:
    match shape:
        case Rectangle():
            return [ops.box_shape(shape.box, ops.solid(shape.fill))]
        case TextBox():
            return _textbox(shape, slide.number)
        case Picture():
            alt = None if shape.decorative else shape.alt
            spec = chart_spec(slide, deck, shape.chart) if shape.chart else None
            if spec is not None:
                return _picture(shape.box, assets.chart(spec, shape.box), True, alt,
                                f"chart:{spec.name}")
            data = assets.image(shape.path) if shape.path else None
            return _picture(shape.box, data, False, alt,
                            ops.picture_key(shape.path) if shape.path else "")
        case ChartFrame():
            # native charts too: drawn as the chart picture charts.py makes
            return _picture(shape.box, assets.chart(shape.spec, shape.box), True,
                            shape.alt or slide.title, f"chart:{shape.spec.name}")
        case Table():
            return _table(shape, slide.number)
        case _:
            assert_never(shape)


def slide_ops(slide: Slide, deck: DeckPlan, info: TemplateInfo, assets: Assets) -> list[Op]:
    """Everything one slide draws, bottom to top."""
    layout = info.layouts.get(slide.layout) or info.layouts.get("content")
    out = backdrop(layout, deck.width, deck.height, assets, slide.number, deck.fonts)
    for shape in slide.shapes:
        out.extend(_shape(shape, slide, deck, assets))
    return [ops.Clip(Rect(0, 0, deck.width, deck.height), tuple(out))]
