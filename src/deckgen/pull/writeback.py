"""Writing pulled edits into the outline files: scalar edits in place, hand-added slides
inserted where they stood, every file to a temporary file first and then all renamed."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..source import Key, display_name, key_path
from . import journal
from .merge import Merge, PullError, _Outline

# -------------------------------------------------------------------- writing


def _read_text(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8", "gb18030"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise PullError(f"cannot read {display_name(path)} as UTF-8 or GB18030")


def _insert_slide(text: str, slides: Key, after: int | None, block: str) -> str:
    """The file's text with a slide's YAML inserted into a chapter's slides (the list at
    `slides`), after item `after` or first, indented like its neighbours."""
    import yaml

    node = yaml.compose(text)
    for part in slides:
        node = _child(node, part)
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise PullError("the chapter's slides are not a block list; paste the slide by hand")
    first = node.value[0]
    indent = first.start_mark.column - 2  # the column of its "- "
    if after is None:
        at = text.rfind("\n", 0, first.start_mark.index) + 1
    else:
        end = node.value[after].end_mark.index
        line_start = text.rfind("\n", 0, end) + 1
        if text[line_start:end].strip():  # the item ends inside a line: after that line
            nl = text.find("\n", end)
            at = len(text) if nl == -1 else nl + 1
        else:
            at = line_start
        if at == len(text) and not text.endswith("\n"):
            text += "\n"
            at = len(text)
    return text[:at] + _indent(block, indent) + text[at:]


def _child(node: Any, part: str | int) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == part:
                return v
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return node.value[part]
    raise PullError(f"cannot find {part!r} in the outline")


def _indent(block: str, n: int) -> str:
    pad = " " * max(n, 0)
    return "".join(pad + line if line.strip() else line for line in block.splitlines(True))


def apply(merges: Sequence[tuple[dict[Path, dict[Key, Any]], list[tuple[Any, str]], Merge]],
          *, dry_run: bool) -> dict[Path, tuple[str, str]]:
    """Every file's new text (all edits of all decks), checked (only the outline's own
    files; texts `deckgen check` accepts) and then written all or nothing (journal.py)."""
    from .edits import EditError, apply_edits

    texts_: dict[Path, tuple[str, str]] = {}
    for pending, adds, merge in merges:
        for file, edits in pending.items():
            old, enc = texts_.get(file) or _read_text(file)
            try:
                new = apply_edits(old, edits)
            except EditError as exc:
                raise PullError(f"{display_name(file)}: {exc}; nothing was written") from None
            texts_[file] = (new, enc)
        for previous, block in reversed(adds):
            _add(texts_, merge, previous, block)
    outlines = list(dict.fromkeys(m.outline for _, _, m in merges))
    if len(outlines) > 1:
        raise PullError("the decks were pulled into different outlines; pull them one outline "
                        "at a time")
    if outlines:
        _check(outlines[0], texts_, [m for _, _, m in merges])
    if dry_run or not texts_:
        return texts_
    try:
        journal.write_all(outlines[0], {f: t.encode(enc) for f, (t, enc) in texts_.items()})
    except journal.WriteFailed as exc:
        raise PullError(f"cannot write the outline: {exc}") from None
    return texts_


def _check(outline: Path, texts_: dict[Path, tuple[str, str]], merges: list[Merge]) -> None:
    """Refuse, in one line, what a pull must not write: a file that is not the outline's
    own, or texts that `deckgen check` would refuse (validated in memory first)."""
    from ..errors import OutlineError
    from ..source import load
    from ..validate import validate
    from .confine import check_targets

    try:
        # read as build --allow-outside would: what may be written is confined below
        source = load(outline, allow_outside=True)
        before = {(p.key, p.message) for p in _problems(
            lambda: validate(source, allow_outside=True))}
    except OutlineError as exc:
        raise PullError(f"{display_name(outline)} does not pass `deckgen check` "
                        f"({exc.problems[0]}); fix it, then pull again") from None
    check_targets(source, texts_, _data_files(source))
    overlay = {Path(os.path.abspath(f)): t.encode(enc) for f, (t, enc) in texts_.items()}
    after = _problems(lambda: validate(load(outline, allow_outside=True, overlay=overlay),
                                       allow_outside=True))
    new = [p for p in after if (p.key, p.message) not in before]
    if not new:
        return
    p = new[0]
    edit = next((e for m in merges for e in m.edits if key_path(e.outline_key) == p.key), None)
    where = f"slide {edit.slide}, {edit.what}" if edit else f"{p.file}:{p.line}:{p.column}"
    raise PullError(f"{where}: {p.message}; the outline would not pass `deckgen check`, so "
                    "nothing was written")


def _problems(run: Any) -> list[Any]:
    from ..errors import OutlineError

    try:
        run()
    except OutlineError as exc:
        return list(exc.problems)
    return []


def _data_files(source: Any) -> list[Path]:
    """The CSV files the outline names (a pull may rewrite their cells)."""
    from ..validate import asset_refs

    out = []
    for key, kind, raw in asset_refs(source.data):
        if kind == "csv":
            path = Path(raw).expanduser()
            out.append(path if path.is_absolute() else source.positions.base_dir(key) / path)
    return out


def _add(texts_: dict[Path, tuple[str, str]], merge: Merge, previous: Any, block: str) -> None:
    """Insert a hand-added slide where it stood in the deck: after the slide before it, or
    first in the chapter whose divider it follows."""
    o = _Outline(merge.outline)
    chapters = o.value(("chapters",))
    last = len(chapters) - 1 if isinstance(chapters, list) else 0
    kind = None if previous is None else previous.kind
    if previous is None or kind in ("title", "agenda"):
        ref: Key = ("chapters", 0, "slides", 0)
        after = None
    elif kind == "section":
        ref, after = (*previous.key, "slides", 0), None
    elif kind in ("sources", "closing"):
        slides = o.value(("chapters", last, "slides"))
        ref = ("chapters", last, "slides", len(slides) - 1 if isinstance(slides, list) else 0)
        after = ref[-1]
    else:
        ref, after = previous.key, previous.key[-1]
    file, local, _, _ = o.where(ref)
    text, enc = texts_.get(file) or _read_text(file)
    texts_[file] = (_insert_slide(text, local[:-1], after if isinstance(after, int) else None,
                                  block), enc)
    merge.added.append((file, 0, block))


