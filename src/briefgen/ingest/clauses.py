"""Numbers in their clauses: the noun each counts, from its own clause, its list, its from–to pair or a neighbour."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import enumerations as enum
from . import labels as lab
from .forms import PEOPLE
from ..text.quantities import Quantity, prefix_qualifier, suffix_qualifier
from ..text.recache import rx

CLAUSE_END = "，,。；;：:！？!?"
SENTENCE_END = "。！？!?"
_SEGMENT_END = "。！？!?；;"
#: How far a number's context reaches back or on: real sentences are shorter; a text without full stops
#: must not make labelling quadratic.
WINDOW = 400
_PEOPLE_UNITS = ("人", "人次", "名", "位")
_PEOPLE_END = rx("(?:" + "|".join(PEOPLE) + r"|员|者|工|干部|代表|对象|人数|人口)$")


@dataclass
class Slot:
    """One quantity of a line while its label and kind are worked out."""

    q: Quantity
    qualifier: str
    before: str  #: clause text before the number (after the previous number and the noun it took)
    after: str  #: text after the number up to the next number or clause end
    label: str = ""
    noun: str = ""  #: what is counted, without the verb
    verb: str = ""  #: a change verb kept in the label (增长), or an activity verb with no noun (覆盖)
    kind: str = ""
    derived: bool = False  #: label taken from a neighbour, a list or a topic, not from its own clause
    noun_a: str = ""  #: the noun after the number that it qualifies (89处|示范基地)


def clause_start(line: str, pos: int, floor: int) -> int:
    """Start of the clause holding *pos*: after the last clause mark, not before *floor*, nor more than WINDOW back."""
    floor = max(floor, pos - WINDOW)
    a = pos
    while a > floor and line[a - 1] not in CLAUSE_END:
        a -= 1
    return a


def _slots(line: str, qs: list[Quantity]) -> list[Slot]:
    """Each quantity with its clause before it and the text after it; a noun after a number is taken by it."""
    out: list[Slot] = []
    floor = 0
    for k, q in enumerate(qs):
        nxt = qs[k + 1].start if k + 1 < len(qs) else len(line)
        start = clause_start(line, q.start, floor)
        before = line[start:q.start]
        bare = lab.strip_lead(before.strip())
        if start > floor and line[start - 1] in "：:" and (not bare or bare in lab.CHANGE):
            head = line[clause_start(line, start - 1, floor):start - 1]
            if 2 <= len(head.strip()) <= 20:
                before = head.strip() + before  # 地区生产总值：218.6亿元 — the label before the colon
        qual, word = prefix_qualifier(line[max(0, q.start - 6):q.start])
        if word and before.endswith(word):
            before = before[: -len(word)]
        squal, sword = suffix_qualifier(line[q.end:q.end + 4])
        b = q.end + len(sword)
        e = b
        while e < nxt and line[e] not in CLAUSE_END + "、":
            e += 1
        qualifier = q.qualifier if q.qualifier != "exact" else (qual or squal or "exact")
        s = Slot(q, qualifier, before.lstrip("、"), line[b:e])
        more = k + 1 < len(qs) and qs[k + 1].start < _next_clause_end(line, q.end, "、")
        s.noun_a, used = lab.noun_after(s.after, more)
        floor = b + used if s.noun_a else q.end + len(sword)
        out.append(s)
    return out


def _next_clause_end(line: str, pos: int, also: str = "") -> int:
    ends = [i for i in (line.find(c, pos, pos + WINDOW) for c in CLAUSE_END + also) if i >= 0]
    return min(ends) if ends else min(len(line), pos + WINDOW)


_NOUN_UNITS = ("人口",)
_TRAILING_AND = rx(r"(?:以及|(?<![总缓温平调共])和|(?<![惠涉普波顾兼危论提触])及|(?<![参给赋])与)$")


def _own_label(s: Slot) -> None:
    """Label from the number's own clause: the verb and object around it."""
    before = lab.clean(s.before)
    if "、" in before:  # 11处煤矿建成试运转、新增产能3095万吨: the last item of the clause is the number's
        head, _, last = before.rpartition("、")
        last_s = lab.strip_lead(last)
        if lab.leading_verb(last_s) and lab.leading_verb(last_s) != last_s:
            before = last
        elif last_s in lab.VERB_SET:
            before, s.verb = "", last_s
            noun = lab.without_verb(lab.split_predicate(lab.strip_lead(head))[0])
            s.noun = noun if len(noun) <= 10 else ""
            s.label = s.noun + s.verb if s.noun else ""
            return
    b = lab.strip_lead(before)
    joined_item = bool(_TRAILING_AND.search(b))  # 43所高校、职业院校和|538所中小学
    b = _TRAILING_AND.sub("", b)
    noun_b, verb_b = lab.split_predicate(b)
    if joined_item and s.noun_a:
        noun_b = verb_b = ""
    noun_a = s.noun_a
    if s.q.unit in _NOUN_UNITS:
        own = lab.without_verb(noun_b)
        s.label = s.noun = (own if 2 <= len(own) <= 4 and own[0] not in lab.PREP else "总") + s.q.unit
        return
    if s.q.unit == "%" and noun_b and re.search("|".join(lab.CHANGE), noun_b + verb_b):
        noun_a = ""  # 降低工商业电价5%政策…: a change of what comes before
    if noun_a and len(noun_a) <= 2 and len(noun_b) >= 3 and s.q.unit == "%":
        noun_a = ""  # 市级预备费按本级支出的2%设置: the share is of what comes before
    if noun_a:
        verb = lab.trailing_verb(noun_b)
        stem = noun_b[: len(noun_b) - len(verb)]
        if noun_a in lab.VERB_SET and lab.MEASURED.search(noun_b):
            s.label = s.noun = noun_b  # 赤字率拟按3%安排
        elif noun_a in lab.VERB_SET and stem:
            s.label = s.noun = stem + noun_a  # 患病妇女给予每人1万元救助
        elif verb:
            s.label, s.noun, s.verb = verb + noun_a, noun_a, ""
        elif noun_b and not verb_b and len(noun_b) <= 6 and noun_b[-1] not in lab.PREP and not noun_b.endswith("等") \
                and (noun_b[0] not in lab.PREP or noun_b.startswith(("对外", "以上"))):
            s.label = s.noun = noun_b + noun_a
        elif noun_b.startswith("为") and _has_predicate(noun_a + "。"):  # (。: a verb at its end counts too)
            s.label, s.noun = "为" + noun_a, noun_a  # 为闭环内3000名女职工提供免费体检 -> 为女职工提供免费体检
        elif lab.leading_verb(noun_b) and (len(noun_b) > 6 or noun_b.endswith("等")):
            s.label, s.noun = lab.leading_verb(noun_b) + noun_a, noun_a  # 出台推动…应用10条措施
        else:
            s.label = s.noun = noun_a
        return
    if noun_b in lab.VERB_SET:
        s.noun, s.verb = "", noun_b  # 、覆盖2.2万人次: an activity whose object is in the clause before
    else:
        s.noun, s.verb = noun_b, verb_b
    s.label = s.noun + s.verb if s.noun else ""


def _measure_before(prev: list[Slot]) -> Slot:
    """The number a change refers to: the last one before it that is not a share of something else."""
    for p in reversed(prev):
        if not rx(r"(?:为|占|完成)").match(p.label):
            return p
    return prev[-1]


def _carried_noun(s: Slot) -> str:
    """The noun a later number may take over: the label without its change verb."""
    noun, _ = lab.split_predicate(s.label)
    return noun or s.noun


def _carried_object(s: Slot) -> str:
    """What a later number in the same clause chain counts again: the label without any verb."""
    return lab.without_verb(_carried_noun(s))


def _joined(line: str, a: Slot, b: Slot) -> bool:
    """Are two numbers in one clause chain, joined by 、/和 rather than by a comma?"""
    gap = line[a.q.end:b.q.start]
    return not any(c in gap for c in CLAUSE_END)


def sentence_start(line: str, pos: int, ends: str = SENTENCE_END) -> int:
    """Start of the sentence (or ；-segment) holding *pos*, looking back at most WINDOW characters."""
    floor = max(0, pos - WINDOW)
    return max(max(line.rfind(c, floor, pos) for c in ends) + 1, floor)


def sentence_end(line: str, pos: int) -> int:
    """End of the sentence holding *pos* (its closing mark included), at most WINDOW characters on."""
    ends = [i for i in (line.find(c, pos, pos + WINDOW) for c in SENTENCE_END) if i >= 0]
    return min(ends) + 1 if ends else min(len(line), pos + WINDOW)


def _topic_before(line: str, slots: list[Slot], k: int) -> str:
    """The subject of the nearest clause before slot *k* (same segment) that states no number."""
    seg_a = sentence_start(line, slots[k].q.start, _SEGMENT_END)
    starts = [x.q.start for x in _prev_in_segment(line, slots, k)]
    end = clause_start(line, slots[k].q.start, seg_a)
    pos = end
    for c in reversed(re.split(f"[{CLAUSE_END}]", line[seg_a:end])):
        a = pos - len(c)
        pos = a - 1
        if not c.strip() or any(a <= x < a + len(c) for x in starts):
            continue
        t = lab.topic(c)
        if t:
            return t
    return ""


def _prev_in_segment(line: str, slots: list[Slot], k: int) -> list[Slot]:
    seg_a = sentence_start(line, slots[k].q.start, _SEGMENT_END)
    j = k
    while j > 0 and slots[j - 1].q.start >= seg_a:
        j -= 1
    return slots[j:k]


def _fill(line: str, slots: list[Slot]) -> None:
    """Labels for numbers whose clause names nothing: take the neighbour's, the topic's, or complete a head."""
    for k, s in enumerate(slots):
        if s.derived:
            continue
        prev = _prev_in_segment(line, slots, k)
        nxt = slots[k + 1] if k + 1 < len(slots) else None
        if not s.noun and not s.verb and nxt and nxt.q.start == s.q.end + len(s.after) and not s.after:
            s.label, s.noun = nxt.label, nxt.noun  # 6组10家省属国企: both numbers count the noun that follows
            s.derived = True
            continue
        core = lab.TIME_PREFIX.sub("", s.noun)
        relative = core in lab.RELATIVE_HEADS
        absolute = core in lab.ABSOLUTE_HEADS
        if s.noun and not (relative or absolute):
            continue
        joined = bool(prev) and _joined(line, prev[-1], s)
        activity = s.verb in lab.VERB_SET and not lab.split_predicate(s.verb)[1]
        if not s.noun and activity and not joined:
            continue  # 统筹安排10万余人: the activity itself is what is counted
        owner = ""
        if relative and prev:
            owner = rx(r"(?:容量|规模|总量|总额|数量|总数)$").sub("", _carried_noun(prev[-1]))
        elif joined:
            owner = _carried_object(prev[-1]) if activity or absolute else _carried_noun(prev[-1])
        if not owner:
            owner = _topic_before(line, slots, k)
        if not owner and prev:
            owner = _carried_noun(_measure_before(prev))
        if owner:
            s.noun = owner + s.noun if s.noun else owner
            s.label = s.noun + s.verb
            s.derived = True


def _corefer(line: str, slots: list[Slot]) -> None:
    """预计全年用电量… after 算力中心用电量…: a shorter name of a noun said before stands for it."""
    for k, s in enumerate(slots):
        prefix = lab.TIME_PREFIX.match(s.noun)
        core = s.noun[prefix.end():] if prefix else s.noun
        if len(core) < 2 or not lab.MEASURED.search(core):
            continue
        sent_a = sentence_start(line, s.q.start)
        for p in (slots[j] for j in range(k - 1, -1, -1)):
            if p.q.start < sent_a:
                break
            if p.noun.endswith(core) and len(p.noun) > len(core) and not lab.TIME_PREFIX.match(p.noun):
                s.noun = (prefix.group(0) if prefix else "") + p.noun
                s.label = lab.leading_verb(s.label) + s.noun + s.verb
                break


def _lists_and_pairs(line: str, slots: list[Slot]) -> None:
    spans = [(s.q.start, s.q.end) for s in slots]
    in_group: set[int] = set()
    for g in enum.groups(line, spans):
        if any(slots[k].noun_a for k in g) or any(lab.strip_lead(lab.clean(slots[k].before)) for k in g[1:]):
            continue  # 10万余人、70组彩车: each value names its own noun
        first = slots[g[0]]
        subject, verb = enum.list_subject(first.before)
        total = subject if subject in _TOTAL_WORDS else ""
        if total:  # 示范县28个，示范园区19个，总数分别达到156个、214个: the total of each item before
            prev = _prev_in_segment(line, slots, g[0])
            if len(prev) >= len(g):
                for k, p in zip(g, prev[-len(g):]):
                    noun = lab.without_verb(_carried_noun(p)) + total
                    slots[k].label, slots[k].noun, slots[k].verb, slots[k].derived = noun + verb, noun, verb, True
                    in_group.add(k)
                continue
        labels = enum.map_items(subject, verb, len(g)) if subject else None
        if labels:
            labels = [_overlap_with_before(line, slots, g[0], lbl[: len(lbl) - len(verb)]) + verb for lbl in labels]
        if labels is None and not subject:
            prev = _prev_in_segment(line, slots, g[0])
            if len(prev) >= len(g):
                labels = [_carried_noun(p) + verb for p in prev[-len(g):]]
            else:
                labels = _items_of_clause_before(line, first, len(g), verb)
        if labels is None:
            if not subject:
                continue  # nothing to share: each value keeps what its own clause says
            labels = [subject + verb] * len(g)
        for k, lbl in zip(g, labels):
            slots[k].label, slots[k].noun, slots[k].verb = lbl, lab.split_predicate(lbl)[0] or lbl, verb
            slots[k].derived = True
            in_group.add(k)
    for k in range(len(slots) - 1):
        a, b = slots[k], slots[k + 1]
        if k in in_group or not enum.is_from_to(line, spans[k], spans[k + 1], a.before):
            continue
        subject = enum.from_subject(a.before)
        a.kind = "baseline"
        if subject:
            for s in (a, b):
                s.label = s.noun = subject
                s.verb = ""
                s.derived = True


def _overlap_with_before(line: str, slots: list[Slot], k: int, item: str) -> str:
    """城镇居民 after 居民人均可支配收入 in the same sentence: 城镇居民人均可支配收入."""
    if lab.MEASURED.search(item):
        return item
    sent_a = sentence_start(line, slots[k].q.start)
    for p in (slots[j] for j in range(k - 1, -1, -1)):
        if p.q.start < sent_a:
            break
        noun = _carried_noun(p)
        if lab.MEASURED.search(noun):
            for n in range(min(len(item), len(noun)) - 1, 1, -1):
                if item.endswith(noun[:n]):
                    return item + noun[n:]
    return item


def _items_of_clause_before(line: str, first: Slot, n: int, verb: str) -> list[str] | None:
    """万亿产业、先进制造业集群从无到有，分别达2个、3个: the items are the clause before."""
    start = clause_start(line, first.q.start, 0)
    prev_start = clause_start(line, max(start - 1, 0), 0)
    clause = lab.strip_lead(lab.clean(line[prev_start:max(start - 1, 0)]))
    items = lab.split_items(clause, n)
    return [x + verb for x in lab.item_labels(items)] if items else None


def _has_predicate(noun: str) -> bool:
    """小区完成临时用电治理 has a verb of its own; 燃煤锅炉超低排放改造 only names an action."""
    return any(m.end() < len(noun) for m in lab.NOUN_END.finditer(noun, 2))


def _finish(line: str, slots: list[Slot]) -> None:
    """Activity verbs shared by a list, people units, length."""
    enum_verb = ""
    for k, s in enumerate(slots):
        if k and not _joined(line, slots[k - 1], s):
            enum_verb = ""
        if not s.label and s.verb:
            s.label = s.verb
        own_verb = lab.leading_verb(s.label)
        if s.label and not own_verb and enum_verb and not s.derived and not lab.MEASURED.search(s.label) \
                and not _has_predicate(s.noun_a):
            s.label = enum_verb + s.label  # 新建职工之家605个、暖心驿站9133个 -> 新建暖心驿站
        enum_verb = (lab.leading_verb(s.label) if s.noun_a else lab.activity_verb(s.label)) or enum_verb
        if s.q.unit in _PEOPLE_UNITS and s.label and not _PEOPLE_END.search(s.label) \
                and s.label in lab.VERB_SET:
            s.label += "人次" if s.q.unit == "人次" else "人员"  # 覆盖2.2万人次 -> 覆盖人次
        s.label = lab.shorten(s.label.strip())


def label_line(line: str, qs: list[Quantity]) -> list[Slot]:
    """Label every quantity of *line*: own clause first, then lists and pairs, then neighbours and topics."""
    slots = _slots(line, qs)
    for s in slots:
        _own_label(s)
    _lists_and_pairs(line, slots)
    _fill(line, slots)
    _corefer(line, slots)
    _owner_of_share(line, slots)
    _finish(line, slots)
    return slots


_TOTAL_WORDS = ("总数", "总量", "总计", "合计", "累计", "总规模")
_SHARE_OF = rx(r"^占[^，。；为]{1,16}$|^为(?:年度|全年|年初)?(?:预算|计划|目标|上年)(?:数|任务)?(?:的)?$")


def _owner_of_share(line: str, slots: list[Slot]) -> None:
    """占地区生产总值的比重 / 为预算的 says what of: the subject of the sentence's number before it
    (文化产业增加值…，占地区生产总值的比重从4.6%…)."""
    share = [bool(_SHARE_OF.match(s.label or "")) for s in slots]
    for k, s in enumerate(slots):
        if not share[k]:
            continue
        prev = [p for p in _prev_in_segment(line, slots, k) if not share[slots.index(p)]]
        owner = lab.without_verb(_carried_noun(prev[-1])) if prev else ""
        if len(owner) >= 2:
            s.label = owner + s.label
            s.noun = owner + s.noun if s.noun else s.label
            s.derived = True
