"""The build guard: a deck at the output path is replaced only when deckgen can show that it
is what deckgen wrote (byte for byte, or part for part), or a deck whose every change a
pull brought into the outline. Anything else — a text, chart, picture or formatting edit,
the manifest removed, a file deckgen did not write — is refused with what changed, or with
--force kept beside the new deck.

What was written is recorded by content (fingerprint.py) in two places: the deck's own
custom properties, so the guard works wherever the deck goes and with the cache folder
gone; and the cache folder's stamp, with the whole file's hash, so an untouched deck is
known without unpacking it and a deck whose properties were stripped is still known as one
deckgen wrote there. This process also remembers the hash of each deck it wrote (watch and
serve rebuild without reading the stamp)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from .errors import BuildError
from .frozen import frozen
from .paths import cache_dir_for
from .safezip import DECK, PackageProblem, file_sha256, open_regular
from .source import display_name

WRITTEN: dict[Path, str] = {}
"""SHA-256 of each deck this process wrote, by its resolved path."""
STAMPS = "written.json"
"""The decks written from an output folder, in its cache folder: for each (by resolved
path) the file's SHA-256 and its parts' record."""
SHOWN = 12  # lines of changes a refusal lists


class EditedDeck(BuildError):
    """The output deck was edited after deckgen built it; building would lose the edits."""


@frozen
class _Stamp:
    """A deck this process or an earlier one wrote: its hash and what was in it."""

    sha256: str
    record: str  # fingerprint.to_json of what was written


def _stamps_file(out: Path) -> Path:
    return cache_dir_for(out) / STAMPS


def _load_stamps(out: Path) -> dict[str, Any]:
    try:
        with open_regular(_stamps_file(out), DECK, STAMPS) as f:
            known = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _stamp(out: Path) -> _Stamp | None:
    entry = _load_stamps(out).get(str(out.resolve()))
    if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
            and isinstance(entry.get("parts"), str)):
        return None
    return _Stamp(entry["sha256"], entry["parts"])


def remember_written(out: Path, data: bytes, record: str) -> None:
    """Note that deckgen wrote `data` at `out`, with this record of its parts."""
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    WRITTEN[out.resolve()] = sha
    known = _load_stamps(out)
    known[str(out.resolve())] = {"sha256": sha, "parts": record}
    path = _stamps_file(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}-{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # then the deck's own properties carry the record alone


# -------------------------------------------------------------------- deciding


@frozen
class Verdict:
    """What the guard found in a deck at the output path."""

    lines: tuple[str, ...] = ()  # what changed, one line each; empty: safe to replace
    kind: str = "edited"  # edited, foreign, unreadable, pulled
    detail: str = ""  # for unreadable: why


def check(out: Path, outline: Path, force: bool) -> Path | None:
    """Refuse to replace a deck deckgen cannot show to be its own, unchanged; with force,
    keep it beside the new one. The path it was kept as, if any."""
    shown = display_name(out)
    try:
        st = os.stat(out)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EditedDeck(f"cannot look at {shown}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise EditedDeck(f"{shown} is not a regular file (a folder, FIFO or device); deckgen "
                         "does not replace it: remove it or choose another file with -o")
    try:
        with open_regular(out, DECK, shown) as f:
            sha = file_sha256(f)
    except (OSError, PackageProblem) as exc:
        verdict = Verdict(("unreadable",), "unreadable", _why(exc))
    else:
        if WRITTEN.get(out.resolve()) == sha:
            return None  # exactly the file this process wrote
        stamp = _stamp(out)
        if stamp is not None and stamp.sha256 == sha:
            return None  # exactly the file deckgen wrote there
        verdict = inspect(out, outline, stamp)
    if not verdict.lines:
        return None
    if not force:
        raise EditedDeck(_refusal(out, outline, verdict))
    return keep(out)


def _why(exc: BaseException) -> str:
    if isinstance(exc, PackageProblem):
        return str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return f"{type(exc).__name__}: {exc}"


def inspect(out: Path, outline: Path, stamp: _Stamp | None) -> Verdict:
    """What changed in the deck at `out` since deckgen wrote it (see module docstring)."""
    from zipfile import BadZipFile

    from . import fingerprint
    from .manifest import ManifestError
    from .pull import ack, readdeck
    from .pull.changes import describe, saved_by

    try:
        with readdeck.open_deck(out) as pkg:
            read = readdeck.read_deck(pkg)
            now = fingerprint.of_package(pkg)
            props = readdeck.custom_properties(pkg)
            program = saved_by(pkg)
    except (OSError, PackageProblem, BadZipFile, ValueError, KeyError, SyntaxError) as exc:
        # not a zip, damaged XML (lxml's errors are SyntaxErrors), too large: not to trust
        return Verdict(("unreadable",), "unreadable", _why(exc))
    pulled = ack.status(outline, read.digest)
    if pulled is not None and pulled.complete:
        return Verdict()  # every change in it is in the outline
    problems = []
    try:
        recorded = fingerprint.from_properties(props)
    except ManifestError as exc:
        recorded, problems = None, [str(exc)]
    if recorded is None and stamp is not None:
        try:
            recorded = fingerprint.from_json(stamp.record)
        except ManifestError:
            recorded = None
    if read.manifest is None and recorded is None and stamp is None:
        return Verdict(("foreign",), "foreign")
    lines = (*problems, *describe(read, recorded, now, program))
    if pulled is not None and lines:
        return Verdict(pulled.left or lines, "pulled")
    return Verdict(tuple(lines))


def _refusal(out: Path, outline: Path, v: Verdict) -> str:
    shown, source = display_name(out), display_name(outline)
    force = f"`deckgen build {source} --force`"
    kept = f"{out.stem}.edited-<time>{out.suffix}"
    if v.kind == "unreadable":
        return (f"{shown} exists but cannot be read as a deck ({v.detail}); move it away or "
                f"build with --force (it is then kept beside the new deck as {kept})")
    if v.kind == "foreign":
        return (f"{shown} was not made by deckgen (it has no deckgen manifest, and deckgen "
                "has no record of writing it); building now would overwrite it. Move it away, "
                f"or run {force} to build anyway (it is then kept beside the new deck as "
                f"{kept}).")
    listed = "\n".join(f"  {x}" for x in v.lines[:SHOWN])
    more = f"\n  … and {len(v.lines) - SHOWN} more" if len(v.lines) > SHOWN else ""
    if v.kind == "pulled":
        return (f"{shown} was pulled into {source}, but not everything in it is in the "
                f"outline; building now would overwrite it:\n{listed}{more}\n"
                f"Bring those into the outline by hand (then pull again), or run {force} to "
                f"build anyway (the edited deck is kept beside the new one as {kept}).")
    pull = f"deckgen pull {shown}"
    if outline.parent.resolve() != Path.cwd().resolve():
        pull += f" --outline {source}"
    return (f"{shown} was edited after deckgen built it; building now would overwrite those "
            f"edits:\n{listed}{more}\n"
            f"Bring the edits into the outline with `{pull}`, then build again; or run "
            f"{force} to overwrite it (the edited deck is kept beside it as {kept}).")


def keep(out: Path) -> Path:
    """Copy the deck at `out` beside it as <stem>.edited-<time>.pptx; that path."""
    import datetime as dt
    import shutil

    when = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = out.with_name(f"{out.stem}.edited-{when}{out.suffix}")
    n = 1
    while kept.exists():
        n += 1
        kept = out.with_name(f"{out.stem}.edited-{when}-{n}{out.suffix}")
    try:
        shutil.copy2(out, kept)
    except OSError as exc:
        raise BuildError(f"cannot keep the edited deck as {display_name(kept)}: "
                         f"{exc.strerror or exc}; nothing was written") from None
    return kept
