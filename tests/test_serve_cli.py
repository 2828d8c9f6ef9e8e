"""`briefgen serve`: options reach the server; a token is made and printed off loopback; --help stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from briefgen.cli import cli

pytest.importorskip("uvicorn")


@pytest.fixture
def started(monkeypatch):
    """Replace uvicorn.run and the browser: record what would be served."""
    import uvicorn
    import webbrowser

    calls: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    monkeypatch.setattr(webbrowser, "open", lambda url: calls.setdefault("opened", url))
    return calls


def test_serve_defaults_to_loopback_without_token(started, tmp_path):
    from smtp_server import free_port

    port = free_port()
    r = CliRunner().invoke(cli, ["serve", "--workspace", str(tmp_path / "ws"), "--no-browser", "--port", str(port)])
    assert r.exit_code == 0, r.output
    assert started["host"] == "127.0.0.1" and started["port"] == port
    assert f"http://127.0.0.1:{port}/" in r.output and "token" not in r.output
    assert started["app"].state.ws.root == (tmp_path / "ws").resolve()
    assert "opened" not in started


def test_other_host_gets_a_printed_token(started, tmp_path):
    r = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "0", "--workspace", str(tmp_path),
                                 "--no-browser"])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.output.splitlines() if x.startswith("Access token: "))
    token = line.split()[2]
    assert len(token) >= 24 and f"?token={token}" in r.output


def test_token_from_config(started, tmp_path):
    cfg = tmp_path / "briefgen.yaml"
    cfg.write_text("serve: {token: from-the-config-file, max_upload_mb: 5}\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "0", "--config", str(cfg),
                                 "--workspace", str(tmp_path / "ws"), "--no-browser"])
    assert r.exit_code == 0, r.output
    assert "from-the-config-file" in r.output
    assert started["app"].state.max_upload == 5 * 1024 * 1024


def test_help_does_not_import_the_web_stack():
    code = ("import sys; from click.testing import CliRunner; from briefgen.cli import cli; "
            "r = CliRunner().invoke(cli, ['serve', '--help']); assert r.exit_code == 0, r.output; "
            "assert '--no-browser' in r.output and '--workspace' in r.output; "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'pypdfium2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_busy_port_and_file_workspace_are_one_line_errors(started, tmp_path):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        r = CliRunner().invoke(cli, ["serve", "--port", str(port), "--workspace", str(tmp_path), "--no-browser"])
    assert r.exit_code == 2 and r.output.startswith("Error: 127.0.0.1:") and "--port" in r.output
    f = tmp_path / "file.txt"
    f.write_text("x")
    r = CliRunner().invoke(cli, ["serve", "--workspace", str(f), "--no-browser"])
    assert r.exit_code == 2 and "is a file" in r.output
    assert "app" not in started
