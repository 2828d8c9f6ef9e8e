"""Slide selection: the deck's slides — agenda, 数字速览, per keyword area its results and next steps kept
apart (two columns, or two slides when either is long), charts of comparable figures, closing — with the
source sentences of every bullet as speaker notes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..model import Brief, Indicator
from ..renderers.palette import COLOURS
from ..text.markdown import md_escape
from .bullets import MIN_BULLETS, area_bullets
from .charts import ChartData, area_charts, report_chart
from .condense import Bullet

CONTINUED = "（续）"
RESULTS, NEXT = "主要成效", "下一步"
#: Bullets per column on a two-column slide (MIN_BULLETS: fewer on a slide reads as nearly empty).
COLUMN_MAX = 4
HEADLINE_FIGURES = 6
_NEXT_KINDS = ("target",)


@dataclass
class Column:
    header: str  #: 主要成效 or 下一步
    bullets: list[Bullet]


@dataclass
class Slide:
    """One area slide as the template sees it: a list (``layout`` "list"), results and next steps side by
    side ("columns"), or a chart with the figures it plots ("chart")."""

    title: str  #: Markdown-escaped title
    plain_title: str
    bullets: list[Bullet]
    area: object = None  #: the AreaView
    part: int = 1
    parts: int = 1
    notes: list[str] = field(default_factory=list)  #: the full source sentences of the bullets, once each
    layout: str = "list"
    columns: list[Column] = field(default_factory=list)
    chart: ChartData | None = None
    chart_index: int = -1  #: position of ``chart`` in ``charts`` (the .pptx draws it from there)
    areas: list = field(default_factory=list)  #: the areas it shows (more than one when small areas share)
    trimmed: str = ""  #: on an area's first slide: what the slide budget left out (a warning)

    @property
    def continued(self) -> bool:
        return self.part > 1


@dataclass
class Tile:
    """One headline figure of 数字速览: the figure as written, what it counts, where it belongs."""

    figure: str
    label: str
    context: str  #: the keyword area (or part) it belongs to, and 完成 / 目标
    indicator: Indicator

    @property
    def markup(self) -> str:
        return md_escape(self.figure)

    @property
    def label_md(self) -> str:
        return md_escape(self.label)

    @property
    def context_md(self) -> str:
        return md_escape(self.context)


def _settings(cfg) -> tuple[int, int]:
    if cfg is None:
        return 6, 30
    return max(MIN_BULLETS, cfg.slides.max_bullets), max(8, cfg.slides.max_chars)


def is_next_step(b: Bullet) -> bool:
    return b.kind in _NEXT_KINDS or b.kind == "plan"


def _units(bullets: list[Bullet]) -> list[list[Bullet]]:
    """Bullets that must stay on one slide: those of one source sentence, and a 其中… with the one before."""
    units: list[list[Bullet]] = []
    for b in bullets:
        if units and (b.text.startswith("其中") or (b.sources and b.sources[:1] == units[-1][-1].sources[:1])):
            units[-1].append(b)
        else:
            units.append([b])
    return units


def chunks(bullets: list[Bullet], most: int) -> list[list[Bullet]]:
    """*bullets* shared out over as few slides as hold at most *most* each, as evenly as the units allow
    (largest slide smallest, then smallest slide largest); a unit is split only when it alone is over
    *most* (a sentence with more figures than a slide holds)."""
    units: list[list[Bullet]] = []
    for u in _units(bullets):
        k = math.ceil(len(u) / most)
        size = math.ceil(len(u) / k)
        units.extend(u[i:i + size] for i in range(0, len(u), size))
    n = len(units)
    if not n:
        return []
    pre = [0]
    for u in units:
        pre.append(pre[-1] + len(u))
    for k in range(max(1, math.ceil(pre[-1] / most)), n + 1):
        # best[j][i]: (largest, -smallest) of the best split of the first i units into j slides
        best: list[dict[int, tuple]] = [{0: (0, -10 ** 9, None)}]
        for j in range(1, k + 1):
            row: dict[int, tuple] = {}
            for i in range(j, n - (k - j) + 1):
                for h, (big, small, _) in best[j - 1].items():
                    if h >= i:
                        continue
                    size = pre[i] - pre[h]
                    cand = (max(big, size), max(small, -size), h)
                    if i not in row or cand[:2] < row[i][:2]:
                        row[i] = cand
            best.append(row)
        if n in best[k] and best[k][n][0] <= most:
            cuts, i = [], n
            for j in range(k, 0, -1):
                h = best[j][i][2]
                cuts.append((h, i))
                i = h
            return [[b for u in units[h:i] for b in u] for h, i in reversed(cuts)]
    return [[b for u in units for b in u]]


def _notes(bullets: list[Bullet]) -> list[str]:
    notes: list[str] = []
    for b in bullets:
        for s in b.sources:
            s = _note_safe(s)
            if s not in notes:
                notes.append(s)
    return notes


def _slide(title: str, bullets: list[Bullet], area, **kw) -> Slide:
    return Slide(md_escape(title), title, bullets, area, notes=_notes(bullets), **kw)


#: Slides one side (results or next steps) of one area may fill; a deck is presented, not read.
SLIDES_PER_SIDE = 2


def budget(side: list[Bullet], most: int) -> tuple[list[Bullet], int]:
    """At most *most* bullets of one side, in their order: whole units (a sentence's bullets stay together),
    those with figures first, then the area's own points; returns them and how many were left out."""
    if len(side) <= most:
        return side, 0
    units = _units(side)
    ranked = sorted(range(len(units)), key=lambda k: (not any(b.figures for b in units[k]), k))
    keep, n = set(), 0
    for k in ranked:
        if n + len(units[k]) <= most:
            keep.add(k)
            n += len(units[k])
    kept = [b for k in sorted(keep) for b in units[k]]
    return kept, len(side) - len(kept)


def _side(side: list[Bullet], max_bullets: int) -> tuple[list[Bullet], int]:
    """:func:`budget` of one side so that it fills at most SLIDES_PER_SIDE slides, also when a sentence's
    bullets, kept together, leave a slide short."""
    most = SLIDES_PER_SIDE * max_bullets
    kept, cut = budget(side, most)
    while most > 1 and len(chunks(kept, max_bullets)) > SLIDES_PER_SIDE:
        most -= 1
        kept, cut = budget(side, most)
    return kept, cut


def area_slides(area, bullets: list[Bullet], max_bullets: int, name: str = "") -> list[Slide]:
    """An area's results and next steps: side by side when both are short, else on their own slides;
    a short side (under MIN_BULLETS) shares a two-column slide with the last part of the other, so no
    slide is nearly empty. *name*: the slides' title (default the area's name)."""
    name = name or area.name
    done, cut_done = _side([b for b in bullets if not is_next_step(b)], max_bullets)
    todo, cut_todo = _side([b for b in bullets if is_next_step(b)], max_bullets)
    trimmed = "" if not (cut_done or cut_todo) else (
        f"keyword area {name!r} shows {len(done) + len(todo)} of {len(done) + len(todo) + cut_done + cut_todo} "
        f"bullets (at most {SLIDES_PER_SIDE} slides each for results and next steps; figures first); "
        "report.yaml keeps the rest")
    slides = _area_slides(area, done, todo, max_bullets, name)
    if slides:
        slides[0].trimmed = trimmed
    return slides


def _area_slides(area, done: list[Bullet], todo: list[Bullet], max_bullets: int, name: str) -> list[Slide]:
    if done and todo and len(done) <= COLUMN_MAX and len(todo) <= COLUMN_MAX:
        return [_slide(name, done + todo, area, layout="columns",
                       columns=[Column(RESULTS, done), Column(NEXT, todo)])]
    out: list[Slide] = []
    short = min((done, todo), key=len)
    if short and len(short) < MIN_BULLETS:
        long_ = todo if short is done else done
        parts = chunks(long_, max_bullets)
        tail = parts.pop()
        if len(tail) > COLUMN_MAX + 1 and len(tail) - COLUMN_MAX >= MIN_BULLETS:
            parts.append(tail[:-COLUMN_MAX])
            tail = tail[-COLUMN_MAX:]
        head = NEXT if long_ is todo else RESULTS
        for k, c in enumerate(parts):
            out.append(_slide(f"{name}：{head}" + (CONTINUED if k else ""), c, area))
        cols = [Column(RESULTS, tail if long_ is done else short), Column(NEXT, short if long_ is done else tail)]
        out.append(_slide(name, cols[0].bullets + cols[1].bullets, area, layout="columns", columns=cols))
        return _number(out)
    for head, side in ((RESULTS, done), (NEXT, todo)):
        for k, c in enumerate(chunks(side, max_bullets) if side else []):
            out.append(_slide(f"{name}：{head}" + (CONTINUED if k else ""), c, area))
    return _number(out)


def _number(slides: list[Slide]) -> list[Slide]:
    for k, s in enumerate(slides, 1):
        s.part, s.parts = k, len(slides)
    return slides


def _chart_slide(chart: ChartData, index: int) -> Slide:
    """A chart and, beside it, its figures in words (label and figure as the report writes them)."""
    bullets = [Bullet(f"{i.label}：{i.display}", [i.sentence] if i.sentence else [], [i.display], i.kind)
               for i in chart.indicators]
    slide = _slide(chart.title, bullets, chart.area, layout="chart", chart=chart, chart_index=index)
    slide.areas = [chart.area] if chart.area is not None else []
    return slide


#: Most keyword areas one run of slides may share (their names make its title).
MAX_SHARED = 3


def merged(areas: list, bullets: list[list[Bullet]]) -> list[list[tuple[object, list[Bullet]]]]:
    """Areas in order; an area with fewer than MIN_BULLETS bullets shares the slides of the area before
    it (the first such area those of the next), so no slide is nearly empty and the order holds."""
    groups: list[list[tuple[object, list[Bullet]]]] = []
    carry: list[tuple[object, list[Bullet]]] = []
    for a, bs in zip(areas, bullets):
        if len(bs) < MIN_BULLETS and groups and not carry and len(groups[-1]) < MAX_SHARED:
            groups[-1].append((a, bs))
            continue
        carry.append((a, bs))
        if sum(len(x) for _, x in carry) >= MIN_BULLETS:
            groups.append(carry)
            carry = []
    if carry:
        if groups:
            groups[-1].extend(carry)
        else:
            groups.append(carry)
    return groups


def _area_of(ind: Indicator, areas: list) -> object | None:
    return next((a for a in areas if any(i is ind for i in a.indicators)), None)


def headline_tiles(brief: Brief, context: dict, n: int = HEADLINE_FIGURES) -> list[Tile]:
    """数字速览: the briefing's headline figures (the PDF's and the Word summary's), each labelled to read
    alone and, below, its area and 完成 / 目标."""
    from .briefing import headline

    tiles = []
    for f in headline(brief, n):
        area = _area_of(f.indicator, context["areas"])
        where = area.name if area is not None else ""
        ctx = "　".join(x for x in (where, f.kind_cn) if x)
        tiles.append(Tile(f.indicator.display, f.plain_label or f.indicator.label, ctx, f.indicator))
    return tiles


def build_slides(brief: Brief, context: dict, max_bullets: int = 6, max_chars: int = 30) -> tuple[list[Slide], list[ChartData]]:
    """The area slides in order (each area's results and next steps, then its chart) and the charts."""
    areas = context["areas"]
    charts = area_charts(areas)
    if not charts:
        whole = report_chart(context["indicators"])
        charts = [whole] if whole is not None else []
    slides: list[Slide] = []
    for group in merged(areas, [area_bullets(a, brief, max_chars) for a in areas]):
        names = "、".join(a.name for a, _ in group)
        bullets = [b for _, bs in group for b in bs]
        made = area_slides(group[0][0], bullets, max_bullets, names)
        for s in made:
            s.areas = [a for a, bs in group if any(b in s.bullets for b in bs)] or [group[0][0]]
            if len(group) > 1:  # a shared slide names only the areas it shows
                shown = "、".join(a.name for a in s.areas)
                s.plain_title = shown + s.plain_title[len(names):]
                s.title = md_escape(s.plain_title)
        slides.extend(made)
        for a, _ in group:
            for n, c in enumerate(charts):
                if c.area is a:
                    slides.append(_chart_slide(c, n))
    for n, c in enumerate(charts):
        if c.area is None:
            slides.append(_chart_slide(c, n))
    return slides, charts


def _note_safe(s: str) -> str:
    """A sentence that can sit inside an HTML comment (no '-->', no line breaks)."""
    return " ".join(s.split()).replace("-->", "—>").replace("<!--", "<!—")


def agenda(context: dict, tiles: list[Tile]) -> list[str]:
    """The agenda: 数字速览 when there are headline figures, then the keyword areas (plain text)."""
    return (["数字速览"] if tiles else []) + [a.name for a in context["areas"]]


def unshown(context: dict) -> list[str]:
    """Warnings for the keyword areas no slide shows (an area with nothing to say on a slide)."""
    shown = {id(a) for s in context.get("slides", []) for a in (s.areas or [s.area])}
    return [f"keyword area {a.name!r} has no points, figures or short sentences for the slides; it is only "
            "in the agenda" for a in context["areas"] if id(a) not in shown] + \
        [s.trimmed for s in context.get("slides", []) if s.trimmed]


def slide_context(brief: Brief, context: dict, cfg=None) -> dict:
    """The template context plus ``slides`` (area slides, :class:`Slide`), ``charts``, ``tiles``
    (数字速览), ``agenda`` and ``deck_date``; *cfg* None = default budgets. ``briefgen templates check``
    needs it too, so a customised slides.md.j2 is linted with these variables."""
    max_bullets, max_chars = _settings(cfg)
    slides, charts = build_slides(brief, context, max_bullets, max_chars)
    tiles = headline_tiles(brief, context)
    r = context["report"]
    date = r.date_text or r.date or ""  # never the build date: a deck dated today misdates the report
    sub = r.subtitle or ""
    meta = "　".join(x for x in (context["organisation"], r.meeting, date) if x and x not in sub)
    lines = [x for x in (sub, meta) if x]
    cover = {"title": md_escape(r.title), "lines": [md_escape(x) for x in lines]}
    closing = {"title": "谢　谢", "lines": [md_escape(x) for x in (context["organisation"], date) if x]}
    return dict(context, slides=slides, charts=charts, tiles=tiles, palette=COLOURS, cover=cover, closing=closing,
                agenda=[md_escape(x) for x in agenda(context, tiles)], deck_date=date)
