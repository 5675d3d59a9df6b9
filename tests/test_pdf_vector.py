"""Charts drawn into the PDF from matplotlib's SVG by deckgen.pdf.vector, checked against
fpdf2's own SVG reader (a second implementation) through poppler's rasteriser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from deckgen import charts
from deckgen.pdf import vector, writer
from deckgen.pdf.ops import Document, Page
from deckgen.pdf.ops import Image as ImageOp
from deckgen.plan import DEFAULT_PALETTE, ChartSpec
from deckgen.primitives import Rect

POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                             reason="poppler-utils (pdftoppm) is needed")

SPECS = [
    ChartSpec("bar", "bar", ("美国", "中国", "其他"), (("算力占比", (32.0, 26.0, 42.0)),), "%",
              False, False, DEFAULT_PALETTE, "zh-CN"),
    ChartSpec("line", "line", ("2020", "2021", "2022", "2023"),
              (("US", (1.0, 3.0, 2.0, 5.0)), ("CN", (2.0, 2.5, 4.0, 4.5))), None, True,
              False, DEFAULT_PALETTE, "en"),
    ChartSpec("pie", "pie", ("a", "b", "c"), (("s", (5.0, 3.0, 2.0)),), None, False, False,
              DEFAULT_PALETTE, "en"),
]


def _page(pdf: bytes, tmp: Path, name: str) -> Image.Image:
    (tmp / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(tmp / f"{name}.pdf"),
                    str(tmp / name)], check=True, timeout=120)
    return Image.open(tmp / f"{name}.png").convert("RGB")


@POPPLER
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.type)
def test_a_chart_draws_as_fpdf2_draws_its_svg(spec: ChartSpec, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    svg = charts.draw(spec, 6, 3.5, fmt="svg")
    assert vector.drawing(svg).ops  # inside the dialect: drawn by deckgen

    def doc() -> Document:
        return Document("t", (), "en", [Page(500, 320, [
            ImageOp(Rect(20, 30, 450, 262.5), svg, True, "a chart")])])

    ours = _page(writer.write_pdf(doc()), tmp_path, "ours")

    def refuse(_: bytes) -> vector.Drawing:
        raise vector.Unsupported("test")

    monkeypatch.setattr(vector, "drawing", refuse)
    theirs = _page(writer.write_pdf(doc()), tmp_path, "theirs")
    assert ours.size == theirs.size
    diff = ImageChops.difference(ours, theirs).convert("L")
    # anti-aliasing of edges differs by a few grey levels; a misplaced or missing part
    # would differ by far more
    assert ImageStat.Stat(diff).mean[0] < 1.5
    assert sum(diff.histogram()[129:]) < 0.002 * ours.size[0] * ours.size[1]
    blank = ImageStat.Stat(ImageChops.difference(ours, Image.new("RGB", ours.size, "white"))
                           .convert("L")).mean[0]
    assert blank > 3  # something was drawn


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M 0 0 L 5 5" '
    b'style="fill:#ff0000;opacity:0.5"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="m 0 0 l 5 5"/>'
    b'</svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="3"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 0 L5 5" '
    b'style="stroke:#000000;stroke-dasharray:1,2"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0 L5 5"/></svg>',
    b"not xml",
], ids=["opacity", "relative", "circle", "dashes", "no-viewbox", "not-xml"])
def test_what_the_reader_does_not_draw_is_left_to_fpdf2(svg: bytes) -> None:
    with pytest.raises(vector.Unsupported):
        vector.drawing(svg)


def test_a_path_and_its_transforms_become_pdf_operators() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
           b'<g transform="translate(10 20) scale(2)"><path d="M 0 0 L 4 0 Q 4 3 1 3 z" '
           b'style="fill:#ff0000;stroke:none"/></g></svg>')
    d = vector.drawing(svg)
    # the quadratic (4,0)-(4,3)-(1,3) as a cubic: controls 2/3 of the way from each end
    # towards (4,3): (4,2) and (3,3)
    assert d == vector.Drawing(100, 50, (
        "q 2 0 0 2 10 20 cm 1 0 0 rg 0 0 m 4 0 l 4 2 3 3 1 3 c h f Q",))
    assert vector.operators(d, Rect(0, 0, 200, 100), 300) == (
        "q 2 0 0 -2 0 300 cm q 2 0 0 2 10 20 cm 1 0 0 rg 0 0 m 4 0 l 4 2 3 3 1 3 c h f Q Q")


def test_a_drawing_is_kept_by_the_svgs_content_and_a_bad_entry_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deckgen import __version__, shelf

    svg = charts.draw(SPECS[1], 6, 3.5, fmt="svg")
    made = vector.drawing(svg)
    assert vector.kept(svg, tmp_path) == made  # drawn and kept
    with monkeypatch.context() as m:
        m.setattr(vector, "drawing", lambda _svg: pytest.fail("drawn again"))
        assert vector.kept(svg, tmp_path) == made  # read back
        m.setattr(vector, "FORMAT", vector.FORMAT + 1)  # the drawing code changed
        with pytest.raises(pytest.fail.Exception, match="drawn again"):
            vector.kept(svg, tmp_path)
    other = svg.replace(b"#1f77b4", b"#123456") if b"#1f77b4" in svg else svg + b" "
    assert vector.kept(other, tmp_path) == vector.drawing(other)  # other content: drawn
    entry = tmp_path / "drawings" / shelf.key_of("chart drawing", __version__,
                                                 str(vector.FORMAT), svg)
    assert entry.is_file()
    # an entry that would put more than paint operators into a page is not used
    shelf.put(tmp_path, "drawings", entry.name,
              b'{"width": 1.0, "height": 1.0, "ops": ["q (evil) Tj Q"]}')
    assert vector.kept(svg, tmp_path) == made
    entry.write_bytes(entry.read_bytes()[:-3])  # damaged: dropped, drawn again
    assert vector.kept(svg, tmp_path) == made
