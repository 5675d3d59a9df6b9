"""Render check: stress decks and the sample talk rendered by LibreOffice; no word may leave
its shape's box or the slide."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

import rendercheck
from deckgen import pipeline

pytestmark = pytest.mark.render

TESTS = Path(__file__).resolve().parent
SAMPLE = TESTS.parent / "outline.yaml"


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


def test_sample_talk_has_no_overflow(tmp_path: Path) -> None:
    if not SAMPLE.is_file():
        pytest.skip(f"sample outline not found at {SAMPLE}")
    outline = tmp_path / "outline.yaml"
    shutil.copytree(SAMPLE.parent / "assets", tmp_path / "assets")
    shutil.copy(SAMPLE, outline)
    pptx, pdf, _ = _render(outline, tmp_path)
    assert rendercheck.overflow_problems(pptx, pdf) == []
