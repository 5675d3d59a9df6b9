"""Edit scalar values of a YAML file in place: only the edited values' text changes.

The file is composed once by PyYAML for the exact span of every scalar; each edited
value's span is rewritten in the scalar's own style when the new text can be written in
it (plain, quoted, literal or folded block), else in the least surprising quoting. The
result is parsed again, by the pure loader and by libyaml when present, and refused
unless every edited key loads as its new text and every other value is unchanged.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
import re
from collections.abc import Mapping
from typing import Any

import yaml

from .frozen import frozen
from .rules import as_text as deck_text
from .source import Key, key_path

__all__ = ["Key", "YamlEditError", "edit_scalars"]

_MERGE = "tag:yaml.org,2002:merge"
_BREAKS = "\r\n\x85\u2028\u2029"
_LOADERS: tuple[Any, ...] = tuple(
    x for x in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None)) if x is not None)
# Characters a YAML reader refuses raw, plus the ones a quoted or block scalar would read as
# something else (line breaks PyYAML knows beyond \n, a byte-order mark): escaped instead.
_NOT_RAW = re.compile("[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010ffff]")
_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
            "\f": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
_HEADER = re.compile(r"[|>](?:([+-])([1-9])?|([1-9])([+-])?)?")


class YamlEditError(Exception):
    """A value that cannot be edited in place: which key and why."""


@frozen
class _Target:
    """One edited scalar: its node, the indentation its block lies in, and its context."""

    key: Key
    node: yaml.ScalarNode
    start: int  # where the value's text begins, after any anchor or tag
    parent_indent: int  # the column of the enclosing block collection, -1 at the top
    in_map: bool  # a mapping value (else a list item or the document itself)
    flow: bool  # inside [..] or {..}


@frozen
class _Block:
    """A block scalar's header and where its body and trailing blank lines end."""

    style: str  # "|" or ">"
    chomp: str  # "", "-" or "+"
    digit: int | None
    digit_first: bool
    rest: str  # what follows the indicators on the header line: spaces, a comment
    body_start: int
    body_end: int  # after the last content line's line break
    end: int  # after the trailing blank lines
    indent: int | None  # None for an empty body without an indentation indicator
    lines: tuple[str, ...]  # the content lines without indentation, up to body_end


class _Composer(yaml.SafeLoader):
    """SafeLoader that remembers which slots hold an alias and which nodes aliases share."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.alias_slots: set[tuple[int, object]] = set()
        self.shared: dict[int, str] = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if not self.check_event(yaml.AliasEvent):
            return super().compose_node(parent, index)
        anchor = self.peek_event().anchor
        node = super().compose_node(parent, index)
        self.shared[id(node)] = anchor
        self.alias_slots.add(_slot(parent, index))
        return node


def _value_start(text: str, node: yaml.ScalarNode) -> int:
    """Where the scalar's own text begins: after its anchor (&name) and tag (!tag), which
    the node's span includes and an edit keeps."""
    pos, end = node.start_mark.index, node.end_mark.index
    while pos < end and text[pos] in "&!":
        while pos < end and text[pos] not in " \t\r\n,[]{}":
            pos += 1
        while pos < end and text[pos] in " \t\r\n":
            pos += 1
    return pos


def _slot(parent: yaml.Node | None, index: Any) -> tuple[int, object]:
    """A child's place in its parent: the key node of a mapping or the list index."""
    return id(parent), ("key", id(index)) if isinstance(index, yaml.Node) else index


def compose(text: str) -> tuple[yaml.Node | None, _Composer]:
    """The document's node tree (None when empty) and the composer that knows its aliases."""
    composer = _Composer(text)
    try:
        return composer.get_single_node(), composer
    except yaml.YAMLError as exc:
        raise YamlEditError(
            f"the file is not valid YAML, so nothing was edited: {exc}") from None
    finally:
        composer.dispose()


def edit_scalars(text: str, edits: Mapping[Key, str]) -> str:
    """`text` with the scalar at each key path rewritten to load as its new string."""
    if not edits:
        return text
    root, composer = compose(text)
    targets = [_find(text, root, tuple(key), composer) for key in edits]
    spans = sorted((t.start, t.node.end_mark.index, t.key) for t in targets)
    for (_, end, a), (start, _, b) in itertools.pairwise(spans):
        if start < end:
            raise YamlEditError(f"{key_path(a)} and {key_path(b)} overlap in the file")
    before = {loader: _load(text, loader) for loader in _LOADERS}
    wanted = {tuple(k): v for k, v in edits.items()}
    out = _apply(text, targets, wanted, set())
    bad = _verify(out, before, wanted)
    if not bad:
        return out
    # Fall back to one-line double quotes, which read back the same anywhere.
    forced = set(wanted) if None in bad else {k for k in bad if k is not None}
    out = _apply(text, targets, wanted, forced)
    bad = _verify(out, before, wanted)
    if not bad:
        return out
    names = ", ".join(sorted(key_path(k) for k in bad if k is not None)) or "the file"
    raise YamlEditError(f"{names}: the edited file would not load with the new values "
                        "unchanged elsewhere, so it was not written")


def _find(text: str, root: yaml.Node | None, key: Key, composer: _Composer) -> _Target:
    """The scalar at `key`, or a YamlEditError naming the key and why it is not one."""
    name = key_path(key) or "the top level"
    if root is None:
        raise YamlEditError(f"{name}: the file is empty")
    node: yaml.Node = root
    parent: yaml.Node | None = None
    flow = False
    for i, part in enumerate(key):
        where = key_path(key[:i]) or "the top level"
        if id(node) in composer.shared:
            raise YamlEditError(f"{name}: {where} is shared through the anchor "
                                f"&{composer.shared[id(node)]}; editing it would change "
                                "every alias (*name) of it too")
        if isinstance(node, yaml.MappingNode):
            pairs = [(k, v) for k, v in node.value
                     if isinstance(k, yaml.ScalarNode) and k.tag != _MERGE and k.value == str(part)]
            if not pairs:
                merged = any(k.tag == _MERGE for k, _ in node.value)
                why = (f"{where} has no key '{part}' of its own (a `<<:` merge may bring it "
                       "in; edit the anchored mapping instead)" if merged
                       else f"{where} has no key '{part}'")
                raise YamlEditError(f"{name}: {why}")
            key_node, child = pairs[-1]  # a duplicate key: YAML keeps the last
            slot = _slot(node, key_node)
        elif isinstance(node, yaml.SequenceNode):
            if not isinstance(part, int) or not 0 <= part < len(node.value):
                raise YamlEditError(f"{name}: {where} is a list of {len(node.value)} "
                                    f"item(s); there is no item [{part}]")
            child, slot = node.value[part], _slot(node, part)
        else:
            raise YamlEditError(f"{name}: {where} is a single value, not a mapping or list")
        if slot in composer.alias_slots:
            raise YamlEditError(f"{name}: {key_path(key[:i + 1])} is an alias "
                                f"(*{composer.shared.get(id(child), '')}); edit the "
                                "anchored value it repeats instead")
        flow = flow or bool(node.flow_style)
        parent, node = node, child
    if not isinstance(node, yaml.ScalarNode):
        kind = "mapping" if isinstance(node, yaml.MappingNode) else "list"
        raise YamlEditError(f"{name} is a {kind}, not a single value")
    if id(node) in composer.shared:
        raise YamlEditError(f"{name}: the value is shared through the anchor "
                            f"&{composer.shared[id(node)]}; editing it would change every "
                            "alias (*name) of it too")
    indent = parent.start_mark.column if parent is not None else -1
    return _Target(key, node, _value_start(text, node), indent,
                   isinstance(parent, yaml.MappingNode), flow)


# ---------------------------------------------------------------- verifying

def _load(text: str, loader: Any) -> Any:
    """The document's data, or _UNLOADABLE."""
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return _UNLOADABLE


_UNLOADABLE = object()


def loads_as(value: Any, new: str) -> bool:
    """Whether a loaded value is the text `new` as deckgen reads text (numbers and dates
    as written)."""
    if isinstance(value, str):
        return value == new
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float, _dt.date)):
        return bool(deck_text(value) == new)
    return False


def _verify(out: str, before: dict[Any, Any], wanted: dict[Key, str]) -> set[Key | None]:
    """Edited keys that do not load as their new text, and None when anything else moved."""
    bad: set[Key | None] = set()
    for loader, old in before.items():
        if old is _UNLOADABLE:
            continue
        new = _load(out, loader)
        if new is _UNLOADABLE:
            return {None}
        _compare(old, new, (), wanted, bad)
    return bad


def _compare(old: Any, new: Any, path: Key, wanted: dict[Key, str], bad: set[Key | None]) -> None:
    if path in wanted:
        if not loads_as(new, wanted[path]):
            bad.add(path)
        return
    if type(old) is not type(new):
        bad.add(None)
    elif isinstance(old, dict):
        if list(old) != list(new):
            bad.add(None)
            return
        for k in old:
            _compare(old[k], new[k], (*path, k), wanted, bad)
    elif isinstance(old, list):
        if len(old) != len(new):
            bad.add(None)
            return
        for i, (a, b) in enumerate(zip(old, new)):
            _compare(a, b, (*path, i), wanted, bad)
    elif old != new and not (isinstance(old, float) and math.isnan(old) and math.isnan(new)):
        bad.add(None)


# ---------------------------------------------------------------- writing

def _apply(text: str, targets: list[_Target], wanted: dict[Key, str], forced: set[Key]) -> str:
    """The text with every target rewritten, from the end backwards so spans stay valid."""
    pieces: list[tuple[int, int, str]] = []
    for t in targets:
        pieces.append(_rewrite(text, t, wanted[t.key], safe=t.key in forced))
    out = text
    for start, end, new in sorted(pieces, reverse=True):
        out = out[:start] + new + out[end:]
    return out


def _newline(text: str, at: int) -> str:
    """The line break used at `at`: the one ending its line, else the file's first."""
    i = min((j for j in (text.find("\n", at), text.find("\r", at)) if j >= 0), default=-1)
    if i < 0:
        return "\r\n" if "\r\n" in text else "\n"
    return "\r\n" if text.startswith("\r\n", i) else text[i]


def _line_end(text: str, at: int) -> int:
    """Index of the line break ending the line that holds `at` (len(text) at the end)."""
    return min((j for j in (text.find(c, at) for c in _BREAKS) if j >= 0), default=len(text))


def _rewrite(text: str, t: _Target, new: str, *, safe: bool) -> tuple[int, int, str]:
    """(start, end, replacement) for one edited scalar."""
    node = t.node
    start, end = t.start, node.end_mark.index
    if node.style in ("|", ">"):
        return _rewrite_block(text, t, new, safe=safe)
    lead = " " if start == end and start > 0 and text[start - 1] not in " \t\r\n" else ""
    if safe:
        return start, end, lead + double_quoted(new)
    style = node.style
    if style == '"':
        return start, end, double_quoted(new)
    if style == "'" and _one_line(new):
        return start, end, single_quoted(new)
    if style is None and _plain_ok(new, t, text[end:_line_end(text, end)], _constructed(node)):
        return start, end, lead + new
    if not t.flow and "\n" in new and _block_ok(new):
        return _to_literal(text, t, new, lead)
    return start, end, lead + quoted(new)


def _constructed(node: yaml.ScalarNode) -> Any:
    """The value the scalar loads as today (None when it does not load)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ValueError):
        return None
    finally:
        loader.dispose()


def _one_line(new: str) -> bool:
    """Whether `new` fits a one-line plain or single-quoted scalar raw."""
    return not _NOT_RAW.search(new) and "\n" not in new


def _block_ok(new: str) -> bool:
    """Whether every character of `new` can stand raw in a block scalar."""
    return not _NOT_RAW.search(new)


def quoted(new: str) -> str:
    """`new` in single quotes, or in double quotes when it needs escapes or holds a single
    quote and no double quote or backslash."""
    if _one_line(new) and not ("'" in new and '"' not in new and "\\" not in new):
        return single_quoted(new)
    return double_quoted(new)


def single_quoted(new: str) -> str:
    """`new` as a one-line single-quoted scalar (quotes doubled)."""
    return "'" + new.replace("'", "''") + "'"


def double_quoted(new: str) -> str:
    """`new` as a one-line double-quoted scalar, every character YAML could misread escaped."""
    out = []
    for ch in new:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _NOT_RAW.match(ch):
            code = ord(ch)
            out.append(f"\\x{code:02X}" if code < 0x100 else
                       f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _plain_ok(new: str, t: _Target, rest: str, old: Any) -> bool:
    """Whether `new` written plain at this place loads as the same text, and as a string
    unless the old value was a number or date that `new` keeps one."""
    if not new or not _one_line(new) or new != new.strip(" \t"):
        return False
    if t.flow:
        snippets = ([f"{{k: {new}}}", f"{{k: {new}, z: 0}}"] if t.in_map
            else [f"[{new}]", f"[{new}, 0]"])
    else:
        comment = rest if rest.lstrip(" \t").startswith("#") else ""
        snippets = [f"k: {new}{comment}\n", f"- {new}{comment}\n"]
    kind = _kind(old)
    for snippet in snippets:
        for loader in _LOADERS:
            data = _load(snippet, loader)
            if isinstance(data, dict) and list(data) == ["k", *data.keys() - {"k"}]:
                value = data["k"]
            elif isinstance(data, list) and data:
                value = data[0]
            else:
                return False
            if isinstance(value, str):
                if value != new:
                    return False
            elif not (kind and _kind(value) == kind and loads_as(value, new)):
                return False
    return True


def _kind(value: Any) -> str | None:
    """"number" or "date" for the values deckgen reads as text as written, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return "number"
    return "date" if isinstance(value, _dt.date) else None


# ---------------------------------------------------------------- block scalars

def _block(text: str, t: _Target) -> _Block:
    """The parts of the block scalar `t` as written."""
    start, end = t.start, t.node.end_mark.index
    eol = _line_end(text, start)
    header = text[start:eol]
    m = _HEADER.match(header)
    assert m is not None  # the scanner read this header
    chomp = m.group(1) or m.group(4) or ""
    digit_text = m.group(2) or m.group(3)
    digit = int(digit_text) if digit_text else None
    body_start = (min(eol + (2 if text.startswith("\r\n", eol) else 1), end)
        if eol < len(text) else eol)
    min_indent = max(t.parent_indent + 1, 1)
    raw_lines = text[body_start:end].splitlines(keepends=True)
    if digit is not None:
        indent: int | None = min_indent + digit - 1
    else:
        indent = None
        blank_width = 0
        for line in raw_lines:
            bare = line.rstrip(_BREAKS)
            if bare.strip(" "):
                indent = max(len(bare) - len(bare.lstrip(" ")), blank_width, min_indent)
                break
            blank_width = max(blank_width, len(bare))
    body_end, pos, lines = body_start, body_start, []
    for line in raw_lines:
        pos += len(line)
        bare = line.rstrip(_BREAKS)
        if indent is not None and len(bare) > indent:
            body_end = pos
            lines.append(bare[indent:])
        elif indent is not None:
            lines.append("")
    lines = lines[:len(lines) - _trailing_empty(lines)]
    return _Block(m.group()[0], chomp, digit, bool(m.group(3)), header[m.end():], body_start,
                  body_end, end, indent, tuple(lines))


def _trailing_empty(lines: list[str]) -> int:
    n = 0
    while n < len(lines) and lines[len(lines) - 1 - n] == "":
        n += 1
    return n


def _header(style: str, chomp: str, digit: int | None, digit_first: bool) -> str:
    d = str(digit) if digit is not None else ""
    return style + (d + chomp if digit_first or not chomp else chomp + d)


def _chomped(new: str) -> tuple[str, list[str], int]:
    """The chomping indicator `new` needs, its content lines and its trailing empty lines."""
    content = new.rstrip("\n")
    trailing = len(new) - len(content)
    lines = content.split("\n") if content else []
    if trailing == 0:
        return "-", lines, 0
    if trailing == 1 and lines:
        return "", lines, 0
    return "+", lines, trailing - 1 if lines else trailing


def _folded_lines(lines: list[str], width: int | None) -> list[str]:
    """Body lines of a folded scalar that reads back as `lines` joined by newlines: an empty
    line between two lines that would otherwise fold into one, long lines wrapped at single
    spaces to `width` when the original was wrapped."""
    out: list[str] = []
    previous: str | None = None
    for line in lines:
        if line == "":
            out.append("")
            continue
        if previous is not None and _normal(previous) and _normal(line):
            out.append("")
        out.extend(_wrap(line, width) if width and _normal(line) else [line])
        previous = line
    return out


def _normal(line: str) -> bool:
    return bool(line) and line[0] not in " \t"


def _wrap(line: str, width: int) -> list[str]:
    """`line` broken at single spaces between words into pieces of at most `width`."""
    words = re.split(r"(?<=[^ \t]) (?=[^ \t])", line)
    out = [words[0]]
    for word in words[1:]:
        if len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def _fold_width(block: _Block) -> int | None:
    """The original's wrapping width when its body folds lines into one, else None."""
    folds = [a for a, b in zip(block.lines, block.lines[1:]) if _normal(a) and _normal(b)]
    return max(len(line) for line in block.lines) if folds else None


def _body(lines: list[str], indent: int, trailing: int, nl: str) -> str:
    pad = " " * indent
    return "".join((pad + line if line else "") + nl for line in lines) + nl * trailing


def _rewrite_block(text: str, t: _Target, new: str, *, safe: bool) -> tuple[int, int, str]:
    """A literal or folded scalar with its body rewritten in its own style."""
    b = _block(text, t)
    start = t.start
    nl = _newline(text, start)
    if safe or not _block_ok(new):
        return start, b.body_end, double_quoted(new) + b.rest + nl
    chomp, lines, trailing = _chomped(new)
    if b.style == ">":
        lines = _folded_lines(lines, _fold_width(b))
    min_indent = max(t.parent_indent + 1, 1)
    indent = b.indent if b.indent is not None else _default_indent(text, t)
    digit = b.digit
    first = next((line for line in lines if line), "")
    if digit is None and first[:1] == " ":
        digit = indent - min_indent + 1
        if not 1 <= digit <= 9:
            return start, b.body_end, double_quoted(new) + b.rest + nl
    end = b.end if "+" in (chomp, b.chomp) else b.body_end
    head = _header(b.style, chomp, digit, b.digit_first or b.digit is None)
    return start, end, head + b.rest + nl + _body(lines, indent, trailing, nl)


def _default_indent(text: str, t: _Target) -> int:
    """Body indentation for a new block: two spaces past its key or dash, or past the
    scalar itself when it starts its own line."""
    line_start = text.rfind("\n", 0, t.start) + 1
    if not text[line_start:t.start].strip(" \ufeff"):
        return t.start - line_start + 2
    return max(t.parent_indent + 2, 1)


def _to_literal(text: str, t: _Target, new: str, lead: str) -> tuple[int, int, str]:
    """A plain or quoted scalar rewritten as a literal block for a many-line value; the
    rest of its line (a comment) stays on the header line."""
    start = t.start
    eol = _line_end(text, t.node.end_mark.index)
    nl = _newline(text, start)
    chomp, lines, trailing = _chomped(new)
    indent = _default_indent(text, t)
    first = next((line for line in lines if line), "")
    digit = None
    if first[:1] == " ":
        digit = indent - max(t.parent_indent + 1, 1) + 1
        if not 1 <= digit <= 9:
            return start, t.node.end_mark.index, lead + double_quoted(new)
    head = lead + _header("|", chomp, digit, True) + text[t.node.end_mark.index:eol]
    body = _body(lines, indent, trailing, nl)
    if eol == len(text):
        return start, eol, head + nl + body
    # The line break at `eol` stays and ends the last line written here.
    return start, eol, head + (nl + body[:-len(nl)] if body else "")
