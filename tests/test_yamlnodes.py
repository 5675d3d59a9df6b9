"""List items moved, inserted and deleted in YAML text: comments go with their item,
indentation follows the target list, flow lists stay flow, CRLF stays CRLF, and a change
that would not load as intended changes nothing."""

from __future__ import annotations

import pytest
import yaml

from deckgen.yamlnodes import (
    YamlNodeError,
    add_key,
    count,
    insert_item,
    item_from_block,
    item_line,
    remove_item,
    replace_item,
    scalar,
)

OUTLINE = """\
chapters:
  - title: 第一章
    slides:
      # 开篇：先讲背景
      - title: 开篇   # the first slide
        bullets: [第一条, 第二条]
        notes: |
          # 这不是注释，是讲稿
          第二行。

      - title: 对比
        columns:
          - heading: 美国
            bullets: [算力强]
          - heading: 中国
            bullets: [应用多]
  # ===== 第二章 =====
  - include: two.yaml
"""

CHAPTER = """\
title: 第二章
slides:
- title: 数据
  table: {header: [a, b], rows: [[1, 2]]}
- {title: 数字, stats: [{value: 1, label: x}]}
"""

SLIDES = ("chapters", 0, "slides")


def test_removing_an_item_takes_its_comments_and_its_blank_separator() -> None:
    out, item = remove_item(OUTLINE, SLIDES, 0)
    assert item.block == ("# 开篇：先讲背景\n- title: 开篇   # the first slide\n"
                          "  bullets: [第一条, 第二条]\n  notes: |\n"
                          "    # 这不是注释，是讲稿\n    第二行。\n")
    assert item.data["notes"] == "# 这不是注释，是讲稿\n第二行。\n"
    assert out == OUTLINE.replace(
        "      # 开篇：先讲背景\n      - title: 开篇   # the first slide\n"
        "        bullets: [第一条, 第二条]\n        notes: |\n"
        "          # 这不是注释，是讲稿\n          第二行。\n\n", "")


def test_an_item_moved_to_another_file_is_indented_for_that_list() -> None:
    _, item = remove_item(OUTLINE, SLIDES, 0)
    out, line = insert_item(CHAPTER, ("slides",), 1, item)
    assert out == ("title: 第二章\nslides:\n- title: 数据\n"
                   "  table: {header: [a, b], rows: [[1, 2]]}\n"
                   "# 开篇：先讲背景\n- title: 开篇   # the first slide\n"
                   "  bullets: [第一条, 第二条]\n  notes: |\n"
                   "    # 这不是注释，是讲稿\n    第二行。\n"
                   "- {title: 数字, stats: [{value: 1, label: x}]}\n")
    assert line == 6  # the item's own line, below its comment
    # and back, deeper indented, at the end of the list: not under the chapter comment
    _, flow_item = remove_item(CHAPTER, ("slides",), 1)
    assert flow_item.block == "- {title: 数字, stats: [{value: 1, label: x}]}\n"
    back, line = insert_item(OUTLINE, SLIDES, 2, flow_item)
    assert back.endswith("            bullets: [应用多]\n"
                         "\n      - {title: 数字, stats: [{value: 1, label: x}]}\n"
                         "  # ===== 第二章 =====\n  - include: two.yaml\n")
    assert line == 18


def test_a_move_within_a_list_keeps_blank_line_separators() -> None:
    out, item = remove_item(OUTLINE, SLIDES, 1)
    out, _ = insert_item(out, SLIDES, 0, item)
    assert yaml.safe_load(out)["chapters"][0]["slides"][0]["title"] == "对比"
    assert "          - heading: 中国\n            bullets: [应用多]\n\n      # 开篇：先讲背景\n" \
        in out
    assert out.endswith("          第二行。\n  # ===== 第二章 =====\n  - include: two.yaml\n")


def test_flow_lists_stay_flow() -> None:
    key = (*SLIDES, 0, "bullets")
    out, line = insert_item(OUTLINE, key, 1, item_from_block("- 新的, 一条\n"))
    assert "        bullets: [第一条, '新的, 一条', 第二条]\n" in out
    assert line == 6
    out, item = remove_item(out, key, 2)
    assert item.flow == "第二条"
    assert "        bullets: [第一条, '新的, 一条']\n" in out
    out, _ = remove_item(out, key, 0)
    out, _ = remove_item(out, key, 0)
    assert "        bullets: []\n" in out
    out, _ = insert_item(out, key, 0, item_from_block("- 只有一条\n"))
    assert "        bullets: [只有一条]\n" in out


def test_a_block_item_into_a_flow_list_is_written_flow() -> None:
    text = "slides: [{title: a, bullets: [x]}]\n"
    item = item_from_block("# c\n- title: b\n  bullets:\n    - y\n")
    out, _ = insert_item(text, ("slides",), 1, item)
    assert out == "slides: [{title: a, bullets: [x]}, {title: b, bullets: [y]}]\n"


def test_the_last_item_of_a_file_without_a_final_newline() -> None:
    text = "slides:\n  - title: a\n  - title: b"
    out, item = remove_item(text, ("slides",), 1)
    assert out == "slides:\n  - title: a\n" and item.block == "- title: b\n"
    out, _ = insert_item("slides:\n  - title: a", ("slides",), 1, item)
    assert out == "slides:\n  - title: a\n  - title: b\n"


def test_crlf_files_stay_crlf() -> None:
    text = OUTLINE.replace("\n", "\r\n")
    out, item = remove_item(text, SLIDES, 1)
    assert "\r\n" in out and "\n" not in out.replace("\r\n", "")
    assert "\r" not in item.block
    out, _ = insert_item(out, SLIDES, 0, item)
    assert "\n" not in out.replace("\r\n", "")
    assert [s["title"] for s in yaml.safe_load(out)["chapters"][0]["slides"]] == ["对比", "开篇"]
    assert item_line(out, SLIDES, 1) == 12


def test_the_only_item_of_a_block_list_leaves_an_empty_list() -> None:
    text = "a:\n  sub:\n    - x   # only\n  text: y\n"
    out, _ = remove_item(text, ("a", "sub"), 0)
    assert out == "a:\n  sub: []\n  text: y\n"


def test_replace_and_add_key() -> None:
    text = "bullets:\n  - 一条  # keep\n  - 二条\n"
    out = replace_item(text, ("bullets",), 0, item_from_block("- text: 一条\n  sub: [细节]\n"))
    assert out == "bullets:\n  - text: 一条\n    sub: [细节]\n  - 二条\n"
    out = add_key("b:\n  - text: x\n    y: 1\n", ("b", 0), "sub", ["s"])
    assert out == "b:\n  - text: x\n    y: 1\n    sub: [s]\n"
    assert add_key("b: [{text: x}]\n", ("b", 0), "sub", ["s"]) == "b: [{text: x, sub: [s]}]\n"


def test_scalars_load_back_as_the_same_text() -> None:
    for text in ("普通", "a: b", "- x", "[x]", "#x", "yes", "1.5", "'q'", "a, b", "é\u2028f",
                 "line\nbreak", " lead"):
        s = scalar(text)
        assert yaml.safe_load(f"- {s}\n") == [text], s
        assert yaml.safe_load(f"[{s}]\n") == [text], s


def test_what_cannot_be_done_changes_nothing_and_says_why() -> None:
    with pytest.raises(YamlNodeError, match=r"chapters\[0\]\.title is not a list"):
        remove_item(OUTLINE, ("chapters", 0, "title"), 0)
    with pytest.raises(YamlNodeError, match=r"has no item 5"):
        remove_item(OUTLINE, SLIDES, 5)
    with pytest.raises(YamlNodeError, match=r"cannot remove the only item"):
        remove_item("- a\n", (), 0)
    with pytest.raises(YamlNodeError, match="not valid YAML"):
        count("a: [\n", ("a",))
    assert count(OUTLINE, SLIDES) == 2
