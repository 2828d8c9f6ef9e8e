"""Downloads: one built file under a Chinese name, or the whole pack as a zip."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

from starlette.responses import Response

from . import backend
from .workspace import Workspace

#: format -> (what it is, file-name suffix, media type)
FILES = {
    "pdf": ("一页纸", ".pdf", "application/pdf"),
    "docx": ("摘要", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pptx": ("幻灯片", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "slides": ("幻灯片", ".md", "text/markdown; charset=utf-8"),
    "yaml": ("文档模型", ".yaml", "application/yaml; charset=utf-8"),
}
#: format -> button text on the page
BUTTONS = {"pdf": "一页纸（.pdf）", "docx": "Word 摘要（.docx）", "pptx": "幻灯片（.pptx）",
           "slides": "幻灯片文字稿（.md）", "yaml": "文档模型（.yaml）"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class BuildFailed(Exception):
    """The outputs could not be built; the message is briefgen's one-line error."""


def stem(title: str) -> str:
    s = _UNSAFE.sub("_", " ".join(title.split())).strip(" .")
    return s[:60].rstrip(" .") or "报告"


def download_name(title: str, fmt: str) -> str:
    what, suffix, _ = FILES[fmt]
    return f"{stem(title)}-{what}{suffix}"


def disposition(name: str, fallback: str = "briefgen") -> str:
    """attachment with the UTF-8 name (RFC 6266 / 5987) and a plain ASCII name for old clients."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", fallback) + Path(name).suffix
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def ensure_built(ws: Workspace, rid: str) -> None:
    errors = ws.build([rid])
    if errors:
        raise BuildFailed(errors[0])


def file_response(ws: Workspace, rid: str, fmt: str) -> Response:
    ensure_built(ws, rid)
    brief, _ = ws.model(rid)
    data = ws.output(rid, fmt).read_bytes()
    name = download_name(brief.report.title, fmt)
    fallback = f"{rid}-{Path(backend.OUTPUT_FILES.get(fmt, backend.MODEL_FILE)).stem}"
    return Response(data, media_type=FILES[fmt][2], headers={"content-disposition": disposition(name, fallback)})


def pack_response(ws: Workspace, rid: str) -> Response:
    """Every output of the report (and its model) in one zip, file names as in the downloads."""
    ensure_built(ws, rid)
    brief, _ = ws.model(rid)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for fmt in ("pdf", "docx", "pptx", "slides", "yaml"):
            info = zipfile.ZipInfo(download_name(brief.report.title, fmt), _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, ws.output(rid, fmt).read_bytes())
    name = f"{stem(brief.report.title)}-简报材料.zip"
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"content-disposition": disposition(name, f"{rid}-pack")})


def formats() -> list[str]:
    return list(backend.OUTPUT_FILES) + ["yaml"]
