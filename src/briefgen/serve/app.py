"""Assemble the web app (routes, templates, static files, guard) and run it with uvicorn."""

from __future__ import annotations

import secrets
import sys
import threading
import webbrowser
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from . import api, backend, pages
from .distribution import Dispatcher
from .previews import Previews
from .security import Guard, TooLarge, is_loopback
from .workspace import Workspace


def _too_large(request, exc):
    limit = request.app.state.max_upload / 1024 / 1024
    return JSONResponse({"error": f"上传内容超过上限 {limit:.0f} MB（配置项 serve.max_upload_mb），未保存任何内容。"},
                        status_code=413)


def create_app(workspace: Path, config, *, token: str | None = None) -> Starlette:
    """The app serving *workspace* (a `briefgen build` output folder). *token*: required on every request
    (give one when serving beyond loopback); None: loopback only, checked by the Host header."""
    max_upload = int(float(config.serve.max_upload_mb) * 1024 * 1024)
    env = ImmutableSandboxedEnvironment(loader=jinja2.PackageLoader("briefgen.serve", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    app = Starlette(
        routes=api.routes + pages.routes + [Mount("/static", StaticFiles(packages=[("briefgen.serve", "static")]),
                                                  name="static")],
        middleware=[Middleware(Guard, token=token, max_upload=max_upload)],
        exception_handlers={TooLarge: _too_large},
    )
    ws = Workspace(workspace, config)
    app.state.ws = ws
    app.state.previews = Previews(ws)
    app.state.dispatcher = Dispatcher(ws)
    app.state.templates = Jinja2Templates(env=env)
    app.state.max_upload = max_upload
    return app


def run(*, host: str, port: int, workspace: Path, config, open_browser: bool = True) -> None:
    """Serve until Ctrl+C. Off loopback an access token is required (serve.token, or a new random one)."""
    import socket

    import uvicorn

    workspace = Path(workspace)
    if workspace.exists() and not workspace.is_dir():
        raise backend.BriefgenError(f"{workspace}: is a file, not a folder; give --workspace a folder")
    try:  # a busy port is a one-line error, not a server log
        with socket.create_server((host, port)):
            pass
    except OSError as e:
        raise backend.BriefgenError(f"{host}:{port}: cannot listen here ({e.strerror}); "
                                    "choose another --port or --host") from None
    token = None
    if not is_loopback(host):
        token = config.serve.token or secrets.token_urlsafe(24)
    app = create_app(workspace, config, token=token)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"
    if token:
        url += f"?token={token}"
    print(f"briefgen serve: workspace {app.state.ws.root}", file=sys.stderr)
    print(f"Open {url}   (Ctrl+C stops the server)", file=sys.stderr)
    if token:
        print(f"Access token: {token}  (every request must carry it; other machines: replace the address)",
              file=sys.stderr)
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
