"""Report metadata from the title block, lead and parts: organisation, meeting, speaker, date, periods."""

from __future__ import annotations

import re

from ..model import Section
from ..text.recache import rx
from .parts import heading_cues
from ..text.width import fold_digits
from .titleblock import ROLES
from .timeref import absolute, find_periods, parse_date, tense_of_period

_CN = "一二三四五六七八九十百零〇两0-9"
_MEETING = rx(
    rf"(第[{_CN}]+届[\u4e00-\u9fff]{{0,14}}?第[{_CN}]+次(?:全体会议|全委会议|全会|会议|代表大会|执委会议)"
    rf"|第[{_CN}]+次[\u4e00-\u9fff]{{0,6}}?代表大会"
    rf"|[\u4e00-\u9fff]{{0,6}}?[{_CN}]+届[{_CN}]+次(?:全体会议|全会|执委会议|会议))"
)
_ORG_END = rx(r"(总工会|工会委员会|工会|人民政府|政府|国务院|委员会|党委|党组|宣传部|妇联|团委|协会|联合会|办公厅|办公室|"
                      r"统计局|局|厅|部|委|中心|研究院|联社|商会)$")
_MEDIA = rx(r"(日报|晚报|早报|报|网|客户端|新闻|电视台|广播|杂志|在线|新华社|App|APP|号|频道|报社)$")
_LEVEL = "省|市|自治区|自治州|州|县|区|盟|旗"
_PLACE = rf"[\u4e00-\u9fff]{{1,12}}?(?:{_LEVEL})"
_PLACE_AT_CONGRESS = rx(rf"(?:^|在)(?P<place>{_PLACE})第[{_CN}]+届人民代表大会")
_PLACE_IN_TITLE = rx(rf"^(?:\d{{4}}年)?(?P<place>{_PLACE})(?:\d{{4}}年)?(?:人民)?政府工作报告")
_ON_BEHALF = rx(r"我代表(?P<org>[\u4e00-\u9fff（）()]{2,30}?)[，,]?\s*向(?:大会|全会|会议|本次会议|各位代表)"
                        r"|受(?P<org2>[\u4e00-\u9fff（）()]{2,30}?)(?:的)?委托[，,]?\s*(?:我)?向(?:大会|全会|会议)"
                        # a news lead: 市长某某代表市人民政府作政府工作报告
                        r"|(?:长|主席|书记|总理)[\u4e00-\u9fff·]{2,6}?代表(?P<org3>[\u4e00-\u9fff]{2,20}?(?:人民政府|政府|委员会|总工会|工会))"
                        r"(?:向大会)?作(?:了)?(?:政府)?(?:工作)?报告")
_ROLE_ORG = {"总理": "国务院", "副总理": "国务院"}
_ROLE_LEVEL = {"省长": "省", "代省长": "省", "市长": "市", "代市长": "市", "县长": "县", "区长": "区", "州长": "州",
               "旗长": "旗", "盟长": "盟"}
#: A title that opens with the body's name and a year: 国家某某局2025年度工作报告, 某区某街道2025年工作总结.
_ORG_IN_TITLE = rx(rf"^(?:关于)?(?P<org>[\u4e00-\u9fff（）()]{{2,24}}?(?:{_ORG_END.pattern[1:-2]}|街道|镇|乡))"
                           r"(?:关于)?(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年")
#: 受市人民政府委托，市财政局局长某某向…: the body of the one who speaks for the principal.
_DEPUTED = rx(rf"受[\u4e00-\u9fff]{{2,20}}?委托[，,]\s*(?P<org>[\u4e00-\u9fff]{{2,16}}?(?:局|厅|委|办|部|署|院|中心))"
                      rf"(?:党组书记、)?(?:{'|'.join(['局长', '厅长', '主任', '部长', '署长', '院长', '副局长', '副厅长', '副主任'])})")
#: A place before the colon of a feature's title (某区：“十四五”答卷…) is what the report is about.
_PLACE_BEFORE_COLON = rx(rf"^(?P<place>[\u4e00-\u9fff]{{1,10}}(?:{_LEVEL}))[：:]")
_MONTH_DAY = rx(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_SENTENCE_START = rx(r"(?:^|[。！？；])\s*")
_CONCRETE = rx(r"\d{4}年|以来的")  # a year, or '十八大以来的五年'
_DEFINITE = rx(r"\d|时期|以来的")


_ROLE = "|".join(sorted(ROLES, key=len, reverse=True))
#: A news lead names who delivered the report: 市长某某代表市人民政府作政府工作报告.
_NEWS_SPEAKER = rx(rf"(?P<role>{_ROLE})(?P<name>[\u4e00-\u9fff·]{{2,4}}?)代表[\u4e00-\u9fff]{{2,20}}?"
                           r"(?:人民政府|政府|委员会|总工会|工会)(?:向大会)?作")


def news_speaker(lead: list[str]) -> str | None:
    """'市长 某某' from a news lead, for a report the article only retells."""
    for t in lead[:3]:
        m = _NEWS_SPEAKER.search(t)
        if m:
            return f"{m.group('role')} {m.group('name')}"
    return None


def on_behalf(lead: list[str]) -> str | None:
    """The body the speaker reports for: 现在，我代表江西省人民政府，向大会报告工作."""
    for t in lead[:4]:
        m = _ON_BEHALF.search(t)
        if m:
            return m.group("org") or m.group("org2") or m.group("org3")
    return None


def infer_title(opening: list[str]) -> str | None:
    """A title for a report that has no title line, from what its opening says it is: the meeting it is given
    at (某市工会第十次代表大会 … 报告工作 -> 某市工会第十次代表大会工作报告), else the body it reports for."""
    text = "\n".join(opening[:4])
    said = "工作报告" if rx(r"报告工作|工作报告").search(text) else "报告"
    for m in _MEETING.finditer(text):
        clause = rx(r"[，。；：！？、\s“”]").split(text[: m.start()])[-1]
        before = rx(r"^(?:在|于|向|是|我们|这次|本次|今天)").sub("", clause)
        if 2 <= len(before) <= 16 and (_ORG_END.search(before) or re.search(rf"(?:{_LEVEL})$", before)):
            return before + m.group(1) + said
    return None


def title_from_body(opening: list[str]) -> str | None:
    """某市总工会工作报告 from 我代表某市总工会…向大会报告工作 (a body with its place, not a bare 省人民政府)."""
    org = on_behalf(opening)
    if org and rx(r"报告工作").search(" ".join(opening[:4])) and not re.match(rf"^(?:{_LEVEL})", org):
        return org + "工作报告"
    return None


def named_title(block, title: str) -> str | None:
    """A generic title (政府工作报告) named with the place its congress is in: 某区政府工作报告; None if not generic."""
    if rx(r"[\s\u3000]").sub("", title) not in ("政府工作报告", "人民政府工作报告"):
        return None
    m = _PLACE_AT_CONGRESS.search(block.subtitle or "")
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
            full = rx(r"^(?:在|于)").sub("", f.group("full")) if f else core
            if full != core:
                return full + org[len(core):]
        if place and place.endswith(m.group(1)):
            return place + org[len(m.group(1)):]
    if org.startswith("第") and meeting_org:
        return meeting_org + org
    return org


def _qualify_place(org: str, named: list[str]) -> str:
    """市财政局 -> 某某市财政局, with the place the title or subtitle names at that level."""
    m = re.match(rf"^({_LEVEL})", org)
    if not m:
        return org
    for t in named:
        t = rx(r"^(?:[^丨｜|]{2,8}[丨｜|])?(?:关于)?").sub("", t)
        p = re.search(rf"(?:^|年|在|[^\u4e00-\u9fff])(?P<place>[\u4e00-\u9fff]{{1,8}}?{m.group(1)})(?![\u4e00-\u9fff]{{0,2}}委)", t)
        if p and len(p.group("place")) > 1:
            return p.group("place") + org[1:]
    return org


def organisation(block, title: str, lead: list[str], meta: dict) -> str | None:
    """The issuing body: the report's own 我代表…, the speaker's role, the congress, a 数据来源 line, the title."""
    title = fold_digits(title)  # ２０２５年 reads as a year
    place = _place(block, title)
    sub = block.subtitle or ""
    named = [x for x in (sub, block.speaker_org or "", title) if x]
    mm = re.search(r"在?(?P<org>[\u4e00-\u9fff]{2,12}?)第[" + _CN + r"]+次[\u4e00-\u9fff]{0,4}代表大会", sub)
    meeting_org = mm.group("org").lstrip("在") if mm and not rx(r"(?:人民|职工|工会)$").search(mm.group("org")) else None
    org = on_behalf(lead)
    if org:
        body = re.match(rf"^(?P<body>[\u4e00-\u9fff]{{2,}}?)第[{_CN}]+届(?:常务)?委员会$", org)
        if body and _ORG_END.search(body.group("body")):
            org = body.group("body")  # 某市总工会第九届委员会 reports for 某市总工会
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
    m = rx(r"^(?P<org>[\u4e00-\u9fff]{2,20}?)[：:]").match(title)
    if m and _ORG_END.search(m.group("org")):
        return m.group("org")
    m = _ORG_IN_TITLE.match(title)
    if m:  # 国家某某局2025年度工作报告, 某区某街道2025年工作总结
        org = m.group("org")
        core = re.sub(rf"^.*?(?:{_LEVEL})(?=.)", "", org)  # 某区某街道 -> 某街道, as the text calls itself
        said = org.endswith("街道") and re.search(re.escape(core) + r"[^。，；]{0,6}办事处", " ".join(lead[:3]))
        return org + "办事处" if said else org
    dep = _DEPUTED.search(" ".join(lead[:3]))
    if dep:  # 受市人民政府委托，市财政局局长某某向大会…: the speaker's body reports
        return _qualify_place(dep.group("org"), named)
    for t in (sub, title):
        m = _MEETING.search(t)
        if m and m.start():
            before = rx(r"[\s，,、——–\-]").split(t[: m.start()])[-1]
            before = rx(r"^(?:在|于|关于)").sub("", before)
            before = rx(r"(?:召开|举行|举办|隆重召开|胜利召开)$").sub("", before)
            if len(before) >= 2 and _ORG_END.search(before):
                return before
    if meta.get("organisation"):  # front matter's organisation (its author is a person, not the body)
        return meta["organisation"]
    for key in ("signature_org", "site_org", "page_source"):
        v = meta.get(key)
        if v and _ORG_END.search(v) and not _MEDIA.search(v):
            return v
    m = _PLACE_BEFORE_COLON.match(title)
    return m.group("place") if m else None


def meeting(block, title: str, lead: list[str]) -> str | None:
    for t in [x for x in (block.subtitle, title) if x] + lead[:1]:
        m = _MEETING.search(t)
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
            got = sorted(got, key=lambda x: 0 if rx(r"\d{4}年").match(x) else 1)
        if got:
            out[key] = "及".join(got)
    return out
