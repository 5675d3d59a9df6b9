"""Build the sample outline, render it with LibreOffice and write docs/sample-deck.png.

    python scripts/make_contact_sheet.py [--outline outline.yaml] [--out docs/sample-deck.png]
        [--template school.pptx]

The picture in the README: every slide as a numbered thumbnail, 4 across, 1600 px wide,
colours reduced to a palette so the file stays well under 1 MB. With --template the
outline is built on that template instead of its own theme (the outline's folder is
copied, never changed), e.g. to look at a corpus deck:

    python scripts/make_contact_sheet.py --outline tests/outlines/corpus/zh.yaml \
        --template Focus.pptx --out focus-zh.png

Needs LibreOffice and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

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
    parser.add_argument("--template", type=Path, help="build on this template instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deckgen-sheet-") as tmp:
        outline = args.outline
        if args.template is not None:
            outline = on_template(outline, args.template, Path(tmp) / "src")
        deck = Path(tmp) / f"{args.outline.stem}.pptx"
        report = build(outline, deck, use_cache=False)
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


def on_template(outline: Path, template: Path, folder: Path) -> Path:
    """A copy of the outline's folder whose outline names `template` (copied beside it)."""
    shutil.copytree(outline.parent, folder, ignore=shutil.ignore_patterns("output"))
    shutil.copy(template, folder / f"template{template.suffix.lower()}")
    data = yaml.safe_load(outline.read_text(encoding="utf-8"))
    theme = data["deck"].setdefault("theme", {}) or {}
    theme["template"] = f"template{template.suffix.lower()}"
    data["deck"]["theme"] = theme
    copy = folder / outline.name
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


if __name__ == "__main__":
    sys.exit(main())
