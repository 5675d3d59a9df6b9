"""Which slides of a returned deck were moved, deleted or added, read from the order of
its slides against the order they were built in.

Slides are paired by content wherever they stand (LibreOffice renumbers slide ids on a
move, so ids say nothing). The slides that stayed in order are the longest increasing
run of the built order (weighted by how many deck slides each outline slide became); the
rest moved, the fewest slides that explain the new order. Chapters are the same one level
up: their dividers in the deck give the chapter order, and every slide belongs to the
chapter whose divider it follows. A slide's continuation slides ("（续）") go with it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..frozen import frozen
from ..manifest import SlideRecord
from ..source import Key
from .align import best_pairs
from .readdeck import DeckSlide

STRONG = 0.3
"""How much of a built slide must still be on a deck slide (shared texts and notes) to
pair them out of order, as a move."""
GENERATED = ("title", "agenda", "sources", "closing")

Pairs = list[tuple[SlideRecord, DeckSlide]]


# -------------------------------------------------------------------- pairing


def _in_order(sim: list[list[float]], rows: Sequence[int], cols: Sequence[int],
              least: float) -> list[tuple[int, int]]:
    """The order-keeping pairs (row, col) at least `least` alike with the largest summed
    likeness, plus a little per pair so that more pairs win a tie."""

    def weight(i: int, j: int) -> float | None:
        s = sim[rows[i]][cols[j]]
        return s + 0.01 if s >= least and s > 0 else None

    return [(rows[i], cols[j]) for i, j in best_pairs(len(rows), len(cols), weight)]


def pair(records: Sequence[SlideRecord], slides: Sequence[DeckSlide],
         similar: Callable[[SlideRecord, DeckSlide], float]) -> tuple[
        Pairs, list[SlideRecord], list[DeckSlide]]:
    """Built slides paired with the deck's slides: the most alike first, wherever they
    stand (so a moved slide pairs with its record), then what is left between two pairs
    still in order if they share anything at all (a slide edited in place). Also the
    built slides not found and the deck's slides nothing was built for."""
    n, k = len(records), len(slides)
    if n == k:  # nothing moved, added or deleted: each slide is most like its own record
        diagonal = [similar(r, s) for r, s in zip(records, slides)]
        if all(x >= STRONG for x in diagonal) and not any(
                similar(records[i], slides[i + 1]) + similar(records[i + 1], slides[i])
                > diagonal[i] + diagonal[i + 1] for i in range(n - 1)):
            return list(zip(records, slides)), [], []
    sim = [[similar(r, s) for s in slides] for r in records]
    # the most alike first, wherever they stand (a move); ties go to the nearest place
    ranked = sorted(((sim[i][j], -abs(i - j), -i, j) for i in range(n) for j in range(k)
                     if sim[i][j] >= STRONG), reverse=True)
    got: list[tuple[int, int]] = []
    used_r: set[int] = set()
    used_s: set[int] = set()
    for _, _, minus_i, j in ranked:
        if -minus_i not in used_r and j not in used_s:
            got.append((-minus_i, j))
            used_r.add(-minus_i)
            used_s.add(j)
    # edited in place: what is left between two pairs that kept their order
    by_deck = sorted(got, key=lambda p: p[1])
    anchors = [by_deck[x] for x in sorted(keep_in_order([i for i, _ in by_deck]))]
    bounds = [(-1, -1), *anchors, (n, k)]
    for (a0, b0), (a1, b1) in itertools.pairwise(bounds):
        rows = [i for i in range(a0 + 1, a1) if i not in used_r]
        cols = [j for j in range(b0 + 1, b1) if j not in used_s]
        if rows and cols:
            got += _in_order(sim, rows, cols, 0.0)
    paired_r = {a for a, _ in got}
    paired_s = {b for _, b in got}
    return ([(records[a], slides[b]) for a, b in sorted(got)],
            [records[i] for i in range(n) if i not in paired_r],
            [slides[j] for j in range(k) if j not in paired_s])


def keep_in_order(values: Sequence[int], weights: Sequence[float] = ()) -> set[int]:
    """The positions of the heaviest increasing run of `values` (weights default 1): the
    items that stayed in order; the others moved."""
    n = len(values)
    w = list(weights) or [1.0] * n
    best = list(w)
    back = [-1] * n
    for i in range(n):
        for j in range(i):
            if values[j] < values[i] and best[j] + w[i] > best[i]:
                best[i], back[i] = best[j] + w[i], j
    if not n:
        return set()
    i = max(range(n), key=lambda x: (best[x], -x))
    out = set()
    while i != -1:
        out.add(i)
        i = back[i]
    return out


def moved_records(pairs: Pairs, slides: Sequence[DeckSlide]) -> set[int]:
    """The numbers (as built) of the paired slides that are out of order in the deck."""
    where = {id(s): n for n, s in enumerate(slides)}
    ordered = sorted(pairs, key=lambda p: where[id(p[1])])
    kept = keep_in_order([r.number for r, _ in ordered])
    return {r.number for x, (r, _) in enumerate(ordered) if x not in kept}


# -------------------------------------------------------------------- the deck's order


@dataclass
class Unit:
    """One slide of the outline: its slides as built (itself and its continuations) and
    those of them still in the deck."""

    key: Key  # ("chapters", ci, "slides", si)
    parts: list[SlideRecord] = field(default_factory=list)
    present: list[SlideRecord] = field(default_factory=list)

    @property
    def chapter(self) -> int:
        return int(self.key[1])

    @property
    def index(self) -> int:
        return int(self.key[3])

    @property
    def first(self) -> SlideRecord:
        return self.parts[0]


Entry = Unit | DeckSlide  # a slide of the outline, or a slide added by hand in the deck


@frozen
class Placement:
    """A slide to put (moved, or added by hand): into which chapter (its index as built)
    and after which slide of it (None: first)."""

    entry: Entry
    chapter: int
    after: Entry | None


@dataclass
class Order:
    """How the deck's slide order differs from the built one."""

    chapters: list[tuple[int, int | None]] = field(default_factory=list)  # moved: after which
    placements: list[Placement] = field(default_factory=list)  # in deck order
    deleted: list[Unit] = field(default_factory=list)  # every slide of it deleted
    partly: list[tuple[Unit, list[SlideRecord]]] = field(default_factory=list)
    strays: list[tuple[SlideRecord, str]] = field(default_factory=list)  # not applicable
    dividers_deleted: list[SlideRecord] = field(default_factory=list)
    wanted: dict[int, list[Entry]] = field(default_factory=dict)  # each chapter, as in the deck
    generated_deleted: list[SlideRecord] = field(default_factory=list)  # title, agenda…
    first_chapter: int | None = None  # where slides before every divider go


def _units(records: Sequence[SlideRecord]) -> dict[Key, Unit]:
    units: dict[Key, Unit] = {}
    for r in records:
        if len(r.key) == 4 and r.key[0] == "chapters" and r.key[2] == "slides":
            units.setdefault(r.key, Unit(r.key)).parts.append(r)
    return units


def _generated_strays(seq: list[SlideRecord | DeckSlide]) -> list[tuple[SlideRecord, str]]:
    """Automatic slides standing elsewhere among the built slides than deckgen puts them
    (a slide added by hand after the closing slide moves nothing: it is added before it)."""
    out = []
    recs = [x for x in seq if isinstance(x, SlideRecord)]
    for at, x in enumerate(recs):
        if x.kind not in GENERATED:
            continue
        before, after = recs[:at], recs[at + 1:]
        ok = {"title": not before,
              "agenda": all(y.kind == "title" for y in before),
              "closing": not after,
              "sources": all(y.kind == "closing" for y in after)}[x.kind]
        if not ok and len(recs) > 1:
            out.append((x, "deckgen puts it in its place itself at every build"))
    return out


def analyse(records: Sequence[SlideRecord], slides: Sequence[DeckSlide], pairs: Pairs,
            extra: Sequence[DeckSlide]) -> Order:
    """Moves of chapters and slides, slides deleted and added, in terms of the outline."""
    order = Order()
    units = _units(records)
    of_slide = {id(s): r for r, s in pairs}
    added = {id(s) for s in extra}
    seq: list[SlideRecord | DeckSlide] = [of_slide.get(id(s), s) for s in slides
                                          if id(s) in of_slide or id(s) in added]
    for r in (x for x in seq if isinstance(x, SlideRecord)):
        if r.key in units:
            units[r.key].present.append(r)
    for u in units.values():
        u.present.sort(key=lambda r: r.continued)
        if not u.present:
            order.deleted.append(u)
        elif len(u.present) < len(u.parts):
            order.partly.append((u, [r for r in u.parts if r not in u.present]))
    order.strays += _generated_strays(seq)
    order.generated_deleted = [r for r in records if r.kind in GENERATED and r not in seq]

    # chapters: the order of their dividers
    dividers = {r.key[1]: r for r in records if r.kind == "section" and len(r.key) == 2}
    in_deck = [x for x in seq if isinstance(x, SlideRecord) and x.kind == "section"]
    order.dividers_deleted = [r for ci, r in dividers.items() if r not in in_deck]
    size = {ci: 1 + sum(len(u.present) for u in units.values() if u.chapter == ci)
            for ci in dividers}
    ci_seq = [int(r.key[1]) for r in in_deck]
    kept = keep_in_order(ci_seq, [size[c] for c in ci_seq])
    for n, ci in enumerate(ci_seq):
        if n not in kept:
            order.chapters.append((ci, ci_seq[n - 1] if n else None))
    chapters_now = ci_seq + [int(r.key[1]) for r in order.dividers_deleted]
    order.first_chapter = chapters_now[0] if chapters_now else (
        min((u.chapter for u in units.values()), default=None))

    # slides: which chapter each is in now, in what order
    missing_divider = {int(r.key[1]) for r in order.dividers_deleted}
    wanted = order.wanted
    current: int | None = None
    for x in seq:
        if isinstance(x, SlideRecord):
            if x.kind == "section" and len(x.key) == 2:
                current = int(x.key[1])
                continue
            found = units.get(x.key)
            if found is None:
                continue
            u = found
            if x is not u.present[0]:
                prev = u.present[u.present.index(x) - 1]
                if seq.index(prev) != seq.index(x) - 1:
                    order.strays.append((x, "a continued slide follows the slide it "
                                            "continues at every build"))
                continue
            target: int | None
            if u.chapter in missing_divider:
                target = u.chapter  # its divider is gone: it stays in its chapter
            elif current is not None:
                target = current
            else:  # before every divider: first in the first chapter
                target = order.first_chapter if order.first_chapter is not None else u.chapter
            wanted.setdefault(target, []).append(u)
        else:
            target = current if current is not None else order.first_chapter
            if target is not None:
                wanted.setdefault(target, []).append(x)
    for ci, entries in wanted.items():
        own = [e for e in entries if isinstance(e, Unit) and e.chapter == ci]
        stay = keep_in_order([e.index for e in own], [len(e.present) for e in own])
        staying = {id(own[n]) for n in stay}
        for n, e in enumerate(entries):
            if id(e) not in staying:
                order.placements.append(Placement(e, ci, entries[n - 1] if n else None))
    deck_at = {id(x): n for n, x in enumerate(seq)}

    def at(p: Placement) -> int:
        e = p.entry
        return deck_at[id(e.present[0])] if isinstance(e, Unit) else deck_at[id(e)]

    order.placements.sort(key=at)
    return order
