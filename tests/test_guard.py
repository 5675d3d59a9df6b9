"""The build guard sees every change, not only text: a deck edited only in a chart, only
in formatting, with its custom properties stripped, or edited and brought back to the same
size and modification time is refused (or kept with --force), never overwritten; a deck
whose every change was pulled counts as up to date, one a pull left something of does not.
Decks edited with python-pptx, by hand in the zip, and with LibreOffice Impress."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData

from deckgen import guard, pipeline, pull
from deckgen.cli import cli
from impress import Impress, edit_in_impress

OUTLINE = """\
deck:
  title: 守卫测试
  authors: [甲同学]
chapters:
  - title: 第一章
    presenter: 甲同学
    slides:
      - title: 要点页
        bullets: [第一条要点, 第二条要点]
        notes: 要点页的讲稿。
      - title: 算力图
        chart:
          type: bar
          native: true
          labels: [美国, 中国]
          series: {算力: [32, 26]}
        notes: 图表页的讲稿。
      - title: 图片页
        image: {path: pic.png, alt: 一块红色}
        notes: 图片页的讲稿。
"""
POINTS, CHART, PICTURE = 4, 5, 6  # slide numbers: title, agenda, divider come first


@pytest.fixture
def talk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outline.yaml").write_text(OUTLINE, encoding="utf-8")
    Image.new("RGB", (64, 48), "red").save(tmp_path / "pic.png")
    pipeline.build(tmp_path / "outline.yaml")
    guard.WRITTEN.clear()  # as if the deck came back a day later, to a new process
    return tmp_path / "outline.yaml"


def deck_of(outline: Path) -> Path:
    return outline.parent / "output" / "outline.pptx"


def _edit(deck: Path, change: Callable[[object], None]) -> bytes:
    prs = Presentation(str(deck))
    change(prs)
    prs.save(str(deck))
    return deck.read_bytes()


def refusal(outline: Path) -> str:
    """The build's error, as the user reads it."""
    result = CliRunner().invoke(cli, ["build", outline.name])
    assert result.exit_code == 1, result.output
    return result.output


def _tail(name: str = "output/outline.pptx") -> str:
    return (f"Bring the edits into the outline with `deckgen pull {name}`, then build again; "
            "or run `deckgen build outline.yaml --force` to overwrite it (the edited deck is "
            "kept beside it as outline.edited-<time>.pptx).\n")


def _head() -> str:
    return ("error: output/outline.pptx was edited after deckgen built it; building now would "
            "overwrite those edits:\n")


def _kept_with_force(outline: Path, edited: bytes) -> None:
    report = pipeline.build(outline, force=True)
    assert report.kept is not None and report.kept.read_bytes() == edited
    assert report.kept.name.startswith("outline.edited-")
    guard.WRITTEN.clear()
    assert pipeline.build(outline).kept is None  # the new deck is deckgen's own again


def test_an_untouched_deck_is_rebuilt_and_a_rezipped_one_too(talk: Path) -> None:
    deck = deck_of(talk)
    assert pipeline.build(talk).kept is None
    # the same parts in another zip (stored, other order): the same content, not an edit
    with zipfile.ZipFile(deck) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(deck, "w", zipfile.ZIP_STORED) as z:
        for name, data in reversed(parts):
            z.writestr(name, data)
    guard.WRITTEN.clear()
    assert pipeline.build(talk).kept is None


def test_chart_data_only(talk: Path) -> None:
    def change(prs: object) -> None:
        chart = next(sh for sh in prs.slides[CHART - 1].shapes if sh.has_chart).chart  # type: ignore[attr-defined]
        data = CategoryChartData()
        data.categories = ["美国", "中国"]
        data.add_series("算力", (32, 30))
        chart.replace_data(data)

    edited = _edit(deck_of(talk), change)
    assert refusal(talk) == _head() + "  slide 5 '算力图': chart data edited\n" + _tail()
    assert deck_of(talk).read_bytes() == edited
    _kept_with_force(talk, edited)


def test_formatting_only(talk: Path) -> None:
    def change(prs: object) -> None:
        body = next(sh for sh in prs.slides[POINTS - 1].shapes if sh.name == "Body")  # type: ignore[attr-defined]
        body.text_frame.paragraphs[0].runs[0].font.bold = True

    edited = _edit(deck_of(talk), change)
    assert refusal(talk) == _head() + "  slide 4 '要点页': bold changed\n" + _tail()
    # pull reports what the outline cannot hold: the deck stays protected
    result = CliRunner().invoke(cli, ["pull", "output/outline.pptx"])
    assert result.exit_code == 0, result.output
    assert "  not merged: slide 4: bold on '第一条要点' is not kept in the outline" in \
        result.output
    out = refusal(talk)
    assert out.startswith("error: output/outline.pptx was pulled into outline.yaml, but not "
                          "everything in it is in the outline; building now would overwrite "
                          "it:\n  slide 4: bold on '第一条要点' is not kept in the outline")
    _kept_with_force(talk, edited)


def test_picture_replaced(talk: Path) -> None:
    deck = deck_of(talk)
    with zipfile.ZipFile(deck) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    blue = io.BytesIO()
    Image.new("RGB", (64, 48), "blue").save(blue, "PNG")
    media = [n for n in parts if n.startswith("ppt/media/") and n.endswith(".png")]
    assert len(media) == 1  # the picture (the chart is native)
    parts[media[0]] = blue.getvalue()
    with zipfile.ZipFile(deck, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert refusal(talk) == _head() + "  slide 6 '图片页': picture replaced\n" + _tail()


def _strip_custom_properties(deck: Path) -> bytes:
    """The deck as an editor that drops custom document properties saves it."""
    with zipfile.ZipFile(deck) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    del parts["docProps/custom.xml"]
    parts["_rels/.rels"] = _without_rel(parts["_rels/.rels"])
    with zipfile.ZipFile(deck, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return deck.read_bytes()


def _without_rel(rels: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(rels)
    for rel in list(root):
        if rel.get("Type", "").endswith("/custom-properties"):
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def test_manifest_stripped(talk: Path) -> None:
    edited = _strip_custom_properties(deck_of(talk))
    assert refusal(talk) == _head() + "  the deck's manifest was removed\n" + _tail()
    # and with the cache folder gone too, nothing shows deckgen wrote it: still refused
    shutil.rmtree(talk.parent / "output" / ".cache")
    assert "was not made by deckgen (it has no deckgen manifest, and deckgen has no record " \
        "of writing it); building now would overwrite it." in refusal(talk)
    _kept_with_force(talk, edited)


def test_manifest_stripped_and_a_slide_edited(talk: Path) -> None:
    def change(prs: object) -> None:
        body = next(sh for sh in prs.slides[POINTS - 1].shapes if sh.name == "Body")  # type: ignore[attr-defined]
        body.text_frame.paragraphs[0].runs[0].text = "改过的要点"

    _edit(deck_of(talk), change)
    _strip_custom_properties(deck_of(talk))
    assert refusal(talk) == (_head() + "  the deck's manifest was removed\n"
                             "  slide 4: texts\n" + _tail())


def test_the_cache_folder_gone_the_deck_still_knows(talk: Path) -> None:
    shutil.rmtree(talk.parent / "output" / ".cache")

    def change(prs: object) -> None:
        body = next(sh for sh in prs.slides[POINTS - 1].shapes if sh.name == "Body")  # type: ignore[attr-defined]
        body.text_frame.paragraphs[1].runs[0].font.italic = True

    _edit(deck_of(talk), change)
    assert refusal(talk) == _head() + "  slide 4 '要点页': italic changed\n" + _tail()


def _same_size_and_time(deck: Path, old: str, new: str) -> bytes:
    """An edit of one title brought back to the deck's size (a zip comment pads it) and
    modification time."""
    st = deck.stat()
    with zipfile.ZipFile(deck) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    name = next(n for n, d in parts.items() if n.startswith("ppt/slides/slide")
                and old.encode() in d)
    parts[name] = parts[name].replace(old.encode(), new.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    short = st.st_size - len(out.getvalue())
    assert 0 <= short < 65536
    with zipfile.ZipFile(out, "a") as z:
        z.comment = b" " * short
    deck.write_bytes(out.getvalue())
    os.utime(deck, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = deck.stat()
    assert (after.st_size, after.st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    return deck.read_bytes()


@pytest.mark.parametrize("new_process", [True, False], ids=["new-process", "same-process"])
def test_same_size_and_mtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             new_process: bool) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outline.yaml").write_text(OUTLINE, encoding="utf-8")
    Image.new("RGB", (64, 48), "red").save(tmp_path / "pic.png")
    pipeline.build(tmp_path / "outline.yaml")
    if new_process:
        guard.WRITTEN.clear()
    edited = _same_size_and_time(deck_of(tmp_path / "outline.yaml"), "要点页", "重点")
    assert refusal(tmp_path / "outline.yaml") == (
        _head() + "  slide 4 '要点页': 1 text edited\n" + _tail())
    assert deck_of(tmp_path / "outline.yaml").read_bytes() == edited


def test_pull_with_a_conflict_leaves_the_deck_protected(talk: Path) -> None:
    def change(prs: object) -> None:
        prs.slides[POINTS - 1].shapes.title.text_frame.paragraphs[0].runs[0].text = "甲改的标题"  # type: ignore[attr-defined]
        body = next(sh for sh in prs.slides[POINTS - 1].shapes if sh.name == "Body")  # type: ignore[attr-defined]
        body.text_frame.paragraphs[1].runs[0].text = "第二条要点（改）"

    edited = _edit(deck_of(talk), change)
    talk.write_text(OUTLINE.replace("title: 要点页", "title: 乙改的标题"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["pull", "output/outline.pptx"])
    assert result.exit_code == 1
    assert ("  build will not overwrite this deck while the outline lacks any of this (build "
            "--force keeps it beside the new deck)") in result.output
    assert "第二条要点（改）" in talk.read_text(encoding="utf-8")  # the other edit came in
    assert refusal(talk) == (
        "error: output/outline.pptx was pulled into outline.yaml, but not everything in it "
        "is in the outline; building now would overwrite it:\n"
        "  slide 4: the title (chapters[0].slides[0].title) was changed both in the deck and "
        "in the outline (a conflict)\n"
        "Bring those into the outline by hand (then pull again), or run `deckgen build "
        "outline.yaml --force` to build anyway (the edited deck is kept beside the new one as "
        "outline.edited-<time>.pptx).\n")
    assert deck_of(talk).read_bytes() == edited
    _kept_with_force(talk, edited)


def test_a_complete_pull_makes_the_deck_up_to_date(talk: Path) -> None:
    def change(prs: object) -> None:
        prs.slides[POINTS - 1].notes_slide.notes_text_frame.text = "新的讲稿。"  # type: ignore[attr-defined]

    _edit(deck_of(talk), change)
    merges, _ = pull.pull([deck_of(talk)])
    assert merges[0].complete and [e.new for e in merges[0].edits] == ["新的讲稿。"]
    report = pipeline.build(talk)  # the deck's every change is in the outline
    assert report.kept is None and report.plan.slides[POINTS - 1].notes == "新的讲稿。"
    # an edit made after that is an edit again
    guard.WRITTEN.clear()
    _edit(deck_of(talk), lambda prs: setattr(
        prs.slides[POINTS - 1].notes_slide.notes_text_frame, "text", "又改了。"))  # type: ignore[attr-defined]
    assert "slide 4 '要点页': notes edited" in refusal(talk)


def test_not_a_regular_file_at_the_output_is_refused_unread(talk: Path) -> None:
    deck = deck_of(talk)
    deck.unlink()
    deck.symlink_to("/dev/zero")
    with pytest.raises(guard.EditedDeck, match=r"output/outline\.pptx is not a regular file"):
        pipeline.build(talk, force=True)
    deck.unlink()
    os.mkfifo(deck)  # never opened: a FIFO would block the build
    with pytest.raises(guard.EditedDeck, match=r"output/outline\.pptx is not a regular file"):
        pipeline.build(talk)


def test_a_deck_past_the_size_limit_is_not_read(talk: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from deckgen import safezip

    _edit(deck_of(talk), lambda prs: None)
    monkeypatch.setattr(guard, "DECK", dataclasses.replace(safezip.DECK, file_bytes=1000))
    size = deck_of(talk).stat().st_size
    assert refusal(talk) == (
        f"error: output/outline.pptx exists but cannot be read as a deck (output/outline.pptx "
        f"is {size:,} bytes; a deck may be at most 1,000 bytes); move it away or build with "
        "--force (it is then kept beside the new deck as outline.edited-<time>.pptx)\n")


# -------------------------------------------------------------------- LibreOffice Impress
# (the `impress` fixture is conftest's: one Impress per test module)


@pytest.mark.render
def test_a_libreoffice_round_trip_is_protected_until_pulled(talk: Path,
                                                            impress: Impress) -> None:
    deck = deck_of(talk)
    edit_in_impress(deck, deck, [], impress)  # opened and saved, nothing typed
    saved = deck.read_bytes()
    out = refusal(talk)
    assert out.startswith(_head()) and (
        "  formatting and notes formatting on slides 1–7 (saved by LibreOffice ") in out
    merges, _ = pull.pull([deck])
    assert merges[0].complete and not merges[0].edits
    assert pipeline.build(talk).kept is None  # pulled: every change (none) is in the outline
    edit_in_impress(deck, deck, [{"op": "replace_text", "slide": 6, "old": "图片页",
                                  "new": "图片一页"}], impress)
    guard.WRITTEN.clear()
    out = refusal(talk)
    assert "  slide 6 '图片页': 1 text edited\n" in out
    assert deck.read_bytes() != saved
