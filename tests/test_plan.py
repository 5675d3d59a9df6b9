"""The plan: automatic slides, presenters, hand-overs, sources. Pure, no deck written."""

from __future__ import annotations

from deckgen import pipeline
from deckgen.plan import Bullets, Stats, Table, plan
from deckgen.source import load
from deckgen.validate import validate

TALK = """\
deck:
  title: 中美人工智能领域的竞赛
  authors: [汇报人甲, 汇报人乙, 汇报人丙]
  duration: 20
chapters:
  - title: 研究背景和意义
    presenter: 汇报人甲
    slides:
      - title: 一
        bullets: [a]
        notes: 第一部分的讲稿。
      - title: 二
        bullets: [b]
        notes: 第一部分最后一页。
        sources: [来源甲, 来源乙]
  - title: 中美人工智能发展特点
    presenter: 汇报人乙
    slides:
      - title: 三
        bullets: [c]
        notes: 第二部分的讲稿。接下来有请汇报人丙为大家介绍新特点。
        sources: [来源乙]
      - title: 图
        chart: {type: bar, labels: [x], series: {s: [1]}, source: 来源丙}
        notes: 图的讲稿。
  - title: 新特点
    presenter: 汇报人丙
    slides:
      - title: 四
        bullets: [d]
        notes: 第三部分。
      - title: 五
        presenter: 汇报人甲
        bullets: [e]
        notes: 由甲补充。
"""


def make(write_outline, text: str = TALK):
    return plan(validate(load(write_outline(text))))


def test_slide_order_and_roles(write_outline) -> None:
    p = make(write_outline)
    assert [(s.kind, s.title) for s in p.slides] == [
        ("title", "中美人工智能领域的竞赛"), ("agenda", "目录"),
        ("section", "研究背景和意义"), ("bullets", "一"), ("bullets", "二"),
        ("section", "中美人工智能发展特点"), ("bullets", "三"), ("chart", "图"),
        ("section", "新特点"), ("bullets", "四"), ("bullets", "五"),
        ("sources", "资料来源"), ("closing", "谢谢大家")]


def test_agenda_lists_who_presents_what(write_outline) -> None:
    agenda = make(write_outline).slides[1]
    assert [p.text for p in agenda.content.items] == [
        "研究背景和意义｜汇报人甲", "中美人工智能发展特点｜汇报人乙", "新特点｜汇报人丙"]
    assert agenda.notes == ("本次汇报分为三个部分：第一部分“研究背景和意义”、"
                            "第二部分“中美人工智能发展特点”、第三部分“新特点”。")


def test_dividers_carry_number_and_presenter(write_outline) -> None:
    sections = [s for s in make(write_outline).slides if s.kind == "section"]
    assert [(s.content.number, s.content.presenter.text) for s in sections] == [
        ("第一部分", "汇报人甲"), ("第二部分", "汇报人乙"), ("第三部分", "汇报人丙")]
    deck = pipeline.check(write_outline(TALK, name="deck.yaml")).plan
    shown = [next(sh.text for sh in s.shapes if getattr(sh, "role", "") == "subtitle")
             for s in deck.slides if s.kind == "section"]
    assert shown == ["第一部分  ·  汇报人甲", "第二部分  ·  汇报人乙", "第三部分  ·  汇报人丙"]
    assert sections[0].notes == "下面进入第一部分：研究背景和意义。这一部分由汇报人甲为大家介绍。"


def test_handover_text_exact(write_outline) -> None:
    slides = make(write_outline).slides
    by_title = {s.title: s for s in slides}
    assert by_title["二"].notes == (
        "第一部分最后一页。接下来有请汇报人乙为大家介绍中美人工智能发展特点。")
    # the author already wrote a hand-over: no duplicate
    assert by_title["三"].notes == "第二部分的讲稿。接下来有请汇报人丙为大家介绍新特点。"
    # a slide-level presenter override is a change of presenter too
    assert by_title["四"].notes == "第三部分。接下来有请汇报人甲为大家介绍“五”。"
    # nobody hands over to the closing slide
    assert by_title["五"].notes == "由甲补充。"


def test_english_handover(write_outline) -> None:
    p = make(write_outline, """\
        deck: {title: The AI race, language: en-US}
        chapters:
          - {title: Background, presenter: Alice, slides: [{title: A, bullets: [a], notes: Intro.}]}
          - {title: Features, presenter: Bob, slides: [{title: B, bullets: [b], notes: More.}]}
        """)
    a = next(s for s in p.slides if s.title == "A")
    assert a.notes == "Intro. Next, Bob will walk us through Features."
    assert p.slides[1].title == "Agenda"
    assert p.slides[-1].title == "Thank you"


def test_sources_collected_once_in_order(write_outline) -> None:
    sources = make(write_outline).slides[-2]
    assert [p.text for p in sources.content.paras] == ["来源甲", "来源乙", "来源丙"]
    assert [p.key for p in sources.content.paras] == [None, None, None]  # made up


def test_presenters_resolved_per_slide(write_outline) -> None:
    p = make(write_outline)
    assert [(s.title, s.presenter) for s in p.slides if s.kind == "bullets"] == [
        ("一", "汇报人甲"), ("二", "汇报人甲"), ("三", "汇报人乙"), ("四", "汇报人丙"),
        ("五", "汇报人甲")]


def test_every_text_knows_its_outline_key(write_outline) -> None:
    p = make(write_outline, """\
        deck: {title: T}
        chapters:
          - title: 一
            slides:
              - title: 要点
                bullets: [甲, {text: 乙, sub: [乙一, 乙二]}]
                notes: 讲稿。
              - title: 数字
                stats: [{value: "910", label: 算力}]
              - title: 表
                table: {header: [a, b], rows: [[1, 2]]}
        """)
    bullets, stats, table = (s for s in p.slides if s.key[-2:-1] == ("slides",))
    assert isinstance(bullets.content, Bullets)
    assert [(x.text, x.level, x.key) for x in bullets.content.paras] == [
        ("甲", 0, ("chapters", 0, "slides", 0, "bullets", 0)),
        ("乙", 0, ("chapters", 0, "slides", 0, "bullets", 1, "text")),
        ("乙一", 1, ("chapters", 0, "slides", 0, "bullets", 1, "sub", 0)),
        ("乙二", 1, ("chapters", 0, "slides", 0, "bullets", 1, "sub", 1))]
    assert bullets.title_key == ("chapters", 0, "slides", 0, "title")
    assert bullets.notes_key == ("chapters", 0, "slides", 0, "notes")
    assert isinstance(stats.content, Stats)
    assert stats.notes_key is None  # no notes written: nothing to map back
    assert [(s.value.key, s.label.key) for s in stats.content.stats] == [
        (("chapters", 0, "slides", 1, "stats", 0, "value"),
         ("chapters", 0, "slides", 1, "stats", 0, "label"))]
    assert isinstance(table.content, Table)
    assert table.content.rows[0][1].key == ("chapters", 0, "slides", 2, "table", "rows", 0, 1)
    assert table.content.header[0].key == ("chapters", 0, "slides", 2, "table", "header", 0)
    divider = p.slides[2]
    assert (divider.kind, divider.title_key, divider.notes_key) == (
        "section", ("chapters", 0, "title"), None)


def test_a_handover_is_kept_apart_from_the_outline_notes(write_outline) -> None:
    by_title = {s.title: s for s in make(write_outline).slides}
    two = by_title["二"]
    assert two.notes_added == "接下来有请汇报人乙为大家介绍中美人工智能发展特点。"
    assert two.notes == "第一部分最后一页。" + two.notes_added
