"""Pictures as fpdf2 embeds them (pixels split from their transparency and compressed),
kept in the cache folder by the picture's content: a warm export hands fpdf2 what it made
last time instead of decoding the picture again (and, for a photo with transparency,
loading numpy to look at its alpha channel: together a sixth of the sample's export).

Only plain data is kept (numbers, short names, byte strings), checked when read back, so a
damaged or foreign entry is ignored and the picture decoded as before."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import shelf

_BYTES = ("data", "smask", "pal")
_COLOR_SPACES = {"DeviceRGB", "DeviceGray", "Indexed", "DeviceCMYK"}
_FILTERS = {"FlateDecode", "DCTDecode", "JPXDecode", "LZWDecode", "CCITTFaxDecode"}
_PARMS = re.compile(r"[/A-Za-z0-9 .\-]*")
_KNOWN = {"w", "h", "cs", "bpc", "dpn", "f", "dp", "inverted", *_BYTES}
_PER_DOCUMENT = {"i", "usages", "iccp", "iccp_i", "obj_id", "rendered_width",
                 "rendered_height"}


def key(data: bytes, fpdf_version: str) -> str:
    """The cache key of a picture's bytes as this fpdf2 embeds them."""
    return shelf.key_of("fpdf2 picture", fpdf_version, data)


def load(cache_dir: Path | None, name: str) -> dict[str, Any] | None:
    """What fpdf2 made of a picture last time, or None."""
    found = shelf.get_record(cache_dir, "pictures", name, _BYTES)
    if found is None:
        return None
    info = {**found[0], **found[1]}
    return info if _plausible(info) else None


def _plausible(info: dict[str, Any]) -> bool:
    """Whether an entry is one fpdf2 could have made: known fields of the right kinds."""
    return (set(info) <= _KNOWN and "data" in info
            and all(isinstance(info.get(k), int) and info[k] > 0 for k in ("w", "h", "bpc"))
            and info.get("cs") in _COLOR_SPACES and info.get("f") in _FILTERS
            and isinstance(info.get("dp", ""), str) and _PARMS.fullmatch(info.get("dp", ""))
            is not None and isinstance(info.get("dpn", 1), int)
            and isinstance(info.get("inverted", False), bool))


def store(cache_dir: Path | None, name: str, info: dict[str, Any]) -> None:
    """Keep what fpdf2 made of a picture, when it is plain data (a picture with a colour
    profile is left out: fpdf2 shares profiles across a document)."""
    fields = {k: v for k, v in info.items() if k not in _PER_DOCUMENT}
    if info.get("iccp_i") is not None or info.get("iccp") is not None:
        return
    blobs = {k: v for k, v in fields.items() if isinstance(v, (bytes, bytearray))}
    plain = {k: v for k, v in fields.items() if k not in blobs}
    plain = {k: v for k, v in plain.items() if v is not None}
    if not _plausible({**plain, **blobs}) or set(blobs) - set(_BYTES) or any(
            not isinstance(v, (int, float, str, bool)) for v in plain.values()):
        return
    shelf.put_record(cache_dir, "pictures", name, plain,
                     {k: bytes(v) for k, v in blobs.items()})
