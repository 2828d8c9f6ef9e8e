"""Native, editable bar charts (python-pptx's chart API) from the selection's chart data."""

from __future__ import annotations

import io
import re
import zipfile

from ..palette import ACCENT, INK, MUTED
from ..ooxmlzip import zip_members
from .drawingml import style_rpr
from .layouts import q


def number_format(values: list[float]) -> str:
    """Enough decimals for every value as the report writes it (303.4 → 0.0, 2.64 → 0.00)."""
    places = 0
    for v in values:
        s = f"{v:.4f}".rstrip("0").rstrip(".")
        if "." in s:
            places = max(places, len(s.split(".")[1]))
    return "#,##0" + ("." + "0" * places if places else "")


def add_bar_chart(slide, x: int, y: int, cx: int, cy: int, data, font: str, size: int = 14, colour: bool = True):
    """A clustered bar chart of *data* (:class:`briefgen.selection.charts.ChartData`) at the given box:
    categories = the figures' labels, one series = their values in the chart's unit, data labels on."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Pt

    cd = CategoryChartData(number_format=number_format(data.values))
    cd.categories = list(data.categories)
    cd.add_series(data.axis_unit, list(data.values))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, x, y, cx, cy, cd)
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format(data.values)
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(size)
    labels.font.color.rgb = RGBColor.from_string(INK)
    if colour:
        fill = plot.series[0].format.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(ACCENT)
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = False
    value_axis.visible = False
    value_axis.minimum_scale = 0
    cat = chart.category_axis
    cat.reverse_order = True  # bars top to bottom in the report's order
    cat.tick_labels.font.size = Pt(size)
    cat.tick_labels.font.color.rgb = RGBColor.from_string(MUTED)
    cat.format.line.color.rgb = RGBColor.from_string(MUTED)
    chart.font.size = Pt(size)
    _east_asian(chart, font)
    return frame


def _east_asian(chart, font: str) -> None:
    """Every text property of the chart names *font* for Latin, East Asian and complex script, lang zh-CN."""
    for rpr in chart._chartSpace.iter(q("a:defRPr"), q("a:rPr")):
        style_rpr(rpr, font, None)


def freeze_workbooks(prs, when) -> None:
    """Embedded chart workbooks stamped with *when* (XlsxWriter writes the current time into their
    properties and zip entries), so the same input gives the same bytes."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for part in prs.part.package.iter_parts():
        if part.content_type.endswith("spreadsheetml.sheet"):
            src = zipfile.ZipFile(io.BytesIO(part.blob))
            members = {name: src.read(name) for name in src.namelist()}
            if "docProps/core.xml" in members:
                members["docProps/core.xml"] = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                                      rb"\g<1>" + stamp.encode(), members["docProps/core.xml"])
            part._blob = zip_members(members, when)
