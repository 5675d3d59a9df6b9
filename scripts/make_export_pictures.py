"""Export the sample talk and write the README's pictures of what `deckgen export` makes.

    python scripts/make_export_pictures.py [--out docs]

docs/export-booklet.png: the cover and a slide page of 汇报人乙's rehearsal booklet;
docs/export-handout.png: a page of the hand-out with 3 slides a page (lines for notes) and
one with 6. Pages rasterised by PDFium, colours reduced to a palette to keep the files small.
The outline's folder is copied; nothing in the project is written but the pictures.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from PIL import Image

from deckgen.export import Wanted, export
from deckgen.pdf.raster import pages

ROOT = Path(__file__).resolve().parents[1]
HEIGHT = 620  # pixels of each page in the pictures


def _page(pdf: Path, index: int) -> Image.Image:
    im = pages(pdf.read_bytes(), dpi=80)[index]
    return im.resize((round(im.width * HEIGHT / im.height), HEIGHT), Image.Resampling.LANCZOS)


def _side_by_side(pages: list[Image.Image], dest: Path) -> None:
    gap = 16
    sheet = Image.new("RGB", (sum(p.width for p in pages) + gap * (len(pages) + 1),
                              HEIGHT + 2 * gap), "#E9E9EC")
    x = gap
    for p in pages:
        sheet.paste(p, (x, gap))
        x += p.width + gap
    sheet.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(dest, optimize=True)
    print(f"wrote {dest} ({dest.stat().st_size // 1024} KB)")


def main() -> int:
    """Export and draw the pictures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "assets", work / "assets")
        shutil.copy(ROOT / "outline.yaml", work / "outline.yaml")
        outline = work / "outline.yaml"
        booklet = export(outline, wanted=Wanted(pdf=False, booklet=True,
                                                presenter="汇报人乙")).files[0]
        three = export(outline, wanted=Wanted(pdf=False, handout=3)).files[0]
        six = export(outline, wanted=Wanted(pdf=False, handout=6)).files[0]
        _side_by_side([_page(booklet, 0), _page(booklet, 2)], args.out / "export-booklet.png")
        _side_by_side([_page(three, 0), _page(six, 1)], args.out / "export-handout.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
