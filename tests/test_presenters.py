"""Co-presenters: sections, footers, dividers and included chapter files."""

from __future__ import annotations

import zipfile

from pptx import Presentation

from deckgen.pipeline import build

NS_P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"

TALK = """\
deck: {title: 竞赛, authors: [甲, 乙]}
chapters:
  - title: 背景
    presenter: 甲
    slides: [{title: 一, bullets: [a], notes: 讲稿一。}]
  - include: chapters/02.yaml
"""
CHAPTER = """\
title: 特点
presenter: 乙
slides:
  - title: 二
    chart: {type: bar, csv: data/x.csv}
    notes: 讲稿二。
"""


def test_sections_footer_and_included_chapter(write_outline, tmp_path, ooxml_validator) -> None:
    write_outline(CHAPTER, name="chapters/02.yaml")
    (tmp_path / "chapters" / "data").mkdir()
    (tmp_path / "chapters" / "data" / "x.csv").write_text("国家,值\n美国,1\n中国,2\n",
                                                          encoding="utf-8")
    report = build(write_outline(TALK))
    prs = Presentation(str(report.output))
    ids = [s.slide_id for s in prs.slides]
    sections = prs.part._element.find(f".//{NS_P14}sectionLst")
    got = [(sec.get("name"), [int(x.get("id")) for x in sec.iter(f"{NS_P14}sldId")])
           for sec in sections]
    assert got == [("开场", ids[0:2]), ("背景（甲）", ids[2:4]), ("特点（乙）", ids[4:6]),
                   ("结尾", ids[6:8])]
    footers = []
    for slide in prs.slides:
        for sh in slide.placeholders:
            if sh.placeholder_format.type == 15:  # FOOTER
                footers.append(sh.text_frame.text)
    assert footers[:2] == ["竞赛 · 甲", "竞赛 · 甲"]
    assert "竞赛 · 乙" in footers
    notes = prs.slides[3].notes_slide.notes_text_frame.text
    assert notes == "讲稿一。接下来有请乙为大家介绍特点。"
    with zipfile.ZipFile(report.output) as z:
        assert "ppt/charts/" not in " ".join(z.namelist())  # image chart, not native
    ooxml_validator(report.output, strict=True)
