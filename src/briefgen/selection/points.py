"""Key points: whole clauses of the report that carry its figures, and the sentences never used as points.

A point is made of clauses of one source sentence, verbatim (split at ，；, never inside quotes or
brackets): those that carry the chosen figures, with the clause before a 其中/占 clause so a part is
never shown without its whole. Salutations (各位代表！) and lead-in sentences ending in ： are never
points, and a sentence with no content of its own (请予审议) neither.
"""

from __future__ import annotations


from ..model import Indicator, Section
from ..text.figures import has_figure
from ..text.recache import rx
from ..text.sentences import split_clauses, split_sentences

_SALUTATION = rx(r"(各位|同志们|代表们|朋友们|委员们)")
_FORMULA = rx(r"(请予审议|请各位|提出意见|审议并|向大会报告)")
_DEPENDENT = ("其中", "占", "包括", "分别")
#: Clauses of one point beyond this many characters are left for the table.
POINT_CHARS = 90


def is_point_sentence(s: str) -> bool:
    """False for salutations, lead-ins ending in ：, formulae (请予审议) and one-word fragments."""
    t = s.strip()
    body = t.rstrip("。！？!?；;”’")
    if len(body) < 6:
        return False
    if t.endswith(("：", ":")) or body.endswith(("：", ":")):
        return False
    if _SALUTATION.search(body[:8]) and len(body) <= 16:
        return False
    if _FORMULA.search(body):
        return False
    return True


def point_sentences(paragraphs: list[str]) -> list[str]:
    """The point-worthy sentences of *paragraphs*, in order, each once."""
    out: list[str] = []
    for p in paragraphs:
        for s in split_sentences(p):
            # a lead-in clause "…工作：" at the start of a sentence is dropped, the rest kept
            if "：" in s[:-1] and not s.rstrip("。").endswith("："):
                head, _, rest = s.partition("：")
                if len(head) <= 24 and len(rest) >= 6:
                    s = rest
            if is_point_sentence(s) and s not in out:
                out.append(s)
    return out


def section_paragraphs(s: Section) -> list[str]:
    """The paragraphs of a section and its subsections, in reading order."""
    out = list(s.paragraphs)
    for c in s.children:
        out += section_paragraphs(c)
    return out


def figure_clauses(sentence: str, inds: list[Indicator], limit: int = POINT_CHARS,
                   avoid: list[Indicator] = ()) -> tuple[str, list[Indicator]]:
    """The clauses of *sentence* carrying figures of *inds* (verbatim, joined as the source joins them,
    at most *limit* characters unless one clause is longer) and the indicators they show. Clauses that
    carry a figure of *avoid* (e.g. results in a list of next steps) are left out."""
    body = sentence.rstrip("。；！？!?")
    spans = split_clauses(body, "，；")
    keep: list[int] = []
    for n, c in enumerate(spans):
        if any(has_figure(c.text, a.text) for a in avoid):
            continue
        if any(has_figure(c.text, i.text) for i in inds):
            if c.text.strip().startswith(_DEPENDENT) and n > 0 and n - 1 not in keep:
                prev = spans[n - 1].text.strip()
                if len(prev) >= 8 and not any(has_figure(prev, a.text) for a in avoid):
                    keep.append(n - 1)
            keep.append(n)
    out, total, shown, last = "", 0, [], -2
    for n in keep:
        c = spans[n]
        text = c.text.strip()
        if out and total + len(text) > limit:
            break
        if not out and text.startswith("其中") and len(text) > 6:
            text = text[2:].lstrip("，,")  # 其中 with nothing before it: the clause reads alone without it
        if out:
            mark = body[c.start - 1] if c.start > 0 else "，"
            out += mark if n == last + 1 and mark in "，；" else "，"
        out += text
        total += len(text) + 1
        last = n
        shown += [i for i in inds if has_figure(text, i.text) and i not in shown]
    return out, shown


def shorten(text: str, limit: int = 40) -> str:
    """*text* (a sentence) cut to *limit* characters at its last clause boundary; '' when no clause fits."""
    body = text.strip().rstrip("。；！？!?")
    if len(body) <= limit:
        return body
    best = ""
    for c in split_clauses(body, "，；"):
        if c.end <= limit:
            best = body[:c.end]
    return best.rstrip("，；、")


def short_title(title: str) -> str:
    """A part's title to its first clause (加强思想政治引领，团结… → 加强思想政治引领)."""
    t = title.strip().rstrip("。")
    spans = split_clauses(t, "，；")
    first = spans[0].text.strip() if spans else t
    return first if len(first) >= 4 else t


#: Clauses that cannot open a point: they lean on the clause before.
_LEANING = ("特别是", "尤其是", "其中", "并", "以及", "和", "同时", "从而", "进而", "为此", "由此")


def _complete(window: str) -> bool:
    """True unless a 把/将 construction is left open (始终把学习贯彻…思想 without its 作为…)."""
    for m in rx(r"[把将]").finditer(window):
        if not rx(r"(作为|为|成|到|入|在|向|给)").search(window[m.end():]):
            return False
    return True


def topic_point(title: str, sents: list[str], limit: int = 48) -> str:
    """For a part without figures: its first whole sentence within *limit* characters (of the first
    four), else the first run of whole clauses that reads alone; '' when the part says nothing else."""
    t = title.rstrip("。")
    usable = [s for s in sents[:4] if s.rstrip("。；") not in t and t not in s]
    for s in usable:
        body = s.strip().rstrip("。；！？!?")
        if len(body) <= limit and _complete(body):
            return body
    for s in usable[:2]:
        body = s.strip().rstrip("。；！？!?")
        spans = split_clauses(body, "，；")
        for a in range(len(spans)):
            if spans[a].text.strip().startswith(_LEANING):
                continue
            best = ""
            for b in range(a, len(spans)):
                w = body[spans[a].start:spans[b].end].strip()
                if len(w) > limit:
                    break
                if _complete(w) and not (b + 1 < len(spans) and spans[b + 1].text.strip().startswith(("特别是", "尤其是"))):
                    best = w
            if len(best) >= 8:
                return best
    return ""
