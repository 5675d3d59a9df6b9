"""Which files a pull may write: the outline named on the command line (or the single one
in the working folder) and the files it includes or names, inside its folder. The deck's
manifest never chooses a file: the outline it names is only compared with the one chosen."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..source import MAX_FILE_BYTES, Source, display_name, inside
from .errors import PullError

_DECK_KEY = re.compile(rb"^deck[ \t]*:", re.MULTILINE)


def _is_outline(path: Path) -> bool:
    """Whether a YAML file looks like an outline (`deck:` at the top level)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return False
        with open(path, "rb") as f:
            return bool(_DECK_KEY.search(f.read(MAX_FILE_BYTES)))
    except OSError:
        return False


def default_outline(folder: Path | None = None) -> Path:
    """The outline in the working folder: its one .yaml or .yml file with `deck:` at the
    top; PullError naming the choices when there are several or none."""
    folder = folder or Path.cwd()
    try:
        found = sorted(p for p in folder.iterdir()
                       if p.suffix.lower() in (".yaml", ".yml") and _is_outline(p))
    except OSError as exc:
        raise PullError(f"cannot list the working folder: {exc.strerror or exc}") from None
    if len(found) == 1:
        return found[0]
    if not found:
        raise PullError("no outline in the working folder (a .yaml file with `deck:` at the "
                        "top); run pull in the talk's folder or name the outline with "
                        "--outline FILE")
    names = ", ".join(p.name for p in found)
    raise PullError(f"several outlines in the working folder ({names}); name the one to pull "
                    "into with --outline FILE")


def beside(deck: Path) -> Path | None:
    """The outline whose default deck this is: X/NAME.yaml (or .yml) for X/output/NAME.pptx
    (see paths.default_output), when it exists. Derived from the deck's path as given, never
    from what the deck says."""
    if deck.parent.name != "output":
        return None
    for suffix in (".yaml", ".yml"):
        candidate = deck.parent.parent / f"{deck.stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def check_resemblance(deck: Path, outline: Path, found: int, total: int) -> None:
    """Refuse an outline found by default that the deck does not look built from: fewer
    than half the texts deckgen placed from the outline are still there as built (an
    outline of another talk that happens to share its file name)."""
    if total >= 2 and found * 2 < total:
        raise PullError(f"{display_name(deck)} does not look built from "
                        f"{display_name(outline)}: only {found} of its {total} texts are in it "
                        "as built; name the outline with --outline FILE")


def check_recorded(deck: Path, recorded: str, outline: Path) -> None:
    """Refuse a deck whose manifest says it was built from an outline of another name than
    the one chosen (the user then names it with --outline)."""
    name = PurePosixPath(recorded.replace("\\", "/")).name
    if name != outline.name:
        shown = recorded if len(recorded) <= 60 else recorded[:59] + "…"
        raise PullError(f"{display_name(deck)} was built from '{shown}' (its manifest says), "
                        f"not from {display_name(outline)}; pull writes only the outline you "
                        "name: give it with --outline FILE")


def writable(source: Source, named: Iterable[Path] = ()) -> set[Path]:
    """The files a pull may write: the outline, its included files and the data files it
    names (`named`), each inside the outline's folder once links are followed."""
    return {_key(p) for p in (*source.files, *named) if inside(p, source.path.parent)}


def _key(path: Path) -> Path:
    return Path(os.path.abspath(path))


def check_targets(source: Source, targets: Iterable[Path], named: Iterable[Path] = ()) -> None:
    """Refuse, in one line, to write any file but the outline's own (see `writable`)."""
    allowed = writable(source, named)
    for target in targets:
        if _key(target) not in allowed:
            shown = display_name(Path(os.path.normpath(target.absolute())))
            raise PullError(f"pull writes only {display_name(source.path)} and the files it "
                            f"names inside its folder, not {shown}; nothing was written")
