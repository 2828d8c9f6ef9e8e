"""One-page PDF briefing (一页纸): one page whatever the length, figures right, fonts embedded, 避头尾."""

from __future__ import annotations

import copy
import io
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import document
from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.selection import select
from briefgen.selection.context import build_context
from briefgen.model import Brief
from briefgen.renderers import render

pypdf = pytest.importorskip("pypdf")
pdfplumber = pytest.importorskip("pdfplumber")

CANNOT_START = "，。、；：？！）》」』】…”"
CANNOT_END = "（《「『【“"


# ---------------------------------------------------------------- helpers


def make_pdf(brief: Brief, path: Path, cfg=None, **settings) -> tuple[bytes, list[str]]:
    cfg = cfg or load_config(None, **settings)
    warnings = render(brief, "pdf", path, config=cfg)
    return path.read_bytes(), warnings


def pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def text_of(data: bytes) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def lines_of(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [ln for page in pdf.pages for ln in (page.extract_text() or "").split("\n")]


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def fonts_of(data: bytes) -> dict[str, dict]:
    """BaseFont -> font dictionary, over every page (and form XObjects on it)."""
    out: dict[str, dict] = {}

    def walk(resources) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            out[str(font["/BaseFont"])] = font
        for ref in (resources.get("/XObject") or {}).values():
            xobj = ref.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        walk(page.get("/Resources"))
    return out


def embedded(font: dict) -> bool:
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    desc = font.get("/FontDescriptor")
    if desc is None:
        return False
    desc = desc.get_object()
    return any(k in desc for k in ("/FontFile2", "/FontFile3", "/FontFile"))


def long_brief(brief: Brief, times: int = 20) -> Brief:
    """The report replicated *times* over: sections, keyword areas, indicators and text."""
    b = copy.deepcopy(brief)
    sections, areas, indicators = [], [], []
    for k in range(times):
        ids: dict[str, str] = {}
        for s in copy.deepcopy(brief.sections):
            for node in s.walk():
                ids[node.id] = f"{node.id}-{k}"
                node.id = ids[node.id]
                node.title = f"{node.title}（{k + 1}）"
            sections.append(s)
        for a in copy.deepcopy(brief.keyword_areas):
            a.id, a.name = f"{a.id}-{k}", f"{a.name}（{k + 1}）"
            a.sections = [ids.get(x, x) for x in a.sections]
            areas.append(a)
        for i in copy.deepcopy(brief.indicators):
            i.id = f"{i.id}-{k}"
            i.section = ids.get(i.section or "", i.section)
            i.start += k * len(brief.text)
            i.end += k * len(brief.text)
            indicators.append(i)
    b.sections, b.keyword_areas, b.indicators = sections, areas, indicators
    b.text = brief.text * times
    return b


@pytest.fixture(scope="module")
def seed_pdfs(briefs, tmp_path_factory):
    """{seed id: (pdf bytes, warnings, brief)} rendered once, with a marking."""
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    out = {}
    d = tmp_path_factory.mktemp("pdf")
    for sid, brief in briefs.items():
        data, warnings = make_pdf(brief, d / f"{sid}.pdf", marking="内部资料")
        out[sid] = (data, warnings, brief)
    return out


# ---------------------------------------------------------------- one page


@pytest.mark.parametrize("sid", ["000", "002"])
def test_seed_is_one_page_with_title_and_marking(seed_pdfs, sid):
    data, warnings, brief = seed_pdfs[sid]
    assert data.startswith(b"%PDF-")
    assert pages(data) == 1
    text = squeeze(text_of(data))
    assert squeeze(brief.report.title) in text
    assert "内部资料" in text
    assert "数字速览" in text and "要点" in text
    assert "来源：北京市总工会" in text  # the issuing body, not a file name (the docx colophon names the file)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == brief.report.title


def test_seed_002_has_next_steps(seed_pdfs):
    data, _, brief = seed_pdfs["002"]
    text = squeeze(text_of(data))
    assert "下一步" in text
    assert any(t.text in text for t in brief.indicators if t.kind == "target")


@pytest.mark.parametrize("sid", ["000", "002"])
def test_key_figures_are_printed_and_traceable(seed_pdfs, cfg, sid, tmp_path):
    data, _, brief = seed_pdfs[sid]
    text = squeeze(text_of(data))
    # the YAML model is the contract: figures come from it, written as the source writes them
    yaml_path = document.save(brief, tmp_path / "report.yaml")
    model = document.load(yaml_path)
    figures = select(model, "pdf", cfg)["key_figures"]
    assert 4 <= len(figures) <= 6
    displays = {i.display for i in model.indicators}
    for f in figures:
        assert f.display in displays
        assert model.text[f.start:f.end] == f.text  # the figure as the source writes it
        assert f.display.endswith(f.text) or f.display.startswith(f.text)
        assert f.display in text, f"key figure {f.display} ({f.label}) not in the PDF text"
        assert squeeze(f.label) in text


def test_every_highlighted_number_comes_from_the_model(seed_pdfs):
    """Every number printed in the body is part of a source sentence or an indicator (nothing computed)."""
    data, _, brief = seed_pdfs["002"]
    text = squeeze(text_of(data)).replace(brief.report.source.file, "").replace("2023年11月14日生成", "")
    allowed = squeeze(brief.text) + "".join(i.display for i in brief.indicators)
    numbers = re.findall(r"\d+(?:\.\d+)?", text)
    assert len(numbers) > 20
    for n in numbers:
        assert n in allowed, n


def test_long_report_is_one_page_and_says_what_was_left_out(briefs, tmp_path):
    brief = long_brief(briefs["002"], 20)
    assert len(brief.text) >= 20 * len(briefs["002"].text)
    data, warnings = make_pdf(brief, tmp_path / "long.pdf")
    assert pages(data) == 1
    assert warnings and all("\n" not in w for w in warnings)
    assert any(w.startswith("left out ") and "to fit one page" in w for w in warnings)
    text = squeeze(text_of(data))
    assert squeeze(brief.report.title) in text
    # the key figures survive: the panel is left out last
    for f in build_context(brief, {})["key_figures"]:
        assert f.display in text


def test_long_report_keeps_body_type_at_least_min_size(briefs, tmp_path):
    brief = long_brief(briefs["000"], 20)
    data, warnings = make_pdf(brief, tmp_path / "long.pdf")
    assert pages(data) == 1
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        sizes = [round(c["size"], 1) for c in pdf.pages[0].chars if c["text"] != "●"]  # bullets are small
    assert min(sizes) >= 8  # the cfg minimum, footer and figure labels included
    body = [s for s in sizes if s >= 8]
    assert len(body) > 0.9 * len(sizes)


def test_no_indicators_and_no_areas(briefs, tmp_path):
    b = copy.deepcopy(briefs["002"])
    b.indicators = []
    data, _ = make_pdf(b, tmp_path / "noind.pdf")
    assert pages(data) == 1
    text = squeeze(text_of(data))
    assert "数字速览" not in text and squeeze(b.report.title) in text

    b.keyword_areas = []
    data, _ = make_pdf(b, tmp_path / "none.pdf")
    assert pages(data) == 1
    assert "要点" in squeeze(text_of(data))  # falls back to the report's main sections

    b2 = copy.deepcopy(briefs["000"])
    b2.keyword_areas = []
    data, _ = make_pdf(b2, tmp_path / "noareas.pdf")
    assert pages(data) == 1
    for f in build_context(b2, {})["key_figures"]:
        assert f.display in squeeze(text_of(data))


def test_long_report_without_areas_is_one_page(briefs, tmp_path):
    b = long_brief(briefs["000"], 20)
    b.keyword_areas = []
    data, warnings = make_pdf(b, tmp_path / "long-noareas.pdf")
    assert pages(data) == 1
    assert warnings


# ---------------------------------------------------------------- typography


@pytest.mark.parametrize("sid", ["000", "002"])
def test_fonts_embedded_and_no_fallback_needed(seed_pdfs, sid):
    data, _, _ = seed_pdfs[sid]
    fonts = fonts_of(data)
    assert fonts
    for name, font in fonts.items():
        assert embedded(font), f"font {name} is not embedded"
        assert "STSong" not in name and "Helvetica" not in name
    assert any("NotoSansSC-Bold" in n for n in fonts) and any("NotoSansSC-Regular" in n for n in fonts)


def test_fallback_font_only_when_needed(briefs, tmp_path):
    b = copy.deepcopy(briefs["002"])
    b.report.title = b.report.title + "\u4dae"  # 䶮: CJK Ext-A, not in the vendored GBK subset
    data, _ = make_pdf(b, tmp_path / "fallback.pdf")
    names = list(fonts_of(data))
    assert any("STSong-Light" in n for n in names)
    assert all(embedded(f) for n, f in fonts_of(data).items() if "STSong" not in n)


@pytest.mark.parametrize("sid", ["000", "002"])
def test_line_breaks_obey_punctuation_rules(seed_pdfs, sid):
    data, _, _ = seed_pdfs[sid]
    lines = [ln.strip() for ln in lines_of(data) if ln.strip()]
    assert len(lines) > 15
    for ln in lines:
        assert ln[0] not in CANNOT_START, f"line starts with closing punctuation: {ln!r}"
        assert ln[-1] not in CANNOT_END, f"line ends with opening punctuation: {ln!r}"


def test_line_breaks_keep_numbers_with_units(briefs, tmp_path):
    data, _ = make_pdf(long_brief(briefs["002"], 3), tmp_path / "three.pdf", **{"pdf.max_font_size": 8.0})
    # pypdf keeps a line whose characters differ in size together (the figure panel's big number
    # and small unit); pdfplumber splits such a line by glyph top
    lines = [ln.strip() for ln in text_of(data).split("\n") if ln.strip()]
    assert len(lines) > 30
    for a, b in zip(lines, lines[1:]):
        assert not (re.search(r"\d$", a) and re.match(r"^[\d.万亿元人次件家个]", b)), (a, b)


# ---------------------------------------------------------------- reproducible, errors


def test_two_renders_identical_bytes(briefs, tmp_path):
    a, _ = make_pdf(briefs["002"], tmp_path / "a.pdf", marking="内部资料")
    b, _ = make_pdf(briefs["002"], tmp_path / "b.pdf", marking="内部资料")
    assert a == b
    long_a, _ = make_pdf(long_brief(briefs["000"], 5), tmp_path / "la.pdf")
    long_b, _ = make_pdf(long_brief(briefs["000"], 5), tmp_path / "lb.pdf")
    assert long_a == long_b


def test_creation_date_from_source_date_epoch(seed_pdfs):
    data, _, _ = seed_pdfs["000"]
    assert pypdf.PdfReader(io.BytesIO(data)).metadata["/CreationDate"].startswith("D:20231114")


def _cli(args, env=None):
    return CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": "1700000000", **(env or {})})


def test_cli_writes_pdf_and_prints_warnings(seed_paths, tmp_path):
    out = tmp_path / "b.pdf"
    r = _cli(["pdf", str(seed_paths[1]), "-o", str(out), "--marking", "内部资料"])
    assert r.exit_code == 0, r.output
    assert pages(out.read_bytes()) == 1
    yaml_path = tmp_path / "r.yaml"
    assert _cli(["ingest", str(seed_paths[0]), "-o", str(yaml_path)]).exit_code == 0
    r = _cli(["pdf", str(yaml_path), "-o", str(tmp_path / "y.pdf")])
    assert r.exit_code == 0, r.output
    assert pages((tmp_path / "y.pdf").read_bytes()) == 1


@pytest.mark.parametrize("body, words", [
    ("# {{ report.title }\n", "syntax error"),
    ("# {{ no_such_variable }}\n", "unknown variable"),
])
def test_bad_template_one_line_error_no_partial_file(seed_paths, tmp_path, body, words):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.pdf.j2").write_text(body, encoding="utf-8")
    out = tmp_path / "b.pdf"
    out.write_bytes(b"earlier")
    r = _cli(["pdf", str(seed_paths[0]), "-o", str(out), "--templates", str(tpl)])
    assert r.exit_code == 2
    err = r.output.strip().splitlines()
    assert len(err) == 1 and words in err[0] and "briefing.pdf.j2" in err[0]
    assert out.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".b.pdf")] == []


def test_unwritable_output_one_line_error(seed_paths, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = _cli(["pdf", str(seed_paths[0]), "-o", str(blocker / "b.pdf")])
    assert r.exit_code == 2
    assert len(r.output.strip().splitlines()) == 1 and "Error" in r.output
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "b.pdf").write_bytes(b"earlier")
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        r = _cli(["pdf", str(seed_paths[0]), "-o", str(ro / "b.pdf")])
        assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1
        assert (ro / "b.pdf").read_bytes() == b"earlier"
    finally:
        ro.chmod(0o700)


def test_layout_error_leaves_earlier_file(briefs, tmp_path, monkeypatch):
    """A failure while building leaves no partial file and keeps the earlier one."""
    from briefgen.renderers.pdf import fit as onepage

    out = tmp_path / "b.pdf"
    out.write_bytes(b"earlier")

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(onepage, "build", boom)
    with pytest.raises(RuntimeError):
        make_pdf(briefs["000"], out)
    assert out.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pdf"]


def test_bad_font_config_is_a_one_line_error(seed_paths, tmp_path):
    cfg = tmp_path / "briefgen.yaml"
    cfg.write_text(f"pdf:\n  font_regular: {tmp_path / 'nope.ttf'}\n", encoding="utf-8")
    r = _cli(["pdf", str(seed_paths[0]), "-o", str(tmp_path / "b.pdf"), "--config", str(cfg)])
    assert r.exit_code == 2 and "nope.ttf" in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert not (tmp_path / "b.pdf").exists()


# ---------------------------------------------------------------- fitting rules


def test_drop_plan_order():
    """Last lines of the longest groups first, then later groups, then first groups, figures last."""
    from briefgen.templating.blocks import parse
    from briefgen.renderers.pdf.page import compose, drop_plan

    sheet = compose(parse("# T\n## 数字速览\n" + "".join(f"@figure {n}个 | 标签{n}\n" for n in range(1, 7))
                          + "## 要点\n### 甲\n- a1\n- a2\n- a3\n### 乙\n- b1\n- b2\n## 下一步\n- c1\n- c2\n- c3\n"))
    steps = drop_plan(sheet)
    # groups: 0 甲 (3), 1 乙 (2), 2 下一步 (3)
    assert steps[:4] == [("item", 2), ("item", 0), ("item", 2), ("item", 1)]
    assert steps[4:8] == [("item", 0), ("group", 1), ("group", 2), ("group", 0)]
    assert steps[8:] == [("figure", 0)] * 6


def test_warning_names_what_was_left_out(briefs, tmp_path):
    data, warnings = make_pdf(briefs["002"], tmp_path / "small.pdf",
                              **{"pdf.min_font_size": 14.0, "pdf.max_font_size": 14.0})
    assert pages(data) == 1
    assert warnings and warnings[0].startswith("left out ")
    assert "下一步" in " ".join(warnings)


def test_pathological_input_still_one_page(briefs, tmp_path):
    b = copy.deepcopy(briefs["002"])
    # the selection keeps points within its budget; a template may still write one line longer than the page
    from briefgen.templating import DEFAULT_DIR
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    default = (DEFAULT_DIR / "briefing.pdf.j2").read_text(encoding="utf-8")
    (tpl / "briefing.pdf.j2").write_text(default.replace("## 要点\n", "## 要点\n### 总述\n- {{ '很长的要点' * 2000 }}\n", 1),
                                         encoding="utf-8")
    data, warnings = make_pdf(b, tmp_path / "huge-line.pdf", templates=str(tpl))
    assert pages(data) == 1
    assert any("too long for one page" in w for w in warnings)
    assert "二、服务全市工作大局" in squeeze(text_of(data))  # the rest of the page is not sacrificed

    b = copy.deepcopy(briefs["002"])
    b.report.title = "超长标题" * 700  # a header taller than the page
    data, warnings = make_pdf(b, tmp_path / "huge-title.pdf")
    assert pages(data) == 1
    assert any("scaled it down" in w for w in warnings)


def test_key_figure_count_from_config(briefs, tmp_path):
    data, _ = make_pdf(briefs["002"], tmp_path / "four.pdf", **{"pdf.key_figures": 4})
    text = squeeze(text_of(data))
    figures = build_context(briefs["002"], {"key_figures": 4})["key_figures"]
    assert len(figures) == 4 and all(f.display in text for f in figures)


def test_user_template_with_unknown_directive_warns(briefs, tmp_path, cfg):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.pdf.j2").write_text(
        "# {{ report.title }}\n@chart x | y\n## 数字速览\n{% for i in results[:7] %}@figure {{ i.display }} | {{ i.label }}\n"
        "{% endfor %}## 要点\n{% for a in areas %}- {{ a.name }}\n{% endfor %}"
        "| 指标 | 数值 |\n{% for i in results[:3] %}| {{ i.label }} | {{ i.display }} |\n{% endfor %}",
        encoding="utf-8")
    warnings = render(briefs["000"], "pdf", tmp_path / "u.pdf", config=cfg, templates=tpl)
    assert any("@chart" in w for w in warnings)
    data = (tmp_path / "u.pdf").read_bytes()
    assert pages(data) == 1
    text = squeeze(text_of(data))
    assert all(i.display in text for i in briefs["000"].indicators[:7])
    assert all(embedded(f) for f in fonts_of(data).values())
