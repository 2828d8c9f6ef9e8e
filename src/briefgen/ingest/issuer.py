"""The issuing body of a report: the report's own 我代表…, the speaker's role, the congress, the title, a signature."""

from __future__ import annotations

import re

from ..text.recache import rx
from ..text.width import fold_digits

CN_NUM = "一二三四五六七八九十百零〇两0-9"
MEETING = rx(
    rf"(第[{CN_NUM}]+届[\u4e00-\u9fff]{{0,14}}?第[{CN_NUM}]+次(?:全体会议|全委会议|全会|会议|代表大会|执委会议)"
    rf"|第[{CN_NUM}]+次[\u4e00-\u9fff]{{0,6}}?代表大会"
    rf"|[\u4e00-\u9fff]{{0,6}}?[{CN_NUM}]+届[{CN_NUM}]+次(?:全体会议|全会|执委会议|会议))"
)
ORG_END = rx(r"(总工会|工会委员会|工会|人民政府|政府|国务院|委员会|党委|党组|宣传部|妇联|团委|协会|联合会|办公厅|办公室|"
                      r"统计局|局|厅|部|委|中心|研究院|联社|商会|公司|集团)$")
_MEDIA = rx(r"(日报|晚报|早报|报|网|客户端|新闻|电视台|广播|杂志|在线|新华社|App|APP|号|频道|报社|"
             r"(?:传媒|报业|出版|广电|新闻|文化传播)集团)$")
LEVEL = "省|市|自治区|自治州|州|县|区|盟|旗"
_PLACE = rf"[\u4e00-\u9fff]{{1,12}}?(?:{LEVEL})"
PLACE_AT_CONGRESS = rx(rf"(?:^|在)(?P<place>{_PLACE})第[{CN_NUM}]+届人民代表大会")
_PLACE_IN_TITLE = rx(rf"^(?:[^：:｜|丨]{{1,8}}[：:｜|丨]\s*)?(?:\d{{4}}年)?(?P<place>{_PLACE})(?:\d{{4}}年)?(?:人民)?政府工作报告")
_ON_BEHALF = rx(r"我代表(?P<org>[\u4e00-\u9fff（）()]{2,30}?)[，,]?\s*向(?:大会|全会|会议|本次会议|各位代表)"
                r"|受(?P<org2>[\u4e00-\u9fff（）()]{2,30}?)(?:的)?委托[，,]?\s*(?:我)?向(?:大会|全会|会议)"
                # a news lead: 市长某某代表市人民政府作政府工作报告
                r"|(?:长|主席|书记|总理)[\s\u3000]*[\u4e00-\u9fff·]{2,6}?[\s\u3000]*代表(?P<org3>[\u4e00-\u9fff]{2,20}?(?:人民政府|政府|委员会|总工会|工会))"
                r"(?:向大会)?作(?:了)?(?:政府)?(?:工作)?报告")
_ROLE_ORG = {"总理": "国务院", "副总理": "国务院"}
_ROLE_LEVEL = {"省长": "省", "代省长": "省", "市长": "市", "代市长": "市", "县长": "县", "区长": "区", "州长": "州",
               "旗长": "旗", "盟长": "盟"}
#: A title that opens with the body's name and a year: 国家某某局2025年度工作报告, 某区某街道2025年工作总结.
_ORG_IN_TITLE = rx(rf"^(?:关于)?(?P<org>[\u4e00-\u9fff（）()]{{2,24}}?(?:{ORG_END.pattern[1:-2]}|街道|镇|乡))"
                   r"\s*(?:关于)?(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年")
#: 受市人民政府委托，市财政局局长某某向…: the body of the one who speaks for the principal.
_DEPUTED = rx(rf"受[\u4e00-\u9fff]{{2,20}}?委托[，,]\s*(?P<org>[\u4e00-\u9fff]{{2,16}}?(?:局|厅|委|办|部|署|院|中心))"
              rf"(?:党组书记、)?(?:{'|'.join(['局长', '厅长', '主任', '部长', '署长', '院长', '副局长', '副厅长', '副主任'])})")
#: A place before the colon of a feature's title (某区：“十四五”答卷…) is what the report is about.
_PLACE_BEFORE_COLON = rx(rf"^(?P<place>[\u4e00-\u9fff]{{1,10}}(?:{LEVEL}))[：:]")


def on_behalf(lead: list[str]) -> str | None:
    """The body the speaker reports for: 现在，我代表江西省人民政府，向大会报告工作."""
    for t in lead[:4]:
        m = _ON_BEHALF.search(t)
        if m:
            return m.group("org") or m.group("org2") or m.group("org3")
    return None


def _place(block, title: str) -> str | None:
    """The province, region, city or county named by the congress or the title (江西省, 宁夏回族自治区)."""
    for t in (block.subtitle or "", block.speaker_org or "", title):
        m = PLACE_AT_CONGRESS.search(t) or _PLACE_IN_TITLE.search(t)
        if m:
            return m.group("place")
    if block.speaker_org and re.fullmatch(_PLACE, block.speaker_org):
        return block.speaker_org
    return None


def _qualify(org: str, place: str | None, meeting_org: str | None, named: list[str]) -> str:
    """省人民政府 -> 江西省人民政府; 市总工会… -> 某市总工会… (as the subtitle names it);
    第十八届中央委员会 -> 中国共产党第十八届中央委员会."""
    m = re.match(rf"^({LEVEL})(?P<core>人民政府|政府|总工会|委员会|工会|妇联|团委)", org)
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
    m = re.match(rf"^({LEVEL})", org)
    if not m:
        return org
    for t in named:
        t = rx(r"^(?:[^丨｜|]{2,8}[丨｜|])?(?:关于)?").sub("", t)
        p = re.search(rf"(?:^|年|在|[^\u4e00-\u9fff])(?P<place>[\u4e00-\u9fff]{{1,8}}?{m.group(1)})(?![\u4e00-\u9fff]{{0,2}}委)", t)
        if p and len(p.group("place")) > 1:
            return p.group("place") + org[1:]
    return org


#: A title that is the body's own name: 某县人民代表大会常务委员会工作报告, 某某集团有限公司年度工作报告.
_BODY_TITLE = rx(rf"^(?P<org>[\u4e00-\u9fff（）()]{{2,30}}?(?:{ORG_END.pattern[1:-2]}))\s*(?:年度)?工作(?:报告|总结)$")
#: Who speaks for a body without naming it: 我代表集团经营层 / 领导班子 / 公司党委 / 董事会.
_COLLECTIVE = rx(r"^(?:本|我)?(?:集团|公司|集团公司|总公司|单位)?(?:经营层|经营班子|经营管理层|领导班子|班子|管理层|经理层|"
                 r"党委|党组|董事会|监事会|行政)$|^(?:本|我)?(?:集团|公司|集团公司|总公司|单位)$")


def titled_body(title: str) -> str | None:
    """The body a title names as its issuer: 某某集团有限公司2025年度工作报告, 某县人民代表大会常务委员会工作报告."""
    m = _ORG_IN_TITLE.match(title) or _BODY_TITLE.match(title)
    return m.group("org") if m else None


def _short_for(short: str, full: str) -> bool:
    """县人大常委会 is 某县人民代表大会常务委员会 shortened (its characters in order, the same last one)."""
    if len(short) >= len(full) or short[-1:] != full[-1:]:
        return False
    rest = iter(full)
    return all(c in rest for c in short)


def organisation(block, title: str, lead: list[str], meta: dict) -> str | None:
    """The issuing body, as the fullest name the text gives: a collective (经营层, 领导班子) or a short form
    of the body the title names yields to that name."""
    title = fold_digits(title)
    org = _organisation(block, title, lead, meta)
    sig = meta.get("signature_org")
    if org and sig and sig.startswith(org) and not ORG_END.search(org) and ORG_END.search(sig):
        return sig  # 某某镇 (the title's place) signs as 某某镇人民政府
    named = titled_body(title)
    if named and (not org or _COLLECTIVE.match(org) or _short_for(org, named)):
        return named
    return org


def _organisation(block, title: str, lead: list[str], meta: dict) -> str | None:
    """The issuing body: the report's own 我代表…, the speaker's role, the congress, a 数据来源 line, the title."""
    title = fold_digits(title)  # ２０２５年 reads as a year
    place = _place(block, title)
    sub = block.subtitle or ""
    named = [x for x in (sub, block.speaker_org or "", title) if x]
    named += [str(meta[k]) for k in ("signature_org", "page_source", "site_org", "data_source") if meta.get(k)]
    mm = re.search(r"在?(?P<org>[\u4e00-\u9fff]{2,12}?)第[" + CN_NUM + r"]+次[\u4e00-\u9fff]{0,4}代表大会", sub)
    meeting_org = mm.group("org").lstrip("在") if mm and not rx(r"(?:人民|职工|工会)$").search(mm.group("org")) else None
    org = on_behalf(lead)
    if org:
        body = re.match(rf"^(?P<body>[\u4e00-\u9fff]{{2,}}?)第[{CN_NUM}]+届(?:常务)?委员会$", org)
        if body and ORG_END.search(body.group("body")):
            org = body.group("body")  # 某市总工会第九届委员会 reports for 某市总工会
        return _qualify(org, place, meeting_org, named)
    role, sorg = block.speaker_role, block.speaker_org
    if role:
        if sorg and ORG_END.search(sorg):
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
        if v and ORG_END.search(v) and not _MEDIA.search(v):
            return v
    m = rx(r"^(?P<org>[\u4e00-\u9fff]{2,20}?)[：:]").match(title)
    if m and ORG_END.search(m.group("org")):
        return m.group("org")
    m = _ORG_IN_TITLE.match(title)
    if m:  # 国家某某局2025年度工作报告, 某区某街道2025年工作总结
        org = m.group("org")
        core = re.sub(rf"^.*?(?:{LEVEL})(?=.)", "", org)  # 某区某街道 -> 某街道, as the text calls itself
        said = org.endswith("街道") and re.search(re.escape(core) + r"[^。，；]{0,6}办事处", " ".join(lead[:3]))
        return org + "办事处" if said else org
    dep = _DEPUTED.search(" ".join(lead[:3]))
    if dep:  # 受市人民政府委托，市财政局局长某某向大会…: the speaker's body reports
        return _qualify_place(dep.group("org"), named)
    if place and "政府工作报告" in title:
        return place + "人民政府"  # a 政府工作报告 retold (一图读懂, 解读): the place's government, not the page's office
    for t in (sub, title):
        m = MEETING.search(t)
        if m and m.start():
            before = rx(r"[\s，,、——–\-]").split(t[: m.start()])[-1]
            before = rx(r"^(?:在|于|关于)").sub("", before)
            before = rx(r"(?:召开|举行|举办|隆重召开|胜利召开)$").sub("", before)
            if len(before) >= 2 and ORG_END.search(before):
                return before
    if meta.get("organisation"):  # front matter's organisation (its author is a person, not the body)
        return meta["organisation"]
    for key in ("signature_org", "site_org", "page_source"):
        v = meta.get(key)
        if v and ORG_END.search(v) and not _MEDIA.search(v):
            return v
    m = _PLACE_BEFORE_COLON.match(title)
    return m.group("place") if m else None
