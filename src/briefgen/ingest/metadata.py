"""Report metadata from the title block, lead and parts: organisation, meeting, speaker, date, periods."""

from __future__ import annotations

import re

from ..model import Section
from ..text.recache import rx
from .parts import heading_cues
from ..text.width import fold_digits
from .titleblock import ROLES
from .timeref import absolute, find_periods, parse_date, tense_of_period
from .issuer import CN_NUM, LEVEL, MEETING, ORG_END, PLACE_AT_CONGRESS, on_behalf, organisation

__all__ = ["describe", "find_date", "infer_title", "meeting", "named_title", "news_speaker", "on_behalf",
           "organisation", "periods", "title_from_body"]

_MONTH_DAY = rx(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_SENTENCE_START = rx(r"(?:^|[。！？；])\s*")
_CONCRETE = rx(r"\d{4}年|以来的")  # a year, or '十八大以来的五年'
_DEFINITE = rx(r"\d|时期|以来的")


_ROLE = "|".join(sorted(ROLES, key=len, reverse=True))
#: A news lead names who delivered the report: 市长某某代表市人民政府作政府工作报告.
_NEWS_SPEAKER = rx(rf"(?P<role>{_ROLE})[\s\u3000]*(?P<name>[\u4e00-\u9fff·]{{2,4}}?)[\s\u3000]*代表[\u4e00-\u9fff]{{2,20}}?"
                   r"(?:人民政府|政府|委员会|总工会|工会)(?:向大会)?作")


def news_speaker(lead: list[str]) -> str | None:
    """'市长 某某' from a news lead, for a report the article only retells."""
    for t in lead[:3]:
        m = _NEWS_SPEAKER.search(t)
        if m:
            return f"{m.group('role')} {m.group('name')}"
    return None


def infer_title(opening: list[str]) -> str | None:
    """A title for a report that has no title line, from what its opening says it is: the meeting it is given
    at (某市工会第十次代表大会 … 报告工作 -> 某市工会第十次代表大会工作报告), else the body it reports for."""
    text = "\n".join(opening[:4])
    said = "工作报告" if rx(r"报告工作|工作报告").search(text) else "报告"
    for m in MEETING.finditer(text):
        clause = rx(r"[，。；：！？、\s“”]").split(text[: m.start()])[-1]
        before = rx(r"^(?:在|于|向|是|我们|这次|本次|今天)").sub("", clause)
        if 2 <= len(before) <= 16 and (ORG_END.search(before) or re.search(rf"(?:{LEVEL})$", before)):
            return before + m.group(1) + said
    return None


def title_from_body(opening: list[str]) -> str | None:
    """某市总工会工作报告 from 我代表某市总工会…向大会报告工作 (a body with its place, not a bare 省人民政府)."""
    org = on_behalf(opening)
    if org and rx(r"报告工作").search(" ".join(opening[:4])) and not re.match(rf"^(?:{LEVEL})", org):
        return org + "工作报告"
    return None


def named_title(block, title: str) -> str | None:
    """A generic title (政府工作报告) named with the place its congress is in: 某区政府工作报告; None if not generic."""
    if rx(r"[\s\u3000]").sub("", title) not in ("政府工作报告", "人民政府工作报告"):
        return None
    m = PLACE_AT_CONGRESS.search(block.subtitle or "")
    return m.group("place") + title if m else None


def describe(block, title: str, lead: list[str], parts: list[Section], meta: dict, when, year, month) -> dict:
    """Every metadata field of the Report (besides title, subtitle, lead, source)."""
    out = {"speaker": block.speaker or news_speaker(lead), "organisation": organisation(block, title, lead, meta),
           "meeting": meeting(block, title, lead)}
    if when:
        out["date"], out["date_text"] = when
    else:
        for t in [x for x in (block.subtitle, title) if x] + lead[:2]:
            m = _MONTH_DAY.search(t)
            if m:
                out["date_text"] = m.group(0)
                break
    out.update(periods(parts, lead, year, month, title))
    return out


def find_date(block, meta: dict, lead: list[str]) -> tuple[str, str] | None:
    """The delivery date of the title block, else the article's date, else a date that opens the lead, else
    the page's publication time."""
    if block.date:
        return block.date
    d = meta.get("date")
    if d and parse_date(str(d)):
        return _cn(parse_date(str(d))[0])
    if lead:
        m = parse_date(lead[0][:16])
        if m and lead[0].startswith(m[1]):
            return m
    for key in ("signature_date", "published"):  # a signed document's own date before the page's time
        if meta.get(key):
            return _cn(meta[key])
    return None


def _cn(iso: str) -> tuple[str, str]:
    """An ISO date with the way a Chinese text writes it: 2025-12-02 -> 2025年12月2日."""
    y, m, d = map(int, iso.split("-"))
    return iso, f"{y}年{m}月{d}日"


def meeting(block, title: str, lead: list[str]) -> str | None:
    for t in [x for x in (block.subtitle, title) if x] + lead[:1]:
        m = MEETING.search(t)
        if m:
            return m.group(1)
    return None


def _heading_periods(title: str, kind: str | None, year: int | None, month: int | None,
                     context: int | None = None) -> list[tuple[str, str]]:
    """(review|plan, period) named by a part heading; each period takes the kind of the cue word after it; a
    half-year without its year (下半年) belongs to the year named before it, in the heading or in *context*."""
    t = rx(r"\s+").sub("", title)
    if len(t) <= 30:  # 回眸2025·成绩单 / 展望2026: a heading's bare year is a year
        t = rx(r"(?<![\d.．%％])((?:19|20)\d{2})(?![\d.．%％年])").sub(r"\1年", fold_digits(t))
    cues = heading_cues(t, year, month)
    words = [(k, at) for k, w, at in cues if not find_periods(w)]
    out: list[list] = []
    starts = [at for _, text, at in cues if find_periods(text)]
    for k0, text, at in cues:
        found = find_periods(text)
        if not found:
            continue
        end = at + len(text)
        nxt = min([a for a in starts if a > at], default=len(t))
        after = [w for w in words if end <= w[1] < nxt] or [w for w in words if w[1] >= end][:1]
        # the phrase's head word is its last (主要工作任务 is a task): the last cue word before the next period
        k = max(after, key=lambda w: w[1])[0] if after else kind and (k0 or kind)
        if k not in ("review", "plan"):
            continue  # a title's period counts only with the word that says what it is (2025年工作总结);
            # a part of kind "other" (存在的问题) names no reviewed or planned period
        named = rx(r"((?:19|20)\d{2})年").findall(fold_digits(t[:at]))
        phrase = absolute(found[0][0], text, year, month, int(named[-1]) if named else context)
        if out and out[-1][0] == k and rx(r"[和及与、]").fullmatch(t[out[-1][2]:at]):
            out[-1][1] += t[out[-1][2]:at] + phrase  # 2019年和今年以来: keep the heading's own joint
            out[-1][2] = end
            continue
        out.append([k, phrase, end])
    return [(k, p) for k, p, _ in out]


def _opening_period(paragraphs: list[str], year: int | None, want: str, month: int | None,
                    accept: re.Pattern) -> str | None:
    """A period that opens a sentence ('2025年，…', '十八大以来的五年，是…', '今年是…')."""
    for p in paragraphs:
        for m in _SENTENCE_START.finditer(p):
            head = p[m.end(): m.end() + 14]
            found = find_periods(head)
            if found and head.startswith(found[0][1]):
                pk, text = found[0]
                if pk == "rel" and text not in ("今年", "明年", "去年"):
                    continue
                tense = tense_of_period(pk, text, year, month) or want
                phrase = absolute(pk, text, year, month)
                if tense == want and accept.search(phrase):
                    return phrase
    return None


def periods(parts: list[Section], lead: list[str], year: int | None, month: int | None, title: str = "") -> dict:
    """period_reviewed and period_planned from the parts' headings, else from their opening sentences; a
    title that names both (2025年工作总结和2026年工作思路) fills what the parts do not say."""
    found: dict[str, list[str]] = {"review": [], "plan": []}
    named = rx(r"((?:19|20)\d{2})年").findall(fold_digits(title))
    context = int(named[-1]) if len(set(named)) == 1 else None  # the one year a title names
    for p in parts:
        if p.kind == "other" and rx(r"[—-]").match(p.title):
            continue  # a subtitle line (——2026年1月7日在…会议上) read as a part: a date, not a period
        for k, phrase in _heading_periods(p.title, p.kind, year, month, context):
            if phrase not in found[k]:
                found[k].append(phrase)
    for k, phrase in _heading_periods(title, None, year, month) if title else []:
        if not found[k]:
            found[k].append(phrase)
    stated = stated_periods(lead + _opening_paragraphs(parts), year, month)
    out = {}
    for kind, key in (("review", "period_reviewed"), ("plan", "period_planned")):
        got = found[kind]
        if stated.get(kind) and not any(_CONCRETE.search(x) for x in got) \
                and (_CONCRETE.search(stated[kind]) or not got):
            got = [stated[kind]]  # said outright in the opening: surer than a heading's 过去一年
        definite = [x for x in got if _DEFINITE.search(x)]
        firsts = [p.paragraphs[:1] or [q for c in p.children[:1] for q in c.paragraphs[:1]] for p in parts if p.kind == kind]
        if not any(_CONCRETE.search(x) for x in got):
            srcs = (lead if kind == "review" else []) + [x for f in firsts for x in f]
            extra = _opening_period(srcs, year, kind, month, _CONCRETE if definite else _DEFINITE)
            if extra:
                definite = definite + [extra]  # '过去五年' in the heading, '十八大以来的五年，…' in the text
        got = definite or got
        if kind == "plan":  # the coming year first, then the longer plan
            got = sorted(got, key=lambda x: 0 if rx(r"\d{4}年").match(x) else 1)
        if got:
            out[key] = "及".join(got)
    return out


#: What a news lead says the report covers: 报告回顾了2025年和“十四五”时期工作，提出了2026年目标任务.
_RETOLD = rx(r"报告(?:全面|系统)?(?:回顾|总结)(?:了|总结了)?(?P<review>[^，。；]{2,30}?)(?:的)?(?:工作|发展成就|成绩)"
             r"(?:[，,；;]\s*(?:并|同时)?(?:提出|部署|安排|明确|谋划)(?:了)?(?P<plan>[^，。；]{2,30}?)(?:的)?"
             r"(?:目标任务|主要目标|重点工作|工作任务|工作安排|工作|目标|任务))?")
#: 2025年是“十四五”规划收官之年。一年来，… : the year so introduced is the year under review.
_YEAR_INTRODUCED = rx(r"(?:^|[。！？；])\s*(?P<year>(?:19|20)\d{2}年)是[^。！？]{0,40}?(?:之年|一年)[。！？；，,]\s*"
                      r"(?:一年来|过去一年|这一年|一年里|一年多来)")


def _opening_paragraphs(parts: list[Section], n: int = 4) -> list[str]:
    """The first *n* paragraphs of the body, whichever parts hold them."""
    out: list[str] = []
    for top in parts:
        for sec in top.walk():
            out.extend(sec.paragraphs[: n - len(out)])
            if len(out) >= n:
                return out
    return out


def stated_periods(texts: list[str], year: int | None, month: int | None) -> dict[str, str]:
    """review/plan -> the period an opening sentence says outright: '报告回顾了2025年…工作，提出了2026年目标任务',
    '2025年是…之年。一年来，…'."""
    out: dict[str, str] = {}
    for t in texts:
        t = fold_digits(t)
        m = _RETOLD.search(t)
        if m:
            for kind in ("review", "plan"):
                found = find_periods(m.group(kind) or "")
                if found and kind not in out:
                    years = [f for f in found if f[0] == "year"]
                    pk, text = (years or found)[0]
                    out[kind] = absolute(pk, text, year, month)
        m = _YEAR_INTRODUCED.search(t)
        if m and "review" not in out:
            out["review"] = m.group("year")
    return out
