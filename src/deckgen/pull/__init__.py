"""`deckgen pull`: a co-presenter's edits to a built deck, merged back into the outline.

A three-way merge per text: the text as built (the deck's manifest), the outline now and
the deck now. Changed only in the deck: written into the outline file it came from, in
place (only that value's text changes, see :mod:`deckgen.yamledit`). Changed only in the
outline: kept. Changed in both, differently: a conflict, shown with both versions; the
outline keeps its text. The structure comes back too (:mod:`deckgen.pull.structure`):
moved slides and chapters, bullets typed and deleted, and with flags slides added and
deleted. Whatever cannot be mapped back (texts deckgen made up, slides added or deleted
without the flags, moves that cannot be made) is listed, never dropped silently."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .merge import Merge

# What `deckgen.pull` offers, each from the module that holds it, imported on first use:
# a build only looks for an interrupted pull (journal.py) and should not load the merge.
_EXPORTS = {"Conflict": "merge", "Edit": "merge", "Merge": "merge", "PullError": "merge",
            "Unmapped": "merge", "find_outline": "merge", "merge_deck": "merge",
            "Pulled": "ack", "remember": "ack", "status": "ack", "apply": "writeback"}
__all__ = [*_EXPORTS, "pull"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    try:
        return importlib.import_module(f".{name}", __name__)  # pull.merge and the like
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def pull(decks: Sequence[Path], *, outline: Path | None = None, dry_run: bool = False,
         add_slides: bool = False, delete_slides: bool = False,
         say: Callable[[str], None] | None = None
         ) -> tuple[list[Merge], dict[Path, tuple[str, str]]]:
    """Merge each deck's edits into the outline (`outline`, else the one in the working
    folder), deck after deck; the merges and every outline file's new text. A pull into it
    that a crash interrupted is finished or rolled back first (`say` is told)."""
    from ..source import Key
    from .ack import remember
    from .confine import beside, default_outline
    from .journal import recover
    from .merge import Conflict, merge_deck
    from .ops import Plan
    from .writeback import apply

    note = recover(outline or (beside(decks[0]) if decks else None) or default_outline())
    if note and say is not None:
        say(note)
    merges = []
    plans: list[tuple[dict[Path, dict[Key, Any]], Plan, Merge]] = []
    for deck in decks:
        merge, pending, plan = merge_deck(deck, outline=outline, add_slides=add_slides,
                                          delete_slides=delete_slides)
        # decks merged in turn: a later deck sees the earlier decks' edits as the outline's
        for file, edits in pending.items():
            for prior, _, _ in plans:
                clash = set(prior.get(file, {})) & set(edits)
                for k in clash:
                    if prior[file][k] != edits[k]:
                        e = next(x for x in merge.edits if x.file == file and x.key == k)
                        merge.edits.remove(e)
                        merge.conflicts.append(Conflict(file, e.line, e.column, e.slide,
                                                        e.what, e.new,
                                                        str(prior[file][k]).strip()))
                    edits.pop(k, None)
        merges.append(merge)
        plans.append((pending, plan, merge))
    texts_ = apply(plans, dry_run=dry_run)
    if not dry_run:
        for m in merges:
            remember(m.outline, m.deck, m.digest, m.complete, m.left_behind())
    return merges, texts_
