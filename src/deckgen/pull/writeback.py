"""Writing pulled edits into the outline files: scalar edits in place, then moves, added
and deleted slides and bullets (:mod:`deckgen.pull.restructure`), every file to a
temporary file first and then all renamed."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..source import Key, display_name, key_path
from . import journal, restructure
from .merge import Merge, PullError, Unmapped
from .ops import Plan

# -------------------------------------------------------------------- writing


def _read_text(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8", "gb18030"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise PullError(f"cannot read {display_name(path)} as UTF-8 or GB18030")


def apply(merges: Sequence[tuple[dict[Path, dict[Key, Any]], Plan, Merge]],
          *, dry_run: bool) -> dict[Path, tuple[str, str]]:
    """Every file's new text (all edits of all decks, then their structural changes),
    checked (only the outline's own files; texts `deckgen check` accepts) and then
    written all or nothing (journal.py)."""
    from .edits import EditError, apply_edits

    texts_: dict[Path, tuple[str, str]] = {}
    for pending, _, _ in merges:
        for file, edits in pending.items():
            old, enc = texts_.get(file) or _read_text(file)
            try:
                new = apply_edits(old, edits)
            except EditError as exc:
                raise PullError(f"{display_name(file)}: {exc}; nothing was written") from None
            texts_[file] = (new, enc)
    # moves, added and deleted slides and bullets: keyed by the outline as it was, so after
    # every deck's edits (which do not move anything)
    done = restructure.apply(texts_, [plan for _, plan, _ in merges], _read_text)
    where = restructure.remap(texts_, _read_text)  # edits' lines, after the moves
    for (_, _, merge), (reshaped, failed) in zip(merges, done):
        merge.reshaped += reshaped
        merge.unmapped += [Unmapped(n, message, kind=kind) for n, message, kind in failed]
        merge.edits[:] = [replace(e, line=where(e.file, e.line)) for e in merge.edits]
        merge.conflicts[:] = [replace(c, line=where(c.file, c.line)) for c in merge.conflicts]
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
    overlay = {Path(os.path.abspath(f)): t.encode(enc) for f, (t, enc) in texts_.items()}
    try:
        changed = load(outline, allow_outside=True, overlay=overlay)
    except OutlineError as exc:
        changed, after = None, list(exc.problems)
    # a picture a pull saves for a slide added by hand is a new file the new outline names
    created = {f for f in overlay if not f.exists()}
    named = _data_files(source)
    if changed is not None:
        named += [f for f in _data_files(changed, "image") if Path(os.path.abspath(f)) in created]
    check_targets(source, texts_, named)
    if changed is not None:
        after = _problems(lambda: validate(changed, allow_outside=True, pending=created))
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


def _data_files(source: Any, which: str = "csv") -> list[Path]:
    """The files of a kind the outline names: CSV files (a pull may rewrite their cells),
    images (a pull may save one for a slide added by hand)."""
    from ..validate import asset_refs

    out = []
    for key, kind, raw in asset_refs(source.data):
        if kind == which:
            path = Path(raw).expanduser()
            out.append(path if path.is_absolute() else source.positions.base_dir(key) / path)
    return out
