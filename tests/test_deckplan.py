"""The positioned plan is the whole picture: every shape of the built .pptx sits where the
plan put it, at its size, with its text, in its order; the renderer measures nothing."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from deckgen import pipeline
from deckgen.deckplan import ChartFrame, Picture, Rectangle, Table, TextBox

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "outline.yaml"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _sample(tmp_path: Path, template: str | None = None) -> Path:
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    text = SAMPLE.read_text(encoding="utf-8")
    if template is not None:
        shutil.copy(TEMPLATES / template, tmp_path / template)
        text = text.replace("  theme:\n", f"  theme:\n    template: {template}\n", 1) \
            if "  theme:\n" in text else text.replace(
                "deck:\n", f"deck:\n  theme:\n    template: {template}\n", 1)
    outline = tmp_path / "outline.yaml"
    outline.write_text(text, encoding="utf-8")
    return outline


def _emu(v: float) -> int:
    return round(v * 12700)


def _text(shape: object) -> str:
    frame = shape.text_frame  # type: ignore[attr-defined]
    return "\n".join(p.text.replace("\x0b", "\n") for p in frame.paragraphs)


@pytest.mark.parametrize("template", [None, "lo-beehive.pptx"])
def test_every_shape_is_where_the_plan_put_it(tmp_path: Path, template: str | None) -> None:
    outline = _sample(tmp_path, template)
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
    deck = pipeline.check(_sample(tmp_path)).plan
    for slide in deck.slides:
        for shape in slide.shapes:
            b = shape.box
            assert b.x >= 0 and b.y >= 0 and b.right <= deck.width + 0.01, (slide.title, b)
            assert b.bottom <= deck.height + 0.01, (slide.title, shape.name, b)


def test_a_caption_sits_under_its_picture(tmp_path: Path) -> None:
    deck = pipeline.check(_sample(tmp_path)).plan
    slide = next(s for s in deck.slides if s.kind == "image")
    pic = next(s for s in slide.shapes if isinstance(s, Picture))
    cap = next(s for s in slide.shapes if isinstance(s, TextBox) and s.role == "caption")
    assert cap.box.y == pytest.approx(pic.box.bottom + 3.6)
    assert cap.box.x <= pic.box.x and cap.box.right >= pic.box.right


def test_the_renderer_measures_nothing() -> None:
    # pptx_build draws the plan: it never imports the text measurer or the layout stage
    tree = ast.parse((REPO / "src" / "deckgen" / "pptx_build.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names} | {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"fit", "layout", "fontset"}, imported


def test_slide_numbers_are_the_slides_own(tmp_path: Path) -> None:
    report = pipeline.build(_sample(tmp_path), tmp_path / "out" / "deck.pptx")
    assert report.output is not None
    prs = Presentation(str(report.output))
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.is_placeholder and sh.placeholder_format.type == 13:  # slide number
                assert sh.text_frame.text == str(prs.slides.index(slide) + 1)
    assert Emu(prs.slide_width).pt == report.plan.width
