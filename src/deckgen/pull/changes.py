"""Every way a returned deck differs from what deckgen wrote, one line per slide (texts,
notes, formatting, charts, pictures, other objects, slides added or deleted) and per
deck-wide part: what the build guard names when it refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import opc
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
        what.append("chart data edited")
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


_SPREAD = 3
"""More slides than this with only their formatting changed are named in one line."""
_FORMATTING = ("formatting", "notes formatting", "chart formatting")


def _with_findings(raw: list[str], found: tuple[str, ...], kinds: set[str]) -> list[str]:
    """A slide's changes: its texts and notes, pull's own findings (`found`, of `kinds`:
    chart data, bold, a picture moved… see looks.py), then what the hashes show beyond."""
    texts = [w for w in raw if w.endswith(" edited") and w != "chart data edited"]
    out = texts + [f for f in found if f not in texts]
    for w in raw:
        if w in out:
            continue
        if w == "formatting" and kinds:
            continue  # the slide's XML changed with what pull named
        if w.startswith("chart") and any("chart" in f for f in found):
            continue
        if w.startswith("picture") and "picture" in kinds:
            continue
        if w.startswith("a text deckgen does not track") and "footer" in kinds:
            continue
        out.append(w)
    return out


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 as "1–3, 5"."""
    out: list[str] = []
    for n in sorted(numbers):
        if out and out[-1].split("–")[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('–')[0]}–{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def _lines(per_slide: list[tuple[int, str, list[str]]], saved_by: str) -> list[str]:
    """A line per slide; formatting changed on many slides (a program that rewrites every
    slide when it saves) in one line of slide numbers instead."""
    spread = {f: [n for n, _, what in per_slide if f in what] for f in _FORMATTING}
    collapse = {f for f, ns in spread.items() if len(ns) > _SPREAD}
    lines = []
    for _, label, what in per_slide:
        rest = [w for w in what if w not in collapse]
        if rest:
            lines.append(f"{label}: {', '.join(rest)}")
    by = f" (saved by {saved_by}, which rewrites every slide)" if saved_by else ""
    groups: dict[str, list[str]] = {}  # the same slides: one line
    for f in _FORMATTING:
        if f in collapse:
            groups.setdefault(_ranges(spread[f]), []).append(f)
    lines += [f"{' and '.join(fs)} on slides {where}{by}" for where, fs in groups.items()]
    return lines


def describe(read: DeckTexts, built: Print | None, now: Print, saved_by: str = "") -> list[str]:
    """One line per changed slide, then the deck-wide parts; `built` is the record of what
    deckgen wrote (None: unknown, then only texts are compared); `saved_by`: the program
    that saved the deck last, when not deckgen."""
    m = read.manifest
    lines: list[str] = []
    if m is None:
        if read.manifest_problem:
            lines.append(read.manifest_problem)
        else:
            lines.append("the deck's manifest was removed")
        if built is not None:
            lines += _by_id(built, now, saved_by)
        return lines
    changes = {id(c.record): c for c in diff.diff(read) if c.record is not None
               and c.slide is not None}
    pairs, missing, extra = diff.pair_slides(m.slides, read.slides)
    per_slide = []
    for record, slide in pairs:
        c = changes.get(id(record))
        what = _with_findings(
            _aspects(built.slide(record.slide_id) if built else None, now.slide(slide.slide_id),
                     len(c.texts) if c else 0, bool(c and c.notes is not None)),
            c.other if c else (), _kinds(m, record, slide, c))
        per_slide.append((record.number, f"slide {record.number} '{diff.title(record)}'", what))
    lines += _lines(per_slide, saved_by)
    lines += [f"slide {r.number} '{diff.title(r)}' was deleted" for r in missing]
    lines += [_added(s) for s in extra]
    if built is None:
        lines.append("deckgen has no record of this deck's parts (built by an earlier "
                     "deckgen?), so changes beyond its texts cannot be ruled out")
    else:
        lines += _deck_wide(built, now)
    return lines


def _kinds(m: Any, record: Any, slide: DeckSlide, c: diff.SlideDiff | None) -> set[str]:
    """The kinds of pull's own findings on a slide (formatting, picture, footer)."""
    from .looks import slide_findings

    if c is None or not c.other or slide.parts is None:
        return set()
    edited = diff.edited_texts(list(c.texts))
    return {f.kind for f in slide_findings(m, record, slide.parts, edited)} | (
        {"footer"} if "footer edited" in c.other else set())


def saved_by(pkg: Any) -> str:
    """The program that saved a package last (its extended properties' Application), when
    it is not deckgen; "" when unknown."""
    part = opc.target_of_kind(pkg, "", "extended-properties")
    root = opc.read_if(pkg, part) if part else None
    if root is None:
        return ""
    app = next((el.text or "" for el in root if isinstance(el.tag, str)
                and el.tag.endswith("}Application")), "").strip()
    app = app.split("$")[0].replace("/", " ")  # LibreOffice/7.4.7.2$Linux_X86_64 …
    return "" if app == "deckgen" else app[:60]


def _by_id(built: Print, now: Print, saved_by: str) -> list[str]:
    """Slides compared by id, for a deck without a manifest (texts unknown)."""
    ids = [sid for sid, _ in now.slides]
    per_slide = []
    missing = []
    for n, (sid, b) in enumerate(built.slides, start=1):
        cur = now.slide(sid)
        if cur is None:
            missing.append(f"slide {n} was deleted")
            continue
        per_slide.append((n, f"slide {n}", _aspects(b, cur, known_texts=False)))
    lines = _lines(per_slide, saved_by) + missing
    known = {sid for sid, _ in built.slides}
    added = [sid for sid in ids if sid not in known]
    if added:
        lines.append(f"{len(added)} slide{'s' if len(added) != 1 else ''} added by hand")
    if [s for s in ids if s in known] != [s for s, _ in built.slides if s in ids]:
        lines.append("the slides were put in another order")
    return lines + list(_deck_wide(built, now))
