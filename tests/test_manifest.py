"""The manifest a deck carries, and build's refusal to overwrite a deck someone edited."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from deckgen import guard, pipeline
from deckgen.cli import cli
from deckgen.pull import diff as deckdiff
from deckgen.pull import readdeck
from helpers import sample_outline


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return sample_outline(tmp_path)


def _deck(outline: Path) -> Path:
    return outline.parent / "output" / "outline.pptx"


def test_the_deck_records_every_text_with_its_outline_key(sample: Path) -> None:
    report = pipeline.build(sample)
    got = readdeck.read_deck(_deck(sample).read_bytes())
    m = got.manifest
    assert m is not None and m.outline == "../outline.yaml"  # from the deck's folder
    assert len(m.slides) == len(got.slides) == len(report.plan.slides)
    assert [s.slide_id for s in m.slides] == [s.slide_id for s in got.slides]
    first = m.slides[3]  # the first content slide
    assert first.key == ("chapters", 0, "slides", 0)
    title = first.texts[0]
    assert (title.role, title.key) == ("title", ("chapters", 0, "slides", 0, "title"))
    assert title.text == report.plan.slides[3].title
    bullets = [t for t in first.texts if t.role == "body"]
    prefix = ("chapters", 0, "slides", 0, "bullets")
    assert bullets and all(t.key is not None and t.key[:5] == prefix for t in bullets)
    assert len({t.key for t in bullets}) == len(bullets)
    assert first.notes_key == ("chapters", 0, "slides", 0, "notes")
    # what deckgen made up is known as such
    agenda = m.slides[1]
    assert agenda.kind == "agenda" and all(t.key is None for t in agenda.texts[1:])
    # the source line's prefix is deckgen's; the value is the outline's
    src = next(t for s in m.slides for t in s.texts if t.role == "source")
    assert src.text.startswith("来源：") and src.value == src.text.removeprefix("来源：")
    # the footer and slide number are furniture, not texts to merge
    assert all(t.role not in ("footer", "slide-number") for s in m.slides for t in s.texts)
    with zipfile.ZipFile(_deck(sample)) as z:
        props = readdeck.custom_properties(z)
    assert all(len(v) <= 255 for v in props.values())  # survives Office's 255-character cut


def test_an_untouched_deck_is_rebuilt(sample: Path) -> None:
    pipeline.build(sample)
    guard.WRITTEN.clear()  # as a new process would: read the deck back
    report = pipeline.build(sample)
    assert report.kept is None
    assert deckdiff.diff(readdeck.read_deck(_deck(sample).read_bytes())) == []


def _edit(deck: Path) -> None:
    prs = Presentation(str(deck))
    slide = prs.slides[3]
    body = next(s for s in slide.shapes if s.name == "Body")
    body.text_frame.paragraphs[1].runs[0].text = "我们必须赶上，而且一定能赶上"
    slide.notes_slide.notes_text_frame.text = "改写后的讲稿。"
    prs.save(str(deck))


def test_an_edited_deck_is_not_overwritten(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample.parent)
    pipeline.build(sample)
    deck = _deck(sample)
    _edit(deck)
    edited = deck.read_bytes()
    result = CliRunner().invoke(cli, ["build", "outline.yaml"])
    assert result.exit_code == 1
    assert deck.read_bytes() == edited  # nothing written
    assert result.output == (
        "error: output/outline.pptx was edited after deckgen built it; building now would "
        "overwrite those edits:\n"
        "  slide 4 '为什么研究这个题目': 1 text and notes edited\n"
        "Bring the edits into the outline with `deckgen pull output/outline.pptx`, then build "
        "again; or run `deckgen build outline.yaml --force` to overwrite it (the edited deck "
        "is kept beside it as outline.edited-<time>.pptx).\n")


def test_force_overwrites_and_keeps_the_edited_deck(sample: Path) -> None:
    pipeline.build(sample)
    deck = _deck(sample)
    _edit(deck)
    edited = deck.read_bytes()
    report = pipeline.build(sample, force=True)
    assert report.kept is not None and report.kept.read_bytes() == edited
    assert report.kept.name.startswith("outline.edited-") and report.kept.suffix == ".pptx"
    assert deckdiff.diff(readdeck.read_deck(deck.read_bytes())) == []


def test_changes_are_found_by_content_not_shape_names(sample: Path) -> None:
    pipeline.build(sample)
    deck = _deck(sample)
    prs = Presentation(str(deck))
    for slide in prs.slides:  # as LibreOffice does when it saves
        for i, shape in enumerate(slide.shapes, start=1):
            shape.name = f"PlaceHolder {i}"
    prs.save(str(deck))
    assert deckdiff.diff(readdeck.read_deck(deck.read_bytes())) == []
    prs = Presentation(str(deck))
    prs.slides[12].shapes.title.text_frame.paragraphs[0].runs[0].text = "新的标题"
    prs.save(str(deck))
    (change,) = deckdiff.diff(readdeck.read_deck(deck.read_bytes()))
    (text,) = change.texts
    assert text.now == "新的标题" and text.built is not None and text.built.role == "title"
    assert text.built.key == change.record.texts[0].key  # type: ignore[union-attr]


def test_a_deck_deckgen_did_not_write_is_kept(sample: Path, tmp_path: Path) -> None:
    deck = _deck(sample)
    deck.parent.mkdir(parents=True)
    Presentation().save(str(deck))
    theirs = deck.read_bytes()
    with pytest.raises(guard.EditedDeck) as refused:
        pipeline.build(sample)
    assert str(refused.value).startswith(
        f"{deck} was not made by deckgen (it has no deckgen manifest, and deckgen has no record "
        "of writing it); building now would overwrite it. Move it away, or run `deckgen build ")
    assert deck.read_bytes() == theirs
    report = pipeline.build(sample, force=True)
    assert report.kept is not None and report.kept.read_bytes() == theirs
    assert readdeck.read_deck(deck.read_bytes()).manifest is not None


def test_a_file_that_is_not_a_deck_is_not_overwritten(sample: Path) -> None:
    deck = _deck(sample)
    deck.parent.mkdir(parents=True)
    deck.write_bytes(b"my thesis, saved under the wrong name")
    with pytest.raises(guard.EditedDeck) as err:
        pipeline.build(sample)
    assert "exists but cannot be read as a deck (BadZipFile" in str(err.value)
    assert deck.read_bytes() == b"my thesis, saved under the wrong name"
