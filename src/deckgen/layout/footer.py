"""The furniture of content slides: the layout's footer (deck title · presenter, cut to one
line) and one slide number per slide."""

from __future__ import annotations

from .. import fit
from ..deckplan import Shape, TextBox
from ..i18n import texts
from ..style import START_PT, TEXT
from ..template.info import BODY_TYPES, LayoutDesc
from .areas import Area
from .frames import number_spot, own_number
from .setting import Setting, align_of
from .sizing import ellipsized

_FURNITURE = frozenset({"color", "align", "bold", "bullet", "anchor", "geometry", "frame"})
"""What the footer and slide-number placeholders keep of their own."""


def furniture(st: Setting, desc: LayoutDesc, footer: str, presenter: str | None, number: int,
              numbered: bool) -> list[Shape]:
    """The layout's footer and one slide number: none of deckgen's when the layout or its
    master draws its own, in the layout's slide-number placeholder when it has one, else
    (`numbered`: on a template) a small text box at the bottom right clear of the art."""
    out: list[Shape] = []
    size = START_PT["footer"]
    own = own_number(desc)
    for ph in desc.placeholders:
        if ph.type not in ("ftr", "sldNum") or ph.box.w <= 0 or ph.box.h <= 0:
            continue
        if ph.type == "sldNum" and own:
            continue
        i = ph.insets
        area = Area(ph.box.x, ph.box.y, ph.box.w, ph.box.h, (i.left + i.right) / 2, i.top,
                    i.bottom if i.bottom != i.top else None)
        look = ph.style
        if ph.type == "ftr":
            who = texts(st.language)["footer_by"].format(who=presenter) if presenter else ""
            fonts = st.fonts_in(ph)
            text = cut_to_line(footer + who, area, size, fonts)
            para = st.para(text, area, size, color=look.color, align=align_of(look.align),
                           fonts=fonts)
            out.append(st.textbox("Footer", "footer", area, [para], anchor=ph.anchor,
                                  placeholder="ftr", inherits=_FURNITURE))
        else:
            para = st.para(str(number), area, size, color=look.color,
                           align=align_of(look.align or "r"), field="slidenum")
            out.append(st.textbox("Slide number", "slide-number", area, [para],
                                  anchor=ph.anchor, placeholder="sldNum", inherits=_FURNITURE))
    if not own and desc.placeholder("sldNum") is None and numbered:
        out.append(_slide_number(st, desc, number, size))
    return out


def _slide_number(st: Setting, desc: LayoutDesc, number: int, size: float) -> TextBox:
    """deckgen's own slide number, for a layout that has none: bottom right inside the
    slide, clear of the art, the footer placeholders and the slide's content."""
    fr = st.frames
    spot = fr.number or number_spot([desc], fr.width, fr.height)
    assert spot is not None
    area = Area(spot.x, spot.y, spot.w, spot.h, 0.0, 0.0)
    ph = desc.placeholder("ftr") or desc.placeholder(*BODY_TYPES)
    color = ph.style.color if ph is not None else TEXT
    para = st.para(str(number), area, size, color=color, align="r", field="slidenum")
    return st.textbox("Slide number", "slide-number", area, [para], anchor="b")


def cut_to_line(text: str, area: Area, size: float,
                fonts: fit.Fonts = fit.DEFAULT_FONTS) -> str:
    """Text cut short with an ellipsis so that it stays on one line of the box."""
    width = area.w - 2 * area.lr
    return ellipsized(text, lambda t: fit.text_width(t, size, False, fonts) <= width)
