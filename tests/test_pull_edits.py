"""The writers pull uses beyond a scalar's text, checked on their own: a number in its
written style, CSV cells rewritten in place, keys added and renamed in YAML; the outline's
new keys for generated slides' notes; what the manifest records of charts, pictures and
looks, read back defensively."""

from __future__ import annotations

import json

import pytest
import yaml

from deckgen import manifest as mf
from deckgen import model, records
from deckgen.pull.csvedit import CsvEditError, column_of, edit_cells
from deckgen.pull.numbers import like, shortest
from deckgen.yamledit import YamlEditError
from deckgen.yamlput import add_keys, rename_keys, write_numbers


@pytest.mark.parametrize(("value", "written", "expected"), [
    (35, "32", "35"), (35.5, "32", "35.5"), (2.0, "1.5", "2.0"), (2, "1.50", "2.00"),
    (10.5, "9.69", "10.50"), (10.555, "9.69", "10.555"), (35, "32%", "35%"),
    (35, "32 %", "35 %"), (1300, "1,234", "1,300"), (1234567.5, "1,234", "1,234,567.5"),
    (-5, "\u22124", "\u22125"), (1e-7, "0.1", "0.0000001"), (7, "abc", "7"),
])
def test_a_number_keeps_the_style_it_was_written_in(value: float, written: str,
                                                    expected: str) -> None:
    assert like(value, written) == expected
    assert float(expected.replace(",", "").replace("\u2212", "-").rstrip("% ")) == value


def test_a_number_that_is_not_finite_is_refused() -> None:
    with pytest.raises(ValueError):
        like(float("nan"), "1")
    assert (shortest(1e20), shortest(0.1), shortest(1.5e-7)) == ("1.0e+20", "0.1", "1.5e-07")


# -------------------------------------------------------------------- CSV cells


def test_csv_cells_are_rewritten_in_the_file_s_own_dialect() -> None:
    text = '类别;值;比例\r\n中国;9.69;32%\r\n"美国; Apple";0.558;"26 %"\r\n'
    out = edit_cells(text, {(2, 1): "10.50", (3, 0): 'US "A"', (3, 2): "30 %",
                            (1, 1): "数值;x"})
    assert out == ('类别;"数值;x";比例\r\n中国;10.50;32%\r\n"US ""A""";0.558;"30 %"\r\n')
    assert column_of(text, 3, 1) == 13


def test_csv_cells_keep_their_spaces_and_blank_lines() -> None:
    text = "a,b\n\nx, 1.5 \ny,2\n"
    assert edit_cells(text, {(3, 1): "2.0", (4, 0): "y y"}) == "a,b\n\nx, 2.0 \ny y,2\n"


def test_a_csv_cell_that_is_not_there_is_refused() -> None:
    with pytest.raises(CsvEditError, match="line 9 has no cell 1"):
        edit_cells("a,b\n1,2\n", {(9, 0): "x"})


# -------------------------------------------------------------------- YAML keys and numbers

DECK = """\
deck:
  title: x
  event: 课程   # where
  date: 2025-05-20
  agenda: true   # keep this comment
  closing:
    title: a
    subtitle: |
      line

  theme:
    aspect: "16:9"

# the chapters
chapters:
  - title: y
    slides:
      - title: s
        chart:
          series:
            算力: [32, 1.5, 7]
            "b c":
              - 1
"""


def test_keys_are_added_where_a_person_would_write_them() -> None:
    out = add_keys(DECK, [("deck", "notes"), ("deck", "agenda", "notes"),
                          ("deck", "closing", "notes"), ("chapters", 0, "notes")],
                   {("deck", "notes"): ("title", "event", "date")})
    assert out == DECK.replace(
        "  date: 2025-05-20\n", "  date: 2025-05-20\n  notes: x\n").replace(
        "  agenda: true   # keep this comment\n",
        "  agenda:   # keep this comment\n    notes: x\n").replace(
        "      line\n", "      line\n    notes: x\n").replace(
        "      - title: s\n        chart:\n          series:\n            算力: [32, 1.5, 7]\n"
        '            "b c":\n              - 1\n',
        "      - title: s\n        chart:\n          series:\n            算力: [32, 1.5, 7]\n"
        '            "b c":\n              - 1\n    notes: x\n')


def test_a_key_is_added_to_a_flow_mapping_and_to_a_missing_one() -> None:
    assert add_keys("deck: {title: x}\nchapters: []\n", [("deck", "closing", "notes")]) == \
        "deck: {title: x, closing: {notes: x}}\nchapters: []\n"
    assert add_keys("deck:\n  title: x", [("deck", "agenda", "notes")]) == \
        "deck:\n  title: x\n  agenda:\n    notes: x\n"


def test_a_key_on_a_value_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(YamlEditError, match=r"deck\.title is not a mapping"):
        add_keys(DECK, [("deck", "title", "notes")])


def test_numbers_are_written_as_given_and_keys_renamed_in_their_style() -> None:
    series = ("chapters", 0, "slides", 0, "chart", "series")
    out = write_numbers(DECK, {(*series, "算力", 0): ("35", 35.0),
                               (*series, "算力", 1): ("2.0", 2.0),
                               (*series, "b c", 0): ("4", 4.0)})
    out = rename_keys(out, {(*series, "算力"): "算力: 占比", (*series, "b c"): "d"})
    assert out == DECK.replace("算力: [32, 1.5, 7]", "'算力: 占比': [35, 2.0, 7]").replace(
        '"b c":\n              - 1', '"d":\n              - 4')
    data = yaml.safe_load(out)["chapters"][0]["slides"][0]["chart"]["series"]
    assert data == {"算力: 占比": [35, 2.0, 7], "d": [4]}
    assert isinstance(data["算力: 占比"][0], int) and isinstance(data["算力: 占比"][1], float)


def test_a_number_that_does_not_read_back_is_refused() -> None:
    with pytest.raises(YamlEditError, match="does not read as 35"):
        write_numbers(DECK, {("chapters", 0, "slides", 0, "chart", "series", "算力", 0):
                             ("3 5", 35.0)})


def test_a_rename_onto_another_series_is_refused() -> None:
    series = ("chapters", 0, "slides", 0, "chart", "series")
    with pytest.raises(YamlEditError, match="cannot rename it to 'b c'"):
        rename_keys(DECK, {(*series, "算力"): "b c"})


# -------------------------------------------------------------------- the outline's new keys


def test_agenda_takes_true_false_or_its_notes() -> None:
    base = {"title": "t"}
    assert model.Deck.model_validate(base).agenda == model.Agenda()
    assert model.Deck.model_validate({**base, "agenda": False}).agenda is None
    deck = model.Deck.model_validate({**base, "agenda": {"notes": "先看目录"}, "notes": "开场",
                                      "closing": {"notes": "谢谢"}})
    assert deck.agenda is not None and deck.agenda.notes == "先看目录"
    assert deck.notes == "开场" and deck.closing is not None and deck.closing.notes == "谢谢"


def test_texts_keep_spaces_at_either_end_but_not_a_block_s_last_newline() -> None:
    assert model.Bullet.model_validate({"text": "  要点 "}).text == "  要点 "
    assert model.Slide.model_validate({"title": "标题\n", "bullets": ["a"],
                                       "notes": "讲稿\n"}).notes == "讲稿"
    assert model.Deck.model_validate({"title": "t", "language": " en-US "}).language == "en-US"
    with pytest.raises(ValueError, match="at least 1 character"):
        model.Deck.model_validate({"title": "   "})


# -------------------------------------------------------------------- the manifest


def _manifest() -> mf.Manifest:
    look = records.Look(True, 24.0, "1F2937", "l", "Calibri", "Microsoft YaHei")
    chart = records.ChartRecord(("美国", "中国"), (("份额", (32.0, 26.5)),), (1, 2, 3, 4),
                                "data/share.csv", 1, (2, 3))
    slide = mf.SlideRecord(4, 256, "chart", ("chapters", 0, "slides", 0), 0,
                           (mf.Placed("标题", ("chapters", 0, "slides", 0, "title"), "title"),),
                           "讲稿", None, charts=(chart,),
                           pictures=(records.PictureRecord("ab" * 8, (5, 6, 7, 8), True),),
                           looks=(0,))
    return mf.Manifest("outline.yaml", (slide,), looks=(look,))


def test_charts_pictures_and_looks_survive_the_manifest_s_round_trip() -> None:
    m = _manifest()
    assert mf.from_json(mf.to_json(m)) == m
    assert mf.from_properties(dict(mf.properties(m))) == m


@pytest.mark.parametrize(("damage", "message"), [
    (lambda d: d["slides"][0]["charts"][0].__setitem__(1, [["份额", ["32", 26.5]]]),
     "slides[0].charts[0]: expected a number, got '32'"),
    (lambda d: d["slides"][0]["charts"][0].__setitem__(2, [1, 2, 3]),
     "slides[0].charts[0]: expected a list of 4"),
    (lambda d: d["slides"][0]["pics"][0].__setitem__(0, None),
     "slides[0].pics[0]: expected text, got NoneType"),
    (lambda d: d["slides"][0].__setitem__("looks", [3]),
     "slides[0].looks: looks: expected numbers of looks"),
    (lambda d: d["looks"][0].__setitem__(1, "big"),
     "looks[0]: expected a number, got 'big'"),
])
def test_a_mistyped_chart_picture_or_look_is_refused_not_trusted(damage: object,
                                                                 message: str) -> None:
    d = json.loads(mf.to_json(_manifest()))
    damage(d)  # type: ignore[operator]
    with pytest.raises(mf.ManifestError) as err:
        mf.from_json(json.dumps(d))
    assert str(err.value) == f"the deck's manifest is damaged: {message}"
