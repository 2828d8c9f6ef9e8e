"""How wide Chinese text is: full-width characters, em estimates for layout, monospace columns.

One rule for every output: in Chinese text a character is *wide* (one em, two terminal columns) when
Unicode gives it East Asian width Wide, Fullwidth or Ambiguous — UAX #11 says Ambiguous characters
(“ ” … · — ① ℃ ×) take the full width in an East Asian context, and Chinese fonts set them so.
"""

from __future__ import annotations

import unicodedata
from typing import Callable
from .recache import rx

_WIDE = frozenset("WFA")


def is_wide(ch: str) -> bool:
    """True for a character that takes a full em in Chinese text (CJK, full-width forms, “”…·①)."""
    return unicodedata.east_asian_width(ch) in _WIDE


def has_wide(text: str) -> bool:
    """True when *text* holds at least one wide character (it needs the East Asian font)."""
    return any(is_wide(c) for c in text)


def latin_em(ch: str) -> float:
    """Advance of a narrow character in em, for proportional fonts: capitals and %@&MW 0.7,
    .,:;!|'il and space 0.3, other ASCII 0.56, anything else narrow 0.5."""
    if ch == " " or ch in ".,:;!|'il":
        return 0.3
    if ch.isascii():
        return 0.7 if ch.isupper() or ch in "%@&MW" else 0.56
    return 0.5


def em(text: str, narrow: float | Callable[[str], float] = 0.5, gap: float = 0.0) -> float:
    """Width of *text* in em: a wide character 1, any other *narrow* (a number, or a function of the
    character such as :func:`latin_em`), plus *gap* em wherever wide and narrow text meet (the space
    Word and LibreOffice insert between Chinese and Latin text; none before a space)."""
    w = 0.0
    prev: bool | None = None
    for ch in text:
        wide = is_wide(ch)
        w += 1.0 if wide else (narrow(ch) if callable(narrow) else narrow)
        if gap and prev is not None and wide != prev and not ch.isspace():
            w += gap
        prev = wide
    return w


def columns(text: str) -> int:
    """Monospace columns of *text* (a terminal, a plain-text table, hard-wrapped text): 2 per wide character."""
    return sum(2 if is_wide(c) else 1 for c in text)


_FOLD = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_FULL_WIDTH_DIGIT = rx("[０-９．％]")


def fold_digits(text: str) -> str:
    """Full-width digits, point and percent (２０２５．５％) as ASCII, one character for one, so every offset
    into *text* stays valid: for reading dates and years, never for the text that is kept."""
    return text.translate(_FOLD) if _FULL_WIDTH_DIGIT.search(text) else text
