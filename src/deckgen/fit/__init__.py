"""Text measurement, line wrapping, shrink-to-fit and pagination for slide text.

Pure: reads only the shipped metrics (via :mod:`deckgen.fontset`, cached); no
python-pptx, no matplotlib. All lengths are in points. ``measure`` measures characters,
lines and line heights, ``breaking`` breaks text into lines, ``boxes`` fits paragraphs
into frames and pages.

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

from deckgen.primitives import Fonts

from .boxes import (
    Box,
    Fit,
    Para,
    box_broken_words,
    fit,
    fit_title,
    line_counts,
    paginate,
    paginate_rows,
    row_height,
    size_steps,
    text_height,
)
from .breaking import (
    NO_LINE_END,
    NO_LINE_START,
    broken_words,
    tokens,
    widest_token,
    wrap,
    wrapped,
)
from .measure import (
    AUTOSPACE_EM,
    DEFAULT_FONTS,
    DRAWN_LINE_EM,
    FALLBACK_EM,
    MIN_LINE_EM,
    WIDTH_SAFETY,
    capital,
    char_em,
    drawn_line_height,
    estimated_faces,
    faces,
    is_cjk,
    line_em,
    line_height,
    shown,
    text_width,
)

__all__ = [
    "AUTOSPACE_EM",
    "DEFAULT_FONTS",
    "DRAWN_LINE_EM",
    "FALLBACK_EM",
    "MIN_LINE_EM",
    "NO_LINE_END",
    "NO_LINE_START",
    "WIDTH_SAFETY",
    "Box",
    "Fit",
    "Fonts",
    "Para",
    "box_broken_words",
    "broken_words",
    "capital",
    "char_em",
    "drawn_line_height",
    "estimated_faces",
    "faces",
    "fit",
    "fit_title",
    "is_cjk",
    "line_counts",
    "line_em",
    "line_height",
    "paginate",
    "paginate_rows",
    "row_height",
    "shown",
    "size_steps",
    "text_height",
    "text_width",
    "tokens",
    "widest_token",
    "wrap",
    "wrapped",
]
