"""Fonts as fpdf2 embeds them, kept in the cache folder by the font file's content.

fpdf2 reads a font twice with fontTools: when it is added (metrics, widths, character map:
every table it needs parsed) and when the PDF is written (every table parsed and compiled
again into the embedded file). For a font file harfbuzz has already cut down to the
document's characters (:func:`deckgen.pdf.fonts.subset`) both results depend only on the
file's bytes, so a warm export takes them from the ``fonts`` shelf: the font object fpdf2
would have made, rebuilt field by field (:func:`_restore`), and in place of its fontTools
font a :class:`Saved` one that hands fpdf2's writer the bytes fontTools gave last time.
The PDF is byte for byte the one fpdf2 writes unaided (tests/test_pdf_embed.py holds them
to it, and to the fields of fpdf2's own font object, so a change in fpdf2 fails there); an
fpdf2 whose font object has other fields than :data:`SLOTS` reads every font itself.

An entry is plain data (numbers, names, two byte strings), checked when read back: a
damaged or foreign one is a miss, and the font is read as before."""

from __future__ import annotations

import functools
from io import BytesIO
from pathlib import Path
from typing import Any

from .. import shelf

DROPPED = ("FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT", "CBLC",
           "EBDT", "EBLC", "EBSC", "SVG ", "CPAL", "COLR")
"""The tables fpdf2 leaves out of an embedded font (its writer's list, checked by a test)."""

SLOTS = frozenset((
    "i", "type", "name", "desc", "glyph_ids", "_hbfont", "sp", "ss", "up", "ut", "cw",
    "ttffile", "fontkey", "emphasis", "scale", "subset", "cmap", "ttfont", "missing_glyphs",
    "biggest_size_pt", "color_font", "unicode_range", "palette_index", "is_compressed",
    "is_cff", "is_cid_keyed", "is_symbol", "cff_ros", "collection_font_number"))
"""The fields of fpdf2's font object that :func:`_restore` knows (``unicode_range`` is
declared but never set by fpdf2)."""

_DESC = ("ascent", "descent", "cap_height", "flags", "font_b_box", "italic_angle", "stem_v",
         "missing_width")
_INTS = ("up", "ut", "sp", "ss")


class Saved:
    """Stands in for fontTools' font of an embedded font while fpdf2 writes the PDF: the
    tables it has, the glyph ids of the names drawn, the file as fontTools saved it and, for
    a CID-keyed CFF font, its CFF table as fontTools compiled it."""

    def __init__(self, tables: list[str], gids: dict[str, int], saved: bytes,
                 cff: bytes | None) -> None:
        self.tables = tables
        self.gids = gids
        self.saved = saved
        self.cff = cff

    def __contains__(self, tag: object) -> bool:
        return tag in self.tables

    def __delitem__(self, tag: str) -> None:
        # an fpdf2 that leaves out more than DROPPED (a test compares the lists): the saved
        # font keeps that table, a valid font still
        self.tables.remove(tag)

    def __getitem__(self, tag: str) -> Any:
        if tag == "CFF " and self.cff is not None:
            return _Compiled(self.cff)
        raise KeyError(f"{tag!r}: not kept for an embedded font (deckgen.pdf.embed)")

    def getGlyphID(self, name: str) -> int:  # fontTools' name
        return self.gids[name]

    def save(self, file: Any) -> None:
        file.write(self.saved)

    def close(self) -> None:
        pass


class _Compiled:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def compile(self, _font: object) -> bytes:
        return self.data


@functools.cache
def _versions() -> tuple[str, str]:
    import fontTools
    import fpdf

    return str(fpdf.FPDF_VERSION), str(fontTools.version)


@functools.cache
def _knows_fpdf2() -> bool:
    """Whether fpdf2's font object has the fields :func:`_restore` sets (else fonts are
    read by fpdf2 every time)."""
    from fpdf.fonts import TTFFont

    return set(TTFFont.__slots__) == SLOTS


def key(data: bytes) -> str:
    """The cache key of a font file's bytes as this fpdf2 and fontTools embed them."""
    return shelf.key_of("fpdf2 font", *_versions(), *DROPPED, data)


def add_font(pdf: Any, family: str, path: Path, cache_dir: Path | None) -> None:
    """``pdf.add_font(family, "", path)``, the font read from the cache folder when an
    earlier export kept it, else read by fpdf2 and kept (with what its writer needs)."""
    if cache_dir is None or not _knows_fpdf2():
        pdf.add_font(family, "", str(path))
        _lean(pdf.fonts[family.lower()])
        return
    name = key(path.read_bytes())
    found = _load(cache_dir, name)
    if found is not None:
        _restore(pdf, family, path, found)
        return
    pdf.add_font(family, "", str(path))
    font = pdf.fonts[family.lower()]
    _lean(font)
    made = _record(font)
    if made is not None:
        record, saved = made
        font.ttfont.close()
        font.ttfont = saved
        _store(cache_dir, name, record, saved)


def _lean(font: Any) -> None:
    if hasattr(font, "ttfont"):
        # harfbuzz's subset has the right boxes already; recomputing them is most of the
        # cost of fontTools saving the font
        font.ttfont.recalcBBoxes = False


def _record(font: Any) -> tuple[dict[str, Any], Saved] | None:
    """What fpdf2 made of a font and what its writer will do with the fontTools font, in
    the writer's order (tables left out, glyph ids looked up, saved, CFF compiled); None
    for a font this does not keep (colour, compressed, a collection)."""
    if (font.color_font is not None or font.is_compressed or font.collection_font_number
            or font.missing_glyphs or font.biggest_size_pt or font.palette_index):
        return None
    tt = font.ttfont
    for tag in DROPPED:
        if tag in tt:
            del tt[tag]
    names = [*dict.fromkeys([".notdef", *font.cmap.values()])]
    gids = {n: tt.getGlyphID(n) for n in names}
    out = BytesIO()
    tt.save(out)
    cff = tt["CFF "].compile(tt) if font.is_cff and font.is_cid_keyed and "CFF " in tt else None
    record = {
        "scale": font.scale, "is_cff": font.is_cff, "is_cid_keyed": font.is_cid_keyed,
        "is_symbol": font.is_symbol, "cff_ros": list(font.cff_ros) if font.cff_ros else None,
        "desc": {k: getattr(font.desc, k) for k in _DESC} | {"flags": font.desc.flags.value},
        "cw": list(font.cw.items()), "cmap": list(font.cmap.items()),
        "glyph_ids": list(font.glyph_ids.items()), "name": font.name,
        **{k: getattr(font, k) for k in _INTS},
    }
    return record, Saved(list(tt.keys()), gids, out.getvalue(), cff)


def _store(cache_dir: Path, name: str, record: dict[str, Any], saved: Saved) -> None:
    blobs = {"saved": saved.saved, **({"cff": saved.cff} if saved.cff is not None else {})}
    shelf.put_record(cache_dir, "fonts", name, {**record, "tables": saved.tables,
                                                "gids": list(saved.gids.items())}, blobs)


def _load(cache_dir: Path, name: str) -> tuple[dict[str, Any], Saved] | None:
    """A kept font, or None when there is none or it is not one this module wrote."""
    found = shelf.get_record(cache_dir, "fonts", name, ("saved", "cff"))
    if found is None or "saved" not in found[1]:
        return None
    record, blobs = found
    try:
        saved = Saved(_strs(record.pop("tables")), dict(_pairs(record.pop("gids"), str, int)),
                      blobs["saved"], blobs.get("cff"))
        return (record, saved) if _plausible(record) else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _strs(items: object) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise ValueError("not a list of names")
    return items


def _pairs(items: object, first: type, second: type) -> list[tuple[Any, Any]]:
    if not isinstance(items, list) or not all(
            isinstance(p, list) and len(p) == 2 and type(p[0]) is first
            and type(p[1]) is second for p in items):
        raise ValueError("not a list of pairs")
    return [(a, b) for a, b in items]


def _plausible(r: dict[str, Any]) -> bool:
    """Whether a record is one :func:`_record` could have made: the known fields, of the
    right kinds (a wrong one raises)."""
    desc = r["desc"]
    ros = r["cff_ros"]
    _pairs(r["cw"], int, int)
    _pairs(r["cmap"], int, str)
    _pairs(r["glyph_ids"], int, int)
    return (set(r) == {"scale", "is_cff", "is_cid_keyed", "is_symbol", "cff_ros", "desc",
                       "cw", "cmap", "glyph_ids", "name", *_INTS}
            and type(r["scale"]) is float and isinstance(r["name"], str)
            and all(type(r[k]) is bool for k in ("is_cff", "is_cid_keyed", "is_symbol"))
            and all(type(r[k]) is int for k in _INTS)
            and (ros is None or (isinstance(ros, list) and len(ros) == 3
                                 and [type(x) for x in ros] == [str, str, int]))
            and isinstance(desc, dict) and set(desc) == set(_DESC)
            and isinstance(desc["font_b_box"], str)
            and all(type(desc[k]) is int for k in _DESC if k != "font_b_box"))


def _restore(pdf: Any, family: str, path: Path, found: tuple[dict[str, Any], Saved]) -> None:
    """What ``pdf.add_font(family, "", path)`` does, from a record instead of the file."""
    from collections import defaultdict

    from fpdf.enums import FontDescriptorFlags, TextEmphasis
    from fpdf.fonts import PDFFontDescriptor, SubsetMap, TTFFont

    record, saved = found
    fontkey = family.lower()
    font = TTFFont.__new__(TTFFont)
    font.i = len(pdf.fonts) + 1
    font.type = "TTF"
    font.ttffile = Path(".") / path  # as fpdf2 names the file it was given
    font.is_compressed = False
    font._hbfont = None
    font.fontkey = fontkey
    font.biggest_size_pt = 0
    font.collection_font_number = 0
    font.ttfont = saved
    font.is_cff = record["is_cff"]
    font.is_cid_keyed = record["is_cid_keyed"]
    font.is_symbol = record["is_symbol"]
    font.cff_ros = tuple(record["cff_ros"]) if record["cff_ros"] else None
    font.scale = record["scale"]
    desc = dict(record["desc"])
    desc["flags"] = FontDescriptorFlags(desc["flags"])
    font.desc = PDFFontDescriptor(**desc)
    default_width = desc["missing_width"]
    font.cw = defaultdict(lambda: default_width, record["cw"])
    font.cmap = dict(record["cmap"])
    font.glyph_ids = dict(record["glyph_ids"])
    font.missing_glyphs = []
    font.name = record["name"]
    for k in _INTS:
        setattr(font, k, record[k])
    font.emphasis = TextEmphasis.coerce("")
    font.subset = SubsetMap(font)
    font.palette_index = 0
    font.color_font = None
    pdf.fonts[fontkey] = font
    if font.is_cff and font.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")
