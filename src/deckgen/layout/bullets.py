"""Bulleted lists (bullets, the agenda, the sources): one size for the slide and its
continuations, the list split between top-level bullets onto as few slides as it needs,
filled evenly; a short list set larger, up to the theme's ceiling; the list in the layout's
body placeholder, balanced at the body's optical centre (the sources list stays on top, as
reference lists do)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import fit
from .. import plan as p
from ..deckplan import Bullet, Paragraph, TextBox
from ..frozen import replace
from ..primitives import Anchor
from ..style import BODY_LIST, BULLET_CHARS, BULLET_FONT, CEILING_PT, FLOOR_PT, START_PT, TEXT
from ..template.info import BODY_TYPES, LayoutDesc
from .areas import Area, balanced, fit_box, list_paras, size_at
from .lines import drawn_height
from .setting import Page, Setting, align_of, continued
from .sizing import Log, Sized, below, grown


def lay(sp: p.SlideSpec, paras: tuple[p.Para, ...], kind: str,
        make: Callable[[tuple[p.Para, ...]], p.Content], st: Setting, desc: LayoutDesc,
        log: Log) -> list[Page]:
    """A list of a kind (body, agenda, sources) on as many slides as it needs, each page
    remade into its content by `make`."""
    floor = FLOOR_PT[kind]
    grows = kind in CEILING_PT
    start = min(START_PT[kind], st.ceiling(kind)) if grows else START_PT[kind]
    # measured as the layout's body placeholder shows it (its capitals, if any)
    box = fit_box(BODY_LIST, st.frames.body, floor, st.fonts_in(desc.placeholder(*BODY_TYPES)))
    measured = list_paras(paras)
    pages, got = _list_pages(measured, box, start, floor)
    if grows and len(pages) == 1 and got.ok and got.size >= start:
        bigger = grown(measured, box, start, st.ceiling(kind))
        got = Sized(bigger, True) if bigger is not None else got
    size = log.put("body", start, got, floor)
    return [Page(continued(sp, st.language, n, make(page)),
                 (_body(page, st, desc, size, floor, grows),))
            for n, page in enumerate(split(paras, pages))]


def _body(paras: Sequence[p.Para], st: Setting, desc: LayoutDesc, size: float,
          floor: float, balance: bool) -> TextBox:
    """The list in the layout's body placeholder (its bullets, colours and alignment), or
    in a text box with deckgen's own bullets; with `balance`, centred in a box cut short
    from below, so that it sits at the body's optical centre."""
    body = st.frames.body
    ph = desc.placeholder(*BODY_TYPES)
    fonts = st.fonts_in(ph)
    out = []
    for x in paras:
        if ph is None:  # deckgen's own bullets in the palette's first colour
            out.append(st.para(x.text, body, size_at(BODY_LIST, size, x.level, floor),
                               color=TEXT, level=x.level, style=BODY_LIST,
                               bullet=Bullet(BULLET_CHARS[min(x.level, 1)], st.palette[0],
                                             BULLET_FONT), origin=x.key))
            continue
        look = ph.style
        char = (look.bullet if x.level == 0 else look.sub_bullet or look.bullet)
        out.append(st.para(x.text, body, size_at(BODY_LIST, size, x.level, floor),
                           color=look.color, level=x.level, style=BODY_LIST,
                           align=align_of(look.align), origin=x.key,
                           bullet=Bullet(char, look.bullet_color or look.color) if char
                           else None, fonts=fonts))
    area: Area = body
    anchor: Anchor = "t" if ph is None else ph.anchor
    if balance:
        area, anchor = _optical(body, paras, out, size, floor, fonts), "ctr"
    if ph is None:
        return st.textbox("Body", "body", area, out, anchor=anchor)
    keep = {"color", "bullet", "align"} | (set() if balance else {"anchor"})
    return st.textbox("Body", "body", area, out, anchor=anchor, placeholder=ph.type,
                      inherits=frozenset(keep))


def _optical(body: Area, paras: Sequence[p.Para], drawn: Sequence[Paragraph], size: float,
              floor: float, fonts: fit.Fonts) -> Area:
    """The body cut short from below for its list, centred in it, to sit at the optical
    centre."""
    need = fit.text_height(list_paras(paras), fit_box(BODY_LIST, body, floor, fonts),
                           size) - body.insets_tb
    return balanced(body, drawn_height(drawn), need)


def _balanced(paras: Sequence[fit.Para], box: fit.Box, size: float,
              pages: list[tuple[fit.Para, ...]]) -> list[tuple[fit.Para, ...]]:
    """The same number of pages, filled evenly: the least page height that still needs
    no more pages (so 12 bullets become 6 + 6, not 8 + 4)."""
    lo, hi = box.height_pt / len(pages), box.height_pt
    best = pages
    for _ in range(12):
        mid = (lo + hi) / 2
        trial = fit.paginate(paras, replace(box, height_pt=mid), size, size)
        if len(trial) <= len(pages) and all(
                fit.fit(pg, replace(box, height_pt=mid), size, size).fits for pg in trial):
            best, hi = trial, mid
        else:
            lo = mid
    return best


def _list_pages(paras: Sequence[fit.Para], box: fit.Box, start: float,
                floor: float) -> tuple[list[tuple[fit.Para, ...]], Sized]:
    """Paragraphs split into pages at the floor or above, with the common size."""
    pages = fit.paginate(paras, box, start, floor)
    if len(pages) > 1:
        pages = _balanced(paras, box, min(fit.fit(pg, box, start, floor).size_pt
                                          for pg in pages), pages)
    sized = [fit.fit(pg, box, start, floor) for pg in pages]
    size = min(f.size_pt for f in sized)
    if all(f.fits for f in sized):
        return pages, Sized(size, True)
    return pages, below(pages, [box] * len(pages), floor)


def split(paras: Sequence[p.Para],
          pages: Sequence[Sequence[fit.Para]]) -> list[tuple[p.Para, ...]]:
    """The outline paragraphs (with their keys) cut where the measured pages are cut."""
    out, i = [], 0
    for page in pages:
        out.append(tuple(paras[i:i + len(page)]))
        i += len(page)
    return out
