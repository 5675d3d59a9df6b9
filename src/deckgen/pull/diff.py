"""How a returned deck differs from what deckgen built: slides paired by content and
order, paragraphs aligned, notes compared."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from ..manifest import Placed, SlideRecord
from .looks import changes
from .readdeck import DeckSlide, DeckTexts


@dataclass(frozen=True)
class TextChange:
    """One text that differs between the deck as built and as it is now."""

    built: Placed | None  # None: a paragraph added in the deck
    now: str | None  # None: the paragraph was deleted


@dataclass(frozen=True)
class SlideDiff:
    """How one slide of a deck differs from what deckgen built there."""

    record: SlideRecord | None  # None: a slide added by hand
    slide: DeckSlide | None  # None: a slide deleted by hand
    texts: tuple[TextChange, ...] = ()
    notes: str | None = None  # the new notes when they changed
    after: SlideRecord | None = None  # for an added slide: the built slide before it
    other: tuple[str, ...] = ()  # changes beyond texts and notes: chart data, formatting…

    @property
    def number(self) -> int:
        """The slide's number as built (or its place in the deck, for an added one)."""
        return self.record.number if self.record is not None else 0


def _clean(texts: Sequence[str], furniture: Sequence[str]) -> list[str]:
    """The deck's paragraphs without empty ones and without the footer and slide number
    a viewer may have turned into plain text."""
    drop = {f.strip() for f in furniture if f.strip()}
    return [t for t in texts if t.strip() and t.strip() not in drop]


def text_changes(record: SlideRecord, slide: DeckSlide) -> list[TextChange]:
    """The paragraphs of a slide that changed, aligned by content and order."""
    built = [t for t in record.texts if t.text.strip()]
    now = _clean(slide.texts, (*record.furniture, *slide.furniture))
    # compared as written: leading and trailing spaces typed in the deck are an edit too
    a = [t.text for t in built]
    b = list(now)
    out: list[TextChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            out.extend(TextChange(built[i], now[j]) for i, j in zip(range(i1, i2), range(j1, j2)))
            continue
        out.extend(TextChange(built[i], None) for i in range(i1, i2))
        out.extend(TextChange(None, now[j]) for j in range(j1, j2))
    return out


def edited_texts(changes: Sequence[TextChange]) -> dict[int, str]:
    """The new text of each built paragraph whose text changed, by the id of its Placed."""
    return {id(c.built): c.now for c in changes if c.built is not None and c.now is not None}


def _same_notes(built: str, now: str) -> bool:
    return " ".join(built.split()) == " ".join(now.split())


def _texts_of(r: SlideRecord) -> set[str]:
    return {t.text.strip() for t in r.texts if t.text.strip()} | {r.notes.strip()} - {""}


def _similar(r: SlideRecord, s: DeckSlide) -> float:
    """How much of a built slide is still on a deck slide: shared texts (and notes)."""
    a, b = _texts_of(r), ({t.strip() for t in s.texts if t.strip()} | {s.notes.strip()}) - {""}
    return len(a & b) / max(len(a), len(b), 1)


def pair_slides(records: Sequence[SlideRecord], slides: Sequence[DeckSlide]) -> tuple[
        list[tuple[SlideRecord, DeckSlide]], list[SlideRecord], list[DeckSlide]]:
    """Built slides paired with the deck's slides by content and order (slide ids and part
    names change when LibreOffice saves a deck whose slides were moved, added or deleted);
    the built slides no longer there, and the deck's slides added by hand."""
    if len(records) == len(slides) and all(
            _similar(r, s) > 0 for r, s in zip(records, slides)):
        return list(zip(records, slides)), [], []
    n, k = len(records), len(slides)
    # best alignment in order: a pair scores what the two share, plus a little so that an
    # edited slide between two kept ones pairs rather than counting as deleted and added
    score = [[0.0] * (k + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            sim = _similar(records[i], slides[j])
            score[i][j] = max(score[i + 1][j + 1] + sim + 0.01, score[i + 1][j],
                              score[i][j + 1])
    pairs, missing, extra = [], [], []
    i = j = 0
    while i < n and j < k:
        sim = _similar(records[i], slides[j])
        if abs(score[i][j] - (score[i + 1][j + 1] + sim + 0.01)) < 1e-9:
            pairs.append((records[i], slides[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            missing.append(records[i])
            i += 1
        else:
            extra.append(slides[j])
            j += 1
    missing += records[i:]
    extra += slides[j:]
    return pairs, missing, extra


def diff(deck: DeckTexts) -> list[SlideDiff]:
    """Every slide whose texts or notes differ from the manifest, slides added or deleted
    by hand included; empty for an untouched deck (or one without a manifest)."""
    m = deck.manifest
    if m is None:
        return []
    pairs, missing, extra = pair_slides(m.slides, deck.slides)
    out: list[SlideDiff] = []
    for record, slide in pairs:
        texts = text_changes(record, slide)
        notes = None if _same_notes(record.notes, slide.notes) else slide.notes
        other = changes(m, record, slide.parts, edited_texts(texts))
        if texts or notes is not None or other:
            out.append(SlideDiff(record, slide, tuple(texts), notes, other=other))
    out.extend(SlideDiff(r, None) for r in missing)
    paired = {id(s): r for r, s in pairs}
    added = {id(s) for s in extra}
    last: SlideRecord | None = None
    for s in deck.slides:  # each added slide, with the built slide it follows
        if id(s) in paired:
            last = paired[id(s)]
        elif id(s) in added:
            out.append(SlideDiff(None, s, after=last))
    return out


def describe(changes: Sequence[SlideDiff]) -> list[str]:
    """One line per changed slide, for messages."""
    lines = []
    for c in changes:
        if c.record is None:
            first = next((t for t in (c.slide.texts if c.slide else ()) if t.strip()), "")
            lines.append(f"a slide added by hand ('{first[:40]}')")
        elif c.slide is None:
            lines.append(f"slide {c.number} '{title(c.record)}' was deleted")
        else:
            what = []
            if c.texts:
                what.append(f"{len(c.texts)} text{'s' if len(c.texts) != 1 else ''}")
            if c.notes is not None:
                what.append("notes")
            said = [f"{' and '.join(what)} edited"] if what else []
            lines.append(f"slide {c.number} '{title(c.record)}': "
                         f"{'; '.join([*said, *c.other])}")
    return lines


def title(r: SlideRecord) -> str:
    first = next((t.text for t in r.texts if t.role == "title"), "")
    return first.split("\n")[0][:40]
