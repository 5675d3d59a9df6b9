"""The art of a template's masters and layouts as :class:`~deckgen.template.info.Art`
records: every shape that is not a placeholder, with where it really paints
(:mod:`deckgen.template.geometry`), its colours, a picture's mean and grid colours, and the
pieces a renderer draws without an office suite (outlines, pictures, slide-number fields).
Part of describing a template."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable
from typing import Any

from ..ns import qn
from ..primitives import Insets, Rect
from . import geometry
from .geometry import Bitmap, Drawn, Point
from .info import GRID, Art, Paint, Piece
from .scheme import Colors, fraction
from .shapes import anchor, insets, ph_of, shapes, xfrm_rect


def media_of(part: Any, rid: str | None) -> str | None:
    """The package member a relationship id of a (python-pptx) part points at (a picture),
    or None."""
    if not rid or rid not in part.rels:
        return None
    rel = part.rels[rid]
    return None if rel.is_external else str(rel.target_part.partname).lstrip("/")


def _blob(part: Any, rid: str | None) -> bytes | None:
    """The bytes of the part a relationship id points at; None for none or an external one."""
    if not rid or rid not in part.rels or part.rels[rid].is_external:
        return None
    return bytes(part.rels[rid].target_part.blob)


@functools.lru_cache(maxsize=64)
def _colors_of(blob: bytes) -> tuple[str | None, tuple[str, ...]]:
    """A picture's mean colour (of the pixels that show) and its mean colours in GRID
    cells (row by row, transparent parts on white), from one decoding; None and () for
    an image Pillow cannot read."""
    from PIL import Image, ImageStat

    try:
        with Image.open(io.BytesIO(blob)) as im:
            rgba = im.convert("RGBA")
    except Exception:  # an image Pillow cannot read: no colour to report
        return None, ()
    small = rgba.resize((32, 32))
    shown = small.getchannel("A").point(lambda a: 255 if a > 16 else 0)  # more than faint
    mean = None
    if shown.getbbox() is not None:
        values = ImageStat.Stat(small.convert("RGB"), mask=shown).mean
        mean = "#" + "".join(f"{round(v):02X}" for v in values[:3])
    flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat.alpha_composite(rgba)
    data = flat.convert("RGB").resize(GRID, Image.Resampling.BOX).tobytes()  # 3 bytes a pixel
    return mean, tuple("#" + data[i:i + 3].hex().upper() for i in range(0, len(data), 3))


def picture_colors(part: Any, rid: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The mean colour and grid colours of the picture a relationship points at."""
    blob = _blob(part, rid)
    return (None, ()) if blob is None else _colors_of(blob)


def _opacity(sp: Any) -> float:
    """The opacity of a shape's fill (a:alpha in its colour) or picture (a:alphaModFix)."""
    pr = sp.find(qn("p:spPr"))
    el = None if pr is None else pr.find(f"{qn('a:solidFill')}/*/{qn('a:alpha')}")
    if el is None:
        el = sp.find(f"{qn('p:blipFill/a:blip')}/{qn('a:alphaModFix')}")
        if el is not None:
            return fraction(el.get("amt"))
        return 1.0
    return fraction(el.get("val"))


def _alpha(part: Any) -> Callable[[Any], Any]:
    """A picture element's alpha channel (None when opaque), read through its part."""
    def of(pic: Any) -> Any:
        blip = pic.find(qn("p:blipFill/a:blip"))
        blob = _blob(part, None if blip is None else blip.get(qn("r:embed")))
        return None if blob is None else _alpha_of(blob)
    return of


@functools.lru_cache(maxsize=64)
def _alpha_of(blob: bytes) -> Any:
    return geometry.alpha_of(blob)


def art_of(part: Any, colors: Colors, master: bool) -> list[Art]:
    """Every shape a master's or layout's (python-pptx) part draws that is not a
    placeholder, with where it really paints."""
    out = []
    fill, line, media = painters(colors, lambda blip: media_of(part, blip.get(qn("r:embed"))))
    for sp in shapes(part._element.find(qn("p:cSld/p:spTree"))):
        if ph_of(sp) is not None:
            continue
        items = list(geometry.drawn(sp, geometry.IDENTITY, _alpha(part)))
        box = geometry.bounds(items) or xfrm_rect(sp)
        if box is None or box.w <= 0 or box.h <= 0:
            continue
        text = "".join(t.text or "" for t in sp.iter(qn("a:t"))).strip()
        fld = next(iter(sp.iter(qn("a:fld"))), None)
        field = None if fld is None else (fld.get("type") or None)
        opacity = _opacity(sp)
        if sp.tag == qn("p:pic"):
            blip = sp.find(qn("p:blipFill/a:blip"))
            rid = None if blip is None else blip.get(qn("r:embed"))
            mean, grid = picture_colors(part, rid)
            out.append(Art("picture", box, mean, media_of(part, rid), grid=grid,
                           master=master, opacity=opacity,
                           cover=geometry.rasterise(items, box),
                           pieces=pieces(items, fill, line, media)))
        elif text:
            if field == "slidenum":
                frame, where = insets(sp, None)
                number: tuple[Piece, ...] = (number_field(sp, fld, box, colors, frame,
                                                          anchor(where)),)
            else:
                number = ()
            out.append(Art("text", box, colors.fill(sp.find(qn("p:spPr"))), text=text[:200],
                           master=master, opacity=opacity, field=field,
                           paint=colors.paint(sp.find(qn("p:spPr"))),
                           pieces=pieces(items, fill, line, media) + number))
        else:
            color = colors.fill(sp.find(qn("p:spPr")))
            paint = colors.paint(sp.find(qn("p:spPr")))
            if color is None and sp.tag != qn("p:cxnSp"):
                ref = sp.find(qn("p:style/a:fillRef"))
                if ref is not None and len(ref) and ref.get("idx", "0") != "0":
                    color = colors.of(ref[0])
                    paint = None
            painted = [it for it in items if isinstance(it, Bitmap) or it.filled or it.pen > 0]
            if not painted:
                continue
            filled = any(isinstance(it, Bitmap) or it.filled for it in painted)
            kind = ("group" if sp.tag == qn("p:grpSp") else "shape"
                    if filled or sp.tag == qn("p:graphicFrame") else "line")
            out.append(Art(kind, box, color if kind != "line" else None, master=master,
                           opacity=opacity, cover=geometry.rasterise(painted, box),
                           paint=paint if kind != "line" else None,
                           pieces=pieces(painted, fill, line, media)))
    return out


MAX_PIECE_POINTS = 4000
"""Points kept per layout's art for drawing: past this (a damaged or very busy template) the
art is left undrawn rather than bloat every description."""


def pieces(items: Iterable[Drawn], fill: Callable[[Any], Paint | None],
           line: Callable[[Any], str | None],
           media: Callable[[Any], str | None]) -> tuple[Piece, ...]:
    """What the items paint, for drawing: each outline with its element's fill (``fill``)
    and line colour (``line``), each picture with its package member (``media``)."""
    out: list[Piece] = []
    count = 0
    for it in items:
        if isinstance(it, Bitmap):
            member = media(it.source) if it.source is not None else None
            if member is None:
                continue
            out.append(Piece("picture", _flat(it.corners), media=member))
            count += 4
            continue
        paint = fill(it.source) if it.filled and it.source is not None else None
        color = line(it.source) if it.pen > 0 and it.source is not None else None
        if paint is None and color is None:
            continue
        out.append(Piece("path", _flat(it.points), it.closed, paint, color,
                         round(it.pen, 2) if color else 0.0))
        count += len(it.points)
        if count > MAX_PIECE_POINTS:
            return ()
    return tuple(out)


def _flat(points: Iterable[Point]) -> tuple[float, ...]:
    return tuple(round(v, 2) for p in points for v in p)


def painters(colors: Colors, member_of: Callable[[Any], str | None]) -> tuple[
        Callable[[Any], Paint | None], Callable[[Any], str | None], Callable[[Any], str | None]]:
    """How a shape element is painted, for :func:`pieces`: its fill, its line's colour and
    its picture's package member. ``member_of`` gives the member an a:blip points at."""
    def ref_color(el: Any, name: str) -> str | None:
        ref = el.find(qn(f"p:style/a:{name}"))
        if ref is not None and len(ref) and ref.get("idx", "0") != "0":
            return colors.of(ref[0])
        return None

    def fill(el: Any) -> Paint | None:
        pr = el.find(qn("p:spPr"))
        found = colors.paint(pr)
        if found is not None or (pr is not None and pr.find(qn("a:noFill")) is not None):
            return found
        color = colors.fill(pr) or (ref_color(el, "fillRef") if el.tag != qn("p:cxnSp")
                                    else None)
        return None if color is None else Paint((color,), (0.0,), (1.0,))

    def line(el: Any) -> str | None:
        ln = el.find(qn("p:spPr/a:ln"))
        if ln is not None and ln.find(qn("a:noFill")) is not None:
            return None
        return (colors.fill(ln) if ln is not None else None) or ref_color(el, "lnRef")

    def media(el: Any) -> str | None:
        blip = el.find(qn("p:blipFill/a:blip"))
        return None if blip is None else member_of(blip)

    return fill, line, media


def number_field(sp: Any, fld: Any, box: Rect, colors: Colors, frame: Insets,
                 where: str) -> Piece:
    """The slide number a shape of the template shows (its a:fld), as it is drawn: the
    run's size, weight and colour, the paragraph's alignment, the frame's anchor, insets."""
    def rpr(el: Any) -> Any:
        return (None if el is None else el.find(qn("a:rPr")) if el is fld
                else el.find(qn("a:defRPr")))

    level = sp.find(qn("p:txBody/a:lstStyle/a:lvl1pPr"))
    para = fld.getparent().find(qn("a:pPr"))
    size = next((int(r.get("sz")) / 100 for r in (rpr(fld), rpr(level))
                 if r is not None and r.get("sz")), 18.0)
    bold = next((r.get("b") in ("1", "true") for r in (rpr(fld), rpr(level))
                 if r is not None and r.get("b")), False)
    color = next((c for r in (rpr(fld), rpr(level)) if (c := colors.fill(r))),
                 colors.named("tx1"))
    align = next((el.get("algn") for el in (para, level) if el is not None and el.get("algn")),
                 "l")
    return Piece("field", (box.x, box.y, box.right, box.y, box.right, box.bottom, box.x,
                           box.bottom), line=color, width=size, media="slidenum", bold=bold,
                 align=align if align in ("ctr", "r") else "l", anchor=where,
                 insets=(frame.left, frame.top, frame.right, frame.bottom))
