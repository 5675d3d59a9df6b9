"""deckgen's own looks, in one place: colours, type sizes and floors, insets, gaps and list
geometry. Lengths in points."""

from __future__ import annotations

from .frozen import frozen
from .primitives import Insets

PT_PER_IN = 72.0

# -------------------------------------------------------------------- colours
TEXT = "#1F2937"
"""Body text on deckgen's own shapes (panels, captions, text boxes)."""
MUTED = "#6B7280"
"""Secondary text: source lines, attributions, stat labels."""
PANEL = "#F3F4F6"
"""Fill of stat cards and column panels."""
QUOTE = "#1F3A5F"
"""The quotation's text."""
WHITE = "#FFFFFF"
BLACK = "#000000"

# -------------------------------------------------------------------- type sizes
START_PT: dict[str, float] = {
    "title": 32, "body": 24, "agenda": 24, "sources": 18, "deck_title": 44, "deck_sub": 22,
    "section_title": 40, "section_sub": 24, "closing_title": 44, "closing_sub": 20,
    "caption": 16, "source": 12, "quote": 28, "quote_by": 20, "stat_value": 44,
    "stat_label": 18, "col_head": 22, "col_body": 20, "table": 18, "footer": 10, "notes": 12,
}
"""Starting type sizes, before fitting. Body text starts above the default theme's 22 pt
because a classroom's back row reads 24 pt comfortably and fitting shrinks it anyway."""

ROLE_FLOOR_PT: dict[str, float] = {"title": 24.0, "body": 16.0, "table": 12.0, "caption": 11.0}
"""Smallest size per kind of reading. On a 960 pt (13.33 in) wide slide projected 2.5 m
wide, 16 pt body text is about 4 cm per ideograph, roughly the smallest that the back row of
a 10 m classroom still reads for dense Chinese characters; titles stay at 24 pt or more so
they remain the largest text; tables (12 pt) and captions (11 pt) are secondary reading and
may go smaller. Text that does not fit at the floor continues on a new slide instead of
shrinking further."""
_F = ROLE_FLOOR_PT
FLOOR_PT: dict[str, float] = {
    "title": _F["title"], "body": _F["body"], "agenda": _F["body"],
    # the sources list is reference reading, like a table, but stays above table size
    "sources": _F["table"] + 2, "deck_title": _F["title"], "deck_sub": _F["body"],
    "section_title": _F["title"], "section_sub": _F["body"], "closing_title": _F["title"],
    "closing_sub": _F["body"], "caption": _F["caption"], "source": _F["caption"],
    "quote": _F["body"], "quote_by": _F["caption"] + 3, "stat_value": 20.0,
    "stat_label": _F["caption"], "col_head": _F["body"], "col_body": _F["body"],
    "table": _F["table"], "footer": 8.0,
}
"""Floor per box. A stat value may drop to 20 pt to stay on one line in its card."""
HARD_MIN_PT = 8.0
"""Smallest size ever used, for text that cannot continue on another slide."""
CEILING_PT: dict[str, float] = {"body": 28, "agenda": 28, "quote": 36, "stat_value": 60}
"""Largest sizes, where the text is short enough to grow above its start: four short
bullets at 28 pt fill a 16:9 body the way a designer would set them, rather than 24 pt in
its top third. ``theme.body_max`` moves the body's; the others follow in proportion."""
FILL_MAX = 0.7
"""A short text grows only while it takes at most this share of its room's height (as
fitting measures it, which runs about 20 % taller than viewers draw): room stays around it,
and a list of six or more bullets keeps its start size."""
OPTICAL_CENTRE = 0.4
"""Where a text block is balanced in its room: this share of the free height above it, the
rest below. The optical centre lies a little above the geometric one (0.5); with 0.4 a
block's centre falls between 40 % (a single line) and 50 % (a full room) of the way down."""

# -------------------------------------------------------------------- lines and insets
TITLE_SPACING = 1.0
"""Line spacing of titles: at the theme's 90 % LibreOffice draws glyphs past the box."""
SUB_SPACING = 1.1
"""Line spacing of subtitles (title, section and closing slides), as in the theme."""
TITLE_TOP_PT = 10.8
"""A content title that needs two lines may grow upwards to 0.15 in below the slide edge."""
TITLE_MAX_LINES = 2
DESCENT_EM = 0.2
"""Bottom inset (em) of bottom-anchored boxes: LibreOffice draws the glyph boxes of the
last line about 0.15 em below the line, so a zero inset puts the descent outside the box."""
BASELINE_EM = 0.21
"""Where viewers draw a line's baseline: this part of an em above the line's bottom.
LibreOffice stretches proportional spacing above the glyphs, so the baseline sits a fixed
part of an em above the line's bottom; with 0.21 em, the sample's slides rasterised from
the SVG preview and LibreOffice's rendering of the built deck line up to the pixel
(tests/test_svg_vs_libreoffice.py compares them region by region)."""
CELL_MARGINS = Insets(5.76, 3.6, 5.76, 3.6)
"""Table cell margins. Text frames keep PowerPoint's own insets (``Insets()``)."""
TABLE_RULE, TABLE_RULE_PT = WHITE, 1.0
"""The rules between table cells: the table style deckgen's tables use draws 1 pt white."""

# -------------------------------------------------------------------- deckgen's shapes
CAPTION_GAP_PT = 3.6
QUOTE_BAR_W = 0.08 * PT_PER_IN
QUOTE_INSET = 0.35 * PT_PER_IN
QUOTE_MARGIN = 0.2 * PT_PER_IN
"""Room kept free above and below a quotation and its attribution, inside the body."""
STAT_GAP_PT = 0.3 * PT_PER_IN
STAT_PAD_PT = 0.15 * PT_PER_IN
STAT_CARD_MAX_H = 2.9 * PT_PER_IN
STAT_ACCENT_H = 0.07 * PT_PER_IN
COLUMN_GAP_PT = 0.3 * PT_PER_IN
COLUMN_HEAD_PT = 0.6 * PT_PER_IN
PANEL_INSETS = (0.18 * PT_PER_IN, 0.15 * PT_PER_IN)
"""A column panel's insets (left/right, top/bottom)."""
PANEL_MIN_SHARE = 0.55
"""A column panel is never shorter than this share of the room below its heading, so
short columns still read as columns."""
LOGO_H_SHARE, LOGO_W_SHARE = 0.075, 0.16
"""The logo's largest height and width, as shares of the slide's height and width."""
LOGO_MIN_KEPT = 0.6
"""The least share of its width (or height) a title or body box keeps when it makes room
for the logo; a corner that would take more has no room for it."""
BULLET_FONT = "Arial"
COMPLEX_FONT = "Arial"
"""The typeface for Hebrew and Arabic letters (``a:cs``): every system deckgen's users
open decks on has Arial or a twin of it with both scripts, or falls back to one."""
BULLET_CHARS = ("•", "–")

# -------------------------------------------------------------------- symbol-font bullets
SYMBOL_FONTS = frozenset({"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings"})
"""Fonts whose characters are pictures, not letters: their bullets are codes (U+F000 plus
the font's own byte, or the byte itself) that mean nothing in any other font."""
SYMBOL_TWINS: dict[str, dict[int, str]] = {
    # Adobe's Symbol encoding (the glyph names of URW's Standard Symbols PS, read as Unicode
    # through the Adobe Glyph List)
    "symbol": {0x2A: "∗", 0x2D: "−", 0xA7: "♣", 0xA8: "♦", 0xA9: "♥", 0xAA: "♠",
               0xAE: "→", 0xB7: "•", 0xD7: "⋅", 0xDE: "⇒", 0xE0: "◊"},
    "wingdings": {0x6C: "●", 0x6E: "■", 0x71: "❑", 0x75: "◆", 0x76: "❖", 0x9F: "•",
                  0xA7: "▪", 0xA8: "◻", 0xD8: "➢", 0xFC: "✔"},
}
"""The Unicode character each symbol-font bullet shows, by font and code; any other code of
a symbol font becomes "•"."""
ARIAL_SYMBOLS = frozenset("−♣♦♥♠→•◊●■▪")
"""Twins Arial draws (its WGL4 repertoire, checked against Liberation Sans); the others
are written in SYMBOL_TWIN_FONT."""
_ANY_SYMBOL = {**SYMBOL_TWINS["symbol"], **SYMBOL_TWINS["wingdings"]}
SYMBOL_TWIN_FONT = "Segoe UI Symbol"
"""The typeface of twins Arial lacks (❑ ❖ ➢ ✔): Windows has it, and other systems draw
the character with a face that has it (DejaVu Sans on Debian)."""


def symbol_twin(char: str, font: str | None) -> tuple[str, str] | None:
    """A bullet drawn in a symbol font as a Unicode character and the typeface to write
    it in, or None when the bullet is a real character already. A code of the U+F000
    page is a symbol-font code whatever font is named (PowerPoint writes them so)."""
    if len(char) != 1:
        return None
    code = ord(char)
    face = (font or "").strip().lower()
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    elif not (face in SYMBOL_FONTS and code <= 0xFF):
        return None
    # a code of the U+F000 page in a font of letters: the symbol font it was meant for is
    # unknown; where the tables differ (0xA7, 0xA8) Wingdings, the font of most bullets
    table = SYMBOL_TWINS.get(face, {}) if face in SYMBOL_FONTS else _ANY_SYMBOL
    twin = table.get(code, "•")
    return twin, BULLET_FONT if twin in ARIAL_SYMBOLS else SYMBOL_TWIN_FONT


@frozen
class ListStyle:
    """Paragraph geometry of a list, as fit measures it and the renderer writes it on every
    paragraph.

    ``margin`` is ``marL`` at level 0 (the bullet hangs in it: ``indent = -margin``; 0 for
    plain text), ``step`` what ``marL`` grows by per level; ``space_before`` and
    ``sub_space_before`` are ``spcBef`` at level 0 and below it (counted for a frame's
    first paragraph too, to be safe); ``spacing`` is ``lnSpc`` as a proportion (1.0 =
    100 %); a paragraph below level 0 is ``sub_scale`` of the list's size."""

    margin: float = 0.0
    step: float = 0.0
    space_before: float = 0.0
    sub_space_before: float = 0.0
    spacing: float = 1.0
    sub_scale: float = 1.0

    def margin_left(self, level: int) -> float:
        """``marL`` of a paragraph at a level."""
        return self.margin + level * self.step

    def before(self, level: int) -> float:
        """``spcBef`` of a paragraph at a level."""
        return self.sub_space_before if level else self.space_before


# The default theme's body levels: marL 0.3125 / 0.75 in, 10 / 5 pt before, 110 %, 22 / 19 pt.
BODY_LIST = ListStyle(margin=22.5, step=31.5, space_before=10, sub_space_before=5,
                      spacing=1.1, sub_scale=19 / 22)
COLUMN_LIST = ListStyle(margin=15.84, step=18, space_before=6, sub_space_before=2,
                        spacing=1.0, sub_scale=16 / 18)
PLAIN = ListStyle()
TITLE_STYLE = ListStyle(spacing=TITLE_SPACING)
SUB_STYLE = ListStyle(spacing=SUB_SPACING)
