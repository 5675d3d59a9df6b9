"""Regenerate schema/outline.schema.json and the outline reference in the docs from the model.

Run after changing src/deckgen/model.py:

    python scripts/sync_schema.py

The reference is the text between `<!-- outline-reference:start -->` and
`<!-- outline-reference:end -->` in README.md.
tests/test_schema.py fails until this has been run.
"""

from __future__ import annotations

from pathlib import Path

from deckgen.schema import REFERENCE_START, replace_reference, schema_text

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("README.md",)


def main() -> None:
    """Write the schema file and refresh every document that holds the reference markers."""
    target = ROOT / "schema" / "outline.schema.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    for name in DOCS:
        doc = ROOT / name
        if doc.is_file() and REFERENCE_START in (text := doc.read_text(encoding="utf-8")):
            doc.write_text(replace_reference(text), encoding="utf-8")
            print(f"updated the outline reference in {name}")


if __name__ == "__main__":
    main()
