"""A positioned slide (:mod:`deckgen.deckplan`) as drawing operations: the layout's
background and art as the template description gives them (outlines, fills, gradients,
pictures, slide-number fields; :class:`deckgen.template.info.Piece`), then every shape of
the plan. It only draws: boxes, sizes, colours, line breaks and where each line sits come
from the plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typing_extensions import assert_never

from ..deckplan import (
    ChartFrame,
    ChartSpec,
    Crop,
    DeckPlan,
    Paragraph,
    Picture,
    Rectangle,
    Shape,
    Slide,
    Table,
    TextBox,
)
from ..primitives import Fonts, Rect
from ..template.info import LayoutDesc, TemplateInfo
from . import ops
from .ops import EDGES, Op

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
            from ..images import prepared

            self._data[key] = prepared(path, self.cache_dir)
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
            from ..template.files import media

            self._data[key] = media(self.template, name)
        return self._data[key]


def backdrop(layout: LayoutDesc | None, width: float, height: float,
             assets: Assets) -> list[Op]:
    """The layout's background and the art its layout and master draw on every slide."""
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
            if piece.kind == "field":  # placed by layout: DeckPlan.number_fields
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


def _text(paras: tuple[Paragraph, ...], fonts: Fonts, number: int) -> list[Op]:
    """Each line (and bullet) of the paragraphs where the plan placed it."""
    out: list[Op] = []
    for p in paras:
        lines = (str(number),) if p.field == "slidenum" else p.lines
        for i, (line, x, base) in enumerate(zip(lines, p.starts, p.baselines)):
            if i == 0 and p.bullet is not None:
                b = p.bullet
                out.append(ops.Text(b.char, p.bullet_x, base, p.size, b.color,
                                    Fonts(b.font, b.font)))
            if line.strip():
                out.append(ops.Text(line, x, base, p.size, p.color, fonts, p.bold,
                                    EDGES[p.align], p.rtl, p.complex_font))
    return out


def _textbox(tb: TextBox, number: int) -> list[Op]:
    out: list[Op] = []
    if tb.fill:
        out.append(ops.box_shape(tb.box, ops.solid(tb.fill, tb.fill_opacity)))
    out.extend(_text(tb.paragraphs, tb.fonts, number))
    return out


def _table(t: Table, number: int) -> list[Op]:
    out: list[Op] = []
    for row in t.cells:
        for cell in row:
            out.append(ops.box_shape(cell.box, ops.solid(cell.fill) if cell.fill else None,
                                     t.border, t.border_width))
            out.extend(_text((cell.paragraph,), t.fonts, number))
    return out


def _picture(box: Rect, data: bytes | None, svg: bool, alt: str | None, key: str,
             crop: Crop | None = None) -> list[Op]:
    if data is None:  # unreadable file: a grey box where it would be, as a viewer shows
        return [ops.box_shape(box, ops.solid(MISSING_FILL), MISSING_LINE, 1.0)]
    if crop is None or not any(crop):
        return [ops.Image(box, data, svg, alt, key)]
    # the whole picture stretched so that the part the crop keeps fills the box, clipped
    left, top, right, bottom = crop
    kept_w, kept_h = 1 - left - right, 1 - top - bottom
    whole = Rect(box.x - box.w * left / kept_w, box.y - box.h * top / kept_h,
                 box.w / kept_w, box.h / kept_h)
    return [ops.Clip(box, (ops.Image(whole, data, svg, alt, key),))]


def _shape(shape: Shape, slide: Slide, assets: Assets) -> list[Op]:
    match shape:
        case Rectangle():
            return [ops.box_shape(shape.box, ops.solid(shape.fill))]
        case TextBox():
            return _textbox(shape, slide.number)
        case Picture():
            return _picture(shape.box, assets.image(shape.path), False,
                            None if shape.decorative else shape.alt,
                            ops.picture_key(shape.path), shape.crop)
        case ChartFrame():
            # native charts too: drawn as the chart picture charts.py makes, as vectors
            return _picture(shape.box, assets.chart(shape.spec, shape.box), True,
                            shape.alt or slide.title, f"chart:{shape.spec.name}")
        case Table():
            return _table(shape, slide.number)
        case _:
            assert_never(shape)


def slide_ops(slide: Slide, deck: DeckPlan, info: TemplateInfo, assets: Assets) -> list[Op]:
    """Everything one slide draws, bottom to top."""
    try:
        layout: LayoutDesc | None = info.layout(slide.layout)
    except KeyError:
        layout = info.layouts.get("content")
    out = backdrop(layout, deck.width, deck.height, assets)
    # the template's own slide number, where it draws one (layout placed it)
    out.extend(_text(tuple(q for role, q in deck.number_fields if role == slide.layout),
                     deck.fonts, slide.number))
    for shape in slide.shapes:
        out.extend(_shape(shape, slide, assets))
    return [ops.Clip(Rect(0, 0, deck.width, deck.height), tuple(out))]
