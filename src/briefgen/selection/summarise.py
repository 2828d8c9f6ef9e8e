"""Key sentences of a section, chosen by a rule a reader can check.

Score of a sentence = 3 if it opens the section, 2 if it opens a paragraph (work reports put the topic
sentence first), + 2 per indicator it contains (figures are what briefings are read for), + 1 if it shares
words (character pairs) with the section heading; ties go to the earlier sentence. The top *n* are kept
in their original order and never cut, so their figures stay intact.
"""

from __future__ import annotations

from ..model import Indicator, Section
from ..text.sentences import split_sentences


def key_sentences(section: Section, indicators: list[Indicator], n: int = 2) -> list[str]:
    title_pairs = {section.title[i:i + 2] for i in range(len(section.title) - 1)}
    texts = {i.text for i in indicators if i.section == section.id}
    scored = []
    k = 0
    for p_i, para in enumerate(section.paragraphs):
        for s_i, sent in enumerate(split_sentences(para)):
            score = 3 if k == 0 else (2 if s_i == 0 else 0)
            score += 2 * sum(1 for t in texts if t in sent)
            if any(sent[j:j + 2] in title_pairs for j in range(len(sent) - 1)):
                score += 1
            scored.append((score, -k, sent))
            k += 1
    best = sorted(scored, reverse=True)[:n]
    return [s for _, _, s in sorted(best, key=lambda x: -x[1])]


def lead_sentence(section: Section) -> str:
    """The first sentence of the section body, or '' when it has no text of its own."""
    for para in section.paragraphs:
        sents = split_sentences(para)
        if sents:
            return sents[0]
    return ""
