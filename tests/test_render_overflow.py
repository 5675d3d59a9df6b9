"""Render check: stress decks and the sample talk rendered by LibreOffice; no word may leave
its shape's box or the slide."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

import rendercheck
from deckgen import pipeline
from helpers import SAMPLE, sample_outline

pytestmark = pytest.mark.render

TESTS = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _need_libreoffice() -> None:
    if not rendercheck.have_libreoffice():
        pytest.skip(rendercheck.SKIP_REASON)


def _render(outline: Path, tmp_path: Path) -> tuple[Path, Path, pipeline.Report]:
    report = pipeline.build(outline, tmp_path / "out" / f"{outline.stem}.pptx", use_cache=False)
    assert report.output is not None
    pdf = rendercheck.render_pdf(report.output, tmp_path / "pdf")
    return report.output, pdf, report


@pytest.mark.parametrize("name", ["zh-16x9.yaml", "en-4x3.yaml"])
def test_stress_deck_has_no_overflow(tmp_path: Path, name: str, ooxml_validator) -> None:
    outline = tmp_path / name
    shutil.copy(TESTS / "outlines" / "stress" / name, outline)
    Image.new("RGB", (1600, 600), (200, 210, 230)).save(tmp_path / "pic.png")
    pptx, pdf, report = _render(outline, tmp_path)
    assert any("continued" in line for line in report.plan.fitting)  # the stress is real
    assert rendercheck.overflow_problems(pptx, pdf) == []
    assert len(rendercheck.pages(pdf)) == len(report.plan.slides)
    assert ooxml_validator(pptx).endswith("0 problems")


def test_georgia_deck_has_no_word_outside_its_box(tmp_path: Path, ooxml_validator) -> None:
    """English in Georgia, which LibreOffice draws with DejaVu Serif (much wider than
    Calibri): long words, big numbers, a wide table, every slide kind."""
    outline = tmp_path / "en-georgia.yaml"
    shutil.copy(TESTS / "outlines" / "stress" / outline.name, outline)
    Image.new("RGB", (1600, 600), (200, 210, 230)).save(tmp_path / "pic.png")
    pptx, pdf, report = _render(outline, tmp_path)
    assert "measured Georgia with DejaVu Serif's widths: an estimate" in report.plan.fitting
    assert any("→" in line for line in report.plan.fitting)  # the stress is real
    assert rendercheck.overflow_problems(pptx, pdf) == []
    # every word LibreOffice drew is a whole word of the deck: none broken over two lines
    drawn = {w.text for page in rendercheck.words(pdf) for w in page}
    whole = {piece for sl in report.plan.slides for sh in sl.shapes for text in _texts(sh)
             for word in text.split() for piece in (word, *re.findall(r"[^-]+-?", word))}
    assert drawn - whole == set()
    assert ooxml_validator(pptx).endswith("0 problems")


def _texts(shape: object) -> list[str]:
    """The texts of a planned shape's paragraphs, and their bullets."""
    paras = getattr(shape, "paragraphs", None)
    if paras is None:
        paras = [c.paragraph for row in getattr(shape, "cells", ()) for c in row]
    return [p.text for p in paras] + [p.bullet.char for p in paras if p.bullet]


def test_sample_talk_has_no_overflow(tmp_path: Path) -> None:
    if not SAMPLE.is_file():
        pytest.skip(f"sample outline not found at {SAMPLE}")
    outline = sample_outline(tmp_path)
    pptx, pdf, _ = _render(outline, tmp_path)
    assert rendercheck.overflow_problems(pptx, pdf) == []
