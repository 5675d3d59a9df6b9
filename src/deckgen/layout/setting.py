"""What every slide is laid out in (the template's boxes, the deck's language, typefaces and
palette), the paragraphs and text boxes made in it, and the pages a slide kind yields."""

from __future__ import annotations

from collections.abc import Sequence

from .. import fit
from .. import plan as p
from ..deckplan import Bullet, Paragraph, Shape, TextBox, TextRole
from ..frozen import frozen, replace
from ..i18n import cont_suffix, has_rtl, rtl_language, texts
from ..primitives import Align, Anchor, Fonts
from ..style import CEILING_PT, COMPLEX_FONT, PLAIN, ListStyle
from ..template.info import PlaceholderInfo
from .areas import Area, Typefaces
from .frames import Frames


@frozen
class Setting:
    """The deck-wide facts a slide is laid out with: the template's boxes (``frames``), the
    language, the typefaces, the palette, the template's dark text colour (``dark``) and
    the largest size a short list grows to (``body_max``, theme.body_max)."""

    frames: Frames
    language: str
    faces: Typefaces
    palette: tuple[str, ...]
    dark: str
    body_max: float = 28.0

    def ceiling(self, box: str) -> float:
        """The largest size a kind of text grows to where there is room: the body's is
        theme.body_max, the others' (CEILING_PT) grow and shrink in proportion."""
        return round(CEILING_PT[box] * self.body_max / CEILING_PT["body"])

    def fonts_in(self, ph: PlaceholderInfo | None, fonts: Fonts | None = None) -> Fonts:
        """The typefaces (`fonts`, else the body's) text set in a layout's placeholder is
        measured and drawn with: in capitals where the placeholder's style shows its text
        in capitals (``cap``), as viewers do by themselves. The one place a template's
        capitals reach layout: text in a box of deckgen's own is shown as written."""
        fonts = fonts or self.faces.body
        return replace(fonts, caps=True) if ph is not None and ph.style.caps else fonts

    def para(self, text: str, area: Area, size: float, *, color: str, bold: bool = False,
             level: int = 0, style: ListStyle = PLAIN, align: Align = "l",
             bullet: Bullet | None = None, origin: tuple | None = None,
             affixes: tuple[str, str] = ("", ""), field: str | None = None,
             fonts: fit.Fonts | None = None) -> Paragraph:
        """A paragraph measured with the body's typefaces (or `fonts`); Hebrew and Arabic
        text reads right to left, aligned right, with its language and font. Its lines are
        as shown: in capitals when `fonts` say so (:meth:`fonts_in`), its text as written
        (the .pptx keeps it; viewers apply the template's capitals themselves)."""
        fonts = fonts or self.faces.body
        margin = style.margin_left(level)
        width = area.w - 2 * area.lr - margin
        script = rtl_language(text)
        if script is not None and align == "l":
            align = "r"
        own = self.language.lower().split("-")[0] == (script or "").split("-")[0]
        lines = fit.wrapped(text, width, size, bold, fonts)
        if fonts.caps:
            lines = tuple(fit.shown(line, fonts) for line in lines)
        return Paragraph(
            text=text, size=size, lines=lines,
            color=color, bold=bold, level=level, align=align, margin_left=margin,
            indent=-style.margin, space_before=style.before(level), line_spacing=style.spacing,
            line_height=fit.drawn_line_height(size, style.spacing),
            bullet=bullet, field=field, origin=origin, affixes=affixes,  # type: ignore[arg-type]
            rtl=script is not None, lang=None if own else script,
            complex_font=COMPLEX_FONT if has_rtl(text) else None)

    def textbox(self, name: str, role: TextRole, area: Area, paras: Sequence[Paragraph], *,
                fonts: Fonts | None = None, anchor: Anchor = "t", fill: str | None = None,
                placeholder: str | None = None,
                inherits: frozenset[str] = frozenset()) -> TextBox:
        """A text frame of the area's box and insets (body typefaces unless `fonts`)."""
        return TextBox(name=name, role=role, box=area.rect, paragraphs=tuple(paras),
                       fonts=fonts or self.faces.body, insets=area.insets, anchor=anchor,
                       fill=fill, placeholder=placeholder, inherits=inherits)


@frozen
class Page:
    """One slide a slide kind laid out: the outline slide it shows (or its part, on a
    continuation) and its shapes; ``furnished`` when the layout's footer and slide number
    go on it too."""

    spec: p.SlideSpec
    shapes: tuple[Shape, ...]
    furnished: bool = True


def continued(sp: p.SlideSpec, language: str, n: int, content: p.Content) -> p.SlideSpec:
    """The outline slide showing part of its content: as written (n 0) or its n-th
    continuation, "<title>（续）" with notes of its own."""
    if n == 0:
        return replace(sp, content=content)
    return replace(sp, title=sp.title + cont_suffix(language, n), content=content,
                   notes=texts(language)["cont_notes"], notes_key=None, notes_added="",
                   continued=n)


def align_of(value: str | None) -> Align:
    """A template's paragraph alignment as the plan's: left unless centred or right."""
    return value if value in ("l", "ctr", "r") else "l"  # type: ignore[return-value]
