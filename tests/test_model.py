"""The YAML document model: round trip, validation with key paths and lines, JSON Schema."""

from __future__ import annotations

import json

import jsonschema
import yaml
from click.testing import CliRunner

from briefgen import document
from briefgen.cli import cli
from briefgen.model import Brief
from briefgen.document import model_schema

SCHEMA = model_schema()


def test_round_trip_is_lossless(briefs, tmp_path):
    for b in briefs.values():
        p = document.save(b, tmp_path / "m.yaml")
        again = document.load(p)
        assert again.to_dict() == b.to_dict()
        assert document.dumps(again) == p.read_text(encoding="utf-8")


def test_saved_model_matches_published_schema(briefs, tmp_path):
    for b in briefs.values():
        data = yaml.safe_load(document.dumps(b))
        jsonschema.Draft202012Validator(SCHEMA).validate(data)
        assert data["briefgen"] == 1


def _edit(tmp_path, brief: Brief, fn) -> str:
    text = document.dumps(brief)
    p = tmp_path / "edited.yaml"
    p.write_text(fn(text), encoding="utf-8")
    return str(p)


def test_all_problems_reported_with_path_and_line(briefs, tmp_path):
    b = briefs["000"]
    path = _edit(tmp_path, b, lambda t: t.replace("value: 10600", "value: lots", 1)
                 .replace("kind: result", "kind: done", 1).replace("  unit: 件", "  units: 件", 1))
    data, problems = document.check(path)
    assert len(problems) >= 3
    lines = path and open(path, encoding="utf-8").read().splitlines()
    value_problem = next(p for p in problems if ".value:" in p)
    n = int(value_problem.split(":")[1])
    assert lines[n - 1].strip() == "value: lots"
    assert "indicators[" in value_problem and "expected a number" in value_problem
    assert any("'done' is not one of" in p for p in problems)
    assert any("units" in p for p in problems)


def test_semantic_checks_keep_figures_traceable(briefs, tmp_path):
    b = briefs["000"]
    path = _edit(tmp_path, b, lambda t: t.replace("value: 320000000", "value: 32000000", 1)
                 .replace("section: s6", "section: s99", 1))
    _, problems = document.check(path)
    assert any("does not match text '3.2亿元'" in p for p in problems)
    assert any("no section with id 's99'" in p for p in problems)
    path = _edit(tmp_path, b, lambda t: t.replace("text: 1.06万件", "text: 1.07万件", 1))
    _, problems = document.check(path)
    assert any("every figure must trace to the source" in p for p in problems)


def test_hand_edits_that_keep_provenance_are_accepted(briefs, tmp_path):
    b = briefs["002"]
    path = _edit(tmp_path, b, lambda t: t.replace("label: 投入资金", "label: 冬奥服务保障投入资金", 1))
    edited = document.load(path)
    assert any(i.label == "冬奥服务保障投入资金" for i in edited.indicators)


def test_validate_cli(briefs, tmp_path):
    good = document.save(briefs["000"], tmp_path / "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("briefgen: 1\nreport: [unclosed\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["validate", str(good)])
    assert r.exit_code == 0 and "ok" in r.output
    r = CliRunner().invoke(cli, ["validate", str(bad)])
    assert r.exit_code == 2
    assert f"{bad}:" in r.output and "not valid YAML" in r.output and "Traceback" not in r.output
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("just: text\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["docx", str(wrong), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and "briefgen is missing" in r.output.replace("'", "")
    assert not (tmp_path / "x.docx").exists()


def test_schema_command_prints_json_schema(tmp_path):
    r = CliRunner().invoke(cli, ["schema"])
    assert r.exit_code == 0
    assert json.loads(r.output)["title"] == "briefgen document model"
    r = CliRunner().invoke(cli, ["schema", "-o", str(tmp_path / "s.json")])
    assert json.loads((tmp_path / "s.json").read_text())["properties"]["briefgen"]["const"] == 1
