"""Dates and periods as reports write them: 2026年1月27日, 二○一七年十月十八日, 今年, “十四五”时期."""

from __future__ import annotations


from ..text.recache import rx
from ..text.width import fold_digits

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR_CN = "〇○零Ｏ一二三四五六七八九"
_SMALL_CN = "一二三四五六七八九十"

#: A full date: Arabic (2026年1月27日, 2026-01-27) or Chinese numerals (二○一七年十月十八日).
FULL_DATE = rx(
    rf"(?P<y>(?:19|20)\d{{2}}|[{_YEAR_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_SMALL_CN}]{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_SMALL_CN}]{{1,3}})\s*[日号]")
ISO_DATE = rx(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")

#: Five-year plans in quotes or not: “十四五”, 十五五, "十三五".
FIVE_YEAR = rx(r"[“\"‘]?(十[一二三四五六七八九]五)[”\"’]?(?:规划)?(?:时期|期间)?")


def cn_small(s: str) -> int:
    """十八 -> 18, 二十七 -> 27, 9 -> 9 (day and month numbers)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGIT[a] if a else 1) * 10 + (_CN_DIGIT[b] if b else 0)
    return _CN_DIGIT[s]


def cn_year(s: str) -> int:
    """2017 or 二○一七 -> 2017."""
    return int(s) if s.isdigit() else int("".join(str(_CN_DIGIT[c]) for c in s))


def parse_date(s: str) -> tuple[str, str] | None:
    """The first full date in *s* as (ISO date, the text as written), or None; full-width digits read too."""
    s, written = fold_digits(s), s
    m = FULL_DATE.search(s)
    if m:
        try:
            y, mo, d = cn_year(m.group("y")), cn_small(m.group("m")), cn_small(m.group("d"))
        except (KeyError, ValueError):
            return None
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}", written[m.start():m.end()]
    m = ISO_DATE.search(s)
    if m:
        y, mo, d = map(int, m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}", written[m.start():m.end()]
    return None


def five_year_span(name: str) -> tuple[int, int]:
    """十四五 -> (2021, 2025): the third plan began in 1966, one every five years since."""
    n = cn_small(name[:-1]) if len(name) > 2 else 0
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return start, start + 4


#: Period phrases a heading or an opening sentence names.
_PERIOD = rx(
    r"(?P<fy>[“\"‘]?十[一二三四五六七八九]五[”\"’]?(?:规划)?(?:时期|期间)?)"
    rf"|(?P<year>(?:(?:19|20)\d{{2}}|[{_YEAR_CN}]{{4}})年(?:上半年|下半年|前三季度|以来)?)"
    r"|(?P<rel>今年以来|今年|明年|去年|上年|过去一年|过去五年|过去的一年|过去的五年|一年来|五年来|这五年|今后五年|今后一个时期|"
    r"下一阶段|下一步|今后|下半年|上半年|新的一年)"
    r"|(?P<since>[\u4e00-\u9fff]{1,8}?以来的[一二三四五六七八九十\d]+年)")


def find_periods(s: str) -> list[tuple[str, str]]:
    """Period phrases in *s* as (kind, text as written), kind fy|year|rel|since, in order; full-width digits read."""
    out = []
    for m in _PERIOD.finditer(fold_digits(s)):
        kind = m.lastgroup
        out.append((kind, s[m.start():m.end()]))
    return out


def tense_of_year(year: int, report_year: int | None, month: int | None) -> str | None:
    """Is *year* reviewed (past) or planned (future) for a report dated *report_year*/*month*?"""
    if report_year is None:
        return None
    if year < report_year:
        return "review"
    if year > report_year:
        return "plan"
    if month is None:
        return None
    return "plan" if month <= 6 else "review"  # a report early in the year plans it; a year-end summary reviews it


def tense_of_period(kind: str, text: str, report_year: int | None, month: int | None) -> str | None:
    """review / plan / None for one period phrase relative to the report's date."""
    if kind == "year":
        if text.endswith("以来"):
            return "review"
        return tense_of_year(cn_year(text[:4]), report_year, month)
    if kind == "fy":
        lo, hi = five_year_span(FIVE_YEAR.search(text).group(1))
        if report_year is None:
            return None
        if hi < report_year or (hi == report_year and month is not None and month >= 10):
            return "review"
        if lo >= report_year:
            return "plan"
        return None  # the plan under way
    if kind == "since":
        return "review"
    if text in ("今年以来", "去年", "上年", "过去一年", "过去五年", "过去的一年", "过去的五年", "一年来", "五年来", "这五年", "上半年"):
        return "review"
    if text in ("明年", "今后五年", "今后一个时期", "今后", "下一阶段", "下一步", "新的一年", "下半年"):
        return "plan"
    if text == "今年":
        return None if month is None else ("plan" if month <= 6 else "review")
    return None


def absolute(kind: str, text: str, report_year: int | None, month: int | None = None,
             context_year: int | None = None) -> str:
    """今年 -> 2020年 (for a 2020 report), 二〇二五年 -> 2025年, 过去一年 -> the year it means, 上半年 -> 2025年上半年
    (of the year the context names, else the report's); other phrases as written, five-year plans as “十四五”时期."""
    if kind == "fy":
        return f"“{FIVE_YEAR.search(text).group(1)}”时期"
    if kind == "year":
        return str(cn_year(text[:4])) + text[4:]
    if kind == "rel" and text in ("上半年", "下半年") and (context_year or report_year):
        return f"{context_year or report_year}年{text}"
    if kind == "rel" and report_year is not None:
        past = -1 if month is None or month <= 6 else 0  # a report early in the year looks back on the last one
        y = {"今年": 0, "明年": 1, "去年": -1, "上年": -1, "过去一年": past, "过去的一年": past, "一年来": past}.get(text)
        if y is not None:
            return f"{report_year + y}年"
        if text == "今年以来":
            return f"{report_year}年以来"
    return text
