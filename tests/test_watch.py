"""`deckgen watch`: a change to the outline or a file it uses rebuilds; errors do not stop it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from deckgen.cli import cli
from deckgen.deckplan import Table
from deckgen.errors import OutlineError
from deckgen.pipeline import build
from deckgen.watch import Outcome, Watcher

DEADLINE = 30.0
TABLE = """\
deck:
  title: Demo
  language: en-US
chapters:
  - title: Intro
    slides:
      - title: A table
        table: {csv: data/t.csv}
        notes: The table.
"""


def _run_until(watcher: Watcher, builds: int, poke: Callable[[int], None]) -> list[Outcome]:
    """Run the watcher in a thread; call poke(n) every 0.3 s (n = builds so far) until it has
    built `builds` times; give up after DEADLINE seconds."""
    outcomes: list[Outcome] = []
    original = watcher.on_outcome
    watcher.on_outcome = lambda o: (outcomes.append(o), original(o))
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, kwargs={"stop": stop, "max_builds": builds},
                              daemon=True)
    thread.start()
    end = time.monotonic() + DEADLINE
    try:
        while thread.is_alive() and time.monotonic() < end:
            time.sleep(0.3)
            if len(outcomes) >= 1 and thread.is_alive():
                poke(len(outcomes))
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive(), "the watcher did not stop"
    return outcomes


def _touch(path: Path) -> None:
    path.write_bytes(path.read_bytes())


def _watcher(outline: Path) -> Watcher:
    return Watcher(outline, lambda: build(outline), lambda o: None,
                   output_dir=outline.parent / "output", debounce_ms=100)


def test_a_change_to_the_outline_rebuilds(write_outline):
    outline = write_outline(TABLE.replace("table: {csv: data/t.csv}", "bullets: [one]"))
    outcomes = _run_until(_watcher(outline), 2, lambda n: _touch(outline))
    assert len(outcomes) == 2
    assert [o.error for o in outcomes] == [None, None]
    assert outcomes[0].changed == ()
    assert outcomes[1].changed == (outline.resolve(),)
    assert outcomes[1].report.output == outline.parent / "output" / "outline.pptx"


def test_a_change_to_a_csv_file_rebuilds(write_outline, tmp_path: Path):
    outline = write_outline(TABLE)
    csv = tmp_path / "data" / "t.csv"
    csv.parent.mkdir()
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    outcomes = _run_until(_watcher(outline), 2, lambda n: csv.write_text(
        "a,b\n1,2\n3,4\n", encoding="utf-8"))
    assert outcomes[1].error is None
    assert outcomes[1].changed == (csv.resolve(),)
    table = next(s for s in outcomes[1].report.plan.slides[3].shapes if isinstance(s, Table))
    assert [[c.paragraph.text for c in row] for row in table.cells[1:]] == [["1", "2"], ["3", "4"]]


def test_an_error_is_reported_and_watching_goes_on(write_outline):
    good = TABLE.replace("table: {csv: data/t.csv}", "bullets: [one]")
    outline = write_outline(good.replace("title: Demo", "titel: Demo"))

    def fix(n: int) -> None:
        outline.write_text(good, encoding="utf-8")

    outcomes = _run_until(_watcher(outline), 2, fix)
    assert isinstance(outcomes[0].error, OutlineError)
    assert "unknown key 'titel'" in str(outcomes[0].error)
    assert outcomes[1].error is None and outcomes[1].report is not None


def test_only_input_files_count(write_outline, tmp_path: Path):
    outline = write_outline(TABLE)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    w = _watcher(outline)
    w.rebuild()
    assert w.files == {outline.resolve(), (tmp_path / "data" / "t.csv").resolve()}
    assert w.folders() == sorted({tmp_path.resolve(), (tmp_path / "data").resolve()})
    assert not w.relevant((tmp_path / "notes.txt").resolve())
    assert not w.relevant((tmp_path / "other.yaml").resolve())
    # while the outline is broken, any outline-like file may be the fix, but not our output
    w.ok = False
    assert w.relevant((tmp_path / "other.yaml").resolve())
    assert not w.relevant((tmp_path / "output" / "charts" / "x.png").resolve())


def test_cli_watch_prints_each_result_and_survives_errors(write_outline, monkeypatch):
    good = TABLE.replace("table: {csv: data/t.csv}", "bullets: [one]")
    outline = write_outline(good)
    original = Watcher.run

    def bounded(self: Watcher, **kwargs: object) -> int:
        self.debounce_ms = 100
        stop = threading.Event()
        texts = [good.replace("title: Demo", "titel: Demo"), good]

        def poke() -> None:
            end = time.monotonic() + DEADLINE
            while not stop.is_set() and time.monotonic() < end:
                time.sleep(0.3)
                if 1 <= self.builds <= 2:
                    outline.write_text(texts[self.builds - 1], encoding="utf-8")

        threading.Thread(target=poke, daemon=True).start()
        try:
            return original(self, max_builds=3)
        finally:
            stop.set()

    monkeypatch.setattr(Watcher, "run", bounded)
    result = CliRunner().invoke(cli, ["watch", str(outline)])
    assert result.exit_code == 0, result.output
    assert "] built\nDemo: 5 slides\n" in result.stdout
    assert "] build failed (" in result.stderr
    assert "unknown key 'titel'; did you mean 'title'?" in result.stderr
    assert "] rebuilt (" in result.stdout and "5 slides" in result.stdout
    assert result.stderr.count("watching ") == 3
