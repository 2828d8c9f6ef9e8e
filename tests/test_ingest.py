"""Ingest: the seeds against their gold files, and synthetic inputs of the genre beyond the seeds."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from briefgen.ingest import ingest
from conftest import DATA, SEEDS, gold_path

SYN = DATA / "synthetic"


def _score(gold_file: Path, brief) -> dict:
    """The shared scorer's logic, vendored in tests/score_indicators.py."""
    spec = importlib.util.spec_from_file_location("score_indicators", Path(__file__).parent / "score_indicators.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    return mod.score(gold, {"indicators": [vars(i) for i in brief.indicators]})


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_indicator_scores_meet_floors(seed, briefs):
    r = _score(gold_path(seed), briefs[seed.name[:3]])
    assert r["recall"] >= 0.95, r["misses"]
    assert r["precision"] >= 0.95, r["false_positives"]
    assert r["label_accuracy"] >= 0.85
    assert r["kind_accuracy"] >= 0.95


def test_every_indicator_traces_to_the_normalised_text(briefs):
    for b in briefs.values():
        for i in b.indicators:
            assert b.text[i.start:i.end] == i.text
            assert i.text in i.sentence
            assert b.section(i.section) is not None


def test_seed_000_structure(briefs):
    b = briefs["000"]
    top = b.sections
    review = [s for s in top if s.kind == "review"]
    plan = [s for s in top if s.kind == "plan"]
    assert len(review) == 7 and review[0].title.startswith("深入学习贯彻")
    assert [s.title for s in plan] == ["2020年工作任务"]
    assert [a.marker for a in b.keyword_areas] == ["关键词一", "关键词二", "关键词三", "关键词四", "关键词五"]
    assert [a.name for a in b.keyword_areas][1] == "推进产业工人队伍建设改革"
    assert b.keyword_areas[1].points == ["坚决打赢疫情防控阻击战", "支持复工复产助力首都高质量发展", "建设职工技能提升新平台"]
    assert b.report.organisation == "北京市总工会"
    assert b.report.meeting == "第十四届委员会第二次全体会议"
    assert b.report.period_reviewed == "2019年" and b.report.period_planned == "2020年"


def test_seed_002_structure(briefs):
    b = briefs["002"]
    assert [s.title for s in b.sections] == ["今年以来工会工作情况", "下一阶段工作安排"]
    assert [len(s.children) for s in b.sections] == [5, 4]
    assert [s.kind for s in b.sections] == ["review", "plan"]
    assert all(c.kind == "review" for c in b.sections[0].children)
    first = {c.id for c in b.sections[0].walk()}
    for i in b.indicators:
        assert i.kind == ("result" if i.section in first else ("baseline" if i.text == "9000家" else "target"))


@pytest.mark.parametrize("key", ["000", "002"])
def test_no_paragraph_ends_mid_sentence_and_joins_are_recorded(briefs, key):
    b = briefs[key]
    for s in b.all_sections():
        for p in s.paragraphs:
            assert re.search(r"[。！？；：”]$", p), (s.title, p[-20:])
    joins = [r for r in b.repairs if r.kind == "join"]
    expected = {"000": ["凝聚职|工", "三方委|员会"], "002": ["市总工会|145名", "快|递员", "创业小|额贷款", "“云咨询”|“云调解”"]}[key]
    for e in expected:
        assert any(e in r.detail for r in joins), (e, [r.detail for r in joins])


def test_cut_line_is_never_a_heading(briefs):
    titles = [s.title for b in briefs.values() for s in b.all_sections()]
    assert not any(t.endswith(("三方委", "凝聚职", "市总工会", "创业小")) for t in titles)


# -- encodings and line endings ---------------------------------------------------

@pytest.mark.parametrize("name,encoding", [
    ("gbk.txt", "gb18030"), ("utf16.txt", "utf-16"), ("utf8bom.txt", "utf-8-sig"), ("ideographic_space.txt", "utf-8"),
])
def test_encodings_give_the_same_model(name, encoding):
    b = ingest(SYN / name)
    assert b.report.source.encoding == encoding
    assert b.report.title == "某县总工会工作报告"
    assert [(i.text, i.value, i.kind) for i in b.indicators] == [
        ("30个", 30, "result"), ("1500户", 1500, "result"), ("260万元", 2600000, "result"), ("20个", 20, "target")]
    assert b.indicators[-1].qualifier == "at_least"


@pytest.mark.parametrize("name", ["crlf.txt", "cr_only.txt"])
def test_crlf_and_cr(name):
    b = ingest(SYN / name)
    assert b.sections[0].title == "主要工作"
    assert [i.text for i in b.indicators][:2] == ["12个", "3.5万人次"]
    assert any(r.kind == "line_endings" for r in b.repairs)
    assert "\r" not in b.text


def test_no_blank_lines_hard_wrapped_text_is_joined():
    b = ingest(SYN / "hard_wrapped.txt")
    assert [s.title for s in b.sections] == ["基层组织建设", "维权服务"]
    assert all(not s.children for s in b.sections)
    assert b.sections[0].paragraphs[0].endswith("职工群众的获得感持续增强。")
    assert {i.text: i.label for i in b.indicators}["2300件"] == "调解劳动争议案件"


def test_page_break_cut_after_heading():
    b = ingest(SYN / "cut_heading.txt")
    assert [s.title for s in b.sections] == ["扎实做好维权服务工作", "加强工会自身建设"]
    assert b.sections[0].paragraphs[0].startswith("有效发挥协调劳动关系三方委员会作用")
    assert "凝聚职工、服务职工" in b.sections[0].paragraphs[0]


# -- heading styles and genres ------------------------------------------------------

def test_government_work_report():
    b = ingest(SYN / "gov_report.txt")
    r = b.report
    assert r.title == "政府工作报告"
    assert r.date == "2024-03-05"
    assert r.meeting == "第十四届全国人民代表大会第二次会议"
    assert [s.number for s in b.sections] == ["一、", "二、", "三、"]
    assert [s.kind for s in b.sections] == ["review", "plan", "plan"]
    assert [c.title for c in b.sections[2].children] == ["大力推进现代化产业体系建设", "着力扩大国内需求", "持续有效防范化解重点领域风险"]
    assert b.sections[2].children[0].paragraphs[0].startswith("推动产业链")  # heading sentence split from body
    ind = {(i.text, i.kind, i.qualifier) for i in b.indicators}
    assert ("126万亿元", "result", "over") in ind
    assert ("5%", "target", "about") in ind
    assert ("1200万人", "target", "over") in ind
    v = {i.text: i.value for i in b.indicators}
    assert v["126万亿元"] == 126_000_000_000_000 and v["4.06万亿元"] == 4_060_000_000_000
    assert not any("十四五" in i.text for i in b.indicators)
    assert b.report.speaker == "国务院总理" and b.report.organisation == "国务院"  # a byline is not a heading
    assert b.report.lead[0] == "各位代表：" and "国务院总理" not in [s.title for s in b.all_sections()]
    assert len(b.keyword_areas) == 3  # the task part's subsections


def test_markdown_with_front_matter_and_part_headings():
    b = ingest(SYN / "union_features.md")
    assert b.report.title == "某省总工会2023年工作要点解读"
    assert b.report.date == "2023-02-15"
    assert [s.number for s in b.sections] == ["第一部分", "第二部分"]
    assert [s.kind for s in b.sections] == ["review", "plan"]
    assert [c.number for c in b.sections[0].children] == ["1.", "2."]
    v = {i.text: (i.value, i.value_max, i.unit, i.qualifier) for i in b.indicators}
    assert v["２．３万户"] == (23000, None, "户", "exact")  # full-width digits read, text kept as written
    assert v["百分之十八点五"][0] == 18.5 and v["百分之十八点五"][2] == "%"
    assert v["两千名"][0] == 2000
    assert v["6%－6.5%"] == (6, 6.5, "%", "range")
    assert v["50场"][3] == "at_least" and v["5万人次"][3] == "about"
    assert any(r.kind == "front_matter" for r in b.repairs)


def test_web_debris_and_exclusions():
    b = ingest(SYN / "web_debris.txt")
    assert b.report.title == "某市总工会召开第六届委员会第三次全体会议"
    assert b.report.organisation == "某市总工会"
    dropped = [r.detail for r in b.repairs if r.kind == "debris"]
    assert len(dropped) == 3 and "责任编辑" in dropped[-1]
    assert "来源" not in b.text and "字号" not in b.text
    texts = [i.text for i in b.indicators]
    assert texts == ["1560件", "8600万元", "3.2万件", "50个", "100场"]
    assert {i.text: i.label for i in b.indicators}["3.2万件"] == "受理诉求"  # footnote ［1］ is not a label
    assert [i.kind for i in b.indicators][-2:] == ["target", "target"]


@pytest.mark.parametrize("text,expected", [
    ("一、情况\n增强“四个意识”，坚定“四个自信”，做到“两个维护”。\n", []),
    ("一、情况\n学习党的二十大和十九届四中全会精神，落实“十四五”规划。\n", []),
    ("一、情况\n第三届大赛和首届论坛在4月27日举办，2019—2023年规划印发。\n", []),
    ("一、情况\n12351服务热线运行良好，新建万家暖心驿站，百强企业建会。\n", []),
    ("一、情况\n印发《2019—2023年100项措施》，落实“五个坚决”。\n", []),
    ("一、情况\n新建站点1-2个，培训职工不少于3万人，慰问超1000万人次，募集约5亿元。\n",
     [("1-2个", 1, 2, "range"), ("3万人", 30000, None, "at_least"), ("1000万人次", 10000000, None, "over"),
      ("5亿元", 500000000, None, "about")]),
    ("一、情况\n全年投入五十四万亿元，服务两千名职工，覆盖率达百分之十八点五。\n",
     [("五十四万亿元", 54_000_000_000_000, None, "exact"), ("两千名", 2000, None, "exact"),
      ("百分之十八点五", 18.5, None, "exact")]),
    ("一、情况\n发展会员１２．５万人，增长３６．９％，新建10万余个、11万多件。\n",
     [("１２．５万人", 125000, None, "exact"), ("３６．９％", 36.9, None, "exact"),
      ("10万余个", 100000, None, "approx_over"), ("11万多件", 110000, None, "approx_over")]),
])
def test_numbers_and_exclusions(tmp_path, text, expected):
    f = tmp_path / "r.txt"
    f.write_text("某工会工作报告\n" + text, encoding="utf-8")
    b = ingest(f)
    assert [(i.text, i.value, i.value_max, i.qualifier) for i in b.indicators] == expected


def test_keyword_markers_other_styles(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("某工会报告\n\n一、明年任务\n\n【关键词一】\n\n稳就业\n\n新建驿站100个；培训职工5000人次。\n\n"
                 "【关键词二】\n\n强基层\n\n建会率达到90%。\n", encoding="utf-8")
    b = ingest(f)
    assert [(a.marker, a.name) for a in b.keyword_areas] == [("关键词一", "稳就业"), ("关键词二", "强基层")]
    assert b.keyword_areas[0].points == ["新建驿站100个", "培训职工5000人次"]
    assert all(i.kind == "target" for i in b.indicators)


# -- bad input -------------------------------------------------------------------------

def test_bad_inputs_are_one_line_errors(tmp_path):
    from click.testing import CliRunner

    from briefgen.cli import cli

    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    zipf = tmp_path / "a.txt"
    zipf.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(bytes([0x81, 0x30, 0xFF, 0xFE, 0x80, 0x80, 0xC3]) * 50)
    english = tmp_path / "en.txt"
    english.write_text("An English memo.\nNothing Chinese here.\n")
    mostly_english = tmp_path / "notes.md"
    mostly_english.write_text("# Release notes\n\nThe 一页纸 briefing now fits one page; see 简报 for details.\n"
                              "Nothing else in this file is Chinese, so it is not a report.\n", encoding="utf-8")
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    cases = [(png, "PNG image"), (zipf, "ZIP"), (empty, "empty"), (undecodable, "encoding"),
             (english, "no Chinese text"), (mostly_english, "mostly non-Chinese"), (doc, ".docx"), (tmp_path / "missing.txt", "no such file")]
    for path, words in cases:
        res = CliRunner().invoke(cli, ["ingest", str(path), "-o", str(tmp_path / "out.yaml")])
        assert res.exit_code == 2, (path, res.output)
        lines = [ln for ln in res.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and str(path.name) in lines[0] and words in lines[0], res.output
        assert "Traceback" not in res.output
    assert not (tmp_path / "out.yaml").exists()
