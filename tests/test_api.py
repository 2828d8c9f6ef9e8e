"""The library API: names in __all__, lazy imports, the README example, the model declared once."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema

import briefgen
from briefgen import model
from briefgen.document import model_schema

ROOT = Path(__file__).resolve().parent.parent
API = {"read_report", "load_model", "save_model", "validate_model", "select", "render", "build", "distribute",
       "load_config", "formats", "Brief", "Config", "BriefgenError", "__version__"}


def test_all_lists_the_api_and_import_is_cheap():
    code = ("import sys, briefgen; print(sorted(briefgen.__all__)); "
            "print([m for m in ('docx', 'pptx', 'reportlab', 'jinja2', 'yaml', 'lxml') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert API <= set(eval(out[0])) and out[1] == "[]"
    for name in briefgen.__all__:
        assert getattr(briefgen, name) is not None, name


def test_readme_example_runs(tmp_path, monkeypatch):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Library.*?```python\n(.*?)```", text, re.S).group(1)
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    assert out.returncode == 0, out.stderr
    assert "2 built" in out.stdout and "'docx', 'pdf', 'slides', 'pptx'" in out.stdout
    assert (tmp_path / "out" / "briefing.pdf").is_file() and (tmp_path / "out" / "manifest.json").is_file()


def test_schema_is_derived_from_every_model_field():
    schema = model_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for cls in (model.Source, model.Report, model.Section, model.KeywordArea, model.Indicator, model.Repair):
        assert set(schema["$defs"][cls.__name__]["properties"]) == {f.name for f in dataclasses.fields(cls)}
    assert set(schema["properties"]) == {"briefgen"} | {f.name for f in dataclasses.fields(model.Brief)}
    assert schema["$defs"]["Indicator"]["properties"]["kind"]["enum"] == list(model.INDICATOR_KINDS)


def test_validate_model_takes_a_dict_or_a_file(briefs, tmp_path):
    data = briefs["000"].to_dict()
    assert briefgen.validate_model(data) == []
    data["indicators"][0]["value"] = "many"
    data["sections"][0]["level"] = 9
    problems = briefgen.validate_model(data)
    assert any("indicators[0].value: expected a number" in p for p in problems)
    assert any("sections[0].level: 9 is greater than the maximum of 6" in p for p in problems)
    path = briefgen.save_model(briefs["002"], tmp_path / "m.yaml")
    assert briefgen.validate_model(path) == []
    assert briefgen.load_model(path).to_dict() == briefs["002"].to_dict()
