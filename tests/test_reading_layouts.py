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
    assert b.keyword_areas  # its empty item headings leave the areas to the parts


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


IMAGE_POST = """一图读懂｜2026年青川县政府工作报告

1月16日，县长 林雪峰 代表县人民政府作政府工作报告。

01

2025年工作回顾

数说2025
地区生产总值
218.6亿元
增长6.1%

一般公共预算收入
14.3亿元
增长5.2%

过去一年，我们坚持稳中求进，全县经济社会发展取得新成效。

{bullet} 新签约亿元以上项目27个，总投资163亿元

{bullet} 新增市场主体5800户，其中企业1460户

02

2026年目标任务

地区生产总值
增长6%左右

一般公共预算收入
增长5%

城乡居民收入
与经济增长基本同步

{bullet} 一般性支出再压减5%
"""


def _figures(b) -> dict[str, tuple[str, str]]:
    return {i.text: (i.label, i.kind) for i in b.indicators}


@pytest.mark.parametrize("bullet", ["▶", "►", "▸", "●", "◆", "■", "√", "☆"])
def test_an_image_post_one_item_per_line(tmp_path, bullet):
    b = read(tmp_path, IMAGE_POST.format(bullet=bullet))
    assert level1(b) == [("2025年工作回顾", "review"), ("2026年目标任务", "plan")]
    assert [s.number for s in b.sections] == ["01", "02"]
    got = _figures(b)
    assert got["218.6亿元"] == ("地区生产总值", "result")
    assert got["6.1%"] == ("地区生产总值增长", "result")  # the label line above it, not the next one
    assert got["14.3亿元"] == ("一般公共预算收入", "result")
    assert got["6%"] == ("地区生产总值增长", "target")
    assert got["5%"][1] == "target"
    assert got["27个"] == ("新签约亿元以上项目", "result")
    assert got["163亿元"][0] == "总投资"
    assert got["5800户"] == ("新增市场主体", "result")
    assert "一般性支出再压减5%" in {i.sentence for i in b.indicators}
    # a label with its value in words is one line under the plan, not two headings
    assert not b.sections[1].children
    assert "城乡居民收入：与经济增长基本同步" in b.text.split("\n")
    for i in b.indicators:
        assert b.text[i.start:i.end] == i.text


def test_figures_on_their_own_lines_keep_a_line_each(tmp_path):
    b = read(tmp_path, IMAGE_POST.format(bullet="▶"))
    lines = b.text.split("\n")
    assert "地区生产总值218.6亿元，增长6.1%" in lines
    assert "一般公共预算收入14.3亿元，增长5.2%" in lines
    assert "数说2025" in lines  # a title over the figures is no label
    assert not any("增长6.1%一般" in t or "6.1%，一般" in t for t in lines)


def test_a_value_line_with_a_remark_after_it(tmp_path):
    b = read(tmp_path, IMAGE_POST.format(bullet="▶").replace("增长6.1%\n", "增长6.1%，增速居全市第一\n"))
    assert "地区生产总值218.6亿元，增长6.1%，增速居全市第一" in b.text.split("\n")
    assert _figures(b)["6.1%"] == ("地区生产总值增长", "result")


def test_a_page_number_line_is_still_dropped(tmp_path):
    text = ("某市2025年工作总结\n一、工作回顾\n全年完成投资12亿元，增长5%，\n\n- 2 -\n\n新建学校10所。\n"
            "二、下一步打算\n新建道路3公里。\n05\n")
    b = read(tmp_path, text)
    assert "全年完成投资12亿元，增长5%，新建学校10所。" in b.text.split("\n")
    assert level1(b) == [("工作回顾", "review"), ("下一步打算", "plan")]


def test_short_lines_of_prose_without_figures_are_not_paired(tmp_path):
    text = ("某市2025年工作总结\n一、工作回顾\n全年完成投资12亿元，增长5%。\n（一）项目建设\n"
            "新开工项目46个。\n（二）民生保障\n新增就业1.2万人。\n")
    b = read(tmp_path, text)
    assert not [r for r in b.repairs if "value line" in r.detail]
    assert [s.title for s in b.sections[0].children] == ["项目建设", "民生保障"]


def test_an_image_post_with_every_line_set_apart(tmp_path):
    text = "\n\n".join(IMAGE_POST.format(bullet="▶").split("\n")).replace("一图读懂｜", "图解：")
    b = read(tmp_path, text)
    assert b.report.organisation == "青川县人民政府"
    got = _figures(b)
    assert got["6.1%"] == ("地区生产总值增长", "result")
    assert got["6%"] == ("地区生产总值增长", "target")


def test_label_and_figure_on_one_line_with_a_colon(tmp_path):
    text = ("某县2025年工作总结\n2025年，全县经济运行稳中向好。\n一、主要指标\n地区生产总值：218.6亿元，增长6.1%\n"
            "一般公共预算收入：14.3亿元，增长5.2%\n城乡居民人均可支配收入：3.6万元\n二、2026年目标\n地区生产总值：增长6%左右\n")
    b = read(tmp_path, text)
    assert level1(b) == [("主要指标", "review"), ("2026年目标", "plan")]
    got = _figures(b)
    assert got["218.6亿元"] == ("地区生产总值", "result")
    assert got["6.1%"] == ("地区生产总值增长", "result")
    assert got["5.2%"] == ("一般公共预算收入增长", "result")
    assert got["3.6万元"] == ("城乡居民人均可支配收入", "result")
    assert got["6%"] == ("地区生产总值增长", "target")


def test_a_zero_padded_page_number_before_a_numbered_heading_is_still_a_page_number(tmp_path):
    text = ("某市2025年工作总结\n一、工作回顾\n全年完成投资12亿元，增长5%。\n01\n二、2026年工作安排\n"
            "新建道路3公里。\n")
    b = read(tmp_path, text)
    assert level1(b) == [("工作回顾", "review"), ("2026年工作安排", "plan")]
    assert "01" not in b.text.split("\n")


def test_an_office_signing_does_not_replace_the_body_the_title_names(tmp_path):
    b = read(tmp_path, SUMMARY.format(title="柳溪县人民政府2025年工作总结", sig="\t\t\t柳溪县人民政府办公室"))
    assert b.report.organisation == "柳溪县人民政府"


def test_a_bullet_line_without_a_figure_can_still_head_a_part(tmp_path):
    text = ("某市2025年工作总结\n2025年，全市经济平稳运行。\n✅ 经济运行稳中有进\n全年完成投资12亿元，增长5%。\n"
            "✅ 民生保障持续加强\n新增就业1.2万人。\n")
    b = read(tmp_path, text)
    assert ["经济运行稳中有进", "民生保障持续加强"] == [t for t, _ in level1(b)]


def test_section_numbers_over_their_titles_in_a_blank_separated_text(tmp_path):
    text = ("某县2025年工作总结\n\n2025年，全县经济平稳运行。\n\n01\n主要成绩\n\n全年完成投资12亿元，增长5%。\n\n"
            "02\n下一步打算\n\n新建道路3公里。\n")
    b = read(tmp_path, text)
    assert level1(b) == [("主要成绩", "review"), ("下一步打算", "plan")]
    assert [s.number for s in b.sections] == ["01", "02"]


def test_a_title_over_two_lines_still_names_its_body(tmp_path):
    company = COMPANY.format(title="江岭交通投资集团有限公司\n2025年度工作报告", byline="集团党委副书记、总经理　周明远",
                             collective="集团经营层")
    assert read(tmp_path, company).report.organisation == "江岭交通投资集团有限公司"
    congress = CONGRESS.format(place="青石县", place_level="县", year=2025).replace("常务委员会工作报告", "常务委员会\n工作报告")
    b = read(tmp_path, congress)
    assert b.report.title == "青石县人民代表大会常务委员会工作报告"
    assert b.report.organisation == "青石县人民代表大会常务委员会"
