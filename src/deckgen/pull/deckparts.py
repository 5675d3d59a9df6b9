"""What a returned deck's slide holds beyond its texts: native charts' data, pictures
(a hash of their bytes and their place), footers, and how each paragraph is formatted.

A chart's numbers are read from the chart part's caches (c:tx, c:cat, c:val), which is
what every viewer draws and what both PowerPoint and LibreOffice write when the data is
edited; the embedded workbook (PowerPoint's Edit Data) is read too when there is one, and a
workbook that disagrees with the chart is reported, the chart's own values winning
(LibreOffice drops the workbook when it saves)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import field
from typing import Any

from ..frozen import frozen
from ..opc import targets as _rels
from ..safezip import parse_xml
from . import workbook
from .deckxml import _A, _NS, _P, _para_text, _ph_type

_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_R_ID = f"{{{_NS['r']}}}id"
_R_EMBED = f"{{{_NS['r']}}}embed"
_FURNITURE = {"ftr", "sldNum", "dt"}
MAX_CHART_POINTS = 10_000
"""Categories or values read per chart at most (a chart part claiming more is damaged)."""

Box = tuple[int, int, int, int]


@frozen
class DeckChart:
    """A native chart as the deck has it: labels, series (name, values; None for a blank
    point), its box, and what its embedded workbook says differently ("" when it agrees
    or there is none)."""

    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    box: Box | None
    workbook: str = ""


@frozen
class DeckPicture:
    """A picture: a hash of its bytes and its box."""

    digest: str
    box: Box | None


@frozen
class Run:
    """The formatting a run states itself (None: left to its placeholder or master)."""

    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    strike: bool | None = None
    size: float | None = None
    color: str | None = None  # "RRGGBB", or "scheme:accent1" and the like
    latin: str | None = None
    east_asian: str | None = None


@frozen
class Formatted:
    """A paragraph's text (a table cell's, for a cell) and its formatting."""

    text: str
    align: str | None
    runs: tuple[Run, ...]


@frozen
class SlideParts:
    """A slide's charts, pictures, footers and formatted paragraphs, in tree order."""

    charts: tuple[DeckChart, ...] = ()
    pictures: tuple[DeckPicture, ...] = ()
    footers: tuple[str, ...] = ()
    paragraphs: tuple[Formatted, ...] = field(default=())


def read_slide(z: Any, part: str, root: Any) -> SlideParts:
    """The parts of a slide beyond its texts (`root`: the slide part's parsed XML)."""
    tree = root.find(f"{_P}cSld/{_P}spTree")
    if tree is None:
        return SlideParts()
    rels = _rels(z, part)
    charts, pictures, footers, paras = [], [], [], []
    for el in _shapes(tree):
        tag = el.tag
        if tag == _P + "pic":
            blip = el.find(f"{_P}blipFill/{_A}blip")
            target = rels.get(blip.get(_R_EMBED) or "") if blip is not None else None
            pictures.append(DeckPicture(_digest(z, target), _box(el.find(f"{_P}spPr/{_A}xfrm"))))
        elif tag == _P + "graphicFrame":
            chart = el.find(f"{_A}graphic/{_A}graphicData/{_C}chart")
            if chart is not None:
                target = rels.get(chart.get(_R_ID) or "")
                if target is not None:
                    charts.append(_chart(z, target, _box(el.find(f"{_P}xfrm"))))
            for tc in el.iter(_A + "tc"):
                body = tc.find(_A + "txBody")
                if body is not None:
                    ps = list(body.iter(_A + "p"))
                    paras.append(Formatted("\n".join(_para_text(p) for p in ps),
                                           _align(ps[0]) if ps else None,
                                           tuple(r for p in ps for r in _runs(p))))
        elif tag == _P + "sp":
            body = el.find(_P + "txBody")
            if body is None:
                continue
            kind = _ph_type(el)
            if kind == "ftr":
                footers.append("\n".join(_para_text(p) for p in body.iter(_A + "p")))
            if kind in _FURNITURE:
                continue
            paras.extend(Formatted(_para_text(p), _align(p), tuple(_runs(p)))
                         for p in body.iter(_A + "p"))
    return SlideParts(tuple(charts), tuple(pictures), tuple(footers), tuple(paras))


def _shapes(tree: Any) -> Iterator[Any]:
    for el in tree:
        if el.tag == _P + "grpSp":
            yield from _shapes(el)
        else:
            yield el


def _box(xfrm: Any) -> Box | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find(_A + "off"), xfrm.find(_A + "ext")
    try:
        return (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
    except (AttributeError, TypeError, ValueError):
        return None


def _digest(z: Any, part: str | None) -> str:
    if part is None:
        return ""
    try:
        h = hashlib.sha1()
        for chunk in z.chunks(part) if hasattr(z, "chunks") else [z.read(part)]:
            h.update(chunk)  # a picture a chunk at a time (safezip.Package)
        return h.hexdigest()[:16]
    except KeyError:
        return ""


# -------------------------------------------------------------------- formatting


def _flag(v: str | None) -> bool | None:
    return None if v is None else v.lower() in ("1", "true", "on")


def _runs(p: Any) -> Iterator[Run]:
    """The formatting of each run of a paragraph that shows anything but spaces."""
    for el in p:
        if el.tag not in (_A + "r", _A + "fld"):
            continue
        text = "".join(t.text or "" for t in el.iter(_A + "t"))
        if not text.strip():
            continue
        rpr = el.find(_A + "rPr")
        if rpr is None:
            yield Run()
            continue
        sz = rpr.get("sz")
        u, strike = rpr.get("u"), rpr.get("strike")
        fonts = {t: (f.get("typeface") if (f := rpr.find(_A + t)) is not None else None)
                 for t in ("latin", "ea")}
        yield Run(_flag(rpr.get("b")), _flag(rpr.get("i")),
                  None if u is None else u != "none",
                  None if strike is None else strike != "noStrike",
                  int(sz) / 100 if sz and sz.isdigit() else None, _color(rpr),
                  fonts["latin"], fonts["ea"])


def _color(rpr: Any) -> str | None:
    fill = rpr.find(_A + "solidFill")
    if fill is None or not len(fill):
        return None
    c = fill[0]
    if c.tag == _A + "srgbClr":
        return (c.get("val") or "").upper()
    return f"{c.tag.rsplit('}', 1)[-1].removesuffix('Clr')}:{c.get('val', '')}"


def _align(p: Any) -> str | None:
    ppr = p.find(_A + "pPr")
    return None if ppr is None else ppr.get("algn")


# -------------------------------------------------------------------- charts


def _chart(z: Any, part: str, box: Box | None) -> DeckChart:
    from lxml import etree

    try:
        root = parse_xml(z.read(part))
    except (KeyError, etree.XMLSyntaxError):
        return DeckChart((), (), box, "the chart part cannot be read")
    plot = root.find(f"{_C}chart/{_C}plotArea")
    sers = [] if plot is None else [s for g in plot if g.tag.endswith("Chart")
                                    for s in g.findall(_C + "ser")]
    labels: tuple[str, ...] = ()
    series = []
    refs = []
    for i, ser in enumerate(sers):
        name, name_ref = _text_of(ser.find(_C + "tx"))
        cats, cat_ref = _points(ser.find(_C + "cat"))
        vals, val_ref = _points(ser.find(_C + "val"))
        if i == 0:
            labels = tuple("" if v is None else v for v in cats)
        series.append((name, tuple(_number(v) for v in vals)))
        refs.append((name_ref, cat_ref, val_ref))
    said = workbook.disagreement(z, part, labels, tuple(series), refs)
    return DeckChart(labels, tuple(series), box, said)


def _text_of(tx: Any) -> tuple[str, str]:
    """A series name from its c:tx (the cache, or a literal) and its formula."""
    if tx is None:
        return "", ""
    ref = tx.find(_C + "strRef")
    if ref is not None:
        f = ref.findtext(_C + "f") or ""
        return "".join(v.text or "" for v in ref.iter(_C + "v")), f
    return tx.findtext(_C + "v") or "", ""


def _points(el: Any) -> tuple[list[str | None], str]:
    """The cached points of a c:cat or c:val (by their idx; None where one is missing)
    and its formula."""
    if el is None or not len(el):
        return [], ""
    ref = el[0]
    f = ref.findtext(_C + "f") or ""
    cache = next((c for c in ref.iter() if c.tag in (
        _C + "strCache", _C + "numCache", _C + "strLit", _C + "numLit", _C + "lvl")), ref)
    count_el = cache.find(_C + "ptCount")
    try:
        count = int(count_el.get("val")) if count_el is not None else 0
    except (TypeError, ValueError):
        count = 0
    pts: dict[int, str] = {}
    for pt in cache.findall(_C + "pt"):
        try:
            idx = int(pt.get("idx", ""))
        except ValueError:
            continue
        if 0 <= idx < MAX_CHART_POINTS:
            pts[idx] = pt.findtext(_C + "v") or ""
    n = min(max([count, *(i + 1 for i in pts)]), MAX_CHART_POINTS)
    return [pts.get(i) for i in range(n)], f


def _number(v: str | None) -> float | None:
    if v is None or not v.strip():
        return None
    try:
        return float(v)
    except ValueError:
        return None
