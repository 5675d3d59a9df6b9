"""Notes written on a slide whose notes deckgen made up (the title, agenda and closing
slides, a chapter divider or a slide without `notes:`): they get the outline key that
holds that slide's notes, added where the outline lacks it."""

from __future__ import annotations

from ..manifest import SlideRecord
from ..rules import CONTENT_KEYS
from ..source import Key

AFTER: dict[str, tuple[str, ...]] = {
    "title": ("title", "subtitle", "authors", "event", "date"),
    "closing": ("title", "subtitle"),
    "section": ("title", "presenter"),
}
"""The keys a new `notes:` goes after, per kind of slide (content slides: after the
content, before `sources:`)."""


def notes_home(record: SlideRecord) -> Key | None:
    """The outline key that holds a slide's notes (None: a slide whose notes have no place
    in the outline: the sources slide, a continued slide)."""
    if record.continued:
        return None
    match record.kind:
        case "title":
            return ("deck", "notes")
        case "agenda":
            return ("deck", "agenda", "notes")
        case "closing":
            return ("deck", "closing", "notes")
        case "sources":
            return None
        case _:
            return (*record.key, "notes")


def after(record: SlideRecord) -> tuple[str, ...]:
    """The keys a new `notes:` for this slide goes after."""
    return AFTER.get(record.kind, ("title", *CONTENT_KEYS))
