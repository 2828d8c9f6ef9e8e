"""What a number counts: the noun phrase (with its verb where it matters) a table editor would write."""

from __future__ import annotations

import re
from ..text.recache import rx

#: Verbs that head a measured activity in work reports (新建 605 个, 召开 … 6883 场).
VERBS = sorted("""
新建 新增 新发展 建成 建立 建设 召开 开展 组织 举办 培训 慰问 走访 发放 投入 募集 筹集 调解 受理 帮扶 救助
资助 惠及 覆盖 涵盖 涉及 发展 完成 实现 推出 创建 设立 命名 评选出 评选 表彰 帮助 安置 培育 挽回 办理 解决
提供 落实 下沉 参与 参加 吸纳 带动 受助 播放 达到 增长 增加 减少 提高 下降 降低 节约 改造 整治 开工 竣工
认定 选树 授予 签订 审查 查处 接待 培养 招聘 安排 统筹安排 腾退 拆除 修缮 检查 排查 整改 化解 扶持 补贴
减免 支付 拨付 下拨 追回 服务 运行 收集 征集 回复 转办 办结 走访慰问 开设 开通 上线 发布 制定 出台 印发
入驻 引进 引育 实施 给予 净增 处置 出动 争取 吸引 培育认定 新改扩建 新建改造 新建改建 提请 复制推广 清理 盘活 压减 治理 改造提升 新开工 开行
""".split(), key=len, reverse=True)

VERB_SET = frozenset(VERBS)
_VERB_START = rx("(?:" + "|".join(VERBS) + ")")
_VERB_ANY = rx("(?=(?:" + "|".join(VERBS) + "))")
_VERB_END = rx("(?:" + "|".join(VERBS) + ")$")

#: Verbs of change: kept in a label (地区生产总值增长 5%), unlike verbs that only set a level (达, 突破, 增至).
CHANGE = ("增长", "下降", "增加", "减少", "提高", "降低", "提升", "上升", "下滑", "回落", "扩大", "缩小", "增幅", "涨幅",
          "降幅", "增速", "净增")
_CHANGE = "|".join(CHANGE)
_MOD = "同比|年均|累计|逆势|比上年|较上年|平均|全年|实际|名义"
#: A verb that only sets the level of what comes before it; dropped from a label.
_LEVEL = (r"(?:(?:" + _CHANGE + r"|攀升|跃升|调整|优化|稳定|保持|控制|维持|增|降|升|提|减|扩|缩)(?:到|至|在|为)"
          r"|达到|拥有|具有|(?<![发下到送传表])达|突破|超过|跨过|跨越|连跨|迈上|站上|跃上|超|逾|为|是|有|"
          r"(?<![会统设估预合总累])计|(?<![签节合制预])约|(?<![附最将接])近|占到|实现|累计达|合计|共计|总计|计有|"
          r"稳定|保持|维持|(?<=[\u4e00-\u9fff])完成|高出|低于|高于|不低于|不高于|优于|(?<![存现正所实内])在|(?:拟)?(?<!统筹)安排|拟按|按照|(?<![拟])按)")
_TAIL_ADV = (r"(?:每(?:人|户|年|月|天|日|生|个|立方米|平方米|千人|万人|百人)|年均|日均|月均|分别|(?<![人日月年平])均|平均|双双|将|已|已经|预计|力争|拟|"
             r"(?<![主需重必只])要|还|又|再|累计|(?<!公)共|合计|总计|了|的|首次|一举|稳步|连续\d+年|连续[一二三四五六七八九十]+年)")
_TAIL = rx(rf"(?:{_TAIL_ADV}|{_LEVEL}|按[^，。；、]{{2,8}}的)+$")
_LEAD_NOISE = rx(
    r"^(?:和|及|与|并|其中|同时|此外|另外|今年以来|今年|去年|全年|全市|全省|全区|全县|全州|全盟|全国|全系统|全社会|各级工会|各级|"
    r"市总工会|累计|共计|总计|合计|共|先后|已经|已|还|均|分别|如期|成功|有效|科学(?!技术|研究|普及)|积极|持续|基础上|截至目前|目前|年内|当年|"
    r"预计|力争|计划|拟|将|确保|[^，。；、]{0,6}期间|预期|主要预期目标是|预期目标是|目标是|目标为|其中|实现|使|让|推动|促进|"
    r"到?(?:19|20)\d\d年(?:底|末|初)?|[较比](?:上年同期|上年|去年|(?:19|20)\d\d年|[^，。；、]{1,8}?(?:末|时期|同期))(?:预算数|预算|平均水平|水平)?|与上年相比|同比|包括|"
    r"稳步|不断|逐步|进一步|大幅|显著|明显|首次|继续|[(（]?\d{1,2}[.．、)）]|[一二三四五六七八九十]+是|[一二三四五六七八九十]+要)+")
_FOOTNOTE = rx(r"[［\[【]\d{1,3}[］\]】]|[①-⑳]")
_PAREN = rx(r"[（(][^（）()]*[）)]")
_QUOTES = rx(r"[“”\"‘’「」『』]")
#: Nouns that only make sense with what they are of: 总量 of 经营主体, 占比 of 装机.
RELATIVE_HEADS = ("占比", "比重", "增速", "增幅", "占全", "比例")
ABSOLUTE_HEADS = ("总量", "总数", "规模", "数量", "总额", "产值", "营收", "总计", "余额", "收入", "总产值", "营业收入",
                  "总规模", "年产值", "产量", "金额", "资金", "花费", "总花费", "总收入")
TIME_PREFIX = rx(r"^(?:全年|今年|当年|年度|上半年|下半年|前三季度|[一二三四]季度|\d{1,2}[—-]\d{1,2}月|年)")
#: Words that start the predicate of a topic clause (林下经济|蓬勃发展).
_PREDICATE = rx(
    r"(蓬勃|持续|稳步|不断|加快|加速|显著|大幅|快速|迅速|明显|全面|深入|有序|扎实|进一步|实现|保持|取得|创|"
    r"成效|提质|增效|稳中|向好|提升|壮大|成为|迈上|跃上|再上|首次|突破|达到|居|位居|稳居|走在|领跑|增长|下降)")
#: Measured heads: the part of a list's last item that the earlier items share (存款、贷款余额 -> 存款余额).
SHARED_HEADS = sorted("""
人均可支配收入 可支配收入 产业规模 产业增加值 营业收入 总产值 增加值 零售额 进出口 出口 进口 投资 收入 余额 合格率 普及率 覆盖率 达标率 满意率 率 总额 总量
产量 产值 规模 营收 人数 人次 花费 数量 占比 比重 支出 企业 项目 标准 价格 面积 浓度 强度 指数
""".split(), key=len, reverse=True)
MEASURED = rx("(?:率|额|值|量|数|收入|投资|出口|进口|产量|规模|比重|占比|强度|价格|指数|面积|人次|耗|花费|支出|"
                       "营收|成本|密度|浓度|容量|标准|金|费)$")
NOUN_END = rx(_LEVEL + "|" + _TAIL_ADV + "|" + "|".join(VERBS) + "|占|比重|占比")
_LEVEL_END = rx(_LEVEL + "|" + _TAIL_ADV + "|扎实|稳步|加快|全面|顺利|持续|不断|基本|有序|成功|正式|深入|积极|"
                "有效|进一步|率先|如期|全部|均")
WEAK = {"元", "%", "％", "个", "人", "次", "家", "项", "件", "增长", "增长到", "增加到", "达到", "下降", "扩大到",
        "提高到", "降至", "突破", "超过", "大关", "约", "以上"}


def clean(s: str) -> str:
    """Footnote markers, parentheses (closed or cut off) and quotes out."""
    s = _FOOTNOTE.sub("", s)
    prev = None
    while prev != s:
        prev, s = s, _PAREN.sub("", s)
    s = rx(r"[（(]").split(s, maxsplit=1)[0]
    return _QUOTES.sub("", s).replace("·", "").strip().lstrip("、，")


def strip_lead(s: str) -> str:
    prev = None
    while prev != s:
        prev, s = s, _LEAD_NOISE.sub("", s)
    return s


def split_predicate(s: str) -> tuple[str, str]:
    """'地区生产总值同比增长' -> ('地区生产总值', '同比增长'); '总量达' -> ('总量', ''); level verbs are dropped."""
    s = _TAIL.sub("", s)
    m = re.search(rf"(?:{_MOD})*(?:{_CHANGE})$", s)
    if m and m.start() > 0:
        noun, verb = s[:m.start()], m.group(0)
        return _TAIL.sub("", noun), verb
    if m:
        return "", m.group(0)
    return s, ""


def leading_verb(label: str) -> str:
    m = _VERB_START.match(label)
    return m.group(0) if m else ""


def activity_verb(label: str) -> str:
    """The verb of a label, at its start or after a short subject (活动覆盖职工 -> 覆盖)."""
    m = _VERB_ANY.search(label, 0, 5)
    return _VERB_START.match(label, m.start()).group(0) if m else ""


def trailing_verb(label: str) -> str:
    m = _VERB_END.search(label)
    return m.group(0) if m else ""


def without_verb(label: str) -> str:
    """The counted noun of a label: 新建职工之家 -> 职工之家; 地区生产总值增长 -> 地区生产总值."""
    v = leading_verb(label)
    rest = label[len(v):] if v and len(label) > len(v) + 1 else label
    noun, _ = split_predicate(rest)
    return noun or rest


def shorten(label: str, limit: int = 16) -> str:
    """Keep a long label from its last activity verb on (职工医疗互助…发放互助金 -> 发放互助金); an agent
    with a number in its name goes too (12351服务热线受理职工诉求 -> 受理职工诉求)."""
    lead = re.match(r"(?:在|通过|依托)[^，、]{2,}?(?=(?:" + "|".join(VERBS) + "))", label)
    if lead and len(label) - lead.end() >= 4:
        label = label[lead.end():]  # 在职工医疗互助保障计划受助职工 -> 受助职工
    digits = rx(r"[0-9A-Za-z](?=[^0-9A-Za-z]*$)").search(label)
    if digits:
        cuts = [m.start() for m in _VERB_ANY.finditer(label, digits.end()) if len(label) - m.start() >= 4]
        if cuts:
            label = label[cuts[-1]:]
    verb = leading_verb(label)
    examples = rx(r"^[^，、等]{1,10}(?:、[^，、等]{1,10})+等(?:地|处)?(?=..)").sub("", label[len(verb):])
    if examples != label[len(verb):]:
        label = verb + examples  # 实施清水河、苦水河、沙湖等综合治理工程 -> 实施综合治理工程
    if len(label) <= limit or (leading_verb(label) and len(label) <= limit + 4):
        return label  # 新增…优秀典型案例: a verb and its object stay whole
    best = -1
    for v in VERBS:
        i = label.rfind(v)
        rest = label[i + len(v):] if i >= 0 else ""
        # 服务业 / 办结率 / 增加值 / 转移支付增长: a verb followed by a nominal suffix or a change is part of a noun
        if i > best and len(rest) >= 2 and rest[0] not in "业员者性类站云率量额数值" \
                and not re.fullmatch(rf"(?:{_MOD})*(?:{_CHANGE})", rest):
            best = i
    if best > 0:
        return label[best:]
    cut = max(label.rfind("、"), label.rfind("等"))
    return label[cut + 1:] if 0 < cut < len(label) - 3 else label


PREP = "由被在从向对以为把将给让"
_RELATIVE = rx(r"有|是|具有|拥有|达|超|为|占")


_AGE_ATTR = rx(r"^[0-9０-９]{1,3}(?:周岁|岁)(?:及?以上|及?以下)?(?:的)?(?=[\u4e00-\u9fff])")


def noun_after(after: str, more: bool) -> tuple[str, int]:
    """The noun a number qualifies when it stands before it, and how many characters of *after* it takes:
    89处|示范基地, 8.3万平方公里|的土地上, 8家|景区累计接待…, 10家|在全国有影响力的|龙头企业
    (*more*: another number follows in the clause, so the noun ends where a verb starts)."""
    i0 = 1 if after.startswith("的") else 0
    attr = _AGE_ATTR.match(after)
    if attr:  # 两千多名|80周岁以上|老人: an age that says who is counted, then the noun
        noun, used = noun_after(after[attr.end():], True)
        return (attr.group(0) + noun, attr.end() + used) if noun else ("", 0)
    end, taken = len(after), None
    j = after.find("的", i0)
    if j - i0 >= 2 and _RELATIVE.search(after, i0, j) and rx(r"[\u4e00-\u9fff“]{2,}").match(after[j + 1:]):
        i0 = j + 1  # 10家左右在全国有重要行业影响力的龙头链主企业: the head noun after 的
    elif after[:1] and after[0] in PREP and not after.startswith(("对外", "以上", "为民")):
        return "", 0  # 18.5%以上由工会律师代理: a predicate, not a noun
    if i0:
        m = rx(r"(?<=..)(?:上|[中内里](?=[^\u4e00-\u9fff]|$))").search(after[i0:])
        if m:
            end, taken = i0 + m.start(), i0 + m.end()
    j = after.find("的", i0)
    if j - i0 >= 2 and j < end:
        end, taken = j, None
    if more or i0 or len(clean(after[i0:end])) > 14:
        m = (NOUN_END if more or i0 else _LEVEL_END).search(after, i0 + 2, end)
        if m is None and i0:
            m = rx("[更最很都也还仍]").search(after, i0 + 2, end)
        if m:
            end, taken = m.start(), None
    noun = rx(r"(?:和|及|与|等|以及|被|把|将|由)+$").sub("", clean(after[i0:end])).strip()
    if rx(r"(?:[一二两三四五六七八九十]个)?(?:大关|关口|台阶|大台阶|新台阶|级|量级|以上|左右)").fullmatch(noun):
        return "", 0  # 跨越5000亿元大关: a figure of speech, not what is counted
    return (noun, taken or end) if noun else ("", 0)


def topic(clause: str) -> str:
    """The subject of a clause that states no number: 林下经济蓬勃发展 -> 林下经济; 截至目前 -> ''."""
    c = strip_lead(clean(clause))
    m = _PREDICATE.search(c)
    t = c[: m.start()] if m else ""
    if not 2 <= len(t) <= 10 or rx(r"(期间|以来|目前|时期|年来|方面|[年月日])$").search(t) or rx(r"\d").search(t):
        return ""
    return t


def is_weak(label: str) -> bool:
    """A label that is only a unit, only a verb, or one character — a reader learns nothing from it."""
    from ..text.quantities import UNITS

    s = rx(r"[\s，。、；：“”\"'（）()《》·-]").sub("", label or "")
    if len(s) < 2 or s in WEAK or s in UNITS:
        return True
    bare = rx(r"(?:到|至|为|了)$").sub("", s)
    return bare in VERB_SET or bool(re.fullmatch(rf"(?:{_MOD})*(?:{_CHANGE})", bare)) or bool(re.fullmatch(_LEVEL, s))


def item_labels(items: list[str]) -> list[str]:
    """Give earlier list items the head they share with the last: 城镇、农村居民收入 -> 城镇居民收入, 农村居民收入;
    工业、制造业、工业技改投资 -> 工业投资 …; 职工之家、职工书屋、爱心驿站 stay as they are."""
    items = [rx(r"^[对向在与从]").sub("", x) if len(x) > 2 else x for x in items]
    last = items[-1]
    earlier = items[:-1]
    if not earlier or any(MEASURED.search(x) for x in earlier) or not MEASURED.search(last):
        return items
    lens = {len(x) for x in earlier}
    if len(lens) == 1 and (n := lens.pop()) <= 4 and len(last) - n >= 2 and last[n] not in "业率量额值性化者员类家型级产品":
        return [x + last[n:] for x in earlier] + [last]
    head = next((h for h in SHARED_HEADS if last.endswith(h) and len(last) > len(h)), "")
    if head:
        return [x + head if not x.endswith(head) else x for x in earlier] + [last]
    return items


def split_items(noun: str, n: int) -> list[str] | None:
    """Split a subject into exactly *n* list items: by 、 first, then also by 和/及/与."""
    for pat in (r"、", r"、|和|及|与|以及"):
        parts = [p for p in re.split(pat, noun) if p]
        if len(parts) == n and all(len(p) >= 1 for p in parts):
            return parts
    return None
