"""Pictures where the template wants them, and the logo: a picture fills the layout's
picture placeholder (a p:pic that keeps the placeholder, cropped with a:srcRect around its
focal point, alt text kept), pictures fill their columns, the SVG preview draws the same
crop; the logo sits in one corner of every content slide, clear of text. Crops are checked
against numbers worked out by hand, and LibreOffice's rendering of the deck against the
source picture cropped by those numbers."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.shapes.picture import CT_Picture
from pptx.util import Pt

import rendercheck
from deckgen import pipeline
from deckgen.deckplan import Picture
from deckgen.errors import OutlineError
from deckgen.layout.pictures import fill_crop
from deckgen.primitives import Rect
from deckgen.svg import Assets, slide_svg
from test_layout_choice import BEEHIVE, valid_on_template

BANDS = ("#E6194B", "#3CB44B", "#FFE119", "#4363D8", "#F58231", "#911EB4", "#46F0F0",
         "#F032E6")
"""Eight vertical bands of 200 × 600 pixels: where a crop cuts shows in the colours."""
PIC_EMU = (1792288, 612775, 5486400, 4114800)
"""The picture placeholder of python-pptx's "Picture with Caption" (its slideLayout9.xml)."""
PIC_BOX = Rect(*(v / 12700 for v in PIC_EMU))


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))


def bands(path: Path, size: tuple[int, int] = (1600, 600)) -> Path:
    im = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(im)
    step = size[0] // len(BANDS)
    for i, colour in enumerate(BANDS):
        draw.rectangle([i * step, 0, (i + 1) * step - 1, size[1] - 1], fill=colour)
    im.save(path)
    return path


def logo(path: Path) -> Path:
    """A 2:1 logo: a dark blue disc and a red bar on transparency."""
    im = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    draw.ellipse([0, 0, 199, 199], fill="#1F4E79")
    draw.rectangle([210, 50, 399, 150], fill="#B22222")
    im.save(path)
    return path


def test_a_picture_is_cropped_to_fill_around_its_focus() -> None:
    box = Rect(0, 0, 432, 324)  # 4:3; the picture is 8:3, so half its width stays
    assert fill_crop((1600, 600), box, (0.5, 0.5)) == (0.25, 0.0, 0.25, 0.0)
    assert fill_crop((1600, 600), box, (0.9, 0.5)) == (0.5, 0.0, 0.0, 0.0)  # slid back in
    assert fill_crop((1600, 600), box, (0.1, 0.2)) == (0.0, 0.0, 0.5, 0.0)
    assert fill_crop((1600, 600), box, (0.6, 0.5)) == (0.35, 0.0, 0.15, 0.0)
    # a tall picture (3:8) keeps 9/32 of its height: 23/64 cut above and below the middle
    assert fill_crop((600, 1600), box, (0.5, 0.5)) == (0.0, 0.359375, 0.0, 0.359375)
    assert fill_crop((600, 1600), box, (0.5, 0.0)) == (0.0, 0.0, 0.0, 0.71875)
    assert fill_crop((800, 600), box, (0.9, 0.9)) == (0.0, 0.0, 0.0, 0.0)  # same shape


TALK = """\
deck:
  title: Pictures
  language: en
  agenda: false
  closing: false
  theme: {{template: tpl.pptx, aspect: "4:3"{logo}}}
chapters:
  - title: One
    slides:
      - title: Focused
        layout: Picture with Caption
        image: {{path: bands.png, caption: Eight bands, alt: Eight coloured bands,
                focus: [0.9, 0.5]}}
        notes: n
      - title: Centred
        layout: picture with caption
        image: {{path: bands.png, alt: Eight coloured bands}}
        notes: n
      - title: As before
        image: {{path: bands.png, alt: Eight coloured bands}}
        notes: n
      - title: Side by side
        layout: Picture with Caption
        columns:
          - {{heading: Left, image: {{path: bands.png, alt: Bands, focus: [0, 0.5]}}}}
          - {{heading: Right, image: {{path: tall.png, alt: Tall bands}}}}
        notes: n
      - title: Words
        bullets: [one, two]
        notes: n
"""


def _talk(folder: Path, with_logo: str = "") -> Path:
    Presentation().save(str(folder / "tpl.pptx"))
    bands(folder / "bands.png")
    bands(folder / "tall.png", (600, 1600))
    path = folder / "outline.yaml"
    path.write_text(TALK.format(logo=with_logo), encoding="utf-8")
    return path


def test_the_picture_fills_the_layouts_placeholder(folder: Path, ooxml_validator) -> None:
    report = pipeline.build(_talk(folder), folder / "out.pptx")
    prs = Presentation(str(folder / "out.pptx"))
    focused, centred, before = prs.slides[2], prs.slides[3], prs.slides[4]
    for slide, crop in ((focused, (0.5, 0.0, 0.0, 0.0)), (centred, (0.25, 0.0, 0.25, 0.0))):
        pic = next(sh for sh in slide.placeholders if sh.placeholder_format.type
                   == PP_PLACEHOLDER.PICTURE)
        assert pic.shape_type is not None and pic._element.tag.endswith("}pic")
        assert pic.placeholder_format.idx == 1
        assert (pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom) == crop
        assert (pic.left, pic.top, pic.width, pic.height) == PIC_EMU
        assert pic._element.xpath("./p:nvPicPr/p:cNvPr/@descr") == ["Eight coloured bands"]
    caption = next(sh for sh in focused.placeholders if sh.placeholder_format.idx == 2)
    assert caption.text_frame.text == "Eight bands"
    # a layout without a picture placeholder: scaled into the body as before, no crop
    plain = next(sh for sh in before.shapes if sh.name.startswith("Picture"))
    assert not plain.is_placeholder and plain._element.xpath(".//a:srcRect") == []
    assert abs(plain.width / plain.height - 1600 / 600) < 0.01
    shapes = report.plan.slides[4].shapes
    assert [s.crop for s in shapes if isinstance(s, Picture)] == [None]
    ooxml_validator(folder / "out.pptx")


def test_pictures_fill_their_columns(folder: Path, ooxml_validator) -> None:
    report = pipeline.build(_talk(folder), folder / "out.pptx")
    plan = report.plan.slides[5]
    left, right = [s for s in plan.shapes if isinstance(s, Picture)]
    # the first takes the layout's picture placeholder, the second is a picture of its own
    assert (left.placeholder, right.placeholder) == (1, None)
    for pic, (iw, ih), focus in ((left, (1600, 600), 0.0), (right, (600, 1600), 0.5)):
        box = pic.box
        if iw / ih > box.w / box.h:
            kept = (box.w / box.h) / (iw / ih)
            start = min(max(focus - kept / 2, 0.0), 1 - kept)
            want = (start, 0.0, 1 - kept - start, 0.0)
        else:
            kept = (iw / ih) / (box.w / box.h)
            want = (0.0, (1 - kept) / 2, 0.0, (1 - kept) / 2)
        assert pic.crop == pytest.approx(want, abs=1e-6)
    heads = [s.box for s in plan.shapes if s.name.startswith("Column heading")]
    assert left.box.x == heads[0].x and right.box.x == heads[1].x  # under their headings
    slide = Presentation(str(folder / "out.pptx")).slides[5]
    held = [sh for sh in slide.shapes if sh.is_placeholder
            and sh.placeholder_format.type == PP_PLACEHOLDER.PICTURE]
    assert [sh.name for sh in held] == ["Column 1 picture bands.png"]
    ooxml_validator(folder / "out.pptx")


def test_the_preview_draws_the_crop(folder: Path) -> None:
    report = pipeline.check(_talk(folder))
    assert report.template is not None
    svg = slide_svg(report.plan.slides[2], report.plan, report.template,
                    Assets(folder / "svg-cache"))
    assert '<svg x="141.13" y="48.25" width="432" height="324" viewBox="0.5 0 0.5 1" ' \
           'preserveAspectRatio="none"><image x="0" y="0" width="1" height="1"' in svg


@pytest.mark.parametrize(("value", "message"), [
    ("focus: [1.5, 0.5]", "chapters[0].slides[0].image.focus[0]: 1.5 is outside 0..1; write "
     "a share of the picture's width or height, 0.5 its middle"),
    ("focus: [0.5]", "chapters[0].slides[0].image.focus: expected [x, y], two numbers from "
     "0 to 1, got 1 number"),
])
def test_a_focus_outside_the_picture_is_refused(folder: Path, value: str,
                                                message: str) -> None:
    bands(folder / "b.png")
    path = folder / "o.yaml"
    path.write_text(textwrap.dedent(f"""\
        deck: {{title: T}}
        chapters:
          - title: C
            slides:
              - title: S
                image: {{path: b.png, {value}}}
        """), encoding="utf-8")
    with pytest.raises(OutlineError) as err:
        pipeline.check(path)
    assert message in str(err.value).splitlines()[0]


def test_a_column_has_bullets_or_a_picture(folder: Path) -> None:
    bands(folder / "b.png")
    path = folder / "o.yaml"
    path.write_text(textwrap.dedent("""\
        deck: {title: T}
        chapters:
          - title: C
            slides:
              - title: S
                columns:
                  - {heading: A, bullets: [x], image: b.png}
                  - {heading: B}
        """), encoding="utf-8")
    with pytest.raises(OutlineError) as err:
        pipeline.check(path)
    assert str(err.value).splitlines()[:2] == [
        "o.yaml:7:13: chapters[0].slides[0].columns[0]: a column needs `bullets` or `image`; "
        "it has both",
        "o.yaml:8:13: chapters[0].slides[0].columns[1]: a column needs `bullets` or `image`; "
        "it has neither"]


def test_the_logo_is_in_one_corner_of_every_content_slide(folder: Path,
                                                        ooxml_validator) -> None:
    logo(folder / "logo.png")
    report = pipeline.build(_talk(folder, ", logo: logo.png"), folder / "out.pptx")
    spots = {}
    for sl in report.plan.slides:
        found = [s for s in sl.shapes if s.name == "Logo"]
        if sl.kind in ("title", "section"):
            assert found == []
            continue
        assert len(found) == 1, sl.number
        spot = found[0]
        assert isinstance(spot, Picture) and spot.decorative and spot.alt is None
        spots[sl.number] = spot.box
        near = Rect(spot.box.x - 4, spot.box.y - 4, spot.box.w + 8, spot.box.h + 8)
        assert not [s.name for s in sl.shapes if s is not spot and s.box.overlaps(near)]
    assert len(set(spots.values())) == 1 and len(spots) == 5
    box = next(iter(spots.values()))
    # 7.5 % of the slide's height, twice as wide, flush with the title's right edge
    assert (box.w, box.h) == (81.0, 40.5) and box.x + box.w == 684.0
    prs = Presentation(str(folder / "out.pptx"))
    logos = [sh for s in prs.slides for sh in s.shapes if sh.name == "Logo"]
    assert len(logos) == 5 and len({sh.image.sha1 for sh in logos}) == 1
    mark = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
    assert all([el.get("val") for el in sh._element.iter(mark)] == ["1"] for sh in logos)
    ooxml_validator(folder / "out.pptx")


def test_a_slide_without_room_for_the_logo_goes_without(folder: Path) -> None:
    """A layout named for one slide draws a picture of its own where the logo goes."""
    logo(folder / "logo.png")
    path = _talk(folder, ", logo: {path: logo.png, alt: School crest}")
    prs = Presentation(str(folder / "tpl.pptx"))
    two = next(lay for lay in prs.slide_layouts if lay.name == "Two Content")
    _, rid = two.part.get_or_add_image_part(str(folder / "bands.png"))
    two.shapes._spTree.append(CT_Picture.new_pic(900, "Crest", "", rid, *(
        int(Pt(v)) for v in (560, 30, 150, 70))))
    prs.save(str(folder / "tpl.pptx"))
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      - title: Words\n", "      - title: Words\n        layout: Two Content\n"),
        encoding="utf-8")
    report = pipeline.check(path)
    assert "slide 7 'Words': no room for the logo at the top right: the template's art is " \
           "there; left out on this slide" in report.warnings
    assert not [s for s in report.plan.slides[6].shapes if s.name == "Logo"]
    assert [s.alt for s in report.plan.slides[2].shapes if s.name == "Logo"] == ["School crest"]


# -------------------------------------------------------------------- rendered by LibreOffice

DPI = 144  # two pixels a point


def _page(pdf: Path, n: int, work: Path) -> Image.Image:
    stem = work / f"page{n}"
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(n), "-l", str(n),
                    "-singlefile", str(pdf), str(stem)], check=True, timeout=120)
    with Image.open(stem.with_suffix(".png")) as im:
        return im.convert("RGB")


def _region(page: Image.Image, box: Rect, inset: float = 0.0) -> Image.Image:
    k = DPI / 72
    return page.crop((round((box.x + inset) * k), round((box.y + inset) * k),
                      round((box.right - inset) * k), round((box.bottom - inset) * k)))


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel (0..255) of two pictures at one small size."""
    size = (96, 72)
    diff = ImageChops.difference(a.resize(size, Image.Resampling.BOX),
                                 b.resize(size, Image.Resampling.BOX))
    return sum(ImageStat.Stat(diff).mean) / 3


@pytest.mark.render
@pytest.mark.slow
def test_libreoffice_draws_the_placeholder_filled_without_distortion(folder: Path) -> None:
    if not rendercheck.have_libreoffice():
        pytest.skip(rendercheck.SKIP_REASON)
    logo(folder / "logo.png")
    report = pipeline.build(_talk(folder, ", logo: logo.png"), folder / "out.pptx")
    pdf = rendercheck.render_pdf(folder / "out.pptx", folder / "render")
    with Image.open(folder / "bands.png") as im:
        source = im.convert("RGB")
    # by hand: the box is 4:3, the picture 8:3, so 800 of its 1600 pixels stay in view;
    # focus 0.9 slides the window to the right edge, the centre keeps 400..1200
    for n, (x0, x1) in ((3, (800, 1600)), (4, (400, 1200))):
        page = _page(pdf, n, folder)
        drawn = _region(page, PIC_BOX, inset=1.0)
        want = source.crop((x0, 0, x1, 600)).crop((round(800 / 432), round(600 / 324),
                                                    800 - round(800 / 432),
                                                    600 - round(600 / 324)))
        assert _difference(drawn, want) < 12, n
        # the uncropped picture squeezed into the box would look nothing like it
        assert _difference(drawn, source) > 40, n
        # the picture covers the whole box: no white margin inside it
        r, g, b = drawn.resize((96, 72)).split()
        least = ImageChops.darker(ImageChops.darker(r, g), b)
        assert least.point(lambda v: 255 if v > 240 else 0).getbbox() is None, n
    # the logo on the bullets slide, drawn where the plan put it, no word over it
    spot = next(s.box for s in report.plan.slides[6].shapes if s.name == "Logo")
    page = _page(pdf, 7, folder)
    disc = _region(page, Rect(spot.x + spot.w * 0.1, spot.y + spot.h * 0.3,
                              spot.w * 0.25, spot.h * 0.4))
    assert ImageStat.Stat(disc).mean == pytest.approx([0x1F, 0x4E, 0x79], abs=12)
    words = rendercheck.words(pdf)
    for n, sl in enumerate(report.plan.slides):
        spots = [s.box for s in sl.shapes if s.name == "Logo"]
        for w in words[n] if spots else []:
            word = Rect(w.x0, w.y0, w.x1 - w.x0, w.y1 - w.y0)
            assert not word.overlaps(spots[0]), (n + 1, w.text)


@pytest.mark.render
@pytest.mark.slow
def test_libreoffice_template_logo_clear_of_text_on_every_content_slide(folder: Path) -> None:
    if not rendercheck.have_libreoffice():
        pytest.skip(rendercheck.SKIP_REASON)
    corpus = Path(__file__).resolve().parent / "outlines" / "corpus"
    for f in corpus.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "bee.pptx").write_bytes(BEEHIVE.read_bytes())
    logo(folder / "logo.png")
    text = (folder / "en.yaml").read_text(encoding="utf-8").replace(
        "    font: {latin: Georgia}\n",
        "    font: {latin: Georgia}\n    template: bee.pptx\n    logo: logo.png\n")
    (folder / "en.yaml").write_text(text, encoding="utf-8")
    report = pipeline.build(folder / "en.yaml", folder / "out.pptx")
    valid_on_template(folder / "out.pptx", BEEHIVE)
    pdf = rendercheck.render_pdf(folder / "out.pptx", folder / "render")
    words = rendercheck.words(pdf)
    content = [sl for sl in report.plan.slides if sl.kind not in ("title", "section",
                                                                  "closing")]
    spots = {next(s.box for s in sl.shapes if s.name == "Logo") for sl in content}
    assert len(spots) == 1
    spot = spots.pop()
    assert spot.x > report.plan.width / 2 and spot.y < report.plan.height / 4  # top right
    for sl in content:
        inked = [w.text for w in words[sl.number - 1]
                 if Rect(w.x0, w.y0, w.x1 - w.x0, w.y1 - w.y0).overlaps(spot)]
        assert inked == [], (sl.number, inked)
    page = _page(pdf, content[0].number, folder)
    disc = _region(page, Rect(spot.x + spot.w * 0.1, spot.y + spot.h * 0.3, spot.w * 0.25,
                              spot.h * 0.4))
    assert ImageStat.Stat(disc).mean == pytest.approx([0x1F, 0x4E, 0x79], abs=12)
