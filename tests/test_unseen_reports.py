"""Reading reports of the genre nobody here has seen: site headers, 信息公开 index blocks, signatures, bodies named
by the title, untitled speeches, page-break cuts, closed-year estimates, share and total labels, small counts.

Every input is a short synthetic snippet written for the pattern (names and numbers are made up)."""

from __future__ import annotations

from snippets import debris, level1, read
from briefgen.ingest.clauses import label_line
from briefgen.ingest.indicators import _is_indicator
from briefgen.text.quantities import find_quantities


def labels(text: str) -> list[tuple[str, str]]:
    qs = [q for q in find_quantities(text) if _is_indicator(text, q)]
    return [(s.q.text, s.label) for s in label_line(text, qs)]


def ind(b, text: str):
    return next(i for i in b.indicators if i.text == text)


REVIEW_PLAN = ("一、2025年工作回顾\n全年接待游客1.2亿人次，同比增长6.5%。\n"
               "二、2026年工作安排\n力争接待游客1.3亿人次，增长5%左右。\n")


# -- A / J: page debris -----------------------------------------------------------------------------

def test_site_name_line_over_a_web_title_and_a_repeated_title_block(tmp_path):
    text = ("某县人民政府门户网站\n当前位置：首页 > 政务公开 > 政府工作报告\n2026年某县政府工作报告\n"
            "来源：县政府办公室    发布时间：2026-01-20 09:00    浏览次数：812\n【字号：大 中 小】\n"
            "政府工作报告\n——2026年1月12日在某县第九届人民代表大会第五次会议上\n县长　王某明\n各位代表：\n"
            "现在，我代表县人民政府，向大会报告工作，请予审议。\n" + REVIEW_PLAN)
    b = read(tmp_path, text)
    assert b.report.title == "2026年某县政府工作报告"
    assert [t for t, _ in level1(b)] == ["2025年工作回顾", "2026年工作安排"]
    assert "site name" in debris(b)[1]
    assert b.report.date == "2026-01-12"  # the delivery date, not the page's publication time
    assert b.report.speaker == "县长 王某明"
    assert b.report.organisation == "某县人民政府"


def test_organisation_line_over_an_index_block_and_a_closing_signature(tmp_path):
    text = ("某省农业农村厅\n首页 > 政务公开 > 计划总结\n索 引 号：AB-NY-2026-00031\n发布机构：某省农业农村厅\n"
            "生成日期：2026-01-26\n公开方式：主动公开\n主 题 词：工作总结\n文　　号：某农发〔2026〕3号\n"
            "某省农业农村厅2025年工作总结和2026年工作计划\n"
            "2025年，全厅上下真抓实干，各项工作取得新成效。\n第一部分　2025年工作总结\n"
            "一、粮食生产再获丰收\n全省粮食总产量达到612亿斤，增长1.2%。\n第二部分　2026年工作计划\n"
            "一、稳定粮食生产\n力争粮食总产量稳定在600亿斤以上。\n某省农业农村厅\n2026年1月23日\n【打印】【关闭】\n")
    b = read(tmp_path, text)
    assert b.report.title == "某省农业农村厅2025年工作总结和2026年工作计划"
    assert [k for _, k in level1(b)] == ["review", "plan"] and len(level1(b)) == 2
    assert {3, 4, 5, 6, 7, 8} <= set(debris(b))  # 索 引 号 … 文　　号: the whole index block
    assert b.report.organisation == "某省农业农村厅"
    assert b.report.date == "2026-01-23"  # the signature's date wins over the page's 生成日期
    assert any("closing signature" in d for d in debris(b).values())
    assert (b.report.period_reviewed, b.report.period_planned) == ("2025年", "2026年")


def test_site_footer_is_debris_not_back_matter(tmp_path):
    text = (BODY_GWR + "附件\n名词解释\n1.新型储能：指除抽水蓄能外的储能方式。\n"
            "主办：某市人民政府办公室  网站标识码：1234567890  备案号：某ICP备01234567号\n")
    b = read(tmp_path, text)
    assert any("site footer" in d for d in debris(b).values())
    assert all("ICP" not in it.text for a in b.appendices for it in a.items)


BODY_GWR = ("政府工作报告\n各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n" + REVIEW_PLAN)


# -- B: organisation --------------------------------------------------------------------------------

def test_front_matter_author_is_a_person_not_the_organisation(tmp_path):
    text = ("---\ntitle: \"某区：五年答卷写满民生温度\"\ndate: 2025-12-10\nauthor: \"张某某\"\n---\n\n"
            "# 某区：五年答卷写满民生温度\n\n五年来，某区地区生产总值增长到500亿元。\n\n**产业升级**\n\n"
            "全区新增高新技术企业120家。\n\n**城市更新**\n\n改造老旧小区36个。\n")
    b = read(tmp_path, text)
    assert b.report.organisation == "某区"


def test_organisation_named_by_the_title_or_a_deputed_head(tmp_path):
    b = read(tmp_path, "国家某某监测局2025年度工作报告\n" + "2025年，全局扎实推进各项工作。\n" + REVIEW_PLAN)
    assert b.report.organisation == "国家某某监测局"
    b = read(tmp_path, "某区某某街道2025年工作总结和2026年工作思路\n二〇二五年十二月十八日\n"
                       "今年以来，某某街道党工委、办事处在区委的坚强领导下，扎实推进各项工作。\n"
                       "全年新招引企业120家。\n2026年，街道将重点做好以下工作：新招引企业不少于100家；新增停车泊位300个。\n")
    assert b.report.organisation == "某区某某街道办事处"
    assert (b.report.period_reviewed, b.report.period_planned) == ("2025年", "2026年")  # from the title
    assert b.report.date == "2025-12-18"
    b = read(tmp_path, "关于某某市2025年预算执行情况和2026年预算草案的报告\n"
                       "发布时间：2026-01-27 17:05　　来源：某某市财政局\n"
                       "1月25日，受市人民政府委托，市财政局局长王某某向市人大会议作了报告。\n" + REVIEW_PLAN)
    assert b.report.organisation == "某某市财政局"


# -- C: no title line -------------------------------------------------------------------------------

def test_untitled_speech_takes_its_title_from_the_meeting_it_opens(tmp_path):
    text = ("各位代表：\n\n现在，我代表某市总工会第八届委员会向大会报告工作，请予审议。\n\n"
            "某市工会第九次代表大会，是在全市上下奋力开启新征程的关键时刻召开的一次重要会议。\n\n"
            "一、过去五年的工作回顾\n\n五年来，全市工会会员达到86万人。\n\n二、今后五年的目标任务\n\n"
            "到2030年，全市工会会员达到95万人。\n")
    b = read(tmp_path, text, "union.txt")
    assert b.report.title == "某市工会第九次代表大会工作报告"
    assert b.report.title not in [t for t, _ in level1(b)]
    assert any(r.kind == "warning" and "opening sentences" in r.detail for r in b.repairs)
    assert b.report.organisation == "某市总工会"


# -- D / E: periods and speaker ---------------------------------------------------------------------

def test_reviewed_period_is_the_reviewed_span_only_and_a_long_role_is_a_speaker(tmp_path):
    text = ("凝心聚力　奋发有为\n——在某市总工会第九届委员会第三次全体会议上的工作报告\n（2026年1月20日）\n"
            "市总工会党组书记、常务副主席　李某某\n各位委员：\n现在，我代表市总工会常务委员会报告工作。\n"
            "一、2025年工作回顾\n全年帮扶困难职工1200户。\n二、2026年工作的总体要求\n总体要求是：坚持稳中求进。\n"
            "三、2026年主要工作任务\n新建职工书屋30家。\n")
    b = read(tmp_path, text)
    assert b.report.speaker == "市总工会党组书记、常务副主席 李某某"
    assert (b.report.period_reviewed, b.report.period_planned) == ("2025年", "2026年")
    assert [k for _, k in level1(b)] == ["review", "plan", "plan"]


def test_problems_part_is_other(tmp_path):
    text = ("某某局2025年工作报告\n一、2025年主要工作进展\n全年完成治理面积6万平方公里。\n"
            "二、存在的主要问题\n一是治理标准不高；二是投入不足。\n三、2026年工作安排\n新建监测站点60个。\n")
    assert [k for _, k in level1(read(tmp_path, text))] == ["review", "other", "plan"]


# -- F: page-break cuts -----------------------------------------------------------------------------

def test_sentence_cut_by_a_page_number_line_is_rejoined(tmp_path):
    text = ("某市总工会2025年工作总结\n一、2025年工作回顾\n"
            "（一）维权服务水平显著提升。全年帮扶困难职工2136户，集体合同签订率稳定在\n- 3 -\n"
            "90%以上，建会企业职代会建制率达到93.6%。\n（二）组织建设不断夯实。新建工会组织120家，基层\n—4—\n"
            "工会规范化建设达标率提高到87.5%。\n第5页\n（三）自身建设全面加强。\n")
    b = read(tmp_path, text)
    paras = [p for s in b.sections for c in s.walk() for p in c.paragraphs]
    assert any("稳定在90%以上" in p for p in paras) and any("基层工会规范化" in p for p in paras)
    assert sum(r.kind == "drop_page_number" for r in b.repairs) == 3


# -- G: kinds ---------------------------------------------------------------------------------------

def test_closed_year_estimates_are_results_open_year_estimates_targets(tmp_path):
    budget = ("关于某市2025年预算执行情况和2026年预算草案的报告\n发布时间：2026-01-28\n"
              "一、2025年预算执行情况\n全市一般公共预算收入预计完成118.6亿元，为预算的100.8%，比上年增长4.2%。\n"
              "全年争取新增政府债券额度26.8亿元。中央财政安排水利补助资金6.3亿元。\n"
              "二、2026年预算草案\n全市一般公共预算收入拟安排125.2亿元，增长3%左右。\n")
    b = read(tmp_path, budget)
    for t in ("118.6亿元", "100.8%", "4.2%", "26.8亿元", "6.3亿元"):
        assert ind(b, t).kind == "result", t
    assert ind(b, "125.2亿元").kind == "target"
    assert ind(b, "100.8%").label == "一般公共预算收入为预算"
    december = ("某某街道2025年工作总结\n二〇二五年十二月二十日\n今年以来，街道扎实推进各项工作。\n"
                "全年预计完成税收收入9.8亿元，同比增长6.4%。地区生产总值由2020年的312亿元增长到2025年预计的465亿元，年均增长8.3%。\n"
                "2026年，街道将紧紧围绕区委部署，重点做好以下工作：力争完成税收收入10.3亿元；全年新招引企业不少于200家；"
                "新增停车泊位500个左右。\n")
    b = read(tmp_path, december)
    assert [ind(b, t).kind for t in ("9.8亿元", "6.4%", "465亿元")] == ["target"] * 3
    assert ind(b, "312亿元").kind == "baseline" and ind(b, "8.3%").kind == "result"
    assert ind(b, "312亿元").label == ind(b, "465亿元").label == "地区生产总值"
    assert [ind(b, t).kind for t in ("10.3亿元", "200家", "500个")] == ["target"] * 3


# -- H: labels --------------------------------------------------------------------------------------

def test_share_total_and_cut_labels():
    assert labels("文化产业增加值达到650亿元，占地区生产总值的比重从4.6%提高到4.9%。")[1:] == [
        ("4.6%", "文化产业增加值占地区生产总值的比重"), ("4.9%", "文化产业增加值占地区生产总值的比重")]
    assert labels("认定示范县12个、示范园区9个，总数分别达到56个、74个。")[2:] == [
        ("56个", "示范县总数"), ("74个", "示范园区总数")]
    assert labels("科学技术支出12.6亿元，增长8.1%；")[0] == ("12.6亿元", "科学技术支出")
    assert labels("为辖区三千多名80周岁以上老人提供助餐服务。") == [("三千多名", "80周岁以上老人")]


# -- I: what counts ---------------------------------------------------------------------------------

def test_small_chinese_counts_tenths_compound_units_ranges_ages_and_thresholds():
    assert labels("新建保障房三栋")[0][0] == "三栋"
    assert [t for t, _ in labels("楼宇入驻率提升三成，八成以上企业满意。")] == ["三成", "八成"]
    assert labels("坚持一成不变的原则") == []
    assert [t for t, _ in labels("开展安全检查2400余家次")] == ["2400余家次"]
    assert [t for t, _ in labels("为两千多名80周岁以上老人服务")] == ["两千多名"]
    assert [t for t, _ in labels("力争新增5A级景区1家至2家")] == ["1家至2家"]
    assert [t for t, _ in labels("举办5000人以上大型演唱会62场")] == ["62场"]
    assert len(labels("从5人至8人")) == 2  # a change, not a range


def test_a_part_of_kind_other_naming_a_date_never_breaks_period_reading():
    """A title-block line read as a part of kind 'other' (——2026年1月7日在…会议上) names no reviewed or
    planned period; reading periods must not fail on it (it did: KeyError 'other')."""
    from briefgen.ingest.metadata import periods
    from briefgen.model import Section

    parts = [Section("s1", "——2026年1月7日在政协某市第九届委员会第五次会议上", 1, "other"),
             Section("s2", "2025年工作回顾", 1, "review"), Section("s3", "2026年工作安排", 1, "plan")]
    got = periods(parts, [], 2026, 1)
    assert got.get("period_reviewed") == "2025年" and got.get("period_planned") == "2026年"
