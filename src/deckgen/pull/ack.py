"""Which returned decks were pulled into an outline, and whether completely: build treats a
deck whose every change is in the outline as up to date, and keeps protecting one that a
pull left something of (a conflict, a paragraph or slide not merged, formatting)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..frozen import frozen
from ..paths import outline_cache
from ..safezip import DECK, open_regular

PULLED = "pulled.json"
"""The decks pulled into an outline, in its cache folder: by the deck's content digest
(readdeck.content_digest), its name, whether the pull was complete and what it left."""
KEEP = 200  # entries kept, the newest
LEFT = 12  # lines of what a pull left behind kept per deck


@frozen
class Pulled:
    """A deck as it was pulled into an outline."""

    deck: str
    complete: bool  # every change in it is in the outline
    left: tuple[str, ...] = ()  # what is not, one line each


def _load(path: Path) -> dict[str, Any]:
    try:
        with open_regular(path, DECK, PULLED) as f:
            known = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def remember(outline: Path, deck: Path, digest: str, complete: bool,
             left: list[str]) -> None:
    """Note that the deck with this content digest was pulled into the outline, and
    whether completely (Merge.complete) and what it left (Merge.left_behind)."""
    if not digest:
        return
    path = outline_cache(outline) / PULLED
    known = _load(path)
    known.pop(digest, None)  # newest last
    known[digest] = {"deck": deck.name, "complete": complete, "left": left[:LEFT]}
    while len(known) > KEEP:
        known.pop(next(iter(known)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}-{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # then build keeps protecting the deck: safe, if a nuisance


def status(outline: Path, digest: str) -> Pulled | None:
    """How the deck with this content digest was pulled into the outline, if it was."""
    entry = _load(outline_cache(outline) / PULLED).get(digest) if digest else None
    if not isinstance(entry, dict):
        return None
    left = entry.get("left")
    return Pulled(str(entry.get("deck", "")), entry.get("complete") is True,
                  tuple(str(x) for x in left) if isinstance(left, list) else ())
