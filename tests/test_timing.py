"""Speaking-time arithmetic."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen import pipeline
from deckgen.timing import count_units, seconds


def test_count_units_mixed_text() -> None:
    assert count_units("中美AI竞赛 GPT-3.5 costs fell 280x") == (4, 5)


# The same count by a regular expression of the same ranges (how it was written first).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "ab Z9.'-’ 中文か한ㇰ\u3040\u30ff\u3400\u4dbf\u4e00\u9fff\uac00\ud7af\uf900\ufaff"
    "\u303f\u3100\u33ff\u4dc0\ud7b0\uf8ff\ufb00，。\n")))
def test_count_units_counts_what_the_ranges_say(text: str) -> None:
    assert count_units(text) == (len(_CJK.findall(text)),
                                 len(_WORD.findall(_CJK.sub(" ", text))))


def test_seconds_cjk_and_words() -> None:
    notes = "字" * 220
    assert seconds(notes, "bullets", "zh-CN", None) == pytest.approx(60.0)
    assert seconds(notes, "bullets", "zh-CN", 110) == pytest.approx(120.0)
    words = " ".join(["word"] * 130)
    assert seconds(words, "bullets", "en-US", None) == pytest.approx(60.0)
    assert seconds(words, "bullets", "en-US", 65) == pytest.approx(120.0)
    # a floor for slides with few notes: 20 s content, 10 s automatic slides
    assert seconds("短", "bullets", "zh-CN", None) == 20.0
    assert seconds("", "section", "zh-CN", None) == 10.0


def test_estimate_rows_total_and_warning(write_outline) -> None:
    text = """\
        deck: {title: T, duration: 1, agenda: false, closing: false}
        chapters:
          - title: 一
            presenter: 甲
            notes: N1
            slides: [{title: a, bullets: [x], notes: N2}]
          - title: 二
            presenter: 乙
            notes: N1
            slides: [{title: b, bullets: [x], notes: N2}]
        """.replace("N1", "字" * 22).replace("N2", "字" * 110)
    t = pipeline.check(write_outline(text)).timing
    # title 10 s floor; dividers 22 chars = 6 s → 10 s floor; slides 110 chars = 30 s,
    # plus 12 characters of hand-over (接下来有请乙为大家介绍二) on the first chapter's slide
    assert [round(s.seconds) for s in t.slides] == [10, 10, 33, 10, 30]
    assert [round(s.start) for s in t.slides] == [0, 10, 20, 53, 63]
    assert [(r.presenter, r.chapter, r.slides, round(r.minutes * 60)) for r in t.rows] == [
        ("甲", "开场", 1, 10), ("甲", "一", 2, 43), ("乙", "二", 2, 40)]
    assert t.total_minutes == pytest.approx((10 + 10 + 122 / 220 * 60 + 10 + 30) / 60)
    assert t.warning == ("the talk runs over: about 1.6 min against 1 min; cut notes or "
                         "slides")
