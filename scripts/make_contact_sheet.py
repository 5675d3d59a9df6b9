"""Build the sample outline, render it with LibreOffice and write docs/sample-deck.png.

    python scripts/make_contact_sheet.py [--outline outline.yaml] [--out docs/sample-deck.png]

The picture in the README: every slide as a numbered thumbnail, 4 across, 1600 px wide,
colours reduced to a palette so the file stays well under 1 MB. Needs LibreOffice and
pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from deckgen.pipeline import build
from deckgen.preview import preview

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 1_000_000


def main(argv: list[str] | None = None) -> int:
    """Build, render and write the contact sheet; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outline", type=Path, default=ROOT / "outline.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "sample-deck.png")
    parser.add_argument("--columns", type=int, default=4)
    parser.add_argument("--width", type=int, default=1600)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deckgen-sheet-") as tmp:
        deck = Path(tmp) / f"{args.outline.stem}.pptx"
        report = build(args.outline, deck, use_cache=False)
        result = preview(deck, pdf=Path(tmp) / "deck.pdf", sheet=args.out,
                         columns=args.columns, width=args.width, palette=True)
    if result.sheet is None:
        print(result.warning, file=sys.stderr)
        return 1
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({len(report.plan.slides)} slides, {result.pages} pages, "
          f"{size / 1024:.0f} KiB)")
    if size > LIMIT:
        print(f"warning: {args.out} is over {LIMIT // 1000} kB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
