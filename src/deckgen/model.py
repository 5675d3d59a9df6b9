"""The outline contract as a typed, frozen model; the JSON Schema comes from here."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .rules import (
    CONTENT_KEYS,
    REVEALING,
    Aspect,
    ChartType,
    Corner,
    LayoutFor,
    Reveal,
    as_text,
    chart_values_problem,
    hex_color,
    is_language_tag,
    shown_text,
)


class _TextMark:
    """Marks the outline's texts, what a deck shows (and `deckgen pull` may write back), as
    opposed to its settings and file names: see pull/textkeys.py."""

    def __repr__(self) -> str:
        return "TEXT"


TEXT = _TextMark()
# Texts keep their leading and trailing spaces (what a co-presenter typed comes back
# verbatim); every other string of the outline is stripped.
Text = Annotated[str, TEXT, StringConstraints(strip_whitespace=False),
                 BeforeValidator(shown_text, json_schema_input_type=str | int | float)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              populate_by_name=True)


class Font(_Model):
    """Typefaces for Latin and East Asian text."""

    latin: str | None = Field(None, description="Typeface for Latin text, e.g. Calibri.")
    east_asian: str | None = Field(
        None, description="Typeface for Chinese/Japanese/Korean text (the a:ea slot), "
        "e.g. Microsoft YaHei.")


def _color(value: str) -> str:
    color = hex_color(value)
    if color is None:
        raise PydanticCustomError("color", "'{value}' is not a colour; write it as \"#RRGGBB\"",
                                  {"value": value})
    return color


Color = Annotated[str, BeforeValidator(_color)]


def _unit(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0 <= value <= 1:
        raise PydanticCustomError("unit", "{value} is outside 0..1; write a share of the "
                                  "picture's width or height, 0.5 its middle",
                                  {"value": value})
    return value


def _pair(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and len(value) != 2:
        raise PydanticCustomError("pair", "expected [x, y], two numbers from 0 to 1, got "
                                  "{n} number{s}", {"n": len(value),
                                                    "s": "" if len(value) == 1 else "s"})
    return value


Share = Annotated[float, BeforeValidator(_unit), Field(ge=0, le=1)]
Focus = Annotated[tuple[Share, Share], BeforeValidator(_pair)]


class Logo(_Model):
    """A logo shown on every content slide."""

    path: str = Field(min_length=1, description="Image file (PNG, JPEG, …), relative to the "
                      "outline's folder.")
    alt: Text | None = Field(
        None, description="What the logo shows, for screen readers; without it the logo is "
        "marked decorative, so that screen readers do not read it out on every slide.")
    corner: Corner | None = Field(
        None, description="top-right, top-left, bottom-right or bottom-left; default the "
        "first of these with room on every content slide.")


def _logo(value: Any) -> Any:
    return {"path": value} if isinstance(value, str) else value


class Theme(_Model):
    """The deck's look: template, colours, fonts and slide shape."""

    template: str | None = Field(
        None, description="A PowerPoint file (.pptx, .potx, .ppsx, .pptm, .potm; macros "
        "left out) whose slide size, masters, layouts, colours, fonts and art are used. "
        "Relative to the outline's folder.")
    palette: tuple[Color, ...] | None = Field(
        None, min_length=1, max_length=12,
        description="Accent and chart colours, as \"#RRGGBB\", in order of use.")
    font: Font | None = Field(None, description="Typefaces that override the theme's.")
    aspect: Aspect = Field("16:9", description='Slide shape: "16:9" (default) or "4:3".')
    layouts: dict[LayoutFor, Annotated[str, StringConstraints(min_length=1)]] | None = Field(
        None, description="The template layout (by name) each kind of slide sits on, e.g. "
        "{bullets: Title and Content, divider: Section Header}; kinds left out keep "
        "deckgen's choice. `deckgen check --layouts` lists the names.")
    logo: Annotated[Logo | None, BeforeValidator(_logo, json_schema_input_type=str | Logo)] = (
        Field(None, description="A logo on every content slide, in the same corner at the "
              "same size, clear of text: a path or {path, alt, corner}."))
    reveal: Reveal = Field(
        "none", description="Show slides part by part, one click at a time: bullets (each "
        "top-level bullet of a bullet slide, with its sub-bullets), all (bullet slides, and "
        "each column and stat card too) or none (default). A slide's own `reveal` wins.")
    body_max: float | None = Field(
        None, ge=16, le=48, description="Largest size, in points, a short bullet list is "
        "set at (default 28); quotes and big numbers grow in proportion. Lists too long "
        "for it are fitted from 24 pt down as before.")


class Closing(_Model):
    """The closing slide's texts."""

    title: Text | None = Field(None, description="Closing title; default 谢谢 / Thank you.")
    subtitle: Text | None = Field(None, description="Closing subtitle, e.g. 欢迎提问.")
    notes: Text | None = Field(None, description="Speaker notes for the closing slide, "
                               "instead of the thanks deckgen writes.")


class Agenda(_Model):
    """The agenda slide's speaker notes."""

    notes: Text | None = Field(None, description="Speaker notes for the agenda slide, "
                               "instead of the ones deckgen writes from the chapter titles.")


def _switch(keys: str) -> Any:
    """A slide deckgen adds, switched by true/false or given as a mapping of `keys`: true
    is the slide with its default texts, false no slide."""

    def check(value: Any) -> Any:
        if value is True:
            return {}
        if value is False:
            return None
        if value is None or isinstance(value, dict):
            return value
        raise PydanticCustomError("switch", "expected true, false or a mapping ({keys}), got "
                                  "{value}", {"keys": keys, "value": repr(value)})

    return check


class Deck(_Model):
    """Title-slide facts and deck-wide settings."""

    title: Text = Field(description="Title of the talk (required).", min_length=1)
    subtitle: Text | None = Field(None, description="Subtitle under the title.")
    authors: tuple[Text, ...] = Field(
        (), description="Names shown on the title slide.")
    event: Text | None = Field(None, description="Course, conference or meeting.")
    date: Text | None = Field(None, description="Date of the talk: free text or YYYY-MM-DD.")
    notes: Text | None = Field(None, description="Speaker notes for the title slide, "
                               "instead of the greeting deckgen writes.")
    language: str = Field(
        "zh-CN", description="BCP 47 language tag; picks fonts, automatic texts and the "
        "speaking rate. Default zh-CN.")
    duration: float | None = Field(
        None, gt=0, le=600, description="Target length of the talk in minutes.")
    speaking_rate: float | None = Field(
        None, gt=0, le=2000, description="Characters per minute for CJK text, words per "
        "minute otherwise. Default 220 (CJK) / 130 (words).")
    agenda: Annotated[Agenda | None, BeforeValidator(
        _switch("notes"), json_schema_input_type=Agenda | bool)] = Field(
        default_factory=lambda: Agenda(),
        description="Add an agenda slide listing the chapters (default true); false for "
        "none; {notes: ...} for its speaker notes.")
    closing: Annotated[Closing | None, BeforeValidator(
        _switch("title, subtitle, notes"), json_schema_input_type=Closing | bool)] = Field(
        default_factory=lambda: Closing(),
        description="The closing slide's title, subtitle and notes; false for no closing "
        "slide.")
    theme: Theme = Field(default_factory=lambda: Theme(),
                         description="Template, palette, fonts, aspect.")

    @field_validator("authors", mode="before")
    @classmethod
    def _one_author(cls, value: Any) -> Any:
        return [value] if isinstance(value, (str, int)) else value

    @field_validator("language")
    @classmethod
    def _bcp47(cls, value: str) -> str:
        if not is_language_tag(value):
            raise PydanticCustomError("language", "'{value}' is not a language tag; "
                                      "write e.g. zh-CN or en-US", {"value": value})
        return value

    @property
    def is_cjk(self) -> bool:
        """Whether the deck's language is Chinese, Japanese or Korean."""
        return self.language.split("-")[0].lower() in ("zh", "ja", "ko")


class Bullet(_Model):
    """A bullet with optional sub-bullets."""

    text: Text = Field(description="The bullet's text.")
    sub: tuple[Text, ...] = Field((), description="Second-level bullets under it.")


def _bullet(value: Any) -> Any:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"text": as_text(value)}
    return value


BulletItem = Annotated[Bullet, BeforeValidator(_bullet, json_schema_input_type=str | Bullet)]


class Chart(_Model):
    """A chart drawn from inline data or a CSV file."""

    type: ChartType = Field(description="bar, barh, line, pie, donut, stacked-bar or "
                            "grouped-bar.")
    labels: tuple[Text, ...] | None = Field(
        None, min_length=1, description="Category labels (x axis, bars or slices).")
    series: dict[str, tuple[float, ...]] | None = Field(
        None, min_length=1, description="Named series of numbers, each as long as labels.")
    csv: str | None = Field(
        None, description="CSV file instead of labels/series: first column labels, other "
        "columns series, header row required.")
    unit: Text | None = Field(None, description='Unit shown on the axis or labels, e.g. "%".')
    log: bool = Field(False, description="Logarithmic value axis (bar, barh, line).")
    caption: Text | None = Field(None, description="Text under the chart.")
    source: Text | None = Field(None, description="Where the data comes from; shown under "
                                "the chart and on the sources slide.")
    native: bool = Field(False, description="An editable PowerPoint chart instead of an "
                         "image.")
    alt: Text | None = Field(
        None, description="Alternative text read by screen readers, instead of the one "
        "deckgen writes from the data (type, unit, every value, source).")

    @model_validator(mode="after")
    def _data(self) -> Chart:
        has_inline = self.labels is not None or self.series is not None
        if self.csv and has_inline:
            raise PydanticCustomError("chart_data", "give either `csv` or `labels` and "
                                      "`series`, not both")
        if not self.csv:
            if self.labels is None or self.series is None:
                missing = "labels" if self.labels is None else "series"
                raise PydanticCustomError("chart_data", "a chart needs `labels` and `series` "
                                          "(or `csv`); `{missing}` is missing",
                                          {"missing": missing, "subpath": ()})
            for name, values in self.series.items():
                if len(values) != len(self.labels):
                    raise PydanticCustomError(
                        "series_length", "series '{name}' has {n} values but there are {m} "
                        "labels; give one value per label", {
                            "name": name, "n": len(values), "m": len(self.labels),
                            "subpath": ("series", name)})
            self.check_values()
        return self

    def check_values(self) -> None:
        """Chart-type rules on the numbers (shared by inline and CSV data)."""
        problem = chart_values_problem(self.type, self.log, dict(self.series or {}))
        if problem is not None:
            kind, message, ctx = problem
            raise PydanticCustomError(kind, message, ctx or None)


class Quote(_Model):
    """A quotation with its attribution."""

    text: Text = Field(min_length=1, description="The quotation.")
    by: Text | None = Field(None, description="Who said or wrote it.")


Cell = Annotated[str, TEXT, StringConstraints(strip_whitespace=False),
                 BeforeValidator(shown_text, json_schema_input_type=str | int | float)]


class Table(_Model):
    """A table from inline rows or a CSV file."""

    header: tuple[Cell, ...] | None = Field(None, min_length=1, description="Column headings.")
    rows: tuple[tuple[Cell, ...], ...] | None = Field(
        None, min_length=1, description="Rows of cells, each as long as the header.")
    csv: str | None = Field(None, description="CSV file instead of header/rows; its first "
                            "row is the header.")

    @model_validator(mode="after")
    def _shape(self) -> Table:
        if self.csv and (self.header or self.rows):
            raise PydanticCustomError("table_data", "give either `csv` or `header` and "
                                      "`rows`, not both")
        if not self.csv:
            if self.header is None or self.rows is None:
                missing = "header" if self.header is None else "rows"
                raise PydanticCustomError("table_data", "a table needs `header` and `rows` "
                                          "(or `csv`); `{missing}` is missing",
                                          {"missing": missing})
            for i, row in enumerate(self.rows):
                if len(row) != len(self.header):
                    raise PydanticCustomError(
                        "row_length", "row has {n} cells but the header has {m}",
                        {"n": len(row), "m": len(self.header), "subpath": ("rows", i)})
        return self


def _image(value: Any) -> Any:
    return {"path": value} if isinstance(value, str) else value


class Image(_Model):
    """A picture, scaled to fit with its aspect kept."""

    path: str = Field(min_length=1, description="Image file (PNG, JPEG, GIF, BMP, TIFF), "
                      "relative to the outline's folder.")
    caption: Text | None = Field(None, description="Text under the picture.")
    alt: Text | None = Field(
        None, description="What the picture shows, for screen readers (alternative text); "
        "without it the caption is used.")
    focus: Focus | None = Field(
        None, description="[x, y]: the point of the picture (shares of its width and "
        "height, 0..1; default [0.5, 0.5]) kept in view when it is cropped to fill a "
        "picture placeholder or a column.")


ImageItem = Annotated[Image, BeforeValidator(_image, json_schema_input_type=str | Image)]


class Column(_Model):
    """One column of a side-by-side comparison: bullets or a picture under a heading."""

    heading: Text = Field(description="The column's heading, e.g. 美国.")
    bullets: tuple[BulletItem, ...] | None = Field(
        None, min_length=1, description="The column's bullets.")
    image: ImageItem | None = Field(
        None, description="A picture instead of bullets, filling the column (cropped): a "
        "path or {path, alt, focus}.")

    @model_validator(mode="after")
    def _one_content(self) -> Column:
        if (self.bullets is None) == (self.image is None):
            which = "both" if self.bullets is not None else "neither"
            raise PydanticCustomError("column_content", "a column needs `bullets` or "
                                      "`image`; it has {which}", {"which": which})
        return self


class Stat(_Model):
    """A big number with its label."""

    value: Text = Field(min_length=1, description='The number as shown, e.g. "910 EFLOPS".')
    label: Text = Field(description="What the number means.")


class Slide(_Model):
    """A content slide: a title and exactly one content key."""

    title: Text = Field(min_length=1, description="The slide's title (required).")
    notes: Text | None = Field(None, description="Speaker notes: what to say on this slide.")
    sources: tuple[Text, ...] = Field((), description="Sources of this slide's facts; "
                                      "collected on a sources slide at the end.")
    presenter: Text | None = Field(None, description="Overrides the chapter's presenter.")
    layout: str | None = Field(
        None, min_length=1, description="The template layout this slide sits on, by name "
        "(case and spaces ignored), e.g. Two Content; default deckgen's choice (or "
        "theme.layouts). `deckgen check --layouts` lists the names.")
    reveal: bool | None = Field(
        None, description="true: each top-level bullet (with its sub-bullets), column or "
        "stat card appears on a click; false: all at once, whatever theme.reveal says.")
    bullets: tuple[BulletItem, ...] | None = Field(
        None, min_length=1, description="A bulleted list: strings or {text, sub}.")
    chart: Chart | None = Field(None, description="A chart.")
    quote: Quote | None = Field(None, description="A large quotation: {text, by}.")
    table: Table | None = Field(None, description="A table: {header, rows} or {csv}.")
    image: Annotated[Image | None, BeforeValidator(_image,
                                                   json_schema_input_type=str | Image)] = Field(
        None, description="A picture: a path or {path, caption, alt, focus}.")
    columns: tuple[Column, ...] | None = Field(
        None, min_length=2, max_length=3, description="2 or 3 columns of {heading, bullets}.")
    stats: tuple[Stat, ...] | None = Field(
        None, min_length=1, max_length=4, description="1 to 4 big numbers: {value, label}.")

    @field_validator("sources", mode="before")
    @classmethod
    def _one_source(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_content(self) -> Slide:
        present = [k for k in CONTENT_KEYS if getattr(self, k) is not None]
        if len(present) != 1:
            which = ", ".join(present) if present else "none"
            raise PydanticCustomError(
                "content_keys", "a slide needs exactly one of {keys}; found {which}",
                {"keys": ", ".join(CONTENT_KEYS), "which": which})
        if self.reveal and self.kind not in REVEALING:
            raise PydanticCustomError(
                "reveal", "a {kind} slide has nothing to reveal one part at a time; "
                "`reveal: true` works on {kinds} slides", {
                    "kind": self.kind, "subpath": ("reveal",),
                    "kinds": ", ".join(REVEALING[:-1]) + " and " + REVEALING[-1]})
        return self

    @property
    def kind(self) -> str:
        """Which content key the slide has."""
        return next(k for k in CONTENT_KEYS if getattr(self, k) is not None)


class Chapter(_Model):
    """A chapter: a divider slide and its content slides."""

    title: Text = Field(min_length=1, description="The chapter's title (required).")
    presenter: Text | None = Field(None, description="Who presents this chapter.")
    notes: Text | None = Field(None, description="Speaker notes for the chapter divider.")
    slides: tuple[Slide, ...] = Field(min_length=1, description="The chapter's slides.")


class Outline(_Model):
    """A whole talk: deck settings and chapters."""

    model_config = ConfigDict(
        title="deckgen outline",
        json_schema_extra={"$comment": "Generated from deckgen.model; do not edit."})

    deck: Deck = Field(description="Title-slide facts and deck-wide settings.")
    chapters: tuple[Chapter, ...] = Field(
        min_length=1, description="The chapters, in order. An entry may be "
        "{include: path} to a file holding one chapter.")
