"""Condensing sentences into slide bullets: budget kept, figures whole and from the source."""

from __future__ import annotations

import re

import pytest

from briefgen.selection.condense import Bullet, Figure, condense, shorten_phrase, strip_lead
from briefgen.text.figures import find_figure
from briefgen.text.markdown import md_bold, md_escape
from briefgen.text.sentences import split_clauses

NUM = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?")


def _numbers(s: str) -> list[str]:
    return NUM.findall(s)


def _check(sentence: str, figures: list[str], out: list[str], budget: int) -> None:
    assert out, "no phrase for the figures"
    for phrase in out:
        assert len(phrase) <= budget, phrase
        for n in _numbers(phrase):
            assert n in sentence, f"{n} in {phrase!r} is not in the source"
    joined = "\n".join(out)
    for f in figures:
        assert find_figure(joined, f) >= 0, f"{f} lost"


@pytest.mark.parametrize("sentence, figures, expect", [
    ("健全劳动关系舆情会商研判和联动处置机制，开展劳动争议调解和法律援助，成功调解案件1.06万件，为职工挽回经济损失3.2亿元。",
     ["1.06万件", "3.2亿元"], ["成功调解案件1.06万件，为职工挽回经济损失3.2亿元"]),
    ("今年以来，全市共召开职工沟通会2608场，发展13.07万名职工入会。",
     ["2608场", "13.07万名"], ["召开职工沟通会2608场，发展13.07万名职工入会"]),
    ("全市各级工会累计投入资金1.07亿元，慰问服务保障人员及家属32.7万人次，动员广大职工以奋斗姿态建功冬奥。",
     ["1.07亿元", "32.7万人次"], ["投入资金1.07亿元，慰问服务保障人员及家属32.7万人次"]),
    ("同时，依托会员互助服务卡，开展职工服务项目4629个。", ["4629个"], ["开展职工服务项目4629个"]),
])
def test_condense_keeps_the_clause_with_the_figure(sentence, figures, expect):
    out = condense(sentence, figures, 30)
    assert out == expect
    _check(sentence, figures, out, 30)


def test_drops_leading_time_and_subject_phrases():
    assert strip_lead("今年以来全市各级工会新建驿站100家", ["100家"]) == "新建驿站100家"
    # a lead phrase right before the figure introduces it and stays
    assert strip_lead("全市23家单位先行先试", ["23家"]) == "全市23家单位先行先试"
    # 共同 is a word, not the adverb 共
    assert strip_lead("共同推进12项改革", ["12项"], aggressive=True) == "共同推进12项改革"
    # never strip so much that a figure goes
    assert strip_lead("全年5亿元", ["5亿元"]) == "全年5亿元"


def test_semicolon_and_qizhong_close_a_bullet():
    s = ("今年以来，全市共召开职工沟通会2608场，发展13.07万名职工入会，其中新就业形态劳动者1.87万人；"
         "召开企业沟通会1161场，涉及企业1190家，新建工会组织345家，覆盖单位537家。")
    figs = ["2608场", "13.07万名", "1.87万人", "1161场", "1190家", "345家", "537家"]
    out = condense(s, figs, 30)
    _check(s, figs, out, 30)
    assert "其中新就业形态劳动者1.87万人" in out
    assert not any(p.startswith("其中") and "1161场" in p for p in out)


def test_long_enumeration_splits_at_enumeration_commas():
    s = ("通过各级现场会，全年新建职工之家605个、暖心驿站9133个、母婴关爱室157个、户外劳动者服务站点1200个、"
         "职工书屋分馆300家。")
    figs = ["605个", "9133个", "157个", "1200个", "300家"]
    out = condense(s, figs, 30)
    assert len(out) >= 2
    _check(s, figs, out, 30)


@pytest.mark.parametrize("budget", [12, 16, 20, 30])
def test_budget_respected_for_a_long_clause(budget):
    s = "市总工会会同市人力资源社会保障局等十二个部门联合开展首都职工职业技能提升行动培训职工达到126.7万人次。"
    out = condense(s, [Figure("126.7万人次", "培训职工", "126.7万人次")], budget)
    _check(s, ["126.7万人次"], out, budget)
    assert all(not p.startswith(("7万", ".7", "6.7")) for p in out)


def test_figure_never_split_and_whole_number_matching():
    # 3万人 must not be found inside 13万人
    assert find_figure("发展13万人，培训3万人", "3万人") == 9
    assert find_figure("发展13万人", "3万人") == -1
    s = "发展会员13万人，培训骨干3万人。"
    out = condense(s, ["3万人"], 30)
    assert out == ["培训骨干3万人"]


def test_qualifier_kept_with_the_figure():
    s = "开展职工素养讲堂等特色教育培训项目，线下培训职工不少于3万人。"
    out = condense(s, [Figure("3万人", "线下培训职工", "不少于3万人")], 30)
    assert out == ["线下培训职工不少于3万人"]


def test_figure_missing_from_sentence_is_not_lost():
    out = condense("这句话没有数字。", [Figure("5亿元", "发放互助金", "5亿元")], 30)
    assert out == ["发放互助金5亿元"]


def test_clauses_not_split_inside_quotes_or_brackets():
    parts = [c.text for c in split_clauses("开展“纾困解难，助力消费”行动，推出26项措施（含3项，试点）。")]
    assert parts == ["开展“纾困解难，助力消费”行动", "推出26项措施（含3项，试点）"]


def test_shorten_phrase_cuts_at_boundaries():
    assert shorten_phrase("加强职工服务阵地建设。") == "加强职工服务阵地建设"
    long = "深刻把握首都发展这个根本任务，推动市党代会精神在工会系统形成生动实践并持续深化拓展"
    cut = shorten_phrase(long, 20)
    assert len(cut) <= 20 and cut == "深刻把握首都发展这个根本任务"
    nocomma = "持续深化产业工人队伍建设改革推动建设知识型技能型创新型劳动者大军123456789项"
    cut = shorten_phrase(nocomma, 30)
    assert len(cut) <= 30 and cut.endswith("…")
    assert all(n in nocomma for n in _numbers(cut))
    # the cut falls before a verb that starts a phrase (建设 / 推动), never inside 劳动者
    assert nocomma[len(cut) - 1:len(cut) + 1] in ("建设", "推动")
    # a number near the cut stays whole or goes whole
    num = "推动建设知识型技能型创新型劳动者大军共计1234567项目标任务全面完成"
    cut = shorten_phrase(num, 24)
    assert len(cut) <= 24
    assert set(re.findall(r"\d+", cut)) <= set(re.findall(r"\d+", num))  # whole digit runs only


def test_markdown_escaping_and_bold():
    assert md_escape("1. 第一") == "1\\. 第一"
    assert md_escape("a*b_c<d>") == "a\\*b\\_c\\<d\\>"
    assert md_bold("成功调解案件1.06万件，挽回3.2亿元", ["1.06万件", "3.2亿元"]) == \
        "成功调解案件**1.06万件**，挽回**3.2亿元**"
    # a figure ending in punctuation right before a letter cannot close emphasis in CommonMark: stays plain
    assert md_bold("增长36.9%的企业", ["36.9%"]) == "增长36.9%的企业"
    assert Bullet("新建驿站100家", figures=["100家"]).markup == "新建驿站**100家**"
