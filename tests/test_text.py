"""The one home of Chinese text helpers: width, 禁则, sentences, numbering, titles — and their users."""

from __future__ import annotations

import ast
from pathlib import Path

from briefgen.text.counters import chinese
from briefgen.text.kinsoku import CANNOT_END, CANNOT_START, break_allowed
from briefgen.text.sentences import ends_sentence, sentence_at, split_clauses, split_sentences
from briefgen.text.titles import title_lines
from briefgen.text.width import columns, em, has_wide, is_wide

SRC = Path(__file__).resolve().parent.parent / "src" / "briefgen"


def test_width_rule_is_chinese_context():
    assert all(is_wide(c) for c in "中，“”…·①℃")  # ambiguous characters are full width in Chinese text
    assert not any(is_wide(c) for c in "a1%, ")
    assert columns("中a“") == 5 and em("中ab") == 2.0
    assert em("第2届", narrow=0.55, gap=0.25) == 2 + 0.55 + 0.5
    assert has_wide("abc中") and not has_wide("abc")


def test_kinsoku_sets():
    assert set("，。）》”%") <= CANNOT_START and set("（《“") <= CANNOT_END
    s = "增长36.9%，达到1.06万件"
    assert not break_allowed(s, s.index("%"))  # 36.9|%
    assert not break_allowed(s, s.index("，"))  # a comma never starts a line
    assert not break_allowed(s, s.index("万"))  # 1.06|万件


def test_sentences_and_clauses():
    assert split_sentences("一是新建。二是“提升！”三是完善") == ["一是新建。", "二是“提升！”", "三是完善"]
    assert ends_sentence("完成任务。”") and ends_sentence("如下：") and not ends_sentence("凝聚职")
    line = "去年新建605个。今年新增100个，力争完成。"
    assert sentence_at(line, line.index("100"), line.index("100") + 4) == "今年新增100个，力争完成。"
    assert [c.text for c in split_clauses("甲，乙（丙，丁）；戊", "，；")] == ["甲", "乙（丙，丁）", "戊"]


def test_chinese_numbering_past_twenty_five():
    assert [chinese(n) for n in (1, 10, 11, 20, 21, 25, 26, 99, 100, 105, 110, 1001)] == [
        "一", "十", "十一", "二十", "二十一", "二十五", "二十六", "九十九", "一百", "一百零五", "一百一十", "一千零一"]


def test_title_lines_balance_and_keep_words():
    assert title_lines("坚守初心使命 勇于担当作为 为夺取疫情防控和经济社会发展双胜利贡献工会力量", 20) == [
        "坚守初心使命 勇于担当作为", "为夺取疫情防控和经济社会发展双胜利", "贡献工会力量"]
    assert title_lines("山西大同：书写推动高质量发展的“三张答卷”", 17) == ["山西大同：", "书写推动高质量发展的“三张答卷”"]
    long = "关于" * 200
    assert title_lines(long, 10) == [long]  # more than four lines: left to the renderer, and fast


def test_no_copies_of_the_text_helpers_outside_text():
    """Width estimates, 禁则 sets, sentence splitters and numeral lists live only in briefgen.text."""
    bad = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("text/"):
            continue
        src = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.FunctionDef) and node.name in ("_width", "char_em", "_wide", "has_cjk",
                                                                    "split_sentences", "sentences", "_chinese",
                                                                    "ends_sentence", "_balanced"):
                if "return em(" not in ast.get_source_segment(src, node) and "* size" not in ast.get_source_segment(src, node):
                    bad.append(f"{rel}: def {node.name}")
        if "east_asian_width" in src or '"）》' in src or "'）》" in src:
            bad.append(f"{rel}: its own width rule or 禁则 set")
    templates = SRC.parent.parent / "templates"
    for t in templates.glob("*.j2"):
        text = t.read_text(encoding="utf-8")
        if '"十一"' in text or "macro cn_index" in text or "macro clauses" in text:
            bad.append(f"templates/{t.name}: its own numerals or clause splitter")
    assert bad == []
