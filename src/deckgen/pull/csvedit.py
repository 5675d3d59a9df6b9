"""Cells of a CSV file rewritten in place: only the changed cells' text changes; the
delimiter, each cell's quoting and spaces, line endings and every other byte stay. The
result is read again as build reads it (:func:`deckgen.csvdata.parse_rows`) and refused
unless exactly those cells changed."""

from __future__ import annotations

import csv
from collections.abc import Mapping

from ..csvdata import CsvSyntaxError, dialect_of, parse_rows
from ..frozen import frozen


class CsvEditError(ValueError):
    """A cell that cannot be rewritten: which and why."""


@frozen
class Field:
    """One cell as written: where its text starts and ends, and whether it is quoted."""

    start: int
    end: int
    quoted: bool


@frozen
class Record:
    """One row as written: the line it ends on (as csv.reader counts) and its cells."""

    line: int
    fields: tuple[Field, ...]


def scan(text: str) -> list[Record]:
    """Every row of a CSV text with the place of each cell, in the file's own dialect."""
    d = dialect_of(text)
    delim, quote = d.delimiter, d.quotechar or ""
    skip = bool(d.skipinitialspace)
    ends = (delim, "\r", "\n")
    n, pos = len(text), 0
    out: list[Record] = []
    while pos < n:
        fields: list[Field] = []
        while True:
            start = pos
            if skip:
                while pos < n and text[pos] == " ":
                    pos += 1
            quoted = bool(quote) and pos < n and text[pos] == quote
            if quoted:
                pos += 1
                while pos < n:
                    if text[pos] == quote:
                        if d.doublequote and text.startswith(quote * 2, pos):
                            pos += 2
                            continue
                        pos += 1
                        break
                    pos += 1
            while pos < n and text[pos] not in ends:
                pos += 1
            fields.append(Field(start, pos, quoted))
            if pos < n and text[pos] == delim:
                pos += 1
                continue
            break
        line = text.count("\n", 0, pos) + 1
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < n:
            pos += 1
        out.append(Record(line, tuple(fields)))
    return out


def _field(records: list[Record], line: int, col: int) -> Field:
    for r in records:
        if r.line == line and 0 <= col < len(r.fields):
            return r.fields[col]
    raise CsvEditError(f"line {line} has no cell {col + 1}")


def column_of(text: str, line: int, col: int) -> int:
    """The 1-based character column where cell `col` (0-based) of the row ending on `line`
    starts, for messages."""
    try:
        f = _field(scan(text), line, col)
    except CsvEditError:
        return 1
    return f.start - (text.rfind("\n", 0, f.start) + 1) + 1


def _rewritten(raw: str, f: Field, new: str, delim: str, quote: str) -> str:
    """A cell's new text in the old cell's style: its quotes and surrounding spaces kept,
    quotes added only where the new text needs them."""
    needs = (any(c in new for c in (delim, "\r", "\n")) or (quote and quote in new)
        or new != new.strip())
    if f.quoted or needs:
        if not quote:
            raise CsvEditError(f"'{new}' cannot be written in this file without quotes")
        lead = raw[:raw.find(quote)] if f.quoted else raw[:len(raw) - len(raw.lstrip(" "))]
        return lead + quote + new.replace(quote, quote * 2) + quote
    stripped = raw.strip(" \t")
    lead = raw[:len(raw) - len(raw.lstrip(" \t"))]
    return lead + new + raw[len(lead) + len(stripped):]


def edit_cells(text: str, cells: Mapping[tuple[int, int], str]) -> str:
    """`text` with each cell, given as (the line its row ends on, 0-based cell number),
    holding its new text."""
    if not cells:
        return text
    d = dialect_of(text)
    records = scan(text)
    pieces = []
    for (line, col), new in cells.items():
        f = _field(records, line, col)
        raw = text[f.start:f.end]
        pieces.append((f.start, f.end, _rewritten(raw, f, new, d.delimiter, d.quotechar or "")))
    out = text
    for start, end, new in sorted(pieces, reverse=True):
        out = out[:start] + new + out[end:]
    _verify(text, out, cells)
    return out


def _verify(before: str, after: str, cells: Mapping[tuple[int, int], str]) -> None:
    try:
        rows, lines = parse_rows(before)
        new_rows, new_lines = parse_rows(after)
    except (CsvSyntaxError, csv.Error) as exc:
        raise CsvEditError(f"the edited file would not read back ({exc})") from None
    wanted = [list(r) for r in rows]
    for (line, col), new in cells.items():
        if line not in lines:
            raise CsvEditError(f"line {line} holds no row")
        wanted[lines.index(line)][col] = new.strip()
    if (lines != new_lines or [list(r) for r in new_rows] != wanted or
            dialect_of(after).delimiter != dialect_of(before).delimiter):
        raise CsvEditError("the edited file would not read back with only those cells "
                           "changed")
