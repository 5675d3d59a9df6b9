"""The shipped default theme files (src/deckgen/themes/default-*.pptx)."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

REPO = Path(__file__).resolve().parents[1]
THEMES = REPO / "src" / "deckgen" / "themes"
SCRIPT = REPO / "scripts" / "make_theme.py"
VALIDATOR = Path(__file__).resolve().parents[2] / "shared/ooxml/validate_pptx.py"

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

SIZES = {"default-16x9.pptx": (12192000, 6858000), "default-4x3.pptx": (9144000, 6858000)}
LAYOUTS = ["Title Slide", "Title and Content", "Section Header", "Two Content",
           "Title Only", "Closing", "Blank"]
FOOTER_TYPES = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}

params = pytest.mark.parametrize("name", sorted(SIZES))


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


@params
def test_slide_size_and_no_slides(name: str) -> None:
    path = THEMES / name
    prs = Presentation(str(path))
    assert (prs.slide_width, prs.slide_height) == SIZES[name]
    assert len(prs.slides) == 0
    sld_sz = _part(path, "ppt/presentation.xml").find(f"{{{P}}}sldSz")
    assert sld_sz is not None
    if name == "default-16x9.pptx":
        assert sld_sz.get("type") != "screen4x3"
    with zipfile.ZipFile(path) as zf:
        assert not [n for n in zf.namelist() if n.startswith("ppt/slides/")]
        assert not [n for n in zf.namelist() if n.startswith("ppt/media/")]
    assert path.stat().st_size < 100_000


@params
def test_layout_names_and_placeholders(name: str) -> None:
    prs = Presentation(str(THEMES / name))
    width, height = SIZES[name]
    assert [layout.name for layout in prs.slide_layouts] == LAYOUTS
    for layout in prs.slide_layouts:
        types = {ph.placeholder_format.type for ph in layout.placeholders}
        assert types >= FOOTER_TYPES, layout.name
        for ph in layout.placeholders:
            left, top, w, h = ph.left, ph.top, ph.width, ph.height
            assert None not in (left, top, w, h), (layout.name, ph.name)
            assert w > 0 and h > 0, (layout.name, ph.name)
            assert left >= 0 and left + w <= width, (layout.name, ph.name)
            assert top >= 0 and top + h <= height, (layout.name, ph.name)
    master_types = {ph.placeholder_format.type for ph in prs.slide_master.placeholders}
    assert FOOTER_TYPES | {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.BODY} <= master_types


@params
def test_layout_placeholder_kinds(name: str) -> None:
    prs = Presentation(str(THEMES / name))

    def kinds(layout_name: str) -> list[tuple[int, PP_PLACEHOLDER]]:
        layout = prs.slide_layouts.get_by_name(layout_name)
        assert layout is not None
        return sorted(
            (ph.placeholder_format.idx, ph.placeholder_format.type)
            for ph in layout.placeholders
            if ph.placeholder_format.type not in FOOTER_TYPES)

    assert kinds("Title Slide") == [(0, PP_PLACEHOLDER.CENTER_TITLE),
                                    (1, PP_PLACEHOLDER.SUBTITLE)]
    assert kinds("Title and Content") == [(0, PP_PLACEHOLDER.TITLE), (1, PP_PLACEHOLDER.BODY)]
    assert kinds("Section Header") == [(0, PP_PLACEHOLDER.TITLE), (1, PP_PLACEHOLDER.BODY)]
    assert kinds("Two Content") == [(0, PP_PLACEHOLDER.TITLE), (1, PP_PLACEHOLDER.BODY),
                                    (2, PP_PLACEHOLDER.BODY)]
    assert kinds("Title Only") == [(0, PP_PLACEHOLDER.TITLE)]
    assert kinds("Closing") == [(0, PP_PLACEHOLDER.CENTER_TITLE), (1, PP_PLACEHOLDER.SUBTITLE)]
    assert kinds("Blank") == []

    # the two content boxes sit side by side, without overlapping
    two = prs.slide_layouts.get_by_name("Two Content")
    left, right = sorted((ph for ph in two.placeholders
                          if ph.placeholder_format.type == PP_PLACEHOLDER.BODY),
                         key=lambda ph: ph.left)
    assert left.left + left.width < right.left
    assert left.top == right.top


@params
def test_theme_fonts_and_colors(name: str) -> None:
    theme = _part(THEMES / name, "ppt/theme/theme1.xml")
    ns = {"a": A}
    font_scheme = theme.find(".//a:fontScheme", ns)
    assert font_scheme is not None and font_scheme.get("name") == "deckgen"
    for which in ("majorFont", "minorFont"):
        font = font_scheme.find(f"a:{which}", ns)
        assert font is not None
        assert font.find("a:latin", ns).get("typeface") == "Calibri"
        assert font.find("a:ea", ns).get("typeface") == "Microsoft YaHei"
        hans = font.find("a:font[@script='Hans']", ns)
        assert hans is not None and hans.get("typeface") == "Microsoft YaHei"
    clr = theme.find(".//a:clrScheme", ns)
    assert clr is not None and clr.get("name") == "deckgen"
    assert clr.find("a:accent1/a:srgbClr", ns).get("val") == "B22222"
    assert clr.find("a:dk2/a:srgbClr", ns).get("val") == "1F3A5F"


def _deck_from_every_layout(theme: Path, out: Path) -> None:
    prs = Presentation(str(theme))
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        for ph in slide.placeholders:
            kind = ph.placeholder_format.type
            tf = ph.text_frame
            if kind in TITLE_TYPES:
                tf.text = "中美人工智能领域的竞赛 The US–China AI race"
            else:
                tf.text = "算力与芯片 Compute and chips"
                para = tf.add_paragraph()
                para.text = "出口管制 Export controls"
                para.level = 1
    prs.save(str(out))


def _validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, str(VALIDATOR)]
    if "--strict-schema" in VALIDATOR.read_text(encoding="utf-8"):
        args.append("--strict-schema")
    return subprocess.run([*args, *map(str, paths)], capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.skipif(not VALIDATOR.is_file(), reason=f"OOXML validator not found at {VALIDATOR}")
@params
def test_validator_passes_on_theme_and_deck(name: str, tmp_path: Path) -> None:
    deck = tmp_path / f"deck-{name}"
    _deck_from_every_layout(THEMES / name, deck)
    assert len(Presentation(str(deck)).slides) == len(LAYOUTS)
    result = _validate(THEMES / name, deck)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 problems" in result.stdout


def test_script_reproduces_files(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--out-dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    for name in SIZES:
        assert (tmp_path / name).read_bytes() == (THEMES / name).read_bytes(), name
        described = Path(name).with_suffix(".json")
        assert (tmp_path / described).read_text(encoding="utf-8") == (
            THEMES / described).read_text(encoding="utf-8"), described


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_shipped_description_is_what_reading_the_theme_gives(aspect: str) -> None:
    from deckgen.template.files import default_theme, shipped_info
    from deckgen.template.opening import open_template

    shipped = shipped_info(aspect)
    assert shipped is not None  # present and matching the theme file's hash
    assert shipped == open_template(default_theme(aspect)).info

