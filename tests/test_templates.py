"""Decks built on templates this project did not make (LibreOffice's, python-pptx's own),
and the choice of layout per role."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Inches

import rendercheck
from deckgen import layout, pipeline
from deckgen.opctypes import POTX_MAIN, PPTX_MAIN
from deckgen.plan import DEFAULT_PALETTE
from deckgen.template import describe, files, opening
from deckgen.template.roles import LayoutInfo, choose_layouts
from helpers import patch_zip

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
VALIDATOR = Path(__file__).resolve().parents[2] / "shared/ooxml/validate_pptx.py"
LO_TEMPLATES = Path("/usr/lib/libreoffice/share/template/common/presnt")
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
needs_validator = pytest.mark.skipif(not VALIDATOR.is_file(),
                                     reason=f"OOXML validator not found at {VALIDATOR}")

OUTLINE = """\
deck:
  title: 中美人工智能领域的竞赛
  subtitle: 从 AI 看中国科技如何自立自强
  authors: [汇报人甲, 汇报人乙]
  theme:
    template: {template}
{extra}chapters:
  - title: 研究背景和意义
    presenter: 汇报人甲
    slides:
      - title: 我们必须赶上
        bullets:
          - 中国：这一轮科技革命不容错过
          - text: 人工智能：正在重塑生产
            sub: [子要点一, Sub point two]
        notes: 第一张内容页的讲稿。
      - title: 三要素对比
        table:
          header: [维度, 美国, 中国]
          rows: [[科研, 论文多, 总量大], [芯片, 领先, 追赶]]
        notes: 表格页的讲稿。
"""
TITLES = ["中美人工智能领域的竞赛", "目录", "研究背景和意义", "我们必须赶上", "三要素对比",
          "谢谢大家"]


# -- templates ------------------------------------------------------------------------------
def _pptx_default(path: Path) -> Path:
    """python-pptx's own default template, saved with two sample slides."""
    prs = Presentation()
    for i in (0, 1):
        slide = prs.slides.add_slide(prs.slide_layouts[i])
        slide.shapes.title.text = f"Sample slide {i + 1}"
    prs.save(str(path))
    return path


def _as_potx(src: Path, dest: Path) -> Path:
    """The same package saved as a PowerPoint template (.potx content type)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(PPTX_MAIN.encode(), POTX_MAIN.encode())
            zout.writestr(info, data)
    return dest


@pytest.fixture(params=["lo-beehive.pptx", "lo-midnightblue.pptx", "pptx-default.pptx",
                        "lo-beehive.potx"])
def tpl(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    name = request.param
    if name == "pptx-default.pptx":
        return _pptx_default(tmp_path / name)
    if name.endswith(".potx"):
        return _as_potx(TEMPLATES / "lo-beehive.pptx", tmp_path / name)
    return shutil.copy(TEMPLATES / name, tmp_path / name)


def _build(tmp_path: Path, tpl: Path, extra: str = "") -> Path:
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE.format(template=tpl.name, extra=textwrap.indent(extra, "    ")),
                       encoding="utf-8")
    report = pipeline.build(outline, use_cache=False)
    assert report.output is not None
    return report.output


# -- package helpers ------------------------------------------------------------------------
def _reachable(zf: zipfile.ZipFile) -> set[str]:
    """Part names reachable from the package relationships."""
    names = set(zf.namelist())
    seen: set[str] = set()
    todo = [("", "_rels/.rels")]
    while todo:
        base, rels = todo.pop()
        if rels not in names:
            continue
        for rel in etree.fromstring(zf.read(rels)).findall("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(base, target))
            assert part in names, f"{rels} points at missing {part}"
            if part not in seen:
                seen.add(part)
                d, f = posixpath.split(part)
                todo.append((d, posixpath.join(d, "_rels", f + ".rels")))
    return seen


def _theme_accents(zf: zipfile.ZipFile, part: str) -> list[str]:
    root = etree.fromstring(zf.read(part))
    scheme = root.find(".//a:clrScheme", NS)
    assert scheme is not None
    return [etree.tostring(scheme.find(f"a:accent{i}", NS)).decode() for i in range(1, 7)]


def _themes(zf: zipfile.ZipFile) -> list[str]:
    return sorted(n for n in zf.namelist() if re.fullmatch(r"ppt/theme/theme\d+\.xml", n)
                  and n in _reachable(zf) and _is_master_theme(zf, n))


def _is_master_theme(zf: zipfile.ZipFile, theme: str) -> bool:
    for name in zf.namelist():
        if name.startswith("ppt/slideMasters/_rels/") and \
                posixpath.basename(theme) in zf.read(name).decode():
            return True
    return False


def _problems(path: Path) -> Counter[str]:
    """Validator problems per part."""
    out = subprocess.run([sys.executable, str(VALIDATOR), "--max-per-part", "0", str(path)],
                         capture_output=True, text=True, timeout=300, check=False).stdout
    assert re.search(r"\d+ parts checked, \d+ problems", out), out
    return Counter(line.split(":", 1)[0] for line in out.splitlines()
                   if line.startswith("/"))


# -- decks on templates ---------------------------------------------------------------------
def test_deck_on_template_keeps_size_layouts_and_colours(tpl: Path, tmp_path: Path) -> None:
    out = _build(tmp_path, tpl)
    original = Presentation(str(tpl)) if tpl.suffix == ".pptx" else \
        Presentation(io.BytesIO(files.presentation_bytes(files.read(tpl))))
    deck = Presentation(str(out))
    assert (deck.slide_width, deck.slide_height) == (original.slide_width,
                                                     original.slide_height)
    assert [s.shapes.title.text if s.shapes.title is not None else None
            for s in deck.slides] == TITLES
    template_layouts = {layout.name for m in original.slide_masters for layout in m.slide_layouts}
    for slide in deck.slides:
        assert slide.slide_layout.name in template_layouts
    content = deck.slides[3]
    body = [ph for ph in content.placeholders if ph.placeholder_format.type not in (1, 3)
            and ph.has_text_frame and "中国" in ph.text_frame.text]
    assert body, "bullets go into the layout's body placeholder"
    with zipfile.ZipFile(tpl) as zt, zipfile.ZipFile(out) as zd:
        before = {n: _theme_accents(zt, n) for n in _themes(zt)}
        after = {n: _theme_accents(zd, n) for n in _themes(zd)}
    assert after and after == {n: before[n] for n in after}


def test_no_sample_slide_or_orphan_survives(tpl: Path, tmp_path: Path) -> None:
    out = _build(tmp_path, tpl)
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        parts = names - {"[Content_Types].xml"} - {n for n in names if n.endswith(".rels")}
        assert not parts - _reachable(zf)
        slides = [n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        notes = [n for n in names if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
        assert len(slides) == len(notes) == len(TITLES)
        text = " ".join(zf.read(n).decode() for n in slides)
        assert "Sample slide" not in text
        overrides = etree.fromstring(zf.read("[Content_Types].xml")).findall(
            "{http://schemas.openxmlformats.org/package/2006/content-types}Override")
        assert {o.get("PartName").lstrip("/") for o in overrides} <= names
        assert "ppt/tableStyles.xml" in names


@needs_validator
def test_deck_parts_pass_validator_and_template_parts_get_no_worse(
        tpl: Path, tmp_path: Path) -> None:
    out = _build(tmp_path, tpl)
    own = _problems(tpl if tpl.suffix == ".pptx" else
                    _as_pptx_copy(tpl, tmp_path / "template-as-pptx.pptx"))
    deck = _problems(out)
    mine = {part: n for part, n in deck.items()
            if part.startswith(("/ppt/slides/", "/ppt/notesSlides/", "/ppt/charts/",
                                "/ppt/presentation.xml", "/ppt/tableStyles.xml"))}
    assert mine == {}
    for part, n in deck.items():
        assert n <= own.get(part, 0), (part, n, own.get(part, 0))


def _as_pptx_copy(src: Path, dest: Path) -> Path:
    dest.write_bytes(files.presentation_bytes(files.read(src)))
    return dest


def test_palette_replaces_accents_in_every_theme(tmp_path: Path) -> None:
    tpl = shutil.copy(TEMPLATES / "lo-beehive.pptx", tmp_path / "school.pptx")
    out = _build(tmp_path, Path(tpl), 'palette: ["#0B6E4F", "#C84C09", "#1D3557"]\n')
    with zipfile.ZipFile(out) as zf:
        themes = _themes(zf)
        assert len(themes) == 2
        for name in themes:
            accents = _theme_accents(zf, name)
            for i, color in enumerate(("0B6E4F", "C84C09", "1D3557")):
                assert f'val="{color}"' in accents[i], name
            assert 'val="8064a2"' in accents[3]  # the template's accent4 stays


def test_default_palette_does_not_repaint_a_template(tmp_path: Path) -> None:
    out = _build(tmp_path, Path(shutil.copy(TEMPLATES / "lo-midnightblue.pptx",
                                            tmp_path / "t.pptx")))
    with zipfile.ZipFile(out) as zf:
        for name in _themes(zf):
            assert 'val="4f81bd"' in _theme_accents(zf, name)[0]
            assert DEFAULT_PALETTE[0].lstrip("#") not in _theme_accents(zf, name)[0]


def test_charts_and_shapes_follow_the_template_palette(tmp_path: Path) -> None:
    tpl = Path(shutil.copy(TEMPLATES / "lo-midnightblue.pptx", tmp_path / "t.pptx"))
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE.format(template=tpl.name, extra="").replace(
        "      - title: 三要素对比", "      - title: 数字\n        stats: [{value: 32%, label: 美国}]\n"
        "        notes: 数字页。\n      - title: 三要素对比"), encoding="utf-8")
    report = pipeline.build(outline, use_cache=False)
    assert report.plan.palette[0].upper() == "#4F81BD"
    prs = Presentation(str(report.output))
    stats = next(s for s in prs.slides if s.shapes.title is not None
                 and s.shapes.title.text_frame.text == "数字")
    fills = [sh.fill.fore_color.rgb for sh in stats.shapes
             if sh.name.startswith("Stat accent")]
    assert [str(c) for c in fills] == ["4F81BD"]


# -- what open_base does to a LibreOffice template ------------------------------------------
def test_libreoffice_title_and_content_masters() -> None:
    opened = opening.read_template(TEMPLATES / "lo-beehive.pptx")
    info, prs = opened.info, opened.prs
    # the sample slides: title on master 1 of the file, content on master 2; the content
    # master now comes first so prs.slide_layouts serves content slides
    assert info.layout("content").master == 0
    assert info.layout("title").master == 1
    assert info.layout("section").master == 1
    assert describe.layout_of(prs, info.layout("content")).name == "Title, Content"
    assert describe.layout_of(prs, info.layout("title")).name == "Title Slide"
    assert prs.slide_layouts[info.layout("content").index].name == "Title, Content"
    assert prs.slide_layouts[info.layout("title_only").index].name == "Title Only"
    assert prs.slide_layouts[info.layout("blank").index].name == "Blank Slide"
    # a body box below the title, inside the slide
    fr = layout.frames_of(info)
    assert fr.title.bottom <= fr.body.y
    assert fr.body.bottom <= info.height and fr.body.x + fr.body.w <= info.width


def test_libreoffice_master_text_styles_are_lifted() -> None:
    prs = opening.read_template(TEMPLATES / "lo-midnightblue.pptx").prs
    master = prs.slide_masters[0].element
    body = next(sp for sp in master.iter(f"{{{NS['p']}}}sp")
            if sp.find(".//p:ph[@type='body']", NS) is not None)
    lvl1 = body.find(".//a:lstStyle/a:lvl1pPr", NS)
    assert lvl1 is not None and lvl1.find("a:buChar", NS) is not None
    assert lvl1.find("a:buSzPct", NS) is None
    title = next(sp for sp in master.iter(f"{{{NS['p']}}}sp")
             if sp.find(".//p:ph[@type='title']", NS) is not None)
    fill = title.find(".//a:lstStyle/a:lvl1pPr/a:defRPr/a:solidFill/a:srgbClr", NS)
    assert fill is not None and fill.get("val").lower() == "ffffff"
    for lay in prs.slide_masters[0].slide_layouts:
        for sp in lay.placeholders:
            if sp.placeholder_format.type is not None and \
                    sp.element.find(".//p:ph[@type='subTitle']", NS) is not None:
                assert sp.element.find(".//a:lstStyle/a:lvl1pPr/a:buNone", NS) is not None


def test_libreoffice_layout_boxes_follow_the_master() -> None:
    opened = opening.read_template(TEMPLATES / "lo-midnightblue.pptx")
    prs, info = opened.prs, opened.info
    master = prs.slide_masters[0]
    body = next(ph for ph in master.placeholders if ph.placeholder_format.type == 2)
    got = layout.frames_of(info, avoid_art=False).body
    assert (got.x, got.y, got.w, got.h) == (body.left.pt, body.top.pt, body.width.pt,
                                            body.height.pt)
    two = describe.layout_of(prs, info.layout("two"))
    left, right = sorted((ph for ph in two.placeholders if ph.placeholder_format.type == 7),
                         key=lambda ph: ph.left)
    assert left.left == body.left and left.left + left.width < right.left
    assert right.left + right.width <= body.left + body.width


# -- removing sample slides -----------------------------------------------------------------
def test_remove_sample_slides_leaves_nothing_pointing_at_them(tmp_path: Path) -> None:
    prs = Presentation()
    png = Path(__file__).resolve().parents[1] / "assets" / "ai_timeline.png"
    for i in range(3):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Sample slide {i + 1}"
        slide.notes_slide.notes_text_frame.text = f"sample notes {i + 1}"
        if png.is_file():
            slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(2))
    root = prs.part._element
    rids = [s.rId for s in prs.slides._sldIdLst]
    ids = [s.id for s in prs.slides._sldIdLst]
    p, r = NS["p"], NS["r"]
    shows = etree.fromstring(
        f'<p:custShowLst xmlns:p="{p}" xmlns:r="{r}"><p:custShow name="short" id="0">'
        f'<p:sldLst><p:sld r:id="{rids[0]}"/><p:sld r:id="{rids[2]}"/></p:sldLst>'
        "</p:custShow></p:custShowLst>")
    root.find("p:notesSz", NS).addnext(shows)
    ext_lst = etree.SubElement(root, f"{{{p}}}extLst")
    ext = etree.SubElement(ext_lst, f"{{{p}}}ext", uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}")
    p14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
    sec = etree.SubElement(etree.SubElement(ext, f"{{{p14}}}sectionLst"), f"{{{p14}}}section",
                           name="Old", id="{00000000-0000-0000-0000-000000000001}")
    lst = etree.SubElement(sec, f"{{{p14}}}sldIdLst")
    for sid in ids:
        etree.SubElement(lst, f"{{{p14}}}sldId", id=str(sid))
    src = tmp_path / "samples.pptx"
    prs.save(str(src))
    patch_zip(src, {
        "ppt/presProps.xml": lambda s: re.sub(
            r"<p:presentationPr([^>]*)/>|<p:presentationPr([^>]*)>",
            lambda m: f"<p:presentationPr{m.group(1) or m.group(2)}>"
            '<p:showPr><p:sldRg st="1" end="3"/></p:showPr>'
            + ("</p:presentationPr>" if m.group(1) is not None else ""), s, count=1),
        "docProps/app.xml": lambda s: s.replace(
            "</Properties>", "<Slides>3</Slides><Notes>3</Notes></Properties>"),
    })
    prs2 = opening.read_template(src).prs
    assert len(prs2.slides) == 0
    buf = io.BytesIO()
    prs2.save(buf)
    with zipfile.ZipFile(buf) as zf:
        names = set(zf.namelist())
        assert not [n for n in names if n.startswith(("ppt/slides/", "ppt/notesSlides/",
                                                      "ppt/media/"))]
        pres = zf.read("ppt/presentation.xml").decode()
        assert "custShowLst" not in pres and "sectionLst" not in pres
        assert "<p:sldAll/>" in zf.read("ppt/presProps.xml").decode()
        assert "sldRg" not in zf.read("ppt/presProps.xml").decode()
        app = etree.fromstring(zf.read("docProps/app.xml"))
        assert app.find("ep:Slides", NS) is None and app.find("ep:Notes", NS) is None
        assert not (names - {"[Content_Types].xml"}
                    - {n for n in names if n.endswith(".rels")} - _reachable(zf))


# -- choosing layouts -----------------------------------------------------------------------
def _infos(*rows: tuple[str, str | None, tuple[str, ...]], master: int = 0,
           start: int = 0) -> list[LayoutInfo]:
    return [LayoutInfo(start + i, name, kind, phs, master)
            for i, (name, kind, phs) in enumerate(rows)]


def test_chinese_names_without_types() -> None:
    # WPS-style layouts that carry names but no @type
    layouts = _infos(("空白", None, ()),
                     ("仅标题", None, ("title",)),
                     ("两栏内容", None, ("title", "body", "body")),
                     ("标题和内容", None, ("title", "body")),
                     ("节标题", None, ("title", "body")),
                     ("标题幻灯片", None, ("ctrTitle", "subTitle")))
    assert choose_layouts(layouts) == {"title": 5, "section": 4, "content": 3, "two": 2,
                                       "title_only": 1, "blank": 0, "closing": 5}


def test_python_pptx_default_template_roles() -> None:
    prs = Presentation()
    chosen = choose_layouts([li for li, _ in describe._layout_infos(prs)])
    names = {role: prs.slide_layouts[i].name for role, i in chosen.items()}
    assert names == {"title": "Title Slide", "section": "Section Header",
                     "content": "Title and Content", "two": "Two Content",
                     "title_only": "Title Only", "blank": "Blank", "closing": "Title Slide"}


def test_fallbacks_when_roles_are_missing() -> None:
    only = _infos(("Custom A", None, ("title",)), ("Custom B", None, ()))
    assert choose_layouts(only) == {"title_only": 0, "content": 0, "two": 0, "blank": 1,
                                    "title": 0, "section": 0, "closing": 0}
    assert choose_layouts([]) == {}


def test_libreoffice_layout_kinds() -> None:
    lo = _infos(("Blank Slide", "blank", ()), ("Title Slide", "tx", ("title", "subTitle")),
                ("Title, Content", "obj", ("title", "obj")),
                ("Title, 2 Content", "twoObj", ("title", "obj", "obj")),
                ("Title Only", "titleOnly", ("title",)),
                ("Centered Text", "objOnly", ("subTitle",)),
                ("Title, 6 Content", "blank", ("title",) + ("obj",) * 6))
    assert choose_layouts(lo) == {"title": 1, "section": 1, "content": 2, "two": 3,
                                  "title_only": 4, "blank": 0, "closing": 1}


def test_preferred_master_wins_ties() -> None:
    rows = (("Title Slide", "title", ("ctrTitle", "subTitle")),
            ("Title and Content", "obj", ("title", "body")))
    layouts = _infos(*rows, master=0) + _infos(*rows, master=1, start=2)
    chosen = choose_layouts(layouts, {"title": 1, "content": 0})
    assert chosen["title"] == 2 and chosen["closing"] == 2 and chosen["content"] == 1
    assert choose_layouts(layouts)["title"] == 0


# -- LibreOffice's own templates, converted during the test ---------------------------------
@pytest.mark.skipif(shutil.which("soffice") is None or not LO_TEMPLATES.is_dir(),
                    reason="LibreOffice (soffice) and its Impress templates are not installed")
@pytest.mark.parametrize("name", ["Focus", "Blue_Curve"])
def test_converted_libreoffice_template(name: str, tmp_path: Path) -> None:
    src = LO_TEMPLATES / f"{name}.otp"
    if not src.is_file():
        pytest.skip(f"{src} not shipped by this LibreOffice")
    converted, said = rendercheck.convert([src], "pptx", tmp_path)  # once per session
    if not converted:
        pytest.skip(f"LibreOffice could not convert {src}: {said}")
    tpl = tmp_path / f"{name}.pptx"
    out = _build(tmp_path, tpl)
    deck = Presentation(str(out))
    assert [s.shapes.title.text for s in deck.slides] == TITLES
    original = Presentation(str(tpl))
    assert (deck.slide_width, deck.slide_height) == (original.slide_width,
                                                     original.slide_height)
    masters = [m.part for m in deck.slide_masters]
    content = masters.index(deck.slides[3].slide_layout.slide_master.part)
    assert content == 0 and deck.slides[3].slide_layout.name == "Title, Content"
    if VALIDATOR.is_file():
        problems = _problems(out)
        assert not [p for p in problems if p.startswith(("/ppt/slides/", "/ppt/notesSlides/"))]


def test_a_rebuild_takes_the_templates_description_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template is read once: later builds (a new process each) take its description
    from the cache, and the deck is the same byte for byte."""
    shutil.copy(TEMPLATES / "lo-midnightblue.pptx", tmp_path / "lo-midnightblue.pptx")
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE.format(template="lo-midnightblue.pptx", extra=""),
                       encoding="utf-8")
    first = pipeline.build(outline, tmp_path / "a.pptx")  # reads it and caches it
    assert first.output is not None
    opening._DESCRIBED.clear()  # as in a new process

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the template was read again")

    monkeypatch.setattr(describe, "read_layouts", never)
    again = pipeline.build(outline, tmp_path / "b.pptx")
    assert again.output is not None
    assert again.output.read_bytes() == first.output.read_bytes()
    monkeypatch.undo()
    opening._DESCRIBED.clear()
    fresh = pipeline.build(outline, tmp_path / "c.pptx", use_cache=False)
    assert fresh.output is not None and fresh.output.read_bytes() == first.output.read_bytes()
