"""Jinja2 filters every briefgen template may use: oneline, clip, cn (Chinese numbering), clauses."""

from __future__ import annotations

from ..text.counters import chinese
from ..text.sentences import split_clauses


def oneline(s) -> str:
    """Collapse every run of white space (line breaks included) to one space."""
    return " ".join(str(s).split())


def clip(s, n: int) -> str:
    """Cut a string to *n* characters at a clause boundary where possible (never inside a number)."""
    s = str(s)
    if len(s) <= n:
        return s
    for sep in "；，、":
        i = s.rfind(sep, 0, n)
        if i >= n // 2:
            return s[:i]
    return s[:n] + "…"


def cn(n) -> str:
    """A number as Chinese numbering writes it: ``{{ loop.index | cn }}、`` → 一、 … 二十六、 … 一百零一、"""
    return chinese(int(n))


def clauses(sentence, indicators) -> str:
    """The clauses of *sentence* (split at ，；, never inside quotes or brackets) that carry the figures
    of *indicators*, verbatim and joined by ，; when none does, each indicator's label and figure."""
    texts = [i.text for i in indicators]
    parts = [c.text.strip() for c in split_clauses(str(sentence).rstrip("。；！？"), "，；")]
    keep = [p for p in parts if any(t in p for t in texts)]
    if keep:
        return "，".join(keep)
    return "，".join(f"{i.label}{i.display}" for i in indicators)


FILTERS = {"oneline": oneline, "clip": clip, "cn": cn, "clauses": clauses}
