"""Find quantities (number + magnitude + unit) in Chinese text and read their value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numerals import ARABIC, CN_DIGIT_CHARS, CN_NUMERAL_CHARS, parse_number
from .recache import rx

#: Measure words and units that make a number a quantity. Longest first so 人次 wins over 人, 架次 over 架.
UNITS = sorted("""
人次 辆次 户次 件次 场次 批次 架次 车次 班次 航次 艘次 列次 趟次 台次 家次 所次 处次 个百分点 百分点 个月 大类 周岁
平方公里 平方米 立方米 千瓦时 兆瓦时 吉瓦时 千瓦 兆瓦 吉瓦 公里 千米 公顷 美元 港元 欧元 元
人口 人 名 位 户 个 家 场 项 件 次 组 类 对 亩 吨 辆 所 座 台 套 批 条 本 册 篇 部 支 处 间 张 份 斤 枚 列 趟 款
种 门 期 天 小时 分钟 周 岁 倍 床 栋 幢 笔 例 宗 起 余所 % ％ 米 千克 公斤 升 标箱 架 艘 头 只 棵 株 成
微克 毫克
""".split(), key=len, reverse=True)

#: Units read only after a magnitude: 1000亿度 (kWh), 150亿方 (m³); 北纬53度 is a position, not an amount.
MAG_ONLY_UNITS = ["度", "方"]

#: Latin units of the genre (computing power 1.8P, storage 100PB); never followed by another letter.
LATIN_UNITS = ["EFLOPS", "PFLOPS", "EFlops", "PFlops", "PB", "TB", "GW", "MW", "P"]

#: "per" part of a compound unit: 吨/日, 微克/立方米, 元/人.
_PER = "(?:十|百|千|万|亿|百万|千万|百亿)?(?:日|天|年|月|小时|时|秒|人|户|吨|亩|平方米|立方米|公里|千瓦时|辆|标箱|升|公斤|千克|元)"

#: Units that carry meaning even with a small Chinese numeral (三人 is a count, 四个意识 is a slogan).
MEASURE_UNITS = {"元", "美元", "港元", "欧元", "%", "％", "个百分点", "百分点", "亩", "吨", "公里", "千米",
                 "平方米", "平方公里", "公顷", "立方米", "千瓦", "千瓦时", "人", "人次", "名", "户", "倍", "斤",
                 "栋", "幢", "所", "辆", "艘", "成"}
#: 成 (tenths: 八成) only when it is not the start of a word: 一成不变, 三成为….
_NOT_TENTHS = rx(r"(?:不|为|功|果|就|本|员|立|效|了|年|长|熟|型|交|品|绩|都|事|语|片|群)")
#: Two quantities that are the ends of one range with the unit written twice: 1家至2家, 5%—6% is one already.
_RANGE_SEP = rx(r"^(?:至|—|－|-|–|~|～)$")

PREFIX_QUALIFIERS = [("不少于", "at_least"), ("不低于", "at_least"), ("至少", "at_least"),
                     ("不超过", "at_most"), ("不高于", "at_most"), ("超过", "over"), ("大约", "about"),
                     ("将近", "about"), ("接近", "about"), ("近", "about"), ("约", "about"), ("超", "over"),
                     ("逾", "over")]
SUFFIX_QUALIFIERS = [("以上", "over"), ("左右", "about"), ("上下", "about"), ("以内", "at_most"), ("以下", "at_most")]

#: A qualifier character that is the end of a word, not a qualifier: 签约 120亿元, 节约 3吨, 最近 …
_NOT_QUALIFIER = {"约": "签节合制预履公条契特邀缔践违毁爽隐", "近": "最附邻靠贴亲就临", "超": "赶高"}

_CN = f"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGIT_CHARS}]+)?"
_NUM = f"(?:{ARABIC}|{_CN})"
_UNIT = "|".join(re.escape(u) for u in UNITS)
_LATIN = "|".join(LATIN_UNITS)
_MAG_ONLY = "|".join(MAG_ONLY_UNITS)

QUANTITY_RE = rx(
    rf"""
    (?<![0-9０-９.．A-Za-z{CN_NUMERAL_CHARS}第])     # not inside a longer number, not an ordinal
    (?:(?P<pct>百分之)(?P<pnum>{_CN}|{ARABIC}))
    |
    (?<![0-9０-９.．A-Za-z{CN_NUMERAL_CHARS}第])
    (?P<num>{_NUM})
    (?:(?P<unit1>%|％)?(?P<sep>[-－~～—–至到])(?P<num2>{_NUM}))?
    (?P<infix>[余多])?
    (?P<mag>万亿|亿|万|千)?
    (?P<infix2>[余多])?
    (?:(?P<unit>{_UNIT})(?:/(?:{_PER}))?|(?P<latin>(?:{_LATIN}))(?![A-Za-z])|(?<=[万亿])(?P<magunit>{_MAG_ONLY})(?:/(?:{_PER}))?)
    """,
    re.VERBOSE,
)


@dataclass
class Quantity:
    """A quantity found in text: span, value(s), unit, qualifier (from the quantity itself)."""

    start: int
    end: int
    text: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str
    chinese: bool  #: written in Chinese numerals
    form: str = "unit"  #: unit | ratio | bare | implicit (the unit is the counted noun) | shared (unit of the list)


def _value(num: str, mag: str) -> Decimal | None:
    try:
        return parse_number(num, mag)
    except (ValueError, KeyError):
        return None


def find_quantities(text: str) -> list[Quantity]:
    """Every number + unit in *text*; no judgement yet on whether it is an indicator."""
    out = []
    for m in QUANTITY_RE.finditer(text):
        if m.group("pct"):
            v = _value(m.group("pnum"), "")
            if v is None:
                continue
            out.append(Quantity(m.start(), m.end(), m.group(0), v, None, "%", "exact", True))
            continue
        num, mag = m.group("num"), m.group("mag") or ""
        unit = m.group("unit") or m.group("latin") or m.group("magunit")
        if m.group("unit") or m.group("magunit"):
            unit += text[m.end("unit") if m.group("unit") else m.end("magunit"):m.end()]  # the /日 of 吨/日
        v = _value(num, mag)
        if v is None:
            continue
        v2 = None
        qual = "approx_over" if (m.group("infix") or m.group("infix2")) else "exact"
        if m.group("num2"):
            v2 = _value(m.group("num2"), mag)
            if v2 is None or v2 <= v:
                continue  # '2019—2023', '1883-2021' or garbage: not a range of amounts
            qual = "range"
        chinese = not re.match(ARABIC, num)
        if unit == "成" and (not chinese and not mag or _NOT_TENTHS.match(text, m.end())):
            continue  # 八成 is tenths; 一成不变 and 3成 are not
        out.append(Quantity(m.start(), m.end(), m.group(0), v, v2, unit if unit != "％" else "%", qual, chinese))
    return _join_ranges(text, out)


def _join_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    """1家至2家: two quantities of one unit joined by 至 or a dash are one range (从5人至8人 is a change, kept)."""
    out: list[Quantity] = []
    for q in qs:
        p = out[-1] if out else None
        if p and p.unit == q.unit and p.value_max is None and q.value_max is None and q.value > p.value \
                and _RANGE_SEP.match(text[p.end:q.start]) and not rx(r"[从由]$").search(text[max(0, p.start - 1):p.start]):
            out[-1] = Quantity(p.start, q.end, text[p.start:q.end], p.value, q.value, p.unit, "range", p.chinese)
            continue
        out.append(q)
    return out


_BARE_RE = rx(rf"({ARABIC}|{_CN})([余多])?(万亿|亿|万)?([余多])?")
RATIO_RE = rx(rf"{ARABIC}(?:[∶:：]{ARABIC})+")


def parse_quantity(text: str) -> Quantity | None:
    """Read a whole indicator text ('1.06万件', '12万', '1.48', '8.7∶41.2∶50.1') back into a Quantity;
    None if it is not one."""
    for q in find_quantities(text):
        if q.start == 0 and q.end == len(text):
            return q
    if RATIO_RE.fullmatch(text):
        first = re.match(ARABIC, text).group(0)
        return Quantity(0, len(text), text, parse_number(first), None, "", "exact", False, "ratio")
    m = _BARE_RE.fullmatch(text)
    if m:
        v = _value(m.group(1), m.group(3) or "")
        if v is not None:
            qual = "approx_over" if (m.group(2) or m.group(4)) else "exact"
            return Quantity(0, len(text), text, v, None, "", qual, not re.match(ARABIC, m.group(1)), "bare")
    return None


def prefix_qualifier(before: str) -> tuple[str | None, str]:
    """Qualifier word directly before a quantity (超, 不少于, 约 …) -> (qualifier, word).

    A qualifier character that ends another word is not one: 签约120亿元 is not 'about 120亿元'."""
    for word, qual in PREFIX_QUALIFIERS:
        if before.endswith(word):
            prev = before[-len(word) - 1:-len(word)]
            if len(word) == 1 and prev and prev in _NOT_QUALIFIER.get(word, ""):
                continue
            return qual, word
    return None, ""


def suffix_qualifier(after: str) -> tuple[str | None, str]:
    """Qualifier word directly after a quantity (以上, 左右 …)."""
    for word, qual in SUFFIX_QUALIFIERS:
        if after.startswith(word):
            return qual, word
    return None, ""
