"""A native chart's embedded workbook (what PowerPoint's Edit Data opens) compared with
the values the chart part itself holds: PowerPoint and python-pptx write both, the same;
LibreOffice drops the workbook. A workbook that says something else was edited by a tool
that did not update the chart, and the chart's own values win (they are what every viewer
shows); the difference is reported. The workbook is untrusted: its size, its number of
parts and each part read are bounded."""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from .. import opc, safezip

MAX_CELLS = 10_000
_X = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^!']+))!\$?([A-Z]{1,3})\$?([0-9]{1,7})"
                  r"(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")
Refs = tuple[str, str, str]  # formulas of a series: its name, its categories, its values


class _Unreadable(Exception):
    pass


def disagreement(z: Any, chart: str, labels: Sequence[str],
                 series: Sequence[tuple[str, Sequence[float | None]]],
                 refs: Sequence[Refs]) -> str:
    """Where the chart's embedded workbook differs from what the chart shows, in a few
    words ("" when it agrees, has no workbook or its cells cannot be located)."""
    target = opc.target_of_kind(z, chart, "package")
    if target is None:
        return ""
    try:
        book = _Book(z.read(target))
    except KeyError:
        return ""
    except (_Unreadable, zipfile.BadZipFile, ValueError, OSError) as exc:
        return f"its embedded workbook cannot be read ({exc or type(exc).__name__})"
    said: list[str] = []
    for j, ((name, values), (name_ref, cat_ref, val_ref)) in enumerate(zip(series, refs)):
        _compare(book, name_ref, [name], said, text=True)
        if j == 0:
            _compare(book, cat_ref, list(labels), said, text=True)
        _compare(book, val_ref, list(values), said, text=False)
    return "; ".join(said[:3]) + (f"; and {len(said) - 3} more" if len(said) > 3 else "")


def _compare(book: _Book, ref: str, shown: list[Any], said: list[str], *, text: bool) -> None:
    cells = _cells(ref)
    if cells is None or len(cells) != len(shown):
        return
    for (sheet, cell), want in zip(cells, shown):
        got = book.value(sheet, cell)
        if got is None:
            continue
        if text:
            same = got == str(want)
        else:
            try:
                same = want is not None and math.isclose(float(got), float(want),
                                                         rel_tol=1e-9, abs_tol=1e-12)
            except ValueError:
                same = False
        if not same:
            shows = want if text or want is None else format(want, "g")
            said.append(f"{cell} holds {got!r} where the chart shows {shows!r}")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _cells(ref: str) -> list[tuple[str, str]] | None:
    """The (sheet, cell) of each cell a formula like Sheet1!$B$2:$B$5 names, in order."""
    m = _REF.match(ref.strip())
    if not m:
        return None
    sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
    c1, r1 = _column(m.group(3)), int(m.group(4))
    c2 = _column(m.group(5)) if m.group(5) else c1
    r2 = int(m.group(6)) if m.group(6) else r1
    if (c2 - c1 + 1) * (r2 - r1 + 1) > MAX_CELLS or c2 < c1 or r2 < r1:
        return None
    return [(sheet, f"{_letters(c)}{r}") for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


class _Book:
    """The cells of an .xlsx, read on demand, sheet by sheet."""

    def __init__(self, data: bytes) -> None:
        # a zip inside the deck's zip: read within its own limits (safezip.WORKBOOK)
        self.z = safezip.Package(data, safezip.WORKBOOK, "the workbook")
        self.sheets: dict[str, dict[str, str]] = {}
        self.strings: list[str] | None = None
        book = opc.target_of_kind(self.z, "", "officedocument") or "xl/workbook.xml"
        self.book = book
        root = self._xml(book)
        self.names = {s.get("name", ""): s.get(_R, "") for s in root.iter(_X + "sheet")}

    def _xml(self, name: str) -> Any:
        return safezip.parse_xml(self.z.read(name, cap=safezip.WORKBOOK.part_bytes))

    def _shared(self) -> list[str]:
        if self.strings is None:
            part = opc.target_of_kind(self.z, self.book, "sharedstrings")
            self.strings = [] if part is None else [
                "".join(t.text or "" for t in si.iter(_X + "t"))
                for si in self._xml(part).iter(_X + "si")]
        return self.strings

    def value(self, sheet: str, cell: str) -> str | None:
        """A cell's value as text (None: no such sheet or an empty cell)."""
        if sheet not in self.sheets:
            rid = self.names.get(sheet)
            part = opc.targets(self.z, self.book).get(rid or "")
            cells: dict[str, str] = {}
            if part is not None:
                for c in self._xml(part).iter(_X + "c"):
                    v = c.findtext(_X + "v")
                    kind = c.get("t")
                    if kind == "s" and v is not None and v.isdigit():
                        strings = self._shared()
                        v = strings[int(v)] if int(v) < len(strings) else None
                    elif kind == "inlineStr":
                        v = "".join(t.text or "" for t in c.iter(_X + "t"))
                    if v is not None:
                        cells[c.get("r", "")] = v
            self.sheets[sheet] = cells
        return self.sheets[sheet].get(cell)
