"""Native, editable PowerPoint charts (part of the build stage; imports python-pptx)."""

from __future__ import annotations

from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from . import ooxml
from .charts import axis_unit
from .plan import ChartSpec, DeckPlan
from .template import Rect


    # -- native charts --------------------------------------------------------------------
def add_native_chart(slide: Any, spec: ChartSpec, box: Rect, plan: DeckPlan) -> None:
    """An editable chart with the spec's data, palette, labels and fonts."""
    kinds = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "grouped-bar":
             XL_CHART_TYPE.COLUMN_CLUSTERED, "barh": XL_CHART_TYPE.BAR_CLUSTERED,
             "stacked-bar": XL_CHART_TYPE.COLUMN_STACKED, "line": XL_CHART_TYPE.LINE_MARKERS,
             "pie": XL_CHART_TYPE.PIE, "donut": XL_CHART_TYPE.DOUGHNUT}
    data = CategoryChartData(number_format=_number_format(spec))
    data.categories = list(spec.labels)
    for name, values in spec.series:
        data.add_series(name, list(values))
    frame = slide.shapes.add_chart(kinds[spec.type], Emu(box.x), Emu(box.y), Emu(box.w),
                                   Emu(box.h), data)
    frame.name = f"Chart {spec.name}"
    chart = frame.chart
    chart.font.size = Pt(14)
    chart.font.name = plan.latin_font
    pie = spec.type in ("pie", "donut")
    single = len(spec.series) == 1
    chart.has_legend = pie or not single
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if pie else XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = _number_format(spec)
    labels.number_format_is_linked = False
    labels.font.size = Pt(13)
    if pie:
        labels.position = XL_LABEL_POSITION.CENTER if spec.type == "donut" \
            else XL_LABEL_POSITION.INSIDE_END
        labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        labels.font.bold = True
    elif spec.type == "stacked-bar":
        labels.position = XL_LABEL_POSITION.CENTER
        labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    elif spec.type != "line":
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    if spec.type in ("bar", "barh", "grouped-bar", "stacked-bar"):
        plot.gap_width = 60
        if spec.type == "stacked-bar":
            plot.overlap = 100
    palette = [RGBColor.from_string(c.lstrip("#")) for c in spec.palette]
    for j, series in enumerate(plot.series):
        if pie or (single and spec.type in ("bar", "barh")):
            for k in range(len(spec.labels)):
                point = series.points[k]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = palette[k % len(palette)]
        elif spec.type == "line":
            series.format.line.color.rgb = palette[j % len(palette)]
            series.format.line.width = Pt(2.5)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = palette[j % len(palette)]
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = palette[j % len(palette)]
    if not pie:
        va = chart.value_axis
        va.has_major_gridlines = True
        va.major_gridlines.format.line.color.rgb = RGBColor(0xE5, 0xE7, 0xEB)
        va.format.line.fill.background()
        va.tick_labels.number_format = _number_format(spec)
        va.tick_labels.number_format_is_linked = False
        unit = axis_unit(spec.unit)
        if unit:
            va.has_title = True
            va.axis_title.text_frame.text = unit
        if spec.log:
            scaling = va._element.find(qn("c:scaling"))
            log = scaling.makeelement(qn("c:logBase"), {"val": "10"})
            scaling.insert(0, log)
        chart.category_axis.format.line.color.rgb = RGBColor(0x9C, 0xA3, 0xAF)
    space = chart._chartSpace
    ooxml.positive_axis_ids(space)
    ooxml.style_text(space, latin=plan.latin_font, east_asian=plan.east_asian_font,
                     lang=plan.language)
    ooxml.chart_text_fonts(space, plan.latin_font, plan.east_asian_font,
                           plan.language)


def _number_format(spec: ChartSpec) -> str:
    values = [v for _, vs in spec.series for v in vs]
    decimals = 0 if all(abs(v - round(v)) < 1e-9 for v in values) else (
        1 if all(abs(v * 10 - round(v * 10)) < 1e-6 for v in values) else 2)
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    unit = (spec.unit or "").strip()
    if unit in ("%", "％"):
        return fmt + '"%"'
    if unit in ("倍", "×", "x"):
        return fmt + f'"{unit}"'
    return fmt
