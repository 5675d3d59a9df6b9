"""Stage 3, plan: the outline as a list of slides to draw. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import model as m
from .source import Key, key_path
from .validate import Validated

DEFAULT_PALETTE = ("#B22222", "#1F4E79", "#D4A017", "#2E8B57", "#7F7F7F", "#6A5ACD")
DEFAULT_LATIN = "Calibri"
DEFAULT_EAST_ASIAN = {"zh-TW": "Microsoft JhengHei", "zh-HK": "Microsoft JhengHei",
                      "ja": "Yu Gothic", "ko": "Malgun Gothic"}
CN_NUMBERS = "零一二三四五六七八九十"

_TEXTS = {
    "zh": {
        "agenda": "目录", "sources": "资料来源", "closing": "谢谢大家", "closing_sub": "欢迎提问",
        "part": "第{n}部分", "cont": "（续）", "cont_notes": "（接上页，继续讲解。）",
        "sep": "、", "presenter": "汇报人：{who}",
        "title_notes": "大家好！今天我们汇报的题目是《{title}》。",
        "title_notes_sub": "副标题是“{subtitle}”。",
        "agenda_notes": "本次汇报分为{n}个部分：{items}。",
        "agenda_item": "第{n}部分“{title}”",
        "section_notes": "下面进入第{n}部分：{title}。",
        "section_by": "这一部分由{who}为大家介绍。",
        "sources_notes": "这里列出了本次汇报引用的数据和资料来源，供大家课后查阅。",
        "closing_notes": "我们的汇报到此结束，感谢大家的聆听，欢迎老师和同学们提问交流。",
        "handover": "接下来有请{who}为大家介绍{topic}。",
    },
    "en": {
        "agenda": "Agenda", "sources": "Sources", "closing": "Thank you",
        "closing_sub": "Questions?", "part": "Part {n}", "cont": " (cont.)",
        "cont_notes": "(Continued from the previous slide.)", "sep": ", ",
        "presenter": "Presented by {who}",
        "title_notes": "Hello everyone. Today's talk is \u201c{title}\u201d.",
        "title_notes_sub": " {subtitle}.",
        "agenda_notes": "The talk has {n} parts: {items}.",
        "agenda_item": "part {n}, {title}",
        "section_notes": "Part {n}: {title}.",
        "section_by": " {who} will present this part.",
        "sources_notes": "These are the sources of the figures and facts in this talk.",
        "closing_notes": "That's the end of our talk. Thank you for listening; "
                         "we're happy to take questions.",
        "handover": "Next, {who} will walk us through {topic}.",
    },
}
_HANDOVER_MARKERS = ("有请", "接下来由", "交给", "Next,", "hand over", "over to")


def texts(language: str) -> dict[str, str]:
    """The automatic slide texts in the deck's language (Chinese or English)."""
    return _TEXTS["zh" if language.lower().startswith("zh") else "en"]


def chapter_number(n: int, language: str) -> str:
    """1 → 第一部分 / Part 1."""
    if language.lower().startswith("zh"):
        num = CN_NUMBERS[n] if n <= 10 else (f"十{CN_NUMBERS[n - 10]}" if n < 20 else str(n))
        return texts(language)["part"].format(n=num)
    return texts(language)["part"].format(n=n)


@dataclass(frozen=True)
class Para:
    """A paragraph of slide text: a bullet at level 0 or 1."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart's picture or native chart depends on."""

    name: str
    type: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str | None
    log: bool
    native: bool
    palette: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class SlidePlan:
    """One slide to draw: its role, texts, content and notes."""

    role: str
    title: str
    notes: str = ""
    key: Key = ()
    chapter: int | None = None
    presenter: str | None = None
    subtitle: str | None = None
    paras: tuple[Para, ...] = ()
    chart: ChartSpec | None = None
    quote: tuple[str, str | None] | None = None
    table: tuple[tuple[str, ...], tuple[tuple[str, ...], ...]] | None = None
    image: Path | None = None
    columns: tuple[tuple[str, tuple[Para, ...]], ...] = ()
    stats: tuple[tuple[str, str], ...] = ()
    caption: str | None = None
    source: str | None = None
    continued: int = 0  # 0 for a slide as written, n for its n-th continuation
    sizes: tuple[tuple[str, float], ...] = ()  # font size (pt) per text box, set by layout
    table_widths: tuple[float, ...] = ()  # column widths as fractions, shared by continuations

    def size(self, box: str, default: float) -> float:
        """The font size layout chose for a text box (title, body, caption, …)."""
        return dict(self.sizes).get(box, default)


@dataclass(frozen=True)
class DeckPlan:
    """The whole deck to draw, with deck-wide settings."""

    slides: tuple[SlidePlan, ...]
    title: str
    authors: tuple[str, ...]
    language: str
    aspect: str
    palette: tuple[str, ...]
    latin_font: str
    east_asian_font: str
    template: Path | None
    chapters: tuple[tuple[str, str | None], ...]
    duration: float | None
    speaking_rate: float | None
    footer: str = ""
    custom_palette: bool = False  # the outline sets theme.palette
    warnings: tuple[str, ...] = field(default=())
    fitting: tuple[str, ...] = field(default=())  # what layout shrank or continued, per slide


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of a title that keeps CJK characters."""
    s = re.sub(r"[^\w\u4e00-\u9fff]+", "-", text, flags=re.UNICODE).strip("-_")
    return s[:limit].strip("-") or "chart"


def _paras(bullets: tuple[m.Bullet, ...]) -> tuple[Para, ...]:
    out: list[Para] = []
    for b in bullets:
        out.append(Para(b.text))
        out.extend(Para(s, 1) for s in b.sub)
    return tuple(out)


def _east_asian(deck: m.Deck) -> str:
    if deck.theme.font and deck.theme.font.east_asian:
        return deck.theme.font.east_asian
    lang = deck.language
    return DEFAULT_EAST_ASIAN.get(lang, DEFAULT_EAST_ASIAN.get(lang.split("-")[0],
                                                               "Microsoft YaHei"))


def _chart(v: Validated, key: Key, chart: m.Chart, title: str, ci: int, si: int,
           palette: tuple[str, ...], language: str) -> ChartSpec:
    if chart.csv:
        data = v.series[(*key, "chart", "csv")]
        labels, series = data.labels, tuple(data.series.items())
    else:
        labels, series = chart.labels or (), tuple((chart.series or {}).items())
    return ChartSpec(name=f"{ci + 1:02d}-{si + 1:02d}-{slug(title)}", type=chart.type,
                     labels=tuple(labels), series=series, unit=chart.unit, log=chart.log,
                     native=chart.native, palette=palette, language=language)


def _content(v: Validated, slide: m.Slide, key: Key, ci: int, si: int,
             palette: tuple[str, ...], language: str) -> dict[str, object]:
    kind = slide.kind
    if kind == "bullets":
        return {"paras": _paras(slide.bullets or ())}
    if kind == "chart":
        c = slide.chart
        assert c is not None
        return {"chart": _chart(v, key, c, slide.title, ci, si, palette, language),
                "caption": c.caption, "source": c.source}
    if kind == "quote":
        q = slide.quote
        assert q is not None
        return {"quote": (q.text, q.by)}
    if kind == "table":
        t = slide.table
        assert t is not None
        if t.csv:
            data = v.tables[(*key, "table", "csv")]
            return {"table": (data.header, data.rows)}
        return {"table": (t.header or (), t.rows or ())}
    if kind == "image":
        img = slide.image
        assert img is not None
        path_key = (*key, "image", "path") if (*key, "image", "path") in v.paths \
            else (*key, "image")
        return {"image": v.paths[path_key], "caption": img.caption}
    if kind == "columns":
        return {"columns": tuple((c.heading, _paras(c.bullets)) for c in slide.columns or ())}
    return {"stats": tuple((s.value, s.label) for s in slide.stats or ())}


def _with_handovers(slides: list[SlidePlan], language: str) -> list[SlidePlan]:
    """Append a hand-over to the last notes before each change of presenter."""
    t = texts(language)
    out = list(slides)
    for i in range(len(out) - 1):
        cur, nxt = out[i], out[i + 1]
        if not (cur.presenter and nxt.presenter and cur.presenter != nxt.presenter):
            continue
        if nxt.role == "closing" or cur.role in ("title", "agenda"):
            continue
        tail = cur.notes[-80:]
        if nxt.presenter in tail or any(mk.lower() in tail.lower() for mk in _HANDOVER_MARKERS):
            continue
        topic = nxt.title
        if language.lower().startswith("zh"):
            topic = f"“{topic}”" if nxt.role != "section" else topic
        line = t["handover"].format(who=nxt.presenter, topic=topic)
        sep = "" if not cur.notes or cur.notes.endswith(("\n",)) else (
            "" if language.lower().startswith("zh") else " ")
        out[i] = replace(cur, notes=(cur.notes.rstrip() + sep + line) if cur.notes else line)
    return out


def plan(v: Validated) -> DeckPlan:
    """The slides of the deck in order, with automatic slides and notes filled in."""
    o = v.outline
    deck = o.deck
    lang = deck.language
    t = texts(lang)
    palette = tuple(deck.theme.palette or DEFAULT_PALETTE)
    first_presenter = next((c.presenter for c in o.chapters if c.presenter), None)
    slides: list[SlidePlan] = []
    warnings: list[str] = []

    title_notes = t["title_notes"].format(title=deck.title)
    if deck.subtitle:
        title_notes += t["title_notes_sub"].format(subtitle=deck.subtitle)
    byline = list(deck.authors)
    info = [x for x in (deck.event, deck.date) if x]
    subtitle_lines = [x for x in (deck.subtitle, "  ".join(byline) if byline else None,
                                  " · ".join(info) if info else None) if x]
    slides.append(SlidePlan("title", deck.title, title_notes, key=("deck",),
                            presenter=first_presenter, subtitle="\n".join(subtitle_lines)))

    if deck.agenda:
        items = [Para(f"{c.title}" + (f"｜{c.presenter}" if c.presenter and lang.startswith("zh")
                                      else f" — {c.presenter}" if c.presenter else ""))
                 for c in o.chapters]
        notes = t["agenda_notes"].format(
            n=len(o.chapters) if not lang.startswith("zh") else
            ("两" if len(o.chapters) == 2 else CN_NUMBERS[len(o.chapters)]
             if len(o.chapters) <= 10 else len(o.chapters)),
            items=t["sep"].join(t["agenda_item"].format(
                n=(CN_NUMBERS[i + 1] if lang.startswith("zh") and i < 10 else i + 1),
                title=c.title) for i, c in enumerate(o.chapters)))
        slides.append(SlidePlan("agenda", t["agenda"], notes, key=("deck", "agenda"),
                                presenter=first_presenter, paras=tuple(items)))

    sources: list[str] = []
    for ci, ch in enumerate(o.chapters):
        ckey: Key = ("chapters", ci)
        number = chapter_number(ci + 1, lang)
        if ch.notes:
            notes = ch.notes
        else:
            notes = t["section_notes"].format(n=number.removeprefix("第").removesuffix("部分")
                                              if lang.startswith("zh") else ci + 1,
                                              title=ch.title)
            if ch.presenter:
                notes += t["section_by"].format(who=ch.presenter)
        sub = number + (f"  ·  {ch.presenter}" if ch.presenter else "")
        slides.append(SlidePlan("section", ch.title, notes, key=ckey, chapter=ci,
                                presenter=ch.presenter or first_presenter, subtitle=sub))
        for si, s in enumerate(ch.slides):
            skey: Key = (*ckey, "slides", si)
            content = _content(v, s, skey, ci, si, palette, lang)
            for src in (*s.sources, *([s.chart.source] if s.chart and s.chart.source else [])):
                if src not in sources:
                    sources.append(src)
            if not s.notes:
                warnings.append(f"{key_path(skey)}: slide '{s.title}' has no speaker notes")
            slides.append(SlidePlan(
                s.kind, s.title, s.notes or "", key=skey, chapter=ci,
                presenter=s.presenter or ch.presenter or first_presenter,
                **content))  # type: ignore[arg-type]

    last_presenter = slides[-1].presenter
    if sources:
        slides.append(SlidePlan("sources", t["sources"], t["sources_notes"],
                                key=("sources",), presenter=last_presenter,
                                paras=tuple(Para(s) for s in sources)))
    if deck.closing is not None:
        slides.append(SlidePlan("closing", deck.closing.title or t["closing"],
                                t["closing_notes"], key=("deck", "closing"),
                                presenter=last_presenter,
                                subtitle=deck.closing.subtitle if deck.closing.title
                                else (deck.closing.subtitle or t["closing_sub"])))

    slides = _with_handovers(slides, lang)
    font = deck.theme.font
    return DeckPlan(
        slides=tuple(slides), title=deck.title, authors=deck.authors, language=lang,
        aspect=deck.theme.aspect, palette=palette,
        latin_font=(font.latin if font and font.latin else DEFAULT_LATIN),
        east_asian_font=_east_asian(deck),
        template=v.paths.get(("deck", "theme", "template")),
        chapters=tuple((c.title, c.presenter) for c in o.chapters),
        duration=deck.duration, speaking_rate=deck.speaking_rate,
        footer=deck.title, custom_palette=deck.theme.palette is not None,
        warnings=tuple(warnings))


def with_palette(p: DeckPlan, palette: tuple[str, ...]) -> DeckPlan:
    """The same plan with another palette for drawn shapes and every chart."""
    slides = tuple(replace(sp, chart=replace(sp.chart, palette=palette)) if sp.chart else sp
                   for sp in p.slides)
    return replace(p, palette=palette, slides=slides)
