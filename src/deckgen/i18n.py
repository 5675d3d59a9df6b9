"""Every text deckgen writes on its own, per language: automatic slides, notes, hand-overs,
continuation marks, section names, captions. Chinese for zh-*, English for the rest."""

from __future__ import annotations

import unicodedata

CN_NUMBERS = "零一二三四五六七八九十"

_TEXTS = {
    "zh": {
        "agenda": "目录", "sources": "资料来源", "closing": "谢谢大家", "closing_sub": "欢迎提问",
        "part": "第{n}部分", "cont": "（续）", "cont_n": "（续 {n}）",
        "cont_notes": "（接上页，继续讲解。）",
        "sep": "、", "presenter": "汇报人：{who}", "agenda_by": "{title}｜{who}",
        "title_notes": "大家好！今天我们汇报的题目是《{title}》。",
        "title_notes_sub": "副标题是“{subtitle}”。",
        "agenda_notes": "本次汇报分为{n}个部分：{items}。",
        "agenda_item": "第{n}部分“{title}”",
        "section_notes": "下面进入第{n}部分：{title}。",
        "section_by": "这一部分由{who}为大家介绍。",
        "section_sub": "{number}  ·  {who}",
        "sources_notes": "这里列出了本次汇报引用的数据和资料来源，供大家课后查阅。",
        "closing_notes": "我们的汇报到此结束，感谢大家的聆听，欢迎老师和同学们提问交流。",
        "handover": "接下来有请{who}为大家介绍{topic}。",
        "handover_topic": "“{title}”",
        "source_line": "来源：", "attribution": "—— ", "authors_sep": "  ", "info_sep": " · ",
        "opening": "开场", "ending": "结尾", "nobody": "（未指定）",
        "section_name_by": "{name}（{who}）", "footer_by": " · {who}",
        "booklet": "排练手册", "booklet_for": "{who}的排练手册",
        "booklet_summary": "你讲{n}页，约{m}分钟；全场{total}分钟{target}",
        "booklet_target": "，计划{d}分钟", "booklet_parts": "你的部分",
        "booklet_part": "{title}：第{first}–{last}页，{start}–{end}",
        "booklet_from": "{at} 从{who}手中接过：第{n}页“{title}”",
        "booklet_to": "{at} 交给{who}：第{n}页“{title}”",
        "booklet_begin": "{at} 开场：第{n}页“{title}”",
        "booklet_end": "{at} 全场结束",
        "booklet_cues": "交接", "booklet_slides": "你的页面",
        "booklet_slide": "第{n}页 · {title}",
        "booklet_window": "{start}–{end}，约{m}分钟",
        "booklet_total": "讲完时累计{at}{target}", "booklet_of": " / 计划{d}",
        "booklet_prev": "上一页", "booklet_next": "下一页", "booklet_none": "（无）",
        "booklet_by": "（{who}）", "booklet_notes": "讲稿",
        "booklet_no_notes": "（本页没有讲稿）",
    },
    "en": {
        "agenda": "Agenda", "sources": "Sources", "closing": "Thank you",
        "closing_sub": "Questions?", "part": "Part {n}", "cont": " (cont.)",
        "cont_n": " (cont. {n})",
        "cont_notes": "(Continued from the previous slide.)", "sep": ", ",
        "presenter": "Presented by {who}", "agenda_by": "{title} — {who}",
        "title_notes": "Hello everyone. Today's talk is \u201c{title}\u201d.",
        "title_notes_sub": " {subtitle}.",
        "agenda_notes": "The talk has {n} parts: {items}.",
        "agenda_item": "part {n}, {title}",
        "section_notes": "Part {n}: {title}.",
        "section_by": " {who} will present this part.",
        "section_sub": "{number}  ·  {who}",
        "sources_notes": "These are the sources of the figures and facts in this talk.",
        "closing_notes": "That's the end of our talk. Thank you for listening; "
                         "we're happy to take questions.",
        "handover": "Next, {who} will walk us through {topic}.",
        "handover_topic": "{title}",
        "source_line": "Source: ", "attribution": "— ", "authors_sep": "  ", "info_sep": " · ",
        "opening": "Opening", "ending": "Closing", "nobody": "(unassigned)",
        "section_name_by": "{name} ({who})", "footer_by": " · {who}",
        "booklet": "Rehearsal booklet", "booklet_for": "{who}: rehearsal booklet",
        "booklet_summary": "You present {n} slides, about {m} min; the whole talk "
                           "{total} min{target}",
        "booklet_target": ", {d} min planned", "booklet_parts": "Your parts",
        "booklet_part": "{title}: slides {first}–{last}, {start}–{end}",
        "booklet_from": "{at} take over from {who}: slide {n}, \u201c{title}\u201d",
        "booklet_to": "{at} hand over to {who}: slide {n}, \u201c{title}\u201d",
        "booklet_begin": "{at} open the talk: slide {n}, \u201c{title}\u201d",
        "booklet_end": "{at} end of the talk",
        "booklet_cues": "Hand-overs", "booklet_slides": "Your slides",
        "booklet_slide": "Slide {n} · {title}",
        "booklet_window": "{start}–{end}, about {m} min",
        "booklet_total": "Running total at its end {at}{target}",
        "booklet_of": " of {d} planned", "booklet_prev": "Before", "booklet_next": "After",
        "booklet_none": "(none)", "booklet_by": " ({who})", "booklet_notes": "Notes",
        "booklet_no_notes": "(no notes on this slide)",
    },
}
HANDOVER_MARKERS = ("有请", "接下来由", "交给", "Next,", "hand over", "over to")
"""Phrases that show the notes already hand over to the next presenter."""


def is_zh(language: str) -> bool:
    """Whether the deck's automatic texts are Chinese."""
    return language.lower().startswith("zh")


def texts(language: str) -> dict[str, str]:
    """The automatic texts in the deck's language (Chinese or English)."""
    return _TEXTS["zh" if is_zh(language) else "en"]


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二; numbers from 20 on as digits."""
    if n <= 10:
        return CN_NUMBERS[n]
    return f"十{CN_NUMBERS[n - 10]}" if n < 20 else str(n)


def chapter_number(n: int, language: str) -> str:
    """1 → 第一部分 / Part 1."""
    return texts(language)["part"].format(n=cn_number(n) if is_zh(language) else n)


def count_word(n: int, language: str) -> str:
    """How the agenda's notes say a number of parts: 两 / 三 … or 2 / 3 …"""
    if not is_zh(language):
        return str(n)
    return "两" if n == 2 else cn_number(n) if n <= 10 else str(n)


def cont_suffix(language: str, n: int) -> str:
    """The mark on the n-th continuation of a slide: （续）, then （续 2）, （续 3） …, so
    every slide title stays unique."""
    t = texts(language)
    return t["cont"] if n <= 1 else t["cont_n"].format(n=n)


def source_line(source: str, language: str) -> tuple[str, str]:
    """The prefix and text of the source line under a chart or picture."""
    return texts(language)["source_line"], source


def quote_marks(text: str) -> tuple[str, str]:
    """The quotation marks a quote is shown in, unless it has its own."""
    return ("", "") if text.startswith(("“", "\"", "「")) else ("“", "”")


def section_name(chapter: str, who: str | None, language: str) -> str:
    """A chapter's PowerPoint section name, with its presenter."""
    return texts(language)["section_name_by"].format(name=chapter, who=who) if who else chapter


RTL_LANGUAGES = {"R": "he-IL", "AL": "ar-SA"}
"""The language a right-to-left paragraph is tagged with, by the bidirectional class of
its first strong character: Hebrew (R) or Arabic (AL)."""


def rtl_language(text: str) -> str | None:
    """"he-IL" or "ar-SA" when the text reads right to left (its first strongly
    directional character is Hebrew or Arabic, as Unicode's bidi rule P2 decides), else
    None."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return None
        if kind in RTL_LANGUAGES:
            return RTL_LANGUAGES[kind]
    return None


def has_rtl(text: str) -> bool:
    """Whether the text has any Hebrew or Arabic letters (which need a complex-script
    font, ``a:cs``, wherever they stand)."""
    return any(unicodedata.bidirectional(ch) in RTL_LANGUAGES for ch in text)


def is_ideograph(ch: str) -> bool:
    """Whether a character is a CJK ideograph (or of extension A), kana, a hangul syllable
    or a compatibility ideograph, not their punctuation: speaking time counts them one by
    one; next to Latin letters they take a space."""
    # by code point: a regular expression of these ranges takes ~5 ms to compile
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF
            or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF)
