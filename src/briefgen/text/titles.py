"""Breaking a long Chinese title into balanced lines, words kept whole (GB/T 9704 §7.3.1), for every output."""

from __future__ import annotations

import itertools
from typing import Callable

from .kinsoku import CANNOT_END, CANNOT_START
from .width import em, is_wide
from .recache import rx

#: Words a title clause commonly starts with: a line may begin before them without splitting a word.
CLAUSE_STARTS = ("为", "以", "在", "把", "向", "贡献", "推动", "推进", "实现", "迎接", "奋力", "助力", "开创",
                 "谱写", "书写", "争当", "勇当", "奋进", "展现", "凝聚", "团结", "加快", "促进", "全力")
#: At most this many line breaks are considered (a title of more lines is left to the renderer).
MAX_BREAKS = 3


def _penalties(title: str) -> dict[int, int]:
    """Candidate break positions (a line starts at index i) with their penalty."""
    cand: dict[int, int] = {}
    for i in range(1, len(title)):
        a, b = title[i - 1], title[i]
        if b == " ":
            continue
        if a == " ":
            cand[i] = 0
        elif a in "，、；：" and b not in CANNOT_START:
            cand[i] = 1
        elif any(title.startswith(w, i) for w in CLAUSE_STARTS) and is_wide(a) and a not in CANNOT_END:
            cand[i] = 3
        elif (title.startswith(("和", "与", "及", "暨"), i) or a == "的") and is_wide(a) and is_wide(b):
            cand[i] = 5
        elif (rx(r"[0-9A-Za-z.%]").match(a) and rx(r"[0-9A-Za-z.%万亿]").match(b)) or b in CANNOT_START \
                or a in CANNOT_END:
            continue
        else:
            cand[i] = 50
    return cand


def title_lines(title: str, max_width: float, char_width: Callable[[str], float] | None = None) -> list[str]:
    """Break *title* into centred lines no wider than *max_width*: words kept whole, lines balanced.

    Breaks at spaces first, then after punctuation, then before a clause word; a break anywhere else
    (never inside a number or Latin word) only when nothing else fits. *char_width* measures one
    character in the unit of *max_width* (default: em, wide 1, other 0.5); a line is never narrower
    than two wide characters. Returns ``[title]`` when the title fits or cannot be broken into at
    most ``MAX_BREAKS + 1`` lines.
    """
    width_of = char_width or (lambda ch: em(ch))
    title = " ".join(title.split())
    prefix = [0.0]
    for ch in title:
        prefix.append(prefix[-1] + width_of(ch))
    if prefix[-1] <= max_width:
        return [title]
    cand = _penalties(title)
    positions = sorted(cand)
    unit = width_of("一")

    def width(a: int, b: int) -> float:  # of title[a:b] without the spaces at either end
        while a < b and title[a] == " ":
            a += 1
        while b > a and title[b - 1] == " ":
            b -= 1
        return prefix[b] - prefix[a]

    best: tuple[float, list[str]] | None = None
    for n_breaks in range(1, MAX_BREAKS + 1):
        if prefix[-1] > (n_breaks + 1) * max_width + unit * n_breaks:
            continue  # cannot fit in this many lines: skip the combinations
        for combo in _feasible(positions, n_breaks, len(title), lambda a, b: 2 * unit <= width(a, b) <= max_width):
            cuts = [0, *combo, len(title)]
            widths = [width(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
            cost = sum(cand[c] for c in combo) + 20 * n_breaks
            # a phrase the author set off with spaces is split only on lines of its own
            cost += sum(30 for k, c in enumerate(combo) if cand[c] and " " in title[cuts[k]:c].strip())
            cost += sum(((max(widths) - w) / max_width) ** 2 for w in widths) * 4
            if best is None or cost < best[0]:
                best = (cost, [title[cuts[k]:cuts[k + 1]].strip() for k in range(len(cuts) - 1)])
        if best is not None and best[0] < 20 * (n_breaks + 1):
            break
    return best[1] if best else [title]


def _feasible(positions: list[int], n: int, end: int, fits: Callable[[int, int], bool], start: int = 0):
    """The combinations of *n* break positions (as ``itertools.combinations`` gives them, in its order)
    whose every line ``fits``; lines that cannot fit are not extended, so few combinations are tried."""
    if n == 0:
        if fits(start, end):
            yield ()
        return
    for k, p in enumerate(positions):
        if p <= start or not fits(start, p):
            continue
        for rest in _feasible(positions[k + 1:], n - 1, end, fits, p):
            yield (p, *rest)
