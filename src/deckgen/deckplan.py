"""The positioned deck: every slide as shapes with their boxes, text, sizes and colours
(layout's result; :mod:`deckgen.plan` is the talk before layout).

What layout decides and every renderer draws (the .pptx, the SVG preview) and what the
manifest records. Pure data: no python-pptx, no lxml, no I/O. Lengths are in points,
colours "#RRGGBB". A renderer never measures text or computes a position: each
paragraph carries the lines it breaks into, each shape its box.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Literal

from .frozen import frozen
from .primitives import Align, Anchor, Fonts, Insets, Key, Rect


@frozen
class ChartSpec:
    """Everything a chart's picture or native chart depends on."""

    name: str
    type: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str | None
    log: bool
    native: bool
    palette: tuple[str, ...]
    language: str
    background: str = "#FFFFFF"  # what the chart sits on: its ink is chosen against it


@frozen
class Bullet:
    """A bullet character drawn before a paragraph's first line."""

    char: str
    color: str
    font: str = "Arial"


@frozen
class Paragraph:
    """One paragraph, fully resolved: what it says, how it looks and where it breaks.

    ``text`` may hold "\\n" (a line break inside the paragraph). ``lines`` are the lines a
    viewer breaks it into inside its box, as layout measured them. ``origin`` is the
    outline key the text came from; None for text deckgen made up (agenda entries,
    chapter numbers, footers). A Hebrew or Arabic paragraph reads right to left (``rtl``)
    and carries its language (``lang``, when it is not the deck's); ``complex_font`` is the
    typeface for Hebrew and Arabic letters (``a:cs``), set where the text has any.

    Where each line is drawn, on the slide: ``baselines`` (y) and ``starts`` (x), one per
    line. x is where the line starts for ``align`` "l", its middle for "ctr" and where it
    ends for "r" (whatever the direction); the bullet starts at ``bullet_x`` on the first
    baseline."""

    text: str
    size: float
    lines: tuple[str, ...]
    color: str
    bold: bool = False
    level: int = 0
    align: Align = "l"
    margin_left: float = 0.0  # marL
    indent: float = 0.0  # first-line indent (negative: a hanging bullet)
    space_before: float = 0.0
    line_spacing: float = 1.0  # proportion of single spacing
    line_height: float = 0.0  # baseline to baseline as viewers draw it (fitting reserves more)
    bullet: Bullet | None = None
    field: Literal["slidenum"] | None = None
    origin: Key | None = None
    affixes: tuple[str, str] = ("", "")  # what deckgen put before and after the outline's text
    rtl: bool = False
    lang: str | None = None  # the runs' language when it is not the deck's
    complex_font: str | None = None
    baselines: tuple[float, ...] = ()
    starts: tuple[float, ...] = ()
    bullet_x: float = 0.0


TextRole = Literal[
    "title", "subtitle", "body", "caption", "source", "quote", "attribution",
    "stat-value", "stat-label", "column-heading", "column-body", "footer", "slide-number",
    "cell",
]
"""What a text box is for: the accessibility, manifest and preview code read it."""


@frozen
class TextBox:
    """A text frame: a placeholder of the slide's layout, a text box or a filled shape.

    ``placeholder`` names the layout placeholder type the pptx renderer fills ("title",
    "ctrTitle", "subTitle", "body", "obj", "ftr", "sldNum"), None for a new text box.
    ``inherits`` lists what the pptx renderer leaves to the placeholder's own style:
    paragraph looks ("color", "bullet", "align", "bold"), the frame's "anchor", the
    paragraphs' "geometry" (margins, spacing) and the whole "frame" (insets, wrapping).
    The values here are still the ones that style gives, for renderers that draw them.

    ``background`` is what layout found behind the text and chose its colours against: the
    box's own fill, else the shape, the layout's art or the slide background under the
    box's centre; ``over_picture`` when that colour is a picture's mean colour (a guide,
    not a verdict)."""

    name: str
    role: TextRole
    box: Rect
    paragraphs: tuple[Paragraph, ...]
    fonts: Fonts
    insets: Insets = field(default_factory=Insets)
    anchor: Anchor = "t"
    fill: str | None = None
    placeholder: str | None = None
    inherits: frozenset[str] = frozenset()
    background: str | None = None  # the colour the text is read against (see below)
    fill_opacity: float = 1.0  # of the fill: a backing on a busy template is translucent
    over_picture: bool = False
    placeholder_idx: int | None = None  # which of the layout's placeholders of its type
    kind: Literal["text"] = "text"

    @property
    def text(self) -> str:
        """The paragraphs' text, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs)


Crop = tuple[float, float, float, float]
"""What is cut off a picture's left, top, right and bottom edges, as shares of its width
and height (a:srcRect)."""


@frozen
class Picture:
    """A picture from a file, scaled into its box; ``crop`` cuts it to the box's shape
    first. ``placeholder`` is the index of the layout's picture placeholder it fills (so
    that "Change Picture" keeps the template's place), None for a picture of its own."""

    name: str
    box: Rect
    path: Path
    alt: str | None = None
    decorative: bool = False
    crop: Crop | None = None
    placeholder: int | None = None
    kind: Literal["picture"] = "picture"


@frozen
class Rectangle:
    """A filled rectangle without text: accent bars, cards, rules."""

    name: str
    box: Rect
    fill: str
    decorative: bool = True
    kind: Literal["rect"] = "rect"


@frozen
class Cell:
    """One table cell: its paragraph, its box on the slide and its fill."""

    paragraph: Paragraph
    box: Rect
    fill: str | None = None


@frozen
class Table:
    """A native table: column widths, row heights and cells, header row first.

    Each cell's text sits inside its ``margins``, placed by ``anchor``; ``border`` is the
    colour of the rules between cells, ``border_width`` their width (the table style the
    pptx renderer leaves them to draws the same)."""

    name: str
    box: Rect
    columns: tuple[float, ...]
    rows: tuple[float, ...]
    cells: tuple[tuple[Cell, ...], ...]
    fonts: Fonts
    margins: Insets
    anchor: Anchor
    border: str
    border_width: float
    header: bool = True
    inherits: frozenset[str] = frozenset({"color", "geometry"})  # left to the table style
    kind: Literal["table"] = "table"


@frozen
class CsvOrigin:
    """Where a chart's data lies in its CSV file: the file as the outline names it, the
    line of its header row and the line of each data row."""

    name: str
    header_line: int
    lines: tuple[int, ...]


@frozen
class ChartFrame:
    """A chart: drawn as a picture (the PNG charts.py renders for this box) or, when the
    spec says native, as an editable chart."""

    name: str
    box: Rect
    spec: ChartSpec
    alt: str | None = None
    csv: CsvOrigin | None = None  # where its data lies, for pull to write edits back
    kind: Literal["chart"] = "chart"


Shape = TextBox | Picture | Rectangle | Table | ChartFrame


@frozen
class Target:
    """What appears on a click: a shape (by its name on the slide) whole, or the
    paragraphs ``first`` to ``last`` (counted from 0, both included) of a text box."""

    shape: str
    paragraphs: tuple[int, int] | None = None


@frozen
class Step:
    """One click of a slide's build: what appears together."""

    targets: tuple[Target, ...]


def hidden(steps: tuple[Step, ...], clicks: int) -> dict[str, frozenset[int] | None]:
    """What is not yet shown after a number of clicks: by shape name, the paragraphs
    still hidden, or None when the whole shape is."""
    out: dict[str, frozenset[int] | None] = {}
    for step in steps[max(clicks, 0):]:
        for t in step.targets:
            if t.paragraphs is None:
                out[t.shape] = None
            elif t.shape not in out or out[t.shape] is not None:
                first, last = t.paragraphs
                out[t.shape] = (out.get(t.shape) or frozenset()) | frozenset(
                    range(first, last + 1))
    return out


@frozen
class Slide:
    """One slide as drawn: what it is, where it came from, its layout, its shapes in
    reading order and its notes.

    ``kind`` is title, agenda, section, bullets, chart, quote, table, image, columns, stats,
    sources or closing; ``chapter`` the index of its chapter (None for the slides around
    them). ``key`` is the outline slide's key, ``continued`` 0 for a slide as written and n
    for its n-th continuation. ``notes`` is what the presenter reads: the outline's notes
    (from ``notes_key``, None when deckgen made them up) and ``notes_added``, a hand-over
    deckgen appended. ``steps`` are the clicks that build it up in a slide show (each part
    they name is hidden until its click), none when it is shown whole at once."""

    number: int
    kind: str
    title: str
    layout: str  # the role whose layout it sits on (theme.ROLES), or the layout_key of the
    # layout the outline named for it
    shapes: tuple[Shape, ...]
    notes: str
    background: str  # the colour behind the slide's text, as layout judged it
    sizes: tuple[tuple[str, float], ...] = ()  # the type size chosen per kind of text box
    chapter: int | None = None
    presenter: str | None = None
    key: Key = ()
    continued: int = 0
    notes_key: Key | None = None
    notes_added: str = ""
    steps: tuple[Step, ...] = ()

    def size(self, box: str, default: float = 0.0) -> float:
        """The type size layout chose for a kind of text box (title, body, caption, …)."""
        return dict(self.sizes).get(box, default)


@frozen
class Section:
    """A PowerPoint section: its name and the numbers of its slides."""

    name: str
    slides: tuple[int, ...]


@frozen
class Properties:
    """The document properties the deck records (title, author, language, …)."""

    title: str
    author: str
    language: str
    comments: str
    last_modified_by: str
    revision: int = 1
    subject: str = ""
    keywords: str = ""


@frozen
class DeckPlan:
    """The whole deck, positioned: slide size, slides, and what layout had to say.

    Deck-wide decisions too: the speaker notes' type size, the sections, the document
    properties, the accent colours written into the theme (``theme_palette``; empty keeps
    the template's own), and the metric-compatible twin of each typeface the slides name
    (``twins``: Carlito for Calibri), for viewers that lack it."""

    width: float
    height: float
    slides: tuple[Slide, ...]
    language: str
    title: str
    authors: tuple[str, ...]
    chapters: tuple[tuple[str, str | None], ...]
    duration: float | None
    speaking_rate: float | None
    fonts: Fonts  # body text
    title_fonts: Fonts
    palette: tuple[str, ...]
    template: Path | None
    drawn_on: Path  # the file the slides sit on: `template`, or the shipped default theme
    template_hash: str
    notes_size: float
    sections: tuple[Section, ...]
    properties: Properties
    theme_palette: tuple[str, ...]
    twins: tuple[tuple[str, str], ...]
    fitting: tuple[str, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())
    number_fields: tuple[tuple[str, Paragraph], ...] = field(default=())
    """The template's own slide-number fields (its art, not the plan's boxes), placed,
    by layout role: for renderers that draw the template's art themselves; the .pptx
    leaves them to the template."""

    @property
    def charts(self) -> tuple[ChartFrame, ...]:
        """Every chart frame of the deck, in slide order."""
        return tuple(s for sl in self.slides for s in sl.shapes if isinstance(s, ChartFrame))
