"""The SVG renderer draws exactly the positioned plan: boxes, lines, alt text, escaping."""

from __future__ import annotations

import base64
import io
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

import planfixtures as pf
from deckgen import svg
from deckgen.deckplan import DeckPlan, Slide, TextBox
from deckgen.primitives import Rect
from deckgen.style import BASELINE_EM
from deckgen.template.files import default_theme
from deckgen.template.info import TemplateInfo
from deckgen.template.opening import open_template

NS = {"s": "http://www.w3.org/2000/svg"}
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def info() -> TemplateInfo:
    return open_template(default_theme("16:9")).info


@pytest.fixture
def deck(tmp_path: Path) -> DeckPlan:
    return pf.deck(pf.write_picture(tmp_path / "pic.png"))


@pytest.fixture(scope="module")
def charts_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("charts")


@pytest.fixture
def assets(charts_cache: Path) -> svg.Assets:
    return svg.Assets(charts_cache)


def _tree(slide: Slide, deck: DeckPlan, info: TemplateInfo, assets: svg.Assets) -> etree._Element:
    return etree.fromstring(svg.slide_svg(slide, deck, info, assets).encode("utf-8"))


def _shape(root: etree._Element, name: str) -> etree._Element:
    found = root.xpath("//*[@data-name=$n]", n=name)
    assert len(found) == 1, name
    return found[0]


def _box(el: etree._Element) -> tuple[float, ...]:
    return tuple(float(el.get(a)) for a in ("x", "y", "width", "height"))


def _rect(r: Rect) -> tuple[float, ...]:
    return tuple(round(v, 2) for v in (r.x, r.y, r.w, r.h))


def test_valid_standalone_svg_at_slide_size(deck: DeckPlan, info: TemplateInfo,
                                            assets: svg.Assets) -> None:
    for slide in deck.slides:
        root = _tree(slide, deck, info, assets)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox") == "0 0 960 540"
        assert (root.get("width"), root.get("height")) == ("1280", "720")
        assert root.find("s:title", NS).text == slide.title
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"


def test_every_text_line_drawn_once_with_escaping(deck: DeckPlan, info: TemplateInfo,
                                                  assets: svg.Assets) -> None:
    slide = deck.slides[1]
    root = _tree(slide, deck, info, assets)
    drawn = [t.text for t in root.iterfind(".//s:text", NS) if t.get("aria-hidden") != "true"]
    expected = [pf.TITLE, *pf.BULLETS, "Sub point, centred", "国家", "算力", "美国", "32%",
                "中国", "26%", "Fill & anchor: middle", "2"]
    assert sorted(drawn) == sorted(expected)
    raw = svg.slide_svg(slide, deck, info, assets)
    assert "&lt;&amp;\"AI\"&gt;" in raw  # title text escaped (quotes are fine in text)
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
               for t in root.iterfind(".//s:text", NS) if t.get("aria-hidden") != "true")


def test_shapes_at_the_plans_boxes(deck: DeckPlan, info: TemplateInfo, assets: svg.Assets) -> None:
    slide = deck.slides[1]
    root = _tree(slide, deck, info, assets)
    for name in ("Picture", "Logo", "Chart"):
        shape = next(s for s in slide.shapes if s.name == name)
        image = _shape(root, name).find("s:image", NS)
        assert _box(image) == _rect(shape.box)
        assert image.get("preserveAspectRatio") == "none"
    accent = next(s for s in slide.shapes if s.name == "Accent")
    assert _box(_shape(root, "Accent")) == _rect(accent.box)
    caption = next(s for s in slide.shapes if s.name == "Caption")
    assert isinstance(caption, TextBox)
    fill = _shape(root, "Caption").find("s:rect", NS)
    assert _box(fill) == _rect(caption.box) and fill.get("fill") == caption.fill
    table = _shape(root, "Table")
    cells = table.findall("s:rect", NS)
    assert [_box(c) for c in cells[:3]] == [(480, 111.6, 150, 30), (630, 111.6, 250, 30),
                                            (480, 141.6, 150, 30)]
    assert cells[0].get("fill") == "#B22222" and cells[4].get("fill") == "none"


def test_text_positions_follow_insets_anchor_margins_and_alignment(
        deck: DeckPlan, info: TemplateInfo, assets: svg.Assets) -> None:
    slide = deck.slides[1]
    root = _tree(slide, deck, info, assets)
    body = _shape(root, "Body")
    texts = body.findall("s:text", NS)
    bullet, first, bullet2, second, third, sub = texts
    assert float(bullet2.get("x")) == float(bullet.get("x"))
    left = 43.2 + 7.2  # box x + left inset
    assert float(bullet.get("x")) == pytest.approx(left) and bullet.text == "•"
    assert bullet.get("fill") == "#B22222" and bullet.get("aria-hidden") == "true"
    assert float(first.get("x")) == pytest.approx(left + 22.5)
    top = 111.6 + 3.6  # the first paragraph's space before is left out, as LibreOffice does
    assert float(first.get("y")) == pytest.approx(top + 24 * 1.2 - BASELINE_EM * 24, abs=0.01)
    # second paragraph: 10 pt before it, then two lines 28.8 pt apart at the same margin
    y2 = top + 28.8 + 10 + 28.8 - BASELINE_EM * 24
    assert float(second.get("y")) == pytest.approx(y2, abs=0.01)
    assert float(third.get("y")) == pytest.approx(y2 + 28.8, abs=0.01)
    assert second.get("x") == third.get("x") == first.get("x")
    # centred sub point: middle of the margin-adjusted text area
    assert sub.get("text-anchor") == "middle"
    assert float(sub.get("x")) == pytest.approx((left + 54 + 43.2 + 420 - 7.2) / 2, abs=0.01)
    assert first.get("font-size") == "24" and "Calibri" in first.get("font-family")
    # bottom-anchored title: its one line ends at the box's bottom less the inset
    title = _shape(root, "Title").find("s:text", NS)
    assert float(title.get("y")) == pytest.approx(25.2 + 61.2 - 3.6 - BASELINE_EM * 32, abs=0.01)
    assert title.get("font-weight") == "bold"
    # middle-anchored caption, right-aligned at the inner right edge
    cap = _shape(root, "Caption").find("s:text", NS)
    assert cap.get("text-anchor") == "end" and float(cap.get("x")) == pytest.approx(880 - 7.2)
    mid = 330 + 60 / 2
    assert float(cap.get("y")) == pytest.approx(mid - 16 * 1.2 / 2 + 16 * 1.2 - BASELINE_EM * 16, abs=0.01)


def test_slide_number_field_shows_the_slides_number(deck: DeckPlan, info: TemplateInfo,
                                                   assets: svg.Assets) -> None:
    slide = replace(deck.slides[1], number=17)
    number = _shape(_tree(slide, deck, info, assets), "Slide Number").find("s:text", NS)
    assert number.text == "17"


def test_alt_text_and_decorative_shapes(deck: DeckPlan, info: TemplateInfo,
                                        assets: svg.Assets) -> None:
    root = _tree(deck.slides[1], deck, info, assets)
    picture = _shape(root, "Picture")
    assert picture.get("role") == "img" and picture.find("s:title", NS).text == "一张蓝色的图片"
    chart = _shape(root, "Chart")
    assert chart.find("s:title", NS).text == "全球算力分布柱状图"
    assert chart.find("s:desc", NS).text == "bar chart. 算力占比: 美国 32%, 中国 26%, 其他 42%"
    assert _shape(root, "Logo").get("aria-hidden") == "true"
    assert _shape(root, "Accent").get("aria-hidden") == "true"


def test_pictures_embedded_from_the_file_and_chart_png(deck: DeckPlan, info: TemplateInfo,
                                                       assets: svg.Assets) -> None:
    root = _tree(deck.slides[1], deck, info, assets)
    href = _shape(root, "Picture").find("s:image", NS).get("href")
    assert href.startswith("data:image/png;base64,")
    with Image.open(io.BytesIO(base64.b64decode(href.split(",", 1)[1]))) as im:
        assert im.size == (40, 30)
    chart = _shape(root, "Chart").find("s:image", NS).get("href")
    with Image.open(io.BytesIO(base64.b64decode(chart.split(",", 1)[1]))) as im:
        # drawn at the box's size: 400 × 180 pt at charts.DPI
        assert abs(im.size[0] / im.size[1] - 400 / 180) < 0.02


def test_assets_encode_once_and_again_when_the_file_changes(tmp_path: Path) -> None:
    assets = svg.Assets(tmp_path / "cache")
    pic = pf.write_picture(tmp_path / "p.png")
    first = assets.image(pic)
    assert assets.image(pic) is first  # the same string object: not encoded again
    pf.write_picture(pic, (50, 30))
    import os

    st = pic.stat()
    os.utime(pic, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    again = assets.image(pic)
    assert again is not None and again != first
    assert assets.chart(pf.CHART, 4, 3) is assets.chart(pf.CHART, 4, 3)
    assert assets.image(tmp_path / "missing.png") is None


def test_assets_keep_only_the_recently_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg, "MAX_ASSETS", 2)
    assets = svg.Assets(tmp_path / "cache")
    pics = [pf.write_picture(tmp_path / f"p{i}.png") for i in range(3)]
    first = assets.image(pics[0])
    assets.image(pics[1])
    assert assets.image(pics[0]) is first  # used again: kept
    assets.image(pics[2])  # p1, the least recently used, goes
    assert assets.image(pics[0]) is first
    assert len(assets._uris) == 2 and ("image", str(pics[1])) not in {k[:2] for k in assets._uris}


def test_background_and_art_from_the_layout(deck: DeckPlan, info: TemplateInfo,
                                            assets: svg.Assets) -> None:
    root = _tree(deck.slides[0], deck, info, assets)  # the title layout: dark, a red band
    layout = info.layout("title")
    bg = root.find(".//s:rect[@data-kind='background']", NS)
    assert bg.get("fill") == layout.background and _box(bg) == (0, 0, 960, 540)
    # the default theme's art: filled rectangles, drawn as their outlines
    art = root.findall(".//s:path[@data-kind='art']", NS)
    drawn = []
    for a in art:
        xy = [float(v) for v in a.get("d").replace("M", "").replace("L", "").replace(
            "Z", "").split()]
        xs, ys = xy[0::2], xy[1::2]
        drawn.append(((round(min(xs), 1), round(min(ys), 1), round(max(xs) - min(xs), 1),
                       round(max(ys) - min(ys), 1)), a.get("fill")))
    assert drawn == [((round(a.box.x, 1), round(a.box.y, 1), round(a.box.w, 1),
                       round(a.box.h, 1)), a.fill) for a in layout.art if a.fill]
    assert len(drawn) == 2


def test_template_picture_background_embedded(tmp_path: Path, info: TemplateInfo) -> None:
    # a layout with a picture background and picture art, as a template describes it
    template = tmp_path / "t.pptx"
    import zipfile

    buf = io.BytesIO()
    Image.new("RGB", (16, 9), "#00FF00").save(buf, "PNG")
    with zipfile.ZipFile(template, "w") as z:
        z.writestr("ppt/media/image1.png", buf.getvalue())
        z.writestr("ppt/media/image2.emf", b"not for browsers")
    layout = replace(info.layout("content"), background_media="ppt/media/image1.png", art=(
        replace(info.layout("content").art[0], kind="picture", media="ppt/media/image1.png",
                pieces=()),
        replace(info.layout("content").art[0], kind="picture", media="ppt/media/image2.emf",
                fill="#123456", pieces=())))
    info2 = replace(info, layouts={**info.layouts, "content": layout})
    d = pf.deck(pf.write_picture(tmp_path / "pic.png"), template=template)
    root = _tree(d.slides[1], d, info2, svg.Assets(tmp_path / "c"))
    images = root.findall(".//s:image[@data-kind]", NS)
    kinds = [(i.get("data-kind"), i.get("href")[:22]) for i in images]
    assert kinds == [("background", "data:image/png;base64,"), ("art", "data:image/png;base64,")]
    # an EMF picture cannot be shown by a browser: its mean colour stands in
    assert root.find(".//s:rect[@data-kind='art']", NS).get("fill") == "#123456"


def test_backdrop_picture_replaces_drawn_art(deck: DeckPlan, info: TemplateInfo,
                                             assets: svg.Assets) -> None:
    assets.set_backdrop(info.digest, "title", b"\x89PNG fake")
    root = _tree(deck.slides[0], deck, info, assets)
    assert root.find(".//s:image[@data-kind='backdrop']", NS) is not None
    assert root.find(".//s:rect[@data-kind='art']", NS) is None
    assert root.find(".//s:path[@data-kind='art']", NS) is None


def test_font_family_has_twins_and_cjk_fallbacks() -> None:
    twins = dict(pf.TWINS)
    assert svg.font_family(pf.FONTS, twins) == (
        "Calibri, Carlito, 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', "
        "'Source Han Sans SC', sans-serif")
    assert svg.font_family(pf.Fonts("Arial", "DejaVu Sans"), twins).startswith(
        "Arial, 'Liberation Sans', 'DejaVu Sans', Carlito,")
    assert svg.font_family(pf.Fonts("Evil'};\"", "微软雅黑"), twins).startswith(
        "Evil, 微软雅黑, Carlito")


def test_right_to_left_paragraphs_read_from_the_right() -> None:
    from dataclasses import replace

    from lxml import etree

    from deckgen.deckplan import Paragraph, TextBox
    from deckgen.layout import placed
    from deckgen.primitives import Fonts, Insets, Rect

    para = Paragraph("שלום עולם", 20, ("שלום עולם",), "#000000", align="r", rtl=True,
                     line_height=24)
    box = TextBox("Body", "body", Rect(0, 0, 300, 60), (para,), Fonts(), Insets(0, 0, 0, 0))
    text = etree.fromstring(svg._textbox(placed(box), 1, {}).encode()).find(".//text")
    assert text is not None
    assert (text.get("direction"), text.get("text-anchor"), text.get("x")) == ("rtl", "start",
                                                                               "300")
    ltr = etree.fromstring(svg._textbox(placed(replace(box, paragraphs=(replace(
        para, rtl=False),))), 1, {}).encode()).find(".//text")
    assert ltr is not None and ltr.get("direction") is None and ltr.get("text-anchor") == "end"
