"""Native charts' data brought back: each label, series name and value the deck changed,
merged three ways (as built in the manifest, as the outline or its CSV file has it now, as
the deck shows it), into the outline's `labels`/`series` in place or into just the changed
cells of the CSV file. A CSV cell shown by several charts of the deck is written only when
all of them agree. Categories or series added or removed in the deck are reported, never
guessed."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..csvdata import CsvProblem, CsvTable, chart_series, read_table
from ..manifest import SlideRecord
from ..records import ChartRecord
from ..source import Key, display_name, key_path, outside_problem
from . import numbers
from .deckparts import DeckChart
from .edits import Cell, NewName, Number
from .looks import short as _short


def same(a: float, b: float) -> bool:
    """Two chart values equal as a chart shows them (a cache may round the last digit)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@dataclass
class _Shown:
    """One CSV cell as the deck's charts show it, and as built and as the file has it."""

    file: Path
    line: int
    col: int
    what: str
    base: str | float
    ours: str | float
    written: str  # the cell's text in the file now
    shown: list[tuple[int, str | float]] = field(default_factory=list)  # (slide, deck value)


def _equal(a: str | float, b: str | float) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return same(a, b)
    return a == b


class Charts:
    """The chart part of one deck's merge: inline data edited as it goes, CSV cells
    collected over the whole deck and written by :meth:`finish`."""

    def __init__(self, merger: Any) -> None:
        self.mg = merger
        self.cells: dict[tuple[Path, int, int], _Shown] = {}
        self.tables: dict[Path, CsvTable | str] = {}

    def unmapped(self, n: int, message: str) -> None:
        self.mg.unmapped(n, f"slide {n}: {message}", "chart")

    def slide(self, record: SlideRecord, charts: tuple[DeckChart, ...]) -> None:
        """Every native chart of a slide, paired in order with the ones built there."""
        n = record.number
        if len(charts) != len(record.charts):
            if charts or record.charts:
                self.unmapped(n, f"the slide had {len(record.charts)} editable chart(s) and "
                              f"now has {len(charts)}; a chart added or deleted in the deck "
                              "is not brought back")
            return
        for built, now in zip(record.charts, charts):
            if now.workbook:
                self.unmapped(n, f"the chart's embedded workbook (Edit Data) disagrees with "
                              f"the chart: {now.workbook}; the values the chart shows were "
                              "used")
            if self._shape_ok(n, built, now):
                if built.csv is None:
                    self._inline(record, built, now)
                else:
                    self._csv(record, built, now)

    def _shape_ok(self, n: int, built: ChartRecord, now: DeckChart) -> bool:
        problems = []
        if len(now.labels) != len(built.labels):
            added = [x for x in now.labels if x not in built.labels]
            gone = [x for x in built.labels if x not in now.labels]
            problems.append(f"its categories went from {len(built.labels)} to "
                            f"{len(now.labels)}" + _named(added, "added") + _named(gone, "removed"))
        if len(now.series) != len(built.series):
            names = [s for s, _ in built.series]
            added = [s for s, _ in now.series if s not in names]
            gone = [s for s in names if s not in {x for x, _ in now.series}]
            problems.append(f"its series went from {len(built.series)} to {len(now.series)}"
                            + _named(added, "added") + _named(gone, "removed"))
        blank = [name for name, vs in now.series if len(vs) != len(now.labels) or any(
            v is None or not math.isfinite(v) for v in vs)]
        if blank and not problems:
            problems.append(f"series '{_short(blank[0])}' has an empty or non-numeric value")
        if problems:
            grown = (" (categories and series added or removed in the deck are not brought "
                "back)" if len(problems) > 1 or not blank else "")
            self.unmapped(n, "in the chart " + "; ".join(problems) + f"; not merged{grown}: "
                          "change the chart's data in the outline")
        return not problems

    # -------------------------------------------------------------- inline data

    def _inline(self, record: SlideRecord, built: ChartRecord, now: DeckChart) -> None:
        n = record.number
        chart = (*record.key, "chart")
        series_now = self.mg.o.value((*chart, "series"))
        if not isinstance(series_now, dict):
            csv = self.mg.o.value((*chart, "csv"))
            self.unmapped(n, "the chart's data was edited in the deck, but the outline's "
                          "chart " + ("now reads a CSV file" if isinstance(csv, str)
                                      else "no longer has inline `series`") + "; not merged")
            return
        for i, (label, shown) in enumerate(zip(built.labels, now.labels)):
            key = (*chart, "labels", i)
            self.mg.value(n, key, f"chart label ({key_path(key)})", label, shown)
        names = list(series_now)
        if len(names) != len(built.series):
            if any(a != b for a, b in zip(built.series, now.series)):
                self.unmapped(n, f"the chart's numbers were edited in the deck, but the "
                              f"outline's chart has {len(names)} series now instead of "
                              f"{len(built.series)}; not merged")
            return
        for j, ((bname, bvalues), (tname, tvalues)) in enumerate(zip(built.series, now.series)):
            ours_name = names[j]
            for i, (b, t) in enumerate(zip(bvalues, tvalues)):
                assert t is not None
                self._number(n, (*chart, "series", ours_name, i),
                             f"chart value ({_short(tname)}, {_short(now.labels[i])})", b, t)
            if tname != bname:
                self._rename(n, (*chart, "series", ours_name), bname, tname, ours_name)

    def _number(self, n: int, key: Key, what: str, base: float, theirs: float) -> None:
        if same(theirs, base):
            return
        raw = self.mg.o.value(key)
        file, local, line, col = self.mg.o.where(key)
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            self.unmapped(n, f"the {what} became {numbers.shortest(theirs)} in the deck, but "
                          "the outline no longer has that number; not merged")
            return
        written = _token(file, line, col) or numbers.shortest(float(raw))
        if same(float(raw), theirs):
            return
        if not same(float(raw), base):
            self.mg.conflict(file, line, col, n, what, numbers.shortest(theirs), written)
            return
        text = numbers.like(theirs, written)
        self.mg.pending.setdefault(file, {})[local] = Number(text, theirs)
        self.mg.edit(file, local, line, col, n, what, written, text)

    def _rename(self, n: int, key: Key, base: str, theirs: str, ours: str) -> None:
        file, local, line, col = self.mg.o.where(key)
        what = f"chart series name ({key_path(key[:-1])})"
        if ours == theirs:
            return
        if ours != base:
            self.mg.conflict(file, line, col, n, what, theirs, ours)
            return
        if theirs in self.mg.o.value(key[:-1]) or not theirs.strip():
            self.unmapped(n, f"the series '{_short(base)}' was renamed '{_short(theirs)}' in "
                          "the deck, which the chart cannot take (another series has that "
                          "name, or it is empty); not merged")
            return
        self.mg.pending.setdefault(file, {})[local] = NewName(theirs)
        self.mg.edit(file, local, line, col, n, what, base, theirs)

    # -------------------------------------------------------------- CSV data

    def _table(self, record: SlideRecord, built: ChartRecord) -> CsvTable | str:
        """The chart's CSV file as build reads it now, or why it cannot be used."""
        key = (*record.key, "chart", "csv")
        raw = self.mg.o.value(key)
        if not isinstance(raw, str) or not raw.strip():
            return "the outline's chart no longer reads a CSV file"
        if raw.strip() != (built.csv or "").strip():
            return f"the outline's chart now reads '{raw}' instead of '{built.csv}'"
        source = self.mg.o.source
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = source.positions.base_dir(key) / path
        outside = outside_problem(raw, path, source.path.parent.absolute())
        if outside:
            return outside
        resolved = path.absolute()
        if resolved not in self.tables:
            try:
                self.tables[resolved] = read_table(resolved, key_path(key))
            except CsvProblem as exc:
                self.tables[resolved] = f"its CSV file cannot be read: {exc.problem}"
        return self.tables[resolved]

    def _csv(self, record: SlideRecord, built: ChartRecord, now: DeckChart) -> None:
        n = record.number
        table = self._table(record, built)
        if isinstance(table, str):
            if now.labels != built.labels or any(
                    a != b for a, b in zip(now.series, built.series)):
                self.unmapped(n, f"the chart's data was edited in the deck, but {table}; "
                              "not merged")
            return
        try:
            chart_series(table, "")
            readable = True
        except CsvProblem:
            readable = False
        if (not readable or len(table.rows) != len(built.labels) or
                len(table.header) != len(built.series) + 1):
            if now.labels != built.labels or now.series != built.series:
                self.unmapped(n, f"the chart's data was edited in the deck, but "
                              f"{display_name(table.path)} changed shape since the build "
                              "(rows or columns added or removed); not merged")
            return
        if ((table.header_line, table.lines) != (built.header_line, built.lines) and
                tuple(r[0] for r in table.rows) != built.labels):
            self.unmapped(n, f"the chart's data was edited in the deck, but the rows of "
                          f"{display_name(table.path)} moved since the build; not merged")
            return
        for i, (label, shown) in enumerate(zip(built.labels, now.labels)):
            # a CSV cell holds no spaces at either end: build strips them
            self._cell(n, table, table.lines[i], 0, "chart label", label, shown.strip(),
                       table.rows[i][0])
        for j, ((bname, bvalues), (tname, tvalues)) in enumerate(zip(built.series, now.series)):
            head = table.header[j + 1]
            self._cell(n, table, table.header_line, j + 1, "chart series name", bname,
                       tname.strip(), head)
            for i, (b, t) in enumerate(zip(bvalues, tvalues)):
                assert t is not None
                self._cell(n, table, table.lines[i], j + 1,
                           f"chart value ({_short(head)}, {_short(table.rows[i][0])})",
                           b, t, table.rows[i][j + 1])

    def _cell(self, n: int, table: CsvTable, line: int, col: int, what: str,
              base: str | float, theirs: str | float, written: str) -> None:
        ours: str | float = written
        if isinstance(base, float):
            from ..csvdata import parse_number

            parsed = parse_number(written)
            ours = written if parsed is None else parsed
        at = (table.path, line, col)
        shown = self.cells.get(at)
        if shown is None:
            shown = self.cells[at] = _Shown(table.path, line, col, what, base, ours, written)
        shown.shown.append((n, theirs))

    def finish(self) -> None:
        """Write each CSV cell every chart showing it agrees on, or report a conflict."""
        from .csvedit import column_of

        for c in self.cells.values():
            changed = [(n, v) for n, v in c.shown if not _equal(v, c.base)]
            if not changed:
                continue
            n, theirs = changed[0]
            text = c.file.read_bytes().decode("utf-8-sig")  # read as UTF-8 by build already
            col = column_of(text, c.line, c.col)
            shown = _shown(theirs)
            if len({_shown(v) for _, v in c.shown}) > 1:
                slides = ", ".join(f"slide {k} shows {_shown(v)}" for k, v in c.shown)
                self.mg.conflict(c.file, c.line, col, n, c.what, shown, c.written,
                                 why=f"the CSV file feeds {len(c.shown)} charts, which "
                                 f"disagree ({slides})")
                continue
            if _equal(c.ours, theirs):
                continue
            if not _equal(c.ours, c.base):
                self.mg.conflict(c.file, c.line, col, n, c.what, shown, c.written)
                continue
            new = numbers.like(theirs, c.written) if isinstance(theirs, float) else theirs
            self.mg.pending.setdefault(c.file, {})[(c.line, c.col)] = Cell(new)
            self.mg.edit(c.file, (c.line, c.col), c.line, col, n, c.what, c.written, new)


def _shown(v: str | float) -> str:
    return numbers.shortest(v) if isinstance(v, float) else v


def _named(names: list[str], verb: str) -> str:
    return f" ({verb} {', '.join(repr(_short(x, 20)) for x in names[:3])})" if names else ""


def _token(file: Path, line: int, col: int) -> str:
    """The number written at a place in a file, as written ("1.50")."""
    import re

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    m = re.match(r"[-+0-9._eE]+", lines[line - 1][col - 1:])
    return m.group() if m else ""


def merge_charts(merger: Any, pairs: list[tuple[SlideRecord, Any]]) -> None:
    """Bring back the data of every native chart of the paired slides."""
    charts = Charts(merger)
    for record, slide in pairs:
        parts = getattr(slide, "parts", None)
        if parts is not None:
            charts.slide(record, parts.charts)
    charts.finish()
