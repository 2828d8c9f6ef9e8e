"""The variables every template sees, built once from the document model."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import __version__
from ..clock import build_datetime, cn_date
from ..model import Brief, Indicator, KeywordArea, Section
from ..text.recache import rx
from .summarise import key_sentences, lead_sentence

KIND_CN = {"result": "完成", "target": "目标", "baseline": "基数"}
SECTION_KIND_CN = {"review": "回顾", "plan": "部署", "other": ""}

#: Key-figure priority (数字速览): money, then people reached, then organisations and sites, then cases.
_FIGURE_CLASSES = [
    ("money", lambda i: i.unit in ("元", "美元", "港元", "欧元")),
    ("people", lambda i: i.unit in ("人", "人次", "名", "位", "户")),
    ("organisations", lambda i: i.unit in ("家", "个", "所", "座", "处")
     and rx(r"(组织|工会|单位|企业|驿站|之家|站|室|阵地|中心|基地)").search(i.label) is not None),
    ("cases", lambda i: i.unit in ("件", "起", "宗", "例", "次", "场", "项")),
]


@dataclass
class SectionView:
    id: str
    title: str
    number: str | None
    level: int
    kind: str
    kind_cn: str
    lead: str
    summary: list[str]
    paragraphs: list[str]
    indicators: list[Indicator]
    children: list["SectionView"] = field(default_factory=list)


@dataclass
class AreaView:
    id: str
    name: str
    summary: str
    points: list[str]
    marker: str | None
    sections: list[SectionView]
    indicators: list[Indicator]
    results: list[Indicator]
    targets: list[Indicator]


def figure_class(ind: Indicator) -> int:
    for n, (_, test) in enumerate(_FIGURE_CLASSES):
        if test(ind):
            return n
    return len(_FIGURE_CLASSES)


def key_figures(indicators: list[Indicator], n: int = 6) -> list[Indicator]:
    """Up to *n* headline figures: results before targets, by class priority, then larger values,
    at most two per class on the first pass so the panel is varied."""
    pool = sorted((i for i in indicators if i.kind != "baseline" and not i.excluded),
                  key=lambda i: (i.kind != "result", figure_class(i), -float(i.value)))
    chosen: list[Indicator] = []
    per: dict[int, int] = {}
    for i in pool:
        c = figure_class(i)
        if per.get(c, 0) < 2 and c < len(_FIGURE_CLASSES) and len(chosen) < n:
            chosen.append(i)
            per[c] = per.get(c, 0) + 1
    for i in pool:
        if len(chosen) >= n:
            break
        if i not in chosen:
            chosen.append(i)
    order = {id(i): k for k, i in enumerate(indicators)}
    return sorted(chosen, key=lambda i: (figure_class(i), order[id(i)]))


def _view(s: Section, by_section: dict[str, list[Indicator]], n_key: int) -> SectionView:
    inds = by_section.get(s.id, [])
    return SectionView(
        id=s.id, title=s.title, number=s.number, level=s.level, kind=s.kind, kind_cn=SECTION_KIND_CN[s.kind],
        lead=lead_sentence(s), summary=key_sentences(s, inds, n_key), paragraphs=list(s.paragraphs),
        indicators=inds, children=[_view(c, by_section, n_key) for c in s.children],
    )


def main_sections(sections: list[SectionView]) -> list[SectionView]:
    """The sections a reader scans: the parts' subsections when the report has few parts with subsections."""
    if 0 < len(sections) <= 3 and any(len(s.children) >= 2 for s in sections):
        out = []
        for s in sections:
            out.extend(s.children if s.children else [s])
        return out
    return sections


def _walk(views: list[SectionView]):
    for v in views:
        yield v
        yield from _walk(v.children)


def _area(a: KeywordArea, views: dict[str, SectionView]) -> AreaView:
    secs = [views[sid] for sid in a.sections if sid in views]
    inds = [i for s in secs for i in s.indicators]
    return AreaView(a.id, a.name, a.summary, list(a.points), a.marker, secs, inds,
                    [i for i in inds if i.kind == "result"], [i for i in inds if i.kind == "target"])


def build_context(brief: Brief, settings: dict | None = None) -> dict:
    """Template variables. *settings* carries config values templates may use (marking, organisation…)."""
    settings = dict(settings or {})
    active = [i for i in brief.indicators if not i.excluded]  # a reviewer's exclusions reach no output
    by_section: dict[str, list[Indicator]] = {}
    for i in active:
        by_section.setdefault(i.section or "", []).append(i)
    sections = [_view(s, by_section, int(settings.get("key_sentences", 2))) for s in brief.sections]
    views = {v.id: v for v in _walk(sections)}
    r = brief.report
    organisation = settings.get("organisation") or r.organisation
    meta = [x for x in (organisation, r.meeting, r.date_text or r.date) if x]
    when = build_datetime()
    return {
        "report": r,
        "organisation": organisation or "",
        "meta_line": "　".join(meta),
        "lead": list(r.lead),
        "lead_indicators": by_section.get("", []),
        "sections": sections,
        "main_sections": main_sections(sections),
        "indicators": active,
        "results": [i for i in active if i.kind == "result"],
        "targets": [i for i in active if i.kind == "target"],
        "baselines": [i for i in active if i.kind == "baseline"],
        "key_figures": key_figures(active, int(settings.get("key_figures", 6))),
        "areas": [_area(a, views) for a in brief.keyword_areas],
        "kind_cn": KIND_CN,
        "generated": when,
        "generated_text": cn_date(when),
        "source": r.source,
        "marking": settings.get("marking") or "",
        "author": settings.get("author") or organisation or "",
        "version": __version__,
        "settings": settings,
    }
