"""Report metadata from the title block, lead and parts: organisation, meeting, speaker, date, periods."""

from __future__ import annotations

import re

from ..model import Section
from .parts import heading_cues
from .timeref import absolute, find_periods, parse_date, tense_of_period

_CN = "一二三四五六七八九十百零〇两0-9"
_MEETING = re.compile(
    rf"(第[{_CN}]+届[\u4e00-\u9fff]{{0,14}}?第[{_CN}]+次(?:全体会议|全委会议|全会|会议|代表大会|执委会议)"
    rf"|第[{_CN}]+次[\u4e00-\u9fff]{{0,6}}?代表大会"
    rf"|[\u4e00-\u9fff]{{0,6}}?[{_CN}]+届[{_CN}]+次(?:全体会议|全会|执委会议|会议))"
)
_ORG_END = re.compile(r"(总工会|工会委员会|工会|人民政府|政府|国务院|委员会|党委|党组|宣传部|妇联|团委|协会|联合会|办公厅|办公室|"
                      r"统计局|局|厅|部|委|中心|研究院|联社|商会)$")
_MEDIA = re.compile(r"(日报|晚报|早报|报|网|客户端|新闻|电视台|广播|杂志|在线|新华社|App|APP|号|频道|报社)$")
_LEVEL = "省|市|自治区|自治州|州|县|区|盟|旗"
_PLACE = rf"[\u4e00-\u9fff]{{1,12}}?(?:{_LEVEL})"
_PLACE_AT_CONGRESS = re.compile(rf"(?:^|在)(?P<place>{_PLACE})第[{_CN}]+届人民代表大会")
_PLACE_IN_TITLE = re.compile(rf"^(?:\d{{4}}年)?(?P<place>{_PLACE})(?:\d{{4}}年)?(?:人民)?政府工作报告")
_ON_BEHALF = re.compile(r"我代表(?P<org>[\u4e00-\u9fff（）()]{2,30}?)[，,]?\s*向(?:大会|全会|会议|本次会议|各位代表)"
                        r"|受(?P<org2>[\u4e00-\u9fff（）()]{2,30}?)(?:的)?委托[，,]?\s*(?:我)?向(?:大会|全会|会议)")
_ROLE_ORG = {"总理": "国务院", "副总理": "国务院"}
_ROLE_LEVEL = {"省长": "省", "代省长": "省", "市长": "市", "代市长": "市", "县长": "县", "区长": "区", "州长": "州",
               "旗长": "旗", "盟长": "盟"}
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_SENTENCE_START = re.compile(r"(?:^|[。！？；])\s*")
_CONCRETE = re.compile(r"\d{4}年|以来的")  # a year, or '十八大以来的五年'
_DEFINITE = re.compile(r"\d|时期|以来的")


def on_behalf(lead: list[str]) -> str | None:
    """The body the speaker reports for: 现在，我代表江西省人民政府，向大会报告工作."""
    for t in lead[:4]:
        m = _ON_BEHALF.search(t)
        if m:
            return m.group("org") or m.group("org2")
    return None


def describe(block, title: str, lead: list[str], parts: list[Section], meta: dict, when, year, month) -> dict:
    """Every metadata field of the Report (besides title, subtitle, lead, source)."""
    out = {"speaker": block.speaker, "organisation": organisation(block, title, lead, meta),
           "meeting": meeting(block, title, lead)}
    if when:
        out["date"], out["date_text"] = when
    else:
        for t in [x for x in (block.subtitle, title) if x] + lead[:2]:
            m = _MONTH_DAY.search(t)
            if m:
                out["date_text"] = m.group(0)
                break
    out.update(periods(parts, lead, year, month))
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
    if meta.get("published"):
        return _cn(meta["published"])
    return None


def _cn(iso: str) -> tuple[str, str]:
    """An ISO date with the way a Chinese text writes it: 2025-12-02 -> 2025年12月2日."""
    y, m, d = map(int, iso.split("-"))
    return iso, f"{y}年{m}月{d}日"


def _place(block, title: str) -> str | None:
    """The province, region, city or county named by the congress or the title (江西省, 宁夏回族自治区)."""
    for t in (block.subtitle or "", block.speaker_org or "", title):
        m = _PLACE_AT_CONGRESS.search(t) or _PLACE_IN_TITLE.search(t)
        if m:
            return m.group("place")
    if block.speaker_org and re.fullmatch(_PLACE, block.speaker_org):
        return block.speaker_org
    return None


def _qualify(org: str, place: str | None, meeting_org: str | None, named: list[str]) -> str:
    """省人民政府 -> 江西省人民政府; 市总工会… -> 某市总工会… (as the subtitle names it);
    第十八届中央委员会 -> 中国共产党第十八届中央委员会."""
    m = re.match(rf"^({_LEVEL})(?P<core>人民政府|政府|总工会|委员会|工会|妇联|团委)", org)
    if m:
        core = m.group(1) + m.group("core")
        for t in named:
            f = re.search(rf"(?:^|在|[^\u4e00-\u9fff])(?P<full>[\u4e00-\u9fff]{{1,12}}?{core})", t)
            full = re.sub(r"^(?:在|于)", "", f.group("full")) if f else core
            if full != core:
                return full + org[len(core):]
        if place and place.endswith(m.group(1)):
            return place + org[len(m.group(1)):]
    if org.startswith("第") and meeting_org:
        return meeting_org + org
    return org


def organisation(block, title: str, lead: list[str], meta: dict) -> str | None:
    """The issuing body: the report's own 我代表…, the speaker's role, the congress, a 数据来源 line, the title."""
    place = _place(block, title)
    sub = block.subtitle or ""
    named = [x for x in (sub, block.speaker_org or "", title) if x]
    mm = re.search(r"在?(?P<org>[\u4e00-\u9fff]{2,12}?)第[" + _CN + r"]+次[\u4e00-\u9fff]{0,4}代表大会", sub)
    meeting_org = mm.group("org").lstrip("在") if mm and not re.search(r"(?:人民|职工|工会)$", mm.group("org")) else None
    org = on_behalf(lead)
    if org:
        return _qualify(org, place, meeting_org, named)
    role, sorg = block.speaker_role, block.speaker_org
    if role:
        if sorg and _ORG_END.search(sorg):
            return _qualify(sorg, place, meeting_org, named)
        if role in _ROLE_ORG:
            return _ROLE_ORG[role]
        lvl = _ROLE_LEVEL.get(role)
        if lvl and place and place.endswith(lvl) or role == "主席" and place and place.endswith("自治区") and "政府" in title + sub:
            return place + "人民政府"
    if "全国人民代表大会" in sub and "政府工作报告" in title:
        return "国务院"
    if place and "人民代表大会" in sub and "政府工作报告" in title:
        return place + "人民政府"
    for key in ("data_source",):
        v = meta.get(key)
        if v and _ORG_END.search(v) and not _MEDIA.search(v):
            return v
    m = re.match(r"^(?P<org>[\u4e00-\u9fff]{2,20}?)[：:]", title)
    if m and _ORG_END.search(m.group("org")):
        return m.group("org")
    for t in (sub, title):
        m = _MEETING.search(t)
        if m and m.start():
            before = re.split(r"[\s，,、——–\-]", t[: m.start()])[-1]
            before = re.sub(r"^(?:在|于|关于)", "", before)
            before = re.sub(r"(?:召开|举行|举办|隆重召开|胜利召开)$", "", before)
            if len(before) >= 2 and _ORG_END.search(before):
                return before
    for key in ("organisation", "author"):
        if meta.get(key):
            return meta[key]
    v = meta.get("page_source")
    if v and _ORG_END.search(v) and not _MEDIA.search(v):
        return v
    return None


def meeting(block, title: str, lead: list[str]) -> str | None:
    for t in [x for x in (block.subtitle, title) if x] + lead[:1]:
        m = _MEETING.search(t)
        if m:
            return m.group(1)
    return None


def _heading_periods(title: str, kind: str, year: int | None, month: int | None) -> list[tuple[str, str]]:
    """(review|plan, period) named by a part heading; each period takes the kind of the cue word after it."""
    t = re.sub(r"\s+", "", title)
    cues = heading_cues(t, year, month)
    words = [(k, at) for k, w, at in cues if not find_periods(w)]
    out: list[list] = []
    for k0, text, at in cues:
        found = find_periods(text)
        if not found:
            continue
        end = at + len(text)
        after = [w for w in words if w[1] >= end]
        k = min(after, key=lambda w: w[1])[0] if after else k0 or kind
        phrase = absolute(found[0][0], text, year, month)
        if out and out[-1][0] == k and re.fullmatch(r"[和及与、]", t[out[-1][2]:at]):
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


def periods(parts: list[Section], lead: list[str], year: int | None, month: int | None) -> dict:
    """period_reviewed and period_planned from the parts' headings, else from their opening sentences."""
    found: dict[str, list[str]] = {"review": [], "plan": []}
    for p in parts:
        for k, phrase in _heading_periods(p.title, p.kind, year, month):
            if phrase not in found[k]:
                found[k].append(phrase)
    out = {}
    for kind, key in (("review", "period_reviewed"), ("plan", "period_planned")):
        got = found[kind]
        definite = [x for x in got if _DEFINITE.search(x)]
        firsts = [p.paragraphs[:1] or [q for c in p.children[:1] for q in c.paragraphs[:1]] for p in parts if p.kind == kind]
        if not any(_CONCRETE.search(x) for x in got):
            srcs = (lead if kind == "review" else []) + [x for f in firsts for x in f]
            extra = _opening_period(srcs, year, kind, month, _CONCRETE if definite else _DEFINITE)
            if extra:
                definite = definite + [extra]  # '过去五年' in the heading, '十八大以来的五年，…' in the text
        got = definite or got
        if kind == "plan":  # the coming year first, then the longer plan
            got = sorted(got, key=lambda x: 0 if re.match(r"\d{4}年", x) else 1)
        if got:
            out[key] = "及".join(got)
    return out
