"""Ingest: a report file (text, Markdown, .docx, .pdf) to the document model.

sources/ (bytes to text) → normalise (clean-up) → structure → indicators → areas, metadata.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Brief, Repair, Report, Source
from ..text.recache import rx
from . import areas, backmatter, indicators, metadata, structure
from .normalise import clean
from .sources import READABLE, read_source
from ..text.width import fold_digits
from .titleblock import is_salutation

__all__ = ["READABLE", "ingest", "ingest_text", "read_source", "report_id"]


def report_id(path: Path) -> str:
    """A file-safe id from the file name."""
    stem = path.stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")  # bytes of another encoding
    rid = rx(r"[\s/\\:*?\"<>|\x00-\x1f\x7f\ufffd]+").sub("_", stem).strip("._")[:100].strip("._") or "report"
    return rid


def ingest(path: str | Path, encoding: str | None = None) -> Brief:
    """Read one report and build its document model."""
    path = Path(path)
    raw, source, repairs = read_source(path, encoding)
    return ingest_text(raw, source, report_id(path), repairs)


#: Fewer hanzi than this is not a report (real work summaries have hundreds; a headline and one sentence pass).
MIN_HANZI = 10


def ingest_text(raw: str, source: Source, rid: str, repairs: list | None = None) -> Brief:
    """Build the document model from already-decoded report text."""
    cjk = len(rx(r"[\u4e00-\u9fff]").findall(raw))
    if not cjk:
        raise InputError(f"{source.file}: no Chinese text found; briefgen reads Chinese reports")
    latin = len(rx(r"[A-Za-z]").findall(raw))
    if cjk < 0.3 * (cjk + latin):  # real reports are > 80 % hanzi among letters
        raise InputError(f"{source.file}: mostly non-Chinese text ({100 * cjk // (cjk + latin)}% hanzi); "
                         "briefgen reads Chinese reports — check that this is the right file")
    if cjk < MIN_HANZI:  # a line or a mis-decoded scrap is not a report (\xff\xfe + bytes reads as 4 hanzi)
        raise InputError(f"{source.file}: only {cjk} Chinese characters; a report to brief has at least "
                         f"{MIN_HANZI} — check that this is the whole report (and its encoding, --encoding)")
    cleaned = clean(raw)
    repairs = list(repairs or []) + cleaned.repairs
    block, meta = cleaned.block, cleaned.meta
    body, back = backmatter.split(cleaned.lines[block.size:])
    offsets, pos = {}, 0
    for ln in cleaned.lines:
        offsets[ln.line] = pos
        pos += len(ln.text) + 1
    text = "\n".join(ln.text for ln in cleaned.lines)

    opening = [ln.text for ln in body[:6]]
    when = metadata.find_date(block, meta, opening)
    year, month = (int(when[0][:4]), int(when[0][5:7])) if when else (None, None)
    speech = any(is_salutation(t) for t in opening[:3]) or bool(metadata.on_behalf(opening)) \
        or bool(block.subtitle and rx(r"在.{2,60}?会.{0,4}上").search(block.subtitle))
    doc = structure.build(body, repairs, year, month, speech)
    for b in doc.blocks:
        b.offset = offsets[b.line]
    lead = [b.text for b in doc.lead]
    title = block.title or _fallback_title(source, doc, repairs, [b.text for b in doc.lead] or opening)
    named = metadata.named_title(block, title)
    if named:
        repairs.append(Repair("title", None, f"named the generic title {title!r} with the congress's place: {named!r}"))
        title = named
    kinds = {s.id: s.kind for top in doc.sections for s in top.walk()}
    inds = indicators.extract(doc.blocks, doc.block_section, kinds, _heading_years(doc.sections), year)
    meta_out = metadata.describe(block, title, lead or opening, doc.sections, meta, when, year, month)
    report = Report(id=rid, title=title, source=source, subtitle=block.subtitle, lead=lead, **meta_out)
    body_end = offsets[back[0].lines[0].line] if back else len(text)
    return Brief(report=report, sections=doc.sections, keyword_areas=areas.derive(doc.sections),
                 indicators=inds, repairs=repairs, text=text,
                 appendices=backmatter.appendices(back, offsets, text[:body_end]))


def _heading_years(sections, above: int | None = None) -> dict[str, int]:
    """Section id -> the latest year (20XX年) its heading or the headings above it name."""
    out: dict[str, int] = {}
    for s in sections:
        named = [int(y) for y in rx(r"(?<!\d)(20\d\d)年").findall(fold_digits(s.title or ""))]
        y = max(named) if named else above
        if y:
            out[s.id] = y
        out.update(_heading_years(s.children, y))
    return out


def _fallback_title(source: Source, doc, repairs: list, opening: list[str]) -> str:
    """A report without a title line is still read, never under a part's heading: the title its opening
    sentences name (the meeting it is given at), else the file name; either way with a warning."""
    stem = Path(source.file).stem
    title, how = metadata.infer_title(opening), "opening sentences"
    if not title and rx(r"[\u4e00-\u9fff]").search(stem):
        title, how = stem, "file name"
    if not title:
        title, how = metadata.title_from_body(opening), "opening sentences"
    if not title:
        title, how = stem, "file name"
    repairs.append(Repair("warning", None, f"no title line found; the title is inferred from the {how}: {title!r}"))
    return title
