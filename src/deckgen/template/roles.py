"""Which layout of a template serves which role (title, section, content, two columns,
title only, blank, closing): pure scoring over :class:`LayoutInfo` facts, testable with
plain lists; and layouts found by the names an outline gives them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..frozen import frozen

if TYPE_CHECKING:
    from .info import LayoutDesc

ROLES = ("title", "section", "content", "two", "title_only", "blank", "closing")

# Layout @type values (ECMA-376 ST_SlideLayoutType) per role, best first.
LAYOUT_TYPES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "section": ("secHead",),
    "content": ("obj", "tx"),
    "two": ("twoObj", "twoTxTwoObj", "twoColTx"),
    "title_only": ("titleOnly",),
    "blank": ("blank",),
    "closing": (),
}
LAYOUT_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title slide", "标题幻灯片", "標題投影片", "title"),
    "section": ("section header", "节标题", "節標題", "章節標題", "section"),
    "content": ("title and content", "标题和内容", "標題及內容", "title, content", "content"),
    "two": ("two content", "两栏内容", "兩個內容", "comparison", "比较", "比對",
            "title, 2 content"),
    "title_only": ("title only", "仅标题", "只有標題"),
    "blank": ("blank", "空白"),
    "closing": ("closing", "结束", "结束页", "end", "thank you", "致谢"),
}
# Where a template lacks a role, the role that stands in for it.
FALLBACK = {"closing": "title", "section": "title", "two": "title_only",
            "title_only": "content", "blank": "title_only", "content": "title_only",
            "title": "section"}

@frozen
class LayoutInfo:
    """What a layout offers: its name, @type and placeholder types, and its master."""

    index: int
    name: str
    type: str | None
    placeholders: tuple[str, ...]
    master: int = 0
    room: float = 1.0  # the least share of a text box its art leaves free


# A layout whose art leaves less of a text box free than this loses points: content
# slides need their room; a cover keeps the template's design unless art covers most of
# its boxes.
CROWDED = {"content": 2 / 3, "title": 0.4}


def crowding(info: LayoutInfo, role: str = "content") -> int:
    """Points a layout loses for art in its text boxes: none while enough of every box is
    free (its boxes shrink to the free part), then one per percent less, so that the same
    layout on another master (or a plainer layout of the same kind) wins."""
    least = CROWDED["title" if role in TITLE_ROLES else "content"]
    return 0 if info.room >= least else round(100 * (least - info.room))


# Roles drawn on the template's title master (its first sample slide's); the others go on
# its content master.
TITLE_ROLES = ("title", "section", "closing")


def _score(role: str, info: LayoutInfo) -> int:
    ph = set(info.placeholders)
    name = info.name.strip().lower()
    score = 0
    if info.type in LAYOUT_TYPES[role]:
        score += 100 - LAYOUT_TYPES[role].index(info.type)
    if name in LAYOUT_NAMES[role]:
        score += 60
    elif any(n in name for n in LAYOUT_NAMES[role]):
        score += 30
    has_title = bool(ph & {"title", "ctrTitle"})
    bodies = sum(1 for p in info.placeholders if p in ("body", "obj"))
    shape_fit = {
        # LibreOffice writes its title layout with a plain title, not ctrTitle
        "title": has_title and "subTitle" in ph,
        "section": has_title and bodies >= 1 and info.type not in ("obj", "tx"),
        "content": has_title and bodies == 1,
        "two": has_title and bodies == 2,
        "title_only": has_title and bodies == 0 and "subTitle" not in ph,
        "blank": not has_title and bodies == 0 and "subTitle" not in ph,
        "closing": False,
    }[role]
    if score and not shape_fit and role != "closing":
        score -= 40  # a name or type that lies about its placeholders
    if role == "title" and shape_fit and "ctrTitle" in ph:
        score += 5
    if not score and shape_fit and role in ("title", "content", "two", "title_only", "blank"):
        score = 10
    return score


def _master_for(layouts: list[LayoutInfo], role: str, want: int) -> int | None:
    """The master whose best layout for a role ranks highest, counting art in its text
    boxes against it (see crowding); `want` wins ties."""
    best: dict[int, int] = {}
    for li in layouts:
        if _score(role, li) > 0:
            best[li.master] = max(best.get(li.master, -10**6),
                                  _score(role, li) - crowding(li, role))
    if not best:
        return None
    return max(best, key=lambda m: (best[m], m == want, -m))


def choose_layouts(layouts: list[LayoutInfo],
                   prefer: dict[str, int] | None = None) -> dict[str, int]:
    """The layout index that serves each role, falling back where a template lacks one.

    The title roles ("title", "section", "closing") and the others each come from one
    master where it has a layout for them, so a deck does not mix two masters' looks: the
    master whose title (or content) layout ranks best, where art crowding a layout's text
    boxes counts against it (see crowding). `prefer` names the master that wins ties for
    each group ("title", "content"); without it the first master does."""
    prefer = prefer or {}
    masters = {group: _master_for(layouts, group, prefer.get(group, 0))
               for group in ("title", "content")}
    chosen: dict[str, int] = {}
    for role in ROLES:
        group = "title" if role in TITLE_ROLES else "content"
        want = masters[group] if masters[group] is not None else prefer.get(group, 0)
        fit = [li for li in layouts if _score(role, li) > 0]
        pool = [li for li in fit if li.master == want] or fit
        best = max(pool, key=lambda li: (_score(role, li) - crowding(li, role),
                                         li.master == want,
                                         -li.index), default=None)
        if best is not None:
            chosen[role] = best.index
    for role in ROLES:
        r = role
        seen = set()
        while r not in chosen and r not in seen:
            seen.add(r)
            r = FALLBACK[r]
        if r in chosen:
            chosen[role] = chosen[r]
        elif layouts:
            chosen[role] = layouts[0].index
    return chosen


# -------------------------------------------------------------------- layouts by name


def name_key(name: str) -> str:
    """A layout's name as names are compared: case and spaces ignored."""
    return "".join(name.split()).casefold()


def layout_names(layouts: Sequence[LayoutDesc]) -> list[str]:
    """The template's layout names, each once, in order."""
    seen: dict[str, str] = {}
    for d in layouts:
        seen.setdefault(name_key(d.name), d.name)
    return list(seen.values())


def named_layout(name: str, layouts: Sequence[LayoutDesc], master: int) -> LayoutDesc | None:
    """The layout a name stands for (case and spaces ignored): where several masters have
    a layout by that name, the one on `master` (the master deckgen puts that kind of slide
    on), else the first."""
    want = name_key(name)
    found = [d for d in layouts if name_key(d.name) == want]
    return next((d for d in found if d.master == master), found[0] if found else None)
