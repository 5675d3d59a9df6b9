"""Fonts shipped with deckgen, and the metrics of the fonts decks name.

``Deckgen Sans SC`` is a GBK-sized subset of Noto Sans CJK SC (renamed so it never
collides with a system Noto); Carlito is metric-compatible with Calibri. Both are OFL;
see ``fonts/README.md``. ``metrics.json.gz`` also holds the advance widths and vertical
metrics (facts, not font files) of the free twins of the fonts students name (Caladea,
Liberation Sans/Serif/Mono), of the wide stand-ins used for any other font (DejaVu Sans,
Serif, Sans Mono) and of Noto Serif CJK SC; :func:`resolve` maps a typeface name to the
face whose metrics measure it. This module needs fontTools only (to regenerate the table),
imported lazily, and never imports matplotlib or python-pptx.
"""

from __future__ import annotations

import bisect
import functools
import json
import unicodedata
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .frozen import frozen

__all__ = [
    "AUTOSPACE_EM",
    "CJK_FACES",
    "CJK_FAMILY",
    "FONT_DIR",
    "LATIN_FAMILY",
    "METRIC_FACES",
    "METRIC_TWINS",
    "RTL_FACE",
    "Advances",
    "Face",
    "cjk_font_path",
    "covered_codepoints",
    "east_asian_face",
    "face_advances",
    "face_vmetrics",
    "is_cjk",
    "latin_face",
    "latin_font_path",
    "metric_twin",
    "metrics_table",
    "missing_chars",
    "published_line_em",
    "resolve",
]

CJK_FAMILY = "Deckgen Sans SC"
LATIN_FAMILY = "Carlito"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
METRICS_PATH = FONT_DIR / "metrics.json.gz"
"""Advances, coverage and vertical metrics of the shipped fonts and of the system faces in
:data:`SYSTEM_FACES`, precomputed by ``scripts/make_fonts.py`` (:func:`metrics_table`) so a
build never parses a font."""
SHIPPED = ("Carlito-Regular.ttf", "Carlito-Bold.ttf", "DeckgenSansSC-Regular.otf",
           "DeckgenSansSC-Bold.otf")
_VERTICAL = (("hhea", "ascent"), ("hhea", "descent"), ("hhea", "lineGap"),
             ("OS/2", "usWinAscent"), ("OS/2", "usWinDescent"), ("OS/2", "sTypoAscender"),
             ("OS/2", "sTypoDescender"), ("OS/2", "sTypoLineGap"))

SANS, SERIF, MONO = "DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"
"""Stand-ins for a font deckgen has no metrics for, by class: wide faces (DejaVu is what
LibreOffice draws such fonts with on Debian), so text measured with them fits wherever the
deck opens."""
CJK_SANS, CJK_SERIF = "Noto Sans CJK SC", "Noto Serif CJK SC"
CJK_FACES = frozenset({CJK_SANS, CJK_SERIF})
"""Metric faces with ideographs. Ideographs and fullwidth forms are 1 em in every CJK
family in practice (Microsoft YaHei, SimSun, PingFang, Source Han ...), so these two
measure them all."""

SHIPPED_FACES: dict[str, tuple[str, str]] = {
    LATIN_FAMILY: ("Carlito-Regular.ttf", "Carlito-Bold.ttf"),
    # The shipped subset has Noto Sans CJK SC's advances and vertical metrics (checked by a
    # test against the system font when it is installed).
    CJK_SANS: ("DeckgenSansSC-Regular.otf", "DeckgenSansSC-Bold.otf"),
}
"""Metric faces read from the shipped font files (regular, bold)."""

_DEBIAN = Path("/usr/share/fonts")
SYSTEM_FACES: dict[str, tuple[Path, Path, str]] = {
    "Caladea": (_DEBIAN / "truetype/crosextra/Caladea-Regular.ttf",
                _DEBIAN / "truetype/crosextra/Caladea-Bold.ttf", "fonts-crosextra-caladea"),
    "Liberation Sans": (_DEBIAN / "truetype/liberation2/LiberationSans-Regular.ttf",
                        _DEBIAN / "truetype/liberation2/LiberationSans-Bold.ttf",
                        "fonts-liberation2"),
    "Liberation Serif": (_DEBIAN / "truetype/liberation2/LiberationSerif-Regular.ttf",
                         _DEBIAN / "truetype/liberation2/LiberationSerif-Bold.ttf",
                         "fonts-liberation2"),
    "Liberation Mono": (_DEBIAN / "truetype/liberation2/LiberationMono-Regular.ttf",
                        _DEBIAN / "truetype/liberation2/LiberationMono-Bold.ttf",
                        "fonts-liberation2"),
    SANS: (_DEBIAN / "truetype/dejavu/DejaVuSans.ttf",
           _DEBIAN / "truetype/dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
    SERIF: (_DEBIAN / "truetype/dejavu/DejaVuSerif.ttf",
            _DEBIAN / "truetype/dejavu/DejaVuSerif-Bold.ttf", "fonts-dejavu-core"),
    MONO: (_DEBIAN / "truetype/dejavu/DejaVuSansMono.ttf",
           _DEBIAN / "truetype/dejavu/DejaVuSansMono-Bold.ttf", "fonts-dejavu-core"),
    CJK_SERIF: (_DEBIAN / "opentype/noto/NotoSerifCJK-Regular.ttc",
                _DEBIAN / "opentype/noto/NotoSerifCJK-Bold.ttc", "fonts-noto-cjk"),
}
"""Metric faces read from Debian's font packages when the table is made (regular, bold,
package)."""
NOTO_SANS_CJK = (_DEBIAN / "opentype/noto/NotoSansCJK-Regular.ttc",
                 _DEBIAN / "opentype/noto/NotoSansCJK-Bold.ttc")
METRIC_FACES = (*SHIPPED_FACES, *SYSTEM_FACES)

LATIN_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B (pinyin tone marks)
    (0x02B0, 0x02FF),  # spacing modifier letters (ˇ ˉ ˊ ˋ)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency symbols
    (0x2100, 0x214F),  # letterlike symbols (℃ № ™)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
)
"""Code points kept for a Latin system face: what slide text in Latin scripts uses. Other
characters are measured with the East Asian face (as viewers fall back to another font)."""

RTL_RANGES: tuple[tuple[int, int], ...] = (
    (0x0590, 0x05FF),  # Hebrew
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0xFB1D, 0xFB4F),  # Hebrew presentation forms
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
)
"""Right-to-left scripts, kept for :data:`RTL_FACE` only."""
RTL_FACE = SANS
"""The face that measures Hebrew and Arabic text whatever the deck's fonts: DejaVu Sans
covers both (a deck names Arial for them, ``a:cs``; LibreOffice draws Arabic, which
Liberation Sans lacks, with DejaVu Sans), and is wider than Arial's Hebrew."""

AUTOSPACE_EM = 0.25
"""Gap LibreOffice (and PowerPoint) leave where CJK text meets Latin letters, digits or
punctuation: fit measures lines with it, the PDF export draws it."""


@functools.cache
def is_cjk(ch: str) -> bool:
    """Whether a character is wide (CJK ideograph, kana, hangul, fullwidth form)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


@functools.cache
def quiet_fonttools() -> None:
    """Silence fontTools' "seems very low" about the shipped fonts' 'created' date (Adobe's
    original), which would reach the user's terminal through logging's last resort on
    every load. Called wherever fontTools is imported (here, and for fpdf2): importing
    logging at start costs every run."""
    import logging

    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)


# ---------------------------------------------------------------- typefaces


@frozen
class Face:
    """A typeface as named in a deck, and the metric face that measures it.

    ``estimated`` is True when deckgen has no metrics for the family or its
    metric-compatible twin and measures it with a wide stand-in of its class."""

    family: str
    metrics_of: str
    estimated: bool


def _norm(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch not in " -_'\"\t")


_FAMILIES: dict[str, tuple[str, str, str]] = {}
"""Normalised name -> (name, family, metric face) of every family deckgen knows, under
each of its names (the first name given to ``_known`` is the family's)."""


def _known(metrics_of: str, *names: str) -> None:
    for name in names:
        _FAMILIES[_norm(name)] = (name, names[0], metrics_of)


METRIC_TWINS: dict[str, tuple[str, ...]] = {
    "Carlito": ("Calibri", "Carlito"),
    "Caladea": ("Cambria", "Caladea"),
    "Liberation Sans": ("Arial", "Helvetica", "Arial Unicode MS", "Liberation Sans", "Arimo"),
    "Liberation Serif": ("Times New Roman", "Times", "Liberation Serif", "Tinos"),
    "Liberation Mono": ("Courier New", "Courier", "Liberation Mono", "Cousine"),
}
"""Metric-compatible twins (same advance widths as the named fonts, glyph for glyph) and
the names they stand in for; LibreOffice substitutes them for the Office fonts."""
for _twin, _names in METRIC_TWINS.items():
    _known(_twin, *_names)
_known(SANS, SANS)
_known(SERIF, SERIF)
_known(MONO, MONO)
# CJK families: ideographs, kana and fullwidth forms 1 em, like Noto CJK's.
_known(CJK_SANS, "Microsoft YaHei", "微软雅黑", "Microsoft YaHei UI", "Microsoft YaHei Light",
       "微软雅黑 Light")
_known(CJK_SANS, "DengXian", "等线", "DengXian Light", "等线 Light")
_known(CJK_SANS, "SimHei", "黑体")
_known(CJK_SANS, "PingFang SC", "苹方", "苹方-简", "PingFang TC", "PingFang HK")
_known(CJK_SANS, "Noto Sans CJK SC", "Noto Sans SC", "Noto Sans CJK", "Noto Sans CJK TC",
       "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK HK", CJK_FAMILY)
_known(CJK_SANS, "Source Han Sans SC", "Source Han Sans", "Source Han Sans CN",
       "思源黑体", "思源黑体 CN")
_known(CJK_SANS, "Microsoft JhengHei", "微軟正黑體", "微软正黑体", "Microsoft JhengHei UI")
_known(CJK_SANS, "Heiti SC", "STHeiti", "华文黑体", "黑体-简", "Hiragino Sans GB",
       "冬青黑体简体中文", "WenQuanYi Micro Hei", "文泉驿微米黑", "WenQuanYi Zen Hei",
       "文泉驿正黑", "Meiryo", "メイリオ", "Yu Gothic", "游ゴシック", "MS Gothic",
       "ＭＳ ゴシック", "Malgun Gothic", "맑은 고딕")
_known(CJK_SERIF, "SimSun", "宋体", "NSimSun", "新宋体", "SimSun-ExtB")
_known(CJK_SERIF, "KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312", "STKaiti", "华文楷体",
       "Kaiti SC", "楷体-简")
_known(CJK_SERIF, "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong",
       "华文仿宋")
_known(CJK_SERIF, "Noto Serif CJK SC", "Noto Serif SC", "Noto Serif CJK", "Noto Serif CJK TC",
       "Noto Serif CJK JP", "Noto Serif CJK KR", "Source Han Serif SC", "Source Han Serif",
       "Source Han Serif CN", "思源宋体", "思源宋体 CN")
_known(CJK_SERIF, "STSong", "华文宋体", "Songti SC", "宋体-简", "STZhongsong", "华文中宋",
       "MingLiU", "細明體", "PMingLiU", "新細明體", "MS Mincho", "ＭＳ 明朝", "Yu Mincho",
       "游明朝", "Batang", "바탕")

_MONO_HINTS = ("mono", "courier", "consol", "code", "menlo", "monaco", "typewriter",
               "terminal", "fixed")
_SANS_HINTS = ("sans", "gothic", "grotesk", "grotesque", "hei", "黑", "arial", "helvetica",
               "verdana", "tahoma", "segoe", "gill", "futura", "avenir", "frutiger", "univers",
               "myriad", "lato", "roboto", "trebuchet", "franklin", "corbel", "candara")
_SERIF_HINTS = ("serif", "times", "roman", "georgia", "garamond", "palatino", "antiqua",
                "baskerville", "bodoni", "didot", "century", "constantia", "minion", "caslon",
                "bookman", "goudy", "perpetua", "sabon", "charter", "cochin", "hoefler",
                "rockwell", "slab", "merriweather", "lora", "playfair", "crimson", "cormorant",
                "book", "calisto", "cooper", "centaur", "jenson", "mincho", "ming", "song",
                "kai", "fang", "宋", "明", "楷", "仿", "书", "書")


def _has_hint(norm: str, hints: tuple[str, ...]) -> bool:
    return any(_norm(h) in norm for h in hints)


def _wide(name: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in name)


@functools.cache
def resolve(typeface: str) -> Face:
    """The face whose metrics measure a typeface (case, spaces and hyphens ignored); its
    ``family`` is the typeface as deckgen spells that name ("helvetica" -> "Helvetica").

    A family deckgen has metrics for, or whose metric-compatible twin it has, is measured
    with those (``estimated=False``; a CJK family with Noto Sans or Serif CJK SC); any
    other with a wide stand-in of its class (sans, serif, mono; CJK when the name has
    CJK characters; ``estimated=True``).
    """
    name = typeface.strip()
    norm = _norm(name)
    known = _FAMILIES.get(norm)
    if known is not None:
        return Face(known[0], known[2], estimated=False)
    serif = not _has_hint(norm, _SANS_HINTS) and _has_hint(norm, _SERIF_HINTS)
    if _wide(name):
        return Face(name, CJK_SERIF if serif else CJK_SANS, True)
    if _has_hint(norm, _MONO_HINTS):
        return Face(name, MONO, True)
    return Face(name, SERIF if serif else SANS, True)


def metric_twin(typeface: str) -> str | None:
    """The free metric-compatible twin that stands in for a typeface (Carlito for
    Calibri); None when it has none or is one."""
    known = _FAMILIES.get(_norm(typeface))
    if known is None or known[2] not in METRIC_TWINS or _norm(known[2]) == _norm(typeface):
        return None
    return known[2]


@functools.cache
def latin_face(typeface: str) -> Face:
    """The face that measures a typeface's narrow characters (as ``a:latin``).

    A CJK family's own Latin glyphs are not measured: LibreOffice draws Latin text in a
    missing CJK family with DejaVu (Microsoft YaHei's Latin came out 5-10 % wider than
    Noto Sans CJK's), so DejaVu Sans or Serif measures it, as an estimate."""
    face = resolve(typeface)
    if face.metrics_of in CJK_FACES:
        return Face(face.family, SERIF if face.metrics_of == CJK_SERIF else SANS, True)
    return face


@functools.cache
def east_asian_face(typeface: str) -> Face:
    """The face that measures a typeface's wide characters (as ``a:ea``).

    A Latin family has no ideographs (viewers draw them with a CJK font, 1 em wide), so a
    known one is measured with Noto Sans or Serif CJK SC (``estimated=False``); an
    unknown family here is taken for a CJK one (``estimated=True``)."""
    face = resolve(typeface)
    if face.metrics_of in CJK_FACES:
        return face
    serif = face.metrics_of in ("Caladea", "Liberation Serif", SERIF)
    return Face(face.family, CJK_SERIF if serif else CJK_SANS, face.estimated)


_PUBLISHED_LINE_EM: dict[str, float] = {
    # hhea ascender + descender (+ line gap) over units per em of the real font, where a
    # public source gives it. Only a value taller than the metric face's own changes a line
    # height; for families not listed (SimSun, KaiTi, FangSong, ...: no source found) the
    # metric face's metrics are used, which for CJK families are Noto CJK's 1.437-1.448 em,
    # taller than every CJK value found here: the conservative (taller) value is used.
    "Microsoft YaHei": 1.32,  # msyh: 2167 + 536 over 2048; PowerPoint spaces lines 1.32 em
    "Microsoft JhengHei": 1.33,  # msjh: ascent 1076, descent 254 per 1000 (tFPDF metrics)
    "DengXian": 1.349,  # 等线: line height / size 1.343-1.349 em measured at seven sizes
    "PingFang SC": 1.4,  # Keynote spaces single lines about 1.4 em
    "SimHei": 1.0,  # ascent 859, descent 141 per 1000 (libharu's SimHei descriptor)
    "Segoe UI": 1.33,  # 2210 + 514 over 2048 (capsize's system font metrics)
    "Helvetica Neue": 1.193,  # 952 + 213 + 28 over 1000 (same source)
    "Roboto": 1.172,  # 1900 + 500 over 2048 (same source)
}


def published_line_em(family: str) -> float | None:
    """Single line height in em of the real font of a family (under any of its names),
    where a public source gives it (see ``_PUBLISHED_LINE_EM``), else None."""
    known = _FAMILIES.get(_norm(family))
    return _PUBLISHED_LINE_EM.get(known[1] if known else family.strip())


# ---------------------------------------------------------------- the metrics table


def cjk_font_path(bold: bool = False) -> Path:
    """Path of the shipped Deckgen Sans SC font file (OpenType/CFF)."""
    return FONT_DIR / ("DeckgenSansSC-Bold.otf" if bold else "DeckgenSansSC-Regular.otf")


def latin_font_path(bold: bool = False) -> Path:
    """Path of the shipped Carlito font file (TrueType)."""
    return FONT_DIR / ("Carlito-Bold.ttf" if bold else "Carlito-Regular.ttf")


def _runs(font: Any, keep: frozenset[int] | None = None) -> list[list[int]]:
    """Advances as runs [first code point, count, advance] of consecutive code points with
    equal advance (only code points in `keep`, when given)."""
    metrics = font["hmtx"].metrics
    runs: list[list[int]] = []
    for cp, glyph in sorted(font.getBestCmap().items()):
        if keep is not None and cp not in keep:
            continue
        adv = metrics[glyph][0]
        last = runs[-1] if runs else None
        if last is not None and last[0] + last[1] == cp and last[2] == adv:
            last[1] += 1
        else:
            runs.append([cp, 1, adv])
    return runs


def _entry(font: Any, keep: frozenset[int] | None = None) -> dict[str, Any]:
    return {"upem": font["head"].unitsPerEm, "advances": _runs(font, keep),
            "vertical": [getattr(font[table], name) for table, name in _VERTICAL]}


def _font_metrics(path: Path) -> dict[str, Any]:
    """One shipped font's table entry, read with fontTools: file size, units per em,
    advances as runs and the raw vertical metrics (hhea, then OS/2)."""
    from fontTools.ttLib import TTFont

    quiet_fonttools()

    with TTFont(str(path), lazy=True) as font:
        return {"size": path.stat().st_size, **_entry(font)}


def _open_face(path: Path) -> Any:
    """A TTFont of a font file; for a collection, its SC face."""
    from fontTools.ttLib import TTCollection, TTFont

    quiet_fonttools()

    if path.suffix.lower() not in (".ttc", ".otc"):
        return TTFont(str(path), lazy=True)
    coll = TTCollection(str(path), lazy=True)
    for font in coll.fonts:
        name = font["name"]
        if (name.getDebugName(16) or name.getDebugName(1) or "").endswith(" SC"):
            return font
    raise ValueError(f"{path}: no SC face")


def _latin_codepoints(rtl: bool = False) -> frozenset[int]:
    ranges = (*LATIN_RANGES, *RTL_RANGES) if rtl else LATIN_RANGES
    return frozenset(cp for lo, hi in ranges for cp in range(lo, hi + 1))


def _shipped_cjk_codepoints() -> frozenset[int]:
    """Code points of the shipped CJK subset, read from the font (the CJK faces keep these)."""
    from fontTools.ttLib import TTFont

    quiet_fonttools()

    with TTFont(str(cjk_font_path()), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _system_face(name: str) -> dict[str, Any]:
    """Metrics of one face of :data:`SYSTEM_FACES`, read from the installed font files."""
    *paths, package = SYSTEM_FACES[name]
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"missing {', '.join(missing)}: apt-get install {package}")
    keep = _shipped_cjk_codepoints() if name in CJK_FACES else _latin_codepoints(
        rtl=name == RTL_FACE)
    styles = {}
    for style, path in zip(("regular", "bold"), paths, strict=True):
        font = _open_face(Path(path))
        try:
            styles[style] = {"source": Path(path).name, **_entry(font, keep)}
        finally:
            font.close()
    return styles


def _text(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def metrics_table() -> bytes:
    """The precomputed metrics of the shipped fonts and of :data:`SYSTEM_FACES` (read from
    Debian's font packages, which must be installed), as written to ``METRICS_PATH``:
    gzip-compressed JSON, byte-reproducible, each style's entry a JSON text of its own
    (a build decodes the two or three styles it measures with, not all twenty)."""
    table = {"files": {name: _text(_font_metrics(FONT_DIR / name)) for name in SHIPPED},
             "faces": {name: {style: _text(entry) for style, entry in _system_face(name).items()}
                       for name in SYSTEM_FACES}}
    import gzip

    return gzip.compress(_text(table).encode("ascii"), compresslevel=9, mtime=0)


@functools.cache
def _table() -> dict[str, dict[str, Any]]:
    """``METRICS_PATH`` as read, each style's entry still its JSON text (empty without it)."""
    try:
        # zlib reads the one gzip member (and checks its CRC) without importing gzip
        raw = zlib.decompress(METRICS_PATH.read_bytes(), wbits=16 + zlib.MAX_WBITS)
        table: dict[str, dict[str, Any]] = json.loads(raw)
    except (OSError, ValueError, zlib.error):
        table = {}
    return {"files": table.get("files", {}), "faces": table.get("faces", {})}


def _decoded(text: Any) -> dict[str, Any] | None:
    try:
        entry = json.loads(text)
    except (TypeError, ValueError):
        return None
    return entry if isinstance(entry, dict) else None


@functools.cache
def file_entry(name: str) -> dict[str, Any]:
    """The table's entry of a shipped font file (one of :data:`SHIPPED`); measured afresh
    when the table lacks it or the file is another size (a replaced font)."""
    entry = _decoded(_table()["files"].get(name))
    if entry is None or entry.get("size") != (FONT_DIR / name).stat().st_size:
        entry = _font_metrics(FONT_DIR / name)
    return entry


@functools.cache
def face_styles(face: str) -> dict[str, dict[str, Any]]:
    """The table's entries of a system face (one of :data:`SYSTEM_FACES`), regular and
    bold; read from the installed fonts when the table lacks them."""
    shipped = _table()["faces"].get(face)
    if not isinstance(shipped, dict):
        return _system_face(face)
    styles = {style: _decoded(shipped.get(style)) for style in ("regular", "bold")}
    return {style: entry for style, entry in styles.items() if entry is not None} if all(
        styles.values()) else _system_face(face)


def _codepoints(name: str) -> frozenset[int]:
    return frozenset(cp for first, count, _ in file_entry(name)["advances"]
                     for cp in range(first, first + count))


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Code points with a glyph in the shipped fonts (Regular CJK plus Carlito)."""
    return _codepoints(cjk_font_path().name) | _codepoints(latin_font_path().name)


def _style_entry(face: str, bold: bool) -> dict[str, Any]:
    if face in SHIPPED_FACES:
        return file_entry(SHIPPED_FACES[face][bold])
    if face not in SYSTEM_FACES:
        raise KeyError(f"no metrics for {face!r}; metric faces: {', '.join(METRIC_FACES)}")
    return face_styles(face)["bold" if bold else "regular"]


def face_vmetrics(face: str, bold: bool = False) -> tuple[int, ...]:
    """Units per em and the raw vertical metrics (hhea ascent, descent, lineGap; OS/2
    usWinAscent, usWinDescent, sTypoAscender, sTypoDescender, sTypoLineGap) of one style
    of a metric face (one of :data:`METRIC_FACES`)."""
    entry = _style_entry(face, bold)
    return (entry["upem"], *entry["vertical"])


def _ignorable(ch: str) -> bool:
    # Whitespace, control and format characters (ZWJ, BOM, ...) never need a glyph.
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


@functools.cache
def _covered_runs() -> tuple[list[int], list[int]]:
    """:func:`covered_codepoints` as sorted runs (first code points, ends): looking up a
    few characters needs no set of 25,000."""
    runs = sorted((first, first + count) for name in (cjk_font_path().name,
                                                       latin_font_path().name)
                  for first, count, _ in file_entry(name)["advances"])
    firsts: list[int] = []
    ends: list[int] = []
    for first, end in runs:
        if ends and first <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            firsts.append(first)
            ends.append(end)
    return firsts, ends


def _covered(cp: int) -> bool:
    firsts, ends = _covered_runs()
    i = bisect.bisect_right(firsts, cp) - 1
    return i >= 0 and cp < ends[i]


def missing_chars(text: str) -> list[str]:
    """Distinct characters of `text` that no shipped font covers, in order of first use."""
    seen: set[str] = set()
    missing: list[str] = []
    for ch in text:
        if ch in seen:
            continue
        seen.add(ch)
        if not _covered(ord(ch)) and not _ignorable(ch):
            missing.append(ch)
    return missing


class Advances(Mapping[int, float]):
    """Advance widths in em by code point, looked up in the table's runs of code points of
    equal advance: a CJK face covers 23,000 code points, of which a deck uses a few
    hundred, so they are not spelled out one by one."""

    def __init__(self, runs: Sequence[Sequence[int]], upem: int) -> None:
        self._runs: list[tuple[int, ...]] = sorted(map(tuple, runs))
        self._firsts = [run[0] for run in self._runs]
        self._upem = upem

    def get(self, cp: int, default: Any = None) -> Any:
        """The advance of a code point, else `default` (measuring asks this of every
        character it meets: looked up here, not through __getitem__ and KeyError)."""
        i = bisect.bisect_right(self._firsts, cp) - 1
        if i >= 0:
            first, count, advance = self._runs[i]
            if cp < first + count:
                return advance / self._upem
        return default

    def __getitem__(self, cp: int) -> float:
        found: float | None = self.get(cp)
        if found is None:
            raise KeyError(cp)
        return found

    def __iter__(self) -> Iterator[int]:
        for first, count, _ in self._runs:
            yield from range(first, first + count)

    def __len__(self) -> int:
        return sum(count for _, count, _ in self._runs)


@functools.cache
def face_advances(face: str, bold: bool = False) -> Advances:
    """Advance width per code point, in em (advance / unitsPerEm), of one style of a metric
    face (one of :data:`METRIC_FACES`)."""
    entry = _style_entry(face, bold)
    return Advances(entry["advances"], entry["upem"])
