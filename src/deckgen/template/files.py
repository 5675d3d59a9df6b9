"""The template file: the outline's, or the shipped default theme; read once within the
template limits (:mod:`deckgen.safezip`) and hashed once. A file read before in this
process and unchanged since (same size, modification time and inode) is not read again,
so a build reads its template once, and a watch or serve session once per change; every
later stage (opening and describing it, the renderers' pictures: :func:`media`) gets
these bytes."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from .. import safezip
from ..frozen import frozen

if TYPE_CHECKING:
    from .info import TemplateInfo

THEME_DIR = Path(__file__).resolve().parents[1] / "themes"
KEPT = 4
"""Template files whose bytes a process keeps (a serve session switching templates)."""


@frozen
class TemplateFile:
    """A template file's bytes as read, and their hash (what descriptions are cached by)."""

    path: Path
    data: bytes
    digest: str


def default_theme(aspect: str) -> Path:
    """The shipped default theme for "16:9" or "4:3"."""
    return THEME_DIR / ("default-4x3.pptx" if aspect == "4:3" else "default-16x9.pptx")


def is_default_theme(path: Path) -> bool:
    """Whether a template file is one of the shipped default themes."""
    try:
        return path.resolve().parent == THEME_DIR and path.name in (
            "default-16x9.pptx", "default-4x3.pptx")
    except OSError:
        return False


def template_path(template: Path | None, aspect: str) -> Path:
    """The file a talk is drawn on: the outline's template, or the shipped default theme."""
    return template or default_theme(aspect)


def file_digest(data: bytes) -> str:
    """The hash a template description is cached under."""
    return hashlib.sha256(data).hexdigest()[:32]


_READ: OrderedDict[tuple[object, ...], TemplateFile] = OrderedDict()
_LOCK = threading.Lock()  # serve's threads ask for the template's pictures at once


def read(path: Path, shown: str | None = None) -> TemplateFile:
    """The template file's bytes and hash (PackageProblem for a file that is not a regular
    file within the template limits, OSError for one that cannot be read)."""
    shown = shown or f"'{path.name}'"
    st = safezip.regular_file(path, safezip.TEMPLATE, shown)
    key = (os.path.abspath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    with _LOCK:
        found = _READ.get(key)
        if found is not None:
            _READ.move_to_end(key)
            return found
    data = safezip.read_file(path, safezip.TEMPLATE, shown)
    found = TemplateFile(path, data, file_digest(data))
    with _LOCK:
        _READ[key] = found
        while len(_READ) > KEPT:
            _READ.popitem(last=False)
    return found


def presentation_bytes(tf: TemplateFile) -> bytes:
    """The template as a plain presentation python-pptx opens (see
    :func:`deckgen.template.repair.presentation_package`), its zip directory checked
    against the template limits first (python-pptx then unpacks it bounded: safezip)."""
    from .repair import presentation_package

    safezip.check_bytes(tf.data, safezip.TEMPLATE, f"'{tf.path.name}'")
    return presentation_package(tf.data)


def media(path: Path, name: str) -> bytes | None:
    """A member of the template package (a picture its art or background shows), read
    bounded from the bytes already read; None when the file or the member is missing or
    the package is damaged."""
    import zipfile

    try:
        with safezip.Package(read(path).data, safezip.TEMPLATE, f"'{path.name}'") as z:
            return z.read(name, cap=safezip.TEMPLATE.part_bytes)
    except (OSError, KeyError, zipfile.BadZipFile, safezip.PackageProblem):
        return None


_SHIPPED: dict[tuple[str, str], TemplateInfo | None] = {}


def shipped_info(aspect: str) -> TemplateInfo | None:
    """The shipped description of the default theme (made by scripts/make_theme.py), or
    None when it is missing or no longer matches the theme file."""
    from .info import from_json

    theme = default_theme(aspect)
    try:
        digest = read(theme).digest
        if (aspect, digest) not in _SHIPPED:
            _SHIPPED[(aspect, digest)] = from_json(
                theme.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, safezip.PackageProblem):
        return None
    info = _SHIPPED[(aspect, digest)]
    return info if info is not None and info.digest == digest else None
