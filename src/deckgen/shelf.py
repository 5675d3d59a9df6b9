"""Work kept in the cache folder by the hash of what it was made from: a picture's checked
size, a picture as the PDF embeds it, a picture file as the slides draw it, a font as the PDF
embeds it, a chart's SVG as PDF operators.

Each kind of entry has a shelf (a folder) of bounded size: when a new entry takes it over
its limit, the entries used longest ago go first. An entry carries the hash of its own bytes,
so one that a crash cut short or a disk damaged is ignored (and removed), never used: the
work is simply done again. A cache folder that cannot be written is skipped. A record
(:func:`put_record`) is plain fields in a JSON line, then the byte strings it names."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Container
from pathlib import Path
from typing import Any

MAGIC = b"deckgen-shelf-1\n"
_CHECK = 16  # bytes of sha256 kept to check an entry

LIMITS = {"sizes": 1 << 20, "pictures": 64 << 20, "prepared": 64 << 20, "fonts": 32 << 20,
          "drawings": 16 << 20, "native": 16 << 20, "templates": 96 << 20}
"""Bytes each shelf may hold: pictures' checked sizes, pictures as the PDF embeds them,
picture files as the slides draw them, fonts as the PDF embeds them, charts' SVG as PDF
operators, native charts' parts, templates' parts as repaired."""


def key_of(*parts: bytes | str) -> str:
    """A key for what an entry is made from: the hash of its parts, each length-prefixed so
    that no two lists of parts give the same bytes."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:40]


def _path(cache_dir: Path, kind: str, key: str) -> Path:
    if kind not in LIMITS or not key.isalnum():
        raise ValueError(f"no shelf {kind!r} or a bad key {key!r}")
    return cache_dir / kind / key


def get(cache_dir: Path | None, kind: str, key: str) -> bytes | None:
    """The entry's bytes, or None when there is none or it is damaged."""
    if cache_dir is None:
        return None
    path = _path(cache_dir, kind, key)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head, check = len(MAGIC), len(MAGIC) + _CHECK
    data = blob[check:]
    if blob[:head] != MAGIC or hashlib.sha256(data).digest()[:_CHECK] != blob[head:check]:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to go when the shelf is full
    return data


def put(cache_dir: Path | None, kind: str, key: str, data: bytes) -> None:
    """Keep an entry (written whole or not at all), then trim the shelf to its limit."""
    if cache_dir is None:
        return
    import tempfile  # only when keeping: a check reads the shelf (tempfile costs 3 ms)

    path = _path(cache_dir, kind, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + hashlib.sha256(data).digest()[:_CHECK] + data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        trim(path.parent, LIMITS[kind])
    except OSError:
        pass


def put_record(cache_dir: Path | None, kind: str, key: str, fields: dict[str, Any],
               blobs: dict[str, bytes]) -> None:
    """Keep plain fields (a JSON line naming the byte strings' sizes) and byte strings."""
    header = json.dumps({**fields, "sizes": {k: len(v) for k, v in blobs.items()}})
    put(cache_dir, kind, key, header.encode() + b"\n" + b"".join(blobs.values()))


def get_record(cache_dir: Path | None, kind: str, key: str,
               names: Container[str]) -> tuple[dict[str, Any], dict[str, bytes]] | None:
    """What :func:`put_record` kept: its fields and byte strings (only of these names);
    None when there is none or it is not such a record."""
    blob = get(cache_dir, kind, key)
    if blob is None:
        return None
    head, sep, rest = blob.partition(b"\n")
    try:
        fields = json.loads(head) if sep else None
    except ValueError:
        return None
    if not isinstance(fields, dict) or not isinstance(sizes := fields.pop("sizes", None), dict):
        return None
    blobs: dict[str, bytes] = {}
    at = 0
    for name, size in sizes.items():
        if name not in names or type(size) is not int or size < 0:
            return None
        blobs[name] = rest[at:at + size]
        at += size
    return (fields, blobs) if at == len(rest) else None


def trim(folder: Path, limit: int) -> None:
    """Remove the entries used longest ago until the folder holds at most `limit` bytes."""
    entries = []
    for entry in os.scandir(folder):
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            entries.append((st.st_mtime_ns, st.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    for _, size, name in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(name)
            total -= size
