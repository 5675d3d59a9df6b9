"""Layouts by choice: the template layout the outline names for a slide (``layout:``) or for
a kind of slide (``theme.layouts``), found by name and checked against what the slide needs
(a title placeholder; a body placeholder big enough for a list; room for a chart, table or
picture), and the boxes text is measured against on it. A layout that cannot hold its
slide is refused with the reason and the layouts that would do; `deckgen check --layouts`
reads the same checks. deckgen's automatic choice (a role's layout) stays the default."""

from __future__ import annotations

from collections.abc import Sequence

from .. import plan as p
from ..deckplan import Shape, TextBox
from ..frozen import frozen, replace
from ..primitives import Key, Rect
from ..template.clearance import GAP_PT
from ..template.info import BODY_TYPES, SUB_TYPES, TITLE_TYPES, LayoutDesc, PlaceholderInfo
from ..template.info import TemplateInfo as Info
from ..template.roles import layout_names, name_key, named_layout
from .areas import Area
from .frames import (
    MIN_BODY,
    MIN_TITLE,
    Frames,
    _clear,
    _free_above,
    _ph_area,
    below_title,
    number_spot,
    placeholder_area,
)
from .pictures import caption_placeholder, picture_placeholders

LAYOUT_ROLE = {"title": "title", "section": "section", "closing": "closing",
               "bullets": "content", "agenda": "content", "sources": "content"}
"""Which template layout each kind of slide sits on (the rest: title_only)."""

KINDS = ("title", "agenda", "section", "closing", "sources", "bullets", "chart", "quote",
         "table", "image", "columns", "stats")
"""Every kind of slide, as the plan names them, in the order reports list them."""
TEXT_KINDS = frozenset({"bullets", "agenda", "sources"})  # a list in a body placeholder
COVER_KINDS = frozenset({"title", "section", "closing"})
FURNITURE = ("ftr", "dt", "sldNum")
CONTENT_TYPES = ("body", "obj", "pic", "tbl", "chart", "dgm", "media", "clipArt")

NOUN = {"title": "the title slide", "agenda": "the agenda", "section": "a chapter divider",
        "closing": "the closing slide", "sources": "the sources slide",
        "bullets": "a bullets slide", "chart": "a chart slide", "quote": "a quote slide",
        "table": "a table slide", "image": "a picture slide", "columns": "a columns slide",
        "stats": "a stats slide"}


def outline_kind(kind: str) -> str:
    """The name the outline gives a kind of slide (``theme.layouts`` keys): "divider" for
    a chapter's divider, the kind's own name otherwise."""
    return "divider" if kind == "section" else kind


def _pt(r: Rect) -> str:
    return f"{r.w:.0f}×{r.h:.0f} pt"


@frozen
class Fit:
    """What a kind of slide uses on a layout (its title placeholder, the placeholder its
    list or content fills, its picture placeholders and a caption placeholder), or why it
    cannot sit there (``refusal``)."""

    title: PlaceholderInfo | None = None
    body: PlaceholderInfo | None = None
    pictures: tuple[PlaceholderInfo, ...] = ()
    caption: PlaceholderInfo | None = None
    refusal: str | None = None


def fit_on(kind: str, desc: LayoutDesc, width: float, height: float) -> Fit:
    """Whether a kind of slide can sit on a layout, and what it uses there."""
    title = desc.placeholder(*TITLE_TYPES)
    if title is None:
        return Fit(refusal="it has no title placeholder")
    if title.vertical:
        return Fit(refusal="its title runs top to bottom")
    if placeholder_area(title, MIN_TITLE, width, height) is None:
        return Fit(refusal=f"its title placeholder ({_pt(title.box)}) is too small")
    if kind in COVER_KINDS:
        return Fit(title)
    least = Rect(0, 0, MIN_BODY[0] * width, MIN_BODY[1] * height)
    if kind in TEXT_KINDS:
        bodies = [ph for ph in desc.placeholders if ph.type in BODY_TYPES]
        flat = [ph for ph in bodies if not ph.vertical]
        if not flat:
            return Fit(refusal="its body text runs top to bottom" if bodies
                       else "it has no body placeholder for a list")
        best = max(flat, key=lambda ph: ph.box.w * ph.box.h)
        if placeholder_area(best, MIN_BODY, width, height) is None:
            return Fit(refusal=f"its body placeholder ({_pt(best.box)}) is too small for a "
                       f"list (at least {_pt(least)})")
        return Fit(title, best)
    pictures = (picture_placeholders(desc, width, height) if kind in ("image", "columns")
        else ())
    region = _content_region(desc, title)
    if kind == "image" and pictures:  # the picture fills its placeholder
        return Fit(title, region, pictures, caption_placeholder(desc, pictures[0].box))
    if region is None:
        free = _under_title(title.box, width, height)
        if free.w < least.w or free.h < least.h:
            return Fit(refusal=f"the room under its title ({_pt(free.rect)}) is too small "
                       f"(at least {_pt(least)})")
    elif placeholder_area(region, MIN_BODY, width, height) is None:
        return Fit(refusal=f"its content placeholders ({_pt(region.box)}) are too small "
                   f"(at least {_pt(least)})")
    return Fit(title, region, pictures)


def _under_title(title: Rect, width: float, height: float) -> Area:
    """Where content goes on a named layout without content placeholders: the slide under
    its title (the margins deckgen's own layouts keep)."""
    free = below_title(Area(title.x, title.y, title.w, title.h), width, height, False)
    return replace(free, h=max(free.h, 0.0))


def _content_region(desc: LayoutDesc, title: PlaceholderInfo) -> PlaceholderInfo | None:
    """Where a chart, table, quote, stats or columns go on a layout: the box around its
    content placeholders, or the largest of them when that box would reach the title;
    None when it has none."""
    found = [ph for ph in desc.placeholders if ph.type in CONTENT_TYPES]
    if not found:
        return None
    largest = max(found, key=lambda ph: ph.box.w * ph.box.h)
    x0, y0 = min(ph.box.x for ph in found), min(ph.box.y for ph in found)
    x1, y1 = max(ph.box.right for ph in found), max(ph.box.bottom for ph in found)
    around = Rect(x0, y0, x1 - x0, y1 - y0)
    if around.overlaps(title.box):
        return largest
    return replace(largest, box=around)


def view(desc: LayoutDesc, kind: str, fit: Fit) -> LayoutDesc:
    """The layout as a slide of this kind uses it: the placeholders it fills and the
    furniture. A cover keeps its text placeholders but for those holding bulleted lists:
    its lines under the title are no list (they find room near the title instead)."""
    if kind in COVER_KINDS:
        return replace(desc, placeholders=tuple(
            ph for ph in desc.placeholders if ph.type not in SUB_TYPES or not ph.style.bullet
            or ph.type == "subTitle"))
    used = [fit.title, *fit.pictures, fit.caption, *([fit.body] if kind in TEXT_KINDS
                                                     else [])]
    return replace(desc, placeholders=tuple(
        ph for ph in desc.placeholders if ph.type in FURNITURE or any(ph is u for u in used)))


def bound(shapes: Sequence[Shape], desc: LayoutDesc) -> list[Shape]:
    """Text boxes told which of the layout's placeholders of their type they fill (a
    layout may have several: two contents, a heading and a body per column)."""
    out: list[Shape] = []
    for s in shapes:
        if (isinstance(s, TextBox) and s.placeholder and s.placeholder_idx is None
                and s.placeholder not in FURNITURE):
            ph = desc.placeholder(s.placeholder)
            if ph is not None:
                s = replace(s, placeholder_idx=ph.idx)
        out.append(s)
    return out


def frames_on(fr: Frames, desc: LayoutDesc, kind: str, fit: Fit,
              avoid_art: bool) -> Frames:
    """The boxes text is measured against on a layout named for a slide: the deck's, with
    the title and body (or a cover's title and subtitle) taken from this layout, cut clear
    of its art on a template."""
    w, h = fr.width, fr.height
    notes: list[str] = []

    def clear(area: Area | None, what: str, keep: Sequence[Rect] = ()) -> Area | None:
        return _clear(area, [desc], w, h, notes, what, keep) if avoid_art else area

    assert fit.title is not None
    title = placeholder_area(fit.title, MIN_TITLE, w, h)
    assert title is not None
    if kind in COVER_KINDS:
        sub = clear(_ph_area(desc, SUB_TYPES, MIN_TITLE, w, h), "subtitle")
        title = clear(title, "title")
        fr = {"title": replace(fr, cover_title=title, cover_sub=sub),
              "section": replace(fr, section_title=title, section_sub=sub),
              "closing": replace(fr, closing_title=title, closing_sub=sub)}[kind]
        return replace(fr, notes=(*fr.notes, *notes))
    title = clear(title, "title") or title
    body = ((placeholder_area(fit.body, MIN_BODY, w, h) if fit.body is not None else None)
        or _under_title(title.rect, w, h))
    number = number_spot([desc], w, h) if avoid_art else None
    body = clear(body, "body", [number] if number else []) or body
    return replace(fr, title=title, body=body, number=number,
                   title_top=_title_top(title, desc, fit, avoid_art, w, h),
                   notes=(*fr.notes, *notes))


def _title_top(title: Area, desc: LayoutDesc, fit: Fit, avoid_art: bool, width: float,
               height: float) -> float | None:
    """The highest a title may grow on a named layout: clear of its art (on a template)
    and of the placeholders above it that the slide fills (a picture over its title)."""
    top = _free_above(title, [desc], width, height) if avoid_art else None
    above = [ph.box.bottom for ph in (fit.body, fit.caption, *fit.pictures) if ph is not None
             and ph.box.bottom <= title.y + title.h / 2 and ph.box.x < title.x + title.w
             and title.x < ph.box.right]
    if not above:
        return top
    least = min(max(above) + GAP_PT, title.y)
    return least if top is None else max(top, least)


@frozen
class Chosen:
    """The layout a slide sits on when the outline names one: the plan's name for it
    (``Slide.layout``), the layout as the slide uses it, and what the slide may use."""

    key: str
    desc: LayoutDesc
    fit: Fit


class LayoutRefused(ValueError):
    """Layouts the outline names that the template lacks or that cannot hold their slides:
    (outline key, message) each."""

    def __init__(self, problems: Sequence[tuple[Key, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(m for _, m in self.problems))


def requested(sp: p.SlideSpec, talk: p.Talk) -> tuple[str, Key] | None:
    """The layout name the outline gives a slide, and the key it is written at: the
    slide's own ``layout``, else ``theme.layouts`` for its kind."""
    if sp.layout:
        return sp.layout, (*sp.key, "layout")
    key = outline_kind(sp.kind)
    name = dict(talk.layouts).get(key)
    return (name, ("deck", "theme", "layouts", key)) if name else None


def choose(sp: p.SlideSpec, talk: p.Talk, info: Info) -> Chosen | None:
    """The layout the outline names for a slide, None when it names none or names the one
    deckgen would choose anyway; LayoutRefused when it cannot be used."""
    asked = requested(sp, talk)
    if asked is None:
        return None
    found, problem = _resolve(sp.kind, *asked, info)
    if problem is not None:
        raise LayoutRefused([problem])
    return found


def refusals(talk: p.Talk, info: Info) -> list[tuple[Key, str]]:
    """Every layout name the outline gives that the template lacks or that cannot hold its
    slides, once per place it is written."""
    out: dict[Key, str] = {}
    for sp in talk.slides:
        asked = requested(sp, talk)
        if asked is not None and asked[1] not in out:
            _, problem = _resolve(sp.kind, *asked, info)
            if problem is not None:
                out[problem[0]] = problem[1]
    for kind, name in talk.layouts:  # kinds the talk has no slide of are checked too
        key: Key = ("deck", "theme", "layouts", kind)
        if key not in out:
            _, problem = _resolve("section" if kind == "divider" else kind, name, key, info)
            if problem is not None:
                out[key] = problem[1]
    return list(out.items())


def _resolve(kind: str, name: str, key: Key,
             info: Info) -> tuple[Chosen | None, tuple[Key, str] | None]:
    auto = info.layout(LAYOUT_ROLE.get(kind, "title_only"))
    desc = named_layout(name, info.every, auto.master)
    if desc is None:
        return None, (key, _unknown(name, info.every))
    if (desc.master, desc.index) == (auto.master, auto.index):
        return None, None  # deckgen's own choice: laid out as if not named
    fit = fit_on(kind, desc, info.width, info.height)
    if fit.refusal is not None:
        able = layout_names([d for d in info.every
                             if fit_on(kind, d, info.width, info.height).refusal is None])
        return None, (key, f"the layout '{desc.name}' cannot hold {NOUN[kind]}: "
                      f"{fit.refusal}; layouts that can: {_listed(able)}")
    return Chosen(desc.role, view(desc, kind, fit), fit), None


def _unknown(name: str, layouts: Sequence[LayoutDesc]) -> str:
    """No layout by that name: the closest name, and every name."""
    names = layout_names(layouts)
    by_key = {name_key(n): n for n in names}
    import difflib  # only when a layout name is unknown

    close = difflib.get_close_matches(name_key(name), list(by_key), n=1, cutoff=0.6)
    hint = f"; did you mean '{by_key[close[0]]}'?" if close else ""
    return f"the template has no layout '{name}'{hint} (its layouts: {_listed(names)})"


def _listed(names: Sequence[str], most: int = 12) -> str:
    """Layout names, each quoted (a name may hold a comma: 'Title, Content')."""
    shown = ", ".join(f"'{n}'" for n in names[:most])
    return (shown + (f" and {len(names) - most} more" if len(names) > most else "")
        if names else "none")



# -------------------------------------------------------------------- the layouts listed


def _num(v: float) -> str:
    return f"{round(v, 1):g}"


def survey(info: Info, name: str) -> list[str]:
    """What `deckgen check --layouts` prints: every layout of the template by master, its
    placeholders (type and box), the kinds of slide deckgen puts on it by itself, the
    kinds it would also hold when named, and those it refuses, with why."""
    n = len(info.every)
    masters = sorted({d.master for d in info.every})
    out = [f"Layouts of {name} ({_num(info.width)} × {_num(info.height)} pt, {n} layout"
           f"{'s' if n != 1 else ''} on {len(masters)} master{'s' if len(masters) != 1 else ''})"]
    auto = {k: info.layout(LAYOUT_ROLE.get(k, "title_only")) for k in KINDS}
    for m in masters:
        own = info.master_names[m] if m < len(info.master_names) else ""
        out += ["", f"master {m + 1}" + (f" '{own}'" if own else "")]
        for d in (d for d in info.every if d.master == m):
            out.append(f"  {d.index + 1}. {d.name or '(no name)'}")
            phs = "; ".join(f"{ph.type} at {_num(ph.box.x)},{_num(ph.box.y)} "
                            f"{_num(ph.box.w)}×{_num(ph.box.h)}" for ph in d.placeholders)
            out.append(f"     placeholders: {phs or 'none'}")
            mine = [k for k in KINDS if (auto[k].master, auto[k].index) == (d.master, d.index)]
            fits = {k: fit_on(k, d, info.width, info.height).refusal for k in KINDS}
            also = [k for k in KINDS if fits[k] is None and k not in mine]
            if mine:
                out.append(f"     deckgen puts here: {_kinds(mine)}")
            if also:
                out.append(f"     holds when named: {_kinds(also)}")
            why: dict[str, list[str]] = {}
            for k in KINDS:
                reason = fits[k]
                if reason is not None and k not in mine:
                    why.setdefault(reason, []).append(k)
            for reason, kinds in why.items():
                out.append(f"     refuses {_kinds(kinds)}: {reason}")
    return out


def _kinds(kinds: Sequence[str]) -> str:
    return ", ".join(outline_kind(k) for k in kinds)
