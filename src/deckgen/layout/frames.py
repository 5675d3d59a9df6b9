"""The template's boxes that text is measured against: each layout's title, body and
subtitle placeholders, clipped to the slide and cut clear of its art; where deckgen numbers
slides itself; how high a content title may grow."""

from __future__ import annotations

from collections.abc import Sequence

from ..frozen import frozen, replace
from ..primitives import Rect
from ..style import TITLE_TOP_PT
from ..template import clearance
from ..template.info import (
    BODY_TYPES,
    SUB_TYPES,
    TITLE_TYPES,
    LayoutDesc,
    PlaceholderInfo,
    TemplateInfo,
)
from .areas import Area


@frozen
class Frames:
    """The boxes of the template's layouts that text is measured against, in points.

    ``None`` where a layout has no such placeholder: a text box stands in (titles) or
    the text is left out with a warning (subtitles)."""

    width: float
    height: float
    title: Area
    body: Area
    cover_title: Area | None = None
    cover_sub: Area | None = None
    section_title: Area | None = None
    section_sub: Area | None = None
    closing_title: Area | None = None
    closing_sub: Area | None = None
    notes: tuple[str, ...] = ()  # what reading the boxes found worth a warning
    title_top: float | None = None  # the highest a content title may grow, clear of art
    number: Rect | None = None  # deckgen's own slide number, where the layouts have none

    def cover(self, kind: str) -> tuple[Area, Area | None]:
        """The title and subtitle boxes of a title, section or closing slide."""
        title, sub = {"deck": (self.cover_title, self.cover_sub),
                      "section": (self.section_title, self.section_sub),
                      "closing": (self.closing_title, self.closing_sub)}[kind]
        return title or self.title, sub


MIN_TITLE = (0.15, 0.04)  # a usable title box: this share of the slide's width, height
MIN_BODY = (0.3, 0.2)  # a usable body box
MIN_FREE = 0.3  # a box cut to less than this share of a side by art keeps its size


def _ph_area(desc: LayoutDesc, types: Sequence[str], least: tuple[float, float],
             width: float, height: float) -> Area | None:
    """A placeholder's box clipped to the slide, or None when the layout has none or its
    box is too small to hold text (a damaged template's)."""
    ph = desc.placeholder(*types)
    return None if ph is None else placeholder_area(ph, least, width, height)


def placeholder_area(ph: PlaceholderInfo, least: tuple[float, float], width: float,
                     height: float) -> Area | None:
    """A placeholder's box clipped to the slide, with its insets; None when it is smaller
    than `least` (shares of the slide's width and height)."""
    b = ph.box
    x0, y0 = max(b.x, 0.0), max(b.y, 0.0)
    x1, y1 = min(b.x + b.w, width), min(b.y + b.h, height)
    if x1 - x0 < least[0] * width or y1 - y0 < least[1] * height:
        return None
    i = ph.insets
    lr = min((max(i.left, 0.0) + max(i.right, 0.0)) / 2, (x1 - x0) / 4)
    tb, bb = min(max(i.top, 0.0), (y1 - y0) / 4), min(max(i.bottom, 0.0), (y1 - y0) / 4)
    return Area(x0, y0, x1 - x0, y1 - y0, lr, tb, bb if bb != tb else None)


def _clear(area: Area | None, descs: Sequence[LayoutDesc], width: float, height: float,
           notes: list[str], what: str, keep_clear: Sequence[Rect] = ()) -> Area | None:
    """The area cut to its largest part clear of the layouts' art (see :mod:`room`)."""
    if area is None:
        return None
    free = clearance.free_box(descs, area.rect, width, height, keep_clear)
    if free == area.rect:
        return area
    if free.w < MIN_FREE * area.w or free.h < MIN_FREE * area.h:
        names = ", ".join(sorted({f"'{d.name}'" for d in descs}))
        notes.append(f"the template's layout {names} draws over most of the {what} box; "
                     "text may sit on its art")
        return area
    return replace(area, x=free.x, y=free.y, w=free.w, h=free.h)


_TEXT_PH = (*TITLE_TYPES, *SUB_TYPES)


def _sample_texts(info: TemplateInfo) -> list[str]:
    """What to say about texts a master or layout deckgen uses draws on every slide where
    text goes (sample text such as "Thank you."): deckgen keeps clear of them, but they
    still show."""
    out = []
    for role in ("title", "section", "closing", "content", "title_only"):
        desc = info.layout(role)
        for a in desc.art:
            if a.kind == "text" and a.field is None and any(
                    a.box.overlaps(ph.box) for ph in desc.placeholders if ph.type in _TEXT_PH):
                text = " ".join(a.text.split())
                short = text if len(text) <= 40 else text[:39] + "…"
                where = "slide master" if a.master else "layout"
                out.append(f"the template's layout '{desc.name}' shows its own text "
                           f"'{short}' on every slide; deckgen keeps its text clear of it "
                           f"(delete it from the template's {where} to free the room)")
    return out


def _free_above(title: Area, descs: Sequence[LayoutDesc], width: float,
                height: float) -> float:
    """The highest top edge (down to the title box's own) whose band above the title box
    is clear of the layouts' art and furniture."""
    furniture = [ph.box for d in descs for ph in d.placeholders
                 if ph.type in ("ftr", "dt", "sldNum")]
    top = title.y
    while top - clearance.GAP_PT >= 0:
        band = Rect(title.x, top - clearance.GAP_PT, title.w, title.y - top + clearance.GAP_PT)
        if clearance.free_box(descs, band, width, height, furniture) != band:
            break
        top -= clearance.GAP_PT
    return top


NUMBER_W_PT, NUMBER_H_PT = 40.0, 18.0  # deckgen's own slide-number box


def own_number(desc: LayoutDesc) -> bool:
    """Whether a layout (or its master) draws its own slide number."""
    return any(a.field == "slidenum" for a in desc.art)


def number_spot(descs: Sequence[LayoutDesc], width: float, height: float) -> Rect | None:
    """Where deckgen's own slide number goes on content slides whose layout has neither a
    slide-number placeholder nor a number of its own: bottom right, clear of the art and
    the footer placeholders; None when every such layout numbers its slides."""
    if all(own_number(d) or d.placeholder("sldNum") is not None for d in descs):
        return None
    taken = [ph.box for d in descs for ph in d.placeholders if ph.type in ("ftr", "dt")]
    return clearance.free_spot(descs, NUMBER_W_PT, NUMBER_H_PT, width, height, 0.025 * width,
                          taken)


def below_title(title: Area, width: float, height: float, raised: bool = True) -> Area:
    """The body of a layout without a body placeholder: the slide below its title (from a
    quarter of its height down, when the title ends below the middle and `raised`)."""
    margin = width * 0.05
    top = title.bottom + height * 0.03
    if raised and top > height * 0.5:
        top = height * 0.25
    return Area(margin, top, width - 2 * margin, height * 0.92 - top)


def frames_of(info: TemplateInfo, avoid_art: bool = True) -> Frames:
    """The boxes layout measures text against, read from the template's layouts: each
    placeholder's box (clipped to the slide, or standard geometry when the layout has
    none or a box too small to use) cut to its largest part clear of the layout's art.

    ``avoid_art`` False keeps the placeholders' boxes as they are: the default theme's
    art is bands deckgen's layouts are designed around."""
    w, h = info.width, info.height
    content, title_only = info.layout("content"), info.layout("title_only")
    notes: list[str] = []

    def clear(area: Area | None, descs: Sequence[LayoutDesc], what: str,
              keep_clear: Sequence[Rect] = ()) -> Area | None:
        return _clear(area, descs, w, h, notes, what, keep_clear) if avoid_art else area

    shared = [content] if title_only is content else [content, title_only]
    margin = w * 0.05
    title = _ph_area(content, TITLE_TYPES, MIN_TITLE, w, h) or Area(
        margin, h * 0.05, w - 2 * margin, h * 0.13)
    title = clear(title, shared, "title") or title
    body = _ph_area(content, BODY_TYPES, MIN_BODY, w, h) or below_title(title, w, h)
    number = number_spot(shared, w, h) if avoid_art else None
    body = clear(body, shared, "body", [number] if number else []) or body
    covers = {}
    for role in ("title", "section", "closing"):
        desc = info.layout(role)
        covers[role] = (clear(_ph_area(desc, TITLE_TYPES, MIN_TITLE, w, h), [desc], "title"),
                        clear(_ph_area(desc, SUB_TYPES, MIN_TITLE, w, h), [desc], "subtitle"))
    title_top = None
    if avoid_art:
        notes += _sample_texts(info)
        title_top = _free_above(title, shared, w, h)
    return Frames(
        width=w, height=h, title=title, body=body,
        cover_title=covers["title"][0], cover_sub=covers["title"][1],
        section_title=covers["section"][0], section_sub=covers["section"][1],
        closing_title=covers["closing"][0], closing_sub=covers["closing"][1],
        notes=tuple(dict.fromkeys(notes)), title_top=title_top, number=number)


def obstacles(desc: LayoutDesc) -> list[Rect]:
    """What the layout draws that text must not cover: its and its master's art, and the
    footer, date and slide-number placeholders."""
    return [a.box for a in desc.art] + [ph.box for ph in desc.placeholders
                                        if ph.type in ("ftr", "dt", "sldNum")]


def _blocked(region: Rect, own: Rect, desc: LayoutDesc | None) -> bool:
    """Whether art or furniture lies in a region. Art under the text's own placeholder
    (a band a title sits on, a full-slide picture) is the design, not in the way."""
    if desc is None:
        return False
    return any(r.overlaps(region) and not r.overlaps(own) for r in obstacles(desc))


def title_room(fr: Frames, desc: LayoutDesc | None = None) -> Area:
    """The room a content title may fill: its placeholder grown upwards to TITLE_TOP_PT,
    as far as a template's art and furniture leave free (``fr.title_top``); on the
    default theme, unless the layout draws art or furniture there."""
    a = fr.title
    top = min(a.y, TITLE_TOP_PT)
    if fr.title_top is not None:
        top = max(top, min(fr.title_top, a.y))
    elif top >= a.y or _blocked(Rect(a.x, top, a.w, a.y - top), a.rect, desc):
        return a
    return replace(a, y=top, h=a.bottom - top)
