"""Stage 5, the .pptx renderer: draws a positioned :class:`~deckgen.deckplan.DeckPlan` into
the opened template's package, without python-pptx. It measures nothing and places
nothing on its own: every box, size, colour and line comes from the plan. Raw XML is
written through :mod:`deckgen.drawingml` (text, fills, names), :mod:`deckgen.slidexml`
(slides, placeholders, shapes, notes pages, as python-pptx writes them) and
:mod:`deckgen.pptx_package` (the deck's parts).

Every text frame is written the way layout measured it: word wrap on, autofit off,
explicit insets, and on every paragraph explicit indents, spacing and font sizes, so all
viewers agree."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from . import animation, chartparts, drawingml, manifest, slidexml
from .charts import Rendered
from .deckplan import (
    ChartFrame,
    ChartSpec,
    DeckPlan,
    Picture,
    Rectangle,
    Shape,
    Slide,
    Table,
    TextBox,
)
from .images import header, prepare, prepared
from .ns import qn, remove_element
from .opctypes import CT_CHART, CT_XLSX, RT_CHART, RT_PACKAGE
from .package import Package, Part
from .pptx_package import Deck
from .primitives import EMU_PER_PT
from .template.info import TITLE_TYPES
from .template.opening import Opened, apply_theme

_P = qn("a:p")
_DRAWN: dict[Any, tuple[list[Any], list[Any]]] = {}
"""Shapes and notes of slides drawn before in this process, by what they show."""
REUSE_MAX_SLIDES = 400
"""In a warm process (watch), decks up to this size keep their slides' XML for the next
build; a one-off build, or a bigger deck, would only pay for the copies."""


def _emu(n: float) -> int:
    return round(n * EMU_PER_PT)


class _Renderer:
    """Draws the slides of a plan into a package."""

    def __init__(self, opened: Opened, deck: DeckPlan, charts: dict[str, Rendered],
                 warm: bool = False, cache_dir: Path | None = None) -> None:
        self.warm = warm
        self.cache_dir = cache_dir
        self.pkg = Deck(opened.package)
        self.info = opened.info
        self.deck = deck
        self.charts = charts
        self.lang = deck.language
        self.text = drawingml.TextWriter(deck.language)

    def slide(self, plan: Slide) -> tuple[Part, int]:
        chosen = self.info.layout(plan.layout)
        layout = self.pkg.layout(chosen.master, chosen.index)
        part, sid = self.pkg.add_slide(layout)
        tree = slidexml.shape_tree(part.element)
        # A slide without pictures or charts is XML alone, no relationships: one drawn the
        # same way before in this process (watch, serve) is copied.
        key = ((self.info.digest, self.deck.fonts, self.lang, plan)
               if self.warm and len(self.deck.slides) <= REUSE_MAX_SLIDES and not any(
                   isinstance(s, (Picture, ChartFrame)) for s in plan.shapes) else None)
        drawn_before = _DRAWN.get(key) if key is not None else None
        if drawn_before is not None:
            shapes, notes = drawn_before
            for el in list(tree)[2:]:  # keep nvGrpSpPr and grpSpPr
                tree.remove(el)
            tree.extend(copy.deepcopy(el) for el in shapes)
            body = self._notes_body(part)
            for el in body.findall(_P):
                body.remove(el)
            body.extend(copy.deepcopy(el) for el in notes)
            if plan.steps:
                animation.set_timing(part.element, plan.steps)
            return part, sid
        cloned = _placeholders(part.element)
        drawn: list[Any] = []
        for shape in plan.shapes:
            drawn.append(self.shape(part, shape, cloned, layout))
        for _, _, el in cloned:  # placeholders the plan left empty
            remove_element(el)
        drawingml.order_shapes(tree, drawn)
        drawingml.renumber_shapes(tree)
        if plan.steps:  # after numbering: the animations name shapes by their ids
            animation.set_timing(part.element, plan.steps)
        body = self._notes_body(part)
        lines = (plan.notes or "").strip().split("\n")
        self.text.notes(body, lines, self.deck.notes_size, self.deck.fonts)
        if key is not None:
            if len(_DRAWN) > 2048:
                _DRAWN.clear()
            _DRAWN[key] = ([copy.deepcopy(el) for el in list(tree)[2:]],
                           [copy.deepcopy(el) for el in body.findall(_P)])
        return part, sid

    def _notes_body(self, slide: Part) -> Any:
        body = slidexml.notes_body(self.pkg.notes_page(slide).element)
        # a notes master without a body placeholder gives notes pages without one
        return body if body is not None else etree.Element(qn("p:txBody"))

    def shape(self, slide: Part, shape: Shape, cloned: list[tuple[str, int, Any]],
              layout: Part) -> Any:
        alt: str | None = None
        decorative = False
        match shape:
            case TextBox():
                return self.textbox(slide, shape, cloned, layout)
            case Rectangle():
                el = slidexml.add_rectangle(slidexml.shape_tree(slide.element), *shape.box.emu(),
                                            _rgb(shape.fill))
                decorative = shape.decorative
            case Picture():
                el = self.picture(slide, shape, cloned, layout)
                alt, decorative = shape.alt, shape.decorative
            case ChartFrame():
                el = self.chart(slide, shape)
                alt = shape.alt
            case Table():
                el = self.table(slide, shape)
        drawingml.set_name(el, shape.name, alt, decorative)
        return el

    # -- text ---------------------------------------------------------------------------
    def textbox(self, slide: Part, box: TextBox, cloned: list[tuple[str, int, Any]],
                layout: Part) -> Any:
        tree = slidexml.shape_tree(slide.element)
        if box.placeholder in ("ftr", "sldNum", "dt"):
            el = drawingml.copy_layout_placeholder(tree, layout.element, box.placeholder)
        elif box.placeholder is not None:
            el = _claim(cloned, box.placeholder, box.placeholder_idx)
            if el is None and box.placeholder in TITLE_TYPES:
                el = drawingml.new_placeholder(tree, box.placeholder)
        else:
            el = None
        if el is None:
            if box.fill is not None:
                el = slidexml.add_rectangle(tree, *box.box.emu(), _rgb(box.fill))
                if box.fill_opacity < 1:
                    drawingml.solid_fill(el, box.fill, box.fill_opacity)
            else:
                el = slidexml.add_textbox(tree, *box.box.emu())
        elif box.fill is not None:  # a backing layout gave a placeholder
            drawingml.solid_fill(el, box.fill, box.fill_opacity)
        drawingml.place(el, box.box.emu())
        body = el.find(qn("p:txBody"))
        if body is None:
            body = drawingml.add_text_body(el)
        if "frame" not in box.inherits:
            drawingml.frame(body, box.insets, None if "anchor" in box.inherits else box.anchor)
        self.text.paragraphs(body, box.paragraphs, box.fonts, box.inherits)
        drawingml.set_name(el, box.name)
        return el

    # -- shapes -------------------------------------------------------------------------
    def picture(self, slide: Part, pic: Picture, cloned: list[tuple[str, int, Any]],
                layout: Part) -> Any:
        """A picture: in the layout's picture placeholder when the plan says so (a p:pic
        that keeps the placeholder's type and index, so "Change Picture" keeps its place),
        else a picture of its own; cropped as the plan says."""
        kept = prepared(pic.path, self.cache_dir)  # None: changed since it was checked
        data = kept if kept is not None else prepare(pic.path).data
        rid, desc = self.pkg.picture(slide, data)
        held = _claim(cloned, "pic", pic.placeholder) if pic.placeholder is not None else None
        if held is not None:
            # python-pptx first crops the picture to fill the placeholder; the crops set
            # below replace those values but keep their order
            view = slidexml.inherited_extent(held, layout.element,
                                             self.pkg.master_of(layout).element)
            el = slidexml.picture_into_placeholder(held, rid, desc, header(data)[1:], view)
            drawingml.place(el, pic.box.emu())
        else:
            el = slidexml.add_picture(slidexml.shape_tree(slide.element), rid, desc, *pic.box.emu())
        if pic.crop is not None or held is not None:
            slidexml.set_crop(el, *(pic.crop or (0.0, 0.0, 0.0, 0.0)))
        return el

    def chart(self, slide: Part, frame: ChartFrame) -> Any:
        tree = slidexml.shape_tree(slide.element)
        if frame.spec.native:
            made = chartparts.native(frame.spec, frame.box, self.deck.fonts, self.lang,
                                     self.cache_dir)
            pkg = self.pkg.pkg
            chart = pkg.add(Part(pkg.next_name("/ppt/charts/chart%d.xml"), CT_CHART,
                                 made.chart_xml))
            book = pkg.add(Part(
                pkg.next_name("/ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx"), CT_XLSX,
                made.workbook))
            chart.relate(book.name, RT_PACKAGE)
            rid = slide.relate(chart.name, RT_CHART)
            el = made.frame
            el.find(f"{qn('p:nvGraphicFramePr')}/{qn('p:cNvPr')}").set(
                "id", str(slidexml.next_shape_id(tree)))
            el.find(f".//{qn('c:chart')}").set(qn("r:id"), rid)
            tree.append(el)
            return el
        png = self.charts[frame.spec.name].png
        rid, desc = self.pkg.picture(slide, png.read_bytes(), png.name)
        return slidexml.add_picture(tree, rid, desc, *frame.box.emu())

    def table(self, slide: Part, t: Table) -> Any:
        frame = slidexml.add_table(slidexml.shape_tree(slide.element), len(t.rows),
                                   len(t.columns), *t.box.emu())
        m = t.margins
        margins = (_emu(m.left), _emu(m.right), _emu(m.top), _emu(m.bottom))
        for c, w in enumerate(t.columns):
            slidexml.set_column_width(frame, c, _emu(w))
        for r, row in enumerate(t.cells):
            slidexml.set_row_height(frame, r, _emu(t.rows[r]))
            for c, cell in enumerate(row):
                tc = slidexml.cell(frame, r, c)
                slidexml.set_cell_margins(tc, *margins)
                slidexml.set_cell_anchor(tc, t.anchor)
                self.text.paragraphs(slidexml.cell_body(tc), (cell.paragraph,), t.fonts,
                                     t.inherits)
        return frame


def _rgb(color: str) -> str:
    return color.lstrip("#").upper()


def _placeholders(root: Any) -> list[tuple[str, int, Any]]:
    """(type, index, element) of each placeholder shape on a slide, in document order, as
    python-pptx lists them."""
    out = []
    for el in slidexml.placeholders(root):
        ph = slidexml.placeholder_of(el)
        assert ph is not None
        out.append((ph.get("type") or "obj", int(ph.get("idx", "0")), el))
    return out


def _claim(cloned: list[tuple[str, int, Any]], kind: str, idx: int | None = None) -> Any:
    """The first placeholder of a type (and index, when given) not yet drawn into, taken
    off the list."""
    for i, (t, n, el) in enumerate(cloned):
        if t == kind and (idx is None or n == idx):
            del cloned[i]
            return el
    return None


def build_presentation(deck: DeckPlan, opened: Opened, charts: dict[str, Rendered], *,
                       outline: str = "", warm: bool = False, cache_dir: Path | None = None,
                       progress: Callable[[str], None] | None = None) -> Package:
    """Draw every slide of the plan, then the deck-wide parts (notes master, fonts,
    sections, properties, and the manifest of what was written where)."""
    r = _Renderer(opened, deck, charts, warm, cache_dir)
    pkg = r.pkg
    slide_ids: list[int] = []
    pictures: list[list[str]] = []
    for i, plan in enumerate(deck.slides, start=1):
        part, sid = r.slide(plan)
        slide_ids.append(sid)
        pictures.append(pkg.picture_digests(part))
        _freeze(pkg, part)
        if progress and i % 50 == 0:
            progress(f"slide {i}/{len(deck.slides)}")
    pkg.list_notes_master()
    apply_theme(pkg.theme_parts(), deck.title_fonts, deck.fonts, deck.theme_palette)
    ids = {plan.number: sid for plan, sid in zip(deck.slides, slide_ids)}
    pkg.add_sections([(s.name, [ids[n] for n in s.slides]) for s in deck.sections])
    _core_properties(pkg, deck)
    record = manifest.from_plan(deck, slide_ids, outline, pictures)
    pkg.set_custom_properties(manifest.properties(record), manifest.PREFIX)
    return opened.package


def _freeze(pkg: Deck, slide: Part) -> None:
    """A finished slide and its notes page as bytes: a long deck then holds bytes, not
    trees."""
    from .opctypes import RT_NOTES_SLIDE

    notes = pkg.pkg.related(slide, RT_NOTES_SLIDE)
    if notes is not None:
        notes.freeze()
    slide.freeze()


def _core_properties(pkg: Deck, deck: DeckPlan) -> None:
    from .write import build_time

    props, plan = pkg.core_properties(), deck.properties
    props.set("dc:title", plan.title)
    props.set("dc:creator", plan.author)
    props.set("dc:language", plan.language)
    props.set("cp:lastModifiedBy", plan.last_modified_by)
    if not isinstance(plan.revision, int) or plan.revision < 1:
        raise ValueError(f"revision property requires positive int, got '{plan.revision}'")
    props.set("cp:revision", str(plan.revision))
    props.set("dc:subject", plan.subject)
    props.set("cp:keywords", plan.keywords)
    props.set("dc:description", plan.comments)
    when = build_time()  # the build's, not layout's: $SOURCE_DATE_EPOCH
    props.set_time("dcterms:created", when)
    props.set_time("dcterms:modified", when)


def charts_to_render(deck: DeckPlan) -> list[tuple[ChartSpec, float, float]]:
    """The picture charts of the deck with the size (inches) they occupy on the slide."""
    return [(f.spec, f.box.w / 72, f.box.h / 72) for f in deck.charts if not f.spec.native]


