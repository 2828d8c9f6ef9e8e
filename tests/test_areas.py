"""Keyword areas: a whole part beside the main one (a review before the plan's tasks) is an area of its own."""

from __future__ import annotations

from briefgen.ingest import ingest_text
from briefgen.model import Source


def _brief(text: str):
    return ingest_text(text, Source("t.txt", "0" * 64, "utf-8", "text", None, len(text)), "t")


REVIEW = "，".join(f"全年新建示范站点{n}个并完成改造任务" for n in range(12, 40)) + "。"
TASKS = {
    "稳定就业": "做好重点群体就业帮扶工作，开展技能培训，新增城镇就业岗位。",
    "改善住房": "推进老旧小区改造和保障性住房建设，完善社区养老托育设施。",
    "保护环境": "推进大气污染治理和河湖生态修复，扩大城市绿地面积和林草覆盖。",
}


def test_a_long_review_part_is_its_own_area_not_appended_to_a_task_area():
    tasks = "\n".join(f"（{n}）{name}\n{body}" for n, (name, body) in zip("一二三", TASKS.items()))
    text = f"某市工作报告\n\n一、上年工作回顾\n{REVIEW}\n二、今年重点工作\n{tasks}\n"
    b = _brief(text)
    names = [a.name for a in b.keyword_areas]
    assert names[0].startswith("上年工作回顾"), names
    review = next(s for s in b.sections if s.title.startswith("上年工作回顾"))
    owners = [a.name for a in b.keyword_areas if review.id in a.sections]
    assert owners == [names[0]]  # only its own area claims it
    assert [n for n in names[1:]] == list(TASKS)


def test_a_short_preface_part_is_still_linked_not_an_area():
    tasks = "\n".join(f"（{n}）{name}\n{body}" for n, (name, body) in zip("一二三", TASKS.items()))
    text = f"某市工作报告\n\n一、总体要求\n做好今年工作，要稳就业、改善住房、保护环境。\n二、今年重点工作\n{tasks}\n"
    names = [a.name for a in _brief(text).keyword_areas]
    assert names == list(TASKS)


def test_a_review_topic_like_no_task_is_its_own_area_not_dropped():
    tasks = "\n".join(f"（{n}）{name}\n{body}" for n, (name, body) in zip("一二三", TASKS.items()))
    odd = "，".join(f"举办群众文艺演出{n}场并送戏下乡" for n in range(20, 45)) + "。"
    review = (f"（一）稳定就业\n做好重点群体就业帮扶工作，开展技能培训，新增城镇就业岗位1.2万个。\n"
              f"（二）繁荣文艺\n{odd}\n")
    text = f"某市工作报告\n\n一、上年工作回顾\n{review}二、今年重点工作\n{tasks}\n"
    b = _brief(text)
    names = [a.name for a in b.keyword_areas]
    assert "繁荣文艺" in names, names
    arts = next(s for s in b.all_sections() if s.title.startswith("繁荣文艺"))
    assert [a.name for a in b.keyword_areas if arts.id in a.sections] == ["繁荣文艺"]
