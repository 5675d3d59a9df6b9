"""Where a build puts things by default: the deck beside its outline and the cache folder.
A leaf module: the pipeline, pull, serve and the build guard all ask it, none of them each
other."""

from __future__ import annotations

import os
from pathlib import Path


def default_output(outline: Path) -> Path:
    """`output/<stem>.pptx` beside the outline."""
    return outline.parent / "output" / f"{outline.stem}.pptx"


def cache_dir_for(output: Path) -> Path:
    """$DECKGEN_CACHE_DIR when set, else a .cache folder inside the output folder."""
    env = os.environ.get("DECKGEN_CACHE_DIR", "").strip()
    return Path(env) if env else output.parent / ".cache"


def outline_cache(outline: Path) -> Path:
    """The cache folder of an outline's default deck (where pull keeps its records)."""
    return cache_dir_for(default_output(outline))
