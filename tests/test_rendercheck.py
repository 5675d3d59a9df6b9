"""Render-based overflow check: a deck rendered by LibreOffice, words checked against boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

import rendercheck
from deckgen import fit

pytestmark = pytest.mark.render


@pytest.fixture(autouse=True)
def _need_libreoffice() -> None:
    if not rendercheck.have_libreoffice():
        pytest.skip(rendercheck.SKIP_REASON)


def _deck(path: Path, lines: list[str], height_in: float, size_pt: float = 20) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(0.5), Inches(6), Inches(height_in))
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    for i, text in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = para.add_run()
        run.text = text
        run.font.size = Pt(size_pt)
        run.font.name = "Calibri"
        rpr = run._r.get_or_add_rPr()
        ea = etree.SubElement(rpr, qn("a:ea"))
        ea.set("typeface", "Microsoft YaHei")
        rpr.find(qn("a:latin")).addnext(ea)
    prs.save(str(path))
    return path


def test_overflowing_text_box_is_reported(tmp_path: Path) -> None:
    lines = [f"第{i}行：课堂要点 point {i}" for i in range(1, 16)]
    pptx = _deck(tmp_path / "overflow.pptx", lines, height_in=1.0)
    pdf = rendercheck.render_pdf(pptx, tmp_path)
    problems = rendercheck.overflow_problems(pptx, pdf)
    assert problems, "15 lines in a 1-inch box must overflow"
    assert all(p.startswith("slide 1: word ") for p in problems)
    assert any("outside every text box" in p for p in problems)
    assert any("word '15'" in p for p in problems)  # the last line is reported


def test_text_that_fits_has_no_problems(tmp_path: Path) -> None:
    lines = ["教学目标：理解 EFLOPS 与 GPU 算力", "第二行要点"]
    pptx = _deck(tmp_path / "fits.pptx", lines, height_in=2.0)
    pdf = rendercheck.render_pdf(pptx, tmp_path)
    assert rendercheck.words(pdf)[0], "the rendered page has text"
    assert rendercheck.overflow_problems(pptx, pdf) == []


def test_render_failure_raises_with_output(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-deck.pptx"
    bogus.write_bytes(b"this is not a zip file")
    with pytest.raises(RuntimeError, match="soffice"):
        rendercheck.render_pdf(bogus, tmp_path / "out")


def test_text_sized_by_fit_does_not_overflow(tmp_path: Path) -> None:
    lines = [
        "人工智能正在深刻改变教育的方式，从个性化学习到智能评测，每一个环节都在发生变化。",
        "2023年，全球超级计算机的总算力已经超过10 EFLOPS（Frontier 系统约 1.1 EFLOPS）。",
        "课程目标：掌握基本概念；理解核心算法；完成实验报告。",
    ]
    box = fit.Box(width_pt=6 * 72, height_pt=3 * 72)
    chosen = fit.fit([fit.Para(t) for t in lines], box, 32, 16)
    assert chosen.fits and chosen.size_pt < 32
    pptx = _deck(tmp_path / "fitted.pptx", lines, height_in=3.0, size_pt=chosen.size_pt)
    pdf = rendercheck.render_pdf(pptx, tmp_path)
    assert rendercheck.overflow_problems(pptx, pdf) == []


def test_rendered_contrast_finds_dark_text_on_a_dark_slide(tmp_path: Path) -> None:
    from pptx.dml.color import RGBColor

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0x33, 0x33, 0x5B)
    for i, (text, color, size) in enumerate([("Black on navy", "000000", 24),
                                             ("White on navy", "FFFFFF", 12),
                                             ("Grey on navy", "555577", 10)]):
        box = slide.shapes.add_textbox(Inches(1), Inches(1 + i), Inches(6), Inches(0.8))
        run = box.text_frame.paragraphs[0].add_run()
        run.text, run.font.size = text, Pt(size)
        run.font.color.rgb = RGBColor.from_string(color)
    prs.save(str(tmp_path / "dark.pptx"))
    pdf = rendercheck.render_pdf(tmp_path / "dark.pptx", tmp_path)
    found = rendercheck.rendered_contrast(pdf, tmp_path / "pages")
    assert [p.split(" ", 3)[3] for p in found] == ["'Black on navy'", "'Grey on navy'"]
    assert found[0].startswith("slide 1: 1.7")  # #000000 on #33335B is 1.77:1
    # the template's own texts can be left out
    assert rendercheck.rendered_contrast(pdf, tmp_path / "again",
                                         skip=lambda n, line: "Black" in line.text) == \
        [found[1]]
