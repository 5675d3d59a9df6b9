"""Writing pulled edits into the outline files: scalar edits in place, hand-added slides
inserted where they stood, every file to a temporary file first and then all renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..source import Key, display_name
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
    """Every file's new text (all edits of all decks), written together: each file to a
    temporary file first, then all renamed, so a failure leaves every file as it was."""
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
    if dry_run:
        return texts_
    written: list[tuple[Path, str]] = []
    try:
        for file, (text, enc) in texts_.items():
            fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}-", suffix=".tmp")
            written.append((file, tmp))
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode(enc))
            os.chmod(tmp, file.stat().st_mode & 0o777)
    except OSError as exc:
        for _, tmp in written:
            Path(tmp).unlink(missing_ok=True)
        raise PullError(f"cannot write the outline: {exc.strerror or exc}; nothing was "
                        "changed") from None
    for file, tmp in written:
        os.replace(tmp, file)
    return texts_


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


