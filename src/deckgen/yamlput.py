"""YAML edits beyond a scalar's text (see :mod:`deckgen.yamledit` for those): a number
rewritten as written text, a mapping key renamed, a missing key added. Every edit changes
only its own span (a new key is a new line) and is refused unless both YAML loaders read the
result as the old data with exactly that change."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import yaml

from .source import Key, key_path
from .yamledit import (
    _LOADERS,
    YamlEditError,
    _Composer,
    _find,
    _load,
    _newline,
    compose,
    double_quoted,
    quoted,
)

__all__ = ["add_keys", "rename_keys", "write_numbers"]

_UNLOADABLE = object()


def _compose(text: str) -> tuple[yaml.Node, _Composer]:
    root, composer = compose(text)
    if root is None:
        raise YamlEditError("the file is empty")
    return root, composer


def _datas(text: str) -> list[Any]:
    return [_load(text, loader) for loader in _LOADERS]


def _check(old: list[Any], new_text: str, change: Any, what: str) -> None:
    """Refuse unless every loader reads `new_text` as its old data changed by `change`."""
    for before, loader in zip(old, _LOADERS):
        if before is _UNLOADABLE:
            continue
        expected = copy.deepcopy(before)
        expected = change(expected)
        if _load(new_text, loader) != expected:
            raise YamlEditError(f"{what}: the edited file would not load with only that "
                                "change, so it was not written")


def _at(data: Any, key: Key) -> Any:
    for part in key:
        data = data[part]
    return data


# ---------------------------------------------------------------- numbers

def write_numbers(text: str, numbers: Mapping[Key, tuple[str, float]]) -> str:
    """`text` with the number at each key rewritten as the given text, which must read back
    as the given value (the caller chose its style: "35", "2.0")."""
    if not numbers:
        return text
    root, composer = _compose(text)
    pieces = []
    for key, (new, _) in numbers.items():
        t = _find(text, root, tuple(key), composer)
        quote = t.node.style if t.node.style in ("'", '"') else ""
        pieces.append((t.start, t.node.end_mark.index, quote + new + quote))
    out = text
    for start, end, new in sorted(pieces, reverse=True):
        out = out[:start] + new + out[end:]

    def change(data: Any) -> Any:
        for key, (new, value) in numbers.items():
            parent = _at(data, key[:-1])
            loaded = yaml.safe_load(f"[{new}]")[0]
            if isinstance(_at(data, key), str):  # a quoted number stays a quoted text
                loaded = new
            elif not isinstance(loaded, (int, float)) or float(loaded) != value:
                raise YamlEditError(f"{key_path(key)}: '{new}' does not read as {value}")
            parent[key[-1]] = loaded
        return data

    _check(_datas(text), out, change, ", ".join(key_path(k) for k in numbers))
    return out


# ---------------------------------------------------------------- renaming keys

def _child(node: yaml.Node, part: str | int, composer: _Composer, key: Key) -> yaml.Node:
    if id(node) in composer.shared:
        raise YamlEditError(f"{key_path(key)}: shared through the anchor "
                            f"&{composer.shared[id(node)]}; edit it by hand")
    if isinstance(node, yaml.MappingNode):
        found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and
                 k.value == str(part)]
        if found:
            return found[-1]
    elif (isinstance(node, yaml.SequenceNode) and isinstance(part, int) and
            0 <= part < len(node.value)):
        return node.value[part]
    raise YamlEditError(f"{key_path(key)}: not in the file")


def _node(root: yaml.Node, key: Key, composer: _Composer) -> yaml.Node:
    node = root
    for i, part in enumerate(key):
        node = _child(node, part, composer, key[:i + 1])
    return node


def rename_keys(text: str, renames: Mapping[Key, str]) -> str:
    """`text` with the mapping key at each path (…, old name) renamed; the value and the
    key's place stay."""
    if not renames:
        return text
    root, composer = _compose(text)
    pieces = []
    for key, new in renames.items():
        mapping = _node(root, tuple(key[:-1]), composer)
        if not isinstance(mapping, yaml.MappingNode):
            raise YamlEditError(f"{key_path(key[:-1])} is not a mapping")
        names = [k for k, _ in mapping.value if isinstance(k, yaml.ScalarNode) and
                 k.value == str(key[-1])]
        if len(names) != 1 or any(isinstance(k, yaml.ScalarNode) and k.value == new
                                  for k, _ in mapping.value):
            raise YamlEditError(f"{key_path(key)}: cannot rename it to '{new}'")
        node = names[0]
        if node.style == '"':
            written = double_quoted(new)
        elif node.style is None and new and new.strip() == new and _plain_key(new):
            written = new
        else:
            written = quoted(new)
        pieces.append((node.start_mark.index, node.end_mark.index, written))
    out = text
    for start, end, new in sorted(pieces, reverse=True):
        out = out[:start] + new + out[end:]

    def change(data: Any) -> Any:
        for key, new in renames.items():
            parent = _at(data, key[:-1])
            items = [(new if k == key[-1] else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        return data

    _check(_datas(text), out, change, ", ".join(key_path(k) for k in renames))
    return out


def _plain_key(new: str) -> bool:
    """Whether `new` written plain as a mapping key reads back as that text."""
    try:
        data = yaml.safe_load(f"{new}: 0\n")
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and list(data) == [new]


# ---------------------------------------------------------------- adding keys

PLACEHOLDER = "x"
"""The value a new key is written with before its text is put in by yamledit."""


def add_keys(text: str, keys: list[Key],
             after: Mapping[Key, tuple[str, ...]] | None = None) -> str:
    """`text` with each key path added, its value the placeholder text "x" (write the real
    value with yamledit.edit_scalars after): missing mappings on the way are made, and a
    `true` on the way (`agenda: true`, `closing: true`) becomes the mapping it stands for.
    A new key goes after the last of its `after` siblings the mapping has, else last."""
    out = text
    for key in keys:
        out = _add_key(out, tuple(key), (after or {}).get(tuple(key), ()))
    return out


def _add_key(text: str, key: Key, siblings: tuple[str, ...]) -> str:
    root, composer = _compose(text)
    node, parent_key_node, depth = root, None, 0
    for part in key[:-1]:
        try:
            child = _child(node, part, composer, key[:depth + 1])
        except YamlEditError:
            break
        if isinstance(child, yaml.ScalarNode):
            if not (child.tag.endswith(":bool") and child.value.lower() == "true" and
                    isinstance(node, yaml.MappingNode)):
                raise YamlEditError(f"{key_path(key[:depth + 1])} is not a mapping")
            parent_key_node = next(k for k, v in node.value if v is child)
            node = child
            depth += 1
            break
        node = child
        depth += 1
    rest = key[depth:]
    if not rest or any(not isinstance(p, str) for p in rest):
        raise YamlEditError(f"{key_path(key)}: cannot add it")
    nl = _newline(text, 0)
    if isinstance(node, yaml.ScalarNode):  # `agenda: true` becomes `agenda:` + a new line
        assert parent_key_node is not None
        indent = parent_key_node.start_mark.column + 2
        start, end = node.start_mark.index, node.end_mark.index
        line_end = _line_after(text, end)
        tail = text[end:line_end]  # a comment after the value stays on the key's line
        if not tail.endswith(("\n", "\r")):
            tail += nl
        out = text[:start].rstrip(" ") + tail + _nested(rest, indent, nl) + text[line_end:]
    elif not isinstance(node, yaml.MappingNode):
        raise YamlEditError(f"{key_path(key[:depth])} is not a mapping")
    elif node.flow_style:
        close = node.end_mark.index - 1
        if text[close] != "}":
            raise YamlEditError(f"{key_path(key[:depth])}: cannot add a key to it")
        value = PLACEHOLDER
        for part in reversed(rest[1:]):
            value = f"{{{part}: {value}}}"
        sep = ", " if node.value else ""
        out = text[:close] + f"{sep}{rest[0]}: {value}" + text[close:]
    else:
        indent = node.value[0][0].start_mark.column if node.value else 0
        near = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and
                k.value in siblings] if len(rest) == 1 else []
        at = _content_end(text, near[-1] if near else node)
        lines = _nested(rest, indent, nl)
        if at == len(text) and text and not text.endswith(("\n", "\r")):
            lines = nl + lines
        out = text[:at] + lines + text[at:]

    def change(data: Any) -> Any:
        parent = data
        for part in key[:-1]:
            nxt = parent[int(part)] if isinstance(parent, list) else parent.get(part)
            if not isinstance(nxt, (dict, list)):
                nxt = parent[part] = {}
            parent = nxt
        parent[key[-1]] = PLACEHOLDER
        return data

    _check(_datas(text), out, change, key_path(key))
    return out


def _nested(rest: Key, indent: int, nl: str) -> str:
    lines = []
    for i, part in enumerate(rest):
        tail = f" {PLACEHOLDER}" if i == len(rest) - 1 else ""
        lines.append(" " * (indent + 2 * i) + f"{part}:{tail}{nl}")
    return "".join(lines)


def _line_after(text: str, at: int) -> int:
    """The index just after the line break that ends the line holding `at`."""
    nl = text.find("\n", at)
    return len(text) if nl < 0 else nl + 1


def _content_end(text: str, node: yaml.Node) -> int:
    """Just after the line that holds the last content of a block collection: its last
    value's line, not the blank lines and comments that follow it."""
    while (isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style
            and node.value):
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        end = len(text[:end].rstrip())
    return _line_after(text, max(end - 1, 0) if end and text[end - 1] in "\r\n" else end)
