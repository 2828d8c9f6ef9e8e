"""The title block before the body: title, subtitle, speaker, date, editorial notes, repeats and captions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Repair
from ..text.headings import parse_heading
from ..text.recache import rx
from .timeref import FULL_DATE, parse_date

#: Role words of the people who deliver reports of the genre.
ROLES = ("总理", "副总理", "代省长", "省长", "代市长", "市长", "县长", "区长", "州长", "旗长", "盟长", "镇长", "乡长",
         "委员长", "主席", "书记", "主任", "理事长", "会长", "部长", "局长", "厅长", "院长", "检察长", "秘书长", "代主席",
         "总经理", "董事长", "总裁", "行长", "校长")  # a company's or an institution's head
_ROLE = "|".join(sorted(ROLES, key=len, reverse=True))
#: A name: 2–5 characters (a space may align a two-character name: 许 勤), or names joined by · (艾尔肯·吐尼亚孜).
_NAME_RE = r"[\u4e00-\u9fff](?:[\s\u3000]?[\u4e00-\u9fff]){1,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){1,2}"
SPEAKER = rx(rf"^(?P<org>[\u4e00-\u9fff（）()、]{{0,30}}?)(?P<role>{_ROLE})[\s\u3000]*(?P<name>{_NAME_RE})?$")
#: A byline whose titles go on after a role word, the name set apart by a space: 党委书记、执行董事　某某某.
_SPEAKER_SPACED = rx(rf"^(?P<org>[\u4e00-\u9fff（）()、]{{0,30}}?)(?P<role>{_ROLE}|董事|经理|总监|总经济师|总会计师|总工程师)"
                     rf"[\u4e00-\u9fff、]{{0,10}}?[\s\u3000]+(?P<name>{_NAME_RE})$")
#: Where a long role (党组书记、常务副主席) begins after the body's name.
_ROLE_HEAD = rx(r"党组|党委|党工委|常务|副|、|第一|书记")
_NAME = rx(r"^[\u4e00-\u9fff]{2,3}$|^[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){1,2}$")  # a bare name line
#: What a page adds to a title: '…_某某省人民政府门户网站', '【聚焦两会】…'.
_SITE_SUFFIX = rx(r"\s*[_｜|–—-]+\s*[^_｜|–—-]{2,20}(?:网|网站|门户网站|客户端|频道|新闻)$")
_TAG_PREFIX = rx(r"^[【\[][^】\]]{2,12}[】\]]\s*(?=\S)|^[^｜|丨：:]{2,8}[｜|丨]\s*(?=\S)")
SALUTATION = rx(r"^(?:各位[\u4e00-\u9fff]{1,6}|同志们|朋友们|女士们、先生们)(?:[，,、][\u4e00-\u9fff]{2,8}){0,3}[：:！!，,]$")
_MEETING_ON = rx(r"在.{2,60}?(?:会议|大会|全会|年会|常委会|论坛|座谈会|典礼|仪式|会)上")
_SUB_END = ("上", "报告", "讲话", "发言", "解读", "致辞", "）", ")")
_DOC_END = rx(r"(?:报告|总结|讲话|要点|解读|纪要|决议|公报|意见|规划|纲要|致辞|发言)(?:[（(][^）)]*[）)])?$")
_EDITORIAL = rx(r"[（(](?:文字实录|全文实录|图文实录|实录|全文|摘要|摘登|节选|图文|视频|直播|速记稿|发言稿|审议稿)[）)]$"
                r"|(?<=报告|讲话|总结)(?:全文|实录|摘要|摘登)$")
_NOTE = rx(r"^[（(【\[][^（）()【】\[\]]{1,30}[）)】\]]$")
#: A caption without a full stop: '省长赵刚作政府工作报告', '…同志作报告' (作 not inside 工作).
_CAPTION = rx(r"[\u4e00-\u9fff]{2,}(?<![工制创合协操运动写])作(?:了)?(?:政府)?(?:工作)?报告$|(?:发表|作)了?重要讲话$")
_DATE_LINE = rx(rf"^[（(]?\s*(?:{FULL_DATE.pattern})\s*[）)]?$")


@dataclass
class TitleBlock:
    """What the head of a report says about it; the lines it used stay in the text."""

    title: str | None = None
    subtitle: str | None = None
    speaker: str | None = None
    speaker_org: str | None = None  #: what stands before the role: 福建省人民政府 in 福建省人民政府省长 赵龙
    speaker_role: str | None = None
    date: tuple[str, str] | None = None  #: (ISO date, as written)
    notes: list[str] = field(default_factory=list)
    size: int = 0  #: number of kept lines that form the block (they precede the body)


#: An article's headline around a report's name: 速览！2026年某市政府工作报告，干货都在这里→
_HEADLINE_MARK = rx(r"[！!？?→👇]")
_HEADLINE_CUT = rx(r"[！!？?，,｜|→👇:：\s]+")


def _headline(s: str) -> bool:
    """A first line that is an article's headline naming a report (not a sentence of the body)."""
    return len(s) <= 50 and not rx(r"[。；;：:]$").search(s) and bool(_HEADLINE_MARK.search(s)) and any(
        _DOC_END.search(x) for x in _HEADLINE_CUT.split(s))


def is_salutation(s: str) -> bool:
    return len(s) <= 24 and bool(SALUTATION.match(s))


def _body_like(s: str) -> bool:
    """A line that belongs to the body: a salutation, a numbered heading, a sentence or a long line."""
    if is_salutation(s) or len(s) > 90:
        return True
    h = parse_heading(s)
    if h and h.style != "md1":
        return True
    return bool(rx(r"[。！？!?]$").search(s.rstrip("”’」』）)"))) or bool(rx(r"[。！？][^。！？]{6,}").search(s))


def _norm(s: str) -> str:
    return rx(r"[\s\u3000#“”\"《》（）()：:，,—\-]").sub("", s)


def read(lines: list, repairs: list[Repair], meta: dict) -> tuple[TitleBlock, list]:
    """Read the title block at the head of *lines*; returns it and the lines with its debris removed."""
    tb = TitleBlock()
    head = 0
    while head < len(lines) and head < 16 and (not _body_like(lines[head].text)
                                               or head == 0 and _headline(lines[head].text)):
        head += 1
    kept: list = []
    k = 0
    seen: set[str] = set()
    titles: list[str] = []
    for k in range(head):
        ln = lines[k]
        s = ln.text
        key = _norm(s)
        if key in seen:
            repairs.append(Repair("debris", ln.line, f"dropped repeated title-block line: {s[:40]!r}"))
            continue
        seen.add(key)
        if _subtitle(tb, s, ln, kept, titles):
            continue
        if _DATE_LINE.match(s):
            tb.date = tb.date or parse_date(s)
            kept.append(ln)
            continue
        if _NOTE.match(s):
            tb.notes.append(s)
            repairs.append(Repair("debris", ln.line, f"dropped editorial note: {s!r}"))
            continue
        sp = (SPEAKER.match(s) or titles and _SPEAKER_SPACED.match(s)) if len(s) <= 40 else None
        if sp and (sp.group("name") or sp.group("org")) or (titles and (tb.subtitle or tb.date) and _NAME.match(s)):
            _set_speaker(tb, s, sp)
            kept.append(ln)
            continue
        if titles and _CAPTION.search(s):
            repairs.append(Repair("debris", ln.line, f"dropped photo caption: {s[:40]!r}"))
            continue
        if tb.subtitle or tb.speaker or tb.date:
            break  # after the subtitle, byline and date only: this line opens the body
        page_words = all(len(t) <= 8 for t in titles) and _DOC_END.search(s)  # 视力保护色 / 2026年…工作报告
        # the title's last words on a line of their own: 某县人民代表大会常务委员会 / 工作报告
        page_words = page_words or titles and len(s) <= 8 and _DOC_END.search(s) and not _DOC_END.search(titles[-1])
        if titles and not _same_title(titles[0], s) and not page_words and (_DOC_END.search(titles[-1]) or not any(
                _byline_like(lines[j].text) for j in range(k + 1, head))):
            break  # a complete title, or no subtitle/byline/date to close a title of several lines
        titles.append(s.lstrip("#").strip())
        kept.append(ln)
    else:
        k = head
    tb.title = _compose_title(titles, repairs, meta)
    tb.size = len(kept)
    return tb, kept + lines[k:]


def _byline_like(s: str) -> bool:
    """A subtitle, date or speaker line (what closes a title block)."""
    return bool(rx(r"^[—－\-–]{1,2}").match(s) or _MEETING_ON.search(s) or _DATE_LINE.match(s)
                or (len(s) <= 40 and SPEAKER.match(s)))


def _same_title(a: str, b: str) -> bool:
    """The same title in two forms (2026年宁夏回族自治区政府工作报告 / 政府工作报告), years aside."""
    x, y = _norm(rx(r"(?:19|20)\d{2}年?").sub("", a)), _norm(rx(r"(?:19|20)\d{2}年?").sub("", b))
    return bool(x and y and (x in y or y in x))


def _subtitle(tb: TitleBlock, s: str, ln, kept: list, titles: list) -> bool:
    """A subtitle line (——…在…上, with or without the dash, maybe with the speaker after it)."""
    dashed = bool(rx(r"^[—－\-–]{1,2}").match(s))
    body = rx(r"^[—－\-–]{1,2}\s*").sub("", s)
    if not dashed and not (_MEETING_ON.search(s) and titles):
        if tb.subtitle and not tb.subtitle.endswith(_SUB_END) and s.endswith(_SUB_END) and len(s) <= 40 \
                and not SPEAKER.match(s):
            tb.subtitle += s  # a subtitle split over two lines
            kept.append(ln)
            return True
        return False
    if not titles and not dashed:
        return False
    m = rx(r"^(?P<sub>.*?(?:会议|大会|全会|会)上(?:的(?:工作)?报告|的讲话|的发言)?)[\s\u3000]+(?P<spk>.+)$").match(body)
    if m and SPEAKER.match(m.group("spk")):
        body = m.group("sub")
        _set_speaker(tb, m.group("spk"), SPEAKER.match(m.group("spk")))
    body = body.strip()
    if body[:1] in "（(" and body[-1:] in "）)":
        body = body[1:-1].strip()  # （2026年1月20日在…会议上）
    tb.subtitle = tb.subtitle or body
    d = parse_date(body)
    if d and not tb.date:
        tb.date = d
    kept.append(ln)
    return True


def _set_speaker(tb: TitleBlock, s: str, m: re.Match | None) -> None:
    tb.speaker = rx(r"[\s\u3000]+").sub(" ", s).strip()
    if m:
        org = m.group("org") or ""
        h = _ROLE_HEAD.search(org)
        tb.speaker_org = (org[: h.start()] if h else org) or None  # 市总工会 of 市总工会党组书记、常务副主席
        tb.speaker_role = m.group("role")


def _compose_title(titles: list[str], repairs: list[Repair], meta: dict) -> str | None:
    """One title from the candidate lines: the fuller of repeated forms; a title split over lines joined;
    short page words before a complete title (…工作报告) left out."""
    complete = next((i for i, t in enumerate(titles) if _DOC_END.search(t)), None)
    if complete:
        for t in titles[:complete]:
            if len(t) <= 8:
                repairs.append(Repair("debris", None, f"left page word {t!r} out of the title"))
        titles = [t for t in titles[:complete] if len(t) > 8] + titles[complete:]
    out: str | None = None
    for t in titles + ([meta["title"]] if meta.get("title") else []):
        t = t.strip()
        if not t:
            continue
        for pat, what in ((_SITE_SUFFIX, "site name"), (_TAG_PREFIX, "column tag")):
            x = pat.search(t)
            if x and len(t) - len(x.group(0)) >= 4:
                repairs.append(Repair("debris", None, f"dropped the page's {what} {x.group(0).strip()!r} from the title"))
                t = (t[: x.start()] + t[x.end():]).strip()
        if _HEADLINE_MARK.search(t):
            named = [x for x in _HEADLINE_CUT.split(t) if _DOC_END.search(x) and len(x) >= 4]
            if len(named) == 1 and named[0] != t:
                repairs.append(Repair("debris", None, f"took the report's name {named[0]!r} out of the headline {t!r}"))
                t = named[0]
        e = _EDITORIAL.search(t)
        if e:
            repairs.append(Repair("debris", None, f"dropped editorial mark {e.group(0)!r} from the title"))
            t = t[: e.start()].strip()
        if out is None:
            out = t
            continue
        if _same_title(out, t):
            out = t if len(_norm(t)) > len(_norm(out)) else out  # the page names the body and year: keep the fuller form
        elif not _DOC_END.search(out):
            out = out + ("" if _DOC_END.search(t) and len(t) <= 6 else " ") + t  # '…政府' + '工作报告' is one cut
    return out
