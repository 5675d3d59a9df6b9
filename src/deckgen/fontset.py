"""Fonts shipped with deckgen: paths, coverage and metrics.

``Deckgen Sans SC`` is a GBK-sized subset of Noto Sans CJK SC (renamed so it never
collides with a system Noto); Carlito is metric-compatible with Calibri. Both are OFL;
see ``fonts/README.md``. This module needs fontTools only, imported lazily, and never
imports matplotlib or python-pptx.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
import unicodedata
from pathlib import Path
from typing import Any

__all__ = [
    "CJK_FAMILY",
    "FONT_DIR",
    "LATIN_FAMILY",
    "advance_widths",
    "cjk_font_path",
    "covered_codepoints",
    "latin_font_path",
    "metrics_table",
    "missing_chars",
    "shipped_vmetrics",
]

CJK_FAMILY = "Deckgen Sans SC"
LATIN_FAMILY = "Carlito"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
METRICS_PATH = FONT_DIR / "metrics.json.gz"
"""Advances, coverage and vertical metrics of the shipped fonts, precomputed by
``scripts/make_fonts.py`` (:func:`metrics_table`) so a build never parses the fonts."""
SHIPPED = ("Carlito-Regular.ttf", "Carlito-Bold.ttf", "DeckgenSansSC-Regular.otf",
           "DeckgenSansSC-Bold.otf")
_VERTICAL = (("hhea", "ascent"), ("hhea", "descent"), ("hhea", "lineGap"),
             ("OS/2", "usWinAscent"), ("OS/2", "usWinDescent"), ("OS/2", "sTypoAscender"),
             ("OS/2", "sTypoDescender"), ("OS/2", "sTypoLineGap"))

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


def _font_metrics(path: Path) -> dict[str, Any]:
    """One font's table entry, read with fontTools: file size, units per em, advances as
    runs [first code point, count, advance] of consecutive code points with equal advance,
    and the raw vertical metrics (hhea, then OS/2)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        metrics = font["hmtx"].metrics
        runs: list[list[int]] = []
        for cp, glyph in sorted(font.getBestCmap().items()):
            adv = metrics[glyph][0]
            last = runs[-1] if runs else None
            if last is not None and last[0] + last[1] == cp and last[2] == adv:
                last[1] += 1
            else:
                runs.append([cp, 1, adv])
        return {"size": path.stat().st_size, "upem": font["head"].unitsPerEm,
                "advances": runs,
                "vertical": [getattr(font[table], name) for table, name in _VERTICAL]}


def metrics_table() -> bytes:
    """The precomputed metrics of the shipped fonts, as written to ``METRICS_PATH``
    (gzip-compressed JSON, byte-reproducible)."""
    table = {name: _font_metrics(FONT_DIR / name) for name in SHIPPED}
    text = json.dumps(table, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("ascii"), compresslevel=9, mtime=0)


@functools.cache
def _table() -> dict[str, dict[str, Any]]:
    try:
        table: dict[str, dict[str, Any]] = json.loads(gzip.decompress(METRICS_PATH.read_bytes()))
    except (OSError, ValueError):
        table = {}
    for name in SHIPPED:  # a replaced font (other size) is measured afresh
        entry = table.get(name)
        if entry is None or entry.get("size") != (FONT_DIR / name).stat().st_size:
            table[name] = _font_metrics(FONT_DIR / name)
    return table


def _codepoints(name: str) -> frozenset[int]:
    return frozenset(cp for first, count, _ in _table()[name]["advances"]
                     for cp in range(first, first + count))


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Code points with a glyph in the shipped fonts (Regular CJK plus Carlito)."""
    return _codepoints(cjk_font_path().name) | _codepoints(latin_font_path().name)


def shipped_vmetrics(path: Path) -> tuple[int, ...] | None:
    """Units per em and the raw vertical metrics (hhea ascent, descent, lineGap; OS/2
    usWinAscent, usWinDescent, sTypoAscender, sTypoDescender, sTypoLineGap) of a shipped
    font, or None for any other font file."""
    path = Path(path)
    if path.name not in SHIPPED or path.resolve().parent != FONT_DIR:
        return None
    entry = _table()[path.name]
    return (entry["upem"], *entry["vertical"])


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
    entry = _table()[_font_path(bold, cjk).name]
    upem = entry["upem"]
    return {cp: adv / upem for first, count, adv in entry["advances"]
            for cp in range(first, first + count)}
