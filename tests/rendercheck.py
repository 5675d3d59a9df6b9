"""Render-based overflow checker: LibreOffice → PDF → pdftotext word boxes.

Helper module for tests (not collected itself). A deck passes when every
word LibreOffice draws lies inside the slide and inside some text-bearing
shape's box (graphic frames such as native charts and tables count as boxes).
Pictures carry no PDF text, so they need no box.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.util import Emu

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

EMU_PER_PT = 12700
SLIDE_TOL_PT = 1.0
BOX_TOL_PT = 2.0
PAGE_SIZE_TOL_PT = 1.0
RENDER_TIMEOUT_S = 180
HANGING_PUNCT = frozenset("，。、；：？！）」』》】〉”’")
SKIP_REASON = (
    "LibreOffice (soffice) and pdftotext not installed: "
    "apt-get install libreoffice-impress poppler-utils"
)


@dataclass(frozen=True)
class Word:
    """One word drawn on a PDF page, box in points from the top-left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    """Page size in points."""

    width: float
    height: float


@dataclass(frozen=True)
class Rect:
    """Axis-aligned rectangle in points."""

    name: str
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, w: Word, tol: float) -> bool:
        """Whether the word box lies inside, within a tolerance.

        A word ending in CJK closing punctuation may reach one character
        further right: LibreOffice and PowerPoint hang such punctuation in the
        margin, and its ink sits in the left half of the em box.
        """
        right_tol = tol
        if w.text and w.text[-1] in HANGING_PUNCT:
            right_tol += (w.x1 - w.x0) / max(len(w.text), 1)
        return (
            w.x0 >= self.x0 - tol
            and w.y0 >= self.y0 - tol
            and w.x1 <= self.x1 + right_tol
            and w.y1 <= self.y1 + tol
        )


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def have_libreoffice() -> bool:
    """Whether soffice (or libreoffice) and pdftotext are on PATH."""
    return _soffice() is not None and shutil.which("pdftotext") is not None


_CACHE: list[Path] = []  # the session's folder of conversions, set by tests/conftest.py


def use_cache(folder: Path | None) -> None:
    """Keep conversions in folder for the rest of the session (None: convert every time).
    One folder serves every pytest-xdist worker of a session, so a file is converted once
    whichever worker asks first; the others wait for it."""
    _CACHE[:] = [] if folder is None else [folder]
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)


def _key(path: Path, fmt: str) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"{path.suffix.lower()}>{fmt}".encode())
    return digest.hexdigest()[:32]


def convert(files: Sequence[Path], fmt: str, outdir: Path,
            timeout: float | None = None) -> tuple[dict[Path, Path], str]:
    """Files converted by headless LibreOffice to fmt ("pdf", "pptx") into outdir, each as
    its own stem: {file: converted}, missing where LibreOffice failed, and what LibreOffice
    said. The same bytes are converted once per session (see use_cache); the rest in one
    soffice call, as one office converts many files much faster than many offices."""
    exe = _soffice()
    if exe is None:
        raise RuntimeError(SKIP_REASON)
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    files = [Path(f).resolve() for f in files]
    stems = [f.stem for f in files]
    if len(set(stems)) != len(stems):
        raise ValueError(f"two files would convert to the same name in {outdir}: {stems}")
    cache = _CACHE[0] if _CACHE else None
    keys = {f: _key(f, fmt) for f in files}
    done: dict[Path, Path] = {}
    with contextlib.ExitStack() as locks:
        if cache is not None:
            # one lock per file, taken in one order by every worker: no two convert it
            for key in sorted(set(keys.values())):
                locks.enter_context(FileLock(str(cache / f"{key}.lock")))
        todo = [f for f in files if cache is None or not (cache / f"{keys[f]}.{fmt}").is_file()]
        said = _soffice_convert(exe, todo, fmt, outdir, timeout) if todo else ""
        for f in files:
            out = outdir / f"{f.stem}.{fmt}"
            if f in todo:
                if not out.is_file():
                    continue
                if cache is not None:
                    shutil.copyfile(out, cache / f"{keys[f]}.{fmt}")
            else:
                shutil.copyfile(cache / f"{keys[f]}.{fmt}", out)  # type: ignore[operator]
            done[f] = out
    return done, said


def _soffice_convert(exe: str, files: list[Path], fmt: str, outdir: Path,
                     timeout: float | None) -> str:
    for f in files:
        (outdir / f"{f.stem}.{fmt}").unlink(missing_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=outdir))
    cmd = [exe, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
           fmt, "--outdir", str(outdir), *map(str, files)]
    limit = timeout or max(RENDER_TIMEOUT_S, 30.0 * len(files))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"soffice timed out after {limit:.0f} s: {cmd}") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return (f"exit {proc.returncode}\ncommand: {' '.join(cmd)}\nstdout: {proc.stdout}\n"
            f"stderr: {proc.stderr}")


def render_pdf(pptx: Path, workdir: Path) -> Path:
    """PDF rendered by headless LibreOffice into workdir (raises on failure)."""
    done, said = convert([pptx], "pdf", workdir)
    if not done:  # soffice exits 0 even when the conversion failed
        raise RuntimeError(f"soffice produced no PDF ({said})")
    return next(iter(done.values()))


def _bbox_xhtml(pdf: Path, layout: bool = False) -> ET.Element:
    """pdftotext's word (or line) boxes of a PDF, read once per file version: the corpus
    asks for the same PDF's words from several checks."""
    st = Path(pdf).stat()
    return _bbox_of(str(Path(pdf).resolve()), st.st_mtime_ns, st.st_size, layout)


@functools.lru_cache(maxsize=64)
def _bbox_of(pdf: str, _mtime: int, _size: int, layout: bool) -> ET.Element:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise RuntimeError(SKIP_REASON)
    flag = "-bbox-layout" if layout else "-bbox"
    proc = subprocess.run([exe, flag, str(pdf), "-"], capture_output=True, timeout=120, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"pdftotext failed on {pdf}: {proc.stderr.decode(errors='replace')}")
    root = ET.fromstring(proc.stdout)
    for el in root.iter():  # drop the XHTML namespace
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    return root


def _word(el: ET.Element) -> Word:
    return Word(
        text=el.text or "",
        x0=float(el.get("xMin", 0)),
        y0=float(el.get("yMin", 0)),
        x1=float(el.get("xMax", 0)),
        y1=float(el.get("yMax", 0)),
    )


def pages(pdf: Path) -> list[Page]:
    """Page sizes in points."""
    root = _bbox_xhtml(pdf)
    return [Page(float(p.get("width", 0)), float(p.get("height", 0))) for p in root.iter("page")]


def words(pdf: Path) -> list[list[Word]]:
    """Words per page, boxes in points from the top-left corner."""
    root = _bbox_xhtml(pdf)
    return [[_word(w) for w in p.iter("word")] for p in root.iter("page")]


def lines(pdf: Path) -> list[list[Word]]:
    """Text lines per page (pdftotext -bbox-layout), each as one box with its text."""
    root = _bbox_xhtml(pdf, layout=True)
    out: list[list[Word]] = []
    for p in root.iter("page"):
        page_lines = []
        for ln in p.iter("line"):
            ws = [_word(w) for w in ln.iter("word")]
            page_lines.append(
                Word(
                    text=" ".join(w.text for w in ws),
                    x0=float(ln.get("xMin", 0)),
                    y0=float(ln.get("yMin", 0)),
                    x1=float(ln.get("xMax", 0)),
                    y1=float(ln.get("yMax", 0)),
                )
            )
        out.append(page_lines)
    return out


def _pt(emu: int | None) -> float:
    return Emu(emu or 0).pt


def _boxes(shapes: Iterable[BaseShape], dx: float = 0.0, dy: float = 0.0) -> list[Rect]:
    """Boxes of text-bearing shapes and graphic frames, group members included."""
    out: list[Rect] = []
    for sh in shapes:
        if sh.shape_type == MSO_SHAPE_TYPE.GROUP:
            out.extend(_boxes(sh.shapes, dx, dy))  # type: ignore[attr-defined]
            continue
        if sh.left is None or sh.width is None:
            continue  # inherited placeholder geometry: nothing to check against
        x0, y0 = dx + _pt(sh.left), dy + _pt(sh.top)
        x1, y1 = x0 + _pt(sh.width), y0 + _pt(sh.height)
        has_text = sh.has_text_frame and sh.text_frame.text.strip() != ""
        if has_text or isinstance(sh, GraphicFrame):  # charts, tables, diagrams
            out.append(Rect(sh.name, x0, y0, x1, y1))
    return out


def _fmt(w: Word) -> str:
    return f"({w.x0:.1f},{w.y0:.1f},{w.x1:.1f},{w.y1:.1f})"


def overflow_problems(pptx: Path, pdf: Path) -> list[str]:
    """Human-readable problems: words outside the slide or outside every text box."""
    prs = Presentation(str(pptx))
    sw, sh = _pt(prs.slide_width), _pt(prs.slide_height)
    problems: list[str] = []
    pdf_pages = pages(pdf)
    pdf_words = words(pdf)
    slides = list(prs.slides)
    if len(pdf_pages) != len(slides):
        problems.append(f"deck has {len(slides)} slides but the PDF has {len(pdf_pages)} pages")
    for i, (slide, page, ws) in enumerate(zip(slides, pdf_pages, pdf_words, strict=False), start=1):
        if abs(page.width - sw) > PAGE_SIZE_TOL_PT or abs(page.height - sh) > PAGE_SIZE_TOL_PT:
            problems.append(
                f"slide {i}: PDF page is {page.width:.1f}x{page.height:.1f} pt, "
                f"slide is {sw:.1f}x{sh:.1f} pt"
            )
            continue
        slide_rect = Rect("slide", 0.0, 0.0, sw, sh)
        boxes = _boxes(slide.shapes)
        for w in ws:
            if not w.text.strip():
                continue
            if not slide_rect.contains(w, SLIDE_TOL_PT):
                problems.append(f"slide {i}: word {w.text!r} at {_fmt(w)} outside the slide")
            elif not any(b.contains(w, BOX_TOL_PT) for b in boxes):
                problems.append(f"slide {i}: word {w.text!r} at {_fmt(w)} outside every text box")
    return problems


# -- contrast on the rendered page ----------------------------------------------------------
CONTRAST_DPI = 72
"""Resolution the pages are rasterised at for the contrast check: 10 pt strokes stay
about a pixel wide, enough for their ink to show through antialiasing."""

RENDERED_RATIO = 3.0
"""The least contrast between a rendered line's ink and what surrounds it. Lower than
WCAG's 4.5:1 because antialiasing mixes ink into the background at the edges of strokes;
black on navy (1.8:1) or white on a pale glow fails it, any colour chosen to read passes."""


def _ratio(a: float, b: float) -> float:
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def rendered_contrast(pdf: Path, workdir: Path, minimum: float = RENDERED_RATIO,
                      dpi: int = CONTRAST_DPI,
                      skip: Callable[[int, Word], bool] | None = None) -> list[str]:
    """Lines of text whose ink, as LibreOffice rendered it, contrasts less than minimum
    with the pixels just around the line (their median luminance: the background the
    reader sees, picture, gradient or art included); ``skip(slide, line)`` leaves lines
    out (the template's own texts)."""
    import numpy as np
    from PIL import Image

    workdir.mkdir(parents=True, exist_ok=True)
    prefix = workdir / "page"
    # plain PPM: writing PNG (compressing every page) took most of pdftoppm's time
    subprocess.run(["pdftoppm", "-r", str(dpi), str(pdf), str(prefix)], check=True,
                   capture_output=True, timeout=RENDER_TIMEOUT_S)
    images = sorted(workdir.glob("page-*.ppm"))
    scale = dpi / 72
    v = np.arange(256) / 255
    linear = np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
    weights = [(linear * k).astype(np.float32) for k in (0.2126, 0.7152, 0.0722)]
    problems = []
    for number, (png, page_lines) in enumerate(zip(images, lines(pdf), strict=False),
                                               start=1):
        with Image.open(png) as im:
            px = np.asarray(im.convert("RGB"))
        # relative luminance, a table per channel
        lum = weights[0][px[..., 0]] + weights[1][px[..., 1]] + weights[2][px[..., 2]]
        height, width = lum.shape
        pad = 3
        for ln in page_lines:
            x0, y0 = max(int(ln.x0 * scale), 0), max(int(ln.y0 * scale), 0)
            x1, y1 = min(int(ln.x1 * scale) + 1, width), min(int(ln.y1 * scale) + 1, height)
            if x1 - x0 < 2 or y1 - y0 < 2 or not ln.text.strip() or (
                    skip is not None and skip(number, ln)):
                continue
            ox, oy = max(x0 - pad, 0), max(y0 - pad, 0)
            region = lum[oy:min(y1 + pad, height), ox:min(x1 + pad, width)]
            mask = np.ones(region.shape, dtype=bool)
            mask[y0 - oy:y1 - oy, x0 - ox:x1 - ox] = False
            if not mask.any():
                continue
            back = float(np.median(region[mask]))
            inside = lum[y0:y1, x0:x1]
            ink = max((float(inside.max()), float(inside.min())),
                      key=lambda i: _ratio(i, back))
            ratio = _ratio(ink, back)
            if ratio < minimum:
                problems.append(f"slide {number}: {ratio:.2f}:1 {ln.text[:40]!r}")
    return problems


# -- pictures compared region by region -----------------------------------------------------
GRID = (8, 6)
"""Regions across and down a page (tests/test_svg_vs_libreoffice.py uses the same)."""
INK_LEVEL = 128
"""A pixel darker than this (grey, 0..255) counts as ink."""


def _tiles(a: Image.Image, grid: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    w, h = a.size
    return [(i * w // grid[0], j * h // grid[1], (i + 1) * w // grid[0], (j + 1) * h // grid[1])
            for j in range(grid[1]) for i in range(grid[0])]


def tile_similarity(a: Image.Image, b: Image.Image,
                    grid: tuple[int, int] = GRID) -> list[float]:
    """How alike each region of two pictures of one page is (b is scaled to a's size), row
    by row, by what the SVG comparison checks: 1 minus the larger of the difference in
    the share of ink pixels and the largest difference of the mean colour's channels (as a
    share of 255). 1.0 where they look the same; a missing or extra line of text, a shape
    or fill of another colour pull it down."""
    import numpy as np

    b = b.resize(a.size)
    ra = np.asarray(a.convert("RGB"), dtype=np.float64)
    rb = np.asarray(b.convert("RGB"), dtype=np.float64)
    ga = np.asarray(a.convert("L")) < INK_LEVEL
    gb = np.asarray(b.convert("L")) < INK_LEVEL
    out = []
    for x0, y0, x1, y1 in _tiles(a, grid):
        ink = abs(float(ga[y0:y1, x0:x1].mean()) - float(gb[y0:y1, x0:x1].mean()))
        mean = float(np.abs(ra[y0:y1, x0:x1].mean((0, 1)) - rb[y0:y1, x0:x1].mean((0, 1))).max())
        out.append(1.0 - max(ink, mean / 255))
    return out


SSIM_WINDOW = 7
"""Side of the square windows SSIM is computed over, in pixels."""


def _box_mean(a: np.ndarray, k: int) -> np.ndarray:
    """The mean over every k x k window (valid positions only), by summed-area table."""
    import numpy as np

    s = np.pad(a, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    return (s[k:, k:] - s[:-k, k:] - s[k:, :-k] + s[:-k, :-k]) / (k * k)


def tile_ssim(a: Image.Image, b: Image.Image, grid: tuple[int, int] = GRID) -> list[float]:
    """The mean structural similarity (SSIM, Wang et al. 2004, uniform 7 x 7 windows) of
    each region of two pictures of one page, row by row. Stricter than
    :func:`tile_similarity`: text drawn half a point aside already costs 0.1-0.2, so it is
    reported, not required."""
    import numpy as np

    b = b.resize(a.size)
    ga = np.asarray(a.convert("L"), dtype=np.float64)
    gb = np.asarray(b.convert("L"), dtype=np.float64)
    k, c1, c2 = SSIM_WINDOW, (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = _box_mean(ga, k), _box_mean(gb, k)
    var_a = _box_mean(ga * ga, k) - mu_a ** 2
    var_b = _box_mean(gb * gb, k) - mu_b ** 2
    cov = _box_mean(ga * gb, k) - mu_a * mu_b
    m = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) *
                                                      (var_a + var_b + c2))
    h, w = m.shape
    return [float(m[j * h // grid[1]:(j + 1) * h // grid[1],
                    i * w // grid[0]:(i + 1) * w // grid[0]].mean())
            for j in range(grid[1]) for i in range(grid[0])]
