"""The structural changes a pull plans and applies, as plain data: chapters and slides
moved, slides deleted and added, bullets typed and deleted; and the report of what was
done."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..frozen import frozen
from ..source import Key
from .infer import Inferred


def short(text: str, n: int = 40) -> str:
    """A text on one line, cut to n characters."""
    one = " ".join(text.split())
    return one if len(one) <= n else one[:n - 1] + "…"


def text_of(value: Any) -> str | None:
    """An outline value as text (numbers and dates as written), None for anything else."""
    from ..rules import as_text

    if value is None or isinstance(value, (bool, dict, list)):
        return None
    got = as_text(value)
    return got if isinstance(got, str) else None


class OutlineView(Protocol):
    """The outline as merge reads it (merge._Outline)."""

    source: Any

    def value(self, key: Key) -> Any: ...

    def where(self, key: Key) -> tuple[Path, Key, int, int]: ...


@frozen
class Reshaped:
    """A change to the outline's structure a pull made: where, and what, with the lines
    added or removed."""

    file: Path
    line: int
    slide: int
    message: str
    lines: tuple[str, ...] = ()
    kind: str = ""  # "slide moved", "chapter moved", "slide added", "bullet deleted" …


@frozen
class NewSlide:
    """A slide added by hand, to be inserted: its outline data and files (a picture)."""

    inferred: Inferred
    number: int  # its place in the deck
    files: tuple[tuple[Path, bytes], ...] = ()


Ident = tuple[int, int] | NewSlide
"""A slide of the outline by its chapter and place at the start of the pull, or a new one."""


@frozen
class MoveChapter:
    """A chapter moved after another (None: first)."""

    chapter: int
    after: int | None
    number: int
    title: str


@frozen
class DeleteSlide:
    """A slide deleted (with --delete-slides)."""

    slide: tuple[int, int]
    number: int
    title: str


@frozen
class DeleteChapter:
    """A whole chapter deleted (with --delete-slides)."""

    chapter: int
    number: int
    title: str


@frozen
class PlaceSlide:
    """A slide moved, or added, after another of a chapter (None: first)."""

    entry: Ident
    chapter: int
    after: Ident | None
    number: int  # as built (for a new slide: its place in the deck)
    now: int  # its place in the deck
    title: str


@frozen
class BulletOp:
    """A bullet typed (text) or deleted (text None) in a list of the outline."""

    list_key: Key  # the list, as the outline has it at the start of the pull
    index: int
    text: str | None
    slide: int
    old: str = ""
    seq: int = 0
    near: str = ""  # where it goes, in words: "after '…'", "under '…'"


@dataclass
class Plan:
    """Every structural change to make, and what cannot be made (slide, message, YAML to
    paste, kind)."""

    chapters: list[MoveChapter | DeleteChapter] = field(default_factory=list)
    deletes: list[DeleteSlide] = field(default_factory=list)
    places: list[PlaceSlide] = field(default_factory=list)
    bullets: list[BulletOp] = field(default_factory=list)
    unmapped: list[tuple[int, str, str, str]] = field(default_factory=list)
    outline: Any = None  # the OutlineView it was planned against

    def note(self, slide: int, message: str, yaml: str = "", kind: str = "") -> None:
        self.unmapped.append((slide, message, yaml, kind))


