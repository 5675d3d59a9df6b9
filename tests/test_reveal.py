"""Reveal on click: `reveal: true` on a slide or `theme.reveal` for the deck builds bullet
slides up one top-level bullet (with its sub-bullets) per click, and column and stat slides
one column or card per click, as PowerPoint build animations: present in the .pptx,
schema-valid, and read back by LibreOffice as the clicks and targets of a slide show."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from deckgen import pipeline, svg
from deckgen.deckplan import Step, Target, hidden
from deckgen.errors import OutlineError
from deckgen.serve import Preview
from helpers import TEMPLATES
from impress import Impress

OUTLINE = """\
deck:
  title: Reveal
  language: en
  theme: {{reveal: {deck_wide}}}
chapters:
  - title: One
    slides:
      - title: Four bullets
        bullets:
          - First point
          - text: Second point
            sub: [a sub point, another sub point]
          - Third point
          - Fourth point
        notes: n
      - title: Numbers
        stats:
          - {{value: "42", label: the answer}}
          - {{value: "7", label: days a week}}
          - {{value: "3", label: wishes}}
        notes: n
      - title: Two sides
        columns:
          - heading: Left
            bullets: [x one, x two]
          - heading: Right
            bullets: [y one]
        notes: n
      - title: All at once
        reveal: false
        bullets: [p, q]
        notes: n
      - title: A quote
        quote: {{text: Words, by: Someone}}
        notes: n
"""
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _x(el, path: str) -> list:
    """XPath with the p: prefix, on any element."""
    return etree.XPath(path, namespaces={"p": P_NS})(el)


@pytest.fixture
def outline(write_outline: Callable[..., Path]) -> Callable[[str], Path]:
    return lambda deck_wide="all": write_outline(OUTLINE.format(deck_wide=deck_wide))


def _steps(report: pipeline.Report) -> dict[str, tuple[Step, ...]]:
    return {s.title: s.steps for s in report.plan.slides}


def test_the_plan_carries_one_step_per_bullet_column_and_card(outline) -> None:
    steps = _steps(pipeline.check(outline("all")))
    assert steps["Four bullets"] == (
        Step((Target("Body", (0, 0)),)), Step((Target("Body", (1, 3)),)),
        Step((Target("Body", (4, 4)),)), Step((Target("Body", (5, 5)),)))
    assert steps["Numbers"] == tuple(
        Step(tuple(Target(f"Stat {part} {i}") for part in ("card", "accent", "value", "label")))
        for i in (1, 2, 3))
    assert steps["Two sides"] == (
        Step((Target("Column heading 1"), Target("Column 1"))),
        Step((Target("Column heading 2"), Target("Column 2"))))
    # a slide's own `reveal: false` wins; the title, agenda and the rest never build up
    assert steps["All at once"] == steps["A quote"] == steps["Reveal"] == ()


def test_theme_reveal_bullets_builds_bullet_slides_only(outline) -> None:
    steps = _steps(pipeline.check(outline("bullets")))
    assert len(steps["Four bullets"]) == 4
    assert steps["Numbers"] == steps["Two sides"] == steps["All at once"] == ()
    assert all(not s for s in _steps(pipeline.check(outline("none"))).values())


def test_reveal_on_a_slide_that_cannot_reveal_is_an_error(write_outline) -> None:
    path = write_outline(OUTLINE.format(deck_wide="none").replace(
        "      - title: A quote\n", "      - title: A quote\n        reveal: true\n"))
    with pytest.raises(OutlineError) as err:
        pipeline.check(path)
    line = path.read_text().splitlines().index("        reveal: true") + 1
    assert str(err.value).splitlines()[0] == (
        f"{path}:{line}:17: chapters[0].slides[4].reveal: a quote slide has nothing to reveal "
        "one part at a time; `reveal: true` works on bullets, columns and stats slides")


def test_a_continued_list_builds_each_page_up_on_its_own(write_outline) -> None:
    bullets = ", ".join(f"Point number {i} of a long list that needs two slides"
                        for i in range(1, 15))
    path = write_outline(f"deck: {{title: T, language: en}}\nchapters:\n  - title: C\n"
                         f"    slides:\n      - title: Long\n        reveal: true\n"
                         f"        bullets: [{bullets}]\n        notes: n\n")
    pages = [s for s in pipeline.check(path).plan.slides if s.kind == "bullets"]
    assert len(pages) == 2
    body = [next(x for x in s.shapes if x.name == "Body") for s in pages]
    assert [len(s.steps) for s in pages] == [len(b.paragraphs) for b in body]
    assert [s.steps[-1].targets[0].paragraphs for s in pages] == [
        (len(b.paragraphs) - 1,) * 2 for b in body]


def test_hidden_after_clicks() -> None:
    steps = (Step((Target("Body", (0, 0)),)), Step((Target("Body", (1, 2)), Target("Card"))))
    assert hidden(steps, 0) == {"Body": frozenset({0, 1, 2}), "Card": None}
    assert hidden(steps, 1) == {"Body": frozenset({1, 2}), "Card": None}
    assert hidden(steps, 2) == {}


def _timing(slide) -> tuple[list[list[tuple[int, int | None]]], dict[int, dict[str, str]]]:
    """The slide's clicks as the XML says them (each a list of (spid, paragraph)) and its
    build list by spid, read with plain XPath."""
    root = slide._element
    seq = _x(root, "./p:timing/p:tnLst/p:par/p:cTn/p:childTnLst/p:seq/p:cTn")
    assert len(seq) == 1 and seq[0].get("nodeType") == "mainSeq"
    clicks = []
    for par in _x(seq[0], "./p:childTnLst/p:par"):
        assert _x(par, "./p:cTn/p:stCondLst/p:cond/@delay") == ["indefinite"]
        effects = _x(par, ".//p:cTn[@presetClass='entr']")
        assert [e.get("nodeType") for e in effects] == (
            ["clickEffect"] + ["withEffect"] * (len(effects) - 1))
        click = []
        for e in effects:
            assert _x(e, ".//p:attrName/text()") == ["style.visibility"]
            (tgt,) = _x(e, ".//p:spTgt")
            rng = _x(tgt, "./p:txEl/p:pRg")
            click.append((int(tgt.get("spid")), int(rng[0].get("st")) if rng else None))
        clicks.append(click)
    builds = {int(b.get("spid")): dict(b.attrib)
              for b in _x(root, "./p:timing/p:bldLst/p:bldP")}
    return clicks, builds


def test_built_deck_has_build_animations_and_passes_the_validator(
        outline, tmp_path: Path, ooxml_validator) -> None:
    deck = tmp_path / "reveal.pptx"
    pipeline.build(outline("all"), deck)
    ooxml_validator(deck)
    ooxml_validator(deck, strict=True)
    prs = Presentation(str(deck))
    by_title = {s.shapes.title.text: s for s in prs.slides if s.shapes.title is not None}
    ids = {sh.name: sh.shape_id for sh in by_title["Four bullets"].shapes}
    body = ids["Body"]
    clicks, builds = _timing(by_title["Four bullets"])
    assert clicks == [[(body, 0)], [(body, 1), (body, 2), (body, 3)], [(body, 4)], [(body, 5)]]
    assert builds == {body: {"spid": str(body), "grpId": "0", "uiExpand": "1", "build": "p"}}
    texts = [p.text for p in next(s for s in by_title["Four bullets"].shapes
                                  if s.name == "Body").text_frame.paragraphs]
    assert texts == ["First point", "Second point", "a sub point", "another sub point",
                     "Third point", "Fourth point"]
    ids = {sh.name: sh.shape_id for sh in by_title["Numbers"].shapes}
    clicks, builds = _timing(by_title["Numbers"])
    assert clicks == [[(ids[f"Stat {part} {i}"], None) for part in ("card", "accent", "value",
                                                                     "label")] for i in (1, 2, 3)]
    assert all(b.get("animBg") == "1" for b in builds.values()) and len(builds) == 12
    # the timing sits where the schema wants it: after the shapes and colour mapping
    tags = [c.tag for c in by_title["Numbers"]._element]
    assert tags.index(qn("p:timing")) == len(tags) - 1
    for title in ("All at once", "A quote", "Reveal"):
        assert by_title[title]._element.find(qn("p:timing")) is None


def test_svg_draws_a_slide_as_the_show_does_after_each_click(outline, tmp_path: Path) -> None:
    preview = Preview(outline("all"), cache_dir=tmp_path)
    try:
        preview.rebuild()
        view = next(s for s in preview.view.slides if s.title == "Four bullets")
        assert len(view.stages) == 4
        shown = [[t for t in ("First point", "Second point", "a sub point", "Third point",
                              "Fourth point") if f">{t}<" in text] for text, _ in view.stages]
        assert shown == [[], ["First point"], ["First point", "Second point", "a sub point"],
                         ["First point", "Second point", "a sub point", "Third point"]]
        assert all(f">{t}<" in view.svg for t in ("First point", "Fourth point"))
        assert view.picture(None) == view.picture(4) == (view.svg, view.hash)
        assert view.picture(5) is None
    finally:
        preview.close()
    report = pipeline.check(outline("all"))
    assert report.template is not None
    numbers = next(s for s in report.plan.slides if s.title == "Numbers")
    text = svg.slide_svg(numbers, report.plan, report.template, svg.Assets(tmp_path), 1)
    assert ">42<" in text and ">7<" not in text and 'data-name="Stat card 2"' not in text


@pytest.mark.render
def test_libreoffice_reads_the_clicks_and_their_targets(outline, tmp_path: Path,
                                                        impress: Impress) -> None:
    deck = tmp_path / "reveal.pptx"
    report = pipeline.build(outline("all"), deck)
    number = {s.title: s.number for s in report.plan.slides}
    ops = [{"op": "animations", "slide": number[t]}
           for t in ("Four bullets", "Numbers", "Two sides", "All at once")]
    log = impress.run(deck, tmp_path / "saved.pptx", ops)["log"]
    bullets, cards, columns, plain = ([[(t["shape"], t["paragraph"], t["text"]) for t in click]
                                       for click in entry["clicks"]] for entry in log)
    assert bullets == [
        [("Body", 0, "First point")],
        [("Body", 1, "Second point"), ("Body", 2, "a sub point"),
         ("Body", 3, "another sub point")],
        [("Body", 4, "Third point")], [("Body", 5, "Fourth point")]]
    assert cards == [[(f"Stat card {i}", None, ""), (f"Stat accent {i}", None, ""),
                      (f"Stat value {i}", None, value), (f"Stat label {i}", None, label)]
                     for i, value, label in ((1, "42", "the answer"), (2, "7", "days a week"),
                                             (3, "3", "wishes"))]
    assert columns == [[("Column heading 1", None, "Left"), ("Column 1", None, "x one\nx two")],
                       [("Column heading 2", None, "Right"), ("Column 2", None, "y one")]]
    assert plain == []
    # LibreOffice writes the build back when it saves the deck: a co-presenter's copy keeps it
    again = impress.run(tmp_path / "saved.pptx", tmp_path / "saved2.pptx", ops[:1])["log"]
    assert [[t["text"] for t in click] for click in again[0]["clicks"]] == [
        [t for _, _, t in click] for click in bullets]


VALIDATOR = Path(__file__).resolve().parents[2] / "shared" / "ooxml" / "validate_pptx.py"


@pytest.fixture(params=["lo-beehive.pptx", "lo-midnightblue.pptx", "python-pptx-default.pptx"])
def on_template(request: pytest.FixtureRequest, write_outline) -> Path:
    """The reveal outline built on one of LibreOffice's templates or python-pptx's own."""
    path = write_outline(OUTLINE.format(deck_wide="all").replace(
        "  theme: {reveal: all}", f"  theme: {{reveal: all, template: {request.param}}}"))
    if request.param.startswith("python-pptx"):
        Presentation().save(str(path.parent / request.param))
    else:
        shutil.copy(TEMPLATES / request.param, path.parent / request.param)
    return path


@pytest.mark.render
def test_templates_get_the_same_build_and_libreoffice_reads_it(
        on_template: Path, tmp_path: Path, impress: Impress) -> None:
    if not VALIDATOR.is_file():
        pytest.skip(f"OOXML validator not found at {VALIDATOR}")
    deck = tmp_path / "reveal.pptx"
    report = pipeline.build(on_template, deck)
    # the slides deckgen wrote pass the strict schema (a template's own parts may not)
    out = subprocess.run([sys.executable, str(VALIDATOR), "--strict-schema", str(deck)],
                         capture_output=True, text=True, timeout=300, check=False).stdout
    assert not [x for x in out.splitlines() if x.startswith("/ppt/slides/")], out
    number = {s.title: s.number for s in report.plan.slides}
    log = impress.run(deck, tmp_path / "saved.pptx", [
        {"op": "animations", "slide": number[t]} for t in ("Four bullets", "Numbers")])["log"]
    assert [[t["text"] for t in click] for click in log[0]["clicks"]] == [
        ["First point"], ["Second point", "a sub point", "another sub point"],
        ["Third point"], ["Fourth point"]]
    assert [[t["shape"] for t in click] for click in log[1]["clicks"]] == [
        [f"Stat {part} {i}" for part in ("card", "accent", "value", "label")] for i in (1, 2, 3)]


def test_a_column_picture_and_its_caption_appear_with_their_column(write_outline) -> None:
    from PIL import Image

    path = write_outline(
        "deck: {title: T, language: en}\nchapters:\n  - title: C\n    slides:\n"
        "      - title: Side by side\n        reveal: true\n        columns:\n"
        "          - {heading: Left, image: {path: pic.png, caption: A picture, alt: Bands}}\n"
        "          - {heading: Right, bullets: [one, two]}\n        notes: n\n")
    Image.new("RGB", (400, 300), (200, 210, 230)).save(path.parent / "pic.png")
    slide = next(s for s in pipeline.check(path).plan.slides if s.title == "Side by side")
    names = [s.name for s in slide.shapes]
    assert len(names) == len(set(names))  # every target names one shape
    assert slide.steps == (
        Step((Target("Column heading 1"), Target("Column 1 picture pic.png"),
              Target("Column 1 caption"))),
        Step((Target("Column heading 2"), Target("Column 2"))))
