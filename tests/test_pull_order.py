"""The pieces of a pull that read structure, on plain data: paragraphs aligned by
similarity, slides paired wherever they stand and the fewest moves found, an added
slide's kind read from its shapes."""

from __future__ import annotations

from dataclasses import replace

from deckgen.manifest import Placed, SlideRecord
from deckgen.pull import moves
from deckgen.pull.align import Step, align, similarity
from deckgen.pull.infer import emit, infer, without_handover
from deckgen.pull.readdeck import DeckSlide
from deckgen.pull.shapes import DeckShape

# -------------------------------------------------------------------- paragraphs


def test_an_edit_next_to_an_insertion_is_an_edit_and_an_insertion() -> None:
    old = ["第一条要点", "第二条要点"]
    new = ["第一条要点（改）", "新打的一条", "第二条要点"]
    assert similarity("第一条要点", "第一条要点（改）") > 0.7
    assert align(old, new) == [Step(0, 0), Step(None, 1, after=0, before=1), Step(1, 2)]


def test_a_rewritten_bullet_in_place_is_still_an_edit() -> None:
    # nothing alike, but it stands where the old one stood, at the same level
    assert align(["10 倍", "x"], ["十倍以上", "x"]) == [Step(0, 0), Step(1, 1)]
    # …and a sub-bullet typed there is not taken for the bullet
    assert align(["甲", "丙"], ["乙乙乙", "丙"], old_levels=[0, 0], new_levels=[1, 0]) == [
        Step(None, 0, after=None, before=1), Step(0, None), Step(1, 1)]


def test_deleted_and_inserted_paragraphs_know_their_neighbours_in_their_own_shape() -> None:
    old = ["标题", "美国", "算力强", "中国", "应用多"]
    new = ["标题", "美国", "算力强", "资本多", "中国", "应用多"]
    shapes = [0, 1, 2, 2, 3, 4]
    steps = align(old, new, new_shapes=shapes)
    assert Step(None, 3, after=2, before=None) in steps
    assert align(["a", "b", "c"], ["a", "c"]) == [Step(0, 0), Step(1, None), Step(2, 1)]


# -------------------------------------------------------------------- slides


def _rec(n: int, key: tuple[object, ...], kind: str = "bullets", title: str = "",
         cont: int = 0) -> SlideRecord:
    t = title or f"slide {n}"
    return SlideRecord(n, 255 + n, kind, key, cont,
                       (Placed(t, (*key, "title"), "title"), Placed(f"text {t}", None, "body")),
                       f"notes {t}", None)


def _deck(r: SlideRecord) -> DeckSlide:
    return DeckSlide(1000 + r.number, tuple(p.text for p in r.texts), r.notes)


def _similar(r: SlideRecord, s: DeckSlide) -> float:
    a = {p.text for p in r.texts} | {r.notes}
    b = set(s.texts) | {s.notes}
    return len(a & b) / max(len(a), len(b))


def _talk() -> list[SlideRecord]:
    return [_rec(1, ("deck",), "title"), _rec(2, ("deck", "agenda"), "agenda"),
            _rec(3, ("chapters", 0), "section"),
            _rec(4, ("chapters", 0, "slides", 0)), _rec(5, ("chapters", 0, "slides", 1)),
            _rec(6, ("chapters", 0, "slides", 1), title="slide 5（续）", cont=1),
            _rec(7, ("chapters", 0, "slides", 2)),
            _rec(8, ("chapters", 1), "section"),
            _rec(9, ("chapters", 1, "slides", 0)), _rec(10, ("chapters", 1, "slides", 1)),
            _rec(11, ("deck", "closing"), "closing")]


def _analyse(order: list[int]) -> moves.Order:
    records = _talk()
    slides = [_deck(records[n - 1]) for n in order]
    pairs, _, extra = moves.pair(records, slides, _similar)
    return moves.analyse(records, slides, pairs, extra)


def test_a_swap_is_one_move_and_a_continued_slide_moves_with_its_slide() -> None:
    got = _analyse([1, 2, 3, 4, 7, 5, 6, 8, 9, 10, 11])
    assert [(p.entry.key, p.chapter, p.after.key if p.after else None)  # type: ignore[union-attr]
            for p in got.placements] == [(("chapters", 0, "slides", 2), 0,
                                          ("chapters", 0, "slides", 0))]
    assert got.strays == [] and got.deleted == [] and got.chapters == []


def test_a_slide_moved_into_the_next_chapter_goes_after_the_slide_before_it() -> None:
    got = _analyse([1, 2, 3, 5, 6, 7, 8, 9, 4, 10, 11])
    (p,) = got.placements
    assert isinstance(p.entry, moves.Unit) and p.entry.key == ("chapters", 0, "slides", 0)
    assert p.chapter == 1 and isinstance(p.after, moves.Unit)
    assert p.after.key == ("chapters", 1, "slides", 0)


def test_chapters_swapped_are_one_chapter_move() -> None:
    got = _analyse([1, 2, 8, 9, 10, 3, 4, 5, 6, 7, 11])
    assert got.chapters == [(1, None)] and got.placements == []


def test_a_continued_slide_left_behind_and_a_generated_slide_moved_are_strays() -> None:
    got = _analyse([1, 2, 3, 4, 5, 7, 6, 11, 8, 9, 10])
    assert [(r.number, why.split(" ")[0]) for r, why in got.strays] == [
        (11, "deckgen"), (6, "a")]


def test_deleted_and_added_slides() -> None:
    records = _talk()
    slides = [_deck(r) for r in records if r.number not in (5, 6)]
    new = DeckSlide(2000, ("全新的一页", "内容"), "")
    slides.insert(4, new)
    pairs, _, extra = moves.pair(records, slides, _similar)
    got = moves.analyse(records, slides, pairs, extra)
    assert [u.key for u in got.deleted] == [("chapters", 0, "slides", 1)]
    (p,) = got.placements
    assert p.entry is new and p.chapter == 0
    assert isinstance(p.after, moves.Unit) and p.after.key == ("chapters", 0, "slides", 0)


def test_keep_in_order_is_the_heaviest_increasing_run() -> None:
    assert moves.keep_in_order([1, 2, 5, 3, 4]) == {0, 1, 3, 4}
    assert moves.keep_in_order([2, 1], [1, 3]) == {1}


# -------------------------------------------------------------------- added slides


def _text(name: str, paras: list[tuple[str, int]], box: tuple[int, int, int, int] | None = None,
          ph: str | None = None, size: float = 0) -> DeckShape:
    return DeckShape("text", name, ph, box, tuple(paras), size=size)


def _infer(*shapes: DeckShape, notes: str = "") -> tuple[str, dict[str, object]]:
    slide = DeckSlide(1, (), notes, (), shapes=shapes)
    got = infer(slide, "zh-CN", lambda part: None, lambda title, ext, data: "x" + ext)
    return got.kind, got.data


def test_added_slides_keep_their_kind() -> None:
    title = _text("PlaceHolder 1", [("新的一页", 0)], ph="title")
    assert _infer(title, _text("Column heading 3", [("欧洲", 0)]),
                  _text("Column 3", [("法规", 0), ("市场", 0)]),
                  _text("Column heading 4", [("中国", 0)]), _text("Column 4", [("应用", 0)])) \
        == ("columns", {"title": "新的一页", "columns": [
            {"heading": "欧洲", "bullets": ["法规", "市场"]},
            {"heading": "中国", "bullets": ["应用"]}]})
    # headings over bodies side by side, named by PowerPoint
    assert _infer(title, _text("A", [("左", 0)], (0, 100, 500, 50)),
                  _text("B", [("一", 0), ("二", 0)], (0, 200, 500, 300)),
                  _text("C", [("右", 0)], (600, 100, 500, 50)),
                  _text("D", [("三", 0)], (600, 200, 500, 300)))[0] == "columns"
    assert _infer(title, _text("Stat value 1", [("42%", 0)]),
                  _text("Stat label 1", [("占比", 0)])) == (
        "stats", {"title": "新的一页", "stats": [{"value": "42%", "label": "占比"}]})
    assert _infer(title, _text("TextBox 5", [("910 EFLOPS", 0)], (0, 100, 400, 100), size=40),
                  _text("TextBox 6", [("全球算力", 0)], (0, 220, 400, 60), size=18))[0] == "stats"
    assert _infer(title, _text("Quote 2", [("“一句名言”", 0)]),
                  _text("Attribution 2", [("—— 某人", 0)])) == (
        "quote", {"title": "新的一页", "quote": {"text": "一句名言", "by": "某人"}})
    table = DeckShape("table", "Table 3", None, None, rows=(("a", "b"), ("1", "2")))
    assert _infer(title, table) == (
        "table", {"title": "新的一页", "table": {"header": ["a", "b"], "rows": [["1", "2"]]}})
    assert _infer(title, _text("PlaceHolder 2", [("一", 0), ("细", 1), ("二", 0)], ph="body"),
                  notes="讲稿。") == ("bullets", {"title": "新的一页", "bullets": [
                      {"text": "一", "sub": ["细"]}, "二"], "notes": "讲稿。"})


def test_a_kind_the_outline_refuses_falls_back_to_bullets() -> None:
    title = _text("Title", [("五个数", 0)])
    stats = [_text(f"Stat {k} {i}", [(f"{i}%" if k == "value" else f"标签{i}", 0)])
             for i in range(1, 6) for k in ("value", "label")]
    kind, data = _infer(title, *stats)
    assert kind == "bullets" and len(data["bullets"]) == 10  # type: ignore[arg-type]


def test_the_hand_over_line_is_taken_out_of_copied_notes() -> None:
    assert without_handover("讲稿。接下来有请乙同学为大家介绍“数据”。", "zh-CN") == "讲稿。"
    assert without_handover("Notes. Next, Bo will walk us through data.", "en") == "Notes."
    assert without_handover("（接上页，继续讲解。）", "zh-CN") == ""
    assert without_handover("没有交接。", "zh-CN") == "没有交接。"


def test_emitted_yaml_is_the_outline_style() -> None:
    assert emit({"title": "表", "table": {"header": ["a", "b: c"], "rows": [["1", "2"]]},
                 "notes": "一行\n两行"}) == (
        "- title: 表\n  table:\n    header: [a, 'b: c']\n    rows:\n      - ['1', '2']\n"
        "  notes: |\n    一行\n    两行\n")


def test_two_alike_slides_swapped_are_seen_as_swapped() -> None:
    a = SlideRecord(1, 256, "bullets", ("chapters", 0, "slides", 0), 0,
                    (Placed("甲", None, "title"), Placed("共同", None, "body")), "讲稿", None)
    b = replace(a, number=2, key=("chapters", 0, "slides", 1),
                texts=(Placed("乙", None, "title"), Placed("共同", None, "body")))
    slides = [_deck(b), _deck(a)]
    assert _similar(a, slides[0]) >= moves.STRONG  # alike enough to pass for an edit in place
    pairs, _, _ = moves.pair([a, b], slides, _similar)
    assert [(r.number, s is slides[1]) for r, s in pairs] == [(1, True), (2, False)]
