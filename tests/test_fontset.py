"""Tests for the shipped fonts and deckgen.fontset."""

from __future__ import annotations

import subprocess
import sys

import pytest

from deckgen import fontset

COMMON_ZH = "中美人工智能领域的竞赛，算力：910 EFLOPS（2023）"
DECK_ZH = (
    "2024年营收同比增长 12.5%，毛利率≈38%；市场份额 ①国内 ②海外 → 目标：€3.2亿、"
    "“降本增效”《白皮书》【重点】—— 温度 25℃，±0.5，≤ 10 ≥ 5 × ÷ ‰ · … ￥"
)
ALL_FILES = [
    fontset.cjk_font_path(False),
    fontset.cjk_font_path(True),
    fontset.latin_font_path(False),
    fontset.latin_font_path(True),
]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_font_files_exist_and_are_small(path):
    assert path.is_file()
    assert 0 < path.stat().st_size < 8 * 1024 * 1024


def test_licence_and_readme_ship_beside_the_fonts():
    for name in ("OFL-NotoSansCJK.txt", "OFL-Carlito.txt", "README.md"):
        assert (fontset.FONT_DIR / name).is_file(), name
    assert "Adobe" in (fontset.FONT_DIR / "OFL-NotoSansCJK.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("bold", [False, True])
def test_cjk_family_is_renamed(bold):
    from fontTools.ttLib import TTFont

    with TTFont(str(fontset.cjk_font_path(bold)), lazy=True) as font:
        name = font["name"]
        assert name.getDebugName(1) == fontset.CJK_FAMILY == "Deckgen Sans SC"
        assert name.getDebugName(2) == ("Bold" if bold else "Regular")
        assert "Adobe" in name.getDebugName(0)  # copyright record kept
        assert "Open Font License" in name.getDebugName(13)  # licence record kept
        assert all("Noto Sans CJK" not in (name.getDebugName(i) or "") for i in (1, 4, 6))


def test_common_chinese_text_is_covered():
    assert fontset.missing_chars(COMMON_ZH) == []
    assert fontset.missing_chars(DECK_ZH) == []


def test_gbk_hanzi_are_covered():
    covered = fontset.covered_codepoints()
    assert all(cp in covered for cp in range(0x4E00, 0x9FA6))
    assert len(covered) > 22000


def test_missing_chars_reports_emoji_and_rare_chars_once_in_order():
    text = "增长😀𠀀好😀 \t\n\u200d"
    assert fontset.missing_chars(text) == ["😀", "𠀀"]
    assert fontset.missing_chars("") == []


def test_covered_codepoints_is_cached_frozenset():
    a = fontset.covered_codepoints()
    assert isinstance(a, frozenset)
    assert a is fontset.covered_codepoints()
    assert ord("a") in a and ord("中") in a


@pytest.mark.parametrize("bold", [False, True])
def test_cjk_advance_widths(bold):
    widths = fontset.advance_widths(bold=bold, cjk=True)
    for ch in "中国算力，。":
        assert widths[ord(ch)] == pytest.approx(1.0, abs=0.01)
    assert 0.1 < widths[ord("a")] < 0.8


@pytest.mark.parametrize("bold", [False, True])
def test_latin_advance_widths(bold):
    widths = fontset.advance_widths(bold=bold, cjk=False)
    assert widths[ord("a")] != widths[ord("W")]
    assert widths[ord("W")] > widths[ord("a")] > 0
    assert ord("中") not in widths
    assert fontset.advance_widths(bold=bold, cjk=False) is widths  # cached


def test_module_imports_neither_matplotlib_nor_pptx():
    code = (
        "import sys, deckgen.fontset as f; f.covered_codepoints(); f.advance_widths(False, True);"
        "bad = [m for m in ('matplotlib', 'pptx') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.fixture
def cjk_rc():
    """matplotlib rc with the shipped Deckgen Sans SC registered and selected."""
    matplotlib = pytest.importorskip("matplotlib")
    from matplotlib import font_manager

    for bold in (False, True):
        font_manager.fontManager.addfont(str(fontset.cjk_font_path(bold)))
    with matplotlib.rc_context({"font.family": [fontset.CJK_FAMILY]}):
        yield font_manager


def _render(tmp_path, title: str):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=80)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.bar(["北京", "上海", "深圳"], [3.5, -1.2, 2.8])
    ax.set_title(title, fontweight="bold")
    ax.set_xlabel("城市（2023年）")
    ax.set_ylabel("同比增长率 %")
    out = tmp_path / "chart.png"
    fig.savefig(out)
    return out


def test_matplotlib_renders_chinese_without_missing_glyphs(cjk_rc, tmp_path):
    fm = cjk_rc
    regular = fm.findfont(fm.FontProperties(family=fontset.CJK_FAMILY), fallback_to_default=False)
    bold = fm.findfont(
        fm.FontProperties(family=fontset.CJK_FAMILY, weight="bold"), fallback_to_default=False
    )
    assert regular == str(fontset.cjk_font_path(False))
    assert bold == str(fontset.cjk_font_path(True))
    # filterwarnings=error turns any "Glyph ... missing from font(s)" warning into a failure.
    out = _render(tmp_path, COMMON_ZH)
    assert out.stat().st_size > 1000


def test_matplotlib_warns_for_glyph_absent_from_font(cjk_rc, tmp_path):
    with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font"):
        _render(tmp_path, "增长 😀")
