"""The command line: help, version, --quiet/--verbose everywhere, check, encodings, main()."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from deckgen import __version__
from deckgen.cli import cli, main

COMMANDS = ("build", "check", "init", "schema", "watch", "serve", "preview", "export", "notes",
            "pull")
NO_NOTES = """\
deck:
  title: Demo
  language: en-US
chapters:
  - title: Intro
    slides:
      - title: Without notes
        bullets: [One]
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("args", [["--version"], ["-V"], *([c, "--version"] for c in COMMANDS)])
def test_version(args: list[str]):
    result = run(*args)
    assert result.exit_code == 0
    assert result.output == f"deckgen, version {__version__}\n"


def test_group_help_lists_every_command_with_a_whole_summary():
    result = run("--help")
    assert result.exit_code == 0
    listed = dict(re.findall(r"^  (\w+)\s+(.+)$", result.output.split("Commands:")[1], re.M))
    assert set(listed) == set(COMMANDS)
    for name, summary in listed.items():
        assert not summary.endswith("..."), f"{name}: summary cut short: {summary}"
        assert summary.endswith("."), name


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself_with_an_example(command: str):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"deckgen {command}" in result.output.split("Example:")[1]
    assert "-q, --quiet" in result.output and "-v, --verbose" in result.output


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_silences_check_on_either_side(write_outline, where: str):
    path = str(write_outline())
    args = ["-q", "check", path] if where == "before" else ["check", path, "--quiet"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.output == ""


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_lists_every_slide(write_outline, where: str):
    path = str(write_outline())
    args = ["-v", "check", path] if where == "before" else ["check", path, "-v"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert re.search(r"^\s+6\s+\d+s\s+全球算力分布$", result.stdout, re.M)
    plain = run("check", path)
    assert not re.search(r"^\s+6\s+\d+s\s+全球算力分布$", plain.stdout, re.M)


def test_quiet_build_prints_only_the_deck(write_outline, tmp_path: Path):
    path = write_outline()
    result = run("build", str(path), "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'output' / 'outline.pptx'}\n"
    assert result.stderr == ""


def test_progress_is_plain_lines_with_verbose_when_not_a_terminal(write_outline):
    path = str(write_outline())
    verbose = run("-v", "build", path, "--no-cache")
    assert verbose.exit_code == 0, verbose.output
    assert "… building 8 slides\n" in verbose.stderr
    assert "\r" not in verbose.stderr and "\033" not in verbose.stderr
    plain = run("build", path)
    assert "…" not in plain.stderr


def test_check_writes_nothing_and_reports(write_outline, tmp_path: Path):
    path = write_outline()
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("中美人工智能领域的竞赛: 8 slides\n")
    assert "Timing (estimated from the notes):" in result.stdout
    assert not (tmp_path / "output").exists()


def test_check_errors_exit_2_with_the_place(write_outline):
    path = write_outline("deck:\n  title: Demo\n  titel: typo\nchapters: []\n")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "outline.yaml:3:3: deck.titel: unknown key 'titel'; did you mean 'title'?" \
        in result.stderr
    assert result.stderr.endswith("problems found; nothing was written.\n")


def test_strict_turns_warnings_into_errors(write_outline):
    path = str(write_outline(NO_NOTES))
    lenient = run("check", path)
    assert lenient.exit_code == 0, lenient.output
    assert "'Without notes' has no speaker notes" in lenient.stdout
    strict = run("check", path, "--strict")
    assert strict.exit_code == 1
    assert strict.stderr == "error: 1 warning(s) and --strict was given\n"


def test_gbk_outline_is_read_with_a_warning(write_outline):
    path = write_outline(encoding="gbk")
    assert b"\xe4\xb8\xad" not in path.read_bytes()  # really not UTF-8 (中)
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert "中美人工智能领域的竞赛: 8 slides" in result.stdout
    assert ("/outline.yaml is not UTF-8; it was read as GBK/GB18030. Save it as UTF-8 so "
            "every tool reads it the same way.") in result.stdout


def test_undecodable_outline_says_save_as_utf8(write_outline):
    path = write_outline("deck:\n  title: caf\xe9\n")
    path.write_bytes(path.read_bytes().replace("é".encode(), b"\xe9"))
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "outline.yaml:2:13: the file is not UTF-8 text (byte 0xe9); save it as UTF-8" \
        in result.stderr
    assert "Traceback" not in result.output


def test_main_exit_codes_and_messages(write_outline, capsys, monkeypatch):
    path = str(write_outline())
    main(["check", path, "-q"])  # success returns normally
    assert capsys.readouterr().out == ""
    with pytest.raises(SystemExit) as missing:
        main(["check", path + ".nope"])
    assert missing.value.code == 2
    assert "the outline file does not exist" in capsys.readouterr().err

    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr("deckgen.pipeline.check", boom)
    with pytest.raises(SystemExit) as bug:
        main(["check", path])
    assert bug.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("deckgen: internal error: RuntimeError: kaput\n")
    assert "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["check", path, "--verbose"])
    assert "Traceback" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["biuld"])
    assert exc.value.code == 2
    assert "No such command 'biuld'" in capsys.readouterr().err


def test_serve_passes_its_options_and_never_opens_a_browser_without_a_terminal(
        write_outline, monkeypatch):
    from deckgen import serve

    calls: list[tuple[Path, dict]] = []
    monkeypatch.setattr(serve, "run", lambda outline, **kw: calls.append((outline, kw)))
    path = write_outline()
    result = run("serve", str(path), "--port", "9123", "--host", "localhost")
    assert result.exit_code == 0, result.output
    [(outline, kw)] = calls
    assert outline == path and (kw["port"], kw["host"]) == (9123, "localhost")
    assert kw["open_browser"] is False  # CliRunner's output is not a terminal
    result = run("serve", str(path.with_name("missing.yaml")))
    assert result.exit_code == 2 and "no such file" in result.output
