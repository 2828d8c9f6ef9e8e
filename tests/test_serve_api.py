"""briefgen serve, in process: the machine API, edits saved to the YAML, previews, downloads, distribution."""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest
import yaml

pytest.importorskip("starlette")
pytest.importorskip("httpx")

import warnings  # noqa: E402

with warnings.catch_warnings():  # starlette >= 1.9 prefers the httpx2 fork; httpx works with every version
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from briefgen.config import load_config  # noqa: E402
from briefgen.serve.app import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "002_844e24db9a45d4c4.txt"
RID = SEED.stem


def client(ws: Path, *, token: str | None = None, base: str = "http://127.0.0.1:8000", **overrides) -> TestClient:
    c = TestClient(create_app(ws, load_config(None, **overrides), token=token), base_url=base)
    return c


def csrf_headers(c: TestClient) -> dict:
    if "briefgen_csrf" not in c.cookies:
        c.get("/")
    return {"X-CSRF-Token": c.cookies["briefgen_csrf"]}


def upload(c: TestClient, path: Path, name: str | None = None, data: bytes | None = None):
    content = data if data is not None else path.read_bytes()
    return c.post("/api/reports", files={"file": (name or path.name, content, "application/octet-stream")},
                  headers=csrf_headers(c))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A workspace holding the seed, uploaded once; tests get a copy."""
    ws = tmp_path_factory.mktemp("seeded")
    r = upload(client(ws), SEED)
    assert r.status_code == 201, r.text
    return ws


@pytest.fixture
def ws(seeded, tmp_path) -> Path:
    dst = tmp_path / "ws"
    shutil.copytree(seeded, dst)
    return dst


def model_file(ws: Path) -> dict:
    return yaml.safe_load((ws / RID / "report.yaml").read_text(encoding="utf-8"))


def test_healthz_and_upload_returns_id(tmp_path):
    c = client(tmp_path / "ws")
    assert c.get("/healthz").status_code == 200
    r = upload(c, SEED)
    assert r.status_code == 201
    body = r.json()
    assert body["id"] == RID and body["indicators"] > 10 and body["url"] == f"/reports/{RID}"
    assert (tmp_path / "ws" / RID / "report.yaml").is_file()
    again = upload(c, SEED)  # the same file again: the (possibly edited) model is kept
    assert again.status_code == 200 and again.json() == {**body, "existing": True}
    other = upload(c, SEED, data=SEED.read_bytes() + "\n补充一段：新建站点12个。\n".encode())
    assert other.status_code == 201 and other.json()["id"] == f"{RID}_2"


def test_get_report_is_the_yaml_model(ws):
    c = client(ws)
    r = c.get(f"/api/reports/{RID}")
    assert r.status_code == 200
    assert r.json() == json.loads(json.dumps(model_file(ws)))
    assert c.get("/api/reports").json()["reports"][0]["id"] == RID


def test_patch_changes_label_kind_and_exclusion_in_the_yaml(ws):
    c = client(ws)
    before = model_file(ws)
    ind = before["indicators"][3]
    r = c.patch(f"/api/reports/{RID}/indicators/{ind['id']}", json={"label": "  新的 名称 ", "kind": "target"},
                headers=csrf_headers(c))
    assert r.status_code == 200, r.text
    assert r.json()["indicator"]["label"] == "新的 名称"
    after = model_file(ws)
    changed = after["indicators"][3]
    assert changed["label"] == "新的 名称" and changed["kind"] == "target"
    for key in ("text", "value", "unit", "start", "end", "sentence"):
        assert changed[key] == ind[key]
    assert [i for n, i in enumerate(after["indicators"]) if n != 3] == [i for n, i in enumerate(before["indicators"]) if n != 3]
    r = c.patch(f"/api/reports/{RID}/indicators/{ind['id']}", json={"excluded": True}, headers=csrf_headers(c))
    assert r.status_code == 200 and model_file(ws)["indicators"][3]["excluded"] is True
    r = c.patch(f"/api/reports/{RID}/indicators/{ind['id']}", json={"excluded": False}, headers=csrf_headers(c))
    assert r.status_code == 200 and "excluded" not in model_file(ws)["indicators"][3]
    assert not [p for p in (ws / RID).iterdir() if p.name.startswith(".")]  # atomic writes leave no temp files


@pytest.mark.parametrize("change, words", [
    ({"value": 1}, "数字和出处不能修改"),
    ({"text": "99个"}, "数字和出处不能修改"),
    ({"label": "新建 999 个站点"}, "不在原文句子中"),
    ({"label": "   "}, "不能为空"),
    ({"kind": "guess"}, "类型只能是"),
    ({"excluded": "yes"}, "true 或 false"),
])
def test_edits_never_change_or_invent_a_number(ws, change, words):
    c = client(ws)
    before = (ws / RID / "report.yaml").read_bytes()
    iid = model_file(ws)["indicators"][0]["id"]
    r = c.patch(f"/api/reports/{RID}/indicators/{iid}", json=change, headers=csrf_headers(c))
    assert r.status_code in (400, 422)
    assert words in r.json()["error"]
    assert (ws / RID / "report.yaml").read_bytes() == before


def test_label_may_repeat_digits_of_its_own_sentence(ws):
    c = client(ws)
    ind = next(i for i in model_file(ws)["indicators"] if "12351" in i["sentence"])
    r = c.patch(f"/api/reports/{RID}/indicators/{ind['id']}", json={"label": "12351平台服务项目"}, headers=csrf_headers(c))
    assert r.status_code == 200, r.text


def test_unknown_report_or_indicator_is_404(ws):
    c = client(ws)
    assert c.get("/api/reports/nope").status_code == 404
    r = c.patch(f"/api/reports/{RID}/indicators/i999", json={"label": "x"}, headers=csrf_headers(c))
    assert r.status_code == 404 and "指标" in r.json()["error"]


def test_preview_follows_edits(ws):
    c = client(ws)
    page = c.get(f"/reports/{RID}")
    assert page.status_code == 200
    first = c.get(f"/api/reports/{RID}/preview.png")
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG")
    figure = key_figure(ws)["id"]
    r = c.patch(f"/api/reports/{RID}/indicators/{figure}", json={"label": "改过的名称"}, headers=csrf_headers(c))
    preview = r.json()["preview"]
    assert "改过的名称" in pdf_text(ws)
    assert preview["url"] not in page.text
    second = c.get(preview["url"])
    assert second.status_code == 200 and second.content != first.content
    outline = c.get(f"/reports/{RID}/outline")
    assert outline.status_code == 200 and "Word 摘要" in outline.text and "幻灯片" in outline.text


def pdf_text(ws: Path) -> str:
    """The text of the current one-page PDF preview."""
    import pdfplumber

    pdf = next((ws / ".serve" / "previews" / RID).glob("*/briefing.pdf"))
    with pdfplumber.open(pdf) as doc:
        return "".join(ch["text"] for ch in doc.pages[0].chars)


def key_figure(ws: Path) -> dict:
    """An indicator printed in the one-page PDF's 数字速览 panel, which shows each figure with its label."""
    panel = pdf_text(ws).split("数字速览", 1)[1].split("要点", 1)[0]
    model = yaml.safe_load((ws / RID / "report.yaml").read_text(encoding="utf-8"))
    # the panel may put the figure's topic before its label (冬奥服务保障 + 投入资金)
    return next(i for i in model["indicators"] if i["text"] in panel and i["label"] in panel and not i.get("excluded"))


def test_pack_zip_holds_every_output(ws):
    c = client(ws)
    r = c.get(f"/api/reports/{RID}/pack.zip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert sorted(n.rsplit("-", 1)[1] for n in names) == sorted(
        ["一页纸.pdf", "摘要.docx", "幻灯片.pptx", "幻灯片.md", "文档模型.yaml"])
    z = zipfile.ZipFile(io.BytesIO(r.content))
    pdf = next(n for n in names if n.endswith(".pdf"))
    assert z.read(pdf).startswith(b"%PDF")
    manifest = json.loads((ws / "manifest.json").read_text(encoding="utf-8"))
    assert RID in manifest["reports"]  # the workspace is a build output folder


def test_download_one_file_with_chinese_name(ws):
    c = client(ws)
    r = c.get(f"/reports/{RID}/files/docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "%E6%91%98%E8%A6%81.docx" in r.headers["content-disposition"]  # 摘要.docx
    assert c.get(f"/reports/{RID}/files/exe").status_code == 404


def test_metadata_form_needs_csrf_and_saves(ws):
    c = client(ws)
    c.get(f"/reports/{RID}")
    form = {"title": "新标题", "subtitle": "", "organisation": "某某市总工会", "meeting": "", "date_text": "",
            "date": "2024-03-05", "period_reviewed": "", "period_planned": "", "tags": "全会报告，工会"}
    bad = c.post(f"/reports/{RID}/metadata", data={**form, "csrf": "forged"}, follow_redirects=False)
    assert bad.status_code == 403 and model_file(ws)["report"]["title"] != "新标题"
    ok = c.post(f"/reports/{RID}/metadata", data={**form, "csrf": c.cookies["briefgen_csrf"]}, follow_redirects=False)
    assert ok.status_code == 303
    report = model_file(ws)["report"]
    assert report["title"] == "新标题" and report["date"] == "2024-03-05" and report["tags"] == ["全会报告", "工会"]
    assert "subtitle" not in report
    wrong = c.post(f"/reports/{RID}/metadata", data={**form, "date": "3月5日", "csrf": c.cookies["briefgen_csrf"]})
    assert wrong.status_code == 422 and "date" in wrong.text and model_file(ws)["report"]["date"] == "2024-03-05"


ROSTER = """\
recipients:
  - name: 张三
    email: zhangsan@example.org
    reports: ["*"]
    formats: [pdf, docx]
"""


def test_distribution_dry_run_send_and_live_status(ws, monkeypatch):
    from aiosmtpd.smtp import AuthResult
    from smtp_server import SmtpServer

    monkeypatch.setenv("BRIEFGEN_SMTP_PASSWORD", "s3cret-Passw0rd")
    with SmtpServer(authenticator=lambda *a: AuthResult(success=True), auth_require_tls=False) as srv:
        c = client(ws, **{"distribute.from": "office@example.org", "distribute.smtp.host": "127.0.0.1",
                          "distribute.smtp.port": srv.port, "distribute.smtp.security": "none",
                          "distribute.smtp.user": "office", "distribute.retries": 1})
        c.get("/distribute")
        token = c.cookies["briefgen_csrf"]
        dry = c.post("/distribute/roster", data={"csrf": token},
                     files={"file": ("名单.yaml", ROSTER.encode(), "application/yaml")})
        assert dry.status_code == 200 and "zhangsan@example.org" in dry.text and "一页纸.pdf" in dry.text
        assert not srv.handler.received  # a dry run sends nothing
        assert (ws / "rosters" / "名单.yaml").is_file()
        sent = c.post("/distribute/send", data={"csrf": token, "roster": "名单.yaml"}, follow_redirects=False)
        assert sent.status_code == 303
        for _ in range(200):
            status = c.get("/api/delivery").json()
            if status["job"] and not status["job"]["running"]:
                break
            time.sleep(0.05)
        assert status["job"]["error"] is None, status["job"]
        assert [(d["recipient"], d["status"]) for d in status["deliveries"]] == [("zhangsan@example.org", "sent")]
        assert len(srv.handler.received) == 1 and srv.handler.auth == [("office", "s3cret-Passw0rd")]
        for page in (c.get("/distribute").text, json.dumps(status, ensure_ascii=False), dry.text):
            assert "s3cret-Passw0rd" not in page  # the SMTP password never reaches the browser


def test_distribution_names_a_bad_roster(ws):
    c = client(ws)
    c.get("/distribute")
    r = c.post("/distribute/roster", data={"csrf": c.cookies["briefgen_csrf"]},
               files={"file": ("r.yaml", b"recipients:\n  - name: x\n    email: not-an-address\n", "application/yaml")})
    assert r.status_code == 200 and "Error: " in r.text and "not-an-address" in r.text
    r = c.post("/distribute/dry-run", data={"csrf": c.cookies["briefgen_csrf"], "roster": "../manifest.json"})
    assert "没有名为" in r.text
