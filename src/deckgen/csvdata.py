"""CSV files of chart and table data: parsed once, errors with file and line."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .errors import Problem
from .frozen import frozen
from .source import NOT_XML, char_name, display_name, read_as_gbk

MAX_CSV_BYTES = 5 * 1024 * 1024
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")


@frozen
class CsvTable:
    """A CSV file's header and rows, as text."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]  # the file line of each row, for messages
    header_line: int = 1


@frozen
class Series:
    """Chart data from a CSV file: labels and named numeric series."""

    labels: tuple[str, ...]
    series: dict[str, tuple[float, ...]]


class CsvProblem(Exception):
    """A CSV file that cannot be used, with the Problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_table(path: Path, key: str) -> CsvTable:
    """Read a CSV file with a header row (UTF-8, BOM allowed; commas, tabs or semicolons)."""
    name = display_name(path)

    def fail(line: int, message: str, col: int = 1) -> CsvProblem:
        return CsvProblem(Problem(name, line, col, key, message))

    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise fail(1, f"the CSV file is {size:,} bytes; a CSV file may be at most "
                       f"{MAX_CSV_BYTES:,} bytes (5 MB): keep only the rows the slide shows")
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(1, f"cannot read the CSV file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail(line, f"the CSV file is not UTF-8{_guess(raw)}; save it as UTF-8 "
                   "(in Excel: Save As, \"CSV UTF-8\")", col) from None
    if "\x00" in text:
        raise fail(1, "the CSV file contains NUL bytes; is it really a CSV file?")
    bad = NOT_XML.search(text)
    if bad:
        at = bad.start()
        raise fail(text.count("\n", 0, at) + 1, f"this line holds {char_name(bad.group())}, "
                   "which a PowerPoint file cannot store; remove it",
                   at - (text.rfind("\n", 0, at) + 1) + 1)
    try:
        rows, lines = parse_rows(text)
    except CsvSyntaxError as exc:
        raise fail(exc.line, f"cannot parse the CSV file: {exc}") from None
    if not rows:
        raise fail(1, "the CSV file is empty; it needs a header row and at least one data row")
    header, body = rows[0], rows[1:]
    if not body:
        raise fail(lines[0], "the CSV file has a header row but no data rows")
    for cells, line in zip(body, lines[1:]):
        if len(cells) != len(header):
            raise fail(line, f"this row has {_cells(len(cells))} but the header has "
                       f"{_cells(len(header))}")
    return CsvTable(path, header, tuple(body), tuple(lines[1:]), lines[0])


class CsvSyntaxError(ValueError):
    """A CSV text the reader refuses, and the line it stopped at."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def dialect_of(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect of a text (commas, semicolons or tabs), as sniffed from its start."""
    try:
        return csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        return csv.excel


def parse_rows(text: str) -> tuple[list[tuple[str, ...]], list[int]]:
    """The rows of a CSV text that hold anything, each cell stripped, and the line each
    row ends on."""
    reader = csv.reader(io.StringIO(text), dialect_of(text))
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    try:
        for row in reader:
            cells = tuple(c.strip() for c in row)
            if any(cells):
                rows.append(cells)
                lines.append(reader.line_num)
    except csv.Error as exc:
        raise CsvSyntaxError(str(exc), reader.line_num) from None
    return rows, lines


def _cells(n: int) -> str:
    return f"{n} cell{'s' if n != 1 else ''}"


def _guess(raw: bytes) -> str:
    """" (it looks like GBK …)" when the bytes read as Chinese in GB18030, else ""."""
    if read_as_gbk(raw) is None:
        return ""
    return " (it looks like GBK, what Excel on Chinese Windows saves as \"CSV\")"


def parse_number(cell: str) -> float | None:
    """A number as people write it: "1,234", "32%", "−5", "1.5e3"; None if not a number."""
    s = cell.strip().replace("\u2212", "-").replace("％", "%").replace("，", ",")
    if s.endswith("%"):
        s = s[:-1].strip()
    if not s or not _NUMBER.match(s):
        return None
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


def chart_series(table: CsvTable, key: str) -> Series:
    """Labels from the first column, one numeric series per other column."""
    name = display_name(table.path)
    if len(table.header) < 2:
        raise CsvProblem(Problem(name, table.lines[0] - 1 or 1, 1, key,
                                 "a chart CSV needs a label column and at least one "
                                 "numeric column"))
    labels = tuple(r[0] for r in table.rows)
    series: dict[str, tuple[float, ...]] = {}
    for c, head in enumerate(table.header[1:], start=1):
        values = []
        for row, line in zip(table.rows, table.lines):
            v = parse_number(row[c])
            if v is None:
                raise CsvProblem(Problem(
                    name, line, c + 1, key,
                    f"column '{head}': '{row[c]}' is not a number (write e.g. 1234, "
                    "1,234.5 or 32%)"))
            values.append(v)
        series[head or f"series {c}"] = tuple(values)
    return Series(labels, series)
