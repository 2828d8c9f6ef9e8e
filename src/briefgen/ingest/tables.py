"""Markdown pipe tables in a report: rows stay text lines; a number in a cell is named by its row and column."""

from __future__ import annotations


from ..text.recache import rx
from ..text.width import fold_digits

_RULE = rx(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")
_YEAR = rx(r"((?:19|20)\d{2})\s*年")


def is_row(s: str) -> bool:
    """| 指标 | 2024年 | 2025年 |: a row of a pipe table (never a heading, never joined to another line)."""
    return len(s) >= 5 and s.startswith("|") and s.endswith("|") and s.count("|") >= 3 and not _RULE.match(s)


def is_rule(s: str) -> bool:
    """|---|:---:|: the line under a pipe table's header."""
    return bool(_RULE.match(s))


def cells(line: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of each cell of a row."""
    out = []
    bars = [i for i, c in enumerate(line) if c == "|"]
    for a, b in zip(bars, bars[1:]):
        out.append((a + 1, b, line[a + 1:b].strip()))
    return out


def headers(rows: list[tuple[int, str]]) -> dict[int, str]:
    """Block index -> the header row of its table, for each data row of consecutive (index, text) rows."""
    out: dict[int, str] = {}
    head: str | None = None
    last = None
    for bi, text in rows:
        if last is None or bi != last + 1:
            head = text  # the first row of a run is its header
        elif head is not None:
            out[bi] = head
        last = bi
    return out


def cell_label(row: str, header: str, pos: int) -> tuple[str, str | None] | None:
    """(label, 'baseline' or None) for the number at *pos* in *row*: the row's name with its column's year
    (2024年家庭医生签约率); a year column before the table's latest year holds baselines."""
    cs, hs = cells(row), cells(header)
    col = next((k for k, (a, b, _) in enumerate(cs) if a <= pos < b), None)
    if col is None or col == 0 or not cs[0][2] or len(hs) != len(cs):
        return None
    name = rx(r"[*_`]").sub("", cs[0][2])
    years = [_YEAR.search(fold_digits(h[2])) for h in hs]
    known = [int(y.group(1)) for y in years if y]
    y = years[col]
    if not y:
        head = hs[col][2]
        return (f"{name}（{head}）" if head and not rx(r"\d").search(head) else name), None
    kind = "baseline" if len(known) >= 2 and int(y.group(1)) < max(known) else None
    return f"{y.group(1)}年{name}", kind
