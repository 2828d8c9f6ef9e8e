"""What each number counts: labels, kinds, units and forms, one class of the genre per test (synthetic snippets)."""

from __future__ import annotations

import pytest

from briefgen.ingest import ingest_text
from briefgen.ingest.labels import is_weak
from briefgen.text.quantities import parse_quantity
from briefgen.model import Source


def _inds(body: str, heading: str = "一、工作回顾"):
    text = f"某市工作报告\n{heading}\n{body}\n"
    b = ingest_text(text, Source("t.txt", "0" * 64, "utf-8", "text", None, len(text)), "t")
    return {i.text: i for i in b.indicators}


def _plan(body: str):
    return _inds(body, "二、2026年工作安排")


# -- enumerations -----------------------------------------------------------------------------

def test_respectively_maps_values_to_items_in_order():
    v = _inds("全市职工之家、职工书屋、爱心驿站分别达到120个、85个、60个。")
    assert [v[t].label for t in ("120个", "85个", "60个")] == ["职工之家", "职工书屋", "爱心驿站"]


def test_items_share_the_head_of_the_last_item():
    v = _inds("存款、贷款余额分别增长8.1%、9.3%，城镇、农村居民人均可支配收入分别达4.2万元和2.1万元。")
    assert v["8.1%"].label == "存款余额增长" and v["9.3%"].label == "贷款余额增长"
    assert v["4.2万元"].label == "城镇居民人均可支配收入" and v["2.1万元"].label == "农村居民人均可支配收入"


def test_list_items_complete_a_measure_named_just_before():
    v = _inds("居民人均可支配收入5.2万元，增长5.3%，其中城镇居民和农村居民分别增长4.6%和6.8%。")
    assert v["4.6%"].label == "城镇居民人均可支配收入增长" and v["6.8%"].label == "农村居民人均可支配收入增长"


def test_list_without_respectively_and_with_modifiers():
    v = _inds("食品、药品抽检合格率分别超98.5%和99%，工业、制造业投资增长9.4%、13.3%。")
    assert v["98.5%"].label == "食品抽检合格率" and v["98.5%"].qualifier == "over"
    assert v["99%"].label == "药品抽检合格率"
    assert v["9.4%"].label == "工业投资增长" and v["13.3%"].label == "制造业投资增长"


def test_respectively_after_values_takes_the_items_of_the_clauses_before():
    v = _inds("全年接待游客820万人次，游客花费96亿元，同比分别增长12.5%和18.2%。")
    assert "接待游客" in v["12.5%"].label and "增长" in v["12.5%"].label
    assert v["18.2%"].label == "游客花费增长"


def test_each_item_of_a_list_gets_its_own_noun_and_the_shared_verb():
    v = _inds("新建职工之家36个、暖心驿站120个，建成示范基地12处和加工企业8家。")
    assert v["36个"].label == "新建职工之家" and v["120个"].label == "新建暖心驿站"
    v = _inds("建成12处示范基地和8家加工企业。")
    assert v["12处"].label == "建成示范基地" and v["8家"].label == "建成加工企业"


def test_a_value_with_only_a_verb_continues_the_subject_before_it():
    v = _inds("地区生产总值突破2000亿元、达2150亿元，增长5.1%。新增上市公司6家、总量达48家。")
    assert v["2000亿元"].label == v["2150亿元"].label == "地区生产总值"
    assert v["5.1%"].label == "地区生产总值增长"
    assert v["48家"].label == "上市公司总量"
    v = _inds("累计开展技能培训300余场次、覆盖超1.5万人次。")
    assert v["1.5万人次"].label == "技能培训覆盖"


def test_a_generic_head_takes_the_topic_of_the_sentence():
    v = _inds("林下经济加快发展，建成示范基地15处，全年产值达12.6亿元，同比增长9.5%。")
    assert v["12.6亿元"].label == "林下经济产值"


# -- from–to pairs ------------------------------------------------------------------------------

@pytest.mark.parametrize("body,first,second,label", [
    ("国内生产总值从五十四万亿元增长到八十万亿元。", "五十四万亿元", "八十万亿元", "国内生产总值"),
    ("城乡收入倍差由2.31降至2.05。", "2.31", "2.05", "城乡收入倍差"),
    ("常住人口城镇化率从58.2%提升至63.5%。", "58.2%", "63.5%", "常住人口城镇化率"),
    ("人均预期寿命从2020年的78.1岁提高到79.3岁。", "78.1岁", "79.3岁", "人均预期寿命"),
])
def test_from_to_pair_is_a_baseline_and_a_result_with_one_label(body, first, second, label):
    v = _inds(body)
    assert (v[first].kind, v[second].kind) == ("baseline", "result")
    assert v[first].label == v[second].label == label


def test_from_to_pair_in_a_plan_is_a_baseline_and_a_target():
    v = _plan("推动普惠托位占比由52%提高到60%。")
    assert (v["52%"].kind, v["60%"].kind) == ("baseline", "target")


def test_existing_stock_is_a_baseline():
    v = _plan("在原有300家基础上新增50家户外劳动者服务站点。")
    assert v["300家"].kind == "baseline" and "户外劳动者服务站点" in v["300家"].label
    assert v["50家"].kind == "target"


# -- kinds from the sentence ----------------------------------------------------------------------

@pytest.mark.parametrize("body,text", [
    ("力争全年新增就业岗位5000个。", "5000个"),
    ("预计全年用电量将突破45亿千瓦时。", "45亿千瓦时"),
    ("计划新建健身步道30公里。", "30公里"),
    ("拟安排专项资金2.5亿元支持技能培训。", "2.5亿元"),
    ("教育支出安排86亿元，增长3.2%。", "86亿元"),
    ("到2035年，森林覆盖率将达到70%。", "70%"),
    ("今年主要预期目标是：地区生产总值增长5.5%左右。", "5.5%"),
])
def test_sentence_cues_make_a_number_in_a_review_part_a_target(body, text):
    v = _inds("2024年工作成效显著。2024年完成投资100亿元。" + body)
    assert v[text].kind == "target", (body, v[text])


@pytest.mark.parametrize("body,text", [
    ("争取上级补助资金2.3亿元，争取到中央预算内投资1.1亿元。", "2.3亿元"),
    ("争取上级补助资金2.3亿元，争取到中央预算内投资1.1亿元。", "1.1亿元"),
    ("一般公共预算收入完成860亿元，为预算的101.2%。", "860亿元"),
    ("将价格临时补贴标准提高1倍。", "1倍"),
    ("累计安排资金3亿元，惠及职工5000人。", "3亿元"),
])
def test_achievements_stay_results(body, text):
    assert _inds(body)[text].kind == "result"


# -- units and forms ------------------------------------------------------------------------------

@pytest.mark.parametrize("body,text,unit,value", [
    ("出动飞机36架次，组织培训120批次、演出80场次。", "36架次", "架次", 36),
    ("出动飞机36架次，组织培训120批次、演出80场次。", "120批次", "批次", 120),
    ("出动飞机36架次，组织培训120批次、演出80场次。", "80场次", "场次", 80),
    ("污水处理能力达到50万吨/日，细颗粒物年均浓度28微克/立方米。", "50万吨/日", "吨/日", 500000),
    ("污水处理能力达到50万吨/日，细颗粒物年均浓度28微克/立方米。", "28微克/立方米", "微克/立方米", 28),
    ("粮食总产达到446.1亿斤，获得奖牌12枚，开行班列620列。", "446.1亿斤", "斤", 44_610_000_000),
    ("粮食总产达到446.1亿斤，获得奖牌12枚，开行班列620列。", "12枚", "枚", 12),
    ("粮食总产达到446.1亿斤，获得奖牌12枚，开行班列620列。", "620列", "列", 620),
    ("完成数据标注量1.8P，智算规模2.2万P。", "1.8P", "P", 1.8),
    ("全年发电量320亿千瓦时，外送电量1000亿度。", "1000亿度", "度", 100_000_000_000),
])
def test_compound_and_genre_units(body, text, unit, value):
    i = _inds(body)[text]
    assert (i.unit, i.value) == (unit, value)
    assert float(parse_quantity(text).value) == value


def test_ratio_series_and_bare_ratios():
    v = _inds("三次产业结构由8.7∶41.2∶50.1调整为7.4∶39.6∶53，城乡居民收入比缩小至2.54。")
    assert v["8.7∶41.2∶50.1"].kind == "baseline" and v["7.4∶39.6∶53"].kind == "result"
    assert v["8.7∶41.2∶50.1"].label == "三次产业结构"
    assert v["2.54"].label == "城乡居民收入比" and v["2.54"].unit == ""
    assert float(parse_quantity("7.4∶39.6∶53").value) == 7.4


def test_counts_whose_unit_is_the_counted_noun():
    v = _inds("春节期间慰问困难群众12万，六千多万贫困人口稳定脱贫。")
    assert (v["12万"].value, v["12万"].unit, v["12万"].label) == (120000, "人", "慰问困难群众")
    assert v["六千多万"].value == 60_000_000 and v["六千多万"].qualifier == "approx_over"
    assert "贫困人口" in v["六千多万"].label


def test_a_list_shares_the_unit_of_its_last_value():
    v = _inds("活动覆盖职工120万、家属80万人次。重点产业规模分别达1.2万亿、8600亿元。")
    assert (v["120万"].unit, v["120万"].value) == ("人次", 1_200_000) and v["120万"].label.endswith("覆盖职工")
    assert v["80万人次"].label == "覆盖家属"
    assert v["1.2万亿"].unit == "元" and v["1.2万亿"].value == 1_200_000_000_000


def test_qualifiers_only_from_qualifier_words():
    v = _inds("签约项目总额120亿元，节约资金3亿元，募集约5亿元，最近3年新增企业超200家。")
    assert v["120亿元"].qualifier == "exact" and v["3亿元"].qualifier == "exact"
    assert v["5亿元"].qualifier == "about" and v["200家"].qualifier == "over"


# -- not indicators -------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "为3岁以下婴幼儿和0—6岁儿童提供服务，60岁以上老年人免费接种。",
    "围绕12个方面推进改革，从5个维度设置指标。",
    "一二三次产业协调发展，三四个部门联合行动。",
    "以上十四条构成基本方略，人均GDP进入全国前8位。",
    "深入实施0.1微克攻坚行动。",
    "今年已过去近5个月，公交与轨道50米内换乘比例提高。",
])
def test_not_indicators(body):
    assert _inds(body) == {}, body


# -- labels say what is counted -------------------------------------------------------------------

def test_labels_are_never_a_bare_unit_or_verb():
    v = _inds("全市地区生产总值3.2万亿元、增长5.4%，其中民营经济增加值1.6万亿元、增长6%，"
              "城镇新增就业12万人，跨越5000亿元大关，细颗粒物年均浓度29微克/立方米、下降3.3%。")
    assert v and not [i.label for i in v.values() if is_weak(i.label)]
    assert v["3.3%"].label == "细颗粒物年均浓度下降"
    assert v["5000亿元"].label != "大关"


def test_the_noun_after_a_number_is_what_it_counts():
    v = _inds("已有超1.1万家企业入驻服务平台，10家左右在全国有重要影响力的龙头企业落地，"
              "全区8.3万平方公里的土地上森林覆盖率达87.7%。")
    assert v["1.1万家"].label == "企业入驻服务平台"
    assert v["10家"].label == "龙头企业落地"
    assert "土地" in v["8.3万平方公里"].label and v["87.7%"].label == "森林覆盖率"


@pytest.mark.parametrize("label,weak", [
    ("元", True), ("%", True), ("增长到", True), ("大关", True), ("扩大到", True), ("次", True), ("同比增长", True),
    ("人", True), ("千瓦时", True), ("达到", True), ("新建职工之家", False), ("地区生产总值增长", False),
    ("城镇新增就业", False), ("总人口", False),
])
def test_weak_label_check(label, weak):
    assert is_weak(label) is weak
