"""The live preview looks like the deck: each slide's SVG (drawn from the positioned plan)
rasterised, against LibreOffice's rendering of the built .pptx, compared region by region,
on the sample talk and on a template deck."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

import rendercheck
from deckgen import pipeline, svg
from deckgen.preview import find_soffice, layout_pictures
from helpers import sample_outline

pytestmark = [pytest.mark.render, pytest.mark.slow]

WIDTH = 960  # pixels: one per point of a 16:9 slide
GRID = (8, 6)  # regions across and down
INK = 0.06  # at most this share of a region's pixels may be ink in one picture only
MEAN = 40.0  # and its mean colour may differ by at most this much per channel


@pytest.fixture(autouse=True)
def _tools() -> None:
    if not rendercheck.have_libreoffice():
        pytest.skip(rendercheck.SKIP_REASON)
    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert (Debian's librsvg2-bin) is needed to rasterise the SVGs")


def _pages(pdf: Path, folder: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-scale-to-x", str(WIDTH), "-scale-to-y", "-1",
                    str(pdf), str(folder / "lo")], check=True, timeout=120)
    return sorted(folder.glob("lo-*.png"))


def _raster(text: str) -> Image.Image:
    png = subprocess.run(["rsvg-convert", "-w", str(WIDTH), "-b", "white"],
                         input=text.encode("utf-8"), capture_output=True, check=True,
                         timeout=60).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def _regions(a: Image.Image, b: Image.Image) -> list[tuple[int, int, float, float]]:
    """Regions that differ: (column, row, ink difference, mean colour difference)."""
    w, h = a.size
    ga, gb = a.convert("L"), b.convert("L")
    bad = []
    for i in range(GRID[0]):
        for j in range(GRID[1]):
            box = (i * w // GRID[0], j * h // GRID[1], (i + 1) * w // GRID[0],
                   (j + 1) * h // GRID[1])
            ca, cb = ga.crop(box), gb.crop(box)
            n = ca.size[0] * ca.size[1]
            ink_a = sum(ca.histogram()[:128]) / n
            ink_b = sum(cb.histogram()[:128]) / n
            ma = [sum(k * v for k, v in enumerate(a.crop(box).getchannel(c).histogram())) / n
                  for c in range(3)]
            mb = [sum(k * v for k, v in enumerate(b.crop(box).getchannel(c).histogram())) / n
                  for c in range(3)]
            ink, mean = abs(ink_a - ink_b), max(abs(x - y) for x, y in zip(ma, mb))
            if ink > INK or mean > MEAN:
                bad.append((i, j, round(ink, 3), round(mean, 1)))
    return bad


@pytest.mark.parametrize("template", [None, "lo-beehive.pptx"])
def test_each_slide_svg_looks_like_libreoffice_drawing_the_deck(
        tmp_path: Path, template: str | None) -> None:
    report = pipeline.build(sample_outline(tmp_path, template), tmp_path / "out" / "deck.pptx")
    assert report.output is not None and report.template is not None
    pdf = rendercheck.render_pdf(report.output, tmp_path / "pdf")
    pages = _pages(pdf, tmp_path / "pdf")
    assert len(pages) == len(report.plan.slides)
    assets = svg.Assets(tmp_path / "cache")
    # as `deckgen serve` does when LibreOffice is there: each layout drawn once, as backdrop
    roles = sorted({s.layout for s in report.plan.slides})
    for role, png in layout_pictures(report.plan.drawn_on, roles, tmp_path / "cache",
                                     soffice=str(find_soffice())).items():
        assets.set_backdrop(report.template.digest, role, png.read_bytes())
    differing: dict[int, list[tuple[int, int, float, float]]] = {}
    for slide, page in zip(report.plan.slides, pages):
        lo = Image.open(page).convert("RGB")
        drawn = _raster(svg.slide_svg(slide, report.plan, report.template, assets))
        drawn = drawn.resize(lo.size)
        bad = _regions(lo, drawn)
        if bad:
            differing[slide.number] = bad
            side = Image.new("RGB", (lo.size[0] * 2 + 10, lo.size[1]), "white")
            side.paste(lo, (0, 0))
            side.paste(drawn, (lo.size[0] + 10, 0))
            side.save(tmp_path / f"side-{slide.number:02d}.png")
    regions = GRID[0] * GRID[1] * len(pages)
    wrong = sum(len(v) for v in differing.values())
    # charts drawn by matplotlib and by LibreOffice's native chart engine differ in detail;
    # everything else must line up region by region
    assert wrong <= regions * 0.02, f"{wrong} of {regions} regions differ: {differing}"
