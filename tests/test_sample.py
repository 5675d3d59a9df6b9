"""The sample talk in outline.yaml: the deck every newcomer builds first."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pptx import Presentation

from deckgen.pipeline import build
from deckgen.source import load
from deckgen.validate import validate
from helpers import SAMPLE

CHAPTERS = ["研究背景和意义", "中美人工智能发展特点", "特朗普 2.0 时代中美 AI 竞赛的新特点",
            "中国如何破局"]


def test_sample_outline_content() -> None:
    o = validate(load(SAMPLE)).outline
    assert o.deck.language == "zh-CN"
    assert o.deck.duration == 20
    assert list(o.deck.authors) == ["汇报人甲", "汇报人乙", "汇报人丙", "汇报人丁"]
    assert [c.title for c in o.chapters] == CHAPTERS
    assert [c.presenter for c in o.chapters] == list(o.deck.authors)
    slides = [s for c in o.chapters for s in c.slides]
    assert len(slides) >= 24
    kinds = {s.kind for s in slides}
    assert kinds >= {"bullets", "chart", "quote", "table", "columns", "stats"}
    charts = [s for s in slides if s.kind == "chart"]
    assert len(charts) >= 4
    for s in charts:
        assert s.chart is not None
        assert s.chart.source or s.sources, f"chart slide '{s.title}' names no source"
        # a ratio ("2 倍 vs 1 倍") says nothing a bar can show: those are stats instead
        values = [v for vs in (s.chart.series or {}).values() for v in vs]
        assert not (len(values) == 2 and 1 in values and s.chart.unit == "倍"), s.title
    assert any(s.chart is not None and s.chart.native for s in charts)
    ratios = {s.title: [st.value for st in s.stats or ()] for s in slides if s.kind == "stats"}
    assert ratios["高质量论文：美国领先"] == ["一半以上", "约 2 倍"]
    assert ratios["私人投资：十倍差距"] == ["10 倍以上"]
    for s in slides:
        assert s.notes and len(s.notes) >= 40, f"slide '{s.title}' has too few notes"


def test_sample_deck_builds_valid(tmp_path: Path, ooxml_validator) -> None:
    report = build(SAMPLE, tmp_path / "sample.pptx")
    prs = Presentation(str(report.output))
    slides = list(prs.slides)
    titles = [s.shapes.title.text_frame.text if s.shapes.title is not None else ""
              for s in slides]
    for chapter in CHAPTERS:
        assert chapter in titles
    assert "资料来源" in titles
    assert titles[-1] == "谢谢大家"
    for i, slide in enumerate(slides, start=1):
        assert slide.notes_slide.notes_text_frame.text.strip(), f"slide {i} has no notes"
    pictures = sum(1 for s in slides for sh in s.shapes if sh.shape_type == 13)
    native = sum(1 for s in slides for sh in s.shapes if sh.has_chart)
    assert pictures + native >= 5  # four charts and the timeline image at least
    assert native >= 1
    assert 15 <= report.timing.total_minutes <= 23
    # beside the deck, one PNG per picture chart, named by its chapter and slide, holding
    # the very picture the deck shows
    o = validate(load(SAMPLE)).outline
    wanted = sorted(f"{i:02d}-{j:02d}-" for i, c in enumerate(o.chapters, start=1)
                    for j, s in enumerate(c.slides, start=1)
                    if s.chart is not None and not s.chart.native)
    pngs = sorted((tmp_path / "charts").iterdir())
    assert [p.name[:6] for p in pngs] == wanted
    assert all(p.suffix == ".png" for p in pngs)
    with zipfile.ZipFile(report.output) as z:
        media = {z.read(n) for n in z.namelist() if n.startswith("ppt/media/")}
    assert [p.name for p in pngs if p.read_bytes() not in media] == []
    ooxml_validator(report.output, strict=True)
