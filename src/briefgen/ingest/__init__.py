"""Ingest: a report file (text, Markdown, .docx, .pdf) to the document model.

sources/ (bytes to text) → normalise (clean-up) → structure → indicators → areas, metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Brief, Report, Source
from . import areas, indicators, metadata, structure
from .normalise import clean
from .sources import READABLE, read_source

__all__ = ["READABLE", "ingest", "ingest_text", "read_source", "report_id"]


def report_id(path: Path) -> str:
    """A file-safe id from the file name."""
    rid = re.sub(r"[\s/\\:*?\"<>|]+", "_", path.stem).strip("._") or "report"
    return rid


def ingest(path: str | Path, encoding: str | None = None) -> Brief:
    """Read one report and build its document model."""
    path = Path(path)
    raw, source, repairs = read_source(path, encoding)
    return ingest_text(raw, source, report_id(path), repairs)


def ingest_text(raw: str, source: Source, rid: str, repairs: list | None = None) -> Brief:
    """Build the document model from already-decoded report text."""
    cleaned = clean(raw)
    repairs = list(repairs or []) + cleaned.repairs
    cjk = len(re.findall(r"[\u4e00-\u9fff]", raw))
    if not cjk:
        raise InputError(f"{source.file}: no Chinese text found; briefgen reads Chinese reports")
    latin = len(re.findall(r"[A-Za-z]", raw))
    if cjk < 0.3 * (cjk + latin):  # real reports are > 80 % hanzi among letters
        raise InputError(f"{source.file}: mostly non-Chinese text ({100 * cjk // (cjk + latin)}% hanzi); "
                         "briefgen reads Chinese reports — check that this is the right file")
    doc = structure.build(cleaned.lines, repairs, cleaned.meta)
    text_lines = [ln.text for ln in cleaned.lines]
    offsets, pos = {}, 0
    for ln in cleaned.lines:
        offsets[ln.line] = pos
        pos += len(ln.text) + 1
    text = "\n".join(text_lines)
    for b in doc.blocks:
        b.offset = offsets[b.line]
    if not doc.title:
        raise InputError(f"{source.file}: no title line found; the first line of a report should be its title")
    kinds = {s.id: s.kind for top in doc.sections for s in top.walk()}
    body = [b for b in doc.blocks]
    inds = indicators.extract(body, doc.block_section, kinds)
    meta = metadata.find_meta(doc.title, doc.subtitle, [b.text for b in doc.lead], doc.sections, cleaned.meta)
    report = Report(id=rid, title=doc.title, source=source, subtitle=doc.subtitle,
                    lead=[b.text for b in doc.lead], **meta)
    return Brief(report=report, sections=doc.sections, keyword_areas=areas.derive(doc.sections),
                 indicators=inds, repairs=repairs, text=text)
