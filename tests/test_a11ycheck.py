"""The accessibility checker: hand-made decks that break each rule, and their fixed twins."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml import parse_xml
from pptx.util import Inches, Pt

import a11ycheck
from a11ycheck import Finding

REPO = Path(__file__).resolve().parents[1]
TITLE_ONLY, BLANK = 5, 6


def _decorative_xml(val: str = "1") -> Any:
    """The flag as PowerPoint 365 writes it (MS-ODRAWXML 2.3.x, schema 5.32)."""
    return parse_xml(
        f'<a:extLst xmlns:a="{a11ycheck.A}"><a:ext uri="{a11ycheck.DECORATIVE_URI}">'
        f'<adec:decorative xmlns:adec="{a11ycheck.ADEC}" val="{val}"/></a:ext></a:extLst>')


def _deck(n_slides: int = 1, layout: int = TITLE_ONLY) -> Any:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    for i in range(n_slides):
        slide = prs.slides.add_slide(prs.slide_layouts[layout])
        if slide.shapes.title is not None:
            slide.shapes.title.text = f"Slide {i + 1}"
    return prs


def _check(prs: Any, tmp_path: Path) -> list[Finding]:
    """Save and reopen, as a deck on disk is what the checker reads."""
    path = tmp_path / "deck.pptx"
    prs.save(str(path))
    return a11ycheck.check(path)


def _found(findings: list[Finding], *rules: str) -> list[tuple[int, str, str, str]]:
    return [(f.slide, f.rule, f.severity, f.shape) for f in findings
            if not rules or f.rule in rules]


def _decorate(shape: Any, val: str = "1") -> None:
    c_nv_pr = shape._element.xpath("./*/p:cNvPr")[0]
    c_nv_pr.append(_decorative_xml(val))


def _png(color: str = "red") -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), color).save(buf, "PNG")
    buf.seek(0)
    return buf


def _textbox(slide: Any, text: str, left: float, top: float, width: float = 4,
             height: float = 1, color: str | None = None, size: float = 12,
             bold: bool = False) -> Any:
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))
    return box


# -- alt text ------------------------------------------------------------------------------
def test_a_picture_needs_alt_text_that_is_not_a_file_name(tmp_path: Path) -> None:
    prs = _deck()
    pic = prs.slides[0].shapes.add_picture(_png(), Inches(1), Inches(2))
    findings = _check(prs, tmp_path)  # python-pptx writes the file name, as PowerPoint does
    assert _found(findings, "alt-text") == [(1, "alt-text", "error", "Picture 2")]
    assert "file name: 'image.png'" in findings[0].message

    pic._element.xpath("./*/p:cNvPr")[0].set("descr", "")
    assert "no alt text" in _check(prs, tmp_path)[0].message

    pic._element.xpath("./*/p:cNvPr")[0].set("descr", "A red square")
    assert _check(prs, tmp_path) == []


def test_a_decorative_picture_needs_no_alt_text_but_must_not_carry_any(tmp_path: Path) -> None:
    prs = _deck()
    pic = prs.slides[0].shapes.add_picture(_png(), Inches(1), Inches(2))
    _decorate(pic)
    assert _found(_check(prs, tmp_path)) == [(1, "decorative", "warning", "Picture 2")]

    pic._element.xpath("./*/p:cNvPr")[0].attrib.pop("descr")
    assert _check(prs, tmp_path) == []


def test_a_decorative_flag_set_to_false_is_not_decorative(tmp_path: Path) -> None:
    prs = _deck()
    bar = prs.slides[0].shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(1), Inches(1))
    _decorate(bar, val="0")
    assert _found(_check(prs, tmp_path)) == [(1, "alt-text", "error", "Rectangle 2")]


@pytest.mark.parametrize("kind", ["shape", "line"])
def test_shapes_without_text_need_alt_text_or_the_decorative_flag(tmp_path: Path,
                                                                   kind: str) -> None:
    prs = _deck()
    shapes = prs.slides[0].shapes
    shape = (shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(2), Inches(3), Inches(1))
             if kind == "shape" else shapes.add_connector(
                 MSO_CONNECTOR.STRAIGHT, Inches(1), Inches(2), Inches(4), Inches(2)))
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "alt-text", "error", shape.name)]
    assert findings[0].message == f"{kind} has no alt text and is not marked decorative"

    _decorate(shape)
    assert _check(prs, tmp_path) == []


def test_a_shape_with_text_is_read_by_its_text(tmp_path: Path) -> None:
    prs = _deck()
    card = prs.slides[0].shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(2),
                                          Inches(3), Inches(1))
    card.text_frame.text = "910 EFLOPS"
    card.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
    card.fill.solid()
    card.fill.fore_color.rgb = RGBColor(0x1F, 0x29, 0x37)
    assert _check(prs, tmp_path) == []

    _decorate(card)  # its text would vanish for screen readers
    assert _found(_check(prs, tmp_path)) == [(1, "decorative", "warning", "Rectangle 2")]


def test_a_chart_frame_needs_alt_text(tmp_path: Path) -> None:
    prs = _deck()
    data = CategoryChartData()
    data.categories = ["2015", "2023"]
    data.add_series("Devices", (6, 223))
    frame = prs.slides[0].shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1),
                                           Inches(2), Inches(6), Inches(4), data)
    assert _found(_check(prs, tmp_path)) == [(1, "alt-text", "error", "Chart 2")]

    frame._element.xpath("./*/p:cNvPr")[0].set("descr", "Bar chart of devices: 2015: 6")
    assert _check(prs, tmp_path) == []


def test_a_group_needs_alt_text_unless_decorative(tmp_path: Path) -> None:
    prs = _deck()
    group = prs.slides[0].shapes.add_group_shape()
    group.shapes.add_shape(MSO_SHAPE.OVAL, Inches(1), Inches(2), Inches(1), Inches(1))
    group.shapes.add_picture(_png(), Inches(3), Inches(2))
    assert _found(_check(prs, tmp_path)) == [(1, "alt-text", "error", "Group 2"),
                                             (1, "alt-text", "error", "Oval 3"),
                                             (1, "alt-text", "error", "Picture 4")]
    _decorate(group)  # its members go with it
    assert _check(prs, tmp_path) == []


def test_a_decorative_flag_where_powerpoint_does_not_look_is_an_error(tmp_path: Path) -> None:
    prs = _deck()
    bar = prs.slides[0].shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(1), Inches(1))
    bar._element.xpath("./p:nvSpPr/p:nvPr")[0].append(_decorative_xml())
    assert _found(_check(prs, tmp_path)) == [(1, "alt-text", "error", "Rectangle 2"),
                                             (1, "decorative", "error", "Rectangle 2")]


def test_hidden_shapes_are_skipped(tmp_path: Path) -> None:
    prs = _deck()
    pic = prs.slides[0].shapes.add_picture(_png(), Inches(1), Inches(2))
    pic._element.xpath("./*/p:cNvPr")[0].set("hidden", "1")
    assert _check(prs, tmp_path) == []


# -- titles --------------------------------------------------------------------------------
def test_every_slide_needs_a_title_with_text(tmp_path: Path) -> None:
    prs = _deck(1)
    prs.slides.add_slide(prs.slide_layouts[BLANK])  # no title placeholder
    prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY]).shapes.title.text = "  "
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(2, "title-missing", "error", ""),
                                (3, "title-missing", "error", "")]
    assert findings[0].message == "slide has no title placeholder with text"

    prs.slides[2].shapes.title.text = "Third"
    assert _found(_check(prs, tmp_path)) == [(2, "title-missing", "error", "")]


def test_duplicate_titles_are_found_on_the_later_slide(tmp_path: Path) -> None:
    prs = _deck(3)
    prs.slides[0].shapes.title.text = "AI 走进医疗"
    prs.slides[2].shapes.title.text = " AI  走进医疗 "
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(3, "title-duplicate", "warning", "")]
    assert findings[0].message == "same title as slide 1: 'AI 走进医疗'"

    prs.slides[2].shapes.title.text = "AI 走进医疗（续 2）"
    assert _check(prs, tmp_path) == []


# -- reading order -------------------------------------------------------------------------
def _move_to_end(shape: Any) -> None:
    tree = shape._element.getparent()
    tree.remove(shape._element)
    tree.append(shape._element)


def test_the_title_is_read_first(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    _textbox(slide, "Body", 1, 2)
    _move_to_end(slide.shapes.title)
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "reading-order", "warning", "Title 1")]
    assert findings[0].message == "the title is read after 'TextBox 2'"

    _move_to_end(slide.shapes[0])
    assert _check(prs, tmp_path) == []


def test_footers_are_read_last(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    footer = next(p for p in slide.slide_layout.placeholders
                  if p.placeholder_format.type is not None and p.name.startswith("Footer"))
    slide.shapes.clone_placeholder(footer)
    slide.placeholders[footer.placeholder_format.idx].text = "Course 2025"
    _textbox(slide, "Body", 1, 2)
    findings = [f for f in _check(prs, tmp_path) if f.rule == "reading-order"]
    assert _found(findings) == [(1, "reading-order", "warning", "Footer Placeholder 2")]
    assert findings[0].message == ("ftr is read before 'TextBox 3'; footers, dates and "
                                   "slide numbers go last")

    _move_to_end(slide.placeholders[footer.placeholder_format.idx])
    assert _found(_check(prs, tmp_path), "reading-order") == []


def test_the_office_themes_grey_footer_is_below_four_and_a_half(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    footer = next(p for p in slide.slide_layout.placeholders if p.name.startswith("Footer"))
    slide.shapes.clone_placeholder(footer)
    slide.placeholders[footer.placeholder_format.idx].text = "Course 2025"
    findings = _check(prs, tmp_path)  # tx1 with a 75% tint (#898989: 1.05 / 0.30), 12 pt
    assert [f.message for f in findings] == [
        "text #898989 on #FFFFFF is 3.50:1, below 4.5:1 for 12 pt ('Course 2025')"]


@pytest.mark.parametrize(("first", "second", "why"), [
    ((1, 4), (1, 2), "above"),  # a column read bottom-up
    ((7, 2), (1, 2), "left of"),  # a row read right to left
])
def test_content_is_read_top_to_bottom_then_left_to_right(
        tmp_path: Path, first: tuple[float, float], second: tuple[float, float],
        why: str) -> None:
    prs = _deck()
    slide = prs.slides[0]
    _textbox(slide, "Read first", *first)
    _textbox(slide, "Read second", *second)
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "reading-order", "warning", "TextBox 3")]
    assert findings[0].message == f"read after 'TextBox 2' but is {why} it"

    _move_to_end(slide.shapes[1])
    assert _check(prs, tmp_path) == []


def test_columns_read_one_after_the_other_are_in_order(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    for left in (1, 7):
        _textbox(slide, "Heading", left, 1.5, width=5, height=0.8)
        _textbox(slide, "Body", left, 2.5, width=5, height=3)
    _textbox(slide, "Caption under both", 1, 6, width=11, height=0.5)
    assert _check(prs, tmp_path) == []


def test_decorative_shapes_do_not_count_for_reading_order(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(13), Inches(0.2))
    _decorate(bar)
    tree = bar._element.getparent()
    tree.remove(bar._element)
    tree.insert(2, bar._element)  # painted first, under the title
    assert _check(prs, tmp_path) == []


# -- tables --------------------------------------------------------------------------------
def _table(prs: Any) -> Any:
    table = prs.slides[0].shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6),
                                           Inches(2)).table
    for r in range(3):
        for c in range(2):
            table.cell(r, c).text = f"r{r}c{c}"
    return table


def test_a_table_needs_a_header_row(tmp_path: Path) -> None:
    prs = _deck()
    table = _table(prs)
    assert _check(prs, tmp_path) == []  # a table needs no alt text of its own

    table.first_row = False
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "table-header", "error", "Table 2")]


def test_a_table_must_not_merge_cells(tmp_path: Path) -> None:
    prs = _deck()
    table = _table(prs)
    table.cell(1, 0).merge(table.cell(2, 1))
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "merged-cells", "warning", "Table 2")]
    assert findings[0].message == "table has 4 merged cells"


# -- contrast ------------------------------------------------------------------------------
def test_gold_text_on_white_is_too_faint_and_its_darker_shade_is_not(tmp_path: Path) -> None:
    prs = _deck()
    box = _textbox(prs.slides[0], "+40%/年", 1, 2, color="#D4A017")
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "contrast", "warning", "TextBox 2")]
    assert findings[0].message == ("text #D4A017 on #FFFFFF is 2.38:1, below 4.5:1 for "
                                   "12 pt ('+40%/年')")

    darker = a11ycheck.colors.readable("#D4A017", "#FFFFFF")
    box.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(darker[1:])
    assert _check(prs, tmp_path) == []


@pytest.mark.parametrize(("size", "bold", "flagged"), [
    (24, False, False), (18, False, False), (14, True, False), (14, False, True),
    (12, True, True)])
def test_large_text_needs_three_to_one(tmp_path: Path, size: float, bold: bool,
                                       flagged: bool) -> None:
    prs = _deck()
    _textbox(prs.slides[0], "Grey", 1, 2, color="#949494", size=size, bold=bold)  # 3.03:1
    assert bool(_check(prs, tmp_path)) is flagged


def _card(slide: Any, color: str) -> Any:
    """A decorative filled rectangle at (1, 2) in, 4 × 2 in."""
    card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(2), Inches(4),
                                  Inches(2))
    card.fill.solid()
    card.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#"))
    _decorate(card)
    return card


def test_text_is_checked_against_the_filled_shape_under_it(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    _card(slide, "#1F2937")
    _textbox(slide, "White on the card", 1.5, 2.5, width=3, color="#FFFFFF")
    _textbox(slide, "White on the slide", 6, 2.5, width=3, color="#FFFFFF")
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "contrast", "warning", "TextBox 4")]
    assert findings[0].message.startswith("text #FFFFFF on #FFFFFF is 1.00:1")


def test_a_translucent_fill_is_blended_with_what_is_under_it(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    veil = _card(slide, "#000000")
    veil._element.xpath(".//p:spPr/a:solidFill/a:srgbClr")[0].append(
        parse_xml(f'<a:alpha xmlns:a="{a11ycheck.A}" val="50000"/>'))
    _textbox(slide, "White on half black", 1.5, 2.5, width=3, color="#FFFFFF")
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "contrast", "warning", "TextBox 3")]
    assert findings[0].message.startswith("text #FFFFFF on #808080 is 3.95:1")


def _gradient(shape: Any, inner: str) -> None:
    """Replace a shape's fill with a DrawingML gradient (gsLst and direction XML)."""
    sp_pr = shape._element.spPr
    for old in sp_pr.xpath("a:solidFill"):
        sp_pr.remove(old)
    sp_pr.insert(2, parse_xml(f'<a:gradFill xmlns:a="{a11ycheck.A}">{inner}</a:gradFill>'))


def test_a_linear_gradient_counts_only_where_the_text_is(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    card = _card(slide, "#000000")  # 1..5 in across, 2..4 in down
    _gradient(card, '<a:gsLst><a:gs pos="0"><a:srgbClr val="000000"/></a:gs>'
                    '<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs></a:gsLst>'
                    '<a:lin ang="0"/>')  # black at the left, white at the right
    _textbox(slide, "White on the dark end", 1.1, 2.5, width=0.8, color="#FFFFFF")
    _textbox(slide, "White on the light end", 4.1, 2.5, width=0.8, color="#FFFFFF")
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "contrast", "warning", "TextBox 4")]
    assert findings[0].message.startswith("text #FFFFFF on #F9F9F9 is 1.05:1")  # its light end


def test_a_path_gradients_opacity_counts_where_the_text_is(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    _card(slide, "#000000")
    glow = _card(slide, "#FFFFFF")
    _gradient(glow, '<a:gsLst><a:gs pos="0"><a:srgbClr val="FFFFFF"><a:alpha val="90000"/>'
                    '</a:srgbClr></a:gs><a:gs pos="100000"><a:srgbClr val="FFFFFF">'
                    '<a:alpha val="10000"/></a:srgbClr></a:gs></a:gsLst>'
                    '<a:path path="circle"><a:fillToRect l="50000" t="50000" r="50000" '
                    'b="50000"/></a:path>')
    _textbox(slide, "Black in the glow", 2.8, 2.9, width=0.4, height=0.2, color="#000000")
    _textbox(slide, "White at the dark corner", 1.0, 2.0, width=0.3, height=0.2,
             color="#FFFFFF")
    assert _found(_check(prs, tmp_path)) == []


def test_inherited_colours_follow_the_theme_and_the_slide_background(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    box = _textbox(slide, "Theme text", 1, 2)  # no colour of its own: tx1, black
    assert _check(prs, tmp_path) == []

    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = RGBColor(0x1F, 0x29, 0x37)
    found = _found(_check(prs, tmp_path), "contrast")
    assert ("TextBox 2" in [f[3] for f in found]) and ("Title 1" in [f[3] for f in found])

    slide.background.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    font = box.text_frame.paragraphs[0].runs[0].font
    font.color.theme_color = MSO_THEME_COLOR.TEXT_1
    font.color.brightness = 0.5  # lumMod 50%, lumOff 50%: black becomes #808080
    findings = _check(prs, tmp_path)
    assert findings[0].message.startswith("text #808080 on #FFFFFF is 3.95:1")


def test_a_shapes_own_style_gives_its_text_colour_and_fill(tmp_path: Path) -> None:
    prs = _deck()
    shape = prs.slides[0].shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(2),
                                           Inches(3), Inches(1))
    shape.text_frame.text = "Styled"
    shape.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    # python-pptx shapes: fillRef idx 3 (the theme's accent1 gradient), fontRef lt1 (white)
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "contrast", "warning", "Rectangle 2")]
    assert findings[0].message.startswith("text #FFFFFF on #")


def test_text_over_a_picture_is_unknown_not_guessed(tmp_path: Path) -> None:
    prs = _deck()
    slide = prs.slides[0]
    pic = slide.shapes.add_picture(_png("black"), Inches(1), Inches(2), Inches(4), Inches(2))
    pic._element.xpath("./*/p:cNvPr")[0].set("descr", "A black field")
    _textbox(slide, "Over the picture", 1.5, 2.5, width=3, color="#FFFFFF")
    findings = _check(prs, tmp_path)
    assert _found(findings) == [(1, "contrast", "info", "TextBox 3")]
    assert findings[0].message == "contrast unknown: the text is over a picture"


# -- the command ---------------------------------------------------------------------------
def test_main_prints_findings_and_fails_on_them(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    prs = _deck()
    prs.slides[0].shapes.add_picture(_png(), Inches(1), Inches(2))
    bad = tmp_path / "bad.pptx"
    prs.save(str(bad))
    good = tmp_path / "good.pptx"
    _deck().save(str(good))
    assert a11ycheck.main([str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "bad.pptx: slide 1 'Picture 2': error [alt-text] picture's alt text is a file name: "
        "'image.png'",
        "bad.pptx: 1 errors, 0 warnings, 0 unknown; error alt-text 1"]
    assert a11ycheck.main([str(good)]) == 0


def test_the_sample_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Runs the checker on the sample talk and prints what it finds (the counts are the
    builder's to bring to zero, so they are reported, not asserted)."""
    from deckgen.pipeline import build

    report = build(REPO / "outline.yaml", tmp_path / "sample.pptx")
    findings = a11ycheck.check(tmp_path / "sample.pptx")
    assert {f.rule for f in findings} <= set(a11ycheck.RULES)
    assert {f.severity for f in findings} <= set(a11ycheck.SEVERITIES)
    assert all(1 <= f.slide <= len(report.plan.slides) for f in findings)
    with capsys.disabled():
        print(f"\nsample deck: {a11ycheck.counts(findings)}")


def test_finding_reads_as_one_line() -> None:
    f = Finding(3, "alt-text", "error", "Chart 1", "graphic frame has no alt text")
    assert str(f) == "slide 3 'Chart 1': error [alt-text] graphic frame has no alt text"
    assert str(Finding(2, "title-missing", "error", "", "no title")) == \
        "slide 2: error [title-missing] no title"

