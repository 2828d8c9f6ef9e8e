"""One renderer module per output format; imported only when used (keeps `briefgen --help` fast).

A renderer module defines FORMAT, SUFFIX, TEMPLATE and
``render(brief, env, context, out_path, cfg) -> list[str]`` (warnings), writing *out_path* atomically.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import BriefgenError

RENDERERS = {
    "docx": "briefgen.renderers.docx.writer",
    "pdf": "briefgen.renderers.pdf.render",
    "slides": "briefgen.renderers.slides.markdown",
    "pptx": "briefgen.renderers.slides.pptx",
}


def get_renderer(fmt: str) -> ModuleType:
    if fmt not in RENDERERS:
        raise BriefgenError(f"unknown format {fmt!r}; choose from {', '.join(RENDERERS)}")
    return importlib.import_module(RENDERERS[fmt])
