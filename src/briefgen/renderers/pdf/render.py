"""One-page PDF briefing (一页纸): the template's blocks composed into a page (page.py), laid out and fitted (layout.py, fit.py)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from reportlab.platypus.doctemplate import LayoutError

from ... import __version__
from . import FORMAT
from . import linebreak as cjkwrap
from ...selection.escape import unescape_blocks
from ...templating.blocks import parse
from ...clock import build_datetime
from ...config import Config
from ...errors import ConfigError, RenderError
from ...fsutil import write_bytes
from ...model import Brief
from .fit import Meta, fit
from .page import compose
from .fonts import FontError, register_fonts
from ...templating import render as render_template

TEMPLATE = FORMAT.template


def preload(cfg: Config) -> None:
    """What a render worker does while the report is still being read: register the fonts."""
    register_fonts(cfg.pdf.font_regular, cfg.pdf.font_bold)
    cjkwrap.install()


def render(brief: Brief, env: jinja2.Environment, context: dict, out_path: Path, cfg: Config) -> list[str]:
    """Write the one-page briefing of *brief* to *out_path*; returns what was left out to fit, one line each."""
    markup = render_template(env, TEMPLATE, context)
    sheet = compose(unescape_blocks(parse(markup)), TEMPLATE)
    try:
        fs = register_fonts(cfg.pdf.font_regular, cfg.pdf.font_bold)
    except FontError as e:
        where = f"{cfg.path}: " if cfg.path else ""
        raise ConfigError(f"{where}pdf.font_regular/pdf.font_bold: {e}") from None
    cjkwrap.install()  # 避头尾 and numbers kept with their units, for every wordWrap="CJK" paragraph
    min_size = float(cfg.pdf.min_font_size)
    max_size = float(cfg.pdf.max_font_size)
    r = brief.report
    meta = Meta(
        title=r.title,
        author=str(context.get("author") or context.get("organisation") or ""),
        subject=r.subtitle or str(context.get("meta_line") or ""),
        keywords=list(r.tags),
        creator=f"briefgen {__version__}",
        epoch=build_datetime().timestamp(),
    )
    try:
        result = fit(sheet, fs, [i.text for i in brief.indicators], meta, min_size=max(min_size, 8.0),
                     max_size=max_size)
    except LayoutError as e:
        raise RenderError(f"{out_path}: cannot lay out the one-page PDF ({e})") from None
    write_bytes(out_path, result.pdf)
    return list(context.get("selection_warnings", [])) + result.warnings
