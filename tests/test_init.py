"""`deckgen init`: a starter that builds as is, and never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from deckgen.cli import cli
from deckgen.schema import schema_text

FILES = ["assets/data/example.csv", "outline.schema.json", "outline.yaml"]


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_writes_the_starter(tmp_path: Path):
    folder = tmp_path / "talk"
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert _files(folder) == FILES
    outline = (folder / "outline.yaml").read_text(encoding="utf-8")
    assert outline.startswith("# yaml-language-server: $schema=outline.schema.json\n")
    assert (folder / "outline.schema.json").read_text(encoding="utf-8") == schema_text()
    assert "next: edit" in result.stdout


def test_init_defaults_to_the_current_folder(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "-q"])
    assert result.exit_code == 0, result.output
    assert _files(tmp_path) == FILES
    assert sorted(result.stdout.split()) == FILES


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path):
    (tmp_path / "outline.yaml").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: not overwriting existing files: "
                                    f"{tmp_path / 'outline.yaml'}. ")
    assert "nothing was written" in result.stderr
    assert (tmp_path / "outline.yaml").read_text(encoding="utf-8") == "mine\n"
    assert _files(tmp_path) == ["outline.yaml"]


def test_init_into_a_file_is_refused(tmp_path: Path):
    target = tmp_path / "x"
    target.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code != 0
    assert "is a file" in result.output or "is a file" in result.stderr


def test_starter_passes_strict_check_and_builds(tmp_path: Path, ooxml_validator):
    CliRunner().invoke(cli, ["init", str(tmp_path)])
    outline = str(tmp_path / "outline.yaml")
    check = CliRunner().invoke(cli, ["check", outline, "--strict"])
    assert check.exit_code == 0, check.output
    build = CliRunner().invoke(cli, ["build", outline, "-q"])
    assert build.exit_code == 0, build.output
    deck = tmp_path / "output" / "outline.pptx"
    assert "0 problems" in ooxml_validator(deck)
    prs = Presentation(str(deck))
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]
    assert titles[0] == "我们的课堂汇报"
    assert "用户规模五年增长三倍" in titles
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 1  # the one chart
    assert all(s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip()
               for s in prs.slides)


def test_starter_is_small_one_chart_one_csv():
    starter = Path(__file__).resolve().parents[1] / "src" / "deckgen" / "starter"
    text = (starter / "outline.yaml").read_text(encoding="utf-8")
    assert len(re.findall(r"^\s+chart:", text, re.M)) == 1
    assert [p.suffix for p in starter.rglob("*") if p.is_file()].count(".csv") == 1


def test_starter_explains_every_deck_key_in_chinese_and_english():
    starter = Path(__file__).resolve().parents[1] / "src" / "deckgen" / "starter"
    lines = (starter / "outline.yaml").read_text(encoding="utf-8").splitlines()
    keys = [ln for ln in lines if re.match(r"^  #? ?\w+:", ln) and "deck:" not in ln]
    assert len(keys) >= 10
    for line in keys:
        body = re.sub(r"^  # ?", "  ", line)  # an optional key is shown commented out
        assert "#" in body, f"no comment: {line}"
        comment = body.split("#", 1)[1]
        assert re.search(r"[\u4e00-\u9fff]", comment) and re.search(r"[A-Za-z]{3}", comment), \
            line
