"""Chart data: groups of comparable figures (same kind and unit, three or more) taken from the model as it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Indicator

#: What a chart may plot: exact figures (a 超/不少于/范围 figure is not a bar length).
PLOTTABLE = ("exact", "about")
MIN_VALUES, MAX_VALUES = 3, 6
#: Largest ratio between the largest and smallest bar: beyond it the small bars cannot be read.
MAX_SPREAD = 100
#: The scale a chart's axis is written in, largest first: (factor, prefix as the report writes it).
SCALES = ((100000000, "亿"), (10000, "万"), (1, ""))


@dataclass
class ChartData:
    """One bar chart: categories (the indicators' labels), values in *scale*, and the indicators themselves."""

    title: str
    unit: str  #: the unit as the model gives it (人次, 家, 元 …)
    kind: str
    indicators: list[Indicator] = field(default_factory=list)
    scale: int = 1
    area: object = None  #: the AreaView the figures belong to (None: from the whole report)

    @property
    def axis_unit(self) -> str:
        """The unit of the plotted numbers: 万人次 when values are in 万."""
        return dict((f, p) for f, p in SCALES)[self.scale] + self.unit

    @property
    def categories(self) -> list[str]:
        return [i.label for i in self.indicators]

    @property
    def values(self) -> list[float]:
        """Each indicator's model value in the chart's scale (1.07亿元 → 1.07 when the scale is 亿)."""
        return [scaled(i.value, self.scale) for i in self.indicators]


def scaled(value: float, scale: int) -> float:
    """*value* divided by *scale*, rounded to what the report can have written (at most 4 decimals)."""
    return round(float(value) / scale, 4)


def pick_scale(values: list[float]) -> int:
    """The largest scale (亿, 万, 1) in which the smallest value is still at least 1."""
    low = min(values)
    for factor, _ in SCALES:
        if low >= factor:
            return factor
    return 1


#: Units that are ratios (a growth rate and a share are not one measure): never charted together.
RATIOS = ("%", "‰", "倍", "个百分点")


def _plottable(i: Indicator) -> bool:
    return i.unit not in RATIOS and not i.excluded and i.qualifier in PLOTTABLE and i.kind in ("result", "target") and float(i.value) > 0


def comparable(indicators: list[Indicator]) -> list[list[Indicator]]:
    """Groups of figures a bar chart may compare: same kind, same unit, same section (figures of one
    topic, not counts from unrelated passages), distinct labels, three or more (the first of a repeated
    label is kept), in the report's order, at most MAX_VALUES (the largest)."""
    groups: dict[tuple[str, str, str | None], list[Indicator]] = {}
    for i in indicators:
        if not _plottable(i):
            continue
        g = groups.setdefault((i.kind, i.unit, i.section), [])
        if all(x.label != i.label for x in g):
            g.append(i)
    out = []
    for g in groups.values():
        if len(g) < MIN_VALUES or max(float(i.value) for i in g) > MAX_SPREAD * min(float(i.value) for i in g):
            continue
        if len(g) > MAX_VALUES:
            keep = sorted(g, key=lambda i: -float(i.value))[:MAX_VALUES]
            g = [i for i in g if i in keep]
        out.append(g)
    return out


def chart_for(group: list[Indicator], area=None) -> ChartData:
    kind, unit = group[0].kind, group[0].unit
    scale = pick_scale([float(i.value) for i in group])
    data = ChartData("", unit, kind, list(group), scale, area)
    where = f"{area.name}：" if area is not None else ""
    data.title = f"{where}{'主要数据' if kind == 'result' else '目标'}（{data.axis_unit}）"
    return data


def area_charts(areas: list, limit: int = 2) -> list[ChartData]:
    """Up to *limit* charts, one per keyword area at most: each area's largest comparable group, the
    areas with the most comparable figures first (then in the report's order)."""
    found = []
    for n, area in enumerate(areas):
        groups = comparable(area.indicators)
        if groups:
            best = max(groups, key=len)
            found.append((-len(best), n, chart_for(best, area)))
    return [c for *_, c in sorted(found, key=lambda t: t[:2])[:limit]]


def report_chart(indicators: list[Indicator]) -> ChartData | None:
    """One chart across the whole report when no area has comparable figures of its own."""
    groups = comparable(indicators)
    return chart_for(max(groups, key=len)) if groups else None
