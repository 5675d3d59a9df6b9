"""Structural changes applied to the outline files' texts (after the scalar edits): bullets
typed and deleted, chapters moved, slides deleted, moved and added, across included files
too. Each change is made with :mod:`deckgen.yamlnodes` on the texts writeback will write
all or nothing; a change that cannot be made leaves every file as it was before it and is
reported. Lines in the report are where the changed items stand after the pull (for
deletions, where they stood before)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from ..frozen import frozen
from ..source import Key
from ..yamlnodes import (
    YamlNodeError,
    add_key,
    data_at,
    insert_item,
    item_from_block,
    item_line,
    remove_item,
    replace_item,
    scalar,
)
from .ops import (
    BulletOp,
    DeleteChapter,
    DeleteSlide,
    Ident,
    MoveChapter,
    NewSlide,
    OutlineView,
    PlaceSlide,
    Plan,
    Reshaped,
    short,
    text_of,
)

Texts = dict[Path, tuple[str, str]]


@frozen
class _Done:
    """A change made, waiting for its line in the final text."""

    what: str  # "slide", "chapter", "bullet" or "fixed" (line known)
    ident: Any
    slide: int
    message: str
    kind: str
    lines: tuple[str, ...] = ()
    file: Path | None = None
    line: int = 0
    needle: str = ""
    owner: int = 0  # which plan (deck) made it


class Files:
    """The outline files being changed, and where each chapter and slide is in them."""

    def __init__(self, texts_: Texts, read: Callable[[Path], tuple[str, str]],
                 o: OutlineView) -> None:
        self.texts_ = texts_
        self.read = read
        self.o = o
        self.main = Path(o.source.path)
        chapters = o.value(("chapters",))
        chapters = chapters if isinstance(chapters, list) else []
        self.order: list[int] = list(range(len(chapters)))
        self.included: dict[int, Path] = {}
        self.slides: dict[int, list[Ident]] = {}
        self.titles: dict[Any, str] = {}
        for c, ch in enumerate(chapters):
            file = o.where(("chapters", c, "slides"))[0]
            if file != self.main:
                self.included[c] = file
            slides = ch.get("slides") if isinstance(ch, dict) else None
            self.slides[c] = [(c, s) for s in range(len(slides or []))]
            self.titles[c] = text_of(ch.get("title")) or "" if isinstance(ch, dict) else ""
            for s, sl in enumerate(slides or []):
                self.titles[(c, s)] = (text_of(sl.get("title")) or "") if isinstance(
                    sl, dict) else ""
        self.done: list[_Done] = []
        self.failed: list[tuple[int, int, str, str]] = []  # owner, slide, message, kind
        self.owner = 0

    # ---------------------------------------------------------------- texts

    def text(self, file: Path) -> str:
        if file not in self.texts_:
            self.texts_[file] = self.read(file)
        return self.texts_[file][0]

    def set(self, file: Path, text: str) -> None:
        self.texts_[file] = (text, self.texts_[file][1])

    def chapter_key(self, c: int) -> tuple[Path, Key]:
        """The file a chapter's mapping is in, and its key there."""
        if c in self.included:
            return self.included[c], ()
        return self.main, ("chapters", self.order.index(c))

    def local(self, key: Key) -> tuple[Path, Key]:
        """The file and in-file key of an outline key as it was at the start."""
        file = self.o.where(key)[0]
        return (file, tuple(key[2:]) if file != self.main and key[:1] == ("chapters",)
            else tuple(key))

    def title(self, ident: Any) -> str:
        if isinstance(ident, NewSlide):
            return ident.inferred.title
        return self.titles.get(ident, "")

    def find(self, ident: Ident) -> tuple[int, int] | None:
        for c, lst in self.slides.items():
            for i, x in enumerate(lst):
                if x is ident or x == ident:
                    return c, i
        return None

    def attempt(self, slide: int, what: str, kind: str, change: Callable[[], None]) -> None:
        """Make a change; when it cannot be made, put every text and place back and
        report it."""
        texts = dict(self.texts_)
        state = (list(self.order), copy.copy(self.slides), len(self.done))
        self.slides = {c: list(v) for c, v in self.slides.items()}
        try:
            change()
        except YamlNodeError as exc:
            self.texts_.clear()
            self.texts_.update(texts)
            self.order, self.slides = state[0], state[1]
            del self.done[state[2]:]
            self.failed.append((self.owner, slide, f"{what}, but the outline could not be "
                                f"changed there ({exc}); do it by hand", kind))

    def _did(self, done: _Done) -> None:
        self.done.append(replace(done, owner=self.owner))

    # ---------------------------------------------------------------- bullets

    def bullets(self, ops: Sequence[BulletOp]) -> None:
        def order(op: BulletOp) -> tuple[Any, ...]:
            path = tuple((0, x) if isinstance(x, int) else (1, str(x))
                         for x in (*op.list_key, op.index))
            return path, op.text is None, op.seq

        for op in sorted(ops, key=order, reverse=True):
            if op.text is None:
                what = f"slide {op.slide}: the bullet '{short(op.old)}' was deleted in the deck"
                self.attempt(op.slide, what, "paragraph", partial(self._delete_bullet, op))
            else:
                what = f"slide {op.slide}: a bullet was added: '{short(op.text)}'"
                self.attempt(op.slide, what, "paragraph", partial(self._add_bullet, op))

    def _delete_bullet(self, op: BulletOp) -> None:
        file, local = self.local(op.list_key)
        text = self.text(file)
        line = self.o.where((*op.list_key, op.index))[2]  # as the file was: mapped later
        new, _ = remove_item(text, local, op.index)
        self.set(file, new)
        self._did(_Done("fixed", None, op.slide, f"slide {op.slide}, "
                               f"{'sub-bullet' if op.list_key[-1] == 'sub' else 'bullet'} "
                               "deleted", "bullet deleted",
                               tuple(f"- {x}" for x in op.old.split("\n")), file, line))

    def _add_bullet(self, op: BulletOp) -> None:
        assert op.text is not None
        file, local = self.local(op.list_key)
        text = self.text(file)
        value = scalar(op.text)
        item = item_from_block(f"- {value}\n")
        if _has_list(text, local):
            new, _ = insert_item(text, local, op.index, item)
        else:  # the first sub-bullet of a bullet
            parent, j = local[:-2], local[-2]
            bullet = data_at(yaml.safe_load(text), parent)[j]
            if isinstance(bullet, dict):
                new = add_key(text, (*parent, j), "sub", [op.text])
            else:  # a plain bullet becomes {text, sub}
                own = text_of(bullet) or ""
                new = replace_item(text, parent, int(j), item_from_block(
                    f"- text: {scalar(own)}\n  sub: [{value}]\n"))
        self.set(file, new)
        ident = (int(op.list_key[1]), int(op.list_key[3])) if len(op.list_key) > 3 else None
        self._did(_Done("bullet", ident, op.slide, f"slide {op.slide}, new "
                               f"{'sub-bullet' if op.list_key[-1] == 'sub' else 'bullet'} "
                               f"{op.near}", "bullet added",
                               tuple(f"+ {x}" for x in op.text.split("\n")), file,
                               needle=value))

    # ---------------------------------------------------------------- chapters

    def move_chapter(self, op: MoveChapter) -> None:
        cur = self.order.index(op.chapter)
        rest = [c for c in self.order if c != op.chapter]
        to = 0 if op.after is None else rest.index(op.after) + 1
        if to == cur:
            return  # already there
        text, item = remove_item(self.text(self.main), ("chapters",), cur)
        text, _ = insert_item(text, ("chapters",), to, item)
        self.set(self.main, text)
        self.order = [*rest[:to], op.chapter, *rest[to:]]
        where = "first" if op.after is None else f"after chapter '{self.title(op.after)}'"
        self._did(_Done("chapter", op.chapter, op.number,
                               f"chapter '{op.title}' moved {where}", "chapter moved"))

    def delete_chapter(self, op: DeleteChapter) -> None:
        cur = self.order.index(op.chapter)
        line = self.o.where(("chapters", op.chapter, "include" if op.chapter in self.included
                             else "title"))[2]
        text, item = remove_item(self.text(self.main), ("chapters",), cur)
        self.set(self.main, text)
        self.order.pop(cur)
        note = (f" (its file {self.included[op.chapter].name} is kept)"
            if op.chapter in self.included else "")
        self._did(_Done("fixed", None, op.number, f"chapter '{op.title}' deleted, as in "
                               f"the deck{note}", "chapter deleted", _minus(item.block),
                        self.main, line))

    # ---------------------------------------------------------------- slides

    def delete_slide(self, op: DeleteSlide) -> None:
        got = self.find(op.slide)
        if got is None:
            return
        c, i = got
        if len(self.slides[c]) == 1:
            raise YamlNodeError("it is the only slide of its chapter")
        file, key = self.chapter_key(c)
        text = self.text(file)
        line = self.o.where(("chapters", *op.slide[:1], "slides", *op.slide[1:]))[2]
        text, item = remove_item(text, (*key, "slides"), i)
        self.set(file, text)
        self.slides[c].pop(i)
        self._did(_Done("fixed", None, op.number, f"slide {op.number} '{op.title}' "
                               "deleted, as in the deck", "slide deleted", _minus(item.block), file,
                        line))

    def place(self, op: PlaceSlide) -> None:
        t = op.chapter
        new = isinstance(op.entry, NewSlide)
        src = None if new else self.find(op.entry)
        if not new and src is None:
            raise YamlNodeError("the slide is no longer in the outline")
        rest = [x for x in self.slides[t] if x != op.entry]
        if op.after is not None and op.after not in rest:
            raise YamlNodeError(f"the slide before it, '{self.title(op.after)}', is not in "
                                "that chapter")
        to = 0 if op.after is None else rest.index(op.after) + 1
        if src is not None and src == (t, to):
            return  # already there (a second pull of the same deck)
        if src is not None:
            c, i = src
            if c != t and len(self.slides[c]) == 1:
                raise YamlNodeError("its chapter would have no slide left")
            file, key = self.chapter_key(c)
            text, item = remove_item(self.text(file), (*key, "slides"), i)
            self.set(file, text)
            self.slides[c].pop(i)
        else:
            assert isinstance(op.entry, NewSlide)
            item = item_from_block(op.entry.inferred.block)
            for path, blob in op.entry.files:
                if path in self.texts_ or (path.exists() and path.read_bytes() != blob):
                    raise YamlNodeError(f"{path.name} exists already")
                if not path.exists():  # bytes carried as latin-1 text: written as they are
                    self.texts_[path] = (blob.decode("latin-1"), "latin-1")
        file, key = self.chapter_key(t)
        text, _ = insert_item(self.text(file), (*key, "slides"), to, item)
        self.set(file, text)
        self.slides[t].insert(to, op.entry)
        after = (f"after '{self.title(op.after)}'" if op.after is not None else
            "first in its chapter")
        if new:
            assert isinstance(op.entry, NewSlide)
            kind = op.entry.inferred.kind
            self._did(_Done("slide", op.entry, 0, f"slide {op.now} '{op.title}' "
                                   f"added as {kind}, {after}", "slide added", _plus(item.block)))
        elif src is not None and src[0] != t:
            self._did(_Done("slide", op.entry, op.number, f"slide {op.number} "
                                   f"'{op.title}' moved into chapter '{self.title(t)}', "
                                   f"{after} (now slide {op.now})", "slide moved"))
        else:
            self._did(_Done("slide", op.entry, op.number, f"slide {op.number} "
                                   f"'{op.title}' moved {after} (now slide {op.now})",
                                   "slide moved"))

    # ---------------------------------------------------------------- the report

    def report(self) -> list[Reshaped]:
        """What was changed, with each item's line in the final text."""
        out = []
        for d in self.done:
            file, line = d.file, d.line
            if file is not None and d.what == "fixed":
                line = line_map(self.read(file)[0], self.text(file))(line)
            try:
                if d.what == "chapter":
                    file = self.main
                    line = item_line(self.text(file), ("chapters",), self.order.index(d.ident))
                elif d.what in ("slide", "bullet") and d.ident is not None:
                    got = self.find(d.ident)
                    if got is not None:
                        c, i = got
                        file, key = self.chapter_key(c)
                        line = item_line(self.text(file), (*key, "slides"), i)
                        if d.what == "bullet":
                            line = _line_of(self.text(file), line, d.needle)
            except (YamlNodeError, ValueError):
                pass
            out.append(Reshaped(file or self.main, line, d.slide, d.message, d.lines, d.kind))
        return out


def line_map(before: str, after: str) -> Callable[[int], int]:
    """Where a line of `before` is in `after` (1-based): a changed line where its
    replacement starts, a deleted one where what followed it is now."""
    import difflib

    a = before.replace("\r\n", "\n").split("\n")
    b = after.replace("\r\n", "\n").split("\n")
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

    def where(line: int) -> int:
        i = line - 1
        for tag, i1, i2, j1, j2 in ops:
            if i1 <= i < i2:
                if tag == "equal":
                    return j1 + (i - i1) + 1
                return j1 + min(i - i1, max(j2 - j1 - 1, 0)) + 1
        return line

    return where


def remap(texts_: Texts, read: Callable[[Path], tuple[str, str]]) -> Callable[[Path, int], int]:
    """Where a line of an outline file as it was on disk is in its new text."""
    maps: dict[Path, Callable[[int], int]] = {}

    def where(file: Path, line: int) -> int:
        if file not in texts_:
            return line
        if file not in maps:
            try:
                maps[file] = line_map(read(file)[0], texts_[file][0])
            except OSError:
                return line
        return maps[file](line)

    return where


def _has_list(text: str, key: Key) -> bool:
    try:
        return isinstance(data_at(yaml.safe_load(text), key), list)
    except (KeyError, IndexError, TypeError, yaml.YAMLError):
        return False


def _line_of(text: str, start: int, needle: str) -> int:
    """The first line from `start` (1-based) that holds `needle`."""
    lines = text.replace("\r\n", "\n").split("\n")
    for n in range(max(start - 1, 0), len(lines)):
        if needle in lines[n]:
            return n + 1
    return start


def _plus(block: str) -> tuple[str, ...]:
    return tuple(f"+ {x}" for x in block.rstrip("\n").split("\n"))


def _minus(block: str) -> tuple[str, ...]:
    return tuple(f"- {x}" for x in block.rstrip("\n").split("\n"))


def apply(texts_: Texts, plans: Sequence[Plan], read: Callable[[Path], tuple[str, str]]) -> list[
        tuple[list[Reshaped], list[tuple[int, str, str]]]]:
    """Every plan's changes made on the texts (the plans of one outline share its files);
    for each plan, what it changed and what it could not (slide, message, kind)."""
    files: dict[Path, Files] = {}
    runs: list[Files | None] = []
    for n, plan in enumerate(plans):  # bullets first: their keys are the outline's as it was
        o = plan.outline
        if o is None:
            runs.append(None)
            continue
        got = files.setdefault(Path(o.source.path), Files(texts_, read, o))
        got.owner = n
        got.bullets(plan.bullets)
        runs.append(got)
    for n, (plan, run) in enumerate(zip(plans, runs)):
        if run is None:
            continue
        f = run
        f.owner = n
        for ch in plan.chapters:
            if isinstance(ch, MoveChapter):
                f.attempt(ch.number, f"chapter '{ch.title}' was moved in the deck", "move",
                          partial(f.move_chapter, ch))
            else:
                f.attempt(ch.number, f"chapter '{ch.title}' was deleted in the deck", "delete",
                          partial(f.delete_chapter, ch))
        for d in plan.deletes:
            f.attempt(d.number, f"slide {d.number} '{d.title}' was deleted in the deck",
                      "delete", partial(f.delete_slide, d))
        for p in plan.places:
            new = isinstance(p.entry, NewSlide)
            what = (f"slide {p.now} '{p.title}' was added in the deck" if new else
                f"slide {p.number} '{p.title}' was moved in the deck")
            f.attempt(p.number, what, "add" if new else "move", partial(f.place, p))
    reports = {id(f): f.report() for f in files.values()}
    out: list[tuple[list[Reshaped], list[tuple[int, str, str]]]] = []
    for n, run in enumerate(runs):
        if run is None:
            out.append(([], []))
            continue
        mine = [r for r, d in zip(reports[id(run)], run.done) if d.owner == n]
        files_seen = list(dict.fromkeys(r.file for r in mine))
        mine.sort(key=lambda r: (files_seen.index(r.file), r.line))
        out.append((mine,
                    [(s, m, k) for o, s, m, k in run.failed if o == n]))
    return out
