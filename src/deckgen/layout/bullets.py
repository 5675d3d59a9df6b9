"""Bulleted lists (bullets, the agenda, the sources): one size for the slide and its
continuations, the list split between top-level bullets onto as few slides as it needs,
filled evenly; the list in the layout's body placeholder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .. import fit
from .. import plan as p
from ..deckplan import Bullet, TextBox
from ..style import BODY_LIST, BULLET_CHARS, BULLET_FONT, FLOOR_PT, START_PT, TEXT
from ..templateinfo import BODY_TYPES, LayoutDesc
from .areas import fit_box, list_paras, size_at
from .setting import Page, Setting, align_of, continued
from .sizing import Log, Sized, below


def lay(sp: p.SlideSpec, paras: tuple[p.Para, ...], kind: str,
        make: Callable[[tuple[p.Para, ...]], p.Content], st: Setting, desc: LayoutDesc,
        log: Log) -> list[Page]:
    """A list of a kind (body, agenda, sources) on as many slides as it needs, each page
    remade into its content by `make`."""
    start, floor = START_PT[kind], FLOOR_PT[kind]
    box = fit_box(BODY_LIST, st.frames.body, floor, st.faces.body)
    pages, got = _list_pages(list_paras(paras), box, start, floor)
    size = log.put("body", start, got, floor)
    return [Page(continued(sp, st.language, n, make(page)),
                 (_body(page, st, desc, size, floor),))
            for n, page in enumerate(split(paras, pages))]


def _body(paras: Sequence[p.Para], st: Setting, desc: LayoutDesc, size: float,
          floor: float) -> TextBox:
    """The list in the layout's body placeholder (its bullets, colours and alignment), or
    in a text box with deckgen's own bullets."""
    body = st.frames.body
    ph = desc.placeholder(*BODY_TYPES)
    if ph is None:
        color = st.palette[0]
        out = [st.para(x.text, body, size_at(BODY_LIST, size, x.level, floor),
                       color=TEXT, level=x.level, style=BODY_LIST,
                       bullet=Bullet(BULLET_CHARS[min(x.level, 1)], color, BULLET_FONT),
                       origin=x.key) for x in paras]
        return st.textbox("Body", "body", body, out)
    look = ph.style
    out = []
    for x in paras:
        char = (look.bullet if x.level == 0 else look.sub_bullet or look.bullet)
        bullet = Bullet(char, look.bullet_color or look.color) if char else None
        out.append(st.para(x.text, body, size_at(BODY_LIST, size, x.level, floor),
                           color=look.color, level=x.level, style=BODY_LIST,
                           align=align_of(look.align), bullet=bullet, origin=x.key))
    return st.textbox("Body", "body", body, out, anchor=ph.anchor, placeholder=ph.type,
                      inherits=frozenset({"color", "bullet", "align", "anchor"}))


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
