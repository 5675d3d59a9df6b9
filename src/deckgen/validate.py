"""Stage 2, validate: plain data to the typed model; every error, with did-you-mean."""

from __future__ import annotations

import os
import typing
from collections.abc import Collection, Iterator
from dataclasses import field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import checked
from .csvdata import CsvProblem, CsvTable, Series, chart_series, read_table
from .errors import OutlineError, Problem
from .frozen import frozen
from .opctypes import MAIN_TYPES, TEMPLATE_SUFFIXES
from .quickcheck import quick
from .rules import chart_values_problem
from .source import Key, Source, SourceMap, key_path, outside_problem

if TYPE_CHECKING:
    from pydantic import BaseModel

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}

_NOUN = {"type": "a chart type", "aspect": "an aspect ratio"}


@frozen
class Validated:
    """A valid outline with its files: resolved asset paths and parsed CSV data."""

    outline: checked.Outline
    source: Source
    paths: dict[Key, Path] = field(default_factory=dict)
    tables: dict[Key, CsvTable] = field(default_factory=dict)
    series: dict[Key, Series] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The outline's folder."""
        return self.source.path.parent.absolute()

    def path(self, key: Key) -> Path:
        """The resolved file named at `key` (image, csv, template)."""
        return self.paths[key]


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    """"; did you mean 'x'?" for a close match, else ""."""
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _model_class(tp: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    for arg in typing.get_args(tp):
        found = _model_class(arg)
        if found:
            return found
    return None


def _field_owner(loc: tuple[Any, ...]) -> tuple[type[BaseModel] | None, Any]:
    """The model class that holds the last key of `loc`, and that key's annotation."""
    from . import model as m

    cls: type[BaseModel] | None = m.Outline
    annotation: Any = None
    for part in loc:
        if isinstance(part, int) or cls is None:
            continue
        f = cls.model_fields.get(part)
        if f is None:
            return cls, None
        annotation = f.annotation
        owner = cls
        cls = _model_class(annotation)
        if part == loc[-1]:
            return owner, annotation
    return cls, annotation


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value[:40]}'" if value else "empty text"
    return f"'{value}'"


def _literal_choices(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    out: list[str] = []
    for arg in typing.get_args(annotation):
        out += _literal_choices(arg)
    return out


def _items_word(name: str) -> str:
    return {"columns": "columns", "stats": "stats", "slides": "slides",
            "chapters": "chapters", "palette": "colours"}.get(name, "items")


def _message(err: dict[str, Any]) -> tuple[tuple[Any, ...], str, bool | None]:
    """The path, message and where it points for one pydantic error: at the key (True),
    the value (False) or the enclosing mapping (None, for a missing key)."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(
        ("function-", "json-or-python"))))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if "subpath" in ctx:
        loc = loc + tuple(ctx["subpath"])
    last = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        owner, _ = _field_owner((*loc[:-1], "__none__"))
        allowed = list(owner.model_fields) if owner else []
        hint = did_you_mean(str(last), allowed)
        return loc, (f"unknown key '{last}'{hint} (allowed here: {', '.join(allowed)})"
                     if allowed else f"unknown key '{last}'"), True
    if kind == "missing":
        return loc, f"required key '{last}' is missing", None
    if kind in ("literal_error", "enum"):
        _, annotation = _field_owner(loc)
        choices = _literal_choices(annotation)
        noun = _NOUN.get(str(last), "allowed here")
        verb = f"is not {noun}" if noun != "allowed here" else "is not allowed here"
        return loc, (f"{_describe(value)} {verb}{did_you_mean(str(value), choices)} "
                     f"({', '.join(choices)})"), False
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "finite_number"):
        return loc, f"expected a number, got {_describe(value)}", False
    if kind in ("bool_parsing", "bool_type"):
        return loc, f"expected true or false, got {_describe(value)}", False
    if kind in ("string_type",):
        return loc, f"expected text, got {_describe(value)}", False
    if kind in ("tuple_type", "list_type"):
        return loc, f"expected a list, got {_describe(value)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"expected a mapping of keys to values, got {_describe(value)}", False
    if kind == "string_too_short":
        return loc, "must not be empty", False
    if kind in ("too_short", "too_long"):
        if (kind == "too_short" and isinstance(value, (list, dict))
                and len(value) >= ctx.get("min_length", 0)):
            return loc, "", False  # items failed on their own; they are reported already
        word = _items_word(str(last))
        lo, hi = _bounds(loc)
        got = ctx.get("actual_length")
        if lo is not None and hi is not None:
            rng = f"{lo} or {hi}" if hi - lo == 1 else f"{lo} to {hi}"
            return loc, f"expected {rng} {word}, got {got}", False
        if kind == "too_short":
            return loc, f"expected at least {ctx.get('min_length')} {word}, got {got}", False
        return loc, f"expected at most {ctx.get('max_length')} {word}, got {got}", False
    if kind in ("greater_than", "less_than_equal", "greater_than_equal", "less_than"):
        return loc, f"{_describe(value)}: {err['msg'].lower()}", False
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    return loc, msg, False


def _bounds(loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    owner, _ = _field_owner(loc)
    if owner is None or not loc:
        return None, None
    f = owner.model_fields.get(str(loc[-1]))
    lo = hi = None
    for meta in (f.metadata if f else []):
        lo = getattr(meta, "min_length", lo)
        hi = getattr(meta, "max_length", hi)
    return lo, hi


def _asset_refs(data: Any) -> Iterator[tuple[Key, str, str]]:
    """(path, kind, value) of every file the raw outline names."""
    if not isinstance(data, dict):
        return
    deck = data.get("deck")
    theme = deck.get("theme") if isinstance(deck, dict) else None
    if isinstance(theme, dict) and isinstance(theme.get("template"), str):
        yield ("deck", "theme", "template"), "template", theme["template"]
    if isinstance(theme, dict):
        yield from _image_ref(("deck", "theme", "logo"), theme.get("logo"))
    chapters = data.get("chapters")
    for i, ch in enumerate(chapters if isinstance(chapters, list) else []):
        slides = ch.get("slides") if isinstance(ch, dict) else None
        for j, s in enumerate(slides if isinstance(slides, list) else []):
            if not isinstance(s, dict):
                continue
            base: Key = ("chapters", i, "slides", j)
            yield from _image_ref((*base, "image"), s.get("image"))
            columns = s.get("columns")
            for k, col in enumerate(columns if isinstance(columns, list) else []):
                if isinstance(col, dict):
                    yield from _image_ref((*base, "columns", k, "image"), col.get("image"))
            for kind in ("chart", "table"):
                block = s.get(kind)
                if isinstance(block, dict) and isinstance(block.get("csv"), str):
                    yield (*base, kind, "csv"), "csv", block["csv"]


def _image_ref(key: Key, value: Any) -> Iterator[tuple[Key, str, str]]:
    """The picture file an image key names: `key: path` or `key: {path: …}`."""
    if isinstance(value, str):
        yield key, "image", value
    elif isinstance(value, dict) and isinstance(value.get("path"), str):
        yield (*key, "path"), "image", value["path"]


asset_refs = _asset_refs


def _check_file(kind: str, raw: str, path: Path) -> str | None:
    """What is wrong with an existing asset file, or None."""
    suffix = path.suffix.lower()
    if kind == "template":
        if suffix not in TEMPLATE_SUFFIXES:
            return (f"'{raw}' is not a PowerPoint template; use a .pptx, .potx, .ppsx, .pptm "
                    "or .potm file")
        return _template_problem(raw, path)
    if kind == "image":
        if suffix == ".svg":
            return (f"'{raw}' is an SVG drawing, which not every viewer can show; "
                    "export it as PNG")
        if suffix not in IMAGE_SUFFIXES:
            return (f"'{raw}' is not a supported image; use PNG or JPEG "
                    f"({', '.join(sorted(IMAGE_SUFFIXES))})")
    return None


def check_template_file(path: Path) -> str | None:
    """What makes a file unusable as a template (named on the command line), or None."""
    if not path.is_file():
        return f"template file not found: '{path}'"
    return _check_file("template", str(path), path)


def _template_problem(raw: str, path: Path) -> str | None:
    """What makes a zip file unusable as a template: another kind of document, or a package
    beyond the template limits of safezip (too large unpacked, a zip bomb)."""
    import io
    import zipfile

    from . import safezip
    from .template import files

    try:  # read once: describing and opening the template take these bytes
        data = files.read(path, f"'{raw}'").data
        if not zipfile.is_zipfile(io.BytesIO(data)):
            return f"'{raw}' is not a PowerPoint file (not a zip package); is it damaged?"
        with safezip.Package(data, safezip.TEMPLATE, f"'{raw}'") as z:
            names = set(z.names)
            main = _main_type(z, names)
    except safezip.PackageProblem as exc:
        return str(exc)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        return f"'{raw}' is a damaged zip package ({exc}); save it again as .pptx"
    if main not in MAIN_TYPES:
        other = next((what for part, what in (("word/document.xml", "a Word document"),
                                               ("xl/workbook.xml", "an Excel workbook"))
                      if part in names), "a zip file")
        return f"'{raw}' is {other}, not a PowerPoint presentation; use a .pptx or .potx file"
    return None


_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officedocument/2006/relationships/"
                    "officedocument")


def _main_type(z: Any, names: set[str]) -> str | None:
    """The content type of a package's main part (found through its relationships, whose
    types, like content types, compare without regard to case), in lower case."""
    from xml.etree import ElementTree as ET

    if "_rels/.rels" not in names or "[Content_Types].xml" not in names:
        return None
    target = None
    for rel in ET.fromstring(z.read("_rels/.rels")):
        if (rel.get("Type") or "").lower() == _OFFICE_DOCUMENT:
            target = "/" + (rel.get("Target") or "").lstrip("/")
            break
    if target is None:
        return None
    types = ET.fromstring(z.read("[Content_Types].xml"))
    for el in types:
        if (_local(el.tag) == "Override" and (el.get("PartName") or "").lower() ==
                target.lower()):
            return next((t for t in MAIN_TYPES
                         if t.lower() == (el.get("ContentType") or "").lower()), None)
    return None


def _local(tag: str) -> str:
    """An XML tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _check_assets(source: Source, allow_outside: bool, problems: list[Problem],
                  pending: Collection[Path] = ()) -> dict[Key, Path]:
    smap: SourceMap = source.positions
    root = source.path.parent.absolute()
    paths: dict[Key, Path] = {}
    for key, kind, raw in _asset_refs(source.data):
        if not raw.strip():
            continue
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = smap.base_dir(key) / path
        outside = None if allow_outside else outside_problem(raw, path, root)
        if outside:
            problems.append(smap.problem(key, outside))
            continue
        if Path(os.path.abspath(path)) in pending:  # about to be written (pull checks it)
            paths[key] = path
            continue
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "not found"
            close = did_you_mean(path.name, [p.name for p in path.parent.glob("*")]
                                 if path.parent.is_dir() else [])
            problems.append(smap.problem(key, f"{kind} file {what}: '{raw}'{close} "
                                         "(paths are relative to the file that names them)"))
            continue
        wrong = _check_file(kind, raw, path)
        if wrong:
            problems.append(smap.problem(key, wrong))
            continue
        paths[key] = path
    return paths


def validate(source: Source, *, allow_outside: bool = False,
             pending: Collection[Path] = ()) -> Validated:
    """Check a loaded outline against the contract; raise OutlineError with every problem.
    `pending`: files (absolute paths) about to be written, taken as there."""
    smap = source.positions
    problems: list[Problem] = []
    data = source.data
    if not isinstance(data, dict):
        raise OutlineError([smap.problem((), "the outline must be a mapping with `deck:` and "
                                         "`chapters:` at the top")])
    paths = _check_assets(source, allow_outside, problems, pending)
    outline = quick(data)
    if outline is None:  # an error, or a spelling only the model knows
        outline = _modelled(data, smap, problems)
    tables: dict[Key, CsvTable] = {}
    series: dict[Key, Series] = {}
    if outline is not None:
        _read_csvs(outline, paths, tables, series, smap, problems)
    if problems or outline is None:
        raise OutlineError(_dedupe(problems))
    return Validated(outline, source, paths, tables, series)


def _modelled(data: dict[str, Any], smap: SourceMap,
              problems: list[Problem]) -> checked.Outline | None:
    """The outline validated by the model (pydantic), or None with its errors worded."""
    from pydantic import ValidationError

    from . import model as m

    try:
        return checked.from_model(m.Outline.model_validate(data))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc, msg, at_key = _message(dict(err))
            if msg and at_key is None:
                pos = smap.locate(loc[:-1])
                problems.append(Problem(pos.file, pos.line, pos.column, key_path(loc), msg))
            elif msg:
                problems.append(smap.problem(loc, msg, key=bool(at_key)))
    return None


def _read_csvs(outline: checked.Outline, paths: dict[Key, Path], tables: dict[Key, CsvTable],
               series: dict[Key, Series], smap: SourceMap, problems: list[Problem]) -> None:
    for i, ch in enumerate(outline.chapters):
        for j, slide in enumerate(ch.slides):
            for kind in ("chart", "table"):
                block = getattr(slide, kind)
                key: Key = ("chapters", i, "slides", j, kind, "csv")
                if block is None or not block.csv or key not in paths:
                    continue
                try:
                    table = read_table(paths[key], key_path(key))
                    tables[key] = table
                    if kind == "chart":
                        data = chart_series(table, key_path(key))
                        series[key] = data
                        _chart_rules(block, data, (*key[:-1],), smap, problems)
                except CsvProblem as exc:
                    problems.append(exc.problem)


def _chart_rules(chart: checked.Chart, data: Series, key: Key, smap: SourceMap,
                 problems: list[Problem]) -> None:
    """The chart-type rules (pie needs positive values, …) applied to CSV data; the model
    words what breaks them."""
    if chart_values_problem(chart.type, chart.log, data.series) is None:
        return
    from pydantic import ValidationError

    from . import model as m

    given = {f.name: getattr(chart, f.name) for f in fields(chart) if f.name != "csv"}
    try:
        m.Chart.model_validate({**given, "labels": data.labels, "series": data.series})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            _loc, msg, _ = _message(dict(err))
            problems.append(smap.problem((*key, "csv"), f"{msg} (data from the CSV file)"))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out
