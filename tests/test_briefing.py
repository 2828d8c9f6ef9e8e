"""The selection stage behind the Word summary and the one-page PDF (#15): short, whole, marked, nothing lost."""

from __future__ import annotations

import copy
import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pypdf
import pytest
import yaml

import briefgen
from briefgen.config import load_config
from briefgen.model import Brief, Indicator, KeywordArea, Report, Section, Source
from briefgen.selection.escape import esc, unesc
from briefgen.selection.labels import context_label, is_incidental
from briefgen.selection.points import figure_clauses, is_point_sentence, point_sentences
from briefgen.text.figures import has_figure

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def doc_paragraphs(path: Path) -> list[tuple[str, str]]:
    d = docx.Document(str(path))
    out = [(p.style.name, p.text) for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            out += [("cell", c.text) for c in r.cells]
    return out


def pdf_text(path: Path) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def seeds_built(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    briefgen.build([str(s) for s in SEEDS], out, formats="docx,pdf", config=load_config(None), echo=lambda s: None)
    return out


def manifest_warnings(out: Path) -> str:
    import json

    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    reports = m["reports"].values() if isinstance(m["reports"], dict) else m["reports"]
    return " ".join(w for r in reports for w in r.get("warnings", []))


# -- the seeds --------------------------------------------------------------------------------------

def test_no_sentence_twice_and_results_apart_from_targets(seeds_built):
    out = seeds_built
    for seed in SEEDS:
        brief = briefgen.read_report(seed)
        paras = doc_paragraphs(out / seed.stem / "summary.docx")
        sentences = [s for _, t in paras for s in re.split(r"(?<=[。；！？])", t) if len(s.strip("。； ")) >= 6]
        repeated = [s for s, n in Counter(s.strip() for s in sentences).items() if n > 1]
        assert repeated == [], (seed.stem, repeated)
        heads = [t for st, t in paras if st == "Heading 1"]
        assert sum("下一步" in h for h in heads) == 1, heads
        under, inside = [], False
        for st, t in paras:
            if st == "Heading 1":
                inside = "下一步" in t
            elif inside:
                under.append(t)
            else:
                for ind in brief.indicators:  # targets only under 下一步
                    assert not (ind.kind == "target" and has_figure(t, ind.text) and
                                not any(has_figure(t, r.text) and ind.text in r.text
                                        for r in brief.indicators if r.kind == "result")), (ind.text, t)
        targets = [i.text for i in brief.indicators if i.kind != "result"]
        for t in under:  # and results never under it
            for ind in brief.indicators:
                if ind.kind == "result" and has_figure(t, ind.text):
                    assert any(ind.text in x for x in targets), (ind.text, t)


def test_every_keyword_area_and_part_shown_or_warned(seeds_built):
    out = seeds_built
    warnings = manifest_warnings(out)
    for seed in SEEDS:
        brief = briefgen.read_report(seed)
        for name in ("summary.docx", "briefing.pdf"):
            path = out / seed.stem / name
            text = squeeze(" ".join(t for _, t in doc_paragraphs(path)) if name.endswith("docx") else pdf_text(path))
            for a in brief.keyword_areas:
                assert squeeze(a.name) in text or a.name in warnings, (name, a.name)
            for part in brief.sections:  # a part is shown by its title or by its subsections' titles
                titles = [part.title] + [c.title for c in part.children]
                assert any(squeeze(t.split("，")[0])[:8] in text for t in titles) or part.title[:10] in warnings, \
                    (name, part.title)


def test_headline_labels_read_alone_and_incidental_counts_never_headline(seeds_built):
    out = seeds_built
    ctx = briefgen.select(briefgen.read_report(SEEDS[1]), "pdf", load_config(None))
    labels = {f.display: unesc(f.label) for f in ctx["headline"]}
    assert labels["1.07亿元"].endswith("投入资金") and len(labels["1.07亿元"]) > len("投入资金")
    assert labels["1190家"] != "涉及企业" and labels["1190家"].endswith("涉及企业")
    for name in ("summary.docx", "briefing.pdf"):
        path = out / SEEDS[1].stem / name
        text = " ".join(t for _, t in doc_paragraphs(path)) if name.endswith("docx") else pdf_text(path)
        assert "等4家单位" not in text and "商业服务业技能大赛" not in squeeze(text)


def test_seed_summary_is_at_most_two_pages_in_libreoffice(seeds_built, tmp_path):
    import shutil
    import subprocess

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    out = seeds_built
    for s in SEEDS:
        d = tmp_path / s.stem
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                        "pdf", "--outdir", str(d), str(out / s.stem / "summary.docx")], capture_output=True, timeout=300)
        n = len(pypdf.PdfReader(str(d / "summary.pdf")).pages)
        assert n <= 2, (s.stem, n)
        text = squeeze(subprocess.run(["pdftotext", str(d / "summary.pdf"), "-"], capture_output=True,
                                      text=True).stdout)
        # the colophon ends the last page; it never starts a page alone
        last = pypdf.PdfReader(str(d / "summary.pdf")).pages[-1].extract_text()
        assert "来源" in last and squeeze(last).index("来源") > 20
        assert "来源" in text


def test_docx_section_sets_the_22_line_grid_and_28_characters(seeds_built):
    out = seeds_built
    path = out / SEEDS[0].stem / "summary.docx"
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
    grid = re.search(r"<w:docGrid [^>]*/>", document).group(0)
    assert 'w:type="lines"' in grid and 'w:linePitch="579"' in grid  # 225 mm / 22 lines
    spacing = int(re.search(r"<w:rPrDefault><w:rPr>.*?<w:spacing w:val=\"(-?\d+)\"/>", styles).group(1))
    assert (16 + spacing / 20) * 28 <= 442.3  # 28 characters of 3号 fit the 156 mm text block
    assert "<w:framePr" in document and 'w:yAlign="bottom"' in document  # colophon at the foot


def test_meta_line_does_not_repeat_the_subtitle(seeds_built):
    out = seeds_built
    for seed in SEEDS:
        subs = [t for st, t in doc_paragraphs(out / seed.stem / "summary.docx") if st == "Subtitle"]
        for later in subs[1:]:
            for part in later.split("　"):
                assert part not in subs[0], (seed.stem, subs)


# -- the corpus -------------------------------------------------------------------------------------

CORPUS = ROOT / "tests" / "data" / "corpus"


@pytest.fixture(scope="module")
def corpus_built(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    reports = sorted(p for p in CORPUS.glob("*.txt") if p.with_suffix(".gold.yaml").exists())
    briefgen.build([str(p) for p in reports], out, formats="docx,pdf", config=load_config(None), jobs=4,
                   echo=lambda s: None)
    return out, reports


def test_corpus_outputs_carry_the_gold_key_figures(corpus_built):
    out, reports = corpus_built
    for r in reports:
        gold = yaml.safe_load(r.with_suffix(".gold.yaml").read_text(encoding="utf-8")).get("key_figures") or []
        if len(gold) < 8:
            continue
        word = squeeze(" ".join(t for _, t in doc_paragraphs(out / r.stem / "summary.docx")))
        page = squeeze(pdf_text(out / r.stem / "briefing.pdf"))
        in_word = sum(squeeze(k["text"]) in word for k in gold)
        on_page = sum(squeeze(k["text"]) in page for k in gold)
        assert in_word >= 6, (r.stem, in_word)
        assert on_page >= 5, (r.stem, on_page)
        assert len(pypdf.PdfReader(str(out / r.stem / "briefing.pdf")).pages) == 1


def test_corpus_summaries_repeat_no_sentence_and_show_no_fragments(corpus_built):
    out, reports = corpus_built
    for r in reports:
        paras = [t for _, t in doc_paragraphs(out / r.stem / "summary.docx")]
        sentences = [s.strip() for t in paras for s in re.split(r"(?<=[。；！？])", t) if len(s.strip("。； ")) >= 6]
        assert [s for s, n in Counter(sentences).items() if n > 1] == [], r.stem
        page = pdf_text(out / r.stem / "briefing.pdf")
        assert "：。" not in page and "！。" not in page, r.stem


# -- rules on synthetic snippets --------------------------------------------------------------------

def test_salutations_and_lead_ins_are_never_points():
    assert not is_point_sentence("各位代表！")
    assert not is_point_sentence("我们主要做了六个方面工作：")
    assert not is_point_sentence("现在，我代表市人民政府，向大会报告工作，请予审议。")
    assert is_point_sentence("全年走访慰问职工12.5万人次。")
    assert point_sentences(["各位代表！今年主要抓了三件事：一是稳就业，新增就业5万人。"]) == \
        ["一是稳就业，新增就业5万人。"]


def _brief(text: str, sections=None, indicators=None, areas=None) -> Brief:
    return Brief(Report(id="t", title="测试报告", source=Source("t.txt", "0" * 64)), sections=sections or [],
                 keyword_areas=areas or [], indicators=indicators or [], text=text)


def test_incidental_partner_counts_and_context_labels():
    sent = "会同市商务局等4家单位举办技能大赛，全年投入资金1.2亿元。"
    partners = Indicator(id="i1", text="4家", value=4, unit="家", label="单位举办技能大赛", kind="target",
                         section="s1", sentence=sent, start=0, end=2)
    money = Indicator(id="i2", text="1.2亿元", value=1.2e8, unit="元", label="投入资金", kind="result",
                      section="s1", sentence=sent, start=20, end=25)
    assert is_incidental(partners) and not is_incidental(money)
    sec = Section(id="s1", title="做好冬季慰问，温暖职工", level=1, kind="review",
                  paragraphs=["做好冬季慰问工作。" + sent])
    brief = _brief(sent, [sec], [partners, money])
    label = context_label(brief, money)
    assert label.endswith("投入资金") and len(label) > 4
    text, shown = figure_clauses(sent, [money])
    assert text == "全年投入资金1.2亿元" and shown == [money]


def test_report_without_headings_gets_key_clauses_not_its_whole_text(tmp_path):
    body = ("某市总工会2024年工作总结\n\n各位代表！\n\n"
            "今年以来，全市各级工会坚持服务职工，全年走访慰问职工12.5万人次，投入帮扶资金3.2亿元。\n"
            "我们主要做了六个方面工作：\n"
            + "".join(f"第{n}方面，坚持不懈推进各项工作落实落细，开展活动{n * 10}场。" for n in range(1, 30)) + "\n"
            "明年，全市工会将新建户外劳动者服务站不少于200个。\n")
    src = tmp_path / "nohead.txt"
    src.write_text(body, encoding="utf-8")
    out = tmp_path / "b.pdf"
    briefgen.render(briefgen.read_report(src), "pdf", out, config=load_config(None))
    page = pdf_text(out)
    assert "各位代表" not in page and "：。" not in page
    assert len(squeeze(page)) < len(squeeze(body))
    assert "12.5万人次" in page and "不少于200个" in page


WEIRD = "含|竖线**星号{{ 7*7 }}"


def test_label_with_markup_characters_renders_literally(tmp_path):
    assert unesc(esc(WEIRD)) == WEIRD and "|" not in esc(WEIRD) and "*" not in esc(WEIRD)
    brief = briefgen.read_report(SEEDS[1])
    b = copy.deepcopy(brief)
    for i in b.indicators:
        i.label = WEIRD + i.label
    for length in ("summary", "full"):
        out = tmp_path / f"{length}.docx"
        briefgen.render(b, "docx", out, config=load_config(None, **{"docx.length": length}))
        text = " ".join(t for _, t in doc_paragraphs(out))
        if length == "full":  # the table: the label in one cell, the figure in the next
            d = docx.Document(str(out))
            rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
            assert all(len(r) == 4 for r in rows) and rows[1][1].startswith(WEIRD)
        assert WEIRD in text and "{{" in text and "49" not in text.replace(WEIRD, "")
    out = tmp_path / "b.pdf"
    briefgen.render(b, "pdf", out, config=load_config(None))
    page = squeeze(pdf_text(out))
    assert squeeze(WEIRD) in page and "1.07" in page


def test_label_with_markup_characters_in_pptx(tmp_path):
    from pptx import Presentation

    b = copy.deepcopy(briefgen.read_report(SEEDS[1]))
    b.keyword_areas[0].points = [WEIRD + "要点"]
    out = tmp_path / "s.pptx"
    briefgen.render(b, "pptx", out, config=load_config(None))
    texts = " ".join(sh.text_frame.text for s in Presentation(str(out)).slides for sh in s.shapes
                     if sh.has_text_frame)
    assert WEIRD in texts


def test_headline_keeps_qualifiers_and_at_most_two_per_class():
    from briefgen.selection.briefing import headline
    from briefgen.selection.context import figure_class

    brief = briefgen.read_report(SEEDS[1])
    figures = headline(brief, 6)
    classes = Counter(figure_class(f.indicator) for f in figures)
    assert len(figures) == 6 and max(classes.values()) <= 2
    assert all(f.kind == "result" for f in figures)  # results before targets: the seed has enough
    # qualifiers (超 / 不少于) stay with the figure wherever it is shown
    text = "建成驿站超1000个，培训职工不少于3万人。"
    over = Indicator(id="a", text="超1000个", value=1000, unit="个", qualifier="over", label="建成驿站",
                     kind="result", section="s1", sentence=text, start=4, end=10)
    least = Indicator(id="b", text="3万人", value=30000, unit="人", qualifier="at_least", label="培训职工",
                      kind="target", section="s1", sentence=text, start=17, end=20)
    sec = Section(id="s1", title="建设阵地", level=1, kind="review", paragraphs=[text])
    brief = _brief(text, [sec], [over, least])
    shown = {f.indicator.id: unesc(f.display) for f in headline(brief, 6)}
    assert shown["a"].startswith("超")
    assert figure_clauses(text, [least])[0] == "培训职工不少于3万人"


def test_key_points_prefer_a_parts_opening_figures():
    from briefgen.selection.briefing import build_briefing

    opening = "全年地区生产总值增长5.2%，工业增加值增长7.5%，消费增长4.7%。"
    later = "新建公园12个，改造道路30公里，新增绿地50公顷，植树1万株。"
    paras = [opening, "其他工作稳步推进。" * 3, later]
    inds = []
    for n, (t, s) in enumerate([("5.2%", opening), ("7.5%", opening), ("4.7%", opening), ("12个", later),
                                ("30公里", later), ("50公顷", later), ("1万株", later)]):
        inds.append(Indicator(id=f"i{n}", text=t, value=1, unit="", label="指标", kind="result", section="s1",
                              sentence=s, start=n, end=n + 1))
    sec = Section(id="s1", title="工作回顾", level=1, kind="review", paragraphs=paras)
    b = build_briefing(_brief("".join(paras), [sec], inds), budget_lines=6)
    first = b.results[0].ranked[0]
    assert "5.2%" in unesc(first.text)  # the overview sentence outranks a list with one figure more


def test_a_generic_part_title_is_no_topic_for_a_short_label():
    """营业收入 under 2025年生产经营情况 reads alone; a part title naming a line of work still helps."""
    text = "全年实现营业收入186.4亿元。"
    ind = Indicator(id="a", text="186.4亿元", value=186.4e8, unit="元", label="营业收入", kind="result",
                    section="s1", sentence=text, start=6, end=13)
    generic = Section(id="s1", title="2025年生产经营情况", level=1, kind="review", paragraphs=[text])
    assert context_label(_brief(text, [generic], [ind]), ind) == "营业收入"
    work = Section(id="s1", title="保障冬奥会", level=1, kind="review", paragraphs=[text])
    assert context_label(_brief(text, [work], [ind]), ind) == "保障冬奥会营业收入"
