"""Reading pasted reports of the genre: PDF running headers and letter-spaced titles, full-width digits,
signature dates under contact and 抄送 lines, half-years, WeChat article chrome and emoji headings, Markdown
metadata lines and pipe tables, and numbers that are thresholds or names rather than indicators.

Every input is a short synthetic snippet written for the pattern (names and numbers are made up)."""

from __future__ import annotations

from briefgen.ingest import ingest
from briefgen.ingest.timeref import find_periods, parse_date
from briefgen.text.width import fold_digits


def read(tmp_path, text: str, name: str = "report.txt"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return ingest(f)


def debris(b) -> list[str]:
    return [r.detail for r in b.repairs if r.kind == "debris"]


def ind(b, text: str):
    return next(i for i in b.indicators if i.text == text)


PDF_PAGES = ("北坡县第九届人民代表大会第二次会议文件（3）\n"
             "政 府 工 作 报 告\n"
             "——２０２５年２月３日在北坡县第九届人民代表大会第二次会议上\n"
             "北坡县人民政府县长　林木\n"
             "各位代表：\n"
             "一、２０２４年工作回顾\n"
             "全县生产总值完成１２０．５亿元，增长６．１％。全年新建道路１２公里，新增就业岗位３２００个。\n"
             "北坡县第九届人民代表大会第二次会议文件\n"
             "— ２ —\n"
             "农业生产稳定，粮食产量２８万吨，完成造林２．１万亩。乡村旅游持续升温，全年接待游客\n"
             "北坡县第九届人民代表大会第二次会议文件\n"
             "— ３ —\n"
             "３２０万人次，增长８％。\n"
             "二、２０２５年工作安排\n"
             "全县生产总值增长６％左右，新增就业岗位３０００个。\n"
             "北坡县第九届人民代表大会第二次会议文件\n"
             "— ４ —\n")


def test_running_header_dropped_cut_sentence_rejoined_spaced_title_closed_up(tmp_path):
    b = read(tmp_path, PDF_PAGES)
    assert b.report.title == "北坡县政府工作报告"  # the generic title named with the congress's place
    assert [s.title for s in b.sections] == ["２０２４年工作回顾", "２０２５年工作安排"]
    assert sum("running page header" in d for d in debris(b)) == 4
    assert "全年接待游客３２０万人次，增长８％。" in b.sections[0].paragraphs[-1]
    assert ind(b, "３２０万人次").label == "接待游客"
    for i in b.indicators:
        assert b.text[i.start:i.end] == i.text


def test_full_width_digits_read_for_dates_and_periods(tmp_path):
    assert fold_digits("２０２５．５％") == "2025.5%"
    assert parse_date("——２０２５年２月３日在") == ("2025-02-03", "２０２５年２月３日")
    assert find_periods("一、２０２４年工作回顾") == [("year", "２０２４年")]
    b = read(tmp_path, PDF_PAGES)
    assert (b.report.date, b.report.period_reviewed, b.report.period_planned) == ("2025-02-03", "2024年", "2025年")


def test_a_line_that_recurs_away_from_page_numbers_is_kept(tmp_path):
    text = ("某市2025年工作总结\n一、工作回顾\n抓落实\n全年完成投资１０亿元。\n二、工作计划\n抓落实\n力争完成投资１２亿元。\n")
    b = read(tmp_path, text)
    assert not any("running" in d for d in debris(b))


def test_signature_date_under_contact_cc_and_print_lines_is_the_date(tmp_path):
    text = ("某县水利局2025年工作总结\n一、2025年工作回顾\n全年新建堤防12公里，完成投资3.5亿元。\n"
            "二、2026年工作打算\n力争完成投资4亿元。\n某县水利局\n2025年12月20日\n（联系电话：0123-4567890）\n"
            "抄送：县委办公室，县政府办公室。\n某县水利局办公室　　2025年12月22日印发\n")
    b = read(tmp_path, text)
    assert b.report.date == "2025-12-20"
    assert not any(i.text.startswith("0123") for i in b.indicators)
    assert sum("tail under its signature" in d for d in debris(b)) == 3


def test_signature_after_an_attachment_list_is_read(tmp_path):
    text = ("某市环保局2025年工作总结\n发布日期：2025-12-30\n一、2025年工作回顾\n全年完成治理项目30个。\n"
            "附件\n1.项目清单（略）\n某市环保局\n2025年12月26日\n")
    assert read(tmp_path, text).report.date == "2025-12-26"


def test_half_years_carry_the_year_of_the_title(tmp_path):
    text = ("某区文旅局2024年上半年工作总结和下半年工作打算\n一、上半年工作总结\n接待游客120万人次，增长5%。\n"
            "二、下半年工作打算\n力争接待游客150万人次。\n")
    r = read(tmp_path, text).report
    assert (r.period_reviewed, r.period_planned) == ("2024年上半年", "2024年下半年")


MD = ("# 某区教育局2024年工作总结和2025年工作计划\n\n"
      "**发布时间**：2025-01-06　**来源**：某区教育局　**阅读**：880\n\n---\n\n"
      "## 一、2024年工作开展情况\n\n新建学校3所，新增学位2400个。\n\n"
      "### （一）主要指标\n\n| 指标 | 2023年 | 2024年 |\n|---|:---:|---|\n| 学前教育毛入园率 | 91.5% | 93.2% |\n\n"
      "## 二、2025年工作计划\n\n1. **扩大优质资源**。新增学位1800个。\n\n*（责任编辑：某某）*\n")


def test_markdown_bold_metadata_line_is_read_and_kept_out_of_the_lead(tmp_path):
    b = read(tmp_path, MD, "report.md")
    assert b.report.date == "2025-01-06"
    assert not any("发布时间" in t for t in b.report.lead)
    plan = b.sections[-1]
    assert plan.children[0].title == "扩大优质资源"
    assert "**" not in b.text and "责任编辑" not in "".join(plan.children[0].paragraphs)


def test_pipe_table_cells_named_by_row_and_year_column(tmp_path):
    b = read(tmp_path, MD, "report.md")
    old, new = ind(b, "91.5%"), ind(b, "93.2%")
    assert (old.label, old.kind) == ("2023年学前教育毛入园率", "baseline")
    assert (new.label, new.kind) == ("2024年学前教育毛入园率", "result")
    assert any("table rule" in d for d in debris(b))
    assert all("|" not in s.title for top in b.sections for s in top.walk())


WECHAT = ("点击上方蓝字关注我们\n"
          "一图读懂！2025年某江市政府工作报告，重点都在这→\n"
          "某江发布 2025年01月15日 08:30 某省\n"
          "来源 | 某江发布\n编辑 | 某甲\n审核 | 某乙\n"
          "1月14日，某江市第九届人民代表大会第三次会议开幕，市长王某代表市人民政府作政府工作报告。一起来看👇\n"
          "▲ 会议现场。\n"
          "📈 回顾2024 · 成绩单\n"
          "✅ 经济总量稳步提升\n"
          "全市生产总值达到860亿元，增长6.1%。\n"
          "✅ 民生保障有力\n"
          "新增城镇就业2.1万人，新建口袋公园30个。\n"
          "🌟 展望2025 · 路线图\n"
          "📌 主要目标\n"
          "生产总值增长6%左右；\n"
          "📌 重点任务\n"
          "▶ 实施重点项目200个以上；\n"
          "▶ 新建农村公路100公里。\n"
          "💡 小贴士\n"
          "“两区”是指开发区和高新区。\n"
          "全文请点击“阅读原文”查看\n"
          "往期推荐\n"
          "▶ 某江这3所学校上榜！\n"
          "▶ 2月1日起，这些线路调整\n"
          "阅读原文\n"
          "✨✨✨\n"
          "分享收藏点赞在看\n")


def test_wechat_chrome_is_debris_and_the_headline_names_the_report(tmp_path):
    b = read(tmp_path, WECHAT)
    r = b.report
    assert r.title == "2025年某江市政府工作报告"
    assert (r.date, r.organisation, r.speaker) == ("2025-01-15", "某江市人民政府", "市长 王某")
    assert (r.period_reviewed, r.period_planned) == ("2024年", "2025年")
    assert r.lead[0].startswith("1月14日") and r.lead[0].endswith("👇")
    assert not any(i.text in ("3所", "1月") for i in b.indicators)  # the 往期推荐 links are not indicators
    assert [a.kind for a in b.appendices] == ["glossary"]
    assert any("photo caption: '▲" in d for d in debris(b))
    assert sum("related-article list" in d for d in debris(b)) >= 3  # 往期推荐 and its ▶ links


def test_emoji_led_lines_are_headings_two_levels_deep(tmp_path):
    b = read(tmp_path, WECHAT)
    assert [(s.title, s.kind) for s in b.sections] == [("回顾2024 · 成绩单", "review"), ("展望2025 · 路线图", "plan")]
    assert [c.title for c in b.sections[0].children] == ["经济总量稳步提升", "民生保障有力"]
    assert [c.title for c in b.sections[1].children] == ["主要目标", "重点任务"]
    assert ind(b, "200个").label == "实施重点项目" and ind(b, "200个").kind == "target"


def test_emoji_led_lines_stay_under_numbered_parts(tmp_path):
    text = ("某县2024年工作总结\n一、2024年工作回顾\n📌 项目建设\n完成投资12亿元。\n📌 民生保障\n新增就业3000人。\n"
            "二、2025年工作打算\n📌 项目建设\n力争完成投资15亿元。\n")
    b = read(tmp_path, text)
    assert [s.title for s in b.sections] == ["2024年工作回顾", "2025年工作打算"]
    assert [c.title for c in b.sections[0].children] == ["项目建设", "民生保障"]


def _taken(text: str) -> list[str]:
    from briefgen.ingest.indicators import _is_indicator
    from briefgen.text.quantities import find_quantities
    return [q.text for q in find_quantities(text) if _is_indicator(text, q)]


def test_thresholds_streaks_and_duty_systems_are_not_indicators():
    assert _taken("对建筑面积3000平方米以上的商场开展检查。") == []
    assert _taken("年收入20万元以上的村占比达到60%。") == ["60%"]
    assert _taken("新增就业2万人以上的目标如期实现。") == ["2万人"]
    assert _taken("产量连续5年稳定在30万吨以上。") == []
    assert _taken("落实24小时值守制度，开通24小时服务热线，24小时内办结。") == []
    assert _taken("建成“10分钟健身圈”8个，20分钟就医圈全覆盖。") == ["8个"]


def test_a_shortened_duration_is_an_indicator(tmp_path):
    assert _taken("平均审批时间缩短25分钟，节约2.5小时。") == ["25分钟", "2.5小时"]
    b = read(tmp_path, "某局2024年工作总结\n一、2024年工作回顾\n群众办事等候时间平均缩短12分钟。\n")
    assert "缩短" in ind(b, "12分钟").label


def test_recurring_table_cells_next_to_row_numbers_are_not_running_headers(tmp_path):
    text = ("某局2025年工作总结\n一、2025年工作回顾\n全年完成目标任务。\n附件\n序号\n指标\n完成率\n1\n新建公园\n100%\n2\n"
            "新建绿道\n100%\n3\n新建广场\n100%\n")
    b = read(tmp_path, text)
    assert not any("running" in d for d in debris(b))


def test_running_header_at_form_feeds_without_page_numbers(tmp_path):
    text = ("某县2024年工作总结\n一、2024年工作回顾\n全年完成投资12亿元，\n\f某县人民政府办公室文件\n新增就业3000人。\n"
            "二、2025年工作打算\n力争完成投资15亿元。\n\f某县人民政府办公室文件\n力争新增就业3200人。\n")
    b = read(tmp_path, text)
    assert sum("running page header" in d for d in debris(b)) == 2
    assert "全年完成投资12亿元，新增就业3000人。" in b.sections[0].paragraphs


def test_more_article_chrome_and_full_width_publication_times(tmp_path):
    text = ("某区2024年工作总结\n２０２５年０１月０８日 ０９:３０\n文字 | 某甲　图片 | 某乙\n"
            "一、2024年工作回顾\n全年新增就业3000人。\n二、2025年工作打算\n力争新增就业3200人。\n"
            "— END —\n长按识别二维码关注我们\n点个在看，你最好看\n")
    b = read(tmp_path, text)
    assert b.report.date == "2025-01-08"
    assert len(debris(b)) == 5
    assert [s.title for s in b.sections] == ["2024年工作回顾", "2025年工作打算"]


def test_organisation_from_a_title_with_full_width_year(tmp_path):
    text = "某市统计局２０２４年工作总结\n一、２０２４年工作回顾\n完成调查项目１２项。\n"
    assert read(tmp_path, text).report.organisation == "某市统计局"


def test_title_that_also_runs_as_page_header_is_kept_on_page_one(tmp_path):
    text = ("政府工作报告\n——2025年2月3日在某县第九届人民代表大会第二次会议上\n各位代表：\n一、2024年工作回顾\n"
            "全县生产总值完成120亿元，增长6%。\n政府工作报告\n— 2 —\n新增就业3000人。\n二、2025年工作安排\n"
            "力争新增就业3200人。\n政府工作报告\n— 3 —\n")
    b = read(tmp_path, text)
    assert b.report.title == "某县政府工作报告"
    assert sum("running page header" in d for d in debris(b)) == 2


def test_account_line_forms(tmp_path):
    for line, iso in (("原创 某某发布 某某发布 2025-03-02 18:30 发表于某省", "2025-03-02"),
                      ("某某发布 2025年03月02日 08:00 某省", "2025-03-02")):
        text = f"某市2024年工作总结\n{line}\n一、2024年工作回顾\n全年新增就业3000人。\n"
        b = read(tmp_path, text)
        assert b.report.date == iso and any("account" in d for d in debris(b))


def test_list_bullets_before_sentences_are_removed_and_items_stay_apart(tmp_path):
    text = ("某区2024年工作总结\n一、2024年工作回顾\n- 新建公园12个，\n- 新增绿道30公里。\n"
            "二、2025年工作打算\n▶ 新建学校3所；\n▶ 新增学位2000个。\n")
    b = read(tmp_path, text)
    assert b.sections[0].paragraphs == ["新建公园12个，新增绿道30公里。"]  # an item cut after its comma
    assert b.sections[1].paragraphs == ["新建学校3所；", "新增学位2000个。"]
    assert ind(b, "3所").label == "新建学校"


def test_decoration_lines_dropped_but_a_cut_paragraph_tail_is_kept(tmp_path):
    text = ("某区2024年工作总结\n一、2024年工作回顾\n✨ ✨ ✨\n全年开展“文明实践\n”。\n新增就业3000人。\n")
    b = read(tmp_path, text)
    assert any("decoration" in d for d in debris(b))
    assert "全年开展“文明实践”。" in b.sections[0].paragraphs[0]


TOC_REPORT = ("某某县人民代表大会常务委员会工作报告\n"
              "目　录\n"
              "一、依法履行监督职责………………………2\n"
              "二、做好代表工作…………………………5\n"
              "三、明年主要任务......................8\n"
              "一、依法履行监督职责\n"
              "全年听取审议专项工作报告12项，开展执法检查3次。\n"
              "二、做好代表工作\n"
              "办理代表建议86件，办结率100%。\n"
              "三、明年主要任务\n"
              "计划开展执法检查4次。\n")


def test_table_of_contents_block_is_debris_not_headings(tmp_path):
    b = read(tmp_path, TOC_REPORT)
    titles = [s.title for s in b.sections]
    assert titles == ["依法履行监督职责", "做好代表工作", "明年主要任务"]
    assert sum("table of contents" in d for d in debris(b)) == 4
    assert not any("…" in s.title or "..." in s.title for s in b.sections)


def test_compound_count_unit_kept_whole():
    from briefgen.text.quantities import find_quantities
    assert [q.text for q in find_quantities("日均车流量达到21.6万辆次，服务1200家次")] == ["21.6万辆次", "1200家次"]


def test_arabic_top_level_numbering_with_a_year_after_the_mark(tmp_path):
    """A Word paste numbers its parts 1、2、3、 and a part may open with a year (1、2025年工作完成情况);
    1、2、3项 and 1.5亿元 stay text."""
    from briefgen.text.headings import parse_heading

    h = parse_heading("1、2025年工作完成情况")
    assert h is not None and h.number == "1、" and h.title == "2025年工作完成情况"
    assert parse_heading("1、2、3项工作") is None and parse_heading("1.5亿元") is None
    text = ("某镇2025年工作总结\n1、2025年工作完成情况\n（1）经济运行稳中有进。全年完成固定资产投资8.6亿元。\n"
            "（2）民生保障持续改善。新增就业岗位320个。\n2、存在的问题\n一是产业结构单一。\n"
            "3、2026年工作思路\n（1）抓项目促发展。计划实施重点项目16个。\n")
    b = read(tmp_path, text)
    assert [s.title for s in b.sections] == ["2025年工作完成情况", "存在的问题", "2026年工作思路"]
    assert [s.kind for s in b.sections] == ["review", "other", "plan"]


def test_task_worded_parts_before_a_named_plan_part_are_the_review(tmp_path):
    """In a speech whose last part names the plan (四、2026年主要任务), parts worded like tasks before it
    (一、聚焦中心大局，依法履行监督职责) report what was done."""
    text = ("某县人民代表大会常务委员会工作报告\n——2026年1月10日在某县第十八届人民代表大会第六次会议上\n"
            "各位代表：\n我代表县人大常委会，向大会报告工作，请予审议。\n"
            "一、聚焦中心大局，依法履行监督职责\n全年听取和审议专项工作报告23项，开展执法检查4次。\n"
            "二、加强自身建设，夯实履职基础\n组织常委会组成人员学习培训8次。\n"
            "三、2026年主要任务\n今年，常委会将紧扣全县中心工作，计划听取审议报告20项。\n")
    b = read(tmp_path, text)
    assert [s.kind for s in b.sections] == ["review", "review", "plan"]
    assert ind(b, "4次").kind == "result" and ind(b, "20项").kind == "target"


def test_a_forwarded_email_starts_after_its_headers_and_note(tmp_path):
    """发件人/主题 header lines and the forwarding note above a separator are not the report; 主要工作 under a
    coming year's date is the plan."""
    from briefgen.ingest.parts import heading_kind

    text = ("发件人：某市政协办公室\n主题：转发：市政协常委会工作报告（定稿）\n\n各位委员：\n"
            "现将工作报告定稿转发给大家，请在会前认真阅读。\n\n----------\n\n"
            "政协某市第九届委员会常务委员会工作报告\n——2026年1月7日在政协某市第九届委员会第五次会议上\n"
            "各位委员：\n我代表政协某市第九届委员会常务委员会，向大会报告工作，请予审议。\n"
            "一、2025年工作回顾\n全年召开常委会议5次，立案提案312件。\n"
            "二、2026年主要工作\n今年计划新建委员工作室15个。\n")
    b = read(tmp_path, text)
    assert b.report.title == "政协某市第九届委员会常务委员会工作报告"
    assert [s.kind for s in b.sections] == ["review", "plan"]
    assert any("mail header" in d for d in debris(b))
    assert heading_kind("2026年主要工作", 2026, 1) == "plan" and heading_kind("2025年主要工作", 2026, 1) == "review"


def test_invisible_characters_inside_figures_are_removed(tmp_path):
    """Zero-width spaces, word joiners and soft hyphens from web or Word copies (1.07\u2060亿元) would
    hide a figure from every rule: they are removed, with a repair note, and the figures read."""
    b = read(tmp_path, "某市总工会2025年工作报告\n\n一、主要成绩\n\n全年投入资金1.07\u2060亿\u2060元，服务职工303.4\u200b万人次，"
                       "完成率86.5\ufeff%，培训职\u00ad工1.2万人次。\n")
    assert [(i.text, i.label) for i in b.indicators] == [
        ("1.07亿元", "投入资金"), ("303.4万人次", "服务职工"), ("86.5%", "完成率"), ("1.2万人次", "培训职工")]
    assert any("invisible" in r.detail for r in b.repairs)
    assert not any(c in b.text for c in "\u200b\u2060\ufeff\u00ad")
