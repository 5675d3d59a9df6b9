"""Stage 6, write: a deterministic package, written to a temporary file and renamed."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
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


def finish_entries(entries: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The entries as they are written: embedded workbooks with fixed dates."""
    when = build_time()
    return [(name, _fixed_workbook_dates(blob, when)
             if name.startswith("ppt/embeddings/") and name.endswith(".xlsx") else blob)
            for name, blob in entries]


def zip_entries(entries: Iterable[tuple[str, bytes]], *, finished: bool = False) -> bytes:
    """A deterministic package of these entries: fixed entry times and attributes,
    [Content_Types].xml and the package relationships first, embedded workbooks with
    fixed dates (already, when `finished`: see finish_entries)."""
    when = build_time()
    out = io.BytesIO()
    order = sorted(entries if finished else finish_entries(entries),
                   key=lambda e: (e[0] != "[Content_Types].xml", e[0] != "_rels/.rels"))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, blob in order:
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zout.writestr(info, blob, compresslevel=6)
    return out.getvalue()


_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def _fixed_workbook_dates(blob: bytes, when: dt.datetime) -> bytes:
    """An embedded workbook with the build time as its creation and modification date:
    the chart's workbook writer stamps the wall clock, which made every build differ."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as zin:
            if "docProps/core.xml" not in zin.namelist():
                return blob
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as zout:
                for info in zin.infolist():
                    data = zin.read(info)
                    if info.filename == "docProps/core.xml":
                        data = _W3CDTF.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
                    zout.writestr(info, data)
            return out.getvalue()
    except zipfile.BadZipFile:
        return blob


def prepare_output(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Check the output before anything is drawn or written: it is none of the build's own
    input files (a template, say), and its folder exists or can be made."""
    target = path.resolve()
    for f in inputs:
        if f.resolve() == target:
            raise BuildError(f"{path} is one of the files this build reads; writing the deck "
                             "there would destroy it. Choose another file with -o.")
    _make_folder(path.parent)
    if path.is_dir():
        raise BuildError(f"{path} is a folder; give a file name ending in .pptx")


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # mkdir says "File exists" when a file stands where a folder should: name that file.
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()),
                       None)
        why = f"{blocker} is a file, not a folder" if blocker else exc.strerror or str(exc)
        raise BuildError(f"cannot create the folder {folder}: {why}") from None


# `.{stem}-deckgen-{pid}-{mkstemp's random part}.tmp`: a name that says which deck, that
# deckgen made it and which process, so a later write can tell its own stale files from others'.
_TEMP = re.compile(r"\.(?P<stem>.*)-deckgen-(?P<pid>[0-9]+)-[a-z0-9_]+\.tmp")


def _temp_prefix(path: Path) -> str:
    return f".{path.stem}-deckgen-{os.getpid()}-"


def _running(pid: int) -> bool:
    """Whether process `pid` may still be writing its temporary file."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there; an open file refuses deletion
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, say: alive
        return True
    return True


def stale_temps(path: Path) -> list[Path]:
    """Temporary files a killed deckgen left beside `path` (kill -9, a power cut): named by
    deckgen for this file, by a process that is gone. Nothing else is ever listed."""
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return []
    out = []
    for entry in entries:
        m = _TEMP.fullmatch(entry.name)
        if m is None or m["stem"] != path.stem or _running(int(m["pid"])):
            continue
        if entry.is_file() and not entry.is_symlink():
            out.append(entry)
    return sorted(out)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, so
    a failure (or Ctrl-C, SIGTERM, SIGHUP) never leaves a half-written file or loses the
    previous one. Temporary files left by a killed deckgen for `path` are removed first."""
    _make_folder(path.parent)
    if path.is_dir():
        raise BuildError(f"{path} is a folder; give a file name ending in .pptx")
    for stale in stale_temps(path):
        with contextlib.suppress(OSError):  # in use on Windows, or not ours to remove
            stale.unlink()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
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
