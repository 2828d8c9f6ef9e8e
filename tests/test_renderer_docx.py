"""Word summary: Chinese fonts that really apply, GB/T 9704 page setup, real structure, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from briefgen import document
from briefgen.cli import cli
from briefgen.clock import build_datetime
from briefgen.config import load_config
from briefgen.renderers.docx.style import PRESETS, resolve
from briefgen.text.titles import title_lines
from briefgen.errors import BriefgenError, OutputError, TemplateError
from briefgen.renderers import render

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DATA = Path(__file__).resolve().parent / "data"
FONTCONFIG = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
SEEDS = ("000", "002")
PRESET_NAMES = ("official", "brief")
#: Fonts that show the default template leaked through (Japanese theme, Office latin theme fonts).
FORBIDDEN_FONTS = ("ＭＳ 明朝", "ＭＳ ゴシック", "MS Mincho", "MS Gothic", "等线", "DengXian", "Calibri", "Cambria")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def make_cfg(**overrides):
    return load_config(None, **overrides)


def render_docx(brief, tmp_path: Path, cfg=None, name: str = "summary.docx", **overrides) -> Path:
    out = tmp_path / name
    warnings = render(brief, "docx", out, config=cfg or make_cfg(**overrides))
    assert warnings == []
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, briefs):
    """{(seed, preset): path} for both seeds in both presets (built once; SOURCE_DATE_EPOCH fixed)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    d = tmp_path_factory.mktemp("docx")
    out = {}
    for sid in SEEDS:
        for preset in PRESET_NAMES:
            out[sid, preset] = render_docx(briefs[sid], d, name=f"{sid}-{preset}.docx", **{"docx.preset": preset})
        out[sid, "full"] = render_docx(briefs[sid], d, name=f"{sid}-full.docx", **{"docx.length": "full"})
    mp.undo()
    return out


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def xml(path: Path, name: str):
    return etree.fromstring(parts(path)[name])


def doc_text(path: Path) -> str:
    d = docx.Document(str(path))
    text = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            text.extend(c.text for c in row.cells)
    return "\n".join(text)


# -- East Asian font resolution: run → character style → paragraph style chain → docDefaults ------

class FontResolver:
    def __init__(self, styles_root):
        self.styles = {s.get(w("styleId")): s for s in styles_root.findall("w:style", NS)}
        self.default_para = next((sid for sid, s in self.styles.items()
                                  if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true")), None)
        rf = styles_root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
        self.doc_default = rf.get(w("eastAsia")) if rf is not None else None

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            style = self.styles[sid]
            rf = style.find("w:rPr/w:rFonts", NS)
            if rf is not None and rf.get(w("eastAsia")):
                return rf.get(w("eastAsia"))
            based = style.find("w:basedOn", NS)
            sid = based.get(w("val")) if based is not None else None
        return None

    def east_asia(self, run) -> str | None:
        rf = run.find("w:rPr/w:rFonts", NS)
        if rf is not None and rf.get(w("eastAsia")):
            return rf.get(w("eastAsia"))
        rstyle = run.find("w:rPr/w:rStyle", NS)
        if rstyle is not None and (f := self._chain(rstyle.get(w("val")))):
            return f
        p = next(a for a in run.iterancestors() if a.tag == w("p"))
        pstyle = p.find("w:pPr/w:pStyle", NS)
        f = self._chain(pstyle.get(w("val")) if pstyle is not None else self.default_para)
        if f:
            return f
        tbl = next((a for a in run.iterancestors() if a.tag == w("tbl")), None)
        if tbl is not None:
            ts = tbl.find("w:tblPr/w:tblStyle", NS)
            if ts is not None and (f := self._chain(ts.get(w("val")))):
                return f
        return self.doc_default


@pytest.mark.parametrize("sid", SEEDS)
@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_every_run_resolves_to_a_configured_chinese_font(rendered, sid, preset):
    path = rendered[sid, preset]
    style = resolve(make_cfg(**{"docx.preset": preset}))
    resolver = FontResolver(xml(path, "word/styles.xml"))
    story_parts = [n for n in parts(path) if re.fullmatch(r"word/(document|footer\d*|header\d*)\.xml", n)]
    assert "word/document.xml" in story_parts and any("footer" in n for n in story_parts)
    n_runs = 0
    for name in story_parts:
        for run in xml(path, name).iter(w("r")):
            if run.find("w:t", NS) is None:
                continue
            n_runs += 1
            font = resolver.east_asia(run)
            assert font in style.east_asian_fonts, (name, font, "".join(run.itertext()))
    assert n_runs > 20
    # every style names its East Asian font, or inherits it from docDefaults (which names one)
    assert resolver.doc_default == style.fonts["body"]
    for sid_, st in resolver.styles.items():
        for rf in st.iter(w("rFonts")):
            assert rf.get(w("eastAsia")), sid_


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_no_theme_fonts_and_chinese_language_settings(rendered, preset):
    path = rendered["002", preset]
    p = parts(path)
    for name, data in p.items():
        if name.startswith("word/") and name.endswith(".xml") and "theme" not in name:
            text = data.decode("utf-8")
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                assert attr not in text, (name, attr)
            for font in FORBIDDEN_FONTS:  # as an attribute value: a font name
                assert f'="{font}"' not in text, (name, font)
    assert "word/stylesWithEffects.xml" not in p  # carried theme fonts of its own
    styles = xml(path, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(w("val")), lang.get(w("eastAsia"))) == ("en-US", "zh-CN")
    tfl = xml(path, "word/settings.xml").find("w:themeFontLang", NS)
    assert tfl.get(w("eastAsia")) == "zh-CN"
    # kinsoku (避头尾) stays on: nothing switches it off
    for name in ("word/styles.xml", "word/document.xml"):
        assert b'w:kinsoku w:val="0"' not in p[name] and b"w:kinsoku w:val=\"false\"" not in p[name]
    # font table hints for names Word may lack (仿宋_GB2312 → 仿宋, GB2312 charset)
    fonts = {f.get(w("name")): f for f in xml(path, "word/fontTable.xml").findall("w:font", NS)}
    style = resolve(make_cfg(**{"docx.preset": preset}))
    assert style.east_asian_fonts <= set(fonts)
    if preset == "official":
        alt = fonts["仿宋_GB2312"].find("w:altName", NS).get(w("val"))
        assert alt == "仿宋"
        assert fonts["仿宋_GB2312"].find("w:charset", NS).get(w("val")) == "86"


def _mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_a4_and_margins_match_the_preset(rendered, preset):
    sect = xml(rendered["000", preset], "word/document.xml").find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert abs(int(size.get(w("w"))) - 11906) <= 1 and abs(int(size.get(w("h"))) - 16838) <= 1
    mar = sect.find("w:pgMar", NS)
    for side, mm in PRESETS[preset]["margins"].items():
        assert abs(int(mar.get(w(side))) - _mm_to_twips(mm)) <= 1, side
    if preset == "official":  # GB/T 9704 numbers, spelled out
        assert [round(int(mar.get(w(s))) / 1440 * 25.4) for s in ("top", "bottom", "left", "right")] == [37, 35, 28, 26]


def _style(root, sid):
    return root.find(f"w:style[@w:styleId='{sid}']", NS)


def _val(el, path, attr="val"):
    found = el.find(path, NS)
    return None if found is None else found.get(w(attr))


def test_official_typography(rendered):
    st = xml(rendered["000", "official"], "word/styles.xml")
    normal, title = _style(st, "Normal"), _style(st, "Title")
    assert _val(title, "w:rPr/w:rFonts", "eastAsia") == "方正小标宋简体" and _val(title, "w:rPr/w:sz") == "44"
    assert _val(normal, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312" and _val(normal, "w:rPr/w:sz") == "32"
    assert _val(normal, "w:pPr/w:spacing", "line") == "579" and _val(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert _val(normal, "w:pPr/w:ind", "firstLine") == "640"  # 2 characters at 16 pt
    assert _val(_style(st, "Heading1"), "w:rPr/w:rFonts", "eastAsia") == "黑体"
    assert _val(_style(st, "Heading2"), "w:rPr/w:rFonts", "eastAsia") == "楷体_GB2312"
    h3 = _style(st, "Heading3")
    assert _val(h3, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert _val(h3, "w:rPr/w:b") == "0"  # GB/T 9704: plain 仿宋 unless docx.bold_level3
    for level, sid in enumerate(("Heading1", "Heading2", "Heading3")):
        assert _val(_style(st, sid), "w:pPr/w:outlineLvl") == str(level)
        assert _style(st, sid).find("w:rPr/w:color", NS) is None  # no blue template headings


def test_page_numbers_are_dash_page_dash_in_4hao_songti(rendered):
    p = parts(rendered["000", "official"])
    footers = [etree.fromstring(v) for k, v in p.items() if re.fullmatch(r"word/footer\d*\.xml", k)]
    assert len(footers) == 2  # odd pages right, even pages left (GB/T 9704 §7.5)
    assert b"<w:evenAndOddHeaders/>" in p["word/settings.xml"]
    jcs = set()
    for f in footers:
        para = f.find("w:p", NS)
        jcs.add(_val(para, "w:pPr/w:jc"))
        assert [t.text for t in para.iter(w("instrText"))] == [" PAGE "]
        texts = "".join(t.text for t in para.iter(w("t")))
        assert texts == "— 1 —"
        for r in para.iter(w("r")):
            assert _val(r, "w:rPr/w:rFonts", "eastAsia") == "宋体" and _val(r, "w:rPr/w:rFonts", "ascii") == "宋体"
    assert jcs == {"left", "right"}
    footer_style = _style(xml(rendered["000", "official"], "word/styles.xml"), "Footer")
    assert _val(footer_style, "w:rPr/w:sz") == "28"  # 4号 = 14 pt


def test_brief_preset_is_compact_stock_windows(rendered):
    st = xml(rendered["002", "brief"], "word/styles.xml")
    fonts = {_val(s, "w:rPr/w:rFonts", "eastAsia") for s in st.findall("w:style", NS)} - {None}
    assert fonts <= {"宋体", "黑体", "楷体", "仿宋"}
    assert float(_val(_style(st, "Normal"), "w:rPr/w:sz")) / 2 <= 12


def test_every_required_gold_indicator_appears(rendered):
    for sid in SEEDS:
        gold = yaml.safe_load((DATA / f"indicators-{sid}.yaml").read_text(encoding="utf-8"))
        required = [i["text"] for i in gold["indicators"] if i.get("required")]
        assert required
        for preset in ("full",):  # the long form keeps every figure; the summary chooses (test_briefing.py)
            text = doc_text(rendered[sid, preset])
            missing = [t for t in required if t not in text]
            assert not missing, (sid, preset, missing)


@pytest.mark.parametrize("sid", SEEDS)
def test_indicator_table_is_real_and_figures_match_the_model(rendered, briefs, sid):
    path = rendered[sid, "full"]
    d = docx.Document(str(path))
    assert len(d.tables) == 1
    table = d.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "指标", "数值", "类别"]
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    inds = briefs[sid].indicators
    assert [r[2] for r in body] == [i.display for i in inds]  # the figure as the source writes it
    assert [r[1] for r in body] == [i.label for i in inds]
    assert {r[3] for r in body} <= {"完成", "目标", "基数"}
    tbl = table._tbl
    assert tbl.find("w:tr/w:trPr/w:tblHeader", NS) is not None  # header repeats on every page
    assert _val(tbl, "w:tblPr/w:tblLayout", "type") == "fixed"
    text_width = (210 - 28 - 26) / 25.4 * 1440
    grid = [int(g.get(w("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert abs(sum(grid) - text_width) < 30 and min(grid) >= 500
    # table text: the body font at a smaller size
    st = xml(path, "word/styles.xml")
    tt = _style(st, "BriefgenTableText")
    assert _val(tt, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312" and int(_val(tt, "w:rPr/w:sz")) < 32


def test_headings_use_word_heading_styles(rendered, briefs):
    d = docx.Document(str(rendered["002", "official"]))
    by_style: dict[str, list[str]] = {}
    for p in d.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Heading 1"] == ["一、总体情况", "二、主要成绩", "三、下一步重点"]
    full: dict[str, list[str]] = {}
    for p in docx.Document(str(rendered["002", "full"])).paragraphs:
        full.setdefault(p.style.name, []).append(p.text)
    assert full["Heading 1"][:2] == ["一、核心要点", "二、关键指标"]  # --length full: the long form
    assert full["Heading 1"][-1] == "五、下一步重点"
    assert full["Heading 2"][0].startswith("（一）")
    assert full["Heading 3"][0].startswith("1. ")
    assert len(by_style["Title"]) == 1
    assert re.sub(r"\s", "", by_style["Title"][0]) == re.sub(r"\s", "", briefs["002"].report.title)
    assert by_style["Subtitle"][0] == "北京市总工会第十四届委员会第五次全体会议工作报告解读"
    colophon = "\n".join(by_style["Colophon"])
    assert "002_844e24db9a45d4c4.txt" in colophon and "北京市总工会" in colophon  # who issued it, which file
    assert "7238955eadfc" not in colophon and "briefgen" not in colophon  # no hash or tool name for a leader


def test_title_lines_break_at_phrases():
    assert title_lines("坚守初心使命 勇于担当作为 为夺取疫情防控和经济社会发展双胜利贡献工会力量", 20) == [
        "坚守初心使命 勇于担当作为", "为夺取疫情防控和经济社会发展双胜利", "贡献工会力量"]
    assert title_lines("短标题", 20) == ["短标题"]
    for line in title_lines("关于2024年全市工会经济工作情况和2025年主要任务安排的报告", 16):
        assert not re.search(r"^\d|\d$", line)  # numbers never split


def test_document_properties(briefs, tmp_path):
    cfg = make_cfg(author="市总工会办公室", organisation="北京市总工会")
    d = docx.Document(str(render_docx(briefs["000"], tmp_path, cfg=cfg)))
    cp = d.core_properties
    assert cp.title == briefs["000"].report.title
    assert cp.subject == briefs["000"].report.subtitle
    assert cp.author == "市总工会办公室"
    when = build_datetime().replace(tzinfo=None)
    assert cp.created.replace(tzinfo=None) == when == dt.datetime(2023, 11, 14, 22, 13, 20)
    assert cp.modified.replace(tzinfo=None) == when
    app = parts(tmp_path / "summary.docx")["docProps/app.xml"].decode("utf-8")
    assert "<Company>北京市总工会</Company>" in app


def test_marking_top_left_in_heiti(briefs, tmp_path):
    d = docx.Document(str(render_docx(briefs["002"], tmp_path, marking="内部资料")))
    first = d.paragraphs[0]
    assert first.text == "内部资料" and first.style.name == "Marking"
    assert first.runs[0]._r.rPr.rFonts.get(w("eastAsia")) == "黑体"
    assert d.paragraphs[1].style.name == "Title"
    d2 = docx.Document(str(render_docx(briefs["002"], tmp_path, name="plain.docx")))
    assert d2.paragraphs[0].style.name == "Title"


def test_font_overrides_and_bold_level3(briefs, tmp_path):
    out = render_docx(briefs["002"], tmp_path, **{"docx.fonts.body": "仿宋", "docx.fonts.title": "方正小标宋_GBK",
                                                    "docx.fonts.latin": "Arial", "docx.bold_level3": True})
    st = xml(out, "word/styles.xml")
    assert _val(_style(st, "Normal"), "w:rPr/w:rFonts", "eastAsia") == "仿宋"
    assert _val(_style(st, "Normal"), "w:rPr/w:rFonts", "ascii") == "Arial"
    assert _val(_style(st, "Title"), "w:rPr/w:rFonts", "eastAsia") == "方正小标宋_GBK"
    h3 = _style(st, "Heading3")
    assert h3.find("w:rPr/w:b", NS) is not None and _val(h3, "w:rPr/w:b") is None  # <w:b/> = bold
    body = [p for p in xml(out, "word/document.xml").iter(w("p")) if p.find("w:pPr/w:pStyle", NS) is None]
    fonts = {_val(r, "w:rPr/w:rFonts", "eastAsia") for p in body for r in p.iter(w("r"))}
    assert fonts == {"仿宋"}


def test_two_runs_give_identical_bytes(briefs, tmp_path):
    a = render_docx(briefs["000"], tmp_path, name="a.docx").read_bytes()
    b = render_docx(briefs["000"], tmp_path, name="b.docx").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}  # SOURCE_DATE_EPOCH=1700000000


def test_source_date_epoch_changes_the_stamp(briefs, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # 2024-01-01
    path = render_docx(briefs["000"], tmp_path)
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 1, 1, 0, 0, 0)}
    assert docx.Document(str(path)).core_properties.created.year == 2024
    assert "2024年1月1日" in doc_text(path)


# -- LibreOffice -----------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; "
                    "CI installs libreoffice-writer-nogui to check the docx converts")
@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_libreoffice_converts_to_pdf(rendered, preset, tmp_path):
    src = rendered["002", preset]
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTCONFIG), HOME=str(tmp_path))
    cmd = ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
           "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)
    pdf = tmp_path / (src.stem + ".pdf")
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 2
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        flat = re.sub(r"\s", "", text)  # pdftotext puts spaces between CJK and digits
        assert "—1—" in flat and "—2—" in flat  # page numbers
        assert "一、总体情况" in flat and "1.07亿元" in flat and "三、下一步重点" in flat and "600万人次" in flat
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)


# -- bad input -------------------------------------------------------------------------------------

@pytest.fixture
def model_yaml(briefs, tmp_path) -> Path:
    return document.save(briefs["002"], tmp_path / "report.yaml")


@pytest.mark.parametrize("body, words", [
    ("# {{ report.title }\n", "template syntax error"),
    ("# {{ report.title }}\n{% for x in nosuch_variable %}{{ x }}{% endfor %}\n", "unknown variable"),
])
def test_bad_template_is_one_line_error_and_keeps_earlier_file(model_yaml, tmp_path, body, words):
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "summary.docx.j2").write_text(body, encoding="utf-8")
    with pytest.raises(TemplateError):  # a BriefgenError subclass: one line, exit 2
        render(document.load(model_yaml), "docx", tmp_path / "x.docx", config=make_cfg(), templates=tdir)
    out = tmp_path / "summary.docx"
    out.write_bytes(b"earlier")
    r = CliRunner().invoke(cli, ["docx", str(model_yaml), "--templates", str(tdir), "-o", str(out)])
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0]
    assert "summary.docx.j2:" in lines[0]
    assert out.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.yaml", "summary.docx", "tpl"]


def test_output_inside_a_file_is_one_line_error(model_yaml, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    for target in (blocker / "summary.docx", blocker / "sub" / "summary.docx"):
        r = CliRunner().invoke(cli, ["docx", str(model_yaml), "-o", str(target)])
        assert r.exit_code == 2, r.output
        assert len(r.output.strip().splitlines()) == 1 and "Error: " in r.output
    assert blocker.read_text() == "x"


def test_output_path_that_is_a_directory(model_yaml, tmp_path, briefs):
    target = tmp_path / "out.docx"
    target.mkdir()
    with pytest.raises(OutputError):
        render(briefs["002"], "docx", target, config=make_cfg())
    r = CliRunner().invoke(cli, ["docx", str(model_yaml), "-o", str(target)])
    assert r.exit_code == 2 and "is a directory" in r.output  # Click's own check of -o
    assert list(target.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_read_only_directory_keeps_earlier_file(model_yaml, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    out = ro / "summary.docx"
    out.write_bytes(b"earlier")
    ro.chmod(0o555)
    try:
        probe = ro / ".probe"
        try:
            probe.write_text("x")
            probe.unlink()
            pytest.skip("running with privileges that ignore directory permissions (root)")
        except PermissionError:
            pass
        r = CliRunner().invoke(cli, ["docx", str(model_yaml), "-o", str(out)])
        assert r.exit_code == 2, r.output
        assert len(r.output.strip().splitlines()) == 1 and "Error: " in r.output
        assert out.read_bytes() == b"earlier"
        assert sorted(p.name for p in ro.iterdir()) == ["summary.docx"]
    finally:
        ro.chmod(0o755)


def test_unwritable_directory_even_as_root(model_yaml, tmp_path, monkeypatch):
    """The same failure as a read-only directory, simulated so it also runs where root ignores modes."""
    import briefgen.fsutil as fsutil

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    out = tmp_path / "summary.docx"
    out.write_bytes(b"earlier")
    monkeypatch.setattr(fsutil.tempfile, "mkstemp", denied)
    r = CliRunner().invoke(cli, ["docx", str(model_yaml), "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert r.output.strip().splitlines() == [r.output.strip()] and "Permission denied" in r.output
    assert out.read_bytes() == b"earlier"


def test_model_with_schema_errors_is_rejected_before_rendering(model_yaml, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(model_yaml.read_text(encoding="utf-8").replace("kind: result", "kind: resultt", 1),
                   encoding="utf-8")
    out = tmp_path / "summary.docx"
    r = CliRunner().invoke(cli, ["docx", str(bad), "-o", str(out)])
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1, r.output
    assert not out.exists()


def test_cli_writes_docx(model_yaml, tmp_path):
    out = tmp_path / "s.docx"
    r = CliRunner().invoke(cli, ["docx", str(model_yaml), "-o", str(out), "--preset", "brief"])
    assert r.exit_code == 0, r.output
    assert str(out) in r.output
    sect = xml(out, "word/document.xml").find(".//w:body/w:sectPr/w:pgMar", NS)
    assert int(sect.get(w("top"))) == _mm_to_twips(PRESETS["brief"]["margins"]["top"])


def test_unknown_directive_is_a_warning(briefs, tmp_path):
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "summary.docx.j2").write_text("# {{ report.title }}\n@figure a | b\n正文\n", encoding="utf-8")
    warnings = render(briefs["002"], "docx", tmp_path / "x.docx", config=make_cfg(), templates=tdir)
    assert len(warnings) == 1 and "@figure" in warnings[0]
    assert issubclass(TemplateError, BriefgenError)


def test_minimal_model_renders(tmp_path):
    from briefgen.model import Brief, Report, Source

    brief = Brief(report=Report(id="x", title="只有标题的报告", source=Source("x.txt", "0" * 64)))
    out = render_docx(brief, tmp_path)
    d = docx.Document(str(out))
    assert [p.style.name for p in d.paragraphs] == ["Title", "Colophon", "Colophon"]
    assert d.tables == []
