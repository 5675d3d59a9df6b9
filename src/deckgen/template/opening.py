"""Opening a template (or the default theme) for a build: its bytes read and hashed once
(:mod:`~deckgen.template.files`), opened with python-pptx once, repaired
(:mod:`~deckgen.template.repair`) and described once per file
(:mod:`~deckgen.template.describe`; a description the caller already has, shipped or
cached by the file's hash, is taken instead); and the deck's own typefaces and palette
written into its theme parts."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .. import safezip, shelf
from ..ns import qn
from ..package import Package, Part
from ..primitives import Fonts
from . import files
from .info import TemplateInfo


@dataclass
class Opened:
    """A template opened for drawing: the package the deck is written into, and the
    template's description."""

    package: Package
    info: TemplateInfo


@dataclass
class Read:
    """A template read with python-pptx and repaired, and its description."""

    prs: Any
    info: TemplateInfo


KEPT_FORMAT = 1
"""Bump when the repairs (:mod:`~deckgen.template.repair`) change what they give: the
kept packages' key carries it."""


def open_template(path: Path, known: Callable[[str], TemplateInfo | None] | None = None,
                  cache_dir: Path | None = None) -> Opened:
    """The template (or default theme) ready to draw on, and its description.

    The shipped default theme, when its description is known, is taken part for part
    without python-pptx: it is written as python-pptx writes a repaired template
    (scripts/make_theme.py), so there is nothing to repair. Any other template is read
    with python-pptx (:func:`read_template`) and its repaired parts kept in `cache_dir`
    by the file's hash, so a rebuild on an unchanged template with a known description
    needs no python-pptx either."""
    tf = files.read(path)
    info = known(tf.digest) if known is not None else None
    if info is not None and info.digest != tf.digest:
        info = None
    if info is not None and files.is_default_theme(path) and not info.first_master:
        with safezip.Package(tf.data, safezip.TEMPLATE, f"'{path.name}'") as z:
            members = {n: z.read(n, cap=safezip.TEMPLATE.part_bytes) for n in z.names}
        return Opened(Package.read(members), info)
    key = _kept_key(tf.digest)
    if info is not None:
        found = shelf.get_record(cache_dir, "templates", key, _NUMBERED)
        pkg = Package.from_record(*found) if found is not None else None
        if pkg is not None:
            return Opened(pkg, info)
    read = read_template(path, known)
    pkg = Package.from_python_pptx(read.prs.part.package)
    shelf.put_record(cache_dir, "templates", key, *pkg.to_record())
    return Opened(pkg, read.info)


class _Numbered:
    """The names of a kept package's parts: "0", "1", ..."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.isdigit() and len(name) < 6


_NUMBERED = _Numbered()


def _kept_key(digest: str) -> str:
    from .. import __version__, installed

    return shelf.key_of("repaired template", __version__, str(KEPT_FORMAT),
                        installed.version("pptx", dist="python-pptx"), etree.__version__,
                        digest)


def read_template(path: Path,
                  known: Callable[[str], TemplateInfo | None] | None = None) -> Read:
    """The template (or default theme) as python-pptx's presentation with its sample
    slides removed, its content master first, LibreOffice's quirks repaired and
    symbol-font bullets made Unicode characters, and its description:
    ``known(digest)`` when it has one (shipped, or cached by the file's hash), else read."""
    from pptx import Presentation

    from .describe import read_layouts
    from .repair import master_first, prepare

    tf = files.read(path)
    prs = Presentation(io.BytesIO(files.presentation_bytes(tf)))
    ready = prepare(prs)
    digest = tf.digest
    memo = _DESCRIBED.get(digest)
    if memo is None and known is not None:
        found = known(digest)
        if found is not None and found.digest == digest:
            memo = _DESCRIBED[digest] = (found, found.first_master)
    if memo is None:  # a description depends only on the file's bytes
        layouts = read_layouts(prs)
        info = layouts.info(ready.prefer, digest, ready.made_by_libreoffice)
        chosen = info.layout("content").master
        if chosen:
            # art crowded the sample slides' master: the one chosen instead goes first
            master_first(prs, chosen)
            layouts = layouts.master_first(chosen)
            order = [chosen, *(m for m in range(len(layouts.master_names)) if m != chosen)]
            prefer = {"title": order.index(info.layout("title").master), "content": 0}
            info = layouts.info(prefer, digest, ready.made_by_libreoffice, first_master=chosen)
        memo = _DESCRIBED[digest] = (info, chosen)
    elif memo[1]:
        master_first(prs, memo[1])
    return Read(prs, memo[0])


_DESCRIBED: dict[str, tuple[TemplateInfo, int]] = {}


def apply_theme(parts: Iterable[Part], major: Fonts | None, minor: Fonts | None,
                palette: tuple[str, ...]) -> None:
    """The deck's typefaces (where the outline or the language names them) and its palette
    (when the outline sets one, or on the default theme) in these theme parts (every
    master's)."""
    for part in parts:
        blob = part.blob
        if major is not None or minor is not None:
            blob = set_theme_fonts(blob, major, minor)
        part.blob = set_theme_accents(blob, palette) if palette else blob


def set_theme_fonts(theme_blob: bytes, major: Fonts | None, minor: Fonts | None) -> bytes:
    """A theme part with its major (headings) and minor (body) typefaces set."""
    root = etree.fromstring(theme_blob)
    for group, fonts in (("a:majorFont", major), ("a:minorFont", minor)):
        if fonts is None:
            continue
        for font in root.iter(qn(group)):
            for tag, face in (("a:latin", fonts.latin), ("a:ea", fonts.east_asian)):
                el = font.find(qn(tag))
                if el is not None and face:
                    el.set("typeface", face)
            for script in font.findall(qn("a:font")):
                if script.get("script") == "Hans" and fonts.east_asian:
                    script.set("typeface", fonts.east_asian)  # what Office uses for zh-CN
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_ACCENTS = tuple(f"accent{i}" for i in range(1, 7))


def set_theme_accents(theme_blob: bytes, colors: Iterable[str]) -> bytes:
    """A theme part whose accent1…accentN are these #RRGGBB colours (N ≤ 6)."""
    root = etree.fromstring(theme_blob)
    scheme = root.find(f".//{qn('a:clrScheme')}")
    if scheme is None:
        return theme_blob
    for tag, color in zip(_ACCENTS, colors):
        slot = scheme.find(qn(f"a:{tag}"))
        if slot is None:
            continue
        for old in list(slot):
            slot.remove(old)
        etree.SubElement(slot, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
