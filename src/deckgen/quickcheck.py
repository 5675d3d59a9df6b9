"""The quick check: a valid outline, as students write it, checked by hand into its records
(:mod:`deckgen.checked`) without loading pydantic, which costs a short command a third of
its time.

It vouches only for what it knows to be valid: the keys the model allows, values of the
plain types YAML gives (text, whole and decimal numbers, true/false, dates, lists,
mappings) within the model's bounds and rules. Anything else, an error or only an unusual
spelling (a number written as text, "yes" for true), raises :class:`Unsure`, and the model
decides and words the errors: so every message stays the model's, and a test holds the two
roads to the same records."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from . import checked as c
from .rules import (
    ASPECTS,
    CHART_TYPES,
    CONTENT_KEYS,
    CORNERS,
    LAYOUT_FOR,
    REVEALING,
    REVEALS,
    chart_values_problem,
    hex_color,
    is_language_tag,
    shown_text,
)

T = TypeVar("T")


class Unsure(Exception):
    """The quick check cannot vouch for a value; the model decides."""


def quick(data: Any) -> c.Outline | None:
    """The records of a loaded outline (plain data) when the quick check can vouch for it
    whole, else None."""
    try:
        return _outline(data)
    except Unsure:
        return None


# ------------------------------------------------------------------ values


def _keys(value: Any, allowed: frozenset[str], required: tuple[str, ...] = ()) -> dict[str, Any]:
    if type(value) is not dict or not value.keys() <= allowed:
        raise Unsure
    if any(k not in value for k in required):
        raise Unsure
    return value


def _text(value: Any, min_length: int = 0) -> str:
    """A text the deck shows (model.Text): numbers and dates as written, spaces kept."""
    text = shown_text(value)
    if type(text) is not str or len(text) < min_length:
        raise Unsure
    return text


def _opt_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _texts(value: Any, min_length: int = 0) -> tuple[str, ...]:
    if type(value) is not list or len(value) < min_length:
        raise Unsure
    return tuple(_text(v) for v in value)


def _str(value: Any, min_length: int = 0) -> str:
    """A setting or file name: stripped."""
    if type(value) is not str or len(value.strip()) < min_length:
        raise Unsure
    return value.strip()


def _opt_str(value: Any, min_length: int = 0) -> str | None:
    return None if value is None else _str(value, min_length)


def _number(value: Any, lo: float = -math.inf, hi: float = math.inf, *,
            above: bool = False) -> float:
    """A whole or decimal number in lo..hi (above lo when `above`)."""
    if type(value) not in (int, float):
        raise Unsure
    try:
        x = float(value)
    except OverflowError:
        raise Unsure from None
    if not (x > lo if above else x >= lo) or not x <= hi:
        raise Unsure
    return x


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Unsure
    return value


def _word(value: Any, words: tuple[str, ...]) -> str:
    if type(value) is not str or value not in words:
        raise Unsure
    return value


def _items(value: Any, make: Callable[[Any], T], lo: int = 0, hi: int | None = None
           ) -> tuple[T, ...]:
    if type(value) is not list or len(value) < lo or (hi is not None and len(value) > hi):
        raise Unsure
    return tuple(make(v) for v in value)


def _opt(value: Any, make: Callable[[Any], T]) -> T | None:
    return None if value is None else make(value)


# ------------------------------------------------------------------ deck

_FONT = frozenset({"latin", "east_asian"})
_LOGO = frozenset({"path", "alt", "corner"})
_THEME = frozenset({"template", "palette", "font", "aspect", "layouts", "logo", "reveal",
                    "body_max"})
_DECK = frozenset({"title", "subtitle", "authors", "event", "date", "notes", "language",
                   "duration", "speaking_rate", "agenda", "closing", "theme"})
_CLOSING = frozenset({"title", "subtitle", "notes"})
_AGENDA = frozenset({"notes"})


def _font(value: Any) -> c.Font:
    d = _keys(value, _FONT)
    return c.Font(_opt_str(d.get("latin")), _opt_str(d.get("east_asian")))


def _logo(value: Any) -> c.Logo:
    d = _keys({"path": value} if type(value) is str else value, _LOGO, ("path",))
    return c.Logo(_str(d["path"], 1), _opt_text(d.get("alt")),
                  _opt(d.get("corner"), lambda v: _word(v, CORNERS)))


def _color(value: Any) -> str:
    color = hex_color(value)
    if color is None:
        raise Unsure
    return color


def _layouts(value: Any) -> dict[str, str]:
    if type(value) is not dict:
        raise Unsure
    return {_word(k, LAYOUT_FOR): _str(v, 1) for k, v in value.items()}


def _theme(value: Any) -> c.Theme:
    d = _keys(value, _THEME)
    return c.Theme(_opt_str(d.get("template")),
                   _opt(d.get("palette"), lambda v: _items(v, _color, 1, 12)),
                   _opt(d.get("font"), _font), _word(d.get("aspect", "16:9"), ASPECTS),
                   _opt(d.get("layouts"), _layouts), _opt(d.get("logo"), _logo),
                   _word(d.get("reveal", "none"), REVEALS),
                   _opt(d.get("body_max"), lambda v: _number(v, 16, 48)))


def _switch(value: Any, make: Callable[[dict[str, Any]], T]) -> T | None:
    """A slide deckgen adds: true (its default texts), false or null (none), or a mapping."""
    if value is True:
        return make({})
    if value is False or value is None:
        return None
    return make(value)


def _agenda(value: Any) -> c.Agenda:
    return c.Agenda(_opt_text(_keys(value, _AGENDA).get("notes")))


def _closing(value: Any) -> c.Closing:
    d = _keys(value, _CLOSING)
    return c.Closing(_opt_text(d.get("title")), _opt_text(d.get("subtitle")),
                     _opt_text(d.get("notes")))


def _one_or_list(value: Any, one: tuple[type, ...]) -> tuple[str, ...]:
    """`authors: 甲` or `sources: x` for a list of one."""
    return _texts([value] if type(value) in one else value)


def _language(value: Any) -> str:
    tag = _str(value)
    if not is_language_tag(tag):
        raise Unsure
    return tag


def _deck(value: Any) -> c.Deck:
    d = _keys(value, _DECK, ("title",))
    return c.Deck(
        title=_text(d["title"], 1), subtitle=_opt_text(d.get("subtitle")),
        authors=_one_or_list(d.get("authors", []), (str, int)),
        event=_opt_text(d.get("event")), date=_opt_text(d.get("date")),
        notes=_opt_text(d.get("notes")), language=_language(d.get("language", "zh-CN")),
        duration=_opt(d.get("duration"), lambda v: _number(v, 0, 600, above=True)),
        speaking_rate=_opt(d.get("speaking_rate"),
                           lambda v: _number(v, 0, 2000, above=True)),
        agenda=_switch(d.get("agenda", True), _agenda),
        closing=_switch(d.get("closing", True), _closing),
        theme=_theme(d.get("theme", {})))


# ------------------------------------------------------------------ slides

_BULLET = frozenset({"text", "sub"})
_CHART = frozenset({"type", "labels", "series", "csv", "unit", "log", "caption", "source",
                    "native", "alt"})
_QUOTE = frozenset({"text", "by"})
_TABLE = frozenset({"header", "rows", "csv"})
_IMAGE = frozenset({"path", "caption", "alt", "focus"})
_COLUMN = frozenset({"heading", "bullets", "image"})
_STAT = frozenset({"value", "label"})
_SLIDE = frozenset({"title", "notes", "sources", "presenter", "layout", "reveal",
                    *CONTENT_KEYS})
_CHAPTER = frozenset({"title", "presenter", "notes", "slides"})
_OUTLINE = frozenset({"deck", "chapters"})


def _bullet(value: Any) -> c.Bullet:
    if type(value) in (str, int, float):
        return c.Bullet(_text(value))
    d = _keys(value, _BULLET, ("text",))
    return c.Bullet(_text(d["text"]), _texts(d.get("sub", [])))


def _series(value: Any) -> dict[str, tuple[float, ...]]:
    if type(value) is not dict or not value:
        raise Unsure
    if any(type(k) is not str or k != k.strip() for k in value):
        raise Unsure  # a name with spaces around it: the model's to decide
    return {k: _items(v, _number) for k, v in value.items()}


def _chart(value: Any) -> c.Chart:
    d = _keys(value, _CHART, ("type",))
    chart = c.Chart(
        type=_word(d["type"], CHART_TYPES),
        labels=_opt(d.get("labels"), lambda v: _texts(v, 1)),
        series=_opt(d.get("series"), _series), csv=_opt_str(d.get("csv")),
        unit=_opt_text(d.get("unit")), log=_bool(d.get("log", False)),
        caption=_opt_text(d.get("caption")), source=_opt_text(d.get("source")),
        native=_bool(d.get("native", False)), alt=_opt_text(d.get("alt")))
    if chart.csv:
        if chart.labels is not None or chart.series is not None:
            raise Unsure
        return chart  # the CSV file's numbers are checked once it is read
    if chart.labels is None or chart.series is None:
        raise Unsure
    if any(len(values) != len(chart.labels) for values in chart.series.values()):
        raise Unsure
    if chart_values_problem(chart.type, chart.log, chart.series) is not None:
        raise Unsure
    return chart


def _table(value: Any) -> c.Table:
    d = _keys(value, _TABLE)
    table = c.Table(_opt(d.get("header"), lambda v: _texts(v, 1)),
                    _opt(d.get("rows"), lambda v: _items(v, _texts, 1)),
                    _opt_str(d.get("csv")))
    if table.csv:
        if table.header or table.rows:
            raise Unsure
    elif table.header is None or table.rows is None or any(
            len(row) != len(table.header) for row in table.rows):
        raise Unsure
    return table


def _share(value: Any) -> float:
    return _number(value, 0, 1)


def _image(value: Any) -> c.Image:
    d = _keys({"path": value} if type(value) is str else value, _IMAGE, ("path",))
    focus = _opt(d.get("focus"), lambda v: _items(v, _share, 2, 2))
    return c.Image(_str(d["path"], 1), _opt_text(d.get("caption")), _opt_text(d.get("alt")),
                   (focus[0], focus[1]) if focus is not None else None)


def _column(value: Any) -> c.Column:
    d = _keys(value, _COLUMN, ("heading",))
    column = c.Column(_text(d["heading"]),
                      _opt(d.get("bullets"), lambda v: _items(v, _bullet, 1)),
                      _opt(d.get("image"), _image))
    if (column.bullets is None) == (column.image is None):
        raise Unsure
    return column


def _stat(value: Any) -> c.Stat:
    d = _keys(value, _STAT, ("value", "label"))
    return c.Stat(_text(d["value"], 1), _text(d["label"]))


def _quote(value: Any) -> c.Quote:
    d = _keys(value, _QUOTE, ("text",))
    return c.Quote(_text(d["text"], 1), _opt_text(d.get("by")))


def _slide(value: Any) -> c.Slide:
    d = _keys(value, _SLIDE, ("title",))
    kinds = [k for k in CONTENT_KEYS if d.get(k) is not None]
    if len(kinds) != 1:
        raise Unsure
    reveal = _opt(d.get("reveal"), _bool)
    if reveal and kinds[0] not in REVEALING:
        raise Unsure  # nothing to reveal: the model words it
    return c.Slide(
        title=_text(d["title"], 1), notes=_opt_text(d.get("notes")),
        sources=_one_or_list(d.get("sources", []), (str,)),
        presenter=_opt_text(d.get("presenter")), layout=_opt_str(d.get("layout"), 1),
        reveal=reveal,
        bullets=_opt(d.get("bullets"), lambda v: _items(v, _bullet, 1)),
        chart=_opt(d.get("chart"), _chart), quote=_opt(d.get("quote"), _quote),
        table=_opt(d.get("table"), _table), image=_opt(d.get("image"), _image),
        columns=_opt(d.get("columns"), lambda v: _items(v, _column, 2, 3)),
        stats=_opt(d.get("stats"), lambda v: _items(v, _stat, 1, 4)))


def _chapter(value: Any) -> c.Chapter:
    d = _keys(value, _CHAPTER, ("title", "slides"))
    return c.Chapter(_text(d["title"], 1), _opt_text(d.get("presenter")),
                     _opt_text(d.get("notes")), _items(d["slides"], _slide, 1))


def _outline(value: Any) -> c.Outline:
    d = _keys(value, _OUTLINE, ("deck", "chapters"))
    return c.Outline(_deck(d["deck"]), _items(d["chapters"], _chapter, 1))
