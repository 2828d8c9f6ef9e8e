"""Layouts of the genre read right: a company's report, a byline with the date under it, a 人大常委会 report,
a summary signed only by an indented line, an image post (一图读懂) with one item per line, bullet lines.
Every snippet here is invented for the test."""

from __future__ import annotations

import pytest

from snippets import level1, read

COMPANY = """{title}
{byline}

2026年2月6日

各位代表：
我代表{collective}，向大会报告2025年工作，请予审议。
一、2025年工作回顾
2025年，集团实现营业收入128.5亿元，同比增长7.2%。
二、2026年工作安排
2026年，集团营业收入目标135亿元。
"""


@pytest.mark.parametrize("title, org", [
    ("江岭交通投资集团有限公司2025年度工作报告", "江岭交通投资集团有限公司"),
    ("华禾农业发展股份有限公司2025年工作报告", "华禾农业发展股份有限公司"),
    ("远帆港务集团2025年度工作报告", "远帆港务集团"),
])
@pytest.mark.parametrize("collective", ["集团经营层", "公司领导班子", "公司党委", "董事会"])
def test_the_company_the_title_names_is_the_issuer_not_a_collective(tmp_path, title, org, collective):
    b = read(tmp_path, COMPANY.format(title=title, byline="集团党委副书记、总经理　周明远", collective=collective))
    assert b.report.organisation == org


@pytest.mark.parametrize("byline", ["集团党委副书记、总经理　周明远", "公司党委书记、执行董事　周明远",
                                    "董事长　周明远"])
def test_a_date_on_its_own_line_under_the_byline_is_the_delivery_date(tmp_path, byline):
    b = read(tmp_path, COMPANY.format(title="江岭交通投资集团有限公司2025年度工作报告", byline=byline,
                                      collective="集团经营层"))
    assert b.report.date == "2026-02-06"
    assert b.report.speaker and b.report.speaker.endswith("周明远")
    assert [t for t, _ in level1(b)] == ["2025年工作回顾", "2026年工作安排"]


CONGRESS = """{place}人民代表大会常务委员会工作报告
各位代表：
现在，我代表{place_level}人大常委会向大会报告工作，请予审议。
{year}年是“十四五”规划收官之年。一年来，常委会召开会议8次，审议报告23项，开展执法检查5次。
常委会听取审议专项工作报告12个，作出决议决定6项。
新的一年，常委会将听取审议报告20项。
"""


@pytest.mark.parametrize("place, level, year", [("青石县", "县", 2025), ("白鹭市", "市", 2024)])
def test_a_standing_committee_report_names_its_body_and_the_year_it_reviews(tmp_path, place, level, year):
    b = read(tmp_path, CONGRESS.format(place=place, place_level=level, year=year))
    assert b.report.organisation == f"{place}人民代表大会常务委员会"
    assert b.report.period_reviewed == f"{year}年"


def test_a_year_that_is_only_described_is_no_period(tmp_path):
    text = CONGRESS.format(place="青石县", place_level="县", year=2025).replace("。一年来，", "。会上，")
    assert read(tmp_path, text).report.period_reviewed is None


SUMMARY = """{title}
2025年，在县委、县政府的坚强领导下，全镇上下团结奋进，各项工作取得新成效。
一、经济发展稳中有进
全年完成地区生产总值23.5亿元，同比增长6.3%。
二、2026年工作打算
1.抓项目建设
2.抓民生保障
{sig}
"""


@pytest.mark.parametrize("sig", ["\t\t\t柳溪镇人民政府", "\t\t\t柳溪镇人民政府\n\t\t\t2025年12月28日",
                                 "                    柳溪镇人民政府"])
def test_an_indented_last_line_is_the_signature_and_names_the_body(tmp_path, sig):
    b = read(tmp_path, SUMMARY.format(title="柳溪镇2025年工作总结", sig=sig))
    assert b.report.organisation == "柳溪镇人民政府"
    assert "柳溪镇人民政府" not in b.text.split("\n")[-1]
    assert [t for t, _ in level1(b)] == ["经济发展稳中有进", "2026年工作打算"]  # the last part is kept


POST = """一图读懂丨{title}
来源：{office}
发布时间：2026-01-20 10:30
1月18日，县长 韩晓舟 代表县人民政府作政府工作报告。报告回顾了2025年和“十四五”时期工作，提出了2026年目标任务。
一、2025年工作回顾
全县地区生产总值218.6亿元，增长6.1%。
二、2026年目标任务
地区生产总值增长6%左右。
"""


@pytest.mark.parametrize("title", ["2026年松溪县政府工作报告", "政府工作报告"])
def test_an_image_post_names_the_issuer_of_the_report_not_the_publishing_office(tmp_path, title):
    b = read(tmp_path, POST.format(title=title, office="松溪县人民政府办公室"))
    assert b.report.organisation == "松溪县人民政府"
    assert b.report.speaker == "县长 韩晓舟"


def test_periods_said_outright_in_a_news_lead(tmp_path):
    text = POST.format(title="2026年松溪县政府工作报告", office="松溪县人民政府办公室")
    text = text.replace("一、2025年工作回顾", "一、主要成绩").replace("二、2026年目标任务", "二、下一步安排")
    b = read(tmp_path, text)
    assert (b.report.period_reviewed, b.report.period_planned) == ("2025年", "2026年")
