"""Numeric indicators: which quantities count, what they measure (label), result or target (kind)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Indicator
from ..numbers import CN_DIGIT_CHARS, as_plain
from . import enumerations as enum
from . import labels as lab
from .forms import PEOPLE, find_forms
from .kinds import is_baseline_before, is_planned, reference_year
from .quantities import MEASURE_UNITS, Quantity, find_quantities, prefix_qualifier, suffix_qualifier

VERBS = lab.VERBS  # re-exported: the verbs that head a measured activity

_CLAUSE_END = "，,。；;：:！？!?"
_SENTENCE_END = "。！？!?"
_SEGMENT_END = "。！？!?；;"
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}
_PEOPLE_UNITS = ("人", "人次", "名", "位")
_MAY_HAVE_FORMS = re.compile(r"[0-9０-９万亿]")
_PEOPLE_END = re.compile("(?:" + "|".join(PEOPLE) + r"|员|者|工|干部|代表|对象|人数|人口)$")


def _inside(line: str, pos: int, left: str, right: str, max_len: int | None = None) -> bool:
    """Is *pos* inside a left…right pair in *line* (a book title 《…》, a short quoted slogan)?"""
    i = line.rfind(left, 0, pos)
    if i < 0 or line.rfind(right, i + 1, pos) >= 0:
        return False
    j = line.find(right, pos)
    if j < 0:
        return False
    return max_len is None or j - i - 1 <= max_len


def _is_indicator(line: str, q: Quantity) -> bool:
    """Rules from the gold annotations: drop ordinals, slogans, names, dates, ages, scopes, titles."""
    num = q.text
    if q.chinese:
        digits = [c for c in num if c in CN_DIGIT_CHARS or c in "十"]
        if not digits:
            return False  # 万家, 百强: a bare magnitude is a word, not a number
        if re.match(f"[{CN_DIGIT_CHARS}]{{2,}}(?![十百千万亿点])", num):
            return False  # 一二三次产业, 三四个: a list of numerals or a vague span, not an amount
        if q.value < 10 and q.unit not in MEASURE_UNITS:
            return False  # 四个意识, 两节, 一批, 三次执委会议: small Chinese counts are slogans or words
    after = line[q.end:q.end + 4]
    before = line[max(0, q.start - 12):q.start]
    clause = line[_clause_start(line, q.start, 0):q.start]
    if q.unit == "周" and after.startswith("年"):
        return False  # 70周年: an age, not a quantity of work
    if q.unit == "岁" and not re.search(r"寿命|年龄", clause):
        return False  # 3岁以下婴幼儿, 0—6岁儿童, 60岁以上老年人: who is meant, not how many
    if q.unit in ("名", "位", "强") and before.endswith("前"):
        return False  # 进入全国前8位, 包揽前六名: a rank, not a count
    if q.unit in ("个月", "天", "小时", "周", "年") and re.search(r"(?:过去|今后|未来|历时|经过|用)(?:了)?(?:近|约)?$", before):
        return False  # 今年已过去近5个月: a span of time, not a quantity of work
    if re.match(r"内(?!容|涵|部|外)", after):
        return False  # 公交与轨道50米内换乘: a threshold of a measure, not a quantity
    if after.startswith(("方面", "维度")) or (re.search(r"(?:围绕|聚焦|从|分为|按照)$", before)
                                  and re.match(r"(?:大|个)?(?:领域|维度|板块|层面|角度|环节)", after)):
        return False  # 围绕12个方面, 从5个维度: the layout of a text, not a quantity of work
    if re.search(r"(?:以上|上述|下列|以下|前述)$", before):
        return False  # 以上十四条: a count of the report's own items
    if re.match(r"(?:攻坚|行动)", after):
        return False  # 0.1微克攻坚行动: the name of a campaign
    if re.match(r"[A-Za-z]", after):
        return False  # 5G, 12351APP: part of a name
    if _inside(line, q.start, "《", "》") or _inside(line, q.start, "〈", "〉"):
        return False  # inside a document title
    for left, right in _QUOTE_PAIRS.items():
        if _inside(line, q.start, left, right, max_len=10):
            return False  # “四个意识”, “十三五”: a quoted slogan
    return True


@dataclass
class _Slot:
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


def _clause_start(line: str, pos: int, floor: int) -> int:
    a = pos
    while a > floor and line[a - 1] not in _CLAUSE_END:
        a -= 1
    return a


def _slots(line: str, qs: list[Quantity]) -> list[_Slot]:
    out: list[_Slot] = []
    floor = 0
    for k, q in enumerate(qs):
        nxt = qs[k + 1].start if k + 1 < len(qs) else len(line)
        start = _clause_start(line, q.start, floor)
        before = line[start:q.start]
        qual, word = prefix_qualifier(line[:q.start])
        if word and before.endswith(word):
            before = before[: -len(word)]
        squal, sword = suffix_qualifier(line[q.end:])
        b = q.end + len(sword)
        e = b
        while e < nxt and line[e] not in _CLAUSE_END + "、":
            e += 1
        qualifier = q.qualifier if q.qualifier != "exact" else (qual or squal or "exact")
        s = _Slot(q, qualifier, before.lstrip("、"), line[b:e])
        more = k + 1 < len(qs) and qs[k + 1].start < _next_clause_end(line, q.end, "、")
        s.noun_a, used = lab.noun_after(s.after, more)
        floor = b + used if s.noun_a else q.end + len(sword)
        out.append(s)
    return out


def _next_clause_end(line: str, pos: int, also: str = "") -> int:
    ends = [i for i in (line.find(c, pos) for c in _CLAUSE_END + also) if i >= 0]
    return min(ends) if ends else len(line)


_NOUN_UNITS = ("人口",)


def _own_label(s: _Slot) -> None:
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
    noun_b, verb_b = lab.split_predicate(b)
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
        elif noun_b.startswith("为") and _has_predicate(noun_a + "。"):
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


def _measure_before(prev: list[_Slot]) -> _Slot:
    """The number a change refers to: the last one before it that is not a share of something else."""
    for p in reversed(prev):
        if not re.match(r"(?:为|占|完成)", p.label):
            return p
    return prev[-1]


def _carried_noun(s: _Slot) -> str:
    """The noun a later number may take over: the label without its change verb."""
    noun, _ = lab.split_predicate(s.label)
    return noun or s.noun


def _carried_object(s: _Slot) -> str:
    """What a later number in the same clause chain counts again: the label without any verb."""
    return lab.without_verb(_carried_noun(s))


def _joined(line: str, a: _Slot, b: _Slot) -> bool:
    """Are two numbers in one clause chain, joined by 、/和 rather than by a comma?"""
    gap = line[a.q.end:b.q.start]
    return not any(c in gap for c in _CLAUSE_END)


def _segment(line: str, pos: int) -> tuple[int, int]:
    a = max(line.rfind(c, 0, pos) for c in _SEGMENT_END) + 1
    ends = [i for i in (line.find(c, pos) for c in _SEGMENT_END) if i >= 0]
    return a, (min(ends) if ends else len(line))


def _topic_before(line: str, slots: list[_Slot], k: int) -> str:
    """The subject of the nearest clause before slot *k* (same segment) that states no number."""
    seg_a, _ = _segment(line, slots[k].q.start)
    clauses = re.split(f"[{_CLAUSE_END}]", line[seg_a:_clause_start(line, slots[k].q.start, seg_a)])
    for c in reversed(clauses):
        if not c.strip() or any(seg_a <= x.q.start < slots[k].q.start and x.q.text in c for x in slots[:k]):
            continue
        t = lab.topic(c)
        if t:
            return t
    return ""


def _prev_in_segment(line: str, slots: list[_Slot], k: int) -> list[_Slot]:
    seg_a, _ = _segment(line, slots[k].q.start)
    return [x for x in slots[:k] if x.q.start >= seg_a]


def _fill(line: str, slots: list[_Slot]) -> None:
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
            owner = re.sub(r"(?:容量|规模|总量|总额|数量|总数)$", "", _carried_noun(prev[-1]))
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


def _corefer(line: str, slots: list[_Slot]) -> None:
    """预计全年用电量… after 算力中心用电量…: a shorter name of a noun said before stands for it."""
    for k, s in enumerate(slots):
        prefix = lab.TIME_PREFIX.match(s.noun)
        core = s.noun[prefix.end():] if prefix else s.noun
        if len(core) < 2 or not lab.MEASURED.search(core):
            continue
        seg_a, _ = _segment(line, s.q.start)
        sent_a = max(line.rfind(c, 0, s.q.start) for c in _SENTENCE_END) + 1
        for p in reversed(slots[:k]):
            if p.q.start < sent_a:
                break
            if p.noun.endswith(core) and len(p.noun) > len(core) and not lab.TIME_PREFIX.match(p.noun):
                s.noun = (prefix.group(0) if prefix else "") + p.noun
                s.label = lab.leading_verb(s.label) + s.noun + s.verb
                break


def _lists_and_pairs(line: str, slots: list[_Slot]) -> None:
    spans = [(s.q.start, s.q.end) for s in slots]
    in_group: set[int] = set()
    for g in enum.groups(line, spans):
        if any(slots[k].noun_a for k in g) or any(lab.strip_lead(lab.clean(slots[k].before)) for k in g[1:]):
            continue  # 10万余人、70组彩车: each value names its own noun
        first = slots[g[0]]
        subject, verb = enum.list_subject(first.before)
        labels = enum.map_items(subject, verb, len(g)) if subject else None
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


def _items_of_clause_before(line: str, first: _Slot, n: int, verb: str) -> list[str] | None:
    """万亿产业、先进制造业集群从无到有，分别达2个、3个: the items are the clause before."""
    start = _clause_start(line, first.q.start, 0)
    prev_start = _clause_start(line, max(start - 1, 0), 0)
    clause = lab.strip_lead(lab.clean(line[prev_start:max(start - 1, 0)]))
    items = lab.split_items(clause, n)
    return [x + verb for x in lab.item_labels(items)] if items else None


def _has_predicate(noun: str) -> bool:
    """小区完成临时用电治理 has a verb of its own; 燃煤锅炉超低排放改造 only names an action."""
    return any(m.end() < len(noun) for m in lab.NOUN_END.finditer(noun, 2))


def _finish(line: str, slots: list[_Slot]) -> None:
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


def extract(blocks, block_section: dict[int, str], section_kind: dict[str, str]) -> list[Indicator]:
    """Indicators from body blocks (headings and paragraphs) with offsets into the normalised text."""
    out: list[Indicator] = []
    ref_year = reference_year(["\n".join(b.text for b in blocks)])
    for bi, b in enumerate(blocks):
        line = b.text
        found = find_quantities(line)
        if found or _MAY_HAVE_FORMS.search(line):
            found = sorted(found + find_forms(line, found), key=lambda q: q.start)
        qs = found
        qs = [q for q in qs if _is_indicator(line, q)]
        if not qs:
            continue
        sid = block_section.get(bi)
        default = "target" if section_kind.get(sid) == "plan" else "result"
        slots = _slots(line, qs)
        for s in slots:
            _own_label(s)
        _lists_and_pairs(line, slots)
        _fill(line, slots)
        _corefer(line, slots)
        _finish(line, slots)
        for k, s in enumerate(slots):
            q = s.q
            s0 = max(line.rfind(c, 0, q.start) for c in _SENTENCE_END) + 1
            ends = [i for i in (line.find(c, q.end) for c in _SENTENCE_END) if i >= 0]
            sentence = line[s0: (min(ends) + 1 if ends else len(line))].strip()
            kind = s.kind or default
            if not s.kind and is_baseline_before(lab.strip_lead(lab.clean(s.before)) or s.before, s.after):
                kind = "baseline"
            elif kind == "result" and is_planned(line[s0:q.start], s.before, q.unit, ref_year):
                kind = "target"
            if kind == "baseline" and s.after.startswith("基础上") and k + 1 < len(slots):
                nxt = slots[k + 1]  # 在原有9000家基础上新增1000家户外劳动者暖心驿站
                noun = nxt.noun_a or lab.without_verb(nxt.label)
                s.label = "原有" + noun if noun else s.label
            out.append(Indicator(
                id="", text=q.text, value=as_plain(q.value), unit=q.unit, label=s.label or _unit_label(q),
                kind=kind, qualifier=s.qualifier,
                value_max=as_plain(q.value_max) if q.value_max is not None else None,
                section=sid, sentence=sentence, start=b.offset + q.start, end=b.offset + q.end,
            ))
    for n, ind in enumerate(out, 1):
        ind.id = f"i{n}"
    return out


def _unit_label(q: Quantity) -> str:
    """Last resort when the text names nothing: say what kind of amount it is."""
    if q.unit.endswith("元"):
        return "金额"
    if q.unit in ("%", "个百分点", "百分点"):
        return "比率"
    if q.unit in _PEOPLE_UNITS + ("户",):
        return "人数" if q.unit != "户" else "户数"
    return "数量"
