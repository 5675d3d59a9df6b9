"""`deckgen notes`: the rehearsal script, exactly."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from deckgen.cli import cli
from deckgen.pipeline import check
from deckgen.script import clock, presenters, rehearsal_script

OUTLINE = """\
deck:
  title: Demo talk
  language: en-US
  agenda: false
  closing: false
chapters:
  - title: Intro
    presenter: Alice
    slides:
      - title: Why it matters
        bullets: [One, Two]
        notes: |
          First line of the notes.
          Second line.
  - title: Results
    presenter: Bob
    slides:
      - title: The numbers
        stats:
          - {value: "42", label: answers}
        notes: Bob explains the numbers.
"""

# Times by hand: automatic slides take at least 10 s, content slides at least 20 s, and
# these notes are shorter than that.
HEAD = """\
# Demo talk: rehearsal script

5 slides, about 1.2 min.

| presenter | slides | minutes |
|---|---:|---:|
"""
ALICE = """\
## Alice (3 slides, about 0.7 min)

### Slide 1 · Demo talk

*0:00–0:10, about 0.2 min*

Hello everyone. Today's talk is “Demo talk”.

### Slide 2 · Intro

*0:10–0:20, about 0.2 min*

Part 1: Intro. Alice will present this part.

### Slide 3 · Why it matters

*0:20–0:40, about 0.3 min*

First line of the notes.

Second line. Next, Bob will walk us through Results.
"""
BOB = """\
## Bob (2 slides, about 0.5 min)

### Slide 4 · Results

*0:40–0:50, about 0.2 min*

Part 2: Results. Bob will present this part.

### Slide 5 · The numbers

*0:50–1:10, about 0.3 min*

Bob explains the numbers.
"""
FULL = HEAD + "| Alice | 3 | 0.7 |\n| Bob | 2 | 0.5 |\n\n" + ALICE + "\n" + BOB


def test_script_for_everyone_printed(write_outline):
    path = write_outline(OUTLINE)
    result = CliRunner().invoke(cli, ["notes", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == FULL


def test_script_for_one_presenter(write_outline):
    path = write_outline(OUTLINE)
    result = CliRunner().invoke(cli, ["notes", str(path), "--presenter", "Bob"])
    assert result.exit_code == 0, result.output
    assert result.stdout == HEAD + "| Bob | 2 | 0.5 |\n\n" + BOB


def test_script_written_to_a_file(write_outline, tmp_path: Path):
    path = write_outline(OUTLINE)
    target = tmp_path / "script.md"
    result = CliRunner().invoke(cli, ["notes", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == FULL
    assert result.stdout.startswith("wrote ") and "script.md" in result.stdout
    assert not (tmp_path / "output").exists()  # notes never builds a deck


def test_unknown_presenter_lists_the_presenters(write_outline):
    path = write_outline(OUTLINE)
    result = CliRunner().invoke(cli, ["notes", str(path), "--presenter", "Carol"])
    assert result.exit_code == 1
    assert result.stderr == ("error: no presenter named 'Carol' in this outline; the "
                             "presenters are: Alice, Bob\n")


def test_chinese_deck_gets_chinese_headings(write_outline):
    path = write_outline()  # conftest's MINIMAL: zh-CN, 汇报人甲 and 汇报人乙
    text = rehearsal_script(check(path))
    assert text.startswith("# 中美人工智能领域的竞赛：讲稿\n")
    assert presenters(check(path)) == ["汇报人甲", "汇报人乙"]
    assert "## 汇报人乙（" in text
    assert "### 第 6 页 · 全球算力分布" in text
    assert "美国占百分之三十二，中国占百分之二十六。" in text


def test_slide_without_notes_is_marked(write_outline):
    path = write_outline(OUTLINE.replace("        notes: Bob explains the numbers.\n", ""))
    text = rehearsal_script(check(path), "Bob")
    assert text.endswith("### Slide 5 · The numbers\n\n*0:50–1:10, about 0.3 min*\n\n"
                         "*(no notes on this slide)*\n")


def test_clock():
    assert [clock(s) for s in (0, 59.6, 61, 1205)] == ["0:00", "1:00", "1:01", "20:05"]
