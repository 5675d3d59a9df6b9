"""Move, insert and delete list items of a YAML file in place, comments kept with them.

A list item's text is its lines plus the comment lines directly above it (and any comment
at the end of its own lines); taking it out of a block list takes those lines, putting it
into another list re-indents them to that list's column, so an item moves between files
with its comments and its own style (a flow mapping stays a flow mapping). Items of flow
lists (``[a, b]``) are written in flow style. Every change is checked by loading the
result: the data must be exactly the old data with that one item moved, added or removed,
else nothing is changed and :class:`YamlNodeError` says why. CRLF files stay CRLF.
:mod:`deckgen.yamledit` is the scalar editor; this module changes lists."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import yaml

from .frozen import frozen
from .source import Key, key_path
from .yamledit import quoted

__all__ = ["Item", "YamlNodeError", "add_key", "count", "data_at", "flow", "insert_item",
           "item_from_block", "item_line", "remove_item", "replace_item", "scalar"]


class YamlNodeError(Exception):
    """A list change that cannot be made in place: which list and why."""


@frozen
class Item:
    """A list item taken out of a file: its text as a block item (``- ...`` at column 0,
    comments above it included), its text in flow style when it has one, and its data."""

    block: str
    flow: str | None
    data: Any
    separated: bool = False  # it stood in a block list whose items blank lines separate


# -------------------------------------------------------------------- finding nodes


def _compose(text: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise YamlNodeError(f"the file is not valid YAML ({exc})") from None
    if node is None:
        raise YamlNodeError("the file is empty")
    return node


def _load(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise YamlNodeError(f"the result would not be valid YAML ({exc})") from None


def _walk(node: yaml.Node, key: Key) -> tuple[yaml.Node, yaml.Node | None]:
    """The node at `key` and the mapping key node it is the value of (None for a list
    item or the root)."""
    owner: yaml.Node | None = None
    for part in key:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    node, owner = v, k
                    break
            else:
                raise YamlNodeError(f"{key_path(key)}: no {part!r} in the file")
        elif (isinstance(node, yaml.SequenceNode) and isinstance(part, int)
                and 0 <= part < len(node.value)):
            node, owner = node.value[part], None
        else:
            raise YamlNodeError(f"{key_path(key)}: no {part!r} in the file")
    return node, owner


def _seq(text: str, key: Key) -> tuple[yaml.SequenceNode, yaml.Node | None]:
    node, owner = _walk(_compose(text), key)
    if not isinstance(node, yaml.SequenceNode):
        raise YamlNodeError(f"{key_path(key)} is not a list")
    return node, owner


def data_at(data: Any, key: Key) -> Any:
    """The value at a key of loaded YAML data (KeyError, IndexError or TypeError if none)."""
    for part in key:
        data = data[part]
    return data


def _empty(node: yaml.Node) -> bool:
    return (isinstance(node, yaml.ScalarNode) and node.value == "" and node.style is None
        and node.start_mark.index == node.end_mark.index)


def _content_end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends: its last character, without the blank lines and
    comments PyYAML counts into a block node's end."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            seg = text[node.start_mark.index:node.end_mark.index]
            return node.start_mark.index + len(seg.rstrip())
        return node.end_mark.index
    if getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    ends = [node.start_mark.index]
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            ends.append(_content_end(text, k))
            if not _empty(v):
                ends.append(_content_end(text, v))
    elif isinstance(node, yaml.SequenceNode):
        ends += [_content_end(text, v) for v in node.value]
    return max(ends)


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _line_end(text: str, at: int) -> int:
    """The index after the line break of the line holding `at` (or the text's end)."""
    nl = text.find("\n", at)
    return len(text) if nl == -1 else nl + 1


def _dash(text: str, item: yaml.Node) -> int:
    """The index of a block list item's "-"."""
    i = item.start_mark.index - 1
    while i >= 0 and text[i] in " \n":
        i -= 1
    if i < 0 or text[i] != "-":
        raise YamlNodeError("a list item without its '-'")
    return i


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


@frozen
class _Span:
    """A block item's lines: from its first comment line above to its last line's end."""

    start: int  # the first comment line above it, else its dash line
    dash_line: int
    end: int  # after the line break of its last line
    column: int  # the column of its "-"


def _span(text: str, seq: yaml.SequenceNode, index: int, floor: int) -> _Span:
    item = seq.value[index]
    dash = _dash(text, item)
    dash_line = _line_start(text, dash)
    if text[dash_line:dash].strip():
        raise YamlNodeError("a list item that does not start its own line")
    prev_end = _content_end(text, seq.value[index - 1]) if index else floor
    start = dash_line
    while start > 0:
        above = _line_start(text, start - 1)
        if above <= prev_end or not _is_comment(text[above:start]):
            break
        start = above
    end = _line_end(text, max(_content_end(text, item), dash + 1) - 1)
    return _Span(start, dash_line, end, dash - dash_line)


def _floor(text: str, seq: yaml.SequenceNode, owner: yaml.Node | None) -> int:
    """Where comments above a list's first item may begin: after its key's line."""
    if owner is not None:
        return _line_end(text, owner.end_mark.index) - 1
    return _line_start(text, seq.start_mark.index) - 1


def _blank(line: str) -> bool:
    return not line.strip()


def _separated(text: str, seq: yaml.SequenceNode, owner: yaml.Node | None) -> bool:
    """Whether a block list's items are separated by blank lines."""
    floor = _floor(text, seq, owner)
    for i in range(1, len(seq.value)):
        gap = text[_line_end(text, _content_end(text, seq.value[i - 1]) - 1):
                   _span(text, seq, i, floor).start]
        if any(_blank(x) for x in gap.split("\n")[:-1]):
            return True
    return False


# -------------------------------------------------------------------- texts of items


def _reindent(block: str, by: int) -> str:
    """Every line shifted by `by` columns (never below column 0); blank lines left empty."""
    out = []
    for line in block.splitlines(True):
        if not line.strip():
            out.append("\n" if line.endswith("\n") else "")
        elif by >= 0:
            out.append(" " * by + line)
        else:
            lead = len(line) - len(line.lstrip(" "))
            out.append(line[min(-by, lead):])
    return "".join(out)


def _plain_ok(text: str) -> bool:
    """Whether a string can stand plain both as a block item and inside a flow list."""
    if not text or text != text.strip() or "\n" in text:
        return False
    for doc in (f"- {text}\n", f"[{text}]\n", f"{{k: {text}}}\n"):
        try:
            got = yaml.safe_load(doc)
        except yaml.YAMLError:
            return False
        value = got[0] if isinstance(got, list) else got["k"] if isinstance(got, dict) else None
        if value != text:
            return False
    return True


def scalar(text: str) -> str:
    """A string as a one-line YAML scalar that loads as exactly that string in block and
    flow context: plain where it can be, else quoted."""
    return text if _plain_ok(text) else quoted(text)


def flow(data: Any) -> str:
    """Data in one-line flow style (strings plain where they can be)."""
    if isinstance(data, str):
        return scalar(data)
    if isinstance(data, list):
        return "[" + ", ".join(flow(x) for x in data) + "]"
    if isinstance(data, dict):
        return "{" + ", ".join(f"{flow(str(k))}: {flow(v)}" for k, v in data.items()) + "}"
    dumped = yaml.safe_dump(data, default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.strip().removesuffix("...").strip()


def _item_data(block: str) -> Any:
    data = _load(block)
    if not isinstance(data, list) or len(data) != 1:
        raise YamlNodeError("not one list item")
    return data[0]


def _make_item(block: str, data: Any) -> Item:
    """An item from its block text: its flow form is its own one-line text where that
    loads the same inside [...], else its data written in flow style."""
    if not block.endswith("\n"):
        block += "\n"
    own = [x for x in block.splitlines() if x.strip() and not _is_comment(x)]
    text = None
    if len(own) == 1 and own[0].startswith("- "):
        body = own[0][2:].strip()
        plain = body.split(" #")[0].rstrip()
        text = plain if _flow_ok(plain, data) else None
    if text is None:
        f = flow(data)
        text = f if _flow_ok(f, data) else None
    return Item(block, text, data)


def item_from_block(block: str) -> Item:
    """An item given as block text ("- ..." at column 0, comments above allowed)."""
    return _make_item(block, _item_data(block))


def _flow_ok(text: str, data: Any) -> bool:
    try:
        return bool(yaml.safe_load(f"[{text}]\n") == [data])
    except yaml.YAMLError:
        return False


# -------------------------------------------------------------------- the changes


def _normalised(fn: Callable[..., tuple[str, Any]]) -> Callable[..., tuple[str, Any]]:
    """Run a change on LF text; give CRLF back where the file had it."""

    def run(text: str, *args: Any, **kw: Any) -> tuple[str, Any]:
        crlf = "\r\n" in text
        out, extra = fn(text.replace("\r\n", "\n") if crlf else text, *args, **kw)
        return (out.replace("\n", "\r\n") if crlf else out), extra

    return run


def _check(before: str, after: str, key: Key, change: Callable[[list[Any]], None]) -> None:
    want = copy.deepcopy(_load(before))
    change(data_at(want, key))
    got = _load(after)
    if got != want:
        raise YamlNodeError(f"{key_path(key)}: the change would not load as intended")


def count(text: str, key: Key) -> int:
    """How many items the list at `key` has."""
    return len(_seq(text.replace("\r\n", "\n"), key)[0].value)


@_normalised
def _remove(text: str, key: Key, index: int) -> tuple[str, Item]:
    seq, owner = _seq(text, key)
    if not 0 <= index < len(seq.value):
        raise YamlNodeError(f"{key_path(key)} has no item {index}")
    node = seq.value[index]
    data = data_at(_load(text), key)[index]
    if seq.flow_style:
        a, b = node.start_mark.index, node.end_mark.index
        own = text[a:b]
        if len(seq.value) == 1:
            out = text[:a] + text[b:]
        elif index + 1 < len(seq.value):
            out = text[:a] + text[seq.value[index + 1].start_mark.index:]
        else:
            out = text[:_content_end(text, seq.value[index - 1])] + text[b:]
        one = own if "\n" not in own and _flow_ok(own, data) else flow(data)
        item = Item(f"- {one}\n", one, data)
    else:
        sp = _span(text, seq, index, _floor(text, seq, owner))
        own = text[sp.start:sp.end]
        lines_before = text[:sp.start].split("\n")[:-1]
        rest = text[sp.end:]
        prev = lines_before[-1] if lines_before else None
        nxt = rest.split("\n", 1)[0] if rest else None
        first = index == 0
        if nxt is not None and _blank(nxt) and "\n" in rest and (first or _blank(prev or "x")):
            rest = rest.split("\n", 1)[1]
        elif prev is not None and _blank(prev) and not first and (
                nxt is None or _blank(nxt) or index == len(seq.value) - 1):
            lines_before.pop()
        separated = _separated(text, seq, owner)
        out = "\n".join(lines_before) + ("\n" if lines_before else "") + rest
        item = _make_item(_reindent(own, -sp.column), data)
        item = Item(item.block, item.flow, item.data, separated)
        if len(seq.value) == 1:
            out = _empty_list(out, key, owner)
    _check(text, out, key, lambda lst: lst.pop(index))
    return out, item


def _empty_list(text: str, key: Key, owner: yaml.Node | None) -> str:
    """The text with `[]` after the key whose block list just lost its last item."""
    if owner is None:
        raise YamlNodeError(f"{key_path(key)}: cannot remove the only item of this list")
    node, k = _walk(_compose(text), key)
    if k is None or not _empty(node):
        raise YamlNodeError(f"{key_path(key)}: cannot remove the only item of this list")
    colon = text.index(":", k.end_mark.index)
    return text[:colon + 1] + " []" + text[colon + 1:]


def remove_item(text: str, key: Key, index: int) -> tuple[str, Item]:
    """The text without item `index` of the list at `key` (with its comments), and that
    item. A block list that loses its last item becomes `[]`."""
    out, item = _remove(text, key, index)
    return out, item


@_normalised
def _insert(text: str, key: Key, index: int, item: Item) -> tuple[str, int]:
    seq, owner = _seq(text, key)
    n = len(seq.value)
    if not 0 <= index <= n:
        raise YamlNodeError(f"{key_path(key)} has no place {index}")
    if seq.flow_style:
        piece = item.flow if item.flow is not None else flow(item.data)
        if n == 0:
            at = seq.start_mark.index + 1
            out = text[:at] + piece + text[at:]
        elif index < n:
            at = seq.value[index].start_mark.index
            out = text[:at] + piece + ", " + text[at:]
        else:
            at = _content_end(text, seq.value[-1])
            out = text[:at] + ", " + piece + text[at:]
        line = text.count("\n", 0, at) + 1
    else:
        if n == 0:
            raise YamlNodeError(f"{key_path(key)} is an empty block list")
        floor = _floor(text, seq, owner)
        column = _span(text, seq, 0, floor).column
        block = _reindent(item.block, column)
        own_style = _separated(text, seq, owner) if n > 1 else item.separated
        gap = "\n" if own_style else ""
        if index < n:
            at = _span(text, seq, index, floor).start
            out = text[:at] + block + gap + text[at:]
        else:
            at = _line_end(text, _content_end(text, seq.value[-1]) - 1)
            if at == len(text) and not text.endswith("\n"):
                text += "\n"
                at += 1
            out = text[:at] + gap + block + text[at:]
            at += len(gap)
        body = next((i for i, x in enumerate(block.split("\n")) if x.strip()
                     and not _is_comment(x)), 0)
        line = out.count("\n", 0, at) + 1 + body
    _check(text, out, key, lambda lst: lst.insert(index, copy.deepcopy(item.data)))
    return out, line


def insert_item(text: str, key: Key, index: int, item: Item) -> tuple[str, int]:
    """The text with `item` as item `index` of the list at `key` (in the list's style and
    indentation), and the line the item starts on."""
    out, line = _insert(text, key, index, item)
    return out, int(line)


@_normalised
def _replace(text: str, key: Key, index: int, item: Item) -> tuple[str, None]:
    seq, owner = _seq(text, key)
    if not 0 <= index < len(seq.value):
        raise YamlNodeError(f"{key_path(key)} has no item {index}")
    node = seq.value[index]
    if seq.flow_style:
        piece = item.flow if item.flow is not None else flow(item.data)
        out = text[:node.start_mark.index] + piece + text[node.end_mark.index:]
    else:
        sp = _span(text, seq, index, _floor(text, seq, owner))
        block = "".join(x for x in item.block.splitlines(True) if not _is_comment(x))
        end = _line_end(text, _content_end(text, node) - 1)
        out = text[:sp.dash_line] + _reindent(block, sp.column) + text[end:]
    _check(text, out, key, lambda lst: lst.__setitem__(index, copy.deepcopy(item.data)))
    return out, None


def replace_item(text: str, key: Key, index: int, item: Item) -> str:
    """The text with item `index` of the list at `key` replaced by `item` (comments above
    the old item stay)."""
    return _replace(text, key, index, item)[0]


@_normalised
def _add_key(text: str, key: Key, name: str, value: Any) -> tuple[str, None]:
    node, _ = _walk(_compose(text), key)
    if not isinstance(node, yaml.MappingNode):
        raise YamlNodeError(f"{key_path(key)} is not a mapping")
    if any(isinstance(k, yaml.ScalarNode) and k.value == name for k, _ in node.value):
        raise YamlNodeError(f"{key_path(key)} already has {name!r}")
    piece = f"{scalar(name)}: {flow(value)}"
    if node.flow_style or not node.value:
        end = node.end_mark.index - 1  # the closing "}"
        if text[end] != "}":
            raise YamlNodeError(f"{key_path(key)}: cannot add {name!r} here")
        sep = ", " if node.value else ""
        out = text[:end] + sep + piece + text[end:]
    else:
        first = node.value[0][0]
        column = first.start_mark.column
        at = _line_end(text, _content_end(text, node) - 1)
        if at == len(text) and not text.endswith("\n"):
            text += "\n"
            at += 1
        out = text[:at] + " " * column + piece + "\n" + text[at:]
    def change(mapping: Any) -> None:
        mapping[name] = copy.deepcopy(value)

    _check(text, out, key, change)
    return out, None


def add_key(text: str, key: Key, name: str, value: Any) -> str:
    """The text with `name: value` (value in flow style) added to the mapping at `key`."""
    return _add_key(text, key, name, value)[0]


def item_line(text: str, key: Key, index: int) -> int:
    """The line (1-based) item `index` of the list at `key` starts on."""
    seq, _ = _seq(text.replace("\r\n", "\n"), key)
    return int(seq.value[index].start_mark.line) + 1

