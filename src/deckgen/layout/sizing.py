"""Choosing type sizes: the largest common size at which texts fit their boxes, down to a
floor and, for text that cannot continue, below it; text cut with an ellipsis; and the log of
what each slide's fitting changed and has to say."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import fit
from ..frozen import frozen
from ..style import FILL_MAX, HARD_MIN_PT
from .areas import Area

LABELS = {
    "title": "title", "body": "body", "subtitle": "subtitle", "caption": "caption",
    "source": "source line", "quote": "quote", "quote_by": "attribution",
    "stat_value": "stat values", "stat_label": "stat labels", "col_head": "column headings",
    "col_body": "column text", "table": "table",
}


@frozen
class Sized:
    """A chosen size and whether it is at or above the box's floor; ``cut`` when the text
    is shown cut short with an ellipsis, ``broken`` the words still broken between letters
    (wider than the box even at HARD_MIN_PT)."""

    size: float
    ok: bool
    cut: bool = False
    broken: tuple[str, ...] = ()


def largest(paras_list: Sequence[Sequence[fit.Para]], boxes: Sequence[fit.Box],
            start: float, floor: float) -> float | None:
    """The largest common size from start down to floor at which every text fits its box
    with no word broken between letters."""
    for s in fit.size_steps(start, floor):
        if all(fit.fit(ps, b, s, s).fits for ps, b in zip(paras_list, boxes)):
            return s
    return None


def below(paras_list: Sequence[Sequence[fit.Para]], boxes: Sequence[fit.Box],
          floor: float) -> Sized:
    """The largest size under the floor (down to HARD_MIN_PT) at which the texts fit."""
    s = None
    if floor - 1 >= HARD_MIN_PT:
        s = largest(paras_list, boxes, floor - 1, HARD_MIN_PT)
    if s is not None:
        return Sized(s, False)
    broken = [w for ps, b in zip(paras_list, boxes)
              for w in fit.box_broken_words(ps, b, HARD_MIN_PT)]
    return Sized(HARD_MIN_PT, False, broken=tuple(dict.fromkeys(broken)))


def shrink(paras_list: Sequence[Sequence[fit.Para]], boxes: Sequence[fit.Box], start: float,
           floor: float) -> Sized:
    """The largest common size at which every text fits its box, down to the floor, then
    below it (``ok`` False) down to HARD_MIN_PT."""
    s = largest(paras_list, boxes, start, floor)
    return Sized(s, True) if s is not None else below(paras_list, boxes, floor)


def grown(paras: Sequence[fit.Para], box: fit.Box, start: float, ceiling: float,
          keep_lines: bool = True) -> float | None:
    """The largest size above `start`, up to `ceiling`, at which a short text still takes at
    most FILL_MAX of its box's height (and, with `keep_lines`, breaks every paragraph into
    no more lines than at `start`: a bullet on one line stays on one); None when the text
    is not short enough to grow."""
    lines = fit.line_counts(paras, box, start) if keep_lines else None

    def room(s: float) -> bool:
        return (fit.text_height(paras, box, s) <= FILL_MAX * box.height_pt
                and (lines is None or fit.line_counts(paras, box, s) == lines))

    steps = fit.size_steps(ceiling, start + 1) if ceiling >= start + 1 else []
    # The room only shrinks as the size grows (a line breaks at the same place or earlier,
    # every line is taller), so the sizes with room are the smallest ones up to some size:
    # when the smallest larger size has none, none has, and otherwise the largest with
    # room is found by halving (three tries, not eight). Whether every word keeps whole
    # does not follow the size ("00。%0" may break inside at 19 pt and not at 22), so the
    # sizes with room are tried for it from the largest down.
    if not steps or not room(steps[-1]):
        return None
    lo, hi = 0, len(steps) - 1  # steps[hi] has room; every step before lo has none
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if room(steps[mid]) else (mid + 1, hi)
    return next((s for s in steps[hi:] if fit.fit(paras, box, s, s).fits), None)


def one_line(texts_: Sequence[str], areas: Sequence[Area], start: float, floor: float,
             bold: bool = False, bottom_anchor: bool = False,
             fonts: fit.Fonts = fit.DEFAULT_FONTS) -> float | None:
    """The largest common size from start down to floor at which every text is one line
    inside its box."""
    for s in fit.size_steps(start, floor):
        boxes = [a.for_bottom_anchor(s) if bottom_anchor else a for a in areas]
        if all(fit.text_width(t, s, bold, fonts) <= a.w - 2 * a.lr
               and fit.line_height(s, fonts=fonts) + a.insets_tb <= a.h + 1e-6
               for t, a in zip(texts_, boxes)):
            return s
    return None


def ellipsized(text: str, fits: Callable[[str], bool], suffix: str = "") -> str:
    """The text as it fits: whole, or its longest start (at a word's end where it has
    spaces) followed by "…" and the suffix."""
    if fits(text + suffix):
        return text + suffix

    def cut(n: int) -> str:
        return text[:n].rstrip() + "…" + suffix

    lo, hi = 0, len(text)  # cut(lo) fits (or lo is 0), cut(hi) does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(cut(mid)) else (lo, mid)
    n = lo
    if 0 < n < len(text) and _inside_word(text, n):
        space = text.rfind(" ", 0, n)
        if space > n // 2:
            n = space
    return cut(n)


def _inside_word(text: str, i: int) -> bool:
    a, b = text[i - 1], text[i]
    return a.isalnum() and b.isalnum() and not fit.is_cjk(a) and not fit.is_cjk(b)


class Log:
    """Sizes chosen for one slide and what to say about them."""

    def __init__(self) -> None:
        self.sizes: dict[str, float] = {}
        self.changes: dict[str, tuple[float, float]] = {}
        self.problems: list[str] = []  # said with the slide's number and title
        self.warnings: list[str] = []  # whole messages, not prefixed with the slide

    def put(self, box: str, start: float, got: Sized, floor: float) -> float:
        """Keep the size chosen for a kind of box; say what is wrong with it."""
        self.sizes[box] = got.size
        if got.size < start - 1e-9:
            old = self.changes.get(box, (start, got.size))
            self.changes[box] = (start, min(old[1], got.size))
        label = LABELS.get(box, box)
        if got.cut:
            self.say(f"{label} cut with an ellipsis to fit its box at {pt(got.size)} pt; "
                     "shorten it")
        elif got.broken:
            words = ", ".join(f"'{w}'" for w in got.broken[:3])
            self.say(f"{label}: {words} wider than the box even at {pt(got.size)} pt, "
                     "broken between letters; shorten it")
        elif not got.ok:
            self.say(f"{label} needs {pt(got.size)} pt, below the {pt(floor)} pt floor; "
                     "shorten it")
        return got.size

    def say(self, problem: str) -> None:
        """Something to warn about, said once."""
        if problem not in self.problems:
            self.problems.append(problem)

    def report(self) -> list[str]:
        """What was shrunk, from what to what."""
        return [f"{LABELS.get(k, k)} {pt(a)}→{pt(b)} pt" for k, (a, b) in self.changes.items()]


def pt(v: float) -> str:
    """A size as the report writes it."""
    return f"{v:g}"


def joined(items: Sequence[str]) -> str:
    """Items as a sentence lists them: "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
