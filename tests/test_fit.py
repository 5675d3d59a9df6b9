"""Tests for deckgen.fit: measurement, wrapping, shrink-to-fit and pagination."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pytest
from fontTools.ttLib import TTCollection, TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen import fit, fontset
from deckgen.fit import Box, Para
from deckgen.style import ListStyle

T = TypeVar("T")
LONG_CJK = "人工智能正在深刻改变教育的方式，从个性化学习到智能评测，每一个环节都在发生变化。"


def _list(margin: float = 0.0, before: float = 0.0) -> ListStyle:
    """A list these tests measure: 27 pt more margin and 85 % of the size per level."""
    return ListStyle(margin=margin, step=27, space_before=before, sub_space_before=before,
                     sub_scale=0.85)


def test_width_scales_linearly_with_size() -> None:
    for text in ("中文", "EFLOPS", "混合 Mixed 文字 2023", "“引号”"):
        w10 = fit.text_width(text, 10)
        assert w10 > 0
        assert fit.text_width(text, 20) == pytest.approx(2 * w10)
        assert fit.text_width(text, 35) == pytest.approx(3.5 * w10)


def test_cjk_ideograph_is_about_one_em() -> None:
    assert fit.char_em("中") == pytest.approx(1.0, abs=0.02)
    assert fit.text_width("中文字", 20) == pytest.approx(60, rel=0.02)
    assert fit.char_em("，") == pytest.approx(1.0, abs=0.02)


def test_latin_is_narrower_than_cjk_and_bold_is_wider() -> None:
    assert fit.text_width("abc", 20) < fit.text_width("中文字", 20)
    assert fit.text_width("EFLOPS", 20, bold=True) >= fit.text_width("EFLOPS", 20)


def test_unknown_character_falls_back() -> None:
    assert fit.char_em("\U000f0000") == pytest.approx(fit.FALLBACK_EM)  # private use plane


def test_cjk_latin_boundary_adds_space() -> None:
    bare = fit.text_width("中文", 20) + fit.text_width("EFLOPS", 20)
    assert fit.text_width("中文EFLOPS", 20) > bare


@pytest.mark.parametrize("width", [70, 80, 100, 120, 150, 200, 260])
def test_wrap_never_breaks_inside_latin_words_or_numbers(width: float) -> None:
    text = "我们在2023年实现了EFLOPS级别的算力，Frontier系统达到1.1 EFLOPS。"
    lines = fit.wrap(text, width, 20)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for word in ("EFLOPS", "2023", "Frontier", "1.1"):
        assert text.count(word) == sum(ln.count(word) for ln in lines), (word, lines)


def test_word_longer_than_line_is_broken_by_character() -> None:
    lines = fit.wrap("Supercalifragilisticexpialidocious", 80, 20)
    assert len(lines) > 1
    assert "".join(lines) == "Supercalifragilisticexpialidocious"
    assert all(fit.text_width(ln, 20) <= 80 for ln in lines)


def test_wrap_breaks_at_spaces_and_after_hyphens() -> None:
    lines = fit.wrap("large-scale machine-learning models", 120, 20)
    assert lines[0].endswith(("-", "scale", "machine-"))
    assert all(not ln.startswith(" ") and not ln.endswith(" ") for ln in lines)


def test_kinsoku_no_line_starts_with_closing_punctuation() -> None:
    size = 20
    width = fit.text_width("一二三四五", size) + 1  # five ideographs fit, six do not
    assert fit.text_width("一二三四五。", size) > width
    naive = ["一二三四五", "。"]
    lines = fit.wrap("一二三四五。六七", width, size)
    assert lines != naive
    assert lines == ["一二三四", "五。六七"]
    lines = fit.wrap("一二三四五，六七八九十。", width, size)
    assert not any(ln.startswith(("，", "。")) for ln in lines)


def test_kinsoku_no_line_ends_with_opening_punctuation() -> None:
    size = 20
    width = fit.text_width("一二三四五", size) + 1
    lines = fit.wrap("一二三四《五六》七", width, size)
    assert not any(ln.endswith("《") for ln in lines)
    assert lines[0] == "一二三四"


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="中文字词，。（）《》 abcXYZ0123-%", min_size=0, max_size=60),
    st.floats(min_value=30, max_value=400),
)
def test_wrap_keeps_every_character_and_respects_kinsoku(text: str, width: float) -> None:
    lines = fit.wrap(text, width, 18)
    assert lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if any(fit.text_width(seg.rstrip(), 18) > width for seg in fit.breaking._segments(text)):
        return  # a glued run wider than the line: kinsoku gives way as a last resort
    for ln in lines[1:]:
        if ln:
            assert ln[0] not in "，。）》%"
    for ln in lines[:-1]:
        if ln:
            assert ln[-1] not in "（《"


def test_long_cjk_line_breaks_between_characters() -> None:
    lines = fit.wrap(LONG_CJK, 200, 20)
    assert len(lines) >= 4
    assert "".join(lines) == LONG_CJK
    for ln in lines:
        assert fit.text_width(ln, 20) <= 200
    # Lines are filled: each but the last is within two ideographs of the width.
    for ln in lines[:-1]:
        assert fit.text_width(ln, 20) > 200 - 2 * 20 * 1.01


def test_forced_line_break() -> None:
    assert fit.wrap("第一行\n第二行", 500, 20) == ["第一行", "第二行"]
    assert fit.wrap("", 500, 20) == [""]


def test_line_height_uses_the_taller_font() -> None:
    assert fit.line_height(20) == pytest.approx(20 * 1.448, rel=0.01)
    assert fit.line_height(20, 1.5) == pytest.approx(1.5 * fit.line_height(20))
    assert fit.line_height(20, 0.5) >= 20 * fit.MIN_LINE_EM


def test_text_height_counts_lines_insets_and_spacing() -> None:
    box = Box(400, 300, style=_list(before=6))
    paras = [Para("一行"), Para("另一行")]
    expected = 2 * box.inset_tb_pt + 2 * 6 + 2 * fit.line_height(24)
    assert fit.text_height(paras, box, 24) == pytest.approx(expected)
    sub = [Para("一行"), Para("子要点", level=1)]
    assert fit.text_height(sub, box, 24) < fit.text_height(paras, box, 24)


def test_box_levels_and_indents() -> None:
    box = Box(400, 300, style=_list(margin=18))
    assert box.style.margin_left(0) == 18
    assert box.style.margin_left(1) == 45
    assert box.text_width(1) == 400 - 2 * 7.2 - 45
    assert box.size_at(20, 1) == 17
    assert box.size_at(20, 5) == 17  # deeper levels use the last scale


def test_fit_keeps_theme_size_when_it_fits() -> None:
    box = Box(600, 300)
    f = fit.fit([Para("短句"), Para("另一个短句")], box, 28, 16)
    assert f == fit.Fit(28, True, f.height_pt)
    assert f.height_pt <= box.height_pt


def test_fit_shrinks_when_needed_but_not_below_floor() -> None:
    box = Box(300, 120)
    paras = [Para(LONG_CJK)]
    assert fit.text_height(paras, box, 28) > box.height_pt
    f = fit.fit(paras, box, 28, 16)
    assert f.fits and 16 <= f.size_pt < 28
    assert f.height_pt <= box.height_pt
    # One step larger would not have fitted.
    assert fit.text_height(paras, box, f.size_pt + 1) > box.height_pt


def test_fit_reports_failure_at_floor() -> None:
    box = Box(300, 80)
    f = fit.fit([Para(LONG_CJK * 3)], box, 28, 16)
    assert f.size_pt == 16
    assert not f.fits
    assert f.height_pt > box.height_pt


def _outline(n: int) -> list[Para]:
    paras: list[Para] = []
    for i in range(n):
        paras.append(Para(f"要点{i}：{LONG_CJK[: 12 + i % 5]}"))
        paras.append(Para(f"子要点{i}a：说明文字", level=1))
        paras.append(Para(f"子要点{i}b：更多说明 GPU EFLOPS", level=1))
    return paras


def test_paginate_single_page_when_it_fits() -> None:
    box = Box(800, 400, style=_list(margin=18))
    paras = _outline(2)
    assert fit.paginate(paras, box, 24, 16) == [tuple(paras)]


def test_paginate_keeps_sub_bullets_with_parent_and_pages_fit() -> None:
    box = Box(600, 300, style=_list(margin=18, before=6))
    paras = _outline(8)
    assert not fit.fit(paras, box, 24, 16).fits
    pages = fit.paginate(paras, box, 24, 16)
    assert len(pages) > 1
    assert [p for page in pages for p in page] == paras
    for page in pages:
        assert page[0].level == 0  # every page starts with a top-level bullet
        f = fit.fit(page, box, 24, 16)
        assert f.fits and f.size_pt >= 16
    # Fewest pages: no two neighbouring pages could have shared one page.
    for a, b in itertools.pairwise(pages):
        assert not fit.fit(a + b, box, 24, 16).fits


def test_paginate_oversize_paragraph_gets_its_own_page() -> None:
    box = Box(300, 120)
    huge = Para(LONG_CJK * 4)
    paras = [Para("开头"), huge, Para("结尾")]
    pages = fit.paginate(paras, box, 24, 16)
    assert (huge,) in pages
    assert [p for page in pages for p in page] == paras


def test_paginate_splits_a_block_too_tall_for_one_page() -> None:
    box = Box(400, 150)
    paras = [Para("父要点")] + [Para(f"子要点{i}：{LONG_CJK[:10]}", level=1) for i in range(8)]
    pages = fit.paginate(paras, box, 24, 16)
    assert len(pages) > 1
    assert [p for page in pages for p in page] == paras
    assert all(fit.fit(page, box, 24, 16).fits for page in pages)


def test_row_height_uses_tallest_cell() -> None:
    one = fit.row_height(["短", "短"], [100, 100], 14)
    assert one == pytest.approx(fit.line_height(14) + 2 * 3.6)
    tall = fit.row_height(["短", LONG_CJK], [100, 100], 14)
    assert tall > 3 * fit.line_height(14)


def test_paginate_rows_repeats_header() -> None:
    pages = fit.paginate_rows([30] * 10, header_pt=40, avail_pt=160)
    assert pages == [range(0, 4), range(4, 8), range(8, 10)]
    assert fit.paginate_rows([30, 500, 30], 40, 160) == [range(0, 1), range(1, 2), range(2, 3)]
    assert fit.paginate_rows([], 40, 160) == []
    assert fit.paginate_rows([10, 10], 40, 160) == [range(0, 2)]


def test_fit_title_two_lines() -> None:
    short = fit.fit_title("课程简介", 800, 40, 24)
    assert short.fits and short.size_pt == 40
    title = "第三章：人工智能在基础教育中的应用与挑战——以2023年的EFLOPS级算力为例"
    f = fit.fit_title(title, 700, 40, 24)
    assert f.fits and 24 <= f.size_pt < 40
    assert len(fit.wrap(title, 700 - 2 * 7.2, f.size_pt)) <= 2
    assert len(fit.wrap(title, 700 - 2 * 7.2, f.size_pt + 1)) > 2
    assert f.height_pt == pytest.approx(
        len(fit.wrap(title, 700 - 2 * 7.2, f.size_pt)) * fit.line_height(f.size_pt) + 7.2
    )
    impossible = fit.fit_title(title * 3, 400, 40, 24)
    assert not impossible.fits and impossible.size_pt == 24


# ---------------------------------------------------------------- fonts


GEORGIA = fit.Fonts(latin="Georgia")
ENGLISH = "Dynamic pricing moved 50,490 riders to off-peak trips in 4.1 minutes"


SYSTEM_FONTS = Path("/usr/share/fonts")
LIBERATION_SANS = SYSTEM_FONTS / "truetype/liberation2/LiberationSans-Regular.ttf"
LIBERATION_MONO = SYSTEM_FONTS / "truetype/liberation2/LiberationMono-Regular.ttf"
DEJAVU_SERIF = SYSTEM_FONTS / "truetype/dejavu/DejaVuSerif.ttf"
NOTO_SERIF_CJK = SYSTEM_FONTS / "opentype/noto/NotoSerifCJK-Regular.ttc"
WIDTH_SAFETY = 1.01  # fit's documented 1 % on every measured width
needs_system_fonts = pytest.mark.skipif(
    not all(p.is_file() for p in (LIBERATION_SANS, LIBERATION_MONO, DEJAVU_SERIF, NOTO_SERIF_CJK)),
    reason="needs fonts-liberation2, fonts-dejavu-core and fonts-noto-cjk (.ci/run installs them)")


def _read(path: Path, read: Callable[[TTFont], T]) -> T:
    """What `read` takes from a font file opened with fontTools (from a collection, its
    Simplified Chinese face)."""
    if path.suffix != ".ttc":
        with TTFont(str(path)) as font:
            return read(font)
    with TTCollection(str(path)) as fonts:
        return read(next(f for f in fonts if f["name"].getDebugName(1).endswith(" SC")))


def _advances(path: Path) -> dict[int, float]:
    """Advance widths in em per code point, read from the font file."""
    def read(font: TTFont) -> dict[int, float]:
        upm, hmtx = font["head"].unitsPerEm, font["hmtx"]
        return {cp: hmtx[glyph][0] / upm for cp, glyph in font.getBestCmap().items()}

    return _read(path, read)


def _line_em(*paths: Path) -> float:
    """The tallest line of some font files in em: hhea ascent + descent + gap, or OS/2
    win ascent + descent."""
    def read(font: TTFont) -> float:
        upm, hhea, os2 = font["head"].unitsPerEm, font["hhea"], font["OS/2"]
        return max((hhea.ascent - hhea.descent + hhea.lineGap) / upm,
                   (os2.usWinAscent + os2.usWinDescent) / upm)

    return max(_read(path, read) for path in paths)


def _bold(path: Path) -> Path:
    """A font file's bold twin."""
    return path.with_name(path.name.replace("Regular", "Bold") if "Regular" in path.name
                          else f"{path.stem}-Bold{path.suffix}")


def test_default_fonts_measure_with_the_shipped_faces() -> None:
    # Calibri and Microsoft YaHei (the defaults) are measured with the shipped Carlito and
    # Deckgen Sans SC: widths and line height from the font files themselves.
    default = fit.Fonts()
    assert default == fit.Fonts("Calibri", "Microsoft YaHei") == Box(10, 10).fonts
    carlito = _advances(fontset.latin_font_path())
    sans = _advances(fontset.cjk_font_path())
    assert fit.text_width(ENGLISH, 20) == pytest.approx(
        sum(carlito[ord(c)] for c in ENGLISH) * 20 * WIDTH_SAFETY)
    assert fit.text_width(LONG_CJK, 20) == pytest.approx(
        sum(sans[ord(c)] for c in LONG_CJK) * 20 * WIDTH_SAFETY)
    shipped = [fontset.latin_font_path(b) for b in (False, True)] + [
        fontset.cjk_font_path(b) for b in (False, True)]
    assert fit.line_em(default) == pytest.approx(_line_em(*shipped))
    assert fit.estimated_faces(default) == ()


@needs_system_fonts
def test_latin_text_is_measured_with_the_latin_face() -> None:
    # Arial with its metric twin Liberation Sans, Calibri with the shipped Carlito: the
    # advances read from the font files
    arial = _advances(LIBERATION_SANS)
    carlito = _advances(fontset.latin_font_path())
    assert fit.char_em("a", fonts=fit.Fonts(latin="Arial")) == pytest.approx(arial[ord("a")])
    assert fit.char_em("a") == pytest.approx(carlito[ord("a")])
    assert arial[ord("a")] != pytest.approx(carlito[ord("a")])
    georgia, calibri = fit.text_width(ENGLISH, 20, fonts=GEORGIA), fit.text_width(ENGLISH, 20)
    assert georgia > 1.15 * calibri  # DejaVu Serif, Georgia's stand-in, is much wider
    assert len(fit.wrap(ENGLISH, 200, 20, fonts=GEORGIA)) > len(fit.wrap(ENGLISH, 200, 20))


@needs_system_fonts
def test_wide_text_is_measured_with_the_east_asian_face() -> None:
    serif = fit.Fonts(latin="Georgia", east_asian="宋体")  # SimSun: Noto Serif CJK SC's widths
    assert fit.char_em("中", fonts=serif) == pytest.approx(_advances(NOTO_SERIF_CJK)[ord("中")])
    assert fit.text_width("中文字", 20, fonts=serif) == fit.text_width("中文字", 20)
    # The Latin face does not touch wide characters, nor the East Asian face narrow ones.
    assert fit.text_width("中文字", 20, fonts=GEORGIA) == fit.text_width("中文字", 20)
    sans = fit.Fonts(east_asian="SimHei")
    assert fit.text_width(ENGLISH, 20, fonts=sans) == fit.text_width(ENGLISH, 20)


@needs_system_fonts
def test_ambiguous_characters_take_the_wider_face() -> None:
    # each pair's stand-ins (fit's docstring), read from the font files
    for fonts, files in ((fit.Fonts(), (fontset.latin_font_path(), fontset.cjk_font_path())),
                         (GEORGIA, (DEJAVU_SERIF, fontset.cjk_font_path())),
                         (fit.Fonts("Courier New", "SimSun"), (LIBERATION_MONO, NOTO_SERIF_CJK))):
        advances = [_advances(f) for f in files]
        for ch in "“…·":
            widths = [a[ord(ch)] for a in advances if ord(ch) in a]
            assert fit.char_em(ch, fonts=fonts) == pytest.approx(max(widths)), (fonts, ch)


def test_caches_keep_fonts_apart() -> None:
    mono = fit.Fonts(latin="Courier New")
    for _ in range(2):  # either order, twice: no cache answers for the other fonts
        assert fit.char_em("i", fonts=mono) == pytest.approx(0.6, abs=0.001)
        assert fit.char_em("i") < 0.3
        assert fit.wrap("iiii iiii iiii", 80, 20) == ["iiii iiii iiii"]
        assert len(fit.wrap("iiii iiii iiii", 80, 20, fonts=mono)) == 3


def test_box_fonts_drive_fit_paginate_and_height() -> None:
    paras = [Para(ENGLISH), Para(ENGLISH)]  # 2 lines each at 20 pt in Calibri, 3 in Georgia
    box = Box(350, 160)
    georgia = Box(350, 160, fonts=GEORGIA)
    assert fit.text_height(paras, georgia, 20) > fit.text_height(paras, box, 20)
    assert fit.fit(paras, georgia, 28, 12).size_pt < fit.fit(paras, box, 28, 12).size_pt
    assert len(fit.paginate(paras * 3, georgia, 20, 20)) > len(fit.paginate(paras * 3, box, 20, 20))


def test_title_and_row_measures_take_fonts() -> None:
    title = "Dynamic pricing in bike sharing"
    assert fit.fit_title(title, 300, 40, 20, fonts=GEORGIA).size_pt < fit.fit_title(
        title, 300, 40, 20).size_pt
    cells, widths = ["Docks per station", "50,490"], [120.0, 80.0]
    assert fit.row_height(cells, widths, 14, fonts=GEORGIA) > fit.row_height(cells, widths, 14)


@needs_system_fonts
def test_line_height_is_the_taller_of_the_two_faces() -> None:
    # each typeface's stand-in (fit's docstring) read from Debian's font files, regular
    # and bold; ideographs' faces are the shipped Noto Sans CJK subset or Noto Serif CJK
    cjk_sans = [fontset.cjk_font_path(b) for b in (False, True)]
    for fonts, latin in ((GEORGIA, DEJAVU_SERIF), (fit.Fonts("Arial", "Arial"), LIBERATION_SANS)):
        assert fit.line_em(fonts) == pytest.approx(_line_em(latin, _bold(latin), *cjk_sans))
    courier = [LIBERATION_MONO, _bold(LIBERATION_MONO)]
    cjk_serif = [NOTO_SERIF_CJK, _bold(NOTO_SERIF_CJK)]
    kaiti = fit.Fonts("Courier New", "KaiTi")
    assert fit.line_em(kaiti) == pytest.approx(_line_em(*courier, *cjk_serif))
    assert fit.line_em(kaiti) != pytest.approx(_line_em(*courier, *cjk_sans))
    # proportional spacing on top, never closer than 1.25 em
    assert fit.line_height(20, 1.1, fonts=kaiti) == pytest.approx(
        _line_em(*courier, *cjk_serif) * 1.1 * 20)
    assert fit.line_height(20, 0.8, fonts=kaiti) == pytest.approx(1.25 * 20)


def test_estimated_faces_list_typefaces_measured_with_a_stand_in() -> None:
    def estimated(fonts: fit.Fonts) -> set[str]:
        return {face.family for face in fit.estimated_faces(fonts)}

    assert estimated(GEORGIA) == {"Georgia"}
    assert estimated(fit.Fonts("Georgia", "Georgia")) == {"Georgia"}
    assert estimated(fit.Fonts("Cambria", "方正兰亭黑")) == {"方正兰亭黑"}
    assert estimated(fit.Fonts("Times New Roman", "宋体")) == set()
    assert estimated(fit.Fonts("", " ")) == set()  # blank: the defaults
    assert fit.faces(fit.Fonts("", "")) == fit.faces(fit.Fonts())


def test_autospace_holds_across_spaces() -> None:
    space = fit.char_em(" ") * 20 * fit.WIDTH_SAFETY
    touching = fit.text_width("中文EFLOPS中文", 20)
    spaced = fit.text_width("中文 EFLOPS 中文", 20)
    assert spaced == pytest.approx(touching + 2 * space)  # the two gaps stay
    assert fit.text_width("2023 年", 20) == pytest.approx(
        (fit.char_em("2") * 4 + fit.char_em(" ") + fit.char_em("年") + fit.AUTOSPACE_EM)
        * 20 * fit.WIDTH_SAFETY)
    assert fit.text_width("EFLOPS", 20) + fit.text_width("中文", 20) < fit.text_width(
        "EFLOPS  中文", 20) - 2 * space + 1e-9


def test_broken_words_names_words_wider_than_the_line() -> None:
    text = "Electroencephalography is long, 1,234,567 too"
    wide = fit.text_width("Electroencephalography", 20)
    assert fit.broken_words(text, wide + 1, 20) == []
    assert fit.broken_words(text, wide - 1, 20) == ["Electroencephalography"]
    assert fit.broken_words(text, fit.text_width("1,234,5", 20), 20) == [
        "Electroencephalography", "1,234,567"]
    assert fit.broken_words("中文很多很多字", 25, 20) == []  # CJK breaks between characters
    assert fit.tokens("Antwerp-Bruges, CNN（卷积） 4.1 min") == [
        "Antwerp-", "Bruges,", "CNN（卷", "积）", "4.1", "min"]


def test_fit_shrinks_before_it_breaks_a_word() -> None:
    word = "Counterrevolutionaries"
    box = Box(width_pt=fit.text_width(word, 20) + 2 * 7.2 + 0.5, height_pt=400)
    got = fit.fit([Para(word)], box, 32, 16)
    assert got.fits and got.size_pt == 20  # 32 pt would fit the height, broken in three
    assert fit.box_broken_words([Para(word)], box, 32) == [word]
    assert not fit.fit([Para(word)], replace(box, width_pt=60), 32, 16).fits
    assert fit.fit_title(word, box.width_pt, 32, 16).size_pt == 20


def test_hebrew_and_arabic_are_measured_with_dejavu_sans() -> None:
    dejavu = fontset.face_advances("DejaVu Sans")
    for ch in "שא":
        assert fit.char_em(ch) == dejavu[ord(ch)]
        assert fit.char_em(ch, fonts=fit.Fonts("Georgia", "SimSun")) == dejavu[ord(ch)]
    assert fit.char_em("ب", bold=True) == fontset.face_advances("DejaVu Sans", True)[ord("ب")]
    assert fit.char_em("ש") != fit.FALLBACK_EM


def _grown_by_scanning(paras: list[Para], box: Box, start: float, ceiling: float,
                       keep_lines: bool) -> float | None:
    """The largest size layout may grow a text to, found by trying every size from the
    top: the rule of ``sizing.grown`` without its shortcut."""
    from deckgen.style import FILL_MAX

    lines = fit.line_counts(paras, box, start)
    for s in fit.size_steps(ceiling, start + 1) if ceiling >= start + 1 else []:
        if (fit.text_height(paras, box, s) <= FILL_MAX * box.height_pt
                and (not keep_lines or fit.line_counts(paras, box, s) == lines)
                and fit.fit(paras, box, s, s).fits):
            return s
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.text(alphabet="中文字词，。（）《》 abcXYZ0123-%", min_size=1,
                               max_size=40), st.integers(0, 1)), min_size=1, max_size=5),
    st.floats(min_value=120, max_value=700), st.floats(min_value=60, max_value=400),
    st.integers(12, 24), st.integers(0, 12), st.booleans(),
)
def test_growing_stops_where_trying_every_size_would(
        texts: list[tuple[str, int]], w: float, h: float, start: int, more: int,
        keep_lines: bool) -> None:
    # grown gives up when the smallest larger size fails; that is exact only because a
    # text never breaks into fewer lines, nor stands lower, at a larger size.
    from deckgen.layout.sizing import grown

    paras = [Para(t, level=lv) for t, lv in texts]
    box = Box(w, h, style=_list(margin=18, before=6))
    assert (grown(paras, box, start, start + more, keep_lines)
            == _grown_by_scanning(paras, box, start, start + more, keep_lines))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 ,.-%（）“中文。，" + "\u00e9\u0416", max_size=40),
       st.sampled_from([7.5, 12.0, 13.3, 22.5, 40.0]), st.booleans())
def test_the_widest_token_is_widest_at_every_size(text: str, size: float, bold: bool) -> None:
    # the table's least column widths measure only this token at each size tried
    words = fit.tokens(text)
    most = max((fit.text_width(w, size, bold) for w in words), default=0.0)
    widest = fit.widest_token(text, bold)
    assert (fit.text_width(widest, size, bold) if widest else 0.0) == most
    assert widest in words or (not words and widest == "")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="a1 ,\t\u3000中文。（" + "\u00e9", max_size=30))
def test_autospaces_count_the_boundaries(text: str) -> None:
    # the loop that counts them against the definition, character by character
    kinds = [0 if ch.isspace() else 2 if fit.is_cjk(ch) else 1 for ch in text]
    solid = [k for k in kinds if k]
    expected = sum(a != b for a, b in itertools.pairwise(solid))
    assert fit.measure._autospaces(text) == expected == sum(fit.measure._boundaries(text))
