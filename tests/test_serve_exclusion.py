"""A reviewer's exclusion (indicator ``excluded: true``): kept in the model, written only when true, and
skipped by every output — key figures, tables, slides, mail."""

from __future__ import annotations

import copy
import re

import yaml

from briefgen import document
from briefgen.model import Brief
from briefgen.renderers import render_output
from briefgen.selection.context import build_context, key_figures


def render(fmt, brief, out, cfg):
    return render_output(brief, fmt, out, cfg)


def _excluding(brief: Brief, n: int = 0) -> tuple[Brief, object]:
    """A copy of *brief* with its n-th key figure excluded."""
    b = copy.deepcopy(brief)
    target = key_figures(b.indicators, 6)[n]
    target.excluded = True
    return b, target


def test_flag_round_trips_and_is_written_only_when_true(briefs, tmp_path):
    b, target = _excluding(briefs["000"])
    text = document.dumps(b)
    assert text.count("excluded:") == 1
    path = document.save(b, tmp_path / "r.yaml")
    assert document.check(path)[1] == []
    again = document.load(path)
    assert [i.id for i in again.indicators if i.excluded] == [target.id]
    assert "excluded" not in document.dumps(briefs["000"])  # models without exclusions are unchanged


def test_schema_refuses_a_non_boolean_flag(briefs, tmp_path):
    data = briefs["000"].to_dict()
    data["indicators"][0]["excluded"] = "yes"
    p = tmp_path / "bad.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = document.check(p)[1]
    assert any("excluded" in x and "expected true or false" in x for x in problems)


def test_context_skips_excluded_indicators(briefs):
    b, target = _excluding(briefs["000"])
    ctx = build_context(b, {"key_figures": 6})
    everywhere = (ctx["indicators"] + ctx["results"] + ctx["targets"] + ctx["baselines"] + ctx["key_figures"]
                  + [i for a in ctx["areas"] for i in a.indicators] + ctx["lead_indicators"])
    assert target.id not in {i.id for i in everywhere}
    assert len(ctx["indicators"]) == len(b.indicators) - 1
    assert target.id not in {i.id for i in key_figures(b.indicators, 6)}  # distribute's mail figures too


def test_pdf_and_word_leave_the_figure_out(briefs, cfg, tmp_path):
    import pdfplumber
    from docx import Document

    b, target = _excluding(briefs["000"])
    label = target.label
    for brief, name in ((briefs["000"], "before"), (b, "after")):
        render("pdf", brief, tmp_path / f"{name}.pdf", cfg)
        render("docx", brief, tmp_path / f"{name}.docx", cfg)

    def panel(path):
        with pdfplumber.open(path) as doc:
            text = "".join(ch["text"] for ch in doc.pages[0].chars)
        return text.split("数字速览", 1)[1].split("要点", 1)[0]

    def word_text(path):  # the summary names the figure with its label (in 主要数据, a point or the table)
        doc = Document(path)
        return "".join(p.text for p in doc.paragraphs) + "".join(
            c.text for t in doc.tables for r in t.rows for c in r.cells)

    assert target.text + label in panel(tmp_path / "before.pdf")
    assert target.text + label not in panel(tmp_path / "after.pdf")
    assert label + target.display in word_text(tmp_path / "before.docx")
    assert label + target.display not in word_text(tmp_path / "after.docx")


def test_slides_do_not_count_an_excluded_figure(briefs, cfg, tmp_path):
    b = copy.deepcopy(briefs["002"])
    for i in b.indicators:
        i.excluded = True
    render("slides", b, tmp_path / "none.md", cfg)
    render("slides", briefs["002"], tmp_path / "all.md", cfg)
    bullets_all = re.findall(r"^- .*$", (tmp_path / "all.md").read_text(encoding="utf-8"), re.M)
    bullets_none = re.findall(r"^- .*$", (tmp_path / "none.md").read_text(encoding="utf-8"), re.M)
    # with every figure excluded the slides keep only the areas' points: no bullet built from a figure
    assert len(bullets_none) < len(bullets_all)
