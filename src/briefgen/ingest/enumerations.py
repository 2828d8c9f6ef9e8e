"""Numbers that belong together: value lists (A、B分别增长x、y), from–to pairs (从A增长到B)."""

from __future__ import annotations

import re

from ..text.recache import rx
from .labels import CHANGE, clean, item_labels, split_items, split_predicate, strip_lead

#: What may stand between two values of one list: a qualifier of the first, then a list separator.
_LIST_GAP = rx(r"^(?:左右|以上|以内|上下|以下)?(?:、|和|及|与|以及|，和)$")
#: What stands between the two ends of a from–to pair (由1.73降至1.48, 从5.6万元增至7.8万元).
FROM_TO_GAP = rx(
    r"^(?:左右|以上)?(?:" + "|".join(CHANGE) + r"|[\u4e00-\u9fff]{1,3}?)?(?:到|至|为)"
    r"(?:(?:19|20)\d{2}年(?:末|底|初)?(?:预计|预期|力争|计划)?的?)?$")  # 增长到2025年预计的865亿元
#: The start of a from–to pair: 从 / 由, perhaps with the time of the starting value (从2020年的, 由上年).
FROM = rx(r"(?:从|由)(?:平均|上年|去年|年初|上年末|[^，。；：]{0,8}?(?:年|末|底|初|期))?的?$")


def groups(line: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Runs of values joined only by list separators: 4.3%、5.7% / 3.4万元和2.3万元 / 107.9%、46.7%、57.4%."""
    out: list[list[int]] = []
    run = [0] if spans else []
    for k in range(1, len(spans)):
        gap = line[spans[k - 1][1]:spans[k][0]]
        if _LIST_GAP.match(gap):
            run.append(k)
        else:
            if len(run) > 1:
                out.append(run)
            run = [k]
    if len(run) > 1:
        out.append(run)
    return out


def is_from_to(line: str, first: tuple[int, int], second: tuple[int, int], before_first: str) -> bool:
    """Are these two values the ends of one change (国内生产总值从五十四万亿元增长到八十万亿元)?"""
    return bool(FROM.search(before_first)) and bool(FROM_TO_GAP.match(line[first[1]:second[0]]))


def from_subject(before_first: str) -> str:
    """What changes in a from–to pair: the subject before 从/由."""
    s = strip_lead(clean(FROM.sub("", before_first)))
    noun, _ = split_predicate(s)
    return noun


def list_subject(before: str) -> tuple[str, str]:
    """Subject and predicate of a value list's clause: '城镇、农村居民人均可支配收入分别增长' ->
    ('城镇、农村居民人均可支配收入', '增长'); '分别完成年计划的' -> ('', '完成年计划')."""
    b = clean(before)
    if "分别" in b:
        subj, pred = b.rsplit("分别", 1)
        subj = strip_lead(subj)
        subj_noun, subj_verb = split_predicate(subj)
        pred = rx(r"的$").sub("", pred)
        m = re.match(rf"^(?:同比|年均|累计)?(?:{'|'.join(CHANGE)})$", pred)
        if m:
            verb = (subj_verb or "") + pred
        elif rx(r"^(?:完成|占)").match(pred):
            verb = pred
        else:
            verb = subj_verb
        return subj_noun, verb
    return split_predicate(strip_lead(b))


def map_items(subject: str, verb: str, n: int) -> list[str] | None:
    """Labels for *n* values from a subject naming *n* items, in order (None if it does not)."""
    items = split_items(subject, n)
    if not items:
        return None
    return [x + verb for x in item_labels([strip_lead(x) for x in items])]
