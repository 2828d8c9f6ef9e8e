"""Quantities whose unit is not written beside the number: ratios, bare ratio values, counted nouns, list units."""

from __future__ import annotations

import re

from ..text.numerals import ARABIC, CN_NUMERAL_CHARS, parse_number
from ..text.quantities import Quantity
from ..text.recache import rx

#: Nouns of people that stand for the unit when a count has none (慰问困难群众12万, 六千多万贫困人口).
PEOPLE = sorted("""
人口 群众 职工 农民工 居民 党员 会员 学生 儿童 婴幼儿 老人 老年人 游客 劳动者 工人 农民 人民 人才 毕业生
患者 残疾人 家属 青年 妇女 退役军人 人员 中国人 市民 村民 员工 人
""".split(), key=len, reverse=True)
_HOUSEHOLDS = ("家庭", "农户", "住户")
#: Nouns that name a ratio of two amounts, so a bare number after them is a value (城乡收入倍差1.48).
_RATIO_NOUNS = "倍差|系数|比值|收入比|之比|城乡比|比例"
_CHANGE_TO = ("(?:增长|增加|提高|提升|上升|下降|降低|减少|扩大|缩小|调整|优化|回落|攀升|跃升|增|降|升|提|扩|缩)?"
              "(?:到|至|为)")
_SET_TO = "(?:由|从|为|是|达到|达|降至|降到|缩小至|缩小到|缩小为|下降到|下降至|稳定在|保持在|控制在)?"

_CN = f"[{CN_NUMERAL_CHARS}]+"
BARE = rx(
    rf"(?<![0-9０-９.．A-Za-z第{CN_NUMERAL_CHARS}])(?P<num>{ARABIC}|{_CN}(?=[余多]?[万亿]))(?P<i1>[余多])?(?P<mag>万亿|亿|万)?(?P<i2>[余多])?"
    rf"(?![0-9０-９.．A-Za-z%％∶:：{CN_NUMERAL_CHARS}])")
_RATIO = rx(rf"(?<![0-9０-９.．])({ARABIC})((?:∶{ARABIC})+|(?:[:：]{ARABIC}){{2,}})(?![0-9０-９])")
#: What follows a number that is a date, an ordinal or a name rather than an amount.
_NOT_AMOUNT_AFTER = "年月日号时分秒点届期代批级线路号版章条款岁度"
_LIST_SEP = rx(r"[、和与及]|以及")


def _overlaps(a: int, b: int, covered: bytearray) -> bool:
    return any(covered[a:b])


def _cover(covered: bytearray, a: int, b: int) -> None:
    covered[a:b] = b"\x01" * (b - a)


def _bare(line: str, m: re.Match, unit: str, form: str) -> Quantity | None:
    try:
        v = parse_number(m.group("num"), m.group("mag") or "")
    except (ValueError, KeyError):
        return None
    qual = "approx_over" if (m.group("i1") or m.group("i2")) else "exact"
    chinese = not re.match(ARABIC, m.group("num"))
    return Quantity(m.start(), m.end(), m.group(0), v, None, unit, qual, chinese, form)


def _is_year_like(m: re.Match) -> bool:
    num = m.group("num")
    return not m.group("mag") and bool(rx(r"(19|20)\d\d").fullmatch(num))


def find_forms(line: str, found: list[Quantity]) -> list[Quantity]:
    """Quantities in *line* that :func:`find_quantities` cannot see alone, given what it found."""
    spans = bytearray(len(line))
    for q in found:
        _cover(spans, q.start, q.end)
    out: list[Quantity] = []
    for m in _RATIO.finditer(line):  # 三次产业结构8.7∶41.2∶50.1
        if not _overlaps(m.start(), m.end(), spans) and (
                "∶" in m.group(0) or rx(r"(结构|比|比例)\S{0,3}$").search(line[max(0, m.start() - 8):m.start()])):
            out.append(Quantity(m.start(), m.end(), m.group(0), parse_number(m.group(1)), None, "", "exact", False, "ratio"))
            _cover(spans, m.start(), m.end())
    cands = [m for m in BARE.finditer(line)
             if not _overlaps(m.start(), m.end(), spans) and not _is_year_like(m)
             and not (line[m.end():m.end() + 1] and line[m.end()] in _NOT_AMOUNT_AFTER)]
    by_start = {m.start(): m for m in cands}
    taken: set[int] = set()
    for m in cands:
        before, after = line[max(0, m.start() - 40):m.start()], line[m.end():m.end() + 40]
        # 城乡收入倍差由1.73降至1.48: both ends of a change of a bare ratio
        pair = re.match(_CHANGE_TO, after)
        if rx(r"(?:从|由)$").search(before) and pair and m.end() + pair.end() in by_start and not m.group("mag"):
            n2 = by_start[m.end() + pair.end()]
            for x in (m, n2):
                if x.start() not in taken:
                    out.append(_bare(line, x, "", "bare"))
                    taken.add(x.start())
            continue
        if m.start() in taken:
            continue
        if not m.group("mag") and re.search(rf"(?:{_RATIO_NOUNS}){_SET_TO}$", before) and "." in m.group("num"):
            out.append(_bare(line, m, "", "bare"))  # 收入比缩小至2.54
            taken.add(m.start())
            continue
        if (m.group("mag") or m.group("i1") or m.group("i2")) and not _shares_unit(line, m, found):
            q = _implicit(line, m, spans)
            if q:
                out.append(q)
                taken.add(m.start())
    out += _shared_units(line, found, cands, taken)
    return [q for q in out if q is not None]


def _shares_unit(line: str, m: re.Match, found: list[Quantity]) -> bool:
    """Is this bare number followed by a list item whose unit it shares (职工120万、家属80万人次)?"""
    sep = _LIST_SEP.match(line, m.end())
    if not sep:
        return False
    gap = re.match(r"[\u4e00-\u9fff]{0,6}?(?=[0-9０-９" + CN_NUMERAL_CHARS + "])", line[sep.end():])
    return gap is not None and any(q.start == sep.end() + gap.end() and q.unit for q in found)


def _implicit(line: str, m: re.Match, spans) -> Quantity | None:
    """A count of people whose unit is the noun: 慰问困难群众12万, 六千多万贫困人口, 城镇新增就业12万."""
    after, before = line[m.end():m.end() + 40], line[max(0, m.start() - 40):m.start()]
    if after.startswith(_HOUSEHOLDS):
        return _bare(line, m, "户", "implicit")
    if re.match(rf"[\u4e00-\u9fff]{{0,4}}?(?:{'|'.join(PEOPLE)})", after) and not after.startswith("人次"):
        return _bare(line, m, "人", "implicit")
    ends = not after or after[0] in "，,。；;、）)！？"
    noun = re.search(rf"(?:{'|'.join(PEOPLE)}|就业)(?:减少|增加|增长|新增|达到|达|突破|超过|超|逾|近|约|共|累计|总计)?$", before)
    if ends and noun:
        return _bare(line, m, "人", "implicit")
    return None


def _shared_units(line: str, found: list[Quantity], cands, taken: set[int]) -> list[Quantity]:
    """Bare numbers of a list that takes its unit from the last item: 覆盖职工120万、家属80万人次,
    分别达1.28万亿、1.18万亿、8200亿元."""
    out = []
    nxt = {q.start: q for q in found}
    for m in sorted(cands, key=lambda x: -x.start()):
        if m.start() in taken:
            continue
        sep = _LIST_SEP.match(line, m.end())
        if not sep:
            continue
        gap = re.match(r"[\u4e00-\u9fff]{0,6}?(?=[0-9０-９" + CN_NUMERAL_CHARS + "])", line[sep.end():])
        if gap is None:
            continue
        j = sep.end() + gap.end()
        q = nxt.get(j)
        if q is None or not q.unit or q.form == "ratio":
            continue
        if gap.group(0) and not (m.group("mag") or "." in m.group("num")):
            continue  # 3、5个 is a list of units; 第3、新增5个 is not a shared unit
        if not m.group("mag") and not re.match(ARABIC, m.group("num")):
            continue
        if m.group("mag") and not q.text.rstrip(q.unit).endswith(("万", "亿", "余", "多")) and gap.group(0):
            continue  # 120万、80人: magnitudes differ, so the unit is not shared
        b = _bare(line, m, q.unit, "shared")
        if b is not None:
            out.append(b)
            nxt[m.start()] = b
            taken.add(m.start())
    return out
