"""The machine API (JSON) beside the page: health, upload, model, indicator edits, pack, preview image, delivery."""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import backend
from .downloads import BuildFailed, pack_response
from .security import TooLarge, size_text
from .views import indicator_view, section_names
from .workspace import EditError, NotFound, UploadError


def error(message: str, status: int, **extra) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def not_found(what: str = "报告") -> JSONResponse:
    return error(f"没有这个{what}（编号不存在）", 404)


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def list_reports(request: Request) -> Response:
    ws = request.app.state.ws
    return JSONResponse({"reports": await run_in_threadpool(report_summaries, ws)})


def report_summaries(ws) -> list[dict]:
    out = []
    for rid in ws.ids():
        try:
            brief, _ = ws.model(rid)
        except backend.BriefgenError as e:
            out.append({"id": rid, "title": rid, "error": "Error: " + e.format_message()})
            continue
        r = brief.report
        out.append({"id": rid, "title": r.title, "organisation": r.organisation or "", "meeting": r.meeting or "",
                    "indicators": len(brief.indicators),
                    "excluded": sum(1 for i in brief.indicators if getattr(i, "excluded", False)),
                    "file": r.source.file, "error": None})
    return out


async def upload(request: Request) -> Response:
    """POST /api/reports, multipart field ``file``: read the report; JSON with its id."""
    ws = request.app.state.ws
    limit = request.app.state.max_upload
    try:
        form = await request.form(max_files=1, max_fields=4)
    except TooLarge:
        return error(f"上传内容超过上限 {size_text(limit)}（配置项 serve.max_upload_mb），未保存任何内容。", 413)
    except MultiPartException as e:
        return error(f"上传格式不对（{e.message}）；请用表单字段 file 上传一个文件。", 400)
    try:
        f = form.get("file")
        if not isinstance(f, UploadFile):
            return error("没有收到文件：请用表单字段 file 上传报告（.txt、.md、.docx 或 .pdf）。", 400)
        try:
            added = await run_in_threadpool(ws.add_upload, f.filename or "", f.file)
        except UploadError as e:
            return error(e.message, e.status)
        brief, _ = await run_in_threadpool(ws.model, added.id)
    finally:
        await form.close()
    try:  # the preview is ready when the page opens; a renderer problem is shown there, not here
        await run_in_threadpool(request.app.state.previews.pdf_image, added.id)
    except backend.BriefgenError:
        pass
    return JSONResponse({"id": added.id, "existing": added.existing, "title": brief.report.title,
                         "indicators": len(brief.indicators), "url": f"/reports/{added.id}"},
                        status_code=200 if added.existing else 201)


async def get_report(request: Request) -> Response:
    """GET /api/reports/{id}: the document model as JSON (what report.yaml holds)."""
    ws = request.app.state.ws
    try:
        brief, _ = await run_in_threadpool(ws.model, request.path_params["rid"])
    except NotFound:
        return not_found()
    return JSONResponse(backend.model_dict(brief))


async def patch_indicator(request: Request) -> Response:
    """PATCH /api/reports/{id}/indicators/{indicator_id} with JSON {label?, kind?, excluded?}."""
    app = request.app
    rid, iid = request.path_params["rid"], request.path_params["iid"]
    try:
        changes = json.loads(await request.body() or b"{}")
    except ValueError:
        return error("请求内容不是 JSON", 400)
    if not isinstance(changes, dict) or not changes:
        return error("请给出要修改的 label、kind 或 excluded", 400)
    try:
        ind = await run_in_threadpool(app.state.ws.update_indicator, rid, iid, changes)
        brief, _ = await run_in_threadpool(app.state.ws.model, rid)
        _, version, warnings = await run_in_threadpool(app.state.previews.pdf_image, rid)
    except NotFound as e:
        return not_found("报告" if str(e) == rid else "指标")
    except EditError as e:
        return error(e.message, 422, problems=e.problems)
    except backend.BriefgenError as e:
        return error("Error: " + e.format_message(), 500)
    current = next(i for i in brief.indicators if i.id == iid)
    return JSONResponse({"indicator": ind, "view": indicator_view(current, section_names(brief)),
                         "preview": {"version": version, "url": f"/api/reports/{rid}/preview.png?v={version}",
                                     "warnings": warnings}})


async def pack(request: Request) -> Response:
    """GET /api/reports/{id}/pack.zip: the one-page PDF, Word summary, slides and the model."""
    try:
        return await run_in_threadpool(pack_response, request.app.state.ws, request.path_params["rid"])
    except NotFound:
        return not_found()
    except BuildFailed as e:
        return error(str(e), 500)


async def preview_png(request: Request) -> Response:
    try:
        png, _, _ = await run_in_threadpool(request.app.state.previews.pdf_image, request.path_params["rid"])
    except NotFound:
        return not_found()
    except backend.BriefgenError as e:
        return error("Error: " + e.format_message(), 500)
    return FileResponse(png, media_type="image/png", headers={"cache-control": "private, max-age=3600"})


async def delivery(request: Request) -> Response:
    """GET /api/delivery: the delivery ledger's latest state per recipient and the send job."""
    return JSONResponse(await run_in_threadpool(request.app.state.dispatcher.status))


routes = [
    Route("/healthz", healthz),
    Route("/api/reports", list_reports, methods=["GET"]),
    Route("/api/reports", upload, methods=["POST"]),
    Route("/api/reports/{rid}", get_report),
    Route("/api/reports/{rid}/indicators/{iid}", patch_indicator, methods=["PATCH"]),
    Route("/api/reports/{rid}/pack.zip", pack),
    Route("/api/reports/{rid}/preview.png", preview_png),
    Route("/api/delivery", delivery),
]
