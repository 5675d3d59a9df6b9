"""Loading and validation: positions, every error at once, exact messages."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from deckgen.errors import OutlineError
from deckgen.source import load
from deckgen.validate import validate

BROKEN = """\
deck:
  title: 测试
  theme:
    aspect: "16:10"
    palette: ["#FF0000", blue]
chapters:
  - title: 第一章
    slides:
      - title: 要点
        bulets: [a, b]
      - title: 图
        chart:
          type: pei
          labels: [a, b]
          series: {s: [1, 2]}
      - title: 两个
        bullets: [x]
        quote: {text: hi}
      - title: 列
        columns:
          - {heading: a, bullets: [x]}
      - title: 空
      - title: 数字
        stats: [{value: 1, label: x}, {value: 2, label: x}, {value: 3, label: x}, {value: 4, label: x}, {value: 5, label: x}]
      - title: 图片
        image: missing.png
      - title: 表
        table: {header: [a, b], rows: [[1, 2], [3]]}
      - title: 数
        chart: {type: bar, labels: [a, b], series: {s: [1, abc], t: [1]}, log: maybe}
"""


def problems(path: Path) -> list[str]:
    with pytest.raises(OutlineError) as info:
        validate(load(path))
    return [str(p) for p in info.value.problems]


def test_every_error_reported_with_position(write_outline, monkeypatch) -> None:
    path = write_outline(BROKEN)
    monkeypatch.chdir(path.parent)
    assert problems(path) == [
        "outline.yaml:4:13: deck.theme.aspect: '16:10' is not an aspect ratio; did you mean "
        "'16:9'? (16:9, 4:3)",
        "outline.yaml:5:26: deck.theme.palette[1]: 'blue' is not a colour; write it as "
        "\"#RRGGBB\"",
        "outline.yaml:10:9: chapters[0].slides[0].bulets: unknown key 'bulets'; did you mean "
        "'bullets'? (allowed here: title, notes, sources, presenter, layout, reveal, bullets, chart, quote, "
        "table, image, columns, stats)",
        "outline.yaml:13:17: chapters[0].slides[1].chart.type: 'pei' is not a chart type; did "
        "you mean 'pie'? (bar, barh, line, pie, donut, stacked-bar, grouped-bar)",
        "outline.yaml:16:9: chapters[0].slides[2]: a slide needs exactly one of bullets, chart, "
        "quote, table, image, columns, stats; found bullets, quote",
        "outline.yaml:21:11: chapters[0].slides[3].columns: expected 2 or 3 columns, got 1",
        "outline.yaml:22:9: chapters[0].slides[4]: a slide needs exactly one of bullets, chart, "
        "quote, table, image, columns, stats; found none",
        "outline.yaml:24:16: chapters[0].slides[5].stats: expected 1 to 4 stats, got 5",
        "outline.yaml:26:16: chapters[0].slides[6].image: image file not found: 'missing.png' "
        "(paths are relative to the file that names them)",
        "outline.yaml:28:48: chapters[0].slides[7].table.rows[1]: row has 1 cells but the "
        "header has 2",
        "outline.yaml:30:60: chapters[0].slides[8].chart.series.s[1]: expected a number, got "
        "'abc'",
        "outline.yaml:30:80: chapters[0].slides[8].chart.log: expected true or false, got "
        "'maybe'",
    ]


def test_series_must_match_labels(write_outline, monkeypatch) -> None:
    path = write_outline("""\
        deck: {title: T}
        chapters:
          - title: C
            slides:
              - title: S
                chart:
                  type: bar
                  labels: [美国, 中国, 其他]
                  series:
                    占比: [32, 26]
        """)
    monkeypatch.chdir(path.parent)
    assert problems(path) == [
        "outline.yaml:10:17: chapters[0].slides[0].chart.series.占比: series '占比' has 2 "
        "values but there are 3 labels; give one value per label"]


def test_missing_required_keys(write_outline, monkeypatch) -> None:
    path = write_outline("deck:\n  subtitle: x\nchapters:\n  - slides: []\n")
    monkeypatch.chdir(path.parent)
    assert problems(path) == [
        "outline.yaml:2:3: deck.title: required key 'title' is missing",
        "outline.yaml:4:5: chapters[0].title: required key 'title' is missing",
        "outline.yaml:4:13: chapters[0].slides: expected at least 1 slides, got 0",
    ]


def test_duplicate_key_is_an_error(write_outline, monkeypatch) -> None:
    path = write_outline("deck:\n  title: A\n  title: B\nchapters: []\n")
    monkeypatch.chdir(path.parent)
    with pytest.raises(OutlineError) as info:
        load(path)
    assert [str(p) for p in info.value.problems] == [
        "outline.yaml:3:3: deck.title: duplicate key 'title' (first defined at line 2); YAML "
        "would silently keep only the last one, so remove or rename one of them"]


def test_python_tag_never_runs(write_outline, monkeypatch) -> None:
    path = write_outline("deck: {title: !!python/object/apply:os.system [echo hacked]}\n"
                         "chapters: []\n")
    monkeypatch.chdir(path.parent)
    with pytest.raises(OutlineError) as info:
        load(path)
    assert str(info.value.problems[0]) == (
        "outline.yaml:1:15: deck.title: the tag 'tag:yaml.org,2002:python/object/apply:"
        "os.system' is not allowed; an outline holds plain text, numbers, lists and mappings")


def test_utf8_bom_and_positions(write_outline, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(codecs.BOM_UTF8 + "deck:\n  title: 标题\nchapters: []\n".encode())
    source = load(path)
    assert source.data["deck"]["title"] == "标题"
    pos = source.positions.locate(("deck", "title"))
    assert (pos.line, pos.column) == (2, 10)
    key = source.positions.locate(("deck", "title"), key=True)
    assert (key.line, key.column) == (2, 3)


def test_gbk_outline_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("deck:\n  title: 中美人工智能\nchapters: []\n".encode("gbk"))
    source = load(path)
    assert source.data["deck"]["title"] == "中美人工智能"
    assert "is not UTF-8; it was read as GBK/GB18030" in source.warnings[0]


def test_yaml_syntax_error_has_position(write_outline, monkeypatch) -> None:
    path = write_outline("deck:\n  title: [unclosed\nchapters: []\n")
    monkeypatch.chdir(path.parent)
    with pytest.raises(OutlineError) as info:
        load(path)
    text = str(info.value.problems[0])
    assert text.startswith("outline.yaml:3:")
    assert "YAML syntax error" in text


def test_csv_errors_name_file_and_line(write_outline, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "d.csv").write_text("国家,占比\n美国,32%\n中国,abc\n", encoding="utf-8")
    path = write_outline("""\
        deck: {title: T}
        chapters:
          - title: C
            slides:
              - title: S
                chart: {type: bar, csv: d.csv}
        """)
    monkeypatch.chdir(tmp_path)
    assert problems(path) == [
        "d.csv:3:2: chapters[0].slides[0].chart.csv: column '占比': 'abc' is not a number "
        "(write e.g. 1234, 1,234.5 or 32%)"]


def test_csv_numbers_with_separators_and_percent(write_outline, tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_bytes(codecs.BOM_UTF8 + "国家,数值\n美国,\"1,234.5\"\n中国,32%\n"
                                     .encode())
    path = write_outline("""\
        deck: {title: T}
        chapters:
          - title: C
            slides:
              - title: S
                chart: {type: bar, csv: d.csv}
        """)
    v = validate(load(path))
    data = next(iter(v.series.values()))
    assert data.labels == ("美国", "中国")
    assert data.series == {"数值": (1234.5, 32.0)}


def test_include_errors_point_into_the_included_file(write_outline, tmp_path: Path,
                                                     monkeypatch) -> None:
    write_outline("title: 第三章\nslides:\n  - title: S\n    bulets: [a]\n",
                  name="chapters/03.yaml")
    path = write_outline("deck: {title: T}\nchapters:\n  - include: chapters/03.yaml\n"
                         "  - include: chapters/missing.yaml\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutlineError) as info:
        load(path)
    assert [str(p) for p in info.value.problems] == [
        "outline.yaml:4:14: chapters[1].include: file not found: 'chapters/missing.yaml' "
        "(paths are relative to the outline's folder)"]


def test_included_chapter_paths_are_relative_to_it(write_outline, tmp_path: Path,
                                                   monkeypatch) -> None:
    write_outline("title: 第三章\npresenter: 丙\nslides:\n  - title: S\n    bulets: [a]\n",
                  name="chapters/03.yaml")
    (tmp_path / "chapters" / "d.csv").write_text("a,b\nx,1\n", encoding="utf-8")
    write_outline("title: 第四章\nslides:\n  - title: S\n    chart: {type: bar, csv: d.csv}\n",
                  name="chapters/04.yaml")
    path = write_outline("deck: {title: T}\nchapters:\n  - include: chapters/03.yaml\n"
                         "  - include: chapters/04.yaml\n")
    monkeypatch.chdir(tmp_path)
    assert problems(path) == [
        "chapters/03.yaml:5:5: chapters[0].slides[0].bulets: unknown key 'bulets'; did you "
        "mean 'bullets'? (allowed here: title, notes, sources, presenter, layout, reveal, bullets, chart, "
        "quote, table, image, columns, stats)"]
    (tmp_path / "chapters" / "03.yaml").write_text(
        "title: 第三章\npresenter: 丙\nslides:\n  - title: S\n    bullets: [a]\n",
        encoding="utf-8")
    v = validate(load(path))
    assert v.outline.chapters[0].presenter == "丙"
    assert v.paths[("chapters", 1, "slides", 0, "chart", "csv")] == \
        (tmp_path / "chapters" / "d.csv").absolute()
