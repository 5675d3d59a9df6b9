"""Alternative text for charts and pictures, written from the data in the deck's language.

Pure: plain arguments in, one string out. A chart reads as its type, what it measures and
the unit, each category with its value as the chart prints it (or, for long series, the
first and last, the extremes and the trend), then the source:
柱状图：FDA 批准的 AI 医疗设备（项）：2015 年 6，2023 年 223。来源：……。"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from itertools import pairwise

from .i18n import is_ideograph
from .numfmt import format_value, label_places, unit_suffix

LONG_SERIES = 8  # more categories than this are summarised, not read out one by one
PIE_TYPES = ("pie", "donut")
PERCENT = ("%", "％")

# Every automatic phrase, one dict per language (to move into the i18n module).
TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "bar": "柱状图", "barh": "条形图", "line": "折线图", "pie": "饼图", "donut": "环形图",
        "stacked-bar": "堆积柱状图", "grouped-bar": "簇状柱状图", "chart": "图表",
        "intro": "{type}：{what}{scale}", "intro_bare": "{type}{scale}",
        "scale": "（{parts}）", "scale_sep": "，", "log": "对数坐标",
        "lead_one": "：", "lead_many": "。", "series": "{name}：{items}",
        "item": "{label}{value}", "item_sep": "，", "series_sep": "；", "end": "。",
        "share": "{value}（{share}）",
        "summary": "共 {n} 项，从{first}到{last}；最高为{high}，最低为{low}；{trend}",
        "summary_pie": "共 {n} 项，最大为{high}，最小为{low}",
        "point": "{label}的{value}",
        "rising": "总体上升", "falling": "总体下降", "flat": "保持不变",
        "mixed_up": "有升有降，总体上升", "mixed_down": "有升有降，总体下降",
        "mixed": "有升有降",
        "source": "来源：{source}。",
    },
    "en": {
        "bar": "Bar chart", "barh": "Horizontal bar chart", "line": "Line chart",
        "pie": "Pie chart", "donut": "Donut chart", "stacked-bar": "Stacked bar chart",
        "grouped-bar": "Grouped bar chart", "chart": "Chart",
        "intro": "{type} of {what}{scale}", "intro_bare": "{type}{scale}",
        "scale": " ({parts})", "scale_sep": ", ", "log": "logarithmic scale",
        "lead_one": ": ", "lead_many": ". ", "series": "{name}: {items}",
        "item": "{label}: {value}", "item_sep": ", ", "series_sep": ". ", "end": ".",
        "share": "{value} ({share})",
        "summary": "{n} categories, from {first} to {last}; highest {high}, lowest {low}; "
                   "{trend}",
        "summary_pie": "{n} categories; largest {high}, smallest {low}",
        "point": "{value} ({label})",
        "rising": "rising overall", "falling": "falling overall", "flat": "unchanged",
        "mixed_up": "up and down, higher at the end", "mixed_down":
            "up and down, lower at the end", "mixed": "up and down",
        "source": "Source: {source}.",
    },
}

# Ideographs, kana and hangul (not their punctuation): next to Latin letters or digits
# they take a space, as the deck's own texts do ("2015 年 6").
_ASCII = re.compile(r"[A-Za-z0-9%]")
_END_PUNCT = "。．.；;，,：: "


def texts(language: str) -> dict[str, str]:
    """The phrases in the deck's language: Chinese for zh-*, else English."""
    return TEXTS["zh" if language.lower().startswith("zh") else "en"]


def _spaced(left: str, right: str) -> bool:
    a, b = left[-1:], right[:1]
    if not (a and b):
        return False
    # CJK next to Latin, or two numbers that would run together ("2015" and "6")
    return bool((is_ideograph(a) or _ASCII.match(a)) and (is_ideograph(b) or _ASCII.match(b))
                and not (is_ideograph(a) and is_ideograph(b)))


def _fill(template: str, **values: str) -> str:
    """template.format(**values), with a space where a CJK character meets a Latin letter
    or digit across a placeholder's edge (never inside a value)."""
    out = ""
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        for piece in (literal, values[field] if field is not None else ""):
            if piece:
                out += (" " if _spaced(out, piece) else "") + piece
    return out


def _trend(values: Sequence[float], t: dict[str, str]) -> str:
    steps = [b - a for a, b in pairwise(values)]
    if all(s == 0 for s in steps):
        return t["flat"]
    if all(s >= 0 for s in steps):
        return t["rising"]
    if all(s <= 0 for s in steps):
        return t["falling"]
    if values[-1] > values[0]:
        return t["mixed_up"]
    return t["mixed_down"] if values[-1] < values[0] else t["mixed"]


def _summary(labels: Sequence[str], values: Sequence[float], shown: Sequence[str],
             pie: bool, t: dict[str, str]) -> str:
    def point(i: int) -> str:
        return _fill(t["point"], label=labels[i], value=shown[i])

    hi = max(range(len(values)), key=lambda i: values[i])  # first of equals
    lo = min(range(len(values)), key=lambda i: values[i])
    if pie:
        return _fill(t["summary_pie"], n=str(len(values)), high=point(hi), low=point(lo))
    return _fill(t["summary"], n=str(len(values)), first=point(0), last=point(-1),
                 high=point(hi), low=point(lo), trend=_trend(values, t))


def _pie_values(values: Sequence[float], unit: str | None, places: int,
                t: dict[str, str]) -> list[str]:
    """Slices as the pie prints them: shares in %, or the value with its share."""
    total = sum(values) or 1.0
    percent = unit_suffix(unit) in PERCENT
    if percent:
        return [format_value(v, unit, places) for v in values]
    shares = [format_value(v / total * 100, "%", 0) for v in values]
    if not unit:
        return shares
    return [_fill(t["share"], value=format_value(v, unit, places), share=s)
            for v, s in zip(values, shares)]


def chart_alt(kind: str, labels: Sequence[str],
              series: Sequence[tuple[str, Sequence[float]]], *, title: str | None = None,
              unit: str | None = None, log: bool = False, source: str | None = None,
              language: str = "zh-CN") -> str:
    """A chart's alternative text: type, what it measures (unit), each category with its
    value as the chart shows it (long series summarised), and the source.

    One series reads as its own name (else the title); several read one after another
    under the title. Pies show their first series, as they are drawn."""
    t = texts(language)
    pie = kind in PIE_TYPES
    drawn = list(series[:1] if pie else series)
    places = label_places([v for _, vs in drawn for v in vs], log)
    named = len(drawn) == 1 and drawn[0][0].strip()
    what = (drawn[0][0] if named else title or "").strip()
    # the unit once: not when the name already says it ("用户规模（亿人）")
    scale = ([unit.strip()] if unit and unit.strip() and not unit_suffix(unit)
        and unit.strip() not in what else [])
    if log and not pie:
        scale.append(t["log"])
    intro = _fill(t["intro" if what else "intro_bare"], type=t.get(kind, t["chart"]),
                  what=what,
                  scale=_fill(t["scale"], parts=t["scale_sep"].join(scale)) if scale else "")

    def read(values: Sequence[float]) -> str:
        shown = (_pie_values(values, unit, places, t) if pie
                 else [format_value(v, unit, places) for v in values])
        if len(values) > LONG_SERIES:
            return _summary(labels, values, shown, pie, t)
        return t["item_sep"].join(_fill(t["item"], label=lab, value=s)
                                  for lab, s in zip(labels, shown))

    if len(drawn) == 1:
        body = t["lead_one"] + read(drawn[0][1])
    else:
        body = t["lead_many"] + t["series_sep"].join(
            _fill(t["series"], name=name.strip(), items=read(vs)) for name, vs in drawn)
    out = intro + body + t["end"]
    src = (source or "").strip().rstrip(_END_PUNCT)
    if src:
        out += ("" if t["end"] == "。" else " ") + _fill(t["source"], source=src)
    return out


def picture_alt(alt: str | None, caption: str | None) -> str | None:
    """A picture's alternative text: the author's alt, else the caption; None when there
    is neither (the caller warns, naming the slide)."""
    for text in (alt, caption):
        if text and text.strip():
            return " ".join(text.split())
    return None
