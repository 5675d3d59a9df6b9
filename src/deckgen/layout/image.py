"""Pictures: in the layout's picture placeholder when it has one, cropped to fill it (its
focal point kept in view) with the caption in the layout's caption placeholder or in a band
at the placeholder's foot; else scaled into the body, centred, its caption right under it."""

from __future__ import annotations

from .. import plan as p
from ..alttext import picture_alt
from ..deckplan import Picture, Shape
from ..frozen import replace
from ..primitives import Rect
from ..style import FLOOR_PT, PLAIN, START_PT
from ..template.info import LayoutDesc, PlaceholderInfo
from .areas import Area, fit_box, text_paras
from .captions import captions, fit_captions
from .frames import placeholder_area
from .pictures import (
    MIN_CAPTION,
    caption_placeholder,
    fill_crop,
    on_slide,
    picture_placeholders,
)
from .setting import Page, Setting, align_of
from .sizing import Log, shrink


def lay(sp: p.SlideSpec, c: p.Image, st: Setting, log: Log,
        pixels: tuple[int, int] | None, desc: LayoutDesc | None = None) -> list[Page]:
    """A picture slide; `pixels` is the picture's size (4:3 when unknown)."""
    fr = st.frames
    held = picture_placeholders(desc, fr.width, fr.height) if desc is not None else ()
    if held:
        assert desc is not None
        return [Page(sp, tuple(_in_placeholder(c, st, log, pixels, desc, held[0])))]
    sizes = fit_captions((("caption", c.caption.text if c.caption else None),), st, log)
    box, _ = captions(st, c.caption, None, sizes)
    iw, ih = pixels or (4, 3)
    scale = min(box.w / iw, box.h / ih)
    w, h = iw * scale, ih * scale
    pic = Rect(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)
    _, below = captions(st, c.caption, None, sizes, pic.bottom)
    alt = picture_alt(c.alt, c.caption.text if c.caption else None)
    return [Page(sp, (Picture(f"Picture {c.path.name}", pic, c.path, alt=alt), *below))]


def _in_placeholder(c: p.Image, st: Setting, log: Log, pixels: tuple[int, int] | None,
                    desc: LayoutDesc, ph: PlaceholderInfo) -> list[Shape]:
    """The picture filling the layout's picture placeholder, and its caption."""
    fr = st.frames
    box = on_slide(ph.box, fr.width, fr.height)
    alt = picture_alt(c.alt, c.caption.text if c.caption else None)
    shapes: list[Shape] = []
    if c.caption is not None:
        holder = _caption_holder(desc, box, fr.width, fr.height)
        if holder is not None:
            shapes.append(_caption_in(c.caption, holder, st, log))
        else:  # a band at the placeholder's foot: the picture gives up the room
            area = Area(box.x, box.y, box.w, box.h)
            inside = replace(st, frames=replace(fr, body=area))
            sizes = fit_captions((("caption", c.caption.text),), inside, log)
            frame, below = captions(inside, c.caption, None, sizes)
            box = frame.rect
            shapes += below
    crop = fill_crop(pixels or (4, 3), box, c.focus)
    return [Picture(f"Picture {c.path.name}", box, c.path, alt=alt, crop=crop,
                    placeholder=ph.idx), *shapes]


def _caption_holder(desc: LayoutDesc, picture: Rect, width: float,
                    height: float) -> tuple[PlaceholderInfo, Area] | None:
    """The layout's caption placeholder (see caption_placeholder) with its box."""
    ph = caption_placeholder(desc, picture)
    area = None if ph is None else placeholder_area(ph, MIN_CAPTION, width, height)
    return None if ph is None or area is None else (ph, area)


def _caption_in(caption: p.Text, holder: tuple[PlaceholderInfo, Area], st: Setting,
                log: Log) -> Shape:
    """The caption in the layout's caption placeholder, at the largest size that fits."""
    ph, area = holder
    start, floor = START_PT["caption"], FLOOR_PT["caption"]
    fonts = st.fonts_in(ph)
    size = log.put("caption", start, shrink([text_paras(caption.text)],
                                            [fit_box(PLAIN, area, fonts=fonts)], start, floor),
                   floor)
    para = st.para(caption.text, area, size, color=ph.style.color,
                   align=align_of(ph.style.align), origin=caption.key, fonts=fonts)
    box = st.textbox("Caption", "caption", area, [para], anchor=ph.anchor,
                     placeholder=ph.type, inherits=frozenset({"color", "align", "anchor"}))
    return replace(box, placeholder_idx=ph.idx)
