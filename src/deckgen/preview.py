"""Previews of a built deck: a PDF through LibreOffice and a contact sheet of every slide."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import BuildError
from .frozen import frozen

# Where installers put LibreOffice when it is not on PATH.
KNOWN_SOFFICE = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
INSTALL_LIBREOFFICE = (
    "LibreOffice is needed to render the deck, and it was not found.\n"
    "Install it, then run this command again:\n"
    "  Debian/Ubuntu:  sudo apt-get install libreoffice-impress\n"
    "  macOS:          brew install --cask libreoffice\n"
    "  Windows/other:  https://www.libreoffice.org/download/download-libreoffice/\n"
    "The deck itself was built and is ready to open."
)
INSTALL_POPPLER = (
    "the contact sheet needs pdftoppm (poppler), which was not found; install it with "
    "`sudo apt-get install poppler-utils` or `brew install poppler` (the PDF was written)"
)
TIMEOUT = 240.0

Progress = Callable[[str], None]


class PreviewError(BuildError):
    """LibreOffice or pdftoppm is missing, failed or timed out."""


@frozen
class Preview:
    """What a preview wrote: the PDF, the contact sheet (None without pdftoppm), page count."""

    pdf: Path
    sheet: Path | None
    pages: int
    warning: str | None = None


def find_soffice() -> str | None:
    """The LibreOffice program: on PATH, else where its installers put it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in KNOWN_SOFFICE if Path(p).is_file()), None)


def _run(cmd: Sequence[str], timeout: float, what: str) -> subprocess.CompletedProcess[str]:
    """Run a helper program in its own process group, so a timeout ends all its children."""
    kwargs: dict[str, object] = {}
    if sys.platform != "win32":
        kwargs["start_new_session"] = True
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **kwargs)  # type: ignore[call-overload]
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if sys.platform != "win32":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise PreviewError(
            f"{what} did not finish within {timeout:.0f} s and was stopped") from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def to_pdf(pptx: Path, pdf: Path, *, soffice: str, timeout: float = TIMEOUT) -> Path:
    """Convert a deck to PDF with LibreOffice, in a fresh profile, and check it appeared."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as tmp:
        work = Path(tmp)
        # A private profile: a LibreOffice already open on the desktop would otherwise
        # swallow the conversion and exit without writing anything.
        profile = (work / "profile").as_uri()
        outdir = work / "out"
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), str(pptx.absolute())]
        done = _run(cmd, timeout, "LibreOffice")
        made = outdir / (pptx.stem + ".pdf")
        # soffice exits 0 even when it could not convert; the file is the only evidence.
        if not made.is_file() or made.stat().st_size == 0:
            detail = (done.stderr or done.stdout or "").strip().splitlines()
            tail = f": {detail[-1]}" if detail else ""
            raise PreviewError(f"LibreOffice did not write a PDF of {pptx.name} "
                               f"(exit {done.returncode}){tail}")
        tmp_pdf = pdf.with_name(f".{pdf.name}.tmp")
        shutil.copyfile(made, tmp_pdf)
        os.replace(tmp_pdf, pdf)
    return pdf


def render_pages(pdf: Path, width: int, *, timeout: float = TIMEOUT) -> list[Path] | None:
    """PNG images of every page, `width` pixels wide, in a temporary folder; None without
    pdftoppm. The caller deletes the folder (the images' parent)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="deckgen-pages-"))
    done = _run([pdftoppm, "-png", "-scale-to-x", str(width), "-scale-to-y", "-1",
                 str(pdf), str(folder / "page")], timeout, "pdftoppm")
    pages = sorted(folder.glob("page*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
    if done.returncode != 0 or not pages:
        shutil.rmtree(folder, ignore_errors=True)
        raise PreviewError(f"pdftoppm could not read {pdf.name}: "
                           f"{(done.stderr or '').strip() or f'exit {done.returncode}'}")
    return pages


def contact_sheet(pages: Sequence[Any], dest: Path, *, columns: int = 4, width: int = 1600,
                  gap: int = 16, palette: bool = False) -> Path:
    """One PNG with every page (a picture file, or a PIL image) as a numbered thumbnail,
    `columns` across, `width` wide."""
    from PIL import Image, ImageDraw, ImageFont

    if not pages:
        raise PreviewError("there are no pages to put on a contact sheet")
    columns = max(1, min(columns, len(pages)))
    thumb_w = (width - gap * (columns + 1)) // columns
    thumbs = []
    for page in pages:
        if isinstance(page, Image.Image):
            rgb = page.convert("RGB")
        else:
            with Image.open(page) as raw:
                rgb = raw.convert("RGB")
        h = round(rgb.height * thumb_w / rgb.width)
        thumbs.append(rgb.resize((thumb_w, h), Image.Resampling.LANCZOS))
    label_h = 22
    cell_h = max(t.height for t in thumbs) + label_h
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (width, gap + rows * (cell_h + gap)), "#E9E9EC")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=15)
    for i, t in enumerate(thumbs):
        x = gap + (i % columns) * (thumb_w + gap)
        y = gap + (i // columns) * (cell_h + gap)
        sheet.paste(t, (x, y))
        draw.rectangle((x - 1, y - 1, x + t.width, y + t.height), outline="#B8B8BE")
        draw.text((x + thumb_w // 2, y + t.height + label_h // 2 + 1), str(i + 1),
                  fill="#55555C", font=font, anchor="mm")
    out = sheet.quantize(colors=256, method=Image.Quantize.MEDIANCUT) if palette else sheet
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    out.save(tmp, format="PNG", optimize=True)
    os.replace(tmp, dest)
    return dest


def preview(pptx: Path, *, pdf: Path | None = None, sheet: Path | None = None,
            soffice: str | None = None, columns: int = 4, width: int = 1600,
            palette: bool = False, progress: Progress | None = None,
            timeout: float = TIMEOUT) -> Preview:
    """A PDF of the deck beside it and a contact sheet of its slides (`<stem>-contact.png`)."""
    soffice = soffice or find_soffice()
    if soffice is None:
        raise PreviewError(INSTALL_LIBREOFFICE)
    pdf = pdf or pptx.with_suffix(".pdf")
    sheet = sheet or pptx.with_name(f"{pptx.stem}-contact.png")
    if progress:
        progress("rendering the deck to PDF with LibreOffice")
    started = time.monotonic()
    to_pdf(pptx, pdf, soffice=soffice, timeout=timeout)
    if progress:
        progress("drawing the contact sheet")
    remaining = max(30.0, timeout - (time.monotonic() - started))
    gap = 16
    thumb_w = (width - gap * (columns + 1)) // max(1, columns)
    pages = render_pages(pdf, 2 * thumb_w, timeout=remaining)
    if pages is None:
        return Preview(pdf, None, 0, INSTALL_POPPLER)
    try:
        contact_sheet(pages, sheet, columns=columns, width=width, gap=gap, palette=palette)
    finally:
        shutil.rmtree(pages[0].parent, ignore_errors=True)
    return Preview(pdf, sheet, len(pages))


def layout_pictures(template: Path, roles: Sequence[str], cache_dir: Path, *,
                    soffice: str, width: int = 1920,
                    timeout: float = TIMEOUT) -> dict[str, Path]:
    """LibreOffice's picture of each role's layout with nothing on it (its background and
    the art of the layout and master), `width` pixels wide, for the browser preview.

    Cached in `cache_dir` by the template file's hash and role, so LibreOffice runs once per
    template; None of this is in the edit loop. Empty without pdftoppm."""
    from .template import files
    from .template.describe import layout_of
    from .template.opening import read_template

    digest = files.read(template).digest
    found = {r: cache_dir / f"layout-{digest}-{r}-{width}.png" for r in dict.fromkeys(roles)}
    todo = [r for r, p in found.items() if not p.is_file()]
    if todo and shutil.which("pdftoppm"):
        opened = read_template(template)
        prs = opened.prs
        for role in todo:
            slide = prs.slides.add_slide(layout_of(prs, opened.info.layout(role)))
            for ph in list(slide.placeholders):  # an empty placeholder draws nothing anyway
                ph.element.getparent().remove(ph.element)
        with tempfile.TemporaryDirectory(prefix="deckgen-layouts-") as tmp:
            deck = Path(tmp) / "layouts.pptx"
            prs.save(str(deck))
            pdf = to_pdf(deck, Path(tmp) / "layouts.pdf", soffice=soffice, timeout=timeout)
            pages = render_pages(pdf, width, timeout=timeout) or []
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                for role, page in zip(todo, pages):
                    part = found[role].with_name(f".{found[role].name}.tmp")
                    shutil.copyfile(page, part)
                    os.replace(part, found[role])
            finally:
                if pages:
                    shutil.rmtree(pages[0].parent, ignore_errors=True)
    return {r: p for r, p in found.items() if p.is_file()}
