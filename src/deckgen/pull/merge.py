"""The merge of one returned deck: each text as built (the manifest), as the outline has
it now and as the deck has it now, compared three ways."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import manifest as mf
from ..frozen import frozen
from ..i18n import texts
from ..rules import shown_text
from ..safezip import PackageProblem
from ..source import Key, Source, display_name, key_path, load, value_at
from . import diff, generated
from .confine import beside, check_recorded, check_resemblance, default_outline
from .edits import NewKey
from .errors import PullError
from .extras import merge_parts
from .ops import Plan, Reshaped
from .readdeck import read_deck
from .structure import Planner


@frozen
class Edit:
    """A deck edit written into the outline."""

    file: Path
    key: Key  # the key inside that file
    line: int
    column: int
    slide: int
    what: str
    old: str
    new: str
    outline_key: Key = ()  # the key in the whole outline (included chapters in place)


@frozen
class Conflict:
    """A text changed both in the deck and in the outline, differently."""

    file: Path
    line: int
    column: int
    slide: int
    what: str
    deck: str
    outline: str
    why: str = ""  # instead of "changed in both" (a CSV file shared by charts that disagree)


@frozen
class Unmapped:
    """A change in the deck that has no place in the outline, and what to do instead.

    ``kind``: what changed ("" for texts; "chart", "picture", "formatting", "footer",
    "notes"; "move", "delete", "add", "paragraph" for the structure)."""

    slide: int
    message: str
    yaml: str = ""  # a slide added by hand, ready to paste
    kind: str = ""


@dataclass
class Merge:
    """What pulling one deck found and did."""

    deck: Path
    outline: Path
    edits: list[Edit] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    reshaped: list[Reshaped] = field(default_factory=list)  # moves, deletions, new bullets
    digest: str = ""  # the deck's content digest (readdeck.content_digest), for the ack

    def not_applied(self) -> list[Unmapped]:
        """The changes still not in the outline (what was applied, slides added with
        --add-slides included, is not unmapped)."""
        return list(self.unmapped)

    @property
    def complete(self) -> bool:
        """Whether every change in the deck is in the outline now: no conflict and nothing
        unmapped left. Only then does build treat the deck as up to date."""
        return not self.conflicts and not self.not_applied()

    def left_behind(self) -> list[str]:
        """What the pull did not bring into the outline, one line each (for the guard)."""
        return [f"slide {c.slide}: the {c.what} was changed both in the deck and in the "
                "outline (a conflict)" for c in self.conflicts] + [
            u.message.split("\n")[0] for u in self.not_applied()]


# -------------------------------------------------------------------- finding the outline


def find_outline(deck: Path, manifest: mf.Manifest, given: Path | None) -> Path:
    """The outline to pull into: --outline, else the one the deck's path names (X/NAME.yaml
    for X/output/NAME.pptx), else the one outline in the working folder; a default's name
    must be the one the manifest records. The manifest never chooses a file."""
    if given is not None:
        if not given.is_file():
            raise PullError(f"the outline {display_name(given)} does not exist")
        return given
    path = beside(deck) or default_outline()
    check_recorded(deck, manifest.outline, path)
    return path


def _resemblance(o: _Outline, manifest: mf.Manifest) -> tuple[int, int]:
    """How many of the texts deckgen placed from the outline are still in it as built,
    wherever they now stand (a pull may have moved slides and chapters), of how many."""
    values: set[str] = set()
    stack: list[Any] = [o.source.data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif (text := as_text(node)) is not None:
            values.add(text.strip())
    found = total = 0
    for record in manifest.slides:
        for placed in record.texts:
            if placed.key is None or placed.key[:2] == ("deck", "authors"):
                continue
            total += 1
            found += placed.value.strip() in values
    return found, total


# -------------------------------------------------------------------- values in the outline


def as_text(value: Any) -> str | None:
    """An outline value as deckgen reads it as text (numbers and dates as written)."""
    import datetime as dt

    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


_MISSING = object()


def _at(data: Any, key: Key) -> Any:
    return value_at(data, key, _MISSING)


class _Outline:
    """The outline and its included chapter files: values by key, and where they live."""

    def __init__(self, path: Path) -> None:
        self.source: Source = load(path, allow_outside=True)
        self.by_name = {display_name(f): f for f in self.source.files}

    def value(self, key: Key) -> Any:
        return _at(self.source.data, key)

    def where(self, key: Key) -> tuple[Path, Key, int, int]:
        """The file a key's value is in, its key inside that file, line and column."""
        pos = self.source.positions.locate(key)
        file = self.by_name.get(pos.file, self.source.path)
        local = key[2:] if file != self.source.path and key[:1] == ("chapters",) else key
        return file, local, pos.line, pos.column


# -------------------------------------------------------------------- the merge


def _what(placed: mf.Placed | None, key: Key | None) -> str:
    role = placed.role if placed is not None else "notes"
    names = {"title": "title", "body": "bullet", "subtitle": "subtitle", "caption": "caption",
             "source": "source", "quote": "quote", "attribution": "attribution",
             "stat-value": "stat value", "stat-label": "stat label",
             "column-heading": "column heading", "column-body": "column bullet",
             "cell": "table cell", "notes": "notes"}
    name = names.get(role, role)
    return f"{name} ({key_path(key)})" if key else name


def _deck_value(placed: mf.Placed, now: str) -> str:
    """The outline value a deck text stands for, as typed (spaces at either end kept):
    deckgen's affixes taken off when the co-presenter left them in place."""
    a, b = placed.affixes
    if now.startswith(a) and now.endswith(b) and len(now) >= len(a) + len(b):
        return now[len(a):len(now) - len(b)]
    text = now.strip()  # the affixes' own spaces were changed: the text without any
    if a and text.startswith(a.strip()):
        text = text[len(a.strip()):]
    if b and text.endswith(b.strip()):
        text = text[:len(text) - len(b.strip())]
    return text.strip()


def _generated_hint(placed: mf.Placed, record: mf.SlideRecord) -> str:
    if record.kind == "agenda":
        return "the agenda lists the chapter titles: edit the chapter titles instead"
    if record.kind == "sources":
        return "the sources slide collects each slide's `sources:`: edit those instead"
    if record.kind == "section":
        return "the chapter number and presenter line is made from the chapter's `presenter:`"
    if placed.role == "cell":
        return "this table comes from a CSV file: edit the CSV file instead"
    if record.continued:
        return "a continued slide's title follows the slide it continues: edit that title"
    return "deckgen wrote this text itself; it has no place in the outline"


class _Merger:
    def __init__(self, outline: _Outline, merge: Merge, language: str) -> None:
        self.o = outline
        self.m = merge
        self.lang = language
        self.pending: dict[Path, dict[Key, Any]] = {}
        self.texts: list[Key] = []  # outline keys given a deck's text: must be text keys

    def edit(self, file: Path, key: Key, line: int, column: int, n: int, what: str, old: str,
             new: str) -> None:
        """Note an edit written into a file (the caller put it in `pending`)."""
        self.m.edits.append(Edit(file, key, line, column, n, what, old, new))

    def conflict(self, file: Path, line: int, column: int, n: int, what: str, deck: str,
                 outline: str, why: str = "") -> None:
        self.m.conflicts.append(Conflict(file, line, column, n, what, deck, outline, why))

    def unmapped(self, n: int, message: str, kind: str = "") -> None:
        self.m.unmapped.append(Unmapped(n, message, kind=kind))

    def text(self, record: mf.SlideRecord, placed: mf.Placed | None, now: str | None) -> None:
        n = record.number
        if placed is None:
            self.m.unmapped.append(Unmapped(n, f"slide {n}: a paragraph was added: "
                                               f"'{_short(now or '')}'; add it to the outline"))
            return
        if now is None:
            self.m.unmapped.append(Unmapped(n, f"slide {n}: the {_what(placed, None)} "
                                               f"'{_short(placed.text)}' was deleted in the "
                                               "deck; delete it in the outline if you agree"))
            return
        if placed.key is None:
            self.m.unmapped.append(Unmapped(n, f"slide {n}: '{_short(placed.text)}' was "
                                               f"changed to '{_short(now)}', but "
                                               + _generated_hint(placed, record)))
            return
        if placed.key == ("deck", "authors"):
            self._authors(record, placed, now)
            return
        if placed.key == ("deck", "event") and placed.affixes[1]:
            self._event(record, placed, now)
            return
        self.value(n, placed.key, _what(placed, placed.key), placed.value,
                   _deck_value(placed, now))

    def _event(self, record: mf.SlideRecord, placed: mf.Placed, now: str) -> None:
        """The title slide's "event · date" line: each part to its key."""
        sep = texts(self.lang)["info_sep"]
        date = placed.affixes[1][len(sep):] if placed.affixes[1].startswith(sep) else ""
        parts = (now.split(sep) if now.count(sep) == 1 else
            [x.strip() for x in now.split(sep.strip())])
        if len(parts) != 2 or not date:
            self.m.unmapped.append(Unmapped(record.number, f"slide {record.number}: the "
                                            f"event and date line became '{_short(now)}'; "
                                            "edit deck.event and deck.date in the outline"))
            return
        self.value(record.number, ("deck", "event"), "event (deck.event)", placed.value,
                   parts[0])
        self.value(record.number, ("deck", "date"), "date (deck.date)", date, parts[1])

    def _authors(self, record: mf.SlideRecord, placed: mf.Placed, now: str) -> None:
        sep = texts(self.lang)["authors_sep"]
        built = placed.value.split(sep)
        names = [x.strip() for x in now.strip().split(sep.strip() or " ") if x.strip()]
        if len(names) != len(built):
            self.m.unmapped.append(Unmapped(record.number, f"slide {record.number}: the "
                                            f"authors line became '{_short(now)}'; edit "
                                            "deck.authors in the outline"))
            return
        for i, (b, new) in enumerate(zip(built, names)):
            self.value(record.number, ("deck", "authors", i), "author", b.strip(), new)

    def value(self, n: int, key: Key, what: str, base: str, theirs: str) -> None:
        """A text merged three ways, compared as written (spaces at either end count)."""
        raw = self.o.value(key)
        ours = as_text(raw) if raw is not _MISSING else None
        if theirs == base:
            return
        file, local, line, col = self.o.where(key)
        if ours is None:
            self.m.unmapped.append(Unmapped(n, f"slide {n}: the {what} was edited in the "
                                               "deck but the outline no longer has it: "
                                               f"'{_short(theirs)}'"))
            return
        shown = shown_text(ours)  # the text as build reads it
        if shown == theirs:
            return  # already in the outline
        if shown != base:
            self.m.conflicts.append(Conflict(file, line, col, n, what, theirs, shown))
            return
        # keep the outline's own line breaks at either end (a block scalar's last newline)
        new = (ours[:len(ours) - len(ours.lstrip("\r\n"))] + theirs +
            ours[len(ours.rstrip("\r\n")):])
        self.pending.setdefault(file, {})[local] = new
        self.texts.append(key)
        self.m.edits.append(Edit(file, local, line, col, n, what, shown, theirs, key))

    def notes(self, record: mf.SlideRecord, now: str) -> None:
        n = record.number
        added = record.notes_added
        built = record.notes
        own_built = built[:len(built) - len(added)].strip() if added and built.endswith(
            added) else built
        deck = now.strip()
        if added and deck.endswith(added):
            deck = deck[:len(deck) - len(added)].strip()
        if record.notes_key is None:
            self._new_notes(record, own_built, deck)
            return
        self.value(n, record.notes_key, "notes", own_built, deck)

    def _new_notes(self, record: mf.SlideRecord, built: str, deck: str) -> None:
        """Notes typed over the ones deckgen made up: into the key that holds them."""
        n = record.number
        home = generated.notes_home(record)
        if home is None:
            self.m.unmapped.append(Unmapped(n, f"slide {n}: the notes were rewritten, but "
                                               "deckgen writes this slide's notes itself and "
                                               "the outline has no place for them: "
                                               f"{_short(deck, 60)}", kind="notes"))
            return
        if self.o.value(home) is not _MISSING:  # the outline has them by now
            self.value(n, home, f"notes ({key_path(home)})", built, deck)
            return
        if deck == built:
            return
        file, local, line, col = self.o.where(home)
        # notes of many lines end with a line break: a `|` block, as people write notes
        self.pending.setdefault(file, {})[local] = NewKey(
            deck + "\n" if "\n" in deck else deck, generated.after(record))
        self.m.edits.append(Edit(file, local, line, col, n, f"notes (new: {key_path(home)})",
                                 "", deck))


def _short(text: str, n: int = 40) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[:n - 1] + "…"


def merge_deck(deck: Path, *, outline: Path | None = None, add_slides: bool = False,
               delete_slides: bool = False) -> tuple[Merge, dict[Path, dict[Key, Any]], Plan]:
    """What pulling a deck would change: the merge report, the edits per file and the
    structural changes (moves, slides deleted and added, bullets typed and deleted)."""
    try:
        read = read_deck(deck)
    except PackageProblem as exc:
        raise PullError(str(exc)) from None
    except OSError as exc:
        raise PullError(f"cannot read {display_name(deck)}: {exc.strerror or exc}") from None
    except Exception as exc:  # not a zip, damaged XML
        raise PullError(f"{display_name(deck)} is not a readable .pptx ({type(exc).__name__}: "
                        f"{exc})") from None
    if read.manifest_problem:
        raise PullError(f"{display_name(deck)}: {read.manifest_problem}; its texts cannot be "
                        "matched to the outline")
    if read.manifest is None:
        raise PullError(f"{display_name(deck)} has no deckgen manifest: it was not built by "
                        "this version of deckgen (or its document properties were removed), "
                        "so its texts cannot be matched to the outline")
    path = find_outline(deck, read.manifest, outline)
    o = _Outline(path)
    if outline is None:
        check_resemblance(deck, path, *_resemblance(o, read.manifest))
    language = str(_at(o.source.data, ("deck", "language")))
    language = language if language and language != str(_MISSING) else "zh-CN"
    merge = Merge(deck, path, digest=read.digest)
    merger = _Merger(o, merge, language)
    planner = Planner(o, read, language, deck=deck, add_slides=add_slides,
                      delete_slides=delete_slides)
    for change in diff.diff(read):
        if change.record is None or change.slide is None:
            continue  # slides added or deleted by hand: the planner's, with the moves
        record, texts_ = planner.relocate(change.record, change.texts)
        for t in texts_:
            if t.built is None or t.now is None:
                planner.paragraph(record, t)  # a bullet typed or deleted
            else:
                merger.text(record, t.built, t.now)
        if change.notes is not None:
            merger.notes(record, change.notes)
    merge_parts(merger, read)  # charts' data; formatting, pictures and footers reported
    _only_texts(deck, o, merge, merger.texts)
    plan = planner.finish()
    plan.outline = o
    merge.unmapped += [Unmapped(n, message, yaml, kind) for n, message, yaml, kind in
                       plan.unmapped]
    return merge, merger.pending, plan


def _only_texts(deck: Path, o: _Outline, merge: Merge, keys: list[Key]) -> None:
    """Refuse a deck whose manifest would write a text (`keys`: where the merge of texts
    puts one) into anything but a text of the outline model (a setting, a number, a file
    name): see textkeys. Writers of other values (chart numbers) check their own."""
    from .textkeys import OutlineInvalid, not_text

    try:
        bad = not_text(o.source.data, keys)
    except OutlineInvalid as exc:
        raise PullError(f"{display_name(merge.outline)} does not pass `deckgen check` ({exc}); "
                        "fix it, then pull again") from None
    for e in merge.edits:
        if e.outline_key in bad:
            raise PullError(f"{display_name(deck)}: its manifest ties slide {e.slide}'s text "
                            f"to {key_path(e.outline_key)}, which is not a text of the outline "
                            "(a setting, number or file name); nothing was written")


