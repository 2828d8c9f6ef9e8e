"""Text dumps of built outputs for golden tests: what a reviewer reads in a diff.

- docx: one line per paragraph, ``[style] text``, and table rows as ``| a | b |``, in body order;
- pdf: the page count, then the text lines of each page with the font size of their first character;
- pptx: per slide its layout, each shape's kind and paragraphs (with indent level), chart data, notes.
"""

from __future__ import annotations

import io
from pathlib import Path


def dump_docx(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(str(path))
    out: list[str] = []
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            out.append(f"[{p.style.name}] {p.text}")
        elif tag == "tbl":
            t = Table(child, d)
            for row in t.rows:
                out.append("| " + " | ".join(c.text.replace("\n", " / ") for c in row.cells) + " |")
    for s in d.sections:
        for p in s.footer.paragraphs:
            if p.text.strip():
                out.append(f"[footer] {p.text}")
    return "\n".join(out) + "\n"


def dump_pdf(path: Path) -> str:
    import pdfplumber

    out: list[str] = []
    with pdfplumber.open(str(path)) as pdf:
        out.append(f"pages: {len(pdf.pages)}")
        for n, page in enumerate(pdf.pages, 1):
            out.append(f"--- page {n}")
            for line in page.extract_text_lines(layout=False, strip=True):
                size = round(line["chars"][0]["size"], 1) if line.get("chars") else 0
                out.append(f"[{size}] {line['text']}")
    return "\n".join(out) + "\n"


def dump_pptx(path: Path) -> str:
    from pptx import Presentation

    prs = Presentation(str(path))
    out = [f"slide size: {prs.slide_width}x{prs.slide_height}"]
    for n, slide in enumerate(prs.slides, 1):
        out.append(f"--- slide {n} [{slide.slide_layout.name}]")
        for shape in slide.shapes:
            kind = "placeholder" if shape.is_placeholder else shape.shape_type
            if shape.has_text_frame:
                paras = [p for p in shape.text_frame.paragraphs if p.text.strip()]
                if not paras:
                    continue
                out.append(f"  {shape.name} ({kind})")
                for p in paras:
                    out.append(f"    {'  ' * p.level}{p.text}")
            elif getattr(shape, "has_chart", False) and shape.has_chart:
                chart = shape.chart
                out.append(f"  {shape.name} (chart {chart.chart_type})")
                cats = list(chart.plots[0].categories) if chart.plots else []
                for s in chart.series:
                    out.append(f"    series {s.name}: " + ", ".join(f"{c}={v}" for c, v in zip(cats, s.values)))
            elif getattr(shape, "has_table", False) and shape.has_table:
                out.append(f"  {shape.name} (table)")
                for row in shape.table.rows:
                    out.append("    | " + " | ".join(c.text for c in row.cells) + " |")
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame.text.strip()
            if notes:
                out.append("  notes: " + notes.replace("\n", " / "))
    return "\n".join(out) + "\n"


DUMPERS = {".docx": dump_docx, ".pdf": dump_pdf, ".pptx": dump_pptx}


def dump(path: Path) -> str:
    """The text dump of one output file (text files are taken as they are)."""
    f = DUMPERS.get(path.suffix)
    return f(path) if f else path.read_text(encoding="utf-8")
