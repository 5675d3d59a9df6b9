"""`deckgen preview`: LibreOffice to PDF, a contact sheet, and clear messages when it fails."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from deckgen import preview as pv
from deckgen.cli import cli

SIMPLE = """\
deck:
  title: Demo
  language: en-US
chapters:
  - title: Intro
    slides:
      - title: One
        bullets: [a]
        notes: First.
"""


def _no_libreoffice(monkeypatch) -> None:
    real = shutil.which
    monkeypatch.setattr(pv.shutil, "which",
                        lambda name, *a, **k: None if name in ("soffice", "libreoffice")
                        else real(name, *a, **k))
    monkeypatch.setattr(pv, "KNOWN_SOFFICE", ())


def _fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_missing_libreoffice_says_how_to_install(write_outline, tmp_path: Path, monkeypatch):
    _no_libreoffice(monkeypatch)
    path = write_outline(SIMPLE)
    result = CliRunner().invoke(cli, ["preview", str(path), "-q", "--renderer", "libreoffice"])
    assert result.exit_code == 1
    assert result.stderr == "error: " + pv.INSTALL_LIBREOFFICE + "\n"
    for hint in ("sudo apt-get install libreoffice-impress", "brew install --cask libreoffice",
                 "https://www.libreoffice.org/download/"):
        assert hint in result.stderr
    assert (tmp_path / "output" / "outline.pptx").is_file()  # the deck was still built
    assert not (tmp_path / "output" / "outline.pdf").exists()


def test_soffice_that_writes_nothing_is_an_error(tmp_path: Path):
    soffice = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\n"
                            "exit 0\n")
    deck = tmp_path / "d.pptx"
    deck.write_bytes(b"PK")
    with pytest.raises(pv.PreviewError) as exc:
        pv.to_pdf(deck, tmp_path / "d.pdf", soffice=soffice)
    assert str(exc.value) == ("LibreOffice did not write a PDF of d.pptx (exit 0): Error: "
                              "source file could not be loaded")
    assert not (tmp_path / "d.pdf").exists()


def test_each_run_has_its_own_profile_and_the_pdf_is_moved_in_place(tmp_path: Path):
    log = tmp_path / "args.txt"
    # args: -env:UserInstallation=… --headless --norestore --convert-to pdf --outdir DIR FILE
    soffice = _fake_soffice(tmp_path, f'echo "$@" >> {log}\n'
                            'mkdir -p "$7"; printf "%%PDF-1.4" > "$7/d.pdf"\n')
    deck = tmp_path / "d.pptx"
    deck.write_bytes(b"PK")
    for _ in range(2):
        assert pv.to_pdf(deck, tmp_path / "out" / "d.pdf", soffice=soffice) \
            == tmp_path / "out" / "d.pdf"
    assert (tmp_path / "out" / "d.pdf").read_bytes() == b"%PDF-1.4"
    runs = log.read_text(encoding="utf-8").splitlines()
    profiles = [line.split()[0] for line in runs]
    assert all(p.startswith("-env:UserInstallation=file:///") for p in profiles)
    assert profiles[0] != profiles[1]
    assert all(line.endswith(str(deck)) for line in runs)


def test_a_hanging_soffice_is_stopped(tmp_path: Path):
    soffice = _fake_soffice(tmp_path, "sleep 30\n")
    deck = tmp_path / "d.pptx"
    deck.write_bytes(b"PK")
    with pytest.raises(pv.PreviewError) as exc:
        pv.to_pdf(deck, tmp_path / "d.pdf", soffice=soffice, timeout=1)
    assert str(exc.value) == "LibreOffice did not finish within 1 s and was stopped"


def test_contact_sheet_places_numbered_thumbnails(tmp_path: Path):
    colours = ["#FF0000", "#00FF00", "#0000FF", "#FFFF00", "#00FFFF", "#FF00FF"]
    pages = []
    for i, c in enumerate(colours):
        p = tmp_path / f"page-{i + 1}.png"
        Image.new("RGB", (320, 180), c).save(p)
        pages.append(p)
    sheet = pv.contact_sheet(pages, tmp_path / "sheet.png", columns=4, width=400, gap=16)
    with Image.open(sheet) as im:
        thumb_w = (400 - 16 * 5) // 4  # 80
        thumb_h = round(180 * thumb_w / 320)  # 45
        assert im.size == (400, 16 + 2 * (thumb_h + 22 + 16))
        for i, c in enumerate(colours):
            x = 16 + (i % 4) * (thumb_w + 16) + thumb_w // 2
            y = 16 + (i // 4) * (thumb_h + 22 + 16) + thumb_h // 2
            assert im.convert("RGB").getpixel((x, y)) == Image.new("RGB", (1, 1), c).getpixel(
                (0, 0)), i


needs_render = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) and pdftoppm are needed to render a preview")


@pytest.mark.render
@needs_render
def test_preview_writes_pdf_and_contact_sheet(tmp_path: Path):
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    result = runner.invoke(cli, ["preview", str(tmp_path / "outline.yaml"),
                                 "--renderer", "libreoffice"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "output"
    assert (out / "outline.pdf").read_bytes().startswith(b"%PDF")
    assert f"wrote {out / 'outline-contact.png'} (10 slides)\n" in result.stdout
    with Image.open(out / "outline-contact.png") as im:
        assert im.width == 1600
        thumb_w = (1600 - 16 * 5) // 4
        rows = 3  # 10 slides, 4 across
        assert im.height == 16 + rows * (round(thumb_w * 9 / 16) + 22 + 16)


@pytest.mark.render
@needs_render
def test_preview_without_pdftoppm_still_writes_the_pdf(write_outline, tmp_path, monkeypatch):
    real = shutil.which
    monkeypatch.setattr(pv.shutil, "which",
                        lambda name, *a, **k: None if name == "pdftoppm" else real(name, *a, **k))
    path = write_outline(SIMPLE)
    result = CliRunner().invoke(cli, ["preview", str(path), "-q", "--renderer", "libreoffice"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == str(tmp_path / "output" / "outline.pdf")
    assert result.stderr == f"warning: {pv.INSTALL_POPPLER}\n"
    assert not (tmp_path / "output" / "outline-contact.png").exists()


def test_preview_draws_pdf_and_contact_sheet_itself_without_libreoffice(
        tmp_path: Path, monkeypatch):
    _no_libreoffice(monkeypatch)
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    result = runner.invoke(cli, ["preview", str(tmp_path / "outline.yaml")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "output"
    assert (out / "outline.pdf").read_bytes().startswith(b"%PDF")
    assert f"wrote {out / 'outline-contact.png'} (10 slides)\n" in result.stdout
    with Image.open(out / "outline-contact.png") as im:  # as LibreOffice's sheet is laid out
        assert im.width == 1600
        thumb_w = (1600 - 16 * 5) // 4
        assert im.height == 16 + 3 * (round(thumb_w * 9 / 16) + 22 + 16)
