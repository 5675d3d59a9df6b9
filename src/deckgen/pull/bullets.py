"""Bullets typed or deleted in a returned deck, as changes to the outline's bullet lists.

A typed paragraph becomes a new item of the list its neighbour in the same text box came
from, right after it (or before the next one when it is first), as a bullet or, when the
deck paragraph is indented (its level above 0), as a sub-bullet. A deleted bullet is
deleted from the outline like an edit is written: only where the outline still has the
text as built, and a bullet with sub-bullets only when they were deleted too.

Neighbours are found in the outline by their text (at their built index first), so a
list the outline changed since the build is still read right, and a second pull of the
same deck adds and deletes nothing again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import manifest as mf
from ..source import Key, key_path
from . import diff
from .align import similarity
from .ops import BulletOp, OutlineView, Plan, short, text_of

Slot = tuple[Key, int, int | None]  # the bullets list, the item, the sub-bullet (or None)


def slot(key: Key | None) -> Slot | None:
    """Where a bullet's key points: its list, its item and its sub-bullet index."""
    if key is None:
        return None
    k = tuple(key)
    if len(k) >= 2 and k[-2] == "bullets" and isinstance(k[-1], int):
        return k[:-1], k[-1], None
    if len(k) >= 3 and k[-1] == "text" and k[-3] == "bullets" and isinstance(k[-2], int):
        return k[:-2], k[-2], None
    if (len(k) >= 4 and k[-2] == "sub" and k[-4] == "bullets" and isinstance(k[-3], int)
            and isinstance(k[-1], int)):
        return k[:-3], k[-3], k[-1]
    return None


def _item_text(item: Any) -> str | None:
    got = text_of(item.get("text")) if isinstance(item, dict) else text_of(item)
    return got.strip() if got is not None else None


class _Lists:
    """The outline's bullet lists as they are now, searched by text."""

    def __init__(self, o: OutlineView, record: mf.SlideRecord) -> None:
        self.o = o
        self.record = record

    def items(self, lst: Key) -> list[Any]:
        value = self.o.value(lst)
        return value if isinstance(value, list) else []

    def subs(self, lst: Key, j: int) -> list[Any]:
        items = self.items(lst)
        item = items[j] if 0 <= j < len(items) else None
        sub = item.get("sub") if isinstance(item, dict) else None
        return sub if isinstance(sub, list) else []

    @staticmethod
    def find(items: list[Any], j: int, names: set[str]) -> int | None:
        """Item j when it says one of `names`, else the one item that does."""
        texts = [_item_text(x) for x in items]
        if 0 <= j < len(texts) and texts[j] in names:
            return j
        hits = [i for i, t in enumerate(texts) if t in names]
        return hits[0] if len(hits) == 1 else None

    def text(self, at: Slot) -> str:
        """What the bullet at a place says in the outline now."""
        lst, j, k = at
        item = self.items(lst)[j] if k is None else self.subs(lst, j)[k]
        return _item_text(item) or ""

    def built(self, key: Key) -> str | None:
        return next((p.value.strip() for p in self.record.texts if p.key == key), None)

    def changed(self, placed: mf.Placed, deleted: set[Key | None]) -> bool:
        """Whether a bullet deleted in the deck but not found in the outline was rewritten
        there rather than deleted already: the outline's unknown texts between the nearest
        bullets this slide kept around it are matched, most alike first, with the deleted
        bullets it cannot find; this one has a match."""
        s = slot(placed.key)
        if s is None:
            return False
        lst, j, k = s

        def index(p: mf.Placed) -> int:
            x = slot(p.key)
            assert x is not None
            return x[1] if k is None else x[2] or 0

        same = [p for p in self.record.texts if (x := slot(p.key)) is not None and x[0] == lst
                and (x[2] is None if k is None else x[1] == j and x[2] is not None)]
        kept = [p for p in same if p.key not in deleted]
        at = index(placed)
        before = [p for p in kept if index(p) < at]
        after = [p for p in kept if index(p) > at]
        lo = self.locate(max(before, key=index)) if before else None
        hi = self.locate(min(after, key=index)) if after else None
        if (before and lo is None) or (after and hi is None):
            return True  # its neighbours changed too: cannot tell, so say so
        items = self.items(lst) if k is None else self.subs(lst, j)
        start = (lo[1] if k is None else lo[2] or 0) + 1 if lo else 0
        end = (hi[1] if k is None else hi[2] or 0) if hi else len(items)
        low = index(max(before, key=index)) if before else -1
        high = index(min(after, key=index)) if after else 10**9
        gone = [p for p in same if p.key in deleted and low < index(p) < high
                and self.locate(p) is None]
        unknown = [t for t in (_item_text(x) for x in items[start:end]) if t is not None]
        pairs = sorted(((similarity(p.value.strip(), t), n, m) for n, p in enumerate(gone)
                        for m, t in enumerate(unknown)), reverse=True)
        used_p: set[int] = set()
        used_t: set[int] = set()
        for _, n, m in pairs:
            if n not in used_p and m not in used_t:
                used_p.add(n)
                used_t.add(m)
        return any(gone[n] == placed for n in used_p)

    def locate(self, placed: mf.Placed | None, now: str = "") -> Slot | None:
        """A built bullet's place in the outline now: by index when it still says the
        same, else by its text."""
        s = slot(placed.key if placed is not None else None)
        if s is None or placed is None:
            return None
        names = {placed.value.strip(), now.strip()} - {""}
        lst, j, k = s
        if k is None:
            at = self.find(self.items(lst), j, names)
            return None if at is None else (lst, at, None)
        parent = {x for x in (self.built((*lst, j)), self.built((*lst, j, "text"))) if x}
        pj = self.find(self.items(lst), j, parent)
        if pj is None:
            return None
        at = self.find(self.subs(lst, pj), k, names)
        return None if at is None else (lst, pj, at)


def _target(c: diff.TextChange, lists: _Lists) -> tuple[Key, int, str] | str:
    """The list and index a typed paragraph goes to and where that is in words, or why it
    has no place."""
    if slot(c.after.key if c.after else None) is None and slot(
            c.before.key if c.before else None) is None:
        return "it is not in a list of bullets"
    a = lists.locate(c.after, c.after_text)
    b = lists.locate(c.before, c.before_text)
    if a is None and b is None:
        return "the bullets around it are no longer in the outline"
    sub = c.level >= 1
    if a is not None:
        lst, j, k = a
        after = f"after '{short(c.after_text or lists.text(a))}'"
        if k is None:
            if not sub:
                if b is not None and b[0] == lst and b[1] == j and b[2] is not None:
                    return "it stands between a bullet and its sub-bullets"
                return lst, j + 1, after
            return (*lst, j, "sub"), 0, f"under '{short(c.after_text or lists.text(a))}'"
        if sub:
            return (*lst, j, "sub"), k + 1, after
        if b is not None and b[0] == lst and b[1] == j:
            return "it stands between two sub-bullets of one bullet"
        return lst, j + 1, f"after '{short(lists.text((lst, j, None)))}'"
    assert b is not None
    if b[2] is None and not sub:
        return b[0], b[1], f"before '{short(c.before_text or lists.text(b))}'"
    return "it stands before the first bullet, as a sub-bullet"


def plan_bullets(paras: Sequence[tuple[mf.SlideRecord, diff.TextChange]], o: OutlineView,
                 plan: Plan) -> None:
    """Typed and deleted bullets of every slide as BulletOps; the rest reported."""
    seq = 0
    ops: list[BulletOp] = []
    deleted = {c.built.key for _, c in paras if c.built is not None and c.now is None}
    for r, c in paras:
        seq += 1
        lists = _Lists(o, r)
        if c.built is None:
            text = (c.now or "").strip()
            got = _target(c, lists)
            if isinstance(got, str):
                plan.note(r.number, f"slide {r.number}: a paragraph was added: "
                          f"'{short(text)}'; add it to the outline ({got})", kind="paragraph")
                continue
            lst, index, near = got
            now = lists.items(lst) if lst[-1] != "sub" else lists.subs(lst[:-2], int(lst[-2]))
            if text in {_item_text(x) for x in now}:
                continue  # the outline has it already (a second pull)
            ops.append(BulletOp(lst, index, text, r.number, seq=seq, near=near))
        elif c.now is None:
            op = _deletion(r, c.built, deleted, lists, plan)
            if op is not None:
                ops.append(op)
    _keep_lists_filled(ops, o, plan)


def _deletion(r: mf.SlideRecord, built: mf.Placed, deleted: set[Key | None], lists: _Lists,
              plan: Plan) -> BulletOp | None:
    n = r.number
    what = (f"slide {n}: the {'bullet' if slot(built.key) else built.role} "
           f"'{short(built.text)}' was deleted in the deck")
    s = slot(built.key)
    if s is None:
        plan.note(n, f"{what}; delete it in the outline if you agree", kind="paragraph")
        return None
    at = lists.locate(built)
    if at is None:
        if lists.changed(built, deleted):
            plan.note(n, f"{what}, but the outline changed it since the build; kept",
                      kind="paragraph")
        return None  # else the outline no longer has it (a second pull)
    lst, j, k = at
    bj = s[1]
    if k is None:
        subs = lists.subs(lst, j)
        if subs and not all((*lst, bj, "sub", x) in deleted for x in range(len(subs))):
            plan.note(n, f"{what}, but not its sub-bullets; delete it in the outline if you "
                      "agree", kind="paragraph")
            return None
        return BulletOp(lst, j, None, n, built.value.strip())
    if (*lst, bj) in deleted or (*lst, bj, "text") in deleted:
        return None  # goes with its bullet
    return BulletOp((*lst, j, "sub"), k, None, n, built.value.strip())


def _keep_lists_filled(ops: list[BulletOp], o: OutlineView, plan: Plan) -> None:
    """Every op, except deletions that would leave a slide's bullets empty."""
    size: dict[Key, int] = {}
    for op in ops:
        if op.list_key not in size:
            value = o.value(op.list_key)
            size[op.list_key] = len(value) if isinstance(value, list) else 0
        size[op.list_key] += 1 if op.text is not None else -1
    for op in ops:
        if op.text is None and op.list_key[-1] == "bullets" and size[op.list_key] < 1:
            plan.note(op.slide, f"slide {op.slide}: the bullet '{short(op.old)}' was deleted "
                      f"in the deck, but {key_path(op.list_key)} needs at least one bullet; "
                      "delete it in the outline if you agree", kind="paragraph")
            continue
        plan.bullets.append(op)
