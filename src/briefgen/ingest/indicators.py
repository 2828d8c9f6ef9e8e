"""Numeric indicators: which quantities count, what they measure (label), result or target (kind)."""

from __future__ import annotations

import re

from ..model import Indicator
from ..numbers import CN_DIGIT_CHARS, as_plain
from .quantities import MEASURE_UNITS, Quantity, find_quantities, prefix_qualifier, suffix_qualifier

#: Verbs that head a measured activity in work reports (新建 605 个, 召开 … 6883 场).
VERBS = sorted("""
新建 新增 新发展 建成 建立 建设 召开 开展 组织 举办 培训 慰问 走访 发放 投入 募集 筹集 调解 受理 帮扶 救助
资助 惠及 覆盖 涵盖 涉及 发展 完成 实现 推出 创建 设立 命名 评选出 评选 表彰 帮助 安置 培育 挽回 办理 解决
提供 落实 下沉 参与 参加 吸纳 带动 受助 播放 达到 增长 增加 减少 提高 下降 降低 节约 改造 整治 开工 竣工
认定 选树 授予 签订 审查 查处 接待 培养 招聘 安排 统筹安排 腾退 拆除 修缮 检查 排查 整改 化解 扶持 补贴
减免 支付 拨付 下拨 追回 服务 运行 收集 征集 回复 转办 办结 走访慰问 开设 开通 上线 发布 制定 出台 印发
""".split(), key=len, reverse=True)

_LEAD_NOISE = re.compile(
    r"^(?:和|及|与|并|其中|同时|此外|另外|全年|今年以来|今年|去年|全市|全省|全区|全县|全国|全系统|各级工会|各级|"
    r"市总工会|累计|共计|总计|合计|共|先后|已经|已|还|均|分别|如期|成功|有效|科学|积极|持续|基础上|"
    r"截至目前|目前|年内|当年)+")
_TAIL_NOISE = re.compile(r"(?:减少到|增加到|增长到|提高到|下降到|降至|达到|拟按|按|拟|达|为|是|约|近|共|累计|总计|了|的)+$")
_FOOTNOTE = re.compile(r"[［\[【]\d{1,3}[］\]】]|[①-⑳]")
_CHANGE_VERBS = {"增长", "下降", "提高", "降低", "增加", "减少", "同比增长", "同比下降", "比上年增长", "增幅", "涨幅"}
_TARGET_CUE = re.compile(r"(预期目标|目标是|目标为|力争|计划(?:到|在|于|新增|完成|实现)|争取|将新增|将建设|要新增|拟(?:安排|新增|建设|按))")
_CLAUSE_END = "，,。；;：:！？!?、"
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}


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
    """Rules from the gold annotations: drop ordinals, slogans, names, dates, anniversaries, titles."""
    num = q.text
    if q.chinese:
        digits = [c for c in num if c in CN_DIGIT_CHARS or c in "十"]
        if not digits:
            return False  # 万家, 百强: a bare magnitude is a word, not a number
        if q.value < 10 and q.unit not in MEASURE_UNITS:
            return False  # 四个意识, 两节, 一批, 三次执委会议: small Chinese counts are slogans or words
    after = line[q.end:q.end + 2]
    if q.unit == "周" and after.startswith("年"):
        return False  # 70周年: an age, not a quantity of work
    if re.match(r"[A-Za-z]", after):
        return False  # 5G, 12351APP: part of a name
    if _inside(line, q.start, "《", "》") or _inside(line, q.start, "〈", "〉"):
        return False  # inside a document title
    for l, r in _QUOTE_PAIRS.items():
        if _inside(line, q.start, l, r, max_len=10):
            return False  # “四个意识”, “十三五”: a quoted slogan
    return True


def _clause(line: str, start: int, end: int, prev_end: int, next_start: int) -> tuple[str, str]:
    """Text of the clause before and after the quantity, bounded by punctuation and other quantities."""
    a = start
    while a > prev_end and line[a - 1] not in _CLAUSE_END:
        a -= 1
    b = end
    while b < next_start and line[b] not in _CLAUSE_END:
        b += 1
    return line[a:start], line[end:b]


def _leading_verb(label: str) -> str:
    return next((v for v in VERBS if label.startswith(v)), "")


def _clean_before(s: str) -> str:
    s = _FOOTNOTE.sub("", s)
    s = re.sub(r"[（(][^）)]*[）)]", "", s)
    prev = None
    while prev != s:
        prev = s
        s = _LEAD_NOISE.sub("", s)
        s = _TAIL_NOISE.sub("", s)
    return re.sub(r"[“”\"‘’]", "", s).strip()


def _clean_after(s: str) -> str:
    s = _FOOTNOTE.sub("", s)
    s = re.sub(r"[（(][^）)]*[）)]", "", s).lstrip("的")
    if "的" in s and s.index("的") >= 2:
        s = s[: s.index("的")]
    return re.sub(r"[“”\"‘’]", "", re.sub(r"[和及与等]+$", "", s)).strip()


def _shorten(label: str, limit: int = 12) -> str:
    """Keep a long label from its last activity verb on (职工医疗互助…发放互助金 -> 发放互助金)."""
    if len(label) <= limit:
        return label
    best = -1
    for v in VERBS:
        i = label.rfind(v)
        # 服务业 / 服务员: a verb followed by a nominal suffix is part of a noun, not an activity
        if i > best and len(label) - i >= len(v) + 2 and label[i + len(v)] not in "业员者性类":
            best = i
    return label[best:] if best > 0 else label


def _label(before: str, after: str, unit: str, enum_verb: str) -> str:
    b, a = _clean_before(before), _clean_after(after)
    if a and not a.startswith(("基础上", "以上")):
        verb = next((v for v in VERBS if b.endswith(v)), "")
        head = verb or (b if len(b) <= 6 else "") or ("" if _leading_verb(a) else enum_verb)
        label = head + a
    else:
        label = b
        if label and not _leading_verb(label) and enum_verb:
            label = enum_verb + label
        if unit in ("人", "人次", "名", "位") and label and not re.search(r"(人|员|职工|者|会员|群众|工|家属|干部|代表)$", label):
            label += "人员"
    return _shorten(label.strip()) or ""


def extract(blocks, block_section: dict[int, str], section_kind: dict[str, str]) -> list[Indicator]:
    """Indicators from body blocks (headings and paragraphs) with offsets into the normalised text."""
    out: list[Indicator] = []
    for bi, b in enumerate(blocks):
        line = b.text
        qs = [q for q in find_quantities(line) if _is_indicator(line, q)]
        sid = block_section.get(bi)
        kind_default = "target" if (getattr(b, "kind_hint", None) or section_kind.get(sid)) == "plan" else "result"
        enum_verb = ""
        pending_baseline: list[Indicator] = []
        for k, q in enumerate(qs):
            prev_end = qs[k - 1].end if k else 0
            next_start = qs[k + 1].start if k + 1 < len(qs) else len(line)
            before, after = _clause(line, q.start, q.end, prev_end, next_start)
            qual, word = prefix_qualifier(line[:q.start])
            before = before[: len(before) - len(word)] if word and before.endswith(word) else before
            squal, sword = suffix_qualifier(line[q.end:])
            if sword:
                after = after[len(sword):]
            qualifier = q.qualifier if q.qualifier != "exact" else (qual or squal or "exact")
            # a clause break before this quantity ends any enumeration verb
            if k and any(c in _CLAUSE_END.replace("、", "") for c in line[prev_end:q.start]):
                enum_verb = ""
            label = _label(before, after, q.unit, enum_verb)
            if label in _CHANGE_VERBS and out and out[-1].sentence and line.find(out[-1].text) >= 0 \
                    and k and not any(c in "。！？!?；" for c in line[prev_end:q.start]):
                # 国内生产总值超过126万亿元，增长5.2%: the change belongs to the subject before it
                label = re.sub(f"^{_leading_verb(out[-1].label)}", "", out[-1].label) + label
            enum_verb = _leading_verb(label) or enum_verb
            s0 = max(line.rfind(c, 0, q.start) for c in "。！？!?") + 1
            ends = [i for i in (line.find(c, q.end) for c in "。！？!?") if i >= 0]
            sentence = line[s0: (min(ends) + 1 if ends else len(line))].strip()
            kind = kind_default
            if re.search(r"(原有|现有|已有)$", _clean_before(before) or before) or re.search(r"(原有|现有|已有)$", before) \
                    or after.startswith("基础上"):
                kind = "baseline"
            elif kind == "result" and _TARGET_CUE.search(sentence):
                kind = "target"
            ind = Indicator(
                id="", text=q.text, value=as_plain(q.value), unit=q.unit, label=label or q.unit,
                kind=kind, qualifier=qualifier,
                value_max=as_plain(q.value_max) if q.value_max is not None else None,
                section=sid, sentence=sentence, start=b.offset + q.start, end=b.offset + q.end,
            )
            for pb in pending_baseline:  # 在原有9000家基础上新增1000家户外劳动者暖心驿站
                noun = _clean_after(after) or re.sub(f"^{_leading_verb(label)}", "", label)
                pb.label = "原有" + noun if noun else pb.label
            pending_baseline = [ind] if kind == "baseline" and after.startswith("基础上") else []
            out.append(ind)
    for n, ind in enumerate(out, 1):
        ind.id = f"i{n}"
    return out
