"""Result, target or baseline: cues in the sentence that override the kind of the part a number stands in."""

from __future__ import annotations

from collections import Counter

from ..text.recache import rx
from ..text.width import fold_digits

#: Words that make a number planned wherever it stands (a review part may state the year's targets).
#: Words that make the numbers of a whole sentence planned: 主要预期目标是：A；B；C, 纲要…设置了29项主要指标，包括：
_SENTENCE_TARGET = rx(r"预期目标|主要目标|目标(?:是|为|任务是)|(?:设置|提出|确定|设定|明确)了?[^。；]{0,12}指标")
#: Words that make the numbers after them in their clause chain (up to ；) planned.
_TARGET = rx(
    r"(?<!努)力争|(?<![模虚])拟(?![人合态物])|预计|计划(?:到|在|于|新增|完成|实现|建设|建成|"
    r"投资|安排|开工|实施|用|培训|举办|开展|组织|发放|新建)|确保(?:完成|实现|达到|新增|全年)|"
    r"争取(?:在|到年底|年内|全年|实现|达到|突破|完成|新增|建成|超过|增长|使|再)|"
    r"(?<![即])将(?:要|会|可|能)?"
    r"(?:达到|(?<![触送到下传表发])达|突破|超过|超|新增|增加|增长|实现|建成|完成|提高|提升|降低|下降|减少|扩大|形成|带动|惠及|覆盖|新建|建设|"
    r"培训|举办|开展|组织|发放|安排|投入|筹集)")
#: Budget allocations: 安排 / 预算 with money is planned spending unless the sentence says it was spent.
_BUDGET = rx(r"安排|收入预算|支出预算|预算(?:安排|数|总额|为|草案)|年初预算")
_ALLOCATION = rx(r"(?:安排|收入预算|支出预算|预算(?:安排|数|总额|为)|年初预算)[^，。；]{0,12}?[0-9０-９.．]+(?:万亿|亿|万)?元")
_SPENT = rx(r"已|累计|共计|完成|执行|实际|决算|下达|拨付|到位|落实|使用|支出进度|为预算的|超收|短收")
#: 到2030年 as a deadline (到2030年，布局…; 力争到2030年), not the end of a from–to (增长到2025年的…).
_BY_YEAR = rx(r"(?:^|[，,：:；;。]|力争|计划|争取|预计|将|要|确保)\s*到(20\d\d)年")
#: Forecasts and efforts that report a closed year's outcome in a report given after it: 预计完成, 争取…资金.
_ESTIMATE = rx(r"预计|争取")
#: A clause that only states the year-on-year change of the figure before it: 同比增长, 比上年下降.
_CHANGE_OF_IT = rx(r"^\s*(?:同比|比上年|较上年|比去年)?(?:增长|下降|增加|减少|提高|降低)(?:了)?\s*$")
#: A clause that announces a ；-list of plans: 2026年，将…重点做好以下工作：力争…；…；…
_PLAN_LIST = rx(r"(?:将|要|计划|拟|力争|明年|下一步)[^。；]{0,40}(?:以下|如下|几项|几个方面)[^。；]{0,6}(?:工作|任务|目标|事项)?[：:]")


def reference_year(texts) -> int | None:
    """The year a report speaks from: the year it names most often (the reviewed year)."""
    years = Counter(int(y) for t in texts for y in rx(r"(?<!\d)(20\d\d)年").findall(fold_digits(t)))
    return years.most_common(1)[0][0] if years else None


def is_planned(before: str, clause_before: str, unit: str, ref_year: int | None, closed: bool = False) -> bool:
    """Does the sentence make the number that follows *before* (sentence text up to it) a plan or forecast?

    *clause_before* is the clause the number stands in, up to it. *closed*: the number speaks of a period that
    was over when the report was given (a review part of last year in a January report) — there 预计完成 is the
    year's outcome and 争取 reports what was secured."""
    if _SENTENCE_TARGET.search(before) or _PLAN_LIST.search(before):
        return True
    chain = rx(r"[；;]").split(before)[-1]
    for m in _TARGET.finditer(chain):
        if _ESTIMATE.match(m.group()):
            if closed or m.group() == "预计" and m.start() < len(chain) - len(clause_before) \
                    and not _CHANGE_OF_IT.match(clause_before):
                continue  # 预计 holds for its own clause and its change (同比增长), not for other figures
        return True
    m = _BY_YEAR.search(before)
    if m and ref_year and int(m.group(1)) > ref_year:
        return True  # 到2030年，布局20个重大专项
    budget = _BUDGET.search(clause_before)
    if closed and budget and budget.group() == "安排":
        budget = None  # 中央财政安排补助资金 in the review of a closed year: money that was allocated
    if unit.endswith("元") and budget and not _SPENT.search(clause_before):
        return True  # 教育支出安排120亿元; 拟安排资金
    alloc = _ALLOCATION.search(before)
    if alloc and not (closed and alloc.group().startswith("安排")) and not _SPENT.search(before[alloc.start():]):
        return True  # 教育支出安排120亿元，增长3%: the change of a planned amount is planned too
    return False


def is_baseline_before(before: str, after: str) -> bool:
    """原有9000家 / 在现有…基础上: a stated starting stock."""
    return bool(rx(r"原有$").search(before)) or after.startswith("基础上")
