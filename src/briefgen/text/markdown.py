"""Chinese text into Markdown: escaped so it is never read as markup, figures in bold where CommonMark allows."""

from __future__ import annotations

import unicodedata

from .figures import find_figure
from .recache import rx

_MD_SPECIAL = rx(r"([\\`*_\[\]<>#|~])")


def md_escape(s: str) -> str:
    """Backslash-escape the ASCII characters CommonMark could read as markup, and a leading list
    marker (1. / 1) / + / -) so a bullet or heading text never turns into a nested list."""
    s = _MD_SPECIAL.sub(r"\\\1", s)
    m = rx(r"^(\d{1,9})([.)])(\s|$)").match(s)
    if m:
        s = m.group(1) + "\\" + s[len(m.group(1)):]
    elif rx(r"^[-+=](\s|$)").match(s):
        s = "\\" + s
    return s


def _is_punct(ch: str) -> bool:
    return bool(ch) and (unicodedata.category(ch).startswith("P") or unicodedata.category(ch).startswith("S"))


def md_bold(text: str, figures: list[str]) -> str:
    """*text* escaped for Markdown with each figure's first occurrence in **bold**, where CommonMark's
    emphasis rules allow it (a figure ending in % right before a character stays plain)."""
    spans: list[tuple[int, int]] = []
    for f in figures:
        if not f:
            continue
        i = find_figure(text, f)
        while i >= 0 and any(a < i + len(f) and i < b for a, b in spans):
            i = find_figure(text, f, i + 1)
        if i < 0:
            continue
        before, first, last, after = text[i - 1:i], text[i], text[i + len(f) - 1], text[i + len(f):i + len(f) + 1]
        opens = not _is_punct(first) or not before or before.isspace() or _is_punct(before)
        closes = not _is_punct(last) or not after or after.isspace() or _is_punct(after)
        if opens and closes:
            spans.append((i, i + len(f)))
    out, pos = [], 0
    for a, b in sorted(spans):
        out.append(md_escape(text[pos:a]) if pos == 0 else _MD_SPECIAL.sub(r"\\\1", text[pos:a]))
        out.append("**" + _MD_SPECIAL.sub(r"\\\1", text[a:b]) + "**")
        pos = b
    out.append(_MD_SPECIAL.sub(r"\\\1", text[pos:]) if pos else md_escape(text[pos:]))
    return "".join(out)
