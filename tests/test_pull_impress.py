"""The deck's structure comes back from LibreOffice Impress as the real editor: slides
swapped in a chapter, a slide moved into a chapter that lives in an included file, a
bullet edited with a new one typed after it, a slide duplicated and one deleted. Each: the
build refuses to overwrite the edited deck, the pull writes exactly the expected lines
(comments included), a rebuild carries the change and a second pull finds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from deckgen import guard, pipeline
from deckgen.cli import cli
from impress import Impress, edit_in_impress

pytestmark = pytest.mark.render

OUTLINE = """\
# yaml-language-server: $schema=outline.schema.json
deck:
  title: 合作者测试
  authors: [甲同学, 乙同学]
chapters:
  # ===== 第一章：甲同学 =====
  - title: 第一章
    presenter: 甲同学
    slides:
      # 开篇：先讲背景
      - title: 开篇   # the first slide
        bullets:
          - 第一条要点
          - text: 第二条要点
            sub: [细节一]
        notes: 开篇的讲稿。

      - title: 对比
        columns:
          - heading: 美国
            bullets: [算力强, 资本多]
          - heading: 中国
            bullets: [应用多, 数据多]
        notes: 对比的讲稿。
        sources: [某报告]

      - title: 名言
        quote: {text: 一句名言, by: 某人}
        notes: 名言的讲稿。

  # ===== 第二章：乙同学 =====
  - include: chapters/two.yaml
"""

CHAPTER = """\
# 乙同学负责的一章
title: 第二章
presenter: 乙同学
slides:
  - title: 数据对比
    table:
      header: [指标, 美国, 中国]
      rows:
        - [论文, 多, 少]
    notes: 这一页讲表格。

  - title: 关键数字
    stats:
      - {value: 910 EFLOPS, label: 全球算力规模}
    notes: 数字页的讲稿。
"""

OPENING = """\
      # 开篇：先讲背景
      - title: 开篇   # the first slide
        bullets:
          - 第一条要点
          - text: 第二条要点
            sub: [细节一]
        notes: 开篇的讲稿。

"""
QUOTE = """\

      - title: 名言
        quote: {text: 一句名言, by: 某人}
        notes: 名言的讲稿。
"""
HANDOVER = "接下来有请乙同学为大家介绍第二章。"


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "two.yaml").write_text(CHAPTER, encoding="utf-8")
    pipeline.build(outline)
    guard.WRITTEN.clear()  # as if the deck came back a day later, to a new process
    return outline


def _deck(outline: Path) -> Path:
    return outline.parent / "output" / "outline.pptx"


def _chapter(outline: Path) -> Path:
    return outline.parent / "chapters" / "two.yaml"


def _slides(deck: Path) -> list[tuple[str, list[str], str]]:
    """Every slide's title, other texts and notes, in show order."""
    out = []
    for s in Presentation(str(deck)).slides:
        title = s.shapes.title.text_frame.text if s.shapes.title is not None else ""
        shown = [sh for sh in s.shapes if sh.has_text_frame and not (
            sh.is_placeholder and sh.placeholder_format.type in (1, 3, 13, 15, 16))]
        texts = [p.text for sh in shown for p in sh.text_frame.paragraphs if p.text]
        out.append((title, texts, s.notes_slide.notes_text_frame.text))
    return out


def _pull(talk: Path, *args: str) -> str:
    deck = _deck(talk)
    refused = CliRunner().invoke(cli, ["build", str(talk)])
    assert refused.exit_code == 1, refused.output
    assert "was edited after deckgen built it" in refused.output
    result = CliRunner().invoke(cli, ["pull", str(deck), *args])
    assert result.exit_code == 0, result.output
    return result.output.replace(str(talk.parent) + "/", "")


def _rebuild_and_pull_again(talk: Path, *args: str) -> list[tuple[str, list[str], str]]:
    """Rebuild (the guard lets it: the deck's edits are in the outline now), read the new
    deck, and check that pulling the edited deck once more changes nothing."""
    deck = _deck(talk)
    edited = deck.with_name("edited.pptx")
    edited.write_bytes(deck.read_bytes())
    files = {p: p.read_text(encoding="utf-8") for p in (talk, _chapter(talk))}
    again = CliRunner().invoke(cli, ["pull", str(edited), "--outline", str(talk), *args])
    assert again.exit_code == 0, again.output
    assert "nothing to bring back" in again.output, again.output
    assert {p: p.read_text(encoding="utf-8") for p in files} == files
    report = pipeline.build(talk)
    assert report.kept is None
    return _slides(deck)


def test_two_slides_swapped_within_a_chapter(talk: Path, impress: Impress) -> None:
    edit_in_impress(_deck(talk), _deck(talk), [{"op": "move_slide", "slide": 6, "to": 5}],
                    impress)
    output = _pull(talk)
    # one move explains the new order (either slide's; deckgen names one)
    assert "  outline.yaml:22: slide 5 '对比' moved after '名言' (now slide 6)\n" in output
    assert "  0 texts changed, 1 slide moved, 0 conflicts, 0 not merged" in output
    after = OUTLINE.replace(QUOTE, "").replace(
        OPENING, OPENING + QUOTE.lstrip("\n") + "\n")
    assert talk.read_text(encoding="utf-8") == after
    assert _chapter(talk).read_text(encoding="utf-8") == CHAPTER
    slides = _rebuild_and_pull_again(talk)
    assert [t for t, _, _ in slides[3:6]] == ["开篇", "名言", "对比"]
    # the hand-over to the next presenter is on the chapter's new last slide, once
    assert slides[5][2] == "对比的讲稿。" + HANDOVER and slides[4][2] == "名言的讲稿。"


def test_a_slide_moved_into_a_chapter_in_an_included_file(talk: Path,
                                                          impress: Impress) -> None:
    edit_in_impress(_deck(talk), _deck(talk), [{"op": "move_slide", "slide": 4, "to": 8}],
                    impress)
    output = _pull(talk)
    assert ("  chapters/two.yaml:13: slide 4 '开篇' moved into chapter '第二章', after "
            "'数据对比' (now slide 8)\n") in output
    assert talk.read_text(encoding="utf-8") == OUTLINE.replace(OPENING, "")
    moved = "".join(line[4:] + "\n" if line.strip() else "\n"
                    for line in OPENING.splitlines())
    assert _chapter(talk).read_text(encoding="utf-8") == CHAPTER.replace(
        "  - title: 关键数字", moved + "  - title: 关键数字")
    slides = _rebuild_and_pull_again(talk)
    assert [t for t, _, _ in slides] == ["合作者测试", "目录", "第一章", "对比", "名言", "第二章",
                                         "数据对比", "开篇", "关键数字", "资料来源", "谢谢大家"]
    assert slides[7][1:] == (["第一条要点", "第二条要点", "细节一"], "开篇的讲稿。")
    assert slides[4][2] == "名言的讲稿。" + HANDOVER  # still the last slide of chapter 1


def test_a_bullet_edited_with_a_new_bullet_typed_after_it(talk: Path,
                                                         impress: Impress) -> None:
    edit_in_impress(_deck(talk), _deck(talk), [
        {"op": "replace_text", "slide": 4, "old": "第一条要点", "new": "第一条要点（改）\n新打的一条"},
        {"op": "replace_text", "slide": 4, "old": "细节一", "new": "细节一\n细节二"}], impress)
    output = _pull(talk)
    assert ("  outline.yaml:13:13: slide 4, bullet (chapters[0].slides[0].bullets[0])\n"
            "    - 第一条要点\n    + 第一条要点（改）\n"
            "  outline.yaml:14: slide 4, new bullet after '第一条要点（改）'\n    + 新打的一条\n"
            "  outline.yaml:16: slide 4, new sub-bullet after '细节一'\n    + 细节二\n"
            "  1 text changed, 2 bullets added, 0 conflicts, 0 not merged") in output
    assert talk.read_text(encoding="utf-8") == OUTLINE.replace(
        "          - 第一条要点\n", "          - 第一条要点（改）\n          - 新打的一条\n").replace(
        "sub: [细节一]", "sub: [细节一, 细节二]")
    slides = _rebuild_and_pull_again(talk)
    assert slides[3][1] == ["第一条要点（改）", "新打的一条", "第二条要点", "细节一", "细节二"]


def test_a_duplicated_slide_added_and_a_deleted_slide_deleted(talk: Path,
                                                             impress: Impress) -> None:
    edit_in_impress(_deck(talk), _deck(talk), [
        {"op": "duplicate_slide", "slide": 5},
        {"op": "replace_text", "slide": 6, "old": "美国", "new": "欧洲"},
        {"op": "replace_text", "slide": 6, "old": "对比", "new": "欧洲对比"},
        {"op": "delete_slide", "slide": 7}], impress)
    plain = CliRunner().invoke(cli, ["pull", str(_deck(talk)), "--dry-run"])
    assert ("  not merged: slide 6 '名言' was deleted in the deck; pull with --delete-slides to "
            "delete it from the outline too, or delete it by hand\n") in plain.output
    assert ("  not merged: slide 6 '欧洲对比' (columns) was added by hand after slide 5 '对比'; "
            "pull with --add-slides to add it to the outline, or paste it\n") in plain.output
    output = _pull(talk, "--add-slides", "--delete-slides")
    added = ("      - title: 欧洲对比\n        columns:\n          - heading: 欧洲\n"
             "            bullets:\n              - 算力强\n              - 资本多\n"
             "          - heading: 中国\n            bullets:\n              - 应用多\n"
             "              - 数据多\n        notes: |\n          对比的讲稿。\n")
    assert "  outline.yaml:27: slide 6 '名言' deleted, as in the deck\n" in output
    assert "  outline.yaml:27: slide 6 '欧洲对比' added as columns, after '对比'\n" in output
    assert talk.read_text(encoding="utf-8") == OUTLINE.replace(QUOTE, "\n" + added)
    slides = _rebuild_and_pull_again(talk, "--add-slides", "--delete-slides")
    assert [t for t, _, _ in slides[3:7]] == ["开篇", "对比", "欧洲对比", "第二章"]
    assert slides[5][1] == ["欧洲", "算力强", "资本多", "中国", "应用多", "数据多"]
    assert slides[5][2] == "对比的讲稿。" + HANDOVER
