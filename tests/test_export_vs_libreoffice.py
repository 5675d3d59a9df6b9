"""The exported PDF looks like the deck: each page deckgen draws itself (no office suite)
rasterised, against LibreOffice's rendering of the built .pptx, compared region by region
(rendercheck.tile_similarity, the measures the SVG preview test checks), on the sample
talk, an English talk in a serif typeface on 4:3 slides, and the sample on two templates
with art (LibreOffice's Beehive: hexagons of custom geometry with outlines; Midnightblue:
bands, a circle and the slide number in it). And every text of every slide can be
extracted from its page (pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

import rendercheck
from deckgen import pipeline
from deckgen.deckplan import ChartFrame, DeckPlan, Table, TextBox
from deckgen.export import Wanted, export
from helpers import sample_outline

pytestmark = [pytest.mark.render, pytest.mark.slow]

TESTS = Path(__file__).resolve().parent
WIDTH = 960  # pixels a page is rasterised to (both PDFs, with the same rasteriser)
MEAN_MIN = 0.95
TILE_MIN = 0.85
DECKS = ("sample", "en-serif", "lo-beehive", "lo-midnightblue")


@pytest.fixture(autouse=True)
def _tools() -> None:
    if not rendercheck.have_libreoffice() or shutil.which("pdftoppm") is None:
        pytest.skip(rendercheck.SKIP_REASON)


def _outline(tmp: Path, deck: str) -> Path:
    if deck == "en-serif":
        shutil.copytree(TESTS / "outlines" / "export", tmp, dirs_exist_ok=True)
        return tmp / "en-serif.yaml"
    return sample_outline(tmp, f"{deck}.pptx" if deck.startswith("lo-") else None)


def _pages(pdf: Path, prefix: Path) -> list[Image.Image]:
    # plain PPM: compressing every page as PNG was most of pdftoppm's time
    subprocess.run(["pdftoppm", "-scale-to-x", str(WIDTH), "-scale-to-y", "-1",
                    str(pdf), str(prefix)], check=True, timeout=300)
    return [Image.open(p).convert("RGB") for p in sorted(
        prefix.parent.glob(f"{prefix.name}-*.ppm"), key=lambda p: int(p.stem.split("-")[-1]))]


@dataclass
class Compared:
    """One deck: its plan, both PDFs and the tile similarities of every page."""

    plan: DeckPlan
    exported: Path
    tiles: list[list[float]]


def _native_tiles(plan: DeckPlan, number: int) -> set[int]:
    """The tiles a native chart touches on a slide: LibreOffice draws those with its own
    chart engine, the export with matplotlib's picture (as the preview does)."""
    slide = plan.slides[number - 1]
    out: set[int] = set()
    for s in slide.shapes:
        if isinstance(s, ChartFrame) and s.spec.native:
            cw, ch = plan.width / rendercheck.GRID[0], plan.height / rendercheck.GRID[1]
            for j in range(rendercheck.GRID[1]):
                for i in range(rendercheck.GRID[0]):
                    if s.box.x < (i + 1) * cw and s.box.right > i * cw and \
                            s.box.y < (j + 1) * ch and s.box.bottom > j * ch:
                        out.add(j * rendercheck.GRID[0] + i)
    return out


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Compared]:
    # every deck built first, then rendered by one LibreOffice (one start, not four)
    lo = tmp_path_factory.mktemp("lo")
    built = {}
    for deck in DECKS:
        tmp = tmp_path_factory.mktemp(deck)
        outline = _outline(tmp / "talk", deck)
        report = pipeline.build(outline)
        assert report.output is not None
        built[deck] = (tmp, outline, report.plan, shutil.copy(report.output, lo / f"{deck}.pptx"))
    pdfs, said = rendercheck.convert([d[3] for d in built.values()], "pdf", lo)
    out: dict[str, Compared] = {}
    for deck, (tmp, outline, plan, copy) in built.items():
        assert copy in pdfs, f"LibreOffice did not render {deck}: {said}"
        mine = export(outline, wanted=Wanted(pdf=True)).files[0]
        a, b = _pages(pdfs[copy], tmp / "lo-page"), _pages(mine, tmp / "me")
        assert len(a) == len(b) == len(plan.slides)
        out[deck] = Compared(plan, mine,
                             [rendercheck.tile_similarity(x, y) for x, y in zip(a, b)])
    return out


@pytest.mark.parametrize("deck", DECKS)
def test_each_exported_page_looks_like_libreoffice_drawing_the_deck(
        compared: dict[str, Compared], deck: str) -> None:
    c = compared[deck]
    every = [v for page in c.tiles for v in page]
    mean = sum(every) / len(every)
    low = {n: [(k % rendercheck.GRID[0], k // rendercheck.GRID[0], round(v, 3))
               for k, v in enumerate(page) if v < TILE_MIN and k not in _native_tiles(
                   c.plan, n)]
           for n, page in enumerate(c.tiles, start=1)}
    low = {n: v for n, v in low.items() if v}
    print(f"{deck}: {len(c.tiles)} pages, mean tile similarity {mean:.4f}, least "
          f"{min(every):.3f}")
    assert mean >= MEAN_MIN
    assert not low, f"tiles below {TILE_MIN} (slide: [(column, row, similarity)]): {low}"


def _texts(plan: DeckPlan, number: int) -> list[str]:
    """Every line of text the plan draws on a slide."""
    slide = plan.slides[number - 1]
    out: list[str] = []
    for s in slide.shapes:
        paras = s.paragraphs if isinstance(s, TextBox) else tuple(
            c.paragraph for row in s.cells for c in row) if isinstance(s, Table) else ()
        for p in paras:
            lines = (str(number),) if p.field == "slidenum" else p.lines
            out.extend(ln for ln in lines if ln.strip())
    return out


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("deck", DECKS)
def test_every_text_of_a_slide_can_be_extracted_from_its_page(
        compared: dict[str, Compared], deck: str) -> None:
    c = compared[deck]
    missing = {}
    for number in range(1, len(c.plan.slides) + 1):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout",
                               str(c.exported), "-"], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        found = _squeezed(page)
        gone = [t for t in _texts(c.plan, number) if _squeezed(t) not in found]
        if gone:
            missing[number] = gone
    assert not missing
