"""Native, editable PowerPoint charts (part of the build stage; imports python-pptx).

Drawn with the same rules as the pictures (charts.py): palette, number formats, bar
widths, axis steps, label placement; the data lives in the embedded workbook."""

from __future__ import annotations

import math
from typing import Any

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from . import charts, drawingml
from .deckplan import ChartSpec
from .primitives import Fonts, Rect

KINDS = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "grouped-bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
         "barh": XL_CHART_TYPE.BAR_CLUSTERED, "stacked-bar": XL_CHART_TYPE.COLUMN_STACKED,
         "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE,
         "donut": XL_CHART_TYPE.DOUGHNUT}
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


_SCRATCH: list[Any] = []


def native_chart(spec: ChartSpec, box: Rect, fonts: Fonts,
                 language: str) -> tuple[Any, bytes, bytes]:
    """An editable chart made by python-pptx on a scratch slide of its own default
    presentation (kept for the process), then taken off it: its graphic frame, the chart
    part's XML and the embedded workbook (see :mod:`deckgen.chartparts`)."""
    from pptx import Presentation

    if not _SCRATCH:
        prs = Presentation()
        _SCRATCH.append(prs.slides.add_slide(prs.slide_layouts[6]))
    slide = _SCRATCH[0]
    frame = add_native_chart(slide, spec, box, fonts, language)
    el = frame._element
    rid = el.find(f".//{qn('c:chart')}").get(qn("r:id"))
    part = slide.part.related_part(rid)
    book = part.chart_workbook.xlsx_part
    made = (el, part.blob, book.blob)
    el.getparent().remove(el)
    slide.part.drop_rel(rid)
    return made


def add_native_chart(slide: Any, spec: ChartSpec, box: Rect, fonts: Fonts,
                     language: str) -> Any:
    """An editable chart with the spec's data, palette, labels and fonts, in a box given in
    points; the graphic frame."""
    # The workbook's format: python-pptx writes it unescaped, so no "[<1]" section here.
    data = CategoryChartData(number_format=number_format(charts.label_decimals(spec),
                                                         spec.unit))
    data.categories = list(spec.labels)
    for name, values in spec.series:
        data.add_series(name, list(values))
    x, y, w, h = box.emu()
    frame = slide.shapes.add_chart(KINDS[spec.type], Emu(x), Emu(y), Emu(w), Emu(h), data)
    frame.name = f"Chart {spec.name}"
    chart = frame.chart
    chart.has_title = False  # the slide title says it; PowerPoint would show the series name
    chart.font.size = Pt(charts.FONT_PT)
    pen = charts.ink(spec)
    chart.font.color.rgb = _rgb(pen.text)
    pie = spec.type in ("pie", "donut")
    chart.has_legend = spec.type == "donut" or len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if pie else XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(charts.LEGEND_PT)
    plot = chart.plots[0]
    fills = charts.chart_colors(spec)
    colors = [_rgb(c) for c in fills]
    if pie:
        _pie(plot, spec, colors, pen, fills)
    else:
        _axes(chart, spec, box, pen)
        if spec.type == "line":
            _line(plot, spec, fills, pen)
        else:
            _bars(plot, spec, colors, box, pen, fills)
    space = chart._chartSpace
    drawingml.positive_axis_ids(space)
    drawingml.style_text(space, latin=fonts.latin, east_asian=fonts.east_asian, lang=language)
    drawingml.chart_text_fonts(space, fonts.latin, fonts.east_asian, language)
    return frame


def _labels(plot: Any, spec: ChartSpec, size: float, *, color: str,
            bold: bool = False) -> Any:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = label_format(spec)
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(size)
    labels.font.bold = bold
    labels.font.color.rgb = _rgb(color)
    return labels


def _pie(plot: Any, spec: ChartSpec, colors: list[RGBColor], pen: charts.Ink,
         fills: list[str]) -> None:
    series = plot.series[0]
    for k in range(len(spec.labels)):
        point = series.points[k]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = colors[k]
        point.format.line.color.rgb = _rgb(pen.background)
        point.format.line.width = Pt(1.5)
    if spec.type == "donut":
        # Doughnut labels take no position (PowerPoint repairs the file if one is
        # given); they sit on the ring, so white (or dark) on the colours, names in the
        # legend.
        _labels(plot, spec, charts.VALUE_PT, color=pen.on(fills, charts.VALUE_PT, True),
                bold=True)
        return
    labels = _labels(plot, spec, charts.FONT_PT, color=pen.text)
    labels.show_category_name = True
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    sep = labels._element.find(qn("c:showBubbleSize"))
    if sep is not None:
        el = etree.Element(qn("c:separator"))
        el.text = " "
        sep.addnext(el)
    plot._element.find(qn("c:varyColors")).set("val", "1")


def _bars(plot: Any, spec: ChartSpec, colors: list[RGBColor], box: Rect, pen: charts.Ink,
          fills: list[str]) -> None:
    horizontal = spec.type == "barh"
    stacked = spec.type == "stacked-bar"
    n = len(spec.series)
    plot_len = (box.h if horizontal else box.w) / 72 * charts.PLOT_SHARE
    width = charts.bar_width(spec, plot_len)
    group = width if stacked or n == 1 else width * n
    plot.gap_width = max(0, min(500, round((1 - group) / group * 100)))
    plot.overlap = 100 if stacked else 0
    if stacked:
        _labels(plot, spec, charts.SMALL_VALUE_PT, bold=True,
                color=pen.on(fills, charts.SMALL_VALUE_PT, True))
        plot.data_labels.position = XL_LABEL_POSITION.CENTER
    else:
        _labels(plot, spec, charts.VALUE_PT if n < 3 else charts.SMALL_VALUE_PT,
                color=pen.text)
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for j, series in enumerate(plot.series):
        series.invert_if_negative = False
        if n == 1:
            for k in range(len(spec.labels)):
                point = series.points[k]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = colors[k]
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colors[j]


def _line(plot: Any, spec: ChartSpec, fills: list[str], pen: charts.Ink) -> None:
    single = len(spec.series) == 1
    colors = [_rgb(c) for c in fills]
    for j, series in enumerate(plot.series):
        series.smooth = False
        series.format.line.color.rgb = colors[j]
        series.format.line.width = Pt(2.8)
        series.marker.size = 7
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = colors[j]
        series.marker.format.line.color.rgb = colors[j]
        if not single:
            # As in the picture: several lines get their last value labelled, at the end.
            label = series.points[len(spec.labels) - 1].data_label
            label.position = XL_LABEL_POSITION.RIGHT
            label.font.size = Pt(charts.VALUE_PT - 1)
            label.font.bold = True
            label.font.color.rgb = _rgb(pen.series(fills[j], charts.VALUE_PT - 1, True))
            dlbl = label._dLbl
            fmt = dlbl.makeelement(qn("c:numFmt"), {"formatCode": label_format(spec),
                                                    "sourceLinked": "0"})
            dlbl.find(qn("c:spPr")).addprevious(fmt)
    if single and len(spec.labels) <= 12:
        labels = _labels(plot, spec, charts.VALUE_PT - 1,
                         color=pen.series(fills[0], charts.VALUE_PT - 1))
        labels.position = XL_LABEL_POSITION.ABOVE


def _axes(chart: Any, spec: ChartSpec, box: Rect, pen: charts.Ink) -> None:
    va, ca = chart.value_axis, chart.category_axis
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = _rgb(pen.grid)
    va.major_gridlines.format.line.width = Pt(0.75)
    va.format.line.fill.background()
    for axis in (va, ca):
        axis.major_tick_mark = axis.minor_tick_mark = XL_TICK_MARK.NONE
    va.tick_labels.font.size = Pt(charts.TICK_PT)
    va.tick_labels.font.color.rgb = _rgb(pen.muted)
    ca.tick_labels.font.size = Pt(charts.TICK_PT + 1)
    ca.format.line.color.rgb = _rgb(pen.axis)
    ca.tick_labels.font.color.rgb = _rgb(pen.tick)
    ca.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    va.tick_labels.number_format_is_linked = False
    if spec.log:
        va.tick_labels.number_format = log_axis_format(spec)
        scaling = va._element.find(qn("c:scaling"))
        scaling.insert(0, scaling.makeelement(qn("c:logBase"), {"val": "10"}))
        va.minimum_scale = charts.log_floor(spec)
    else:
        lo = charts.value_range(spec)[0]
        step = charts.value_step(spec)
        va.major_unit = step
        va.tick_labels.number_format = number_format(charts.decimals([step], 3), spec.unit)
        if spec.type != "line" or lo >= 0:
            va.minimum_scale = math.floor(lo / step) * step
    if spec.type == "barh":
        # First category on top, as in the picture, with the value axis kept below.
        ca.reverse_order = True
        # c:crosses on the value axis: where it crosses the categories (python-pptx only
        # exposes the other direction).
        va._element.find(qn("c:crosses")).set("val", "max")
    title = charts.axis_title(spec)
    if title:
        _axis_title(va, title, spec.type == "barh", pen.muted)


def _axis_title(axis: Any, text: str, horizontal: bool, color: str) -> None:
    axis.has_title = True
    tf = axis.axis_title.text_frame
    tf.text = text
    run = tf.paragraphs[0].runs[0]
    run.font.size = Pt(charts.FONT_PT)
    run.font.bold = False
    run.font.color.rgb = _rgb(color)
    if not horizontal:
        # Upright, not turned sideways: Chinese set sideways is hard to read.
        body = axis.axis_title._title.find(qn("c:tx")).find(qn("c:rich")).find(qn("a:bodyPr"))
        body.set("rot", "0")
        body.set("vert", "horz")
        # Top left, above the value axis, where the picture puts it too.
        layout = axis.axis_title._title.find(qn("c:layout"))
        manual = etree.SubElement(layout, qn("c:manualLayout"))
        for tag, val in (("c:xMode", "edge"), ("c:yMode", "edge"), ("c:x", "0"),
                         ("c:y", "0")):
            etree.SubElement(manual, qn(tag)).set("val", val)


def number_format(places: int, unit: str | None) -> str:
    """An Excel number format: thousands separators, fixed decimals, short unit."""
    fmt = "#,##0" + ("." + "0" * places if places else "")
    suffix = charts.unit_suffix(unit)
    return fmt + (f'"{suffix}"' if suffix else "")


def label_format(spec: ChartSpec) -> str:
    """The value labels' format, as charts.format_value writes them."""
    fmt = number_format(charts.label_decimals(spec), spec.unit)
    if spec.log and any(v < 1 for _, vs in spec.series for v in vs):
        return f"[<1]0.0##{_suffix(spec)};{fmt}"
    return fmt


def log_axis_format(spec: ChartSpec) -> str:
    """Decade ticks: 0.01, 0.1, 1, 10, 1,000."""
    return f"[<1]0.0##{_suffix(spec)};#,##0{_suffix(spec)}"


def _suffix(spec: ChartSpec) -> str:
    s = charts.unit_suffix(spec.unit)
    return f'"{s}"' if s else ""
