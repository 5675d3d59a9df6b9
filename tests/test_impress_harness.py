"""The Impress harness: a deck built by deckgen, edited in LibreOffice, read back.

Each test edits the same built deck in one soffice kept for the module (fresh profile),
reopens what Impress saved with python-pptx and checks the edit and the schema."""

from __future__ import annotations

import io
import tempfile
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from conftest import _load_validator
from deckgen.pipeline import build
from deckgen.pull import readdeck
from impress import (
    Impress,
    ImpressError,
    edit_in_impress,
    impress_available,
    libreoffice_problems,
)

pytestmark = pytest.mark.render

OUTLINE = """\
deck:
  title: 中美人工智能领域的竞赛
  authors: [汇报人甲, 汇报人乙]
  agenda: false
  closing: false
chapters:
  - title: 研究背景和意义
    presenter: 汇报人甲
    slides:
      - title: 我们必须赶上
        bullets:
          - "第一行\\n第二行 after break"
          - text: 人工智能：正在重塑生产
            sub: [子要点一, Sub point two 😀]
        notes: |-
          这里是第一张内容页的讲稿。
          第二段讲稿。
      - title: 中美对比
        table:
          header: [维度, 美国, 中国]
          rows:
            - [科研, 论文约为中国 2 倍, 总量居前]
            - [数据, 月活约 5580 万, 9.69 亿]
        notes: 表格讲稿
      - title: 名言
        quote:
          text: 在所有政府中，最早看清 AI 真正分量的或许就是中国。
          by: 赫拉利
        notes: 名言讲稿
      - title: 全球算力分布
        chart:
          type: bar
          labels: [美国, 中国, 其他]
          series:
            算力占比: [32, 26, 42]
          unit: "%"
        notes: 图表讲稿
"""
# Slides of the built deck: 1 title, 2 chapter divider, 3 bullets, 4 table, 5 quote, 6 chart.
BULLETS, TABLE, QUOTE, CHART = 3, 4, 5, 6
CUSTOM_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
              "custom-properties")


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built deck, plus what a co-presenter's deck may hold that deckgen does not
    draw: a group with text, and a custom document property (the future manifest)."""
    folder = tmp_path_factory.mktemp("impress-deck")
    outline = folder / "outline.yaml"
    outline.write_text(textwrap.dedent(OUTLINE), encoding="utf-8")
    built = folder / "built.pptx"
    build(outline, built, use_cache=False)
    prs = Presentation(str(built))
    group = prs.slides[QUOTE - 1].shapes.add_group_shape()
    box = group.shapes.add_textbox(Emu(457200), Emu(457200), Emu(3000000), Emu(400000))
    box.name = "Grouped note"
    box.text_frame.text = "组内文字 in a group"
    grouped = folder / "grouped.pptx"
    prs.save(str(grouped))
    return grouped


@pytest.fixture(scope="module")
def validate() -> Callable[[Path], list[str]]:
    """The OOXML validator's problem lines for a deck (skips without ../shared)."""
    module = _load_validator()
    if module is None:
        pytest.skip("OOXML validator not found (it lives in ../shared)")

    def run(path: Path) -> list[str]:
        out = io.StringIO()
        with redirect_stdout(out):
            module.main(["--max-per-part", "0", str(path)])
        lines = out.getvalue().strip().splitlines()
        return [x for x in lines[:-1] if x.strip()]  # the last line is the summary

    return run


@pytest.fixture(scope="module")
def round_trip(impress: Impress, deck: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("impress-rt") / "rt.pptx"
    answer = impress.run(deck, dest, [])
    assert answer == {"ok": True, "slides": 6, "log": []}
    return dest


def edited(impress: Impress, deck: Path, tmp_path: Path, ops: list[dict[str, Any]]) -> Path:
    dest = tmp_path / "edited.pptx"
    answer = impress.run(deck, dest, ops)
    assert [entry["op"] for entry in answer["log"]] == [op["op"] for op in ops]
    return dest


def shapes_of(container: Any) -> Iterator[Any]:
    for shape in container:
        if shape.shape_type is not None and shape.shape_type == 6:  # a group
            yield from shapes_of(shape.shapes)
        else:
            yield shape


def slide_texts(slide: Any) -> list[list[str] | list[list[str]]]:
    """Each shape's paragraphs, or a table's rows of cell texts, in order."""
    out: list[Any] = []
    for shape in shapes_of(slide.shapes):
        if shape.has_text_frame:
            out.append([p.text for p in shape.text_frame.paragraphs])
        elif getattr(shape, "has_table", False):
            out.append([[c.text for c in row.cells] for row in shape.table.rows])
    return out


def texts(path: Path) -> list[tuple[Any, str | None]]:
    """Every slide's texts and notes (None without a notes slide)."""
    prs = Presentation(str(path))
    return [(slide_texts(s), s.notes_slide.notes_text_frame.text if s.has_notes_slide
             else None) for s in prs.slides]


def titles(path: Path) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in
            Presentation(str(path)).slides]


def paragraph_with(path: Path, slide: int, text: str) -> Any:
    """The a:p element whose text holds `text` on a slide."""
    root = Presentation(str(path)).slides[slide - 1]._element
    for p in root.iter(qn("a:p")):
        if text in "".join(t.text or "" for t in p.iter(qn("a:t"))):
            return p
    raise AssertionError(f"no paragraph holds {text!r} on slide {slide}")


def run_sizes(p: Any) -> list[str | None]:
    return [r.get("sz") for r in p.iter(qn("a:rPr"))]


# ---------------------------------------------------------------- round trip

def test_the_built_deck_is_valid(deck: Path, ooxml_validator: Callable[..., str]) -> None:
    assert ooxml_validator(deck).endswith(", 0 problems")


def test_a_round_trip_keeps_every_text_and_only_adds_known_schema_problems(
        deck: Path, round_trip: Path, validate: Callable[[Path], list[str]]) -> None:
    before, after = texts(deck), texts(round_trip)
    # The one text LibreOffice rewrites: the slide number field's text.
    assert after == [([["<number>"] if shape == [str(i)] else shape for shape in shapes],
                      notes) for i, (shapes, notes) in enumerate(before, start=1)]
    known, others = libreoffice_problems(validate(round_trip))
    assert others == []
    assert known, "LibreOffice's masters no longer break the schema: update LIBREOFFICE_PROBLEMS"


def test_a_round_trip_keeps_custom_properties_groups_and_shape_names(
        deck: Path, round_trip: Path) -> None:
    with zipfile.ZipFile(round_trip) as z:
        rels = z.read("_rels/.rels").decode()
        custom = etree.fromstring(z.read("docProps/custom.xml"))
    assert CUSTOM_REL in rels
    ns = {"c": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
          "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}
    props = {p.get("name"): p.findtext("vt:lpwstr", namespaces=ns)
             for p in custom.findall("c:property", ns)}
    with zipfile.ZipFile(deck) as z:
        built = readdeck.custom_properties(z)
    assert {k: v for k, v in props.items() if k != "PresentationFormat"} == built
    assert readdeck.read_deck(round_trip.read_bytes()).manifest == readdeck.read_deck(
        deck.read_bytes()).manifest
    src, rt = Presentation(str(deck)), Presentation(str(round_trip))
    group = [s for s in rt.slides[QUOTE - 1].shapes if s.shape_type == 6]
    assert [[g.name for g in s.shapes] for s in group] == [["Grouped note"]]
    names = [[s.name for s in slide.shapes] for slide in rt.slides]
    assert all(n.startswith("PlaceHolder ") for s in rt.slides for n in
               [sh.name for sh in s.shapes if sh.is_placeholder])
    kept = {sh.name for s in src.slides for sh in s.shapes if not sh.is_placeholder}
    assert kept <= {n for slide in names for n in slide}
    assert [s.slide_id for s in rt.slides] == list(range(256, 262))


def test_a_round_trip_keeps_line_breaks_languages_and_fonts(deck: Path,
                                                            round_trip: Path) -> None:
    before = paragraph_with(deck, BULLETS, "第一行")
    after = paragraph_with(round_trip, BULLETS, "第一行")
    assert len(after.findall(qn("a:br"))) == len(before.findall(qn("a:br"))) == 1
    runs = [(r.findtext(qn("a:t")), r.find(qn("a:rPr")).get("lang"))
            for r in after.findall(qn("a:r"))]
    assert runs == [("第一行", "zh-CN"), ("第二行 ", "zh-CN"), ("after break", "en-US")]
    assert {e.get("typeface") for e in after.iter(qn("a:ea"))} == \
        {e.get("typeface") for e in before.iter(qn("a:ea"))}
    assert after.find(qn("a:pPr")).find(qn("a:buChar")) is not None


def test_a_chart_slide_keeps_its_alt_text(deck: Path, round_trip: Path) -> None:
    def descr(path: Path) -> list[str]:
        slide = Presentation(str(path)).slides[CHART - 1]._element
        return [e.get("descr") for e in slide.iter(qn("p:cNvPr")) if e.get("descr")]

    assert descr(deck)
    assert descr(round_trip) == descr(deck)


# ---------------------------------------------------------------- each op

def test_replace_text_in_a_bullet_keeps_its_run_formatting(impress: Impress, deck: Path,
                                                          tmp_path: Path) -> None:
    out = edited(impress, deck, tmp_path, [
        {"op": "replace_text", "slide": BULLETS, "old": "重塑生产", "new": "改变生产与生活"},
        {"op": "replace_text", "slide": BULLETS, "old": "after break", "new": "换行\v之后"},
        {"op": "replace_text", "slide": BULLETS, "old": "子要点", "new": "分\n要点"}])
    shapes, _ = texts(out)[BULLETS - 1]
    assert shapes[1] == ["第一行\x0b第二行 换行\x0b之后", "人工智能：正在改变生产与生活", "分",
                         "要点一", "Sub point two 😀"]
    p = paragraph_with(out, BULLETS, "改变生产与生活")
    assert set(run_sizes(p)) == set(run_sizes(paragraph_with(deck, BULLETS, "重塑生产")))
    assert len(paragraph_with(out, BULLETS, "之后").findall(qn("a:br"))) == 2


def test_replace_text_in_a_table_cell_a_group_and_the_notes(impress: Impress, deck: Path,
                                                           tmp_path: Path) -> None:
    out = edited(impress, deck, tmp_path, [
        {"op": "replace_text", "slide": TABLE, "old": "2 倍", "new": "两倍"},
        {"op": "replace_text", "slide": QUOTE, "old": "组内文字", "new": "改过的组内文字"},
        {"op": "replace_text", "slide": BULLETS, "old": "第二段", "new": "第二部分",
         "notes": True}])
    slides = texts(out)
    assert slides[TABLE - 1][0][1][1] == ["科研", "论文约为中国 两倍", "总量居前"]
    assert ["改过的组内文字 in a group"] in slides[QUOTE - 1][0]
    assert slides[BULLETS - 1][1] == "这里是第一张内容页的讲稿。\n第二部分讲稿。"


def test_set_notes_gives_one_paragraph_per_line(impress: Impress, deck: Path,
                                                tmp_path: Path) -> None:
    out = edited(impress, deck, tmp_path, [
        {"op": "set_notes", "slide": TABLE, "text": "新讲稿第一段\n第二段 with English"},
        {"op": "set_notes", "slide": QUOTE, "text": "末尾换行\n"},
        {"op": "set_notes", "slide": CHART, "text": ""}])
    slides = Presentation(str(out)).slides
    notes = slides[TABLE - 1].notes_slide.notes_text_frame
    assert [p.text for p in notes.paragraphs] == ["新讲稿第一段", "第二段 with English"]
    trailing = slides[QUOTE - 1].notes_slide.notes_text_frame
    assert [p.text for p in trailing.paragraphs] == ["末尾换行", ""]
    assert slides[CHART - 1].has_notes_slide
    assert slides[CHART - 1].notes_slide.notes_text_frame.text == ""
    assert texts(out)[BULLETS - 1][1] == texts(deck)[BULLETS - 1][1]


def test_table_cell_sets_one_cell(impress: Impress, deck: Path, tmp_path: Path) -> None:
    out = edited(impress, deck, tmp_path, [
        {"op": "table_cell", "slide": TABLE, "row": 2, "col": 2, "text": "九亿六千九百万"}])
    table = texts(out)[TABLE - 1][0][1]
    assert table == [["维度", "美国", "中国"], ["科研", "论文约为中国 2 倍", "总量居前"],
                     ["数据", "月活约 5580 万", "九亿六千九百万"]]


def test_add_slide_inserts_a_title_and_content_slide(impress: Impress, deck: Path,
                                                     tmp_path: Path,
                                                     validate: Callable[[Path], list[str]]
                                                     ) -> None:
    out = edited(impress, deck, tmp_path, [
        {"op": "add_slide", "after": BULLETS, "title": "新加的一页", "body": ["第一点", "第二点"]}])
    assert titles(out) == [*titles(deck)[:BULLETS], "新加的一页", *titles(deck)[BULLETS:]]
    shapes, notes = texts(out)[BULLETS]
    assert shapes == [["新加的一页"], ["第一点", "第二点"]]
    assert notes is None
    assert libreoffice_problems(validate(out))[1] == []


def test_delete_slide_removes_it(impress: Impress, deck: Path, tmp_path: Path) -> None:
    out = edited(impress, deck, tmp_path, [{"op": "delete_slide", "slide": TABLE}])
    assert titles(out) == [t for i, t in enumerate(titles(deck), 1) if i != TABLE]
    assert [n for _, n in texts(out)] == [n for i, (_, n) in enumerate(texts(deck), 1)
                                          if i != TABLE]


def test_move_slide_reorders_and_renumbers_slide_ids(impress: Impress, deck: Path,
                                                     tmp_path: Path) -> None:
    out = edited(impress, deck, tmp_path, [{"op": "move_slide", "slide": CHART, "to": 2},
                                           {"op": "move_slide", "slide": 3, "to": 5}])
    t = titles(deck)
    after_first = [t[0], t[CHART - 1], *t[1:CHART - 1]]
    expected = [*after_first[:2], *after_first[3:5], after_first[2], *after_first[5:]]
    assert titles(out) == expected
    assert [s.slide_id for s in Presentation(str(out)).slides] == list(range(256, 262))


def test_a_failed_op_is_reported_and_writes_nothing(impress: Impress, deck: Path,
                                                    tmp_path: Path) -> None:
    dest = tmp_path / "never.pptx"
    with pytest.raises(ImpressError, match=r"Impress job failed: JobError: slide 3: 'no such "
                                           r"words' not found in any paragraph"):
        impress.run(deck, dest, [{"op": "replace_text", "slide": BULLETS, "old": "no such words",
                                  "new": "x"}])
    with pytest.raises(ImpressError, match=r"JobError: slide 9 does not exist \(the deck has "
                                           r"6 slides\)"):
        impress.run(deck, dest, [{"op": "delete_slide", "slide": 9}])
    with pytest.raises(ImpressError, match=r"unknown op 'rotate'"):
        impress.run(deck, dest, [{"op": "rotate"}])
    assert not dest.exists()


def test_an_office_is_stopped_and_its_profile_removed(deck: Path, tmp_path: Path) -> None:
    reason = impress_available()
    if reason:
        pytest.skip(reason)
    with Impress() as office:
        folder, proc = office.folder, office.proc
        assert folder is not None and (folder / "profile").parent.is_dir()
        assert proc is not None and proc.poll() is None
        answer = office.run(deck, tmp_path / "one.pptx",
                            [{"op": "set_notes", "slide": QUOTE, "text": "单独一次"}])
    assert answer["slides"] == 6
    assert proc.poll() is not None
    assert not folder.exists()
    assert texts(tmp_path / "one.pptx")[QUOTE - 1][1] == "单独一次"


def test_edit_in_impress_without_an_office_runs_its_own(deck: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    reason = impress_available()
    if reason:
        pytest.skip(reason)
    # its office's folder in a temporary folder of this test's own: other tests and other
    # programs on the machine start offices in the shared one meanwhile
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    answer = edit_in_impress(deck, tmp_path / "own.pptx",
                             [{"op": "table_cell", "slide": TABLE, "row": 0, "col": 0,
                               "text": "方面"}])
    assert answer["log"] == [{"op": "table_cell"}]
    assert texts(tmp_path / "own.pptx")[TABLE - 1][0][1][0] == ["方面", "美国", "中国"]
    assert list(temp.iterdir()) == []


def test_the_skip_reason_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import impress as harness

    monkeypatch.setattr(harness, "find_soffice", lambda: None)
    assert harness.impress_available() == ("LibreOffice (soffice) is not installed: apt-get "
                                           "install libreoffice-impress")
    monkeypatch.setattr(harness, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(harness, "UNO_PYTHONS", ())
    monkeypatch.delenv("DECKGEN_UNO_PYTHON", raising=False)
    harness.uno_python.cache_clear()
    try:
        assert harness.impress_available() == (
            "no python can `import uno`: apt-get install python3-uno (or set "
            "DECKGEN_UNO_PYTHON to LibreOffice's own python)")
    finally:
        harness.uno_python.cache_clear()


def test_duplicate_slide_copies_it_after_itself_and_renames_the_copies(
        impress: Impress, deck: Path, tmp_path: Path) -> None:
    out = edited(impress, deck, tmp_path, [{"op": "duplicate_slide", "slide": QUOTE}])
    assert titles(out) == [*titles(deck)[:QUOTE], titles(deck)[QUOTE - 1],
                           *titles(deck)[QUOTE:]]
    assert texts(out)[QUOTE] == texts(out)[QUOTE - 1]
    # LibreOffice gives the copy's shapes names of their own: "Quote" becomes "Quote 1"
    slides = Presentation(str(out)).slides
    assert [sh.name for sh in slides[QUOTE - 1].shapes][1:4] == ["Quote bar", "Quote",
                                                                "Attribution"]
    assert [sh.name for sh in slides[QUOTE].shapes][1:4] == ["Quote bar 1", "Quote 1",
                                                            "Attribution 1"]


def test_set_level_indents_a_paragraph_into_a_sub_bullet(impress: Impress, deck: Path,
                                                         tmp_path: Path) -> None:
    out = edited(impress, deck, tmp_path, [
        {"op": "replace_text", "slide": BULLETS, "old": "人工智能：正在重塑生产",
         "new": "人工智能：正在重塑生产\n新打的一条"},
        {"op": "set_level", "slide": BULLETS, "text": "新打的一条", "level": 1}])
    body = next(sh for sh in Presentation(str(out)).slides[BULLETS - 1].shapes
                if sh.has_text_frame and "新打的一条" in sh.text_frame.text)
    assert [(p.level, p.text) for p in body.text_frame.paragraphs][1:4] == [
        (0, "人工智能：正在重塑生产"), (1, "新打的一条"), (1, "子要点一")]
