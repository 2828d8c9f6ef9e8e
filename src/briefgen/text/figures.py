"""Finding a figure as written (1.06万件, 36.9%) in text: as a whole number, never the tail of a longer one."""

from __future__ import annotations

import re
from .recache import rx


def find_figure(text: str, fig: str, start: int = 0) -> int:
    """Index of *fig* in *text* at or after *start* where it is a whole number (not the tail of 13万
    when looking for 3万), or -1."""
    if not fig:
        return -1
    i = text.find(fig, start)
    while i >= 0:
        before = text[i - 1:i]
        after = text[i + len(fig):i + len(fig) + 1]
        whole_start = not (fig[0].isdigit() and before and (before.isdigit() or before in ".．"))
        whole_end = not (fig[-1].isdigit() and after and (after.isdigit() or after in ".．"))
        if whole_start and whole_end:
            return i
        i = text.find(fig, i + 1)
    return -1


def has_figure(text: str, fig: str) -> bool:
    return find_figure(text, fig) >= 0


def figure_pattern(texts: list[str]) -> re.Pattern | None:
    """Matches any of *texts* (indicator texts, longest first), not inside a longer number."""
    texts = sorted({t for t in texts if t and t.strip()}, key=len, reverse=True)
    if not texts:
        return None
    return rx(r"(?<![0-9.．,])(?:" + "|".join(re.escape(t) for t in texts) + ")")
