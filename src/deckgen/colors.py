"""Colour maths for readable text: WCAG 2.x contrast, and the least change that reaches it.

Pure: colours are "#RRGGBB" strings in and out; no python-pptx. Lightness is changed in
OKLab (Björn Ottosson, 2020), whose L follows perceived lightness, keeping the hue and
giving up chroma only where sRGB cannot hold it."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

RGB = tuple[float, float, float]  # sRGB channels, 0..1

NORMAL_RATIO = 4.5  # WCAG 2.x success criterion 1.4.3 (AA), body text
LARGE_RATIO = 3.0  # the same, for large text
LARGE_PT = 18.0
LARGE_BOLD_PT = 14.0
BLACK = "#000000"
WHITE = "#FFFFFF"
_STEPS = 40  # bisection steps on OKLab L: far below one 8-bit level
_GREY = 1e-4  # OKLab chroma below this is a grey the matrices did not round to 0


@functools.lru_cache(maxsize=8192)  # pure, and asked the same again and again
def parse(color: str) -> tuple[int, int, int]:
    """"#RRGGBB" (or "RRGGBB", any case) → (r, g, b) in 0..255."""
    s = color.strip().lstrip("#")
    if len(s) != 6 or any(c not in "0123456789abcdefABCDEF" for c in s):
        raise ValueError(f"not a #RRGGBB colour: {color!r}")
    return int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16)


def to_hex(rgb: Iterable[float]) -> str:
    """(r, g, b) in 0..1 → "#RRGGBB", rounded and clipped."""
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def normalise(color: str) -> str:
    """The colour as upper-case "#RRGGBB"."""
    return "#" + "".join(f"{c:02X}" for c in parse(color))


def unit(color: str) -> RGB:
    """"#RRGGBB" → (r, g, b) in 0..1."""
    r, g, b = parse(color)
    return r / 255, g / 255, b / 255


def _linear(c: float) -> float:
    # The sRGB transfer function; WCAG 2.0 printed 0.03928 for the knee, which changes
    # no 8-bit value.
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


@functools.lru_cache(maxsize=8192)  # pure, and asked the same again and again
def luminance(color: str) -> float:
    """WCAG 2.x relative luminance: 0 for black, 1 for white."""
    r, g, b = (_linear(c) for c in unit(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@functools.lru_cache(maxsize=8192)  # pure, and asked the same again and again
def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two colours, 1 to 21."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def is_large(size_pt: float, bold: bool = False) -> bool:
    """Large text in WCAG's sense: at least 18 pt, or 14 pt bold."""
    return size_pt >= LARGE_PT or (bold and size_pt >= LARGE_BOLD_PT)


def required_ratio(size_pt: float, bold: bool = False) -> float:
    """The contrast text of this size needs: 3:1 when large, else 4.5:1."""
    return LARGE_RATIO if is_large(size_pt, bold) else NORMAL_RATIO


def blend(color: str, over: str, alpha: float) -> str:
    """color painted with opacity alpha (0..1) over another colour, as renderers mix it."""
    a = min(max(alpha, 0.0), 1.0)
    return to_hex(a * c + (1 - a) * o for c, o in zip(unit(color), unit(over)))


def average(colors: Sequence[str]) -> str:
    """The mean of some colours, channel by channel in sRGB."""
    rgbs = [unit(c) for c in colors]
    return to_hex(sum(v[i] for v in rgbs) / len(rgbs) for i in range(3))


def lighten(color: str, amount: float) -> str:
    """The colour moved `amount` (0..1) of the way to white, channel by channel in sRGB
    (a chart's series past the palette's end)."""
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in parse(color))


def tint(color: str, amount: float) -> str:
    """DrawingML's a:tint: amount (0..1) of the colour, the rest white, mixed in linear
    light as PowerPoint does (black at 75 % is #898989)."""
    return to_hex(_gamma(_linear(c) * amount + (1 - amount)) for c in unit(color))


def shade(color: str, amount: float) -> str:
    """DrawingML's a:shade: the colour darkened to amount (0..1) in linear light."""
    return to_hex(_gamma(_linear(c) * amount) for c in unit(color))


# -- OKLab ---------------------------------------------------------------------------------
def _oklab(color: str) -> RGB:
    r, g, b = (_linear(c) for c in unit(color))
    lms = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
           0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
           0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
    l_, m_, s_ = (math.copysign(abs(v) ** (1 / 3), v) for v in lms)
    L = 0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_
    a = 1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_
    b = 0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_
    if math.hypot(a, b) < _GREY:  # rounding noise: a grey stays a grey
        a = b = 0.0
    return L, a, b


def _linear_rgb(lab: RGB) -> RGB:
    L, a, b = lab
    l_ = L + 0.3963377774 * a + 0.2158037573 * b
    m_ = L - 0.1055613458 * a - 0.0638541728 * b
    s_ = L - 0.0894841775 * a - 1.2914855480 * b
    l3, m3, s3 = l_ ** 3, m_ ** 3, s_ ** 3
    return (4.0767416621 * l3 - 3.3077115913 * m3 + 0.2309699292 * s3,
            -1.2684380046 * l3 + 2.6097574011 * m3 - 0.3413193965 * s3,
            -0.0041960863 * l3 - 0.7034186147 * m3 + 1.7076147010 * s3)


def _in_gamut(rgb: RGB) -> bool:
    r, g, b = rgb  # spelled out: the bisections below ask this thousands of times
    return -1e-7 <= r <= 1 + 1e-7 and -1e-7 <= g <= 1 + 1e-7 and -1e-7 <= b <= 1 + 1e-7


def _with_lightness(lab: RGB, L: float) -> str:
    """The colour at OKLab lightness L, same hue, chroma cut until sRGB holds it."""
    _, a, b = lab
    rgb = _linear_rgb((L, a, b))
    if not _in_gamut(rgb):
        lo, hi = 0.0, 1.0  # share of the chroma kept
        for _ in range(_STEPS):
            mid = (lo + hi) / 2
            if _in_gamut(_linear_rgb((L, a * mid, b * mid))):
                lo = mid
            else:
                hi = mid
        rgb = _linear_rgb((L, a * lo, b * lo))
    return to_hex(_gamma(min(max(c, 0.0), 1.0)) for c in rgb)


def _toward(color: str, background: str, ratio: float, target: float) -> str | None:
    """The colour moved the least along OKLab L toward target (0 or 1) that reaches ratio."""
    lab = _oklab(color)
    end = _with_lightness(lab, target)
    if contrast(end, background) < ratio:
        return None
    near, far = lab[0], target  # near fails, far passes: contrast grows away from the
    for _ in range(_STEPS):  # background's luminance, which L orders along this path
        mid = (near + far) / 2
        if contrast(_with_lightness(lab, mid), background) >= ratio:
            far = mid
        else:
            near = mid
    return _with_lightness(lab, far)


def least_contrast(color: str, backgrounds: Sequence[str]) -> float:
    """The contrast of a colour against the worst of several backgrounds."""
    return min((contrast(color, b) for b in backgrounds), default=21.0)


def _on(background: str | Sequence[str]) -> tuple[str, ...]:
    return (background,) if isinstance(background, str) else tuple(background)


def readable(color: str, background: str | Sequence[str],
             ratio: float = NORMAL_RATIO) -> str:
    """color darkened or lightened the least (in OKLab lightness, hue kept) to reach ratio
    against background (every one of several: a gradient's stops); unchanged when it
    already does; black or white, whichever contrasts more, when no shade of it can."""
    return _readable(normalise(color), _on(background), ratio)


@functools.lru_cache(maxsize=1024)  # pure; a deck asks the same of every slide (3 ms each)
def _readable(color: str, on: tuple[str, ...], ratio: float) -> str:
    if least_contrast(color, on) >= ratio:
        return color
    start = _oklab(color)[0]
    # darker text is held back by the darkest background, lighter by the lightest
    darkest, lightest = min(on, key=luminance), max(on, key=luminance)
    options = [c for c in (_toward(color, darkest, ratio, 0.0),
                           _toward(color, lightest, ratio, 1.0))
               if c is not None and least_contrast(c, on) >= ratio]
    if not options:
        return best_text((BLACK, WHITE), on, ratio)
    return min(options, key=lambda c: abs(_oklab(c)[0] - start))


def best_text(candidates: Sequence[str], background: str | Sequence[str],
              ratio: float = NORMAL_RATIO) -> str:
    """The first candidate that reaches ratio against background (every one of
    several), else the one that contrasts most (black or white when there are none)."""
    on = _on(background)
    pool = [normalise(c) for c in candidates] or [BLACK, WHITE]
    for c in pool:
        if least_contrast(c, on) >= ratio:
            return c
    return max(pool, key=lambda c: least_contrast(c, on))
