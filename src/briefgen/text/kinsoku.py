"""禁则 (line-breaking rules) of Chinese text: what may not start or end a line, what stays together.

* no line starts with a character of ``CANNOT_START`` (closing punctuation ``，。、；：？！）》」』】〕〗〉…”’%％·``,
  ASCII ``,.;:?!)]}``, small kana, units such as ``℃‰``);
* no line ends with a character of ``CANNOT_END`` (``（《「『【〔〖〈“‘``, ASCII ``([{``, currency prefixes);
* ``——`` and ``……`` are never split in half;
* "glued" sequences stay together where possible: Latin words, numbers with their decimal point or
  thousands separator, a following ``%``/``‰``/``℃`` and up to three magnitude/unit characters
  (``1.06万件``, ``36.9%``, ``2019年``, ``3.5亿元``).

Every renderer and reader that breaks or joins lines uses these sets (:func:`break_allowed`).
"""

from __future__ import annotations

#: closing punctuation that may be hung in the right margin (one character at most)
HANGABLE = frozenset("，。、；：？！）》」』】〕〗〉〙〛｝］”’" ",.;:?!)]}" "｡､｣")

#: may not start a line
CANNOT_START = HANGABLE | frozenset(
    "…‥⋯%％‰℃℉°′″·・〃々〆ー"  # ellipsis, percent, units, middle dot
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"  # small kana (from reportlab's list)
    "゛゜ゝゞヽヾ‐〟｠"
)

#: may not end a line
CANNOT_END = frozenset(
    "（《「『【〔〖〈〘〚｛［｟“‘" "([{" "｢〝"
    "$£¥￥＄￡€#＃@＠§〒№"  # prefixes: currency, number sign ...
)

# glue: characters of a "word" (no break between two of them)
DIGITS = frozenset("0123456789０１２３４５６７８９")
_NUM_SEP = frozenset(".,:．")  # decimal point, thousands separator, 10:30 (between digits only)
_NUM_SUFFIX = frozenset("%％‰℃℉°")
#: magnitude and measure words that stick to a preceding number (up to 3 of them)
NUMBER_UNITS = frozenset(
    "万亿千百兆"
    "年月日号时分秒周天岁"
    "件元角人次个家名场项倍位条台辆户所座套种类批期度米克吨亩里升页章节届轮票份笔架艘只头张本册部篇例起宗单"
)
_MAX_UNITS = 3
#: joiners inside a Latin word: COVID-19, No.5, A/B, snake_case, it's
_JOINERS = frozenset("-_/.'@&")
#: never split a run of two or more of these (—— ……)
_DOUBLED = frozenset("—―…⋯")


def _is_word_char(c: str) -> bool:
    # Latin/Greek/Cyrillic letters and digits: below U+3000 and alphanumeric.
    return c.isalnum() and ord(c) < 0x3000 or c in DIGITS


def glued(s: str, b: int) -> bool:
    """True if the boundary between s[b-1] and s[b] should not be broken (a word, a number with its unit)."""
    c0, c1 = s[b - 1], s[b]
    if _is_word_char(c0) and _is_word_char(c1):  # abc, 2019, COVID19
        return True
    if c1 in _JOINERS and _is_word_char(c0) and b + 1 < len(s) and _is_word_char(s[b + 1]):  # COVID|-19
        return True
    if c0 in _JOINERS and _is_word_char(c1) and b >= 2 and _is_word_char(s[b - 2]):  # COVID-|19
        return True
    if c0 == c1 and c0 in _DOUBLED:  # —— ……
        return True
    if c1 in _NUM_SEP and c0 in DIGITS and b + 1 < len(s) and s[b + 1] in DIGITS:  # 1|.06
        return True
    if c0 in _NUM_SEP and c1 in DIGITS and b >= 2 and s[b - 2] in DIGITS:  # 1.|06
        return True
    if c1 in _NUM_SUFFIX and c0 in DIGITS:  # 36.9|%
        return True
    if c1 in NUMBER_UNITS:  # 1.06|万|件, 2019|年: walk back over units to a digit
        j = b - 1
        while j >= 0 and b - j <= _MAX_UNITS and s[j] in NUMBER_UNITS:
            j -= 1
        return j >= 0 and b - j <= _MAX_UNITS and (s[j] in DIGITS or s[j] in _NUM_SUFFIX)
    return False


def break_allowed(s: str, b: int, glue: bool = True) -> bool:
    """May a line end after s[b-1] and the next one start with s[b]?"""
    if b <= 0 or b >= len(s):
        return True
    if s[b] in CANNOT_START or s[b - 1] in CANNOT_END:
        return False
    return not (glue and glued(s, b))
