"""The checked outline: plain frozen records of what the outline says, with every default
filled in, read by the stages after validation (plan, layout, the pipeline).

Two roads lead here. The quick check (:mod:`deckgen.quickcheck`) builds them straight from
a valid outline; otherwise the model (:mod:`deckgen.model`, pydantic) validates the outline
and words its errors, and :func:`from_model` copies the result. Either way the records are
the same, field for field (a test holds the two roads together), and a build of a valid
outline never loads pydantic. Field names are the outline's keys."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from .frozen import frozen
from .rules import CONTENT_KEYS


@frozen
class Font:
    """Typefaces for Latin and East Asian text."""

    latin: str | None = None
    east_asian: str | None = None


@frozen
class Logo:
    """A logo shown on every content slide."""

    path: str
    alt: str | None = None
    corner: str | None = None


@frozen
class Theme:
    """The deck's look: template, colours, fonts and slide shape."""

    template: str | None = None
    palette: tuple[str, ...] | None = None
    font: Font | None = None
    aspect: str = "16:9"
    layouts: dict[str, str] | None = None
    logo: Logo | None = None
    reveal: str = "none"
    body_max: float | None = None


@frozen
class Closing:
    """The closing slide's texts."""

    title: str | None = None
    subtitle: str | None = None
    notes: str | None = None


@frozen
class Agenda:
    """The agenda slide's speaker notes."""

    notes: str | None = None


@frozen
class Deck:
    """Title-slide facts and deck-wide settings."""

    title: str
    subtitle: str | None
    authors: tuple[str, ...]
    event: str | None
    date: str | None
    notes: str | None
    language: str
    duration: float | None
    speaking_rate: float | None
    agenda: Agenda | None
    closing: Closing | None
    theme: Theme

    @property
    def is_cjk(self) -> bool:
        """Whether the deck's language is Chinese, Japanese or Korean."""
        return self.language.split("-")[0].lower() in ("zh", "ja", "ko")


@frozen
class Bullet:
    """A bullet with optional sub-bullets."""

    text: str
    sub: tuple[str, ...] = ()


@frozen
class Chart:
    """A chart drawn from inline data or a CSV file."""

    type: str
    labels: tuple[str, ...] | None
    series: dict[str, tuple[float, ...]] | None
    csv: str | None
    unit: str | None
    log: bool
    caption: str | None
    source: str | None
    native: bool
    alt: str | None


@frozen
class Quote:
    """A quotation with its attribution."""

    text: str
    by: str | None = None


@frozen
class Table:
    """A table from inline rows or a CSV file."""

    header: tuple[str, ...] | None
    rows: tuple[tuple[str, ...], ...] | None
    csv: str | None


@frozen
class Image:
    """A picture, scaled to fit with its aspect kept."""

    path: str
    caption: str | None = None
    alt: str | None = None
    focus: tuple[float, float] | None = None


@frozen
class Column:
    """One column of a side-by-side comparison: bullets or a picture under a heading."""

    heading: str
    bullets: tuple[Bullet, ...] | None
    image: Image | None


@frozen
class Stat:
    """A big number with its label."""

    value: str
    label: str


@frozen
class Slide:
    """A content slide: a title and exactly one content key."""

    title: str
    notes: str | None
    sources: tuple[str, ...]
    presenter: str | None
    layout: str | None
    reveal: bool | None = None
    bullets: tuple[Bullet, ...] | None = None
    chart: Chart | None = None
    quote: Quote | None = None
    table: Table | None = None
    image: Image | None = None
    columns: tuple[Column, ...] | None = None
    stats: tuple[Stat, ...] | None = None

    @property
    def kind(self) -> str:
        """Which content key the slide has."""
        return next(k for k in CONTENT_KEYS if getattr(self, k) is not None)


@frozen
class Chapter:
    """A chapter: a divider slide and its content slides."""

    title: str
    presenter: str | None
    notes: str | None
    slides: tuple[Slide, ...]


@frozen
class Outline:
    """A whole talk: deck settings and chapters."""

    deck: Deck
    chapters: tuple[Chapter, ...]


RECORDS: dict[str, type] = {cls.__name__: cls for cls in (
    Font, Logo, Theme, Closing, Agenda, Deck, Bullet, Chart, Quote, Table, Image, Column, Stat,
    Slide, Chapter, Outline)}
"""Each record by the name of the model class it copies."""


def from_model(value: Any) -> Any:
    """The records of a validated model (pydantic's), or of a value inside one."""
    cls = RECORDS.get(type(value).__name__)
    if cls is not None and hasattr(type(value), "model_fields"):
        return cls(**{f.name: from_model(getattr(value, f.name)) for f in fields(cls)})
    if isinstance(value, tuple):
        return tuple(from_model(v) for v in value)
    if isinstance(value, dict):
        return {k: from_model(v) for k, v in value.items()}
    return value
