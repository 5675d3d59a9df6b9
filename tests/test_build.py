"""Build and reopen: the deck as co-presenters get it."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Emu

from deckgen.cli import cli
from deckgen.errors import OutlineError
from deckgen.pipeline import build

NS_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

EVERY_KIND = """\
deck:
  title: Every kind 每种页面
  subtitle: 副标题
  authors: [甲, 乙]
  event: 形势与政策
  date: 2025-05-20
chapters:
  - title: 第一章
    presenter: 甲
    notes: 第一章的开场白。
    slides:
      - title: 要点
        bullets: [一, {text: 二, sub: [二点一]}]
        notes: 要点讲稿。
        sources: [来源甲]
      - title: 引文
        quote: {text: 所有政府中，最早意识到事情重要性的或许是中国。, by: 赫拉利}
        notes: 引文讲稿。
      - title: 表格
        table:
          header: [指标, 美国, 中国]
          rows: [[论文, 1, 2], [投资, 10, 1]]
        notes: 表格讲稿。
      - title: 表格 CSV
        table: {csv: data/table.csv}
        notes: 表格讲稿二。
  - title: 第二章
    presenter: 乙
    slides:
      - title: 图片
        image: {path: pic.png, caption: 一张图}
        notes: 图片讲稿。
      - title: 对比
        columns:
          - {heading: 美国, bullets: [市场驱动, 资本密集]}
          - {heading: 中国, bullets: [政府引导, 应用丰富]}
        notes: 对比讲稿。
      - title: 数字
        stats:
          - {value: 910 EFLOPS, label: 2023 全球算力}
          - {value: 32%, label: 美国占比}
        notes: 数字讲稿。
      - title: 原生图表
        chart:
          type: pie
          labels: [美国, 中国, 其他]
          series: {占比: [32, 26, 42]}
          unit: "%"
          native: true
          source: 中国信息安全
        notes: 原生图表讲稿。
"""


@pytest.fixture
def every_kind(write_outline, tmp_path: Path) -> Path:
    from PIL import Image

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "table.csv").write_text("项目,数值\n甲,1\n乙,2\n", encoding="utf-8")
    Image.new("RGB", (400, 300), "#1F4E79").save(tmp_path / "pic.png")
    return write_outline(EVERY_KIND)


def titles(prs) -> list[str]:
    out = []
    for slide in prs.slides:
        t = slide.shapes.title
        out.append(t.text_frame.text if t is not None else "")
    return out


def test_minimal_deck_structure(write_outline, ooxml_validator) -> None:
    outline = write_outline()
    report = build(outline)
    assert report.output == outline.parent / "output" / "outline.pptx"
    prs = Presentation(str(report.output))
    assert titles(prs) == ["中美人工智能领域的竞赛", "目录", "研究背景和意义", "我们必须赶上",
                           "中美人工智能发展特点", "全球算力分布", "资料来源", "谢谢大家"]
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
    for i, slide in enumerate(prs.slides, start=1):
        assert slide.has_notes_slide, f"slide {i} has no notes"
        assert slide.notes_slide.notes_text_frame.text.strip(), f"slide {i} has empty notes"
    ooxml_validator(report.output)
    ooxml_validator(report.output, strict=True)


def test_sixteen_nine_is_real(write_outline) -> None:
    report = build(write_outline())
    with zipfile.ZipFile(report.output) as z:
        pres = z.read("ppt/presentation.xml").decode()
    assert 'cx="12192000" cy="6858000"' in pres
    assert "screen4x3" not in pres
    prs = Presentation(str(report.output))
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            assert ph.left + ph.width <= prs.slide_width
            assert ph.top + ph.height <= prs.slide_height


def test_four_three(write_outline) -> None:
    outline = write_outline("""\
        deck: {title: 四比三, theme: {aspect: "4:3"}}
        chapters: [{title: 章, slides: [{title: 页, bullets: [一], notes: 讲稿}]}]
        """)
    prs = Presentation(str(build(outline).output))
    assert (prs.slide_width, prs.slide_height) == (Emu(9144000), Emu(6858000))
    title = prs.slides[0].shapes.title
    assert title.left + title.width <= prs.slide_width


def test_east_asian_font_and_lang_on_every_run(write_outline) -> None:
    prs = Presentation(str(build(write_outline()).output))
    runs = 0
    for slide in prs.slides:
        parts = [slide.element, slide.notes_slide.element]
        for el in parts:
            for r in el.iter(f"{NS_A}r"):
                rpr = r.find(f"{NS_A}rPr")
                assert rpr is not None
                ea = rpr.find(f"{NS_A}ea")
                latin = rpr.find(f"{NS_A}latin")
                assert ea is not None and ea.get("typeface") == "Microsoft YaHei", r.findtext(
                    f"{NS_A}t")
                assert latin is not None and latin.get("typeface") == "Calibri"
                assert rpr.get("lang") == "zh-CN"
                runs += 1
    assert runs > 20


def test_theme_fonts_carry_east_asian_typeface(write_outline) -> None:
    outline = write_outline("""\
        deck:
          title: 字体
          theme: {font: {latin: Arial, east_asian: SimHei}}
        chapters: [{title: 章, slides: [{title: 页, bullets: [一], notes: 讲稿}]}]
        """)
    report = build(outline)
    with zipfile.ZipFile(report.output) as z:
        theme = z.read("ppt/theme/theme1.xml").decode()
    assert theme.count('<a:ea typeface="SimHei"/>') == 2  # major and minor
    assert theme.count('<a:latin typeface="Arial"') == 2
    prs = Presentation(str(report.output))
    r = prs.slides[0].shapes.title.text_frame.paragraphs[0].runs[0]
    assert r._r.find(f"{NS_A}rPr/{NS_A}ea").get("typeface") == "SimHei"


def test_notes_master_listed_for_keynote(write_outline) -> None:
    report = build(write_outline())
    with zipfile.ZipFile(report.output) as z:
        pres = z.read("ppt/presentation.xml").decode()
        rels = z.read("ppt/_rels/presentation.xml.rels").decode()
    assert "<p:notesMasterIdLst><p:notesMasterId r:id=" in pres
    rid = pres.split('<p:notesMasterId r:id="')[1].split('"')[0]
    rel = next(r for r in rels.split("<Relationship ")[1:] if f'Id="{rid}"' in r)
    assert "relationships/notesMaster" in rel


def test_core_properties(write_outline) -> None:
    prs = Presentation(str(build(write_outline()).output))
    props = prs.core_properties
    assert props.title == "中美人工智能领域的竞赛"
    assert props.author == "汇报人甲、汇报人乙"
    assert props.language == "zh-CN"


def test_every_slide_kind(every_kind: Path, ooxml_validator) -> None:
    report = build(every_kind)
    prs = Presentation(str(report.output))
    names = {t: s for t, s in zip(titles(prs), prs.slides)}
    table = next(sh for sh in names["表格"].shapes if sh.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["指标", "美国", "中国"]
    assert [c.text for c in table.rows[2].cells] == ["投资", "10", "1"]
    csv_table = next(sh for sh in names["表格 CSV"].shapes if sh.has_table).table
    assert [c.text for c in csv_table.rows[1].cells] == ["甲", "1"]
    pics = [sh for sh in names["图片"].shapes if sh.shape_type == 13]
    assert len(pics) == 1
    pic = pics[0]
    assert abs(pic.width / pic.height - 400 / 300) < 0.01  # aspect kept
    texts = " ".join(sh.text_frame.text for sh in names["图片"].shapes if sh.has_text_frame)
    assert "一张图" in texts
    quote = " ".join(sh.text_frame.text for sh in names["引文"].shapes if sh.has_text_frame)
    assert "所有政府中" in quote and "赫拉利" in quote
    cols = " ".join(sh.text_frame.text for sh in names["对比"].shapes if sh.has_text_frame)
    for word in ("美国", "中国", "市场驱动", "应用丰富"):
        assert word in cols
    stats = " ".join(sh.text_frame.text for sh in names["数字"].shapes if sh.has_text_frame)
    assert "910 EFLOPS" in stats and "美国占比" in stats
    chart = next(sh for sh in names["原生图表"].shapes if sh.has_chart).chart
    assert list(chart.plots[0].categories) == ["美国", "中国", "其他"]
    assert list(chart.series[0].values) == [32, 26, 42]
    sources = " ".join(sh.text_frame.text for sh in names["资料来源"].shapes
                       if sh.has_text_frame)
    assert "来源甲" in sources and "中国信息安全" in sources
    divider = " ".join(sh.text_frame.text for sh in names["第一章"].shapes if sh.has_text_frame)
    assert "第一部分" in divider and "甲" in divider
    assert names["第一章"].notes_slide.notes_text_frame.text == "第一章的开场白。"
    ooxml_validator(report.output, strict=True)


def test_agenda_and_closing_can_be_turned_off(write_outline) -> None:
    outline = write_outline("""\
        deck: {title: T, agenda: false, closing: false, language: en-US}
        chapters: [{title: C, slides: [{title: S, bullets: [a], notes: n}]}]
        """)
    prs = Presentation(str(build(outline).output))
    assert titles(prs) == ["T", "C", "S"]


def test_closing_texts(write_outline) -> None:
    outline = write_outline("""\
        deck: {title: T, closing: {title: 谢谢聆听, subtitle: 欢迎提问}}
        chapters: [{title: C, slides: [{title: S, bullets: [a], notes: n}]}]
        """)
    prs = Presentation(str(build(outline).output))
    last = prs.slides[-1]
    assert [sh.text_frame.text for sh in last.shapes if sh.has_text_frame] == [
        "谢谢聆听", "欢迎提问"]


def test_byte_identical_rebuilds(write_outline, tmp_path: Path, monkeypatch) -> None:
    outline = write_outline()
    a = build(outline, tmp_path / "a.pptx").output
    b = build(outline, tmp_path / "b.pptx").output
    assert a.read_bytes() == b.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c = build(outline, tmp_path / "c.pptx").output
    assert c.read_bytes() != a.read_bytes()
    prs = Presentation(str(c))
    assert prs.core_properties.modified.year == 2023
    with zipfile.ZipFile(c) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2023, 11, 14)}


def test_failed_build_keeps_previous_deck(write_outline, tmp_path: Path) -> None:
    outline = write_outline()
    out = build(outline).output
    before = out.read_bytes()
    outline.write_text(outline.read_text(encoding="utf-8").replace("bullets:", "bulets:"),
                       encoding="utf-8")
    with pytest.raises(OutlineError):
        build(outline)
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".cache", "charts", "outline.pptx"]


def test_invalid_outline_never_touches_output(write_outline, tmp_path: Path) -> None:
    outline = write_outline("deck: {title: T}\nchapters: []\n")
    with pytest.raises(OutlineError):
        build(outline)
    assert not (tmp_path / "output").exists()


def test_output_option_and_exit_codes(write_outline, tmp_path: Path) -> None:
    outline = write_outline()
    runner = CliRunner()
    target = tmp_path / "elsewhere" / "talk.pptx"
    result = runner.invoke(cli, ["build", str(outline), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert f"wrote {os.path.relpath(target)}" in result.output or str(target) in result.output
    broken = write_outline("deck: {title: T, agenda: maybe}\nchapters: []\n", name="bad.yaml")
    result = runner.invoke(cli, ["build", str(broken)])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["build", str(outline), "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 1


def test_report_lists_slides_per_chapter_and_warnings(write_outline) -> None:
    outline = write_outline("""\
        deck: {title: T}
        chapters:
          - title: 第一章
            slides: [{title: 没有讲稿, bullets: [a]}]
        """)
    result = CliRunner().invoke(cli, ["build", str(outline)])
    assert result.exit_code == 0, result.output
    assert "T: 5 slides" in result.output
    assert "第一章" in result.output
    assert "chapters[0].slides[0]: slide '没有讲稿' has no speaker notes" in result.output
    assert "wrote " in result.output


def test_check_reports_a_broken_image_without_writing(write_outline, tmp_path: Path) -> None:
    (tmp_path / "pic.png").write_text("not a picture", encoding="utf-8")
    outline = write_outline("""\
        deck: {title: T}
        chapters: [{title: C, slides: [{title: S, image: pic.png, notes: n}]}]
        """)
    result = CliRunner().invoke(cli, ["check", str(outline)])
    assert result.exit_code == 2
    assert "chapters[0].slides[0].image:" in result.output
    assert not (tmp_path / "output").exists()
