"""Versions of installed libraries read from their own source files: without importing
them, and without importlib.metadata (which scans every installed distribution and pulls
in the email package: 15 to 40 ms of a build). What cache keys are stamped with."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import re
from pathlib import Path

_VERSION = re.compile(r"""^(?:__)?version(?:__)?\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.M)


@functools.cache
def version(module: str, filename: str = "__init__.py", dist: str | None = None) -> str:
    """The version a package's `filename` (beside its __init__.py) sets; else what the
    installed distribution `dist` (default: the module's name) says; "?" when neither."""
    spec = importlib.util.find_spec(module)
    text = ""
    if spec is not None and spec.origin:
        with contextlib.suppress(OSError):
            text = Path(spec.origin).with_name(filename).read_text(encoding="utf-8")
    found = _VERSION.search(text)
    if found:
        return found.group(1)
    from importlib import metadata

    try:
        return metadata.version(dist or module)
    except metadata.PackageNotFoundError:
        return "?"
