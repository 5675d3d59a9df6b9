"""`deckgen export`: the PDF, hand-outs, booklets and PNGs deckgen draws itself, checked
with tools that are not deckgen's: qpdf (pikepdf) for the file's syntax, bookmarks, page
labels, language and alt text; poppler (pdfinfo, pdffonts, pdftotext, pdfimages,
pdftoppm) for pages, fonts, text and pictures; `deckgen notes` for the timings."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

import rendercheck
from deckgen import pipeline
from deckgen.cli import cli
from deckgen.deckplan import ChartFrame, Picture
from deckgen.export import Wanted, export
from deckgen.pdf import fonts as pdffonts
from deckgen.pdf.booklet import clock
from deckgen.pdf.paper import default_paper
from deckgen.primitives import Fonts
from helpers import sample_outline

POPPLER = pytest.mark.skipif(
    any(shutil.which(t) is None for t in ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")),
    reason="poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) are needed")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample talk in a folder of its own."""
    return sample_outline(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def exported(sample: Path) -> Path:
    result = CliRunner().invoke(cli, ["export", str(sample), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{sample.parent / 'output' / 'outline.pdf'}\n"
    return sample.parent / "output" / "outline.pdf"


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120).stdout


def _info(pdf: Path) -> dict[str, str]:
    return {k.strip(): v.strip() for k, _, v in
            (line.partition(":") for line in _run("pdfinfo", str(pdf)).splitlines())}


@POPPLER
def test_the_pdf_has_a_page_a_slide_with_title_authors_and_every_font_embedded(
        sample: Path, exported: Path) -> None:
    plan = pipeline.check(sample).plan
    info = _info(exported)
    assert int(info["Pages"]) == len(plan.slides) == 36
    assert info["Title"] == "中美人工智能领域的竞赛"
    assert info["Author"] == "汇报人甲, 汇报人乙, 汇报人丙, 汇报人丁"
    assert info["Page size"] == "960 x 540 pts"
    assert info["Tagged"] == "yes"
    rows = _run("pdffonts", str(exported)).splitlines()[2:]
    assert rows and all(re.search(r"\syes\s+yes\s+yes\s", r) for r in rows), rows  # emb sub uni
    assert any("DeckgenSansSC" in r for r in rows) and any("Carlito" in r for r in rows)
    assert exported.stat().st_size < 2_000_000  # well under 10 MB with CJK embedded


def test_qpdf_finds_no_problem_and_reads_bookmarks_labels_language_and_alt_text(
        sample: Path, exported: Path) -> None:
    plan = pipeline.check(sample).plan
    with pikepdf.open(exported) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert [pikepdf.Page(p).label for p in pdf.pages] == [
            str(s.number) for s in plan.slides]
        assert str(pdf.Root.Lang) == "zh-CN"
        with pdf.open_outline() as outline:
            top = [(item.title, [c.title for c in item.children]) for item in outline.root]
        figures = _alt_texts(pdf.Root.StructTreeRoot)
    # a bookmark per chapter holding its slides; the slides outside chapters at the top
    expected: list[tuple[str, list[str]]] = []
    for s in plan.slides:
        entry = f"{s.number} · {s.title}"
        ch = s.chapter
        if ch is None:
            expected.append((entry, []))
        elif not expected or expected[-1][0] != plan.chapters[ch][0]:
            expected.append((plan.chapters[ch][0], [entry]))
        else:
            expected[-1][1].append(entry)
    assert top == expected
    assert [t for t, _ in top][:3] == ["1 · 中美人工智能领域的竞赛", "2 · 目录", "研究背景和意义"]
    pictures = [sh.alt for s in plan.slides for sh in s.shapes
                if isinstance(sh, (Picture, ChartFrame)) and sh.alt]
    assert len(pictures) == 5 and figures == pictures


def _alt_texts(node: object) -> list[str]:
    out: list[str] = []
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/S") == pikepdf.Name.Figure and node.get("/Alt") is not None:
            out.append(str(node.Alt))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            out.extend(_alt_texts(kid))
    return out


@POPPLER
def test_charts_are_drawn_as_vectors_and_only_photos_are_pictures(
        sample: Path, exported: Path) -> None:
    plan = pipeline.check(sample).plan
    photos = [str(s.number) for s in plan.slides for sh in s.shapes
              if isinstance(sh, Picture)]
    assert len(photos) == 1 and len(plan.charts) == 4
    listed = _run("pdfimages", "-list", str(exported)).splitlines()[2:]
    # the timeline is the only picture on any page: the four charts are vectors
    assert [line.split()[0] for line in listed] == photos


@POPPLER
def test_every_slide_text_is_searchable(sample: Path, exported: Path) -> None:
    text = re.sub(r"\s+", "", _run("pdftotext", str(exported), "-"))
    for phrase in ("中美人工智能领域的竞赛", "为什么研究这个题目", "谢谢大家",
                   "尤瓦尔·赫拉利《智人之上》（2024），大意", "ChatGPT"):
        assert phrase in text


def test_export_twice_gives_the_same_bytes_and_leaves_the_deck_alone(sample: Path,
                                                                     exported: Path) -> None:
    deck = pipeline.build(sample).output
    assert deck is not None
    before = (deck.read_bytes(), deck.stat().st_mtime_ns)
    first = exported.read_bytes()
    export(sample)
    assert exported.read_bytes() == first
    assert (deck.read_bytes(), deck.stat().st_mtime_ns) == before


@POPPLER
@pytest.mark.parametrize("n", [1, 2, 3, 4, 6])
def test_handout_has_n_slides_a_page_on_a4_for_a_chinese_talk(sample: Path, n: int) -> None:
    done = export(sample, wanted=Wanted(pdf=False, handout=n))
    pdf = done.files[0]
    assert pdf.name == f"outline-handout-{n}.pdf"
    info = _info(pdf)
    assert int(info["Pages"]) == math.ceil(36 / n)
    assert info["Page size"].startswith("595.28 x 841.89 pts")  # A4
    first = re.sub(r"\s+", "", _run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-"))
    assert "中美人工智能领域的竞赛" in first and f"1/{math.ceil(36 / n)}" in first


@POPPLER
def test_handout_on_letter_paper(sample: Path) -> None:
    done = export(sample, wanted=Wanted(pdf=False, handout=4, paper="letter"))
    assert _info(done.files[0])["Page size"].startswith("612 x 792 pts")


def test_paper_follows_the_language_then_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_PAPER", "LC_ALL", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert default_paper("en-US") == "letter"
    assert default_paper("en-GB") == "a4"
    assert default_paper("zh-CN") == "a4"
    assert default_paper("en") == "a4"
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    assert default_paper("en") == "letter"
    assert default_paper("zh-CN") == "a4"  # the deck's region wins


@POPPLER
def test_booklet_gives_each_presenter_their_slides_windows_and_hand_overs(
        sample: Path) -> None:
    who = "汇报人乙"
    done = export(sample, wanted=Wanted(pdf=False, booklet=True, presenter=who))
    assert [p.name for p in done.files] == [f"outline-booklet-{who}.pdf"]
    pdf = done.files[0]
    # the oracle: the rehearsal script `deckgen notes` prints (m:ss–m:ss windows)
    script = CliRunner().invoke(cli, ["notes", str(sample), "--presenter", who]).stdout
    windows = re.findall(r"^\*(\d+):(\d\d)–(\d+):(\d\d)", script, re.M)
    assert len(windows) == 8
    pages = [re.sub(r"\s+", "", _run("pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"))
             for i in range(1, int(_info(pdf)["Pages"]) + 1)]
    assert len(pages) == 1 + len(windows)  # the cover, then a page a slide
    for page, (m0, s0, m1, s1) in zip(pages[1:], windows):
        assert f"{int(m0):02d}:{s0}–{int(m1):02d}:{s1}" in page
        assert "/计划20:00" in page  # the running total against the planned 20 minutes
    cover = pages[0]
    assert "汇报人乙的排练手册" in cover
    assert "从汇报人甲手中接过：第11页“中美人工智能发展特点”" in cover
    assert "交给汇报人丙：第19页“特朗普2.0时代中美AI竞赛的新特点”" in cover
    # each slide page shows the notes
    assert "谢谢汇报人甲。这一章我们来对比中美AI的发展特点。" in pages[1]


def test_booklets_for_everyone_and_an_unknown_presenter(sample: Path) -> None:
    done = export(sample, wanted=Wanted(pdf=False, booklet=True))
    assert [p.name for p in done.files] == [f"outline-booklet-汇报人{c}.pdf" for c in "甲乙丙丁"]
    result = CliRunner().invoke(cli, ["export", str(sample), "--booklet", "--presenter", "X"])
    assert result.exit_code == 1
    assert result.stderr == ("error: no presenter named 'X' in this outline; the presenters "
                             "are: 汇报人甲, 汇报人乙, 汇报人丙, 汇报人丁\n")


def test_clock_is_minutes_and_seconds_with_two_digits() -> None:
    assert [clock(s) for s in (0, 59.6, 250, 3600)] == ["00:00", "01:00", "04:10", "60:00"]


@POPPLER
def test_pngs_are_the_pages_as_poppler_draws_them(sample: Path, tmp_path: Path) -> None:
    done = export(sample, wanted=Wanted(pdf=True, png=True, dpi=48))
    assert len(done.pngs) == 36 and done.pngs[0].name == "outline-01.png"
    assert done.sheet is not None and done.sheet.name == "outline-contact.png"
    with Image.open(done.sheet) as sheet:  # every slide, 4 across, as `deckgen preview` lays out
        thumb_w = (1600 - 16 * 5) // 4
        assert sheet.size == (1600, 16 + 9 * (round(thumb_w * 9 / 16) + 22 + 16))
    with Image.open(done.pngs[3]) as mine:
        assert mine.size == (640, 360)
        subprocess.run(["pdftoppm", "-png", "-r", "48", "-f", "4", "-l", "4",
                        str(done.files[0]), str(tmp_path / "p")], check=True, timeout=60)
        with Image.open(next(tmp_path.glob("p-*.png"))) as poppler:
            tiles = rendercheck.tile_similarity(poppler, mine.convert("RGB"))
    assert min(tiles) > 0.9


def test_export_needs_no_libreoffice_on_path(sample: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bin"  # PATH: an empty folder; no soffice, no poppler, nothing
    bare.mkdir()
    env = {**os.environ, "PATH": str(bare)}
    assert shutil.which("soffice", path=env["PATH"]) is None
    done = subprocess.run([sys.executable, "-m", "deckgen", "export", str(sample),
                           "--png", "--handout", "4", "-q"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = sample.parent / "output"
    assert done.stdout.split() == [str(out / "outline-handout-4.pdf"), str(out / "outline-png"),
                                   str(out / "outline-contact.png")]


def test_outline_mistakes_are_reported_as_build_reports_them(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck:\n  title: T\n  langauge: en\nchapters: []\n", encoding="utf-8")
    built = CliRunner().invoke(cli, ["build", str(bad)])
    exported = CliRunner().invoke(cli, ["export", str(bad)])
    assert exported.exit_code == built.exit_code == 2
    assert exported.stderr == built.stderr and "bad.yaml:3:3" in exported.stderr
    assert not (tmp_path / "output" / "bad.pdf").exists()


def test_o_names_one_file_only(sample: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(sample), "--handout", "2", "--pdf",
                                      "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "-o names one file, but this export writes 2" in result.stderr
    result = CliRunner().invoke(cli, ["export", str(sample), "-o", str(tmp_path / "x.png")])
    assert result.stderr == f"error: the output file must end in .pdf: {tmp_path / 'x.png'}\n"
    result = CliRunner().invoke(cli, ["export", str(sample), "-o", str(sample)])
    assert result.exit_code == 1 and "must end in .pdf" in result.stderr
    result = CliRunner().invoke(cli, ["export", str(sample), "--presenter", "汇报人乙"])
    assert result.exit_code == 1 and result.stderr == (
        "error: --presenter chooses whose booklet to write; add --booklet\n")
    out = tmp_path / "talk.pdf"
    result = CliRunner().invoke(cli, ["export", str(sample), "-o", str(out), "-q"])
    assert result.exit_code == 0 and result.stdout == f"{out}\n" and out.is_file()


# -------------------------------------------------------------------- fonts and runs


def test_runs_split_by_script_with_the_gap_where_cjk_meets_latin() -> None:
    book = pdffonts.FontBook()
    runs = book.runs("中文EFLOPS中文", Fonts(), False)
    assert [(r.text, r.script, r.gap_em) for r in runs] == [
        ("中文", "wide", 0.0), ("EFLOPS", "latin", 0.25), ("中文", "wide", 0.25)]
    assert [r.font.path.name for r in runs] == ["DeckgenSansSC-Regular.otf",
                                               "Carlito-Regular.ttf",
                                               "DeckgenSansSC-Regular.otf"]
    # curly quotes go with Latin text (as LibreOffice draws them), arrows with their side
    runs = book.runs("“普惠”的 → 体系", Fonts(), True)
    assert [(r.text, r.script) for r in runs] == [
        ("“", "latin"), ("普惠", "wide"), ("”", "latin"), ("的 → 体系", "wide")]
    assert runs[0].font.path.name == "Carlito-Bold.ttf"


def test_a_face_that_is_not_installed_is_drawn_with_the_shipped_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdffonts, "find_font_file", lambda path: None)
    book = pdffonts.FontBook()
    runs = book.runs("Cambria text", Fonts("Cambria", "SimSun"), False)
    assert runs[0].font.path.name == "Carlito-Regular.ttf"
    assert book.substituted == {"Caladea": "Carlito-Regular"}


@POPPLER
def test_hebrew_and_arabic_are_embedded_and_extractable(tmp_path: Path) -> None:
    if pdffonts.find_font_file(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")) is None:
        pytest.skip("DejaVu Sans (fonts-dejavu-core) draws Hebrew and Arabic")
    outline = tmp_path / "rtl.yaml"
    outline.write_text("""\
deck:
  title: Scripts
  language: en
chapters:
  - title: Greetings
    slides:
      - title: Hello
        bullets: [שלום עולם, مرحبا بالعالم, Hello world]
        notes: Three greetings.
""", encoding="utf-8")
    pdf = export(outline).files[0]
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert any("DejaVuSans" in r for r in rows)
    text = _run("pdftotext", str(pdf), "-")
    for word in ("שלום", "עולם", "Hello"):
        assert word in text or word[::-1] in text
    assert set("مرحبا") <= set(text) or any(0xFE70 <= ord(c) <= 0xFEFF for c in text)


def test_resolution_and_slides_a_page_are_checked_before_anything_is_read(
        sample: Path) -> None:
    from deckgen.errors import BuildError

    with pytest.raises(BuildError, match="PNG pictures are made at 24 to 600 dpi, not 5"):
        export(sample, wanted=Wanted(png=True, dpi=5))
    with pytest.raises(BuildError, match="a hand-out has 1, 2, 3, 4, 6 slides a page, not 5"):
        export(sample, wanted=Wanted(handout=5))
