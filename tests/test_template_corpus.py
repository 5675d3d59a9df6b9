"""Corpus: LibreOffice's own Impress templates (converted to .pptx here), python-pptx's own
template and the committed ones, each with a Chinese and an English outline
(tests/outlines/corpus): every build succeeds or is refused in one line, and the decks
LibreOffice renders keep every word in its box, no text on the template's art, one slide
number per content slide, none of the template's sample text, and text colours readable on
what is behind them.

Everything is built and rendered once per session, in PARTS parts that pytest-xdist runs
on different workers (LibreOffice converts a part's templates in one call and renders its
decks in another); each test then reports per template what failed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pptx import Presentation

import a11ycheck
import rendercheck
from deckgen import pipeline
from deckgen.deckplan import ChartFrame, Picture, Rectangle, Shape, Slide, Table, TextBox
from deckgen.errors import OutlineError
from deckgen.primitives import Rect
from deckgen.template.info import Art, TemplateInfo
from helpers import with_template

pytestmark = [pytest.mark.render, pytest.mark.slow, pytest.mark.long]

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "outlines" / "corpus"
LO_TEMPLATES = Path("/usr/lib/libreoffice/share/template/common/presnt")
LANGUAGES = ("zh", "en")
TIMEOUT_S = 480
PARTS = 4
"""The corpus is built and rendered in parts (a test class each, at the end), so
pytest-xdist spreads it over workers."""
PYTHON_PPTX = "python-pptx-default.pptx"
COVERS = ("title", "section", "closing")
LO_FIELD_TEXT = re.compile(r"^<[a-z/ ]+>$")  # LibreOffice's text for a field it lost


@dataclass
class Deck:
    """One template with one outline: the build's report or refusal, and the render."""

    template: str
    language: str
    report: pipeline.Report | None = None
    refused: str | None = None
    crashed: str | None = None
    pptx: Path | None = None
    pdf: Path | None = None


@dataclass
class Corpus:
    """Every deck of the corpus, by template and language."""

    decks: list[Deck] = field(default_factory=list)
    unconverted: list[str] = field(default_factory=list)  # LibreOffice templates

    def built(self) -> Iterator[Deck]:
        """The decks that were built and rendered."""
        return (d for d in self.decks if d.report is not None and d.pdf is not None)


def _sources() -> list[str]:
    """Every template of the corpus by name: LibreOffice's (converted here), python-pptx's
    own, and the committed ones."""
    return [*sorted(p.name for p in LO_TEMPLATES.glob("*.otp")), PYTHON_PPTX,
            *sorted(p.name for p in (TESTS / "templates").glob("*.pptx"))]


def _templates(names: list[str], work: Path) -> tuple[list[Path], list[str]]:
    """The templates of a part of the corpus as .pptx files, and the LibreOffice templates
    LibreOffice could not convert."""
    otps = [LO_TEMPLATES / n for n in names if n.endswith(".otp")]
    converted, _ = rendercheck.convert(otps, "pptx", work / "libreoffice")
    found = [converted[f.resolve()] for f in otps if f.resolve() in converted]
    if PYTHON_PPTX in names:
        Presentation().save(str(work / PYTHON_PPTX))
        found.append(work / PYTHON_PPTX)
    found += [TESTS / "templates" / n for n in names if n.endswith(".pptx") and n != PYTHON_PPTX]
    return found, [f.name for f in otps if f.resolve() not in converted]


def _outline(language: str, template: Path, folder: Path) -> Path:
    """The corpus outline of a language, in its own folder, naming a copy of the template."""
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "picture.png", folder)
    shutil.copy(template, folder / f"template{template.suffix}")
    text = with_template((CORPUS / f"{language}.yaml").read_text(encoding="utf-8"),
                         f"template{template.suffix}")
    (folder / "outline.yaml").write_text(text, encoding="utf-8")
    return folder / "outline.yaml"


def _build(deck: Deck, template: Path, work: Path) -> None:
    outline = _outline(deck.language, template, work / "src" / f"{template.stem}-{deck.language}")
    out = work / "decks" / f"{template.stem}-{deck.language}.pptx"
    try:
        deck.report = pipeline.build(outline, out, use_cache=False)
        deck.pptx = out
    except OutlineError as exc:
        lines = [str(p) for p in exc.problems]
        deck.refused = lines[0] if len(lines) == 1 and "\n" not in lines[0] else \
            None
        if deck.refused is None:
            deck.crashed = f"refused in {len(lines)} lines: {lines}"
    except Exception as exc:  # anything else is a failure the test reports
        deck.crashed = f"{type(exc).__name__}: {exc}"


def _render(decks: list[Deck], work: Path) -> None:
    """Every deck to PDF, in one LibreOffice call."""
    pdfs, _ = rendercheck.convert([d.pptx for d in decks if d.pptx], "pdf", work / "decks",
                                  timeout=TIMEOUT_S)
    for d in decks:
        d.pdf = pdfs.get(d.pptx.resolve()) if d.pptx else None


@pytest.fixture(scope="session")
def corpus_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not rendercheck.have_libreoffice():
        pytest.skip(rendercheck.SKIP_REASON)
    if not LO_TEMPLATES.is_dir():
        pytest.skip(f"LibreOffice's Impress templates are not installed ({LO_TEMPLATES})")
    return tmp_path_factory.mktemp("corpus")


_PARTS: dict[int, Corpus] = {}


def _part(part: int, work: Path) -> Corpus:
    """A part of the corpus (1 to PARTS), built and rendered once per worker that asks."""
    if part not in _PARTS:
        folder = work / f"part{part}"
        templates, unconverted = _templates(_sources()[part - 1::PARTS], folder)
        found = Corpus(unconverted=unconverted)
        for template in templates:
            for language in LANGUAGES:
                deck = Deck(template.stem, language)
                _build(deck, template, folder)
                found.decks.append(deck)
        _render(found.decks, folder)
        _PARTS[part] = found
    return _PARTS[part]


def _table(corpus: Corpus, check: Callable[[Deck], list[str]], show: int = 3) -> list[str]:
    """Per template and language, how many problems the check finds, with the first few."""
    lines = []
    for d in corpus.built():
        problems = check(d)
        if problems:
            lines.append(f"{d.template} ({d.language}): {len(problems)}")
            lines += [f"    {p}" for p in problems[:show]]
    print("\n".join(lines) or "none")
    return lines


# -- building -------------------------------------------------------------------------------
# -- words in their boxes -------------------------------------------------------------------
_WORD_AT = re.compile(r"^slide (\d+): word .* at \(([-\d.]+),([-\d.]+),([-\d.]+),([-\d.]+)\)")


def _templates_own(d: Deck, problem: str) -> bool:
    """Whether a word reported outside every box is the template's own text (a credit
    line, its own slide number or date), drawn by the master or layout, not by deckgen."""
    assert d.report is not None and d.report.template is not None
    found = _WORD_AT.match(problem)
    if found is None:
        return False
    n, x0, y0, x1, y1 = int(found[1]), *(float(v) for v in found.groups()[1:])
    return _own_text(d, d.report.plan.slides[n - 1], x0, y0, x1, y1)


def _own_text(d: Deck, slide: Slide, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether a box of drawn text lies in one of the master's or layout's own texts."""
    assert d.report is not None and d.report.template is not None
    tol = 4.0  # the template's own boxes have no insets: descenders reach past them
    return any(a.box.x - tol <= x0 and x1 <= a.box.x + a.box.w + tol and a.box.y - tol <= y0
               and y1 <= a.box.y + a.box.h + tol
               for a in d.report.template.layout(slide.layout).art if a.kind == "text")


def _words_outside(d: Deck) -> list[str]:
    assert d.pptx is not None and d.pdf is not None
    return [p for p in rendercheck.overflow_problems(d.pptx, d.pdf)
            if not _templates_own(d, p)]


# -- no text on the template's art ----------------------------------------------------------
def _inside(box: Rect, pad: float) -> Rect:
    return Rect(box.x + pad, box.y + pad, box.w - 2 * pad, box.h - 2 * pad)


def _painted(art: Art, box: Rect, step: float = 2.0) -> tuple[float, int]:
    """The share of a box the art paints (sampled every `step` points), and the samples."""
    xs = [box.x + step / 2 + i * step for i in range(max(0, int(box.w / step)))]
    ys = [box.y + step / 2 + j * step for j in range(max(0, int(box.h / step)))]
    hits = sum(art.covers(x, y) for x in xs for y in ys)
    return hits / max(1, len(xs) * len(ys)), hits


def _in_the_way(art: Art, info: TemplateInfo) -> bool:
    """Art text must not sit on: not the background (most of the slide), not faint, not a
    hairline."""
    x0, y0 = max(art.box.x, 0.0), max(art.box.y, 0.0)
    x1 = min(art.box.x + art.box.w, info.width)
    y1 = min(art.box.y + art.box.h, info.height)
    on_slide = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    return (art.opacity >= 0.5 and min(art.box.w, art.box.h) > 3
            and (art.kind == "text" or on_slide < 0.8 * info.width * info.height))


def _content(shape: Shape) -> bool:
    """Whether a shape is the slide's content (not its footer or slide number)."""
    if isinstance(shape, TextBox):
        return bool(shape.text.strip()) and shape.role not in ("footer", "slide-number")
    return isinstance(shape, Table | ChartFrame | Picture | Rectangle)


def _text_on_art(d: Deck) -> list[str]:
    assert d.report is not None and d.report.template is not None
    info = d.report.template
    out = []
    for slide in d.report.plan.slides:
        art = [a for a in info.layout(slide.layout).art if _in_the_way(a, info)]
        for shape in filter(_content, slide.shapes):
            inner = _inside(shape.box, 2.0)  # the text sits inside the box's edge
            for a in art:
                if not a.box.overlaps(inner):
                    continue
                share, hits = _painted(a, inner)
                if hits and not (a.kind == "shape" and share >= 0.6):  # under most: backdrop
                    out.append(f"slide {slide.number}: {shape.name} on {a.kind} at "
                               f"({a.box.x:.0f},{a.box.y:.0f} {a.box.w:.0f}×{a.box.h:.0f})")
    return out


# -- one slide number -----------------------------------------------------------------------
def _slide_numbers(d: Deck) -> list[str]:
    """Each content slide shows its number once outside its content (cover slides at most
    once), as LibreOffice renders it."""
    assert d.report is not None and d.pdf is not None
    out = []
    for slide, words in zip(d.report.plan.slides, rendercheck.words(d.pdf), strict=False):
        boxes = [sh.box for sh in slide.shapes if _content(sh)]
        seen = sum(1 for w in words if w.text == str(slide.number) and not any(
            b.x - 1 <= w.x0 and w.x1 <= b.x + b.w + 1 and b.y - 1 <= w.y0 and
            w.y1 <= b.y + b.h + 1 for b in boxes))
        if seen != 1 and not (slide.kind in COVERS and seen == 0):
            out.append(f"slide {slide.number} ({slide.kind}): its number shows {seen} times")
    return out


# -- no sample text -------------------------------------------------------------------------
def _sample_texts(d: Deck) -> list[str]:
    """LibreOffice's stand-ins for fields it lost ("<date/time>") on the rendered slides, and
    the template's own texts under deckgen's text."""
    assert d.report is not None and d.pdf is not None and d.report.template is not None
    out = []
    for i, words in enumerate(rendercheck.words(d.pdf), start=1):
        out += [f"slide {i}: {w.text!r}" for w in words if LO_FIELD_TEXT.match(w.text)]
    info = d.report.template
    for slide in d.report.plan.slides:
        texts = [a for a in info.layout(slide.layout).art if a.kind == "text" and not a.field]
        for shape in filter(_content, slide.shapes):
            out += [f"slide {slide.number}: {shape.name} on the template's text {a.text!r}"
                    for a in texts if a.box.overlaps(_inside(shape.box, 2.0))]
    return out


# -- readable text --------------------------------------------------------------------------
def _contrast(d: Deck) -> list[str]:
    """Text colours against what the deck's file puts behind them (tests/a11ycheck.py:
    fills, the layout's and master's art, backgrounds); text over a picture is not judged."""
    assert d.pptx is not None
    return [str(f) for f in a11ycheck.check(d.pptx)
            if f.rule == "contrast" and f.severity != "info"]


# -- the checks, on each part ---------------------------------------------------------------
class CorpusChecks:
    """Every check, on one part of the corpus. A class per part (below): pytest-xdist
    (--dist loadscope) runs a class's tests on one worker, which builds and renders that
    part once, while other workers take the other parts."""

    part = 1

    @pytest.fixture
    def corpus(self, corpus_work: Path) -> Corpus:
        return _part(self.part, corpus_work)

    def test_every_template_builds_or_is_refused_in_one_line(self, corpus: Corpus) -> None:
        assert len(corpus.unconverted) <= 1, (
            f"LibreOffice could not convert {corpus.unconverted}")
        crashed = [f"{d.template} ({d.language}): {d.crashed}" for d in corpus.decks
                   if d.crashed]
        assert crashed == []
        assert [d.template for d in corpus.decks if d.report is not None and d.pdf is None] == []
        assert sum(d.report is not None for d in corpus.decks) >= 0.9 * len(corpus.decks)

    def test_no_word_outside_its_box(self, corpus: Corpus) -> None:
        assert _table(corpus, _words_outside) == []

    def test_no_text_on_the_template_art(self, corpus: Corpus) -> None:
        assert _table(corpus, _text_on_art) == []

    def test_one_slide_number_on_every_content_slide(self, corpus: Corpus) -> None:
        assert _table(corpus, _slide_numbers) == []

    def test_no_sample_text_on_the_slides(self, corpus: Corpus) -> None:
        assert _table(corpus, _sample_texts) == []

    def test_text_is_readable_on_what_is_behind_it(self, corpus: Corpus) -> None:
        assert _table(corpus, _contrast) == []

    def test_text_reads_on_the_rendered_slides(self, corpus: Corpus, tmp_path: Path) -> None:
        """What LibreOffice drew: every line's ink against the pixels around it (pictures,
        gradients and art as rendered)."""

        def check(d: Deck) -> list[str]:
            assert d.pdf is not None and d.report is not None
            slides = d.report.plan.slides

            def own(number: int, line: rendercheck.Word) -> bool:  # the master's own texts
                return number <= len(slides) and _own_text(d, slides[number - 1],
                                                           line.x0, line.y0, line.x1, line.y1)

            return rendercheck.rendered_contrast(
                d.pdf, tmp_path / f"{d.template}-{d.language}", skip=own)

        assert _table(corpus, check) == []


class TestPart1(CorpusChecks):
    part = 1


class TestPart2(CorpusChecks):
    part = 2


class TestPart3(CorpusChecks):
    part = 3


class TestPart4(CorpusChecks):
    part = 4
