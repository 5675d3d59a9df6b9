"""The small value types every stage shares: boxes, insets, typefaces. Points, "#RRGGBB"."""

from __future__ import annotations

from typing import Literal

from .frozen import frozen

Key = tuple[str | int, ...]
"""Where a value sits in the outline: the keys and list indexes from the top."""
Align = Literal["l", "ctr", "r"]
Anchor = Literal["t", "ctr", "b"]
EMU_PER_PT = 12700
EMU_PER_IN = 914400


@frozen
class Rect:
    """A box on the slide, in points from the top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        """Right edge."""
        return self.x + self.w

    @property
    def bottom(self) -> float:
        """Lower edge."""
        return self.y + self.h

    def overlaps(self, other: Rect, slack: float = 0.5) -> bool:
        """Whether the two boxes share more than a hairline."""
        return (min(self.right, other.right) - max(self.x, other.x) > slack
                and min(self.bottom, other.bottom) - max(self.y, other.y) > slack)

    def emu(self) -> tuple[int, int, int, int]:
        """x, y, width and height in EMU, as the .pptx stores them."""
        return (round(self.x * EMU_PER_PT), round(self.y * EMU_PER_PT),
                round(self.w * EMU_PER_PT), round(self.h * EMU_PER_PT))


@frozen
class Insets:
    """A text frame's insets (bodyPr lIns, tIns, rIns, bIns), in points; by default
    PowerPoint's own (0.1 in left and right, 0.05 in top and bottom), which are also its
    table cells' default margins."""

    left: float = 7.2
    top: float = 3.6
    right: float = 7.2
    bottom: float = 3.6


@frozen
class Fonts:
    """The typefaces a run names: ``latin`` (``a:latin``) draws narrow characters,
    ``east_asian`` (``a:ea``) wide ones (ideographs, kana, fullwidth forms). Theme
    references (``+mn-lt``) are resolved before they get here; a blank name stands for the
    default.

    ``caps``: the text is shown in capitals, as a template's style says (``cap`` "all" or
    "small" on the placeholder's run properties) and viewers do by themselves. Layout
    measures such text as capitals and gives a paragraph its lines in capitals
    (:func:`deckgen.fit.shown`); its ``text`` stays as written, and nothing writes or draws
    this flag (renderers draw the lines)."""

    latin: str = "Calibri"
    east_asian: str = "Microsoft YaHei"
    caps: bool = False
