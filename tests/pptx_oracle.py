"""The oracle for deckgen's own .pptx writer: the deck drawn through python-pptx's own
object API and saved by python-pptx, as deckgen 0.1.0 drew it (its renderer, kept here
for the tests). :mod:`deckgen.pptx_build` and :mod:`deckgen.package` must give the same
bytes."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.shapes.picture import Picture as PptxPicture
from pptx.shapes.placeholder import PicturePlaceholder
from pptx.util import Emu

from deckgen import animation, drawingml, manifest, opc
from deckgen.charts import Rendered
from deckgen.deckplan import (
    ChartFrame,
    DeckPlan,
    Picture,
    Rectangle,
    Shape,
    Slide,
    Table,
    TextBox,
)
from deckgen.images import prepare, prepared
from deckgen.native_chart import add_native_chart
from deckgen.ns import NSMAP, remove_element
from deckgen.pptx_package import add_sections, list_notes_master
from deckgen.primitives import EMU_PER_PT, Rect
from deckgen.template.describe import layout_of, theme_parts
from deckgen.template.info import TITLE_TYPES
from deckgen.template.opening import Read, apply_theme

NS_P14 = NSMAP["p14"]

def notes_master_rid(prs_part: Any) -> str:
    """The presentation part's relationship id of its notes master."""
    for rid, rel in prs_part.rels.items():
        if rel.reltype == RT.NOTES_MASTER:
            return str(rid)
    raise LookupError("no notes master")


def set_custom_properties(package: Any, props: list[tuple[str, str]], drop_prefix: str) -> None:
    """Text custom document properties (docProps/custom.xml): the template's own kept,
    those starting with `drop_prefix` replaced by these."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.package import Part

    part = None
    for rel in package._rels.values():
        if rel.reltype.lower() == RT.CUSTOM_PROPERTIES.lower() and not rel.is_external:
            part = rel.target_part
            break
    blob = opc.custom_properties_xml(part.blob if part is not None else None, props,
                                     drop_prefix)
    if part is not None:
        part._blob = blob
        return
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, package, blob)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


_SP, _T, _TXBODY, _P = qn("p:sp"), qn("a:t"), qn("p:txBody"), qn("a:p")
_DRAWN: dict[Any, tuple[list[Any], list[Any]]] = {}
REUSE_MAX_SLIDES = 400
"""In a warm process (watch), decks up to this size keep their slides' XML for the next
build; a one-off build, or a bigger deck, would only pay for the copies."""
"""Shapes and notes of slides drawn before in this process, by what they show."""
_SHAPE_TAGS = frozenset(CT_GroupShape._shape_tags)
_ANCHOR = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}


def _emu(r: Rect) -> tuple[Emu, Emu, Emu, Emu]:
    x, y, w, h = r.emu()
    return Emu(x), Emu(y), Emu(w), Emu(h)


class _Renderer:
    """Draws the slides of a plan into a presentation."""

    def __init__(self, opened: Read, deck: DeckPlan, charts: dict[str, Rendered],
                 warm: bool = False, cache_dir: Path | None = None) -> None:
        self.warm = warm
        self.cache_dir = cache_dir
        self.prs = opened.prs
        self.info = opened.info
        self.deck = deck
        self.charts = charts
        self.lang = deck.language
        self.text = drawingml.TextWriter(deck.language)

    def slide(self, plan: Slide) -> Any:
        layout = layout_of(self.prs, self.info.layout(plan.layout))
        slide = self.prs.slides.add_slide(layout)
        tree = slide.shapes._spTree
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
            body = slide.notes_slide.notes_text_frame._txBody
            for el in body.findall(_P):
                body.remove(el)
            body.extend(copy.deepcopy(el) for el in notes)
            if plan.steps:
                animation.set_timing(slide._element, plan.steps)
            return slide
        cloned = _placeholders(tree)
        drawn: list[Any] = []
        for shape in plan.shapes:
            drawn.append(self.shape(slide, shape, cloned, layout))
        for _, el in cloned:  # placeholders the plan left empty
            remove_element(el)
        drawingml.order_shapes(tree, drawn)
        drawingml.renumber_shapes(tree)
        if plan.steps:  # after numbering: the animations name shapes by their ids
            animation.set_timing(slide._element, plan.steps)
        self.notes(slide, plan)
        if key is not None:
            if len(_DRAWN) > 2048:
                _DRAWN.clear()
            body = slide.notes_slide.notes_text_frame._txBody
            _DRAWN[key] = ([copy.deepcopy(el) for el in list(tree)[2:]],
                           [copy.deepcopy(el) for el in body.findall(_P)])
        return slide

    def shape(self, slide: Any, shape: Shape, cloned: list[tuple[str, Any]], layout: Any) -> Any:
        alt: str | None = None
        decorative = False
        match shape:
            case TextBox():
                return self.textbox(slide, shape, cloned, layout)
            case Rectangle():
                el = self.rectangle(slide, shape.box, shape.fill)
                decorative = shape.decorative
            case Picture():
                el = self.picture(slide, shape, cloned)
                alt, decorative = shape.alt, shape.decorative
            case ChartFrame():
                el = self.chart(slide, shape)
                alt = shape.alt
            case Table():
                el = self.table(slide, shape)
        drawingml.set_name(el, shape.name, alt, decorative)
        return el

    # -- text ---------------------------------------------------------------------------
    def textbox(self, slide: Any, box: TextBox, cloned: list[tuple[str, Any]],
                layout: Any) -> Any:
        if box.placeholder in ("ftr", "sldNum", "dt"):
            el = drawingml.copy_layout_placeholder(slide.shapes._spTree, layout.element,
                                               box.placeholder)
        elif box.placeholder is not None:
            el = _claim(cloned, box.placeholder, box.placeholder_idx)
            if el is None and box.placeholder in TITLE_TYPES:
                el = drawingml.new_placeholder(slide.shapes._spTree, box.placeholder)
        else:
            el = None
        if el is None:
            if box.fill is not None:
                el = self.rectangle(slide, box.box, box.fill)
                if box.fill_opacity < 1:
                    drawingml.solid_fill(el, box.fill, box.fill_opacity)
            else:
                el = slide.shapes.add_textbox(*_emu(box.box))._element
        elif box.fill is not None:  # a backing layout gave a placeholder
            drawingml.solid_fill(el, box.fill, box.fill_opacity)
        drawingml.place(el, box.box.emu())
        body = el.find(_TXBODY)
        if body is None:
            body = drawingml.add_text_body(el)
        if "frame" not in box.inherits:
            drawingml.frame(body, box.insets, None if "anchor" in box.inherits else box.anchor)
        self.text.paragraphs(body, box.paragraphs, box.fonts, box.inherits)
        drawingml.set_name(el, box.name)
        return el

    def notes(self, slide: Any, plan: Slide) -> None:
        frame = slide.notes_slide.notes_text_frame
        lines = (plan.notes or "").strip().split("\n")
        self.text.notes(frame._txBody, lines, self.deck.notes_size, self.deck.fonts)

    # -- shapes -------------------------------------------------------------------------
    def picture(self, slide: Any, pic: Picture, cloned: list[tuple[str, Any]]) -> Any:
        """A picture: in the layout's picture placeholder when the plan says so (a p:pic
        that keeps the placeholder's type and index, so "Change Picture" keeps its place),
        else a picture of its own; cropped as the plan says."""
        kept = prepared(pic.path, self.cache_dir)  # None: changed since it was checked
        data = io.BytesIO(kept if kept is not None else prepare(pic.path).data)
        held = _claim(cloned, "pic", pic.placeholder) if pic.placeholder is not None else None
        if held is not None:
            shape = PicturePlaceholder(held, slide.shapes).insert_picture(data)
            drawingml.place(shape._element, pic.box.emu())
        else:
            shape = slide.shapes.add_picture(data, *_emu(pic.box))
        if pic.crop is not None or held is not None:
            shape.crop_left, shape.crop_top, shape.crop_right, shape.crop_bottom = (
                pic.crop or (0.0, 0.0, 0.0, 0.0))
        return shape._element

    def rectangle(self, slide: Any, box: Rect, fill: str) -> Any:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *_emu(box))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill.lstrip("#").upper())
        shape.line.fill.background()
        return shape._element

    def chart(self, slide: Any, frame: ChartFrame) -> Any:
        if frame.spec.native:

            return add_native_chart(slide, frame.spec, frame.box, self.deck.fonts,
                                    self.lang)._element
        png = self.charts[frame.spec.name].png
        return slide.shapes.add_picture(str(png), *_emu(frame.box))._element

    def table(self, slide: Any, t: Table) -> Any:
        frame = slide.shapes.add_table(len(t.rows), len(t.columns), *_emu(t.box))
        table = frame.table
        for c, w in enumerate(t.columns):
            table.columns[c].width = Emu(round(w * EMU_PER_PT))
        m = t.margins
        for r, row in enumerate(t.cells):
            table.rows[r].height = Emu(round(t.rows[r] * EMU_PER_PT))
            for c, cell in enumerate(row):
                tc = table.cell(r, c)
                tc.margin_left = Emu(round(m.left * EMU_PER_PT))
                tc.margin_right = Emu(round(m.right * EMU_PER_PT))
                tc.margin_top = Emu(round(m.top * EMU_PER_PT))
                tc.margin_bottom = Emu(round(m.bottom * EMU_PER_PT))
                tc.vertical_anchor = _ANCHOR[t.anchor]
                self.text.paragraphs(tc._tc.txBody, (cell.paragraph,), t.fonts, t.inherits)
        return frame._element


def _placeholders(tree: Any) -> list[tuple[str, Any]]:
    """(type, element) of each placeholder shape in a shape tree, in document order, as
    python-pptx lists them (a shape whose first child's nvPr holds p:ph)."""
    out = []
    for el in tree.iterchildren():
        if el.tag in _SHAPE_TAGS:
            ph = el.ph
            if ph is not None:
                out.append((ph.get("type") or "obj", el))
    return out


def _claim(cloned: list[tuple[str, Any]], kind: str, idx: int | None = None) -> Any:
    """The first placeholder of a type (and index, when given) not yet drawn into, taken
    off the list."""
    for i, (t, el) in enumerate(cloned):
        if t == kind and (idx is None or int(el.ph.get("idx", "0")) == idx):
            del cloned[i]
            return el
    return None


def build_presentation(deck: DeckPlan, opened: Read, charts: dict[str, Rendered], *,
                       outline: str = "", warm: bool = False, cache_dir: Path | None = None,
                       progress: Callable[[str], None] | None = None) -> Any:
    """Draw every slide of the plan, then the deck-wide parts (notes master, fonts,
    sections, properties, and the manifest of what was written where)."""
    prs = opened.prs
    r = _Renderer(opened, deck, charts, warm, cache_dir)
    slide_ids: list[int] = []
    pictures: list[list[str]] = []
    for i, plan in enumerate(deck.slides, start=1):
        slide = r.slide(plan)
        slide_ids.append(slide.slide_id)
        pictures.append(_picture_digests(slide))
        if progress and i % 50 == 0:
            progress(f"slide {i}/{len(deck.slides)}")
    list_notes_master(prs.part._element, notes_master_rid(prs.part))
    apply_theme(theme_parts(prs), deck.title_fonts, deck.fonts, deck.theme_palette)
    ids = {plan.number: sid for plan, sid in zip(deck.slides, slide_ids)}
    add_sections(prs.part._element, [(s.name, [ids[n] for n in s.slides])
                                           for s in deck.sections])
    _core_properties(prs, deck)
    record = manifest.from_plan(deck, slide_ids, outline, pictures)
    set_custom_properties(prs.part.package, manifest.properties(record),
                                manifest.PREFIX)
    return Saved(prs)


def _picture_digests(slide: Any) -> list[str]:
    """A hash of each picture's bytes on a slide, in drawing order (for the manifest)."""

    return [s.image.sha1[:16] for s in slide.shapes if isinstance(s, PptxPicture)]


def _core_properties(prs: Any, deck: DeckPlan) -> None:
    from deckgen.write import build_time

    props, plan = prs.core_properties, deck.properties
    props.title = plan.title
    props.author = plan.author
    props.language = plan.language
    props.last_modified_by = plan.last_modified_by
    props.revision = plan.revision
    props.subject = plan.subject
    props.keywords = plan.keywords
    props.comments = plan.comments
    when = build_time().replace(tzinfo=None)  # the build's, not layout's: $SOURCE_DATE_EPOCH
    props.created = when
    props.modified = when




class Saved:
    """A deck python-pptx saved: its zip entries."""

    def __init__(self, prs: Any) -> None:
        out = io.BytesIO()
        prs.save(out)
        with zipfile.ZipFile(out) as z:
            self._entries = [(n, z.read(n)) for n in z.namelist()]

    def entries(self) -> list[tuple[str, bytes]]:
        return self._entries
