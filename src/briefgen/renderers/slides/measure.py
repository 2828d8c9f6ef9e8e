"""How much text fits a placeholder: line counts from character widths, the largest size that fits."""

from __future__ import annotations

from dataclasses import dataclass

from ...text.kinsoku import CANNOT_END, CANNOT_START
from ...text.recache import rx
from ...text.titles import title_lines as balanced_title
from ...text.width import em, latin_em

#: Line height as a multiple of the font size at single spacing: Microsoft YaHei's line in PowerPoint
#: is 1.32 em (DengXian 1.30, SimSun 1.14; LibreOffice sets Noto Sans CJK at about 1.2), plus a margin.
LINE = 1.35
#: Space before a bullet, as a multiple of the font size.
SPACE_BEFORE = 0.6
#: Share of the measured line width the estimate may fill (glyph widths differ between fonts).
FILL = 0.92
#: Gap between Chinese and Latin/digits some renderers add (LibreOffice's Asian–Latin autospace), em.
AUTOSPACE = 0.2


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: Latin words and numbers (with decimal point, %, unit letters) stay whole,
    closing punctuation sticks to what precedes it and opening punctuation to what follows."""
    raw = rx(r"[A-Za-z0-9][A-Za-z0-9.,%\-/]*|\s+|.").findall(text)
    out: list[str] = []
    carry = ""
    for t in raw:
        if t in CANNOT_END or (len(t) == 1 and t in CANNOT_END):
            carry += t
            continue
        t = carry + t
        carry = ""
        if out and t[0] in CANNOT_START:
            out[-1] += t
        else:
            out.append(t)
    if carry:
        out.append(carry)
    return out


def token_em(t: str) -> float:
    """Width of a token; a Latin/number token gets AUTOSPACE em on each side, the gap renderers such
    as LibreOffice put between Chinese and Latin text."""
    w = em(t, narrow=latin_em)
    if rx(r"[A-Za-z0-9]").search(t):
        w += 2 * AUTOSPACE
    return w


def text_em(text: str) -> float:
    return sum(token_em(t) for t in _tokens(text))


def count_lines(text: str, width_em: float) -> int:
    """Lines *text* takes in a box *width_em* wide (greedy fill, no token split unless it is wider
    than a whole line)."""
    if not text:
        return 1
    lines, used = 1, 0.0
    for t in _tokens(text):
        w = token_em(t)
        if t.isspace():
            used += w
            continue
        if used + w <= width_em + 1e-9:
            used += w
            continue
        if w > width_em:  # wider than a line: wraps inside
            if used > 0:
                lines += 1
            lines += int(w // width_em)
            used = w - width_em * int(w // width_em)
            continue
        lines += 1
        used = w
    return lines


@dataclass
class Box:
    """A text placeholder's usable area in points, and the bullet indent of its paragraphs."""

    width: float
    height: float
    indent: float = 0.0  #: left margin of bullet paragraphs (marL)


def paras_height(paras: list[tuple[str, float]], box: Box, size: float, space_before: bool) -> float:
    """Height of paragraphs [(text, left margin pt)] at *size* pt."""
    h = 0.0
    for text, margin in paras:
        width_em = max(1.0, (box.width - margin) * FILL / size)
        h += count_lines(text, width_em) * size * LINE
        if space_before:
            h += size * SPACE_BEFORE
    return h


def fit_size(paras: list[tuple[str, float]], box: Box, start: int, floor: int, space_before: bool = True,
             one_line_floor: int | None = None) -> int | None:
    """The largest size from *start* down to *floor* (1 pt steps) at which *paras* fit *box*.

    With *one_line_floor*, sizes down to it are taken only if every paragraph stays on one line
    (a wrapped bullet reads worse than a slightly smaller one); below it, wrapping is allowed."""
    if one_line_floor is not None:
        for size in range(int(start), max(int(floor), int(one_line_floor)) - 1, -1):
            one = all(count_lines(t, max(1.0, (box.width - m) * FILL / size)) == 1 for t, m in paras)
            if one and paras_height(paras, box, size, space_before) <= box.height:
                return size
    for size in range(int(start), int(floor) - 1, -1):
        if paras_height(paras, box, size, space_before) <= box.height:
            return size
    return None


def title_lines(text: str, box: Box, size: float) -> list[str]:
    """A long title in balanced lines that each fit *box* (:func:`briefgen.text.titles.title_lines`)."""
    return balanced_title(text, box.width * FILL / size, lambda ch: em(ch, narrow=latin_em))
