"""Pictures cropped to fill a box: what to cut off so that the picture covers the box
without distortion, keeping its focal point as central as the picture allows; and the
layout's picture placeholders big enough to fill."""

from __future__ import annotations

from ..deckplan import Crop
from ..primitives import Rect
from ..template.info import BODY_TYPES, LayoutDesc, PlaceholderInfo

MIN_PICTURE = (0.15, 0.15)
"""A picture placeholder worth filling: at least this share of the slide's width and
height (a smaller one is a badge or an icon)."""
MIN_CAPTION = (0.1, 0.04)
"""A caption placeholder worth writing in: at least this share of the slide's width and
height."""


def fill_crop(pixels: tuple[int, int], box: Rect, focus: tuple[float, float]) -> Crop:
    """What to cut off a picture's left, top, right and bottom (shares of its width and
    height) so that it fills a box of another shape: the excess of one side goes, split
    so that the focus (shares of the picture's width and height) sits as near the box's
    centre as the picture's edges allow."""
    iw, ih = pixels
    if iw <= 0 or ih <= 0 or box.w <= 0 or box.h <= 0:
        return (0.0, 0.0, 0.0, 0.0)
    picture, frame = iw / ih, box.w / box.h
    if abs(picture - frame) < 1e-9:
        return (0.0, 0.0, 0.0, 0.0)
    if picture > frame:  # wider than the box: cut left and right
        left, right = _window(frame / picture, focus[0])
        return (left, 0.0, right, 0.0)
    top, bottom = _window(picture / frame, focus[1])
    return (0.0, top, 0.0, bottom)


def _window(kept: float, focus: float) -> tuple[float, float]:
    """The shares cut before and after a window of `kept` of a side centred on `focus`,
    slid back inside the side."""
    start = min(max(focus - kept / 2, 0.0), 1.0 - kept)
    return round(start, 6), round(1.0 - kept - start, 6)


def picture_placeholders(desc: LayoutDesc, width: float,
                         height: float) -> tuple[PlaceholderInfo, ...]:
    """The layout's picture placeholders big enough to fill (MIN_PICTURE), left to right
    and top to bottom."""
    found = [ph for ph in desc.placeholders if ph.type == "pic"
             and ph.box.w >= MIN_PICTURE[0] * width and ph.box.h >= MIN_PICTURE[1] * height]
    return tuple(sorted(found, key=lambda ph: (ph.box.x, ph.box.y)))


def on_slide(box: Rect, width: float, height: float) -> Rect:
    """A box clipped to the slide."""
    x0, y0 = max(box.x, 0.0), max(box.y, 0.0)
    x1, y1 = min(box.right, width), min(box.bottom, height)
    return Rect(x0, y0, max(x1 - x0, 0.0), max(y1 - y0, 0.0))


def caption_placeholder(desc: LayoutDesc, picture: Rect) -> PlaceholderInfo | None:
    """The layout's placeholder for a picture's caption: the largest text placeholder
    without bullets beside or under the picture, not over it (PowerPoint's "Picture with
    Caption"); None when it has none."""
    found = [ph for ph in desc.placeholders if ph.type in BODY_TYPES and not ph.vertical
             and not ph.style.bullet and not ph.box.overlaps(picture)]
    return max(found, key=lambda ph: ph.box.w * ph.box.h, default=None)
