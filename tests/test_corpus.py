"""The eleven real reports in tests/data/corpus against their structure gold (tests/score_structure.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from briefgen.ingest import ingest
from conftest import DATA

CORPUS = DATA / "corpus"
REPORTS = sorted(p for p in CORPUS.glob("*.txt"))
#: Acceptance floors (issue 13): metadata right 50 of 55, mean parts precision and recall 0.95, part kind 0.90.
META_FLOOR, PARTS_FLOOR, KIND_FLOOR = 50, 0.95, 0.90
#: Key figures found / kind right / label right on the day the floors were set: reading must not lose any.
FIGURES_FLOOR = (80, 73, 68)


def _scorer():
    spec = importlib.util.spec_from_file_location("score_structure", Path(__file__).parent / "score_structure.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def scores() -> dict:
    mod = _scorer()
    out = {}
    for p in REPORTS:
        gold = yaml.safe_load((CORPUS / f"{p.stem}.gold.yaml").read_text(encoding="utf-8"))
        brief = ingest(p)
        out[p.stem] = (brief, mod.score(gold, brief.to_dict()))
    return out


def test_corpus_is_complete():
    assert len(REPORTS) == 11 and all((CORPUS / f"{p.stem}.gold.yaml").exists() for p in REPORTS)


@pytest.mark.parametrize("name", [p.stem for p in REPORTS])
def test_each_report_is_read(scores, name):
    brief, r = scores[name]
    assert r["meta_ok"] >= 4, r["meta"]
    assert r["parts_precision"] >= PARTS_FLOOR and r["parts_recall"] >= PARTS_FLOOR, r["model_level1"]
    assert r["parts_kind"] >= KIND_FLOOR
    # nothing of the page is left in the body: no toolbar word, breadcrumb or caption as a heading
    titles = [s.title for s in brief.all_sections()]
    assert not any(t in ("下载", "打印", "全屏", "首页", ">", "相关报道：") or t.endswith("摄") for t in titles)
    assert brief.report.title not in ("下载", "分享:", "当前位置：")
    for a in brief.appendices:  # back matter is kept with offsets into the text, never in the body
        assert 0 <= a.start <= a.end <= len(brief.text)
        for it in a.items:
            assert brief.text[it.start:it.end] == it.text
    for i in brief.indicators:
        assert not any(a.start <= i.start < a.end for a in brief.appendices)


def test_corpus_meets_the_floors(scores):
    rs = [r for _, r in scores.values()]
    mean = lambda k: sum(r[k] for r in rs) / len(rs)  # noqa: E731
    assert sum(r["meta_ok"] for r in rs) >= META_FLOOR
    assert mean("parts_precision") >= PARTS_FLOOR and mean("parts_recall") >= PARTS_FLOOR
    assert mean("parts_kind") >= KIND_FLOOR
    found, kind, label = (sum(r[k] for r in rs) for k in ("figures_found", "figures_kind", "figures_label"))
    assert found >= FIGURES_FLOOR[0] and kind >= FIGURES_FLOOR[1] and label >= FIGURES_FLOOR[2]


def test_glossary_and_attachment_are_appendices(scores):
    jx = scores["jx_gwr2026"][0]
    assert [(a.kind, a.title) for a in jx.appendices] == [("glossary", "《政府工作报告》有关内容名词注释")]
    assert len(jx.appendices[0].items) == 26 and all(it.term for it in jx.appendices[0].items)
    nm = scores["nm_gwr2026"][0]
    assert [a.kind for a in nm.appendices] == ["attachment"] and len(nm.appendices[0].items) == 10
    area_text = "".join(p for a in nm.keyword_areas for p in a.points)
    assert "牵头单位" not in area_text
