"""What a template's package may hold that a viewer cannot show or a reader would take two
ways: bullets drawn in symbol fonts, and zip entries that share a name (refused)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

import rendercheck
from deckgen import pipeline, svg
from deckgen.errors import OutlineError
from deckgen.safezip import PackageProblem
from deckgen.style import ARIAL_SYMBOLS, SYMBOL_TWINS, symbol_twin
from deckgen.template import files
from helpers import TEMPLATES

FONTS = Path("/usr/share/fonts/truetype")
LIBERATION_SANS = FONTS / "liberation2" / "LiberationSans-Regular.ttf"  # Arial's metric twin
DEJAVU_SANS = FONTS / "dejavu" / "DejaVuSans.ttf"  # what LibreOffice on Debian falls back to
OUTLINE = """\
deck:
  title: Symbols
  language: en
  theme: {{template: {template}}}
chapters:
  - title: One
    slides:
      - title: Two levels
        bullets:
          - text: first
            sub: [second]
        notes: n
"""


# -- symbol-font bullets --------------------------------------------------------------------
def test_symbol_font_bullets_have_unicode_twins() -> None:
    # Wingdings' and Symbol's codes as templates write them: U+F000 plus the font's byte
    # (LibreOffice), or the byte itself (PowerPoint's "§" for Wingdings' small square)
    assert symbol_twin("\uf02d", "Symbol") == ("−", "Arial")  # Symbol 0x2D: minus
    assert symbol_twin("\uf0b7", "Symbol") == ("•", "Arial")
    assert symbol_twin("\uf06c", "Wingdings") == ("●", "Arial")
    assert symbol_twin("§", "Wingdings") == ("▪", "Arial")
    assert symbol_twin("v", "wingdings") == ("❖", "Segoe UI Symbol")  # Arial has no ❖
    assert symbol_twin("Ø", "Wingdings") == ("➢", "Segoe UI Symbol")
    # a code of a symbol font without a twin: a plain bullet
    assert symbol_twin("\uf0e8", "Wingdings 3") == ("•", "Arial")
    # the U+F000 page in a font of letters: the symbol font meant is unknown
    assert symbol_twin("\uf0a7", None) == ("▪", "Arial")
    assert symbol_twin("\uf0b7", "Calibri") == ("•", "Arial")
    # real characters stay, in any font
    assert [symbol_twin(c, f) for c, f in (("•", "Arial"), ("l", "Arial"), ("–", None),
                                           ("", "Symbol"), ("ab", "Wingdings"))] == [None] * 5


@pytest.mark.skipif(not (LIBERATION_SANS.is_file() and DEJAVU_SANS.is_file()),
                    reason="needs fonts-liberation2 and fonts-dejavu-core (.ci/run installs "
                    "them)")
def test_each_twin_is_in_the_font_it_is_written_in() -> None:
    # read from the font files: what Arial's twin draws, and what the rest falls back to
    with TTFont(str(LIBERATION_SANS)) as a, TTFont(str(DEJAVU_SANS)) as b:
        arial, fallback = a.getBestCmap(), b.getBestCmap()
    twins = {c for table in SYMBOL_TWINS.values() for c in table.values()} | {"•"}
    assert sorted(c for c in ARIAL_SYMBOLS if ord(c) not in arial) == []
    assert sorted(c for c in twins if ord(c) not in fallback) == []
    assert twins >= ARIAL_SYMBOLS


def _bullets(xml: bytes) -> list[tuple[str | None, str]]:
    """(typeface, character) of every bullet character in a part, in document order; the
    typeface None where the level names none."""
    out = []
    for char in etree.fromstring(xml).iter(qn("a:buChar")):
        font = char.getprevious()
        face = font.get("typeface") if font is not None and font.tag == qn("a:buFont") \
            else None
        out.append((face, char.get("char")))
    return out


def test_a_template_s_symbol_bullets_reach_the_deck_as_characters(tmp_path: Path) -> None:
    shutil.copy(TEMPLATES / "lo-beehive.pptx", tmp_path / "t.pptx")
    with zipfile.ZipFile(tmp_path / "t.pptx") as z:
        before = _bullets(z.read("ppt/slideMasters/slideMaster2.xml"))
    # LibreOffice's Beehive: level 1 Wingdings' circle, level 2 Symbol's minus
    assert set(before) == {("Wingdings", "\uf06c"), ("Symbol", "\uf02d")}
    (tmp_path / "o.yaml").write_text(OUTLINE.format(template="t.pptx"), encoding="utf-8")
    report = pipeline.build(tmp_path / "o.yaml", tmp_path / "deck.pptx", use_cache=False)
    with zipfile.ZipFile(tmp_path / "deck.pptx") as z:
        parts = {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}
    found = {b for xml in parts.values() for b in _bullets(xml)}
    assert {c for _, c in found if "\uf000" <= c <= "\uf0ff"} == set()
    assert not any(re.search(rb'<a:buFont typeface="(Symbol|Wingdings)"', x)
                   for x in parts.values())
    master = parts["ppt/slideMasters/slideMaster1.xml"]  # the content master, put first
    assert set(_bullets(master)) == {("Arial", "●"), ("Arial", "−")}
    # the plan carries the characters, so the SVG preview draws them too
    slide = next(s for s in report.plan.slides if s.kind == "bullets")
    body = next(sh for sh in slide.shapes if sh.name == "Body")
    assert [p.bullet.char for p in body.paragraphs if p.bullet] == ["●", "−"]
    assert report.template is not None
    text = svg.slide_svg(slide, report.plan, report.template, svg.Assets(tmp_path / "svg"))
    assert ">●</text>" in text and ">−</text>" in text



@pytest.mark.render
def test_a_symbol_font_bullet_draws_in_a_font_ci_installs(tmp_path: Path) -> None:
    # Beehive's second level was Symbol's U+F02D: LibreOffice drew it in whatever font
    # answers for "Symbol" on the machine (OpenSymbol; with fonts-urw-base35, pulled in by
    # LibreOffice's recommended packages, Standard Symbols PS, which draws nothing there).
    # Now the slide names Arial only, so LibreOffice draws the bullet in Liberation Sans.
    if not rendercheck.have_libreoffice() or shutil.which("pdffonts") is None:
        pytest.skip(rendercheck.SKIP_REASON)
    shutil.copy(TEMPLATES / "lo-beehive.pptx", tmp_path / "t.pptx")
    (tmp_path / "o.yaml").write_text(OUTLINE.format(template="t.pptx"), encoding="utf-8")
    pipeline.build(tmp_path / "o.yaml", tmp_path / "deck.pptx", use_cache=False)
    pdf = rendercheck.render_pdf(tmp_path / "deck.pptx", tmp_path / "render")
    number, word = next((n, w) for n, page in enumerate(rendercheck.words(pdf), start=1)
                        for w in page if w.text == "second")
    listed = subprocess.run(["pdffonts", "-f", str(number), "-l", str(number), str(pdf)],
                            capture_output=True, text=True, timeout=60, check=True).stdout
    fonts = {line.split()[0].split("+")[-1] for line in listed.splitlines()[2:]}
    assert fonts == {"LiberationSans"}, listed
    # the bullet's ink, left of its text, at 144 dpi: the minus is about 12 x 2 pixels
    subprocess.run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", "144", "-gray",
                    str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    (page,) = tmp_path.glob("page*.pgm")
    with Image.open(page) as im:
        left = im.crop((int((word.x0 - 40) * 2), int(word.y0 * 2), int((word.x0 - 2) * 2),
                        int(word.y1 * 2)))
        dark = sum(left.histogram()[:rendercheck.INK_LEVEL])
    assert dark >= 12, f"the second-level bullet left of 'second' drew {dark} dark pixels"

# -- zip entries that share a name ----------------------------------------------------------
def _twice(data: bytes, seconds: dict[str, bytes]) -> bytes:
    """A package with a second entry after each entry named in seconds (zipfile allows it,
    with a warning)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout, pytest.warns(
            UserWarning, match="Duplicate name: ") as warned:
        for name, blob in entries:
            zout.writestr(name, blob)
            if name in seconds:
                zout.writestr(name, seconds[name])
    assert len(warned) == len(seconds)
    return out.getvalue()


def _python_pptx_template(title: str) -> bytes:
    prs = Presentation()
    prs.core_properties.title = title
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_a_template_with_two_parts_of_one_name_is_refused_in_one_line(folder: Path,
                                                                      suffix: str) -> None:
    # readers disagree on which copy counts (Python's zipfile and LibreOffice take the
    # last, others the first): refused before anything is read or written
    data = _python_pptx_template("first")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml")
        types = z.read("[Content_Types].xml")
    if suffix == ".potx":  # a template's main part: deckgen would repack the package
        data = _retyped(data, types.replace(b"presentation.main+xml", b"template.main+xml"))
    (folder / f"t{suffix}").write_bytes(_twice(data, {"docProps/core.xml": core.replace(
        b"first", b"second")}))
    (folder / "o.yaml").write_text(OUTLINE.format(template=f"t{suffix}"), encoding="utf-8")
    for run in (lambda: pipeline.build(folder / "o.yaml", folder / "deck.pptx"),
                lambda: pipeline.check(folder / "o.yaml")):
        with pytest.raises(OutlineError) as caught:
            run()
        assert [str(p) for p in caught.value.problems] == [
            f"o.yaml:4:21: deck.theme.template: 't{suffix}' holds two parts named "
            "docProps/core.xml, so it is damaged; open it in PowerPoint or LibreOffice and "
            "save it again"]
    assert sorted(p.name for p in folder.iterdir()) == ["o.yaml", f"t{suffix}"]


def test_every_reader_of_a_template_refuses_two_parts_of_one_name(tmp_path: Path) -> None:
    # read past validation too: the template's bytes for python-pptx, and the SVG
    # preview's pictures from the template
    red, blue = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(red, "PNG")
    Image.new("RGB", (4, 4), "blue").save(blue, "PNG")
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_picture(io.BytesIO(red.getvalue()),
                                                                  0, 0)
    out = io.BytesIO()
    prs.save(out)
    with zipfile.ZipFile(out) as z:
        (media,) = [n for n in z.namelist() if n.startswith("ppt/media/")]
    path = tmp_path / "t.pptx"
    path.write_bytes(_twice(out.getvalue(), {media: blue.getvalue()}))
    with pytest.raises(PackageProblem, match=f"'t.pptx' holds two parts named {media}, so"):
        files.presentation_bytes(files.read(path))
    assert svg.Assets(tmp_path / "svg").member(path, media) is None
    assert files.media(path, media) is None  # the PDF export's pictures


def _retyped(data: bytes, types: bytes) -> bytes:
    """A package with another [Content_Types].xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, blob in entries:
            zout.writestr(name, types if name == "[Content_Types].xml" else blob)
    return out.getvalue()
