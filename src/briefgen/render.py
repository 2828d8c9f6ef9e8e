"""Render one document model to one output format."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .config import Config
from .select.context import build_context
from .model import Brief
from .renderers import get_renderer
from .templating import make_env


def render(fmt: str, brief: Brief, out_path: str | Path, cfg: Config,
           env: jinja2.Environment | None = None, context: dict | None = None) -> list[str]:
    """Write *brief* as *fmt* to *out_path*; returns warnings (e.g. what the one-page PDF left out)."""
    mod = get_renderer(fmt)
    env = env or make_env(cfg.get("templates"))
    context = context if context is not None else build_context(brief, cfg.template_settings())
    return mod.render(brief, env, context, Path(out_path), cfg) or []
