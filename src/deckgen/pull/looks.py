"""What a co-presenter changed on a slide that the outline cannot hold: formatting (bold,
italic, underline, strikethrough, colour, size, typeface, alignment), pictures replaced,
moved or resized, an editable chart moved or resized, the footer edited. Each is reported,
per slide, never dropped silently.

A paragraph's formatting is compared with its look as built (the manifest) only where the
deck states it: an editor that writes out what a run inherits (LibreOffice writes the
bold and colour a title takes from its placeholder) states the same values the build
resolved, so a deck opened and saved unchanged shows no change."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..frozen import frozen
from ..manifest import Manifest, Placed, SlideRecord
from ..records import Box, Look, PictureRecord
from .deckparts import DeckPicture, Formatted, Run, SlideParts

SIZE_TOLERANCE = 0.15
"""Points a stated size may differ from the built one (LibreOffice keeps tenths)."""
BOX_TOLERANCE = 6350
"""EMU (half a point) a picture may move or grow before it counts (LibreOffice keeps
hundredths of a millimetre)."""
KEPT = "the next build will not overwrite the edited deck without keeping a copy"
ATTRIBUTES = ("bold", "italic", "underline", "strikethrough", "colour", "size", "typeface",
              "alignment")


@frozen
class Finding:
    """One kind of change on a slide: a few words (for the build guard's list) and the
    whole sentence (for pull)."""

    kind: str  # "formatting", "picture", "footer"
    brief: str
    message: str


def _run_changes(look: Look, run: Run) -> set[str]:
    out = set()
    if run.bold is not None and run.bold != look.bold:
        out.add("bold")
    if run.italic:
        out.add("italic")
    if run.underline:
        out.add("underline")
    if run.strike:
        out.add("strikethrough")
    if run.size is not None and abs(run.size - look.size) > SIZE_TOLERANCE:
        out.add("size")
    if run.color is not None and look.color and run.color != look.color.upper():
        out.add("colour")
    for stated, built in ((run.latin, look.latin), (run.east_asian, look.east_asian)):
        if stated and not stated.startswith("+") and built and stated != built:
            out.add("typeface")
    return out


def _changes(look: Look, para: Formatted) -> set[str]:
    out: set[str] = set()
    for run in para.runs:
        out |= _run_changes(look, run)
    if para.align is not None and para.align != look.align:
        out.add("alignment")
    return out


def _paired(record: SlideRecord, paras: Sequence[Formatted],
            edited: Mapping[int, str]) -> list[tuple[Placed, int, Formatted]]:
    """Built paragraphs with their look and the deck paragraph showing them now: the same
    text first, then an edited one (`edited`: the new text of each built paragraph whose
    text changed, by the id of its Placed)."""
    by_text: dict[str, list[Formatted]] = {}
    for p in paras:
        by_text.setdefault(p.text, []).append(p)
    out: list[tuple[Placed, int, Formatted]] = []
    left: list[tuple[Placed, int]] = []
    for placed, look in zip(record.texts, record.looks):
        found = by_text.get(placed.text)
        if found:
            out.append((placed, look, found.pop(0)))
        else:
            left.append((placed, look))
    for placed, look in left:
        now = edited.get(id(placed))
        if now is not None and by_text.get(now):
            out.append((placed, look, by_text[now].pop(0)))
    return out


def formatting(record: SlideRecord, parts: SlideParts, edited: Mapping[int, str],
               looks: Sequence[Look]) -> Finding | None:
    """The formatting changed on a slide's texts, in one finding."""
    if not record.looks or len(record.looks) != len(record.texts):
        return None
    seen: dict[str, list[str]] = {}
    for placed, look, para in _paired(record, parts.paragraphs, edited):
        if look >= len(looks) or not placed.text.strip():
            continue
        for attr in _changes(looks[look], para):
            seen.setdefault(attr, []).append(para.text)
    if not seen:
        return None
    attrs = [a for a in ATTRIBUTES if a in seen]
    shown = list(dict.fromkeys(t for a in attrs for t in seen[a]))
    what = _and(attrs)
    first = short(shown[0])
    more = (f" and {len(shown) - 1} more paragraph{'s' if len(shown) > 2 else ''}"
        if len(shown) > 1 else "")
    n = record.number
    return Finding("formatting", f"{what} changed",
                   f"slide {n}: {what} on '{first}'{more} {'is' if len(attrs) == 1 else 'are'} "
                   f"not kept in the outline (deckgen draws every text its own way); {KEPT}")


def _moved(a: Box, b: Box | None) -> tuple[bool, bool]:
    if b is None:
        return False, False
    moved = any(abs(x - y) > BOX_TOLERANCE for x, y in zip(a[:2], b[:2]))
    resized = any(abs(x - y) > BOX_TOLERANCE for x, y in zip(a[2:], b[2:]))
    return moved, resized


def _how(moved: bool, resized: bool) -> str:
    return "moved and resized" if moved and resized else "moved" if moved else "resized"


def pictures(record: SlideRecord, now: Sequence[DeckPicture]) -> list[Finding]:
    """Pictures replaced, moved or resized (a picture added or deleted, too)."""
    n = record.number
    built: Sequence[PictureRecord] = record.pictures
    if len(now) != len(built):
        return [Finding("picture", "pictures added or deleted",
                        f"slide {n}: the slide had {len(built)} picture(s) and now has "
                        f"{len(now)}; pictures added or deleted in the deck are not kept in "
                        f"the outline; {KEPT}")] if built or now else []
    out = []
    for b, p in zip(built, now):
        if p.digest and b.digest and p.digest != b.digest:
            if b.chart:
                out.append(Finding("picture", "chart picture replaced",
                                   f"slide {n}: the chart is drawn as a picture, which cannot "
                                   "be edited, and that picture was replaced in the deck; "
                                   "change the chart's data in the outline (with `native: "
                                   f"true` it becomes a chart co-presenters can edit); {KEPT}"))
            else:
                out.append(Finding("picture", "picture replaced",
                                   f"slide {n}: the picture was replaced in the deck; save the "
                                   "new picture and name its file in the outline's `image:` "
                                   f"to keep it; {KEPT}"))
            continue
        moved, resized = _moved(b.box, p.box)
        if moved or resized:
            what = "the chart picture" if b.chart else "the picture"
            out.append(Finding("picture", f"picture {_how(moved, resized)}",
                               f"slide {n}: {what} was {_how(moved, resized)}; where pictures "
                               f"sit is not kept in the outline; {KEPT}"))
    return out


def chart_frames(record: SlideRecord, parts: SlideParts) -> list[Finding]:
    """Editable charts moved or resized (their data is merged by pull.charts)."""
    out = []
    for b, c in zip(record.charts, parts.charts):
        moved, resized = _moved(b.box, c.box)
        if moved or resized:
            out.append(Finding("formatting", f"chart {_how(moved, resized)}",
                               f"slide {record.number}: the chart was {_how(moved, resized)}; "
                               f"where charts sit is not kept in the outline; {KEPT}"))
    return out


def _footers(furniture: Sequence[str]) -> set[str]:
    """The footer texts among a slide's furniture (slide numbers left out)."""
    return {f.strip() for f in furniture if f.strip() and f.strip() != "‹#›"
            and not f.strip().isdigit()}


def footer(record: SlideRecord, parts: SlideParts) -> str | None:
    """The slide's footer when it was edited (a footer removed is not: viewers may drop
    footers)."""
    built = _footers(record.furniture)
    now = {f.strip() for f in parts.footers if f.strip()}
    changed = now - built
    return sorted(changed)[0] if changed and built else None


def slide_findings(m: Manifest, record: SlideRecord, parts: SlideParts,
                   edited: Mapping[int, str]) -> list[Finding]:
    """Every change on a slide the outline cannot hold, footers left out (they are
    reported once for all slides)."""
    out = []
    found = formatting(record, parts, edited, m.looks)
    if found is not None:
        out.append(found)
    out += pictures(record, parts.pictures)
    out += chart_frames(record, parts)
    return out


def chart_data_changed(record: SlideRecord, parts: SlideParts) -> bool:
    """Whether any native chart's labels, series names or values differ from the build."""
    if len(record.charts) != len(parts.charts):
        return True
    for b, c in zip(record.charts, parts.charts):
        if b.labels != c.labels or len(b.series) != len(c.series):
            return True
        for (bn, bv), (cn, cv) in zip(b.series, c.series):
            if bn != cn or len(bv) != len(cv) or any(
                    y is None or not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
                    for x, y in zip(bv, cv)):
                return True
    return False


def changes(m: Manifest, record: SlideRecord, parts: SlideParts | None,
            edited: Mapping[int, str]) -> tuple[str, ...]:
    """A few words for each change on a slide beyond its texts and notes (for the build
    guard's list of what was edited)."""
    if parts is None:
        return ()
    out = [f.brief for f in slide_findings(m, record, parts, edited)]
    if chart_data_changed(record, parts):
        out.insert(0, "chart data edited")
    if footer(record, parts):
        out.append("footer edited")
    return tuple(dict.fromkeys(out))


def footer_findings(edited: Sequence[tuple[int, str]]) -> list[Finding]:
    """Footers edited, one finding per new footer text with the slides that show it."""
    by_text: dict[str, list[int]] = {}
    for n, text in edited:
        by_text.setdefault(text, []).append(n)
    out = []
    for text, slides in by_text.items():
        where = (f"slide {slides[0]}" if len(slides) == 1 else
            f"slides {_ranges(slides)}")
        out.append(Finding("footer", "footer edited",
                           f"{where}: the footer was changed to '{short(text)}'; deckgen "
                           "writes the footer itself (the talk's title and the presenter): "
                           "change deck.title or the presenter in the outline instead; "
                           f"{KEPT}"))
    return out


def _ranges(ns: Sequence[int]) -> str:
    out: list[str] = []
    start = prev = ns[0]
    for x in [*ns[1:], None]:
        if x is not None and x == prev + 1:
            prev = x
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if x is not None:
            start = prev = x
    return ", ".join(out)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def short(text: str, n: int = 40) -> str:
    """A text on one line, cut to `n` characters."""
    one = " ".join(text.split())
    return one if len(one) <= n else one[:n - 1] + "…"
