"""briefgen serve refuses what it must: no token off loopback, foreign Host, cross-site posts, traversal,
oversize and wrong-type uploads — with a clear message and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from click.testing import CliRunner  # noqa: E402

from briefgen.cli import cli  # noqa: E402
from test_serve_api import RID, SEED, client, csrf_headers, upload  # noqa: E402


def snapshot(ws: Path) -> dict[str, bytes]:
    """Every file in the workspace except previews (a cache), with its bytes."""
    return {str(p.relative_to(ws)): p.read_bytes() for p in sorted(ws.rglob("*"))
            if p.is_file() and ".serve" not in p.parts}


@pytest.fixture
def ws(tmp_path) -> Path:
    ws = tmp_path / "ws"
    assert upload(client(ws), SEED).status_code == 201
    return ws


def test_foreign_host_needs_the_token_on_every_request(ws):
    c = client(ws, token="tok-123", base="http://192.0.2.10:8000")
    for url in ("/", f"/reports/{RID}", "/api/reports", f"/api/reports/{RID}", f"/api/reports/{RID}/pack.zip"):
        r = c.get(url)
        assert r.status_code == 401, url
        assert "访问令牌" in r.text
    assert c.get("/api/reports", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/reports", headers={"Authorization": "Bearer tok-123"}).status_code == 200
    r = c.get("/?token=tok-123", follow_redirects=False)  # the printed link: sets a cookie, drops the token
    assert r.status_code == 303 and r.headers["location"] == "/" and "HttpOnly" in r.headers["set-cookie"]
    assert c.get("/").status_code == 200 and c.get(f"/reports/{RID}").status_code == 200
    before = snapshot(ws)
    stranger = client(ws, token="tok-123", base="http://192.0.2.10:8000")
    r = stranger.post("/api/reports", files={"file": ("x.txt", "新建站点3个。".encode(), "text/plain")})
    assert r.status_code == 401 and snapshot(ws) == before
    assert stranger.get("/healthz").status_code == 200  # says "ok" and nothing else


def test_loopback_server_refuses_other_host_names(ws):
    c = client(ws, base="http://attacker.example:8000")  # DNS rebinding: a web page naming our port
    assert c.get("/api/reports").status_code == 403
    assert c.get("/").status_code == 403
    for host in ("http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"):
        assert client(ws, base=host).get("/api/reports").status_code == 200


def test_cross_site_and_forged_requests_are_refused(ws):
    c = client(ws)
    before = snapshot(ws)
    r = c.post("/api/reports", files={"file": ("x.txt", "新建站点3个。".encode(), "text/plain")},
               headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "跨站" in r.json()["error"]
    r = c.patch(f"/api/reports/{RID}/indicators/i1", json={"label": "x"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    c.get("/")  # now the browser holds the CSRF cookie: its API calls must echo it
    r = c.patch(f"/api/reports/{RID}/indicators/i1", json={"label": "x"})
    assert r.status_code == 403 and "刷新" in r.json()["error"]
    assert snapshot(ws) == before
    ok = c.patch(f"/api/reports/{RID}/indicators/i1", json={"label": "x"}, headers=csrf_headers(c))
    assert ok.status_code == 200


@pytest.mark.parametrize("url", [
    "/api/reports/..", "/api/reports/%2E%2E", "/api/reports/..%2F..%2Fetc%2Fpasswd", "/api/reports/.serve",
    "/api/reports/%2Fetc%2Fpasswd", "/reports/..%2Fmanifest.json", f"/reports/{RID}/files/..%2F..%2Fmanifest.json",
    "/api/reports/rosters/pack.zip", "/api/reports/..%5C..%5Cwindows/preview.png", "/distribute/outbox/..%2Fmanifest.json",
])
def test_ids_are_never_paths(ws, url):
    c = client(ws)
    r = c.get(url)
    assert r.status_code == 404
    assert "root:" not in r.text


def test_traversal_in_an_edit_writes_nothing(ws):
    c = client(ws)
    before = snapshot(ws)
    for rid, iid in (("..", "i1"), (RID, "..%2F..%2Fx"), ("%2E%2E%2Ftmp", "i1")):
        r = c.patch(f"/api/reports/{rid}/indicators/{iid}", json={"label": "x"}, headers=csrf_headers(c))
        assert r.status_code == 404
    assert snapshot(ws) == before


def test_uploaded_file_name_is_only_a_name(ws):
    c = client(ws)
    r = upload(c, SEED, name="../../evil/../002_844e24db9a45d4c4.txt",
               data=SEED.read_bytes() + "\n另外，新建站点12个。\n".encode())
    assert r.status_code == 201
    rid = r.json()["id"]
    assert "/" not in rid and not rid.startswith(".") and (ws / rid / "report.yaml").is_file()
    assert not (ws.parent / "evil").exists()


def test_oversize_upload_is_refused_and_nothing_written(ws):
    c = client(ws, **{"serve.max_upload_mb": 0.05})
    before = snapshot(ws)
    big = "新建职工之家605个。".encode() * 8000  # ~ 100 KB
    r = c.post("/api/reports", files={"file": ("big.txt", big, "text/plain")}, headers=csrf_headers(c))
    assert r.status_code == 413 and "超过上限" in r.json()["error"] and "serve.max_upload_mb" in r.json()["error"]

    def chunks():  # no Content-Length: the limit is counted while the body streams in
        boundary = b"--xyz\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(10):
            yield big[:20000]
        yield b"\r\n--xyz--\r\n"

    r = c.post("/api/reports", content=chunks(),
               headers={**csrf_headers(c), "Content-Type": "multipart/form-data; boundary=xyz"})
    assert r.status_code == 413 and "超过上限" in r.json()["error"]
    assert snapshot(ws) == before
    assert not list((ws / ".serve").glob("upload-*"))


@pytest.mark.parametrize("name, data, words", [
    ("表格.xlsx", b"PK\x03\x04 not a report", ".xlsx files are not read"),
    ("旧文件.doc", b"\xd0\xcf\x11\xe0 old word", "save .doc/.wps as .docx"),
    ("程序.exe", b"MZ\x90\x00", ".exe files are not read"),
    ("无扩展名", "新建站点3个。".encode(), "(no extension)"),
])
def test_wrong_file_type_is_refused_with_a_clear_message(ws, name, data, words):
    c = client(ws)
    before = snapshot(ws)
    r = upload(c, SEED, name=name, data=data)
    assert r.status_code == 415
    assert words in r.json()["error"] and name in r.json()["error"]
    assert snapshot(ws) == before


@pytest.mark.parametrize("name, data", [
    ("坏文件.docx", b"this is not a zip file at all"),
    ("扫描件.pdf", b"%PDF-1.4\n%broken\n"),
    ("english.txt", b"This report is written in English only, with 12 numbers and no Chinese at all.\n" * 5),
    ("图片.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
])
def test_broken_upload_gets_the_cli_line_and_keeps_earlier_results(ws, tmp_path, name, data):
    c = client(ws)
    before = snapshot(ws)
    r = upload(c, SEED, name=name, data=data)
    assert r.status_code == 400
    message = r.json()["error"]
    local = tmp_path / name
    local.write_bytes(data)
    assert message == _cli_error(tmp_path, name)
    assert "\n" not in message and "Traceback" not in message
    assert snapshot(ws) == before  # the workspace keeps earlier results intact
    assert c.get(f"/reports/{RID}").status_code == 200


def _cli_error(folder: Path, name: str) -> str:
    """What `briefgen ingest NAME` prints, run in the folder holding the file."""
    import os

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(cli, ["ingest", name, "-o", "x.yaml"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2
    return result.output.strip().splitlines()[-1]


def test_security_headers(ws):
    r = client(ws).get("/")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["referrer-policy"] == "same-origin"
