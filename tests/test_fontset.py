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


def test_missing_chars_looks_up_the_same_coverage_as_the_set():
    covered = fontset.covered_codepoints()
    every = "".join(chr(cp) for cp in range(0x30000) if not 0xD800 <= cp <= 0xDFFF)
    assert {ord(ch) for ch in fontset.missing_chars(every)} == {
        ord(ch) for ch in every if ord(ch) not in covered and not fontset._ignorable(ch)}


def test_covered_codepoints_is_cached_frozenset():
    a = fontset.covered_codepoints()
    assert isinstance(a, frozenset)
    assert a is fontset.covered_codepoints()
    assert ord("a") in a and ord("中") in a


@pytest.mark.parametrize("bold", [False, True])
def test_cjk_advance_widths(bold):
    widths = fontset.face_advances(fontset.CJK_SANS, bold)
    for ch in "中国算力，。":
        assert widths[ord(ch)] == pytest.approx(1.0, abs=0.01)
    assert 0.1 < widths[ord("a")] < 0.8


@pytest.mark.parametrize("bold", [False, True])
def test_latin_advance_widths(bold):
    widths = fontset.face_advances(fontset.LATIN_FAMILY, bold)
    assert widths[ord("a")] != widths[ord("W")]
    assert widths[ord("W")] > widths[ord("a")] > 0
    assert ord("中") not in widths
    assert fontset.face_advances(fontset.LATIN_FAMILY, bold) is widths  # cached


def test_module_imports_neither_matplotlib_nor_pptx():
    code = (
        "import sys, deckgen.fontset as f; f.covered_codepoints(); f.face_advances(f.CJK_SANS, False);"
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


# ---------------------------------------------------------------- typefaces and metric faces


@pytest.mark.parametrize(("typeface", "family", "metrics_of"), [
    ("Calibri", "Calibri", "Carlito"),
    ("  calibri ", "Calibri", "Carlito"),
    ("Cambria", "Cambria", "Caladea"),
    ("Arial", "Arial", "Liberation Sans"),
    ("helvetica", "Helvetica", "Liberation Sans"),
    ("Arial Unicode MS", "Arial Unicode MS", "Liberation Sans"),
    ("TimesNewRoman", "Times New Roman", "Liberation Serif"),
    ("Times", "Times", "Liberation Serif"),
    ("COURIER NEW", "Courier New", "Liberation Mono"),
    ("Courier", "Courier", "Liberation Mono"),
    ("微软雅黑", "微软雅黑", "Noto Sans CJK SC"),
    ("Microsoft YaHei", "Microsoft YaHei", "Noto Sans CJK SC"),
    ("等线", "等线", "Noto Sans CJK SC"),
    ("DengXian", "DengXian", "Noto Sans CJK SC"),
    ("黑体", "黑体", "Noto Sans CJK SC"),
    ("SimSun", "SimSun", "Noto Serif CJK SC"),
    ("宋体", "宋体", "Noto Serif CJK SC"),
    ("KaiTi", "KaiTi", "Noto Serif CJK SC"),
    ("仿宋", "仿宋", "Noto Serif CJK SC"),
    ("PingFang SC", "PingFang SC", "Noto Sans CJK SC"),
    ("思源黑体", "思源黑体", "Noto Sans CJK SC"),
    ("source han serif sc", "Source Han Serif SC", "Noto Serif CJK SC"),
    ("Microsoft JhengHei", "Microsoft JhengHei", "Noto Sans CJK SC"),
])
def test_known_families_resolve_to_their_twins(typeface, family, metrics_of):
    face = fontset.resolve(typeface)
    assert face == fontset.Face(family, metrics_of, estimated=False)
    assert face.metrics_of in fontset.METRIC_FACES


@pytest.mark.parametrize(("typeface", "metrics_of"), [
    ("Georgia", "DejaVu Serif"),
    ("Garamond", "DejaVu Serif"),
    ("PT Serif", "DejaVu Serif"),
    ("Segoe UI", "DejaVu Sans"),
    ("Microsoft Sans Serif", "DejaVu Sans"),
    ("Century Gothic", "DejaVu Sans"),
    ("Some Font Nobody Has", "DejaVu Sans"),
    ("Consolas", "DejaVu Sans Mono"),
    ("Fira Code", "DejaVu Sans Mono"),
    ("方正兰亭黑", "Noto Sans CJK SC"),
    ("方正书宋", "Noto Serif CJK SC"),
])
def test_unknown_families_get_a_wide_stand_in_of_their_class(typeface, metrics_of):
    assert fontset.resolve(typeface) == fontset.Face(typeface, metrics_of, estimated=True)


def test_each_slot_measures_with_a_face_that_draws_it():
    # a:latin naming a CJK family: its Latin text is drawn with DejaVu by LibreOffice.
    assert fontset.latin_face("微软雅黑") == fontset.Face("微软雅黑", "DejaVu Sans", True)
    assert fontset.latin_face("宋体") == fontset.Face("宋体", "DejaVu Serif", True)
    assert fontset.latin_face("Georgia") == fontset.resolve("Georgia")
    # a:ea naming a Latin family: ideographs come from a CJK font, 1 em wide.
    assert fontset.east_asian_face("Calibri") == fontset.Face("Calibri", "Noto Sans CJK SC", False)
    assert fontset.east_asian_face("Times New Roman").metrics_of == "Noto Serif CJK SC"
    assert fontset.east_asian_face("Acme Display") == fontset.Face(
        "Acme Display", "Noto Sans CJK SC", True)
    assert fontset.east_asian_face("宋体") == fontset.resolve("宋体")


@pytest.mark.parametrize("face", fontset.METRIC_FACES)
def test_every_metric_face_has_both_styles(face):
    for bold in (False, True):
        widths = fontset.face_advances(face, bold)
        assert 0.3 < widths[ord("n")] < 0.8
        upem, asc, desc, *_ = fontset.face_vmetrics(face, bold)
        assert upem > 0 and asc > 0 > desc
        if face in fontset.CJK_FACES:
            assert widths[ord("中")] == widths[ord("，")] == 1.0
        else:
            assert ord("中") not in widths


def test_stand_ins_are_at_least_as_wide_as_the_twins_of_their_class():
    text = "The quick brown fox jumps over the lazy dog 0123456789"

    def em(face):
        widths = fontset.face_advances(face)
        return sum(widths[ord(ch)] for ch in text)

    assert em("DejaVu Sans") > em("Liberation Sans") > em("Carlito")
    assert em("DejaVu Serif") > em("Liberation Serif")
    assert em("DejaVu Serif") > em("Caladea")
    assert em("DejaVu Sans Mono") >= em("Liberation Mono")


def test_published_line_heights_are_recorded_for_named_families():
    assert fontset.published_line_em("Microsoft YaHei") == pytest.approx(1.32)
    assert fontset.published_line_em("微软雅黑") == fontset.published_line_em("Microsoft YaHei")
    assert fontset.published_line_em("Georgia") is None


def _installed(paths):
    return all(p.is_file() for p in paths)


SYSTEM_PATHS = [p for *paths, _ in fontset.SYSTEM_FACES.values() for p in paths]


@pytest.mark.skipif(not _installed(SYSTEM_PATHS), reason=(
    "system fonts missing: apt-get install fonts-noto-cjk fonts-crosextra-caladea "
    "fonts-liberation2 fonts-dejavu-core"))
@pytest.mark.parametrize("face", list(fontset.SYSTEM_FACES))
def test_shipped_face_metrics_match_the_installed_fonts(face):
    shipped = fontset.face_styles(face)
    assert shipped == fontset._system_face(face), (
        f"{face}: run scripts/make_fonts.py --metrics-only to refresh metrics.json.gz")


@pytest.mark.skipif(not _installed(fontset.NOTO_SANS_CJK), reason=(
    "Noto Sans CJK missing: apt-get install fonts-noto-cjk"))
@pytest.mark.parametrize("bold", [False, True])
def test_shipped_subset_measures_as_noto_sans_cjk_sc(bold):
    font = fontset._open_face(fontset.NOTO_SANS_CJK[bold])
    try:
        cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
        upem = font["head"].unitsPerEm
        vertical = [getattr(font[t], n) for t, n in fontset._VERTICAL]
    finally:
        font.close()
    shipped = fontset.face_advances(fontset.CJK_SANS, bold)
    assert shipped == {cp: hmtx[cmap[cp]][0] / upem for cp in shipped}
    assert fontset.face_vmetrics(fontset.CJK_SANS, bold) == (upem, *vertical)
