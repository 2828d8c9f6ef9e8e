"""The HTML pages: report list with upload, review of one report, previews and downloads, distribution."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import backend
from .api import report_summaries
from .downloads import BUTTONS, FILES, BuildFailed, disposition, download_name, file_response
from .security import TooLarge, check_form_csrf
from .views import KIND_CN, KIND_HELP, indicator_view, metadata_view, repairs_view, section_names, text_lines
from .workspace import EditError, NotFound, UploadError


def page(request: Request, name: str, status: int = 200, **context) -> Response:
    app = request.app
    context.setdefault("nav", "distribute" if name.startswith("distribute") else "reports")
    context.update(csrf=request.scope["state"]["csrf"], max_upload_mb=app.state.max_upload // (1024 * 1024),
                   workspace=str(app.state.ws.root))
    return app.state.templates.TemplateResponse(request, name, context, status_code=status)


def missing(request: Request) -> Response:
    return page(request, "message.html", 404, title="没有这份报告",
                message="这份报告不在工作区里（可能已被移走）。请回到报告列表重新选择。")


async def index(request: Request) -> Response:
    reports = await run_in_threadpool(report_summaries, request.app.state.ws)
    return page(request, "index.html", reports=reports, readable=", ".join(backend.READABLE_SUFFIXES))


async def report(request: Request) -> Response:
    app, rid = request.app, request.path_params["rid"]
    try:
        brief, _ = await run_in_threadpool(app.state.ws.model, rid)
    except NotFound:
        return missing(request)
    except backend.BriefgenError as e:
        return page(request, "message.html", 500, title="无法打开这份报告", message="Error: " + e.format_message())
    preview_error, version, warnings = None, "", []
    try:
        _, version, warnings = await run_in_threadpool(app.state.previews.pdf_image, rid)
    except backend.BriefgenError as e:
        preview_error = "Error: " + e.format_message()
    names = section_names(brief)
    indicators = [indicator_view(i, names) for i in brief.indicators]
    downloads = [{"fmt": f, "button": BUTTONS[f],
                  "name": download_name(brief.report.title, f)} for f in ("pdf", "docx", "pptx", "slides", "yaml")]
    return page(request, "report.html", rid=rid, brief=brief, report=brief.report, indicators=indicators,
                by_id={i["id"]: i for i in indicators},
                lines=text_lines(brief), repairs=repairs_view(brief), metadata=metadata_view(brief.report),
                kinds=KIND_CN, kind_help=KIND_HELP, version=version, warnings=warnings,
                preview_error=preview_error, downloads=downloads, saved=request.query_params.get("saved"),
                meta_error=None)


async def save_metadata(request: Request) -> Response:
    app, rid = request.app, request.path_params["rid"]
    form = await request.form()
    if not check_form_csrf(request, form):
        return page(request, "message.html", 403, title="页面已过期", message="校验码不符：请回到报告页面刷新后再保存。")
    values = {k: form.get(k, "") for k in ("title", "subtitle", "organisation", "meeting", "date_text", "date",
                                            "period_reviewed", "period_planned", "tags")}
    try:
        await run_in_threadpool(app.state.ws.update_metadata, rid, values)
    except NotFound:
        return missing(request)
    except EditError as e:
        return page(request, "message.html", 422, title="基本信息未保存", message=e.message,
                    problems=e.problems, back=f"/reports/{rid}")
    return RedirectResponse(f"/reports/{rid}?saved=1#meta", status_code=303)


async def outline(request: Request) -> Response:
    """HTML fragment: the Word summary and the slides as outlines (fetched after each edit)."""
    app, rid = request.app, request.path_params["rid"]
    try:
        word = await run_in_threadpool(app.state.previews.word_outline, rid)
        slides = await run_in_threadpool(app.state.previews.slides_outline, rid)
    except NotFound:
        return missing(request)
    except backend.BriefgenError as e:
        return page(request, "outline.html", word=[], slides=[], error="Error: " + e.format_message())
    return page(request, "outline.html", word=word, slides=slides, error=None)


async def download(request: Request) -> Response:
    rid, fmt = request.path_params["rid"], request.path_params["fmt"]
    if fmt not in FILES:
        return missing(request)
    try:
        return await run_in_threadpool(file_response, request.app.state.ws, rid, fmt)
    except NotFound:
        return missing(request)
    except BuildFailed as e:
        return page(request, "message.html", 500, title="生成文件失败", message=str(e), back=f"/reports/{rid}")


async def distribute_page(request: Request) -> Response:
    d = request.app.state.dispatcher
    roster = request.query_params.get("roster", "")
    return page(request, "distribute.html", rosters=d.rosters(), roster=roster if roster in d.rosters() else "",
                dry=None, smtp=backend.smtp_summary(request.app.state.ws.config), error=None,
                reports=await run_in_threadpool(report_summaries, request.app.state.ws))


async def distribute_action(request: Request) -> Response:
    """Form posts of the distribution page: upload a roster, dry run, send."""
    d, action = request.app.state.dispatcher, request.path_params["action"]
    try:
        form = await request.form(max_files=1, max_fields=8)
    except (TooLarge, MultiPartException):
        return page(request, "message.html", 413, title="名单文件有问题", message="名单文件太大或格式不对。",
                    back="/distribute")
    if not check_form_csrf(request, form):
        return page(request, "message.html", 403, title="页面已过期", message="校验码不符：请刷新分发页面后重试。")
    roster = str(form.get("roster") or "")
    dry, error = None, None
    try:
        if action == "roster":
            f = form.get("file")
            if not isinstance(f, UploadFile):
                raise UploadError("请选择名单文件（.yaml）")
            roster = d.save_roster(f.filename or "", await f.read())
            dry = await run_in_threadpool(d.dry_run, roster)
        elif action == "dry-run":
            dry = await run_in_threadpool(d.dry_run, roster)
        elif action == "send":
            await run_in_threadpool(d.start_send, roster)
            return RedirectResponse(f"/distribute?roster={roster}#status", status_code=303)
        else:
            return missing(request)
    except UploadError as e:
        error = e.message
    return page(request, "distribute.html", rosters=d.rosters(), roster=roster, dry=dry, error=error,
                smtp=backend.smtp_summary(request.app.state.ws.config),
                reports=await run_in_threadpool(report_summaries, request.app.state.ws))


async def outbox_file(request: Request) -> Response:
    """One dry-run message (.eml), to open in the mail program."""
    outbox = request.app.state.ws.root / "outbox"
    name = request.path_params["name"]
    names = {p.name for p in outbox.glob("*.eml")} if outbox.is_dir() else set()
    if name not in names:  # only names found in the outbox listing
        return missing(request)
    return Response((outbox / name).read_bytes(), media_type="message/rfc822",
                    headers={"content-disposition": disposition(name, name.rsplit(".", 1)[0])})


routes = [
    Route("/", index),
    Route("/reports/{rid}", report),
    Route("/reports/{rid}/metadata", save_metadata, methods=["POST"]),
    Route("/reports/{rid}/outline", outline),
    Route("/reports/{rid}/files/{fmt}", download),
    Route("/distribute", distribute_page),
    Route("/distribute/{action}", distribute_action, methods=["POST"]),
    Route("/distribute/outbox/{name}", outbox_file),
]
