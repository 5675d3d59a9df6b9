"""Scale: what the speed-ups change (part naming, slide and notes prototypes, one-pass
packaging, lazy matplotlib, copied paragraphs and footers, running line widths,
precomputed font metrics, libyaml) still gives valid, unique, byte-identical decks."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation

from deckgen import drawingml, fit, fontset, pipeline, pptx_build, source
from deckgen.write import zip_entries
from helpers import SAMPLE, bench


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return z.namelist()


def _overrides(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode()
    return {name.lstrip("/") for name in re.findall(r'PartName="([^"]+)"', types)}


@pytest.mark.slow
@pytest.mark.long
def test_1000_slide_talk_is_byte_identical_unique_and_valid(
        tmp_path: Path, ooxml_validator: Callable[..., str]) -> None:
    outline = tmp_path / "talk.yaml"
    outline.write_text(bench().outline_yaml(1000), encoding="utf-8")
    first = pipeline.build(outline, tmp_path / "a" / "talk.pptx").output
    second = pipeline.build(outline, tmp_path / "b" / "talk.pptx").output
    assert first is not None and second is not None
    assert first.read_bytes() == second.read_bytes()

    names = _part_names(first)
    assert len(names) == len(set(names))
    slides = sorted(n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    notes = sorted(n for n in names if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n))
    assert len(slides) == len(notes) == 1000
    assert {f"ppt/slides/slide{i}.xml" for i in range(1, 1001)} == set(slides)
    assert {f"ppt/notesSlides/notesSlide{i}.xml" for i in range(1, 1001)} == set(notes)
    assert set(slides) | set(notes) <= _overrides(first)

    prs = Presentation(str(first))
    ids = [s.slide_id for s in prs.slides]
    assert ids == list(range(256, 1256))
    last = prs.slides[-2]  # the closing slide is last; before it, content slide 993
    assert last.shapes.title.text.startswith("第 993 页")
    assert last.notes_slide.notes_text_frame.text.startswith("这一页讲第 993 个要点。")
    assert "这一页讲第 993 个要点。" not in prs.slides[-3].notes_slide.notes_text_frame.text
    assert ooxml_validator(first).endswith(" 0 problems")


def test_every_new_part_gets_its_own_name(tmp_path: Path,
                                          ooxml_validator: Callable[..., str]) -> None:
    # Pictures (one used twice), picture and native charts with workbooks, on many slides.
    for i, color in enumerate(("red", "green", "blue")):
        Image.new("RGB", (64 + i, 48), color).save(tmp_path / f"p{i}.png")
    slides = []
    for i in range(12):
        slides.append(f"      - title: 图片 {i}\n        image: p{i % 3}.png\n"
                      f"        notes: 第 {i} 张图片。")
        native = "true" if i % 2 else "false"
        slides.append(f"      - title: 图表 {i}\n        chart:\n          type: bar\n"
                      f"          labels: [甲, 乙]\n          series:\n"
                      f"            值: [{i + 1}, {i + 2}]\n          native: {native}\n"
                      f"        notes: 第 {i} 张图表。")
    outline = tmp_path / "parts.yaml"
    outline.write_text("deck:\n  title: 部件命名\nchapters:\n  - title: 一\n    slides:\n"
                       + "\n".join(slides) + "\n", encoding="utf-8")
    out = pipeline.build(outline, tmp_path / "parts.pptx").output
    assert out is not None
    names = _part_names(out)
    assert len(names) == len(set(names))
    by_folder = Counter(n.rsplit("/", 1)[0] for n in names if not n.endswith(".rels"))
    assert by_folder["ppt/charts"] == 6
    assert by_folder["ppt/embeddings"] == 6
    media = [n for n in names if n.startswith("ppt/media/")]
    # Three distinct photos (each shared by four slides) and six chart pictures.
    assert len(media) == 3 + 6
    assert {n for n in names if n.startswith(("ppt/charts/", "ppt/notesSlides/"))
            and n.endswith(".xml")} <= _overrides(out)
    prs = Presentation(str(out))
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    by_photo = Counter(p.image.sha1 for p in pictures if p.name.startswith("Picture"))
    assert sorted(by_photo.values()) == [4, 4, 4]
    assert ooxml_validator(out).endswith(" 0 problems")


def test_embedded_workbooks_get_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("docProps/core.xml",
                   '<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d" xmlns:xsi="x">'
                   '<dcterms:created xsi:type="dcterms:W3CDTF">2031-05-06T07:08:09Z'
                   '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">'
                   '2031-05-06T07:08:10Z</dcterms:modified></cp:coreProperties>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = zip_entries([("ppt/embeddings/Microsoft_Excel_Sheet1.xlsx", inner.getvalue()),
                        ("[Content_Types].xml", b"<Types/>")])
    with zipfile.ZipFile(io.BytesIO(data)) as outer:
        assert outer.namelist()[0] == "[Content_Types].xml"
        blob = outer.read("ppt/embeddings/Microsoft_Excel_Sheet1.xlsx")
    with zipfile.ZipFile(io.BytesIO(blob)) as book:
        core = book.read("docProps/core.xml").decode()
        assert book.read("xl/workbook.xml") == b"<workbook/>"
    assert "2031" not in core
    assert core.count(">2023-11-14T22:13:20Z</dcterms:") == 2


def test_warm_rebuild_does_not_import_matplotlib(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from deckgen import pipeline\n"
        "r = pipeline.build(sys.argv[1], sys.argv[2])\n"
        "print(r.charts_rendered, r.charts_cached, 'matplotlib' in sys.modules)\n")
    env = {**os.environ, "DECKGEN_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script, str(SAMPLE),
                            str(tmp_path / "out" / "sample.pptx")],
                           capture_output=True, text=True, env=env, check=True).stdout.split()
            for _ in range(2)]
    cold, warm = runs
    assert cold[2] == "True" and int(cold[0]) > 0
    assert warm == ["0", cold[0], "False"]


def test_slides_copied_from_an_earlier_build_give_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # watch and serve copy the XML of slides drawn before; a fresh process draws them all
    monkeypatch.setattr(pptx_build, "_DRAWN", {})
    once = pipeline.build(SAMPLE, tmp_path / "once.pptx").output
    assert not pptx_build._DRAWN  # a one-off build keeps nothing
    first = pipeline.build(SAMPLE, tmp_path / "first.pptx", warm=True).output
    drawn = len(pptx_build._DRAWN)
    again = pipeline.build(SAMPLE, tmp_path / "again.pptx", warm=True).output
    assert drawn > 20 and len(pptx_build._DRAWN) == drawn  # every text slide was copied
    assert once is not None and once.read_bytes() == first.read_bytes()
    assert first is not None and again is not None
    assert first.read_bytes() == again.read_bytes()


def test_copied_paragraphs_give_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each kind of paragraph is built once and copied; built afresh every time, the sample
    # (every kind of slide, multi-line text) is the same.
    fast = pipeline.build(SAMPLE, tmp_path / "fast.pptx").output
    with monkeypatch.context() as m:
        original = drawingml.TextWriter._parts_for

        def fresh(self: Any, *args: Any) -> Any:
            self._parts.clear()
            return original(self, *args)

        m.setattr(drawingml.TextWriter, "_parts_for", fresh)
        m.setattr(pptx_build, "_DRAWN", {})
        slow = pipeline.build(SAMPLE, tmp_path / "slow.pptx").output
    assert fast is not None and slow is not None
    assert fast.read_bytes() == slow.read_bytes()


def _reference_line(text: str, width: float, size: float, bold: bool) -> list[str]:
    """fit's line breaking as first written: every candidate line measured in full."""
    def ink(s: str) -> float:
        return fit.text_width(s.rstrip(), size, bold)

    lines: list[str] = []
    cur = ""

    def place(seg: str, depth: int) -> None:
        nonlocal cur
        if ink(cur + seg) <= width:
            cur += seg
            return
        if cur.strip():
            lines.append(cur)
            cur = ""
        if ink(cur + seg) <= width:
            cur += seg
            return
        pieces = fit.breaking._segments(seg, kinsoku=False) if depth == 0 else []
        if len(pieces) > 1:
            for piece in pieces:
                place(piece, depth + 1)
            return
        for ch in seg:
            if cur.strip() and ink(cur + ch) > width:
                lines.append(cur)
                cur = ""
            cur += ch

    for seg in fit.breaking._segments(text):
        place(seg, 0)
    lines.append(cur)
    return [ln.rstrip() for ln in lines]


def _reference_wrap(text: str, width: float, size: float, bold: bool) -> list[str]:
    return [line for part in re.split("[\n\v\u2028]", text)
            for line in _reference_line(part, width, size, bold)]


def test_wrap_with_running_widths_matches_measuring_every_line() -> None:
    rng = random.Random(10)
    pieces = [*"中文字符测试，。、；：（）《》“”", *"abcdefghij ABC-123.,;:()[]", "  ", "\n",
              "…", "—", "·", "EFLOPS", "super-long-hyphenated-word", "x" * 40, "中" * 30]
    texts = ["", "   ", "算力基础设施持续加快，推动产业升级与创新发展（1.1）",
             "Hello world, a long English sentence with 中文 mixed in (2024) and more."]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
              for _ in range(300)]
    for text in texts:
        for width in (8.0, 60.0, 250.0, 800.0):
            for size, bold in ((12.0, False), (22.5, True), (32.0, False)):
                lines = fit.wrap(text, width, size, bold)
                assert lines == _reference_wrap(text, width, size, bold), (text, width, size)
                inks = [ink for _, ink in fit.breaking._wrap(text, width, size, bold)]
                assert inks == [fit.text_width(ln, size, bold) for ln in lines]


@pytest.mark.skipif(
    not all(p.is_file() for *ps, _ in fontset.SYSTEM_FACES.values() for p in ps),
    reason="the metrics table is made from system fonts too: apt-get install fonts-noto-cjk "
    "fonts-crosextra-caladea fonts-liberation2 fonts-dejavu-core")
def test_shipped_font_metrics_match_the_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = json.loads(gzip.decompress(fontset.METRICS_PATH.read_bytes()))
    assert shipped == json.loads(gzip.decompress(fontset.metrics_table())), \
        "run scripts/make_fonts.py --metrics-only to refresh it"
    def entries() -> list[dict[str, object]]:
        return ([fontset.file_entry(name) for name in fontset.SHIPPED]
                + [fontset.face_styles(face) for face in fontset.SYSTEM_FACES])

    def forget() -> None:
        for cached in (fontset._table, fontset.file_entry, fontset.face_styles):
            cached.cache_clear()

    forget()
    table = entries()
    assert table[0]["size"] == (fontset.FONT_DIR / fontset.SHIPPED[0]).stat().st_size
    # Without the file (or with a stale one) the fonts are read instead: same widths.
    monkeypatch.setattr(fontset, "METRICS_PATH", fontset.FONT_DIR / "missing.json.gz")
    forget()
    try:
        assert fontset._table() == {"files": {}, "faces": {}}
        assert entries() == table
    finally:
        forget()


def test_libyaml_and_pure_loader_give_the_same_data_and_positions(tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text(
        "base: &b {title: 甲, notes: 'x'}\ndeck:\n  <<: *b\n  subtitle: |\n    两行\n    文字\n"
        "  authors: [a, \"b\\tc\", 'd''e']\nchapters:\n  - title: >-\n      folded\n"
        "      text\n    slides: [{title: t, bullets: [1, 2.5, null, true, 2024-01-02]}]\n",
        encoding="utf-8")
    for path in (SAMPLE, odd):
        fast = source.load(path)
        assert source._compose_fast(path.read_text(encoding="utf-8")) is not None
        with pytest.MonkeyPatch.context() as m:
            m.setattr(source, "_CLoader", None)
            pure = source.load(path)
        assert fast.data == pure.data
        assert fast.positions.values == pure.positions.values
    # Text deep enough to exhaust libyaml's C stack never reaches it.
    assert source._compose_fast("deck: " + "[" * 5000 + "]" * 5000) is None
