"""Templates run in Jinja's immutable sandbox: a template (perhaps someone else's) cannot run code, also
not when 'templates check' lints it; any runtime error is one exit-2 line naming the template and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from badinput import assert_bad
from briefgen.cli import cli
from briefgen.templating import make_env, render
from briefgen.errors import TemplateError

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("000_*.txt"))[0]

ATTACKS = {
    "globals": "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "class": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "lipsum": "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "mutate": "{% set l = [] %}{{ l.append(1) }}",
    "format": "{{ '{0.__class__}'.format(1) }}",
    "repeat": "{{ 'x' * 100000000 }}",
    "power": "{{ 10 ** 1000 ** 1000 ** 1000 }}",
}
RUNTIME = {"zero": "{{ 1 / 0 }}", "index": "{{ [1][5] }}", "int": "{{ 'abc' | int + [] }}",
           "range": "{{ range(10 ** 8) | list }}"}


def _dir(tmp_path: Path, body: str, name: str = "summary.docx.j2") -> Path:
    d = tmp_path / "tpl"
    d.mkdir(exist_ok=True)
    (d / name).write_text("# 标题\n" + body + "\n", encoding="utf-8")
    return d


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_templates_check_never_runs_a_templates_code(tmp_path, monkeypatch, attack):
    monkeypatch.chdir(tmp_path)
    d = _dir(tmp_path, ATTACKS[attack])
    r = CliRunner().invoke(cli, ["templates", "check", str(d)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"{d / 'summary.docx.j2'}:2:" in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("Error: 1 template problem(s)")
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize("attack", sorted(ATTACKS)[:3])
def test_rendering_with_an_unsafe_template_is_refused(tmp_path, monkeypatch, attack):
    monkeypatch.chdir(tmp_path)
    d = _dir(tmp_path, ATTACKS[attack])
    out = tmp_path / "out"
    line = assert_bad(["docx", SEED, "-o", out / "s.docx", "--templates", d], d / "summary.docx.j2", watch=out)
    assert ":2: not allowed in a template" in line
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize("kind", sorted(RUNTIME))
def test_template_runtime_error_is_one_line_with_file_and_line(tmp_path, kind):
    d = _dir(tmp_path, RUNTIME[kind])
    out = tmp_path / "out"
    out.mkdir()
    (out / "s.docx").write_bytes(b"earlier output")
    line = assert_bad(["docx", SEED, "-o", out / "s.docx", "--templates", d], f"{d / 'summary.docx.j2'}:2:", watch=out)
    assert "template error" in line or "unknown variable" in line


def test_the_sandbox_still_renders_the_default_templates(tmp_path):
    from briefgen.templating.check import check_templates
    from briefgen.templating import DEFAULT_DIR

    assert check_templates(DEFAULT_DIR) == []


def test_every_environment_is_sandboxed(tmp_path):
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    assert isinstance(make_env(), ImmutableSandboxedEnvironment)
    assert isinstance(make_env(_dir(tmp_path, "x")), ImmutableSandboxedEnvironment)
    with pytest.raises(TemplateError, match="not allowed"):
        render(make_env(_dir(tmp_path, ATTACKS["globals"])), "summary.docx.j2", {})
