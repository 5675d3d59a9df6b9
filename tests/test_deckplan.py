"""The positioned plan is the whole picture: every shape of the built .pptx sits where the
plan put it, at its size, with its text, in its order; the renderer measures nothing."""

from __future__ import annotations

import ast
import copy
import dataclasses
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from deckgen import charts, deckplan, pipeline, pptx_build, svg
from deckgen.deckplan import ChartFrame, DeckPlan, Picture, Rectangle, Table, TextBox
from deckgen.template.opening import open_template
from helpers import sample_outline

REPO = Path(__file__).resolve().parents[1]


def _emu(v: float) -> int:
    return round(v * 12700)


def _text(shape: object) -> str:
    frame = shape.text_frame  # type: ignore[attr-defined]
    return "\n".join(p.text.replace("\x0b", "\n") for p in frame.paragraphs)


@pytest.mark.parametrize("template", [None, "lo-beehive.pptx"])
def test_every_shape_is_where_the_plan_put_it(tmp_path: Path, template: str | None) -> None:
    outline = sample_outline(tmp_path, template)
    report = pipeline.build(outline, tmp_path / "out" / "deck.pptx")
    assert report.output is not None
    prs = Presentation(str(report.output))
    deck = report.plan
    assert len(prs.slides) == len(deck.slides) == 36
    if template is not None:
        assert deck.template is not None and deck.template.name == template
    checked = 0
    for slide, planned in zip(prs.slides, deck.slides):
        shapes = list(slide.shapes)
        assert [s.name for s in shapes] == [s.name for s in planned.shapes], planned.title
        for got, want in zip(shapes, planned.shapes):
            where = f"slide {planned.number} {want.name}"
            box = want.box
            assert (got.left, got.top, got.width) == (
                _emu(box.x), _emu(box.y), _emu(box.w)), where
            if not isinstance(want, Table):  # a table is as tall as its rows
                assert got.height == _emu(box.h), where
            match want:
                case TextBox():
                    assert _text(got) == want.text, where
                    sizes = {r.font.size.pt for p in got.text_frame.paragraphs for r in p.runs}
                    assert sizes <= {p.size for p in want.paragraphs}, where
                case Table():
                    t = got.table
                    assert [c.width for c in t.columns] == [_emu(w) for w in want.columns]
                    assert [r.height for r in t.rows] == [_emu(h) for h in want.rows]
                    assert [[c.text for c in r.cells] for r in t.rows] == [
                        [c.paragraph.text for c in row] for row in want.cells]
                case Picture() | ChartFrame():
                    assert got.shape_type in (13, 3), where  # picture or chart
                case Rectangle():
                    assert str(got.fill.fore_color.rgb) == want.fill.lstrip("#").upper(), where
            checked += 1
        notes = slide.notes_slide.notes_text_frame.text
        assert notes == planned.notes.strip(), planned.title
    assert checked > 200


def test_the_plan_places_every_text_inside_the_slide(tmp_path: Path) -> None:
    deck = pipeline.check(sample_outline(tmp_path)).plan
    for slide in deck.slides:
        for shape in slide.shapes:
            b = shape.box
            assert b.x >= 0 and b.y >= 0 and b.right <= deck.width + 0.01, (slide.title, b)
            assert b.bottom <= deck.height + 0.01, (slide.title, shape.name, b)


def test_a_caption_sits_under_its_picture(tmp_path: Path) -> None:
    deck = pipeline.check(sample_outline(tmp_path)).plan
    slide = next(s for s in deck.slides if s.kind == "image")
    pic = next(s for s in slide.shapes if isinstance(s, Picture))
    cap = next(s for s in slide.shapes if isinstance(s, TextBox) and s.role == "caption")
    assert cap.box.y == pytest.approx(pic.box.bottom + 3.6)
    assert cap.box.x <= pic.box.x and cap.box.right >= pic.box.right


RENDERERS = ("pptx_build", "svg", "pdf.slides")
"""The modules that draw a plan (a new renderer, such as a PDF export, belongs here)."""
NOT_FOR_RENDERERS = ("deckgen.fit", "deckgen.layout", "deckgen.plan", "deckgen.model",
                     "deckgen.validate")
"""The text measurer, the layout stage and the outline's types."""


def _module_file(module: str) -> Path | None:
    path = REPO / "src" / Path(*module.split("."))
    for found in (path.with_suffix(".py"), path / "__init__.py"):
        if found.is_file():
            return found
    return None


def _imports(module: str) -> set[str]:
    """The deckgen modules a module imports, at the top or inside a function."""
    path = _module_file(module)
    assert path is not None, module
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[:len(parts) - node.level + 1], *filter(None, [base])])
            subs = [f"{base}.{a.name}" for a in node.names if _module_file(f"{base}.{a.name}")]
            names = subs if len(subs) == len(node.names) else [base, *subs]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        out |= {n for n in names if n.startswith("deckgen.") and _module_file(n)}
    return out


def _reached(module: str) -> set[str]:
    """Every deckgen module importing `module` runs, its packages' __init__ included."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            parts = m.split(".")
            todo += [".".join(parts[:i]) for i in range(2, len(parts))]
            todo += _imports(m)
    return seen


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_renderer_measures_nothing(renderer: str) -> None:
    # a renderer draws the plan: neither it nor anything it imports reaches the text
    # measurer, the layout stage or the outline's types; it reads no font metrics itself
    reached = _reached(f"deckgen.{renderer}")
    assert "deckgen.deckplan" in reached
    assert not {m for m in reached if m.startswith(NOT_FOR_RENDERERS)}, reached
    assert "deckgen.fontset" not in _imports(f"deckgen.{renderer}")


def test_the_import_check_sees_what_layout_imports() -> None:
    # the check above can fail: layout reaches all it forbids but the outline's model
    reached = _reached("deckgen.layout")
    assert {"deckgen.fit", "deckgen.plan", "deckgen.validate", "deckgen.layout.deck",
            "deckgen.fontset"} <= reached


def _recording(plan: DeckPlan) -> tuple[DeckPlan, set[tuple[str, str]]]:
    """The plan with every object of it turned into a subclass of its own that records the
    attributes read from it, and the record."""
    read: set[tuple[str, str]] = set()
    kinds: dict[type, type] = {}

    def recording(cls: type) -> type:
        if cls not in kinds:
            def get(self: object, name: str, _cls: type = cls) -> object:
                if not name.startswith("__"):
                    read.add((_cls.__name__, name))
                return object.__getattribute__(self, name)

            kinds[cls] = type(cls.__name__, (cls,), {"__getattribute__": get})
        return kinds[cls]

    def wrap(value: object) -> object:
        if isinstance(value, tuple):
            return tuple(wrap(v) for v in value)
        if not (dataclasses.is_dataclass(value) and type(value).__module__ == "deckgen.deckplan"):
            return value
        new = copy.copy(value)
        for f in dataclasses.fields(value):  # type: ignore[arg-type]
            object.__setattr__(new, f.name, wrap(getattr(value, f.name)))
        object.__setattr__(new, "__class__", recording(type(value)))
        return new

    return wrap(plan), read  # type: ignore[return-value]


LINE_GEOMETRY = {("Paragraph", a) for a in ("margin_left", "indent", "space_before",
                                            "line_spacing", "line_height")} | {
    ("TextBox", "insets"), ("TextBox", "anchor"), ("Table", "margins"), ("Table", "anchor"),
    ("Table", "columns"), ("Table", "rows")}
"""What layout places lines from: a renderer that draws lines where the plan put them
(baselines, starts, cell boxes) reads none of it."""


def test_renderers_read_only_what_the_plan_decided(tmp_path: Path) -> None:
    report = pipeline.check(sample_outline(tmp_path))
    assert report.template is not None
    plan, read = _recording(report.plan)
    opened = open_template(report.plan.drawn_on)
    pictures = charts.render_all(pptx_build.charts_to_render(report.plan), cache_dir=tmp_path,
                                 out_dir=tmp_path)
    read.clear()
    pptx_build.build_presentation(plan, opened, pictures)
    by_pptx = set(read)
    read.clear()
    assets = svg.Assets(tmp_path)
    for slide in plan.slides:
        svg.slide_svg(slide, plan, report.template, assets)
    by_svg = set(read)
    classes = {c.__name__: c for c in vars(deckplan).values() if dataclasses.is_dataclass(c)}
    for cls, attr in by_pptx | by_svg:  # fields and properties of the plan, nothing else
        assert attr in {f.name for f in dataclasses.fields(classes[cls])} | set(
            vars(classes[cls])), (cls, attr)
    # the SVG draws each line where layout placed it; the .pptx leaves that to the viewer,
    # writing the geometry viewers place lines from
    assert {("Paragraph", "baselines"), ("Paragraph", "starts"), ("Cell", "box")} <= by_svg
    assert not by_svg & LINE_GEOMETRY, sorted(by_svg & LINE_GEOMETRY)
    assert LINE_GEOMETRY - {("Table", "anchor")} <= by_pptx | {("Paragraph", "line_height")}
    # what layout said about fitting is for the report, not for drawing
    for what in (("Slide", "sizes"), ("DeckPlan", "fitting"), ("DeckPlan", "warnings")):
        assert what not in by_pptx | by_svg


def test_slide_numbers_are_the_slides_own(tmp_path: Path) -> None:
    report = pipeline.build(sample_outline(tmp_path), tmp_path / "out" / "deck.pptx")
    assert report.output is not None
    prs = Presentation(str(report.output))
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.is_placeholder and sh.placeholder_format.type == 13:  # slide number
                assert sh.text_frame.text == str(prs.slides.index(slide) + 1)
    assert Emu(prs.slide_width).pt == report.plan.width
