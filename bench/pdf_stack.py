"""The measurement behind deckgen's PDF drawing stack: the same work, the sample's 36
positioned slides (every line of text in its fonts, rectangles, the timeline picture),
drawn into a PDF by each candidate, then rasterised to PNGs.

    .venv/bin/python bench/pdf_stack.py          # the candidates that are installed
    pip install skia-python                      # to measure skia-python too (not a dependency)

Prints, per candidate: CPU seconds (best of 3), PDF size, characters pdftotext extracts, and
how many fonts pdffonts lists and how many of them are embedded and subset. It only
measures; the figures and the choice are in bench/README.md."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from deckgen import fontset, pipeline  # noqa: E402
from deckgen.deckplan import DeckPlan, Picture, Rectangle, TextBox  # noqa: E402
from deckgen.fit import is_cjk  # noqa: E402

logging.getLogger("fontTools").setLevel(logging.ERROR)
Item = tuple  # ("text", x, y, size, bold, color, line) | ("rect", box, fill) | ("pic", box, path)


def _files(cjk: bool) -> dict[bool, Path]:
    return {b: fontset.cjk_font_path(b) if cjk else fontset.latin_font_path(b)
            for b in (False, True)}


def runs(line: str) -> list[tuple[bool, str]]:
    """A line cut where it changes between CJK and other characters."""
    out: list[list] = []
    for ch in line:
        k = is_cjk(ch)
        if out and out[-1][0] == k:
            out[-1][1] += ch
        else:
            out.append([k, ch])
    return [(k, t) for k, t in out]


def items(deck: DeckPlan) -> list[list[Item]]:
    """What each slide draws, in the simplest form every candidate can draw."""
    pages = []
    for s in deck.slides:
        page: list[Item] = []
        for sh in s.shapes:
            if isinstance(sh, Rectangle):
                page.append(("rect", sh.box, sh.fill))
            elif isinstance(sh, TextBox):
                if sh.fill:
                    page.append(("rect", sh.box, sh.fill))
                y = sh.box.y + sh.insets.top
                for p in sh.paragraphs:
                    for ln in p.lines or (p.text,):
                        y += p.line_height or p.size * 1.2
                        page.append(("text", sh.box.x + sh.insets.left + p.margin_left,
                                     y - 0.21 * p.size, p.size, p.bold, p.color, ln))
            elif isinstance(sh, Picture) and sh.path:
                page.append(("pic", sh.box, sh.path))
        pages.append(page)
    return pages


def _rgb(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def fpdf2(deck: DeckPlan, pages: list[list[Item]], shaping: bool = False,
          harfbuzz_subset: bool = False) -> bytes:
    """fpdf2, fonts subset by fontTools (as fpdf2 does), or first cut down by harfbuzz."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(deck.width, deck.height))
    pdf.set_auto_page_break(False)
    tmp = Path(tempfile.mkdtemp())
    chars = set("".join(it[6] for p in pages for it in p if it[0] == "text"))
    for bold in (False, True):
        for name, cjk in (("lat", False), ("cjk", True)):
            path = _files(cjk)[bold]
            if harfbuzz_subset:
                import uharfbuzz as hb

                wanted = hb.SubsetInput()
                for ch in chars:
                    wanted.unicode_set.add(ord(ch))
                face = hb.Face(hb.Blob.from_file_path(str(path)))
                path = tmp / f"{name}{int(bold)}{path.suffix}"
                path.write_bytes(hb.subset(face, wanted).blob.data)
            pdf.add_font(name, "B" if bold else "", str(path))
    if harfbuzz_subset:
        for f in pdf.fonts.values():
            f.ttfont.recalcBBoxes = False
    if shaping:
        pdf.set_text_shaping(True)
    for page in pages:
        pdf.add_page()
        for it in page:
            if it[0] == "rect":
                pdf.set_fill_color(*_rgb(it[2]))
                pdf.rect(it[1].x, it[1].y, it[1].w, it[1].h, style="F")
            elif it[0] == "pic":
                pdf.image(str(it[2]), it[1].x, it[1].y, it[1].w, it[1].h)
            else:
                _, x, y, size, bold, color, line = it
                pdf.set_text_color(*_rgb(color))
                for k, t in runs(line):
                    pdf.set_font("cjk" if k else "lat", "B" if bold else "", size)
                    pdf.text(x, y, t)
                    x += pdf.get_string_width(t)
    return bytes(pdf.output())


def _skia_draw(canvas: object, page: list[Item], faces: dict, images: dict) -> None:
    import skia

    for it in page:
        if it[0] == "rect":
            b = it[1]
            canvas.drawRect(skia.Rect.MakeXYWH(b.x, b.y, b.w, b.h),  # type: ignore[attr-defined]
                            skia.Paint(Color=skia.Color(*_rgb(it[2]))))
        elif it[0] == "pic":
            b = it[1]
            if it[2] not in images:
                images[it[2]] = skia.Image.MakeFromEncoded(
                    skia.Data.MakeFromFileName(str(it[2])))
            canvas.drawImageRect(images[it[2]],  # type: ignore[attr-defined]
                                 skia.Rect.MakeXYWH(b.x, b.y, b.w, b.h))
        else:
            _, x, y, size, bold, color, line = it
            paint = skia.Paint(Color=skia.Color(*_rgb(color)), AntiAlias=True)
            for k, t in runs(line):
                font = skia.Font(faces[(k, bold)], size)
                canvas.drawString(t, x, y, font, paint)  # type: ignore[attr-defined]
                x += font.measureText(t)


def _skia_faces() -> dict:
    import skia

    return {(k, b): skia.Typeface.MakeFromFile(str(_files(k)[b])) for k in (False, True)
            for b in (False, True)}


def skia_pdf(deck: DeckPlan, pages: list[list[Item]]) -> bytes:
    """skia-python's PDF backend."""
    import skia

    stream = skia.DynamicMemoryWStream()
    doc = skia.PDF.MakeDocument(stream)
    faces, images = _skia_faces(), {}
    for page in pages:
        with doc.page(deck.width, deck.height) as canvas:
            _skia_draw(canvas, page, faces, images)
    doc.close()
    return stream.detachAsData().bytes()


def pdfium_pngs(data: bytes, scale: float) -> list[bytes]:
    """pypdfium2 (PDFium) rasterising a PDF."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    out = []
    for i in range(len(doc)):
        buf = io.BytesIO()
        doc[i].render(scale=scale).to_pil().save(buf, "PNG")
        out.append(buf.getvalue())
    return out


def skia_pngs(deck: DeckPlan, pages: list[list[Item]], scale: float) -> list[bytes]:
    """skia-python drawing the same pages on raster surfaces."""
    import skia

    faces, images, out = _skia_faces(), {}, []
    for page in pages:
        surface = skia.Surface(int(deck.width * scale), int(deck.height * scale))
        with surface as canvas:
            canvas.clear(skia.ColorWHITE)
            canvas.scale(scale, scale)
            _skia_draw(canvas, page, faces, images)
        out.append(surface.makeImageSnapshot().encodeToData().bytes())
    return out


def best(f: Callable[[], object], n: int = 3) -> tuple[float, object]:
    """The least CPU time of n runs, and the last result."""
    times, result = [], None
    for _ in range(n):
        t = time.process_time()
        result = f()
        times.append(time.process_time() - t)
    return min(times), result


def _has(module: str) -> bool:
    try:
        __import__(module)
    except Exception as exc:  # skia-python without the system's libEGL: ImportError
        print(f"  {module}: not measured ({type(exc).__name__}: {exc})")
        return False
    return True


def main() -> int:
    """Measure every installed candidate."""
    deck = pipeline.check(ROOT / "outline.yaml").plan
    pages = items(deck)
    lines = sum(1 for p in pages for it in p if it[0] == "text")
    print(f"the sample: {len(pages)} slides, {lines} lines of text")
    candidates: list[tuple[str, Callable[[], bytes]]] = []
    if _has("fpdf"):
        candidates += [("fpdf2 (fontTools subsets)", lambda: fpdf2(deck, pages)),
                       ("fpdf2, shaped by uharfbuzz", lambda: fpdf2(deck, pages, True))]
        if _has("uharfbuzz"):
            candidates += [("fpdf2, fonts cut by harfbuzz first",
                            lambda: fpdf2(deck, pages, False, True)),
                           ("fpdf2, harfbuzz cut and shaping",
                            lambda: fpdf2(deck, pages, True, True))]
    if _has("skia"):
        candidates.append(("skia-python PDF", lambda: skia_pdf(deck, pages)))
    print(f"{'candidate':36} {'CPU s':>6} {'MB':>6} {'text':>6} {'fonts emb+sub/listed':>22}")
    made = {}
    for name, draw in candidates:
        seconds, data = best(draw)
        assert isinstance(data, bytes)
        made[name] = data
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True,
                                  text=True).stdout
            fonts = subprocess.run(["pdffonts", f.name], capture_output=True,
                                   text=True).stdout.splitlines()[2:]
        good = sum(1 for row in fonts if " yes yes " in row)
        print(f"{name:36} {seconds:6.3f} {len(data) / 1e6:6.2f} {len(text):6d} "
              f"{f'{good}/{len(fonts)}':>22}")
    scale = 96 / 72
    if made and _has("pypdfium2"):
        seconds, _ = best(lambda: pdfium_pngs(next(iter(made.values())), scale), 1)
        print(f"{'pypdfium2: 36 PNGs at 96 dpi':36} {seconds:6.3f}")
    if "skia-python PDF" in made:
        seconds, _ = best(lambda: skia_pngs(deck, pages, scale), 1)
        print(f"{'skia-python: 36 PNGs at 96 dpi':36} {seconds:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
