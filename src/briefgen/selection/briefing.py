"""The briefing: what the Word summary and the one-page PDF show, chosen once from the model.

Units are the report's parts as a reader scans them (the parts' subsections when there are few parts
with subsections). A review unit shows results, a plan unit next steps (targets); each point is whole
clauses of one source sentence carrying the unit's figures, best first (more figures, money and people
before other counts, earlier sentences first). A budget (lines of the page) decides how many points each
unit keeps: every unit gets its best point first, then second points in order of merit. What does not fit
is named in :attr:`Briefing.omitted`, which the renderers return as warnings (and build writes into
``manifest.json``). Every string a template gets from here is escaped for the line markup (:mod:`.escape`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..model import Brief, Indicator, Section
from .context import figure_class, key_figures
from .escape import esc
from .labels import context_label, is_incidental
from .points import figure_clauses, point_sentences, section_paragraphs, short_title, shorten, topic_point

#: Plan parts are split into their subsections only while the summary keeps at most this many parts.
MAX_UNITS = 18
#: The title of next steps written in a review part (预计…, 力争…).
OTHER_TARGETS = "其他预期目标"
KIND_CN = {"result": "完成", "target": "目标", "baseline": "基数"}


@dataclass
class Figure:
    """A headline or table figure: what is counted (in context) and the value as the report writes it."""

    label: str
    display: str
    kind: str
    kind_cn: str
    indicator: Indicator
    plain_label: str = ""  #: the label unescaped (mail, plain text)


@dataclass
class Point:
    text: str  #: escaped, without the closing 。
    figures: list[Indicator] = field(default_factory=list)
    score: float = 0.0


@dataclass
class Unit:
    title: str  #: escaped short title
    full_title: str
    kind: str  #: results | steps
    section_ids: set[str]
    candidates: list[Point] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)

    @property
    def ranked(self) -> list[Point]:
        """The chosen points, most important first (the one-page PDF drops the last ones to fit)."""
        return sorted(self.points, key=lambda p: -p.score)

    @property
    def text(self) -> str:
        """The unit's points as one escaped passage (；-joined, closed with 。)."""
        return "；".join(p.text for p in self.points) + ("。" if self.points else "")


@dataclass
class Briefing:
    headline: list[Figure]
    overview: str
    results: list[Unit]
    steps: list[Unit]
    table: list[Figure]
    area_names: list[str]
    omitted: list[str]


def _has_children(brief: Brief, sid: str) -> bool:
    return any(x.id == sid and x.children for x in brief.all_sections())


def _ids(s: Section) -> set[str]:
    out = {s.id}
    for c in s.children:
        out |= _ids(c)
    return out


def units_of(brief: Brief) -> tuple[list[Section], list[Section]]:
    """(review units, plan units): the parts, or their subsections when there are ≤ 3 parts with
    subsections (a part split so keeps a unit of its own for the paragraphs before its first subsection,
    where work reports put the overview and the year's main targets)."""
    top = list(brief.sections)
    with_figures = {i.section for i in brief.indicators if not i.excluded}
    split = 0 < len(top) <= 3 and any(len(s.children) >= 2 for s in top)
    # plan parts are read by their subsections (关键词一…五) unless that makes a long list
    split_plan = split or sum(len(s.children) or 1 for s in top) <= MAX_UNITS
    review, plan = [], []
    for s in top:
        if (s.kind == "plan" and split_plan) or split:
            parts = [_own(s, with_figures)] + s.children if len(s.children) >= 2 else [s]
        else:
            parts = [s]
        for p in parts:
            if p is None:
                continue
            (plan if (p.kind if p.kind != "other" else s.kind) == "plan" else review).append(p)
    return review, plan


def _own(s: Section, with_figures: set[str]) -> Section | None:
    """The part's own paragraphs (before its first subsection) as a unit, or None when they carry no
    figure (an opening such as 2020年是…之年 says nothing a briefing needs)."""
    if not s.paragraphs or s.id not in with_figures:
        return None
    return Section(id=s.id, title=s.title, level=s.level, kind=s.kind, number=s.number,
                   paragraphs=list(s.paragraphs))


def _score(inds: list[Indicator], order: int) -> float:
    """More figures, money and people, and the opening sentences of a part (its overview) first."""
    classes = {figure_class(i) for i in inds}
    position = 5.0 if order == 0 else (3.5 if order < 3 else (2.0 if order < 6 else 0.0))
    return min(len(inds), 5) + (1.0 if any(c <= 1 for c in classes) else 0.0) + position - order * 0.01


def _candidates(brief: Brief, sec: Section, inds: list[Indicator], avoid: list[Indicator],
                limit: int) -> list[Point]:
    """Points of *sec*: figure clauses per source sentence, best first; else its first sentence, cut."""
    groups: dict[str, list[Indicator]] = {}
    for i in inds:
        groups.setdefault(i.sentence or "", []).append(i)
    points = []
    for n, (sent, group) in enumerate(sorted(groups.items(), key=lambda g: g[1][0].start)):
        if not sent:
            continue
        # a sentence listing many figures (the year's main targets) may run longer
        here = [a for a in avoid if a.sentence == sent]  # the other kind's figures in this sentence
        text, shown = figure_clauses(sent, group, limit + 12 * max(0, min(len(group), 6) - 2), here)
        if text and shown:
            points.append(Point(esc(text), shown, _score(shown, n)))
    points.sort(key=lambda p: -p.score)
    if not points:
        text = topic_point(sec.title, point_sentences(section_paragraphs(sec)))
        if text:
            points.append(Point(esc(text), [], 0.0))
    return points


def build_briefing(brief: Brief, budget_lines: int, n_headline: int = 6, point_chars: int = 90,
                   table_rows: int = 12, per_line: int = 28, with_overview: bool = True) -> Briefing:
    """Choose what a summary of about *budget_lines* body lines (*per_line* characters each) shows."""

    def _lines(text_len: int) -> int:
        return max(1, math.ceil((text_len + 2) / per_line))

    active = [i for i in brief.indicators if not i.excluded and not is_incidental(i)]
    results = [i for i in active if i.kind == "result"]
    targets = [i for i in active if i.kind == "target"]
    review, plan = units_of(brief)
    if not brief.sections and brief.report.lead:  # a report without headings: its text is one unit
        review = [Section(id="", title="", number=None, level=1, kind="review", paragraphs=list(brief.report.lead))]
    units: list[Unit] = []
    covered: set[str] = set()
    for kind, secs, pool, avoid in (("results", review, results, targets), ("steps", plan, targets, results)):
        for s in secs:
            ids = ({s.id} if not s.children and _has_children(brief, s.id) else _ids(s)) if s.id else {"", None}
            covered |= ids
            mine = [i for i in pool if i.section in ids]
            whole = len(brief.sections) == 1 and not s.number and not s.children  # a report without headings
            u = Unit("" if whole else esc(short_title(s.title)), s.title, kind, ids)
            u.candidates = _candidates(brief, s, mine, avoid, point_chars)
            units.append(u)
    # targets written in review parts (预计…, 力争…) are next steps too, in one unit of their own
    planned = {x for u in units if u.kind == "steps" for x in u.section_ids}
    stray = [i for i in targets if i.section not in planned]
    if stray:
        v = Unit(esc(OTHER_TARGETS), OTHER_TARGETS, "steps", {i.section for i in stray})
        v.candidates = _candidates(brief, Section(id="x", title=OTHER_TARGETS, level=1, kind="plan"),
                                   stray, results, point_chars)
        if v.candidates and any(p.figures for p in v.candidates):
            units.append(v)
    headline_figures = headline(brief, n_headline)
    # budget: every unit one line for its title and its best point, then the best points left
    overview = _overview(brief) if with_overview else ""
    head_text = sum(len(f.label) + len(f.display) + 1 for f in headline_figures) + 5
    used = sum(_lines(len(u.title) + 4) for u in units) + (_lines(head_text) if headline_figures else 0) \
        + (_lines(len(overview)) if overview else 0)
    def unit_lines(u: Unit, points: list[Point]) -> int:
        """Lines of a unit: one run-in paragraph, or a paragraph per point beyond two (the templates)."""
        if len(points) <= 2:
            return _lines(len(u.title) + 4 + sum(len(x.text) + 1 for x in points))
        return _lines(len(u.title) + 5 + len(points[0].text)) + sum(_lines(len(x.text) + 1) for x in points[1:])

    def add(u: Unit, p: Point, slack: int = 0) -> bool:
        nonlocal used
        extra = unit_lines(u, u.points + [p]) - unit_lines(u, u.points)
        if used + extra > budget_lines + slack:
            return False
        u.points.append(p)
        used += extra
        return True

    # every part its best point first (figures first, then next steps' and then results' opening words),
    # cut to its first clauses when it does not fit
    first = sorted(units, key=lambda u: 0 if u.candidates and u.candidates[0].figures else
                   (1 if u.kind == "steps" else 2))
    for u in first:
        if u.candidates and not add(u, u.candidates[0], slack=2):
            short = _first_clauses(u.candidates[0], point_chars // 2)
            if short is not None and add(u, short, slack=2):
                u.candidates[0] = short
    rest = sorted(((p, u) for u in units for p in u.candidates[1:] if u.points), key=lambda x: -x[0].score)
    for p, u in rest:
        add(u, p)
    for u in units:  # points in the order the report makes them
        u.points.sort(key=lambda p: min((i.start for i in p.figures), default=-1))
    shown = {id(i) for u in units for p in u.points for i in p.figures} | {id(f.indicator) for f in headline_figures}
    left = sorted((i for i in results if id(i) not in shown), key=lambda i: (figure_class(i), i.start))
    rows = max(0, min(table_rows, budget_lines - used - 3))  # a row of 14 pt type, labels may wrap
    table = [_figure(brief, i) for i in sorted(left[:rows], key=lambda i: i.start)]
    omitted = []
    shown_ids = {x for u in units for x in u.section_ids}
    lost = [t for t in brief.sections if not (_ids(t) & shown_ids)]
    if lost:
        omitted.append("left out parts with nothing to show: " + "；".join(t.title[:20] for t in lost))
    return Briefing(headline_figures, overview, [u for u in units if u.kind == "results"],
                    [u for u in units if u.kind == "steps"], table,
                    [esc(a.name) for a in brief.keyword_areas], omitted)


def _first_clauses(p: Point, limit: int) -> Point | None:
    """*p* cut to its first clauses within *limit* characters (keeping the figures they carry), or None."""
    from ..text.figures import has_figure
    from ..text.sentences import split_clauses
    from .escape import unesc

    text = unesc(p.text)
    cut = ""
    for c in split_clauses(text, "，；"):
        if c.end > limit:
            break
        cut = text[:c.end]
    if not cut or cut == text:
        return None
    return Point(esc(cut), [i for i in p.figures if has_figure(cut, i.text)], p.score)


def headline(brief: Brief, n: int = 6) -> list[Figure]:
    """Up to *n* headline figures: results (targets only when there are none), never an incidental count,
    at most two per class first (money, people, organisations, cases), labelled to read alone."""
    active = [i for i in brief.indicators if not i.excluded and not is_incidental(i)]
    pool = [i for i in active if i.kind == "result"] or [i for i in active if i.kind == "target"]
    return [_figure(brief, i) for i in key_figures(pool, n)]


def _figure(brief: Brief, i: Indicator) -> Figure:
    label = context_label(brief, i)
    return Figure(esc(label), esc(i.display), i.kind, KIND_CN.get(i.kind, ""), i, label)


def _overview(brief: Brief) -> str:
    """The report's opening sentence (when it says something), cut at a clause, escaped."""
    for s in point_sentences(list(brief.report.lead)):
        cut = shorten(s, 60)
        if cut:
            return esc(cut)
    return ""
