"""Reading real reports, rule by rule, on short synthetic snippets: page debris, title block, parts, back matter."""

from __future__ import annotations

import pytest

from snippets import debris, level1, read

BODY = ("各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n"
        "一、2025年工作回顾\n过去一年，全省地区生产总值增长5.1%，城镇新增就业45万人。\n"
        "二、2026年重点工作\n今年地区生产总值预期增长5%左右，城镇新增就业40万人以上。\n")


# -- page debris ----------------------------------------------------------------------------------

@pytest.mark.parametrize("head,dropped", [
    ("下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n", [1, 2, 3, 4, 5, 6, 7, 8, 9]),  # toolbar, a word a line
    ("【字体：大 中 小】【打印】【关闭】\n", [1]),  # toolbar on one line
    ("当前位置：\n首页\n>\n新闻中心\n>\n要闻\n", [1, 2, 3, 4, 5, 6]),  # breadcrumb, an item a line
    ("您现在的位置：首页 > 政务公开 > 政府工作报告\n", [1]),  # breadcrumb on one line
    ("首页\n>\n政府信息公开\n>\n政府工作报告\n", [1, 2, 3, 4, 5]),  # breadcrumb without a label
    ("发表时间：\n2026-02-09 09:45:30\n来源：\n某某日报客户端\n阅读量：\n", [1, 2, 3, 4, 5]),  # split metadata
    ("来源：某某日报　　时间：2026-02-05\n作者：张三\n责任编辑：李四\n", [1, 2, 3]),
    ("分享:\n", [1]),
    ("2024年03月12日 16:27 来源： 新华社\n浏览：1234次\n", [1, 2]),  # publication line opening with its date
    ("《 人民日报 》（ 2025年12月01日 第 14 版）\n", [1]),  # a newspaper's page line
])
def test_page_debris_before_the_title_is_dropped_on_the_record(tmp_path, head, dropped):
    n = head.count("\n")
    b = read(tmp_path, head + "2026年某某省政府工作报告\n——2026年1月27日在某某省第十四届人民代表大会第四次会议上\n" + BODY)
    assert b.report.title == "2026年某某省政府工作报告"
    assert sorted(debris(b)) == dropped and max(dropped) == n
    assert level1(b) == [("2025年工作回顾", "review"), ("2026年重点工作", "plan")]
    assert not any(w in b.text for w in ("下载", "首页", "来源", "分享", "字体"))


@pytest.mark.parametrize("tail,kind", [
    ("扫一扫在手机打开当前页\n【\n打印本页\n】\n【\n关闭窗口\n】\n", "share or print button"),
    ("相关报道：\n某某省召开经济工作会议\n某某省两会特别报道\n", "related-article list"),
    ("上一篇：某某省召开全会\n", "share or print button"),
    ("http://www.example.gov.cn/art/2026/2/9/art_1_123456.html\n", "link"),
    ("（完）\n", "end mark"),
    ("打开APP阅读全文\n", "share or print button"),
    ("（下转第三版）\n", "link"),
])
def test_page_debris_after_the_body_is_dropped(tmp_path, tail, kind):
    b = read(tmp_path, "某某省政府工作报告\n" + BODY + tail)
    d = debris(b)
    assert d and all(line > BODY.count("\n") + 1 for line in d)
    assert any(kind in x for x in d.values())
    assert b.text.endswith("40万人以上。")


def test_photo_captions_and_credits(tmp_path):
    b = read(tmp_path, "2026年某某省政府工作报告\n——2026年1月27日在某某省第十四届人民代表大会第四次会议上\n省长 王某\n"
                       "省长王某作政府工作报告。本报全媒体记者 林 君摄\n" + BODY
             + "图为某某新区建设现场。\n新华社记者 李某 摄\n")
    assert "摄" not in b.text and "图为" not in b.text
    assert sorted(d for d in debris(b).values() if "caption" in d).__len__() == 3


def test_caption_without_full_stop_in_the_title_block(tmp_path):
    b = read(tmp_path, "某某省2026年政府工作报告\n2026年1月27日在某某省第十四届人民代表大会第四次会议上 某某省省长 赵某\n"
                       "省长赵某作政府工作报告\n" + BODY)
    assert b.report.speaker == "某某省省长 赵某"
    assert "省长赵某作政府工作报告" not in b.text and level1(b)[0][0] == "2025年工作回顾"


def test_repeated_title_block_is_dropped(tmp_path):
    head = "某某省2026年政府工作报告\n2026年1月27日在某某省第十四届人民代表大会第四次会议上 某某省省长 赵某\n"
    b = read(tmp_path, "分享:\n" + head + "首页\n>\n政府工作报告\n" + head + "时间：\n2026-02-02 09:20\n" + BODY)
    assert b.text.count("某某省2026年政府工作报告") == 1
    assert sum("repeated" in d for d in debris(b).values()) == 2
    assert b.report.date == "2026-01-27"  # the delivery date, not the page's publication time


def test_markdown_front_matter_byline_and_reporters(tmp_path):
    b = read(tmp_path, "---\ntitle: 某某市总工会：稳就业见实效\ndate: 2025-12-01\nauthor: \"\"\n---\n\n"
                       "# 某某市总工会：稳就业见实效\n\n> 《某某日报》（2025年12月01日第 14 版）\n\n本报记者 张三 李四\n\n"
                       "![图片](http://example.com/a.jpg)\n\n2025年，某某市总工会累计服务职工20余万人次。\n\n"
                       "数据来源：某某市总工会\n", "article.md")
    assert b.report.title == "某某市总工会：稳就业见实效"
    assert b.report.organisation == "某某市总工会" and b.report.date == "2025-12-01"
    assert b.report.date_text == "2025年12月1日"
    assert [s.paragraphs for s in b.sections] == [["2025年，某某市总工会累计服务职工20余万人次。"]]
    assert not any(x in b.text for x in ("人民日报", "某某日报", "记者", "example.com", "数据来源"))


def test_disclosure_table_and_page_title_field(tmp_path):
    b = read(tmp_path, "索引号：11610000/2026-00012\n主题分类：政府工作报告\n发布机构：某某省人民政府办公厅\n"
                       "成文日期：2026年02月02日\n标　　题：2026年某某省政府工作报告\n政府工作报告\n"
                       "——2026年1月27日在某某省第十四届人民代表大会第四次会议上\n" + BODY)
    assert b.report.title == "2026年某某省政府工作报告"  # the page's title field is the fuller form
    assert sorted(debris(b)) == [1, 2, 3, 4, 5] and b.report.date == "2026-01-27"
    assert b.report.organisation == "某某省人民政府"


def test_page_words_before_a_title_without_a_subtitle(tmp_path):
    b = read(tmp_path, "简体中文\n2026年某某市政府工作报告\n" + BODY)
    assert b.report.title == "2026年某某市政府工作报告"
    assert level1(b) == [("2025年工作回顾", "review"), ("2026年重点工作", "plan")]


def test_page_title_decorations(tmp_path):
    b = read(tmp_path, "【聚焦两会】2026年某某省政府工作报告_某某省人民政府门户网站\n"
                       "——2026年1月27日在某某省第十四届人民代表大会第四次会议上\n省长 许 勤\n" + BODY)
    assert b.report.title == "2026年某某省政府工作报告" and b.report.speaker == "省长 许 勤"
    b = read(tmp_path, "权威发布｜2026年某某省政府工作报告全文\n——2026年1月27日在某某省第十四届人民代表大会第四次会议上\n" + BODY)
    assert b.report.title == "2026年某某省政府工作报告"


def test_markdown_emphasis_and_a_stray_line_before_the_parts(tmp_path):
    b = read(tmp_path, "# 某某市政府工作报告\n\n2026年1月20日，某某市第十七届人民代表大会第六次会议开幕\n\n"
                       "**一、2025年工作回顾**\n\n全市生产总值增长5.6%。\n\n**二、2026年工作安排**\n\n"
                       "新增就业5万人以上。\n", "a.md")
    assert level1(b) == [("2025年工作回顾", "review"), ("2026年工作安排", "plan")]
    assert b.report.lead == ["2026年1月20日，某某市第十七届人民代表大会第六次会议开幕"]


def test_front_matter_printed_as_text(tmp_path):
    b = read(tmp_path, "---\ntitle: \"某某市总工会：稳就业见实效\"\ndate: 2025-12-01\nword_count: 1672\nsource_url:\n"
                       "\"https://paper.example.cn/rmrb/content_30117729.\nhtml\"\n---\n# 某某市总工会：稳就业见实效\n"
                       "2025年，某某市总工会累计服务职工20余万人次。\n")
    assert b.report.title == "某某市总工会：稳就业见实效" and b.report.date == "2025-12-01"
    assert b.text.splitlines()[1:] == ["2025年，某某市总工会累计服务职工20余万人次。"]


def test_body_text_that_looks_like_debris_is_kept(tmp_path):
    b = read(tmp_path, "某工会工作报告\n一、主要工作\n记者从市总工会获悉，全市新建驿站100个。\n"
                       "时间紧、任务重，各级工会组织记者采访拍摄职工风采。\n分享发展成果\n职工共享改革发展成果。\n")
    assert not debris(b)
    assert "记者从市总工会获悉" in b.text and [c.title for c in b.sections[0].children] == ["分享发展成果"]


# -- title block ---------------------------------------------------------------------------------

def test_title_over_two_lines_subtitle_date_and_bare_name(tmp_path):
    b = read(tmp_path, "凝心聚力开新局\n\n奋楫扬帆建新功\n\n——在某某省总工会第十五届委员会第三次全体会议上的工作报告\n\n"
                       "（二○二六年一月十五日）\n\n张某某\n\n各位委员、同志们：\n\n"
                       "现在，我代表省总工会第十五届委员会常务委员会向全会报告工作。\n\n一、过去一年的工作\n\n"
                       "一年来，全省新建职工之家320个。\n\n二、2026年工作任务\n\n新建服务站点200个以上。\n")
    r = b.report
    assert r.title == "凝心聚力开新局 奋楫扬帆建新功"
    assert r.subtitle == "在某某省总工会第十五届委员会第三次全体会议上的工作报告"
    assert (r.date, r.date_text) == ("2026-01-15", "二○二六年一月十五日")
    assert r.speaker == "张某某"
    assert r.organisation == "某某省总工会第十五届委员会常务委员会"
    assert (r.period_reviewed, r.period_planned) == ("2025年", "2026年")


def test_generic_title_takes_the_fuller_page_title(tmp_path):
    b = read(tmp_path, "2026年某某自治区政府工作报告\n发表时间：\n2026-02-09 09:45:30\n政府工作报告\n"
                       "——2026年2月3日在某某自治区第十三届人民代表大会第四次会议上\n自治区人民政府主席 张某\n"
                       + BODY.replace("省人民政府", "自治区人民政府"))
    r = b.report
    assert r.title == "2026年某某自治区政府工作报告"
    assert r.organisation == "某某自治区人民政府" and r.speaker == "自治区人民政府主席 张某"
    assert r.date == "2026-02-03"


def test_editorial_marks_and_notes(tmp_path):
    b = read(tmp_path, "政府工作报告（文字实录）\n\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\n\n国务院总理 李某\n\n"
                       "（根据直播整理）\n\n" + BODY.replace("省人民政府", "国务院") + "\n(来源：中国政府网）\n")
    r = b.report
    assert r.title == "政府工作报告" and r.organisation == "国务院" and r.date == "2020-05-22"
    assert "根据直播整理" not in b.text and "中国政府网" not in b.text


@pytest.mark.parametrize("head,org", [
    ("2026年某某省政府工作报告\n——2026年1月27日在某某省第十四届人民代表大会第四次会议上\n省长 王某\n", "某某省人民政府"),
    ("2026年某某市政府工作报告\n——2026年1月25日在某某市第十六届人民代表大会第四次会议上\n某某市市长 殷某\n", "某某市人民政府"),
    ("政府工作报告\n（2026年1月20日在某县第十八届人民代表大会第五次会议上）\n县长 李某\n", "某县人民政府"),
    ("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李某\n", "国务院"),
])
def test_organisation_from_the_speakers_role(tmp_path, head, org):
    b = read(tmp_path, head + BODY.replace("现在，我代表省人民政府，向大会报告工作，请予审议。\n", ""))
    assert b.report.organisation == org


def test_organisation_the_report_speaks_for(tmp_path):
    b = read(tmp_path, "某某报告\n——在中国共产党某某省第十二次代表大会上的报告\n（2026年5月20日）\n王某\n同志们：\n"
                       "现在，我代表第十一届省委向大会作报告。\n一、过去五年的工作\n五年来，全省经济总量迈上新台阶。\n"
                       "二、今后五年的主要任务\n今后五年，要坚定不移推动高质量发展。\n")
    assert b.report.organisation == "中国共产党某某省第十一届省委"
    assert level1(b) == [("过去五年的工作", "review"), ("今后五年的主要任务", "plan")]


def test_publisher_is_not_the_organisation(tmp_path):
    b = read(tmp_path, "来源：某某日报\n某某市三年行动见成效\n2025年，某某市累计新建公园120个。\n")
    assert b.report.organisation is None


def test_report_without_a_title_line_is_read_with_a_warning(tmp_path):
    b = read(tmp_path, BODY, "某省2026年政府工作报告.txt")
    assert b.report.title == "某省2026年政府工作报告"
    assert any(r.kind == "warning" and "file name" in r.detail for r in b.repairs)
    b = read(tmp_path, "当前位置：首页 > 要闻\n" + BODY, "gwr.txt")
    assert b.report.title == "gwr" and level1(b)[0] == ("2025年工作回顾", "review")  # never a part's heading
    assert any(r.kind == "warning" and "file name" in r.detail for r in b.repairs)


# -- parts ----------------------------------------------------------------------------------------

def test_unnumbered_parts_hold_numbered_sections(tmp_path):
    b = read(tmp_path, "2026年某某自治区政府工作报告\n——2026年2月4日在某某自治区第十四届人民代表大会第五次会议上\n"
                       "各位代表：\n“十四五”时期发展成就和2025年工作回顾\n这五年，经济总量达到2.67万亿元。\n"
                       "“十五五”时期主要目标和2026年重点工作\n今年地区生产总值预期增长5%左右。\n"
                       "一、把铸牢共同体意识作为主线\n要深化民族团结进步创建。\n（一）立足壮大实体经济，建设现代化产业体系。\n"
                       "新建项目100个。\n二、全力抓好七项重点工作\n新增就业18万人以上。\n")
    assert level1(b) == [("“十四五”时期发展成就和2025年工作回顾", "review"), ("“十五五”时期主要目标和2026年重点工作", "plan")]
    assert [c.number for c in b.sections[1].children] == ["一、", "二、"]
    assert b.sections[1].children[0].children[0].title == "立足壮大实体经济，建设现代化产业体系"
    assert (b.report.period_reviewed, b.report.period_planned) == ("“十四五”时期及2025年", "2026年及“十五五”时期")


def test_numbering_that_restarts_inside_a_part_is_nested(tmp_path):
    b = read(tmp_path, "某县2026年政府工作报告\n一、2025年工作回顾\n全县生产总值增长6%。\n二、2026年工作安排\n"
                       "一、稳增长\n全年新增投资50亿元。\n二、促改革\n完成改革任务30项。\n三、抓民生\n新建学校5所。\n"
                       "三、加强政府自身建设\n我们要持续转变作风。\n")
    assert [s.title for s in b.sections] == ["2025年工作回顾", "2026年工作安排", "加强政府自身建设"]
    assert [c.title for c in b.sections[1].children] == ["稳增长", "促改革", "抓民生"]


@pytest.mark.parametrize("style", ["第一张答卷：{t}", "第一部分 {t}", "一、{t}", "## {t}"])
def test_heading_styles_are_level_one(tmp_path, style):
    parts = ["能源之城绿色蝶变", "算力之城筑基未来"]
    lines = [style.replace("第一", n).replace("一、", n2).format(t=t)
             for t, n, n2 in zip(parts, ["第一", "第二"], ["一、", "二、"])]
    b = read(tmp_path, f"# 某某市书写三张答卷\n\n{lines[0]}\n\n“十四五”时期，全市新能源装机突破1000万千瓦。\n\n"
                       f"{lines[1]}\n\n截至目前，全市投运服务器74.5万台。\n", "a.md")
    assert [s.title for s in b.sections] == parts
    assert all(s.kind == "review" for s in b.sections)


def test_heading_run_into_its_first_sentence(tmp_path):
    b = read(tmp_path, "某某报告\n一、2025年工作回顾。过去一年，新建驿站100个。\n二、2026年工作安排。今年新建驿站50个。\n")
    assert level1(b) == [("2025年工作回顾", "review"), ("2026年工作安排", "plan")]
    assert b.sections[0].paragraphs == ["过去一年，新建驿站100个。"]


def test_a_cut_before_a_numeral_is_not_a_heading(tmp_path):
    b = read(tmp_path, "某某报告\n一、2025年工作回顾\n一产、二产、三产增加值分别增长6%、5.2%、5.2%，分别居全国第二、第\n"
                       "七、第九。固定资产投资增长6%。\n二、2026年重点工作\n新增就业18万人以上。\n")
    assert [s.title for s in b.sections] == ["2025年工作回顾", "2026年重点工作"]
    assert any(r.kind == "join" for r in b.repairs)


def test_text_without_headings_is_one_part(tmp_path):
    b = read(tmp_path, "某某地区书写绿色答卷\n\n“十四五”时期，全区森林覆盖率达87.7%。\n\n5年来完成森林抚育1031.1万亩。\n")
    assert len(b.sections) == 1 and b.sections[0].kind == "review"
    assert b.sections[0].paragraphs[1] == "5年来完成森林抚育1031.1万亩。"
    assert {i.text: i.section for i in b.indicators} == {"87.7%": "s1", "1031.1万亩": "s1"}


def test_part_kinds_from_headings_and_content(tmp_path):
    b = read(tmp_path, "某某报告\n（2017年10月18日）\n同志们：\n一、过去五年的工作和历史性变革\n五年来，我们取得了历史性成就。\n"
                       "二、新时代的历史使命\n中华民族迎来了从站起来、富起来到强起来的伟大飞跃。\n"
                       "三、贯彻新发展理念，建设现代化经济体系\n要深化供给侧结构性改革。要加快建设创新型国家。\n")
    assert [k for _, k in level1(b)] == ["review", "other", "plan"]


def test_a_task_worded_heading_over_achievements_is_a_review(tmp_path):
    b = read(tmp_path, "某市总工会2025年工作总结\n（2025年12月20日）\n同志们：\n"
                       "一、坚持政治引领，职工思想基础更加巩固\n一年来，全市工会开展宣讲3000场。累计培训骨干1.2万人。"
                       "建成职工书屋120家，覆盖职工50万人次。\n"
                       "二、加强服务阵地建设，推动工会工作提质增效\n2026年，要新建驿站100个。要力争覆盖职工60万人次。"
                       "要加快推进智慧工会建设。\n")
    assert [k for _, k in level1(b)] == ["review", "plan"]
    assert {i.text: i.kind for i in b.indicators}["3000场"] == "result"


def test_mixed_part_classifies_its_sections_and_paragraphs(tmp_path):
    b = read(tmp_path, "某某报告\n——2026年1月25日在某某市第十六届人民代表大会第四次会议上\n各位代表：\n"
                       "一、2025年工作回顾\n全年地区生产总值增长5.4%。\n"
                       "二、“十四五”时期发展成就和“十五五”时期主要目标任务\n这五年，我们累计减轻税费负担超4900亿元。\n"
                       "今后五年，要力争地区生产总值年均增长4.5%-5%。\n三、2026年重点工作\n今年新增就业26万人。\n")
    assert [k for _, k in level1(b)] == ["review", "plan", "plan"]
    kinds = {i.text: i.kind for i in b.indicators}
    assert kinds["4900亿元"] == "result" and kinds["4.5%-5%"] == "target"
    assert (b.report.period_reviewed, b.report.period_planned) == ("2025年及“十四五”时期", "2026年及“十五五”时期")


def test_relative_years_follow_the_report_date(tmp_path):
    b = read(tmp_path, "政府工作报告\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\n各位代表：\n"
                       "一、2019年和今年以来工作回顾\n国内生产总值增长6.1%。\n"
                       "二、今年发展主要目标和下一阶段工作总体部署\n城镇新增就业900万人以上。\n"
                       "三、加大宏观政策实施力度，着力稳企业保就业\n赤字率拟按3.6%以上安排。\n")
    assert [k for _, k in level1(b)] == ["review", "plan", "plan"]
    assert (b.report.period_reviewed, b.report.period_planned) == ("2019年和2020年以来", "2020年")


def test_article_parts_report_what_was_done(tmp_path):
    b = read(tmp_path, "---\ndate: 2025-12-01\n---\n# 某某市总工会多措并举促就业\n\n2025年，某某市总工会打出就业服务组合拳。\n\n"
                       "深化协同发展  拓展就业新空间\n\n当前，某某市总工会通过区域协作多维发力。\n\n"
                       "2025年，某某市总工会组织1000余家企业开展招聘，提供岗位3.53万个。\n", "a.md")
    assert level1(b) == [("深化协同发展  拓展就业新空间", "review")]
    assert b.report.period_reviewed == "2025年"


# -- back matter -----------------------------------------------------------------------------------

def test_glossary_after_an_attachment_mark(tmp_path):
    b = read(tmp_path, "某某省政府工作报告\n" + BODY + "附件\n《政府工作报告》有关内容名词注释\n"
                       "1.“两重”：国家重大战略实施和重点领域安全能力建设。\n20.2026年10件民生实事：包括10个方面。\n相关报道：\n")
    (a,) = b.appendices
    assert (a.kind, a.title) == ("glossary", "《政府工作报告》有关内容名词注释")
    assert [it.term for it in a.items] == ["“两重”", "2026年10件民生实事"]
    assert b.text[a.start:a.end].startswith("附件\n") and b.text[a.start:a.end].endswith("包括10个方面。")
    assert [s.title for s in b.sections] == ["2025年工作回顾", "2026年重点工作"]
    assert not any("民生实事" in i.sentence or "两重" in i.sentence for i in b.indicators)
    assert "名词注释" not in "".join(p for k in b.keyword_areas for p in k.points)


def test_attachment_list(tmp_path):
    b = read(tmp_path, "某某市政府工作报告\n" + BODY + "附：2026年市政府民生实事项目\n1.新建城市书房10个。\n2.改造老旧小区50个。\n")
    (a,) = b.appendices
    assert (a.kind, a.title, len(a.items)) == ("attachment", "2026年市政府民生实事项目", 2)
    assert [i.text for i in b.indicators if i.text in ("10个", "50个")] == []


def test_footnotes_are_linked_and_not_figures(tmp_path):
    b = read(tmp_path, "某工会工作报告\n一、过去一年的工作\n全省新建职工之家320个［1］，服务职工10万人次［2］。\n"
                       "二、2026年工作任务\n新建服务站点200个以上。\n注释：\n［1］职工之家：基层工会服务职工的阵地。\n"
                       "［2］人次：服务的次数。\n")
    (a,) = b.appendices
    assert a.kind == "notes" and [it.marker for it in a.items] == ["［1］", "［2］"]
    for it in a.items:
        (ref,) = it.refs
        assert b.text[ref:ref + 3] == it.marker
    assert [i.text for i in b.indicators] == ["320个", "10万人次", "200个"]
    assert {i.text: i.label for i in b.indicators}["320个"] == "新建职工之家"


def test_appendix_offsets_are_validated(tmp_path):
    from briefgen.document import dumps
    from briefgen.document import validate_text

    b = read(tmp_path, "某某市政府工作报告\n" + BODY + "附：2026年民生实事\n1.新建城市书房10个。\n")
    data, problems = validate_text(dumps(b), "r.yaml")
    assert problems == []
    b.appendices[0].items[0].start += 1
    b.appendices[0].end = len(b.text) + 5
    _, problems = validate_text(dumps(b), "r.yaml")
    assert any("appendices[0]" in p and "outside the text" in p for p in problems)
    b.appendices[0].end = len(b.text)
    _, problems = validate_text(dumps(b), "r.yaml")
    assert any("appendices[0].items[0]" in p and "is not at text" in p for p in problems)
