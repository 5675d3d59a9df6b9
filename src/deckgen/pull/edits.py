"""The kinds of edit pull writes into a file, and writing them: a text in place (a plain
str), a number in its written style, a new key, a renamed key, a CSV cell. YAML edits go
through :mod:`deckgen.yamledit` and :mod:`deckgen.yamlput`, CSV cells through
:mod:`deckgen.pull.csvedit`; each checks that the file reads back with only that change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..frozen import frozen
from ..source import Key


@frozen
class Number:
    """A number written as `text` (in the style the old number was written in)."""

    text: str
    value: float

    def __str__(self) -> str:
        return self.text


@frozen
class NewKey:
    """A key the outline lacks, added with this text (after the first of `after` its
    mapping has, else last)."""

    text: str
    after: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


@frozen
class NewName:
    """A mapping key renamed (a chart series)."""

    text: str

    def __str__(self) -> str:
        return self.text


@frozen
class Cell:
    """A CSV cell's new text."""

    text: str

    def __str__(self) -> str:
        return self.text


Value = str | Number | NewKey | NewName | Cell


class EditError(Exception):
    """An edit that cannot be written: which and why."""


def apply_edits(text: str, edits: Mapping[Key, Any]) -> str:
    """A file's text with all its edits (a CSV file takes cells only)."""
    from ..yamledit import YamlEditError, edit_scalars
    from ..yamlput import add_keys, rename_keys, write_numbers
    from .csvedit import CsvEditError, edit_cells

    try:
        if any(isinstance(v, Cell) for v in edits.values()):
            if not all(isinstance(v, Cell) for v in edits.values()):
                raise EditError("a CSV file takes cell edits only")
            return edit_cells(text, {(k[0], k[1]): v.text for k, v in edits.items()
                                     if isinstance(k[0], int) and isinstance(k[1], int)})
        added = {k: v for k, v in edits.items() if isinstance(v, NewKey)}
        text = add_keys(text, list(added), {k: v.after for k, v in added.items()})
        text = edit_scalars(text, {k: str(v) for k, v in edits.items()
                                   if isinstance(v, (str, NewKey))})
        text = write_numbers(text, {k: (v.text, v.value) for k, v in edits.items()
                                    if isinstance(v, Number)})
        return rename_keys(text, {k: v.text for k, v in edits.items()
                                  if isinstance(v, NewName)})
    except (YamlEditError, CsvEditError) as exc:
        raise EditError(str(exc)) from None
