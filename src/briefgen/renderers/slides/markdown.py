"""Slides as Markdown (Marp / reveal.js): one slide per keyword area, condensed bullets, notes.

The template (slides.md.j2) is the deck: its output is written as-is here, and the .pptx renderer
reads the same output, so an office edits one template for both. The ``slides`` variable the template
sees comes from :mod:`briefgen.select.slides`.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ...config import Config
from ...fsutil import write_text
from ...model import Brief
from ...select.slides import CONTINUED, slide_context
from ...templating import render as render_template
from . import MARKDOWN

TEMPLATE = MARKDOWN.template


def render_markdown(brief: Brief, env: jinja2.Environment, context: dict, cfg: Config) -> str:
    """The deck as Markdown (the template output); template problems raise TemplateError."""
    if "slides" not in context:  # a caller that did not select for the slides formats
        context = slide_context(brief, context, cfg)
    return render_template(env, TEMPLATE, context)


def render(brief: Brief, env: jinja2.Environment, context: dict, out_path: Path, cfg: Config) -> list[str]:
    text = render_markdown(brief, env, context, cfg)
    write_text(out_path, text)
    return []
