"""Numbers as Chinese reports write them: Arabic and Chinese numerals, 万/亿 magnitudes, full-width forms."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

FULLWIDTH = str.maketrans("０１２３４５６７８９．％，－～", "0123456789.%,-~")

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
MAGNITUDES = {"万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000, "千": 1000, "百": 100}

#: Characters that may form a Chinese numeral.
CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"
#: Characters that carry a digit value (a numeral made only of 十/百/千/万/亿 is not a number: 万家, 百强).
CN_DIGIT_CHARS = "零〇○一二两三四五六七八九"

ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?"


def to_ascii(s: str) -> str:
    """Full-width digits and signs to ASCII (for parsing only; the source text is never rewritten)."""
    return s.translate(FULLWIDTH)


def parse_arabic(s: str) -> Decimal:
    """'1,234.5' / '１２３' -> Decimal."""
    s = to_ascii(s).replace(",", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(f"not a number: {s!r}") from None


def _parse_cn_section(s: str) -> int:
    """Parse a Chinese numeral below 10,000 (no 万/亿): 三千零五 -> 3005, 十八 -> 18."""
    total, digit = 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    if digit is not None:
        total += digit
    return total


def parse_chinese(s: str) -> Decimal:
    """Parse a Chinese numeral: 五十四万亿 -> 54000000000000, 两千 -> 2000, 十八点五 -> 18.5.

    A bare digit string such as 二〇二四 is read digit by digit.
    """
    if not s:
        raise ValueError("empty numeral")
    if "点" in s:
        whole, frac = s.split("点", 1)
        w = parse_chinese(whole) if whole else Decimal(0)
        digits = "".join(str(CN_DIGITS[c]) for c in frac if c in CN_DIGITS)
        if len(digits) != len(frac):
            raise ValueError(f"not a Chinese numeral: {s!r}")
        return w + Decimal("0." + digits)
    if all(c in CN_DIGITS for c in s) and len(s) > 1:
        return Decimal("".join(str(CN_DIGITS[c]) for c in s))
    for big, factor in (("亿", 100_000_000), ("万", 10_000)):
        if big in s:
            head, rest = s.split(big, 1)
            high = parse_chinese(head) if head else Decimal(1)
            return high * factor + (parse_chinese(rest.lstrip("零〇")) if rest.lstrip("零〇") else 0)
    return Decimal(_parse_cn_section(s.lstrip("零〇") or "零"))


def parse_number(num: str, magnitude: str = "") -> Decimal:
    """Parse an Arabic or Chinese numeral and apply a magnitude (万, 亿, 万亿)."""
    if re.fullmatch(ARABIC, num):
        v = parse_arabic(num)
    else:
        v = parse_chinese(num)
    if magnitude:
        v *= MAGNITUDES[magnitude]
    return v


def as_plain(v: Decimal) -> int | float:
    """Decimal -> int when whole, else float (for YAML)."""
    if v == v.to_integral_value():
        return int(v)
    return float(v)


def format_value(value: float | int, unit: str = "") -> str:
    """Write a value the way Chinese reports do: 10600 -> 1.06万, 320000000 -> 3.2亿."""
    v = Decimal(str(value))
    for factor, name in ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万")):
        if abs(v) >= factor:
            q = (v / factor).normalize()
            return f"{q:f}{name}{unit}"
    return f"{v.normalize():f}{unit}"
