"""Measuring text: which faces measure a deck's typefaces, each character's advance, a
line's width as LibreOffice lays it out, and line heights."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache

from deckgen import fontset
from deckgen.primitives import Fonts

from ..frozen import frozen

FALLBACK_EM = 0.6
"""Advance width of a character that neither font has."""

LINE_EM_MARGIN = 0.0
"""Extra line height in em added on top of the font metrics (safety margin)."""

WIDTH_SAFETY = 1.01
"""Factor on measured widths: LibreOffice draws ideographs at 1.002 em; 1 % over is safe."""

AUTOSPACE_EM = fontset.AUTOSPACE_EM
"""Gap LibreOffice adds where CJK text meets Latin letters, digits or punctuation."""


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


is_cjk = fontset.is_cjk


@cache
def _widths(bold: bool, fonts: Fonts) -> tuple[Mapping[int, float], Mapping[int, float]]:
    """Advances (em) of the East Asian and the Latin face."""
    lat, ea = faces(fonts)
    return (fontset.face_advances(ea.metrics_of, bold), fontset.face_advances(lat.metrics_of, bold))


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
        em = memo[ch] = _char_em(capital(ch) if fonts.caps else ch, bold, *_widths(bold, fonts))
    return em


def capital(ch: str) -> str:
    """A character's capital where that is one character ("a" → "A"); else the character
    itself ("ß", "ﬁ"), so that text in capitals lines up with the text as written, character
    by character."""
    up = ch.upper()
    return up if len(up) == 1 else ch


def shown(text: str, fonts: Fonts) -> str:
    """A text as viewers show it in these fonts: in capitals (:func:`capital`, character by
    character) when ``fonts.caps``. Small capitals (cap "small") are measured and shown as
    full capitals too: a small capital is a capital drawn smaller, never wider than the
    capital, so text measured that way fits wherever a viewer draws it."""
    return "".join(map(capital, text)) if fonts.caps else text


def _char_em(ch: str, bold: bool, cjk: Mapping[int, float], lat: Mapping[int, float]) -> float:
    cp = ord(ch)
    if unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return 0.0
    if unicodedata.bidirectional(ch) in ("R", "AL"):  # its face's table read only when met
        w = fontset.face_advances(fontset.RTL_FACE, bold).get(cp, lat.get(cp))
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


def text_em(text: str, bold: bool = False, fonts: Fonts = DEFAULT_FONTS) -> float:
    """Width of a single-line string in em: the sum of advance widths plus
    ``AUTOSPACE_EM`` at every CJK/non-CJK boundary (:func:`text_width` at 1 pt, before
    ``WIDTH_SAFETY``)."""
    memo = _ems(bold, fonts)
    em = sum(memo[ch] if ch in memo else char_em(ch, bold, fonts) for ch in text)
    return em + AUTOSPACE_EM * _autospaces(text)


def text_width(text: str, size_pt: float, bold: bool = False,
               fonts: Fonts = DEFAULT_FONTS) -> float:
    """Width of a single-line string in points, as LibreOffice lays it out: its
    :func:`text_em` times the size, times ``WIDTH_SAFETY``."""
    return text_em(text, bold, fonts) * size_pt * WIDTH_SAFETY


@frozen
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
