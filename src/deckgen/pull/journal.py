"""Writing several files all or nothing: a pull lands in every outline (and CSV) file or in
none, even when the process dies between two renames.

Before the first rename, each new text is in a temporary file beside its target, each old
text in a backup in the cache folder, and a journal there lists them (written atomically,
synced). The renames follow; then the journal and backups go. Should the process die in
between, the next run of pull, build, check, watch or serve finds the journal: when every
new text is still at hand it finishes the pull, else it puts every file back, and says so.
A file changed by hand since is left alone and named."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..frozen import frozen
from ..paths import outline_cache
from ..source import display_name, inside

BACKUPS = "pull-backup"


class WriteFailed(Exception):
    """The files could not be written; every file is as it was. The message says why."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def journal_path(outline: Path) -> Path:
    """The journal of an outline's pull, in its cache folder (named by the outline's path,
    so outlines sharing $DECKGEN_CACHE_DIR do not share a journal)."""
    tag = hashlib.sha256(str(Path(os.path.abspath(outline))).encode("utf-8")).hexdigest()[:12]
    return outline_cache(outline) / f"pull-journal-{tag}.json"


@frozen
class _Entry:
    """One file a pull replaces: where it goes, its staged copy and backup, and hashes."""

    target: Path
    temp: Path
    backup: Path
    old: str  # SHA-256 of the target before ("" when it did not exist)
    new: str  # SHA-256 of its new bytes


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can sync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_all(outline: Path, files: Mapping[Path, bytes]) -> None:
    """Write every file or none (see the module docstring); WriteFailed when nothing could
    be written or everything was put back."""
    journal = journal_path(outline)
    backups = journal.parent / BACKUPS
    entries: list[_Entry] = []
    try:
        backups.mkdir(parents=True, exist_ok=True)
        for i, (target, data) in enumerate(files.items()):
            tmp = _staged(target)
            entries.append(_Entry(target, tmp, backups / f"{i}-{target.name}", "",
                                  _sha(data)))
            _fsync_write(tmp, data)
            old = _read(target)
            os.chmod(tmp, 0o644)
            if old is not None:
                os.chmod(tmp, target.stat().st_mode & 0o777)
                _fsync_write(entries[-1].backup, old)
                entries[-1] = _Entry(target, tmp, entries[-1].backup, _sha(old),
                                     _sha(data))
        _write_journal(journal, outline, entries)
    except OSError as exc:
        _clean(journal, entries)
        raise WriteFailed(f"{exc.strerror or exc}; nothing was changed") from None
    done: list[_Entry] = []
    try:
        for e in entries:
            os.replace(e.temp, e.target)
            done.append(e)
        for folder in {e.target.parent for e in entries}:
            _sync_folder(folder)
    except OSError as exc:
        _roll_back(done)
        _clean(journal, entries)
        raise WriteFailed(
            f"{exc.strerror or exc}; every file was put back as it was") from None
    _clean(journal, entries)


def _write_journal(journal: Path, outline: Path, entries: list[_Entry]) -> None:
    body = {"outline": os.path.abspath(outline), "files": [
        {"target": str(e.target.absolute()), "temp": str(e.temp.absolute()),
         "backup": os.path.abspath(e.backup), "old": e.old, "new": e.new} for e in entries]}
    tmp = journal.with_name(f".{journal.name}-{os.getpid()}.tmp")
    _fsync_write(tmp, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
    os.replace(tmp, journal)
    _sync_folder(journal.parent)


def _roll_back(entries: list[_Entry]) -> list[Path]:
    """Put each target that holds its new text back as it was (from its backup, or gone
    when the pull created it); the targets left alone because they changed since."""
    left = []
    for e in entries:
        now = _read(e.target)
        current = _sha(now) if now is not None else ""
        if current == e.old:
            continue  # as it was
        if current == e.new:
            if not e.old:
                e.target.unlink()
                continue
            if (backup := _old(e)) is not None:
                _restore(e.target, backup)
                continue
        left.append(e.target)
    return left


def _old(e: _Entry) -> bytes | None:
    data = _read(e.backup) if e.old else None
    return data if data is not None and _sha(data) == e.old else None


def _staged(target: Path) -> Path:
    """A new empty file beside the target, for its new text."""
    import tempfile  # only when writing: a check or build without a journal needs none

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-pull-",
                               suffix=".tmp")
    os.close(fd)
    return Path(tmp)


def _restore(target: Path, data: bytes) -> None:
    tmp = _staged(target)
    _fsync_write(tmp, data)
    os.replace(tmp, target)


def _clean(journal: Path, entries: list[_Entry]) -> None:
    for e in entries:
        for p in (e.temp, e.backup):
            with contextlib.suppress(OSError):
                p.unlink()
    with contextlib.suppress(OSError):
        journal.unlink()
    with contextlib.suppress(OSError):  # only when empty: another pull's may be in use
        (journal.parent / BACKUPS).rmdir()


# -------------------------------------------------------------------- recovering


def _entries(body: Any, outline: Path, journal: Path) -> list[_Entry] | None:
    """The journal's entries, when every one names files this outline's pull may touch: a
    target inside the outline's folder, its temporary file beside it, its backup in the
    cache folder. None for a journal that is damaged or names anything else."""
    if not isinstance(body, dict) or body.get("outline") != os.path.abspath(outline):
        return None
    files = body.get("files")
    if not isinstance(files, list):
        return None
    out = []
    for f in files:
        if not (isinstance(f, dict) and all(isinstance(f.get(k), str) for k in
                                            ("target", "temp", "backup", "old", "new"))):
            return None
        e = _Entry(Path(f["target"]), Path(f["temp"]), Path(f["backup"]), f["old"], f["new"])
        if not (inside(e.target, outline.parent) and e.temp.parent == e.target.parent
                and e.temp.name.startswith(f".{e.target.name}-pull-")
                and e.backup.parent == Path(os.path.abspath(journal.parent / BACKUPS))):
            return None
        out.append(e)
    return out


def recover(outline: Path) -> str | None:
    """Finish or roll back a pull into this outline that a crash interrupted; what was
    done, in one line (None when there was nothing to do)."""
    journal = journal_path(outline)
    try:
        body = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return (f"warning: the journal of an interrupted pull ({journal}) cannot be read "
                f"({exc}); check {display_name(outline)} and its chapters by hand")
    entries = _entries(body, outline, journal)
    if entries is None:
        return (f"warning: the journal of an interrupted pull ({journal}) names files outside "
                f"{display_name(outline.parent.absolute())} or is damaged; it was left alone")
    states = []
    for e in entries:
        target, temp = _read(e.target), _read(e.temp)
        states.append((_sha(target) if target is not None else "", temp is not None
                       and _sha(temp) == e.new))
    names = ", ".join(display_name(e.target) for e in entries)
    if all(now == e.new or (now == e.old and temp_ok)
           for e, (now, temp_ok) in zip(entries, states)):
        for e, (now, _) in zip(entries, states):
            if now != e.new:
                os.replace(e.temp, e.target)
        _clean(journal, entries)
        return f"finished a pull that was interrupted: wrote {names}"
    left = _roll_back(entries)
    _clean(journal, entries)
    note = f"rolled back a pull that was interrupted: {names} put back as they were"
    if left:
        note += (f"; {', '.join(display_name(p) for p in left)} changed since and was left "
                 "alone")
    return note
