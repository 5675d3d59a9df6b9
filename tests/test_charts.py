"""Charts: every type from inline data and CSV, as pictures and native charts; CSV errors;
the cache; missing glyphs; strict OOXML of native charts."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from deckgen import charts, pipeline
from deckgen.errors import OutlineError
from deckgen.plan import DEFAULT_PALETTE, ChartSpec

DATA = Path(__file__).resolve().parent / "charts_data"
TYPES = ("bar", "barh", "line", "pie", "donut", "stacked-bar", "grouped-bar")
NATIVE_KIND = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "barh": XL_CHART_TYPE.BAR_CLUSTERED,
               "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE,
               "donut": XL_CHART_TYPE.DOUGHNUT, "stacked-bar": XL_CHART_TYPE.COLUMN_STACKED,
               "grouped-bar": XL_CHART_TYPE.COLUMN_CLUSTERED}
ONE_SERIES = ("pie", "donut")

# (labels, series) per type, inline; the CSV fixtures hold the same numbers.
INLINE = {
    "one": (["美国", "中国", "其他国家和地区"], {"占比": [32.0, 26.0, 42.0]}),
    "many": (["2019", "2020", "2021"], {"中国": [1234.0, 1456.0, 1890.0],
                                          "美国": [980.0, 1020.0, 1150.0]}),
}


def _chart_yaml(kind: str, *, csv: str | None = None, native: bool = False,
                unit: str = "%", extra: str = "") -> str:
    if csv:
        data = f"csv: {csv}"
    else:
        labels, series = INLINE["one" if kind in ONE_SERIES else "many"]
        lines = "\n".join(f"  {n}: {list(v)}" for n, v in series.items())
        data = f"labels: {labels}\nseries:\n{lines}"
    body = f"type: {kind}\n{data}\nunit: \"{unit}\"\nnative: {str(native).lower()}\n{extra}"
    return textwrap.indent(body, "          ").lstrip()


def _outline(*charts_yaml: str, aspect: str = "16:9", palette: str = "") -> str:
    slides = "".join(f"""
      - title: 图表{i + 1}
        chart:
          {c}
        notes: 讲稿。
""" for i, c in enumerate(charts_yaml))
    theme = f"\n  theme:\n    aspect: \"{aspect}\"" + (f"\n    palette: {palette}" if palette
                                                      else "")
    return f"""\
deck:
  title: 图表
  agenda: false
  closing: false{theme}
chapters:
  - title: 数据
    slides:{slides}"""


def _chart_slides(pptx: Path) -> list:
    prs = Presentation(str(pptx))
    return [s for s in prs.slides if any(sh.name.startswith("Chart ") for sh in s.shapes)]


def _chart_shape(slide):
    return next(sh for sh in slide.shapes if sh.name.startswith("Chart "))


def _copy_csv(tmp_path: Path, name: str) -> str:
    shutil.copy(DATA / name, tmp_path / name)
    return name


@pytest.fixture
def no_env_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DECKGEN_CACHE_DIR", raising=False)


# -- every type, inline and CSV, picture and native ----------------------------------------
@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("from_csv", [False, True], ids=["inline", "csv"])
def test_picture_chart_of_every_type(write_outline, tmp_path: Path, no_env_cache, kind: str,
                                     from_csv: bool):
    csv = None
    if from_csv:
        csv = _copy_csv(tmp_path, "share_percent.csv" if kind in ONE_SERIES
                        else "growth_bom.csv")
    outline = write_outline(_outline(_chart_yaml(kind, csv=csv)))
    report = pipeline.build(outline)
    assert report.charts_rendered == 1 and report.charts_cached == 0
    png = tmp_path / "output" / "charts" / "01-01-图表1.png"
    assert png.is_file()
    assert stat.S_IMODE(png.stat().st_mode) == 0o644
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (slide,) = _chart_slides(report.output)
    pic = _chart_shape(slide)
    assert pic.shape_type == 13  # MSO_SHAPE_TYPE.PICTURE
    assert pic.image.blob == png.read_bytes()
    # Drawn at its size on the slide, at DPI: the picture is not scaled up or down.
    from PIL import Image

    with Image.open(png) as im:
        assert abs(im.width - pic.width / 914400 * charts.DPI) <= 2
        assert abs(im.height - pic.height / 914400 * charts.DPI) <= 2
        assert im.width >= 200 * pic.width / 914400


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("from_csv", [False, True], ids=["inline", "csv"])
def test_native_chart_of_every_type(write_outline, tmp_path: Path, no_env_cache, kind: str,
                                    from_csv: bool, ooxml_validator):
    csv = None
    if from_csv:
        csv = _copy_csv(tmp_path, "share_percent.csv" if kind in ONE_SERIES
                        else "growth_bom.csv")
    outline = write_outline(_outline(_chart_yaml(kind, csv=csv, native=True)))
    report = pipeline.build(outline)
    assert report.charts_rendered == report.charts_cached == 0
    (slide,) = _chart_slides(report.output)
    chart = _chart_shape(slide).chart
    assert chart.chart_type == NATIVE_KIND[kind]
    labels, series = INLINE["one" if kind in ONE_SERIES else "many"]
    assert list(chart.plots[0].categories) == labels
    assert {s.name: list(s.values) for s in chart.series} == series
    assert chart.has_title is False
    space = chart._chartSpace
    # Chinese text of the chart gets the East Asian typeface, and the numbers the unit.
    eas = {el.get("typeface") for el in space.iter(qn("a:ea"))}
    assert eas == {"Microsoft YaHei"}
    fmt = space.find(".//" + qn("c:numCache")).find(qn("c:formatCode")).text
    assert fmt == '#,##0"%"'  # the workbook shows the values as the labels do
    # Positive axis ids only (python-pptx writes negative ones).
    ids = [int(el.get("val")) for el in space.iter(qn("c:axId"), qn("c:crossAx"))]
    assert all(i > 0 for i in ids)
    assert len(ids) == (0 if kind in ONE_SERIES else 6)  # plot, catAx, valAx
    # The embedded workbook makes it editable in PowerPoint.
    assert chart.part.chart_workbook.xlsx_part is not None
    assert ooxml_validator(report.output, strict=True).endswith(" 0 problems")


def test_native_colours_follow_the_palette_like_pictures(write_outline, no_env_cache):
    palette = '["#112233", "#445566"]'
    outline = write_outline(_outline(
        _chart_yaml("bar", native=True),  # two series: a colour per series
        "type: bar\n          labels: [甲, 乙, 丙]\n          series: {值: [1, 2, 3]}\n"
        "          native: true",  # one series: a colour per category, tinted past the end
        "type: pie\n          labels: [甲, 乙, 丙]\n          series: {值: [1, 2, 3]}\n"
        "          native: true",
        palette=palette))
    report = pipeline.build(outline)
    many, one, pie = (_chart_shape(s).chart for s in _chart_slides(report.output))

    def fills(el):
        return [c.get("val") for c in el.iter(qn("a:srgbClr"))
                if c.getparent().getparent().tag == qn("c:spPr")]

    assert [fills(s._element)[0] for s in many.series] == ["112233", "445566"]
    # past the palette's end: the first colour 30 % of the way to white, by hand
    # 0x11 + (0xFF - 0x11) * 0.3 = 88.4 → 0x58; 0x22 → 100.3 → 0x64; 0x33 → 112.2 → 0x70
    tint = "586470"
    assert fills(one.series[0]._element)[:3] == ["112233", "445566", tint]
    assert fills(pie.series[0]._element)[:3] == ["112233", "445566", tint]
    # the same chart as a picture paints its third bar in the same colour
    outline = write_outline(_outline(
        "type: bar\n          labels: [甲, 乙, 丙]\n          series: {值: [1, 2, 3]}",
        palette=palette), name="picture.yaml")
    report = pipeline.build(outline)
    (png,) = (report.chart_dir or Path()).glob("*.png")
    with Image.open(png) as im:
        painted = {f"{r:02X}{g:02X}{b:02X}" for _, (r, g, b) in im.convert("RGB").getcolors(
            1 << 20) or ()}
    assert {"112233", "445566", tint} <= painted


def test_native_details_match_the_pictures(write_outline, no_env_cache):
    outline = write_outline(_outline(
        "type: barh\n          labels: [甲, 乙]\n          series: {规模: [82, 5000]}\n"
        "          unit: 亿美元\n          log: true\n          native: true",
        "type: donut\n          labels: [甲, 乙]\n          series: {值: [1, 2]}\n"
        "          native: true",
        "type: line\n          labels: [a, b, c]\n          series: {x: [1, 2, 3], y: [2, 3, 4]}"
        "\n          native: true"))
    report = pipeline.build(outline)
    barh, donut, line = (_chart_shape(s).chart for s in _chart_slides(report.output))
    val_ax = barh._chartSpace.find(".//" + qn("c:valAx"))
    assert val_ax.find(f"{qn('c:scaling')}/{qn('c:logBase')}").get("val") == "10"
    assert float(val_ax.find(f"{qn('c:scaling')}/{qn('c:min')}").get("val")) == 10
    # First category on top as in the picture; value axis kept at the bottom.
    assert barh.category_axis.reverse_order is True
    assert val_ax.find(qn("c:crosses")).get("val") == "max"
    assert barh.value_axis.axis_title.text_frame.text == "单位：亿美元"
    # Doughnut labels must carry no position: PowerPoint repairs the file otherwise.
    dlbls = donut._chartSpace.find(".//" + qn("c:dLbls"))
    assert dlbls.find(qn("c:dLblPos")) is None
    assert dlbls.find(qn("c:showVal")).get("val") == "1"
    # Several lines: only each line's last point is labelled.
    for ser in line.series:
        (dlbl,) = ser._element.findall(f"{qn('c:dLbls')}/{qn('c:dLbl')}")
        assert dlbl.find(qn("c:idx")).get("val") == "2"


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_picture_is_sized_to_its_place_at_either_aspect(write_outline, tmp_path, no_env_cache,
                                                        aspect: str):
    outline = write_outline(_outline(_chart_yaml("grouped-bar", unit="亿元"), aspect=aspect))
    report = pipeline.build(outline)
    (slide,) = _chart_slides(report.output)
    pic = _chart_shape(slide)
    prs_w = Presentation(str(report.output)).slide_width
    assert pic.left >= 0 and pic.left + pic.width <= prs_w
    assert (pic.width / 914400) > (8.5 if aspect == "4:3" else 11.5)


# -- names ------------------------------------------------------------------------------------
def test_png_names_are_chapter_slide_and_title(write_outline, tmp_path, no_env_cache):
    text = _outline(_chart_yaml("bar"), _chart_yaml("pie"))
    text = text.replace("图表1", "AI 走进医疗").replace("图表2", "算力：差距正在缩小")
    report = pipeline.build(write_outline(text))
    names = sorted(p.name for p in (tmp_path / "output" / "charts").iterdir())
    assert names == ["01-01-AI-走进医疗.png", "01-02-算力-差距正在缩小.png"]
    assert report.chart_dir == tmp_path / "output" / "charts"


# -- CSV ----------------------------------------------------------------------------------------
def test_csv_with_bom_thousands_and_percent(write_outline, tmp_path, no_env_cache):
    _copy_csv(tmp_path, "growth_bom.csv")
    _copy_csv(tmp_path, "share_percent.csv")
    outline = write_outline(_outline(_chart_yaml("line", csv="growth_bom.csv", native=True),
                                     _chart_yaml("pie", csv="share_percent.csv", native=True)))
    line, pie = (_chart_shape(s).chart
                 for s in _chart_slides(pipeline.build(outline).output))
    assert list(line.plots[0].categories) == ["2019", "2020", "2021"]
    assert [s.name for s in line.series] == ["中国", "美国"]  # no BOM in the first heading
    assert list(line.series[0].values) == [1234, 1456, 1890]
    assert list(pie.series[0].values) == [32, 26, 42]


@pytest.mark.parametrize(("name", "message"), [
    ("not_a_number.csv", "not_a_number.csv:3:2: chapters[0].slides[0].chart.csv: column '占比': "
     "'abc' is not a number (write e.g. 1234, 1,234.5 or 32%)"),
    ("short_row.csv", "short_row.csv:3:1: chapters[0].slides[0].chart.csv: this row has 1 cell "
     "but the header has 2 cells"),
    ("labels_only.csv", "labels_only.csv:1:1: chapters[0].slides[0].chart.csv: a chart CSV "
     "needs a label column and at least one numeric column"),
    ("header_only.csv", "header_only.csv:1:1: chapters[0].slides[0].chart.csv: the CSV file "
     "has a header row but no data rows"),
])
def test_csv_errors_name_the_file_and_line(write_outline, tmp_path, monkeypatch, name: str,
                                          message: str):
    monkeypatch.chdir(tmp_path)  # file names in messages are relative to here
    _copy_csv(tmp_path, name)
    outline = write_outline(_outline(_chart_yaml("bar", csv=name)))
    with pytest.raises(OutlineError) as info:
        pipeline.check(outline)
    assert [str(p) for p in info.value.problems] == [message]
    assert not (tmp_path / "output").exists()


def test_csv_data_obeys_the_chart_rules(write_outline, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "neg.csv").write_text("地区,值\n甲,5\n乙,-1\n", encoding="utf-8")
    outline = write_outline(_outline(_chart_yaml("pie", csv="neg.csv")))
    with pytest.raises(OutlineError) as info:
        pipeline.check(outline)
    assert [str(p) for p in info.value.problems] == [
        "outline.yaml:13:16: chapters[0].slides[0].chart.csv: a pie chart needs positive "
        "values (data from the CSV file)"]


# -- cache --------------------------------------------------------------------------------------
def test_cache_hit_and_misses(write_outline, tmp_path, no_env_cache):
    _copy_csv(tmp_path, "growth_bom.csv")
    text = _outline(_chart_yaml("grouped-bar", csv="growth_bom.csv"),
                    _chart_yaml("pie", extra="caption: 说明"))
    outline = write_outline(text)
    first = pipeline.build(outline)
    assert (first.charts_rendered, first.charts_cached) == (2, 0)
    assert len(list((tmp_path / "output" / ".cache").glob("*.png"))) == 2
    again = pipeline.build(outline)
    assert (again.charts_rendered, again.charts_cached) == (0, 2)
    # Slide text around a chart (caption, title) is not in the picture: still cached.
    write_outline(text.replace("caption: 说明", "caption: 新的说明").replace("图表2", "新标题"))
    assert pipeline.build(outline).charts_cached == 2
    # The CSV's numbers, the palette and the slide size are.
    (tmp_path / "growth_bom.csv").write_text("年份,中国,美国\n2019,1,2\n", encoding="utf-8")
    r = pipeline.build(outline)
    assert (r.charts_rendered, r.charts_cached) == (1, 1)
    write_outline(_outline(_chart_yaml("grouped-bar", csv="growth_bom.csv"),
                           _chart_yaml("pie"), palette='["#000000", "#FFFFFF"]'))
    assert pipeline.build(outline).charts_rendered == 2
    write_outline(_outline(_chart_yaml("grouped-bar", csv="growth_bom.csv"),
                           _chart_yaml("pie"), palette='["#000000", "#FFFFFF"]', aspect="4:3"))
    assert pipeline.build(outline).charts_rendered == 2
    assert pipeline.build(outline, use_cache=False).charts_rendered == 2


def test_cache_key_covers_versions_and_fonts(monkeypatch: pytest.MonkeyPatch):
    spec = ChartSpec("01-01-x", "bar", ("a",), (("s", (1.0,)),), None, False, False,
                     DEFAULT_PALETTE, "zh-CN")
    key = charts.cache_key(spec, 10, 4)
    assert charts.cache_key(spec, 10, 4) == key
    assert charts.cache_key(spec, 10, 4.5) != key
    monkeypatch.setattr(charts, "__version__", "999")
    assert charts.cache_key(spec, 10, 4) != key
    monkeypatch.undo()
    monkeypatch.setattr(charts, "_font_stamp", lambda: [("other.otf", 1)])
    assert charts.cache_key(spec, 10, 4) != key
    monkeypatch.undo()
    monkeypatch.setattr(charts.installed, "version", lambda *a, **k: "0.0")
    assert charts.cache_key(spec, 10, 4) != key


def test_cache_dir_from_environment(write_outline, tmp_path, monkeypatch):
    cache = tmp_path / "shared-cache"
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(cache))
    pipeline.build(write_outline(_outline(_chart_yaml("bar"))))
    assert len(list(cache.glob("*.png"))) == 1
    assert not (tmp_path / "output" / ".cache").exists()


def test_cached_rebuild_does_not_import_matplotlib(write_outline, tmp_path):
    outline = write_outline(_outline(*(_chart_yaml(k) for k in TYPES)))
    script = ("import sys; from deckgen import pipeline; "
              f"r = pipeline.build({str(outline)!r}); "
              "print(r.charts_rendered, r.charts_cached, 'matplotlib' in sys.modules)")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env=env, timeout=300, check=True)
        return done.stdout.strip()

    assert run() == "7 0 True"
    assert run() == "0 7 False"


# -- fonts ----------------------------------------------------------------------------------------
def test_chinese_renders_without_a_missing_glyph_warning():
    spec = ChartSpec("x", "grouped-bar", ("中美人工智能", "算力（亿元）"),
                     (("硬件", (1.0, 2.0)), ("软件", (3.0, 4.0))), "亿元", False, False,
                     DEFAULT_PALETTE, "zh-CN")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert charts.draw(spec, 6, 3)[:4] == b"\x89PNG"


def test_a_missing_glyph_fails_loudly_unless_reported():
    spec = ChartSpec("x", "bar", ("火箭🚀",), (("s", (1.0,)),), None, False, False,
                     DEFAULT_PALETTE, "zh-CN")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match=r"Glyph .* missing"):
            charts.draw(spec, 6, 3)
        assert charts.draw(spec, 6, 3, known_missing=True)[:4] == b"\x89PNG"


def test_missing_glyph_is_a_build_warning(write_outline, no_env_cache):
    text = _outline("type: bar\n          labels: [火箭🚀, 中国]\n"
                    "          series: {发射次数: [1, 2]}")
    report = pipeline.build(write_outline(text))
    assert report.warnings == ("chart '01-01-图表1': the chart font has no glyph for 🚀; "
                               "those characters show as boxes",)
    # From the cache it is reported again.
    assert pipeline.build(write_outline(text)).warnings == report.warnings


# -- style rules --------------------------------------------------------------------------------
def test_series_colors_cycle_with_tints_and_never_repeat_neighbours():
    pal = ["#B22222", "#1F4E79"]
    assert charts.series_colors(pal, 2) == pal
    three = charts.series_colors(pal, 3)
    assert three[:2] == pal and three[2] not in pal and three[2] != three[0]
    assert len(set(charts.series_colors(pal, 4))) == 4
    assert charts.series_colors(["#000000"], 2) == ["#000000", "#4C4C4C"]


@pytest.mark.parametrize(("value", "unit", "places", "text"), [
    (1234.0, None, None, "1,234"), (32.0, "%", 0, "32%"), (31.0, "%", 1, "31.0%"),
    (0.06, None, 0, "0.06"), (0.5, None, None, "0.5"), (2.0, "倍", 0, "2倍"),
    (5000.0, "亿美元", 0, "5,000"), (12.345, None, None, "12.35"),
])
def test_format_value(value, unit, places, text):
    assert charts.format_value(value, unit, places) == text


@pytest.mark.parametrize(("span", "step"), [(6000, 2000), (50, 10), (2450, 500), (1, 0.2),
                                            (4680, 1000), (12, 2.5)])
def test_nice_step(span, step):
    assert charts.nice_step(span) == pytest.approx(step)


def test_spread_keeps_labels_apart_and_in_bounds():
    assert charts.spread([0.5, 0.51, 0.9], 0.1) == pytest.approx([0.5, 0.6, 0.9])
    ys = charts.spread([0.99, 1.0, 1.0], 0.1, 0.0, 1.0)
    assert ys == pytest.approx([0.8, 0.9, 1.0])


def test_axis_title_is_upright_chinese_unit():
    spec = ChartSpec("x", "bar", ("a",), (("s", (1.0,)),), "亿元", False, False,
                     DEFAULT_PALETTE, "zh-CN")
    assert charts.axis_title(spec) == "单位：亿元"
    assert charts.axis_title(ChartSpec(**{**spec.__dict__, "language": "en-US"})) == "亿元"
    assert charts.axis_title(ChartSpec(**{**spec.__dict__, "unit": "%"})) is None


# -- the sample deck's kind of content, strictly valid -----------------------------------------
def test_deck_with_every_native_chart_passes_strict_schema(write_outline, tmp_path,
                                                           no_env_cache, ooxml_validator):
    _copy_csv(tmp_path, "growth_bom.csv")
    outline = write_outline(_outline(
        *(_chart_yaml(k, native=True, unit="亿元") for k in TYPES),
        _chart_yaml("line", csv="growth_bom.csv", native=True, extra="log: true"),
        aspect="4:3"))
    report = pipeline.build(outline)
    assert len(_chart_slides(report.output)) == len(TYPES) + 1
    assert ooxml_validator(report.output, strict=True).endswith(" 0 problems")
    # And every chart part is well-formed XML with a positive axis id everywhere.
    prs = Presentation(str(report.output))
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_chart:
                xml = etree.tostring(sh.chart._chartSpace)
                assert b'val="-' not in xml


@pytest.mark.parametrize(("values", "step"), [
    ((585956.3269162299,), 20000.0),  # one point (hypothesis found it): a tenth is 58,596
    ((7.0, 7.0, 7.0), 0.2),  # a level line: a tenth is 0.7
    ((0.0, 0.0), 1.0),  # level at zero
    ((50.0, 80.0), 10.0),  # a range of 30: a fifth is 6, the next nice step 10, as before
])
def test_a_level_line_gets_a_step_from_its_value(values: tuple[float, ...], step: float):
    spec = ChartSpec("x", "line", tuple("abcdef"[:len(values)]), (("s", values),), None,
                     False, False, DEFAULT_PALETTE, "zh-CN")
    assert charts.value_step(spec) == pytest.approx(step)


@pytest.mark.parametrize("values", [(585956.3269162299,), (1e7, 1e7 + 1), (7.0, 7.0)])
def test_a_level_line_draws_a_few_ticks(values: tuple[float, ...]):
    # matplotlib itself is the oracle: the value axis it lays out for the picture
    from matplotlib.figure import Figure

    spec = ChartSpec("x", "line", tuple("ab"[:len(values)]), (("s", values),), None,
                     False, False, DEFAULT_PALETTE, "zh-CN")
    ax = Figure(figsize=(8, 4.5)).add_subplot()
    charts._line(ax, spec, 4.5)
    low, high = ax.get_ylim()
    ticks = ax.yaxis.get_majorticklocs()
    assert len(ticks) <= 16
    assert 1 <= sum(low <= t <= high for t in ticks) <= 8


def test_a_one_point_line_builds_in_both_kinds(write_outline, no_env_cache, ooxml_validator):
    # the case the property test found: it drew 58,000 ticks and never finished
    level = ("type: line\nlabels: [\"2024\"]\nseries:\n  甲: [585956.33]\nunit: \"亿元\"\n"
             "native: {}")
    outline = write_outline(_outline(textwrap.indent(level.format("false"), "          ").lstrip(),
                                     textwrap.indent(level.format("true"), "          ").lstrip()))
    report = pipeline.build(outline)
    assert report.charts_rendered == 1
    native = _chart_shape(_chart_slides(report.output)[1]).chart
    assert native.value_axis.major_unit == 20000.0
    assert ooxml_validator(report.output).endswith(" 0 problems")
