"""Property: any text → ingest either refuses it with briefgen's own one-line error or gives a model that
saves, loads (passing every check a load makes) and renders. Examples per run: BRIEFGEN_FUZZ_EXAMPLES
(default 200; the long run and its figure are in benchmarks/README.md)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from briefgen import document  # noqa: E402
from briefgen.config import load_config  # noqa: E402
from briefgen.errors import BriefgenError  # noqa: E402

EXAMPLES = int(os.environ.get("BRIEFGEN_FUZZ_EXAMPLES", "200"))
#: every how many examples the PDF and docx are rendered too (they cost most)
RENDER_EVERY = int(os.environ.get("BRIEFGEN_FUZZ_RENDER_EVERY", "50"))

CN_NUM = st.sampled_from(list("一二三四五六七八九十") + ["十一", "二十五", "三十"])
NUMBER = st.one_of(
    st.integers(0, 10 ** 6).map(str),
    st.integers(1, 3000).map(lambda n: "9" * n),  # up to thousands of digits
    st.decimals(0, 10 ** 6, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["1.2万", "3.5亿", "百分之五", "两千", "1,234.5", "1e309", "0.0", "-5", "nan", "inf"]),
)
UNIT = st.sampled_from(["亿元", "万元", "%", "个百分点", "万人次", "家", "公里", "倍", "项", "", "万吨", "个"])
WORDS = st.sampled_from(["全年完成投资", "同比增长", "新建学校", "实现生产总值", "城镇新增就业", "下降",
                         "不少于", "超过", "约", "力争", "预期目标", "完成", "服务职工", "走访慰问"])
CONTROL = st.sampled_from(["\v", "\f", "\x1b", "\x7f", "\x85", "\u2028", "\u200b", "\ufeff", "\t", "\r", "𠮷", "😀"])


@st.composite
def sentence(draw) -> str:
    parts = [draw(WORDS), draw(NUMBER), draw(UNIT)]
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, 3)), draw(CONTROL))
    if draw(st.integers(0, 4)) == 0:
        parts.append(draw(st.text(max_size=20)))
    return "".join(parts) + draw(st.sampled_from(["。", "，", "；", "", "！"]))


@st.composite
def line(draw) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return f"{draw(CN_NUM)}、{draw(st.sampled_from(['', '。', '工作回顾', '主要任务。后文']))}"
    if kind == 1:
        return f"（{draw(CN_NUM)}）{draw(st.sampled_from(['', '；', '服务职工']))}"
    if kind == 2:
        return f"{draw(st.integers(1, 40))}.{draw(st.sampled_from(['', '。', '推进改革']))}"
    if kind == 3:
        return draw(st.sampled_from(["【关键词】", "【关键词一】", "附件：", "名词解释：", "# 标题", "## （一）小节",
                                     "第一部分", "第三十部分　总结", "——在某会议上的报告", "2024年1月5日", ""]))
    if kind == 4:
        return draw(st.text(max_size=40))
    return "".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


REPORT = st.one_of(
    st.lists(line(), min_size=1, max_size=25).map(lambda ls: "某市2024年政府工作报告\n" + "\n".join(ls) + "\n"),
    st.lists(line(), min_size=0, max_size=10).map("\n".join),
    st.text(max_size=300),
)

_count = {"n": 0}


@pytest.mark.filterwarnings("ignore::UnicodeWarning")
@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 200, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=REPORT, suffix=st.sampled_from([".txt", ".md"]))
def test_ingest_save_load_render_never_crashes(text, suffix):
    _count["n"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"r{suffix}"
        src.write_text(text, encoding="utf-8")
        try:
            brief = document.read_report(src, config=load_config(None))
        except BriefgenError as e:
            msg = e.format_message()
            assert "\n" not in msg and str(src) in msg, msg
            _count["refused"] = _count.get("refused", 0) + 1
            return
        model = document.save(brief, Path(tmp) / "m.yaml")
        data, problems = document.check(model)
        assert problems == [], problems  # never a model that no command can load
        loaded = document.load(model)
        from briefgen import render

        fmts = ["slides"] + (["docx", "pdf"] if _count["n"] % RENDER_EVERY == 0 else [])
        for fmt in fmts:
            render(loaded, fmt, Path(tmp) / f"out.{fmt}")
        _count["rendered"] = _count.get("rendered", 0) + 1
