"""Keyword areas: from explicit 【关键词一】 markers, else from the sections of the report's main part."""

from __future__ import annotations

import math
from collections import Counter

from ..model import KeywordArea, Section
from ..text.sentences import split_sentences as sentences
from ..text.recache import rx


def split_points(text: str) -> list[str]:
    """Split a line of area points: by ；, else by 、 when every part is a phrase (≥ 6 characters)."""
    text = text.strip().rstrip("。；;")
    parts = [p.strip() for p in rx(r"[；;]").split(text) if p.strip()]
    if len(parts) == 1:
        enum = [p.strip() for p in text.split("、") if p.strip()]
        if len(enum) > 1 and all(len(p) >= 6 for p in enum):
            parts = enum
    return [p.rstrip("。") for p in parts]


def short_name(title: str) -> str:
    """An area name fit for a slide title: the heading's first phrase when the heading is long."""
    if len(title) <= 20:
        return title
    first = rx(r"[，,；;：:]").split(title)[0]
    return first if len(first) >= 4 else title


def _bigrams(s: Section) -> Counter:
    text = s.title + "".join(s.paragraphs)
    text = rx(r"[^\u4e00-\u9fff]").sub("", text)
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


#: A top-level part outside the main one with at least this much text is a keyword area of its own.
LONE_PART_CHARS = 300

#: Above this many areas, sections are not linked across parts (keeps ingest linear on huge inputs).
MAX_LINKED_AREAS = 40


def _similar(areas_secs: list[Section], others: list[Section]) -> dict[str, list[str]]:
    """Link each area section to the other-part sections most like it (tf-idf cosine of bigrams)."""
    docs = {s.id: _bigrams(s) for s in areas_secs + others}
    df = Counter(g for c in docs.values() for g in c)
    n = len(docs)

    def vec(c):
        return {g: tf * math.log(1 + n / df[g]) for g, tf in c.items()}

    vecs = {k: vec(c) for k, c in docs.items()}
    norms = {k: math.sqrt(sum(x * x for x in v.values())) or 1 for k, v in vecs.items()}

    def cos(a, b):
        va, vb = vecs[a], vecs[b]
        return sum(w * vb.get(g, 0) for g, w in va.items()) / (norms[a] * norms[b])

    links: dict[str, list[str]] = {s.id: [] for s in areas_secs}
    if len(areas_secs) > MAX_LINKED_AREAS:
        return links  # a report with this many areas is not a briefing's shape; skip the O(areas × sections) pass
    for o in others:
        scores = sorted(((cos(a.id, o.id), a.id) for a in areas_secs), reverse=True)
        if scores and scores[0][0] >= 0.12:
            links[scores[0][1]].append(o.id)
    return links


def derive(sections: list[Section]) -> list[KeywordArea]:
    """Keyword areas of a report (see module docstring)."""
    all_secs = [s for top in sections for s in top.walk()]
    marked = [s for s in all_secs if s.number and rx(r"关键词|关键字|主题词|重点").match(s.number)]
    areas: list[KeywordArea] = []
    if marked:
        marked_ids = {s.id for s in marked}
        others = [s for s in all_secs if s.id not in marked_ids and not s.children and s.paragraphs]
        links = _similar(marked, [o for o in others if o.kind != "plan"])
        for n, s in enumerate(marked, 1):
            points = [p for para in s.paragraphs for p in split_points(para)]
            areas.append(KeywordArea(
                id=f"k{n}", name=s.title, marker=s.number, summary="；".join(points),
                points=points, sections=[s.id] + links.get(s.id, []),
            ))
        return areas
    # No markers: the main part is the top-level section with the most subsections.
    main = max(sections, key=lambda s: len(s.children), default=None)
    full = [s for s in main.children if s.paragraphs or s.children] if main is not None else []
    chosen = full if len(full) >= 2 else [s for s in sections if s.paragraphs or s.children]  # empty headings name no area
    inside = {x.id for c in chosen for x in c.walk()}
    others = [s for s in all_secs if s.id not in inside and s.paragraphs and (main is None or s is not main)]
    # A whole other part (a review beside the plan's areas) is an area of its own, not the appendage of
    # whichever area it happens to resemble; short parts (a preface, a closing call) are linked as before.
    top_ids = {s.id for s in sections}
    alone = [o for o in others if o.id in top_ids and not o.children
             and sum(len(p) for p in o.paragraphs) >= LONE_PART_CHARS]
    others = [o for o in others if o not in alone]
    links = _similar(chosen, others) if others else {}
    # a substantial section like no area (a review topic the plan does not take up) is an area of its own
    linked = {x for ids in links.values() for x in ids}
    alone += [o for o in others if o.id not in linked and o.kind != "plan" and not o.children
              and sum(len(p) for p in o.paragraphs) >= LONE_PART_CHARS]
    order = {x.id: n for n, x in enumerate(all_secs)}
    chosen = sorted(chosen + alone, key=lambda x: order.get(x.id, 0))
    for n, s in enumerate(chosen, 1):
        paras = s.paragraphs or [p for c in s.walk() for p in c.paragraphs]
        points = []
        for para in paras:
            sent = sentences(para)
            if sent:
                points.append(sent[0].rstrip("。；;"))
        if len(points) < 2 and s.children:
            points = [c.title for c in s.children]
        areas.append(KeywordArea(
            id=f"k{n}", name=short_name(s.title), summary=s.title,
            points=points, sections=[s.id] + links.get(s.id, []),
        ))
    return areas


def apply_taxonomy(brief, taxonomy: list[dict]) -> list[str]:
    """Name and order keyword areas by an office's taxonomy so areas line up across reports.

    Each area goes to the taxonomy entry whose keywords occur most often in the area's name, points and
    linked sections; areas that land on the same entry are merged; unmatched areas keep their own name and
    follow the taxonomy's areas. Returns one note per renamed area (for the user).
    """
    if not taxonomy:
        return []
    texts = {s.id: s.title + "".join(s.paragraphs) for s in brief.all_sections()}
    merged: dict[str, KeywordArea] = {}
    rest: list[KeywordArea] = []
    notes = []
    for a in brief.keyword_areas:
        text = a.name + "".join(a.points) + "".join(texts.get(sid, "") for sid in a.sections)
        scores = [(sum(text.count(k) for k in entry.get("keywords") or [entry["name"]]), -n, entry["name"])
                  for n, entry in enumerate(taxonomy)]
        best = max(scores) if scores else (0, 0, "")
        if best[0] <= 0:
            rest.append(a)
            continue
        name = best[2]
        if name != a.name:
            notes.append(f"keyword area {a.name!r} filed under taxonomy area {name!r}")
        if name in merged:
            m = merged[name]
            m.points += [p for p in a.points if p not in m.points]
            m.sections += [s for s in a.sections if s not in m.sections]
        else:
            merged[name] = KeywordArea(id="", name=name, summary=a.summary or a.name, points=list(a.points),
                                       sections=list(a.sections), marker=a.marker)
    order = {e["name"]: n for n, e in enumerate(taxonomy)}
    areas = sorted(merged.values(), key=lambda x: order[x.name]) + rest
    for n, a in enumerate(areas, 1):
        a.id = f"k{n}"
    brief.keyword_areas = areas
    return notes
