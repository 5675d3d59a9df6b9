"""Regenerate the schema files and the outline reference in the docs from the model.

Run after changing src/deckgen/model.py:

    python scripts/sync_schema.py

The reference is the text between `<!-- outline-reference:start -->` and
`<!-- outline-reference:end -->` in README.md.
tests/test_schema.py fails until this has been run.
"""

from __future__ import annotations

import json
from pathlib import Path

from deckgen.schema import (
    REFERENCE_START,
    generated_schema_text,
    reference_markdown,
    replace_reference,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("README.md",)
# The published copy (for editors and other tools) and the one shipped in the package
# (what `deckgen schema` prints and `deckgen init` copies).
SCHEMA_FILES = ("schema/outline.schema.json", "src/deckgen/outline.schema.json")


def main() -> None:
    """Write the schema files and refresh every document that holds the reference markers."""
    text = generated_schema_text()
    for name in SCHEMA_FILES:
        target = ROOT / name
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {name}")
    reference = reference_markdown(json.loads(text))
    for name in DOCS:
        doc = ROOT / name
        if doc.is_file() and REFERENCE_START in (text := doc.read_text(encoding="utf-8")):
            doc.write_text(replace_reference(text, reference), encoding="utf-8")
            print(f"updated the outline reference in {name}")


if __name__ == "__main__":
    main()
