"""Columns side by side: coloured headings over panels of bullets, one size for every
heading and one for every column's text, continued column by column when the text needs
more room; panels as tall as the longest column needs, the columns balanced at the body's
optical centre."""

from __future__ import annotations

from collections.abc import Sequence

from .. import fit
from .. import plan as p
from ..alttext import picture_alt
from ..deckplan import Bullet, Picture, Shape
from ..frozen import frozen, replace
from ..style import (
    BULLET_CHARS,
    BULLET_FONT,
    COLUMN_GAP_PT,
    COLUMN_HEAD_PT,
    COLUMN_LIST,
    FLOOR_PT,
    HARD_MIN_PT,
    OPTICAL_CENTRE,
    PANEL,
    PANEL_INSETS,
    PANEL_MIN_SHARE,
    START_PT,
    TEXT,
    WHITE,
)
from ..template.info import LayoutDesc, PlaceholderInfo
from .areas import Area, block_height, fit_box, list_paras, size_at
from .bullets import split
from .captions import captions, fit_captions
from .pictures import fill_crop, picture_placeholders
from .setting import Page, Setting, continued
from .sizing import Log, Sized, shrink


def lay(sp: p.SlideSpec, c: p.Columns, st: Setting, log: Log, desc: LayoutDesc | None = None,
        pixels: Sequence[tuple[int, int] | None] = ()) -> list[Page]:
    """A columns slide, continued when the columns' text does not fit at the floor: every
    column is split at the floor and slide k shows each column's k-th part (a picture
    column shows its picture on each). `pixels` are the columns' pictures' sizes."""
    fonts, body = st.faces.body, st.frames.body
    headings = [col.heading.text for col in c.columns]
    start, floor = START_PT["col_head"], FLOOR_PT["col_head"]
    w = column_areas(body, headings, start, fonts)[0].head
    head = log.put("col_head", start, _headings(headings, w, start, floor, fonts), floor)
    areas = column_areas(body, headings, head, fonts)
    start, floor = START_PT["col_body"], FLOOR_PT["col_body"]
    boxes = [fit_box(COLUMN_LIST, a.panel, floor, fonts) for a in areas]
    texts_ = [list_paras(col.paras) for col in c.columns]
    got = shrink(texts_, boxes, start, floor)
    parts = [c]
    if not got.ok:
        cut = [split(col.paras, fit.paginate(t, b, floor, floor)) if col.image is None
               else [()] for col, t, b in zip(c.columns, texts_, boxes)]
        pages = [[s[k] if k < len(s) else () for s in cut] for k in range(max(map(len, cut)))]
        flat = [(list_paras(page[i]), boxes[i]) for page in pages for i in range(len(boxes))]
        got = shrink([x for x, _ in flat], [b for _, b in flat], floor, floor)
        parts = [p.Columns(tuple(replace(col, paras=page[i]) for i, col in enumerate(c.columns)))
                 for page in pages]
    size = log.put("col_body", start, got, floor)
    held = picture_placeholders(desc, st.frames.width, st.frames.height) if desc else ()
    return [Page(continued(sp, st.language, k, part),
                 tuple(_shapes(part, areas, head, size, st, log, held, pixels)))
            for k, part in enumerate(parts)]


def _shapes(c: p.Columns, areas: Sequence[ColumnAreas], head_pt: float, body_pt: float,
            st: Setting, log: Log, held: Sequence[PlaceholderInfo] = (),
            pixels: Sequence[tuple[int, int] | None] = ()) -> list[Shape]:
    """Each column's heading on its colour and its bullets on a panel, or its picture
    filling the panel (in the layout's picture placeholders, in order, while they last)."""
    fonts = st.faces.body
    if not any(col.image for col in c.columns):  # columns of text: balanced in the body
        areas = lowered(trimmed_panels(areas, [x.paras for x in c.columns], body_pt, fonts),
                        st.frames.body)
    shapes: list[Shape] = []
    floor = FLOOR_PT["col_body"]
    spare = list(held)
    for i, (col, a) in enumerate(zip(c.columns, areas), start=1):
        color = st.palette[(i - 1) % len(st.palette)]
        shapes.append(st.textbox(f"Column heading {i}", "column-heading", a.head, [
            st.para(col.heading.text, a.head, head_pt, color=WHITE, bold=True, align="ctr",
                    origin=col.heading.key)], anchor="ctr", fill=color))
        if col.image is not None:
            size = pixels[i - 1] if i - 1 < len(pixels) else None
            shapes += _picture(col.image, i, a.panel, st, log, size,
                               spare.pop(0).idx if spare else None)
            continue
        shapes.append(st.textbox(f"Column {i}", "column-body", a.panel, [
            st.para(x.text, a.panel, size_at(COLUMN_LIST, body_pt, x.level, floor),
                    color=TEXT, level=x.level, style=COLUMN_LIST,
                    bullet=Bullet(BULLET_CHARS[min(x.level, 1)], color, BULLET_FONT),
                    origin=x.key) for x in col.paras], anchor="t", fill=PANEL))
    return shapes


def _picture(img: p.Image, i: int, panel: Area, st: Setting, log: Log,
             pixels: tuple[int, int] | None, placeholder: int | None) -> list[Shape]:
    """A column's picture filling its panel (cropped, its focus kept in view), its caption
    in a band at the panel's foot."""
    box = panel
    below: list[Shape] = []
    if img.caption is not None:
        inside = replace(st, frames=replace(st.frames, body=panel))
        sizes = fit_captions((("caption", img.caption.text),), inside, log)
        box, below = captions(inside, img.caption, None, sizes)
        # named for its column: a slide's shapes have names of their own (reveal finds them)
        below = [replace(x, name=f"Column {i} {x.name.lower()}") for x in below]
    alt = picture_alt(img.alt, img.caption.text if img.caption else None)
    return [Picture(f"Column {i} picture {img.path.name}", box.rect, img.path, alt=alt,
                    crop=fill_crop(pixels or (4, 3), box.rect, img.focus),
                    placeholder=placeholder), *below]


@frozen
class ColumnAreas:
    """One column: its coloured heading and its panel of bullets."""

    head: Area
    panel: Area


def column_areas(body: Area, headings: Sequence[str], head_size: float,
                 fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[ColumnAreas]:
    """Columns side by side; the heading band is as tall as the longest (bold) heading
    needs."""
    n = len(headings)
    w = (body.w - COLUMN_GAP_PT * (n - 1)) / n
    probe = Area(0, 0, w, 0)
    head_h = max([COLUMN_HEAD_PT] + [block_height(h, probe, head_size, bold=True, fonts=fonts)
                                     for h in headings])
    lr, tb = PANEL_INSETS
    return [ColumnAreas(Area(body.x + i * (w + COLUMN_GAP_PT), body.y, w, head_h),
                        Area(body.x + i * (w + COLUMN_GAP_PT), body.y + head_h, w,
                             body.h - head_h, lr, tb))
            for i in range(n)]


def trimmed_panels(areas: Sequence[ColumnAreas], columns: Sequence[Sequence[p.Para]],
                   size: float, fonts: fit.Fonts = fit.DEFAULT_FONTS) -> list[ColumnAreas]:
    """Column panels as tall as the longest column's text needs (all the same height), so
    a few bullets do not float at the top of a tall empty panel."""
    if not areas:
        return []
    need = max(fit.text_height(list_paras(ps), fit_box(COLUMN_LIST, a.panel,
                                                       FLOOR_PT["col_body"], fonts), size)
               for a, ps in zip(areas, columns))
    room = areas[0].panel.h
    h = min(room, max(need + COLUMN_LIST.space_before * 2, PANEL_MIN_SHARE * room))
    return [replace(a, panel=replace(a.panel, h=h)) for a in areas]


def lowered(areas: Sequence[ColumnAreas], body: Area) -> list[ColumnAreas]:
    """The columns, headings and panels, moved down to the body's optical centre: by
    OPTICAL_CENTRE of the height their panels leave free below them."""
    dy = OPTICAL_CENTRE * max(body.bottom - areas[0].panel.bottom, 0.0) if areas else 0.0
    return [ColumnAreas(replace(a.head, y=a.head.y + dy), replace(a.panel, y=a.panel.y + dy))
            for a in areas]


def _headings(texts_: Sequence[str], a: Area, start: float, floor: float,
              fonts: fit.Fonts) -> Sized:
    """Column headings' size: one line each at the largest size down to the floor, else
    two lines (the band grows), else two lines below the floor; never a word broken."""
    def fits(s: float, n: int) -> bool:
        return all(fit.fit_title(t, a.w, s, s, n, True, a.lr, fonts=fonts).fits
                   for t in texts_)

    for n in (1, 2):
        for s in fit.size_steps(start, floor):
            if fits(s, n):
                return Sized(s, True)
    for s in fit.size_steps(floor - 1, HARD_MIN_PT) if floor - 1 >= HARD_MIN_PT else []:
        if fits(s, 2):
            return Sized(s, False)
    broken = [w for t in texts_ for w in fit.broken_words(t, a.w - 2 * a.lr, HARD_MIN_PT,
                                                          True, fonts)]
    return Sized(HARD_MIN_PT, False, broken=tuple(dict.fromkeys(broken)))
