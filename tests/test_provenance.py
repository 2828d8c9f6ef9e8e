"""Provenance that cannot be forged: every load (validate, render, build from YAML) checks each figure's
offsets, its text there, and its value against that text; NaN, infinity and absurd values are refused."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from badinput import assert_bad
from briefgen import document
from briefgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("000_*.txt"))[0]


@pytest.fixture(scope="module")
def model_data(briefs) -> dict:
    return briefs["000"].to_dict()


def _write(tmp_path: Path, data: dict, raw_edit=None) -> Path:
    text = document.HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if raw_edit:
        text = raw_edit(text)
    p = tmp_path / "model.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _forge(data: dict, **changes) -> dict:
    d = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))
    ind = d["indicators"][0]
    for k, v in changes.items():
        if v is ...:
            ind.pop(k, None)
        else:
            ind[k] = v
    return d


FORGERIES = {
    "no start": dict(start=...),
    "no end": dict(end=...),
    "offsets elsewhere": dict(start=0, end=3),
    "offsets outside": dict(start=10 ** 7, end=10 ** 7 + 4),
    "text not a quantity": dict(text="的"),
    "invented value": dict(value=999),
    "invented text and value": dict(text="999亿元", value=999),
    "nan": dict(value=math.nan),
    "infinity": dict(value=math.inf),
    "minus infinity value_max": dict(value_max=-math.inf),
    "overflow": dict(value=10 ** 400),
    "absurd": dict(value=1e300),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_validate_refuses_a_forged_figure(tmp_path, model_data, name):
    p = _write(tmp_path, _forge(model_data, **FORGERIES[name]))
    r = CliRunner().invoke(cli, ["validate", str(p)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"{p}:" in r.stderr and "indicators[0]" in r.stderr


@pytest.mark.parametrize("name", ["no start", "text not a quantity", "nan", "overflow", "invented value"])
@pytest.mark.parametrize("cmd", ["docx", "pdf", "slides"])
def test_every_render_refuses_a_forged_figure(tmp_path, model_data, name, cmd):
    p = _write(tmp_path, _forge(model_data, **FORGERIES[name]))
    out = tmp_path / "out"
    assert_bad([cmd, p, "-o", out / "x"], p, watch=out)


def test_build_from_a_forged_model_fails_for_that_report_only(tmp_path, model_data):
    p = _write(tmp_path, _forge(model_data, text="的"))
    r = CliRunner().invoke(cli, ["build", str(p), "-o", str(tmp_path / "out"), "--quiet"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert not (tmp_path / "out" / model_data["report"]["id"]).exists()


def test_an_empty_text_cannot_carry_figures(tmp_path, model_data):
    d = _forge(model_data)
    d["text"] = ""
    p = _write(tmp_path, d)
    problems = document.validate_model(p)
    assert any("no text for this figure" in x for x in problems)


def test_validate_lists_schema_and_value_problems_together(tmp_path, model_data):
    d = _forge(model_data, value=999)
    d["report"]["title"] = 42  # a schema problem
    p = _write(tmp_path, d)
    problems = document.validate_model(p)
    assert any("report.title" in x for x in problems)
    assert any("indicators[0].value" in x and "does not match" in x for x in problems)


def test_yaml_nan_spelling_is_refused(tmp_path, model_data):
    p = _write(tmp_path, model_data, raw_edit=lambda t: t.replace("value: ", "value: .nan #", 1))
    assert any("not a finite number" in x for x in document.validate_model(p))


def test_the_real_models_still_pass(briefs):
    for b in briefs.values():
        assert document.validate(b.to_dict()) == []
