"""`deckgen pull` beyond texts: native charts' numbers, labels and series names come back
into the outline (inline, in place) or into just the changed cells of their CSV file;
notes typed on the title, agenda and closing slides get a key; formatting, pictures and
footers are reported, never dropped silently; texts keep their leading and trailing
spaces. Edited with LibreOffice Impress (the real editor, over UNO) and python-pptx."""

from __future__ import annotations

import difflib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.util import Emu

from deckgen import guard, pipeline, pull
from deckgen.cli import cli
from impress import Impress, edit_in_impress

OUTLINE = """\
# yaml-language-server: $schema=outline.schema.json
deck:
  title: 图表合作测试
  authors: [甲同学, 乙同学]
  event: 形势与政策
  date: 2025-05-20
  duration: 5
  closing:
    title: 谢谢
chapters:
  - title: 数据
    presenter: 甲同学
    slides:
      - title: 内联图表
        chart:
          type: bar
          native: true
          labels: ["2015 年", "2023 年"]
          series:
            设备数: [6, 223]
          unit: 项
        notes: 内联图表的讲稿。
      - title: 两组数据
        chart:
          type: grouped-bar
          native: true
          labels: [甲, 乙, 丙]
          series:
            第一组:
              - 1.5
              - 2.25
              - 3.0
            第二组: [10, 20, 30]
        notes: 两组数据的讲稿。
      - title: 支付用户
        chart:
          type: barh
          native: true
          csv: data/pay.csv
        notes: 支付用户的讲稿。
      - title: 算力份额
        chart:
          type: bar
          native: true
          csv: data/share.csv
          unit: "%"
        notes: 份额一。
      - title: 算力份额（饼图）
        chart:
          type: pie
          native: true
          csv: data/share.csv
          unit: "%"
        notes: 份额二。
      - title: 图片图表
        chart:
          type: bar
          labels: [a, b]
          series: {s: [1, 2]}
        notes: 图片图表的讲稿。
      - title: 要点
        bullets:
          - 第一条要点
          - 第二条要点
        notes: 要点的讲稿。
"""
PAY = "\ufeff类别,用户规模（亿人）\r\n中国网络支付用户,9.69\r\n美国 Apple Pay 月活用户,0.558\r\n"
SHARE = '地区;份额\n美国;32%\n"中国";26%\n其他;42%\n'
# slides: 1 title, 2 agenda, 3 chapter, 4 inline, 5 two series, 6 pay.csv, 7 and 8
# share.csv, 9 a chart drawn as a picture, 10 bullets, 11 closing
INLINE, TWO, PAY_SLIDE, SHARE_BAR, SHARE_PIE, PICTURE, BULLETS = 4, 5, 6, 7, 8, 9, 10


@pytest.fixture
def talk(tmp_path: Path, ooxml_validator: Callable[..., str]) -> Path:
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "pay.csv").write_bytes(PAY.encode("utf-8"))
    (tmp_path / "data" / "share.csv").write_bytes(SHARE.encode("utf-8"))
    pipeline.build(outline)
    ooxml_validator(_deck(outline))
    guard.WRITTEN.clear()  # as if the deck came back a day later, to a new process
    return outline


def _deck(outline: Path) -> Path:
    return outline.parent / "output" / "outline.pptx"


def _files(talk: Path) -> dict[str, bytes]:
    return {name: (talk.parent / name).read_bytes()
            for name in ("outline.yaml", "data/pay.csv", "data/share.csv")}


def _changed(before: dict[str, bytes], talk: Path) -> dict[str, list[tuple[str, str]]]:
    """The lines each file changed, as (old lines, new lines), files that changed only."""
    out = {}
    for name, old in before.items():
        new = (talk.parent / name).read_bytes()
        if new == old:
            continue
        a = old.decode("utf-8-sig").splitlines()
        b = new.decode("utf-8-sig").splitlines()
        out[name] = [("\n".join(a[i1:i2]), "\n".join(b[j1:j2])) for op, i1, i2, j1, j2 in
                     difflib.SequenceMatcher(None, a, b).get_opcodes() if op != "equal"]
    return out


def _chart(deck: Path, slide: int) -> Any:
    prs = Presentation(str(deck))
    return next(sh for sh in prs.slides[slide - 1].shapes if sh.has_chart).chart


def _data(chart: Any) -> tuple[list[str], list[tuple[str, tuple[float, ...]]]]:
    return list(chart.plots[0].categories), [(s.name, tuple(s.values)) for s in chart.series]


def _replace_data(deck: Path, slide: int, labels: list[str],
                  series: list[tuple[str, list[float]]]) -> None:
    """What PowerPoint's Edit Data does to the package: chart caches and workbook both."""
    prs = Presentation(str(deck))
    chart = next(sh for sh in prs.slides[slide - 1].shapes if sh.has_chart).chart
    data = CategoryChartData()
    data.categories = labels
    for name, values in series:
        data.add_series(name, values)
    chart.replace_data(data)
    prs.save(str(deck))


def _pull(*args: str) -> Any:
    return CliRunner().invoke(cli, ["pull", *args])


def _refused(talk: Path, what: str) -> None:
    result = CliRunner().invoke(cli, ["build", str(talk)])
    assert result.exit_code == 1, result.output
    assert "was edited after deckgen built it" in result.output
    assert what in result.output, result.output


def _rebuilt(talk: Path, ooxml_validator: Callable[..., str]) -> Path:
    report = pipeline.build(talk)
    assert report.kept is None
    ooxml_validator(_deck(talk))
    return _deck(talk)


# -------------------------------------------------------------------- LibreOffice Impress
# (the `impress` fixture: tests/conftest.py)


@pytest.mark.render
def test_a_value_changed_in_impress_data_table_comes_back_inline(
        talk: Path, impress: Impress, ooxml_validator: Callable[..., str]) -> None:
    deck = _deck(talk)
    before = _files(talk)
    answer = edit_in_impress(deck, deck, [{"op": "chart_data", "slide": INLINE,
                                           "cells": [[1, 0, 250]], "labels": {"0": "2016 年"}}],
                             impress)
    assert answer["log"][0]["data"] == [[6.0], [250.0]]  # Impress took the edit
    # what LibreOffice wrote: the new numbers in the chart part's cache, no workbook left
    with zipfile.ZipFile(deck) as z:
        assert not [n for n in z.namelist() if n.startswith("ppt/embeddings/")]
        chart_xml = next(z.read(n).decode() for n in z.namelist()
                         if n.startswith("ppt/charts/chart") and "2016 年" in z.read(n).decode())
    assert "<c:v>250</c:v>" in chart_xml and "<c:v>2016 年</c:v>" in chart_xml
    _refused(talk, f"slide {INLINE} '内联图表': chart data edited")
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert _changed(before, talk) == {"outline.yaml": [
        ('          labels: ["2015 年", "2023 年"]', '          labels: ["2016 年", "2023 年"]'),
        ("            设备数: [6, 223]", "            设备数: [6, 250]")]}
    assert "2 values changed, 0 conflicts, 0 not merged" in result.output
    assert _data(_chart(_rebuilt(talk, ooxml_validator), INLINE)) == (
        ["2016 年", "2023 年"], [("设备数", (6.0, 250.0))])


@pytest.mark.render
def test_a_value_changed_in_impress_data_table_comes_back_into_its_csv(
        talk: Path, impress: Impress, ooxml_validator: Callable[..., str]) -> None:
    deck = _deck(talk)
    before = _files(talk)
    edit_in_impress(deck, deck, [{"op": "chart_data", "slide": PAY_SLIDE,
                                  "cells": [[0, 0, 10.5]], "names": {"0": "用户（亿人）"}}],
                    impress)
    _refused(talk, f"slide {PAY_SLIDE} '支付用户': chart data edited")
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert _changed(before, talk) == {"data/pay.csv": [
        ("类别,用户规模（亿人）\n中国网络支付用户,9.69", "类别,用户（亿人）\n中国网络支付用户,10.50")]}
    # only those cells: the byte-order mark and the CRLF line ends stay
    assert (talk.parent / "data" / "pay.csv").read_bytes() == PAY.replace(
        "用户规模（亿人）", "用户（亿人）").replace("9.69", "10.50").encode("utf-8")
    assert _data(_chart(_rebuilt(talk, ooxml_validator), PAY_SLIDE)) == (
        ["中国网络支付用户", "美国 Apple Pay 月活用户"], [("用户（亿人）", (10.5, 0.558))])


@pytest.mark.render
def test_notes_typed_on_the_title_slide_in_impress_get_deck_notes(
        talk: Path, impress: Impress, ooxml_validator: Callable[..., str]) -> None:
    deck = _deck(talk)
    before = _files(talk)
    edit_in_impress(deck, deck, [{"op": "set_notes", "slide": 1,
                                  "text": "大家好，我是甲同学。\n今天讲图表。"}], impress)
    _refused(talk, "slide 1 '图表合作测试': notes edited")
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert _changed(before, talk) == {"outline.yaml": [
        ("", "  notes: |\n    大家好，我是甲同学。\n    今天讲图表。")]}
    assert "  date: 2025-05-20\n  notes: |\n" in (talk.parent / "outline.yaml").read_text(
        encoding="utf-8")
    assert "slide 1, notes (new: deck.notes)\n    + 大家好，我是甲同学。\n    + 今天讲图表。" \
        in result.output
    prs = Presentation(str(_rebuilt(talk, ooxml_validator)))
    assert prs.slides[0].notes_slide.notes_text_frame.text == "大家好，我是甲同学。\n今天讲图表。"


@pytest.mark.render
def test_bold_set_in_impress_is_reported_not_dropped(talk: Path, impress: Impress) -> None:
    deck = _deck(talk)
    before = _files(talk)
    edit_in_impress(deck, deck, [{"op": "format_text", "slide": BULLETS, "text": "第二条要点",
                                  "bold": True}], impress)
    _refused(talk, f"slide {BULLETS} '要点': bold changed")
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert (f"  not merged: slide {BULLETS}: bold on '第二条要点' is not kept in the outline "
            "(deckgen draws every text its own way); the next build will not overwrite the "
            "edited deck without keeping a copy") in result.output
    assert "nothing to bring back" not in result.output
    assert _changed(before, talk) == {}


# -------------------------------------------------------------------- PowerPoint-style edits


def test_replace_data_keeps_each_number_s_written_style(
        talk: Path, ooxml_validator: Callable[..., str]) -> None:
    deck = _deck(talk)
    before = _files(talk)
    _replace_data(deck, TWO, ["甲", "乙", "丙"],
                  [("第一组", [1.5, 2.5, 4.0]), ("第二组（新）", [10, 20, 35])])
    _refused(talk, f"slide {TWO} '两组数据': chart data edited")
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    # 2.25 keeps two decimals, 3.0 stays a float, 30 an integer; block and flow lists stay
    assert _changed(before, talk) == {"outline.yaml": [
        ("              - 2.25\n              - 3.0\n            第二组: [10, 20, 30]",
         "              - 2.50\n              - 4.0\n            第二组（新）: [10, 20, 35]")]}
    assert ("outline.yaml:31:17: slide 5, chart value (第一组, 乙)\n    - 2.25\n    + 2.50"
            in result.output.replace(str(talk.parent) + "/", ""))
    assert _data(_chart(_rebuilt(talk, ooxml_validator), TWO)) == (
        ["甲", "乙", "丙"], [("第一组", (1.5, 2.5, 4.0)), ("第二组（新）", (10.0, 20.0, 35.0))])
    again = _pull(str(_deck(talk)))
    assert "nothing to bring back" in again.output


def test_a_csv_shared_by_two_charts_is_a_conflict_unless_both_agree(talk: Path) -> None:
    deck = _deck(talk)
    before = _files(talk)
    _replace_data(deck, SHARE_BAR, ["美国", "中国", "其他"], [("份额", [35, 26, 42])])
    result = _pull(str(deck))
    assert result.exit_code == 1
    assert ("  conflict: data/share.csv:2:4: slide 7, chart value (份额, 美国): the CSV file "
            "feeds 2 charts, which disagree (slide 7 shows 35, slide 8 shows 32):\n"
            "    deck:    35\n    outline: 32%") in result.output.replace(
                str(talk.parent) + "/", "")
    assert _changed(before, talk) == {}
    _replace_data(deck, SHARE_PIE, ["美国", "中国", "其他"], [("份额", [35, 26, 42])])
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert _changed(before, talk) == {"data/share.csv": [("美国;32%", "美国;35%")]}


def test_categories_added_in_the_deck_are_reported_not_guessed(talk: Path) -> None:
    deck = _deck(talk)
    before = _files(talk)
    _replace_data(deck, INLINE, ["2015 年", "2023 年", "2024 年"], [("设备数", [6, 223, 300])])
    merges, _ = pull.pull([deck])
    assert [u.message for u in merges[0].unmapped if u.kind == "chart"] == [
        f"slide {INLINE}: in the chart its categories went from 2 to 3 (added '2024 年'); "
        "not merged (categories and series added or removed in the deck are not brought "
        "back): change the chart's data in the outline"]
    assert _changed(before, talk) == {}


def test_a_workbook_that_disagrees_with_the_chart_is_reported_and_the_chart_wins(
        talk: Path) -> None:
    deck = _deck(talk)
    before = _files(talk)
    # a tool that edits the chart's cache but not its embedded workbook
    with zipfile.ZipFile(deck) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    name = next(n for n, d in parts.items() if n.startswith("ppt/charts/chart") and
                n.endswith(".xml") and b"<c:v>223.0</c:v>" in d)
    parts[name] = parts[name].replace(b"<c:v>223.0</c:v>", b"<c:v>230</c:v>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    deck.write_bytes(buf.getvalue())
    merges, _ = pull.pull([deck])
    assert (f"slide {INLINE}: the chart's embedded workbook (Edit Data) disagrees with the "
            "chart: B3 holds '223' where the chart shows '230'; the values the chart shows "
            "were used") in [u.message for u in merges[0].unmapped]
    assert _changed(before, talk) == {"outline.yaml": [
        ("            设备数: [6, 223]", "            设备数: [6, 230]")]}


def test_a_replaced_chart_picture_is_reported(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    slide = prs.slides[PICTURE - 1]
    pic = next(sh for sh in slide.shapes if sh.shape_type == 13)
    other = talk.parent / "other.png"
    Image.new("RGB", (40, 30), "#336699").save(other)  # a picture pasted over the chart
    _, rid = slide.part.get_or_add_image_part(str(other))
    pic._element.blipFill.blip.rEmbed = rid
    prs.save(str(deck))
    _refused(talk, f"slide {PICTURE} '图片图表': chart picture replaced")
    result = _pull(str(deck))
    assert (f"  not merged: slide {PICTURE}: the chart is drawn as a picture, which cannot be "
            "edited, and that picture was replaced in the deck; change the chart's data in the "
            "outline (with `native: true` it becomes a chart co-presenters can edit); the next "
            "build will not overwrite the edited deck without keeping a copy") in result.output


def test_formatting_and_a_moved_picture_are_reported_per_slide(talk: Path) -> None:
    from pptx.dml.color import RGBColor

    deck = _deck(talk)
    before = _files(talk)
    prs = Presentation(str(deck))
    body = next(sh for sh in prs.slides[BULLETS - 1].shapes if sh.name == "Body")
    body.text_frame.paragraphs[0].runs[0].font.italic = True
    body.text_frame.paragraphs[1].runs[0].font.color.rgb = RGBColor(0xFF, 0, 0)
    pic = next(sh for sh in prs.slides[PICTURE - 1].shapes if sh.shape_type == 13)
    pic.left = pic.left + Emu(360000)
    prs.save(str(deck))
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if x.startswith("  not merged:")]
    assert lines == [
        f"  not merged: slide {PICTURE}: the chart picture was moved; where pictures sit is "
        "not kept in the outline; the next build will not overwrite the edited deck without "
        "keeping a copy",
        f"  not merged: slide {BULLETS}: italic and colour on '第一条要点' and 1 more "
        "paragraph are not kept in the outline (deckgen draws every text its own way); the "
        "next build will not overwrite the edited deck without keeping a copy"]
    assert "0 texts changed, 0 conflicts, 2 not merged" in result.output
    assert _changed(before, talk) == {}


def test_an_edited_footer_is_reported(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.is_placeholder and sh.placeholder_format.type == 15:  # the footer
                sh.text_frame.paragraphs[0].runs[0].text = "我们小组的汇报"
    prs.save(str(deck))
    merges, _ = pull.pull([deck], dry_run=True)
    assert [u.message for u in merges[0].unmapped if u.kind == "footer"] == [
        "slides 2, 4-10: the footer was changed to '我们小组的汇报'; deckgen writes the footer "
        "itself (the talk's title and the presenter): change deck.title or the presenter in "
        "the outline instead; the next build will not overwrite the edited deck without "
        "keeping a copy"]


def test_leading_and_trailing_spaces_come_back_and_build_keeps_them(
        talk: Path, ooxml_validator: Callable[..., str]) -> None:
    deck = _deck(talk)
    before = _files(talk)
    prs = Presentation(str(deck))
    body = next(sh for sh in prs.slides[BULLETS - 1].shapes if sh.name == "Body")
    body.text_frame.paragraphs[0].runs[0].text = "  第一条要点 "
    prs.save(str(deck))
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert _changed(before, talk) == {"outline.yaml": [
        ("          - 第一条要点", "          - '  第一条要点 '")]}
    prs = Presentation(str(_rebuilt(talk, ooxml_validator)))
    body = next(sh for sh in prs.slides[BULLETS - 1].shapes if sh.name == "Body")
    assert body.text_frame.paragraphs[0].text == "  第一条要点 "
    assert "nothing to bring back" in _pull(str(_deck(talk))).output


def test_agenda_and_closing_notes_get_their_keys(
        talk: Path, ooxml_validator: Callable[..., str]) -> None:
    deck = _deck(talk)
    before = _files(talk)
    prs = Presentation(str(deck))
    prs.slides[1].notes_slide.notes_text_frame.text = "先看目录。"
    prs.slides[-1].notes_slide.notes_text_frame.text = "谢谢大家，欢迎提问。"
    prs.save(str(deck))
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert _changed(before, talk) == {"outline.yaml": [
        ("", "    notes: 谢谢大家，欢迎提问。\n  agenda:\n    notes: 先看目录。")]}
    text = (talk.parent / "outline.yaml").read_text(encoding="utf-8")
    assert "  closing:\n    title: 谢谢\n    notes: 谢谢大家，欢迎提问。\n  agenda:\n" in text
    prs = Presentation(str(_rebuilt(talk, ooxml_validator)))
    assert prs.slides[1].notes_slide.notes_text_frame.text == "先看目录。"
    assert prs.slides[-1].notes_slide.notes_text_frame.text == "谢谢大家，欢迎提问。"


def test_the_event_and_date_line_maps_to_its_two_keys(talk: Path) -> None:
    deck = _deck(talk)
    before = _files(talk)
    prs = Presentation(str(deck))
    sub = next(p for sh in prs.slides[0].shapes if sh.has_text_frame
               for p in sh.text_frame.paragraphs if "形势与政策" in p.text)
    sub.runs[0].text = "形势与政策课 · 2025-05-27"
    for r in sub.runs[1:]:
        r.text = ""
    prs.save(str(deck))
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert _changed(before, talk) == {"outline.yaml": [
        ("  event: 形势与政策\n  date: 2025-05-20", "  event: 形势与政策课\n  date: 2025-05-27")]}


def test_notes_on_a_chapter_divider_without_notes_get_the_chapter_s_key(talk: Path) -> None:
    deck = _deck(talk)
    before = _files(talk)
    prs = Presentation(str(deck))
    prs.slides[2].notes_slide.notes_text_frame.text = "这一章讲数据。"
    prs.save(str(deck))
    result = _pull(str(deck))
    assert result.exit_code == 0, result.output
    assert _changed(before, talk) == {"outline.yaml": [
        ("", "    notes: 这一章讲数据。")]}
    assert "    presenter: 甲同学\n    notes: 这一章讲数据。\n    slides:\n" in \
        (talk.parent / "outline.yaml").read_text(encoding="utf-8")


def test_a_number_changed_in_the_outline_too_is_a_conflict(talk: Path) -> None:
    deck = _deck(talk)
    text = talk.read_text(encoding="utf-8").replace("设备数: [6, 223]", "设备数: [6, 224]")
    talk.write_text(text, encoding="utf-8")
    _replace_data(deck, INLINE, ["2015 年", "2023 年"], [("设备数", [6, 250])])
    result = _pull(str(deck))
    assert result.exit_code == 1
    assert ("  conflict: outline.yaml:20:22: slide 4, chart value (设备数, 2023 年) was changed "
            "in both:\n    deck:    250\n    outline: 224") in result.output.replace(
                str(talk.parent) + "/", "")
    assert talk.read_text(encoding="utf-8") == text


def test_a_chart_now_reading_another_csv_is_reported(talk: Path) -> None:
    deck = _deck(talk)
    (talk.parent / "data" / "pay2.csv").write_bytes(PAY.encode("utf-8"))
    text = talk.read_text(encoding="utf-8").replace("csv: data/pay.csv", "csv: data/pay2.csv")
    talk.write_text(text, encoding="utf-8")
    before = _files(talk)
    _replace_data(deck, PAY_SLIDE, ["中国网络支付用户", "美国 Apple Pay 月活用户"],
                  [("用户规模（亿人）", [10, 0.558])])
    merges, _ = pull.pull([deck])
    assert [u.message for u in merges[0].unmapped] == [
        f"slide {PAY_SLIDE}: the chart's data was edited in the deck, but the outline's chart "
        "now reads 'data/pay2.csv' instead of 'data/pay.csv'; not merged"]
    assert _changed(before, talk) == {}
