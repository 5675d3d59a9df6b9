"""Pictures made safe for every viewer: checked, converted, downscaled to what the slide needs."""

from __future__ import annotations

import functools
import hashlib
import io
import warnings
from pathlib import Path
from typing import Any

from .frozen import frozen

MAX_PIXELS = 80_000_000  # beyond this a file is refused as a possible decompression bomb
MAX_EDGE = 3200  # longest edge kept: sharp on a 4K projector, small in the deck
_ORIENTATION = 0x0112  # the EXIF tag that says how a photo was turned
FORMAT = 1
"""Bump when :func:`prepare` or :func:`checked_size` changes what it gives: the cache keys
carry it (deckgen's version stays the same between releases)."""


class ImageProblem(Exception):
    """An image file that cannot be used, with a message for the user."""


@frozen
class Prepared:
    """Image bytes ready for the deck, with their pixel size."""

    data: bytes
    ext: str
    width: int
    height: int


def checked_size(path: Path, cache_dir: Path | None) -> tuple[int, int]:
    """The pixel size of a picture checked whole (every pixel decoded, as :func:`prepare`
    does), remembered in the cache folder by the file's content: an unchanged picture is
    not decoded again, and a check needs no Pillow."""
    from . import __version__, shelf

    content = hashlib.sha256()
    try:
        with path.open("rb") as f:  # in pieces: a huge file is never held whole
            while chunk := f.read(1 << 20):
                content.update(chunk)
    except OSError as exc:
        raise ImageProblem(f"cannot read the image: {exc.strerror or exc}") from None
    key = shelf.key_of("picture size", __version__, str(FORMAT), str(MAX_PIXELS),
                       content.digest())
    known = shelf.get(cache_dir, "sizes", key)
    if known is not None and len(size := known.split()) == 2 and all(
            x.isdigit() for x in size):
        return int(size[0]), int(size[1])
    img = prepare(path)
    shelf.put(cache_dir, "sizes", key, f"{img.width} {img.height}".encode())
    return img.width, img.height


def prepare(path: Path, max_edge: int = MAX_EDGE) -> Prepared:
    """The image as PNG or JPEG bytes in RGB(A), at most `max_edge` pixels on its long side."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ImageProblem(f"cannot read the image: {exc.strerror or exc}") from None
    # The build checks every image before writing and then places it: decode it once.
    return _prepare(path, st.st_mtime_ns, st.st_size, max_edge)


MAX_KEPT = 256 << 20
"""Picture files larger than this are not kept in the cache folder (prepare refuses them
anyway)."""
_AS_IS, _MADE = b"=", b"+"  # an entry: the file is used as it is / the bytes made of it


def prepared(path: Path, cache_dir: Path | None) -> bytes | None:
    """A picture file as PNG or JPEG bytes the way :func:`prepare` makes them, None when it
    cannot be used; remembered in the cache folder by the file's content, the deckgen and
    Pillow versions, so a rebuild or an export decodes no picture it has seen."""
    from . import __version__, installed, shelf

    content = _read(path)
    name = None
    if content is not None and cache_dir is not None:
        name = shelf.key_of("prepared picture", __version__, str(FORMAT),
                            installed.version("PIL", "_version.py", "pillow"), str(MAX_EDGE),
                            content)
        known = shelf.get(cache_dir, "prepared", name)
        if known is not None and known[:1] in (_AS_IS, _MADE):
            return content if known[:1] == _AS_IS else known[1:]
    try:
        data = prepare(path).data
    except ImageProblem:
        return None
    if name is not None and _read(path) == content:  # the file did not change meanwhile
        shelf.put(cache_dir, "prepared", name, _AS_IS if data == content else _MADE + data)
    return data


def header(data: bytes) -> tuple[str, int, int]:
    """The format (Pillow's name: "PNG" or "JPEG") and pixel size of a picture as
    :func:`prepare` writes it, read from its header without decoding it (ValueError for
    anything else)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return "PNG", int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 <= len(data) and data[i] == 0xFF:
            marker = data[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
            elif marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
                i += 2
            elif 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a frame
                return ("JPEG", int.from_bytes(data[i + 7:i + 9], "big"),
                        int.from_bytes(data[i + 5:i + 7], "big"))
            else:
                i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    raise ValueError("a picture for the deck is neither a PNG nor a JPEG with a frame")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.stat().st_size <= MAX_KEPT else None
    except OSError:
        return None


@functools.lru_cache(maxsize=32)
def _prepare(path: Path, _mtime: int, _size: int, max_edge: int) -> Prepared:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's notes on odd files are not the user's
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise ImageProblem(f"the image is {w}×{h} pixels, too large to use safely; "
                                       "scale it down below 80 megapixels")
                fmt = im.format
                im.load()  # decodes every pixel, so a truncated file fails here, not in a viewer
                if _usable_as_is(im, path, max_edge):
                    return Prepared(path.read_bytes(), "jpg" if fmt == "JPEG" else "png", w, h)
                frame = _normalise(im)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageProblem("the image is too large to decode safely (decompression bomb "
                           "protection); scale it down") from None
    except UnidentifiedImageError:
        raise ImageProblem(_unreadable(path)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageProblem(f"the image is damaged or truncated ({exc})") from None
    except MemoryError:
        raise ImageProblem(
            "the image is too large to decode in memory; scale it down") from None
    if max(frame.size) > max_edge:
        frame.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if frame.mode == "RGB" and fmt == "JPEG":
        frame.save(out, "JPEG", quality=90, optimize=True)
        ext = "jpg"
    else:
        frame.save(out, "PNG", optimize=True)
        ext = "png"
    return Prepared(out.getvalue(), ext, frame.size[0], frame.size[1])


def _usable_as_is(im: Any, path: Path, max_edge: int) -> bool:
    """Whether the file can go into the deck unchanged: a plain 8-bit PNG or an upright
    RGB/grey JPEG small enough for the slide."""
    if max(im.size) > max_edge:
        return False
    if im.format == "JPEG":
        # Viewers differ on EXIF rotation; a rotated photo is turned upright once, here.
        return im.mode in ("RGB", "L") and im.getexif().get(_ORIENTATION, 1) == 1
    if im.format == "PNG":
        with path.open("rb") as f:
            ihdr = f.read(26)
        eight_bit = len(ihdr) == 26 and ihdr[24] <= 8  # IHDR bit depth; 16-bit gets reduced
        return (eight_bit and im.mode in ("RGB", "RGBA", "L", "LA", "P")
            and im.info.get("interlace") is None)
    return False


def _unreadable(path: Path) -> str:
    """Why Pillow cannot open the file, naming SVG and HEIC, which are common and unsupported."""
    try:
        with path.open("rb") as f:
            head = f.read(512)
    except OSError:
        head = b""
    if b"<svg" in head or (head.lstrip().startswith(b"<?xml") and b"svg" in head.lower()):
        return "the file is an SVG drawing, which not every viewer can show; export it as PNG"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        return "the file is a HEIC photo, which not every viewer can show; export it as JPEG"
    if not head:
        return "the image file is empty"
    return ("the file is not an image Pillow can read (PNG, JPEG, GIF, BMP, TIFF, WebP); "
            "is it damaged or mislabelled?")


def _normalise(im: Any) -> Any:
    """RGB or RGBA from CMYK, 16-bit, palette, greyscale-with-alpha, …"""
    from PIL import Image, ImageOps

    im = ImageOps.exif_transpose(im) or im
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        return im.point(lambda v: v / 256).convert("L").convert("RGB")
    if im.mode == "CMYK":
        return im.convert("RGB")
    has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency"
                                                      in im.info)
    if has_alpha:
        return im.convert("RGBA")
    if im.mode != "RGB":
        return im.convert("RGB")
    return im.copy() if isinstance(im, Image.Image) else im
