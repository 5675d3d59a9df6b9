"""`deckgen init`: a starter outline, its assets and the schema, never over existing files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DeckgenError
from .write import write_atomic

SCHEMA_NAME = "outline.schema.json"


def _starter_files(node: Any, rel: Path = Path()) -> dict[Path, bytes]:
    out: dict[Path, bytes] = {}
    for child in node.iterdir():
        if child.name.startswith((".", "__")):
            continue
        if child.is_dir():
            out.update(_starter_files(child, rel / child.name))
        else:
            out[rel / child.name] = child.read_bytes()
    return out


def starter_files() -> dict[Path, bytes]:
    """The starter project: relative path → content (outline, CSV, and the schema)."""
    from .schema import schema_text

    files = _starter_files(resources.files("deckgen") / "starter")
    files[Path(SCHEMA_NAME)] = schema_text().encode("utf-8")
    return dict(sorted(files.items()))


def init_project(folder: Path) -> list[Path]:
    """Write the starter into `folder`; refuse, writing nothing, if any file is there."""
    files = starter_files()
    if folder.exists() and not folder.is_dir():
        raise DeckgenError(f"{folder} is a file, not a folder")
    clash = [folder / rel for rel in files if (folder / rel).exists()]
    if clash:
        names = ", ".join(str(p) for p in clash)
        raise DeckgenError(f"not overwriting existing files: {names}. Choose an empty "
                           "folder, e.g. `deckgen init my-talk`; nothing was written.")
    written = []
    for rel, data in files.items():
        write_atomic(folder / rel, data)
        written.append(folder / rel)
    return written
