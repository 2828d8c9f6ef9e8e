"""Templates: init copies the defaults, check lints syntax and unknown variables with file:line."""

from __future__ import annotations

from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.templating import DEFAULT_DIR, make_env, render


def test_init_copies_every_default_and_refuses_to_overwrite(tmp_path):
    d = tmp_path / "tpl"
    r = CliRunner().invoke(cli, ["templates", "init", str(d)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in d.glob("*.j2")) == sorted(p.name for p in DEFAULT_DIR.glob("*.j2"))
    r = CliRunner().invoke(cli, ["templates", "init", str(d)])
    assert r.exit_code == 2 and "--force" in r.output
    assert CliRunner().invoke(cli, ["templates", "init", str(d), "--force"]).exit_code == 0


def test_defaults_pass_the_check(tmp_path):
    d = tmp_path / "tpl"
    CliRunner().invoke(cli, ["templates", "init", str(d)])
    r = CliRunner().invoke(cli, ["templates", "check", str(d)])
    assert r.exit_code == 0, r.output


def test_check_reports_syntax_errors_and_unknown_variables_with_lines(tmp_path):
    d = tmp_path / "tpl"
    d.mkdir()
    (d / "summary.docx.j2").write_text("# {{ report.title }}\n\n{% for x in sections %}\n{{ x.titel }}\n{% endfor %}\n",
                                       encoding="utf-8")
    (d / "briefing.pdf.j2").write_text("# {{ report.title }\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["templates", "check", str(d)])
    assert r.exit_code == 2
    assert "summary.docx.j2:4" in r.output and "titel" in r.output
    assert "briefing.pdf.j2:1" in r.output and "syntax" in r.output


def test_user_directory_overrides_only_what_it_has(tmp_path):
    (tmp_path / "summary.docx.j2").write_text("# 自定义 {{ report.title }}\n", encoding="utf-8")
    env = make_env(tmp_path)
    ctx = {"report": type("R", (), {"title": "T"})()}
    assert render(env, "summary.docx.j2", ctx) == "# 自定义 T\n"
    assert env.get_template("briefing.pdf.j2").filename.startswith(str(DEFAULT_DIR))


def test_26_top_level_sections_are_numbered(tmp_path):
    """The summary template numbers parts with the cn filter, not a fixed list of 25."""
    import docx

    from briefgen.config import load_config
    from briefgen.model import Brief, Report, Section, Source
    from briefgen.renderers import render

    secs = [Section(id=f"s{n}", title=f"第{n}项工作", level=1, paragraphs=[f"第{n}项工作的内容。"]) for n in range(1, 28)]
    brief = Brief(Report(id="r", title="报告", source=Source("r.txt", "0" * 64)), sections=secs, text="报告")
    render(brief, "docx", tmp_path / "s.docx", config=load_config(None))
    paras = [p.text for p in docx.Document(str(tmp_path / "s.docx")).paragraphs]
    assert any(p.startswith("（二十六）第26项工作") for p in paras)
    assert any(p.startswith("（二十七）第27项工作") for p in paras)
    render(brief, "docx", tmp_path / "f.docx", config=load_config(None, **{"docx.length": "full"}))
    heads = [p.text for p in docx.Document(str(tmp_path / "f.docx")).paragraphs if p.style.name == "Heading 2"]
    assert "（二十六）第26项工作" in heads and "（二十七）第27项工作" in heads
