"""`deckgen pull`: a co-presenter's edits to the deck come back into the outline files
they came from, in place; conflicts are shown and kept; nothing is lost. Edited with
python-pptx and with LibreOffice Impress as the real editor."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from deckgen import guard, pipeline, pull
from deckgen.cli import cli
from deckgen.pull import diff as deckdiff
from deckgen.pull import readdeck
from impress import Impress, edit_in_impress

OUTLINE = """\
# yaml-language-server: $schema=outline.schema.json
deck:
  title: 合作者测试
  authors: [甲同学, 乙同学]
  duration: 5
chapters:
  - title: 第一章
    presenter: 甲同学
    slides:
      - title: 开篇   # the first slide
        bullets:
          - 第一条要点
          - text: 第二条要点
            sub: [细节一]
        notes: 开篇的讲稿。
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
        - [投资, '10 倍', 1 倍]
    notes: |
      这一页讲表格。
      第二行讲投资。

  - title: 关键数字
    stats:
      - {value: 910 EFLOPS, label: 全球算力规模}
      - value: "32%"
        label: 美国占比
    notes: >
      数字页的讲稿，
      折成一行。
"""


@pytest.fixture
def talk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # pull finds the outline in the working folder
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "two.yaml").write_text(CHAPTER, encoding="utf-8")
    pipeline.build(outline)
    guard.WRITTEN.clear()  # as if the deck came back a day later, to a new process
    return outline


def _deck(outline: Path) -> Path:
    return outline.parent / "output" / "outline.pptx"


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, before.splitlines(), after.splitlines()).get_opcodes():
        if op != "equal":
            out.append(("\n".join(before.splitlines()[i1:i2]),
                        "\n".join(after.splitlines()[j1:j2])))
    return out


def _slide(prs: object, title: str) -> object:
    return next(s for s in prs.slides  # type: ignore[attr-defined]
                if s.shapes.title is not None and s.shapes.title.text_frame.text == title)


def _edit_with_python_pptx(deck: Path) -> None:
    prs = Presentation(str(deck))
    table_slide = _slide(prs, "数据对比")
    table = next(sh for sh in table_slide.shapes if sh.has_table).table
    table.cell(2, 1).text_frame.paragraphs[0].runs[0].text = "十倍以上"
    table_slide.notes_slide.notes_text_frame.text = "这一页讲表格。\n投资差距最大。"
    stats = _slide(prs, "关键数字")
    label = next(sh for sh in stats.shapes if sh.name == "Stat label 2")
    label.text_frame.paragraphs[0].runs[0].text = "美国算力占全球的比例"
    first = _slide(prs, "开篇")
    body = next(sh for sh in first.shapes if sh.name == "Body")
    body.text_frame.paragraphs[0].runs[0].text = "第一条要点（改）"
    prs.save(str(deck))


def _check_the_merge(outline: Path, deck: Path, before: dict[str, str]) -> None:
    chapter = outline.parent / "chapters" / "two.yaml"
    assert _changed_lines(before["outline"], outline.read_text(encoding="utf-8")) == [
        ("          - 第一条要点", "          - 第一条要点（改）")]
    assert _changed_lines(before["chapter"], chapter.read_text(encoding="utf-8")) == [
        ("        - [投资, '10 倍', 1 倍]", "        - [投资, '十倍以上', 1 倍]"),
        ("      第二行讲投资。", "      投资差距最大。"),
        ("        label: 美国占比", "        label: 美国算力占全球的比例")]
    # a rebuild carries the edits, and build no longer sees an edited deck
    report = pipeline.build(outline)
    assert report.kept is None
    texts = [t.text for s in readdeck.read_deck(deck.read_bytes()).manifest.slides  # type: ignore[union-attr]
             for t in s.texts]
    assert {"十倍以上", "美国算力占全球的比例", "第一条要点（改）"} <= set(texts)


def test_python_pptx_edits_come_back_into_their_files(talk: Path) -> None:
    deck = _deck(talk)
    chapter = talk.parent / "chapters" / "two.yaml"
    before = {"outline": talk.read_text(encoding="utf-8"),
              "chapter": chapter.read_text(encoding="utf-8")}
    _edit_with_python_pptx(deck)
    refused = CliRunner().invoke(cli, ["build", str(talk)])
    assert refused.exit_code == 1 and "was edited after deckgen built it" in refused.output
    dry = CliRunner().invoke(cli, ["pull", str(deck), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert talk.read_text(encoding="utf-8") == before["outline"]  # --dry-run wrote nothing
    assert "    - 美国占比\n    + 美国算力占全球的比例" in dry.output
    assert "nothing was written (--dry-run)" in dry.output
    result = CliRunner().invoke(cli, ["pull", str(deck)])
    assert result.exit_code == 0, result.output
    assert "4 texts changed, 0 conflicts, 0 not merged" in result.output
    _check_the_merge(talk, deck, before)


def test_a_conflict_keeps_the_outline_and_shows_both(talk: Path) -> None:
    deck = _deck(talk)
    chapter = talk.parent / "chapters" / "two.yaml"
    _edit_with_python_pptx(deck)
    # meanwhile the author changed the same label differently
    text = chapter.read_text(encoding="utf-8").replace("label: 美国占比", "label: 美国的份额")
    chapter.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["pull", str(deck)])
    assert result.exit_code == 1
    assert ("  conflict: chapters/two.yaml:19:16: slide 7, stat label "
            "(chapters[1].slides[1].stats[1].label) was changed in both:\n"
            "    deck:    美国算力占全球的比例\n"
            "    outline: 美国的份额") in result.output.replace(str(talk.parent) + "/", "")
    assert "error: 1 conflict(s): the outline kept its own text there" in result.output
    after = chapter.read_text(encoding="utf-8")
    assert "label: 美国的份额" in after  # the outline's side kept
    assert "十倍以上" in after  # the other edits still came in


def test_what_cannot_map_is_listed_and_hand_added_slides_can_be_added(talk: Path) -> None:
    deck = _deck(talk)
    prs = Presentation(str(deck))
    prs.slides[1].shapes[1].text_frame.paragraphs[0].runs[0].text = "改了目录"  # the agenda
    layout = prs.slide_layouts[1]
    new = prs.slides.add_slide(layout)
    new.shapes.title.text = "补充一页"
    new.placeholders[1].text_frame.text = "新的要点一"
    new.notes_slide.notes_text_frame.text = "补充页的讲稿。"
    # move the new slide after the first content slide (slide 4)
    ids = prs.slides._sldIdLst
    ids.insert(4, ids[-1])
    prs.save(str(deck))
    deck_bytes = deck.read_bytes()
    merges, _ = pull.pull([deck], dry_run=True)
    (m,) = merges
    messages = [u.message for u in m.unmapped]
    assert ("slide 2: '第一章｜甲同学' was changed to '改了目录', but the agenda lists the "
            "chapter titles: edit the chapter titles instead") in messages
    added = next(u for u in m.unmapped if u.yaml)
    assert added.yaml == ("- title: 补充一页\n  bullets:\n    - 新的要点一\n"
                          "  notes: |\n    补充页的讲稿。\n")
    assert added.message == ("slide 5 '补充一页' (bullets) was added by hand after slide 4 '开篇'; "
                             "pull with --add-slides to add it to the outline, or paste it")
    assert added.kind == "add"
    pull.pull([deck], add_slides=True)
    text = talk.read_text(encoding="utf-8")
    assert ("        notes: 开篇的讲稿。\n      - title: 补充一页\n        bullets:\n"
            "          - 新的要点一\n        notes: |\n          补充页的讲稿。\n"
            "  - include: chapters/two.yaml\n") in text
    # the agenda edit is not in the outline: the deck stays protected
    with pytest.raises(guard.EditedDeck) as refused:
        pipeline.build(talk)
    assert str(refused.value).splitlines()[:2] == [
        "output/outline.pptx was pulled into outline.yaml, but not everything in it is in "
        "the outline; building now would overwrite it:",
        "  slide 2: '第一章｜甲同学' was changed to '改了目录', but the agenda lists the chapter "
        "titles: edit the chapter titles instead"]
    report = pipeline.build(talk, force=True)
    assert report.kept is not None and report.kept.read_bytes() == deck_bytes
    assert [s.title for s in report.plan.slides][4] == "补充一页"


def test_two_co_presenters_decks_in_one_pull(talk: Path, tmp_path: Path) -> None:
    deck = _deck(talk)
    a, b = tmp_path / "甲.pptx", tmp_path / "乙.pptx"
    for path, bullet in ((a, "甲改的要点"), (b, None)):
        prs = Presentation(str(deck))
        if bullet:
            body = next(sh for sh in _slide(prs, "开篇").shapes if sh.name == "Body")
            body.text_frame.paragraphs[0].runs[0].text = bullet
        else:
            label = next(sh for sh in _slide(prs, "关键数字").shapes
                         if sh.name == "Stat label 1")
            label.text_frame.paragraphs[0].runs[0].text = "2023 年全球算力"
        prs.save(str(path))
    result = CliRunner().invoke(cli, ["pull", str(a), str(b), "--outline", str(talk)])
    assert result.exit_code == 0, result.output
    assert "甲改的要点" in talk.read_text(encoding="utf-8")
    assert "label: 2023 年全球算力}" in (talk.parent / "chapters" / "two.yaml").read_text(
        encoding="utf-8")


def test_a_failed_pull_changes_no_file(talk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = _deck(talk)
    _edit_with_python_pptx(deck)
    files = [talk, talk.parent / "chapters" / "two.yaml"]
    before = [f.read_bytes() for f in files]
    made = []
    real_staged = pull.journal._staged

    def second_fails(target: Path) -> Path:
        if made:  # the first file's temporary copy is written, the second cannot be
            raise OSError(28, "No space left on device")
        made.append(target)
        return real_staged(target)

    monkeypatch.setattr(pull.journal, "_staged", second_fails)
    with pytest.raises(pull.PullError, match="No space left on device; nothing was changed"):
        pull.pull([deck])
    assert made and [f.read_bytes() for f in files] == before
    assert not [p for p in talk.parent.rglob("*.tmp")]


def test_a_deck_without_manifest_is_refused(tmp_path: Path) -> None:
    deck = tmp_path / "other.pptx"
    Presentation().save(str(deck))
    result = CliRunner().invoke(cli, ["pull", str(deck)])
    assert result.exit_code == 1
    assert "has no deckgen manifest" in result.output


# -------------------------------------------------------------------- LibreOffice Impress


@pytest.mark.render
def test_edits_made_in_libreoffice_impress_come_back(talk: Path, impress: Impress) -> None:
    deck = _deck(talk)
    chapter = talk.parent / "chapters" / "two.yaml"
    before = {"outline": talk.read_text(encoding="utf-8"),
              "chapter": chapter.read_text(encoding="utf-8")}
    edit_in_impress(deck, deck, [
        {"op": "replace_text", "slide": 4, "old": "第一条要点", "new": "第一条要点（改）"},
        {"op": "table_cell", "slide": 6, "row": 2, "col": 1, "text": "十倍以上"},
        {"op": "replace_text", "slide": 7, "old": "美国占比", "new": "美国算力占全球的比例"},
        {"op": "set_notes", "slide": 6, "text": "这一页讲表格。\n投资差距最大。"},
    ], impress)
    refused = CliRunner().invoke(cli, ["build", str(talk)])
    assert refused.exit_code == 1, refused.output
    result = CliRunner().invoke(cli, ["pull", str(deck)])
    assert result.exit_code == 0, result.output
    _check_the_merge(talk, deck, before)


@pytest.mark.render
def test_a_deck_saved_by_impress_first_then_edited(talk: Path, impress: Impress) -> None:
    deck = _deck(talk)
    edit_in_impress(deck, deck, [], impress)  # a whole round trip through LibreOffice
    assert deckdiff.diff(readdeck.read_deck(deck.read_bytes())) == []  # texts untouched
    with pytest.raises(guard.EditedDeck, match="formatting and notes formatting on slides"):
        pipeline.build(talk)  # but LibreOffice rewrote every slide: not deckgen's deck
    merges, _ = pull.pull([deck])
    assert merges[0].complete  # nothing the outline lacks: up to date
    report = pipeline.build(talk)
    assert report.kept is None
    guard.WRITTEN.clear()
    edit_in_impress(deck, deck, [], impress)
    edit_in_impress(deck, deck, [{"op": "delete_slide", "slide": 4},
                                 {"op": "replace_text", "slide": 6, "old": "全球算力规模",
                                  "new": "2023 年全球算力"}], impress)
    merges, _ = pull.pull([deck])
    (m,) = merges
    assert [e.new for e in m.edits] == ["2023 年全球算力"]
    assert any("slide 4 '开篇' was deleted in the deck" in u.message for u in m.unmapped)
    assert "2023 年全球算力" in (talk.parent / "chapters" / "two.yaml").read_text(
        encoding="utf-8")
    assert "title: 开篇" in talk.read_text(encoding="utf-8")  # nothing deleted for the user
