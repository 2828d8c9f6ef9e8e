"""What the Word summary and the one-page PDF show: their template variables from :mod:`.briefing`.

Registered as the ``select`` step of the docx and pdf formats, so ``briefgen.select(brief, "docx")``
shows exactly what the summary will say. ``selection_warnings`` carries what was left out; the renderers
return it with their own warnings (build writes them into ``manifest.json``).
"""

from __future__ import annotations

import math

from ..model import Brief
from .briefing import Briefing, Unit, build_briefing
from .escape import esc

#: Body lines of one A4 page at the official preset (GB/T 9704: 22 lines of 28 characters).
PAGE_LINES = 22
#: Lines taken by the subtitle and meta lines, the four headings, the colophon (framed, with its rules)
#: and a line of slack for paragraph ends.
OVERHEAD_LINES = 10
#: The one-page PDF's budget: lines of about this many characters below the header and figure panel
#: (the renderer still shrinks the type or leaves out the last points to fit, with a warning).
PDF_LINES, PDF_CHARS = 36, 46
#: Sources up to this many characters get a two-page summary, up to twice as long three, longer ones four.
SHORT_SOURCE = 7000


def summary_pages(brief: Brief) -> int:
    """Pages the Word summary aims at: 2 for a report like the seeds, up to 4 for a long one."""
    n = len(brief.text or "")
    return 2 if n <= SHORT_SOURCE else (3 if n <= 2 * SHORT_SOURCE else 4)


def meta_line(brief: Brief, organisation: str | None) -> str:
    """Organisation · meeting · date, leaving out what the title or subtitle already says."""
    r = brief.report
    said = (r.title or "") + (r.subtitle or "")
    parts = [x for x in (organisation or r.organisation, r.meeting, r.date_text or r.date) if x]
    return "　".join(esc(x) for x in parts if str(x) not in said)


def _units_text(units: list[Unit]) -> list[Unit]:
    return [u for u in units if u.title or u.points]


def docx_select(brief: Brief, context: dict, config) -> dict:
    """Template variables of the Word summary (``length`` full keeps the long form as well)."""
    from ..renderers.docx.style import MM, resolve

    style = resolve(config)
    per_line = int(style.text_width_pt // style.sizes["body"]) or 28
    page_lines = int((style.page_mm[1] - style.margins["top"] - style.margins["bottom"]) * MM // style.line)
    pages = summary_pages(brief)
    length = getattr(config.docx, "length", "summary")
    overhead = OVERHEAD_LINES * PAGE_LINES / page_lines if page_lines > PAGE_LINES else OVERHEAD_LINES
    budget = page_lines * pages - int(overhead) - (3 if pages == 2 else 6)  # slack for paragraph ends
    title_lines = math.ceil(len(brief.report.title or "") / (style.text_width_pt / style.sizes["title"] - 1)) \
        * 1.6 * style.sizes["title"] / style.line  # title type on a 1.6 pitch
    b = build_briefing(brief, budget - math.ceil(title_lines), n_headline=int(config.pdf.key_figures),
                       point_chars=70 if pages == 2 else 110, table_rows=8 if pages == 2 else 16,
                       per_line=per_line, with_overview=pages > 2)
    return dict(context, **_common(brief, b, context), length=length,
                pages=pages, selection_warnings=[f"summary: {w}" for w in b.omitted] if length != "full" else [])


def pdf_select(brief: Brief, context: dict, config) -> dict:
    """Template variables of the one-page PDF: headline figures, 要点 per unit, 下一步 apart."""
    b = build_briefing(brief, PDF_LINES, n_headline=int(config.pdf.key_figures), point_chars=80, table_rows=0,
                       per_line=PDF_CHARS)
    return dict(context, **_common(brief, b, context), selection_warnings=[])


def _common(brief: Brief, b: Briefing, context: dict) -> dict:
    shown = "".join(u.title + u.text for u in b.results + b.steps)
    areas_missing = [a for a in b.area_names if a not in shown]
    return {
        "briefing": b,
        "headline": b.headline,
        "overview": b.overview,
        "result_units": _units_text(b.results),
        "step_units": _units_text(b.steps),
        "table": b.table,
        "areas_line": "、".join(b.area_names) if areas_missing else "",
        "meta_line": meta_line(brief, context.get("organisation")),
        "title": esc(brief.report.title),
        "subtitle": esc(brief.report.subtitle or ""),
        "source_file": esc(brief.report.source.file if brief.report.source else ""),
        "source_line": esc(source_line(brief, context.get("organisation"))),
        "source_short": esc(source_line(brief, context.get("organisation"), with_file=False)),
        "esc": esc,
    }


def source_line(brief: Brief, organisation: str | None, with_file: bool = True) -> str:
    """Where the briefing comes from, as a reader names it: the issuing body and the report's date, then
    the file it was read from (its hash and briefgen's version stay in report.yaml and the manifest)."""
    r = brief.report
    said = "　".join(x for x in (organisation or r.organisation, r.date_text or r.date) if x)
    file = r.source.file if r.source else ""
    return f"{said}（{file}）" if said and file and with_file else said or file
