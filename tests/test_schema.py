"""The outline's JSON Schema: generated from the model, complete, and in sync with the repo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from deckgen.cli import cli
from deckgen.schema import (
    REFERENCE_END,
    REFERENCE_START,
    SCHEMA_FILE,
    generated_schema_text,
    outline_schema,
    reference_markdown,
    replace_reference,
    schema_text,
)

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = REPO / "schema" / "outline.schema.json"
STARTER = REPO / "src" / "deckgen" / "starter" / "outline.yaml"
SYNC = "run `python scripts/sync_schema.py` after changing the model"


def _objects(schema: dict[str, Any]):
    yield "Outline", schema
    yield from schema["$defs"].items()


def test_cli_prints_the_schema_and_it_is_draft_2020_12():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["required"] == ["deck", "chapters"]
    assert data["$defs"]["Chart"]["properties"]["type"]["enum"] == [
        "bar", "barh", "line", "pie", "donut", "stacked-bar", "grouped-bar"]


def test_cli_writes_the_schema_to_a_file(tmp_path: Path):
    target = tmp_path / "s.json"
    result = CliRunner().invoke(cli, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    assert result.stdout == f"wrote {target}\n"


def test_published_and_shipped_schema_files_are_the_models():
    generated = generated_schema_text()
    assert PUBLISHED.read_text(encoding="utf-8") == generated, SYNC
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generated, SYNC
    assert schema_text() == generated


def test_every_key_has_a_description():
    missing = [f"{name}.{key}" for name, obj in _objects(outline_schema())
               for key, prop in obj.get("properties", {}).items()
               if not str(prop.get("description", "")).strip()]
    assert missing == []
    assert all(obj.get("description") for _, obj in _objects(outline_schema()))


def test_a_chapter_entry_may_be_an_include():
    schema = outline_schema()
    items = schema["properties"]["chapters"]["items"]
    assert items == {"anyOf": [{"$ref": "#/$defs/Chapter"}, {"$ref": "#/$defs/Include"}]}
    include = schema["$defs"]["Include"]
    assert include["required"] == ["include"]
    assert include["additionalProperties"] is False


def _check_keys(data: Any, node: dict[str, Any], schema: dict[str, Any], path: str,
                found: list[str]) -> None:
    """Every mapping key in `data` is a property the schema allows (a small subset of
    JSON Schema validation: enough to catch a key the schema does not know)."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        kinds = [a for a in node["anyOf"] if _fits(data, a, schema)]
        if kinds:
            _check_keys(data, kinds[0], schema, path, found)
        else:
            found.append(f"{path}: matches no alternative")
        return
    if isinstance(data, dict):
        props = node.get("properties")
        for key, value in data.items():
            if props is None:
                sub = node.get("additionalProperties", {})
            elif key not in props:
                found.append(f"{path}.{key}")
                continue
            else:
                sub = props[key]
            _check_keys(value, sub if isinstance(sub, dict) else {}, schema, f"{path}.{key}",
                        found)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            _check_keys(item, node.get("items", {}), schema, f"{path}[{i}]", found)


def _fits(data: Any, alt: dict[str, Any], schema: dict[str, Any]) -> bool:
    if "$ref" in alt:
        alt = schema["$defs"][alt["$ref"].rsplit("/", 1)[-1]]
    kind = alt.get("type")
    if isinstance(data, dict):
        return kind == "object" and set(alt.get("required", ())) <= set(data)
    if isinstance(data, list):
        return kind == "array"
    return kind not in ("object", "array")


@pytest.mark.parametrize("outline", [REPO / "outline.yaml", STARTER], ids=["sample", "starter"])
def test_real_outlines_use_only_keys_the_schema_knows(outline: Path):
    data = yaml.safe_load(outline.read_text(encoding="utf-8"))
    found: list[str] = []
    _check_keys(data, outline_schema(), outline_schema(), "", found)
    assert found == []


def test_key_checker_catches_an_unknown_key():
    found: list[str] = []
    data = {"deck": {"title": "x", "colour": "red"},
            "chapters": [{"include": "a.yaml"}, {"title": "t", "slides": [{"title": "s",
                                                                          "chrat": {}}]}]}
    _check_keys(data, outline_schema(), outline_schema(), "", found)
    assert found == [".deck.colour", ".chapters[1].slides[0].chrat"]


def test_reference_lists_every_key():
    ref = reference_markdown()
    for name, obj in _objects(outline_schema()):
        for key in obj.get("properties", {}):
            assert f"| `{key}` |" in ref, f"{name}.{key}"
    assert "| `aspect` | `16:9` \\| `4:3` |  | `\"16:9\"` |" in ref
    assert "| `chapters` | list of chapter or include | yes |" in ref


def test_markdown_option_prints_the_reference():
    result = CliRunner().invoke(cli, ["schema", "--markdown"])
    assert result.exit_code == 0
    assert result.stdout == reference_markdown()


def test_docs_reference_is_in_sync():
    docs = [p for p in (REPO / "README.md", REPO / "docs" / "guide.md")
            if p.is_file() and REFERENCE_START in p.read_text(encoding="utf-8")]
    assert docs, "no document holds the outline reference markers"
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        assert text.count(REFERENCE_START) == 1 and text.count(REFERENCE_END) == 1
        assert text == replace_reference(text, reference_markdown(outline_schema())), \
            f"{doc.name}: {SYNC}"


def test_replace_reference_only_touches_the_marked_part():
    doc = f"# Title\n\n{REFERENCE_START}\nold\n{REFERENCE_END}\n\nAfter.\n"
    new = replace_reference(doc, "NEW\n")
    assert new == f"# Title\n\n{REFERENCE_START}\nNEW\n{REFERENCE_END}\n\nAfter.\n"
