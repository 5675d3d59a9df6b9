"""Templates with art of their own: text boxes keep clear of what masters and layouts draw,
crowded layouts give way to plainer ones, the template's own slide number and sample text
are respected, and odd packages (other kinds, odd spellings, odd geometry) still build."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.oxml.shapes.picture import CT_Picture
from pptx.util import Pt

from deckgen import layout, pipeline
from deckgen.deckplan import TextBox
from deckgen.errors import OutlineError
from deckgen.primitives import Rect
from deckgen.template import clearance, geometry
from deckgen.template.files import shipped_info
from deckgen.template.info import Art, LayoutDesc
from deckgen.template.opening import open_template
from deckgen.template.roles import LayoutInfo, choose_layouts

HERE = Path(__file__).resolve().parent
VALIDATOR = HERE.parents[1] / "shared/ooxml/validate_pptx.py"
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
A, P = f"{{{NS['a']}}}", f"{{{NS['p']}}}"
needs_validator = pytest.mark.skipif(not VALIDATOR.is_file(),
                                     reason=f"OOXML validator not found at {VALIDATOR}")

OUTLINE = """\
deck:
  title: 模板测试
  subtitle: 副标题
  theme: {{template: {template}}}
chapters:
  - title: 第一章
    slides:
      - title: 要点
        bullets: [第一点说明文字, 第二点说明文字, 第三点说明文字]
        notes: 讲稿。
      - title: 图表
        chart: {{type: bar, labels: [甲, 乙], series: {{数: [1, 2]}}, caption: 说明,
                 source: 来源}}
        notes: 讲稿。
      - title: 引文
        quote: {{text: 一句很长的引文。, by: 某人}}
        notes: 讲稿。
      - title: 数字
        stats: [{{value: "12%", label: 一}}, {{value: "3 倍", label: 二}}]
        notes: 讲稿。
"""


# -- hand-made templates --------------------------------------------------------------------
def _png(path: Path, size: tuple[int, int] = (40, 40), alpha: bool = False) -> Path:
    Image.new("RGBA" if alpha else "RGB", size, (200, 30, 30, 255) if alpha else "#C81E1E") \
        .save(path)
    return path


def _layout(prs: object, name: str) -> object:
    return next(lay for lay in prs.slide_layouts if lay.name == name)  # type: ignore[attr-defined]


def _add_picture(part_owner: object, png: Path, box: tuple[float, float, float, float]) -> None:
    """A picture (not a placeholder) on a layout or master, box in points."""
    _, rid = part_owner.part.get_or_add_image_part(str(png))  # type: ignore[attr-defined]
    x, y, w, h = (int(Pt(v)) for v in box)
    tree = part_owner.shapes._spTree  # type: ignore[attr-defined]
    tree.append(CT_Picture.new_pic(900 + len(tree), "Art picture", "", rid, x, y, w, h))


def _add_text(part_owner: object, text: str, box: tuple[float, float, float, float],
              field: str | None = None) -> None:
    """A text box of the master's or layout's own (not a placeholder), box in points."""
    x, y, w, h = (int(Pt(v)) for v in box)
    run = (f'<a:fld id="{{11111111-2222-3333-4444-555555555555}}" type="{field}">'
           f'<a:t>{text}</a:t></a:fld>') if field else f"<a:r><a:t>{text}</a:t></a:r>"
    sp = etree.fromstring(
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="950" '
        f'name="Own text"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect">'
        f'<a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p>{run}</a:p>'
        f"</p:txBody></p:sp>")
    part_owner.shapes._spTree.append(sp)  # type: ignore[attr-defined]


def _body_box(prs: object) -> Rect:
    ph = next(ph for ph in _layout(prs, "Title and Content").placeholders
              if ph.placeholder_format.idx == 1)
    return Rect(ph.left.pt, ph.top.pt, ph.width.pt, ph.height.pt)


def _build(tmp_path: Path, tpl: Path, outline: str = OUTLINE) -> pipeline.Report:
    (tmp_path / "o.yaml").write_text(outline.format(template=tpl.name), encoding="utf-8")
    return pipeline.build(tmp_path / "o.yaml", tmp_path / "out.pptx", use_cache=False)


def _content_shapes(report: pipeline.Report) -> list[tuple[int, str, Rect]]:
    return [(s.number, sh.name, sh.box) for s in report.plan.slides for sh in s.shapes
            if not (isinstance(sh, TextBox) and sh.placeholder in ("ftr", "sldNum"))]


def test_text_keeps_clear_of_a_picture_over_the_body(tmp_path: Path) -> None:
    prs = Presentation()
    body = _body_box(prs)
    art = (body.x + body.w * 0.62, body.y + 40, body.w * 0.38, body.h - 40)
    _add_picture(_layout(prs, "Title and Content"), _png(tmp_path / "a.png"), art)
    _add_picture(_layout(prs, "Title Only"), _png(tmp_path / "a.png"), art)
    prs.save(str(tmp_path / "t.pptx"))
    info = open_template(tmp_path / "t.pptx").info
    fr = layout.frames_of(info)
    assert fr.body.x == body.x and fr.body.y == body.y and fr.body.h == body.h
    assert fr.body.x + fr.body.w <= art[0] - clearance.GAP_PT + 1e-6
    assert fr.body.w > body.w * 0.55
    report = _build(tmp_path, tmp_path / "t.pptx")
    picture = Rect(*art)
    on_content = [(n, name) for n, name, box in _content_shapes(report)
                  if report.plan.slides[n - 1].layout in ("content", "title_only")
                  and box.overlaps(picture)]
    assert on_content == []
    deck = Presentation(str(report.output))
    bullets = next(sh for sh in deck.slides[3].placeholders if sh.placeholder_format.idx == 1)
    assert (bullets.left + bullets.width) <= Pt(art[0])


def test_a_picture_with_transparent_corners_only_blocks_its_opaque_part(tmp_path: Path) -> None:
    im = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    for x in range(50, 100):
        for y in range(50, 100):
            im.putpixel((x, y), (0, 0, 0, 255))
    im.save(tmp_path / "corner.png")
    alpha = geometry.alpha_of((tmp_path / "corner.png").read_bytes())
    box = Rect(0, 0, 200, 200)
    cover = geometry.rasterise([geometry.Bitmap(((0, 0), (200, 0), (200, 200), (0, 200)), alpha)],
                              box)
    art = Art("picture", box, cover=cover)
    assert not art.covers(50, 50) and art.covers(150, 150)
    assert not art.covers(150, 50) and not art.covers(50, 150)


def test_custom_geometry_rotation_and_groups_are_rasterised() -> None:
    tri = etree.fromstring(
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="2" name=""/>'
        '<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="1270000" cy="1270000"/></a:xfrm><a:custGeom><a:pathLst>'
        '<a:path w="100" h="100"><a:moveTo><a:pt x="0" y="0"/></a:moveTo><a:lnTo>'
        '<a:pt x="100" y="0"/></a:lnTo><a:lnTo><a:pt x="0" y="100"/></a:lnTo><a:close/>'
        '</a:path></a:pathLst></a:custGeom><a:solidFill><a:srgbClr val="FF0000"/>'
        "</a:solidFill></p:spPr></p:sp>")
    items = list(geometry.drawn(tri, geometry.IDENTITY, lambda _: None))
    box = geometry.bounds(items)
    assert box == Rect(0, 0, 100, 100)
    art = Art("shape", box, cover=geometry.rasterise(items, box))
    assert art.covers(10, 10) and not art.covers(90, 90)
    # the same triangle turned half a turn covers the other corner
    tri.find(f"{P}spPr/{A}xfrm").set("rot", str(180 * 60000))
    items = list(geometry.drawn(tri, geometry.IDENTITY, lambda _: None))
    turned = Art("shape", box, cover=geometry.rasterise(items, box))
    assert turned.covers(90, 90) and not turned.covers(10, 10)
    # inside a group scaled to half its size and moved right by 200 pt
    group = etree.fromstring(
        f'<p:grpSp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvGrpSpPr><p:cNvPr id="3" '
        'name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
        '<a:off x="2540000" y="0"/><a:ext cx="635000" cy="635000"/><a:chOff x="0" y="0"/>'
        '<a:chExt cx="1270000" cy="1270000"/></a:xfrm></p:grpSpPr></p:grpSp>')
    tri.find(f"{P}spPr/{A}xfrm").attrib.pop("rot")
    group.append(tri)
    items = list(geometry.drawn(group, geometry.IDENTITY, lambda _: None))
    assert geometry.bounds(items) == Rect(200, 0, 50, 50)


def test_free_room_ignores_background_texture_rules_and_backdrops() -> None:
    box = Rect(100, 100, 400, 200)
    slide = (800, 450)
    background = Art("picture", Rect(0, 0, 800, 450))
    faint = Art("shape", Rect(300, 150, 100, 100), opacity=0.3)
    rule = Art("line", Rect(100, 200, 400, 1.5))
    band = Art("shape", Rect(90, 90, 420, 220), fill="#204060")
    assert clearance.obstacles([background, faint, rule, band], box, *slide) == []
    assert clearance.free_box(_desc(background, faint, rule, band), box, *slide) == box
    corner = Art("shape", Rect(400, 250, 200, 100))
    free = clearance.free_box(_desc(corner), box, *slide)
    assert free.x == box.x and free.y == box.y
    assert free.x + free.w <= corner.box.x - clearance.GAP_PT + 1e-6 or \
        free.y + free.h <= corner.box.y - clearance.GAP_PT + 1e-6
    # a panel under most of a box keeps the box to itself
    panel = Art("shape", Rect(120, 80, 400, 260))
    assert clearance.free_box(_desc(panel), box, *slide) == Rect(120, 100, 380, 200)


def _desc(*art: Art) -> LayoutDesc:
    return LayoutDesc("content", 0, 0, "Test", (), "#FFFFFF", None, tuple(art))


def test_a_crowded_master_gives_way_for_content_not_for_covers() -> None:
    rows = (("Title Slide", "title", ("ctrTitle", "subTitle")),
            ("Title and Content", "obj", ("title", "body")),
            ("Title Only", "titleOnly", ("title",)))

    def infos(master: int, rooms: tuple[float, float, float]) -> list[LayoutInfo]:
        return [LayoutInfo(master * 3 + i, n, t, phs, master, r)
                for i, ((n, t, phs), r) in enumerate(zip(rows, rooms, strict=True))]

    # the sample slides' master (0) draws over half of every box; master 1 is plain
    layouts = infos(0, (0.5, 0.3, 1.0)) + infos(1, (1.0, 1.0, 1.0))
    chosen = choose_layouts(layouts, {"title": 0, "content": 0})
    assert chosen["title"] == 0 and chosen["closing"] == 0  # a cover keeps its design
    assert chosen["content"] == 4 and chosen["title_only"] == 5  # one master for content
    # art leaving two thirds of a box free is no reason to leave the master
    assert choose_layouts(infos(0, (1.0, 0.7, 1.0)) + infos(1, (1.0, 1.0, 1.0)),
                          {"title": 0, "content": 0})["content"] == 1


def test_the_master_own_slide_number_is_the_only_one(tmp_path: Path) -> None:
    prs = Presentation()
    _add_text(prs.slide_master, "‹#›", (640, 500, 60, 30), field="slidenum")
    prs.save(str(tmp_path / "t.pptx"))
    report = _build(tmp_path, tmp_path / "t.pptx")
    for slide in report.plan.slides:
        assert [sh for sh in slide.shapes if isinstance(sh, TextBox)
                and sh.role == "slide-number"] == []
    deck = Presentation(str(report.output))
    for slide in deck.slides:
        assert not [ph for ph in slide.placeholders if ph.placeholder_format.type == 13]


def test_a_layout_without_a_slide_number_gets_one_clear_of_its_art(tmp_path: Path) -> None:
    prs = Presentation()
    for lay in prs.slide_layouts:
        for ph in list(lay.placeholders):
            if ph.placeholder_format.type == 13:  # sldNum
                ph.element.getparent().remove(ph.element)
    corner = (640, 490, 80, 50)  # the slide's bottom-right corner (720 × 540 pt)
    _add_picture(prs.slide_master, _png(tmp_path / "logo.png"), corner)
    prs.save(str(tmp_path / "t.pptx"))
    report = _build(tmp_path, tmp_path / "t.pptx")
    content = [s for s in report.plan.slides if s.kind not in ("title", "section", "closing")]
    assert content
    for slide in content:
        (number,) = [sh for sh in slide.shapes if isinstance(sh, TextBox)
                     and sh.role == "slide-number"]
        assert number.paragraphs[0].field == "slidenum" and number.placeholder is None
        assert not number.box.overlaps(Rect(*corner))
        assert not [sh.name for sh in slide.shapes if sh is not number
                    and sh.box.overlaps(number.box)]
        assert number.box.y + number.box.h <= 540 and number.box.y > 540 * 0.75
        assert number.box.x > 720 / 2
    deck = Presentation(str(report.output))
    fields = deck.slides[3].element.findall(".//a:fld[@type='slidenum']", NS)
    assert len(fields) == 1


def test_sample_text_on_the_master_is_avoided_and_reported(tmp_path: Path) -> None:
    prs = Presentation()
    body = _body_box(prs)
    sample = (body.x, body.y + body.h - 60, body.w, 50)
    _add_text(prs.slide_master, "This text comes from the Master Slide", sample)
    prs.save(str(tmp_path / "t.pptx"))
    report = _build(tmp_path, tmp_path / "t.pptx")
    said = [w for w in report.warnings if "This text comes from the Master Slide" in w]
    assert said and "'Title and Content'" in " ".join(said)
    assert all("delete it from the template's slide master" in w for w in said)
    for n, name, box in _content_shapes(report):
        if report.plan.slides[n - 1].layout == "content":
            assert not box.overlaps(Rect(*sample)), (n, name)


def test_the_default_theme_keeps_its_geometry() -> None:
    info = shipped_info("16:9")
    assert info is not None
    body = info.layout("content").placeholder("body", "obj")
    assert body is not None
    fr = layout.frames_of(info, avoid_art=False)
    assert (fr.body.x, fr.body.y, fr.body.w, fr.body.h) == (body.box.x, body.box.y,
                                                            body.box.w, body.box.h)


def test_midnightblue_body_stops_above_the_footer_bar() -> None:
    info = open_template(HERE / "templates" / "lo-midnightblue.pptx").info
    desc = info.layout("content")
    ph = desc.placeholder("body", "obj")
    assert ph is not None
    bars = [a for a in desc.art if a.kind == "shape" and a.box.w > info.width * 0.9
            and a.box.y > info.height * 0.8]
    assert bars
    body = layout.frames_of(info).body
    assert body.y + body.h <= min(b.box.y for b in bars) - clearance.GAP_PT + 1e-6
    assert body.y + body.h < ph.box.y + ph.box.h


# -- odd packages ---------------------------------------------------------------------------
def _retyped(src: Path, dest: Path, main: str, macro: bool = False) -> Path:
    """A copy of a package with another main content type (and a macro project)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = re.sub(rb'(PartName="/ppt/presentation.xml" ContentType=")[^"]+',
                              rb"\g<1>" + main.encode(), data)
                if macro:
                    data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType='
                                        b'"application/vnd.ms-office.vbaProject"/></Types>')
            if info.filename == "ppt/_rels/presentation.xml.rels" and macro:
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="'
                                    b"http://schemas.microsoft.com/office/2006/relationships/"
                                    b'vbaProject" Target="vbaProject.bin"/></Relationships>')
            zout.writestr(info, data)
        if macro:
            zout.writestr("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro")
    return dest


@pytest.mark.parametrize(("suffix", "main", "macro"), [
    (".ppsx", "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
     False),
    (".pptm", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml", True),
    (".potm", "application/vnd.ms-powerpoint.template.macroEnabled.main+xml", True),
    (".potx", "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
     False)])
def test_every_kind_of_powerpoint_file_is_a_template(tmp_path: Path, suffix: str, main: str,
                                                     macro: bool) -> None:
    Presentation().save(str(tmp_path / "plain.pptx"))
    tpl = _retyped(tmp_path / "plain.pptx", tmp_path / f"school{suffix}", main, macro)
    report = _build(tmp_path, tpl)
    with zipfile.ZipFile(report.output) as zf:
        assert not [n for n in zf.namelist() if "vba" in n.lower()]
        types = etree.fromstring(zf.read("[Content_Types].xml"))
        main_type = types.find("ct:Override[@PartName='/ppt/presentation.xml']", NS)
        assert main_type is not None and main_type.get("ContentType") == \
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
        assert "vbaProject" not in zf.read("ppt/_rels/presentation.xml.rels").decode()


def test_relationship_types_in_odd_case_give_one_core_properties_part(tmp_path: Path) -> None:
    Presentation().save(str(tmp_path / "plain.pptx"))
    with zipfile.ZipFile(tmp_path / "plain.pptx") as zin, \
            zipfile.ZipFile(tmp_path / "odd.pptx", "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith(".rels"):
                data = data.replace(b"metadata/core-properties", b"metadata/CORE-properties")
                data = data.replace(b"relationships/slideLayout", b"relationships/SlideLayout")
            zout.writestr(info, data)
    report = _build(tmp_path, tmp_path / "odd.pptx")
    with zipfile.ZipFile(report.output) as zf:
        names = zf.namelist()
        assert names.count("docProps/core.xml") == 1
        rels = etree.fromstring(zf.read("_rels/.rels"))
        core = [r for r in rels if r.get("Type", "").lower().endswith("core-properties")]
        assert len(core) == 1
    assert Presentation(str(report.output)).core_properties.title == "模板测试"


@pytest.mark.parametrize("damage", ["tiny", "negative", "off-slide"])
def test_odd_placeholder_boxes_give_sane_positive_boxes(tmp_path: Path, damage: str) -> None:
    prs = Presentation()
    for lay in prs.slide_layouts:
        for ph in lay.placeholders:
            if ph.placeholder_format.type in (1, 2, 3, 4, 7):  # titles, bodies, subtitles
                xfrm = ph.element.find(f"{P}spPr/{A}xfrm")
                if xfrm is None:
                    continue
                ext, off = xfrm.find(f"{A}ext"), xfrm.find(f"{A}off")
                if damage == "tiny":
                    ext.set("cx", "12700")
                    ext.set("cy", "6350")
                elif damage == "negative":
                    ext.set("cy", "-914400")
                else:
                    off.set("x", str(20 * 914400))
    prs.save(str(tmp_path / "t.pptx"))
    report = _build(tmp_path, tmp_path / "t.pptx")
    for slide in report.plan.slides:
        for sh in slide.shapes:
            assert sh.box.w >= 1 and sh.box.h >= 1, (slide.number, sh.name, sh.box)
            assert sh.box.x < report.plan.width and sh.box.y < report.plan.height
    body = next(sh for sh in report.plan.slides[3].shapes if sh.name == "Body")
    assert body.box.w > report.plan.width * 0.5 and body.box.h > report.plan.height * 0.3
    if VALIDATOR.is_file():
        assert _slide_problems(report.output) == []


def _slide_problems(deck: Path | None) -> list[str]:
    assert deck is not None
    out = subprocess.run([sys.executable, str(VALIDATOR), "--max-per-part", "0", str(deck)],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    assert re.search(r"\d+ parts checked, \d+ problems", out), out
    return [line for line in out.splitlines()
            if line.startswith(("/ppt/slides/", "/ppt/notesSlides/", "/ppt/charts/"))]


# -- damaged template XML never gives an internal error -------------------------------------
SIZES = st.sampled_from(["0", "1", "-914400", "12700", "99999999999", "6350"])
# Colours the schema allows that a reader may not expect: system colours without their last
# value, presets and scheme slots nothing defines, modifiers past their usual range.
COLOURS = st.sampled_from([
    '<a:schemeClr val="phClr"/>', '<a:schemeClr val="hlink"/>', '<a:sysClr val="window"/>',
    '<a:prstClr val="aliceBlue"/>', '<a:scrgbClr r="200000" g="0" b="0"/>',
    '<a:srgbClr val="00FF00"><a:lumMod val="0"/><a:lumOff val="200000"/></a:srgbClr>',
    '<a:srgbClr val="FF0000"><a:alpha val="0"/><a:shade val="0"/></a:srgbClr>',
    '<a:hslClr hue="21599999" sat="100000" lum="50000"/>'])
_FILLS = tuple(f"{A}{t}" for t in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill",
                                   "grpFill"))


@st.composite
def damages(draw: st.DrawFn) -> list[tuple[str, int, str]]:
    ops = st.tuples(st.sampled_from(["ext", "off", "drop-xfrm", "drop-ph", "colour",
                                     "art", "rot"]),
                    st.integers(0, 40), st.one_of(SIZES, COLOURS))
    return draw(st.lists(ops, min_size=1, max_size=6))


def _set_fill(sp_pr: object, colour: str) -> None:
    """spPr's fill replaced by a solid fill of this colour, where the schema puts it."""
    for el in list(sp_pr):  # type: ignore[attr-defined]
        if el.tag in _FILLS:
            sp_pr.remove(el)  # type: ignore[attr-defined]
    fill = etree.fromstring(f'<a:solidFill xmlns:a="{NS["a"]}">{colour}</a:solidFill>')
    after = [i for i, el in enumerate(sp_pr) if el.tag in (  # type: ignore[call-overload]
        f"{A}xfrm", f"{A}custGeom", f"{A}prstGeom")]
    sp_pr.insert(after[-1] + 1 if after else 0, fill)  # type: ignore[attr-defined]


def _damaged(ops: list[tuple[str, int, str]]) -> bytes:
    """python-pptx's template with its shapes' geometry and colours damaged."""
    prs = Presentation()
    trees = [prs.slide_master.element] + [lay.element for lay in prs.slide_layouts]
    sps = [sp for t in trees for sp in t.iter(f"{P}sp")]
    for op, i, value in ops:
        sp = sps[i % len(sps)]
        if sp.getparent() is None:
            continue
        xfrm = sp.find(f"{P}spPr/{A}xfrm")
        number = value if value.lstrip("-").isdigit() else "0"
        colour = value if value.startswith("<") else '<a:srgbClr val="FF0000"/>'
        if op == "rot" and xfrm is not None:
            xfrm.set("rot", str(int(number) % 21600000))
        elif op in ("ext", "off") and xfrm is not None:
            xfrm.find(f"{A}{op}").set("cx" if op == "ext" else "x", number)
        elif op == "drop-xfrm" and xfrm is not None:
            xfrm.getparent().remove(xfrm)
        elif op == "drop-ph":
            sp.getparent().remove(sp)
        elif op == "art":  # the shape again, as a filled shape of the master's own
            own = etree.fromstring(etree.tostring(sp))
            nv = own.find(f"{P}nvSpPr/{P}nvPr")
            for ph in list(nv):
                nv.remove(ph)
            if own.find(f"{P}spPr/{A}xfrm") is not None:
                _set_fill(own.find(f"{P}spPr"), colour)
                sp.getparent().append(own)
        elif op == "colour":
            found = sp.find(f".//{A}solidFill")
            if found is not None:
                found.getparent().replace(found, etree.fromstring(
                    f'<a:solidFill xmlns:a="{NS["a"]}">{colour}</a:solidFill>'))
            else:
                _set_fill(sp.find(f"{P}spPr"), colour)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


@needs_validator
@settings(max_examples=25, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=damages())
def test_damaged_templates_build_or_are_refused_in_one_line(tmp_path: Path,
                                                           ops: list[tuple[str, int, str]]
                                                           ) -> None:
    work = tmp_path / f"d{abs(hash(repr(ops))) % 10**8}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    (work / "t.pptx").write_bytes(_damaged(ops))
    (work / "o.yaml").write_text(OUTLINE.format(template="t.pptx"),
                                 encoding="utf-8")
    try:
        report = pipeline.build(work / "o.yaml", work / "out.pptx", use_cache=False)
    except OutlineError as exc:  # a refusal: one line naming the template
        (problem,) = exc.problems
        assert problem.key == "deck.theme.template" and "\n" not in problem.message
        return
    for slide in report.plan.slides:
        for sh in slide.shapes:
            assert sh.box.w > 0 and sh.box.h > 0, (slide.number, sh.name, sh.box)
    assert _slide_problems(report.output) == []
