"""Writing pulled edits into the outline files: scalar edits in place, then moves, added
and deleted slides and bullets (:mod:`deckgen.pull.restructure`), every file to a
temporary file first and then all renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..source import Key, display_name
from . import restructure
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
    written together: each file to a temporary file first, then all renamed, so a failure
    leaves every file as it was."""
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
    if dry_run:
        return texts_
    written: list[tuple[Path, str]] = []
    try:
        for file, (text, enc) in texts_.items():
            fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}-", suffix=".tmp")
            written.append((file, tmp))
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode(enc))
            os.chmod(tmp, file.stat().st_mode & 0o777 if file.exists() else 0o644)
    except OSError as exc:
        for _, tmp in written:
            Path(tmp).unlink(missing_ok=True)
        raise PullError(f"cannot write the outline: {exc.strerror or exc}; nothing was "
                        "changed") from None
    for file, tmp in written:
        os.replace(tmp, file)
    return texts_
