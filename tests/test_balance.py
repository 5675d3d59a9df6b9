"""Slides that use their space: a short list is set larger than the 24 pt start (up to the
28 pt ceiling, or theme.body_max) and balanced in the body, a long list keeps the size
fitting gives it; quotes and stat rows sit in the middle of the body too.

The oracle is LibreOffice's rendering (word boxes from pdftotext) against the body
placeholder of the layout the slide sits on, read from the built file with python-pptx:
nothing of deckgen's layout code decides what is expected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

import rendercheck
from deckgen import pipeline

FOUR = ["Compute keeps getting cheaper", "Open models close the gap",
        "Chips remain the bottleneck", "Talent moves between labs"]
SEVEN = [f"Item {n} of a longer list that fills the body" for n in
         ("one", "two", "three", "four", "five", "six", "seven")]
OUTLINE = """\
deck:
  title: Balance
  language: en{theme}
chapters:
  - title: One
    slides:
      - title: Four short bullets
        bullets: [{four}]
        notes: n
      - title: Seven bullets
        bullets: [{seven}]
        notes: n
      - title: A quote
        quote: {{text: Nothing is more practical than a good theory, by: Kurt Lewin}}
        notes: n
      - title: Numbers
        stats:
          - {{value: "280x", label: cheaper inference}}
          - {{value: "40%", label: more efficient hardware}}
        notes: n
"""


def _outline(write_outline: Callable[..., Path], theme: str = "") -> Path:
    return write_outline(OUTLINE.format(four=", ".join(FOUR), seven=", ".join(SEVEN),
                                        theme=theme))


def _sizes(prs, title: str) -> set[float]:
    """The explicit run sizes (pt) of the body text of the slide with this title."""
    slide = next(s for s in prs.slides if s.shapes.title.text == title)
    body = next(s for s in slide.placeholders if s.placeholder_format.idx != 0)
    return {r.font.size.pt for p in body.text_frame.paragraphs for r in p.runs}


def _body_box(prs) -> tuple[float, float]:
    """Top and height (pt) of the content layout's body placeholder, as the template has it."""
    slide = next(s for s in prs.slides if s.shapes.title.text == "Four short bullets")
    ph = next(p for p in slide.slide_layout.placeholders if p.placeholder_format.idx == 1)
    return Emu(ph.top).pt, Emu(ph.height).pt


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    if not rendercheck.have_libreoffice():
        pytest.skip(rendercheck.SKIP_REASON)
    folder = tmp_path_factory.mktemp("balance")
    path = folder / "outline.yaml"
    path.write_text(OUTLINE.format(four=", ".join(FOUR), seven=", ".join(SEVEN), theme=""),
                    encoding="utf-8")
    deck = folder / "balance.pptx"
    pipeline.build(path, deck)
    pdf = rendercheck.render_pdf(deck, folder / "render")
    return Presentation(str(deck)), rendercheck.words(pdf)


def _block(words, texts: list[str]) -> tuple[float, float, float]:
    """Top, bottom and mean word height of the rendered words of these texts."""
    wanted = {w for t in texts for w in t.split()}
    found = [w for w in words if w.text.strip("“”\"—– ") in wanted]
    assert len(found) >= len(wanted)
    return (min(w.y0 for w in found), max(w.y1 for w in found),
            sum(w.y1 - w.y0 for w in found) / len(found))


@pytest.mark.render
def test_four_short_bullets_are_larger_and_balanced_in_the_body(rendered) -> None:
    prs, pages = rendered
    top, height = _body_box(prs)
    # the default theme's body: 1.55 in from the top, 5.2 in tall (hand-read from the theme)
    assert (round(top), round(height)) == (112, 374)
    assert _sizes(prs, "Four short bullets") == {28.0}  # the ceiling, above the 24 pt start
    y0, y1, four_h = _block(pages[3], FOUR)
    centre = (y0 + y1) / 2
    # in the middle third of the body (it was in the top fifth: 24 pt from the top)
    assert top + height / 3 <= centre <= top + 2 * height / 3, (y0, y1)
    assert centre < top + height / 2  # the optical centre: a little above the middle
    # a list of seven keeps the 24 pt it fits at, and its words are drawn smaller
    assert _sizes(prs, "Seven bullets") == {24.0}
    *_, seven_h = _block(pages[4], SEVEN)
    assert four_h / seven_h == pytest.approx(28 / 24, rel=0.05)


@pytest.mark.render
def test_quote_and_stat_row_sit_in_the_middle_third(rendered) -> None:
    prs, pages = rendered
    top, height = _body_box(prs)
    for page, texts in ((pages[5], ["Nothing is more practical than a good theory",
                                    "Kurt Lewin"]),
                        (pages[6], ["280x", "40%", "cheaper inference",
                                    "more efficient hardware"])):
        y0, y1, _ = _block(page, texts)
        assert top + height / 3 <= (y0 + y1) / 2 <= top + 2 * height / 3, (texts, y0, y1)


def test_theme_body_max_sets_the_ceiling(write_outline) -> None:
    sizes = {s.title: s.size("body") for s in pipeline.check(
        _outline(write_outline, "\n  theme: {body_max: 32}")).plan.slides}
    assert sizes["Four short bullets"] == 32
    assert sizes["Seven bullets"] == 24
    lower = {s.title: s.size("body") for s in pipeline.check(
        _outline(write_outline, "\n  theme: {body_max: 20}")).plan.slides}
    # a ceiling below the start: nothing is set larger than it
    assert lower["Four short bullets"] == lower["Seven bullets"] == 20
