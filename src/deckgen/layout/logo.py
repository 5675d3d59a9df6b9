"""The logo on every content slide (``theme.logo``): one corner and one size for the whole
deck, where the content layouts have no art, footer or slide number; the title and body
boxes give up the room it takes, so text keeps clear of it. A slide that still has
something there (a layout the outline names, with art in that corner) goes without it,
and a warning says so."""

from __future__ import annotations

from collections.abc import Sequence

from .. import plan as p
from ..a11y import read_before
from ..deckplan import Picture, Shape
from ..frozen import frozen, replace
from ..primitives import Rect
from ..style import LOGO_H_SHARE, LOGO_MIN_KEPT, LOGO_W_SHARE
from ..template import clearance
from ..template.info import LayoutDesc
from .areas import Area
from .frames import Frames

CORNERS = ("top-right", "top-left", "bottom-right", "bottom-left")
"""The corners tried, in this order, when the outline asks for none."""
MARGIN_SHARE = 0.025
"""The logo's distance from the slide's edges, as a share of its width."""
GAP = clearance.GAP_PT


def logo_size(pixels: tuple[int, int] | None, width: float,
              height: float) -> tuple[float, float]:
    """The logo's width and height on the slide: LOGO_H_SHARE of its height, narrower than
    LOGO_W_SHARE of its width, the picture's shape kept."""
    iw, ih = pixels if pixels and pixels[0] > 0 and pixels[1] > 0 else (1, 1)
    h = LOGO_H_SHARE * height
    w = h * iw / ih
    if w > LOGO_W_SHARE * width:
        w = LOGO_W_SHARE * width
        h = w * ih / iw
    return w, h


def _spot(corner: str, w: float, h: float, fr: Frames) -> Rect:
    """The logo's box in a corner, in line with the edge of the title (or body) box; at
    the top, level with the title when the title sits at the top of the slide."""
    m = MARGIN_SHARE * fr.width
    edge = fr.title if corner.startswith("top") else fr.body
    right = min(edge.x + edge.w, fr.width - m) - w
    x = right if corner.endswith("right") else max(edge.x, m)
    if corner.startswith("bottom"):
        return Rect(x, fr.height - m - h, w, h)
    t = fr.title
    y = t.y + (t.h - h) / 2 if t.y < 0.25 * fr.height and t.h >= h else m
    return Rect(x, max(y, m / 2), w, h)


def _near(spot: Rect) -> Rect:
    return Rect(spot.x - GAP, spot.y - GAP, spot.w + 2 * GAP, spot.h + 2 * GAP)


def in_the_way(spot: Rect, desc: LayoutDesc, fr: Frames) -> str | None:
    """What of a layout the logo would cover: its footer, its slide number (or deckgen's),
    its art; None when the corner is free."""
    near = _near(spot)
    for ph in desc.placeholders:
        if ph.type in ("ftr", "sldNum") and ph.box.overlaps(near):
            return "the footer" if ph.type == "ftr" else "the slide number"
    if fr.number is not None and fr.number.overlaps(near):
        return "the slide number"
    if any(a.field == "slidenum" and a.box.overlaps(near) for a in desc.art):
        return "the slide number"
    if clearance.obstacles(desc.art, spot, fr.width, fr.height):
        return "the template's art"
    return None


def _give_way(a: Area, spot: Rect) -> Area | None:
    """A text box without the logo's corner: narrowed or shortened on the logo's side,
    whichever keeps more of it; None when that is less than LOGO_MIN_KEPT of it."""
    near = _near(spot)
    if not a.rect.overlaps(near):
        return a
    if near.x + near.w / 2 > a.x + a.w / 2:
        narrow = replace(a, w=near.x - a.x)
    else:
        narrow = replace(a, x=near.right, w=a.x + a.w - near.right)
    if near.y + near.h / 2 > a.y + a.h / 2:
        short = replace(a, h=near.y - a.y)
    else:
        short = replace(a, y=near.bottom, h=a.bottom - near.bottom)
    kept = [b for b in (narrow, short)
            if b.w >= LOGO_MIN_KEPT * a.w and b.h >= LOGO_MIN_KEPT * a.h]
    return max(kept, key=lambda b: b.w * b.h, default=None)


def cleared(fr: Frames, spot: Rect) -> Frames | None:
    """The deck's boxes with the title and body making room for the logo; None when one of
    them would give up too much."""
    title, body = _give_way(fr.title, spot), _give_way(fr.body, spot)
    if title is None or body is None:
        return None
    return replace(fr, title=title, body=body)


@frozen
class Logo:
    """Where the logo goes on every content slide, and the picture drawn there."""

    corner: str
    picture: Picture

    def on_page(self, shapes: Sequence[Shape], desc: LayoutDesc,
                fr: Frames) -> tuple[list[Shape], str | None]:
        """A content slide's shapes with the logo, or without it and why."""
        spot = self.picture.box
        what = in_the_way(spot, desc, fr) or next(
            (_what(s) for s in shapes if s.box.overlaps(_near(spot))), None)
        if what is not None:
            return list(shapes), (f"no room for the logo at the {_said(self.corner)}: "
                                  f"{what} is there; left out on this slide")
        # read where it sits: after the title and whatever is above or left of it
        at = max([i + 1 for i, s in enumerate(shapes) if getattr(s, "role", "") == "title"
                  or read_before(spot, s.box)], default=0)
        return [*shapes[:at], self.picture, *shapes[at:]], None


def _what(shape: Shape) -> str:
    return {"title": "the title"}.get(getattr(shape, "role", ""), f"'{shape.name}'")


def _said(corner: str) -> str:
    return corner.replace("-", " ")


def place(logo: p.Logo, pixels: tuple[int, int] | None, fr: Frames,
          descs: Sequence[LayoutDesc]) -> tuple[Logo | None, Frames, list[str]]:
    """The logo's corner (the asked one, else the first in CORNERS with room on every
    content layout), the deck's boxes making room for it, and what to say."""
    w, h = logo_size(pixels, fr.width, fr.height)
    order = ([logo.corner] if logo.corner else []) + [c for c in CORNERS if c != logo.corner]
    said: list[str] = []
    for corner in order:
        spot = _spot(corner, w, h, fr)
        what = next((x for d in descs if (x := in_the_way(spot, d, fr))), None)
        room_left = cleared(fr, spot)
        if what is None and room_left is not None:
            picture = Picture("Logo", spot, logo.path, alt=logo.alt,
                              decorative=logo.alt is None)
            return Logo(corner, picture), room_left, said
        if corner == logo.corner:
            why = f"{what} is there" if what else "the title or body would give up too much"
            said.append(f"theme.logo: no room for the logo at the {_said(corner)} ({why}); "
                        "another corner is used")
    said.append("theme.logo: no corner of the content slides has room for the logo clear "
                "of their text, footer, slide number and the template's art; it is left out")
    return None, fr, said
