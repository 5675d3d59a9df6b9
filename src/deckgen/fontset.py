"""Fonts shipped with deckgen: paths, coverage and metrics.

``Deckgen Sans SC`` is a GBK-sized subset of Noto Sans CJK SC (renamed so it never
collides with a system Noto); Carlito is metric-compatible with Calibri. Both are OFL;
see ``fonts/README.md``. This module needs fontTools only, imported lazily, and never
imports matplotlib or python-pptx.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from pathlib import Path

__all__ = [
    "CJK_FAMILY",
    "FONT_DIR",
    "LATIN_FAMILY",
    "advance_widths",
    "cjk_font_path",
    "covered_codepoints",
    "latin_font_path",
    "missing_chars",
]

CJK_FAMILY = "Deckgen Sans SC"
LATIN_FAMILY = "Carlito"
FONT_DIR = Path(__file__).resolve().parent / "fonts"

# The shipped fonts keep Adobe's original 'created' date, which fontTools reports as "seems
# very low" on every load; it would reach the user's terminal through logging's last resort.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)


def cjk_font_path(bold: bool = False) -> Path:
    """Path of the shipped Deckgen Sans SC font file (OpenType/CFF)."""
    return FONT_DIR / ("DeckgenSansSC-Bold.otf" if bold else "DeckgenSansSC-Regular.otf")


def latin_font_path(bold: bool = False) -> Path:
    """Path of the shipped Carlito font file (TrueType)."""
    return FONT_DIR / ("Carlito-Bold.ttf" if bold else "Carlito-Regular.ttf")


def _font_path(bold: bool, cjk: bool) -> Path:
    return cjk_font_path(bold) if cjk else latin_font_path(bold)


@functools.cache
def _cmap(path: Path) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return dict(font.getBestCmap())


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Code points with a glyph in the shipped fonts (Regular CJK plus Carlito)."""
    return frozenset(_cmap(cjk_font_path())) | frozenset(_cmap(latin_font_path()))


def _ignorable(ch: str) -> bool:
    # Whitespace, control and format characters (ZWJ, BOM, ...) never need a glyph.
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


def missing_chars(text: str) -> list[str]:
    """Distinct characters of `text` that no shipped font covers, in order of first use."""
    covered = covered_codepoints()
    seen: set[str] = set()
    missing: list[str] = []
    for ch in text:
        if ch in seen:
            continue
        seen.add(ch)
        if ord(ch) not in covered and not _ignorable(ch):
            missing.append(ch)
    return missing


@functools.cache
def advance_widths(bold: bool, cjk: bool) -> dict[int, float]:
    """Advance width per code point, in em (advance / unitsPerEm), of one shipped font."""
    from fontTools.ttLib import TTFont

    path = _font_path(bold, cjk)
    with TTFont(str(path), lazy=True) as font:
        upem = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {cp: metrics[glyph][0] / upem for cp, glyph in font.getBestCmap().items()}
