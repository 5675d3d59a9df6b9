"""A returned deck is untrusted input: its manifest never chooses a file to write, writes
only text into text, every value passes `deckgen check` before anything is written, a
mistyped manifest or a zip bomb is one line, and several files are written all or nothing
even across a crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation

from deckgen import guard, pipeline, pull
from deckgen import manifest as mf
from deckgen.opc import custom_properties_xml
from deckgen.pull import readdeck
from helpers import run_cli

OUTLINE = """\
deck:
  title: 不信任的幻灯片
  authors: [甲同学]
  language: zh-CN
  duration: 5
  theme: {aspect: "16:9"}
chapters:
  - title: 第一章
    presenter: 甲同学
    slides:
      - title: 开篇
        bullets: [第一条要点, 第二条要点]
        notes: 开篇的讲稿。
      - title: 图片页
        image: {path: pic.png, caption: 一块红色}
  - include: chapters/two.yaml
"""
CHAPTER = """\
title: 第二章
presenter: 乙同学
slides:
  - title: 关键数字
    stats:
      - {value: 910 EFLOPS, label: 全球算力规模}
"""
FIRST = 4  # the first content slide: after the title, agenda and divider


@pytest.fixture
def talk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "talk"
    (work / "chapters").mkdir(parents=True)
    monkeypatch.chdir(work)
    (work / "outline.yaml").write_text(OUTLINE, encoding="utf-8")
    (work / "chapters" / "two.yaml").write_text(CHAPTER, encoding="utf-8")
    Image.new("RGB", (40, 30), "red").save(work / "pic.png")
    pipeline.build(work / "outline.yaml")
    guard.WRITTEN.clear()
    return work / "outline.yaml"


DECK = Path("output/outline.pptx")


def files(talk: Path) -> dict[str, bytes]:
    return {p.relative_to(talk.parent).as_posix(): p.read_bytes()
            for p in talk.parent.rglob("*.yaml")}


def edit_deck(change: Callable[[Any], None]) -> None:
    prs = Presentation(str(DECK))
    change(prs)
    prs.save(str(DECK))


def set_title(text: str, slide: int = FIRST) -> Callable[[Any], None]:
    def change(prs: Any) -> None:
        prs.slides[slide - 1].shapes.title.text_frame.paragraphs[0].runs[0].text = text
    return change


def rewrite_manifest(mutate: Callable[[dict[str, Any]], Any], raw: str | None = None) -> None:
    """The deck with its manifest's JSON changed (or replaced by `raw` property text)."""
    with zipfile.ZipFile(DECK) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
        props = readdeck.custom_properties(z)
    if raw is None:
        data = json.loads(mf.unpack(props, mf.PREFIX) or "")
        mutate(data)
        new = mf.pack(json.dumps(data, ensure_ascii=False), mf.PREFIX)
    else:
        new = [(f"{mf.PREFIX}000", raw)]
    parts["docProps/custom.xml"] = custom_properties_xml(parts["docProps/custom.xml"], new,
                                                         mf.PREFIX)
    with zipfile.ZipFile(DECK, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data_ in parts.items():
            z.writestr(name, data_)


def pull_error(*args: str) -> str:
    code, out, err = run_cli("pull", *args)
    assert code == 1, (out, err)
    return err


# -------------------------------------------------------------------- confinement


def test_a_manifest_naming_another_outline_is_refused(talk: Path) -> None:
    edit_deck(set_title("改过的标题"))
    before = files(talk)
    for named in ("/etc/deckgen-victim.yaml", "../other.yaml", "other.yaml"):
        rewrite_manifest(lambda d, n=named: d.update(outline=n))
        assert pull_error(str(DECK)) == (
            f"error: output/outline.pptx was built from '{named}' (its manifest says), not "
            "from outline.yaml; pull writes only the outline you name: give it with "
            "--outline FILE\n")
    assert files(talk) == before


def test_a_manifest_pointing_at_a_same_named_file_elsewhere_writes_only_this_outline(
        talk: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim" / "outline.yaml"
    victim.parent.mkdir()
    victim.write_text(OUTLINE, encoding="utf-8")
    edit_deck(set_title("改过的标题"))
    for named in (str(victim), "../../victim/outline.yaml"):
        rewrite_manifest(lambda d, n=named: d.update(outline=n))
        code, _out, err = run_cli("pull", str(DECK))
        assert code == 0, err
        assert victim.read_text(encoding="utf-8") == OUTLINE  # never touched
        assert sorted(p.name for p in victim.parent.iterdir()) == ["outline.yaml"]
        assert "title: 改过的标题" in talk.read_text(encoding="utf-8")
        talk.write_text(OUTLINE, encoding="utf-8")


def test_several_outlines_in_the_working_folder_need_a_choice(talk: Path) -> None:
    (talk.parent / "other.yaml").write_text(OUTLINE, encoding="utf-8")
    edit_deck(set_title("改过的标题"))
    rewrite_manifest(lambda d: d.update(outline="other.yaml"))
    assert pull_error(str(DECK)) == (  # the outline beside output/ is not the one named
        "error: output/outline.pptx was built from 'other.yaml' (its manifest says), not "
        "from outline.yaml; pull writes only the outline you name: give it with --outline "
        "FILE\n")
    returned = talk.parent / "乙的版本.pptx"  # sent back: no outline beside it
    returned.write_bytes(DECK.read_bytes())
    assert pull_error(returned.name) == (
        "error: several outlines in the working folder (other.yaml, outline.yaml); name the "
        "one to pull into with --outline FILE\n")
    code, _, err = run_cli("pull", returned.name, "--outline", "outline.yaml")
    assert code == 0, err
    assert "改过的标题" in talk.read_text(encoding="utf-8")
    assert (talk.parent / "other.yaml").read_text(encoding="utf-8") == OUTLINE


def test_no_outline_in_the_working_folder(talk: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    returned = tmp_path / "乙的版本.pptx"  # a deck sent back, not in an output folder
    returned.write_bytes(DECK.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert pull_error(returned.name) == (
        "error: no outline in the working folder (a .yaml file with `deck:` at the top); run "
        "pull in the talk's folder or name the outline with --outline FILE\n")


def test_a_deck_in_an_output_folder_goes_to_the_outline_beside_it(
        talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit_deck(set_title("改过的标题"))
    deck = DECK.absolute()
    monkeypatch.chdir(tmp_path)  # another folder, with an outline of the same name
    (tmp_path / "outline.yaml").write_text(OUTLINE.replace("开篇", "别的演讲"),
                                           encoding="utf-8")
    code, out, err = run_cli("pull", str(deck))
    assert code == 0, err
    assert out.startswith("talk/output/outline.pptx → talk/outline.yaml\n")
    assert "title: 改过的标题" in talk.read_text(encoding="utf-8")
    assert "改过的标题" not in (tmp_path / "outline.yaml").read_text(encoding="utf-8")


def test_an_outline_of_another_talk_with_the_same_name_is_refused(
        talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    returned = tmp_path / "乙的版本.pptx"
    returned.write_bytes(DECK.read_bytes())
    other = tmp_path / "outline.yaml"  # another talk's outline, in the working folder
    other.write_text("deck:\n  title: 另一个演讲\n  date: 2025-05-20\nchapters:\n"
                     "  - title: 别的\n    slides:\n      - title: 一页\n"
                     "        bullets: [第一条要点]\n", encoding="utf-8")
    before = other.read_bytes()
    monkeypatch.chdir(tmp_path)
    assert pull_error(returned.name) == (
        "error: 乙的版本.pptx does not look built from outline.yaml: only 1 of its 11 texts "
        "are in it as built; name the outline with --outline FILE\n")
    assert other.read_bytes() == before


def test_an_included_file_outside_the_folder_is_never_written(talk: Path,
                                                              tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "two.yaml"
    shared.parent.mkdir()
    shared.write_text(CHAPTER, encoding="utf-8")
    talk.write_text(OUTLINE.replace("chapters/two.yaml", "../shared/two.yaml"),
                    encoding="utf-8")
    pipeline.build(talk, allow_outside=True, force=True)
    edit_deck(set_title("外面的标题", slide=7))
    assert pull_error(str(DECK)) == (
        f"error: pull writes only outline.yaml and the files it names inside its folder, not "
        f"{shared}; nothing was written\n")
    assert shared.read_text(encoding="utf-8") == CHAPTER


# -------------------------------------------------------------------- only text into text


def _aim_title_at(key: list[Any], value: str) -> None:
    """The deck's first content title edited, its manifest tying it to `key` (whose value
    as built it claims was `value`)."""
    edit_deck(set_title("../../../etc/passwd"))

    def aim(d: dict[str, Any]) -> None:
        title = d["slides"][FIRST - 1]["texts"][0]
        title[0], title[1] = value, key

    rewrite_manifest(aim)


@pytest.mark.parametrize(("key", "value"), [
    (["deck", "duration"], "5"), (["deck", "language"], "zh-CN"),
    (["deck", "theme", "aspect"], "16:9"),
    (["chapters", 0, "slides", 1, "image", "path"], "pic.png")])
def test_manifest_keys_on_settings_are_refused(talk: Path, key: list[Any], value: str) -> None:
    _aim_title_at(key, value)
    before = files(talk)
    shown = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key).lstrip(".")
    for dry in ((), ("--dry-run",)):
        assert pull_error(str(DECK), *dry) == (
            f"error: output/outline.pptx: its manifest ties slide {FIRST}'s text to {shown}, "
            "which is not a text of the outline (a setting, number or file name); nothing was "
            "written\n")
    assert files(talk) == before


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d.update(outline=None), "outline should be text, not null"),
    (lambda d: d.update(slides={}), "slides should be a list, not {}"),
    (lambda d: d["slides"][3]["texts"][0].__setitem__(0, 5),
     "slides[3].texts[0][0] should be text, not 5"),
    (lambda d: d["slides"][3]["texts"][0].__setitem__(1, "deck"),
     'slides[3].texts[0][1] should be a list, not "deck"'),
    (lambda d: d["slides"][3]["texts"][0].__setitem__(1, ["chapters", True]),
     "slides[3].texts[0][1][1] should be a key name or a list position, not true"),
    (lambda d: d["slides"][3]["texts"][0].__setitem__(1, ["chapters", 1.5]),
     "slides[3].texts[0][1][1] should be a key name or a list position, not 1.5"),
    (lambda d: d["slides"][3].__setitem__("key", ["chapters", -1]),
     "slides[3].key[1] should be a list position from 0, not -1"),
    (lambda d: d["slides"][3].__setitem__("notes", ["a"]),
     'slides[3].notes should be text, not ["a"]'),
    (lambda d: d["slides"][3].__setitem__("n", "4"),
     'slides[3].n should be a whole number, not "4"'),
    (lambda d: d["slides"][3].pop("kind"), "slides[3] has no `kind`"),
    (lambda d: d["slides"][3]["texts"].__setitem__(0, None),
     "slides[3].texts[0] should be a list, not null"),
    (lambda d: d.update(slides=[0] * 10_001),
     "it lists 10,001 slides; a deck holds at most 10,000"),
], ids=["outline-null", "slides-dict", "text-number", "key-text", "key-bool", "key-float",
        "key-negative", "notes-list", "number-text", "kind-missing", "text-null", "too-many"])
def test_mistyped_manifest_fields_are_one_line(talk: Path, mutate: Callable[..., Any],
                                               message: str) -> None:
    rewrite_manifest(mutate)
    assert pull_error(str(DECK)) == (
        f"error: output/outline.pptx: the deck's manifest is damaged: {message}; its texts "
        "cannot be matched to the outline\n")
    # and build keeps the deck, naming the same
    code, _, err = run_cli("build", "outline.yaml")
    assert code == 1 and f"  the deck's manifest is damaged: {message}\n" in err


def test_a_manifest_from_another_version_or_not_json(talk: Path) -> None:
    rewrite_manifest(lambda d: d.update(version=2))
    assert pull_error(str(DECK)) == (
        "error: output/outline.pptx: the deck's manifest is version 2, written by another "
        "deckgen; this one reads version 1; its texts cannot be matched to the outline\n")
    rewrite_manifest(lambda d: None, raw="bm90IHpsaWI=")  # base64 of "not zlib"
    assert pull_error(str(DECK)) == (
        "error: output/outline.pptx: the deck's deckgen-manifest-* properties are damaged "
        "(Error -3 while decompressing data: incorrect header check); its texts cannot be "
        "matched to the outline\n")


@pytest.mark.parametrize("key", [["chapters", 0, "slides", 0, "bullets"],
                                 ["chapters", 0, "slides", 0], ["chapters", 0, "slides", 9]])
def test_manifest_keys_on_lists_or_nothing_write_nothing(talk: Path, key: list[Any]) -> None:
    _aim_title_at(key, "开篇")
    before = files(talk)
    code, out, err = run_cli("pull", str(DECK))
    assert code == 0, err
    shown = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key).lstrip(".")
    assert (f"  not merged: slide {FIRST}: the title ({shown}) was edited in the deck but the "
            "outline no longer has it: '../../../etc/passwd'\n") in out
    assert files(talk) == before


# -------------------------------------------------------------------- what pull writes


def test_text_over_the_limit_is_refused_before_writing(talk: Path) -> None:
    edit_deck(set_title("长" * 25_000))
    before = files(talk)
    assert pull_error(str(DECK)) == (
        f"error: slide {FIRST}, title (chapters[0].slides[0].title): text of 25,000 "
        "characters; at most 20,000 fit in one value; the outline would not pass `deckgen "
        "check`, so nothing was written\n")
    assert files(talk) == before


def test_line_separators_in_an_added_slide_are_escaped(talk: Path) -> None:
    title, bullet, notes = "第一行\u2028第二行", "要点\x85续", "讲稿\u2029下一段"

    def add(prs: Any) -> None:
        new = prs.slides.add_slide(prs.slide_layouts[1])
        new.shapes.title.text = title
        new.placeholders[1].text_frame.text = bullet
        new.notes_slide.notes_text_frame.text = notes
        ids = prs.slides._sldIdLst
        ids.insert(FIRST, ids[-1])

    edit_deck(add)
    code, _out, err = run_cli("pull", str(DECK), "--add-slides")
    assert code == 0, err
    text = talk.read_text(encoding="utf-8")
    assert ('      - title: "第一行\\L第二行"\n        bullets:\n          - "要点\\N续"\n'
            '        notes: "讲稿\\P下一段"\n') in text
    code, _, err = run_cli("check", "outline.yaml")
    assert code == 0, err
    slide = pipeline.check(talk).plan.slides[FIRST]
    assert (slide.title, slide.notes) == (title, notes)


# -------------------------------------------------------------------- all or nothing


def _two_file_edit() -> None:
    def change(prs: Any) -> None:
        set_title("第一章的新标题")(prs)
        stats = prs.slides[6]
        label = next(sh for sh in stats.shapes if sh.name == "Stat label 1")
        label.text_frame.paragraphs[0].runs[0].text = "新的标签"
    edit_deck(change)


def test_a_failed_rename_puts_every_file_back(talk: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _two_file_edit()
    before = files(talk)
    real = os.replace
    calls: list[str] = []

    def second_fails(src: Any, dst: Any) -> None:
        if str(dst).endswith(".yaml"):
            calls.append(str(dst))
            if len(calls) == 2:
                raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(pull.journal.os, "replace", second_fails)
    with pytest.raises(pull.PullError) as err:
        pull.pull([DECK])
    monkeypatch.undo()
    assert str(err.value) == ("cannot write the outline: Input/output error; every file was "
                              "put back as it was")
    # renamed: outline.yaml; failed: chapters/two.yaml; then outline.yaml put back
    assert [Path(c).name for c in calls] == ["outline.yaml", "two.yaml", "outline.yaml"]
    assert files(talk) == before
    assert not list(talk.parent.rglob("*.tmp")) and not list(
        (talk.parent / "output" / ".cache").glob("pull-*"))


KILLED = """
import os, signal, sys
from deckgen.cli import main
real, done = os.replace, []
def replace(src, dst):
    if str(dst).endswith(".yaml"):
        done.append(dst)
        if len(done) == 2:
            os.kill(os.getpid(), signal.SIGKILL)  # between the two renames
    real(src, dst)
os.replace = replace
main(["pull", "output/outline.pptx"])
"""


def _killed_between_renames(talk: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Pull in a process killed between its two renames; the files before and after."""
    _two_file_edit()
    before = files(talk)
    proc = subprocess.run([sys.executable, "-c", KILLED], cwd=talk.parent, timeout=300,
                          capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    return before, files(talk)


def test_a_crash_between_renames_is_finished_by_the_next_run(talk: Path) -> None:
    before, half = _killed_between_renames(talk)
    assert half["outline.yaml"] != before["outline.yaml"]  # the first rename happened...
    assert half["chapters/two.yaml"] == before["chapters/two.yaml"]  # ...the second did not
    code, out, err = run_cli("check", "outline.yaml")
    assert code == 0, err
    assert ("  - finished a pull that was interrupted: wrote outline.yaml, chapters/two.yaml"
            in out)
    after = files(talk)
    assert "第一章的新标题" in after["outline.yaml"].decode()
    assert "新的标签" in after["chapters/two.yaml"].decode()
    assert not list(talk.parent.rglob("*.tmp")) and not list(
        (talk.parent / "output" / ".cache").glob("pull-*"))
    assert run_cli("check", "outline.yaml")[1].count("interrupted") == 0  # done once


def test_a_crash_whose_new_text_is_lost_is_rolled_back_by_pull(talk: Path) -> None:
    before, _ = _killed_between_renames(talk)
    for temp in (talk.parent / "chapters").glob(".two.yaml-pull-*.tmp"):
        temp.unlink()  # the second file's new text is gone: finishing is impossible
    code, _out, err = run_cli("pull", str(DECK), "--dry-run")
    assert code == 0, err
    assert err.startswith("rolled back a pull that was interrupted: outline.yaml, "
                          "chapters/two.yaml put back as they were\n")
    assert files(talk) == before


# -------------------------------------------------------------------- what is read


def _bomb() -> Any:
    """bench/bomb.py as a module: the bombs and the measured run are the benchmark's."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_bomb", Path(__file__).resolve().parents[1] / "bench" / "bomb.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("chunks", "patch", "message"), [
    (64, None, "output/outline.pptx: ppt/media/zeros.bin unpacks to 64 MB, 1,029 times its "
               "packed size (a zip bomb?); a part of a deck may grow at most 200 times"),
    (300, None, "output/outline.pptx: ppt/media/zeros.bin unpacks to 300 MB; one part of a "
                "deck may unpack to at most 256 MB"),
    (64, 1000, "output/outline.pptx: ppt/media/zeros.bin is damaged (Bad CRC-32 for file "
               "'ppt/media/zeros.bin')"),
], ids=["ratio", "part-size", "lying-header"])
def test_a_zip_bomb_is_refused_in_one_line(talk: Path, chunks: int, patch: int | None,
                                           message: str) -> None:
    bomb = _bomb()
    bomb.add_bomb(DECK, chunks, patch)
    assert DECK.stat().st_size < 2 * 2**20
    code, _, peak, err = bomb.measured(talk.parent, "pull", str(DECK))
    assert (code, err) == (1, f"error: {message}\n")
    assert peak < 200, peak
    code, _, peak, err = bomb.measured(talk.parent, "build", "outline.yaml")
    assert (code, err) == (1, f"error: output/outline.pptx exists but cannot be read as a deck "
                              f"({message}); move it away or build with --force (it is then "
                              "kept beside the new deck as outline.edited-<time>.pptx)\n")
    assert peak < 200, peak


def test_devices_and_fifos_are_not_read(talk: Path) -> None:
    assert pull_error("/dev/zero") == (
        "error: /dev/zero is a character device, not a file; a deck must be a .pptx file "
        "(nothing was read from it)\n")
    fifo = talk.parent / "pipe.pptx"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "deckgen", "pull", "pipe.pptx"],
                          cwd=talk.parent, timeout=120, capture_output=True, text=True)
    assert (proc.returncode, proc.stderr) == (1, (
        "error: pipe.pptx is a FIFO (named pipe), not a file; a deck must be a .pptx file "
        "(nothing was read from it)\n"))
