"""PNG pictures of PDF pages, rasterised with PDFium (pypdfium2): one picture a slide, and
the contact sheet `deckgen preview` makes. No LibreOffice, no poppler."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_DPI = 96


def pages(pdf: bytes, dpi: int = DEFAULT_DPI, width: int | None = None) -> list[Any]:
    """Every page as a PIL image, at `dpi` (or `width` pixels wide), on white."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            scale = width / page.get_width() if width else dpi / 72
            out.append(page.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB"))
            page.close()
    finally:
        doc.close()
    return out


def pngs(pdf: bytes, dpi: int = DEFAULT_DPI) -> list[bytes]:
    """Every page as PNG bytes at `dpi`."""
    out = []
    for image in pages(pdf, dpi):
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=6)
        out.append(buf.getvalue())
    return out


def write_pngs(images: list[bytes], folder: Path, stem: str) -> list[Path]:
    """The pictures as <stem>-01.png … in `folder`, which is replaced as a whole (a
    picture of a slide since deleted never stays behind)."""
    from ..write import write_atomic

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        width = max(2, len(str(len(images))))
        paths = []
        for i, data in enumerate(images, start=1):
            write_atomic(tmp / f"{stem}-{i:0{width}d}.png", data)
            paths.append(folder / f"{stem}-{i:0{width}d}.png")
        old = None
        if folder.exists():
            old = folder.with_name(f".{folder.name}-old-{os.getpid()}")
            os.replace(folder, old)
        os.replace(tmp, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return paths


def contact_sheet(pdf: bytes, dest: Path, *, columns: int = 4, width: int = 1600,
                  palette: bool = False) -> Path:
    """Every page of the PDF as a numbered thumbnail on one PNG (as `deckgen preview`)."""
    from ..preview import contact_sheet as sheet

    gap = 16
    thumb_w = (width - gap * (columns + 1)) // max(1, columns)
    return sheet(pages(pdf, width=2 * thumb_w), dest, columns=columns, width=width, gap=gap,
                 palette=palette)
