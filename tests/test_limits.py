"""Limits at scale: what each limit counts, that every limit is documented, and that a build
stopped by a signal (or killed outright) leaves no temporary file behind."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from deckgen import csvdata, images, manifest, pipeline, safezip, source, validate, write
from deckgen.errors import OutlineError
from deckgen.source import load
from helpers import bench, run_cli

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))


def chapter_files(folder: Path, files: int, per: int, first: int = 1) -> Path:
    """An outline of `files` included chapter files of `per` slides each (five bullets and
    notes a slide, as bench/run.py writes them); returns the outline."""
    talks = bench()
    (folder / "chapters").mkdir(exist_ok=True)
    lines = ["deck:", "  title: 长篇演讲", "chapters:"]
    n = first - 1
    for c in range(files):
        name = f"chapters/c{c:03d}.yaml"
        lines.append(f"  - include: {name}")
        body = [f"title: 第{c + 1}章", "slides:"]
        for _ in range(per):
            n += 1
            body += [f"  - title: 第 {n} 页", "    bullets:",
                     *(f"      - {talks._bullet(n, k)}" for k in range(5)),
                     f"    notes: {talks._notes(n)}"]
        (folder / name).write_text("\n".join(body) + "\n", encoding="utf-8")
    outline = folder / "talk.yaml"
    outline.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return outline


def problems(outline: Path) -> list[str]:
    with pytest.raises(OutlineError) as info:
        load(outline)
    return [str(p) for p in info.value.problems]


# ------------------------------------------------------------------ what the limits count


def test_values_are_limited_per_file_not_across_included_chapters(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_VALUES", 400)
    monkeypatch.setattr(source, "MAX_ALIAS_VALUES", 400)
    outline = chapter_files(folder, files=6, per=20)  # about 250 values a file, 1,500 in all
    loaded = load(outline)
    outline_model = validate.validate(loaded).outline
    assert [len(c.slides) for c in outline_model.chapters] == [20] * 6
    assert outline_model.chapters[5].slides[19].title == "第 120 页"

    # One chapter file over the limit is refused there, and only there.
    talks = bench()
    more = "".join(f"  - title: 加页 {i}\n    bullets: [{talks._bullet(i, 0)}]\n"
                   for i in range(60))
    with (folder / "chapters" / "c003.yaml").open("a", encoding="utf-8") as f:
        f.write(more)
    found = problems(outline)
    assert len(found) == 1
    assert re.fullmatch(r"chapters/c003\.yaml:\d+:\d+: the file holds more than 400 values "
                        r"\(keys, texts, numbers\), the most one file may hold; move chapters "
                        r"into files of their own with `include:`", found[0]), found


def test_aliases_count_only_what_they_add(folder: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_ALIAS_VALUES", 202)
    items = ", ".join(f"要点{i}" for i in range(100))
    text = ("deck:\n  title: 别名\n  authors: &names [" + items + "]\n"
            "chapters:\n  - title: 一\n    slides:\n"
            "      - {title: 甲, bullets: *names}\n      - {title: 乙, bullets: *names}\n")
    (folder / "o.yaml").write_text(text, encoding="utf-8")
    # Two aliases of a 101-value list add 202 values: at the limit, and the 101 values
    # written out where the anchor stands do not count.
    data = load(folder / "o.yaml").data
    assert data["chapters"][0]["slides"][1]["bullets"][99] == "要点99"
    (folder / "o.yaml").write_text(text + "      - {title: 丙, bullets: *names}\n",
                                   encoding="utf-8")
    assert problems(folder / "o.yaml") == [
        "o.yaml:6:5: chapters[0].slides: aliases (*name) repeat 303 values here; aliases may "
        "add at most 202 values to one file"]


def test_an_alias_item_of_a_list_is_pointed_at_through_its_list(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_ALIAS_VALUES", 50)
    (folder / "o.yaml").write_text(
        "big: &big [" + ", ".join(["x"] * 60) + "]\n"
        "deck:\n  title: 列表\n  authors: [甲, *big]\n", encoding="utf-8")
    # The alias's node is the anchor's (line 1): the message points at the list holding it.
    assert problems(folder / "o.yaml") == [
        "o.yaml:4:3: deck.authors[1]: aliases (*name) repeat 61 values here; aliases may add "
        "at most 50 values to one file"]


def test_an_alias_bomb_in_a_chapter_file_is_refused_there(folder: Path) -> None:
    bomb = 'l0: &l0 "lol"\n' + "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    outline = chapter_files(folder, files=3, per=2)
    (folder / "chapters" / "c001.yaml").write_text(
        bomb + "title: *l9\nslides: *l9\n", encoding="utf-8")
    tracemalloc.start()
    try:
        found = problems(outline)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == ["chapters/c001.yaml:6:1: l5: aliases (*name) repeat 111,110 values here; "
                     "aliases may add at most 50,000 values to one file"]
    assert peak < 20 * 2**20  # expanding it would need gigabytes


@pytest.mark.slow
@pytest.mark.long
def test_a_10000_slide_talk_in_200_chapter_files_is_accepted(folder: Path) -> None:
    outline = chapter_files(folder, files=200, per=50)
    assert max(p.stat().st_size for p in folder.rglob("*.yaml")) < source.MAX_FILE_BYTES
    code, out, err = run_cli("check", "talk.yaml")
    assert (code, err) == (0, "")
    assert out.splitlines()[2:202] == [f"  第{c}章{' ' * (6 - len(str(c)))}51 slides"
                                      for c in range(1, 201)]
    model = validate.validate(load(outline)).outline
    assert sum(len(c.slides) for c in model.chapters) == 10_000
    assert model.chapters[199].slides[49].title == "第 10000 页"


# ------------------------------------------------------------------ every limit documented


def test_every_limit_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    limits = {f"{m.__name__}.{name}": value for m in (source, csvdata, images, validate,
                                                       manifest)
              for name, value in vars(m).items()
              if name.startswith("MAX_") and isinstance(value, int)}
    for kind in (safezip.DECK, safezip.TEMPLATE):  # every pptx read: one home of its limits
        limits |= {f"{kind.what}: {f.name}": getattr(kind, f.name)
                   for f in dataclasses.fields(kind) if isinstance(getattr(kind, f.name), int)}
    assert len(limits) >= 18
    missing = [name for name, value in limits.items() if f"{value:,}" not in section]
    assert missing == [], "list these limits in the README's Limits section"


# ------------------------------------------------------------------ signals and stale files


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=60)
    return proc.pid


def test_stale_temporary_files_of_deckgen_are_removed_and_nothing_else(tmp_path: Path) -> None:
    dead = _dead_pid()
    deck = tmp_path / "talk.pptx"
    names = {
        f".talk-deckgen-{dead}-ab12_xyz.tmp": "stale: removed",
        f".talk-deckgen-{os.getpid()}-ab12xyz9.tmp": "a running process's: kept",
        f".other-deckgen-{dead}-ab12xyz9.tmp": "another deck's: kept until it is built",
        ".talk-ab12xyz9.tmp": "not named by deckgen: kept",
        f"talk-deckgen-{dead}-ab12xyz9.tmp": "not hidden: kept",
        f".talk-deckgen-{dead}-ab12xyz9.tmp.bak": "another name: kept",
        "notes.txt": "the user's: kept",
    }
    for name in names:
        (tmp_path / name).write_text(names[name], encoding="utf-8")
    (tmp_path / f".talk-deckgen-{dead}-folder00.tmp").mkdir()
    assert write.stale_temps(deck) == [tmp_path / f".talk-deckgen-{dead}-ab12_xyz.tmp"]
    write.write_atomic(deck, b"deck")
    assert deck.read_bytes() == b"deck"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([*list(names)[1:], f".talk-deckgen-{dead}-folder00.tmp",
                           "talk.pptx"])


def test_the_temporary_file_is_named_for_its_deck_and_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = write.os.fsync

    def look(fd: int) -> None:
        seen.extend(p.name for p in tmp_path.iterdir())
        real(fd)

    monkeypatch.setattr(write.os, "fsync", look)
    write.write_atomic(tmp_path / "my talk.pptx", b"x")
    assert len(seen) == 1
    assert re.fullmatch(rf"\.my talk-deckgen-{os.getpid()}-[a-z0-9_]+\.tmp", seen[0])
    assert write.stale_temps(tmp_path / "my talk.pptx") == []


OUTLINE = ("deck:\n  title: 信号\nchapters:\n  - title: 第一章\n    slides:\n"
           "      - title: 图\n        bullets: [{word}]\n        notes: 讲稿。\n")


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _written(folder: Path) -> bool:
    """Whether a temporary file holds a whole large deck (over 1 MB), waiting for fsync."""
    return any(p.stat().st_size > 1_000_000 for p in folder.glob(".*.tmp"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_during_the_write_is_handled_like_ctrl_c(
        folder: Path, monkeypatch: pytest.MonkeyPatch, signum: int) -> None:
    (folder / "o.yaml").write_text(OUTLINE.format(word="甲"), encoding="utf-8")
    assert run_cli("build", "o.yaml")[0] == 0
    deck = folder / "output" / "o.pptx"
    before = deck.read_bytes()
    (folder / "o.yaml").write_text(OUTLINE.format(word="乙"), encoding="utf-8")

    def signalled(fd: int) -> None:
        assert callable(signal.getsignal(signum)), "no handler: the signal would end pytest"
        os.kill(os.getpid(), signum)
        time.sleep(5)  # the handler interrupts this at once

    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    monkeypatch.setattr(write.os, "fsync", signalled)
    code, _, err = run_cli("build", "o.yaml")
    assert code == 128 + signum
    assert err.endswith("interrupted; the previous deck is untouched.\n")
    assert deck.read_bytes() == before
    assert _hidden(deck.parent) == []
    assert {s: signal.getsignal(s) for s in handlers} == handlers  # restored after main()


# The real command line, in its own process, with fsync held back so the temporary file
# stays on disk long enough to be signalled (a large deck's write lasts a few milliseconds).
SLOW_WRITE = """
import os, sys, time
real = os.fsync
def slow(fd):
    time.sleep(120)
    real(fd)
os.fsync = slow
from deckgen.cli import main
main(sys.argv[1:])
"""


@pytest.fixture(scope="module")
def big_deck(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bytes]:
    """A 1,500-slide talk and the bytes of its deck, built once for the signal tests."""
    work = tmp_path_factory.mktemp("big")
    text = bench().outline_yaml(1500)
    (work / "talk.yaml").write_text(text, encoding="utf-8")
    out = pipeline.build(work / "talk.yaml", work / "talk.pptx").output
    assert out is not None
    return text, out.read_bytes()


@pytest.mark.slow
@pytest.mark.long
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL],
                         ids=["TERM", "HUP", "KILL"])
def test_killing_a_large_build_leaves_no_temporary_file(
        folder: Path, big_deck: tuple[str, bytes], signum: int) -> None:
    text, before = big_deck
    (folder / "output").mkdir()
    deck = folder / "output" / "talk.pptx"
    deck.write_bytes(before)
    (folder / "talk.yaml").write_text(text.replace("五条要点加讲稿", "改过的副标题"),
                                      encoding="utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, "-q", "build", "talk.yaml"],
                            cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline and not _written(deck.parent):
            time.sleep(0.02)
        temps = _hidden(deck.parent)
        assert len(temps) == 1 and temps[0].startswith(f".talk-deckgen-{proc.pid}-"), temps
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert deck.read_bytes() == before
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
        assert _hidden(deck.parent) == temps  # nothing ran; the next build cleans up
        code, _, err = run_cli("-q", "build", "talk.yaml")
        assert (code, err) == (0, "")
        with zipfile.ZipFile(deck) as z:
            assert "改过的副标题" in z.read("ppt/slides/slide1.xml").decode()
    else:
        assert proc.returncode == 128 + signum
        assert err.endswith("interrupted; the previous deck is untouched.\n"), err
    assert _hidden(deck.parent) == []


# ------------------------------------------------------------------ a table on many slides


def test_a_table_continued_on_many_slides_is_warned_about(folder: Path) -> None:
    rows = ["年份,地区,数值", *(f"{2000 + i % 25},地区{i},{i * 3}" for i in range(2000))]
    (folder / "data.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "o.yaml").write_text(
        "deck:\n  title: 表格\nchapters:\n  - title: 第一章\n    slides:\n"
        "      - title: Title\n        table: {csv: data.csv}\n        notes: 讲稿。\n"
        "      - title: Small\n        table: {header: [a, b], rows: [[1, 2], [3, 4]]}\n"
        "        notes: 讲稿。\n", encoding="utf-8")
    report = pipeline.check(folder / "o.yaml")
    assert [w for w in report.warnings if "table" in w] == [
        "chapters[0].slides[0]: table 'Title' continues on 143 slides; split it or show a "
        "summary (a chart, the top rows)"]
