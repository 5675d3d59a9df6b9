"""The outline's JSON Schema (draft 2020-12) and its reference table, both from the model.

The schema is generated from the model and shipped beside this module, so `deckgen schema`
and `deckgen init` print and copy it without importing pydantic; a test keeps the shipped
file in sync with the model (scripts/sync_schema.py rewrites it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

SCHEMA_FILE = Path(__file__).with_name("outline.schema.json")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
REFERENCE_START = "<!-- outline-reference:start -->"
REFERENCE_END = "<!-- outline-reference:end -->"

_INCLUDE = {
    "type": "object",
    "title": "Include",
    "description": "A chapter kept in its own file: {include: path}. The file holds one "
    "chapter mapping (title, presenter, notes, slides); paths inside it are relative to it.",
    "properties": {
        "include": {
            "type": "string",
            "minLength": 1,
            "description": "Path of a YAML file holding one chapter, relative to the "
            "outline's folder.",
        },
    },
    "required": ["include"],
    "additionalProperties": False,
}


def _models() -> dict[str, type[BaseModel]]:
    from pydantic import BaseModel

    from . import model as m

    return {name: obj for name, obj in vars(m).items()
            if isinstance(obj, type) and issubclass(obj, BaseModel)
            and obj.__module__ == m.__name__}


def _ref_name(prop: dict[str, Any]) -> str | None:
    """The $defs name a property points to, directly or through anyOf."""
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    for alt in prop.get("anyOf", []):
        if "$ref" in alt:
            return str(alt["$ref"]).rsplit("/", 1)[-1]
    return None


def _fill(obj: dict[str, Any], cls: type[BaseModel] | None, defs: dict[str, Any]) -> None:
    """Give every property a description: the field's own, else its type's."""
    if cls is not None and not obj.get("description") and cls.__doc__:
        obj["description"] = cls.__doc__.strip()
    for name, prop in obj.get("properties", {}).items():
        prop.pop("title", None)  # pydantic's "Csv", "Log": noise in an editor's hover
        if prop.get("description"):
            continue
        field = cls.model_fields.get(name) if cls is not None else None
        ref = _ref_name(prop)
        text = (field.description if field is not None else None) or (
            defs.get(ref, {}).get("description") if ref else None)
        if text:
            prop["description"] = text


def outline_schema() -> dict[str, Any]:
    """The outline's JSON Schema: the model's, with `{include: path}` chapters allowed."""
    from . import model as m

    schema = m.Outline.model_json_schema()
    defs: dict[str, Any] = schema.setdefault("$defs", {})
    defs["Include"] = _INCLUDE
    models = _models()
    for name, obj in defs.items():
        _fill(obj, models.get(name), defs)
    _fill(schema, m.Outline, defs)
    chapters = schema["properties"]["chapters"]
    chapters["items"] = {"anyOf": [{"$ref": "#/$defs/Chapter"}, {"$ref": "#/$defs/Include"}]}
    return {"$schema": DIALECT, **schema}


def generated_schema_text() -> str:
    """The schema as JSON text, generated from the model."""
    return json.dumps(outline_schema(), ensure_ascii=False, indent=2) + "\n"


def schema_text() -> str:
    """The schema as JSON text, as shipped (the model's, kept in sync by a test)."""
    return SCHEMA_FILE.read_text(encoding="utf-8")


def with_layouts(schema: dict[str, Any], names: list[str], template: str) -> dict[str, Any]:
    """The schema with a slide's `layout` and the values of `theme.layouts` limited to a
    template's layout names, so that editors offer them (deckgen itself also accepts them
    in other case and spacing)."""
    import copy

    out = copy.deepcopy(schema)
    choice = {"type": "string", "enum": names}
    note = f" Offered: the layouts of {template}."
    slide = out["$defs"]["Slide"]["properties"]["layout"]
    slide["anyOf"] = [choice, {"type": "null"}]
    slide["description"] += note
    layouts = out["$defs"]["Theme"]["properties"]["layouts"]
    for alt in layouts["anyOf"]:
        if alt.get("type") == "object":
            alt["additionalProperties"] = choice
    layouts["description"] += note
    return out


def _type(prop: dict[str, Any]) -> str:
    """A short human name of a property's type, e.g. "text", "list of slide"."""
    if "$ref" in prop:
        return _ref_name(prop).lower()  # type: ignore[union-attr]
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if "anyOf" in prop:
        names: list[str] = []
        alts = [a for a in prop["anyOf"] if a.get("type") != "null"]
        if {a.get("type") for a in alts} >= {"string", "integer", "number"} and len(alts) == 3:
            return "text"
        for alt in alts:
            n = _type(alt)
            if n not in names:
                names.append(n)
        return " or ".join(names)
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object":
        inner = prop.get("additionalProperties")
        return f"mapping of name to {_type(inner)}" if isinstance(inner, dict) else "mapping"
    return {"string": "text", "number": "number", "integer": "whole number",
            "boolean": "true/false"}.get(str(kind), str(kind))


def _default(prop: dict[str, Any]) -> str:
    if "default" not in prop or prop["default"] is None:
        return ""
    value = prop["default"]
    if value == [] or value == {}:
        return ""
    return f"`{json.dumps(value, ensure_ascii=False)}`"


_SECTIONS = (
    ("Outline", "top level"), ("Deck", "deck"), ("Theme", "deck.theme"),
    ("Font", "deck.theme.font"), ("Logo", "deck.theme.logo"), ("Agenda", "deck.agenda"),
    ("Closing", "deck.closing"),
    ("Chapter", "chapters[]"), ("Include", "chapters[] (in its own file)"),
    ("Slide", "chapters[].slides[]"), ("Bullet", "bullets[] (as a mapping)"),
    ("Chart", "slide.chart"), ("Quote", "slide.quote"), ("Table", "slide.table"),
    ("Image", "slide.image"), ("Column", "slide.columns[]"), ("Stat", "slide.stats[]"),
)


def reference_markdown(schema: dict[str, Any] | None = None) -> str:
    """The outline reference: one table of keys per mapping, rendered from the schema
    (by default the shipped one)."""
    schema = schema or json.loads(schema_text())
    defs = schema["$defs"]
    lines = ["<!-- Generated from the schema by deckgen.schema.reference_markdown(); "
             "a test keeps it in sync. -->", ""]
    listed = {name for name, _ in _SECTIONS}
    missing = sorted(set(defs) - listed)
    sections = [*_SECTIONS, *((name, name.lower()) for name in missing)]
    for name, where in sections:
        obj = schema if name == "Outline" else defs[name]
        required = set(obj.get("required", ()))
        lines += [f"#### `{where}`", "", obj.get("description", ""), "",
                  "| key | type | required | default | description |",
                  "|---|---|---|---|---|"]
        for key, prop in obj.get("properties", {}).items():
            desc = str(prop.get("description", "")).replace("|", "\\|")
            lines.append(f"| `{key}` | {_type(prop)} | {'yes' if key in required else ''} "
                         f"| {_default(prop)} | {desc} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def replace_reference(document: str, reference: str | None = None) -> str:
    """`document` with the text between the outline-reference markers replaced."""
    start = document.index(REFERENCE_START) + len(REFERENCE_START)
    end = document.index(REFERENCE_END)
    return document[:start] + "\n" + (reference or reference_markdown()) + document[end:]
