"""Pictures: the picture scaled into the body, centred, its caption right under it."""

from __future__ import annotations

from .. import plan as p
from ..alttext import picture_alt
from ..deckplan import Picture
from ..primitives import Rect
from .captions import captions, fit_captions
from .setting import Page, Setting
from .sizing import Log


def lay(sp: p.SlideSpec, c: p.Image, st: Setting, log: Log,
        pixels: tuple[int, int] | None) -> list[Page]:
    """A picture slide; `pixels` is the picture's size (4:3 when unknown)."""
    sizes = fit_captions((("caption", c.caption.text if c.caption else None),), st, log)
    box, _ = captions(st, c.caption, None, sizes)
    iw, ih = pixels or (4, 3)
    scale = min(box.w / iw, box.h / ih)
    w, h = iw * scale, ih * scale
    pic = Rect(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)
    _, below = captions(st, c.caption, None, sizes, pic.bottom)
    alt = picture_alt(c.alt, c.caption.text if c.caption else None)
    return [Page(sp, (Picture(f"Picture {c.path.name}", pic, c.path, alt=alt), *below))]
