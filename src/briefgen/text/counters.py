"""Counting in Chinese for numbering: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (一、 （一） headings)."""

from __future__ import annotations

_DIGITS = "〇一二三四五六七八九"


def chinese(n: int) -> str:
    """*n* written with Chinese numerals as numbering uses them (below 10,000; other numbers as digits)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d, n = divmod(n, size)
        if d:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and d == 1 and not out) else _DIGITS[d]) + unit
            zero = False
        elif out:
            zero = True
    return out
