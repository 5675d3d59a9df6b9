"""Stage 1, load: outline YAML to plain data, with the file, line and column of every key."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import OutlineError, Problem
from .frozen import frozen
from .primitives import Key

# Limits, each per file: a talk may include any number of chapter files. Honest YAML runs
# about 60 bytes a value, so a 2 MB file holds ~2,700 slides before MAX_VALUES matters; the
# byte limit is the one check made before a file is read, and keeps compact flow YAML
# ("[a, a, …]", 3 bytes a value) to a few seconds and a few hundred MB of libyaml composing.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_STRING_CHARS = 20_000
MAX_VALUES = 50_000  # keys and values written in one file (an alias counts once)
MAX_ALIAS_VALUES = 50_000  # values that aliases (*name) add to one file when expanded
MAX_DEPTH = 60


# Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF.
# They reach a value only through escapes ("\x01", "\uFFFE"), since YAML itself refuses them raw,
# so an outline that holds one is refused with its code point rather than silently changed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
}


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    column: int


def key_path(path: Key) -> str:
    """`('chapters', 1, 'slides', 0)` as `chapters[1].slides[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def value_at(data: Any, key: Key, missing: Any = None) -> Any:
    """The loaded outline's plain data at a key; `missing` where there is none (a key is
    never a character of a text, nor counted from a list's end)."""
    for part in key:
        if isinstance(data, str) or (isinstance(part, int) and part < 0):
            return missing
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return missing
    return data


@dataclass
class SourceMap:
    """Where each key and value of the outline came from."""

    keys: dict[Key, Pos] = field(default_factory=dict)
    values: dict[Key, Pos] = field(default_factory=dict)
    dirs: dict[Key, Path] = field(default_factory=dict)

    def locate(self, path: Key, *, key: bool = False) -> Pos:
        """The key's position (or the value's), else the nearest enclosing one."""
        table = (self.keys, self.values) if key else (self.values, self.keys)
        p = tuple(path)
        while True:
            for t in table:
                if p in t:
                    return t[p]
            if not p:
                return Pos("<outline>", 1, 1)
            p = p[:-1]

    def base_dir(self, path: Key) -> Path:
        """The folder relative paths at `path` are resolved against (its file's folder)."""
        p = tuple(path)
        while p and p not in self.dirs:
            p = p[:-1]
        return self.dirs[p]

    def problem(self, path: Key, message: str, *, key: bool = False) -> Problem:
        """A Problem at `path`, pointing at its key or its value."""
        pos = self.locate(path, key=key)
        return Problem(pos.file, pos.line, pos.column, key_path(path), message)


@frozen
class Source:
    """A loaded outline: plain data, positions, every file read, and warnings."""

    path: Path
    data: Any
    positions: SourceMap
    files: tuple[Path, ...]
    warnings: tuple[str, ...] = ()


def display_name(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def read_as_gbk(raw: bytes) -> str | None:
    """The bytes as text when they read as Chinese in GBK/GB18030 (what Chinese Windows
    saves by default), else None; binary junk decodes to control characters and is refused."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if NOT_XML.search(text) or not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return None
    return text


def _decode(raw: bytes, name: str) -> tuple[str, str | None]:
    """Text of the file, and a warning when it was not UTF-8."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(enc), None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad = exc.start
    text = read_as_gbk(raw)
    if text is not None:
        return text, (f"{name} is not UTF-8; it was read as GBK/GB18030. "
                      "Save it as UTF-8 so every tool reads it the same way.")
    line = raw.count(b"\n", 0, bad) + 1
    col = bad - (raw.rfind(b"\n", 0, bad) + 1) + 1
    raise OutlineError([Problem(name, line, col, "",
                                "the file is not UTF-8 text (byte "
                                f"0x{raw[bad]:02x}); save it as UTF-8")])


def char_name(ch: str) -> str:
    """A character as U+XXXX, with its common name when it has one."""
    names = {"\x00": "NUL", "\x08": "backspace", "\x0b": "vertical tab", "\x0c": "form feed",
             "\x1b": "escape", "\ufffe": "a non-character", "\uffff": "a non-character"}
    code = f"U+{ord(ch):04X}"
    if "\ud800" <= ch <= "\udfff":
        return f"{code} (half of a surrogate pair)"
    name = names.get(ch, "a control character" if ord(ch) < 0x20 else "")
    return f"{code} ({name})" if name else code


def xml_problem(text: str, subject: str = "the text") -> str | None:
    """Why `text` cannot go into a PowerPoint file, or None."""
    bad = NOT_XML.search(text)
    if bad is None:
        return None
    hint = " (for a line break write \\n)" if bad.group() in "\x0b\x0c" else ""
    return (f"{subject} holds {char_name(bad.group())}, which a PowerPoint file cannot store; "
            f"remove it{hint}")


def _reader_error(exc: yaml.reader.ReaderError, text: str, name: str) -> Problem:
    """A Problem for a character YAML refuses to read, at its line and column."""
    at = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    ch = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(name, line, col, "", f"the file holds {char_name(ch)}, which YAML does not "
                   "allow in a text file; remove it")


class _Builder:
    """Turns a composed YAML node tree into plain data, recording positions."""

    def __init__(self, loader: Any, name: str, folder: Path, smap: SourceMap):
        self.loader = loader
        self.name = name
        self.folder = folder
        self.smap = smap
        self.problems: list[Problem] = []

    def pos(self, node: yaml.Node) -> Pos:
        return Pos(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Key, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise OutlineError([Problem(self.name, *self._lc(node), key_path(path),
                                        f"nested more than {MAX_DEPTH} levels deep")])
        self.smap.values[path] = self.pos(node)
        if depth == 0:  # a file's root: base_dir finds it from every key inside
            self.smap.dirs.setdefault(path, self.folder)
        if node.tag not in _SAFE_TAGS:
            self.problems.append(Problem(self.name, *self._lc(node), key_path(path),
                                         f"the tag {node.tag!r} is not allowed; an outline "
                                         "holds plain text, numbers, lists and mappings"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, KeyError, AttributeError,
                TypeError) as exc:  # the constructors fail in many ways on a forced tag
            kind = str(node.tag).rsplit(":", 1)[-1]
            why = f" ({exc})" if isinstance(exc, (ValueError, OverflowError)) else ""
            implicit = self.loader.resolve(yaml.ScalarNode, str(node.value), (True, False))
            fix = ("put it in quotes to keep it as text" if implicit == node.tag
                   else f"remove the !!{kind} tag")
            self.problems.append(Problem(self.name, *self._lc(node), key_path(path),
                                         f"'{str(node.value)[:40]}' is not a valid {kind}{why}; "
                                         f"{fix}"))
            return None
        if isinstance(value, str) and (bad := xml_problem(value)):
            self.problems.append(Problem(self.name, *self._lc(node), key_path(path), bad))
            return NOT_XML.sub("", value)
        if isinstance(value, str) and len(value) > MAX_STRING_CHARS:
            self.problems.append(Problem(self.name, *self._lc(node), key_path(path),
                                         f"text of {len(value):,} characters; at most "
                                         f"{MAX_STRING_CHARS:,} fit in one value"))
            return value[:MAX_STRING_CHARS]
        return value

    def _merged(self, node: yaml.MappingNode, depth: int) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        """Pairs brought in by `<<: *anchor` merge keys, nearest first."""
        for key_node, value_node in node.value:
            if key_node.tag != "tag:yaml.org,2002:merge":
                continue
            merged = (value_node.value if isinstance(value_node, yaml.SequenceNode)
                      else [value_node])
            for m in merged:
                if isinstance(m, yaml.MappingNode) and depth < MAX_DEPTH:
                    yield from ((k, v) for k, v in m.value
                                if k.tag != "tag:yaml.org,2002:merge")
                    yield from self._merged(m, depth + 1)

    def _mapping(self, node: yaml.MappingNode, path: Key, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        explicit = [(k, v, True) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
        merged = [(k, v, False) for k, v in self._merged(node, depth)]
        for key_node, value_node, is_explicit in explicit + merged:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.name, *self._lc(key_node), key_path(path),
                                             "a key must be plain text"))
                continue
            key = str(key_node.value)
            why = xml_problem(key, "this key")
            if why:
                self.problems.append(Problem(self.name, *self._lc(key_node), key_path(path), why))
                continue
            if key in seen:
                if is_explicit:
                    first = seen[key]
                    self.problems.append(Problem(
                        self.name, *self._lc(key_node), key_path((*path, key)),
                        f"duplicate key '{key}' (first defined at line "
                        f"{first.start_mark.line + 1}); YAML would silently keep only "
                        "the last one, so remove or rename one of them"))
                continue  # merged keys never override the mapping's own
            seen[key] = key_node
            here = (*path, key)
            self.smap.keys[here] = self.pos(key_node)
            out[key] = self.build(value_node, here, depth + 1)
        return out

    @staticmethod
    def _lc(node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1


def _alias_problem(root: yaml.Node, name: str) -> Problem | None:
    """A Problem when aliases repeat more than MAX_ALIAS_VALUES values in this file, or refer
    to the value that contains them; found without expanding anything.

    A node is walked once, where its anchor stands (document order, which YAML guarantees
    comes first); every later occurrence is an alias and adds the node's whole expanded size.
    So a "billion laughs" outline is answered at once, and honest values never count."""
    sizes: dict[int, int] = {}  # values a node stands for, expanded
    added: dict[int, int] = {}  # values aliases add inside it
    parts: dict[int, list[tuple[str | int, yaml.Node, yaml.Node, int, bool]]] = {}  # pointable
    busy: set[int] = set()

    def children(node: yaml.Node) -> list[tuple[str | int | None, yaml.Node, yaml.Node]]:
        """(key path part or None, node to point at, child), keys and values in order."""
        if isinstance(node, yaml.MappingNode):
            return [item for k, v in node.value for item in (
                (None, k, k), (str(k.value) if isinstance(k, yaml.ScalarNode) else None, k, v))]
        if isinstance(node, yaml.SequenceNode):
            return [(i, v, v) for i, v in enumerate(node.value)]
        return []

    def walk(node: yaml.Node, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise _Circular(node, False)
        busy.add(id(node))
        size, extra, mine = 1, 0, []
        for key, at, child in children(node):
            if id(child) in busy:
                raise _Circular(child, True)
            alias = id(child) in sizes
            if not alias:
                walk(child, depth + 1)
            size += sizes[id(child)]
            adds = sizes[id(child)] if alias else added[id(child)]
            extra += adds
            if key is not None:
                mine.append((key, at, child, adds, alias))
        busy.discard(id(node))
        sizes[id(node)], added[id(node)], parts[id(node)] = size, extra, mine

    try:
        walk(root, 0)
    except _Circular as exc:
        line, col = exc.node.start_mark.line + 1, exc.node.start_mark.column + 1
        return Problem(name, line, col, "", "an alias refers to the value that contains it, "
                       "which would never end" if exc.circular
                       else f"nested more than {MAX_DEPTH} levels deep")
    if added[id(root)] <= MAX_ALIAS_VALUES:
        return None
    # Walk down to the first value whose aliases alone add too much: the place to point at.
    path: list[str | int] = []
    node, mark, adds = root, root.start_mark, added[id(root)]
    while True:
        big = next((part for part in parts[id(node)] if part[3] > MAX_ALIAS_VALUES), None)
        if big is None:
            break
        key, at, node, adds, alias = big
        path.append(key)
        if alias:  # an alias item in a list: its node's mark is where the anchor stands
            mark = mark if isinstance(key, int) else at.start_mark
            break
        mark = at.start_mark
    return Problem(name, mark.line + 1, mark.column + 1, key_path(tuple(path)),
                   f"aliases (*name) repeat {adds:,} values here; aliases may add at most "
                   f"{MAX_ALIAS_VALUES:,} values to one file")


class _Circular(Exception):
    """A node met again while it is being sized (a circular alias), or nested too deep."""

    def __init__(self, node: yaml.Node, circular: bool) -> None:
        super().__init__()
        self.node = node
        self.circular = circular


class _Loader(yaml.SafeLoader):
    """SafeLoader that stops after MAX_VALUES nodes, so a huge flat file is refused in seconds
    instead of being composed in full first."""

    nodes = 0
    file_name = ""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.nodes += 1
        if self.nodes > MAX_VALUES:
            mark = self.peek_event().start_mark
            raise OutlineError([Problem(self.file_name, mark.line + 1, mark.column + 1, "",
                                        f"the file holds more than {MAX_VALUES:,} values (keys, "
                                        "texts, numbers), the most one file may hold; move "
                                        "chapters into files of their own with `include:`")])
        return super().compose_node(parent, index)


_CLoader: Any = getattr(yaml, "CSafeLoader", None)
C_DEPTH_LIMIT = 1000  # libyaml's composer recurses in C: far deeper text would crash it


def _compose_events(node: yaml.Node) -> int:
    """How many nodes the pure loader composes for this tree (aliases count once each)."""
    count, seen, stack = 1, set(), [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.SequenceNode):
            count += len(n.value)
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            count += 2 * len(n.value)
            stack.extend(x for pair in n.value for x in pair)
    return count


def _compose_fast(text: str) -> tuple[Any, yaml.Node | None] | None:
    """The node tree composed by libyaml (ten times faster), or None when the pure loader
    must compose it: no libyaml, characters its reader refuses, text nested deep enough
    to exhaust the C stack, any error or a tree over MAX_VALUES (the pure loader gives
    the located message)."""
    if _CLoader is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    longest = max(map(len, text.splitlines()), default=0)
    if text.count("[") + text.count("{") + longest > C_DEPTH_LIMIT:
        return None
    loader = _CLoader(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    if node is not None and _compose_events(node) > MAX_VALUES:
        return None
    return loader, node


def _compose(path: Path, name: str, overlay: Mapping[Path, bytes] | None = None
             ) -> tuple[Any, yaml.Node | None, str | None]:
    given = overlay.get(Path(os.path.abspath(path))) if overlay else None
    try:
        size = path.stat().st_size if given is None else len(given)
        if size > MAX_FILE_BYTES:
            raise OutlineError([Problem(name, 1, 1, "", f"the file is {size:,} bytes; a file of "
                                        f"the outline may be at most {MAX_FILE_BYTES:,} bytes "
                                        "(2 MB): move chapters into files of their own with "
                                        "`include:`")])
        raw = path.read_bytes() if given is None else given
    except OSError as exc:
        raise OutlineError([Problem(name, 1, 1, "", f"cannot read the file: "
                                    f"{exc.strerror or exc}")]) from None
    text, warning = _decode(raw, name)
    fast = _compose_fast(text)
    if fast is not None:
        return (*fast, warning)
    try:
        loader = _Loader(text)  # its reader refuses unprintable characters up front
        loader.file_name = name
    except yaml.reader.ReaderError as exc:
        raise OutlineError([_reader_error(exc, text, name)]) from None
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise OutlineError([_reader_error(exc, text, name)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        hint = ""
        if "'\\t'" in what or "tab" in what.lower():
            hint = "; use spaces, not tabs"
        elif "mapping values are not allowed" in what:
            hint = "; put quotes around text that contains ': '"
        problem = Problem(name, line, col, "", f"YAML syntax error: {what}{hint}")
        raise OutlineError([problem]) from None
    except yaml.YAMLError as exc:
        raise OutlineError([Problem(name, 1, 1, "", f"YAML syntax error: {exc}")]) from None
    except RecursionError:
        raise OutlineError([Problem(name, 1, 1, "", "nested too deeply to read; an outline may "
                                    f"nest at most {MAX_DEPTH} levels")]) from None
    finally:
        loader.dispose()
    return loader, node, warning


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` (symlinks resolved) lies inside `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def outside_problem(raw: str, path: Path, folder: Path) -> str | None:
    """Why `path` (named `raw` in the outline) may not be used without --allow-outside, or
    None when it lies inside `folder` once links are followed."""
    if inside(path, folder):
        return None
    try:
        Path(os.path.normpath(path.absolute())).relative_to(folder.absolute())
    except ValueError:
        return f"'{raw}' lies outside the outline's folder; move it inside or pass --allow-outside"
    return (f"'{raw}' leads outside the outline's folder through a symbolic link (to "
            f"{path.resolve()}); copy the file inside or pass --allow-outside")


def load(path: str | os.PathLike[str], *, allow_outside: bool = False,
         overlay: Mapping[Path, bytes] | None = None) -> Source:
    """Read an outline and its included chapter files into plain data with positions;
    `overlay`: the bytes of some of those files (by absolute path) instead of the disk's,
    to check what a pull would write before writing it."""
    outline = Path(path)
    name = display_name(outline)
    if not outline.is_file():
        what = "is a folder, not an outline file" if outline.is_dir() else "does not exist"
        raise OutlineError([Problem(name, 1, 1, "", f"the outline file {what}")])
    smap = SourceMap()
    root = outline.parent.absolute()
    loader, node, warning = _compose(outline, name, overlay)
    warnings = [warning] if warning else []
    if node is None:
        raise OutlineError([Problem(name, 1, 1, "", "the outline is empty; it needs `deck:` "
                                    "and `chapters:` (run `deckgen init` for a starter)")])
    too_big = _alias_problem(node, name)
    if too_big:
        raise OutlineError([too_big])
    b = _Builder(loader, name, root, smap)
    data = b.build(node, ())
    problems = list(b.problems)
    files = [outline]
    chapters = data.get("chapters") if isinstance(data, dict) else None
    if isinstance(chapters, list):
        for i, entry in enumerate(chapters):
            if not (isinstance(entry, dict) and "include" in entry):
                continue
            where: Key = ("chapters", i, "include")
            extra = sorted(set(entry) - {"include"})
            if extra:
                problems.append(smap.problem(("chapters", i, extra[0]), "a chapter with "
                                             "`include:` takes no other keys; put them in the "
                                             "included file", key=True))
            inc = entry["include"]
            if not isinstance(inc, str) or not inc.strip():
                problems.append(smap.problem(where, "expected the path of a chapter file"))
                continue
            target = root / inc
            outside = None if allow_outside else outside_problem(inc, target, root)
            if outside:
                problems.append(smap.problem(where, outside))
                continue
            if not target.is_file():
                problems.append(smap.problem(where, f"file not found: '{inc}' (paths are "
                                             "relative to the outline's folder)"))
                continue
            iname = display_name(target)
            try:
                iloader, inode, iwarn = _compose(target, iname, overlay)
            except OutlineError as exc:
                problems.extend(exc.problems)
                continue
            if iwarn:
                warnings.append(iwarn)
            files.append(target)
            if inode is None:
                problems.append(Problem(iname, 1, 1, "", "the chapter file is empty"))
                continue
            too_big = _alias_problem(inode, iname)
            if too_big:
                problems.append(too_big)
                continue
            ib = _Builder(iloader, iname, target.parent.absolute(), smap)
            smap.dirs[("chapters", i)] = target.parent.absolute()
            chapters[i] = ib.build(inode, ("chapters", i))
            problems.extend(ib.problems)
            if isinstance(chapters[i], dict) and "include" in chapters[i]:
                problems.append(smap.problem(("chapters", i, "include"),
                                             "an included chapter cannot include another file",
                                             key=True))
    if problems:
        raise OutlineError(problems)
    return Source(outline, data, smap, tuple(files), tuple(warnings))
