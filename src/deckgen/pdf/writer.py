"""A :class:`~deckgen.pdf.ops.Document` drawn into a PDF with fpdf2: fonts embedded as
subsets (harfbuzz cuts them down first, :mod:`deckgen.pdf.fonts`), text as real text
(selectable, searchable, with its Unicode), shapes and charts as vectors, pictures with
their alt text (fpdf2 tags them as figures), the title, authors and language, a bookmark
per entry the pages carry and the pages' labels."""

from __future__ import annotations

import functools
import io
import logging
import math
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from .. import __version__
from ..colors import parse
from ..template.info import Paint
from . import embed, pictures, vector
from .fonts import FontBook
from .lean import fpdf_class
from .ops import Clip, Document, Image, Op, Shape, Text

# fontTools logs a warning for the shipped fonts' old creation date, fpdf2 one for every
# SVG element it leaves out (matplotlib's are all drawn): neither is the user's business.
logging.getLogger("fontTools").setLevel(logging.ERROR)
logging.getLogger("fpdf.svg").setLevel(logging.ERROR)


def _rgb(color: str) -> tuple[int, int, int]:
    try:
        return parse(color)
    except ValueError:  # the plan's colours are "#RRGGBB"; anything else draws black
        return 0, 0, 0


def _texts(items: Iterable[Op]) -> Iterator[Text]:
    for op in items:
        if isinstance(op, Text):
            yield op
        elif isinstance(op, Clip):
            yield from _texts(op.ops)


class _Drawer:
    """Draws operations on the current page of an fpdf2 document."""

    def __init__(self, pdf: Any, book: FontBook, names: dict[Any, str],
                 cache_dir: Path | None = None) -> None:
        self.pdf = pdf
        self.book = book
        self.names = names
        self.cache_dir = cache_dir
        self._direction = ""
        self._drawings: dict[bytes, vector.Drawing | None] = {}
        self._decoded: set[str] = set()  # pictures fpdf2 decoded in this document

    def draw(self, items: Iterable[Op]) -> None:
        for op in items:
            if isinstance(op, Shape):
                self.shape(op)
            elif isinstance(op, Text):
                self.text(op)
            elif isinstance(op, Image):
                self.image(op)
            else:
                with self.pdf.rect_clip(op.box.x, op.box.y, op.box.w, op.box.h):
                    self.draw(op.ops)

    def _gradient(self, paint: Paint, shape: Shape) -> Any:
        from fpdf.pattern import LinearGradient, RadialGradient

        frame = shape.frame
        if frame is None:
            xs, ys = [p[0] for p in shape.points], [p[1] for p in shape.points]
            from ..primitives import Rect
            frame = Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        pairs = sorted(zip(paint.positions, paint.colors, strict=True))
        colors = [c for _, c in pairs]
        bounds = [p for p, _ in pairs][1:-1]
        cx, cy = frame.x + frame.w / 2, frame.y + frame.h / 2
        if paint.angle is not None:
            dx, dy = math.cos(math.radians(paint.angle)), math.sin(math.radians(paint.angle))
            half = (abs(frame.w * dx) + abs(frame.h * dy)) / 2
            return LinearGradient(cx - dx * half, cy - dy * half, cx + dx * half,
                                  cy + dy * half, colors, bounds=bounds or None,
                                  extend_before=True, extend_after=True)
        left, top, right, bottom = paint.focus
        fx = frame.x + frame.w * (left + (1 - left - right) / 2)
        fy = frame.y + frame.h * (top + (1 - top - bottom) / 2)
        radius = max(math.hypot(fx - x, fy - y) for x in (frame.x, frame.right)
                     for y in (frame.y, frame.bottom))
        return RadialGradient(fx, fy, 0, fx, fy, radius, colors, bounds=bounds or None,
                              extend_before=True, extend_after=True)

    def shape(self, op: Shape) -> None:
        pdf = self.pdf
        paint = op.fill
        fill = paint is not None
        opacity = 1.0
        if paint is not None:
            alphas = [a for _, a in paint.stops]
            opacity = min(alphas) if alphas else 1.0
            if opacity <= 0:
                fill = False
            else:
                pdf.set_fill_color(*_rgb(paint.colors[0]))
        if op.line:
            pdf.set_draw_color(*_rgb(op.line))
            pdf.set_line_width(max(op.width, 0.25))
        style = ("F" if fill else "") + ("D" if op.line else "")
        if not style:
            return
        gradient = (paint is not None and fill and len(paint.colors) > 1
                    and (paint.angle is not None or paint.path is not None)
                    and len(paint.positions) == len(paint.colors))
        points = list(op.points)
        with pdf.local_context(fill_opacity=opacity) if opacity < 1 else nullcontext():
            if gradient:
                assert paint is not None
                with pdf.use_pattern(self._gradient(paint, op)):
                    self._path(points, op.closed, "F")
                if op.line:
                    self._path(points, op.closed, "D")
            else:
                self._path(points, op.closed, style)

    def _path(self, points: list[tuple[float, float]], closed: bool, style: str) -> None:
        if (len(points) == 4 and closed and points[0][1] == points[1][1] and
                points[1][0] == points[2][0] and points[2][1] == points[3][1]):
            x0, y0 = points[0]
            x1, y1 = points[2]
            self.pdf.rect(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0), style=style)
        elif closed:
            self.pdf.polygon(points, style=style)
        else:
            self.pdf.polyline(points, style="D")

    def text(self, op: Text) -> None:
        pdf = self.pdf
        runs = self.book.runs(op.text, op.fonts, op.bold, op.complex_font)
        order = list(range(len(runs)))
        if op.rtl:
            order.reverse()  # a right-to-left paragraph: its runs laid out from the right
        # measured (shaped) only where a width places something: a left-aligned line's
        # last run needs none, and most lines are one run
        measured = order[:-1] if op.edge == "left" else order
        widths = [0.0] * len(runs)
        for i in measured:
            self._font(runs[i].font, op.size, runs[i].script)
            widths[i] = string_width(pdf, runs[i].text)
        total = sum(widths) + sum(r.gap_em * op.size for r in runs)
        x = op.x - (total / 2 if op.edge == "center" else total if op.edge == "right" else 0)
        pdf.set_text_color(*_rgb(op.color))
        for i in order:
            run = runs[i]
            x += run.gap_em * op.size
            self._font(run.font, op.size, run.script)
            pdf.text(x, op.baseline, run.text)
            x += widths[i]

    def _font(self, font: Any, size: float, script: str) -> None:
        # Latin and right-to-left runs shaped by harfbuzz: kerning as viewers apply it,
        # Arabic joined, Hebrew and Arabic laid out right to left. Ideographs need none
        # (and shaping them costs a third of the drawing time).
        self.pdf.set_font(self.names[font], size=size)
        direction = "rtl" if script == "rtl" else "ltr" if script == "latin" else ""
        if self._direction != direction:
            if direction:
                self.pdf.set_text_shaping(True, direction=direction)
            else:
                self.pdf.set_text_shaping(False)
            self._direction = direction

    def image(self, op: Image) -> None:
        if op.box.w <= 0 or op.box.h <= 0:
            return
        drawing = self._drawing(op) if op.svg else None
        if drawing is not None:  # matplotlib's chart, drawn without fpdf2's SVG reader
            pdf = self.pdf
            with pdf._marked_sequence(alt_text=op.alt) if op.alt else nullcontext():
                pdf._out(vector.operators(drawing, op.box, pdf.h_pt))
            return
        if op.svg:
            self.pdf.image(io.BytesIO(op.data), op.box.x, op.box.y, op.box.w, op.box.h,
                           alt_text=op.alt)
            return
        name = pictures.key(op.data, _fpdf_version())
        known = self._picture(name)
        info = self.pdf.image(known or io.BytesIO(op.data), op.box.x, op.box.y, op.box.w,
                              op.box.h, alt_text=op.alt)
        if known is None and name not in self._decoded:  # for the next export
            self._decoded.add(name)
            pictures.store(self.cache_dir, name, info)

    def _picture(self, name: str) -> str | None:
        """The name fpdf2 knows a picture by when it needs no decoding, as an earlier export
        kept it in the cache folder; None to hand fpdf2 the bytes (it recognises a picture
        it embedded on an earlier page by their hash)."""
        images = self.pdf.image_cache.images
        alias = f"deckgen-{name}"
        if name in self._decoded:
            return None
        if alias not in images:
            info = pictures.load(self.cache_dir, name)
            if info is None:
                return None
            from fpdf.image_datastructures import RasterImageInfo

            images[alias] = RasterImageInfo(info, i=len(images) + 1, usages=0, iccp_i=None)
        return alias

    def _drawing(self, op: Image) -> vector.Drawing | None:
        if op.data not in self._drawings:
            try:
                self._drawings[op.data] = vector.kept(op.data, self.cache_dir)
            except vector.Unsupported:
                self._drawings[op.data] = None
        return self._drawings[op.data]


_LTR_CLASSES = frozenset(("L", "EN", "ES", "ET", "CS", "NSM", "S", "WS", "ON"))
"""Bidirectional classes that all resolve to left to right in a left-to-right paragraph
without right-to-left letters, Arabic digits or explicit embeddings."""


def string_width(pdf: Any, text: str) -> float:
    """``pdf.get_string_width(text)``, the same number, without fpdf2's pass over the text
    for bidirectional runs and fragments where it finds one piece: left-to-right shaping of
    text of one script (Latin, with spaces, digits and punctuation) or no shaping at all.
    fpdf2 measures that piece as done here; anything else it measures itself."""
    from fpdf.enums import TextDirection

    shaping = pdf.text_shaping
    if (not text or pdf.str_alias_nb_pages in text or not pdf.is_ttf_font
            or pdf.font_stretching != 100 or pdf.char_spacing or pdf._fallback_font_ids
            or (shaping and (shaping["direction"] != TextDirection.LTR
                             or not _one_ltr_piece(text)))):
        return float(pdf.get_string_width(text))
    if shaping:
        shaping["paragraph_direction"] = shaping["fragment_direction"] = TextDirection.LTR
    width: float = pdf.current_font.get_text_width(text, pdf.font_size_pt, shaping)[1]
    return width / pdf.k


@functools.lru_cache(maxsize=4096)
def _one_ltr_piece(text: str) -> bool:
    """Whether fpdf2's shaping keeps the text in one left-to-right fragment: no character
    turns right to left, and at most one script beside the common characters."""
    if text.isascii() and text.isprintable():
        return True  # Latin letters, digits, punctuation and spaces
    from fpdf.unicode_script import UnicodeScript, get_unicode_script

    scripts = set()
    for ch in text:
        if unicodedata.bidirectional(ch) not in _LTR_CLASSES:
            return False
        scripts.add(get_unicode_script(ch))
    return len(scripts - {UnicodeScript.COMMON, UnicodeScript.UNKNOWN}) <= 1


@functools.cache
def _fpdf_version() -> str:
    import fpdf

    return str(fpdf.FPDF_VERSION)


def write_pdf(doc: Document, book: FontBook | None = None,
              cache_dir: Path | None = None) -> bytes:
    """The document as PDF bytes (deterministic for the same document and deckgen);
    pictures as fpdf2 embeds them are kept in `cache_dir`."""
    from ..write import build_time

    FPDF = fpdf_class()

    book = book or FontBook()
    first = doc.pages[0] if doc.pages else None
    pdf = FPDF(unit="pt", format=(first.width, first.height) if first else "A4")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(doc.title)
    if doc.authors:
        pdf.set_author(", ".join(doc.authors))
    if doc.subject:
        pdf.set_subject(doc.subject)
    pdf.set_lang(doc.language)
    pdf.set_creator(f"deckgen {__version__}")
    pdf.set_producer(f"deckgen {__version__} (fpdf2)")
    pdf.set_creation_date(build_time())
    pdf.set_display_mode("fullpage", "single")
    for page in doc.pages:  # every character first, so each font is cut down once
        for t in _texts(page.ops):
            book.runs(t.text, t.fonts, t.bold, t.complex_font)
    names: dict[Any, str] = {}
    with tempfile.TemporaryDirectory(prefix="deckgen-fonts-") as tmp:
        from .fonts import subset

        for i, (font, chars) in enumerate(sorted(book.used.items(),
                                                 key=lambda kv: str(kv[0].path))):
            names[font] = f"F{i}"
            embed.add_font(pdf, names[font], subset(font, chars, Path(tmp)), cache_dir)
        drawer = _Drawer(pdf, book, names, cache_dir)
        labels: str | None = None
        for page in doc.pages:
            pdf.add_page(format=(page.width, page.height))
            if page.label is not None and page.label != labels:
                if page.label.isdigit():
                    pdf.set_page_label("D", None, int(page.label))
                else:
                    pdf.set_page_label(None, page.label)
            labels = _next_label(page.label)
            for level, title in page.bookmarks:
                pdf.set_y(0)
                pdf.start_section(title, level, strict=False)
            drawer.draw(page.ops)
        return bytes(pdf.output(output_producer_class=_producer()))


_SWAP = threading.Lock()


class _AlreadyCut:
    """Stands in for fontTools' subsetter while fpdf2 embeds fonts that harfbuzz has cut
    down to the document's characters already: it only leaves out the tables fpdf2 leaves
    out, where fontTools would cut every font again (for a CFF font, by running each
    glyph's program: most of an export's time)."""

    class Options:
        def __init__(self, **_: Any) -> None:
            self.drop_tables: list[str] = []

    class Subsetter:
        def __init__(self, options: Any) -> None:
            self.options = options

        def populate(self, **_: Any) -> None:
            pass

        def subset(self, font: Any) -> None:
            for tag in self.options.drop_tables:
                if tag in font:
                    del font[tag]


def _producer() -> Any:
    """fpdf2's PDF producer, embedding the fonts as harfbuzz cut them."""
    import fpdf.output as out

    class Producer(out.OutputProducer):
        def _add_fonts(self, *args: Any, **kwargs: Any) -> Any:
            # fpdf2 names the subsetter as a module global: swapped for this call only,
            # one document at a time (serve may export from two threads)
            with _SWAP:
                real = out.ftsubset
                out.ftsubset = _AlreadyCut
                try:
                    return super()._add_fonts(*args, **kwargs)
                finally:
                    out.ftsubset = real

    return Producer


def _next_label(label: str | None) -> str | None:
    """The label a page after this one gets without a new label range."""
    return str(int(label) + 1) if label is not None and label.isdigit() else None
