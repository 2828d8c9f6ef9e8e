"""Numeric indicators: which quantities count, what they measure (label), result or target (kind)."""

from __future__ import annotations

import re

from ..model import Indicator
from ..text.numerals import CN_DIGIT_CHARS, as_plain
from ..text.width import fold_digits
from . import labels as lab
from . import tables
from .debris import BULLET
from .clauses import clause_start, label_line, sentence_end, sentence_start
from .forms import find_forms
from .kinds import is_baseline_before, is_planned, reference_year
from ..text.quantities import MEASURE_UNITS, Quantity, find_quantities
from ..text.recache import rx

VERBS = lab.VERBS  # re-exported: the verbs that head a measured activity

_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}
_MAY_HAVE_FORMS = rx(r"[0-9０-９万亿]")


#: A quantity with 以上/以下 that qualifies a noun after it (not the end of its clause).
_THRESHOLD = rx(r"(?:以上|以下|及以上|及以下)(?:的)?(?=[\u4e00-\u9fff])")


def _count_follows(line: str, pos: int) -> bool:
    """Does a number follow in the same clause (what the threshold defines is then counted)?"""
    m = rx(r"[^，。；：！？,;]{0,30}?[0-9０-９一二三四五六七八九十两百千万]").match(line[pos:])
    return bool(m) and not rx(r"(?:以上|以下|及以上|及以下)(?:的)?(?:增长|下降|提高|减少)").match(line[pos:])


def _inside(line: str, pos: int, left: str, right: str, max_len: int | None = None) -> bool:
    """Is *pos* inside a left…right pair in *line* (a book title 《…》, a short quoted slogan)?"""
    i = line.rfind(left, max(0, pos - 200), pos)
    if i < 0 or line.rfind(right, i + 1, pos) >= 0:
        return False
    j = line.find(right, pos, pos + 200)
    if j < 0:
        return False
    return max_len is None or j - i - 1 <= max_len


def _is_indicator(line: str, q: Quantity) -> bool:
    """Rules from the gold annotations: drop ordinals, slogans, names, dates, ages, scopes, titles."""
    num = q.text
    if q.chinese:
        digits = [c for c in num if c in CN_DIGIT_CHARS or c in "十"]
        if not digits:
            return False  # 万家, 百强: a bare magnitude is a word, not a number
        if re.match(f"[{CN_DIGIT_CHARS}]{{2,}}(?![十百千万亿点])", num):
            return False  # 一二三次产业, 三四个: a list of numerals or a vague span, not an amount
        if q.value < 10 and q.unit not in MEASURE_UNITS:
            return False  # 四个意识, 两节, 一批, 三次执委会议: small Chinese counts are slogans or words
    after = line[q.end:q.end + 4]
    before = line[max(0, q.start - 12):q.start]
    clause = line[clause_start(line, q.start, 0):q.start]
    if q.unit == "周" and after.startswith("年"):
        return False  # 70周年: an age, not a quantity of work
    if q.unit in ("岁", "周岁") and not rx(r"寿命|年龄").search(clause):
        return False  # 3岁以下婴幼儿, 0—6岁儿童, 60岁以上老年人: who is meant, not how many
    if q.unit in ("名", "位", "强") and before.endswith("前"):
        return False  # 进入全国前8位, 包揽前六名: a rank, not a count
    if q.unit in ("个月", "天", "小时", "周", "年") and rx(r"(?:过去|今后|未来|历时|经过|用)(?:了)?(?:近|约)?$").search(before):
        return False  # 今年已过去近5个月: a span of time, not a quantity of work
    if q.unit in ("分钟", "小时") and rx(r"[^，。；、]{0,8}?(?:圈|车程)").match(after + line[q.end + 4:q.end + 8]):
        return False  # 15分钟生活圈, 1小时通勤圈: the name of a service radius
    if q.unit == "小时" and q.value == 24 and rx(r"(?![内以之])[\u4e00-\u9fff]").match(after):
        return False  # 24小时值班制度, 24小时服务热线: a duty system, not a quantity of work
    if rx(r"(?:以上|以下|及以上|及以下)的(?=[\u4e00-\u9fff])").match(after) and not rx(r"达到|达|超过|增加|增长|提高|提升|保持|稳定在|控制在|新增|完成|实现|累计|共|吸纳|带动|力争|确保").search(clause):
        return False  # 营业面积5000平方米以上的大型商场: the size that defines a class, not an amount
    if rx(r"(?:以上|以下)").match(after) and rx(r"连续[0-9０-９一二三四五六七八九十两]{1,3}(?:年|个月|届|季度)[^，。；]{0,8}$").search(clause):
        return False  # 连续8年保持在20万吨以上: the threshold of a streak
    if _THRESHOLD.match(line, q.end) and _count_follows(line, q.end):
        return False  # 5000人以上大型演唱会62场, 亿元以上项目46个: a threshold that defines what is counted
    if rx(r"内(?!容|涵|部|外)").match(after):
        return False  # 公交与轨道50米内换乘: a threshold of a measure, not a quantity
    if after.startswith(("方面", "维度")) or (rx(r"(?:围绕|聚焦|从|分为|按照)$").search(before)
                                  and rx(r"(?:大|个)?(?:领域|维度|板块|层面|角度|环节)").match(after)):
        return False  # 围绕12个方面, 从5个维度: the layout of a text, not a quantity of work
    if rx(r"(?:以上|上述|下列|以下|前述)$").search(before):
        return False  # 以上十四条: a count of the report's own items
    if rx(r"(?:攻坚|行动)").match(after):
        return False  # 0.1微克攻坚行动: the name of a campaign
    if rx(r"[A-Za-z]").match(after):
        return False  # 5G, 12351APP: part of a name
    if _inside(line, q.start, "《", "》") or _inside(line, q.start, "〈", "〉"):
        return False  # inside a document title
    for left, right in _QUOTE_PAIRS.items():
        if _inside(line, q.start, left, right, max_len=10):
            return False  # “四个意识”, “十三五”: a quoted slogan
    return True


def extract(blocks, block_section: dict[int, str], section_kind: dict[str, str], section_year: dict | None = None,
            year: int | None = None) -> list[Indicator]:
    """Indicators from body blocks (headings and paragraphs) with offsets into the normalised text.

    *section_year*: section id -> the latest year its headings name; *year*: the year the report was given."""
    out: list[Indicator] = []
    section_year = section_year or {}
    ref_year = reference_year(["\n".join(b.text for b in blocks)])
    table_head = tables.headers([(bi, b.text) for bi, b in enumerate(blocks) if tables.is_row(b.text)])
    for bi, b in enumerate(blocks):
        line = b.text
        found = find_quantities(line)
        if found or _MAY_HAVE_FORMS.search(line):
            found = sorted(found + find_forms(line, found), key=lambda q: q.start)
        qs = [q for q in found if _is_indicator(line, q)]
        if not qs:
            continue
        sid = block_section.get(bi)
        default = "target" if (getattr(b, "kind_hint", None) or section_kind.get(sid)) == "plan" else "result"
        slots = label_line(line, qs)
        if bi in table_head:
            for s in slots:
                named = tables.cell_label(line, table_head[bi], s.q.start)
                if named:
                    s.label, s.kind = named[0], named[1] or s.kind
        for k, s in enumerate(slots):
            q = s.q
            s0 = sentence_start(line, q.start)
            sentence = line[s0:sentence_end(line, q.end)].strip()
            kind = s.kind or default
            if not s.kind and is_baseline_before(lab.strip_lead(lab.clean(s.before)) or s.before, s.after):
                kind = "baseline"
            elif kind == "result" and is_planned(line[s0:q.start], s.before, q.unit, ref_year,
                                                 _closed(line[s0:q.start], section_year.get(sid), year)):
                kind = "target"
            if kind == "baseline" and s.after.startswith("基础上") and k + 1 < len(slots):
                nxt = slots[k + 1]  # 在原有9000家基础上新增1000家户外劳动者暖心驿站
                noun = nxt.noun_a or lab.without_verb(nxt.label)
                s.label = "原有" + noun if noun else s.label
            out.append(Indicator(
                id="", text=q.text, value=as_plain(q.value), unit=q.unit, label=_unmarked(s.label) or _unit_label(q),
                kind=kind, qualifier=s.qualifier,
                value_max=as_plain(q.value_max) if q.value_max is not None else None,
                section=sid, sentence=sentence, start=b.offset + q.start, end=b.offset + q.end,
            ))
    for n, ind in enumerate(out, 1):
        ind.id = f"i{n}"
    return out


def _unmarked(label: str | None) -> str | None:
    """A label without list or table markup around it: '▶ 新增企业', '| 签约率 |', '- 新增床位' -> the words."""
    if not label:
        return label
    s = BULLET.sub("", label)
    s = rx(r"^[\s|｜*#>\-–—•·]+|[\s|｜*]+$").sub("", s)
    return s or label


def _closed(before: str, heading_year: int | None, year: int | None) -> bool:
    """Was the period a number speaks of over when the report was given? The last year its sentence names
    before it, else the year of its part's heading, before the report's year."""
    named = [int(y) for y in rx(r"(?<!\d)(20\d\d)年").findall(fold_digits(before))]
    ref = named[-1] if named else heading_year
    return bool(year and ref and ref < year)


def _unit_label(q: Quantity) -> str:
    """Last resort when the text names nothing: say what kind of amount it is."""
    if q.unit.endswith("元"):
        return "金额"
    if q.unit in ("%", "个百分点", "百分点"):
        return "比率"
    if q.unit in ("人", "人次", "名", "位", "户"):
        return "人数" if q.unit != "户" else "户数"
    return "数量"
