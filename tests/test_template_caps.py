"""A template's capitals (``cap="all"`` or ``"small"`` in its text styles, as most of
PowerPoint's built-in themes set on titles): described through the style chain, measured
and broken as viewers show the text, drawn in capitals by deckgen's own SVG and PDF, while
the .pptx keeps the text as written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

import rendercheck
from deckgen import fit, pipeline, svg
from deckgen.deckplan import DeckPlan, Paragraph, TextBox
from deckgen.primitives import Fonts
from deckgen.template import info as template_info
from deckgen.template import opening
from helpers import patch_zip, run_cli

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}

MASTER = "ppt/slideMasters/slideMaster1.xml"
TITLE_SLIDE = "ppt/slideLayouts/slideLayout1.xml"  # python-pptx's default: "Title Slide"
TITLE_ONLY = "ppt/slideLayouts/slideLayout6.xml"  # "Title Only"


def _xml(edit: Callable[[etree._Element], None]) -> Callable[[str], str]:
    """An edit of a part's XML text made on its parsed tree."""
    def run(text: str) -> str:
        root = etree.fromstring(text.encode("utf-8"))
        edit(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                              standalone=True).decode("utf-8")
    return run


def _ph_cap(root: etree._Element, kind: str, cap: str) -> None:
    """Set cap on the first-level run properties of a placeholder's own list style."""
    ph = root.xpath(f".//p:sp/p:nvSpPr/p:nvPr/p:ph[@type='{kind}']", namespaces=NS)[0]
    sp = ph.getparent().getparent().getparent()
    lst = sp.find("p:txBody/a:lstStyle", NS)
    lvl = lst.find("a:lvl1pPr", NS)
    if lvl is None:
        lvl = etree.SubElement(lst, f"{{{NS['a']}}}lvl1pPr")
    rpr = lvl.find("a:defRPr", NS)
    if rpr is None:
        rpr = etree.SubElement(lvl, f"{{{NS['a']}}}defRPr")
    rpr.set("cap", cap)


def _master(root: etree._Element) -> None:
    root.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS).set("cap", "all")
    _ph_cap(root, "ftr", "all")  # the master's footer placeholder


def caps_template(path: Path) -> Path:
    """python-pptx's default template made like PowerPoint's Ion or Retrospect: titles in
    capitals through the master's titleStyle, and the footer through the master's footer
    placeholder; but the "Title Only" layout says cap="none" for its title, and the title
    slide shows its subtitle in small capitals (its layout's own list style)."""
    Presentation().save(str(path))
    patch_zip(path, {
        MASTER: _xml(_master),
        TITLE_ONLY: _xml(lambda root: _ph_cap(root, "title", "none")),
        TITLE_SLIDE: _xml(lambda root: _ph_cap(root, "subTitle", "small")),
    })
    return path


LONG = "Chips, data and talent decide who leads now"
"""A title that fits one line of python-pptx's default title box in mixed case, not in
capitals (Carlito bold at 31-32 pt: 0.92-0.95 of the line as written, 1.08-1.11 in
capitals)."""

OUTLINE = """\
deck:
  title: One step
  subtitle: From one step to the next
  authors: [Ann]
  language: en
  theme:
    template: {template}
chapters:
  - title: First part
    presenter: Ann
    slides:
      - title: {long}
        bullets: [Chips are made in a few places, Data comes from users]
        notes: The race in one line.
      - title: Kept as written
        layout: Title Only
        quote:
          text: Small steps add up.
        notes: A layout whose title says cap none.
"""


def _deck(folder: Path, caps: bool = True) -> Path:
    """The outline above on the capitals template (or python-pptx's default as it is)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = "caps.pptx" if caps else "plain.pptx"
    if caps:
        caps_template(folder / name)
    else:
        Presentation().save(str(folder / name))
    outline = folder / "outline.yaml"
    outline.write_text(OUTLINE.format(template=name, long=LONG), encoding="utf-8")
    return outline


def _titles(plan: DeckPlan) -> list[Paragraph]:
    """Each slide's title paragraph."""
    return [next(sh for sh in s.shapes if isinstance(sh, TextBox) and sh.role == "title"
                 ).paragraphs[0] for s in plan.slides]


def _role(plan: DeckPlan, number: int, role: str) -> TextBox:
    return next(sh for sh in plan.slides[number - 1].shapes
                if isinstance(sh, TextBox) and sh.role == role)


# -- describing -----------------------------------------------------------------------------
def test_capitals_are_read_through_the_style_chain(tmp_path: Path) -> None:
    info = opening.open_template(caps_template(tmp_path / "caps.pptx")).info
    by_name = {d.name: d for d in info.every}

    def cap(layout: str, *kinds: str) -> str:
        ph = by_name[layout].placeholder(*kinds)
        assert ph is not None, (layout, kinds)
        return ph.style.cap

    assert cap("Title and Content", "title") == "all"  # the master's titleStyle
    assert cap("Title Slide", "ctrTitle") == "all"
    assert cap("Title Only", "title") == "none"  # the layout's own list style wins
    assert cap("Title Slide", "subTitle") == "small"
    assert by_name["Title Slide"].placeholder("subTitle").style.caps  # type: ignore[union-attr]
    assert cap("Title and Content", "body", "obj") == "none"  # bodyStyle says nothing
    assert cap("Title and Content", "ftr") == "all"  # the master's footer placeholder
    # python-pptx's default as shipped: only its section header's title, in its own
    # layout's list style (as PowerPoint's Office theme has it)
    plain = opening.open_template(Path(Presentation().save(str(tmp_path / "plain.pptx"))
                                       or tmp_path / "plain.pptx")).info
    assert {(d.name, ph.type) for d in plain.every for ph in d.placeholders
            if ph.style.cap != "none"} == {("Section Header", "title")}


def test_a_description_from_before_capitals_is_made_again(tmp_path: Path) -> None:
    """A cached description written before capitals were read (format 14, no ``cap``) is
    not used: the template is described again and its titles come out in capitals."""
    outline = _deck(tmp_path)
    first = pipeline.build(outline, tmp_path / "a.pptx")
    cached = list(tmp_path.rglob("template-*.json"))
    assert len(cached) == 1
    raw = json.loads(cached[0].read_text(encoding="utf-8"))
    assert raw["version"] == template_info.INFO_VERSION
    raw["version"] = 14

    def strip(v: object) -> object:
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if k not in ("cap", "caps")}
        return [strip(x) for x in v] if isinstance(v, list) else v

    old = json.dumps(strip(raw))
    assert '"cap"' not in old
    cached[0].write_text(old, encoding="utf-8")
    assert template_info.from_json(old) is None
    opening._DESCRIBED.clear()  # as in a new process
    again = pipeline.build(outline, tmp_path / "b.pptx")
    assert _titles(again.plan)[0].lines == ("ONE STEP",)
    assert again.output is not None and first.output is not None
    assert again.output.read_bytes() == first.output.read_bytes()
    # a description of this version reads back with its capitals
    back = template_info.from_json(cached[0].read_text(encoding="utf-8"))
    assert back is not None and back.layout("content").placeholder("title").style.cap == "all"  # type: ignore[union-attr]


# -- measuring ------------------------------------------------------------------------------
def test_capitals_are_measured_character_by_character() -> None:
    caps = Fonts(caps=True)
    assert fit.shown("One step", caps) == "ONE STEP"
    assert fit.shown("Straße, ﬁne", caps) == "STRAßE, ﬁNE"  # one character each, kept
    assert fit.shown("One step", Fonts()) == "One step"
    for text in ("One step", "Chips, data and talent", "中文 and English"):
        for bold in (False, True):
            assert fit.text_width(text, 30, bold, caps) == fit.text_width(
                text.upper(), 30, bold, Fonts())
    assert fit.text_width("One step", 30, True, caps) > fit.text_width("One step", 30, True)
    # broken where the capitals break (the lines as written: Setting.para shows them)
    lines = fit.wrap(LONG, 400, 30, True, caps)
    assert [fit.shown(x, caps) for x in lines] == fit.wrap(LONG.upper(), 400, 30, True)
    assert lines != fit.wrap(LONG, 400, 30, True)


def test_a_title_in_capitals_is_planned_as_shown(tmp_path: Path) -> None:
    plain = pipeline.build(_deck(tmp_path / "plain", caps=False), tmp_path / "plain.pptx")
    built = pipeline.build(_deck(tmp_path / "caps"), tmp_path / "caps.pptx")
    before, after = _titles(plain.plan)[3], _titles(built.plan)[3]
    assert before.text == after.text == LONG
    assert before.lines == (LONG,)  # one line as written
    assert len(after.lines) == 2  # two in capitals
    assert " ".join(after.lines) == LONG.upper()
    # the cover, its subtitle (small capitals) and the footer: in capitals as shown
    assert _titles(built.plan)[0].lines == ("ONE STEP",)
    assert _role(built.plan, 1, "subtitle").paragraphs[0].lines == ("FROM ONE STEP TO THE NEXT",)
    assert _role(built.plan, 4, "footer").paragraphs[0].lines == ("ONE STEP · ANN",)
    # what the template leaves as written stays so: a layout saying cap none, the bullets,
    # and deckgen's own text boxes (the quote)
    assert _titles(built.plan)[4].lines == ("Kept as written",)
    assert _role(built.plan, 4, "body").paragraphs[0].lines == (
        "Chips are made in a few places",)
    assert "Small steps add up." in _role(built.plan, 5, "quote").paragraphs[0].lines[0]
    # the .pptx keeps the text as written (the viewer applies the capitals; pull reads it)
    assert built.output is not None
    prs = Presentation(str(built.output))
    assert prs.slides[0].shapes.title.text == "One step"
    assert prs.slides[3].shapes.title.text == LONG
    # deckgen's SVG draws the lines as shown (its accessible title stays as written)
    assert built.template is not None
    drawn = etree.fromstring(svg.slide_svg(built.plan.slides[0], built.plan, built.template,
                                           svg.Assets(tmp_path / "svg")).encode("utf-8"))
    texts = ["".join(t.itertext()) for t in drawn.iter("{http://www.w3.org/2000/svg}text")]
    assert "ONE STEP" in texts and "One step" not in texts


# -- as viewers show it -----------------------------------------------------------------------
def _title_lines(lines: list[rendercheck.Word], box: TextBox) -> list[str]:
    """The rendered lines whose middle lies in a title's box."""
    b = box.box
    return [ln.text for ln in lines
            if b.x <= (ln.x0 + ln.x1) / 2 <= b.x + b.w and b.y <= (ln.y0 + ln.y1) / 2 <= b.y + b.h]


@pytest.mark.render
@pytest.mark.slow
def test_libreoffice_and_deckgen_show_the_capitals_layout_planned(tmp_path: Path) -> None:
    """The oracle: LibreOffice applies the template's capitals itself. It breaks the long
    title where layout planned (two lines, inside its box, no word off a slide or out of
    its box), and deckgen's own PDF shows the same capitals on the same lines."""
    if not rendercheck.have_libreoffice():
        pytest.skip(rendercheck.SKIP_REASON)
    outline = _deck(tmp_path)
    built = pipeline.build(outline, tmp_path / "talk.pptx")
    assert built.output is not None
    office = rendercheck.render_pdf(built.output, tmp_path / "lo")
    code, _, err = run_cli("export", str(outline), "-q", "-o", str(tmp_path / "own.pdf"))
    assert code == 0, err
    own = tmp_path / "own.pdf"
    assert rendercheck.overflow_problems(built.output, office) == []
    title = _role(built.plan, 4, "title")
    planned = list(title.paragraphs[0].lines)
    assert len(planned) == 2
    for pdf in (office, own):
        lines = rendercheck.lines(pdf)
        assert _title_lines(lines[3], title) == planned, pdf
        assert _title_lines(lines[0], _role(built.plan, 1, "title")) == ["ONE STEP"], pdf
        assert _title_lines(lines[4], _role(built.plan, 5, "title")) == ["Kept as written"], pdf
        assert "ONE STEP · ANN" in [ln.text for ln in lines[3]], pdf  # the footer
