"""Slide titles: the size at which a title fits its box (growing upwards on content slides
where the room above is free), the title as shown (cut with an ellipsis when it fits at no
size), and its text box in the layout's title placeholder."""

from __future__ import annotations

from collections.abc import Sequence

from .. import fit
from .. import plan as p
from ..deckplan import TextBox
from ..frozen import replace
from ..i18n import cont_suffix
from ..style import FLOOR_PT, START_PT, TEXT, TITLE_MAX_LINES, TITLE_STYLE
from ..template.info import TITLE_TYPES, LayoutDesc
from .areas import Area, fit_box, lines_of
from .frames import Frames, title_room
from .setting import Page, Setting, align_of
from .sizing import Log, Sized, ellipsized


def _title_fits(text: str, a: Area, size: float, max_lines: int | None,
                fonts: fit.Fonts) -> bool:
    """Whether a (bold) title fits its box at a size in at most max_lines lines, no word
    broken; titles sit on the bottom of their box, so each size gets room for the
    descent."""
    if max_lines is not None and len(lines_of(text, a, size, True, fonts)) > max_lines:
        return False
    box = fit_box(TITLE_STYLE, a.for_bottom_anchor(size), fonts=fonts)
    return fit.fit([fit.Para(text, 0, True)], box, size, size).fits


def fit_title(text: str, a: Area, start: float, floor: float, max_lines: int | None,
              fonts: fit.Fonts) -> Sized:
    """Title size: the largest down to the floor at which it fits its box; a title that
    does not fit even at the floor is cut with an ellipsis (shown_title)."""
    for s in fit.size_steps(start, floor):
        if _title_fits(text, a, s, max_lines, fonts):
            return Sized(s, True)
    return Sized(floor, True, cut=True)


def shown_title(text: str, a: Area, size: float, max_lines: int | None, fonts: fit.Fonts,
                suffix: str = "") -> str:
    """A title as drawn in its box at a size: whole when it fits, else cut with an ellipsis
    before its suffix (a continuation mark)."""
    return ellipsized(text, lambda t: _title_fits(t, a, size, max_lines, fonts), suffix)


def title_area(fr: Frames, text: str, size: float, fonts: fit.Fonts = fit.DEFAULT_FONTS,
               desc: LayoutDesc | None = None) -> Area:
    """A content slide's title box: the layout's, grown upwards when the title needs it
    and the room above is free (:func:`title_room`)."""
    a = fr.title.for_bottom_anchor(size)
    n = len(lines_of(text, a, size, True, fonts))
    need = n * fit.line_height(size, TITLE_STYLE.spacing, fonts) + a.insets_tb
    if need <= a.h:
        return a
    top = max(title_room(fr, desc).y, a.bottom - need)
    return replace(a, y=top, h=a.bottom - top)


def own_title(sp: p.SlideSpec, language: str) -> str:
    """A slide's title without its continuation mark."""
    return sp.title if not sp.continued else sp.title[:len(sp.title) - len(
        cont_suffix(language, sp.continued))]


def title_fonts(st: Setting, desc: LayoutDesc) -> fit.Fonts:
    """The typefaces a layout's title is measured with: the titles', in capitals where its
    title placeholder's style says so."""
    return st.fonts_in(desc.placeholder(*TITLE_TYPES), st.faces.title)


def shown(sp: p.SlideSpec, st: Setting, room: Area, size: float, max_lines: int | None,
          fonts: fit.Fonts) -> str:
    """A slide's title as it fits its room at a size: whole, or cut before its
    continuation mark."""
    own = own_title(sp, st.language)
    return shown_title(own, room, size, max_lines, fonts, sp.title[len(own):])


def title_box(sp: p.SlideSpec, st: Setting, desc: LayoutDesc, area: Area, size: float,
              text: str) -> TextBox:
    """A slide's title (as shown: `text`, maybe cut): in the layout's title placeholder,
    or a text box of its own."""
    area = area.for_bottom_anchor(size)
    ph = desc.placeholder(*TITLE_TYPES)
    own = own_title(sp, st.language)
    affixes = ("", text[len(own):] if text.startswith(own) else "…" + sp.title[len(own):])
    origin = sp.title_key
    fonts = title_fonts(st, desc)
    if ph is None:
        # Still a title placeholder (the master's), so that screen readers and
        # PowerPoint's checker find the slide's title; every look written explicitly.
        para = st.para(text, area, size, color=TEXT, bold=True, style=TITLE_STYLE,
                       origin=origin, affixes=affixes, fonts=fonts)
        return st.textbox("Title", "title", area, [para], fonts=fonts, anchor="b",
                          placeholder="title")
    look = ph.style
    para = st.para(text, area, size, color=look.color, bold=look.bold, style=TITLE_STYLE,
                   align=align_of(look.align), origin=origin, affixes=affixes, fonts=fonts)
    return st.textbox("Title", "title", area, [para], fonts=fonts, anchor=ph.anchor,
                      placeholder=ph.type,
                      inherits=frozenset({"color", "bold", "align", "bullet", "anchor"}))


def titled(pages: Sequence[Page], st: Setting, desc: LayoutDesc, log: Log) -> list[Page]:
    """Content slides with their titles first: one size for a slide and its continuations
    (a cut on any of them said once), each title in the room it needs."""
    start, floor = START_PT["title"], FLOOR_PT["title"]
    room = title_room(st.frames, desc)
    fonts = title_fonts(st, desc)
    got = [fit_title(pg.spec.title, room, start, floor, TITLE_MAX_LINES, fonts)
           for pg in pages]
    size = log.put("title", start, Sized(min(g.size for g in got), True,
                                         cut=any(g.cut for g in got)), floor)
    out = []
    for pg in pages:
        text = shown(pg.spec, st, room, size, TITLE_MAX_LINES, fonts)
        area = title_area(st.frames, text, size, fonts, desc)
        out.append(replace(pg, shapes=(title_box(pg.spec, st, desc, area, size, text),
                                       *pg.shapes)))
    return out
