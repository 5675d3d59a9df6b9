"""How a returned deck differs from what deckgen built: slides paired by content and
order, paragraphs aligned, notes compared."""

from __future__ import annotations

from collections.abc import Sequence

from ..frozen import frozen
from ..manifest import Placed, SlideRecord
from . import moves
from .align import align
from .looks import changes
from .readdeck import DeckSlide, DeckTexts
from .shapes import paragraphs


@frozen
class TextChange:
    """One text that differs between the deck as built and as it is now."""

    built: Placed | None  # None: a paragraph added in the deck
    now: str | None  # None: the paragraph was deleted
    level: int = 0  # an added paragraph's outline level in the deck
    after: Placed | None = None  # an added paragraph: the built one before it in its shape
    before: Placed | None = None  # … and after it
    after_text: str = ""  # what those two say in the deck now
    before_text: str = ""


@frozen
class SlideDiff:
    """How one slide of a deck differs from what deckgen built there."""

    record: SlideRecord | None  # None: a slide added by hand
    slide: DeckSlide | None  # None: a slide deleted by hand
    texts: tuple[TextChange, ...] = ()
    notes: str | None = None  # the new notes when they changed
    after: SlideRecord | None = None  # for an added slide: the built slide before it
    moved: int = 0  # a slide moved in the deck: where it is now (1-based), else 0
    other: tuple[str, ...] = ()  # changes beyond texts and notes: chart data, formatting…

    @property
    def number(self) -> int:
        """The slide's number as built (or its place in the deck, for an added one)."""
        return self.record.number if self.record is not None else 0


def _level(p: Placed) -> int:
    return 1 if p.key is not None and len(p.key) > 1 and p.key[-2] == "sub" else 0


def text_changes(record: SlideRecord, slide: DeckSlide) -> list[TextChange]:
    """The paragraphs of a slide that changed, aligned by similarity and order (see
    :mod:`deckgen.pull.align`)."""
    built = [t for t in record.texts if t.text.strip()]
    drop = {f.strip() for f in (*record.furniture, *slide.furniture) if f.strip()}
    paras = paragraphs(slide.shapes)
    if [t for t, _, _ in paras] != list(slide.texts):  # no shapes read: one shape, level 0
        paras = [(t, 0, 0) for t in slide.texts]
    now = [p for p in paras if p[0].strip() and p[0].strip() not in drop]
    out: list[TextChange] = []
    steps = align([t.text for t in built], [t for t, _, _ in now],
                  old_levels=[_level(p) for p in built], new_levels=[lv for _, _, lv in now],
                  new_shapes=[sh for _, sh, _ in now])
    for st in steps:
        if st.old is not None and st.new is not None:
            # compared as written: spaces typed at either end are an edit too
            if built[st.old].text != now[st.new][0]:
                out.append(TextChange(built[st.old], now[st.new][0]))
        elif st.old is not None:
            out.append(TextChange(built[st.old], None))
        elif st.new is not None:
            paired = {x.old: x.new for x in steps if x.old is not None and x.new is not None}
            out.append(TextChange(
                None, now[st.new][0], now[st.new][2],
                None if st.after is None else built[st.after],
                None if st.before is None else built[st.before],
                "" if st.after is None else now[paired[st.after]][0].strip(),
                "" if st.before is None else now[paired[st.before]][0].strip()))
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
    """Built slides paired with the deck's slides by content, wherever they stand now
    (slide ids and part names change when LibreOffice saves a deck whose slides were
    moved, added or deleted; see :func:`deckgen.pull.moves.pair`); the built slides no
    longer there, and the deck's slides added by hand."""
    return moves.pair(records, slides, _similar)


def diff(deck: DeckTexts) -> list[SlideDiff]:
    """Every slide whose texts or notes differ from the manifest, slides added or deleted
    by hand included; empty for an untouched deck (or one without a manifest)."""
    m = deck.manifest
    if m is None:
        return []
    pairs, missing, extra = pair_slides(m.slides, deck.slides)
    out: list[SlideDiff] = []
    place = {id(s): n for n, s in enumerate(deck.slides, 1)}
    moved = moves.moved_records(pairs, deck.slides)
    for record, slide in pairs:
        texts = text_changes(record, slide)
        notes = None if _same_notes(record.notes, slide.notes) else slide.notes
        now = place[id(slide)] if record.number in moved else 0
        other = changes(m, record, slide.parts, edited_texts(texts))
        if texts or notes is not None or other or now:
            out.append(SlideDiff(record, slide, tuple(texts), notes, other=other, moved=now))
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
            moved = [f"moved (now slide {c.moved})"] if c.moved else []
            if c.texts:
                what.append(f"{len(c.texts)} text{'s' if len(c.texts) != 1 else ''}")
            if c.notes is not None:
                what.append("notes")
            said = [f"{' and '.join(what)} edited"] if what else []
            lines.append(f"slide {c.number} '{title(c.record)}': "
                         f"{'; '.join([*moved, *said, *c.other])}")
    return lines


def title(r: SlideRecord) -> str:
    first = next((t.text for t in r.texts if t.role == "title"), "")
    return first.split("\n")[0][:40]
