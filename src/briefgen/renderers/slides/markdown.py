"""Slides as Markdown (Marp / reveal.js): one slide per keyword area, condensed bullets, notes.

The template (slides.md.j2) is the deck: its output is written as-is here, and the .pptx renderer
reads the same output, so an office edits one template for both. The ``slides`` variable the template
sees comes from :mod:`briefgen.selection.slides`.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ...config import Config
from ...fsutil import write_text
from ...model import Brief
from ...selection.slides import slide_context, unshown
from ...templating import render as render_template
from .. import Rendered
from . import MARKDOWN
from .deck import area_parts, excerpt_markdown

TEMPLATE = MARKDOWN.template


def deck_markdown(brief: Brief, env: jinja2.Environment, context: dict, cfg: Config) -> tuple[str, list]:
    """The deck as Markdown (the template output) and the area slides it was made from; template
    problems raise TemplateError."""
    if "slides" not in context:  # a caller that did not select for the slides formats
        context = slide_context(brief, context, cfg)
    return render_template(env, TEMPLATE, context), context["slides"]


def render(brief: Brief, env: jinja2.Environment, context: dict, out_path: Path, cfg: Config) -> Rendered:
    """Write the deck; the result says which keyword area each slide shows."""
    if "slides" not in context:
        context = slide_context(brief, context, cfg)
    text, slides = deck_markdown(brief, env, context, cfg)
    write_text(out_path, text)
    return Rendered(unshown(context), area_parts(text, slides))


def excerpt(data: bytes, parts: list[str], keep: set[str]) -> bytes:
    """The built deck with only the common slides and those of the keyword areas in *keep*."""
    return excerpt_markdown(data, parts, keep)
