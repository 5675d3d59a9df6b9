"""yamledit: scalar values edited in place, every other byte of the file kept."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deckgen import yamledit
from deckgen.rules import as_text as deck_text
from deckgen.source import Key, load
from deckgen.yamledit import YamlEditError, edit_scalars, loads_as

REPO = Path(__file__).resolve().parents[1]
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]

# An outline with a value in every scalar style: plain (with a comment after it),
# single- and double-quoted, literal (clip, strip, keep, with indentation indicator and a
# header comment), folded, items of flow lists and values of flow mappings, numbers, a date.
OUTLINE = """\
# yaml-language-server: $schema=outline.schema.json
deck:
  title: 中美人工智能领域的竞赛   # the talk's title
  subtitle: '从 AI 看中国科技如何自立自强'
  event: "形势与政策课程汇报"
  authors: [汇报人甲, '汇报人乙', "汇报人丙"]
  date: 2025-05-20
  duration: 20

chapters:
  # ============ 第一章 ============
  - title: 研究背景和意义
    presenter: 汇报人甲
    notes: |
      第一行讲稿。
      第二行讲稿。

    slides:
      - title: 我们必须赶上
        bullets:
          - 中国：这一轮科技革命不容错过
          - text: 人工智能：重塑生产与生活
            sub: [子要点一, 'Sub point two']
          - {text: 'a flow bullet', sub: [x, "y"]}
        notes: >
          Folded notes that wrap
          across two lines.

          A second paragraph.
      - title: 全球算力分布
        chart:
          type: donut
          labels: [美国, 中国, 其他]
          series: {算力占比: [32, 26, 42]}
          unit: "%"
          source: 中国信息安全 2024
        notes: |-  # strip the last line break
          2023 年全球算力规模达到 910 EFLOPS。
      - title: 中美对比
        table:
          header: [维度, 美国, 中国]
          rows:
            - [科研, 高质量论文约为中国 2 倍, 发文总量居前]
            - [数据, Apple Pay 月活约 5580 万, 9.69]
        notes: |2+
            两个空格开头的一行
          第二行

      - title: 结语
        quote:
          text: 在所有政府中，最早看清 AI 真正分量的或许就是中国。
          by: 赫拉利
        notes: 一段普通讲稿
          跨两行写的纯文本
  - include: chapters/03-trump.yaml   # a chapter in its own file
"""


def variants() -> list[tuple[str, str]]:
    return [("lf", OUTLINE), ("crlf", OUTLINE.replace("\n", "\r\n")),
            ("bom", "\ufeff" + OUTLINE)]


def scalars(text: str) -> dict[Key, yaml.ScalarNode]:
    """Every scalar value of the file by key path, as PyYAML composes it."""
    out: dict[Key, yaml.ScalarNode] = {}

    def walk(node: yaml.Node, path: Key) -> None:
        if isinstance(node, yaml.ScalarNode):
            out[path] = node
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))
        else:
            for k, v in node.value:
                walk(v, (*path, k.value))

    walk(yaml.compose(text, Loader=yaml.SafeLoader), ())
    return out


def value_at(data: Any, path: Key) -> Any:
    for part in path:
        data = data[part]
    return data


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def assert_edited(before: str, after: str, edits: dict[Key, str]) -> None:
    """After loads (both loaders) with each edited key as its new text, all else equal."""
    for loader in LOADERS:
        old, new = yaml.load(before, Loader=loader), yaml.load(after, Loader=loader)
        for path, text in edits.items():
            got = value_at(new, path)
            assert loads_as(got, text), (path, got, text)
            holder = value_at(old, path[:-1])
            holder[path[-1]] = got
        assert same(old, new)


def edit(text: str, path: Key, new: str) -> str:
    out = edit_scalars(text, {path: new})
    assert_edited(text, out, {path: new})
    return out


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines that differ, between the common first and last lines."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return a[head:len(a) - tail], b[head:len(b) - tail]


# ---------------------------------------------------------------- exact output per style

@pytest.mark.parametrize(("path", "new", "old_line", "new_line"), [
    (("deck", "title"), "新的标题", "  title: 中美人工智能领域的竞赛   # the talk's title\n",
     "  title: 新的标题   # the talk's title\n"),
    (("deck", "title"), "标题: 冒号", None, "  title: '标题: 冒号'   # the talk's title\n"),
    (("deck", "title"), "a #hash", None, "  title: 'a #hash'   # the talk's title\n"),
    (("deck", "title"), "a#b:c", None, "  title: a#b:c   # the talk's title\n"),
    (("deck", "title"), "- dash", None, "  title: '- dash'   # the talk's title\n"),
    (("deck", "title"), "yes", None, "  title: 'yes'   # the talk's title\n"),
    (("deck", "title"), "1.0", None, "  title: '1.0'   # the talk's title\n"),
    (("deck", "title"), "2024-05-20", None, "  title: '2024-05-20'   # the talk's title\n"),
    (("deck", "title"), "~", None, "  title: '~'   # the talk's title\n"),
    (("deck", "title"), " 前后空格 ", None, "  title: ' 前后空格 '   # the talk's title\n"),
    (("deck", "title"), "it's", None, "  title: it's   # the talk's title\n"),
    (("deck", "title"), "'引号", None, "  title: \"'引号\"   # the talk's title\n"),
    (("deck", "title"), "'a' \"b\"", None, "  title: '''a'' \"b\"'   # the talk's title\n"),
    (("deck", "title"), "", None, "  title: ''   # the talk's title\n"),
    (("deck", "title"), "响\x07铃", None, '  title: "响\\a铃"   # the talk\'s title\n'),
    (("deck", "subtitle"), "it's", "  subtitle: '从 AI 看中国科技如何自立自强'\n",
     "  subtitle: 'it''s'\n"),
    (("deck", "subtitle"), "yes: no", None, "  subtitle: 'yes: no'\n"),
    (("deck", "event"), 'say "hi" \\ ok', '  event: "形势与政策课程汇报"\n',
     '  event: "say \\"hi\\" \\\\ ok"\n'),
    (("deck", "event"), "two\nlines", None, '  event: "two\\nlines"\n'),
    (("deck", "duration"), "25", "  duration: 20\n", "  duration: 25\n"),
    (("deck", "duration"), "25.5", None, "  duration: 25.5\n"),
    (("deck", "duration"), "twenty", None, "  duration: twenty\n"),
    (("deck", "date"), "2025-06-01", "  date: 2025-05-20\n", "  date: 2025-06-01\n"),
    (("deck", "date"), "2025年6月1日", None, "  date: 2025年6月1日\n"),
])
def test_one_line_values(path: Key, new: str, old_line: str | None, new_line: str) -> None:
    out = edit(OUTLINE, path, new)
    removed, added = changed_lines(OUTLINE, out)
    assert added == [new_line]
    if old_line is not None:
        assert removed == [old_line]


@pytest.mark.parametrize(("path", "new", "line"), [
    (("deck", "authors", 0), "甲乙", "  authors: [甲乙, '汇报人乙', \"汇报人丙\"]\n"),
    (("deck", "authors", 0), "a, b", "  authors: ['a, b', '汇报人乙', \"汇报人丙\"]\n"),
    (("deck", "authors", 0), "[x]", "  authors: ['[x]', '汇报人乙', \"汇报人丙\"]\n"),
    (("deck", "authors", 0), "a:b", "  authors: [a:b, '汇报人乙', \"汇报人丙\"]\n"),
    (("deck", "authors", 0), "a: b", "  authors: ['a: b', '汇报人乙', \"汇报人丙\"]\n"),
    (("deck", "authors", 1), "it's", "  authors: [汇报人甲, 'it''s', \"汇报人丙\"]\n"),
    (("deck", "authors", 1), "两\n行", "  authors: [汇报人甲, \"两\\n行\", \"汇报人丙\"]\n"),
    (("deck", "authors", 2), "say \"x\"", "  authors: [汇报人甲, '汇报人乙', \"say \\\"x\\\"\"]\n"),
    (("chapters", 0, "slides", 1, "chart", "series", "算力占比", 1), "920",
     "          series: {算力占比: [32, 920, 42]}\n"),
    (("chapters", 0, "slides", 1, "chart", "series", "算力占比", 1), "x}",
     "          series: {算力占比: [32, 'x}', 42]}\n"),
    (("chapters", 0, "slides", 0, "bullets", 2, "text"), "{新}",
     "          - {text: '{新}', sub: [x, \"y\"]}\n"),
    (("chapters", 0, "slides", 0, "bullets", 2, "text"), "行一\n行二",
     "          - {text: \"行一\\n行二\", sub: [x, \"y\"]}\n"),
    (("chapters", 0, "slides", 0, "bullets", 2, "sub", 0), "普通",
     "          - {text: 'a flow bullet', sub: [普通, \"y\"]}\n"),
])
def test_flow_items(path: Key, new: str, line: str) -> None:
    out = edit(OUTLINE, path, new)
    assert changed_lines(OUTLINE, out)[1] == [line]


def test_literal_keeps_its_header_and_picks_chomping() -> None:
    path: Key = ("chapters", 0, "notes")
    clip = edit(OUTLINE, path, "新的第一行\n新的第二行\n")
    assert changed_lines(OUTLINE, clip) == (
        ["      第一行讲稿。\n", "      第二行讲稿。\n"], ["      新的第一行\n", "      新的第二行\n"])
    strip = edit(OUTLINE, path, "只有一行")
    assert changed_lines(OUTLINE, strip) == (
        ["    notes: |\n", "      第一行讲稿。\n", "      第二行讲稿。\n"],
        ["    notes: |-\n", "      只有一行\n"])
    keep = edit(OUTLINE, path, "a\n\n\n")
    assert "    notes: |+\n      a\n\n\n    slides:\n" in keep
    indented = edit(OUTLINE, path, "  缩进开头\n第二行\n")
    assert "    notes: |2\n        缩进开头\n      第二行\n\n    slides:" in indented


def test_strip_header_comment_and_indentation_indicator_stay() -> None:
    out = edit(OUTLINE, ("chapters", 0, "slides", 1, "notes"), "新讲稿\n")
    assert "        notes: |  # strip the last line break\n          新讲稿\n      - title: 中美对比" \
        in out
    keep = edit(OUTLINE, ("chapters", 0, "slides", 2, "notes"), "新\n")
    assert "        notes: |2\n          新\n      - title: 结语" in keep
    kept = edit(OUTLINE, ("chapters", 0, "slides", 2, "notes"), "  空格\n\n")
    assert "        notes: |2+\n            空格\n\n      - title: 结语" in kept


def test_folded_rewraps_at_the_original_width() -> None:
    path: Key = ("chapters", 0, "slides", 0, "notes")
    out = edit(OUTLINE, path, "Folded notes that wrap across two lines, edited.\n"
               "A second paragraph.\nA third.\n")
    assert changed_lines(OUTLINE, out)[1] == ["          across two lines,\n",
        "          edited.\n", "\n", "          A second paragraph.\n", "\n",
        "          A third.\n"]
    indented = edit(OUTLINE, path, "line\n  more indented\nback\n")
    assert "        notes: >\n          line\n            more indented\n          back\n" \
        in indented


def test_plain_or_quoted_many_lines_become_a_literal_block() -> None:
    out = edit(OUTLINE, ("deck", "title"), "第一行\n第二行")
    assert changed_lines(OUTLINE, out)[1] == [
        "  title: |-   # the talk's title\n", "    第一行\n", "    第二行\n"]
    item = edit(OUTLINE, ("chapters", 0, "slides", 0, "bullets", 0), "一\n二\n")
    assert changed_lines(OUTLINE, item)[1] == [
        "          - |\n", "            一\n", "            二\n"]
    quoted = edit(OUTLINE, ("deck", "subtitle"), "一\n二\n")
    assert changed_lines(OUTLINE, quoted)[1] == ["  subtitle: |\n", "    一\n", "    二\n"]
    multi = edit(OUTLINE, ("chapters", 0, "slides", 3, "notes"), "单行")
    assert changed_lines(OUTLINE, multi) == (
        ["        notes: 一段普通讲稿\n", "          跨两行写的纯文本\n"],
        ["        notes: 单行\n"])


def test_crlf_and_bom_are_kept() -> None:
    text = "\ufeff" + OUTLINE.replace("\n", "\r\n")
    out = edit_scalars(text, {("deck", "title"): "新标题", ("chapters", 0, "notes"): "甲\n乙\n",
                              ("deck", "event"): "x\ny"})
    assert_edited(text, out, {("deck", "title"): "新标题", ("chapters", 0, "notes"): "甲\n乙\n",
                              ("deck", "event"): "x\ny"})
    assert out.startswith("\ufeff# yaml-language-server")
    assert "\n" not in out.replace("\r\n", "")
    assert "    notes: |\r\n      甲\r\n      乙\r\n\r\n    slides:" in out
    assert out == text.replace("中美人工智能领域的竞赛   #", "新标题   #") \
        .replace("      第一行讲稿。\r\n      第二行讲稿。", "      甲\r\n      乙") \
        .replace('"形势与政策课程汇报"', '"x\\ny"')


def test_many_edits_at_once_touch_only_their_values() -> None:
    edits: dict[Key, str] = {
        ("deck", "title"): "T", ("deck", "authors", 2): "丙", ("chapters", 0, "title"): "第一章",
        ("chapters", 0, "slides", 2, "table", "rows", 1, 2): "9.7",
        ("chapters", 0, "slides", 3, "quote", "by"): "Harari: 2024"}
    out = edit_scalars(OUTLINE, edits)
    assert_edited(OUTLINE, out, edits)
    expected = (OUTLINE.replace("中美人工智能领域的竞赛   #", "T   #")
                .replace('"汇报人丙"', '"丙"').replace("  - title: 研究背景和意义", "  - title: 第一章")
                .replace("5580 万, 9.69]", "5580 万, 9.7]").replace("by: 赫拉利", "by: 'Harari: 2024'"))
    assert out == expected


def test_anchors_and_tags_before_a_value_stay() -> None:
    text = "a: &x plain\nb: !!str 12\nc: &y |\n  text\nd: 1\n"
    assert edit_scalars(text, {("a",): "new", ("b",): "13", ("c",): "new\n"}) == \
        "a: &x new\nb: !!str '13'\nc: &y |\n  new\nd: 1\n"


def test_an_empty_value_can_be_filled() -> None:
    assert edit_scalars("notes:\nnext: 1\n", {("notes",): "讲稿"}) == "notes: 讲稿\nnext: 1\n"
    assert edit_scalars("notes:\nnext: 1\n", {("notes",): "a\nb\n"}) == \
        "notes: |\n  a\n  b\nnext: 1\n"


def test_a_style_that_would_not_read_back_falls_back_to_double_quotes() -> None:
    # The comment line is deeper than the new literal block's body would be, so it would
    # become part of the value; the check after editing catches it.
    text = "a: plain\n    # a deep comment\nb: 1\n"
    assert edit_scalars(text, {("a",): "x\ny"}) == 'a: "x\\ny"\n    # a deep comment\nb: 1\n'


def test_an_edit_that_still_does_not_read_back_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamledit, "double_quoted", lambda new: '"wrong"')
    with pytest.raises(YamlEditError) as err:
        edit_scalars('a: "x"\nb: y\n', {("a",): "x\ny"})
    assert str(err.value) == ("a: the edited file would not load with the new values unchanged "
                              "elsewhere, so it was not written")


def test_characters_only_escapes_can_hold_are_double_quoted() -> None:
    for new, written in [("a\x85b", '"a\\Nb"'), ("a\u2028b", '"a\\Lb"'), ("a\rb", '"a\\rb"'),
                         ("tab\there", "'tab\there'"), ("\ufeffbom", '"\\uFEFFbom"'),
                         ("a\x01\n", '"a\\x01\\n"')]:
        out = edit("k: |\n  x\n", ("k",), new) if "\n" in new else edit("k: x\n", ("k",), new)
        assert out.startswith(f"k: {written}"), (new, out)


# ---------------------------------------------------------------- refused edits

@pytest.mark.parametrize(("text", "path", "message"), [
    (OUTLINE, ("deck", "nope"), "deck.nope: deck has no key 'nope'"),
    (OUTLINE, ("deck", "authors"), "deck.authors is a list, not a single value"),
    (OUTLINE, ("chapters", 0, "slides", 0, "bullets", 1),
     "chapters[0].slides[0].bullets[1] is a mapping, not a single value"),
    (OUTLINE, ("deck", "authors", 5),
     "deck.authors[5]: deck.authors is a list of 3 item(s); there is no item [5]"),
    (OUTLINE, ("deck", "title", "x"), "deck.title.x: deck.title is a single value, not a "
     "mapping or list"),
    ("base: &b {unit: '%'}\nc: *b\n", ("c", "unit"),
     "c.unit: c is an alias (*b); edit the anchored value it repeats instead"),
    ("a: &s val\nb: *s\n", ("b",), "b: b is an alias (*s); edit the anchored value it repeats "
     "instead"),
    ("a: &s val\nb: *s\n", ("a",), "a: the value is shared through the anchor &s; editing it "
     "would change every alias (*name) of it too"),
    ("base: &b {unit: '%'}\nc: *b\n", ("base", "unit"), "base.unit: base is shared through "
     "the anchor &b; editing it would change every alias (*name) of it too"),
    ("base: &b {unit: '%'}\nf:\n  <<: *b\n", ("f", "unit"), "f.unit: f has no key 'unit' of "
     "its own (a `<<:` merge may bring it in; edit the anchored mapping instead)"),
    ("", ("a",), "a: the file is empty"),
])
def test_keys_that_are_not_one_value_are_refused(text: str, path: Key, message: str) -> None:
    with pytest.raises(YamlEditError) as err:
        edit_scalars(text, {path: "x"})
    assert str(err.value) == message


def test_a_file_that_is_not_yaml_is_refused() -> None:
    with pytest.raises(YamlEditError, match=r"^the file is not valid YAML, so nothing was "
                                            r"edited: mapping values are not allowed here"):
        edit_scalars("a: b: c\n", {("a",): "x"})


def test_no_edits_returns_the_text() -> None:
    assert edit_scalars("a: [1\n", {}) == "a: [1\n"


def test_loads_as_reads_numbers_and_dates_as_deckgen_shows_them() -> None:
    for value in (920, 1.5, 1234567.0, dt.date(2025, 5, 20), dt.datetime(2025, 5, 20, 9, 30)):
        assert loads_as(value, deck_text(value))
    assert not loads_as(1.1, "1.10")
    assert not loads_as(True, "True")
    assert not loads_as(None, "")


def test_the_sample_outline_survives_every_string_edited(tmp_path: Path) -> None:
    text = (REPO / "outline.yaml").read_text(encoding="utf-8")
    paths = [p for p, n in scalars(text).items() if n.tag.endswith(":str")]
    edits = {p: ["新的: 文字 #1", "yes", "a\nb\n", "  x", "普通文字", "it's"][i % 6]
             for i, p in enumerate(paths)}
    out = edit_scalars(text, edits)
    assert_edited(text, out, edits)
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in out.splitlines() if line.lstrip().startswith("#")] == comments
    (tmp_path / "outline.yaml").write_text(out, encoding="utf-8")
    assert value_at(load(tmp_path / "outline.yaml").data, paths[0]) == edits[paths[0]]


# ---------------------------------------------------------------- properties

PIECES = st.sampled_from([
    "中美", "人工智能", "😀", "👩‍💻", "'", '"', ":", ": ", " #", "#", "-", "- ", "? ", "*", "&",
    "!", "%", "@", "`", "{", "}", "[", "]", ",", "\\", "\n", "\n\n", " ", "  ", "\t", "yes",
    "no", "null", "~", "true", "1.0", "920", "0x1F", "2024-05-20", ".inf", "|", ">", "...",
    "---", "a", "Z", "\u3000", "\x85", "\u2028", "\r", "\x07",
])
VALUES = st.one_of(st.lists(PIECES, max_size=8).map("".join),
                   st.text(max_size=20), st.text(st.characters(codec="utf-8"), max_size=12))
TARGETS = sorted(scalars(OUTLINE), key=repr)
PLAIN_WORD = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff ]*[A-Za-z\u4e00-\u9fff]")
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "Null", "True",
              "False", "Yes", "No", "On", "Off", "NULL", "TRUE", "FALSE", "YES", "NO", "ON",
              "OFF"}


def region_end(text: str, node: yaml.ScalarNode) -> int:
    """Where the bytes that an edit of `node` may touch end: its block's trailing blank
    lines, or the end of its last line (a many-line value moves its comment to a header)."""
    if node.style in ("|", ">"):
        return node.end_mark.index
    ends = [i for i in (text.find(c, node.end_mark.index) for c in "\r\n") if i >= 0]
    return min(ends, default=len(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(variants()), st.sampled_from(TARGETS), VALUES)
@example(("lf", OUTLINE), ("chapters", 0, "slides", 0, "notes"), "a\n\n\n b\n")
@example(("lf", OUTLINE), ("deck", "title"), "\n")
def test_any_value_in_any_style_reads_back(variant: tuple[str, str], path: Key,
                                           new: str) -> None:
    text = variant[1]
    node = scalars(text)[path]
    out = edit_scalars(text, {path: new})
    assert_edited(text, out, {path: new})
    start = node.start_mark.index
    assert out[:start] == text[:start]
    tail = text[region_end(text, node):]
    assert out.endswith(tail)
    line_rest = text[node.end_mark.index:region_end(text, node)]
    if "#" in line_rest and node.style not in ("|", ">"):
        assert line_rest.strip() in out[start:len(out) - len(tail)]
    written = out[start:]
    if PLAIN_WORD.fullmatch(new) and new not in YAML_WORDS and "  " not in new:
        kept = {None: new, "'": "'" + new, '"': '"' + new, "|": "|", ">": ">"}[node.style]
        assert written.startswith(kept), (node.style, written[:40])


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.sampled_from(TARGETS), VALUES, max_size=6))
def test_many_values_at_once_read_back(edits: dict[Key, str]) -> None:
    out = edit_scalars(OUTLINE, edits)
    assert_edited(OUTLINE, out, edits)
    first = min((scalars(OUTLINE)[k].start_mark.index for k in edits), default=len(OUTLINE))
    assert out[:first] == OUTLINE[:first]
