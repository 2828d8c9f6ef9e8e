"""Sentences and clauses of Chinese text: where a sentence ends, splitting at 。！？ and at ，；."""

from __future__ import annotations

from dataclasses import dataclass
from .recache import rx

#: Characters that end a sentence.
TERMINALS = "。！？!?"
#: Characters that end a sentence or a line of text that is complete on its own (lists end with ；).
_LINE_END = set("。！？!?；;：:…")
#: Closing quotes and brackets that may follow the end of a sentence.
_CLOSERS = set("”’）)」』】》〉")
#: Clause separators (the clause keeps no separator).
CLAUSE_SEPS = "，；。：！？,;!?"
#: Pairs inside which nothing is split.
OPENERS = "“‘（《「『【〔(["
CLOSERS = "”’）》」』】〕)]"

_SENTENCE = rx(r"[^。！？!?]+(?:[。！？!?][”’」』]?|$)")


def split_sentences(text: str) -> list[str]:
    """The sentences of *text*, each with its end mark and a closing quote after it, stripped."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def ends_sentence(s: str) -> bool:
    """True when *s* ends a sentence (。 ！ ？ ； ： …, possibly followed by a closing quote)."""
    s = s.rstrip()
    while s and s[-1] in _CLOSERS:
        if len(s) >= 2 and s[-2] in _LINE_END:
            return True
        s = s[:-1]
        if s and s[-1] in _LINE_END:
            return True
        return False
    return bool(s) and s[-1] in _LINE_END


def sentence_at(line: str, start: int, end: int) -> str:
    """The sentence of *line* around ``line[start:end]``: from after the last 。！？ before it to the
    first one after it (included), stripped."""
    s0 = max(line.rfind(c, 0, start) for c in TERMINALS) + 1
    ends = [i for i in (line.find(c, end) for c in TERMINALS) if i >= 0]
    return line[s0: (min(ends) + 1 if ends else len(line))].strip()


@dataclass
class Span:
    """A clause: its offsets in the sentence and its text."""

    start: int
    end: int
    text: str


def split_clauses(sentence: str, seps: str = CLAUSE_SEPS) -> list[Span]:
    """Clauses of *sentence* at *seps*, never splitting inside “…”, （…）, 《…》 and the like."""
    out: list[Span] = []
    depth = 0
    start = 0
    for i, ch in enumerate(sentence):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
        elif ch in seps and depth == 0:
            if sentence[start:i].strip():
                out.append(Span(start, i, sentence[start:i]))
            start = i + 1
    if sentence[start:].strip():
        out.append(Span(start, len(sentence), sentence[start:]))
    return out
