"""Typed configuration: every key declared once; bad values all reported; the README's table generated from it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from briefgen import schema
from briefgen.config import Config, find_config, load_config, reference
from briefgen.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def test_defaults_are_typed_and_documented():
    cfg = load_config()
    assert cfg.docx.preset == "official" and cfg.pdf.key_figures == 6 and cfg.slides.font == "微软雅黑"
    assert cfg.distribute.retries == 3 and cfg.distribute.smtp.password_env == "BRIEFGEN_SMTP_PASSWORD"
    for name, key, tp, f in schema.fields(Config):
        assert f.metadata.get("description"), key


def test_every_bad_value_is_reported_at_once(tmp_path):
    bad = tmp_path / "b.yaml"
    bad.write_text("docx: {preset: fancy}\npdf: {min_font_size: 5, key_figures: six}\nslides: {max_chars: 3}\n"
                   "distribute: {smtp: {port: smtp}, retries: true}\ntaxonomy: [{keywords: [a]}]\ncolour: red\n",
                   encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(bad)
    msg = e.value.format_message()
    for part in ("docx.preset: 'fancy' is not one of official, brief", "pdf.min_font_size: 5 is less than the minimum of 8",
                 "pdf.key_figures: expected a whole number", "slides.max_chars", "distribute.smtp.port",
                 "distribute.retries: expected a whole number", "taxonomy[0]: 'name' is missing", "unknown key 'colour'"):
        assert part in msg, (part, msg)
    assert msg.startswith(f"{bad}: ") and "\n" not in msg


def test_unknown_keys_warn_and_empty_values_keep_defaults(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("marking:\npdf: {key_figures: 5, colour: red}\ndistribute: {from: office@example.org}\n", encoding="utf-8")
    cfg = load_config(f)
    assert cfg.marking is None and cfg.pdf.key_figures == 5 and cfg.distribute.sender == "office@example.org"
    assert cfg.warnings == [f"{f}: unknown key 'pdf.colour' (ignored)"] and cfg.path == f


def test_overrides_dotted_none_ignored():
    cfg = load_config(None, **{"docx.preset": "brief", "templates": None, "marking": "内部资料"})
    assert cfg.docx.preset == "brief" and cfg.templates is None and cfg.marking == "内部资料"
    with pytest.raises(ConfigError, match="docx.preset"):
        load_config(None, **{"docx.preset": "fancy"})


def test_load_config_none_does_not_read_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefgen.yaml").write_text("marking: 机密\n", encoding="utf-8")
    assert load_config().marking is None and load_config(None).marking is None
    assert find_config(None) == Path("briefgen.yaml") and load_config(find_config(None)).marking == "机密"
    assert find_config("other.yaml") == Path("other.yaml")


def test_per_field_validator_hook():
    @dataclasses.dataclass
    class Demo:
        path: str = dataclasses.field(default="", metadata={"check": lambda v: None if v.endswith(".ttf") else "not a .ttf"})

    assert schema.check({"path": "x.otf"}, Demo) == [(("path",), "not a .ttf")]
    assert schema.check({"path": "x.ttf"}, Demo) == []


def test_readme_configuration_table_is_generated_from_the_declaration():
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- config-reference -->\n(.*?)<!-- /config-reference -->", text, re.S)
    assert m, "README lacks the config reference block"
    assert m.group(1) == reference(), "README config table is stale: paste briefgen.config.reference()"
    example = re.search(r"## Configuration.*?```yaml\n(.*?)```", text, re.S).group(1)
    assert load_config(None, **_flatten(yaml.safe_load(example))).warnings == []  # every example key exists


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict) and k not in ("taxonomy",):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def test_no_string_lookups_of_config_keys():
    src = ROOT / "src" / "briefgen"
    hits = [p.name for p in src.rglob("*.py") if re.search(r"get_path\(|cfg\.get\(\"|config\.get\(\"", p.read_text("utf-8"))]
    assert hits == []
