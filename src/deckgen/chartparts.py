"""Native charts as the parts a deck holds (graphic frame, chart XML, embedded workbook),
kept in the cache by everything they depend on, so a rebuild with unchanged native
charts imports neither python-pptx nor xlsxwriter (:mod:`deckgen.native_chart` makes
them). A kept entry is checked before use: a damaged or foreign one is made again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from lxml import etree

from . import __version__, installed, shelf
from .deckplan import ChartSpec
from .frozen import frozen
from .ns import qn
from .package import parse, serialize
from .primitives import Fonts, Rect

FORMAT = 1
"""Bump when native_chart.py changes what it makes."""


@frozen
class NativeChart:
    """A native chart apart from the deck: its graphic frame (a tree of its own, its chart
    relationship id still to be set), the chart part's XML and the workbook's bytes."""

    frame: Any
    chart_xml: bytes
    workbook: bytes


def key(spec: ChartSpec, box: Rect, fonts: Fonts, language: str) -> str:
    """Hash of everything a native chart's parts depend on."""
    blob = json.dumps({"spec": asdict(spec), "box": asdict(box), "fonts": asdict(fonts),
                       "language": language, "deckgen": __version__, "format": FORMAT,
                       "python-pptx": installed.version("pptx", dist="python-pptx"),
                       "xlsxwriter": installed.version("xlsxwriter", dist="XlsxWriter"),
                       "lxml": etree.__version__}, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _references(root: Any) -> list[str]:
    """Every relationship id an element below `root` names."""
    return [v for el in root.iter() if isinstance(el.tag, str)
            for k, v in el.attrib.items() if k.startswith(_R)]


def _workbook(book: bytes) -> bool:
    """Whether bytes are a workbook as xlsxwriter writes one (a zip with a workbook part,
    no macros)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(book)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "xl/workbook.xml" in names and not any("vba" in n.lower() for n in names)


def _usable(frame: bytes, chart: bytes, book: bytes) -> NativeChart | None:
    """The parts, when they are what native_chart.py makes: a graphic frame naming only its
    chart, a chart naming only its workbook (rId1), a workbook without macros. A cache
    entry is a file on disk like any other."""
    try:
        el, space = parse(frame), parse(chart)
    except etree.XMLSyntaxError:
        return None
    charts = el.findall(f".//{qn('c:chart')}")
    if (el.tag != qn("p:graphicFrame") or len(charts) != 1 or len(_references(el)) != 1
            or space.tag != qn("c:chartSpace") or set(_references(space)) - {"rId1"}
            or not _workbook(book)):
        return None
    return NativeChart(el, chart, book)


def native(spec: ChartSpec, box: Rect, fonts: Fonts, language: str,
           cache_dir: Path | None) -> NativeChart:
    """A native chart's parts: kept ones when the cache has them, else made (and kept)."""
    k = key(spec, box, fonts, language)
    found = shelf.get_record(cache_dir, "native", k, ("frame", "chart", "book"))
    if found is not None:
        _, blobs = found
        kept = _usable(blobs["frame"], blobs["chart"], blobs["book"])
        if kept is not None:
            return kept
    from .native_chart import native_chart  # python-pptx and xlsxwriter

    frame, chart, book = native_chart(spec, box, fonts, language)
    # the frame leaves python-pptx's scratch slide as bytes, read again, so a made chart
    # and a kept one are the same tree
    made = _usable(serialize(frame), chart, book)
    if made is None:  # pragma: no cover - python-pptx made something else
        raise ValueError(f"python-pptx made an unexpected native chart '{spec.name}'")
    shelf.put_record(cache_dir, "native", k, {}, {"frame": serialize(frame), "chart": chart,
                                                  "book": book})
    return made
