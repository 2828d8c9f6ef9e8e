"""Find quantities (number + magnitude + unit) in Chinese text and read their value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numerals import ARABIC, CN_DIGIT_CHARS, CN_NUMERAL_CHARS, parse_number

#: Measure words and units that make a number a quantity. Longest first so 人次 wins over 人.
UNITS = sorted("""
人次 个百分点 百分点 个月 大类 平方公里 平方米 立方米 千瓦时 千瓦 公里 千米 公顷 美元 港元 欧元 元
人 名 位 户 个 家 场 项 件 次 组 类 对 亩 吨 辆 所 座 台 套 批 条 本 册 篇 部 支 处 间 张 份
种 门 期 天 小时 周 岁 倍 床 栋 幢 笔 例 宗 起 余所 % ％ 米 千克 公斤 升 标箱 架 艘 头 只 棵 株 册
""".split(), key=len, reverse=True)

#: Units that carry meaning even with a small Chinese numeral (三人 is a count, 四个意识 is a slogan).
MEASURE_UNITS = {"元", "美元", "港元", "欧元", "%", "％", "个百分点", "百分点", "亩", "吨", "公里", "千米",
                 "平方米", "平方公里", "公顷", "立方米", "千瓦", "千瓦时", "人", "人次", "名", "户", "倍"}

PREFIX_QUALIFIERS = [("不少于", "at_least"), ("不低于", "at_least"), ("至少", "at_least"),
                     ("不超过", "at_most"), ("超过", "over"), ("大约", "about"), ("将近", "about"),
                     ("接近", "about"), ("近", "about"), ("约", "about"), ("超", "over"), ("逾", "over")]
SUFFIX_QUALIFIERS = [("以上", "over"), ("左右", "about"), ("上下", "about"), ("以内", "at_most")]

_CN = f"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGIT_CHARS}]+)?"
_NUM = f"(?:{ARABIC}|{_CN})"
_UNIT = "|".join(re.escape(u) for u in UNITS)

QUANTITY_RE = re.compile(
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
    (?P<unit>{_UNIT})
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
        num, mag, unit = m.group("num"), m.group("mag") or "", m.group("unit")
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
        out.append(Quantity(m.start(), m.end(), m.group(0), v, v2, unit if unit != "％" else "%", qual, chinese))
    return out


def parse_quantity(text: str) -> Quantity | None:
    """Read a whole indicator text ('1.06万件') back into a Quantity; None if it is not one."""
    for q in find_quantities(text):
        if q.start == 0 and q.end == len(text):
            return q
    return None


def prefix_qualifier(before: str) -> tuple[str | None, str]:
    """Qualifier word directly before a quantity (超, 不少于, 约 …) -> (qualifier, word)."""
    for word, qual in PREFIX_QUALIFIERS:
        if before.endswith(word):
            return qual, word
    return None, ""


def suffix_qualifier(after: str) -> tuple[str | None, str]:
    """Qualifier word directly after a quantity (以上, 左右 …)."""
    for word, qual in SUFFIX_QUALIFIERS:
        if after.startswith(word):
            return qual, word
    return None, ""
