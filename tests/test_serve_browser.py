"""briefgen serve in a real browser (Debian's chromium driven by Playwright): upload a seed, fix a label,
see the PDF preview change, exclude a figure, download the pack; wrong and broken files shown on the page."""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest
import yaml

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
uvicorn = pytest.importorskip("uvicorn")

from briefgen.config import load_config  # noqa: E402
from briefgen.serve.app import create_app  # noqa: E402
from test_serve_api import key_figure, pdf_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "002_844e24db9a45d4c4.txt"
RID = SEED.stem
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module: (base url, workspace)."""
    ws = tmp_path_factory.mktemp("browser-ws")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(ws, load_config(None)), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield f"http://127.0.0.1:{port}", ws
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors  # no script errors on any page


def _upload(page, base: str, path: Path) -> None:
    page.goto(base + "/")
    page.set_input_files("#file", str(path))


def test_upload_review_fix_preview_download(page, server, tmp_path):
    base, ws = server
    _upload(page, base, SEED)
    link = page.get_by_role("link", name="去核对 →")
    link.wait_for(timeout=30000)
    assert "读取完成" in page.locator("#uploads").inner_text()
    link.click()
    page.wait_for_url(f"**/reports/{RID}")
    assert page.locator("mark.ind").count() >= 10

    # click a highlighted figure: its sentence, label, value, unit, kind and section appear
    first = page.locator("mark.ind").first
    first.click()
    detail = page.locator("#detail").inner_text()
    for word in ("原文数字", "指标名称", "数值", "单位", "类型", "所在章节", "原句"):
        assert word in detail
    assert first.inner_text() in detail

    # fix a label that the one-page PDF shows: the preview image changes
    figure = key_figure(ws)
    img = page.locator("#pdf-preview")
    old_src = img.get_attribute("src")
    old_png = page.request.get(base + old_src).body()
    row = page.locator(f'#indicators tr[data-id="{figure["id"]}"]')
    row.locator("input[name=label]").fill("改正后的指标名称")
    row.locator("input[name=label]").press("Enter")
    sync_api.expect(row.locator(".state")).to_have_text("已保存 ✓", timeout=15000)
    page.wait_for_function("(old) => document.querySelector('#pdf-preview').getAttribute('src') !== old", arg=old_src)
    new_src = img.get_attribute("src")
    new_png = page.request.get(base + new_src).body()
    assert new_png.startswith(b"\x89PNG") and new_png != old_png
    assert "改正后的指标名称" in pdf_text(ws)
    saved = yaml.safe_load((ws / RID / "report.yaml").read_text(encoding="utf-8"))
    assert next(i for i in saved["indicators"] if i["id"] == figure["id"])["label"] == "改正后的指标名称"

    # an invented number is refused on the page, and the field shows what is saved
    row.locator("input[name=label]").fill("新建 88888 个")
    row.locator("input[name=label]").press("Enter")
    sync_api.expect(row.locator(".state")).to_contain_text("不在原文句子中", timeout=15000)
    assert row.locator("input[name=label]").input_value() == "改正后的指标名称"

    # exclude a figure: struck through in the text, saved in the YAML
    row.locator("input[name=excluded]").check()
    sync_api.expect(row.locator(".state")).to_have_text("已保存 ✓", timeout=15000)
    assert "ex" in page.locator(f'mark.ind[data-id="{figure["id"]}"]').get_attribute("class").split()
    saved = yaml.safe_load((ws / RID / "report.yaml").read_text(encoding="utf-8"))
    assert next(i for i in saved["indicators"] if i["id"] == figure["id"])["excluded"] is True

    # the Word summary and slides outlines are there
    sync_api.expect(page.locator("#outline .slide").first).to_be_visible(timeout=15000)

    # download the whole pack
    with page.expect_download() as info:
        page.get_by_role("link", name="全部打包下载（.zip）").click()
    target = tmp_path / "pack.zip"
    info.value.save_as(target)
    names = zipfile.ZipFile(target).namelist()
    assert len(names) == 5 and any(n.endswith("一页纸.pdf") for n in names)
    pdf_bytes = zipfile.ZipFile(io.BytesIO(target.read_bytes())).read(next(n for n in names if n.endswith(".pdf")))
    assert pdf_bytes.startswith(b"%PDF")


def test_wrong_and_broken_files_are_explained_on_the_page(page, server, tmp_path):
    base, ws = server
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"this is not a zip file")
    wrong = tmp_path / "表格.xlsx"
    wrong.write_bytes(b"PK\x03\x04")
    before = sorted(p.name for p in ws.iterdir())
    page.goto(base + "/")
    page.set_input_files("#file", [str(bad), str(wrong)])
    items = page.locator("#uploads li")
    sync_api.expect(items.nth(0)).to_contain_text("读取失败：Error: 坏文件.docx: is not a readable .docx", timeout=15000)
    sync_api.expect(items.nth(1)).to_contain_text("不能读取 .xlsx 文件")
    assert sorted(p.name for p in ws.iterdir()) == before


def test_metadata_form_and_distribution_page(page, server):
    base, ws = server
    if not (ws / RID).is_dir():
        shutil.copy(SEED, ws.parent / SEED.name)
        _upload(page, base, SEED)
        page.get_by_role("link", name="去核对 →").wait_for(timeout=30000)
    page.goto(f"{base}/reports/{RID}")
    page.fill("input[name=organisation]", "测试单位")
    page.get_by_role("button", name="保存基本信息").click()
    sync_api.expect(page.locator("#meta .ok")).to_have_text("已保存 ✓")
    assert page.locator("input[name=organisation]").input_value() == "测试单位"
    page.goto(f"{base}/distribute")
    assert "上传分发名单" in page.content()
