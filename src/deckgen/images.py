"""Pictures made safe for every viewer: checked, converted, downscaled to what the slide needs."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_PIXELS = 80_000_000  # beyond this a file is refused as a possible decompression bomb
MAX_EDGE = 3200  # longest edge kept: sharp on a 4K projector, small in the deck


class ImageProblem(Exception):
    """An image file that cannot be used, with a message for the user."""


@dataclass(frozen=True)
class Prepared:
    """Image bytes ready for the deck, with their pixel size."""

    data: bytes
    ext: str
    width: int
    height: int


def prepare(path: Path, max_edge: int = MAX_EDGE) -> Prepared:
    """The image as PNG or JPEG bytes in RGB(A), at most `max_edge` pixels on its long side."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise ImageProblem(f"the image is {w}×{h} pixels, too large to use safely; "
                                       "scale it down below 80 megapixels")
                fmt = im.format
                if fmt == "JPEG" and im.mode in ("RGB", "L") and max(w, h) <= max_edge:
                    return Prepared(path.read_bytes(), "jpg", w, h)
                if fmt == "PNG" and im.mode in ("RGB", "RGBA", "L", "LA", "P") \
                        and max(w, h) <= max_edge and im.info.get("interlace") is None:
                    im.load()
                    return Prepared(path.read_bytes(), "png", w, h)
                im.load()
                frame = _normalise(im)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageProblem("the image is too large to decode safely (decompression bomb "
                           "protection); scale it down") from None
    except UnidentifiedImageError:
        raise ImageProblem("the file is not an image Pillow can read (PNG, JPEG, GIF, "
                           "BMP, TIFF, WebP); is it damaged or mislabelled?") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"the image is damaged or truncated ({exc})") from None
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
