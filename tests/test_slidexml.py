"""deckgen.slidexml against python-pptx itself: the same calls on real presentations (python-
pptx's default, the shipped theme, LibreOffice-made templates and ones with odd placeholders)
give the same bytes for the whole slide or notes page."""

from __future__ import annotations

import copy
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_Slide
from pptx.shapes.picture import Picture
from pptx.util import Emu

from deckgen import slidexml as sx

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = [None, ROOT / "src/deckgen/themes/default-16x9.pptx",
             ROOT / "tests/templates/lo-beehive.pptx",
             ROOT / "tests/templates/lo-midnightblue.pptx"]
PLAIN = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
BODY = etree.XPath(".//p:sp[.//p:ph[@type='body']]/p:txBody",
                  namespaces={"p": "http://schemas.openxmlformats.org/presentationml/2006/main"})
ANCHOR = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}


def plain(el: etree._Element) -> etree._Element:
    """A copy parsed without python-pptx's element classes."""
    return etree.fromstring(etree.tostring(el), PLAIN)


def xml(el: etree._Element) -> bytes:
    return etree.tostring(el)


def png(w: int, h: int, colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (w, h), colour).save(out, "PNG")
    return out.getvalue()


def odd(prs: Presentation) -> Presentation:
    """The presentation with odd placeholders on its first layout: vertical and quarter-size
    ones, a large idx, an idx written "07", a picture placeholder without a size of its own,
    a footer among them (not cloned) and an extension list closing the layout's tree."""
    layout = prs.slide_layouts[0]
    tree = layout.shapes._spTree
    extra = (
        '<p:sp {ns}><p:nvSpPr><p:cNvPr id="90" name="v"/><p:cNvSpPr/><p:nvPr>'
        '<p:ph type="body" orient="vert" sz="quarter" idx="4294967295"/></p:nvPr></p:nvSpPr>'
        '<p:spPr/></p:sp>',
        '<p:sp {ns}><p:nvSpPr><p:cNvPr id="91" name="w"/><p:cNvSpPr/><p:nvPr>'
        '<p:ph orient="vert" idx="07"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>',
        '<p:sp {ns}><p:nvSpPr><p:cNvPr id="92" name="p"/><p:cNvSpPr/><p:nvPr>'
        '<p:ph type="pic" sz="half" idx="20"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>',
        '<p:sp {ns}><p:nvSpPr><p:cNvPr id="93" name="f"/><p:cNvSpPr/><p:nvPr>'
        '<p:ph type="ftr" idx="30"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>',
        '<p:sp {ns}><p:nvSpPr><p:cNvPr id="94" name="t"/><p:cNvSpPr/><p:nvPr>'
        '<p:ph type="tbl" idx="21"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="1" y="2"/>'
        '<a:ext cx="3000" cy="4000"/></a:xfrm></p:spPr></p:sp>',
        '<p:extLst {ns}><p:ext uri="{{X}}"/></p:extLst>')
    ns = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
    for text in extra:
        tree.append(etree.fromstring(text.format(ns=ns)))
    return prs


def presentations() -> Iterator[tuple[str, Presentation]]:
    for path in TEMPLATES:
        yield (path.name if path else "python-pptx"), Presentation(str(path) if path else None)
    yield "odd", odd(Presentation())


def mine_for(layout) -> etree._Element:
    sld = sx.new_slide()
    sx.clone_layout_placeholders(sx.shape_tree(sld), plain(layout.element))
    return sld


def test_a_new_slide_is_python_pptx_s() -> None:
    assert xml(sx.new_slide()) == xml(CT_Slide.new())


@pytest.mark.parametrize("name", [n for n, _ in presentations()])
def test_every_layout_clones_as_python_pptx_does(name: str) -> None:
    prs = dict(presentations())[name]
    count = 0
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        assert xml(mine_for(layout)) == xml(slide.element), layout.name
        count += 1
    assert count >= 7


def test_names_taken_and_ids_anywhere_in_the_slide_are_skipped() -> None:
    prs = Presentation()
    layout = prs.slide_layouts[3]  # two content
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank: nothing cloned
    timing = ('<p:timing xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
              '<p:tnLst><p:par><p:cTn id="40"/></p:par></p:tnLst></p:timing>')
    ours = sx.new_slide()
    for sld in (slide.element, ours):
        sld.append(etree.fromstring(timing, PLAIN))
    box = slide.shapes.add_textbox(1, 2, 3, 4)
    box.name = "Title 41"
    mine_box = sx.add_textbox(sx.shape_tree(ours), 1, 2, 3, 4)
    mine_box.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("name", "Title 41")
    slide.shapes.clone_layout_placeholders(layout)
    sx.clone_layout_placeholders(sx.shape_tree(ours), plain(layout.element))
    assert b'name="Title 42"' in xml(ours) and b'id="42"' in xml(ours)
    assert xml(ours) == xml(slide.element)


def test_shapes_go_before_an_extension_list_in_the_tree() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    ours = mine_for(prs.slide_layouts[5])
    ext = ('<p:extLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
           '<p:ext uri="{X}"/></p:extLst>')
    for sld in (slide.element, ours):
        sld.find(f"{qn('p:cSld')}/{qn('p:spTree')}").append(etree.fromstring(ext, PLAIN))
    slide.shapes.add_textbox(10, 20, 30, 40)
    slide.shapes.add_table(2, 3, 5, 6, 700, 800)
    tree = sx.shape_tree(ours)
    sx.add_textbox(tree, 10, 20, 30, 40)
    sx.add_table(tree, 2, 3, 5, 6, 700, 800)
    assert xml(ours) == xml(slide.element)
    assert tree[-1].tag == qn("p:extLst")


def _draw_pptx(slide, image: bytes) -> None:
    slide.shapes.add_textbox(Emu(100), Emu(200), Emu(3000), Emu(4000))
    rect = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(5), Emu(6), Emu(70), Emu(80))
    rect.fill.solid()
    rect.fill.fore_color.rgb = RGBColor.from_string("0A1B2C")
    rect.line.fill.background()
    pic = slide.shapes.add_picture(io.BytesIO(image), Emu(1), Emu(2), Emu(300), Emu(400))
    pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom = (0.1, 0.0, 0.25, 0.333333)
    frame = slide.shapes.add_table(3, 2, Emu(10), Emu(20), Emu(1001), Emu(2002))
    table = frame.table
    table.columns[0].width = Emu(400)
    table.columns[1].width = Emu(700)
    for r in range(3):
        table.rows[r].height = Emu(100 + r)
        for c in range(2):
            tc = table.cell(r, c)
            tc.margin_left, tc.margin_right = Emu(1), Emu(0)
            tc.margin_top, tc.margin_bottom = Emu(3), Emu(4)
            tc.vertical_anchor = ANCHOR[("t", "ctr", "b")[(r + c) % 3]]


def _draw_mine(sld: etree._Element, rid: str) -> None:
    tree = sx.shape_tree(sld)
    sx.add_textbox(tree, 100, 200, 3000, 4000)
    sx.add_rectangle(tree, 5, 6, 70, 80, "#0a1b2c")
    pic = sx.add_picture(tree, rid, "image.png", 1, 2, 300, 400)
    sx.set_crop(pic, 0.1, 0.0, 0.25, 0.333333)
    frame = sx.add_table(tree, 3, 2, 10, 20, 1001, 2002)
    sx.set_column_width(frame, 0, 400)
    sx.set_column_width(frame, 1, 700)
    for r in range(3):
        sx.set_row_height(frame, r, 100 + r)
        for c in range(2):
            tc = sx.cell(frame, r, c)
            sx.set_cell_margins(tc, 1, 0, 3, 4)
            sx.set_cell_anchor(tc, ("t", "ctr", "b")[(r + c) % 3])


@pytest.mark.parametrize("name", [n for n, _ in presentations()])
def test_shapes_after_the_placeholders_are_python_pptx_s(name: str) -> None:
    prs = dict(presentations())[name]
    for layout in list(prs.slide_layouts)[:4]:
        slide = prs.slides.add_slide(layout)
        ours = mine_for(layout)
        _draw_pptx(slide, png(30, 20))
        rid = slide.shapes[-2]._element.blip_rId
        _draw_mine(ours, rid)
        assert xml(ours) == xml(slide.element), layout.name
        assert b'<a:srgbClr val="0A1B2C"/>' in xml(ours)
        frame = sx.shape_tree(ours)[-1]
        assert frame.find(f"{qn('p:xfrm')}/{qn('a:ext')}").attrib == {"cx": "1100", "cy": "303"}


def test_a_table_shares_its_size_as_python_pptx_does() -> None:
    for rows, cols, w, h in ((1, 1, 5, 7), (4, 3, 1000, 10), (7, 9, 12345, 6789)):
        prs = Presentation()
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        frame = slide.shapes.add_table(rows, cols, Emu(1), Emu(2), Emu(w), Emu(h))
        ours = mine_for(prs.slide_layouts[6])
        mine = sx.add_table(sx.shape_tree(ours), rows, cols, 1, 2, w, h)
        assert xml(ours) == xml(slide.element)
        cell = frame.table.cell(rows - 1, cols - 1)._tc
        assert xml(sx.cell_body(sx.cell(mine, rows - 1, cols - 1))) == xml(cell.txBody)


def test_cell_margins_and_anchors_cleared_and_rewritten() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    tc = slide.shapes.add_table(1, 1, 0, 0, 10, 10).table.cell(0, 0)
    ours = mine_for(prs.slide_layouts[6])
    mine = sx.cell(sx.add_table(sx.shape_tree(ours), 1, 1, 0, 0, 10, 10), 0, 0)
    tc.vertical_anchor = MSO_ANCHOR.BOTTOM
    tc.margin_top = Emu(5)
    tc.margin_left = Emu(9)
    tc.vertical_anchor = None
    tc.margin_top = None
    tc.vertical_anchor = MSO_ANCHOR.MIDDLE
    sx.set_cell_anchor(mine, "b")
    sx.set_cell_margins(mine, None, None, 5, None)
    sx.set_cell_margins(mine, 9, None, None, None)
    sx.set_cell_anchor(mine, None)
    sx.set_cell_anchor(mine, "ctr")
    assert xml(ours) == xml(slide.element)
    assert b'<a:tcPr marL="9" anchor="ctr"/>' in xml(ours)
    for el in (tc._tc, mine):  # without a:tcPr: clearing adds none, setting adds one
        el.remove(el.find(qn("a:tcPr")))
    tc.vertical_anchor = None
    tc.margin_right = None
    sx.set_cell_anchor(mine, None)
    sx.set_cell_margins(mine, None, None, None, None)
    assert b"tcPr" not in xml(ours)
    tc.margin_bottom = Emu(2)
    sx.set_cell_margins(mine, None, None, None, 2)
    assert xml(ours) == xml(slide.element)
    assert b'<a:tcPr marB="2"/>' in xml(ours)


CROPS = st.lists(st.sampled_from([0.0, 0.0, 0.5, 0.125, -0.1, 1e-9, 0.3333333, 2.0]),
                 min_size=4, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=CROPS, second=CROPS)
def test_crops_over_crops(first: list[float], second: list[float]) -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    pic = slide.shapes.add_picture(io.BytesIO(png(4, 3)), 7, 8, 90, 100)
    ours = mine_for(prs.slide_layouts[6])
    mine = sx.add_picture(sx.shape_tree(ours), pic._element.blip_rId, "image.png", 7, 8, 90,
                          100)
    for crop in (first, second):
        pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom = crop
        sx.set_crop(mine, *crop)
        assert xml(ours) == xml(slide.element)


def _pic_layout(prs: Presentation, own_size: bool):
    layout = prs.slide_layouts[8]  # picture with caption
    if not own_size:  # the picture placeholder takes the master body's size
        sp = next(s for s in layout.placeholders if s.placeholder_format.type == 18)
        xfrm = sp._element.spPr.find(qn("a:xfrm"))
        sp._element.spPr.remove(xfrm)
    return layout


@pytest.mark.parametrize("own_size", [True, False])
@pytest.mark.parametrize("px", [(400, 100), (100, 400), (640, 480), (20, 17)])
@pytest.mark.parametrize("crop", [(0.0, 0.0, 0.0, 0.0), (0.1, 0.2, 0.3, 0.4),
                                  (0.0, 0.25, 0.0, 0.1), (0.3, 0.0, 0.2, 0.0),
                                  (0.0, 0.0, 0.5, 0.5)])
def test_a_picture_placeholder_filled_then_cropped(own_size: bool, px: tuple[int, int],
                                                   crop: tuple[float, ...]) -> None:
    prs = Presentation()
    layout = _pic_layout(prs, own_size)
    slide = prs.slides.add_slide(layout)
    ours = mine_for(layout)
    held = slide.placeholders[1]
    shape = held.insert_picture(io.BytesIO(png(*px)))
    shape.crop_left, shape.crop_top, shape.crop_right, shape.crop_bottom = crop
    sp = next(el for el in sx.shape_tree(ours) if sx.placeholder_of(el) is not None
              and sx.placeholder_of(el).get("type") == "pic")
    view = sx.inherited_extent(sp, plain(layout.element), plain(layout.slide_master.element))
    pic = sx.picture_into_placeholder(sp, shape._element.blip_rId, "image.png", px, view)
    sx.set_crop(pic, *crop)
    assert xml(ours) == xml(slide.element)


def test_a_wide_image_keeps_its_side_crops_first() -> None:
    """crop_to_fit's l and r stay where insert_picture set them: t comes after them."""
    prs = Presentation()
    layout = _pic_layout(prs, True)
    ours = mine_for(layout)
    sp = next(el for el in sx.shape_tree(ours) if el.xpath(".//p:ph[@type='pic']",
                                                           namespaces=sx._NS))
    view = sx.inherited_extent(sp, plain(layout.element), plain(layout.slide_master.element))
    pic = sx.picture_into_placeholder(sp, "rId9", "image.png", (4000, 10), view)
    sx.set_crop(pic, 0.1, 0.2, 0.3, 0.4)
    assert b'<a:srcRect l="10000" r="30000" t="20000" b="40000"/>' in xml(ours)


@pytest.mark.parametrize("name", [n for n, _ in presentations()])
def test_placeholder_sizes_are_python_pptx_s(name: str) -> None:
    prs = dict(presentations())[name]
    seen = 0
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        tree = plain(slide.element)
        for shape, el in zip(slide.shapes, sx.shape_tree(tree)[2:], strict=True):
            assert (sx.placeholder_of(el) is None) == (shape._element.ph is None)
            if shape.is_placeholder:
                want = (shape.width, shape.height)
                assert sx.inherited_extent(el, plain(layout.element),
                                           plain(layout.slide_master.element)) == want
                seen += 1
    assert seen > 0


def _notes_master_without_body(prs: Presentation) -> None:
    tree = prs.notes_master.shapes._spTree
    for el in list(tree.iter_ph_elms()):
        if el.ph_type == 2:  # body
            tree.remove(el)


def _notes_master_odd(prs: Presentation) -> None:
    """A notes master whose first body is vertical and half-size, after a second slide image
    placeholder, with a header (not cloned)."""
    tree = prs.notes_master.shapes._spTree
    body = next(el for el in tree.iter_ph_elms() if el.ph_type == 2)
    body.ph.set("orient", "vert")
    body.ph.set("sz", "half")
    image = next(el for el in tree.iter_ph_elms() if el.ph_type == 101)
    body.addprevious(copy.deepcopy(image))


@pytest.mark.parametrize("change", [None, _notes_master_without_body, _notes_master_odd])
@pytest.mark.parametrize("path", TEMPLATES[:3])
def test_the_notes_page_is_python_pptx_s(change, path: Path | None) -> None:
    prs = Presentation(str(path) if path else None)
    if change is not None:
        change(prs)
    master = plain(prs.notes_master.element)
    for layout in list(prs.slide_layouts)[:2]:
        notes = prs.slides.add_slide(layout).notes_slide
        ours = sx.new_notes_slide(master)
        assert xml(ours) == xml(notes.element)
        frame = notes.notes_text_frame
        body = sx.notes_body(ours)
        if frame is None:
            assert body is None and change is _notes_master_without_body
        else:
            assert xml(body) == xml(frame._txBody)
            assert body.getparent().getparent() is sx.shape_tree(ours)
            assert xml(ours) == xml(notes.element)  # neither added anything


def test_notes_body_adds_a_text_body_where_python_pptx_does() -> None:
    prs = Presentation()
    notes = prs.slides.add_slide(prs.slide_layouts[0]).notes_slide
    ours = sx.new_notes_slide(plain(prs.notes_master.element))
    for root in (notes.element, ours):
        body = BODY(root)[0]
        body.getparent().remove(body)
    assert xml(sx.notes_body(ours)) == xml(notes.notes_text_frame._txBody)
    assert xml(ours) == xml(notes.element)


def test_pictures_listed_as_python_pptx_lists_them() -> None:
    prs = Presentation()
    layout = prs.slide_layouts[8]
    slide = prs.slides.add_slide(layout)
    slide.shapes.add_picture(io.BytesIO(png(5, 5, "blue")), 0, 0, 10, 10)
    slide.placeholders[1].insert_picture(io.BytesIO(png(6, 5, "green")))
    group = slide.shapes.add_group_shape()
    group.shapes.add_picture(io.BytesIO(png(7, 5)), 0, 0, 10, 10)
    slide.shapes.add_movie(io.BytesIO(b"not a video"), 0, 0, 10, 10,
                           poster_frame_image=io.BytesIO(png(8, 5)))
    slide.shapes.add_picture(io.BytesIO(png(5, 5, "blue")), 0, 0, 20, 20)
    want = [s._element.blip_rId for s in slide.shapes if isinstance(s, Picture)]
    assert len(want) == 3
    assert sx.picture_rids(sx.shape_tree(plain(slide.element))) == want


def test_a_path_name_is_escaped_as_python_pptx_does(tmp_path: Path) -> None:
    path = tmp_path / "a&b <c>.png"
    path.write_bytes(png(3, 3))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    pic = slide.shapes.add_picture(str(path), 1, 2, 3, 4)
    ours = mine_for(prs.slide_layouts[6])
    sx.add_picture(sx.shape_tree(ours), pic._element.blip_rId, path.name,
                   1, 2, 3, 4)
    assert xml(ours) == xml(slide.element)


def test_refusals() -> None:
    tree = sx.shape_tree(sx.new_slide())
    with pytest.raises(ValueError, match="width and a height"):
        sx.add_picture(tree, "rId1", "x.png", 0, 0, 0, 5)
    with pytest.raises(ValueError, match="0-255"):
        sx.add_rectangle(tree, 0, 0, 1, 1, "#12345678")
    frame = sx.add_table(tree, 1, 1, 0, 0, 5, 5)
    with pytest.raises(IndexError):
        sx.set_column_width(frame, 1, 5)
    with pytest.raises(ValueError, match="anchor"):
        sx.set_cell_anchor(sx.cell(frame, 0, 0), "middle")


def test_the_module_does_not_import_python_pptx() -> None:
    out = subprocess.run([sys.executable, "-c",
                          "import deckgen.slidexml, sys; print('pptx' in sys.modules)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@given(st.text())
def test_escape_is_saxutils_escape(text: str) -> None:
    from xml.sax.saxutils import escape

    assert sx.escape(text) == escape(text)
