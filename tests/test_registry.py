"""The format registry: one declaration per format, read by build, the manifest, distribute and the CLI."""

from __future__ import annotations

import json
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import build, distribute, formats, load_config, renderers
from briefgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def toy():
    import toyformat

    renderers.register(toyformat.FORMAT)
    yield toyformat.FORMAT
    renderers.unregister("toy")


def test_builtin_formats_declare_everything():
    assert [f.name for f in formats()] == ["docx", "pdf", "slides", "pptx"]
    for f in formats():
        assert f.suffix and f.output.endswith(f.suffix) and f.template.endswith(".j2") and f.mime and f.label
    assert renderers.resolve("docx,slides") == ["docx", "slides", "pptx"]  # slides = .md and .pptx
    assert renderers.resolve("md") == ["slides"] and renderers.lookup("markdown").name == "slides"
    with pytest.raises(renderers.UnknownFormat, match="xlsx"):
        renderers.get("xlsx")
    with pytest.raises(ValueError, match="already registered"):
        renderers.register(renderers.get("pdf"))


def test_a_toy_format_is_built_listed_and_distributed(toy, tmp_path):
    out = tmp_path / "out"
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    result = build([str(seed)], out, config=load_config(), echo=lambda m: None)
    rid = result.built[0]
    text = (out / rid / "toy.txt").read_text(encoding="utf-8")  # built by default: every registered format
    assert text.startswith("坚守初心使命") and "一、" in text
    entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][rid]
    assert entry["outputs"]["toy"]["path"] == f"{rid}/toy.txt"
    assert "toy: 6 key figures" in " ".join(entry["warnings"])
    roster = tmp_path / "roster.yaml"
    roster.write_text(f"- name: 张三\n  email: zhangsan@example.org\n  reports: ['{rid}']\n  formats: [toy, pdf]\n",
                      encoding="utf-8")
    res = distribute(out, roster, config=load_config(), echo=lambda m: None)
    assert res.written == 1
    msg = BytesParser(policy=policy.default).parsebytes((out / "outbox" / "zhangsan@example.org.eml").read_bytes())
    atts = {a.get_filename(): a for a in msg.iter_attachments()}
    toy_att = atts[f"{entry['title']}-要目.txt"]
    assert toy_att.get_content_type() == "text/plain" and toy_att.get_payload(decode=True).decode("utf-8") == text
    # the CLI knows it too: --formats and templates check
    r = CliRunner().invoke(cli, ["build", str(seed), "-o", str(tmp_path / "o2"), "--formats", "toy", "-q"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "o2" / rid).iterdir()) == ["report.yaml", "toy.txt"]
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "brief.toy.j2").write_text("{{ report.titel }}\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["templates", "check", str(tmp_path / "tpl")])
    assert r.exit_code == 2 and "brief.toy.j2:1" in r.output and "titel" in r.output
