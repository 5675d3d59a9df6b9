"""What a returned deck changed in the talk's structure, planned against the outline as it
is now: chapters and slides moved, slides deleted (with --delete-slides) or added (with
--add-slides), bullets typed or deleted. Applied by :mod:`deckgen.pull.restructure`.

Slides are found in the outline by key and title, so a slide the outline already moved
(by an earlier pull, or by its author) is still found, and a second pull of the same deck
changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import manifest as mf
from ..source import Key
from . import diff, moves
from .bullets import plan_bullets
from .infer import Inferred, image_namer, infer
from .ops import (
    DeleteChapter,
    DeleteSlide,
    Ident,
    MoveChapter,
    NewSlide,
    OutlineView,
    PlaceSlide,
    Plan,
    short,
    text_of,
)
from .readdeck import DeckTexts


class Planner:
    """The structural changes of one returned deck, against the outline as it is now."""

    def __init__(self, outline: OutlineView, read: DeckTexts, language: str, *,
                 deck: Path, add_slides: bool, delete_slides: bool) -> None:
        assert read.manifest is not None
        self.o = outline
        self.read = read
        self.lang = language
        self.deck = deck
        self.add_slides = add_slides
        self.delete_slides = delete_slides
        self.plan = Plan()
        records = read.manifest.slides
        pairs, _, extra = diff.pair_slides(records, read.slides)
        self.order = moves.analyse(records, read.slides, pairs, extra)
        self.deck_no = {id(s): n for n, s in enumerate(read.slides, 1)}
        self.of_record = {r.number: s for r, s in pairs}
        self._locate(records)
        self._paras: list[tuple[mf.SlideRecord, diff.TextChange]] = []

    # ---------------------------------------------------------------- finding slides

    def _chapters(self) -> list[Any]:
        chapters = self.o.value(("chapters",))
        return chapters if isinstance(chapters, list) else []

    def _deck_title(self, r: mf.SlideRecord) -> str | None:
        s = self.of_record.get(r.number)
        if s is None:
            return None
        from .infer import _title

        shape = _title(list(s.shapes))
        return " ".join(shape.text.split()) if shape is not None else None

    def _locate(self, records: tuple[mf.SlideRecord, ...]) -> None:
        """Where each built chapter and slide is in the outline now: same key and title,
        else the one place with that title (as built, or as the deck has it now)."""
        chapters = self._chapters()
        slides_now = {(c, s): text_of(sl.get("title")) if isinstance(sl, dict) else None
                      for c, ch in enumerate(chapters) if isinstance(ch, dict)
                      for s, sl in enumerate(ch.get("slides") or [])}
        chapters_now = {c: text_of(ch.get("title")) if isinstance(ch, dict) else None
                        for c, ch in enumerate(chapters)}
        self.slide_at: dict[Key, tuple[int, int] | None] = {}
        self.chapter_at: dict[int, int | None] = {}
        titled: dict[Key, set[str]] = {}
        parts: dict[Key, list[mf.SlideRecord]] = {}
        for r in records:
            parts.setdefault(r.key, []).append(r)
            if r.key in titled:
                continue
            title = next((p.value.strip() for p in r.texts if p.key == (*r.key, "title")), None)
            names = {x for x in (title, self._deck_title(r)) if x}
            titled[r.key] = names
        taken: set[Any] = set()
        for key, names in titled.items():
            if _is_slide(key) and slides_now.get((int(key[1]), int(key[3]))) in names:
                self.slide_at[key] = (int(key[1]), int(key[3]))
                taken.add(("s", key[1], key[3]))
            elif _is_chapter(key) and chapters_now.get(int(key[1])) in names:
                self.chapter_at[int(key[1])] = int(key[1])
                taken.add(("c", key[1]))
        for key, names in titled.items():
            if _is_slide(key) and key not in self.slide_at:
                found = [k for k, t in slides_now.items() if t in names
                         and ("s", *k) not in taken]
                if len(found) > 1:  # same titles: the one whose texts are as built
                    found = [k for k in found if self._unchanged(parts[key], key, k)]
                self.slide_at[key] = found[0] if len(found) == 1 else None
                if len(found) == 1:
                    taken.add(("s", *found[0]))
            elif _is_chapter(key) and int(key[1]) not in self.chapter_at:
                found_c = [c for c, t in chapters_now.items() if t in names
                           and ("c", c) not in taken]
                self.chapter_at[int(key[1])] = found_c[0] if len(found_c) == 1 else None
                if len(found_c) == 1:
                    taken.add(("c", found_c[0]))

    def relocate(self, record: mf.SlideRecord, changes: tuple[diff.TextChange, ...]) -> tuple[
            mf.SlideRecord, list[diff.TextChange]]:
        """A built slide's record and text changes with its keys where the outline has
        that slide now."""
        old: Key = record.key
        new: Key | None = None
        if len(old) == 4 and old[0] == "chapters":
            at = self.slide_at.get(old)
            new = None if at is None else ("chapters", at[0], "slides", at[1])
        elif len(old) == 2 and old[0] == "chapters":
            c = self.chapter_at.get(int(old[1]))
            new = None if c is None else ("chapters", c)
        if new is None or new == old:
            return record, list(changes)

        def rk(key: Key | None) -> Key | None:
            if key is None or tuple(key[:len(old)]) != old:
                return key
            return (*new, *key[len(old):])

        def rp(p: mf.Placed | None) -> mf.Placed | None:
            return None if p is None else replace(p, key=rk(p.key))

        moved = replace(record, key=new, notes_key=rk(record.notes_key),
                        texts=tuple(replace(p, key=rk(p.key)) for p in record.texts))
        return moved, [replace(t, built=rp(t.built), after=rp(t.after), before=rp(t.before))
                       for t in changes]

    # ---------------------------------------------------------------- paragraphs

    def paragraph(self, record: mf.SlideRecord, change: diff.TextChange) -> None:
        """A paragraph typed or deleted on a slide (its record relocated)."""
        self._paras.append((record, change))

    def _paragraphs(self) -> None:
        plan_bullets(self._paras, self.o, self.plan)

    # ---------------------------------------------------------------- slides

    def _title(self, u: moves.Unit) -> str:
        return diff.title(u.first)

    def _ident(self, e: moves.Entry, news: dict[int, NewSlide]) -> Ident | None:
        if isinstance(e, moves.Unit):
            return self.slide_at.get(e.key)
        return news.get(id(e))

    def finish(self) -> Plan:
        """The plan: every structural change, and what cannot be applied."""
        self._paragraphs()
        o = self.order
        for r, why in o.strays:
            self.plan.note(r.number, f"slide {r.number} '{diff.title(r)}' was moved in the "
                           f"deck, but {why}", kind="move")
        for r in o.generated_deleted:
            self.plan.note(r.number, f"slide {r.number} '{diff.title(r)}' was deleted in the "
                           f"deck, but deckgen makes it at every build{_HOW.get(r.kind, '')}",
                           kind="delete")
        gone = self._deleted_chapters()
        for r in o.dividers_deleted:
            if int(r.key[1]) not in gone:
                self.plan.note(r.number, f"slide {r.number}, the divider of chapter "
                               f"'{diff.title(r)}', was deleted in the deck; deckgen starts "
                               "every chapter with its divider", kind="delete")
        for ci, after in o.chapters:
            c = self.chapter_at.get(ci)
            a = None if after is None else self.chapter_at.get(after)
            r = next(x for x in self.read.manifest.slides  # type: ignore[union-attr]
                     if x.key == ("chapters", ci))
            if c is None or (after is not None and a is None):
                self.plan.note(r.number, f"chapter '{diff.title(r)}' was moved in the deck, "
                               "but the outline's chapters are no longer as built; move it "
                               "by hand", kind="move")
            else:
                self.plan.chapters.append(MoveChapter(c, a, r.number, diff.title(r)))
        for u in o.deleted:
            if u.chapter not in gone:
                self._delete(u)
        for u, parts in o.partly:
            self.plan.note(parts[0].number, f"slide {parts[0].number} '{diff.title(parts[0])}'"
                           f" (part of '{self._title(u)}') was deleted in the deck; its "
                           "bullets stay in the outline: delete them there if you agree",
                           kind="delete")
        self._places()
        return self.plan

    def _deleted_chapters(self) -> set[int]:
        """Chapters deleted whole in the deck (divider and every slide); deleted from the
        outline with --delete-slides."""
        gone = set()
        for r in self.order.dividers_deleted:
            ci = int(r.key[1])
            units = [u for u in self.order.deleted if u.chapter == ci]
            present = any(u.chapter == ci for e in self.order.wanted.values() for u in e
                          if isinstance(u, moves.Unit))
            if present or not units:
                continue
            gone.add(ci)
            c = self.chapter_at.get(ci)
            if c is None:
                continue
            if self.delete_slides:
                self.plan.chapters.append(DeleteChapter(c, r.number, diff.title(r)))
            else:
                self.plan.note(r.number, f"chapter '{diff.title(r)}' (slide {r.number} and its "
                               f"{len(units)} slide{'s' if len(units) != 1 else ''}) was "
                               "deleted in the deck; pull with --delete-slides to delete it "
                               "from the outline too, or delete it by hand", kind="delete")
        return gone

    def _unchanged(self, parts: list[mf.SlideRecord], key: Key, at: tuple[int, int]) -> bool:
        """Whether the outline's slide at `at` has the texts a slide was built with."""
        new: Key = ("chapters", at[0], "slides", at[1])
        for r in parts:
            for p in r.texts:
                if p.key is None or tuple(p.key[:4]) != key:
                    continue
                value = text_of(self.o.value((*new, *p.key[4:])))
                if value is not None and value.strip() != p.value.strip():
                    return False
        return True

    def _delete(self, u: moves.Unit) -> None:
        at = self.slide_at.get(u.key)
        n = u.first.number
        if at is None:
            return  # the outline no longer has it: nothing left to delete
        if not self.delete_slides:
            self.plan.note(n, f"slide {n} '{self._title(u)}' was deleted in the deck; pull "
                           "with --delete-slides to delete it from the outline too, or "
                           "delete it by hand", kind="delete")
        elif not self._unchanged(u.parts, u.key, at):
            self.plan.note(n, f"slide {n} '{self._title(u)}' was deleted in the deck but "
                           "changed in the outline since the build; not deleted",
                           kind="delete")
        else:
            self.plan.deletes.append(DeleteSlide(at, n, self._title(u)))

    def _places(self) -> None:
        o = self.order
        news: dict[int, NewSlide] = {}
        failed: set[int] = set()
        for p in o.placements:
            e = p.entry
            c = self.chapter_at.get(p.chapter)
            if isinstance(e, moves.Unit):
                n, title = e.first.number, self._title(e)
                now = self.deck_no.get(id(self.of_record.get(e.present[0].number)), 0)
                if self.slide_at.get(e.key) is None or c is None:
                    self.plan.note(n, f"slide {n} '{title}' was moved in the deck, but the "
                                   "outline no longer has it (or its chapter) as built; move "
                                   "it by hand", kind="move")
                    failed.add(id(e))
                    continue
            else:
                now = self.deck_no[id(e)]
                n = now
                new = self._new_slide(e, p.chapter, now)
                if new is None:
                    failed.add(id(e))
                    continue
                news[id(e)] = new
                title = new.inferred.title
                if c is None:
                    failed.add(id(e))
                    continue
            after = self._after(p, failed, news)
            entry = self._ident(e, news)
            assert entry is not None and c is not None
            self.plan.places.append(PlaceSlide(entry, c, after, n, now, title))

    def _after(self, p: moves.Placement, failed: set[int],
               news: dict[int, NewSlide]) -> Ident | None:
        """The slide it should follow: the nearest one before it in its chapter in the
        deck that the outline has (or gets)."""
        entries = self.order.wanted.get(p.chapter, [])
        at = next(i for i, x in enumerate(entries) if x is p.entry)
        for x in reversed(entries[:at]):
            if id(x) in failed:
                continue
            ident = self._ident(x, news)
            if ident is not None:
                return ident
        return None

    def _new_slide(self, slide: Any, chapter: int, now: int) -> NewSlide | None:
        """A slide added by hand as a NewSlide, or None when it is not added (reported
        unless the outline already has it)."""
        c = self.chapter_at.get(chapter)
        file = self.o.where(("chapters", c if c is not None else chapter, "title"))[0]
        folder = file.parent
        got = infer(slide, self.lang, self._part_reader(), image_namer(folder, set()))
        if self._already(got, c):
            return None
        prev = self._previous_title(slide)
        where = f"after {prev}" if prev else "at the start"
        kind = got.kind
        block = got.block
        if not self.add_slides or c is None:
            self.plan.note(0, f"slide {now} '{got.title}' ({kind}) was added by hand {where}"
                           + ("" if self.add_slides else "; pull with --add-slides to add it "
                              "to the outline, or paste it") + (
                               f"; {got.problem}" if got.problem else ""), block, kind="add")
            return None
        root = Path(self.o.source.path).parent.absolute()
        files = tuple((folder / name, blob) for name, blob in got.files)
        if any(not _inside((folder / name).absolute(), root) for name, _ in got.files):
            self.plan.note(0, f"slide {now} '{got.title}' was added by hand {where}, but its "
                           "picture would be saved outside the outline's folder; paste it",
                           block, kind="add")
            return None
        if got.problem:
            self.plan.note(0, f"slide {now} '{got.title}' was added as {kind}: {got.problem}",
                           kind="add")
        return NewSlide(got, now, files)

    def _previous_title(self, slide: Any) -> str:
        at = self.deck_no[id(slide)] - 1
        if at <= 0:
            return ""
        from .infer import _title

        prev = _title(list(self.read.slides[at - 1].shapes))
        return f"slide {at} '{short(prev.text)}'" if prev is not None else f"slide {at}"

    def _already(self, got: Inferred, c: int | None) -> bool:
        """Whether the chapter already has that slide, title and content (a second pull
        of the same deck)."""
        if c is None:
            return False
        chapters = self._chapters()
        slides = chapters[c].get("slides") if c < len(chapters) and isinstance(
            chapters[c], dict) else None
        return any(isinstance(s, dict) and text_of(s.get("title")) == got.title
                   and _same(s.get(got.kind), got.data[got.kind], got.kind)
                   for s in slides or [])

    def _part_reader(self) -> Callable[[str], bytes | None]:
        def read(part: str) -> bytes | None:
            import zipfile

            try:
                with zipfile.ZipFile(self.deck) as z:
                    info = z.getinfo(part)
                    ratio = info.file_size / max(info.compress_size, 1)
                    if info.file_size > 50 * 1024 * 1024 or ratio > 200:
                        return None
                    return z.read(part)
            except (OSError, KeyError, zipfile.BadZipFile):
                return None

        return read


_HOW = {"agenda": ": set `agenda: false` under `deck:` to leave it out",
        "closing": ": set `closing: false` under `deck:` to leave it out",
        "sources": ": it lists the slides' `sources:`; remove those to leave it out"}


def _same(a: Any, b: Any, kind: str) -> bool:
    """Whether two slide contents of a kind are the same as the outline model reads them
    (numbers as text, strings trimmed)."""
    from ..model import Slide

    try:
        return bool(getattr(Slide.model_validate({"title": "x", kind: a}), kind)
                    == getattr(Slide.model_validate({"title": "x", kind: b}), kind))
    except ValueError:
        return bool(a == b)


def _is_slide(key: Key) -> bool:
    return len(key) == 4 and key[0] == "chapters" and key[2] == "slides" and isinstance(
        key[1], int) and isinstance(key[3], int)


def _is_chapter(key: Key) -> bool:
    return len(key) == 2 and key[0] == "chapters" and isinstance(key[1], int)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
