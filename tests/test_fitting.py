"""Fitting with the fonts a deck names: no word broken to fit, titles and subtitles inside
their boxes, nothing under a title dropped silently, right-to-left paragraphs (issue 15)."""

from __future__ import annotations

import copy
import re
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Pt

from deckgen import fit, pipeline
from deckgen.deckplan import DeckPlan, Paragraph, Slide, Table, TextBox
from deckgen.layout.sizing import ellipsized
from deckgen.report import render_report

STRESS = Path(__file__).resolve().parent / "outlines" / "stress"


def _stress(tmp_path: Path, name: str = "en-georgia.yaml") -> Path:
    dest = tmp_path / name
    shutil.copy(STRESS / name, dest)
    Image.new("RGB", (1600, 600), (200, 210, 230)).save(tmp_path / "pic.png")
    return dest


def _paragraphs(slide: Slide) -> Iterator[Paragraph]:
    for sh in slide.shapes:
        if isinstance(sh, TextBox):
            yield from sh.paragraphs
        elif isinstance(sh, Table):
            yield from (cell.paragraph for row in sh.cells for cell in row)


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _breaks_inside_words(p: Paragraph) -> list[str]:
    """Line ends of a paragraph that fall inside a word: between two characters that are
    neither spaces, nor after a hyphen, nor next to a CJK character."""
    out, pos = [], 0
    text = p.text
    for line in p.lines:
        start = text.index(line, pos)
        end = start + len(line)
        before = text[start - 1] if start else " "
        if not (before.isspace() or before == "-" or _wide(before) or _wide(text[start])):
            out.append(f"{text[max(start - 8, 0):start]}|{text[start:start + 8]}")
        pos = end
    return out


def _all_paragraphs(plan: DeckPlan) -> Iterator[tuple[Slide, Paragraph]]:
    for sl in plan.slides:
        for para in _paragraphs(sl):
            yield sl, para


# -- Georgia ---------------------------------------------------------------------------------
def test_georgia_deck_is_measured_with_dejavu_serif_and_says_so(tmp_path: Path) -> None:
    report = pipeline.check(_stress(tmp_path))
    assert "measured Georgia with DejaVu Serif's widths: an estimate" in report.plan.fitting
    assert "  - measured Georgia with DejaVu Serif's widths: an estimate" in render_report(
        report)
    assert report.plan.fonts.latin == "Georgia"


def test_georgia_deck_breaks_no_word_number_or_name(tmp_path: Path) -> None:
    plan = pipeline.check(_stress(tmp_path)).plan
    broken = [(sl.number, b) for sl, para in _all_paragraphs(plan)
              for b in _breaks_inside_words(para)]
    assert broken == []
    # the checker finds a broken word when there is one
    assert _breaks_inside_words(Paragraph("Dock Docks", 12, ("Dock Do", "cks"), "")) == [
        "Dock Do|cks"]
    assert report_warnings(plan) == []
    # and the lines are as wide as the deck's fonts draw them, inside their boxes
    for sl in plan.slides:
        for box in (sh for sh in sl.shapes if isinstance(sh, TextBox)):
            fonts = plan.title_fonts if box.role == "title" else plan.fonts
            for para in box.paragraphs:
                inner = box.box.w - box.insets.left - box.insets.right - para.margin_left
                for line in para.lines:
                    assert fit.text_width(line, para.size, para.bold, fonts) <= inner + 1e-6, (
                        sl.number, line)


def report_warnings(plan: DeckPlan) -> list[str]:
    return [w for w in plan.warnings if "speaker notes" not in w]


def test_georgia_stat_values_are_one_line_at_one_size(tmp_path: Path) -> None:
    plan = pipeline.check(_stress(tmp_path)).plan
    sl = next(s for s in plan.slides if s.kind == "stats")
    values = [sh for sh in sl.shapes if isinstance(sh, TextBox) and sh.role == "stat-value"]
    assert [v.paragraphs[0].text for v in values] == ["50,490", "+233%", "4.1 min",
                                                      "$1,234,567"]
    sizes = {v.paragraphs[0].size for v in values}
    assert len(sizes) == 1 and sl.size("stat_value") in sizes
    for v in values:
        para = v.paragraphs[0]
        assert para.lines == (para.text,)
        width = v.box.w - v.insets.left - v.insets.right
        assert fit.text_width(para.text, para.size, True, plan.fonts) <= width


def test_georgia_table_columns_hold_their_longest_words(tmp_path: Path) -> None:
    plan = pipeline.check(_stress(tmp_path)).plan
    sl = next(s for s in plan.slides if s.kind == "table")
    (table,) = [sh for sh in sl.shapes if isinstance(sh, Table)]
    size = sl.size("table")
    for c, width in enumerate(table.columns):
        for r, row in enumerate(table.cells):
            para = row[c].paragraph
            inner = width - table.margins.left - table.margins.right
            for word in re.findall(r"[^\s-]+-?", para.text):  # a break may follow a hyphen
                assert fit.text_width(word, size, r == 0, plan.fonts) <= inner, word
    assert table.cells[0][0].paragraph.lines == ("Docks",)


def test_georgia_column_headings_fit_their_band(tmp_path: Path) -> None:
    plan = pipeline.check(_stress(tmp_path)).plan
    sl = next(s for s in plan.slides if s.kind == "columns")
    heads = [sh for sh in sl.shapes if isinstance(sh, TextBox) and sh.role == "column-heading"]
    for h in heads:
        (para,) = h.paragraphs
        assert 1 <= len(para.lines) <= 2
        need = len(para.lines) * para.line_height + h.insets.top + h.insets.bottom
        assert need <= h.box.h + 1e-6
    assert heads[0].paragraphs[0].text == "Dynamic pricing"


def test_forty_columns_are_warned_about(write_outline) -> None:
    header = ", ".join(f"Measure{i:02d}" for i in range(1, 41))
    rows = "".join(f"            - [{', '.join(repr(f'{1000 * i + j:,}') for i in range(1, 41))}]\n"
                   for j in range(3))
    outline = write_outline(textwrap.dedent("""\
        deck:
          title: Forty columns
          language: en
        chapters:
          - title: Data
            slides:
              - title: One
                bullets: [One]
                notes: n
              - title: Two
                bullets: [Two]
                notes: n
              - title: Every measure
                table:
                  header: [{header}]
                  rows:
        """).format(header=header) + rows + "        notes: n\n")
    report = pipeline.check(outline)
    assert report.warnings == (
        "chapters[0].slides[2]: table 'Every measure' has 40 columns; at 12 pt its words "
        "need 2,769 pt but the slide has 874 pt; split it into several tables or transpose it",)
    sl = next(s for s in report.plan.slides if s.kind == "table")
    assert sl.size("table") == 12
    (table,) = [sh for sh in sl.shapes if isinstance(sh, Table)]
    assert sum(table.columns) == pytest.approx(873.6)


# -- dividers and covers ---------------------------------------------------------------------
NAME = "甲同学、乙同学、丙同学、丁同学、戊同学、己同学、庚同学、辛同学"


def test_divider_breaks_only_at_the_separator(write_outline) -> None:
    outline = write_outline(textwrap.dedent(f"""\
        deck:
          title: 测试
        chapters:
          - title: 第一章
            presenter: {NAME}
            slides:
              - title: 内容
                bullets: [一条]
                notes: 讲稿。
        """))
    plan = pipeline.check(outline).plan
    sl = next(s for s in plan.slides if s.kind == "section")
    sub = next(sh for sh in sl.shapes if isinstance(sh, TextBox) and sh.role == "subtitle")
    (para,) = sub.paragraphs
    assert para.text == f"第一部分\n{NAME}"
    assert para.lines == ("第一部分", NAME)
    assert para.size == 24  # a line break at the separator before any shrinking


def _no_subtitle_template(path: Path, *, full_title: bool = False) -> Path:
    """python-pptx's template without the title slide's subtitle and the section header's
    text placeholder; with `full_title`, the title slide's title fills the slide."""
    prs = Presentation()
    for layout_, kind in ((prs.slide_layouts[0], "SUBTITLE"), (prs.slide_layouts[2], "BODY")):
        for ph in list(layout_.placeholders):
            if ph.placeholder_format.type.name == kind:
                ph._element.getparent().remove(ph._element)
    if full_title:
        title = prs.slide_layouts[0].placeholders[0]
        title.top, title.height = Pt(27), Pt(486)
    prs.save(str(path))
    return path


COVER = """\
deck:
  title: Engines of the nineteenth century
  subtitle: Nothing under the title is left out
  authors: [Ada Lovelace, Charles Babbage]
  event: History seminar
  date: 20 May 2025
  language: en
  theme: {{template: {tpl}}}
  closing: {{subtitle: Questions are welcome}}
chapters:
  - title: Analytical engines
    presenter: Ada Lovelace
    slides:
      - title: Notes
        bullets: [One, Two]
        notes: n
"""


def test_subtitle_without_a_placeholder_gets_a_text_box(tmp_path: Path) -> None:
    _no_subtitle_template(tmp_path / "tpl.pptx")
    outline = tmp_path / "outline.yaml"
    outline.write_text(COVER.format(tpl="tpl.pptx"), encoding="utf-8")
    report = pipeline.build(outline, tmp_path / "out" / "deck.pptx", use_cache=False)
    assert report.output is not None
    assert not [w for w in report.warnings if "left out" in w]
    want = {"title": ["Nothing under the title is left out", "Ada Lovelace  Charles Babbage",
                      "History seminar · 20 May 2025"],
            "section": ["Part 1  ·  Ada Lovelace"], "closing": ["Questions are welcome"]}
    for sl in report.plan.slides:
        if sl.kind not in want:
            continue
        title = next(sh for sh in sl.shapes if isinstance(sh, TextBox) and sh.role == "title")
        (sub,) = [sh for sh in sl.shapes if isinstance(sh, TextBox) and sh.role == "subtitle"]
        assert [p.text for p in sub.paragraphs] == want[sl.kind]
        assert sub.placeholder is None  # a text box of its own
        assert sub.box.y >= title.box.bottom and sub.box.bottom <= report.plan.height
        assert not sub.box.overlaps(title.box)
        need = sum(len(p.lines) * p.line_height for p in sub.paragraphs)
        assert need + sub.insets.top + sub.insets.bottom <= sub.box.h + 1e-6
    prs = Presentation(str(report.output))
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in prs.slides]
    assert "Nothing under the title is left out" in "\n".join(texts[0])
    assert "Part 1  ·  Ada Lovelace" in texts[2]
    assert "Questions are welcome" in texts[-1]


def test_subtitle_with_no_room_is_warned_about(tmp_path: Path) -> None:
    _no_subtitle_template(tmp_path / "tpl.pptx", full_title=True)
    outline = tmp_path / "outline.yaml"
    outline.write_text(COVER.format(tpl="tpl.pptx"), encoding="utf-8")
    report = pipeline.check(outline)
    assert ("slide 1 'Engines of the nineteenth century': subtitle, authors and event line "
            "left out: the layout 'Title Slide' has no subtitle placeholder and no free room "
            "near the title; choose a template whose title layout has one") in report.warnings
    assert not [sh for sh in report.plan.slides[0].shapes
                if isinstance(sh, TextBox) and sh.role == "subtitle"]


def test_title_too_long_for_its_placeholder_is_cut_with_a_warning(tmp_path: Path) -> None:
    prs = Presentation()
    title_ph = prs.slide_layouts[0].placeholders[0]
    title_ph.height = Pt(50)
    prs.save(str(tmp_path / "tpl.pptx"))
    long = ("Counterintuitive internationalisation of telecommunications infrastructure "
            "across the twenty-first century and beyond")
    outline = tmp_path / "outline.yaml"
    outline.write_text(COVER.format(tpl="tpl.pptx").replace(
        "Engines of the nineteenth century", long), encoding="utf-8")
    report = pipeline.check(outline)
    assert (f"slide 1 '{long}': title cut with an ellipsis to fit its box at 24 pt; "
            "shorten it") in report.warnings
    title = next(sh for sh in report.plan.slides[0].shapes
                 if isinstance(sh, TextBox) and sh.role == "title")
    (para,) = title.paragraphs
    assert para.size == 24 and para.text.endswith("…")
    shown = para.text[:-1]
    assert long.startswith(shown) and long[len(shown)] == " "  # cut at a word's end
    assert len(para.lines) * para.line_height + title.insets.top + title.insets.bottom \
        <= title.box.h + 1e-6


def test_content_title_does_not_grow_over_art(tmp_path: Path) -> None:
    long = "Why this topic matters now, and why the answer is more complicated than a scoreboard"
    tops = {}
    for art in (False, True):
        prs = Presentation()
        if art:  # a band above the content layout's title, drawn on a slide, moved over
            scratch = prs.slides.add_slide(prs.slide_layouts[6])
            band = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, Pt(20))
            band.fill.solid()
            band.fill.fore_color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
            prs.slide_layouts[1].shapes._spTree.append(copy.deepcopy(band._element))
        name = f"tpl{int(art)}.pptx"
        prs.save(str(tmp_path / name))
        outline = tmp_path / f"o{int(art)}.yaml"
        outline.write_text(COVER.format(tpl=name).replace("title: Notes", f"title: {long}"),
                           encoding="utf-8")
        plan = pipeline.check(outline).plan
        sl = next(s for s in plan.slides if s.kind == "bullets")
        title = next(sh for sh in sl.shapes if isinstance(sh, TextBox) and sh.role == "title")
        tops[art] = (title.box.y, sl.size("title"))
    assert tops[False][0] < 21.6  # grown upwards into the free room
    assert tops[True][0] == pytest.approx(21.625, abs=0.01)  # kept to the placeholder
    assert tops[True][1] < tops[False][1]  # shrunk instead


# -- right to left ---------------------------------------------------------------------------
RTL = """\
deck:
  title: Languages of the Middle East
  language: en
chapters:
  - title: Scripts
    slides:
      - title: Greetings
        bullets:
          - שלום עולם, ברוכים הבאים לכיתה
          - مرحبا بالعالم، أهلا وسهلا بكم في الصف
          - The word שלום means peace
          - Plain English
        notes: Hebrew and Arabic.
"""


def test_right_to_left_paragraphs_in_the_pptx(write_outline, ooxml_validator) -> None:
    report = pipeline.build(write_outline(RTL), use_cache=False)
    assert report.output is not None
    prs = Presentation(str(report.output))
    slide = next(s for s in prs.slides if s.shapes.title.text == "Greetings")
    body = next(sh for sh in slide.shapes if sh.is_placeholder and sh.placeholder_format.idx)
    got = []
    for p in body.text_frame.paragraphs:
        ppr = p._p.find(qn("a:pPr"))
        rpr = p.runs[0]._r.find(qn("a:rPr"))
        cs = rpr.find(qn("a:cs"))
        got.append((ppr.get("rtl"), ppr.get("algn"), rpr.get("lang"),
                    None if cs is None else cs.get("typeface")))
    assert got == [("1", "r", "he-IL", "Arial"), ("1", "r", "ar-SA", "Arial"),
                   (None, None, "en", "Arial"), (None, None, "en", None)]
    assert ooxml_validator(report.output).endswith("0 problems")


def test_hebrew_in_a_hebrew_deck_keeps_the_deck_language(write_outline) -> None:
    plan = pipeline.check(write_outline(RTL.replace("language: en", "language: he-IL"))).plan
    sl = next(s for s in plan.slides if s.title == "Greetings")
    body = next(sh for sh in sl.shapes if isinstance(sh, TextBox) and sh.role == "body")
    assert [(p.rtl, p.lang) for p in body.paragraphs] == [
        (True, None), (True, "ar-SA"), (False, None), (False, None)]


def test_ellipsized_cuts_at_a_word_end() -> None:
    def fits(t: str) -> bool:
        return len(t) <= 20

    assert ellipsized("short", fits) == "short"
    assert ellipsized("internationalisation of things", fits) == "internationalisatio…"
    assert ellipsized("one two three four five six", fits) == "one two three four…"
    assert ellipsized("one two three four five", fits, " (cont.)") == "one two…" + \
        " (cont.)"
