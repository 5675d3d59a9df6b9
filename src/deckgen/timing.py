"""Speaking-time estimates per slide, chapter and presenter. Pure."""

from __future__ import annotations

import re

from .deckplan import DeckPlan
from .frozen import frozen
from .i18n import is_ideograph, texts
from .plan import AUTOMATIC

CJK_RATE = 220.0  # characters per minute, a calm classroom pace
WORD_RATE = 130.0  # words per minute
FLOOR_SECONDS = {"content": 20.0, "auto": 10.0}
AUTO_ROLES = AUTOMATIC
OVER, UNDER = 1.10, 0.75  # warn above 110 % or below 75 % of the target duration

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")


def count_units(text: str) -> tuple[int, int]:
    """CJK characters and non-CJK words in a text."""
    if text.isascii():
        return 0, len(_WORD.findall(text))
    marked = [is_ideograph(ch) for ch in text]
    spaced = "".join(" " if m else ch for m, ch in zip(marked, text))
    return sum(marked), len(_WORD.findall(spaced))


def rates(language: str, speaking_rate: float | None) -> tuple[float, float]:
    """Characters/min for CJK and words/min for other text; `speaking_rate` sets the one
    that matches the deck's language."""
    cjk_lang = language.split("-")[0].lower() in ("zh", "ja", "ko")
    if speaking_rate:
        return (speaking_rate, WORD_RATE) if cjk_lang else (CJK_RATE, speaking_rate)
    return CJK_RATE, WORD_RATE


def seconds(notes: str, role: str, language: str, speaking_rate: float | None) -> float:
    """Estimated speaking time of one slide: its notes read aloud, at least a floor."""
    cjk_rate, word_rate = rates(language, speaking_rate)
    cjk, words = count_units(notes)
    spoken = 60.0 * (cjk / cjk_rate + words / word_rate)
    floor = FLOOR_SECONDS["auto" if role in AUTO_ROLES else "content"]
    return max(spoken, floor)


@frozen
class SlideTime:
    """One slide's place in the talk and its estimated time."""

    number: int
    title: str
    role: str
    presenter: str
    chapter: str
    seconds: float
    start: float  # seconds into the talk when the slide comes up


@frozen
class Row:
    """A presenter's share of one chapter."""

    presenter: str
    chapter: str
    slides: int
    minutes: float


@frozen
class Timing:
    """The talk's estimated length against its target."""

    slides: tuple[SlideTime, ...]
    rows: tuple[Row, ...]
    total_minutes: float
    duration: float | None
    warning: str | None


def estimate(plan: DeckPlan) -> Timing:
    """Per-slide times, a row per presenter and chapter, and the total against duration."""
    t_ = texts(plan.language)
    opening, ending, nobody = t_["opening"], t_["ending"], t_["nobody"]
    out: list[SlideTime] = []
    t = 0.0
    for i, slide in enumerate(plan.slides, start=1):
        s = seconds(slide.notes, slide.kind, plan.language, plan.speaking_rate)
        chapter = plan.chapters[slide.chapter][0] if slide.chapter is not None else (
            opening if slide.kind in ("title", "agenda") else ending)
        out.append(SlideTime(i, slide.title, slide.kind, slide.presenter or nobody, chapter, s,
                             t))
        t += s
    rows: dict[tuple[str, str], list[float]] = {}
    for st in out:
        rows.setdefault((st.presenter, st.chapter), []).append(st.seconds)
    table = tuple(Row(p, c, len(v), sum(v) / 60) for (p, c), v in rows.items())
    total = t / 60
    warning = None
    if plan.duration:
        if total > plan.duration * OVER:
            warning = (f"the talk runs over: about {total:.1f} min against {plan.duration:g} "
                       "min; cut notes or slides")
        elif total < plan.duration * UNDER:
            warning = (f"the talk is short: about {total:.1f} min against {plan.duration:g} "
                       "min; add to the notes or slides")
    return Timing(tuple(out), table, total, plan.duration, warning)
