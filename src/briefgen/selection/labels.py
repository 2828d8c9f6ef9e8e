"""Headline labels that read alone (the indicator's label with its topic) and incidental counts.

A short label (投入资金, 涉及企业) says what is counted but not in which work; it gets the topic of
its sentence or paragraph in front: the clause before the figure when it has no figure of its own
(开展“两节送温暖”专项慰问，走访企业… → “两节送温暖”专项慰问走访企业), else the run-in heading that
opens the paragraph (圆满完成北京冬奥会和冬残奥会服务保障工作。… → 北京冬奥会和冬残奥会服务保障投入资金),
else the first clause of the part's title. Leading verbs and trailing 工作/活动 are dropped from the topic.

An incidental count names how many partners took part (会同市商务局等4家单位, 联合等N个部门): it is a
fact about the sentence, not a figure of the report, so it is never a headline figure or a next step.
"""

from __future__ import annotations


from ..model import Brief, Indicator
from ..text.recache import rx
from ..text.sentences import split_clauses, split_sentences

#: Labels up to this many characters are given their topic.
SHORT_LABEL = 4
#: A topic longer than this is not used (it would not fit a panel cell).
MAX_TOPIC = 14
_LEAD_WORDS = sorted(["召开", "圆满完成", "全面完成", "顺利完成", "完成", "全面", "深入", "持续", "大力", "积极", "扎实",
                      "切实", "不断", "进一步", "着力", "加快", "加强", "推进", "推动", "开展", "组织", "做好",
                      "做实", "深化", "强化", "助力", "聚焦", "围绕", "实施", "落实", "打赢", "坚持", "广泛",
                      "全力", "统筹", "精心", "认真", "系统", "集中", "举办", "全市", "全省", "全区", "全国"],
                     key=len, reverse=True)
_TAIL_WORDS = ("工作", "活动", "任务", "行动", "运行", "中", "上", "的")
#: The clause of an incidental count: 会同/联合/协调 … 等N家单位, or 等N个部门 anywhere.
_INCIDENTAL = rx(r"(等|会同|联合|协同|牵头)[^，；。]{0,20}$")
_PARTNERS = rx(r"^(家|个)?(单位|部门|机构|组织|协会|部委|厅局)")


def is_incidental(ind: Indicator) -> bool:
    """True for a count of partners (会同…等4家单位, 等N个部门), never a headline figure or step."""
    sent = ind.sentence or ""
    at = sent.find(ind.text)
    if at < 0:
        return False
    before, after = sent[max(0, at - 24):at], sent[at + len(ind.text):at + len(ind.text) + 6]
    label = ind.label or ""
    if before.endswith("等") and (_PARTNERS.match(after) or rx(r"(单位|部门|机构)").search(label)):
        return True
    return bool(_INCIDENTAL.search(before)) and bool(rx(r"(单位|部门|机构|部委)").search(label + after))


def _topic(phrase: str) -> str:
    """A noun phrase for the work a sentence is about: leading verbs and trailing 工作 dropped."""
    t = phrase.strip().rstrip("。；，：！")
    changed = True
    while changed:
        changed = False
        for w in _LEAD_WORDS:
            if t.startswith(w) and len(t) - len(w) >= 2:
                t, changed = t[len(w):], True
                break
    for w in _TAIL_WORDS:
        if t.endswith(w) and len(t) > len(w) + 1:
            t = t[:-len(w)]
    return t


def _paragraph_of(brief: Brief, ind: Indicator) -> tuple[str, str]:
    """(paragraph holding the indicator's sentence, the part title) — both '' when not found."""
    for s in brief.all_sections():
        if s.id != ind.section:
            continue
        for p in s.paragraphs:
            if ind.sentence and ind.sentence[:20] in p:
                return p, s.title
        return "", s.title
    return "", ""


def _head(text: str, brief_labels: list[str]) -> str:
    """The words before the first figure of a clause, minus a label it ends with, as a topic."""
    m = rx(r"[0-9０-９一二三四五六七八九十百千万亿两]+(\.[0-9]+)?[万亿]?[个家人名项件场次元户所座]").search(text)
    head = text[:m.start()] if m else text
    head = rx(r"(累计|共计|共|超|近|约|达到?|不少于|超过)$").sub("", head)
    for lab in sorted(brief_labels, key=len, reverse=True):
        if lab and head.endswith(lab) and len(head) > len(lab):
            head = head[:-len(lab)]
            break
    head = rx(r"^(在|为|对|通过|依托|围绕|聚焦)").sub("", head)
    return _topic(head)


def context_label(brief: Brief, ind: Indicator) -> str:
    """The indicator's label, with its topic in front when the label alone is short."""
    label = ind.label or ""
    if len(label) > SHORT_LABEL:
        return label
    sent = ind.sentence or ""
    at = sent.find(ind.text)
    labels = [i.label for i in brief.indicators if i.sentence == sent and i.label]
    cands = []
    if at >= 0:
        spans = split_clauses(sent, "，；")
        own = [c for c in spans if c.start <= at < c.end + 1]
        prev = [c for c in spans if c.end <= at]
        if own:
            cands.append(_head(sent[own[0].start:at], labels))
        if prev and (not own or prev[-1] is not own[0]):
            cands.append(_head(prev[-1].text, labels))
            cands += [i.label for i in brief.indicators
                      if i.sentence == sent and i.label and prev[-1].start <= sent.find(i.text) < prev[-1].end]
    para, title = _paragraph_of(brief, ind)
    sents = split_sentences(para)
    if len(sents) > 1 and len(sents[0]) <= 30 and not rx(r"\d").search(sents[0]):
        cands.append(_topic(sents[0]))
    if title:
        spans = split_clauses(title, "，；")
        topic = _topic(spans[0].text if spans else title)
        if not _GENERIC.search(topic):  # 2025年生产经营情况 says nothing 营业收入 does not
            cands.append(topic)
    for t in cands:
        if 2 <= len(t) <= MAX_TOPIC and not _SUBJECT.search(t) and label not in t:
            return t + label
    return label


#: Topics that name who did the work or when, not what: never put in front of a label.
_SUBJECT = rx(r"(各级|工会$|^全市|^全省|^全区|今年|全年|以来|年$|期间|目前|其中|同比|分别|累计)")
#: Part titles that name a kind of section, not a line of work: no topic for a label.
_GENERIC = rx(r"(情况|回顾|成效|成绩|总结|概况|指标|总体|基本|主要)")
