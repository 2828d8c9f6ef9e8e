"""CLI shell: help on every command, version, exit codes, no tracebacks, lazy imports."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from briefgen import __version__
from briefgen.cli import cli


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))


def test_every_command_has_help_with_an_example():
    for path, cmd in _commands(cli):
        r = CliRunner().invoke(cli, [*path, "--help"])
        assert r.exit_code == 0, path
        if not hasattr(cmd, "commands"):
            assert "Example" in r.output, path


def test_version():
    r = CliRunner().invoke(cli, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output


def test_bad_usage_exits_2():
    assert CliRunner().invoke(cli, ["ingest"]).exit_code == 2
    assert CliRunner().invoke(cli, ["nosuchcommand"]).exit_code == 2
    assert CliRunner().invoke(cli, ["build", "seeds", "--formats", "xlsx"]).exit_code == 2


def test_ingest_writes_yaml(tmp_path, seed_paths):
    out = tmp_path / "r.yaml"
    r = CliRunner().invoke(cli, ["ingest", str(seed_paths[0]), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").count("\nbriefgen: 1\n") == 1
    r = CliRunner().invoke(cli, ["ingest", str(seed_paths[0]), "-o", "-"])
    assert "indicators:" in r.output


def test_internal_errors_are_one_line_unless_debug(monkeypatch, tmp_path, seed_paths):
    import briefgen.ingest as ing

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(ing, "ingest", boom)
    r = CliRunner().invoke(cli, ["ingest", str(seed_paths[0]), "-o", str(tmp_path / "x.yaml")])
    assert r.exit_code == 1 and "internal error" in r.output and "kaboom" in r.output
    assert "Traceback" not in r.output
    r = CliRunner().invoke(cli, ["--debug", "ingest", str(seed_paths[0]), "-o", str(tmp_path / "x.yaml")])
    assert isinstance(r.exception, RuntimeError)


def test_help_does_not_import_rendering_libraries():
    code = ("import sys; from briefgen.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('docx', 'pptx', 'reportlab', 'jinja2', 'yaml', 'lxml') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out
