"""Numbers as charts print them: "1,234", "0.05", "32%"; pure, shared by chart pictures,
native charts and chart alt text."""

from __future__ import annotations

import math
from collections.abc import Sequence

SHORT_UNITS = ("%", "％", "倍", "×", "x")  # short enough to go on every value


def unit_suffix(unit: str | None) -> str:
    """The unit when it is short enough to go on every value ("%", "倍"), else ""."""
    return unit.strip() if unit and unit.strip() in SHORT_UNITS else ""


def decimals(values: Sequence[float], limit: int = 2) -> int:
    """The fewest decimals (up to limit) that show every value exactly."""
    for d in range(limit + 1):
        if all(abs(v * 10**d - round(v * 10**d)) < 1e-6 * max(1.0, abs(v) * 10**d)
               for v in values):
            return d
    return limit


def label_places(values: Sequence[float], log: bool = False) -> int:
    """Decimals of a chart's value labels: the same for every label of the chart."""
    if log:  # small values get their own format (see format_value)
        values = [v for v in values if v >= 1]
    return decimals(values)


def format_value(v: float, unit: str | None = None, places: int | None = None) -> str:
    """1234.0 → "1,234"; with fixed places; below 1 on its own scale; short unit appended."""
    if places is not None and (abs(v) >= 1 or v == 0):
        s = f"{v:,.{places}f}"
    elif math.isfinite(v) and abs(v - round(v)) < 1e-9 and abs(v) < 1e15:
        s = f"{round(v):,}"
    elif abs(v) >= 100:
        s = f"{v:,.0f}"
    elif abs(v) >= 1:
        s = f"{v:,.2f}".rstrip("0").rstrip(".")
    else:
        s = f"{v:.3f}".rstrip("0")
        s = s + "0" if s.endswith(".") else s
    return s + unit_suffix(unit)
