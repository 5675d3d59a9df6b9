"""Every way a returned deck differs from what deckgen wrote, one line per slide (texts,
notes, formatting, charts, pictures, other objects, slides added or deleted) and per
deck-wide part: what the build guard names when it refuses."""

from __future__ import annotations

from collections.abc import Iterator

from ..fingerprint import Print, SlidePrint
from . import diff
from .readdeck import DeckSlide, DeckTexts


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _aspects(built: SlidePrint | None, now: SlidePrint | None, texts: int = 0,
             notes: bool = False, known_texts: bool = True) -> list[str]:
    """What changed on one slide, in words."""
    edited = ([_plural(texts, "text")] if texts else []) + (["notes"] if notes else [])
    what = [" and ".join(edited) + " edited"] if edited else []
    if built is None or now is None:
        return what
    if built.form != now.form:
        what.append("formatting" if known_texts else "texts or formatting")
    elif built.slide != now.slide and not texts:
        what.append("a text deckgen does not track (footer, slide number)" if known_texts
                    else "texts")
    if built.notes != now.notes and not notes:
        what.append("notes formatting" if built.notes_form != now.notes_form or known_texts
                    else "notes")
    if built.chart_data != now.chart_data:
        what.append("chart data")
    elif built.charts != now.charts:
        what.append("chart formatting")
    if len(built.pictures) < len(now.pictures):
        what.append("picture added")
    elif len(built.pictures) > len(now.pictures):
        what.append("picture removed")
    elif built.pictures != now.pictures:
        what.append("picture replaced")
    if built.other != now.other:
        what.append("comments or embedded objects")
    return what


def _deck_wide(built: Print, now: Print) -> Iterator[str]:
    if built.design != now.design:
        yield "the slide masters, layouts or theme"
    a, b = dict(built.document), dict(now.document)
    changed = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
    if changed:
        names = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3
                                          else "")
        yield f"the deck's own settings or properties ({names})"


def _added(slide: DeckSlide) -> str:
    first = next((t for t in slide.texts if t.strip()), "")
    return f"a slide added by hand ('{first[:40]}')"


def describe(read: DeckTexts, built: Print | None, now: Print) -> list[str]:
    """One line per changed slide, then the deck-wide parts; `built` is the record of what
    deckgen wrote (None: unknown, then only texts are compared)."""
    m = read.manifest
    lines: list[str] = []
    if m is None:
        if read.manifest_problem:
            lines.append(read.manifest_problem)
        else:
            lines.append("the deck's manifest was removed")
        if built is not None:
            lines += _by_id(built, now)
        return lines
    changes = {id(c.record): c for c in diff.diff(read) if c.record is not None
               and c.slide is not None}
    pairs, missing, extra = diff.pair_slides(m.slides, read.slides)
    for record, slide in pairs:
        c = changes.get(id(record))
        what = _aspects(built.slide(record.slide_id) if built else None,
                        now.slide(slide.slide_id),
                        len(c.texts) if c else 0, bool(c and c.notes is not None))
        if what:
            lines.append(f"slide {record.number} '{diff.title(record)}': {', '.join(what)}")
    lines += [f"slide {r.number} '{diff.title(r)}' was deleted" for r in missing]
    lines += [_added(s) for s in extra]
    if built is None:
        lines.append("deckgen has no record of this deck's parts (built by an earlier "
                     "deckgen?), so changes beyond its texts cannot be ruled out")
    else:
        lines += _deck_wide(built, now)
    return lines


def _by_id(built: Print, now: Print) -> list[str]:
    """Slides compared by id, for a deck without a manifest (texts unknown)."""
    lines = []
    ids = [sid for sid, _ in now.slides]
    for n, (sid, b) in enumerate(built.slides, start=1):
        cur = now.slide(sid)
        if cur is None:
            lines.append(f"slide {n} was deleted")
            continue
        what = _aspects(b, cur, known_texts=False)
        if what:
            lines.append(f"slide {n}: {', '.join(what)}")
    known = {sid for sid, _ in built.slides}
    added = [sid for sid in ids if sid not in known]
    if added:
        lines.append(f"{len(added)} slide{'s' if len(added) != 1 else ''} added by hand")
    if [s for s in ids if s in known] != [s for s, _ in built.slides if s in ids]:
        lines.append("the slides were put in another order")
    return lines + list(_deck_wide(built, now))
