"""A native chart's data read from its chart part (the values cached in the XML), as an
outline ``chart:`` mapping: type, labels and series."""

from __future__ import annotations

from typing import Any

_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
MAX_CHART_XML = 5 * 1024 * 1024


def _points(el: Any) -> list[str] | None:
    """The cached points of a c:cat / c:val / c:tx element, by index; None when a point
    is missing."""
    if el is None:
        return None
    cache = next((c for c in el.iter(_C + "strCache", _C + "numCache", _C + "strLit",
                                     _C + "numLit")), None)
    if cache is None:
        v = el.find(f".//{_C}v")
        return [v.text or ""] if v is not None else None
    count = cache.find(_C + "ptCount")
    pts = {}
    for pt in cache.iter(_C + "pt"):
        v = pt.find(_C + "v")
        try:
            pts[int(pt.get("idx", "-1"))] = (v.text or "") if v is not None else ""
        except ValueError:
            return None
    n = int(count.get("val", "0")) if count is not None else len(pts)
    if sorted(pts) != list(range(n)):
        return None
    return [pts[i] for i in range(n)]


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def chart_data(xml: bytes | None) -> dict[str, Any] | str:
    """The chart's type, labels and series; or why they cannot be read."""
    from lxml import etree

    if xml is None:
        return "its chart part is missing"
    if len(xml) > MAX_CHART_XML:
        return "its chart part is too large"
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return "its chart part is damaged"
    plot = root.find(f"{_C}chart/{_C}plotArea")
    kinds = [el for el in (plot if plot is not None else ()) if el.tag.endswith("Chart")]
    if len(kinds) != 1:
        return "it is not one chart of one type"
    el = kinds[0]
    tag = el.tag[len(_C):]
    series = el.findall(_C + "ser")
    if tag == "barChart":
        flat = el.find(_C + "barDir")
        grouping = el.find(_C + "grouping")
        stacked = grouping is not None and "tacked" in (grouping.get("val") or "")
        if flat is not None and flat.get("val") == "bar":
            kind = "barh"
        else:
            kind = "stacked-bar" if stacked else "grouped-bar" if len(series) > 1 else "bar"
    else:
        kind = {"lineChart": "line", "pieChart": "pie", "doughnutChart": "donut"}.get(tag, "")
    if not kind or not series:
        return f"a {tag} has no outline chart type"
    labels = _points(series[0].find(_C + "cat"))
    if not labels:
        return "its categories cannot be read"
    out: dict[str, list[float | int]] = {}
    for n, ser in enumerate(series, 1):
        name = (_points(ser.find(_C + "tx")) or [f"Series {n}"])[0] or f"Series {n}"
        values = _points(ser.find(_C + "val"))
        if values is None or len(values) != len(labels):
            return f"series '{name}' has no value for every category"
        try:
            out[name] = [_number(v) for v in values]
        except ValueError:
            return f"series '{name}' has a value that is not a number"
    return {"type": kind, "labels": labels, "series": out}
