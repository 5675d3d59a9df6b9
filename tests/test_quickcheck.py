"""The quick check and the model (pydantic) agree: whatever the quick check vouches for, the
model accepts and reads into the same records; whatever the model refuses, the quick check
leaves to it. The model is the oracle: it is the contract and words every error."""

from __future__ import annotations

import copy
import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from deckgen import checked, model
from deckgen.errors import OutlineError
from deckgen.quickcheck import quick
from deckgen.source import load
from test_properties import places as places_in

REPO = Path(__file__).resolve().parents[1]
VALID = [REPO / "outline.yaml", REPO / "src/deckgen/starter/outline.yaml",
         *sorted((REPO / "tests/outlines").glob("[!b]*/*.yaml"))]
ALL = [*VALID, *sorted((REPO / "tests/outlines/bad").glob("*.yaml"))]


def via_model(data: Any) -> checked.Outline | None:
    """The model's records of `data`, or None when it refuses it."""
    try:
        return checked.from_model(model.Outline.model_validate(data))  # type: ignore[no-any-return]
    except ValidationError:
        return None


def agree(data: Any) -> checked.Outline | None:
    """Check that both roads agree on `data`; the quick check's records."""
    fast = quick(copy.deepcopy(data))
    slow = via_model(copy.deepcopy(data))
    if slow is None:
        assert fast is None, "the quick check vouched for an outline the model refuses"
    elif fast is not None:
        assert fast == slow
        assert repr(fast) == repr(slow)  # same types too: 20 and 20.0 compare equal
    return fast


def loaded(path: Path) -> Any:
    try:
        return load(path, allow_outside=True).data
    except OutlineError:
        return None


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.relative_to(REPO).as_posix())
def test_both_roads_agree_on_every_outline_of_the_repository(path: Path) -> None:
    data = loaded(path)
    if data is None:
        # refused while loading, before either road: only the broken outlines may be
        assert path.parent.name == "bad", f"{path.name} does not load"
        return
    agree(data)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.relative_to(REPO).as_posix())
def test_valid_outlines_take_the_quick_road(path: Path) -> None:
    data = loaded(path)
    assert via_model(data) is not None
    assert agree(data) is not None


def test_the_records_hold_every_field_of_the_model() -> None:
    from dataclasses import fields

    from pydantic import BaseModel

    models = {name: cls for name, cls in vars(model).items() if isinstance(cls, type)
              and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
              and not name.startswith("_")}
    assert set(models) == set(checked.RECORDS)
    for name, cls in models.items():
        assert [f.name for f in fields(checked.RECORDS[name])] == list(cls.model_fields), name


# Values students write, and the unusual and wrong ones the model knows how to take or word.
ODD = [None, True, False, 0, 1, -3, 20, 2.5, 1e400, -1e400, math.nan, 1.0, "", "  ", " x ",
       "x\n", "20", "1.5", "yes", "true", "#1f4e79", "1F4E79", "#12345", "blue", "zh-CN",
       "en_US", " en-US ", "16:9", "4:3", "16:10", "pie", "Bar", "bar", "donut", "barh", "log",
       "top-left", "middle", "title", "bullets", "all", "none", 16, 48, 48.5, 15, "a.png", "data.csv", "中文", [], [1], ["a"],
       ["a", "b"], [0.2, 0.8], [0.5, 2], [[1, 2]], ["a", "b", "c", "d", "e"], {},
       {"text": "a"}, {"x": 1}, {"s": [1, 2]}, {" s ": [1, 2]}, {"path": "a.png"},
       {"notes": "n"}, {"heading": "h", "bullets": ["a"]}, {"value": "1", "label": "x"},
       dt.date(2025, 5, 20), dt.datetime(2025, 5, 20, 8, 30)]
KEYS = ["title", "notes", "text", "sub", "type", "labels", "series", "csv", "log", "native",
        "path", "focus", "alt", "caption", "corner", "bullets", "chart", "quote", "table",
        "image", "columns", "stats", "header", "rows", "theme", "palette", "aspect", "font",
        "latin", "layouts", "logo", "agenda", "closing", "language", "duration", "authors",
        "sources", "presenter", "layout", "speaking_rate", "value", "label", "heading", "by",
        "bulets", "subtitle", "reveal", "body_max"]


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        data = data[p]
    return data


@st.composite
def damaged(draw: st.DrawFn) -> Any:
    """An outline of the repository with a few values replaced, removed or added."""
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        places = [(), *places_in(data)]
        path = draw(st.sampled_from(places[1:]))
        parent = _at(data, path[:-1])
        what = draw(st.sampled_from(["set", "set", "set", "drop", "add", "copy"]))
        if what == "drop":
            del parent[path[-1]]
        elif what == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS))] = draw(st.sampled_from(ODD))
        elif what == "copy":
            parent[path[-1]] = copy.deepcopy(_at(data, draw(st.sampled_from(places))))
        else:
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(ODD)))
    return data


# Every key of the model at least once, so that every place is tried.
EVERY_KEY = {
    "deck": {
        "title": "全部", "subtitle": "键", "authors": ["甲", 2], "event": "课", "notes": "开场",
        "date": dt.date(2025, 5, 20), "language": "zh-CN", "duration": 20,
        "speaking_rate": 200.5, "agenda": {"notes": "目录"},
        "closing": {"title": "谢谢", "subtitle": "提问", "notes": "再见"},
        "theme": {"template": "t.pptx", "palette": ["#112233", "445566"], "aspect": "4:3",
                  "font": {"latin": "Georgia", "east_asian": "SimSun"},
                  "layouts": {"bullets": "Title and Content", "divider": "Section Header"},
                  "logo": {"path": "logo.png", "alt": "标志", "corner": "top-left"},
                  "reveal": "all", "body_max": 32}},
    "chapters": [{"title": "一", "presenter": "甲", "notes": "章", "slides": [
        {"title": "图", "presenter": "乙", "layout": "Two Content", "notes": "n",
         "sources": "来源", "chart": {"type": "line", "labels": ["a", 2024], "log": True,
                                     "series": {"s": [1, 2.5]}, "unit": "%", "alt": "图",
                                     "caption": "c", "source": "s", "native": True}},
        {"title": "表", "table": {"csv": "t.csv"}},
        {"title": "点", "reveal": False, "bullets": ["a", "b"]},
        {"title": "数", "reveal": True, "stats": [{"value": "1", "label": "x"}]},
        {"title": "列", "reveal": True, "columns": [{"heading": "左", "image": {"path": "a.png",
                                                              "focus": [0, 0.5]}},
                                   {"heading": "右", "bullets": [{"text": "x", "sub": [1]}]}]},
        {"title": "图片", "image": {"path": "b.png", "caption": "c", "alt": "a",
                                  "focus": [1, 1]}},
        {"title": "CSV", "chart": {"type": "pie", "csv": "d.csv"}},
    ]}],
}
BASES = [EVERY_KEY, *(d for d in (loaded(p) for p in VALID) if d is not None)]


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged())
def test_both_roads_agree_on_damaged_outlines(data: Any) -> None:
    agree(data)


def _shapes() -> dict[tuple[Any, ...], tuple[Any, tuple[Any, ...]]]:
    """One (outline, path) for each place a value can stand in the outlines of the
    repository, list positions aside (chapters[*].slides[*].title once)."""
    out: dict[tuple[Any, ...], tuple[Any, tuple[Any, ...]]] = {}
    for data in BASES:
        for path in places_in(data):
            shape = tuple("*" if isinstance(p, int) else p for p in path)
            out.setdefault(shape, (data, path))
    return out


SHAPES = _shapes()


@pytest.mark.parametrize("shape", sorted(SHAPES, key=str), ids=lambda s: ".".join(map(str, s)))
def test_both_roads_agree_on_each_place_with_every_odd_value(shape: tuple[Any, ...]) -> None:
    base, path = SHAPES[shape]
    for value in [*ODD, "drop"]:
        data = copy.deepcopy(base)
        parent = _at(data, path[:-1])
        if value == "drop":
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
        agree(data)


def test_an_outline_with_every_key_takes_the_quick_road() -> None:
    fast = agree(copy.deepcopy(EVERY_KEY))
    assert fast is not None
    assert (fast.deck.theme.reveal, fast.deck.theme.body_max) == ("all", 32.0)
    assert [s.reveal for s in fast.chapters[0].slides][1:5] == [None, False, True, True]
