"""Accessibility rules over the positioned deck: what PowerPoint's Accessibility Checker
would say, known before anything is drawn.

Pure: a :class:`~deckgen.deckplan.DeckPlan` in, findings out. The rules follow Microsoft's
"Rules for the Accessibility Checker" as far as a plan can tell them: alt text on every
picture and chart (never a file name), decorative shapes without text, a unique title in
a title placeholder on every slide, reading order (title first, content top to bottom and
left to right, footers last), table header rows, and text contrast against the colour
layout judged it on (``TextBox.background``). ``tests/a11ycheck.py`` judges the built file
independently."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from . import colors
from .deckplan import ChartFrame, DeckPlan, Picture, Rectangle, Shape, Slide, Table, TextBox
from .frozen import frozen
from .primitives import Rect
from .template.info import TITLE_TYPES

FOOTER_TYPES = ("ftr", "sldNum", "dt", "hdr")
TOLERANCE = 3.6  # points: shapes this close count as touching
SAME_ROW = 0.5  # share of the shorter height two shapes must share to be in one row


@functools.cache
def _file_name() -> re.Pattern[str]:
    # compiled when a report is made: a case-blind pattern costs a fresh process ~5 ms
    return re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp|heic|ico)\b", re.I)


@frozen
class Finding:
    """One problem: slide number, rule, severity ("error", "warning" or "info": a check
    that could not be made), shape name and what is wrong."""

    slide: int
    rule: str
    severity: str
    shape: str
    message: str

    def __str__(self) -> str:
        where = f" '{self.shape}'" if self.shape else ""
        return f"slide {self.slide}{where}: {self.severity} [{self.rule}] {self.message}"


def _alt(n: int, shape: Shape, out: list[Finding]) -> None:
    match shape:
        case Picture() | ChartFrame():
            kind = "chart" if isinstance(shape, ChartFrame) else "picture"
            if isinstance(shape, Picture) and shape.decorative:
                return
            if not (shape.alt or "").strip():
                out.append(Finding(n, "alt-text", "error", shape.name,
                                   f"{kind} has no alt text and is not marked decorative"))
            elif _file_name().search(shape.alt or ""):
                out.append(Finding(n, "alt-text", "error", shape.name,
                                   f"{kind}'s alt text is a file name: {shape.alt!r}"))
        case Rectangle() if not shape.decorative:
            out.append(Finding(n, "alt-text", "error", shape.name,
                               "shape has no alt text and is not marked decorative"))
        case _:
            pass


def _title(slide: Slide) -> str:
    for s in slide.shapes:
        if isinstance(s, TextBox) and s.placeholder in TITLE_TYPES and s.text.strip():
            return " ".join(s.text.split())
    return ""


def read_before(a: Rect, b: Rect) -> str:
    """Why b must be read before a ("above" or "left of"), or ""."""
    h_overlap = min(a.right, b.right) - max(a.x, b.x)
    v_overlap = min(a.bottom, b.bottom) - max(a.y, b.y)
    if b.bottom <= a.y + TOLERANCE and h_overlap > TOLERANCE:
        return "above"
    if b.right <= a.x + TOLERANCE and v_overlap > SAME_ROW * min(a.h, b.h):
        return "left of"
    return ""


def _read(shape: Shape) -> bool:
    return not (isinstance(shape, Rectangle) and shape.decorative) and not (
        isinstance(shape, Picture) and shape.decorative)


def _order(n: int, shapes: Sequence[Shape], out: list[Finding]) -> None:
    read = [s for s in shapes if _read(s)]
    if not read:
        return
    kinds = [s.placeholder or "" if isinstance(s, TextBox) else "" for s in read]
    titles = [i for i, k in enumerate(kinds) if k in TITLE_TYPES]
    if titles and titles[0] != 0:
        out.append(Finding(n, "reading-order", "warning", read[titles[0]].name,
                           f"the title is read after '{read[0].name}'"))
    footers = [i for i, k in enumerate(kinds) if k in FOOTER_TYPES]
    others = [i for i, k in enumerate(kinds) if k not in FOOTER_TYPES]
    for f in footers:
        later = [i for i in others if i > f]
        if later:
            out.append(Finding(n, "reading-order", "warning", read[f].name,
                               f"{kinds[f]} is read before '{read[later[0]].name}'; "
                               "footers, dates and slide numbers go last"))
    content = [read[i] for i in others if i not in titles]
    for j, later_shape in enumerate(content):
        for earlier in content[:j]:
            why = read_before(earlier.box, later_shape.box)
            if why:
                out.append(Finding(n, "reading-order", "warning", later_shape.name,
                                   f"read after '{earlier.name}' but is {why} it"))
                break


def _contrast(n: int, box: TextBox, out: list[Finding]) -> None:
    paras = [p for p in box.paragraphs if p.text.strip()]
    if not paras:
        return
    if box.background is None:
        out.append(Finding(n, "contrast", "info", box.name,
                           "contrast unknown: the text is over a picture or chart"))
        return
    if box.over_picture:
        out.append(Finding(n, "contrast", "info", box.name, "contrast judged against a "
                           f"picture's mean colour {box.background}"))
    for p in paras:
        need = colors.required_ratio(p.size, p.bold)
        ratio = colors.contrast(p.color, box.background)
        if ratio < need:
            out.append(Finding(n, "contrast", "warning", box.name,
                               f"text {p.color} on {box.background} is {ratio:.2f}:1, below "
                               f"{need:g}:1 for {p.size:g} pt{' bold' if p.bold else ''} "
                               f"({p.text[:30]!r})"))
            return


def _table(n: int, t: Table, out: list[Finding]) -> None:
    if not t.header:
        out.append(Finding(n, "table-header", "error", t.name, "table has no header row"))
    for row in t.cells:
        for c in row:
            p = c.paragraph
            if c.fill is None or not p.text.strip():
                continue
            ratio, need = colors.contrast(p.color, c.fill), colors.required_ratio(p.size, p.bold)
            if ratio < need:
                out.append(Finding(n, "contrast", "warning", t.name,
                                   f"cell text {p.color} on {c.fill} is {ratio:.2f}:1, below "
                                   f"{need:g}:1 ({p.text[:30]!r})"))
                return


def check(deck: DeckPlan) -> list[Finding]:
    """Every finding in a positioned deck, slide by slide."""
    out: list[Finding] = []
    seen: dict[str, int] = {}
    for slide in deck.slides:
        n = slide.number
        title = _title(slide)
        if not title:
            out.append(Finding(n, "title-missing", "error", "",
                               "slide has no title placeholder with text"))
        elif title.casefold() in seen:
            out.append(Finding(n, "title-duplicate", "warning", "",
                               f"same title as slide {seen[title.casefold()]}: {title!r}"))
        else:
            seen[title.casefold()] = n
        for shape in slide.shapes:
            _alt(n, shape, out)
            if isinstance(shape, TextBox):
                _contrast(n, shape, out)
            elif isinstance(shape, Table):
                _table(n, shape, out)
        _order(n, slide.shapes, out)
    return out


def problems(findings: Sequence[Finding]) -> list[Finding]:
    """The errors and warnings (what --strict fails on), without the infos."""
    return [f for f in findings if f.severity != "info"]


def summary(findings: Sequence[Finding]) -> str:
    """One line: counts per severity and rule, e.g. "2 warnings (contrast 2)"."""
    if not findings:
        return "no findings"
    parts = []
    for severity, word in (("error", "error"), ("warning", "warning"), ("info", "unknown")):
        mine = [f for f in findings if f.severity == severity]
        if not mine:
            continue
        rules = Counter(f.rule for f in mine)
        plural = "s" if len(mine) != 1 and word != "unknown" else ""
        parts.append(f"{len(mine)} {word}{plural} ("
                     + ", ".join(f"{r} {k}" for r, k in sorted(rules.items())) + ")")
    return "; ".join(parts)
