"""One item per line (image posts, 一图读懂): a label line over its value lines, section numbers 01 / 02."""

from __future__ import annotations

from ..model import Repair
from ..text.headings import is_strong_heading
from ..text.quantities import find_quantities
from ..text.recache import rx

#: A section number alone on a line, zero-padded as designed posts set them: 01, 02, PART 03.
SEQ = rx(r"^(?:PART|Part|part)?\s*0[1-9]$")
#: What a value line may say around its figures: 增长6.1%, 同比增长5%左右, 达218.6亿元.
_VALUE_WORDS = rx(r"^(?:同比|比上年|较上年|年均|增长|下降|提高|降低|增加|减少|增幅|达到|达|突破|超过|超|约|近|共|累计|新增|"
                  r"完成|实现|力争|确保|保持|控制在|稳定在|左右|以上|以内|以下|上下|多|余|分别|为|人均|预计|目标|"
                  r"[（(]?预期[）)]?|[\s、/]|[（(][^（）()]{0,8}[）)])*$")
#: Marks a line in such a run never has: a sentence or a clause in it.
_CLAUSE = rx(r"[。！？!?；;，,]")
_ITEM_LEN = 30


def has_figure(s: str) -> bool:
    """A number with its unit (218.6亿元, 6.1%, 27个); a year is none."""
    return bool(find_quantities(s))


def is_value(s: str) -> bool:
    """A line that is a figure with at most a few words of change or degree: 218.6亿元, 增长6.1%, 增长6%左右."""
    qs = find_quantities(s)
    if not qs or len(s) > 20:
        return False
    rest, at = [], 0
    for q in qs:
        rest.append(s[at:q.start])
        at = q.end
    rest.append(s[at:])
    return bool(_VALUE_WORDS.match("".join(rest)))


#: A label and its figure on one line: 地区生产总值：218.6亿元，增长6.1%.
_PAIR = rx(r"^[^：:，,。；;！？]{2,20}[：:]\s*(?P<value>[^。！？；;]{1,30})$")


def is_pair(s: str) -> bool:
    """A line that is a label, a colon and the figures it labels (no sentence): an item, not a heading."""
    m = _PAIR.match(s)
    return bool(m) and has_figure(m.group("value"))


def is_seq(s: str, nxt: str | None) -> bool:
    """01 alone on a line, a short title under it: a section number, not a page number."""
    return bool(SEQ.match(s)) and nxt is not None and 2 <= len(nxt) <= _ITEM_LEN and not _CLAUSE.search(nxt) \
        and not SEQ.match(nxt) and not is_strong_heading(nxt)  # a numbered heading after a page's number


def _short(s: str) -> bool:
    return len(s) <= _ITEM_LEN and not _CLAUSE.search(s)


def _value_first(s: str) -> bool:
    """A value line with a remark after it: 增长6.1%，增速居全市第一."""
    return len(s) <= 40 and not rx(r"[。！？!?；;]").search(s) and is_value(rx(r"[，,]").split(s)[0])


def pair(lines: list, repairs: list[Repair]) -> list:
    """Runs of short lines where figures stand on lines of their own under a label line: each label is joined
    with its value lines (地区生产总值 / 218.6亿元 / 增长6.1% -> 地区生产总值218.6亿元，增长6.1%) and every line
    of the run is marked ``item`` (never joined to its neighbours as a cut paragraph, never a heading)."""
    out: list = []
    i, n = 0, len(lines)
    while i < n:
        j = i
        while j < n and (_short(lines[j].text) or j > i and _value_first(lines[j].text)) and not lines[j].bullet:
            j += 1
        run = lines[i:j]
        values = [is_value(ln.text) or _value_first(ln.text) for ln in run]
        if j - i >= 3 and sum(values) >= 2 and any(values[k] and k and not values[k - 1] for k in range(len(run))):
            out.extend(_paired(run, values, repairs))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _paired(run: list, values: list[bool], repairs: list[Repair]) -> list:
    spaced = all(ln.blank_before for ln in run[1:])  # every line set apart: a blank line says nothing
    out: list = []
    for k, (ln, value) in enumerate(zip(run, values)):
        ln.item = True
        if not spaced and _worded_pair(out[-1] if out else None, ln, run[k + 1] if k + 1 < len(run) else None,
                                       value):
            label = out[-1]  # 城乡居民收入 / 与经济增长基本同步: a target in words, set like the others
            repairs.append(Repair("join", ln.line, f"joined value line {ln.line} to its label: "
                                                   f"…{label.text[-8:]}|{ln.text[:8]}…"))
            label.text += "：" + ln.text
            label.parts.append(ln.line)
            label.value = True
            continue
        label = out[-1] if out and value else None
        if label is not None and (spaced or not ln.blank_before) and not SEQ.match(label.text) \
                and not is_strong_heading(label.text) \
                and (len(label.parts) == 1 or label.value):
            sep = "，" if label.value else ("：" if rx(r"[0-9A-Za-z]$").search(label.text) else "")
            repairs.append(Repair("join", ln.line, f"joined value line {ln.line} to its label: "
                                                   f"…{label.text[-8:]}|{ln.text[:8]}…"))
            label.text += sep + ln.text
            label.parts.append(ln.line)
            label.value = True
            continue
        ln.value = value
        out.append(ln)
    return out


def _worded_pair(label, ln, nxt, value: bool) -> bool:
    """Two lines set apart from the rest as the figure pairs around them are, neither with a figure:
    a label and its value in words (城乡居民收入 / 与经济增长基本同步), not two headings."""
    return (label is not None and not value and not label.value and label.blank_before and not ln.blank_before
            and (nxt is None or nxt.blank_before) and len(label.parts) == 1 and not SEQ.match(label.text)
            and not is_strong_heading(label.text) and not is_strong_heading(ln.text)
            and not has_figure(label.text) and not has_figure(ln.text))
