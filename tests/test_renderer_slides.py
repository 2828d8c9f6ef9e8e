"""`briefgen slides`: Markdown deck and .pptx from one template — structure, CJK fonts, budgets,
figures from the source, reproducible bytes, LibreOffice conversion, and bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from briefgen import document
from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.renderers import render
from briefgen.renderers.slides.pptx import parse_deck
from briefgen.selection.labels import is_incidental
from briefgen.text.figures import has_figure

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
NUM = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?")
CONT = "（续）"


def _render(brief, tmp_path: Path, fmt: str, name: str, **overrides) -> Path:
    cfg = load_config(None, **overrides)
    out = tmp_path / name
    render(brief, fmt, out, config=cfg)
    return out


@pytest.fixture
def decks(briefs, tmp_path):
    """{seed: (markdown text, pptx path)}."""
    out = {}
    for seed, brief in briefs.items():
        md = _render(brief, tmp_path, "slides", f"{seed}.md").read_text(encoding="utf-8")
        pptx = _render(brief, tmp_path, "pptx", f"{seed}.pptx")
        out[seed] = (md, pptx)
    return out


def _pptx_slides(path: Path):
    from pptx import Presentation

    return Presentation(str(path))


def _slide_titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text.replace("\v", " ") if s.shapes.title is not None else "" for s in prs.slides]


def _bullets(slide) -> list[str]:
    out = []
    for ph in slide.placeholders:
        if ph.placeholder_format.idx not in (0,) and int(ph.placeholder_format.type) in (2, 7):
            out.extend(p.text for p in ph.text_frame.paragraphs if p.text)
    return out


def _area_sequence(titles: list[str], areas) -> None:
    """Every area's name is in some slide title, the areas in the report's order."""
    first = []
    for a in areas:
        hits = [n for n, t in enumerate(titles) if a.name in t]
        assert hits, f"{a.name} has no slide"
        first.append(hits[0])
    assert first == sorted(first)


def _area_specs(specs, area):
    return [s for s in specs if area.name in s.title_text]


# -- structure -------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", ["000", "002"])
def test_deck_order_title_agenda_figures_areas_closing(decks, briefs, seed):
    from briefgen.selection.context import build_context

    ctx = build_context(briefs[seed])
    areas = ctx["areas"]
    assert areas, "seed has keyword areas"
    md, pptx = decks[seed]
    specs = parse_deck(md)
    assert specs[0].kind == "title" and specs[0].title_text == briefs[seed].report.title
    assert [s.layout for s in specs[1:3]] == ["agenda", "figures"]
    assert specs[-1].layout == "closing" and specs[-1].kind == "title"
    assert [p.text for p in specs[1].paras] == ["数字速览"] + [a.name for a in areas]
    _area_sequence([s.title_text for s in specs[3:-1]], areas)
    prs = _pptx_slides(pptx)
    titles = _slide_titles(prs)
    assert len(titles) == len(specs)
    assert titles[0].replace(" ", "") == briefs[seed].report.title.replace(" ", "")
    _area_sequence(titles[3:-1], areas)
    # the title slide carries subtitle, organisation and the report's date — never the build date
    cover = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert briefs[seed].report.subtitle in cover
    assert ctx["organisation"] in cover
    r = briefs[seed].report
    if r.date_text or r.date:
        assert re.search(r"\d+月\d+日", cover)
    else:
        assert not re.search(r"\d+月\d+日", cover)


def test_results_and_next_steps_kept_apart(decks, briefs):
    """Target figures only under 下一步 (a column or a slide), result figures never there."""
    from briefgen.selection.slides import NEXT, RESULTS

    for seed, (md, _) in decks.items():
        placed = {"next": "", "results": ""}
        for s in parse_deck(md):
            if s.layout == "columns":
                for head, paras in s.columns:
                    assert head in (RESULTS, NEXT)
                    placed["next" if head == NEXT else "results"] += "\n".join(p.text for p in paras)
            elif s.title_text.split("（")[0].endswith("：" + NEXT):
                placed["next"] += "\n".join(p.text for p in s.paras)
            elif s.title_text.split("（")[0].endswith("：" + RESULTS):
                placed["results"] += "\n".join(p.text for p in s.paras)
        assert placed["next"] and placed["results"]
        for ind in briefs[seed].indicators:
            if ind.kind == "target":
                # a figure, not a substring of a longer one (4家 in 5984家)
                assert not has_figure(placed["results"], ind.text) or has_figure(placed["next"], ind.text), ind.display
            elif ind.kind == "result" and has_figure(placed["next"], ind.text):
                assert has_figure(placed["results"], ind.text), f"{seed}: result {ind.display} under 下一步"


def test_seed_000_shows_its_five_keyword_areas(decks):
    md, _ = decks["000"]
    titles = " ".join(s.title_text for s in parse_deck(md)[3:-1])
    for head in ("学习贯彻", "推进产业", "推动非公", "履行维权", "加强工会"):
        assert head in titles


def test_no_nearly_empty_slide_and_budgets(decks, cfg):
    """At least three bullets on every slide but title, agenda and closing; none beyond the budget."""
    from briefgen.selection.slides import NEXT, RESULTS

    max_chars = cfg.slides.max_chars
    max_bullets = cfg.slides.max_bullets
    for seed, (md, pptx) in decks.items():
        specs = parse_deck(md)
        for spec in specs:
            if spec.kind == "title" or spec.layout == "agenda":
                continue
            top = [p for p in spec.paras if p.level == 0 and p.bullet]
            assert 3 <= len(top), f"{seed}: {spec.title_text} has {len(top)} bullets"
            if spec.layout == "figures":
                continue
            assert len(top) <= max_bullets + 2, spec.title_text
            assert not spec.paras[0].text.startswith("其中"), "a 其中 bullet is kept with the one it qualifies"
            for p in spec.paras:
                assert len(p.text) <= max_chars, p.text
        prs = _pptx_slides(pptx)
        for slide, spec in zip(prs.slides, specs):
            if spec.kind == "title" or spec.layout == "agenda":
                continue
            bl = [b for b in _bullets(slide) if b not in (RESULTS, NEXT)]
            assert len(bl) >= 3, (seed, spec.title_text, bl)


def test_figures_in_bullets_come_from_the_source(decks, briefs):
    for seed, (md, pptx) in decks.items():
        text = briefs[seed].text
        bullets = [p.text for s in parse_deck(md) for p in s.paras if p.bullet]
        bullets += [b for s in list(_pptx_slides(pptx).slides)[1:] for b in _bullets(s)]
        assert bullets
        for b in bullets:
            for n in NUM.findall(b):
                assert n in text, f"{seed}: {n!r} in bullet {b!r} is not in the report"


def test_every_indicator_of_an_area_is_on_its_slides(decks, briefs):
    from briefgen.selection.context import build_context

    for seed, (md, _) in decks.items():
        specs = parse_deck(md)[1:]
        for area in build_context(briefs[seed])["areas"]:
            text = "\n".join(p.text for s in _area_specs(specs, area) for p in s.paras)
            for ind in area.indicators:
                if not is_incidental(ind):  # 会同…等4家单位: a count in passing makes no bullet
                    assert ind.text in text, f"{seed} {area.name}: {ind.display} missing"
            for point in area.points:
                assert point.rstrip("。")[:10] in text


def test_notes_carry_the_source_sentences(decks, briefs):
    from briefgen.selection.context import build_context

    for seed, (md, pptx) in decks.items():
        specs = parse_deck(md)
        for area in build_context(briefs[seed])["areas"]:
            all_notes = [n for s in _area_specs(specs, area) for n in s.notes]
            for ind in area.indicators:
                if not is_incidental(ind):
                    assert ind.sentence in all_notes, f"{seed}: notes lack {ind.sentence!r}"
        prs = _pptx_slides(pptx)
        for slide, spec in zip(prs.slides, specs):
            if spec.notes:
                assert slide.has_notes_slide
                assert slide.notes_slide.notes_text_frame.text.split("\n") == spec.notes


# -- pptx specifics ------------------------------------------------------------------------------

def test_slide_size_is_16_9(decks):
    for _, pptx in decks.values():
        prs = _pptx_slides(pptx)
        assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)


def _text_parts(pptx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pptx) as z:
        return {n: z.read(n) for n in z.namelist()
                if re.match(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml$", n)}


def test_every_run_has_east_asian_font_and_zh_cn(decks, cfg):
    font = cfg.slides.font
    for seed, (_, pptx) in decks.items():
        parts = _text_parts(pptx)
        assert any("notesSlide" in n for n in parts)
        n_runs = 0
        for name, xml in parts.items():
            root = etree.fromstring(xml)
            for rpr in root.iter(f"{{{A}}}rPr", f"{{{A}}}endParaRPr"):
                assert rpr.get("lang") == "zh-CN", name
                ea = rpr.find("a:ea", NS)
                assert ea is not None and ea.get("typeface") == font, name
                kids = [etree.QName(c).localname for c in rpr if etree.QName(c).localname in ("latin", "ea", "cs")]
                assert kids == ["latin", "ea", "cs"], "schema order a:latin, a:ea, a:cs"
            for r in root.iter(f"{{{A}}}r"):
                n_runs += 1
                assert r.find("a:rPr", NS) is not None, name
            for p in root.iter(f"{{{A}}}p"):
                assert p.find("a:endParaRPr", NS) is not None
        assert n_runs > 20


def test_theme_east_asian_slot_filled_and_no_autofit(decks, cfg):
    font = cfg.slides.font
    _, pptx = decks["000"]
    with zipfile.ZipFile(pptx) as z:
        themes = [n for n in z.namelist() if n.startswith("ppt/theme/")]
        for n in themes:
            root = etree.fromstring(z.read(n))
            for ea in root.iter(f"{{{A}}}ea"):
                if ea.getparent().tag in (f"{{{A}}}majorFont", f"{{{A}}}minorFont"):
                    assert ea.get("typeface") == font
        for name, xml in _text_parts(pptx).items():
            if "slides/" in name:
                root = etree.fromstring(xml)
                assert root.find(".//a:normAutofit", NS) is None
                assert root.find(".//a:spAutoFit", NS) is None


def test_core_properties_from_build_time(decks, briefs):
    prs = _pptx_slides(decks["000"][1])
    cp = prs.core_properties
    assert cp.title == briefs["000"].report.title
    assert cp.created.year == 2023 and cp.created == cp.modified  # SOURCE_DATE_EPOCH=1700000000
    with zipfile.ZipFile(decks["000"][1]) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_two_renders_are_byte_identical(briefs, tmp_path):
    for fmt, suffix in (("slides", ".md"), ("pptx", ".pptx")):
        a = _render(briefs["002"], tmp_path, fmt, "a" + suffix).read_bytes()
        b = _render(briefs["002"], tmp_path, fmt, "b" + suffix).read_bytes()
        assert a == b, fmt


def test_long_text_shrinks_then_continues_on_a_new_slide(briefs, tmp_path):
    """A template putting whole source sentences on the slides: the pptx computes the size, shrinks
    to the floor and continues on "（续）" slides rather than overflow the placeholder."""
    from briefgen.renderers.slides import pptx as R

    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "slides.md.j2").write_text(
        "# {{ report.title }}\n{% for s in slides %}\n---\n\n## {{ s.title }}\n\n"
        "{% for n in s.notes %}\n- {{ n }}\n{% endfor %}\n{% endfor %}\n", encoding="utf-8")
    out = _render(briefs["002"], tmp_path, "pptx", "long.pptx", templates=str(tpl))
    prs = _pptx_slides(out)
    titles = _slide_titles(prs)
    assert any(t.endswith(CONT) for t in titles)
    body_sizes = set()
    for slide in list(prs.slides)[1:]:
        body = [ph for ph in slide.placeholders if ph.placeholder_format.idx == 1][0]
        paras = [p for p in body.text_frame.paragraphs if p.text]
        sizes = {r.font.size.pt for p in paras for r in p.runs}
        assert len(sizes) == 1
        size = sizes.pop()
        body_sizes.add(size)
        assert R.BODY[1] <= size < R.BODY[0]
        box = R.Box((body.width - 2 * 91440) / 12700, (body.height - 2 * 45720) / 12700, 27.0)
        assert R.paras_height([(p.text, 27.0) for p in paras], box, size, True) <= box.height
        assert body.text_frame.auto_size == 0  # MSO_AUTO_SIZE.NONE: no autofit
    assert len(body_sizes) == 1  # one body size across the deck


def test_fit_helpers():
    from briefgen.renderers.slides import pptx as R

    assert R.count_lines("一" * 10, 10) == 1
    assert R.count_lines("一" * 11, 10) == 2
    # a number is never broken across lines in the estimate
    assert R.count_lines("一" * 8 + "1234.56", 10) == 2
    box = R.Box(400, 60)  # one line of ≤ 40 pt fits the height, two lines only below 23 pt
    assert R.fit_size([("一" * 10, 0)], box, 40, 18, False) == int(400 * R.FILL / 10)
    assert R.fit_size([("一" * 200, 0)], box, 40, 18, False) is None


# -- Markdown ---------------------------------------------------------------------------------------

def test_markdown_structure(decks):
    for md, _ in decks.values():
        assert md.startswith("---\nmarp: true\n")
        body = md.split("---\n", 2)[2]  # after the front matter
        chunks = re.split(r"\n\n---\n\n", body)
        assert len(chunks) == len(parse_deck(md))
        assert chunks[0].count("\n# ") + chunks[0].startswith("# ") + ("\n# " in "\n" + chunks[0]) >= 1
        assert re.search(r"^# ", chunks[-1], re.M)  # the closing slide
        for chunk in chunks[1:-1]:
            assert len(re.findall(r"^## ", chunk, re.M)) == 1
            assert chunk.count("<!--") == chunk.count("-->")


def test_markdown_is_commonmark(decks):
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py not installed (optional)")
    md_parser = markdown_it.MarkdownIt("commonmark")
    for md, _ in decks.values():
        body = md.split("---\n", 2)[2]
        tokens = md_parser.parse(body)
        n = len(parse_deck(md))
        assert sum(t.type == "hr" for t in tokens) == n - 1
        assert sum(t.type == "heading_open" and t.tag == "h1" for t in tokens) == 2  # title and closing
        assert sum(t.type == "heading_open" and t.tag == "h2" for t in tokens) == n - 2
        html = md_parser.render(body)
        assert "<strong>" in html and "**" not in html


def test_edited_template_drives_the_pptx(briefs, tmp_path):
    """Staff edit one template: a plain paragraph and a sub-bullet added there reach the .pptx."""
    from briefgen.templating import DEFAULT_DIR

    tpl = tmp_path / "tpl"
    tpl.mkdir()
    src = (DEFAULT_DIR / "slides.md.j2").read_text(encoding="utf-8")
    src = src.replace("{% else %}\n{% for b in s.bullets %}\n- {{ b.markup }}\n",
                      "{% else %}\n{% for b in s.bullets %}\n- {{ b.markup }}\n  - 子项\n", 1)
    src = src.replace("## {{ s.title }}\n", "## {{ s.title }}\n\n第{{ s.part }}页说明\n", 1)
    (tpl / "slides.md.j2").write_text(src, encoding="utf-8")
    out = _render(briefs["002"], tmp_path, "pptx", "edited.pptx", templates=str(tpl))
    prs = _pptx_slides(out)
    body = [ph for ph in prs.slides[3].placeholders if ph.placeholder_format.idx == 1][0]
    paras = body.text_frame.paragraphs
    assert paras[0].text == "第1页说明"
    assert paras[2].text == "子项" and paras[2].level == 1


# -- templates -------------------------------------------------------------------------------------

def _template_deck(path: Path, *, wide: bool = True, usable: bool = True, idx_zero: bool = False) -> Path:
    from pptx import Presentation

    prs = Presentation()
    if wide:
        prs.slide_width, prs.slide_height = 12192000, 6858000
    for layout in prs.slide_layouts:
        if not usable:
            for ph in list(layout.placeholders):
                if int(ph.placeholder_format.type) in (2, 7):
                    ph._element.getparent().remove(ph._element)
        if idx_zero:  # as LibreOffice writes layouts: every placeholder idx 0
            for el in layout._element.iter(f"{{{P}}}ph"):
                if el.get("idx") is not None:
                    el.set("idx", "0")
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "模板自带的幻灯片"
    prs.save(str(path))
    return path


def test_user_template_deck(briefs, tmp_path):
    tpl = _template_deck(tmp_path / "house.pptx")
    out = _render(briefs["000"], tmp_path, "pptx", "house-out.pptx", **{"slides.pptx_template": str(tpl)})
    prs = _pptx_slides(out)
    titles = _slide_titles(prs)
    assert "模板自带的幻灯片" not in titles  # the template's own slides are dropped
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert prs.slides[1].slide_layout.name == "Title and Content"


def test_template_with_idx_zero_placeholders(briefs, tmp_path):
    """Placeholders matched to the layout by position, not idx: the body keeps the body's geometry."""
    tpl = _template_deck(tmp_path / "lo.pptx", idx_zero=True)
    out = _render(briefs["000"], tmp_path, "pptx", "lo-out.pptx", **{"slides.pptx_template": str(tpl)})
    prs = _pptx_slides(out)
    for slide in list(prs.slides)[1:-1]:
        layout_bodies = [ph for ph in slide.slide_layout.placeholders if int(ph.placeholder_format.type) == 7]
        bodies = [sh for sh in slide.shapes if sh.is_placeholder and int(sh.placeholder_format.type) == 7]
        assert (bodies[0].top, bodies[0].height) == (layout_bodies[0].top, layout_bodies[0].height)
        if slide.slide_layout.name == "Title and Content":
            assert bodies[0].text_frame.paragraphs[0].runs[0].font.size.pt >= 24


def test_four_by_three_template_is_stretched_with_a_warning(briefs, tmp_path):
    tpl = _template_deck(tmp_path / "old.pptx", wide=False)
    warnings = render(briefs["000"], "pptx", tmp_path / "o.pptx", config=load_config(None, **{"slides.pptx_template": str(tpl)}))
    assert any("16:9" in w for w in warnings)
    prs = _pptx_slides(tmp_path / "o.pptx")
    assert prs.slide_width == 12192000
    assert prs.slide_layouts[1].placeholders[1].width > 8229600  # stretched with the slide


# -- CLI: bad input ----------------------------------------------------------------------------------

@pytest.fixture
def model(briefs, tmp_path) -> Path:
    return document.save(briefs["000"], tmp_path / "report.yaml")


def _cli(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def _one_line_error(r) -> str:
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
    assert "Traceback" not in r.output
    return lines[0]


@pytest.mark.parametrize("flag, suffix", [(None, ".md"), ("--pptx", ".pptx")])
@pytest.mark.parametrize("body, expect", [
    ("## {{ no_such_thing }}\n", "unknown variable"),
    ("{% for s in slides %}\n## {{ s.title }\n{% endfor %}\n", "syntax error"),
])
def test_bad_template_one_line_error_and_earlier_file_kept(model, tmp_path, flag, suffix, body, expect):
    out = tmp_path / f"deck{suffix}"
    r = _cli("slides", model, "-o", out, *( [flag] if flag else []))
    assert r.exit_code == 0, r.output
    before = out.read_bytes()
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "slides.md.j2").write_text(body, encoding="utf-8")
    r = _cli("slides", model, "-o", out, "--templates", tpl, *([flag] if flag else []))
    line = _one_line_error(r)
    assert expect in line and "slides.md.j2" in line
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".deck")] == []  # no partial file


@pytest.mark.parametrize("flag", [None, "--pptx"])
def test_unwritable_output_path(model, tmp_path, flag):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = _cli("slides", model, "-o", blocker / "deck.out", *([flag] if flag else []))
    line = _one_line_error(r)
    assert "not a directory" in line
    assert blocker.read_text() == "x"


def test_bad_pptx_templates(model, tmp_path):
    r = _cli("slides", model, "--pptx", "-o", tmp_path / "a.pptx", "--pptx-template", tmp_path / "missing.pptx")
    assert "not found" in _one_line_error(r)
    junk = tmp_path / "junk.pptx"
    junk.write_text("not a zip")
    r = _cli("slides", model, "--pptx", "-o", tmp_path / "a.pptx", "--pptx-template", junk)
    assert "not a usable PowerPoint" in _one_line_error(r)
    useless = _template_deck(tmp_path / "useless.pptx", usable=False)
    r = _cli("slides", model, "--pptx", "-o", tmp_path / "a.pptx", "--pptx-template", useless)
    assert "no slide layout with a title and a text placeholder" in _one_line_error(r)
    assert not (tmp_path / "a.pptx").exists()


def test_both_writes_md_and_pptx(model, tmp_path):
    r = _cli("slides", model, "--both", "-o", tmp_path / "out" / "deck")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "deck.md").is_file() and (tmp_path / "out" / "deck.pptx").is_file()


# -- LibreOffice -------------------------------------------------------------------------------------

def test_libreoffice_converts_the_pptx(decks, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) not installed; CI installs libreoffice-impress-nogui")
    from pypdf import PdfReader

    outdir = tmp_path / "pdf"
    files = [str(pptx) for _, pptx in decks.values()]
    res = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                          "--convert-to", "pdf", "--outdir", str(outdir), *files],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    for _, pptx in decks.values():
        pdf = outdir / (pptx.stem + ".pdf")
        assert pdf.is_file(), res.stdout + res.stderr
        reader = PdfReader(str(pdf))
        assert len(reader.pages) == len(_pptx_slides(pptx).slides)
        page = reader.pages[1]
        assert abs(float(page.mediabox.width) / float(page.mediabox.height) - 16 / 9) < 0.01
        text = page.extract_text()
        assert _slide_titles(_pptx_slides(pptx))[1][:4] in text


def test_parse_deck_markup():
    deck = parse_deck(
        "---\nmarp: true\n---\n\n<!-- _class: lead -->\n\n# 标题\n\n副标题\n\n---\n\n## 一、工作\\*回顾\n\n"
        "- 完成**1.06万件**\n  - 子项\n\n<!--\n来源句子一。\n--- 不是分隔\n来源句子二。\n-->\n\n---\n\n- 无标题页\n")
    assert [s.kind for s in deck] == ["title", "content", "content"]
    assert deck[0].title_text == "标题" and deck[0].paras[0].text == "副标题" and deck[0].notes == []
    assert deck[1].title_text == "一、工作*回顾"
    assert deck[1].paras[0].runs == [("完成", False), ("1.06万件", True)]
    assert deck[1].paras[1].level == 1
    assert deck[1].notes == ["来源句子一。", "--- 不是分隔", "来源句子二。"]
    assert deck[2].title == [] and deck[2].paras[0].text == "无标题页"
    # no front matter: a leading break is a slide break, not YAML
    assert parse_deck("---\n\n## 甲\n\n- 乙\n")[0].title_text == "甲"


# -- charts, numbering, design ----------------------------------------------------------------------

def test_native_chart_data_read_back_equals_the_model(decks, briefs):
    """Every seed has a native chart; its categories and values, read back from the .pptx, are the
    model's labels and values (in the chart's scale), and each value's figure is in the source."""
    from briefgen.selection.charts import SCALES

    for seed, (_, pptx) in decks.items():
        brief = briefs[seed]
        charts = [sh.chart for s in _pptx_slides(pptx).slides for sh in s.shapes if getattr(sh, "has_chart", False)]
        assert charts, f"{seed}: no native chart"
        for chart in charts:
            cats = list(chart.plots[0].categories)
            values = list(chart.series[0].values)
            unit = chart.series[0].name
            assert len(cats) == len(values) >= 3
            scale = next(f for f, p in SCALES if p and unit.startswith(p)) if unit[:1] in "万亿" else 1
            for cat, value in zip(cats, values):
                inds = [i for i in brief.indicators if i.label == cat and not i.excluded]
                assert inds, f"{seed}: chart category {cat!r} is no indicator label"
                ind = inds[0]
                assert unit.endswith(ind.unit)
                assert value == pytest.approx(float(ind.value) / scale)
                assert brief.text[ind.start:ind.end] == ind.text  # the figure traces to the source


def test_comparable_groups_rule():
    from briefgen.model import Indicator
    from briefgen.selection.charts import comparable, pick_scale

    def ind(n, v, unit="人次", kind="result", q="exact", label=None):
        return Indicator(id=f"i{n}", text=str(v), value=v, unit=unit, label=label or f"项{n}", kind=kind, qualifier=q)

    same = [ind(1, 3000), ind(2, 5000), ind(3, 7000)]
    assert comparable(same) == [same]
    assert comparable(same[:2]) == []  # fewer than three
    assert comparable(same[:2] + [ind(3, 7000, unit="家")]) == []  # another unit
    assert comparable(same[:2] + [ind(3, 7000, kind="target")]) == []  # another kind
    assert comparable(same[:2] + [ind(3, 7000, q="at_least")]) == []  # 不少于: not a bar length
    assert comparable(same[:2] + [ind(3, 7000000)]) == []  # spread too wide to read
    assert pick_scale([1267000.0, 3034000.0]) == 10000 and pick_scale([150.0, 1190.0]) == 1


def test_slide_numbers_on_every_slide_but_the_title_and_16x9_label(decks):
    for seed, (_, pptx) in decks.items():
        prs = _pptx_slides(pptx)
        for n, slide in enumerate(prs.slides, 1):
            fields = [f for f in slide.shapes._spTree.iter(f"{{{A}}}fld") if f.get("type") == "slidenum"]
            assert bool(fields) == (n > 1), f"{seed} slide {n}"
            if fields:
                assert fields[0].find("a:t", NS).text == str(n)
        with zipfile.ZipFile(pptx) as z:
            size = etree.fromstring(z.read("ppt/presentation.xml")).find("p:sldSz", NS)
            app = z.read("docProps/app.xml").decode("utf-8")
        assert size.get("type") is None  # not labelled screen4x3
        assert "<PresentationFormat>Widescreen</PresentationFormat>" in app and "4:3" not in app
        assert f"<Slides>{len(prs.slides)}</Slides>" in app


def test_all_slide_text_in_placeholders(decks):
    for _, pptx in decks.values():
        for slide in _pptx_slides(pptx).slides:
            for sh in slide.shapes:
                if sh.has_text_frame and sh.text_frame.text.strip():
                    assert sh.is_placeholder, sh.name


def test_deck_colours_are_the_pdf_colours():
    from briefgen.renderers import palette
    from briefgen.renderers.pdf import layout

    for name, hex_rgb in palette.COLOURS.items():
        assert getattr(layout, name).hexval()[2:].upper() == hex_rgb


def test_a_label_with_markup_renders_literally(briefs, tmp_path):
    import copy

    brief = copy.deepcopy(briefs["002"])
    tricky = "a|b **c** {{ 7*7 }}"
    for i in brief.indicators:
        i.label = tricky + i.label
    md = _render(brief, tmp_path, "slides", "t.md").read_text(encoding="utf-8")
    pptx = _render(brief, tmp_path, "pptx", "t.pptx")
    texts = [sh.text_frame.text for s in _pptx_slides(pptx).slides for sh in s.shapes if sh.has_text_frame]
    texts += [c for s in _pptx_slides(pptx).slides for sh in s.shapes if getattr(sh, "has_chart", False)
              for c in sh.chart.plots[0].categories]
    assert any(tricky in t for t in texts)
    assert "49" not in " ".join(t for t in texts if "7*7" in t or tricky in t)
    assert any(tricky in p.text for s in parse_deck(md) for p in s.paras)


def test_an_area_with_nothing_to_show_is_warned(briefs, tmp_path):
    import copy

    from briefgen.model import KeywordArea

    brief = copy.deepcopy(briefs["002"])
    brief.keyword_areas.append(KeywordArea(id="kx", name="空的领域", sections=[]))
    warnings = render(brief, "pptx", tmp_path / "x.pptx", config=load_config(None))
    assert any("空的领域" in w for w in warnings)
    assert not any("空的领域" in w for w in render(briefs["002"], "pptx", tmp_path / "y.pptx", config=load_config(None)))


@pytest.mark.parametrize("n_done, n_todo", [(0, 3), (3, 0), (2, 2), (4, 4), (5, 1), (8, 2), (1, 9), (7, 5),
                                            (13, 0), (6, 6), (2, 1), (20, 3)])
def test_area_slides_balance(n_done, n_todo):
    """Synthetic areas: results and next steps never share a list, no slide under three bullets when
    the area has three, none over the budget (a column holds at most five)."""
    from types import SimpleNamespace

    from briefgen.selection.condense import Bullet
    from briefgen.selection.slides import COLUMN_MAX, NEXT, RESULTS, SLIDES_PER_SIDE, area_slides

    done = [Bullet(f"完成事项{n}", [f"句{n}。"], [], "result") for n in range(n_done)]
    todo = [Bullet(f"部署事项{n}", [f"令{n}。"], [], "target") for n in range(n_todo)]
    slides = area_slides(SimpleNamespace(name="领域"), done + todo, 6)
    shown = [b for s in slides for b in s.bullets]
    most = SLIDES_PER_SIDE * 6
    if n_done <= most and n_todo <= most:
        assert sorted(b.text for b in shown) == sorted(b.text for b in done + todo)  # nothing lost or repeated
        assert not slides[0].trimmed
    else:  # over the budget: the first slides of each side, and a warning saying how many were left out
        assert len(shown) == min(n_done, most) + min(n_todo, most) and len({b.text for b in shown}) == len(shown)
        assert f"of {n_done + n_todo} bullets" in slides[0].trimmed
    for s in slides:
        assert len(s.bullets) <= 6 + 2
        if n_done + n_todo >= 3:
            assert len(s.bullets) >= 3, [x.text for x in s.bullets]
        if s.layout == "columns":
            assert [c.header for c in s.columns] == [RESULTS, NEXT]
            assert all(b.kind == "result" for b in s.columns[0].bullets)
            assert all(b.kind == "target" for b in s.columns[1].bullets)
            assert all(len(c.bullets) <= COLUMN_MAX + 1 for c in s.columns)
        else:
            kinds = {b.kind for b in s.bullets}
            assert len(kinds) == 1
            assert s.plain_title.split("（")[0].endswith(NEXT if kinds == {"target"} else RESULTS)


def test_chunks_keep_a_sentence_on_one_slide():
    from briefgen.selection.condense import Bullet
    from briefgen.selection.slides import chunks

    bs = [Bullet(f"b{n}", [f"s{n // 2}"], [], "result") for n in range(10)]  # pairs from one sentence
    parts = chunks(bs, 6)
    assert [len(p) for p in parts] in ([6, 4], [4, 6])
    for p in parts:
        assert {b.sources[0] for b in p}.isdisjoint({b.sources[0] for q in parts if q is not p for b in q})


def test_over_budget_side_keeps_figures_first_and_in_order():
    """A long side keeps its bullets with figures first, whole sentences together, in the report's order."""
    from briefgen.selection.condense import Bullet
    from briefgen.selection.slides import budget

    side = [Bullet(f"事项{n}", [f"句{n}。"], ["3家"] if n % 3 == 0 else [], "result") for n in range(10)]
    kept, cut = budget(side, 5)
    assert cut == 5
    assert [b.text for b in kept] == ["事项0", "事项1", "事项3", "事项6", "事项9"]


def test_a_respectively_clause_keeps_its_subjects_with_their_figures():
    """A、B、C分别增长x、y、z is never cut so that the rates stand after the last subject alone."""
    from briefgen.selection.condense import Figure, condense

    s = "全年工业、制造业、工业技改投资分别增长9.4％、13.3％、6.1％，社会消费品零售总额增长4.3％。"
    figs = [Figure("9.4％", "工业投资"), Figure("13.3％", "制造业投资"), Figure("6.1％", "工业技改投资"),
            Figure("4.3％", "社会消费品零售总额")]
    out = condense(s, figs, 30)
    first = next(p for p in out if "9.4％" in p)
    assert first.startswith("工业、制造业") and "13.3％" in first and "6.1％" in first
    long = "全年" + "、".join(f"第{n}类重点行业投资" for n in range(1, 9)) + "分别增长" + "、".join(
        f"{n}.5％" for n in range(1, 9)) + "。"
    figs = [Figure(f"{n}.5％", f"第{n}类重点行业投资") for n in range(1, 9)]
    joined = "、".join(condense(long, figs, 30))
    assert all(f"第{n}类重点行业投资{n}.5％" in joined for n in range(1, 9))  # each rate beside its subject


@pytest.mark.parametrize("text, ok", [("同志们", False), ("各位代表", False), ("为推动实现企业需求直达、人岗精准对接", False),
                                      ("此外，为进一步推动就业服务走实走深", False), ("联合四川省总工会举办“川渝", False),
                                      ("为职工办实事，全年开展服务活动", True), ("建成职工服务阵地", True)])
def test_bullets_that_cannot_stand_alone_are_refused(text, ok):
    from briefgen.selection.bullets import reads_alone

    assert reads_alone(text) is ok


def test_a_point_that_looks_back_is_a_result_even_in_a_plan_part(tmp_path):
    """这五年，我们… in a part that reviews five years and sets the next ones: a result, never a next step."""
    from briefgen.selection.bullets import area_bullets
    from briefgen.selection.slides import is_next_step
    from snippets import read

    text = ("某市2026年政府工作报告\n\n一、“十四五”时期发展成就和“十五五”时期主要目标任务\n\n"
            "这五年，我们锐意改革、矢志创新，经济高质量发展取得显著成效。\n\n"
            "今后五年，要坚持稳中求进，推动高质量发展。\n\n二、2026年重点工作\n\n加快建设现代化产业体系。\n")
    from briefgen.selection.context import build_context

    b = read(tmp_path, text)
    assert b.sections[0].kind == "plan"
    area = build_context(b)["areas"][0]
    area.points = ["这五年，我们锐意改革、矢志创新，经济高质量发展取得显著成效。", "今后五年，要坚持稳中求进，推动高质量发展。"]
    kinds = {x.text[:4]: is_next_step(x) for x in area_bullets(area, b, 30)}
    assert kinds["这五年，"] is False and kinds["今后五年"] is True


def test_a_side_never_takes_more_than_two_slides_when_sentences_stay_together():
    """Three sentences of four bullets each fit no two slides of six: the side keeps two sentences."""
    from briefgen.selection.condense import Bullet
    from briefgen.selection.slides import SLIDES_PER_SIDE, _side, chunks

    side = [Bullet(f"句{s}要点{n}", sources=[f"句子{s}。"], figures=["1个"], kind="result")
            for s in range(3) for n in range(4)]
    assert len(chunks(side, 6)) == 3  # what the unbounded budget gave
    kept, cut = _side(side, 6)
    assert len(chunks(kept, 6)) <= SLIDES_PER_SIDE and cut == 4
    assert [b.text for b in kept] == [b.text for b in side[:8]]  # whole sentences, in order


def test_slides_copied_from_the_first_of_a_layout_are_what_python_pptx_makes():
    """The second and later slides of a layout are copies of the first (faster): the same XML as
    python-pptx's own add_slide gives, the same part names and relationships."""
    from lxml import etree as et

    from briefgen.renderers.slides.layouts import add_slide, open_template

    def deck(cache):
        prs = open_template(None, [])
        layout = prs.slide_layouts[1]
        slides = [add_slide(prs, layout, cache)[0] for _ in range(3)]
        return [(s.part.partname, et.tostring(s._element), s.part.rels.xml) for s in slides], prs.slides._sldIdLst

    fast, fast_ids = deck({})
    slow, slow_ids = deck(None)
    assert fast == slow
    assert et.tostring(fast_ids) == et.tostring(slow_ids)
