"""Structure that comes back from a deck edited with python-pptx: slides added by copying
one of deckgen's (columns, table, quote, stats), a picture or a native chart, slides and
continued slides deleted (only with --delete-slides), chapters reordered, bullets
deleted. Every applied change rebuilds into the same texts, and a second pull of the same
deck changes nothing."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from deckgen import guard, pipeline, pull
from deckgen.cli import cli

OUTLINE = """\
deck:
  title: 结构测试
  authors: [甲, 乙]
chapters:
  - title: 第一章
    presenter: 甲
    slides:
      # 要点多，会续页
      - title: 很多要点
        bullets:
{bullets}
        notes: 要点的讲稿。
      - title: 对比
        columns:
          - heading: 美国
            bullets: [算力强, 资本多]
          - heading: 中国
            bullets: [应用多]
        notes: 对比的讲稿。
      - title: 名言
        quote: {{text: 一句名言, by: 某人}}
        notes: 名言的讲稿。
  - title: 第二章
    presenter: 乙
    slides:
      - title: 表格
        table:
          header: [指标, 美国, 中国]
          rows:
            - [论文, 多, 少]
        notes: 表格的讲稿。
      - title: 数字
        stats:
          - {{value: 910 EFLOPS, label: 全球算力}}
        notes: 数字的讲稿。
"""
BULLETS = "".join(f"          - 第{i}条要点，写得稍微长一些以便占满一行的位置\n" for i in range(1, 15))
TITLES = ["结构测试", "目录", "第一章", "很多要点", "很多要点（续）", "对比", "名言", "第二章",
          "表格", "数字", "谢谢大家"]


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE.format(bullets=BULLETS.rstrip("\n")), encoding="utf-8")
    pipeline.build(outline)
    guard.WRITTEN.clear()
    assert _titles(_deck(outline)) == TITLES
    return outline


def _deck(outline: Path) -> Path:
    return outline.parent / "output" / "outline.pptx"


def _titles(deck: Path) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in
            Presentation(str(deck)).slides]


def _content(slide: Any) -> list[str]:
    """A slide's texts but the footer and slide number, in shape order."""
    out = []
    for sh in slide.shapes:
        if sh.is_placeholder and sh.placeholder_format.type in (13, 15, 16):
            continue
        if sh.has_text_frame:
            out += [p.text for p in sh.text_frame.paragraphs if p.text]
        elif sh.has_table:
            out += [c.text for row in sh.table.rows for c in row.cells]
    return out


def _copy(prs: Any, index: int, at: int, texts: dict[str, str]) -> Any:
    """A copy of slide `index` put at `at` (0-based), some texts replaced, as Duplicate
    Slide and typing would."""
    src = prs.slides[index]
    new = prs.slides.add_slide(src.slide_layout)
    for sh in list(new.shapes):
        sh._element.getparent().remove(sh._element)
    for el in src.shapes._spTree.iterchildren():
        if el.tag.rsplit("}", 1)[-1] in ("sp", "grpSp", "graphicFrame", "pic", "cxnSp"):
            new.shapes._spTree.append(copy.deepcopy(el))
    new.notes_slide.notes_text_frame.text = src.notes_slide.notes_text_frame.text
    ids = prs.slides._sldIdLst
    ids.insert(at, ids[-1])
    for sh in new.shapes:
        frames = [sh.text_frame] if sh.has_text_frame else [
            c.text_frame for row in sh.table.rows for c in row.cells] if sh.has_table else []
        for tf in frames:
            for p in tf.paragraphs:
                for r in p.runs:
                    r.text = texts.get(r.text, r.text)
    return new


def _pull(talk: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["pull", str(_deck(talk)), *args])
    assert result.exit_code == 0, result.output
    return result.output.replace(str(talk.parent) + "/", "")


def _again(talk: Path, *args: str) -> None:
    before = talk.read_text(encoding="utf-8")
    assert "nothing to bring back" in _pull(talk, *args)
    assert talk.read_text(encoding="utf-8") == before


def test_added_slides_keep_their_kind_and_rebuild_the_same(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    _copy(prs, 5, 6, {"对比": "欧美对比", "美国": "欧洲", "资本多": "法规多"})
    _copy(prs, 7, 8, {"名言": "另一句", "“一句名言”": "“知识就是力量”", "—— 某人": "—— 培根"})
    _copy(prs, 10, 11, {"表格": "新表格", "论文": "专利", "多": "很多"})
    _copy(prs, 12, 13, {"数字": "新数字", "910 EFLOPS": "42%", "全球算力": "美国占比"})
    prs.save(str(deck))
    added = [s for s in Presentation(str(deck)).slides
             if s.shapes.title.text in ("欧美对比", "另一句", "新表格", "新数字")]
    shown = [_content(s) for s in added]
    output = _pull(talk, "--add-slides")
    assert "4 slides added" in output and "0 not merged" in output
    text = talk.read_text(encoding="utf-8")
    assert ("      - title: 欧美对比\n        columns:\n          - heading: 欧洲\n"
            "            bullets:\n              - 算力强\n              - 法规多\n"
            "          - heading: 中国\n            bullets:\n              - 应用多\n"
            "        notes: |\n          对比的讲稿。\n") in text
    assert ("      - title: 另一句\n        quote:\n          text: 知识就是力量\n"
            "          by: 培根\n        notes: |\n          名言的讲稿。\n"
            "  - title: 第二章\n") in text  # inside chapter 1, before chapter 2 starts
    assert ("      - title: 新表格\n        table:\n          header: [指标, 美国, 中国]\n"
            "          rows:\n            - [专利, 很多, 少]\n") in text
    assert ("      - title: 新数字\n        stats:\n          - {value: 42%, label: 美国占比}\n"
            "        notes: |\n          数字的讲稿。\n") in text
    # the hand-over to 乙 was copied with 名言's notes: deckgen adds it where it belongs
    assert "接下来有请" not in text
    _again(talk, "--add-slides")
    pipeline.build(talk)
    prs = Presentation(str(_deck(talk)))
    rebuilt = {s.shapes.title.text: _content(s) for s in prs.slides}
    assert [rebuilt[s.shapes.title.text] for s in added] == shown
    assert _titles(_deck(talk))[5:13] == ["对比", "欧美对比", "名言", "另一句", "第二章", "表格",
                                          "新表格", "数字"]
    notes = {s.shapes.title.text: s.notes_slide.notes_text_frame.text for s in prs.slides}
    assert notes["另一句"].endswith("接下来有请乙为大家介绍第二章。")
    assert not notes["名言"].endswith("接下来有请乙为大家介绍第二章。")


def test_a_picture_slide_saves_its_picture_beside_the_outline(talk: Path) -> None:
    from PIL import Image

    deck = _deck(talk)
    prs = Presentation(str(deck))
    new = prs.slides.add_slide(prs.slide_layouts[5])
    new.shapes.title.text = "一张图"
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(png, "PNG")
    png.seek(0)
    new.shapes.add_picture(png, Emu(914400), Emu(1828800))
    prs.slides._sldIdLst.insert(7, prs.slides._sldIdLst[-1])
    prs.save(str(deck))
    assert "slide 8 '一张图' added as image, after '名言'" in _pull(talk, "--add-slides")
    assert "      - title: 一张图\n        image:\n          path: 一张图.png\n" in \
        talk.read_text(encoding="utf-8")
    with Image.open(talk.parent / "一张图.png") as saved:
        assert saved.size == (40, 30)
    _again(talk, "--add-slides")
    pipeline.build(talk)
    assert _titles(_deck(talk))[7] == "一张图"


def test_a_native_chart_slide_comes_back_as_a_chart(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    new = prs.slides.add_slide(prs.slide_layouts[5])
    new.shapes.title.text = "新图表"
    data = CategoryChartData()
    data.categories = ["美国", "中国"]
    data.add_series("算力", (32, 26.5))
    new.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(914400), Emu(1828800),
                         Emu(5486400), Emu(3200400), data)
    prs.save(str(deck))  # last: after 数字, in chapter 2
    output = _pull(talk, "--add-slides")
    assert "slide 12 '新图表' added as chart, after '数字'" in output
    assert ("      - title: 新图表\n        chart:\n          type: bar\n"
            "          labels: [美国, 中国]\n          series: {算力: [32, 26.5]}\n") in \
        talk.read_text(encoding="utf-8")
    pipeline.build(talk)


def test_deleted_slides_only_with_delete_slides_and_continued_slides_whole(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    ids = prs.slides._sldIdLst
    ids.remove(ids[4])  # 很多要点（续）alone
    ids.remove(ids[5])  # 名言
    prs.save(str(deck))
    before = talk.read_text(encoding="utf-8")
    merges, _ = pull.pull([deck], dry_run=True)
    assert sorted((u.kind, u.message) for u in merges[0].unmapped) == [
        ("delete", "slide 5 '很多要点（续）' (part of '很多要点') was deleted in the deck; its "
                   "bullets stay in the outline: delete them there if you agree"),
        ("delete", "slide 7 '名言' was deleted in the deck; pull with --delete-slides to "
                   "delete it from the outline too, or delete it by hand")]
    output = _pull(talk, "--delete-slides")
    assert ("  outline.yaml:33: slide 7 '名言' deleted, as in the deck\n"
            "    - - title: 名言\n    -   quote: {text: 一句名言, by: 某人}\n"
            "    -   notes: 名言的讲稿。\n") in output
    assert talk.read_text(encoding="utf-8") == before.replace(
        "      - title: 名言\n        quote: {text: 一句名言, by: 某人}\n"
        "        notes: 名言的讲稿。\n", "")
    # both parts deleted: the slide goes, with the comment above it
    guard.WRITTEN.clear()
    pipeline.build(talk, force=True)
    prs = Presentation(str(deck))
    ids = prs.slides._sldIdLst
    ids.remove(ids[3])
    ids.remove(ids[3])
    prs.save(str(deck))
    _pull(talk, "--delete-slides")
    text = talk.read_text(encoding="utf-8")
    assert "很多要点" not in text and "# 要点多，会续页" not in text
    assert "    slides:\n      - title: 对比\n" in text


def test_chapters_reordered_in_the_deck_are_reordered_in_the_outline(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    ids = prs.slides._sldIdLst
    second = list(ids)[7:10]
    for el in second:
        ids.remove(el)
    for n, el in enumerate(second):
        ids.insert(2 + n, el)
    prs.save(str(deck))
    output = _pull(talk)
    assert "  outline.yaml:5: chapter '第二章' moved first\n" in output
    chapters = [c["title"] for c in pull.merge._Outline(talk).value(("chapters",))]
    assert chapters == ["第二章", "第一章"]
    _again(talk)
    pipeline.build(talk)
    assert _titles(deck)[2:5] == ["第二章", "表格", "数字"]


def test_deleted_bullets_are_deleted_where_the_outline_has_them_as_built(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    columns = next(sh for sh in prs.slides[5].shapes if sh.name == "Column 1")
    body = next(sh for sh in prs.slides[3].shapes if sh.name == "Body")
    for p in (columns.text_frame.paragraphs[1]._p, body.text_frame.paragraphs[1]._p,
              body.text_frame.paragraphs[2]._p):  # 资本多, 第2条, 第3条
        p.getparent().remove(p)
    prs.save(str(deck))
    # meanwhile the author rewrote 第3条 in the outline
    text = talk.read_text(encoding="utf-8").replace("第3条要点", "第三条要点")
    talk.write_text(text, encoding="utf-8")
    output = _pull(talk)
    assert "  outline.yaml:12: slide 4, bullet deleted\n    - 第2条要点，" in output
    assert "  outline.yaml:28: slide 6, bullet deleted\n    - 资本多\n" in output
    assert ("  not merged: slide 4: the bullet '第3条要点，写得稍微长一些以便占满一行的位置' was "
            "deleted in the deck, but the outline changed it since the build; kept") in output
    after = talk.read_text(encoding="utf-8")
    assert after == text.replace("          - 第2条要点，写得稍微长一些以便占满一行的位置\n", "").replace(
        "bullets: [算力强, 资本多]", "bullets: [算力强]")
    assert "1 not merged" in _pull(talk)  # the kept bullet is still reported, nothing else
    assert talk.read_text(encoding="utf-8") == after


def test_a_move_that_would_empty_a_chapter_is_reported_not_made(talk: Path) -> None:
    deck = _deck(talk)
    text = talk.read_text(encoding="utf-8")
    short = text.replace("      - title: 数字\n        stats:\n"
                         "          - {value: 910 EFLOPS, label: 全球算力}\n"
                         "        notes: 数字的讲稿。\n", "")
    talk.write_text(short, encoding="utf-8")
    guard.WRITTEN.clear()
    pipeline.build(talk, force=True)
    prs = Presentation(str(deck))
    ids = prs.slides._sldIdLst
    table = list(ids)[8]
    ids.remove(table)
    ids.insert(6, table)  # the only slide of chapter 2, into chapter 1
    prs.save(str(deck))
    merges, _ = pull.pull([deck])
    assert [u.message for u in merges[0].unmapped] == [
        "slide 9 '表格' was moved in the deck, but the outline could not be changed there "
        "(its chapter would have no slide left); do it by hand"]
    assert talk.read_text(encoding="utf-8") == short


def test_a_deleted_agenda_is_reported_with_what_to_do(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    prs.slides._sldIdLst.remove(prs.slides._sldIdLst[1])
    prs.save(str(deck))
    merges, _ = pull.pull([deck], delete_slides=True)
    assert [(u.kind, u.message) for u in merges[0].unmapped] == [
        ("delete", "slide 2 '目录' was deleted in the deck, but deckgen makes it at every build: "
                   "set `agenda: false` under `deck:` to leave it out")]


def test_two_decks_one_moves_a_slide_the_other_edits_it(talk: Path, tmp_path: Path) -> None:
    deck = _deck(talk)
    moved, edited = tmp_path / "甲.pptx", tmp_path / "乙.pptx"
    prs = Presentation(str(deck))
    ids = prs.slides._sldIdLst
    quote = list(ids)[6]
    ids.remove(quote)
    ids.insert(5, quote)  # 名言 before 对比
    prs.save(str(moved))
    prs = Presentation(str(deck))
    heading = next(sh for sh in prs.slides[5].shapes if sh.name == "Column heading 1")
    heading.text_frame.paragraphs[0].runs[0].text = "美国（改）"
    prs.save(str(edited))
    result = CliRunner().invoke(cli, ["pull", str(moved), str(edited), "--outline", str(talk)])
    assert result.exit_code == 0, result.output
    text = talk.read_text(encoding="utf-8")
    assert ("      - title: 名言\n        quote: {text: 一句名言, by: 某人}\n"
            "        notes: 名言的讲稿。\n      - title: 对比\n        columns:\n"
            "          - heading: 美国（改）\n") in text
