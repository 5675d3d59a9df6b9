"""Hostile and broken input: never crash, never lose work, never run or read what it shouldn't."""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import textwrap
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from deckgen import pipeline, source, write
from deckgen.errors import BuildError, OutlineError
from deckgen.images import MAX_EDGE
from deckgen.source import MAX_FILE_BYTES, MAX_STRING_CHARS, load
from helpers import run_cli

BAD = Path(__file__).resolve().parent / "outlines" / "bad"
CASES = sorted(p.stem for p in BAD.glob("*.yaml"))
PROBLEM_LINE = r"^[^:]+:\d+:\d+: "


def outline_with(slide: str, deck: str = "") -> str:
    """A one-slide outline; `slide` is the slide's YAML after `- title: 图`."""
    return ("deck:\n  title: 测试\n" + textwrap.indent(textwrap.dedent(deck), "  ")
            + "chapters:\n  - title: 第一章\n    slides:\n      - title: 图\n"
            + textwrap.indent(textwrap.dedent(slide), "        ") + "        notes: 讲稿。\n")


def errors_of(outline: Path, *extra: str) -> list[str]:
    """The problem lines `deckgen build` prints for an outline that must fail with exit 2."""
    code, _, err = run_cli("build", str(outline), "-o", str(outline.parent / "out.pptx"),
                           *extra)
    assert code == 2, err
    lines = err.splitlines()
    assert lines[-1].endswith("found; nothing was written."), err
    assert not (outline.parent / "out.pptx").exists()
    return lines[:-1]


def pictures(deck: Path) -> list[tuple[object, Image.Image, bytes]]:
    """Every picture shape of a deck with its decoded image and raw bytes, slide order."""
    out = []
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                blob = shape.image.blob
                out.append((shape, Image.open(io.BytesIO(blob)), blob))
    return out


def deck_text(path: Path) -> str:
    """Every text a reader of the deck can see or hear: shapes, tables, charts, notes."""
    texts: list[str] = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
            if shape.has_chart:
                plot = shape.chart.plots[0]
                texts += [*map(str, plot.categories), *(s.name for s in plot.series)]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)


# ------------------------------------------------------------------ the corpus


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 15
    assert sorted(p.stem for p in BAD.glob("*.expected")) == CASES


@pytest.mark.parametrize("name", CASES)
def test_corpus(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                ooxml_validator: Callable[..., str]) -> None:
    work = tmp_path / "bad"
    shutil.copytree(BAD, work)
    monkeypatch.chdir(work)
    out = tmp_path / "deck" / f"{name}.pptx"
    code, stdout, stderr = run_cli("build", f"{name}.yaml", "-o", str(out))
    expected = BAD / f"{name}.expected"
    if os.environ.get("DECKGEN_UPDATE_CORPUS"):
        keep = expected.read_text(encoding="utf-8").splitlines()[1:] if code == 0 else []
        body = keep if code == 0 else stderr.splitlines()
        expected.write_text("\n".join([f"exit {code}", *body]) + "\n", encoding="utf-8")
    head, *lines = expected.read_text(encoding="utf-8").splitlines()
    assert head in ("exit 0", "exit 2")
    assert code == int(head.split()[1]), stderr
    assert not (work / "pwned.txt").exists()
    if code == 2:
        assert stderr.splitlines() == lines
        assert not out.parent.exists()
    else:
        assert stderr == ""
        for line in lines:
            assert line in stdout.splitlines()
        ooxml_validator(out)


# ------------------------------------------------------------------ YAML


def test_python_tags_never_run(folder: Path) -> None:
    sentinel = folder / "pwned"
    tags = ["!!python/object/apply:os.system", "!!python/object/new:os.system",
            "!!python/name:os.system", "!!python/object/apply:subprocess.call"]
    text = "deck:\n" + "".join(f"  k{i}: {tag} [\"touch {sentinel}\"]\n"
                               for i, tag in enumerate(tags)) + "chapters: []\n"
    (folder / "o.yaml").write_text(text, encoding="utf-8")
    problems = errors_of(folder / "o.yaml")
    assert not sentinel.exists()
    assert problems == [
        f"o.yaml:{i + 2}:7: deck.k{i}: the tag 'tag:yaml.org,2002:{tag[2:]}' is not allowed; "
        "an outline holds plain text, numbers, lists and mappings" for i, tag in enumerate(tags)]


def laughs(levels: int) -> str:
    text = 'l0: &l0 "lol"\n'
    for i in range(1, levels + 1):
        text += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
    return text + f"deck: {{title: *l{levels}}}\nchapters: *l{levels}\n"


def test_billion_laughs_is_refused_without_expanding(folder: Path) -> None:
    (folder / "o.yaml").write_text(laughs(9), encoding="utf-8")
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(OutlineError) as info:
        load(folder / "o.yaml")
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"billion laughs refused in {seconds * 1000:.1f} ms, peak {peak / 2**20:.1f} MiB")
    assert [str(p) for p in info.value.problems] == [
        "o.yaml:6:1: l5: aliases (*name) repeat 111,110 values here; aliases may add at most "
        "50,000 values to one file"]
    assert peak < 20 * 2**20  # expanding it would need gigabytes


def test_deep_aliases_point_at_the_first_value_too_large(folder: Path) -> None:
    text = 'a0: &a0 "x"\n' + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 50) + "]\n" for i in range(1, 21))
    (folder / "o.yaml").write_text(text + "deck: *a20\n", encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:4:1: a3: aliases (*name) repeat 127,550 values here; aliases may add at most "
        "50,000 values to one file"]


def test_many_values_are_refused_while_reading(folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_VALUES", 2_000)
    monkeypatch.setattr(source, "MAX_ALIAS_VALUES", 2_000)
    many = "deck:\n  title: 多\n  authors: [" + ", ".join(["甲"] * 1_900) + "]\n"
    (folder / "o.yaml").write_text(many + "chapters: []\n", encoding="utf-8")
    assert errors_of(folder / "o.yaml") == ["o.yaml:4:11: chapters: expected at least 1 "
                                            "chapters, got 0"]
    (folder / "o.yaml").write_text(many + "extra: [" + ", ".join(["乙"] * 200) + "]\n",
                                   encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:4:282: the file holds more than 2,000 values (keys, texts, numbers), the most "
        "one file may hold; move chapters into files of their own with `include:`"]
    (folder / "o.yaml").write_text("a: &a [" + ", ".join(["x"] * 100) + "]\n"
                                   "b: [" + ", ".join(["*a"] * 100) + "]\n", encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:2:1: b: aliases (*name) repeat 10,100 values here; aliases may add at most "
        "2,000 values to one file"]


def test_circular_alias(folder: Path) -> None:
    (folder / "o.yaml").write_text("deck: &d {title: x, again: *d}\n", encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:1:7: an alias refers to the value that contains it, which would never end"]


def test_deep_nesting(folder: Path) -> None:
    (folder / "o.yaml").write_text("deck: " + "[" * 80 + "]" * 80 + "\n", encoding="utf-8")
    assert errors_of(folder / "o.yaml") == ["o.yaml:1:67: nested more than 60 levels deep"]
    (folder / "o.yaml").write_text("deck: " + "[" * 50_000 + "]" * 50_000 + "\n",
                                   encoding="utf-8")
    assert errors_of(folder / "o.yaml") == ["o.yaml:1:1: nested too deeply to read; an outline "
                                            "may nest at most 60 levels"]


def test_file_size_limit(folder: Path) -> None:
    big = folder / "o.yaml"
    big.write_text("deck: {title: T}\n# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    size = big.stat().st_size
    assert errors_of(big) == [f"o.yaml:1:1: the file is {size:,} bytes; a file of the outline "
                              f"may be at most {MAX_FILE_BYTES:,} bytes (2 MB): move chapters "
                              "into files of their own with `include:`"]


def test_string_size_limit(folder: Path) -> None:
    (folder / "o.yaml").write_text(outline_with(f"bullets: [{'字' * (MAX_STRING_CHARS + 1)}]\n"),
                                   encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        f"o.yaml:7:19: chapters[0].slides[0].bullets[0]: text of {MAX_STRING_CHARS + 1:,} "
        f"characters; at most {MAX_STRING_CHARS:,} fit in one value"]


def test_duplicate_keys_anywhere(folder: Path) -> None:
    (folder / "o.yaml").write_text(outline_with("""\
        chart: {type: bar, type: line, labels: [a], series: {s: [1], s: [2]}}
        """), encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:7:28: chapters[0].slides[0].chart.type: duplicate key 'type' (first defined at "
        "line 7); YAML would silently keep only the last one, so remove or rename one of them",
        "o.yaml:7:70: chapters[0].slides[0].chart.series.s: duplicate key 's' (first defined "
        "at line 7); YAML would silently keep only the last one, so remove or rename one of "
        "them"]


# ------------------------------------------------------------------ text


@pytest.mark.parametrize(("escape", "named"), [
    ("\\0", "U+0000 (NUL)"),
    ("\\x01", "U+0001 (a control character)"),
    ("\\b", "U+0008 (backspace)"),
    ("\\v", "U+000B (vertical tab)"),
    ("\\f", "U+000C (form feed)"),
    ("\\e", "U+001B (escape)"),
    ("\\x1f", "U+001F (a control character)"),
    ("\\uFFFE", "U+FFFE (a non-character)"),
    ("\\uFFFF", "U+FFFF (a non-character)"),
    ("\\uD800", "U+D800 (half of a surrogate pair)"),
    ("\\uDFFF", "U+DFFF (half of a surrogate pair)"),
])
def test_characters_xml_cannot_hold_are_refused(folder: Path, escape: str, named: str) -> None:
    (folder / "o.yaml").write_text(outline_with(f'bullets: ["a{escape}b"]\n'), encoding="utf-8")
    hint = " (for a line break write \\n)" if escape in ("\\v", "\\f") else ""
    assert errors_of(folder / "o.yaml") == [
        f"o.yaml:7:19: chapters[0].slides[0].bullets[0]: the text holds {named}, which a "
        f"PowerPoint file cannot store; remove it{hint}"]


def test_control_characters_in_keys_notes_and_chart_labels(folder: Path) -> None:
    (folder / "o.yaml").write_text(outline_with("""\
        chart: {type: bar, labels: ["a\\x02"], series: {"s\\x03": [1]}}
        "bad\\x04key": 1
        """).replace("讲稿。", '"讲\\x05稿"'), encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:7:37: chapters[0].slides[0].chart.labels[0]: the text holds U+0002 (a control "
        "character), which a PowerPoint file cannot store; remove it",
        "o.yaml:7:56: chapters[0].slides[0].chart.series: this key holds U+0003 (a "
        "control character), which a PowerPoint file cannot store; remove it",
        "o.yaml:8:9: chapters[0].slides[0]: this key holds U+0004 (a control "
        "character), which a PowerPoint file cannot store; remove it",
        "o.yaml:9:16: chapters[0].slides[0].notes: the text holds U+0005 (a control "
        "character), which a PowerPoint file cannot store; remove it"]


def test_raw_control_characters_in_the_file(folder: Path) -> None:
    (folder / "o.yaml").write_bytes("deck:\n  title: 标题\x07\nchapters: []\n".encode())
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:2:12: the file holds U+0007 (a control character), which YAML does not allow "
        "in a text file; remove it"]
    (folder / "o.yaml").write_bytes("deck:\n  title: 标题\ufffe\n".encode())
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:2:12: the file holds U+FFFE (a non-character), which YAML does not allow in a "
        "text file; remove it"]


def test_control_character_in_a_csv_cell(folder: Path) -> None:
    (folder / "t.csv").write_text("项目,数值\n甲,1\n乙\x0b丙,2\n", encoding="utf-8")
    (folder / "o.yaml").write_text(outline_with("table: {csv: t.csv}\n"), encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "t.csv:3:2: chapters[0].slides[0].table.csv: this line holds U+000B (vertical tab), "
        "which a PowerPoint file cannot store; remove it"]


SURVIVORS = ["<b>&amp; \"x\" & 'y' </b>", "emoji 😀👩‍👩‍👧 🇨🇳 🇺🇸", "مرحبا بالعالم",
             "שלום עולם", "中文：混排 Latin 与全角，标点。", "e\u0301 combining", "\u200f rtl mark",
             "]]> <![CDATA[ x"]


def test_emoji_rtl_and_markup_survive(folder: Path, ooxml_validator: Callable[..., str]) -> None:
    t = SURVIVORS
    outline = {
        "deck": {"title": t[0], "subtitle": t[1]},
        "chapters": [{"title": t[2], "presenter": t[3], "slides": [
            {"title": t[4], "bullets": t, "notes": f"{t[7]} {t[6]}"},
            {"title": "表", "table": {"header": [t[5], "b"], "rows": [[t[1], t[0]]]},
             "notes": "x"},
            {"title": "引", "quote": {"text": t[2], "by": t[3]}, "notes": "x"},
            {"title": "图表", "chart": {"type": "bar", "native": True, "labels": [t[0], t[1]],
                                      "series": {t[2]: [1, 2]}}, "notes": "x"},
        ]}]}
    (folder / "o.yaml").write_text(yaml.safe_dump(outline, allow_unicode=True), encoding="utf-8")
    report = pipeline.build(folder / "o.yaml", folder / "out.pptx")
    ooxml_validator(report.output)
    everything = deck_text(report.output)
    for text in SURVIVORS:
        assert text in everything, text
    prs = Presentation(str(report.output))
    assert prs.slides[0].shapes.title.text_frame.text == SURVIVORS[0]


def test_gbk_outline_is_read_with_a_warning(folder: Path) -> None:
    (folder / "o.yaml").write_bytes(outline_with("bullets: [中国]\n").encode("gbk"))
    code, out, err = run_cli("build", "o.yaml", "-o", "out.pptx")
    assert (code, err) == (0, "")
    assert ("  - o.yaml is not UTF-8; it was read as GBK/GB18030. Save it as UTF-8 so every "
            "tool reads it the same way.") in out.splitlines()
    assert Presentation("out.pptx").slides[3].shapes.title.text_frame.text == "图"


def test_invalid_utf8_that_is_not_chinese(folder: Path) -> None:
    (folder / "o.yaml").write_bytes(b"deck:\n  title: caf\xe9\n")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:2:13: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"]


# ------------------------------------------------------------------ paths


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the outline's, holding one of each kind of file."""
    there = tmp_path / "elsewhere"
    there.mkdir()
    Image.new("RGB", (40, 30), "red").save(there / "p.png")
    (there / "t.csv").write_text("a,b\nx,1\n", encoding="utf-8")
    (there / "ch.yaml").write_text("title: 外章\nslides: [{title: s, bullets: [a], notes: n}]\n",
                                   encoding="utf-8")
    shutil.copy(Path(pipeline.__file__).parent / "themes" / "default-16x9.pptx", there / "t.pptx")
    return there


KINDS = {
    "image": ("image: {p}\n", "", "o.yaml:7:16: chapters[0].slides[0].image"),
    "csv": ("table: {{csv: {p}}}\n", "", "o.yaml:7:22: chapters[0].slides[0].table.csv"),
    "template": ("bullets: [a]\n", "theme: {{template: {p}}}\n",
                 "o.yaml:3:21: deck.theme.template"),
}


@pytest.mark.parametrize("kind", [*KINDS, "include"])
@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink", "linked-folder"])
def test_files_outside_the_folder_are_refused(folder: Path, outside: Path, kind: str,
                                               how: str) -> None:
    name = {"image": "p.png", "csv": "t.csv", "template": "t.pptx", "include": "ch.yaml"}[kind]
    target = outside / name
    if how == "dotdot":
        ref = f"../elsewhere/{name}"
    elif how == "absolute":
        ref = str(target)
    elif how == "symlink":
        (folder / name).symlink_to(target)
        ref = name
    else:
        (folder / "assets").symlink_to(outside, target_is_directory=True)
        ref = f"assets/{name}"
    if kind == "include":
        text = f"deck: {{title: T}}\nchapters:\n  - include: {ref}\n"
        where = "o.yaml:3:14: chapters[0].include"
    else:
        slide, deck, where = KINDS[kind]
        text = outline_with(slide.format(p=ref), deck.format(p=ref))
    (folder / "o.yaml").write_text(text, encoding="utf-8")
    if how in ("symlink", "linked-folder"):
        why = (f"'{ref}' leads outside the outline's folder through a symbolic link (to "
               f"{target.resolve()}); copy the file inside or pass --allow-outside")
    else:
        why = f"'{ref}' lies outside the outline's folder; move it inside or pass --allow-outside"
    assert errors_of(folder / "o.yaml") == [f"{where}: {why}"]
    code, _, err = run_cli("build", "o.yaml", "-o", "out.pptx", "--allow-outside")
    assert code == 0, err


def test_links_inside_the_folder_are_fine(folder: Path) -> None:
    (folder / "assets").mkdir()
    Image.new("RGB", (40, 30), "red").save(folder / "assets" / "real.png")
    (folder / "pic.png").symlink_to(folder / "assets" / "real.png")
    (folder / "o.yaml").write_text(outline_with(f"image: {folder / 'pic.png'}\n"),
                                   encoding="utf-8")
    code, _, err = run_cli("build", "o.yaml", "-o", "out.pptx")
    assert code == 0, err
    assert [p[1].size for p in pictures(folder / "out.pptx")] == [(40, 30)]


def test_outside_files_are_never_read(folder: Path, outside: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda p, *a, **k: opened.append(str(p))
                        or real_open(p, *a, **k))
    (folder / "o.yaml").write_text(outline_with("image: ../elsewhere/p.png\n"), encoding="utf-8")
    errors_of(folder / "o.yaml")
    assert opened == []


# ------------------------------------------------------------------ images


def png16(path: Path, w: int, h: int) -> None:
    """A 16-bit RGB PNG (Pillow cannot write one): red left half, blue right half."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    row = b"\xff\xff\x00\x00\x00\x00" * (w // 2) + b"\x00\x00\x00\x00\xff\xff" * (w - w // 2)
    raw = b"".join(b"\0" + row for _ in range(h))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2,
                                                                       0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_good_images(folder: Path) -> dict[str, tuple[int, int]]:
    """Unusual but valid images, with the pixel size each must have in the deck."""
    Image.new("CMYK", (60, 40), (0, 255, 255, 0)).save(folder / "cmyk.jpg")
    Image.new("CMYK", (60, 40), (0, 255, 255, 0)).save(folder / "cmyk.tif")
    grey = Image.new("I;16", (60, 40))
    grey.putdata([i * 27 for i in range(60 * 40)])
    grey.save(folder / "grey16.png")
    png16(folder / "rgb16.png", 60, 40)
    Image.new("P", (60, 40), 3).save(folder / "palette.png")
    clear = Image.new("P", (60, 40), 0)
    clear.putpalette([255, 255, 255, 200, 0, 0])
    clear.paste(1, (30, 0, 60, 40))
    clear.save(folder / "palette-clear.png", transparency=0)
    Image.new("RGBA", (60, 40), (0, 128, 0, 64)).save(folder / "rgba.png")
    Image.new("LA", (60, 40), (90, 128)).save(folder / "grey-alpha.png")
    Image.new("1", (60, 40), 1).save(folder / "bilevel.png")
    Image.new("RGB", (60, 40), "navy").save(folder / "anim.gif", save_all=True,
                                            append_images=[Image.new("RGB", (60, 40), "red")])
    Image.new("RGB", (60, 40), "teal").save(folder / "photo.webp")
    Image.new("RGB", (60, 40), "teal").save(folder / "photo.bmp")
    Image.new("RGB", (60, 40), "teal").save(folder / "progressive.jpg", progressive=True)
    Image.new("RGB", (60, 40), "teal").save(folder / "interlaced.png", interlace=1)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": a phone held upright
    Image.new("RGB", (60, 40), "olive").save(folder / "rotated.jpg", exif=exif)
    Image.new("RGB", (8000, 5000), "purple").save(folder / "huge.png")
    return {"cmyk.jpg": (60, 40), "cmyk.tif": (60, 40), "grey16.png": (60, 40),
            "rgb16.png": (60, 40), "palette.png": (60, 40), "palette-clear.png": (60, 40),
            "rgba.png": (60, 40), "grey-alpha.png": (60, 40), "bilevel.png": (60, 40),
            "anim.gif": (60, 40), "photo.webp": (60, 40), "photo.bmp": (60, 40),
            "progressive.jpg": (60, 40), "interlaced.png": (60, 40), "rotated.jpg": (40, 60),
            "huge.png": (MAX_EDGE, MAX_EDGE * 5 // 8)}


def test_unusual_images_make_a_correct_deck(folder: Path,
                                             ooxml_validator: Callable[..., str]) -> None:
    sizes = make_good_images(folder)
    slides = "".join(f"      - title: {name}\n        image: {name}\n        notes: n\n"
                     for name in sizes)
    (folder / "o.yaml").write_text("deck: {title: 图片}\nchapters:\n  - title: 图\n    slides:\n"
                                   + slides, encoding="utf-8")
    report = pipeline.build(folder / "o.yaml", folder / "out.pptx")
    ooxml_validator(report.output)
    found = pictures(report.output)
    assert len(found) == len(sizes)
    for (name, size), (shape, im, blob) in zip(sizes.items(), found):
        assert im.format in ("PNG", "JPEG"), name
        assert im.size == size, name
        assert im.mode in ("RGB", "RGBA", "L", "LA", "P", "1"), (name, im.mode)
        if im.format == "PNG":
            assert blob[24] <= 8, f"{name}: a {blob[24]}-bit PNG in the deck"
        assert abs(shape.width / shape.height - size[0] / size[1]) < 0.01, name
        im.load()
        rgba = im.convert("RGBA")
        if name.startswith("cmyk"):
            r, g, b, _ = rgba.getpixel((5, 5))
            assert r > 200 and g < 60 and b < 60, (name, r, g, b)  # red stays red
        if name == "grey16.png":
            assert len(set(im.convert("L").tobytes())) > 100  # scaled to 8 bits, not clipped
        if name == "rgb16.png":
            assert rgba.getpixel((5, 5))[:3] == (255, 0, 0)
            assert rgba.getpixel((55, 5))[:3] == (0, 0, 255)
        if name == "palette-clear.png":
            assert rgba.getpixel((5, 5))[3] == 0 and rgba.getpixel((55, 5)) == (200, 0, 0, 255)
        if name == "rgba.png":
            assert rgba.getpixel((5, 5)) == (0, 128, 0, 64)
    total = report.output.stat().st_size
    assert total < 2 * 2**20, f"the deck is {total:,} bytes; the huge image was not reduced"


def truncated(source: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        source(path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return make


BAD_IMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "text.png": (lambda p: p.write_text("hello", encoding="utf-8"),
                 "the file is not an image Pillow can read (PNG, JPEG, GIF, BMP, TIFF, WebP); "
                 "is it damaged or mislabelled?"),
    "empty.jpg": (lambda p: p.write_bytes(b""), "the image file is empty"),
    "cut.png": (truncated(lambda p: Image.effect_noise((300, 300), 50).save(p)),
                "the image is damaged or truncated (image file is truncated)"),
    "cut.jpg": (truncated(lambda p: Image.effect_noise((300, 300), 50).convert("RGB")
                          .save(p, quality=95)),
                "the image is damaged or truncated (image file is truncated "),
    "drawing.png": (lambda p: p.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3'
                                           '.org/2000/svg"/>', encoding="utf-8"),
                    "the file is an SVG drawing, which not every viewer can show; export it "
                    "as PNG"),
    "drawing.svg": (lambda p: p.write_text("<svg/>", encoding="utf-8"),
                    "'drawing.svg' is an SVG drawing, which not every viewer can show; export "
                    "it as PNG"),
    "photo.jpg": (lambda p: p.write_bytes(b"\0\0\0\x18ftypheic" + b"\0" * 64),
                  "the file is a HEIC photo, which not every viewer can show; export it as "
                  "JPEG"),
    "photo.heic": (lambda p: p.write_bytes(b"\0\0\0\x18ftypheic"),
                   "'photo.heic' is not a supported image; use PNG or JPEG (.bmp, .gif, .jpeg, "
                   ".jpg, .png, .tif, .tiff, .webp)"),
    "bomb.png": (lambda p: Image.new("1", (20_000, 20_000)).save(p),
                 "the image is too large to decode safely (decompression bomb protection); "
                 "scale it down"),
    "large.png": (lambda p: Image.new("1", (9_000, 9_000)).save(p),
                  "the image is 9000×9000 pixels, too large to use safely; scale it down below "
                  "80 megapixels"),
}


@pytest.mark.parametrize("name", BAD_IMAGES)
def test_broken_images_are_clear_errors(folder: Path, name: str) -> None:
    make, message = BAD_IMAGES[name]
    make(folder / name)
    (folder / "o.yaml").write_text(outline_with(f"image: {name}\n"), encoding="utf-8")
    (line,) = errors_of(folder / "o.yaml")
    assert line.startswith(f"o.yaml:7:16: chapters[0].slides[0].image: {message}")


# ------------------------------------------------------------------ CSV and templates


@pytest.mark.parametrize(("content", "message"), [
    (b"", "t.csv:1:1: {k}: the CSV file is empty; it needs a header row and at least one data "
          "row"),
    (b"\n\n  \n", "t.csv:1:1: {k}: the CSV file is empty; it needs a header row and at least "
                  "one data row"),
    (b"a,b\n", "t.csv:1:1: {k}: the CSV file has a header row but no data rows"),
    (b"a,b\nx,1\ny,2,3\n", "t.csv:3:1: {k}: this row has 3 cells but the header has 2 cells"),
    (b"a,b,c\nx,1,2\ny\n", "t.csv:3:1: {k}: this row has 1 cell but the header has 3 cells"),
    (b"a,b\nx,1\ny,abc\n", "t.csv:3:2: {k}: column 'b': 'abc' is not a number (write e.g. "
                           "1234, 1,234.5 or 32%)"),
    (b"a,b\nx,1\x00\n", "t.csv:1:1: {k}: the CSV file contains NUL bytes; is it really a CSV "
                        "file?"),
    ("地区,用户\n美国,1\n".encode("gbk"),
     't.csv:1:1: {k}: the CSV file is not UTF-8 (it looks like GBK, what Excel on Chinese '
     'Windows saves as "CSV"); save it as UTF-8 (in Excel: Save As, "CSV UTF-8")'),
    (b"a,b\ncaf\xe9,1\n", 't.csv:2:4: {k}: the CSV file is not UTF-8; save it as UTF-8 (in '
                          'Excel: Save As, "CSV UTF-8")'),
    (b"a\nx\n", "t.csv:1:1: {k}: a chart CSV needs a label column and at least one numeric "
                "column"),
    (b"\x89PNG\r\n\x1a\n", "t.csv:1:1: {k}: the CSV file is not UTF-8; save it as UTF-8 (in "
                           'Excel: Save As, "CSV UTF-8")'),
])
def test_broken_csv_files(folder: Path, content: bytes, message: str) -> None:
    (folder / "t.csv").write_bytes(content)
    (folder / "o.yaml").write_text(outline_with("chart: {type: bar, csv: t.csv}\n"),
                                   encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [message.format(k="chapters[0].slides[0].chart.csv")]


def test_csv_with_bom_semicolons_and_quotes_works(folder: Path) -> None:
    (folder / "t.csv").write_bytes('\ufeff"地区";"用户, 亿"\n"美国";"1,234"\n中国;32%\n'
                                   .encode())
    (folder / "o.yaml").write_text(outline_with("chart: {type: bar, native: true, csv: t.csv}\n"),
                                   encoding="utf-8")
    code, _, err = run_cli("build", "o.yaml", "-o", "out.pptx")
    assert code == 0, err
    chart = next(s.chart for s in Presentation("out.pptx").slides[3].shapes if s.has_chart)
    assert list(chart.plots[0].categories) == ["美国", "中国"]
    assert chart.plots[0].series[0].name == "用户, 亿"
    assert list(chart.plots[0].series[0].values) == [1234.0, 32.0]


def _zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _damaged_presentation(path: Path) -> None:
    default = Path(pipeline.__file__).parent / "themes" / "default-16x9.pptx"
    with zipfile.ZipFile(default) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["ppt/presentation.xml"] = b"<p:presentation"
    _zip(path, parts)


BAD_TEMPLATES: dict[str, tuple[Callable[[Path], None], str]] = {
    "text.pptx": (lambda p: p.write_text("hello", encoding="utf-8"),
                  "'text.pptx' is not a PowerPoint file (not a zip package); is it damaged?"),
    "plain.pptx": (lambda p: _zip(p, {"a.txt": b"x"}),
                   "'plain.pptx' is a zip file, not a PowerPoint presentation; use a .pptx or "
                   ".potx file"),
    "letter.pptx": (lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>",
                                       "word/document.xml": b"<w/>"}),
                    "'letter.pptx' is a Word document, not a PowerPoint presentation; use a "
                    ".pptx or .potx file"),
    "cut.pptx": (truncated(lambda p: shutil.copy(
        Path(pipeline.__file__).parent / "themes" / "default-16x9.pptx", p)),
        "'cut.pptx' is not a PowerPoint file (not a zip package); is it damaged?"),
    "theme.docx": (lambda p: p.write_bytes(b""),
                   "'theme.docx' is not a PowerPoint template; use a .pptx, .potx, .ppsx, "
                   ".pptm or .potm file"),
    "damaged.pptx": (_damaged_presentation, "cannot use this template: XMLSyntaxError: "),
}


@pytest.mark.parametrize("name", BAD_TEMPLATES)
def test_broken_templates_are_clear_errors(folder: Path, name: str) -> None:
    make, message = BAD_TEMPLATES[name]
    make(folder / name)
    (folder / "o.yaml").write_text(outline_with("bullets: [a]\n", f"theme: {{template: {name}}}\n"),
                                   encoding="utf-8")
    (line,) = errors_of(folder / "o.yaml")
    assert line.startswith(f"o.yaml:3:21: deck.theme.template: {message}")


def test_template_too_large_unpacked_is_refused(folder: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from deckgen import safezip

    with zipfile.ZipFile(folder / "big.pptx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ppt/presentation.xml", b"<p/>")
        z.writestr("ppt/media/noise.bin", random.Random(1).randbytes(3 * 2**20))
    monkeypatch.setattr(safezip, "TEMPLATE",
                        dataclasses.replace(safezip.TEMPLATE, total_bytes=2 * 2**20))
    (folder / "o.yaml").write_text(outline_with("bullets: [a]\n", "theme: {template: big.pptx}\n"),
                                   encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:3:21: deck.theme.template: 'big.pptx' unpacks to 3 MB; a template may unpack "
        "to at most 2 MB (remove large media from it)"]


def test_template_zip_bomb_is_refused(folder: Path) -> None:
    with zipfile.ZipFile(folder / "bomb.pptx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ppt/presentation.xml", b"<p/>")
        z.writestr("ppt/media/zeros.bin", b"\0" * (64 * 2**20))
    (folder / "o.yaml").write_text(outline_with("bullets: [a]\n", "theme: {template: bomb.pptx}\n"),
                                   encoding="utf-8")
    assert errors_of(folder / "o.yaml") == [
        "o.yaml:3:21: deck.theme.template: 'bomb.pptx': ppt/media/zeros.bin unpacks to 64 MB, "
        "1,029 times its packed size (a zip bomb?); a part of a template may grow at most 200 "
        "times"]


# ------------------------------------------------------------------ output


OK = outline_with("bullets: [甲, 乙]\n")
CHART = outline_with("chart: {type: bar, labels: [a, b], series: {s: [1, 2]}}\n")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp")) + sorted(
        p.name for p in folder.rglob(".*-*") if p.is_file())


@pytest.fixture
def built(folder: Path) -> tuple[Path, Path, bytes]:
    """An outline, its built deck and the deck's bytes."""
    (folder / "o.yaml").write_text(OK, encoding="utf-8")
    deck = folder / "output" / "o.pptx"
    code, _, err = run_cli("build", "o.yaml")
    assert code == 0, err
    return folder / "o.yaml", deck, deck.read_bytes()


def test_output_folder_is_created(folder: Path) -> None:
    (folder / "o.yaml").write_text(CHART, encoding="utf-8")
    code, _, err = run_cli("build", "o.yaml", "-o", "a/b/c/talk.pptx")
    assert code == 0, err
    assert len(Presentation("a/b/c/talk.pptx").slides) == 5


@pytest.mark.parametrize("text", [OK, CHART])
def test_output_under_a_file_is_a_clear_error(folder: Path, text: str) -> None:
    (folder / "o.yaml").write_text(text, encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run_cli("build", "o.yaml", "-o", "notes.txt/sub/talk.pptx")
    assert (code, err) == (1, f"error: cannot create the folder {Path('notes.txt/sub')}: "
                              "notes.txt is a file, not a folder\n")
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_permission_denied_keeps_the_old_deck(built: tuple[Path, Path, bytes],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    outline, deck, before = built
    outline.write_text(OK.replace("乙", "丙"), encoding="utf-8")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(write.os, "replace", locked)
    code, _, err = run_cli("build", "o.yaml")
    assert code == 1
    assert err == (f"error: cannot write {Path('output/o.pptx')}: permission denied. Is the "
                   "file open in PowerPoint or WPS, or the folder read-only? Close it, or "
                   "choose another file with -o.\n")
    assert deck.read_bytes() == before
    assert leftovers(deck.parent) == []


def test_disk_full_keeps_the_old_deck(built: tuple[Path, Path, bytes],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    outline, deck, before = built
    outline.write_text(OK.replace("乙", "丙"), encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "fsync", full)
    code, _, err = run_cli("build", "o.yaml")
    assert (code, err) == (1, f"error: cannot write {Path('output/o.pptx')}: No space left on "
                              "device\n")
    assert deck.read_bytes() == before
    assert leftovers(deck.parent) == []


@pytest.mark.parametrize("where", ["fsync", "replace", "build"])
def test_ctrl_c_leaves_no_partial_file(built: tuple[Path, Path, bytes],
                                       monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    outline, deck, before = built
    outline.write_text(OK.replace("乙", "丙"), encoding="utf-8")

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    if where == "build":
        from deckgen import pptx_build

        monkeypatch.setattr(pptx_build, "build_presentation", interrupt)
    else:
        monkeypatch.setattr(write.os, where, interrupt)
    code, _, err = run_cli("build", "o.yaml")
    assert code == 130
    assert "interrupted; the previous deck is untouched." in err
    assert deck.read_bytes() == before
    assert leftovers(deck.parent) == []


def test_every_outline_failure_keeps_the_old_deck(built: tuple[Path, Path, bytes]) -> None:
    outline, deck, before = built
    for broken in (OK.replace("bullets", "bulets"), "", "deck: [", laughs(9),
                   OK.replace("甲", '"\\x01"')):
        outline.write_text(broken, encoding="utf-8")
        code, _, err = run_cli("build", "o.yaml")
        assert code == 2, err
        assert deck.read_bytes() == before


def test_output_must_not_overwrite_an_input(folder: Path) -> None:
    theme = Path(pipeline.__file__).parent / "themes" / "default-16x9.pptx"
    shutil.copy(theme, folder / "school.pptx")
    (folder / "o.yaml").write_text(outline_with("bullets: [a]\n",
                                                "theme: {template: school.pptx}\n"),
                                   encoding="utf-8")
    code, _, err = run_cli("build", "o.yaml", "-o", "school.pptx")
    assert (code, err) == (1, "error: school.pptx is one of the files this build reads; "
                              "writing the deck there would destroy it. Choose another file "
                              "with -o.\n")
    assert (folder / "school.pptx").read_bytes() == theme.read_bytes()


def test_write_atomic_refuses_a_folder(tmp_path: Path) -> None:
    (tmp_path / "deck.pptx").mkdir()
    with pytest.raises(BuildError, match=r"is a folder; give a file name ending in \.pptx"):
        write.write_atomic(tmp_path / "deck.pptx", b"x")
