"""Top-level parts: heading levels (also when numbering restarts) and review / plan / other for each part."""

from __future__ import annotations


from ..model import Section
from ..text.recache import rx
from ..text.width import fold_digits
from .timeref import cn_year, find_periods, tense_of_period, tense_of_year

_CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}

#: Words in a heading that say the part looks back or ahead.
REVIEW_WORDS = rx(r"回顾|总结|成就|成绩|成效|进展|工作情况|基本情况|主要工作|历程|历史性变革|取得|收获")
PLAN_WORDS = rx(r"任务|安排|打算|部署|目标|重点工作|工作重点|考虑|举措|思路|总体要求|政策取向|展望|计划|建议|措施|"
                r"工作要点|谋划|构想|开好局|起好步")
#: Cue words that name a review or a plan alike; a period in the same heading decides.
_EITHER_WAY = ("主要工作",)
#: A theme part (a theory, a mission): neither a review nor a plan.
THEME_END = rx(r"(?:使命|思想|方略|理论|意义|认识|体会|启示|形势|特征|内涵|原则)$")
#: A part about problems and shortcomings (存在的主要问题, 面临的困难和挑战): neither a review nor a plan.
PROBLEM_END = rx(r"(?:问题|不足|差距|短板|困难|挑战|风险)(?:和(?:不足|差距|短板|挑战|困难|风险))?$")
#: Verbs (and adverbs before them) that open a task heading: 加快…，推动… / 决胜… / 奋力谱写….
TASK_VERBS = rx(
    r"^(?:坚定不移|奋力|全力|努力|着力|大力|扎实|持续|切实|不断|全面|加快|加大|加强|推进|推动|深化|实施|坚持|坚定|完善|健全|提升|"
    r"提高|强化|优化|促进|扩大|建设|打造|构建|落实|贯彻|统筹|守牢|筑牢|决胜|开启|依靠|围绕|确保|聚焦|突出|做好|抓好|巩固|"
    r"培育|发展|保障|维护|服务|弘扬|激发|增进|增强|拓展|深入|推进|谱写|奋进|锚定)")
_FUTURE = rx(r"要|将|力争|争取|确保|必须|应当|计划|拟|预期(?!寿命)|目标|努力|明年|到(?:19|20|二)\S{2,3}年|下一步|今后|左右|"
             r"不低于|不少于")
_PAST = rx(r"了|累计|取得|实现|完成|已|成功|获批|建成|落户|同比|比上年|截至|一年来|过去|以来|五年来|这五年|圆满|顺利|首次|"
           r"突破|达到\d|增长\d|下降\d|超过\d|居全国")
_SENT = rx(r"[^。！？；]+")
_YEAR = rx(r"(?<![\d〇○零一二三四五六七八九])(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年(?!代)")


def ordinal(number: str | None) -> int | None:
    """一、 -> 1, （十二） -> 12, 3. -> 3, ② -> 2, 第一部分 -> 1."""
    if not number:
        return None
    if number[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return ord(number[0]) - ord("①") + 1
    m = rx(r"\d+").search(number.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    if m:
        return int(m.group())
    m = rx(r"[一二三四五六七八九十两]+").search(number)
    if not m:
        return None
    s = m.group().replace("两", "二")
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_NUM.get(a, 1) if a else 1) * 10 + (_CN_NUM.get(b, 0) if b else 0)
    return _CN_NUM.get(s[-1])


def levels(headings: list) -> list[int]:
    """Level of each heading: styles ranked by first appearance, and a numbering that restarts at 1 under a
    heading of its own style (三、… then 一、 二、 inside it) is nested one level deeper until the outer
    numbering goes on."""
    rank: dict[str, int] = {}
    for h in headings:
        rank.setdefault(h.style, len(rank))
    mds = sorted(s for s in rank if s.startswith("md"))
    if mds:  # Markdown levels keep their own order
        order = mds + [s for s in sorted(rank, key=rank.get) if not s.startswith("md")]
        rank = {s: i for i, s in enumerate(order)}
    if "emoji_top" in rank or "emoji_sub" in rank:  # emoji-led lines rank below any numbered style
        order = [s for s in sorted(rank, key=rank.get) if not s.startswith("emoji")]
        order += [s for s in ("emoji_top", "emoji_sub") if s in rank]
        rank = {s: i for i, s in enumerate(order)}
    frames: list[list] = []  # nested restarts: [style, outer ordinal, inner ordinal]
    last: dict[str, tuple[int, int | None]] = {}  # style -> (index, ordinal) of its last outer heading
    last_higher: dict[str, int] = {}  # style -> index of the last heading of a higher style
    out = []
    for i, h in enumerate(headings):
        r, o = rank[h.style], ordinal(h.number)
        while frames and r < rank[frames[-1][0]]:
            frames.pop()  # a higher heading closes the nested run
        if frames and frames[-1][0] == h.style:
            f = frames[-1]
            if o is not None and o == f[1] + 1 and o != f[2] + 1:
                frames.pop()  # the outer numbering goes on
                last[h.style] = (i, o)
            else:
                f[2] = o if o is not None else f[2] + 1
        elif o == 1 and (last.get(h.style, (0, None))[1] or 0) >= 1 and last_higher.get(h.style, -1) < last[h.style][0]:
            frames.append([h.style, last[h.style][1], 1])
        else:
            last[h.style] = (i, o)
        for s, rs in rank.items():
            if rs > r:
                last_higher[s] = i
        out.append(r + 1 + len(frames))
    return out


#: A clause that opens with a verb names an action; a cue word in it is its object (明确…工作目标), not the part.
_VERB_LED = rx(TASK_VERBS.pattern + r"|^(?:成功|圆满|顺利|召开|明确|完成|实现|取得|开展|举办|组织|推出|出台|制定|启动|确定|"
               r"提出|作出|迎接|喜迎|庆祝|坚守|勇当|勇于|团结|凝聚|引领|书写|交出|答好)")
_CLAUSE = rx(r"[^，,；;、\s]+")


def heading_cues(title: str, year: int | None, month: int | None) -> list[tuple[str, str, int]]:
    """(kind, what, position) for each cue in a heading: words and periods that look back or ahead, in the
    clauses that do not open with a verb."""
    cues = []
    for c in _CLAUSE.finditer(title):
        clause, at = c.group(), c.start()
        if _VERB_LED.match(clause):
            continue
        cues += [("review", m.group(), at + m.start()) for m in REVIEW_WORDS.finditer(clause)]
        cues += [("plan", m.group(), at + m.start()) for m in PLAN_WORDS.finditer(clause)]
        pos = 0
        for kind, text in find_periods(clause):
            i = clause.find(text, pos)
            pos = i + len(text)
            cues.append((tense_of_period(kind, text, year, month), text, at + i))  # kind None: undated
    return sorted(cues, key=lambda c: c[2])


def heading_kind(title: str, year: int | None, month: int | None) -> str | None:
    """review / plan from a heading's own words; a heading naming both takes its last clause (成就和目标任务)."""
    cues = [c for c in heading_cues(rx(r"\s+").sub("", title), year, month) if c[0]]
    words = [c for c in cues if c[1] not in ("今年",)] or cues
    # 主要工作 looks either way: a dated period beside it says which (2025年主要工作 / 2026年主要工作)
    words = [c for c in words if c[1] not in _EITHER_WAY] or words
    if not words:
        return None
    kinds = {c[0] for c in words}
    if len(kinds) == 1:
        return kinds.pop()
    return words[-1][0]


def content_tense(paragraphs: list[str], year: int | None = None, month: int | None = None) -> tuple[float, float, int]:
    """Share of sentences that look back (past markers, past years) and ahead (future markers, a task verb,
    years still to come), against the report's date."""
    past = fut = n = 0
    for p in paragraphs:
        for m in _SENT.finditer(p):
            s = m.group().strip()
            if len(s) <= 4:
                continue
            n += 1
            years = {tense_of_year(cn_year(y[:4]), year, month) for y in _YEAR.findall(fold_digits(s))} if year else set()
            f = bool(_FUTURE.search(s)) or bool(TASK_VERBS.match(s)) or "plan" in years
            b = bool(_PAST.search(s)) or "review" in years
            past += b and not f
            fut += f and not b
    return (past / n, fut / n, n) if n else (0.0, 0.0, 0)


def classify(parts: list[Section], year: int | None, month: int | None, speech: bool) -> None:
    """Set review / plan / other on the top-level parts and, through them, on every section: the heading's own
    words; a theme heading is other; the tense of the part's sentences when it is clear; in a speech a task
    heading is a plan; parts before the first plan part are the review; an article reports what was done."""
    explicit = [heading_kind(p.title, year, month) for p in parts]
    kinds: list[str | None] = list(explicit)
    titles = [rx(r"\s+").sub("", p.title) for p in parts]
    for i, t in enumerate(titles):
        if not kinds[i] and (THEME_END.search(t) or PROBLEM_END.search(t) and not _VERB_LED.match(t)) and "，" not in t:
            kinds[i] = "other"
    paras = [[q for s in p.walk() for q in s.paragraphs] for p in parts]
    tense = [content_tense(x, year, month) for x in paras]
    for i, (past, fut, n) in enumerate(tense):
        if not kinds[i] and n >= 3 and abs(fut - past) >= 0.2:
            kinds[i] = "plan" if fut > past else "review"
            if not speech and kinds[i] == "plan" and (fut < 0.5 or past >= 0.1):
                kinds[i] = None  # an article reports what was done: only a clear plan is a plan
    first_plan = next((i for i, k in enumerate(explicit) if k == "plan"), None)
    for i, t in enumerate(titles):
        if kinds[i]:
            continue
        if first_plan is not None and i < first_plan:
            kinds[i] = "review"  # before a part the heading names a plan (2026年主要任务): what was done
        elif speech and (TASK_VERBS.match(t) or rx(r"[，,](?:奋力|全力|努力|着力|大力|扎实|持续|全面|加快)").search(t)):
            kinds[i] = "plan"
        elif first_plan is not None:
            kinds[i] = "plan"
        elif not speech:
            kinds[i] = "review"
        else:
            past, fut, _ = tense[i]
            kinds[i] = "plan" if fut > past else "review" if past > fut else "other"
    for p, k in zip(parts, kinds):
        _set_kind(p, k, year, month)


def _set_kind(s: Section, k: str, year: int | None, month: int | None) -> None:
    """A part's kind passes to its sections; the sections of a part that names both look for themselves."""
    s.kind = k
    mixed = is_mixed(s, year, month)
    for c in s.children:
        own = heading_kind(c.title, year, month)
        if own is None and mixed:
            past, fut, n = content_tense([q for x in c.walk() for q in x.paragraphs], year, month)
            own = ("plan" if fut > past else "review") if n and fut != past else None
        _set_kind(c, own if own and (k == "other" or mixed) else k, year, month)


def is_mixed(part: Section, year: int | None, month: int | None) -> bool:
    """Does the heading name both a review and a plan (“十四五”时期发展成就和“十五五”时期主要目标任务)?"""
    return len({c[0] for c in heading_cues(rx(r"\s+").sub("", part.title), year, month) if c[0]}) > 1


def paragraph_kind(text: str) -> str | None:
    """review / plan of one paragraph by its sentences, None when it does not lean either way."""
    past, fut, n = content_tense([text])
    return None if not n or past == fut else "review" if past > fut else "plan"
