"""Stage 3, plan: the outline as the slides of the talk, each with its kind of content and
the outline key of every text. Pure: no I/O, no positions — layout places everything and
makes the positioned deck (:mod:`deckgen.deckplan`, what the renderers draw)."""

from __future__ import annotations

import re
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from . import checked
from .alttext import picture_alt
from .deckplan import ChartSpec, CsvOrigin
from .frozen import frozen
from .i18n import HANDOVER_MARKERS, chapter_number, cn_number, count_word, is_zh, texts
from .rules import REVEALING
from .source import Key, key_path, value_at
from .validate import Validated

DEFAULT_PALETTE = ("#B22222", "#1F4E79", "#D4A017", "#2E8B57", "#7F7F7F", "#6A5ACD")
DEFAULT_LATIN = "Calibri"
DEFAULT_EAST_ASIAN = {"zh-TW": "Microsoft JhengHei", "zh-HK": "Microsoft JhengHei",
                      "ja": "Yu Gothic", "ko": "Malgun Gothic"}


@frozen
class Text:
    """A text and the outline key it came from (None: deckgen made it up)."""

    text: str
    key: Key | None = None
    affixes: tuple[str, str] = ("", "")  # what deckgen put before and after the key's text


@frozen
class Para:
    """A paragraph of a list: a bullet at level 0 or 1, with its outline key."""

    text: str
    level: int = 0
    key: Key | None = None


# -------------------------------------------------------------------- content kinds


@frozen
class Cover:
    """The title slide: subtitle, authors, event and date lines under the title."""

    lines: tuple[Text, ...]


@frozen
class Agenda:
    """The agenda: one entry per chapter."""

    items: tuple[Para, ...]


@frozen
class Divider:
    """A chapter divider: its number and presenter under the chapter title."""

    number: str
    presenter: Text | None


@frozen
class Bullets:
    """A bulleted list."""

    paras: tuple[Para, ...]


@frozen
class Chart:
    """A chart with its caption and source line (and its CSV file, when it has one)."""

    spec: ChartSpec
    caption: Text | None = None
    source: Text | None = None
    alt: str | None = None
    csv: CsvOrigin | None = None


@frozen
class Quote:
    """A quotation and who said it."""

    text: Text
    by: Text | None = None


@frozen
class Table:
    """A table: header and rows of cells (rows may be a page of a longer table)."""

    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    csv: Path | None = None


@frozen
class Image:
    """A picture with its caption, and the point of it kept in view when it is cropped."""

    path: Path
    caption: Text | None = None
    alt: str | None = None
    focus: tuple[float, float] = (0.5, 0.5)


@frozen
class Column:
    """One column of a comparison: heading and bullets, or heading and a picture."""

    heading: Text
    paras: tuple[Para, ...]
    image: Image | None = None


@frozen
class Columns:
    """Two or three columns side by side."""

    columns: tuple[Column, ...]


@frozen
class Stat:
    """A big number and its label."""

    value: Text
    label: Text


@frozen
class Stats:
    """One to four big numbers."""

    stats: tuple[Stat, ...]


@frozen
class Sources:
    """The sources slide: every source named in the outline, once."""

    paras: tuple[Para, ...]


@frozen
class Closing:
    """The closing slide's subtitle."""

    subtitle: Text | None


Content = (Cover | Agenda | Divider | Bullets | Chart | Quote | Table | Image | Columns
           | Stats | Sources | Closing)

KINDS: dict[type, str] = {
    Cover: "title", Agenda: "agenda", Divider: "section", Bullets: "bullets", Chart: "chart",
    Quote: "quote", Table: "table", Image: "image", Columns: "columns", Stats: "stats",
    Sources: "sources", Closing: "closing",
}
"""The kind name of each content type, as reports, timing and tests name slides."""
AUTOMATIC = frozenset({"title", "agenda", "section", "sources", "closing"})
"""Kinds of slide deckgen adds on its own."""


@frozen
class SlideSpec:
    """One slide of the talk: title, content and notes, and where each came from.

    ``notes`` is what the presenter reads: the outline's notes (from ``notes_key``, or
    made up when None) followed by ``notes_added``, a hand-over deckgen appended."""

    title: str
    content: Content
    notes: str = ""
    key: Key = ()
    title_key: Key | None = None
    notes_key: Key | None = None
    notes_added: str = ""
    chapter: int | None = None
    presenter: str | None = None
    continued: int = 0  # 0 for a slide as written, n for its n-th continuation
    layout: str | None = None  # the template layout the outline names for it
    reveal: bool = False  # its bullets, columns or stat cards appear one click at a time

    @property
    def kind(self) -> str:
        """title, agenda, section, bullets, chart, quote, table, image, columns, stats,
        sources or closing."""
        return KINDS[type(self.content)]


@frozen
class Talk:
    """The talk before layout: slides in order and the deck-wide settings."""

    slides: tuple[SlideSpec, ...]
    title: str
    authors: tuple[str, ...]
    language: str
    aspect: str
    palette: tuple[str, ...]
    latin_font: str | None  # theme.font.latin, None: the template's own
    east_asian_font: str | None
    template: Path | None
    chapters: tuple[tuple[str, str | None], ...]
    duration: float | None
    speaking_rate: float | None
    footer: str = ""
    custom_palette: bool = False  # the outline sets theme.palette
    body_max: float | None = None  # theme.body_max: the largest a short list is set
    warnings: tuple[str, ...] = field(default=())
    layouts: tuple[tuple[str, str], ...] = ()  # theme.layouts: kind → layout name
    logo: Logo | None = None


@frozen
class Logo:
    """The logo on every content slide: its file, alternative text (None: decorative) and
    the corner the outline asks for."""

    path: Path
    alt: str | None = None
    corner: str | None = None


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of a title that keeps CJK characters."""
    s = re.sub(r"[^\w\u4e00-\u9fff]+", "-", text, flags=re.UNICODE).strip("-_")
    return s[:limit].strip("-") or "chart"


def _paras(bullets: tuple[checked.Bullet, ...], key: Key, raw: Any) -> tuple[Para, ...]:
    out: list[Para] = []
    for j, b in enumerate(bullets):
        as_map = isinstance(value_at(raw, (j,)), dict)
        bkey: Key = (*key, j)
        out.append(Para(b.text, 0, (*bkey, "text") if as_map else bkey))
        out.extend(Para(s, 1, (*bkey, "sub", k)) for k, s in enumerate(b.sub))
    return tuple(out)


def _opt(text: str | None, key: Key) -> Text | None:
    return Text(text, key) if text else None


def _info_line(deck: checked.Deck, sep: str) -> Text | None:
    """The title slide's event and date line: the event's text, the date after it."""
    if deck.event and deck.date:
        return Text(deck.event + sep + deck.date, ("deck", "event"), ("", sep + deck.date))
    if deck.event or deck.date:
        return Text(deck.event or deck.date or "", ("deck", "event" if deck.event else "date"))
    return None


def default_east_asian(language: str) -> str:
    """The East Asian typeface for a language when the outline names none."""
    return DEFAULT_EAST_ASIAN.get(language, DEFAULT_EAST_ASIAN.get(language.split("-")[0],
                                                                   "Microsoft YaHei"))


def _chart(v: Validated, key: Key, chart: checked.Chart, title: str, ci: int, si: int,
           palette: tuple[str, ...], language: str) -> ChartSpec:
    if chart.csv:
        data = v.series[(*key, "chart", "csv")]
        labels, series = data.labels, tuple(data.series.items())
    else:
        labels, series = chart.labels or (), tuple((chart.series or {}).items())
    return ChartSpec(name=f"{ci + 1:02d}-{si + 1:02d}-{slug(title)}", type=chart.type,
                     labels=tuple(labels), series=series, unit=chart.unit, log=chart.log,
                     native=chart.native, palette=palette, language=language)


def _content(v: Validated, slide: checked.Slide, key: Key, ci: int, si: int,
             palette: tuple[str, ...], language: str) -> Content:
    raw = v.source.data
    match slide.kind:
        case "bullets":
            k = (*key, "bullets")
            return Bullets(_paras(slide.bullets or (), k, value_at(raw, k)))
        case "chart":
            c = slide.chart
            assert c is not None
            table = v.tables.get((*key, "chart", "csv")) if c.csv else None
            return Chart(_chart(v, key, c, slide.title, ci, si, palette, language),
                         _opt(c.caption, (*key, "chart", "caption")),
                         _opt(c.source, (*key, "chart", "source")), c.alt,
                         CsvOrigin(c.csv, table.header_line, table.lines)
                         if c.csv and table is not None else None)
        case "quote":
            q = slide.quote
            assert q is not None
            return Quote(Text(q.text, (*key, "quote", "text")), _opt(q.by, (*key, "quote", "by")))
        case "table":
            t = slide.table
            assert t is not None
            if t.csv:
                data = v.tables[(*key, "table", "csv")]
                return Table(tuple(Text(h) for h in data.header),
                             tuple(tuple(Text(c) for c in row) for row in data.rows),
                             csv=v.paths.get((*key, "table", "csv")))
            tk = (*key, "table")
            return Table(tuple(Text(h, (*tk, "header", c)) for c, h in enumerate(t.header or ())),
                         tuple(tuple(Text(c, (*tk, "rows", r, j)) for j, c in enumerate(row))
                               for r, row in enumerate(t.rows or ())))
        case "image":
            assert slide.image is not None
            return _picture(v, slide.image, (*key, "image"))
        case "columns":
            cols = []
            for i, col in enumerate(slide.columns or ()):
                ck = (*key, "columns", i)
                cols.append(Column(Text(col.heading, (*ck, "heading")),
                                   _paras(col.bullets or (), (*ck, "bullets"),
                                          value_at(raw, (*ck, "bullets"))),
                                   _picture(v, col.image, (*ck, "image")) if col.image
                                   else None))
            return Columns(tuple(cols))
        case _:
            return Stats(tuple(Stat(Text(s.value, (*key, "stats", i, "value")),
                                    Text(s.label, (*key, "stats", i, "label")))
                               for i, s in enumerate(slide.stats or ())))


def _picture(v: Validated, img: checked.Image, key: Key) -> Image:
    """A picture of the outline, its file resolved (`key: path` or `key: {path: …}`)."""
    path = v.paths[(*key, "path") if (*key, "path") in v.paths else key]
    return Image(path, _opt(img.caption, (*key, "caption")), img.alt,
                 img.focus if img.focus is not None else (0.5, 0.5))


def _with_handovers(slides: list[SlideSpec], language: str) -> list[SlideSpec]:
    """Append a hand-over to the last notes before each change of presenter."""
    t = texts(language)
    zh = is_zh(language)
    out = list(slides)
    for i in range(len(out) - 1):
        cur, nxt = out[i], out[i + 1]
        if not (cur.presenter and nxt.presenter and cur.presenter != nxt.presenter):
            continue
        if nxt.kind == "closing" or cur.kind in ("title", "agenda"):
            continue
        tail = cur.notes[-80:]
        if nxt.presenter in tail or any(mk.lower() in tail.lower() for mk in HANDOVER_MARKERS):
            continue
        topic = (t["handover_topic"].format(title=nxt.title) if nxt.kind != "section"
                 else nxt.title)
        line = t["handover"].format(who=nxt.presenter, topic=topic)
        sep = "" if not cur.notes or cur.notes.endswith("\n") or zh else " "
        added = (sep + line) if cur.notes else line
        out[i] = replace(cur, notes=cur.notes.rstrip() + added, notes_added=added)
    return out


def plan(v: Validated) -> Talk:
    """The slides of the talk in order, with automatic slides and notes filled in."""
    o = v.outline
    deck = o.deck
    lang = deck.language
    t = texts(lang)
    zh = is_zh(lang)
    palette = tuple(deck.theme.palette or DEFAULT_PALETTE)
    first_presenter = next((c.presenter for c in o.chapters if c.presenter), None)
    slides: list[SlideSpec] = []
    warnings: list[str] = []

    title_notes = t["title_notes"].format(title=deck.title)
    if deck.subtitle:
        title_notes += t["title_notes_sub"].format(subtitle=deck.subtitle)
    lines = [x for x in (
        _opt(deck.subtitle, ("deck", "subtitle")),
        Text(t["authors_sep"].join(deck.authors), ("deck", "authors")) if deck.authors else None,
        _info_line(deck, t["info_sep"])) if x]
    slides.append(SlideSpec(deck.title, Cover(tuple(lines)), deck.notes or title_notes,
                            key=("deck",), title_key=("deck", "title"),
                            notes_key=("deck", "notes") if deck.notes else None,
                            presenter=first_presenter))

    if deck.agenda is not None:
        items = tuple(Para(t["agenda_by"].format(title=c.title, who=c.presenter)
                           if c.presenter else c.title) for c in o.chapters)
        notes = t["agenda_notes"].format(
            n=count_word(len(o.chapters), lang),
            items=t["sep"].join(t["agenda_item"].format(
                n=cn_number(i + 1) if zh and i < 10 else i + 1, title=c.title)
                for i, c in enumerate(o.chapters)))
        own = deck.agenda.notes
        slides.append(SlideSpec(t["agenda"], Agenda(items), own or notes, key=("deck", "agenda"),
                                notes_key=("deck", "agenda", "notes") if own else None,
                                presenter=first_presenter))

    sources: list[str] = []
    for ci, ch in enumerate(o.chapters):
        ckey: Key = ("chapters", ci)
        number = chapter_number(ci + 1, lang)
        if ch.notes:
            notes, notes_key = ch.notes, (*ckey, "notes")
        else:
            notes_key = None
            notes = t["section_notes"].format(
                n=number.removeprefix("第").removesuffix("部分") if zh else ci + 1,
                title=ch.title)
            if ch.presenter:
                notes += t["section_by"].format(who=ch.presenter)
        slides.append(SlideSpec(
            ch.title, Divider(number, _opt(ch.presenter, (*ckey, "presenter"))), notes,
            key=ckey, title_key=(*ckey, "title"), notes_key=notes_key, chapter=ci,
            presenter=ch.presenter or first_presenter))
        for si, s in enumerate(ch.slides):
            skey: Key = (*ckey, "slides", si)
            content = _content(v, s, skey, ci, si, palette, lang)
            for src in (*s.sources, *([s.chart.source] if s.chart and s.chart.source else [])):
                if src not in sources:
                    sources.append(src)
            if not s.notes:
                warnings.append(f"{key_path(skey)}: slide '{s.title}' has no speaker notes")
            pictures: list[tuple[Key, checked.Image | None]] = [(skey, s.image)] + [
                ((*skey, "columns", k), col.image) for k, col in enumerate(s.columns or ())]
            for where, img in pictures:
                if img is not None and picture_alt(img.alt, img.caption) is None:
                    warnings.append(f"{key_path(where)}: image '{Path(img.path).name}' has no "
                                    "alt text; add alt: what the picture shows, for screen "
                                    "readers (or a caption)")
            slides.append(SlideSpec(
                s.title, content, s.notes or "", key=skey, title_key=(*skey, "title"),
                notes_key=(*skey, "notes") if s.notes else None, chapter=ci,
                presenter=s.presenter or ch.presenter or first_presenter, layout=s.layout,
                reveal=reveals(s, deck.theme.reveal)))

    last_presenter = slides[-1].presenter
    if sources:
        slides.append(SlideSpec(t["sources"], Sources(tuple(Para(s) for s in sources)),
                                t["sources_notes"], key=("sources",), presenter=last_presenter))
    if deck.closing is not None:
        c = deck.closing
        sub = _opt(c.subtitle, ("deck", "closing", "subtitle"))
        if sub is None and not c.title:
            sub = Text(t["closing_sub"])
        slides.append(SlideSpec(c.title or t["closing"], Closing(sub),
                                c.notes or t["closing_notes"], key=("deck", "closing"),
                                title_key=("deck", "closing", "title") if c.title else None,
                                notes_key=("deck", "closing", "notes") if c.notes else None,
                                presenter=last_presenter))

    slides = _with_handovers(slides, lang)
    font = deck.theme.font
    return Talk(
        slides=tuple(slides), title=deck.title, authors=deck.authors, language=lang,
        aspect=deck.theme.aspect, palette=palette,
        latin_font=font.latin if font and font.latin else None,
        east_asian_font=font.east_asian if font and font.east_asian else None,
        template=v.paths.get(("deck", "theme", "template")),
        chapters=tuple((c.title, c.presenter) for c in o.chapters),
        duration=deck.duration, speaking_rate=deck.speaking_rate,
        footer=deck.title, custom_palette=deck.theme.palette is not None,
        body_max=deck.theme.body_max, warnings=tuple(warnings),
        layouts=tuple((deck.theme.layouts or {}).items()), logo=_logo(v, deck.theme.logo))


def reveals(slide: checked.Slide, deck_wide: str) -> bool:
    """Whether a slide's parts appear one click at a time: its own `reveal`, else the
    deck's (`bullets`: bullet slides; `all`: bullet, column and stat slides)."""
    if slide.reveal is not None:
        return slide.reveal
    return slide.kind == "bullets" if deck_wide == "bullets" else (
        deck_wide == "all" and slide.kind in REVEALING)


def _logo(v: Validated, logo: checked.Logo | None) -> Logo | None:
    key = ("deck", "theme", "logo")
    if logo is None:
        return None
    return Logo(v.paths[(*key, "path") if (*key, "path") in v.paths else key], logo.alt,
                logo.corner)


def with_palette(talk: Talk, palette: tuple[str, ...]) -> Talk:
    """The same talk with another palette for drawn shapes and every chart."""
    slides = tuple(replace(sp, content=replace(sp.content, spec=replace(
        sp.content.spec, palette=palette))) if isinstance(sp.content, Chart) else sp
        for sp in talk.slides)
    return replace(talk, palette=palette, slides=slides)
