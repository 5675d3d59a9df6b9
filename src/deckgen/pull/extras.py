"""The part of a deck's merge beyond texts and notes: native charts' data brought back
(:mod:`.charts`), and what the outline cannot hold reported per slide (:mod:`.looks`):
formatting, pictures, footers."""

from __future__ import annotations

from typing import Any

from . import looks
from .charts import merge_charts
from .diff import edited_texts, pair_slides, text_changes
from .readdeck import DeckTexts


def merge_parts(merger: Any, read: DeckTexts) -> None:
    """Charts merged, and every formatting, picture and footer change reported."""
    m = read.manifest
    if m is None:
        return
    pairs, _, _ = pair_slides(m.slides, read.slides)
    merge_charts(merger, pairs)
    footers = []
    for record, slide in pairs:
        parts = slide.parts
        if parts is None:
            continue
        edited = edited_texts(text_changes(record, slide))
        for f in looks.slide_findings(m, record, parts, edited):
            merger.unmapped(record.number, f.message, f.kind)
        footer = looks.footer(record, parts)
        if footer:
            footers.append((record.number, footer))
    for f in looks.footer_findings(footers):
        merger.unmapped(footers[0][0], f.message, f.kind)
