"""Text measurement, line wrapping, shrink-to-fit and pagination for slide text.

Pure: reads only the shipped metrics (via :mod:`deckgen.fontset`, cached); no
python-pptx, no matplotlib. All lengths are in points.

Calibration (LibreOffice 7.4 Impress → PDF → ``pdftotext -bbox``; runs with
``a:latin`` Calibri → Carlito and ``a:ea`` Microsoft YaHei → Noto Sans CJK
fallback; word wrap on, autofit off):

- Widths: ideographs render at 1.002 em (Noto Sans CJK); Latin text in Carlito
  within 1 % of the summed advances (kerning makes it slightly narrower).
  LibreOffice adds about 0.24 em (0.237 at 20 pt, 0.231 at 32 pt) wherever
  CJK meets Latin letters, digits or punctuation ("中文EFLOPS中文": 149.6 pt
  rendered vs 140.1 pt of bare advances at 20 pt), so widths include
  ``AUTOSPACE_EM`` = 0.25 em per boundary and a 1 % safety factor. Spaces between
  them do not take the gap away: "中文 EFLOPS 中文" drew 158.7 pt, 9.0 pt wider than
  "中文EFLOPS中文" (149.7 pt) although its two spaces are 4.5 pt each, and "2023 年全球"
  5.1 pt wider than its advances (Calibri, Arial, Georgia with Microsoft YaHei, DejaVu
  Sans, SimSun, DengXian alike), so a boundary is counted between the non-space
  characters on either side of spaces too.
- Breaks: 36 paragraphs (18 boxes, 18/24/32 pt, 300/420/610 pt wide, CJK,
  mixed and English text): predicted 241 lines, LibreOffice drew 235; no
  paragraph got more lines than predicted. The differences come from
  LibreOffice hanging closing punctuation (，。；) into the right margin,
  which this module never relies on. LibreOffice keeps "、RNN" and "CNN（"
  together, and so does :func:`wrap`.
- Line height: LibreOffice spaces single-spaced lines 1.2 em apart whatever
  the fonts (CJK, Latin and mixed lines alike); proportional spacing below
  100 % barely shrinks that (0.9 → 1.225 em). The fonts' own line metrics are
  larger: Noto Sans CJK / Deckgen Sans SC 1.448 em (hhea and OS/2 win
  1160 + 288), Carlito 1.22 em, Microsoft YaHei (PowerPoint) 1.32 em and
  PingFang SC (Keynote) about 1.4 em. :func:`line_height` uses the taller of
  the two faces' metrics and the real fonts' published line heights (1.448 em
  for Calibri + Microsoft YaHei; 1.437 em with a Noto Serif CJK face, as for
  SimSun; LibreOffice still spaces lines 1.2 em), never less than 1.25 em, so
  predictions run about 20 % taller than LibreOffice's rendering (a 24 pt
  bullet list: 264 pt predicted, 223 pt rendered) and leave room for viewers
  that use the real font metrics.

Fonts (:class:`Fonts`, on every :class:`Box`): narrow characters are measured
with the ``a:latin`` typeface, wide ones with ``a:ea``, each through
:func:`deckgen.fontset.latin_face` / :func:`~deckgen.fontset.east_asian_face`
(metric-compatible twins such as Carlito, Caladea, Liberation; DejaVu
stand-ins for other fonts, listed by :func:`estimated_faces`). Against
LibreOffice at 20 pt (``tests/test_render_fonts.py``), predicted / rendered
width of plain English lines: Georgia (DejaVu Serif) 1.008-1.010, Cambria
(Caladea) 1.010-1.014, Arial (Liberation Sans) 1.008-1.009, Times New Roman
(Liberation Serif) 1.006-1.008, Courier New (Liberation Mono) 1.010; a line
with curly quotes and an em dash 1.05-1.10 (ambiguous characters take the
wider, CJK, advance). Wrapped paragraphs: predicted lines equal LibreOffice's
for every font (Times New Roman: 32 predicted, 31 drawn), never fewer.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from deckgen import fontset
from deckgen.primitives import Fonts, Insets
from deckgen.style import PLAIN, ListStyle

_PPT = Insets()  # PowerPoint's own insets and cell margins

FALLBACK_EM = 0.6
"""Advance width of a character that neither font has."""

LINE_EM_MARGIN = 0.0
"""Extra line height in em added on top of the font metrics (safety margin)."""

WIDTH_SAFETY = 1.01
"""Factor on measured widths: LibreOffice draws ideographs at 1.002 em; 1 % over is safe."""

AUTOSPACE_EM = 0.25
"""Gap LibreOffice adds where CJK text meets Latin letters, digits or punctuation."""

# Kinsoku shori: characters that may not start a line (closing brackets, stops,
# small kana, iteration marks, postfix signs) and that may not end one (opening brackets).
NO_LINE_START = frozenset(
    "，。、；：？！）」』》】〉〕〗〙〛｝］”’〞〟"
    "・·‥…—–～〜ー"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻ゝゞヽヾ"
    ",.;:!?)]}%‰℃°′″｡｣､･ﾞﾟ％"
)
NO_LINE_END = frozenset("（「『《【〈〔〖〘〚｛［“‘〝([{$£¥￥＄")
_FORCED_BREAK = re.compile("[\n\v\u2028]")


# ---------------------------------------------------------------- fonts


DEFAULT_FONTS = Fonts()


@cache
def faces(fonts: Fonts) -> tuple[fontset.Face, fontset.Face]:
    """The Latin and East Asian faces that measure a pair of typefaces
    (:func:`deckgen.fontset.latin_face`, :func:`deckgen.fontset.east_asian_face`)."""
    latin = fonts.latin.strip() or DEFAULT_FONTS.latin
    east_asian = fonts.east_asian.strip() or DEFAULT_FONTS.east_asian
    return fontset.latin_face(latin), fontset.east_asian_face(east_asian)


def estimated_faces(fonts: Fonts) -> tuple[fontset.Face, ...]:
    """The faces of `fonts` measured with a stand-in of their class (an estimate), for the
    build report: "measured Georgia with DejaVu Serif's widths, an estimate"."""
    return tuple(face for face in faces(fonts) if face.estimated)


# ---------------------------------------------------------------- font metrics


@cache
def is_cjk(ch: str) -> bool:
    """Whether a character is wide (CJK ideograph, kana, hangul, fullwidth form)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


@cache
def _widths(bold: bool, fonts: Fonts) -> tuple[dict[int, float], dict[int, float],
                                               dict[int, float]]:
    """Advances (em) of the East Asian, the Latin and the right-to-left face."""
    lat, ea = faces(fonts)
    return (fontset.face_advances(ea.metrics_of, bold), fontset.face_advances(lat.metrics_of, bold),
            fontset.face_advances(fontset.RTL_FACE, bold))


@cache
def _ems(bold: bool, fonts: Fonts) -> dict[str, float]:
    """Advance per character (em), filled as characters are met: the hot loops look
    characters up here instead of calling :func:`char_em`."""
    return {}


def char_em(ch: str, bold: bool = False, fonts: Fonts = DEFAULT_FONTS) -> float:
    """Advance width of one character in em.

    Wide characters come from the East Asian face, others from the Latin face
    (then the other face, then 0.6 em). East-Asian "ambiguous" characters
    (curly quotes, the ellipsis, the middle dot) take the wider of the two
    faces, since viewers disagree on which font draws them. Hebrew and Arabic
    letters come from :data:`deckgen.fontset.RTL_FACE`, whatever the fonts: they are
    drawn with the complex-script font (``a:cs``).
    """
    memo = _ems(bold, fonts)
    em = memo.get(ch)
    if em is None:
        em = memo[ch] = _char_em(ch, *_widths(bold, fonts))
    return em


def _char_em(ch: str, cjk: dict[int, float], lat: dict[int, float],
             rtl: dict[int, float]) -> float:
    cp = ord(ch)
    if unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return 0.0
    if unicodedata.bidirectional(ch) in ("R", "AL"):
        w = rtl.get(cp, lat.get(cp))
        return FALLBACK_EM if w is None else w
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F"):
        w = cjk.get(cp, lat.get(cp))
        return 1.0 if w is None else w
    if eaw == "A":
        ws = [w for w in (cjk.get(cp), lat.get(cp)) if w is not None]
        return max(ws) if ws else FALLBACK_EM
    w = lat.get(cp, cjk.get(cp))
    return FALLBACK_EM if w is None else w


def _boundaries(text: str) -> Iterable[bool]:
    """For each character after the first: whether it is a non-space of the other kind
    (wide or narrow) than the last non-space before it (spaces between or not)."""
    last = 0  # kind of the last non-space: 0 none yet, 1 narrow, 2 wide
    for i, ch in enumerate(text):
        kind = 0 if ch.isspace() else 2 if is_cjk(ch) else 1
        if i:
            yield bool(kind and last and kind != last)
        if kind:
            last = kind


def _autospaces(text: str) -> int:
    """Number of places where wide (CJK) and narrow non-space characters meet, touching
    or with only spaces between them."""
    return sum(_boundaries(text))


def text_width(text: str, size_pt: float, bold: bool = False,
               fonts: Fonts = DEFAULT_FONTS) -> float:
    """Width of a single-line string in points, as LibreOffice lays it out.

    The sum of advance widths plus ``AUTOSPACE_EM`` at every CJK/non-CJK
    boundary, times ``WIDTH_SAFETY``.
    """
    memo = _ems(bold, fonts)
    em = sum(memo[ch] if ch in memo else char_em(ch, bold, fonts) for ch in text)
    em += AUTOSPACE_EM * _autospaces(text)
    return em * size_pt * WIDTH_SAFETY


@dataclass(frozen=True)
class VMetrics:
    """Vertical metrics of one font in em (descenders positive)."""

    hhea_ascent: float
    hhea_descent: float
    hhea_line_gap: float
    win_ascent: float
    win_descent: float
    typo_ascent: float
    typo_descent: float
    typo_line_gap: float

    @property
    def hhea_height(self) -> float:
        """Ascender + descender + line gap from the hhea table."""
        return self.hhea_ascent + self.hhea_descent + self.hhea_line_gap

    @property
    def win_height(self) -> float:
        """usWinAscent + usWinDescent."""
        return self.win_ascent + self.win_descent


def _face_vmetrics(face: str, bold: bool) -> VMetrics:
    upm, *v = fontset.face_vmetrics(face, bold)
    return VMetrics(hhea_ascent=v[0] / upm, hhea_descent=-v[1] / upm,
                    hhea_line_gap=v[2] / upm, win_ascent=v[3] / upm,
                    win_descent=v[4] / upm, typo_ascent=v[5] / upm,
                    typo_descent=-v[6] / upm, typo_line_gap=v[7] / upm)


@cache
def line_em(fonts: Fonts = DEFAULT_FONTS) -> float:
    """Height of one single-spaced line in em: the tallest of the two faces' line metrics
    (hhea and OS/2 win heights, regular and bold), and of the real fonts' published line
    heights where known."""
    heights = []
    for face in faces(fonts):
        for bold in (False, True):
            m = _face_vmetrics(face.metrics_of, bold)
            heights.append(max(m.hhea_height, m.win_height))
        published = fontset.published_line_em(face.family)
        if published is not None:
            heights.append(published)
    return max(heights) + LINE_EM_MARGIN


MIN_LINE_EM = 1.25
"""Least line height in em: LibreOffice never spaces lines closer than about 1.2 em."""


def line_height(size_pt: float, spacing: float = 1.0, fonts: Fonts = DEFAULT_FONTS) -> float:
    """Height of one line in points at a font size and proportional line spacing."""
    return max(line_em(fonts) * spacing, MIN_LINE_EM) * size_pt


DRAWN_LINE_EM = 1.2
"""Baseline to baseline of single-spaced lines as LibreOffice draws them (and PowerPoint,
for most faces), whatever the fonts: 24 pt at 110 % measured 31.6 pt apart."""


def drawn_line_height(size_pt: float, spacing: float = 1.0) -> float:
    """How far apart a viewer draws lines: what a preview draws, where :func:`line_height`
    is what fitting reserves (taller, for viewers with taller fonts)."""
    return DRAWN_LINE_EM * max(spacing, 1.0) * size_pt


# ---------------------------------------------------------------- line breaking


def _can_break_before(text: str, i: int, kinsoku: bool = True) -> bool:
    """Whether a line may break between text[i-1] and text[i]."""
    prev, cur = text[i - 1], text[i]
    if cur.isspace():
        return False
    if kinsoku and (cur in NO_LINE_START or prev in NO_LINE_END):
        return False
    if prev.isspace():
        before = text[:i].rstrip()
        return not (kinsoku and before and before[-1] in NO_LINE_END)
    if prev in "-\u2010" and i >= 2 and text[i - 2].isalnum() and cur.isalnum():
        return True
    # LibreOffice (ICU) keeps "、RNN" and "CNN（" together: no break between a
    # Latin word and CJK punctuation that closes before it or opens after it.
    if (prev in NO_LINE_START and cur.isalnum() and not is_cjk(cur)) or (
        cur in NO_LINE_END and prev.isalnum() and not is_cjk(prev)
    ):
        return not kinsoku
    return is_cjk(prev) or is_cjk(cur)


def _segments(text: str, kinsoku: bool = True) -> list[str]:
    """Text cut at every allowed break (each piece keeps its trailing spaces)."""
    if not text:
        return []
    out, start = [], 0
    for i in range(1, len(text)):
        if _can_break_before(text, i, kinsoku):
            out.append(text[start:i])
            start = i
    out.append(text[start:])
    return out


@functools.lru_cache(maxsize=8192)
def _measures(text: str, bold: bool, fonts: Fonts) -> tuple[
        tuple[float, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...],
        tuple[int, ...]]:
    """Per-text facts every wrap width and size reuses: each character's advance (em), the
    advances summed from the first character (left to right, as :func:`text_width` sums),
    autospace boundaries up to each position (running count), the length of
    ``text[:i].rstrip()`` and the index of the first non-space at or after i, for every
    i."""
    memo = _ems(bold, fonts)
    ems = tuple(memo[ch] if ch in memo else char_em(ch, bold, fonts) for ch in text)
    spaces = tuple(itertools.accumulate(_boundaries(text), initial=0))
    stripped = [0]
    for i, ch in enumerate(text, start=1):
        stripped.append(stripped[-1] if ch.isspace() else i)
    solid = [len(text)] * (len(text) + 1)
    for i in range(len(text) - 1, -1, -1):
        solid[i] = solid[i + 1] if text[i].isspace() else i
    return (ems, tuple(itertools.accumulate(ems, initial=0)), spaces, tuple(stripped),
            tuple(solid))


@functools.lru_cache(maxsize=8192)
def _segments_of(text: str) -> tuple[str, ...]:
    return tuple(_segments(text))


def tokens(text: str) -> list[str]:
    """The pieces :func:`wrap` keeps on one line whenever it can: the text between its
    allowed breaks (words, numbers, names; a CJK character with its punctuation)."""
    return [t for part in _FORCED_BREAK.split(text)
            for t in (seg.strip() for seg in _segments_of(part)) if t]


def _wrap_line(text: str, width_pt: float, size_pt: float, bold: bool, fonts: Fonts,
               broken: list[str] | None = None) -> list[tuple[str, float]]:
    """Lines (trailing spaces dropped) with their ink widths; the words a line break falls
    inside (wider than the line on their own, or cut where kinsoku was given up, as
    "1,234," / "567") are appended to `broken`.

    Widths equal ``text_width(line.rstrip())`` of each candidate line bit for bit: the
    advances of a line are summed left to right from its first character, as
    :func:`text_width` sums them, but each line's running total is kept instead of summing
    again per candidate."""
    ems, from_first, spaces, stripped, solid = _measures(text, bold, fonts)
    lines: list[tuple[str, float]] = []
    start = end = 0  # the current line is text[start:end]
    run: list[float] = [0]  # run[k]: advances of text[start:start + k], for start > 0

    def ink(stop: int) -> float:
        n = max(stripped[stop], start)
        k = n - start
        if start:
            while len(run) <= k:
                run.append(run[-1] + ems[start + len(run) - 1])
            em = run[k]
        else:
            em = from_first[k]
        # boundaries after the line's first non-space (one before it is not this line's)
        first = solid[start]
        gaps = spaces[n - 1] - spaces[first] if first < n - 1 else 0
        return (em + AUTOSPACE_EM * gaps) * size_pt * WIDTH_SAFETY

    def new_line() -> None:
        nonlocal start
        lines.append((text[start:max(stripped[end], start)], ink(end)))
        if broken is not None and 0 < end < len(text) and _inside_token(text, end):
            word = _token_at(text, end)
            if word not in broken[-1:]:
                broken.append(word)
        start = end
        del run[1:]

    def place(stop: int, depth: int) -> None:
        nonlocal end
        if ink(stop) <= width_pt:
            end = stop
            return
        if stripped[end] > start:
            new_line()
        if ink(stop) <= width_pt:
            end = stop
            return
        pieces = _segments(text[end:stop], kinsoku=False) if depth == 0 else []
        if len(pieces) > 1:  # too wide even alone: give up kinsoku, then words
            for piece in pieces:
                place(end + len(piece), depth + 1)
            return
        # Last resort: a word longer than the line is broken between characters.
        for i in range(end + 1, stop + 1):
            if stripped[end] > start and ink(i) > width_pt:
                new_line()
            end = i

    whole = ink(len(text))
    if whole <= width_pt:  # widths only grow along a line: every segment would fit
        return [(text[:stripped[-1]], whole)]
    for seg in _segments_of(text):
        place(end + len(seg), 0)
    new_line()
    return lines


def _narrow(ch: str) -> bool:
    return not ch.isspace() and not is_cjk(ch)


def _inside_token(text: str, i: int) -> bool:
    """Whether a line break before text[i] falls inside a Latin word or a number (not at a
    space, after a hyphen or next to a CJK character)."""
    a, b = text[i - 1], text[i]
    return _narrow(a) and _narrow(b) and not (a in "-\u2010" and b.isalnum())


def _token_at(text: str, i: int) -> str:
    """The run of narrow characters around position i."""
    lo, hi = i, i
    while lo > 0 and _narrow(text[lo - 1]):
        lo -= 1
    while hi < len(text) and _narrow(text[hi]):
        hi += 1
    return text[lo:hi]


def _wrap(text: str, width_pt: float, size_pt: float, bold: bool = False,
          fonts: Fonts = DEFAULT_FONTS,
          broken: list[str] | None = None) -> list[tuple[str, float]]:
    parts = _FORCED_BREAK.split(text)
    lines: list[tuple[str, float]] = []
    for part in parts:
        lines.extend(_wrap_line(part, width_pt, size_pt, bold, fonts, broken))
    return lines


@functools.lru_cache(maxsize=16384)
def wrapped(text: str, width_pt: float, size_pt: float, bold: bool = False,
            fonts: Fonts = DEFAULT_FONTS) -> tuple[str, ...]:
    """:func:`wrap`, remembered: layout asks for the lines of the text it has just fitted."""
    return tuple(wrap(text, width_pt, size_pt, bold, fonts))


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False,
         fonts: Fonts = DEFAULT_FONTS) -> list[str]:
    """Lines a viewer breaks text into inside a given width (at least one line).

    Breaks are allowed between CJK characters, between CJK and other text, after
    spaces and after a hyphen inside a word, never inside a Latin word or a
    number (unless it is wider than the line on its own). Kinsoku: no line
    starts with closing punctuation and none ends with opening punctuation.
    Line breaks (newline, vertical tab) force a new line.
    """
    return [line for line, _ in _wrap(text, width_pt, size_pt, bold, fonts)]


def broken_words(text: str, width_pt: float, size_pt: float, bold: bool = False,
                 fonts: Fonts = DEFAULT_FONTS) -> list[str]:
    """The words (numbers, names) :func:`wrap` has to break between characters because
    each is wider than the line on its own; empty when every token stays whole."""
    out: list[str] = []
    _wrap(text, width_pt, size_pt, bold, fonts, out)
    return out


# ---------------------------------------------------------------- boxes and fitting


@dataclass(frozen=True)
class Para:
    """One paragraph: text, outline level (0 = bullet, 1 = sub-bullet) and weight."""

    text: str
    level: int = 0
    bold: bool = False


@dataclass(frozen=True)
class Box:
    """A text frame as fit measures it, in points: its size, insets, the paragraph
    geometry of its list (``style``: margins, indents, spacing, the sub-level's size) and
    its typefaces.

    A builder must set the same values on the text frame so predictions hold: the size,
    ``bodyPr`` lIns/rIns and tIns/bIns (``inset_lr_pt``/``inset_tb_pt``; the defaults are
    PowerPoint's own), the list style's ``marL``, ``indent``, ``spcBef`` and ``lnSpc`` on
    every paragraph, and ``fonts`` on the runs (``a:latin`` and ``a:ea``). A paragraph at a
    level below the first is ``style.sub_scale`` of the size, but never less than
    ``level_floor_pt`` (nor than the level-0 size). Word wrap on, autofit off, anchored at
    the top.
    """

    width_pt: float
    height_pt: float
    inset_lr_pt: float = _PPT.left
    inset_tb_pt: float = _PPT.top
    style: ListStyle = PLAIN
    level_floor_pt: float = 0.0
    fonts: Fonts = DEFAULT_FONTS

    @property
    def line_spacing(self) -> float:
        """``lnSpc`` as a proportion of single spacing."""
        return self.style.spacing

    def text_width(self, level: int) -> float:
        """Width available to the text of a paragraph at a level, in points."""
        return self.width_pt - 2 * self.inset_lr_pt - self.style.margin_left(level)

    def size_at(self, size_pt: float, level: int) -> float:
        """Font size of a paragraph at a level when the body size is size_pt."""
        scale = self.style.sub_scale if level else 1.0
        return round(max(size_pt * scale, min(self.level_floor_pt, size_pt)), 2)


@dataclass(frozen=True)
class Fit:
    """Chosen font size, whether the text fits at it, and the text's height in points."""

    size_pt: float
    fits: bool
    height_pt: float


def _para_lines(p: Para, box: Box, size_pt: float) -> tuple[int, bool]:
    """Line count of a paragraph and whether every line fits the width with no word broken
    between characters."""
    size = box.size_at(size_pt, p.level)
    width = box.text_width(p.level)
    broken: list[str] = []
    lines = _wrap(p.text, width, size, p.bold, box.fonts, broken)
    return len(lines), not broken and all(ink <= width for _, ink in lines)


def box_broken_words(paras: Sequence[Para], box: Box, size_pt: float) -> list[str]:
    """The words the paragraphs break between characters in a box at a size."""
    out: list[str] = []
    for p in paras:
        _wrap(p.text, box.text_width(p.level), box.size_at(size_pt, p.level), p.bold,
              box.fonts, out)
    return out


def _height(paras: Sequence[Para], box: Box, size_pt: float) -> tuple[float, bool]:
    h = 2 * box.inset_tb_pt
    ok = True
    for p in paras:
        n, fits_width = _para_lines(p, box, size_pt)
        ok = ok and fits_width
        h += box.style.before(p.level)
        h += n * line_height(box.size_at(size_pt, p.level), box.line_spacing, box.fonts)
    return h, ok


def text_height(paras: Sequence[Para], box: Box, size_pt: float) -> float:
    """Height of the paragraphs laid out in the box, insets included, in points."""
    return _height(paras, box, size_pt)[0]


def _sizes(size_pt: float, floor_pt: float, step_pt: float) -> Iterable[float]:
    """Font sizes from size_pt down to floor_pt (both included)."""
    if step_pt <= 0:
        raise ValueError("step_pt must be positive")
    s = size_pt
    while s > floor_pt + 1e-9:
        yield s
        s = round(s - step_pt, 4)
    yield min(size_pt, floor_pt) if size_pt < floor_pt else floor_pt


def size_steps(size_pt: float, floor_pt: float, step_pt: float = 1.0) -> list[float]:
    """Font sizes :func:`fit` tries, from size_pt down to floor_pt (both included)."""
    return list(_sizes(size_pt, floor_pt, step_pt))


def _fits_at(paras: Sequence[Para], box: Box, size_pt: float) -> tuple[bool, float]:
    h, ok = _height(paras, box, size_pt)
    return ok and h <= box.height_pt + 1e-6, h


def fit(
    paras: Sequence[Para], box: Box, size_pt: float, floor_pt: float, step_pt: float = 1.0
) -> Fit:
    """Largest size from size_pt down to floor_pt (in steps) at which the text fits: inside
    the box, with no word broken between characters (shrinking comes first)."""
    h = 0.0
    s = size_pt
    for s in _sizes(size_pt, floor_pt, step_pt):
        ok, h = _fits_at(paras, box, s)
        if ok:
            return Fit(s, True, h)
    return Fit(s, False, h)


def _blocks(paras: Sequence[Para]) -> list[tuple[Para, ...]]:
    """Top-level bullets, each with the deeper paragraphs that follow it."""
    blocks: list[list[Para]] = []
    for p in paras:
        if p.level == 0 or not blocks:
            blocks.append([p])
        else:
            blocks[-1].append(p)
    return [tuple(b) for b in blocks]


def _pack(units: Sequence[tuple[Para, ...]], box: Box, size_pt: float) -> list[tuple[Para, ...]]:
    """Greedy packing of units (kept whole) into pages that fit at a size.

    A unit that does not fit on a page of its own is split into single
    paragraphs; a paragraph that does not fit alone gets its own page.
    """
    pages: list[tuple[Para, ...]] = []
    cur: tuple[Para, ...] = ()
    for unit in units:
        if _fits_at(cur + unit, box, size_pt)[0]:
            cur += unit
            continue
        if cur:
            pages.append(cur)
            cur = ()
        if _fits_at(unit, box, size_pt)[0]:
            cur = unit
            continue
        for p in unit:  # oversize block: split between its paragraphs
            if cur and not _fits_at((*cur, p), box, size_pt)[0]:
                pages.append(cur)
                cur = ()
            cur += (p,)
    if cur or not pages:
        pages.append(cur)
    return pages


def paginate(
    paras: Sequence[Para], box: Box, size_pt: float, floor_pt: float, step_pt: float = 1.0
) -> list[tuple[Para, ...]]:
    """Paragraphs split into the fewest pages that each fit at a size ≥ floor_pt.

    Pages break only between top-level bullets (a bullet keeps its
    sub-bullets) unless one bullet with its sub-bullets is too tall for a page
    of its own; a single oversize paragraph gets its own page. Among the
    splits with the fewest pages, the one whose pages all fit at the largest
    common size is chosen, so continuation slides look alike. Size each page
    with :func:`fit`.
    """
    paras = tuple(paras)
    if fit(paras, box, size_pt, floor_pt, step_pt).fits:
        return [paras]
    blocks = _blocks(paras)
    best = _pack(blocks, box, floor_pt)
    for s in _sizes(size_pt, floor_pt, step_pt):
        pages = _pack(blocks, box, s)
        if len(pages) <= len(best):
            return pages
    return best


def fit_title(
    text: str,
    box_width_pt: float,
    size_pt: float,
    floor_pt: float,
    max_lines: int = 2,
    bold: bool = False,
    inset_lr_pt: float = _PPT.left,
    inset_tb_pt: float = _PPT.top,
    step_pt: float = 1.0,
    fonts: Fonts = DEFAULT_FONTS,
) -> Fit:
    """Largest size down to floor_pt at which a title wraps into at most max_lines lines."""
    width = box_width_pt - 2 * inset_lr_pt
    n, s = 0, size_pt
    for s in _sizes(size_pt, floor_pt, step_pt):
        broken: list[str] = []
        lines = _wrap(text, width, s, bold, fonts, broken)
        n = len(lines)
        if n <= max_lines and not broken and all(ink <= width for _, ink in lines):
            return Fit(s, True, n * line_height(s, fonts=fonts) + 2 * inset_tb_pt)
    return Fit(s, False, n * line_height(s, fonts=fonts) + 2 * inset_tb_pt)


# ---------------------------------------------------------------- tables


def row_height(
    cells: Sequence[str],
    col_widths_pt: Sequence[float],
    size_pt: float,
    margins: Insets = _PPT,
    bold: bool = False,
    line_spacing: float = 1.0,
    fonts: Fonts = DEFAULT_FONTS,
) -> float:
    """Height of a table row: its tallest cell, wrapped inside the cells' margins
    (PowerPoint's by default), plus the top and bottom margins."""
    n = 1
    for text, w in zip(cells, col_widths_pt, strict=True):
        n = max(n, len(wrap(text, w - (margins.left + margins.right), size_pt, bold, fonts)))
    return n * line_height(size_pt, line_spacing, fonts) + (margins.top + margins.bottom)


def paginate_rows(
    row_heights_pt: Sequence[float], header_pt: float, avail_pt: float
) -> list[range]:
    """Body rows split into pages, each under a repeated header of header_pt.

    A row taller than a page on its own gets a page to itself; no rows give
    no pages.
    """
    pages: list[range] = []
    start, used = 0, header_pt
    for i, h in enumerate(row_heights_pt):
        if i > start and used + h > avail_pt + 1e-6:
            pages.append(range(start, i))
            start, used = i, header_pt
        used += h
    if len(row_heights_pt) > start:
        pages.append(range(start, len(row_heights_pt)))
    return pages


__all__ = [
    "DEFAULT_FONTS",
    "Box",
    "Fit",
    "Fonts",
    "Para",
    "box_broken_words",
    "broken_words",
    "char_em",
    "estimated_faces",
    "faces",
    "fit",
    "fit_title",
    "line_height",
    "paginate",
    "paginate_rows",
    "row_height",
    "size_steps",
    "text_height",
    "text_width",
    "tokens",
    "wrap",
]
