"""A presenter's rehearsal booklet: a cover with their parts, minutes and hand-over cues,
then each of their slides with its notes, its time window ("04:10–05:00"), the slides
before and after it as small pictures and the running total against the planned length.
Times are :mod:`deckgen.timing`'s estimates (the ones `deckgen notes` prints); the words
are :mod:`deckgen.i18n`'s."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..deckplan import DeckPlan
from ..frozen import frozen
from ..i18n import texts
from ..pipeline import Report
from ..primitives import Fonts, Rect
from ..timing import SlideTime
from . import ops, paper
from .ops import Document, Op

TITLE_PT = 22.0
HEADING_PT = 13.0
TEXT_PT = 11.0
NOTES_PT = 12.0
NOTES_LINE = 1.55  # notes are read aloud from paper: generous line spacing
SMALL_LABEL = 8.5


def clock(seconds: float) -> str:
    """Seconds into the talk as mm:ss ("04:10")."""
    s = round(seconds)
    return f"{s // 60:02d}:{s % 60:02d}"


@frozen
class Segment:
    """A run of consecutive slides one presenter gives: indexes into the talk's slides."""

    first: int
    last: int


def segments(times: Sequence[SlideTime], who: str) -> list[Segment]:
    """The presenter's runs of consecutive slides, in order."""
    out: list[Segment] = []
    for i, st in enumerate(times):
        if st.presenter != who:
            continue
        if out and out[-1].last == i - 1:
            out[-1] = Segment(out[-1].first, i)
        else:
            out.append(Segment(i, i))
    return out


class _Writer:
    """Lines of text put down one under another in a column, new pages as needed."""

    def __init__(self, doc: Document, new_page: Callable[[], tuple[ops.Page, Rect]],
                 fonts: Fonts) -> None:
        self.doc, self.new_page, self.fonts = doc, new_page, fonts
        self.page: ops.Page | None = None
        self.area = Rect(0, 0, 0, 0)
        self.y = 0.0

    def start(self, page: ops.Page, area: Rect) -> None:
        self.page, self.area, self.y = page, area, area.y

    def para(self, s: str, size: float, color: str = paper.INK, bold: bool = False,
             spacing: float = 1.3, after: float = 0.0, indent: float = 0.0) -> None:
        for line in paper.wrapped(s, self.area.w - indent, size, self.fonts, bold):
            if self.y + size * spacing > self.area.bottom:
                page, area = self.new_page()
                self.start(page, area)
            assert self.page is not None
            top = self.y + size * (spacing - 1.2) / 2
            self.page.ops.append(paper.text(line, self.area.x + indent, top, size,
                                            self.fonts, color, bold))
            self.y += size * spacing
        self.y += after


def _cues(deck: DeckPlan, times: Sequence[SlideTime], who: str) -> list[str]:
    """Where the presenter takes over and hands over, with the clock time of each."""
    t = texts(deck.language)
    out: list[str] = []
    for seg in segments(times, who):
        first = times[seg.first]
        if seg.first == 0:
            out.append(t["booklet_begin"].format(at=clock(first.start), n=first.number,
                                                 title=first.title))
        else:
            out.append(t["booklet_from"].format(at=clock(first.start),
                                                who=times[seg.first - 1].presenter,
                                                n=first.number, title=first.title))
        last = times[seg.last]
        end = last.start + last.seconds
        if seg.last + 1 < len(times):
            nxt = times[seg.last + 1]
            out.append(t["booklet_to"].format(at=clock(end), who=nxt.presenter,
                                              n=nxt.number, title=nxt.title))
        else:
            out.append(t["booklet_end"].format(at=clock(end)))
    return out


def _parts(deck: DeckPlan, times: Sequence[SlideTime], who: str) -> list[str]:
    """The presenter's chapters (or opening and ending) with slides and time windows."""
    t = texts(deck.language)
    groups: dict[str, list[SlideTime]] = {}
    for st in times:
        if st.presenter == who:
            groups.setdefault(st.chapter, []).append(st)
    return [t["booklet_part"].format(title=name, first=g[0].number, last=g[-1].number,
                                     start=clock(g[0].start),
                                     end=clock(g[-1].start + g[-1].seconds))
            for name, g in groups.items()]


def _thumb(page: ops.Page, slides: Sequence[Sequence[Op]], deck: DeckPlan, i: int | None,
           box: Rect, label: str, fonts: Fonts) -> None:
    """A small picture of slide i (None: there is none) under a label."""
    page.ops.append(paper.text(paper.fitted(label, box.w, SMALL_LABEL, fonts), box.x, box.y,
                               SMALL_LABEL, fonts, paper.MUTED))
    inner = Rect(box.x, box.y + SMALL_LABEL * 1.5, box.w, box.h - SMALL_LABEL * 1.5)
    if i is None:
        h = inner.w * deck.height / deck.width
        page.ops.append(ops.box_shape(Rect(inner.x, inner.y, inner.w, h), None, paper.RULE,
                                      0.6))
        return
    drawn, _ = paper.thumbnail(slides[i], deck.width, deck.height, inner)
    page.ops.extend(drawn)


def document(report: Report, slides: Sequence[Sequence[Op]], who: str,
             paper_name: str | None = None) -> Document:
    """The presenter's booklet."""
    deck, timing = report.plan, report.timing
    t = texts(deck.language)
    fonts = deck.fonts
    name = paper_name or paper.default_paper(deck.language)
    doc = Document(f"{deck.title} · {t['booklet_for'].format(who=who)}", deck.authors,
                   deck.language, subject=t["booklet"])
    times = timing.slides
    mine = [i for i, st in enumerate(times) if st.presenter == who]
    head = f"{t['booklet_for'].format(who=who)} · {deck.title}"

    def new_page(right: str = "") -> tuple[ops.Page, Rect]:
        p = paper.page(name)
        paper.running(p, head, right, str(len(doc.pages) + 1), fonts)
        doc.pages.append(p)
        return p, paper.body(p)

    # the cover
    cover, area = new_page()
    cover.bookmarks.append((0, t["booklet_for"].format(who=who)))
    w = _Writer(doc, new_page, fonts)
    w.start(cover, Rect(area.x, area.y + 24, area.w, area.h - 24))
    w.para(t["booklet_for"].format(who=who), TITLE_PT, bold=True, after=6)
    w.para(deck.title, HEADING_PT, after=10)
    minutes = sum(times[i].seconds for i in mine) / 60
    target = t["booklet_target"].format(d=f"{timing.duration:g}") if timing.duration else ""
    w.para(t["booklet_summary"].format(n=len(mine), m=f"{minutes:.1f}",
                                       total=f"{timing.total_minutes:.1f}", target=target),
           TEXT_PT, paper.MUTED, after=16)
    w.para(t["booklet_parts"], HEADING_PT, bold=True, after=4)
    for line in _parts(deck, times, who):
        w.para(line, TEXT_PT, after=3, indent=10)
    w.y += 12
    w.para(t["booklet_cues"], HEADING_PT, bold=True, after=4)
    for line in _cues(deck, times, who):
        w.para(line, TEXT_PT, after=3, indent=10)
    w.y += 12
    w.para(t["booklet_slides"], HEADING_PT, bold=True, after=4)
    for i in mine:  # at a glance: when each of their slides comes up
        st = times[i]
        w.para(f"{clock(st.start)}–{clock(st.start + st.seconds)}  "
               f"{t['booklet_slide'].format(n=st.number, title=st.title)}", TEXT_PT,
               after=2, indent=10)

    # each slide
    for k, i in enumerate(mine):
        st, slide = times[i], deck.slides[i]
        p, area = new_page(f"{k + 1} / {len(mine)}")
        title = t["booklet_slide"].format(n=st.number, title=st.title)
        p.bookmarks.append((1, title))
        drawn, big = paper.thumbnail(slides[i], deck.width, deck.height,
                                     Rect(area.x, area.y, area.w, area.h * 0.40))
        p.ops.extend(drawn)
        top = big.bottom + 12
        left = Rect(area.x, top, area.w * 0.52, 0)
        w.start(p, Rect(left.x, top, left.w, area.bottom - top))
        w.para(title, HEADING_PT, bold=True, after=2)
        end = st.start + st.seconds
        w.para(t["booklet_window"].format(start=clock(st.start), end=clock(end),
                                          m=f"{st.seconds / 60:.1f}"), TEXT_PT, after=2)
        of = (t["booklet_of"].format(d=clock((timing.duration or 0) * 60))
            if timing.duration else "")
        w.para(t["booklet_total"].format(at=clock(end), target=of), TEXT_PT, paper.MUTED)
        side = Rect(area.x + area.w * 0.56, top, area.w * 0.44, 0)
        small_w = (side.w - 10) / 2
        small_h = small_w * deck.height / deck.width + SMALL_LABEL * 1.5
        for j, (key, other) in enumerate((("booklet_prev", i - 1), ("booklet_next", i + 1))):
            shown = other if 0 <= other < len(times) else None
            label = t[key] + (f" · {times[shown].number}" if shown is not None else
                              f" {t['booklet_none']}")
            if shown is not None and times[shown].presenter != who:
                label += t["booklet_by"].format(who=times[shown].presenter)
            _thumb(p, slides, deck, shown, Rect(side.x + j * (small_w + 10), top, small_w,
                                                small_h), label, fonts)
        notes_top = max(w.y, top + small_h) + 14
        p.ops.append(ops.Shape(((area.x, notes_top - 6), (area.right, notes_top - 6)), False,
                               None, paper.RULE, 0.5))
        w.start(p, Rect(area.x, notes_top, area.w, area.bottom - notes_top))
        w.para(t["booklet_notes"], TEXT_PT, paper.MUTED, bold=True, after=4)
        paras = [ln.strip() for ln in slide.notes.splitlines() if ln.strip()]
        for para in paras or [t["booklet_no_notes"]]:
            w.para(para, NOTES_PT, spacing=NOTES_LINE, after=NOTES_PT * 0.5)
    return doc
