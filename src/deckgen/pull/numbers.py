"""A number written the way its old value was written: "32" stays an integer, "1.50" keeps
two decimals, "32%" its percent sign, "1,234" its thousands separators. Never rounds: a
value that needs more decimals than the old text had gets them."""

from __future__ import annotations

import math
import re

from ..frozen import frozen

_WRITTEN = re.compile(r"^(?P<sign>[+\-\u2212]?)(?P<int>[0-9][0-9,_]*|)(?:\.(?P<dec>[0-9_]*))?"
                      r"(?P<exp>[eE][+-]?[0-9]+)?(?P<pct>\s*[%％])?$")


@frozen
class Style:
    """How a number was written: its decimals, separators and percent sign."""

    decimals: int = 0
    point: bool = False  # written with a decimal point (a float in YAML), even "2."
    grouping: bool = False  # "1,234"
    exponent: bool = False
    percent: str = ""  # the percent sign with any space before it
    minus: str = "-"  # "-" or the typographic "−"


def style_of(written: str) -> Style | None:
    """The style of a number as written; None when the text is not a plain number."""
    m = _WRITTEN.match(written.strip())
    if not m or not (m.group("int") or m.group("dec")):
        return None
    dec = (m.group("dec") or "").replace("_", "")
    return Style(len(dec), m.group("dec") is not None, "," in m.group("int"),
                 m.group("exp") is not None, m.group("pct") or "",
                 "\u2212" if m.group("sign") == "\u2212" else "-")


def shortest(value: float) -> str:
    """The shortest text that reads back as `value`: "35", "10.5", "1.5e-07" ("1.0e+20":
    YAML reads an exponent as a number only after a decimal point)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(float(value))
    mantissa, e, exponent = text.partition("e")
    return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else text


def like(value: float, written: str) -> str:
    """`value` written in the style of `written` (as shortest() when that is no number)."""
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    st = style_of(written)
    if st is None or st.exponent:
        return shortest(value)
    text = _fixed(value, st.decimals)
    if text is None:  # needs more decimals than the old text had
        text = _plain_decimal(value)
    if st.point and "." not in text:
        text += ".0" if st.decimals == 0 else ""
    if st.grouping:
        head, dot, tail = text.partition(".")
        sign = "-" if head.startswith("-") else ""
        head = f"{int(head.lstrip('-')):,}"
        text = sign + head + dot + tail
    if text.startswith("-") and st.minus != "-":
        text = st.minus + text[1:]
    return text + st.percent


def _fixed(value: float, decimals: int) -> str | None:
    """`value` with exactly this many decimals, if that reads back as the same number."""
    text = f"{value:.{decimals}f}"
    return text if float(text) == value else None


def _plain_decimal(value: float) -> str:
    """The shortest decimal text (no exponent) that reads back as `value`."""
    r = repr(float(value))
    if "e" not in r and "E" not in r:
        return r.removesuffix(".0") if value == int(value) else r
    for places in range(1, 30):
        text = f"{value:.{places}f}"
        if float(text) == value:
            return text
    return f"{value:.30f}".rstrip("0")
