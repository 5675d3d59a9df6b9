"""The fonts a PDF draws with: for each typeface the deck names, the font file of the face
layout measured it with (:mod:`deckgen.fontset`: Carlito for Calibri, Deckgen Sans SC for
Microsoft YaHei, Caladea, Liberation or DejaVu from the system), each line cut into runs
by script as viewers draw them, and every file cut down with harfbuzz to the characters
the document uses before fpdf2 embeds it.

Which font draws a character, as LibreOffice and PowerPoint decide: wide characters
(ideographs, kana, fullwidth forms) the East Asian typeface (``a:ea``), Hebrew and Arabic
letters the complex-script one (:data:`deckgen.fontset.RTL_FACE`, as layout measures them),
everything else the Latin typeface, punctuation of ambiguous width too (curly quotes, the
middle dot, dashes: LibreOffice draws “ and —— in Carlito, with the gap where they meet
CJK); spaces and arrows go with the characters before them (after them at the start).
A character the chosen file lacks is drawn with the first other face that has it.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from .. import fontset
from ..fontset import AUTOSPACE_EM, is_cjk
from ..frozen import frozen
from ..primitives import Fonts

Script = Literal["latin", "wide", "rtl"]


@frozen
class FontFile:
    """A font file (and the face inside a collection) as embedded."""

    path: Path
    index: int = 0

    @property
    def name(self) -> str:
        """A short name for the document's font dictionary."""
        stem = "".join(ch for ch in self.path.stem if ch.isalnum())
        return f"{stem}{self.index}" if self.index else stem


@frozen
class Run:
    """A piece of a line drawn with one font: its text, font, script and the gap viewers
    leave before it where CJK meets other letters (in em)."""

    text: str
    font: FontFile
    script: Script
    gap_em: float = 0.0


def _font_dirs() -> list[Path]:
    """Where systems keep fonts (no fontconfig: a wheel cannot count on it)."""
    home = Path.home()
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData/Local"))
        return [windir / "Fonts", local / "Microsoft/Windows/Fonts"]
    data = os.environ.get("XDG_DATA_HOME", str(home / ".local/share"))
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path(data) / "fonts",
            home / ".fonts"]


_FOUND: dict[str, Path | None] = {}


def find_font_file(path: Path) -> Path | None:
    """A system font file: where Debian puts it, else a file of that name in the usual
    font folders of Linux, macOS and Windows."""
    if path.is_file():
        return path
    if path.name not in _FOUND:
        _FOUND[path.name] = None
        for folder in _font_dirs():
            for root, _dirs, files in os.walk(folder):
                if path.name in files:
                    _FOUND[path.name] = Path(root) / path.name
                    break
            if _FOUND[path.name] is not None:
                break
    return _FOUND[path.name]


def _collection_index(path: Path) -> int:
    """The SC face of a CJK font collection (0 for a single font)."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(path))
    for i in range(32):
        face = hb.Face(blob, i)
        if face.glyph_count == 0:
            break
        if (face.get_name(hb.OTNameIdPredefined.FONT_FAMILY) or "").endswith(" SC"):
            return i
    return 0


def _shipped(bold: bool, script: Script) -> FontFile:
    if script == "wide":
        return FontFile(fontset.cjk_font_path(bold))
    return FontFile(fontset.latin_font_path(bold))


class FontBook:
    """The font files of one document: chosen per typeface and script, the characters
    drawn with each, and what could not be drawn as measured (for the report)."""

    def __init__(self, shared: FontBook | None = None) -> None:
        self._files: dict[tuple[str, bool], FontFile | None] = (
            shared._files if shared else {})
        self._hb_fonts: dict[FontFile, Any] = shared._hb_fonts if shared else {}
        # the file that draws a character, by the character, the file first chosen, bold
        self._drawn_with: dict[tuple[str, FontFile, bool], FontFile] = (
            shared._drawn_with if shared else {})
        self._runs: dict[tuple[str, Fonts, bool, str | None], tuple[Run, ...]] = {}
        self.used: dict[FontFile, set[str]] = {}
        # what every book made from this one met: metric face → the file drawn instead
        self.substituted: dict[str, str] = shared.substituted if shared else {}
        self.missing: set[str] = shared.missing if shared else set()

    def fresh(self) -> FontBook:
        """A book for another document: the same files, none of its characters yet."""
        return FontBook(self)

    def _metric_file(self, face: str, bold: bool) -> FontFile | None:
        key = (face, bold)
        if key not in self._files:
            found: FontFile | None = None
            if face in fontset.SHIPPED_FACES:
                found = FontFile(fontset.FONT_DIR / fontset.SHIPPED_FACES[face][bold])
            elif face in fontset.SYSTEM_FACES:
                path = find_font_file(Path(fontset.SYSTEM_FACES[face][bold]))
                if path is not None:
                    found = FontFile(path, _collection_index(path))
            self._files[key] = found
        return self._files[key]

    def file_for(self, typeface: str, bold: bool, script: Script) -> FontFile:
        """The file that draws a typeface's characters of a script: the face layout
        measured them with, else the shipped one (noted in ``substituted``)."""
        if script == "rtl":
            face = fontset.RTL_FACE
        elif script == "wide":
            face = fontset.east_asian_face(typeface or Fonts().east_asian).metrics_of
        else:
            face = fontset.latin_face(typeface or Fonts().latin).metrics_of
        found = self._metric_file(face, bold)
        if found is None:
            found = _shipped(bold, "wide" if script == "wide" else "latin")
            self.substituted[face] = found.path.stem
        return found

    def has_glyph(self, font: FontFile, cp: int) -> bool:
        """Whether a font file's character map has the character (asked of harfbuzz one
        character at a time: a CJK font maps 23,000)."""
        found = self._hb_fonts.get(font)
        if found is None:
            import uharfbuzz as hb

            face = hb.Face(hb.Blob.from_file_path(str(font.path)), font.index)
            found = self._hb_fonts[font] = hb.Font(face)
        return found.get_nominal_glyph(cp) is not None

    def _with_glyph(self, ch: str, first: FontFile, bold: bool) -> FontFile:
        key = (ch, first, bold)
        found = self._drawn_with.get(key)
        if found is None:
            found = self._drawn_with[key] = self._find_glyph(ch, first, bold)
        return found

    def _find_glyph(self, ch: str, first: FontFile, bold: bool) -> FontFile:
        cp = ord(ch)
        if self.has_glyph(first, cp) or _blank(ch):
            return first
        scripts: tuple[Script, ...] = ("wide", "latin")
        for script in scripts:
            other = _shipped(bold, script)
            if self.has_glyph(other, cp):
                return other
        for face in (fontset.SANS, fontset.CJK_SANS, fontset.CJK_SERIF):
            other_file = self._metric_file(face, bold)
            if other_file is not None and self.has_glyph(other_file, cp):
                return other_file
        self.missing.add(ch)
        return first

    def runs(self, text: str, fonts: Fonts, bold: bool,
             complex_font: str | None = None) -> tuple[Run, ...]:
        """A line cut into runs of one font each, in logical order, each with the gap
        viewers leave where CJK meets other text; the characters are noted as used."""
        key = (text, fonts, bold, complex_font)
        found = self._runs.get(key)
        if found is not None:
            return found
        out: list[Run] = []
        last_kind = 0  # of the last non-space character: 1 narrow, 2 wide
        for script, piece in _by_script(text):
            typeface = fonts.east_asian if script == "wide" else fonts.latin
            base = self.file_for(typeface, bold, script)
            for font, part in _by_font(piece, lambda ch, b=base: self._with_glyph(ch, b, bold)):
                gap = 0.0
                first = next((ch for ch in part if not ch.isspace()), None)
                if first is not None:
                    kind = 2 if is_cjk(first) else 1
                    gap = AUTOSPACE_EM if last_kind and kind != last_kind else 0.0
                    last_kind = 2 if is_cjk(part.rstrip()[-1]) else 1
                out.append(Run(part, font, script, gap))
                self.used.setdefault(font, set()).update(part)
        self._runs[key] = result = tuple(out)
        return result


def _blank(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Mn")


WEAK_RANGES = ((0x2190, 0x21FF),)
"""Characters that take the script of the text around them, as LibreOffice draws them:
arrows ("研究 → 研究" draws → with the CJK font)."""


def _strong(ch: str) -> Script | None:
    """A character's script; None for spaces and arrows, which go with their neighbours."""
    if unicodedata.bidirectional(ch) in ("R", "AL"):
        return "rtl"
    if is_cjk(ch):
        return "wide"
    cp = ord(ch)
    if ch.isspace() or any(lo <= cp <= hi for lo, hi in WEAK_RANGES):
        return None
    return "latin"


def _by_script(text: str) -> Iterator[tuple[Script, str]]:
    """The text cut where its script changes (weak characters join the run before)."""
    scripts = [_strong(ch) for ch in text]
    current: Script = next((s for s in scripts if s is not None), "latin")
    start = 0
    for i, s in enumerate(scripts):
        if s is not None and s != current:
            if i > start:
                yield current, text[start:i]
            current, start = s, i
    if start < len(text):
        yield current, text[start:]


def _by_font(text: str, pick: object) -> Iterator[tuple[FontFile, str]]:
    """The text cut where the font that has its glyphs changes."""
    assert callable(pick)
    current: FontFile | None = None
    start = 0
    for i, ch in enumerate(text):
        font = pick(ch)
        if current is None:
            current = font
        elif font != current:
            yield current, text[start:i]
            current, start = font, i
    if current is not None:
        yield current, text[start:]


def subset(font: FontFile, chars: set[str], folder: Path) -> Path:
    """The font cut down to these characters (and what shaping them needs) with harfbuzz,
    as a file in `folder`: fpdf2 then embeds a small font quickly."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(font.path)), font.index)
    wanted = hb.SubsetInput()
    for ch in chars:
        wanted.unicode_set.add(ord(ch))
    out = folder / f"{font.name}{font.path.suffix if font.index == 0 else '.otf'}"
    if font.path.suffix.lower() in (".ttc", ".otc"):
        out = out.with_suffix(".otf" if _is_cff(face) else ".ttf")
    out.write_bytes(hb.subset(face, wanted).blob.data)
    return out


def _is_cff(face: object) -> bool:
    import uharfbuzz as hb

    assert isinstance(face, hb.Face)
    return b"CFF " in {t.encode() if isinstance(t, str) else t for t in face.table_tags}
