"""Stage 6, write: a deterministic package, written to a temporary file and renamed."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

from .errors import BuildError

DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z: fixed, so identical outlines give identical files


def build_time() -> dt.datetime:
    """The time recorded in the deck: $SOURCE_DATE_EPOCH when set, else a fixed date."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        epoch = int(raw) if raw else DEFAULT_EPOCH
    except ValueError:
        epoch = DEFAULT_EPOCH
    epoch = max(epoch, 315532800)  # zip cannot store times before 1980
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc)


def normalise_zip(data: bytes) -> bytes:
    """The same package with fixed entry times and attributes, [Content_Types].xml first."""
    when = build_time().timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        order = sorted(names, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels"))
        for name in order:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zout.writestr(info, zin.read(name), compresslevel=6)
    return out.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, so
    a failure (or Ctrl-C) never leaves a half-written file or loses the previous one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create the folder {path.parent}: {exc.strerror or exc}") \
            from None
    if path.is_dir():
        raise BuildError(f"{path} is a folder; give a file name ending in .pptx")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except PermissionError:
        raise BuildError(f"cannot write {path}: permission denied. Is the file open in "
                         "PowerPoint or WPS, or the folder read-only? Close it, or choose "
                         "another file with -o.") from None
    except OSError as exc:
        raise BuildError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
