"""Accessible decks (issue 16): built decks reopened and judged by tests/a11ycheck.py (the
file-readable rules of PowerPoint's Accessibility Checker), and the same rules run on the
positioned plan by deckgen.a11y, on the default theme, the committed templates,
python-pptx's own template and an outline with every kind of slide."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor

import a11ycheck
from deckgen import a11y, charts, colors, pipeline
from deckgen.cli import cli
from deckgen.deckplan import ChartFrame, Picture, TextBox
from deckgen.layout import ink
from helpers import TEMPLATES, sample_outline

REPO = Path(__file__).resolve().parents[1]
NS = {"a": a11ycheck.A, "p": a11ycheck.P}

EVERY_KIND = """\
deck:
  title: {title}
  subtitle: {subtitle}
  authors: [{author}]
  language: {language}
{theme}chapters:
  - title: {chapter}
    presenter: {author}
    slides:
      - title: {bullets}
        bullets: [{one}, {{text: {two}, sub: [{three}]}}]
        notes: n
      - title: Bar
        chart: {{type: bar, labels: [A, B], series: {{{measure}: [6, 223]}}, unit: {unit},
                source: {source}}}
        notes: n
      - title: Barh
        chart: {{type: barh, labels: [A, B], series: {{{measure}: [1.5, 2]}}, native: true}}
        notes: n
      - title: Line
        chart: {{type: line, labels: ["2021", "2022", "2023"], series: {{{measure}: [1, 3, 2]}}}}
        notes: n
      - title: Pie
        chart: {{type: pie, labels: [A, B], series: {{{measure}: [30, 10]}}, native: true}}
        notes: n
      - title: Donut
        chart: {{type: donut, labels: [A, B, C], series: {{{measure}: [32, 26, 42]}},
                unit: "%"}}
        notes: n
      - title: Stacked
        chart: {{type: stacked-bar, labels: [A, B], series: {{X: [1, 2], Y: [3, 4]}}}}
        notes: n
      - title: Grouped
        chart: {{type: grouped-bar, labels: [A, B], series: {{X: [1, 2], Y: [3, 4]}},
                native: true}}
        notes: n
      - title: Own words
        chart: {{type: bar, labels: [A, B], series: {{S: [1, 2]}}, alt: {own_alt}}}
        notes: n
      - title: Quote
        quote: {{text: {quote}, by: {author}}}
        notes: n
      - title: Table
        table: {{header: [{h1}, {h2}], rows: [[a, "1"], [b, "2"]]}}
        notes: n
      - title: Picture
        image: {{path: pic.png, alt: {pic_alt}}}
        notes: n
      - title: Captioned
        image: {{path: pic.png, caption: {caption}}}
        notes: n
      - title: Columns
        columns:
          - {{heading: {h1}, bullets: [{one}, {two}]}}
          - {{heading: {h2}, bullets: [{three}]}}
          - {{heading: C, bullets: [{one}]}}
        notes: n
      - title: Stats
        stats: [{{value: "32%", label: {h1}}}, {{value: "×3", label: {h2}}},
                {{value: "9.69 亿", label: C}}, {{value: "+40%", label: D}}]
        notes: n
"""
ZH = {
    "title": "中美人工智能", "subtitle": "副标题", "author": "汇报人甲", "language": "zh-CN",
    "chapter": "第一章", "bullets": "要点", "one": "第一点", "two": "第二点",
    "three": "子要点", "measure": "数量", "unit": "项", "source": "某报告",
    "own_alt": "作者自己写的说明", "quote": "一句话", "h1": "维度", "h2": "数值",
    "pic_alt": "一张灰色的示意图", "caption": "图片说明"}
EN = {"title": "AI race", "subtitle": "Subtitle", "author": "Ann", "language": "en-US",
      "chapter": "Chapter one", "bullets": "Points", "one": "First", "two": "Second",
      "three": "Sub point", "measure": "Devices", "unit": "items", "source": "Some report",
      "own_alt": "The author's own words", "quote": "A sentence", "h1": "Aspect",
      "h2": "Value", "pic_alt": "A grey sketch", "caption": "A caption"}

# What each chart's picture or graphic frame says to a screen reader, per language.
CHART_ALT = {
    "zh-CN": {
        "Bar": "柱状图：数量（项）：A 6，B 223。来源：某报告。",
        "Barh": "条形图：数量：A 1.5，B 2.0。",
        "Line": "折线图：数量：2021 1，2022 3，2023 2。",
        "Pie": "饼图：数量：A 75%，B 25%。",
        "Donut": "环形图：数量：A 32%，B 26%，C 42%。",
        "Stacked": "堆积柱状图：Stacked。X：A 1，B 2；Y：A 3，B 4。",
        "Grouped": "簇状柱状图：Grouped。X：A 1，B 2；Y：A 3，B 4。",
        "Own words": "作者自己写的说明",
    },
    "en-US": {
        "Bar": "Bar chart of Devices (items): A: 6, B: 223. Source: Some report.",
        "Barh": "Horizontal bar chart of Devices: A: 1.5, B: 2.0.",
        "Line": "Line chart of Devices: 2021: 1, 2022: 3, 2023: 2.",
        "Pie": "Pie chart of Devices: A: 75%, B: 25%.",
        "Donut": "Donut chart of Devices: A: 32%, B: 26%, C: 42%.",
        "Stacked": "Stacked bar chart of Stacked. X: A: 1, B: 2. Y: A: 3, B: 4.",
        "Grouped": "Grouped bar chart of Grouped. X: A: 1, B: 2. Y: A: 3, B: 4.",
        "Own words": "The author's own words",
    },
}


def _python_pptx_default(path: Path) -> Path:
    Presentation().save(str(path))
    return path


def _without_titles(path: Path) -> Path:
    """python-pptx's template with every layout's title placeholder removed: slides must
    still get a title placeholder."""
    prs = Presentation()
    for layout in prs.slide_layouts:
        for sp in list(layout.placeholders):
            if sp.placeholder_format.type in (1, 3):  # title, centre title
                sp._element.getparent().remove(sp._element)
    prs.save(str(path))
    return path


def _dark(path: Path) -> Path:
    """python-pptx's template on a dark navy master background (its text stays black)."""
    prs = Presentation()
    fill = prs.slide_master.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0x1F, 0x2A, 0x44)
    prs.save(str(path))
    return path


MAKERS: dict[str, Callable[[Path], Path]] = {
    "python-pptx.pptx": _python_pptx_default, "no-titles.pptx": _without_titles,
    "dark.pptx": _dark}


def _template(tmp_path: Path, name: str | None) -> str:
    if name is None:
        return ""
    if name in MAKERS:
        MAKERS[name](tmp_path / name)
    else:
        shutil.copy(TEMPLATES / name, tmp_path / name)
    return f"  theme:\n    template: {name}\n"


def _every_kind(tmp_path: Path, words: dict[str, str], template: str | None = None,
                extra: str = "") -> Path:
    Image.new("RGB", (400, 300), "#888888").save(tmp_path / "pic.png")
    theme = _template(tmp_path, template)
    if extra:
        theme = (theme or "  theme:\n") + extra
    path = tmp_path / "outline.yaml"
    path.write_text(EVERY_KIND.format(theme=theme, **words), encoding="utf-8")
    return path


def _sample(tmp_path: Path, template: str | None) -> Path:
    _template(tmp_path, template)  # made here, or copied from tests/templates
    return sample_outline(tmp_path, template)


def _judge(report: pipeline.Report) -> tuple[list[a11ycheck.Finding], list[a11y.Finding]]:
    assert report.output is not None
    return a11ycheck.check(report.output), list(report.accessibility)


def _bad(findings: list) -> list[str]:
    return [str(f) for f in findings if f.severity != "info"]


DECKS = [("sample", None), ("sample", "lo-beehive.pptx"), ("sample", "lo-midnightblue.pptx"),
         ("sample", "python-pptx.pptx"), ("every", None), ("every", "lo-midnightblue.pptx"),
         ("every", "lo-beehive.pptx"), ("every", "python-pptx.pptx"),
         ("every", "no-titles.pptx"), ("every", "dark.pptx")]


@pytest.mark.parametrize(("outline", "template"), DECKS)
def test_built_decks_have_no_accessibility_findings(tmp_path: Path, outline: str,
                                                    template: str | None) -> None:
    path = _sample(tmp_path, template) if outline == "sample" else _every_kind(
        tmp_path, ZH, template)
    report = pipeline.build(path, tmp_path / "out" / "deck.pptx")
    built, planned = _judge(report)
    assert _bad(built) == []
    assert _bad(planned) == []
    # what cannot be judged is only ever text over a picture, and is counted
    unknown = [f for f in built if f.severity == "info"]
    assert all("picture" in f.message for f in unknown), unknown
    assert len(unknown) <= 2
    assert not [w for w in report.warnings if "alt text" in w or ":1;" in w]


def test_every_slide_has_its_title_in_a_title_placeholder(tmp_path: Path) -> None:
    report = pipeline.build(_every_kind(tmp_path, ZH, "no-titles.pptx"),
                            tmp_path / "out" / "deck.pptx")
    assert report.output is not None
    prs = Presentation(str(report.output))
    titles = [a11ycheck.slide_title(s) for s in prs.slides]
    assert titles == [s.title for s in report.plan.slides]
    assert len(set(titles)) == len(titles)
    for slide in prs.slides:
        first = slide.shapes[0]
        assert first.is_placeholder and first.placeholder_format.type == 1  # title


def test_continuation_titles_are_unique(tmp_path: Path) -> None:
    bullets = ", ".join(f"第 {i} 条要点，写得比较长，需要占满一整行的位置" for i in range(40))
    path = tmp_path / "outline.yaml"
    path.write_text(textwrap.dedent(f"""\
        deck: {{title: 长列表}}
        chapters:
          - title: 章
            slides:
              - {{title: 很多要点, bullets: [{bullets}], notes: n}}
        """), encoding="utf-8")
    report = pipeline.build(path, tmp_path / "out" / "deck.pptx")
    titles = [s.title for s in report.plan.slides if s.title.startswith("很多要点")]
    assert titles[:3] == ["很多要点", "很多要点（续）", "很多要点（续 2）"]
    built, planned = _judge(report)
    assert not [f for f in built if f.rule.startswith("title")]
    assert not [f for f in planned if f.rule.startswith("title")]


@pytest.mark.parametrize("words", [ZH, EN], ids=["zh", "en"])
def test_chart_alt_text_on_built_decks(tmp_path: Path, words: dict[str, str]) -> None:
    report = pipeline.build(_every_kind(tmp_path, words), tmp_path / "out" / "deck.pptx")
    assert report.output is not None
    prs = Presentation(str(report.output))
    got = {}
    for slide, planned in zip(prs.slides, report.plan.slides):
        for shape in slide.shapes:
            if shape.name.startswith("Chart ") or shape.name.startswith("Picture "):
                got[planned.title] = a11ycheck.alt_text(shape._element)
    want = {**CHART_ALT[words["language"]], "Picture": words["pic_alt"],
            "Captioned": words["caption"]}
    assert got == want
    assert not [v for v in got.values() if re.search(r"\.png\b", v)]


def test_an_image_without_alt_or_caption_is_warned_about(tmp_path: Path) -> None:
    path = _every_kind(tmp_path, ZH)
    text = path.read_text(encoding="utf-8").replace(
        "image: {path: pic.png, caption: 图片说明}", "image: pic.png")
    path.write_text(text, encoding="utf-8")
    report = pipeline.check(path)
    assert "chapters[0].slides[12]: image 'pic.png' has no alt text; add alt: what the " \
        "picture shows, for screen readers (or a caption)" in report.warnings
    assert [(f.rule, f.severity, f.shape) for f in a11y.problems(report.accessibility)] == [
        ("alt-text", "error", "Picture pic.png")]


LOW = '    palette: ["#FFD84D", "#1F4E79"]\n'


def test_a_palette_too_faint_for_text_is_darkened_and_warned_about(tmp_path: Path) -> None:
    report = pipeline.build(_every_kind(tmp_path, ZH, extra=LOW), tmp_path / "out" / "d.pptx")
    stats = next(s for s in report.plan.slides if s.title == "Stats")
    value = next(s for s in stats.shapes if s.name == "Stat value 1")
    assert isinstance(value, TextBox)
    new = value.paragraphs[0].color
    assert colors.contrast(new, "#F3F4F6") >= 3.1 > colors.contrast("#FFD84D", "#F3F4F6")
    n = stats.number  # a little over 3:1, so that any viewer's mixing still reads
    assert new == "#A68800"
    assert (f"slide {n} 'Stats': stat value '32%' #FFD84D on #F3F4F6 is 1.3:1; darkened to "
            "#A68800 (3.1:1)") in report.warnings
    # the same yellow as a heading's fill stays, with dark text on it
    cols = next(s for s in report.plan.slides if s.title == "Columns")
    head = next(s for s in cols.shapes if s.name == "Column heading 1")
    assert isinstance(head, TextBox) and head.fill == "#FFD84D"
    assert head.paragraphs[0].color == "#1F2937"
    # the deck has the darkened colour in the value's run properties
    assert report.output is not None
    prs = Presentation(str(report.output))
    shape = next(s for s in prs.slides[n - 1].shapes if s.name == "Stat value 1")
    vals = shape._element.xpath(".//a:r/a:rPr/a:solidFill/a:srgbClr/@val")
    assert vals == [new.lstrip("#")]
    assert _bad(a11ycheck.check(report.output)) == []


def test_the_sample_darkens_its_gold_stat_values_in_the_pptx(tmp_path: Path) -> None:
    report = pipeline.build(_sample(tmp_path, None), tmp_path / "out" / "deck.pptx")
    assert report.output is not None
    slide = next(s for s in report.plan.slides if s.kind == "stats")
    gold = next(s for s in slide.shapes if s.name == "Stat value 3")
    assert isinstance(gold, TextBox) and gold.background == "#F3F4F6"
    color = gold.paragraphs[0].color
    assert color != "#D4A017" and colors.contrast(color, "#F3F4F6") >= 3.0
    prs = Presentation(str(report.output))
    shape = next(s for s in prs.slides[slide.number - 1].shapes if s.name == gold.name)
    assert shape._element.xpath(".//a:rPr/a:solidFill/a:srgbClr/@val") == [color.lstrip("#")]
    # the default palette is deckgen's own: no warning for darkening it
    assert not [w for w in report.warnings if "darkened" in w]


def test_text_is_judged_against_what_is_behind_it(tmp_path: Path) -> None:
    plan = pipeline.check(_every_kind(tmp_path, ZH, "lo-midnightblue.pptx")).plan
    title = plan.slides[0].shapes[0]
    # the title slide's title sits on the layout's teal band, not on the white background
    assert isinstance(title, TextBox) and title.background == "#1ABC9C"
    assert colors.contrast(title.paragraphs[0].color, "#1ABC9C") >= 3.0
    assert "color" not in title.inherits  # the template's white failed: written explicitly
    footer = next(s for s in plan.slides[3].shapes if s.name == "Footer")
    assert isinstance(footer, TextBox) and footer.background == "#2C3E50"  # the footer bar


def test_charts_on_a_dark_slide_get_light_ink(tmp_path: Path) -> None:
    report = pipeline.build(_every_kind(tmp_path, ZH, "dark.pptx"),
                            tmp_path / "out" / "deck.pptx")
    frames = [f for f in report.plan.charts]
    assert {f.spec.background for f in frames} == {"#1F2A44"}
    pen = charts.ink(frames[0].spec)
    assert colors.contrast(pen.text, "#1F2A44") >= 4.5
    assert colors.contrast(pen.muted, "#1F2A44") >= 4.5
    # native charts: the value axis labels are written in the light ink
    assert report.output is not None
    prs = Presentation(str(report.output))
    slide = next(s for s, p in zip(prs.slides, report.plan.slides) if p.title == "Barh")
    chart = next(s for s in slide.shapes if s.has_chart).chart
    xml = etree.tostring(chart._chartSpace).decode()
    assert f'val="{pen.muted.lstrip("#")}"' in xml
    assert f'val="{charts.MUTED.lstrip("#")}"' not in xml


def test_chart_ink_is_unchanged_on_white() -> None:
    pen = charts.ink(replace(_spec(), background="#FFFFFF"))
    assert (pen.text, pen.muted, pen.tick, pen.axis, pen.grid) == (
        charts.INK, charts.MUTED, charts.TICK, charts.AXIS, charts.GRID)
    assert pen.on(["#D4A017"], 15, True) == charts.INK  # white on gold is 2.4:1
    assert pen.on(["#1F4E79"], 15, True) == "#FFFFFF"
    assert colors.contrast(pen.series("#D4A017", 14), "#FFFFFF") >= 4.5


def _spec() -> charts.ChartSpec:
    return charts.ChartSpec("c", "bar", ("A",), (("S", (1.0,)),), None, False, False,
                            ("#D4A017",), "zh-CN")


def test_shape_tree_is_in_reading_order(tmp_path: Path) -> None:
    report = pipeline.build(_every_kind(tmp_path, ZH), tmp_path / "out" / "deck.pptx")
    assert report.output is not None
    prs = Presentation(str(report.output))
    for slide, planned in zip(prs.slides, report.plan.slides):
        assert [s.name for s in slide.shapes] == [s.name for s in planned.shapes]
        read = [s for s in planned.shapes if not getattr(s, "decorative", False)]
        assert isinstance(read[0], TextBox) and read[0].role == "title"
        tail = [s for s in read if isinstance(s, TextBox) and s.role in ("footer",
                                                                         "slide-number")]
        assert read[len(read) - len(tail):] == tail
    assert not [f for f in report.accessibility if f.rule == "reading-order"]


def test_the_plan_rules_find_what_is_wrong(tmp_path: Path) -> None:
    # a copy: checking keeps pictures' sizes in a cache beside the outline
    plan = pipeline.check(sample_outline(tmp_path)).plan
    slide = next(s for s in plan.slides if s.kind == "chart")
    chart = next(s for s in slide.shapes if isinstance(s, ChartFrame))
    title = slide.shapes[0]
    assert isinstance(title, TextBox)
    bad = replace(slide, shapes=(
        *(replace(s, alt=None) if s is chart else s for s in slide.shapes[1:]),
        replace(title, paragraphs=(replace(title.paragraphs[0], color="#BBBBBB"),))))
    picture = Picture("Picture x.png", chart.box, Path("x.png"), alt="x.png")
    extra = replace(slide, number=99, shapes=(*slide.shapes, picture), notes="",
                    background="#FFFFFF")
    found = a11y.check(replace(plan, slides=(bad, extra)))
    n = slide.number
    assert [(f.slide, f.rule, f.severity, f.shape) for f in found] == [
        (n, "alt-text", "error", chart.name), (n, "contrast", "warning", "Title"),
        (n, "reading-order", "warning", "Title"), (n, "reading-order", "warning", "Footer"),
        (n, "reading-order", "warning", "Slide number"),
        (99, "title-duplicate", "warning", ""), (99, "alt-text", "error", "Picture x.png"),
        (99, "reading-order", "warning", "Footer"),
        (99, "reading-order", "warning", "Slide number"),
        (99, "reading-order", "warning", "Picture x.png")]
    assert found[1].message == ("text #BBBBBB on #FFFFFF is 1.92:1, below 3:1 for 32 pt "
                                "bold ('AI 走进医疗')")
    assert found[6].message == "picture's alt text is a file name: 'x.png'"
    assert found[-1].message == "read after 'Caption' but is above it"
    assert a11y.summary(found) == ("2 errors (alt-text 2); 8 warnings (contrast 1, "
                                   "reading-order 6, title-duplicate 1)")


def test_check_prints_the_summary_and_strict_fails_on_findings(tmp_path: Path) -> None:
    from click.testing import CliRunner

    path = _every_kind(tmp_path, ZH)
    runner = CliRunner()
    ok = runner.invoke(cli, ["check", str(path), "--strict"])
    assert ok.exit_code == 0, ok.output
    assert "Accessibility: no findings" in ok.output
    path.write_text(path.read_text(encoding="utf-8").replace(
        "image: {path: pic.png, caption: 图片说明}", "image: pic.png"), encoding="utf-8")
    loose = runner.invoke(cli, ["check", str(path)])
    assert loose.exit_code == 0
    assert "Accessibility: 1 error (alt-text 1)" in loose.output
    assert "picture has no alt text and is not marked decorative" in loose.output
    strict = runner.invoke(cli, ["check", str(path), "--strict"])
    assert strict.exit_code == 1
    assert "1 accessibility finding(s)" in strict.output


def test_text_color_policy() -> None:
    inks = ("#000000", "#FFFFFF")
    # a template colour that fails switches to the template's ink that reads
    assert ink.text_color("#FFFFFF", "#1ABC9C", 34, True, inks=inks, switch=True) == "#000000"
    # a palette colour is darkened, hue kept, just enough
    gold = ink.text_color("#D4A017", "#F3F4F6", 44, True, inks=inks, switch=False)
    assert 3.0 + ink.MARGIN <= colors.contrast(gold, "#F3F4F6") < 3.2
    # colours that read are kept
    assert ink.text_color("#1F2937", "#FFFFFF", 10, False, inks=inks, switch=True) == "#1F2937"


def _filled_title(path: Path) -> Path:
    """python-pptx's template whose content layouts give the title placeholder a dark
    fill of its own (its text stays black)."""
    prs = Presentation()
    for layout in prs.slide_layouts:
        for sp in layout.placeholders:
            if sp.placeholder_format.type == 1:  # title
                sp.fill.solid()
                sp.fill.fore_color.rgb = RGBColor(0x20, 0x20, 0x60)
    prs.save(str(path))
    return path


MAKERS["filled-title.pptx"] = _filled_title


def test_a_placeholders_own_fill_is_what_its_text_is_read_on(tmp_path: Path) -> None:
    report = pipeline.build(_every_kind(tmp_path, ZH, "filled-title.pptx"),
                            tmp_path / "out" / "deck.pptx")
    title = next(s for s in report.plan.slides if s.title == "Bar").shapes[0]
    assert isinstance(title, TextBox) and title.background == "#202060"
    assert title.paragraphs[0].color == "#FFFFFF"  # the template's lt1, not its black
    assert report.output is not None
    assert _bad(a11ycheck.check(report.output)) == []


def test_behind_takes_the_topmost_fill_under_the_centre() -> None:
    from deckgen.deckplan import Rectangle
    from deckgen.primitives import Rect
    from deckgen.template.info import Art, LayoutDesc

    desc = LayoutDesc("content", 0, 0, "x", (), "#FFFFFF", art=(
        Art("shape", Rect(0, 0, 100, 100), "#111111"),
        Art("picture", Rect(0, 0, 50, 50), "#777777"),
        Art("shape", Rect(0, 0, 100, 100), None)))
    box = Rect(10, 10, 20, 20)
    assert ink.behind(box, [], desc) == ink.Backdrop("#777777", True)
    assert ink.behind(Rect(60, 60, 10, 10), [], desc) == ink.Backdrop("#111111", False,
                                                                      ("#111111",))
    card = Rectangle("Card", Rect(0, 0, 40, 40), "#F3F4F6")
    assert ink.behind(box, [card], desc) == ink.Backdrop("#F3F4F6")
    assert ink.behind(Rect(200, 200, 5, 5), [card], desc).against == ("#FFFFFF",)
    with_picture = replace(desc, background_media="ppt/media/image1.png")
    assert ink.behind(Rect(200, 200, 5, 5), [], with_picture).picture


def test_gradients_count_where_the_text_is() -> None:
    from deckgen.primitives import Rect
    from deckgen.template.info import Paint

    slide = Rect(0, 0, 800, 400)
    down = Paint(("#000000", "#FFFFFF"), (0.0, 1.0), (1.0, 1.0), angle=90.0)
    assert down.span(slide, Rect(0, 0, 800, 40)) == (("#000000", 1.0), ("#1A1A1A", 1.0))
    assert down.span(slide, Rect(0, 360, 800, 40)) == (("#E5E5E5", 1.0), ("#FFFFFF", 1.0))
    across = Paint(("#000000", "#FF0000", "#FFFFFF"), (0.0, 0.5, 1.0), angle=0.0)
    assert [c for c, _ in across.span(slide, Rect(300, 0, 200, 400))] == [
        "#BF0000", "#FF0000", "#FF4040"]  # the middle stop and both ends
    glow = Paint(("#FFFFFF", "#FFFFFF"), (0.0, 1.0), (0.9, 0.2), path="circle",
                 focus=(0.5, 0.5, 0.5, 0.5))
    centre, corner = glow.span(slide, Rect(390, 190, 20, 20)), \
        glow.span(slide, Rect(0, 0, 20, 20))
    assert centre[0] == ("#FFFFFF", 0.9) and corner[-1] == ("#FFFFFF", 0.2)
    assert min(a for _, a in corner) < 0.3 < min(a for _, a in centre)
    # unknown direction: every stop
    assert Paint(("#000000", "#FFFFFF"), (0.0, 1.0)).span(slide, Rect(0, 0, 9, 9)) == (
        ("#000000", 1.0), ("#FFFFFF", 1.0))


def test_translucent_art_is_mixed_with_what_is_under_it() -> None:
    from deckgen.primitives import Rect
    from deckgen.template.info import Art, LayoutDesc, Paint

    veil = Paint(("#FFFFFF",), (0.0,), (0.5,))
    desc = LayoutDesc("content", 0, 0, "x", (), "#FFFFFF", art=(
        Art("shape", Rect(0, 0, 100, 100), "#000000"),
        Art("shape", Rect(0, 0, 100, 100), "#FFFFFF", paint=veil)))
    seen = ink.behind(Rect(10, 10, 20, 20), [], desc, slide=Rect(0, 0, 100, 100))
    assert seen.against == ("#808080",)
    # white on the veiled black fails for small text: a neutral ink switches to black
    assert ink.text_color("#FFFFFF", seen.against, 10, False, inks=("#000000", "#FFFFFF"),
                          switch=True) == "#000000"


def test_text_no_colour_reads_on_gets_a_translucent_backing() -> None:
    from deckgen.deckplan import Paragraph, TextBox
    from deckgen.primitives import Fonts, Rect
    from deckgen.template.info import LayoutDesc, Paint

    fade = Paint(("#101040", "#F0F0FF"), (0.0, 1.0), (1.0, 1.0), angle=90.0)
    desc = LayoutDesc("content", 0, 0, "x", (), "#808080", background_paint=fade)
    text = TextBox("Body", "body", Rect(0, 0, 100, 100),
                   (Paragraph("point", 18.0, (), "#000000"),), Fonts("Arial", "Arial"))
    inker = ink.Inker(desc, ("#000000", "#FFFFFF"), Rect(0, 0, 100, 100))
    out, _ = inker.textbox(text, [])
    assert out.fill == "#F0F0FF" and out.fill_opacity in ink.BACKING_OPACITY
    on = [colors.blend(out.fill, u, out.fill_opacity) for u in ("#101040", "#F0F0FF")]
    assert colors.least_contrast(out.paragraphs[0].color, on) >= 4.5


def test_text_over_part_of_a_picture_reads_on_that_part() -> None:
    from deckgen.primitives import Rect
    from deckgen.template.info import GRID, Art, LayoutDesc, grid_cells

    cols, rows = GRID
    # a picture dark on its left half, white on its right
    grid = tuple("#101010" if c < cols // 2 else "#FFFFFF" for r in range(rows)
                 for c in range(cols))
    picture = Rect(0, 0, 160, 90)
    assert grid_cells(grid, picture, Rect(0, 0, 40, 20)) == ("#101010",)
    assert grid_cells(grid, picture, Rect(120, 50, 30, 20)) == ("#FFFFFF",)
    assert grid_cells(grid, picture, Rect(60, 0, 40, 10)) == ("#101010", "#FFFFFF")
    assert grid_cells(grid, picture, Rect(500, 500, 5, 5)) == ()
    desc = LayoutDesc("content", 0, 0, "x", (), "#888888", art=(
        Art("picture", picture, "#888888", grid=grid),))
    left = ink.behind(Rect(5, 5, 40, 20), [], desc, slide=picture)
    assert left.picture and left.against == ("#101010",)
    assert ink.text_color("#000000", left.against, 12, False, inks=("#000000", "#FFFFFF"),
                          switch=True) == "#FFFFFF"


def test_a_master_with_two_title_placeholders_gets_written_colours() -> None:
    from deckgen.deckplan import Paragraph, TextBox
    from deckgen.primitives import Fonts, Rect
    from deckgen.template.info import LayoutDesc, PlaceholderInfo

    def title(ambiguous: bool) -> TextBox:
        ph = PlaceholderInfo("title", 0, Rect(0, 0, 100, 20), ambiguous=ambiguous)
        desc = LayoutDesc("content", 0, 0, "x", (ph,), "#FFFFFF")
        box = TextBox("Title", "title", Rect(0, 0, 100, 20),
                      (Paragraph("A title", 28.0, (), "#000000"),), Fonts("Arial", "Arial"),
                      placeholder="title", inherits=frozenset({"color"}))
        return ink.Inker(desc, ("#000000", "#FFFFFF")).textbox(box, [])[0]

    assert "color" in title(False).inherits  # the template's black reads: inherited
    assert "color" not in title(True).inherits  # which black? written out
