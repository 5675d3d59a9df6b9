"""The outline's value rules without pydantic: closed sets of words, how a text is read, what
a colour and a language tag look like, what numbers each chart type takes. The model
(:mod:`deckgen.model`) words their errors; the quick check (:mod:`deckgen.quickcheck`)
applies them to a valid outline without loading pydantic."""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal, get_args

CONTENT_KEYS = ("bullets", "chart", "quote", "table", "image", "columns", "stats")
ChartType = Literal["bar", "barh", "line", "pie", "donut", "stacked-bar", "grouped-bar"]
CHART_TYPES: tuple[str, ...] = get_args(ChartType)
Aspect = Literal["16:9", "4:3"]
ASPECTS: tuple[str, ...] = get_args(Aspect)
LayoutFor = Literal["title", "agenda", "divider", "closing", "sources", "bullets", "chart",
                    "quote", "table", "image", "columns", "stats"]
"""The kinds of slide `theme.layouts` may give a layout: the slides deckgen adds and each
content kind."""
LAYOUT_FOR: tuple[str, ...] = get_args(LayoutFor)
Corner = Literal["top-right", "top-left", "bottom-right", "bottom-left"]
CORNERS: tuple[str, ...] = get_args(Corner)
LOG_TYPES = ("bar", "barh", "line")
Reveal = Literal["none", "bullets", "all"]
REVEALS: tuple[str, ...] = get_args(Reveal)
REVEALING = ("bullets", "columns", "stats")
"""The slide kinds whose parts can appear one by one on click."""

_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def as_text(value: Any) -> Any:
    """Numbers and dates written where text belongs, as text ("2025-05-20", "32")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return format(value, "g") if isinstance(value, float) else str(value)
    return value


def shown_text(value: Any) -> Any:
    """A text as the deck shows it: numbers and dates as written, line breaks at either end
    dropped (a block scalar's last newline), spaces kept as written (a quoted "  x "); a
    blank text is empty."""
    value = as_text(value)
    if isinstance(value, str):
        value = value.strip("\r\n")
        if not value.strip():
            return ""
    return value


def hex_color(value: Any) -> str | None:
    """A colour as "#RRGGBB" in capitals, or None when `value` is not one."""
    if not isinstance(value, str) or not _HEX.match(value.strip()):
        return None
    return "#" + value.strip().lstrip("#").upper()


def is_language_tag(value: str) -> bool:
    """Whether `value` has the shape of a BCP 47 language tag (zh-CN, en-US, ja)."""
    return _LANGUAGE.fullmatch(value) is not None


Problem = tuple[str, str, dict[str, Any]]
"""An error's kind, its message template and the template's values (pydantic's custom
error arguments)."""


def chart_values_problem(kind: str, log: bool, series: Mapping[str, Iterable[float]]
                         ) -> Problem | None:
    """What is wrong with a chart's numbers for its type (shared by inline and CSV data),
    or None."""
    values = [v for vs in series.values() for v in vs]
    if kind in ("pie", "donut"):
        if len(series) > 1:
            return ("chart_data", "a {type} chart shows one series; this one has {n}",
                    {"type": kind, "n": len(series)})
        if any(v < 0 for v in values) or not any(v > 0 for v in values):
            return ("chart_data", "a {type} chart needs positive values", {"type": kind})
    if log:
        if kind not in LOG_TYPES:
            return ("chart_data", "`log: true` works with bar, barh and line charts only",
                    {"subpath": ("log",)})
        if any(v <= 0 for v in values):
            return ("chart_data", "a log axis needs values above zero", {"subpath": ("log",)})
    if not all(math.isfinite(v) for v in values):
        return ("chart_data", "chart values must be finite numbers", {})
    return None
