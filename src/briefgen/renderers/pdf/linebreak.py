"""Chinese line breaking (避头尾 / 禁则) for reportlab paragraphs.

reportlab 5.1's ``wordWrap="CJK"`` wraps character by character with two
splitters in ``reportlab.platypus.paragraph``:

* ``wordSplit`` (really ``reportlab.lib.textsplit.dumbSplit``), used when the
  paragraph is one single fragment (no markup);
* ``cjkFragSplit``, used for paragraphs with several fragments (``<b>``,
  ``<font>``, ``<br/>`` ...).

Both only know one rule: when the character that overflows the line is in
the Japanese-oriented ``ALL_CANNOT_START`` list it is hung in the right
margin.  ``，；：？！》〉…—·`` are not in that list, and nothing stops a line
from *ending* with an opening bracket or quote.

``install()`` replaces those two module-level names in
``reportlab.platypus.paragraph`` with the modified copies below (``Paragraph
.breakLinesCJK`` looks them up at call time).  It only affects paragraphs
with ``wordWrap="CJK"``.  The rules are :mod:`briefgen.text.kinsoku`'s.

How a line is ended: fill greedily; on overflow at character ``k``

1. break before ``k`` if that is allowed;
2. else, if ``k`` is closing punctuation that may be hung (``HANGABLE``) and
   breaking after it is allowed, hang it in the right margin (what
   reportlab already did, one character at most).  ``install(hang=False)``
   turns this off: no glyph ever crosses the frame edge (better for table
   cells with visible borders), at the price of a line one or two
   characters short where a mark would have hung;
3. else walk back to the nearest allowed break, honouring the glue rules
   as long as the line stays at least half full; then ignoring glue; as a last resort cut at
   ``k`` like reportlab does (only for pathological input such as a line
   full of opening brackets).
"""

from __future__ import annotations

from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.rl_config import _FUZZ

from ...text.kinsoku import CANNOT_END, CANNOT_START, HANGABLE, break_allowed

__all__ = [
    "CANNOT_START",
    "CANNOT_END",
    "HANGABLE",
    "install",
    "uninstall",
    "installed",
    "break_allowed",
    "cjk_word_split",
    "cjk_frag_split",
]


def _half_line(widths, lo: int, k: int, maxWidth: float) -> int:
    """Smallest b > lo such that s[lo:b] fills at least half the line."""
    used, b = 0.0, lo
    while b < k and used < maxWidth / 2:
        used += widths[b]
        b += 1
    return b


def _find_break(s: str, lo: int, k: int, half: int) -> int:
    """Line holds s[lo:k] and s[k] overflowed; return where the next line starts (> lo).

    ``half``: glue is only honoured for breaks at or after this index
    (``_half_line``), so a long Latin word or number does not empty the line.
    """
    if k > lo and break_allowed(s, k):
        return k  # 1. plain break before the overflowing char
    if _options["hang"] and s[k] in HANGABLE and k > lo and break_allowed(s, k + 1):
        return k + 1  # 2. hang one closing punctuation mark
    for b in range(k - 1, max(lo, half - 1), -1):  # 3a. nearest break honouring glue
        if break_allowed(s, b):
            return b
    for b in range(k, lo, -1):  # 3b. punctuation rules only
        if break_allowed(s, b, glue=False):
            return b
    return k if k > lo else k + 1  # 3c. knife cut; always make progress


def _skip_spaces(s: str, i: int) -> int:
    while i < len(s) and s[i] == " ":
        i += 1
    return i


# --------------------------------------------------------------------------
# modified copies of reportlab's splitters
# --------------------------------------------------------------------------


def cjk_word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
    """Replacement for ``reportlab.lib.textsplit.wordSplit`` (one-fragment paragraphs).

    Returns ``[[extraSpace, text], ...]`` like the original.
    """
    if isinstance(word, bytes):
        word = word.decode(encoding)
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    widths = [stringWidth(c, fontName, fontSize) for c in word]
    lines = []
    n = len(word)
    maxWidth = maxWidths[0]
    lo = i = 0
    widthUsed = 0
    while i < n:
        widthUsed += widths[i]
        i += 1
        if widthUsed > maxWidth + _FUZZ and widthUsed > 0:
            b = _find_break(word, lo, i - 1, _half_line(widths, lo, i - 1, maxWidth))
            text = word[lo:b].rstrip(" ")
            lines.append([maxWidth - sum(widths[lo : lo + len(text)]), text])
            maxWidth = maxWidths[min(len(lines), len(maxWidths) - 1)]
            lo = i = _skip_spaces(word, b)
            widthUsed = 0
    if widthUsed > 0:
        lines.append([maxWidth - widthUsed, word[lo:]])
    return lines


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """Replacement for ``reportlab.platypus.paragraph.cjkFragSplit`` (multi-fragment paragraphs).

    Same structure as the original: explode the fragments into one ``cjkU`` per
    character (or one empty ``cjkU`` for images / ``<br/>``), fill lines greedily,
    and build each line with reportlab's ``makeCJKParaLine``.  Only the choice of
    the break position differs (``_find_break``).
    """
    U = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            U.extend([cjkU(t, f, encoding) for t in text])
        else:
            U.append(cjkU(text, f, encoding))
    # one char per U entry; images / empty frags become NUL (no rule applies)
    s = "".join(u if len(u) == 1 else "\0" for u in U)
    n = len(U)
    ws = [0.0] * n  # widths as accumulated for the current line
    lines = []
    maxWidth = maxWidths[0]
    lo = i = 0
    widthUsed = 0
    while i < n:
        u = U[i]
        w = u.width
        if hasattr(w, "normalizedValue"):  # percentage widths of inline images
            w._normalizer = maxWidth
            w = w.normalizedValue(maxWidth)
        ws[i] = w
        widthUsed += w
        i += 1
        lineBreak = hasattr(u.frag, "lineBreak")
        if lineBreak or (widthUsed > maxWidth + _FUZZ and widthUsed > 0):
            if lineBreak:  # <br/>: keep everything up to and including it
                b = i
                extraSpace = maxWidth - widthUsed
            else:
                b = _find_break(s, lo, i - 1, _half_line(ws, lo, i - 1, maxWidth))
                widthUsed = sum(ws[lo:b])
                extraSpace = maxWidth - widthUsed
            lines.append(makeCJKParaLine(U[lo:b], maxWidth, widthUsed, extraSpace, lineBreak, calcBounds))
            maxWidth = maxWidths[min(len(lines), len(maxWidths) - 1)]
            lo = i = _skip_spaces(s, b) if not lineBreak else b
            widthUsed = 0
    if widthUsed > 0:
        lines.append(makeCJKParaLine(U[lo:], maxWidth, widthUsed, maxWidth - widthUsed, False, calcBounds))
    return ParaLines(kind=1, lines=lines)


# --------------------------------------------------------------------------
# install / uninstall
# --------------------------------------------------------------------------

_options = {"hang": True}

_ORIGINAL = {
    "wordSplit": _rl_paragraph.wordSplit,
    "cjkFragSplit": _rl_paragraph.cjkFragSplit,
}


def install(hang: bool = True) -> None:
    """Make every ``wordWrap="CJK"`` paragraph obey the rules above (idempotent).

    ``hang``: allow one closing punctuation mark to hang in the right margin
    (reportlab's behaviour) instead of pushing it, with the character before it,
    to the next line.  The setting is process-wide, the last call wins.
    """
    _options["hang"] = bool(hang)
    _rl_paragraph.wordSplit = cjk_word_split
    _rl_paragraph.cjkFragSplit = cjk_frag_split


def uninstall() -> None:
    """Restore reportlab's own splitters (mainly for tests)."""
    _rl_paragraph.wordSplit = _ORIGINAL["wordSplit"]
    _rl_paragraph.cjkFragSplit = _ORIGINAL["cjkFragSplit"]


def installed() -> bool:
    return _rl_paragraph.cjkFragSplit is cjk_frag_split and _rl_paragraph.wordSplit is cjk_word_split
