"""Paragraphs as built aligned with the paragraphs a deck has now, by similarity: an edited
bullet stays paired with its old text even when a new bullet was typed next to it.

A dynamic programme over (old, new) pairs keeps the order and maximises the summed
character similarity of the pairs, counting only pairs at least THRESHOLD alike (an
identical text counts a little more). Between two such pairs, what is left on both sides
at the same level is paired in order too, as edits (a bullet rewritten beyond recognition
in place is still that bullet); the rest are deletions and insertions. Each inserted
paragraph is told the paired old paragraphs around it in its own shape, so it can be put
in the outline list at the right place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from ..frozen import frozen

THRESHOLD = 0.5
"""How alike (difflib's ratio, 0-1) an old and a new paragraph must be to pair as an edit
wherever they stand. Adding a few characters to a short Chinese bullet keeps it above
(第一条要点 → 第一条要点（改）: 0.71); a wholly different text falls below."""
EXACT_BONUS = 0.5
LONG = 4000
"""Texts longer than this are compared by difflib's quick ratio (an upper bound) only."""


@frozen
class Step:
    """One step of an alignment: an old paragraph kept or edited (old and new), deleted
    (new None) or inserted (old None, with the paired old paragraphs before and after it
    in the same shape)."""

    old: int | None
    new: int | None
    after: int | None = None
    before: int | None = None


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1, character by character."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    m = SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < THRESHOLD or m.quick_ratio() < THRESHOLD:
        return 0.0
    return m.quick_ratio() if len(a) + len(b) > LONG else m.ratio()


def best_pairs(n: int, k: int, weight: Callable[[int, int], float | None]) -> list[
        tuple[int, int]]:
    """The order-keeping pairs (i, j), i < n and j < k, with the largest summed weight;
    a pair whose weight is None may not be made. Ties go to the earliest pairs."""
    w = [[weight(i, j) for j in range(k)] for i in range(n)]
    score = [[0.0] * (k + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            x = w[i][j]
            if x is not None:
                best = max(best, score[i + 1][j + 1] + x)
            score[i][j] = best
    out = []
    i = j = 0
    while i < n and j < k:
        x = w[i][j]
        if x is not None and abs(score[i][j] - (score[i + 1][j + 1] + x)) < 1e-9:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return out


def _pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """The order-keeping pairs of alike texts with the largest summed similarity."""

    def weight(i: int, j: int) -> float | None:
        s = similarity(a[i], b[j])
        return s + EXACT_BONUS if s == 1.0 else s if s >= THRESHOLD else None

    return best_pairs(len(a), len(b), weight)


def _gap(olds: list[int], news: list[int], old_levels: Sequence[int],
         new_levels: Sequence[int]) -> list[tuple[int, int]]:
    """Left-over old and new paragraphs between two pairs, paired in order where their
    levels agree (as many as can be)."""

    def weight(i: int, j: int) -> float | None:
        same = min(old_levels[olds[i]], 1) == min(new_levels[news[j]], 1)
        return 1.0 if same else None

    return [(olds[i], news[j]) for i, j in best_pairs(len(olds), len(news), weight)]


def align(old: Sequence[str], new: Sequence[str], *, old_levels: Sequence[int] = (),
          new_levels: Sequence[int] = (), new_shapes: Sequence[int] = ()) -> list[Step]:
    """Every old and new paragraph, aligned: pairs (kept or edited), deletions and
    insertions in order. Levels (0 a bullet, 1 a sub-bullet) and the shape each new
    paragraph is in are optional."""
    olv = list(old_levels) or [0] * len(old)
    nlv = list(new_levels) or [0] * len(new)
    shp = list(new_shapes) or [0] * len(new)
    a = [t.strip() for t in old]
    b = [t.strip() for t in new]
    # texts the same at both ends pair as they are; only the middle needs the search
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = _pairs(a[head:len(a) - tail], b[head:len(b) - tail])
    anchors = [(i, i) for i in range(head)] + [(i + head, j + head) for i, j in middle] + [
        (len(a) - tail + x, len(b) - tail + x) for x in range(tail)]
    pairs: list[tuple[int, int]] = []
    pi = pj = 0
    for i, j in [*anchors, (len(a), len(b))]:
        pairs += _gap(list(range(pi, i)), list(range(pj, j)), olv, nlv)
        if i < len(a):
            pairs.append((i, j))
        pi, pj = i + 1, j + 1
    of_new = {j: i for i, j in pairs}
    paired_old = {i for i, _ in pairs}
    steps: list[Step] = []
    i = 0
    for j in range(len(b)):
        if j in of_new:
            while i < of_new[j]:
                if i not in paired_old:
                    steps.append(Step(i, None))
                i += 1
            steps.append(Step(of_new[j], j))
            i = of_new[j] + 1
            continue
        after = next((of_new[x] for x in range(j - 1, -1, -1) if shp[x] == shp[j]
                      and x in of_new), None)
        before = next((of_new[x] for x in range(j + 1, len(b)) if shp[x] == shp[j]
                       and x in of_new), None)
        steps.append(Step(None, j, after, before))
    steps += [Step(x, None) for x in range(i, len(a)) if x not in paired_old]
    return steps
