"""Layout: font sizes per text box, continuation slides, and the built deck's text frames."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from deckgen import fit, pipeline
from deckgen.deckplan import TextBox
from deckgen.layout.areas import Area
from deckgen.layout.columns import column_areas, trimmed_panels
from deckgen.plan import Para
from deckgen.report import render_report
from deckgen.style import PANEL_MIN_SHARE

STRESS = Path(__file__).resolve().parent / "outlines" / "stress"

TWELVE = """\
deck:
  title: 测试
  language: {lang}
chapters:
  - title: 第一章
    slides:
      - title: 十二条要点
        bullets: [{bullets}]
        notes: 讲稿。
      - title: 短页
        bullets: [一条, 两条]
        notes: 讲稿。
"""


def _twelve(write_outline: Callable[..., Path], lang: str = "zh-CN") -> Path:
    bullets = ", ".join(f"第{i}条：高质量论文数量与科研机构结构" for i in range(1, 13))
    return write_outline(TWELVE.format(lang=lang, bullets=bullets))


def _stress(tmp_path: Path, name: str) -> Path:
    """A stress outline copied beside the picture it names."""
    dest = tmp_path / name
    shutil.copy(STRESS / name, dest)
    Image.new("RGB", (1600, 600), (200, 210, 230)).save(tmp_path / "pic.png")
    return dest


def test_twelve_bullets_continue_on_a_slide_titled_cont(write_outline) -> None:
    report = pipeline.check(_twelve(write_outline))
    slides = [s for s in report.plan.slides if s.kind == "bullets"]
    assert [s.title for s in slides] == ["十二条要点", "十二条要点（续）", "短页"]
    assert [s.continued for s in slides] == [0, 1, 0]
    bodies = [_box(s, "body") for s in slides[:2]]
    texts = [p.text for b in bodies for p in b.paragraphs]
    assert texts == [f"第{i}条：高质量论文数量与科研机构结构" for i in range(1, 13)]
    # every paragraph still knows which bullet of the outline it shows
    keys = [p.origin for b in bodies for p in b.paragraphs]
    assert keys == [("chapters", 0, "slides", 0, "bullets", i) for i in range(12)]
    assert abs(len(bodies[0].paragraphs) - len(bodies[1].paragraphs)) <= 1  # filled evenly
    assert slides[1].notes == "（接上页，继续讲解。）"  # every slide carries notes
    assert "slide 4 '十二条要点': continued on 2 slides" in report.plan.fitting
    assert "  - slide 4 '十二条要点': continued on 2 slides" in render_report(report)


def test_english_continuation_title(write_outline) -> None:
    report = pipeline.check(_twelve(write_outline, "en"))
    titles = [s.title for s in report.plan.slides if s.kind == "bullets"]
    assert titles[1] == "十二条要点 (cont.)"


def test_short_slide_grows_to_the_ceiling_and_long_lists_keep_their_size(
        write_outline) -> None:
    report = pipeline.check(_twelve(write_outline))
    sizes = {s.title: dict(s.sizes) for s in report.plan.slides if s.kind == "bullets"}
    # two short bullets: set at the 28 pt ceiling, which the report does not call a change
    assert sizes["短页"] == {"body": 28, "title": 32}
    assert not any("短页" in line for line in report.plan.fitting)
    # twelve bullets on two slides: fitted from 24 pt as before, never grown
    assert sizes["十二条要点"]["body"] == sizes["十二条要点（续）"]["body"] == 24


def test_sizes_never_below_floors_on_the_stress_outlines(tmp_path: Path) -> None:
    floors = {"title": 24, "body": 16, "table": 12, "caption": 11, "col_body": 16,
              "stat_value": 20, "quote": 16, "source": 11, "stat_label": 11}
    for name in ("zh-16x9.yaml", "en-4x3.yaml"):
        report = pipeline.check(_stress(tmp_path, name))
        for sp in report.plan.slides:
            for box, size in sp.sizes:
                if box in floors:
                    assert size >= floors[box], (name, sp.title, box, size)
        assert any("continued" in line for line in report.plan.fitting)
        assert any("→" in line for line in report.plan.fitting)


def test_long_title_shrinks_and_wraps_to_two_lines(tmp_path: Path) -> None:
    report = pipeline.check(_stress(tmp_path, "zh-16x9.yaml"))
    sp = next(s for s in report.plan.slides if s.title.startswith("为什么研究这个题目？"))
    size = sp.size("title", 0)
    assert 24 <= size < 32
    frames_title_w = 873.6  # the default 16:9 theme's title box
    lines = fit.wrap(sp.title, frames_title_w, size, bold=True)
    assert len(lines) == 2
    title = _box(sp, "title")
    assert len(title.paragraphs[0].lines) == 2
    assert title.box.bottom == pytest.approx(25.2 + 61.2)  # grown upwards, bottom kept
    assert title.box.y < 25.2


def test_stat_values_stay_on_one_line(tmp_path: Path) -> None:
    report = pipeline.check(_stress(tmp_path, "zh-16x9.yaml"))
    sp = next(s for s in report.plan.slides if s.kind == "stats")
    size = sp.size("stat_value", 44)
    assert 20 <= size < 44
    values = [sh for sh in sp.shapes if isinstance(sh, TextBox) and sh.role == "stat-value"]
    assert len(values) == 4
    for v in values:
        (para,) = v.paragraphs
        assert para.size == size and len(para.lines) == 1, para.text
        width = v.box.w - v.insets.left - v.insets.right
        assert len(fit.wrap(para.text, width, size, bold=True)) == 1, para.text


def _box(slide: object, role: str) -> TextBox:
    return next(sh for sh in slide.shapes  # type: ignore[attr-defined]
                if isinstance(sh, TextBox) and sh.role == role)


def _built(tmp_path: Path, name: str) -> tuple[pipeline.Report, object]:
    report = pipeline.build(_stress(tmp_path, name), tmp_path / "out" / "deck.pptx",
                            use_cache=False)
    assert report.output is not None
    return report, Presentation(str(report.output))


@pytest.mark.parametrize("name", ["zh-16x9.yaml", "en-4x3.yaml"])
def test_table_header_repeats_on_continuation_slides(tmp_path: Path, name: str) -> None:
    report, prs = _built(tmp_path, name)
    tables = [sh.table for slide in prs.slides for sh in slide.shapes  # type: ignore[attr-defined]
              if sh.has_table]
    assert len(tables) >= 3
    headers = [[c.text for c in t.rows[0].cells] for t in tables]
    assert all(h == headers[0] for h in headers)
    bodies = [[t.cell(r, 0).text for r in range(1, len(t.rows))] for t in tables]
    assert [x for b in bodies for x in b] == [str(i) for i in range(1, 31)]
    table_slides = [s for s in report.plan.slides if s.kind == "table"]
    assert [s.continued for s in table_slides] == list(range(len(tables)))
    # every page uses the same column widths
    widths = {tuple(c.width for c in t.columns) for t in tables}
    assert len(widths) == 1


def test_every_run_has_an_explicit_size_and_frames_do_not_autofit(tmp_path: Path,
                                                                  ooxml_validator) -> None:
    report, prs = _built(tmp_path, "zh-16x9.yaml")
    assert report.output is not None
    runs = 0
    for slide in prs.slides:  # type: ignore[attr-defined]
        for tag in ("a:r", "a:fld"):
            for run in slide._element.iter(qn(tag)):
                rpr = run.find(qn("a:rPr"))
                assert rpr is not None and rpr.get("sz"), slide.shapes.title.text
                runs += 1
        for sh in slide.shapes:
            if not (sh.has_text_frame and sh.text_frame.text.strip()):
                continue
            if sh.is_placeholder and sh.placeholder_format.type in (13, 15):
                continue  # footer and slide number keep the layout's frame
            body_pr = sh.text_frame._txBody.find(qn("a:bodyPr"))
            assert body_pr.get("wrap") == "square"
            assert body_pr.find(qn("a:noAutofit")) is not None
            assert body_pr.find(qn("a:normAutofit")) is None
            for p in sh.text_frame.paragraphs:
                ppr = p._p.find(qn("a:pPr"))
                assert ppr is not None and ppr.find(qn("a:lnSpc")) is not None
                assert ppr.find(qn("a:spcBef")) is not None
    assert runs > 200
    assert ooxml_validator(report.output).endswith("0 problems")


def test_bullets_are_written_with_the_default_theme_s_list_geometry(tmp_path: Path) -> None:
    # The default theme's body levels (hand-read from its master): marL 0.3125 in and
    # 0.75 in, the bullet hanging 0.3125 in; level-2 text at 19/22 of level 1's size, never
    # below the 16 pt body floor.
    report, prs = _built(tmp_path, "zh-16x9.yaml")
    slide = prs.slides[3]  # type: ignore[index]
    body = next(sh for sh in slide.shapes if sh.is_placeholder and sh.placeholder_format.idx == 1)
    geometry, sizes = [], []
    for p in body.text_frame.paragraphs:
        ppr = p._p.find(qn("a:pPr"))
        geometry.append((p.level, int(ppr.get("marL")), int(ppr.get("indent"))))
        sizes.append((p.level, {r.font.size.pt for r in p.runs}))
    assert geometry == [(0, 285750, -285750)] * 2 + [(1, 685800, -285750)] * 2 + [
        (0, 285750, -285750)] * 2
    size = report.plan.slides[3].size("body", 0)
    assert 16 <= size < 22  # shrunk to fit, not below the floor
    sub = round(max(size * 19 / 22, 16), 2)
    assert sizes == [(0, {size})] * 2 + [(1, {sub})] * 2 + [(0, {size})] * 2


def test_footer_of_a_long_deck_title_is_cut_to_one_line(tmp_path: Path) -> None:
    _, prs = _built(tmp_path, "zh-16x9.yaml")
    slide = prs.slides[3]  # type: ignore[index]
    footer = next(sh for sh in slide.shapes
                  if sh.is_placeholder and sh.placeholder_format.type == 15)
    text = footer.text_frame.text
    assert text.endswith("…")
    assert fit.text_width(text, 10) <= Emu(footer.width).pt


def test_column_panels_hug_their_text() -> None:
    body = Area(40, 100, 880, 380)
    areas = column_areas(body, ["美国", "中国"], 22)
    short = trimmed_panels(areas, [(Para("一"),), (Para("二"), Para("三"))], 20)
    assert short[0].panel.h == short[1].panel.h
    assert short[0].panel.h == pytest.approx(areas[0].panel.h * PANEL_MIN_SHARE)
    long = trimmed_panels(areas, [tuple(Para("很长的一条要点" * 3) for _ in range(8)),
                                         (Para("二"),)], 20)
    assert long[0].panel.h == areas[0].panel.h  # never taller than the room
