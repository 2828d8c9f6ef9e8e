"""Condensing report sentences into slide bullets: short, whole words, every figure kept as written.

A bullet is always made of pieces of the source sentence (never rephrased), so every figure in it is
in the report. The steps, from gentle to strong, stop as soon as the text fits the budget:

1. keep only the clauses (split at ，；。：！？, never inside quotes or brackets) that carry a figure;
2. drop leading time/subject/connective phrases (今年以来、全市各级工会、同时 …) that a slide does not need;
3. drop leading manner words (累计、成功、有效 …) and join the clauses of one sentence while they fit;
4. split a long clause at its enumeration commas (、) and keep the items that carry a figure;
5. keep the window of the item that ends with the figure and starts at a word boundary
   (after punctuation or a function word such as 的/为/和), or failing that the indicator's label
   followed by the figure as the source writes it.

Cuts happen only at those boundaries, so a number and its 万/亿 and unit are never split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.figures import find_figure, has_figure
from ..text.markdown import md_bold
from ..text.sentences import split_clauses

#: Leading phrases a slide drops (time, place/subject, connectives), tried repeatedly and longest first.
LEAD_PHRASES = sorted([
    "今年以来", "去年以来", "一年来", "一年以来", "近年来", "截至目前", "目前", "当前", "全年", "年内",
    "同时", "与此同时", "此外", "另外", "另一方面", "其间", "期间",
    "全市各级工会组织", "全市各级工会", "全市工会系统", "全市工会", "各级工会", "市总工会", "全总",
    "全市共", "全市", "全区", "全省", "全国", "全会上下",
], key=len, reverse=True)
#: Leading words dropped only when the text is still over budget (they add little on a slide).
LEAD_MANNER = sorted(["累计", "共计", "共", "先后", "成功", "有效", "如期", "积极", "扎实", "持续",
                      "进一步", "全面", "深入", "广泛"], key=len, reverse=True)
#: Words that do not start a phrase on their own after a lead phrase is dropped (共同, 共享 …).
_NOT_LEAD_AFTER = {"共": "同享建治有产青", "全市": "场", "全年": "级"}

#: A window may start after one of these (a word boundary in practice).
BOUNDARY_AFTER = set("，、；：“”‘’（）《》「」【】 的和与及为对把将向从在由于了中以并且或等")
#: Two-character verbs that start a new phrase in work reports: a phrase may start (and a cut fall)
#: right before them.
VERB_STARTS = {"推动", "推进", "加强", "建设", "开展", "实现", "提升", "深化", "完善", "健全", "促进", "强化",
               "落实", "打造", "构建", "助力", "坚持", "组织", "引导", "发展", "召开", "举办", "新建", "新增",
               "培训", "慰问", "走访", "发放", "投入", "覆盖", "涵盖", "带动", "形成", "确保", "力争"}
ELLIPSIS = "…"

_NUM_CHARS = "0123456789.,%０１２３４５６７８９．，％"


def char_len(s: str) -> int:
    """Characters counted against the budget: every character counts one (conservative for digits)."""
    return len(s)


def _strip_words(text: str, words: list[str], keep: list[str]) -> str:
    """Drop any of *words* from the start of *text*, repeatedly, as long as every string of *keep*
    stays whole and something substantial (≥ 4 characters) remains."""
    changed = True
    while changed:
        changed = False
        for w in words:
            if not text.startswith(w):
                continue
            rest = text[len(w):]
            if rest[:1] and rest[0] in _NOT_LEAD_AFTER.get(w, ""):
                continue
            if rest[:1] and rest[0] in _NUM_CHARS:
                continue  # "全年1.2万…": the phrase introduces the figure; keep it
            if len(rest) < 4 or not all(has_figure(rest, k) for k in keep):
                continue
            text = rest
            changed = True
            break
    return text


def strip_lead(text: str, keep: list[str] | tuple[str, ...] = (), aggressive: bool = False) -> str:
    """Drop leading time/subject/connective phrases (and manner words when *aggressive*)."""
    keep = list(keep)
    text = _strip_words(text.strip(), LEAD_PHRASES, keep)
    if aggressive:
        text = _strip_words(text, LEAD_MANNER + LEAD_PHRASES, keep)
    return text


def _safe_starts(text: str, limit: int) -> list[int]:
    """Positions ≤ *limit* where a phrase may start: 0 and just after a boundary character."""
    out = [0]
    for i in range(1, min(limit, len(text)) + 1):
        if text[i - 1] in BOUNDARY_AFTER and text[i:i + 1] not in BOUNDARY_AFTER:
            out.append(i)
        elif text[i:i + 2] in VERB_STARTS and text[i - 1] not in _NUM_CHARS:
            out.append(i)
    return out


def _window(item: str, fig: str, budget: int, label: str = "") -> str | None:
    """The shortest readable piece of *item* that ends with *fig* and fits *budget*: it starts at the
    latest word boundary that still leaves some words before the figure, or at the label."""
    at = find_figure(item, fig)
    if at < 0:
        return None
    end = at + len(fig)
    if label:
        li = item.rfind(label, 0, at + 1)
        if li >= 0 and li + len(label) <= at and end - li <= budget:
            # the label starts a phrase when it follows a boundary or the start
            return item[li:end]
    starts = [s for s in _safe_starts(item, at) if end - s <= budget and s < at]
    if starts:
        return item[starts[0]:end]
    return None


@dataclass
class Figure:
    """A figure to keep: its text as written in the sentence and, for the fallback, its label and display."""

    text: str
    label: str = ""
    display: str = ""

    def shown(self, phrase: str) -> str:
        """The form of the figure that appears in *phrase* (with its qualifier when present)."""
        if self.display and self.display in phrase:
            return self.display
        return self.text


def _fits(s: str, budget: int) -> bool:
    return char_len(s) <= budget


def _shorten(clause: str, figs: list[Figure], budget: int) -> list[str]:
    """A clause over budget → one or more phrases within budget, each carrying at least one figure."""
    keep = [f.text for f in figs]
    text = strip_lead(clause, keep, aggressive=True)
    if _fits(text, budget):
        return [text]
    if "分别" in text:  # A、B、C分别增长x、y、z: cut anywhere, a rate lands on the wrong subject
        if _fits(text, 2 * budget):
            return [text]
        return [f"{f.label}{f.display or f.text}" if f.label else (f.display or f.text) for f in figs]
    # enumeration: 新建职工之家605个、暖心驿站9133个、母婴关爱室157个
    items = [s.text for s in split_clauses(text, "、")]
    if len(items) > 1:
        out: list[str] = []
        cur = ""
        for it in items:
            mine = [f for f in figs if has_figure(it, f.text)]
            if not mine:
                continue
            if not _fits(it, budget):
                if cur:
                    out.append(cur)
                    cur = ""
                out.extend(_shorten_item(it, mine, budget))
                continue
            joined = f"{cur}、{it}" if cur else it
            if _fits(joined, budget):
                cur = joined
            else:
                out.append(cur)
                cur = it
        if cur:
            out.append(cur)
        if out:
            return out
    return _shorten_item(text, figs, budget)


def _shorten_item(item: str, figs: list[Figure], budget: int) -> list[str]:
    """One phrase per figure: a window of *item* ending with it, else label + figure, else the figure."""
    out = []
    for f in figs:
        fig = f.shown(item) if f.display else f.text
        w = _window(item, fig, budget, f.label)
        if w is None and fig != f.text:
            w = _window(item, f.text, budget, f.label)
        if w is None:
            cand = f"{f.label}{f.display or f.text}" if f.label else ""
            w = cand if cand and _fits(cand, budget) else (f.display or f.text)
        if w not in out:
            out.append(w)
    return out


def condense(sentence: str, figures: list[Figure] | list[str], budget: int = 30) -> list[str]:
    """Slide phrases (each ≤ *budget* characters) from *sentence* that together carry every figure.

    Clauses without a figure are left out; clauses of one sentence are joined with "，" while they fit.
    A figure not found in the sentence is returned on its own (label + figure) so it is never lost.
    """
    figs = [f if isinstance(f, Figure) else Figure(f) for f in figures]
    clauses = split_clauses(sentence)
    placed: set[int] = set()
    # (phrase, clause index, separator before the clause in the source)
    phrases: list[tuple[str, int, str]] = []
    for n, c in enumerate(clauses):
        ks = [k for k, f in enumerate(figs) if k not in placed and has_figure(c.text, f.text)]
        if not ks:
            continue
        placed.update(ks)
        mine = [figs[k] for k in ks]
        sep = sentence[c.start - 1] if c.start > 0 else ""
        short = strip_lead(c.text.strip(), [f.text for f in mine])
        if _fits(short, budget):
            phrases.append((short, n, sep))
        else:
            for j, p in enumerate(_shorten(short, mine, budget)):
                phrases.append((p, n, sep if j == 0 else "、"))
    out: list[str] = []
    cur, cur_n, cur_closed = "", -2, False
    for p, n, sep in phrases:
        # join only the next clause of the same sentence after a comma; a 其中 clause closes the bullet
        can_join = cur and not cur_closed and n in (cur_n, cur_n + 1) and sep in "，,、"
        joiner = "、" if n == cur_n else "，"
        if can_join and _fits(f"{cur}{joiner}{p}", budget):
            cur, cur_n = f"{cur}{joiner}{p}", n
        elif can_join and _fits(f"{strip_lead(cur, [], True)}{joiner}{strip_lead(p, [], True)}", budget) \
                and _keeps_all(cur + p, f"{strip_lead(cur, [], True)}{joiner}{strip_lead(p, [], True)}", figs):
            cur, cur_n = f"{strip_lead(cur, [], True)}{joiner}{strip_lead(p, [], True)}", n
        else:
            if cur:
                out.append(cur)
            cur, cur_n = p, n
        cur_closed = p.startswith("其中")
    if cur:
        out.append(cur)
    for k, f in enumerate(figs):
        if k not in placed:
            alone = f"{f.label}{f.display or f.text}" if f.label else (f.display or f.text)
            out.append(alone if _fits(alone, budget) else (f.display or f.text))
    return out


def _keeps_all(before: str, after: str, figs: list[Figure]) -> bool:
    return all(has_figure(after, f.text) for f in figs if has_figure(before, f.text))


def shorten_phrase(text: str, budget: int = 30) -> str:
    """A heading-like phrase (a point) within *budget*: whole if it fits, else cut at the last clause
    or enumeration boundary, else at a word boundary with "…"; never inside a number."""
    text = " ".join(text.split()).rstrip("。；;，,")
    if _fits(text, budget):
        return text
    for seps in ("；;", "，,：:", "、"):
        best = -1
        for s in split_clauses(text, seps):
            if s.end <= budget and s.end >= budget // 3:
                best = max(best, s.end)
        if best > 0:
            return text[:best].rstrip("，、；：")
    starts = [s for s in _safe_starts(text, budget - 1) if s >= budget // 3]
    cut = starts[-1] if starts else budget - 1
    while cut > 0 and (text[cut - 1] in _NUM_CHARS or text[cut:cut + 1] in _NUM_CHARS) and \
            (text[cut - 1].isdigit() or text[cut:cut + 1].isdigit()):
        cut -= 1  # never end inside a number
    return text[:cut].rstrip("，、；：的和与及") + ELLIPSIS


@dataclass
class Bullet:
    """One slide bullet: its text, the figures to emphasise and the full sentences it came from."""

    text: str
    sources: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    kind: str = "point"  #: point, result, target, baseline or text

    @property
    def markup(self) -> str:
        """The bullet as Markdown: escaped, figures in **bold**."""
        return md_bold(self.text, self.figures)
