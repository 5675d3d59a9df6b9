"""Which returned decks were pulled into an outline: build treats a deck whose texts were
all pulled as up to date."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from .readdeck import DeckTexts, read_deck

PULLED = "pulled.json"
"""Fingerprints of the decks pulled into an outline, in its cache folder: build treats a
deck whose texts were pulled as up to date."""


# -------------------------------------------------------------------- acknowledging


def fingerprint(read: DeckTexts) -> str:
    """A hash of a deck's texts and notes (what a pull looked at)."""
    blob = json.dumps([[s.slide_id, list(s.texts), s.notes] for s in read.slides],
                      ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _pulled_file(outline: Path) -> Path:
    from ..pipeline import cache_dir_for, default_output

    return cache_dir_for(default_output(outline)) / PULLED


def remember(outline: Path, decks: Sequence[Path]) -> None:
    """Note that these decks' texts were pulled into the outline."""
    path = _pulled_file(outline)
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    for deck in decks:
        known[fingerprint(read_deck(deck.read_bytes()))] = str(deck.name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        pass


def was_pulled(outline: Path, read: DeckTexts) -> bool:
    """Whether a deck's texts, as they are now, were pulled into this outline."""
    try:
        known = json.loads(_pulled_file(outline).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return fingerprint(read) in known


