"""The SVG renderer: one positioned slide (:mod:`deckgen.deckplan`) as a standalone SVG, for
the browser preview (`deckgen serve`).

It only draws: every box, size, colour and line break comes from the plan, and nothing is
measured here. Lengths are the plan's points (the viewBox is the slide in points). Pictures,
chart PNGs and template art are embedded as data: URIs, which :class:`Assets` keeps so an
unchanged picture is not encoded again on every update.

Text is drawn where the plan puts each line (``Paragraph.starts``, ``baselines``): SVG's
text-anchor says which point of the line x marks, by the paragraph's alignment and direction.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from typing_extensions import assert_never  # typing's own from Python 3.11

from .deckplan import (
    ChartFrame,
    ChartSpec,
    Crop,
    DeckPlan,
    Paragraph,
    Picture,
    Rectangle,
    Shape,
    Slide,
    Step,
    Table,
    TextBox,
    hidden,
)
from .frozen import replace
from .primitives import Fonts, Rect
from .template.info import LayoutDesc, Paint, Piece, TemplateInfo

PX_PER_PT = 4 / 3
MAX_ASSETS = 256
"""Data URIs kept (pictures, chart PNGs, template members); the oldest unused go first."""
CJK_FALLBACKS = ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC")
WEB_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}


# -------------------------------------------------------------------- assets


def data_uri(data: bytes, mime: str) -> str:
    """Bytes as a data: URI."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class Assets:
    """The data: URIs slides embed, made once each and kept while their source is unchanged:
    image files by path, modification time and size; chart PNGs by spec and size; template
    members by template file and member name; the layout pictures LibreOffice drew.

    Safe to share between threads (the server renders while requests read)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if cache_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="deckgen-svg-")
            cache_dir = Path(self._tmp.name)
        self.cache_dir = cache_dir
        # least recently used first; an edit session makes a new entry per chart edit
        self._uris: OrderedDict[tuple[object, ...], str | None] = OrderedDict()
        self._backdrops: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self.missing: dict[str, tuple[str, ...]] = {}  # chart name → characters without glyph

    def _get(self, key: tuple[object, ...], make: Callable[[], str | None]) -> str | None:
        with self._lock:
            if key in self._uris:
                self._uris.move_to_end(key)
                return self._uris[key]
        uri = make()
        with self._lock:
            self._uris[key] = uri
            while len(self._uris) > MAX_ASSETS:
                self._uris.popitem(last=False)
        return uri

    def image(self, path: Path) -> str | None:
        """A picture file as PNG or JPEG (converted as the .pptx gets it); None when it
        cannot be read."""
        try:
            st = path.stat()
        except OSError:
            return None

        def make() -> str | None:
            from .images import ImageProblem, prepare

            try:
                p = prepare(path)
            except ImageProblem:
                return None
            return data_uri(p.data, "image/jpeg" if p.ext == "jpg" else "image/png")

        return self._get(("image", str(path), st.st_mtime_ns, st.st_size), make)

    def chart(self, spec: ChartSpec, width_in: float, height_in: float) -> str | None:
        """A chart's PNG at its box size, drawn by charts.py or taken from its cache."""

        def make() -> str | None:
            from . import charts

            r = charts.render(spec, width_in, height_in, cache_dir=self.cache_dir)
            if r.missing:
                self.missing[spec.name] = r.missing
            return data_uri(r.png.read_bytes(), "image/png")

        return self._get(("chart", spec, round(width_in, 3), round(height_in, 3)), make)

    def member(self, template: Path, name: str) -> str | None:
        """A picture inside the template package; None when a browser cannot show it
        (EMF, WMF, TIFF) or the member is missing."""
        mime = mimetypes.guess_type(name)[0] or ""
        if mime not in WEB_IMAGES:
            return None
        try:
            st = template.stat()
        except OSError:
            return None

        def make() -> str | None:
            from .template.files import media

            data = media(template, name)
            return None if data is None else data_uri(data, mime)

        return self._get(("member", str(template), st.st_mtime_ns, st.st_size, name), make)

    def set_backdrop(self, digest: str, role: str, png: bytes) -> None:
        """Keep LibreOffice's picture of a layout's background and art (see serve.py)."""
        with self._lock:
            self._backdrops[(digest, role)] = data_uri(png, "image/png")

    def backdrop(self, digest: str, role: str) -> str | None:
        """LibreOffice's picture of a layout, when one was made."""
        with self._lock:
            return self._backdrops.get((digest, role))


# -------------------------------------------------------------------- SVG pieces


def _n(v: float) -> str:
    """A length with at most two decimals, no trailing zeros."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _box(r: Rect) -> str:
    return f'x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(max(r.w, 0))}" height="{_n(max(r.h, 0))}"'


def _family(name: str) -> str:
    # a typeface name from a template is data: keep it from closing the attribute or the CSS
    name = "".join(ch for ch in name if ch.isalnum() or ch in " -_.").strip()
    return name if name.isalnum() else f"'{name}'"


def font_family(fonts: Fonts, twins: Mapping[str, str]) -> str:
    """A CSS font-family list: the run's Latin and East Asian faces, their metric twins (as
    the plan names them, so that lines break where layout measured them on machines without
    the Office fonts), the usual CJK faces of Windows, macOS and Linux, then sans-serif."""
    names: list[str] = []
    for name in (fonts.latin, twins.get(fonts.latin, ""), fonts.east_asian,
                 twins.get(fonts.east_asian, ""), "Carlito", *CJK_FALLBACKS):
        if name and name.lower() not in (n.lower() for n in names):
            names.append(name)
    return ", ".join([*(_family(n) for n in names), "sans-serif"])


def _accessible(alt: str | None, desc: str | None, decorative: bool) -> tuple[str, str]:
    """The attributes and children that name a picture for a screen reader."""
    if decorative or not (alt or desc):
        return ' aria-hidden="true"', ""
    inner = f"<title>{escape(alt or desc or '')}</title>"
    if desc:
        inner += f"<desc>{escape(desc)}</desc>"
    return ' role="img"', inner


def _image(box: Rect, uri: str | None, name: str, alt: str | None, desc: str | None,
           decorative: bool, kind: str, crop: Crop | None = None) -> str:
    attrs, inner = _accessible(alt, desc, decorative)
    head = f'<g data-kind="{kind}" data-name={quoteattr(name)}{attrs}>{inner}'
    if uri is None:  # unreadable file: a grey box where it would be, as a viewer shows
        return (f'{head}<rect {_box(box)} fill="#E5E7EB" stroke="#9CA3AF" '
                'stroke-dasharray="4 4"/></g>')
    if crop is not None and any(crop):
        # the picture as a unit square, the part the crop keeps stretched over the box
        left, top, right, bottom = crop
        view = " ".join(f"{v:.6g}" for v in (left, top, 1 - left - right, 1 - top - bottom))
        return (f'{head}<svg {_box(box)} viewBox="{view}" preserveAspectRatio="none">'
                f'<image x="0" y="0" width="1" height="1" preserveAspectRatio="none" '
                f'href="{uri}"/></svg></g>')
    return f'{head}<image {_box(box)} preserveAspectRatio="none" href="{uri}"/></g>'


def _paragraphs(paras: tuple[Paragraph, ...], fonts: Fonts, number: int,
                twins: Mapping[str, str]) -> list[str]:
    """Each line of each paragraph as a <text> where the plan placed it: x is where the line
    starts, its middle or where it ends (the paragraph's alignment), y its baseline."""
    family = quoteattr(font_family(fonts, twins))
    out: list[str] = []
    for p in paras:
        weight = ' font-weight="bold"' if p.bold else ""
        style = f'font-family={family} font-size="{_n(p.size)}"{weight} fill="{p.color}"'
        # right-to-left text: its start is on the right (SVG's text-anchor follows it)
        anchor = _ANCHORS[p.align, p.rtl]
        lines = (str(number),) if p.field == "slidenum" else p.lines
        for i, (line, x, base) in enumerate(zip(lines, p.starts, p.baselines)):
            if i == 0 and p.bullet is not None:
                b = p.bullet
                out.append(f'<text x="{_n(p.bullet_x)}" y="{_n(base)}" font-family='
                           f'{quoteattr(font_family(Fonts(b.font, b.font), twins))} '
                           f'font-size="{_n(p.size)}" fill="{b.color}" aria-hidden="true">'
                           f'{escape(b.char)}</text>')
            if line.strip():
                out.append(f'<text x="{_n(x)}" y="{_n(base)}"{anchor} {style} '
                           f'xml:space="preserve">{escape(line)}</text>')
    return out


_RTL = ' direction="rtl" unicode-bidi="embed"'
_ANCHORS = {("l", False): "", ("ctr", False): ' text-anchor="middle"',
            ("r", False): ' text-anchor="end"', ("l", True): ' text-anchor="end"' + _RTL,
            ("ctr", True): ' text-anchor="middle"' + _RTL,
            ("r", True): ' text-anchor="start"' + _RTL}
"""SVG's text-anchor of a line by alignment and direction: where x is on the line."""


def _textbox(tb: TextBox, number: int, twins: Mapping[str, str]) -> str:
    parts = [f'<g data-kind="text" data-role="{tb.role}" data-name={quoteattr(tb.name)}>']
    if tb.fill:
        opacity = f' fill-opacity="{tb.fill_opacity:g}"' if tb.fill_opacity < 1 else ""
        parts.append(f'<rect {_box(tb.box)} fill="{tb.fill}"{opacity}/>')
    parts.extend(_paragraphs(tb.paragraphs, tb.fonts, number, twins))
    parts.append("</g>")
    return "".join(parts)


def _table(t: Table, number: int, twins: Mapping[str, str]) -> str:
    parts = [f'<g data-kind="table" data-name={quoteattr(t.name)}>']
    for row in t.cells:
        for cell in row:
            parts.append(f'<rect {_box(cell.box)} fill="{cell.fill or "none"}" '
                         f'stroke="{t.border}" stroke-width="{_n(t.border_width)}"/>')
            parts.extend(_paragraphs((cell.paragraph,), t.fonts, number, twins))
    parts.append("</g>")
    return "".join(parts)


def chart_summary(spec: ChartSpec) -> str:
    """A chart's data as one sentence of text, for its <desc>."""
    from .charts import format_value

    series = "; ".join(
        f"{name}: " + ", ".join(f"{label} {format_value(v, spec.unit)}"
                                for label, v in zip(spec.labels, values))
        for name, values in spec.series)
    return f"{spec.type} chart. {series}"


def _shape(shape: Shape, slide: Slide, assets: Assets, twins: Mapping[str, str]) -> str:
    match shape:
        case Rectangle():
            hidden = ' aria-hidden="true"' if shape.decorative else ""
            return (f'<rect data-kind="rect" data-name={quoteattr(shape.name)} '
                    f'{_box(shape.box)} fill="{shape.fill}"{hidden}/>')
        case TextBox():
            return _textbox(shape, slide.number, twins)
        case Picture():
            return _image(shape.box, assets.image(shape.path), shape.name, shape.alt, None,
                          shape.decorative, "picture", shape.crop)
        case ChartFrame():
            # native charts too: the preview shows the picture the PNG renderer draws
            uri = assets.chart(shape.spec, shape.box.w / 72, shape.box.h / 72)
            return _image(shape.box, uri, shape.name, shape.alt or slide.title,
                          chart_summary(shape.spec), False, "chart")
        case Table():
            return _table(shape, slide.number, twins)
        case _:
            assert_never(shape)


def _backdrop(layout: LayoutDesc | None, deck: DeckPlan, info: TemplateInfo,
              assets: Assets) -> list[str]:
    """The layout's background and the art its layout and master draw on every slide."""
    full = Rect(0, 0, deck.width, deck.height)
    if layout is None:
        return [f'<rect {_box(full)} fill="#FFFFFF"/>']
    drawn = assets.backdrop(info.digest, layout.role)
    if drawn is not None:
        return [f'<image data-kind="backdrop" {_box(full)} preserveAspectRatio="none" '
                f'href="{drawn}" aria-hidden="true"/>']
    out = [f'<rect data-kind="background" {_box(full)} fill="{layout.background}"/>']
    template = deck.drawn_on
    if layout.background_media:
        uri = assets.member(template, layout.background_media)
        if uri:
            out.append(f'<image data-kind="background" {_box(full)} '
                       f'preserveAspectRatio="xMidYMid slice" href="{uri}"/>')
    for art in layout.art:
        if art.pieces:
            out.extend(_pieces(art.pieces, template, assets))
            continue
        uri = (assets.member(template, art.media) if art.kind == "picture" and art.media
               else None)
        if uri is not None:
            out.append(f'<image data-kind="art" {_box(art.box)} preserveAspectRatio="none" '
                       f'href="{uri}"/>')
        elif art.fill is not None and art.kind in ("shape", "picture"):
            # the shape's outline is not described: its box, filled, stands in for it
            out.append(f'<rect data-kind="art" {_box(art.box)} fill="{art.fill}"/>')
    return ['<g aria-hidden="true">', *out, "</g>"]


def _paint(paint: Paint | None) -> str:
    """Fill attributes for a paint: its colour (a gradient's middle colour) and opacity."""
    if paint is None:
        return 'fill="none"'
    if len(paint.colors) > 1 and len(paint.positions) == len(paint.colors):
        color, alpha = paint.at(0.5)
    else:
        color, alpha = paint.stops[0]
    return f'fill="{color}"' + (f' fill-opacity="{alpha:g}"' if alpha < 1 else "")


def _pieces(pieces: tuple[Piece, ...], template: Path, assets: Assets) -> list[str]:
    """The outlines and pictures template art paints (its slide-number fields are left to
    the slide's own number)."""
    out: list[str] = []
    for piece in pieces:
        points = piece.xy()
        if piece.kind == "picture" and piece.media:
            uri = assets.member(template, piece.media)
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
            if uri is not None:
                out.append(f'<image data-kind="art" {_box(box)} preserveAspectRatio="none" '
                           f'href="{uri}"/>')
        elif piece.kind == "path" and points:
            d = ("M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points) +
                (" Z" if piece.closed else ""))
            stroke = (f' stroke="{piece.line}" stroke-width="{_n(piece.width)}"'
                if piece.line else "")
            fill = _paint(piece.fill) if piece.closed else 'fill="none"'
            out.append(f'<path data-kind="art" d="{d}" {fill}{stroke}/>')
    return out


def _after(shapes: tuple[Shape, ...], steps: tuple[Step, ...], clicks: int) -> list[Shape]:
    """The shapes as a slide show shows them after a number of clicks: what is still to
    appear left out (whole shapes, or a text box's paragraphs, the rest where they are)."""
    gone = hidden(steps, clicks)
    out: list[Shape] = []
    for s in shapes:
        if s.name not in gone:
            out.append(s)
        elif isinstance(s, TextBox) and (paras := gone[s.name]) is not None:
            out.append(replace(s, paragraphs=tuple(
                q for i, q in enumerate(s.paragraphs) if i not in paras)))
    return out


def slide_svg(slide: Slide, deck: DeckPlan, info: TemplateInfo, assets: Assets,
              clicks: int | None = None) -> str:
    """One slide as a standalone SVG document, drawn from the plan alone: whole, or as a
    slide show shows it after a number of `clicks` of its build."""
    try:
        layout: LayoutDesc | None = info.layout(slide.layout)
    except KeyError:
        layout = info.layouts.get("content")
    w, h = deck.width, deck.height
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {_n(w)} '
            f'{_n(h)}" width="{_n(w * PX_PER_PT)}" height="{_n(h * PX_PER_PT)}" '
            f'xml:lang={quoteattr(deck.language)} role="img" aria-labelledby="title" '
            f'data-slide="{slide.number}" data-layout={quoteattr(slide.layout)}>'
            f'<title id="title">{escape(slide.title)}</title>')
    body = [head, *_backdrop(layout, deck, info, assets)]
    twins = dict(deck.twins)
    shapes = slide.shapes if clicks is None else _after(slide.shapes, slide.steps, clicks)
    body.extend(_shape(s, slide, assets, twins) for s in shapes)
    body.append("</svg>")
    return "".join(body)


def svg_hash(svg: str) -> str:
    """A short content hash of a slide's SVG, its ETag."""
    return hashlib.sha256(svg.encode("utf-8")).hexdigest()[:16]
