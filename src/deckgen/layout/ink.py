"""Text colours, chosen against what is really behind the text.

Pure: positioned shapes and the layout's description in, shapes with readable colours
out. What is behind a text box is its own fill, else the topmost filled shape under its
centre (deckgen's cards and panels, then the layout's and master's art), else the slide
background; a picture counts as its mean colour, a gradient as the colours it paints over
the box (template.info.Paint.span), translucent art as those mixed with what is under it.
Text needs 4.5:1 against every one of them, 3:1 when large (WCAG 2.x AA); a colour made
to read gets a little more (MARGIN).

Policy: a colour the template gives (placeholder text) that fails is replaced by the
template's own dark or light text colour (dk1, lt1, dk2, lt2, the first that reaches the
ratio), else darkened or lightened; deckgen's own neutral inks (white, near-black) switch
between dark and light the same way; any other colour used for text (palette colours of
stat values, greys of sources and labels) is darkened or lightened the least, hue kept.
Fills stay as the author or template set them; text no colour reads on across the whole
box (a dark-to-light gradient under it) gets a translucent backing of the gradient's colour
its own colour reads on. What was changed is returned, so that a
colour from the author's ``theme.palette`` can be warned about."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from .. import colors
from ..deckplan import ChartFrame, Paragraph, Picture, Rectangle, Shape, Table, TextBox
from ..frozen import frozen, replace
from ..primitives import Rect
from ..style import BLACK, TEXT, WHITE
from ..template.info import Art, LayoutDesc, grid_cells

MARGIN = 0.1
"""Contrast a colour made to read gets beyond the ratio it needs."""

BACKING_OPACITY = (0.6, 0.7, 0.8, 0.9)
"""Opacities tried, least first, for the backing of text no colour reads on."""

NEUTRAL = frozenset({WHITE, BLACK, TEXT})
"""deckgen's own text inks: switched between dark and light rather than tinted."""


@frozen
class Backdrop:
    """The colour behind a box, whether it stands for a picture (its mean colour), and
    every colour text there must read against (a gradient's stops, seen through
    translucent art)."""

    color: str | None
    picture: bool = False
    colors: tuple[str, ...] = ()

    @property
    def against(self) -> tuple[str, ...]:
        """The colours to reach the ratio against."""
        return self.colors or (() if self.color is None else (self.color,))


@frozen
class Change:
    """A text colour layout changed: in which shape, from what to what, against what."""

    shape: str
    role: str
    text: str
    old: str
    new: str
    background: str
    size: float
    bold: bool

    @property
    def before(self) -> float:
        """The old colour's contrast ratio."""
        return colors.contrast(self.old, self.background)

    @property
    def after(self) -> float:
        """The new colour's contrast ratio."""
        return colors.contrast(self.new, self.background)

    @property
    def verb(self) -> str:
        """"darkened" or "lightened"."""
        return ("darkened" if colors.luminance(self.new) < colors.luminance(self.old)
                else "lightened")


def _contains(r: Rect, x: float, y: float) -> bool:
    return r.x <= x <= r.right and r.y <= y <= r.bottom


def behind(box: Rect, below: Sequence[Shape], desc: LayoutDesc,
           placeholder: str | None = None, slide: Rect | None = None) -> Backdrop:
    """What shows behind the centre of a box: the placeholder's own fill, the topmost
    shape drawn before it, the layout's (and master's) art, else the background."""
    x, y = box.x + box.w / 2, box.y + box.h / 2
    if placeholder is not None:
        fills = [ph.fill for ph in desc.placeholders if ph.type == placeholder
                 and _contains(ph.box, x, y)]
        if fills and fills[0] is not None:
            return Backdrop(fills[0])
    for shape in reversed(below):
        if not _contains(shape.box, x, y):
            continue
        match shape:
            case Rectangle():
                return Backdrop(shape.fill)
            case TextBox() if shape.fill is not None:
                return Backdrop(shape.fill)
            case Picture() | ChartFrame() | Table():
                return Backdrop(None, True)
            case _:
                pass
    return _through([a for a in desc.art if a.fill is not None and _contains(a.box, x, y)],
                    desc, box, slide or Rect(0, 0, box.right, box.bottom))


def _through(stack: Sequence[Art], desc: LayoutDesc, box: Rect, slide: Rect) -> Backdrop:
    """What shows through the art under a box's centre (bottom first) and the background
    over the box: a gradient as the colours it paints there, a translucent fill mixed
    with every colour under it (as tests/a11ycheck.py sees it)."""
    if not stack:
        paint = desc.background_paint
        seen = (tuple(c for c, _ in paint.span(slide, box)) if paint is not None
                else grid_cells(desc.background_grid, slide, box))
        return Backdrop(desc.background, desc.background_media is not None,
                        seen or (desc.background,))
    top = stack[-1]
    assert top.fill is not None
    if top.kind == "picture":  # the colours of the part of it under the box
        return Backdrop(top.fill, True, grid_cells(top.grid, top.box, box))
    paint = top.paint
    stops = (paint.span(top.box, box) if paint is not None else ()) or ((top.fill, 1.0),)
    if all(a >= 1 for _, a in stops):
        return Backdrop(top.fill, False, tuple(dict.fromkeys(c for c, _ in stops)))
    under = _through(stack[:-1], desc, box, slide)
    seen = tuple(dict.fromkeys(colors.blend(c, u, a) for c, a in stops
                               for u in under.against))
    least = min(a for _, a in stops)
    return Backdrop(colors.blend(top.fill, under.color or colors.WHITE, least),
                    under.picture, seen)


@functools.lru_cache(maxsize=4096)  # a deck asks the same few questions again and again
def text_color(color: str, background: str | tuple[str, ...], size: float, bold: bool, *,
               inks: Sequence[str], switch: bool) -> str:
    """A colour for text of this size on a background (or on every one of several):
    unchanged when it reads; the first of inks that reads when ``switch`` (template and
    neutral colours); else the colour darkened or lightened the least."""
    on = (background,) if isinstance(background, str) else background
    need = colors.required_ratio(size, bold)
    if colors.least_contrast(color, on) >= need:
        return color
    if switch:
        pick = colors.best_text(inks, on, need)
        if colors.least_contrast(pick, on) >= need:
            return pick
    # a little over the ratio: viewers and checkers mix gradients a shade differently
    return colors.readable(color, on, need + MARGIN)


def _worst(color: str, on: Sequence[str]) -> str:
    """The background a colour contrasts least with."""
    return min(on, key=lambda b: colors.contrast(color, b))


class Inker:
    """Chooses the text colours of one layout's slides."""

    def __init__(self, desc: LayoutDesc, inks: Sequence[str], slide: Rect | None = None
                 ) -> None:
        self.desc = desc
        self.slide = slide
        self.inks = tuple(inks) or (TEXT, WHITE)

    def para(self, p: Paragraph, background: str | tuple[str, ...],
             inherited: bool) -> Paragraph:
        new = text_color(colors.normalise(p.color), background, p.size, p.bold,
                         inks=self.inks, switch=inherited or colors.normalise(p.color)
                         in NEUTRAL)
        return p if new == colors.normalise(p.color) else replace(p, color=new)

    def textbox(self, box: TextBox, below: Sequence[Shape]) -> tuple[TextBox, list[Change]]:
        own = Backdrop(box.fill) if box.fill is not None else behind(
            box.box, below, self.desc, box.placeholder, self.slide)
        if own.color is None:
            return replace(box, background=None, over_picture=own.picture), []
        inherited = "color" in box.inherits
        on = own.against
        paras = tuple(self.para(p, on, inherited) for p in box.paragraphs)
        if len(on) > 1 and any(
                colors.least_contrast(q.color, on) < colors.required_ratio(q.size, q.bold)
                for q in paras):
            # no colour reads across the whole gradient under the box: back the text with
            # the gradient's colour its own (or the template's) colour reads best on
            first = colors.normalise(box.paragraphs[0].color)
            backing = max(on, key=lambda b: colors.contrast(first, b))
            need = max(colors.required_ratio(p.size, p.bold) for p in box.paragraphs) + MARGIN
            opacity = next((a for a in BACKING_OPACITY if colors.least_contrast(
                first, [colors.blend(backing, u, a) for u in on]) >= need), 1.0)
            seen = tuple(dict.fromkeys(colors.blend(backing, u, opacity) for u in on))
            box = replace(box, fill=backing, fill_opacity=opacity)
            own, on = Backdrop(_worst(first, seen)), seen
            paras = tuple(self.para(p, on, inherited) for p in box.paragraphs)
        changes = [Change(box.name, box.role, p.text, p.color, q.color, _worst(q.color, on),
                          p.size, p.bold)
                   for p, q in zip(box.paragraphs, paras) if p.color != q.color]
        out = replace(box, paragraphs=paras, background=own.color, over_picture=own.picture)
        unsure = any(ph.ambiguous for ph in self.desc.placeholders
                     if ph.type == box.placeholder)
        if (changes or unsure) and inherited:  # the template's colour failed (or viewers
            # disagree on which it is): write ours
            out = replace(out, inherits=out.inherits - {"color"})
        return out, changes

    def table(self, t: Table) -> tuple[Table, list[Change]]:
        changes: list[Change] = []
        rows = []
        for row in t.cells:
            cells = []
            for c in row:
                q = self.para(c.paragraph, c.fill, False) if c.fill else c.paragraph
                if q is not c.paragraph:
                    changes.append(Change(t.name, "cell", q.text, c.paragraph.color, q.color,
                                          c.fill or "", q.size, q.bold))
                cells.append(replace(c, paragraph=q))
            rows.append(tuple(cells))
        if not changes:
            return t, []
        return replace(t, cells=tuple(rows), inherits=t.inherits - {"color"}), changes

    def shapes(self, shapes: Sequence[Shape]) -> tuple[list[Shape], list[Change]]:
        """The shapes of a slide, in paint order, with readable text and chart ink."""
        out: list[Shape] = []
        changes: list[Change] = []
        for shape in shapes:
            match shape:
                case TextBox():
                    shape, found = self.textbox(shape, out)
                    changes += found
                case Table():
                    shape, found = self.table(shape)
                    changes += found
                case ChartFrame():
                    bg = behind(shape.box, out, self.desc, slide=self.slide).color or colors.WHITE
                    shape = replace(shape, spec=replace(shape.spec, background=bg))
                case _:
                    pass
            out.append(shape)
        return out, changes
