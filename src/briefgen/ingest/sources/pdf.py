"""Read a PDF report into the text the ingest pipeline reads.

1. pypdf opens the file and answers the questions that stop us early, each as one clear line:
   not a PDF, encrypted with a password, no text layer (a scan).
2. pdfminer.six lays each page out into text lines with their geometry (x0, x1, top, size, font).
   Without pdfminer.six (or if its layout fails) pypdf's plain text is used, without geometry.
3. Running headers, footers and page numbers are dropped: lines at the top or bottom of a page
   that are a page number (``— 3 —``, ``-3-``, ``第3页``, ``3``) or repeat on most pages.
4. Lines become paragraphs using geometry: a line that reaches the right margin goes on in the
   next line unless that one is indented (≈2 characters), set apart by extra space, or in another
   font size.  Without geometry the lines are kept and the text normaliser joins hard wraps.
5. Page boundaries are repaired precisely: a paragraph cut by a page break (``凝聚职|工``) is joined
   and recorded as ``Repair("join_page", None, "page 3→4: …职|工…")``.

Output: one paragraph per line, separated by blank lines; every drop and join is a Repair.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from ...errors import InputError
from ...model import Repair
from ...text.headings import is_strong_heading, parse_heading
from ...text.kinsoku import CANNOT_END, CANNOT_START
from ...text.sentences import ends_sentence
from ...text.width import em, is_wide

#: A whole line that is a page number.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～]*\s*\d{1,4}\s*[-—–－~～]*|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.I)
#: How many lines at each end of a page may be header or footer.
_EDGE = 2
#: Indentation of a paragraph's first line, in units of the font size (two CJK characters ≈ 2).
_INDENT = (0.8, 4.5)


@dataclass
class PLine:
    """One text line of a page; geometry (PDF points, *top* measured down from the page top)
    is None when the text came without layout."""

    text: str
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    size: float | None = None
    font: str | None = None
    page_width: float | None = None


# --------------------------------------------------------------------------- open and extract


def _open(data: bytes, name: str):
    """A pypdf reader, decrypted when the password is empty; else a one-line InputError."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{name}: is not a readable PDF (no PDF header); check the file, or give the report as text/.docx")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # permissions-only encryption opens with an empty password
            except (DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise InputError(f"{name}: this PDF is encrypted; remove the password (open it with the password and "
                                 "save or print it as a new PDF, or run 'qpdf --decrypt') and try again")
        len(reader.pages)
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        reason = " ".join(str(e).split())[:120] or type(e).__name__
        raise InputError(f"{name}: is not a readable PDF ({reason}); open it in a PDF viewer and save it again, "
                         "or give the report as text/.docx") from None
    return reader


def _pdfminer_pages(data: bytes, repairs: list[Repair]) -> tuple[list[list[PLine]], list[bool]]:
    """Text lines of every page with geometry (pdfminer.six), and whether each page holds images.

    Lines are built from single characters grouped by baseline and sorted left to right (as
    pdfplumber does), not from pdfminer's own line grouping: that splits a line where glyphs
    come from another font (Word and LibreOffice set “ ” in a Latin font), which scrambles text.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTImage
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    rsrc = PDFResourceManager()
    device = PDFPageAggregator(rsrc, laparams=None)  # no layout analysis: the characters as placed
    interpreter = PDFPageInterpreter(rsrc, device)
    pages, imaged = [], []
    rotated = unmapped = total = 0
    for page in PDFPage.get_pages(io.BytesIO(data), password=""):
        interpreter.process_page(page)
        layout = device.get_result()
        chars: list = []
        has_image = False
        stack = list(layout)
        while stack:
            x = stack.pop()
            if isinstance(x, LTChar):
                chars.append(x)
            elif isinstance(x, LTImage):
                has_image = True
            elif hasattr(x, "__iter__"):
                stack.extend(x)
        upright = []
        for c in chars:
            a, b, cc, d = c.matrix[:4]
            if abs(b) > 1e-3 or abs(cc) > 1e-3 or a <= 0 or d <= 0:
                rotated += 1  # rotated or mirrored glyphs: watermarks, stamps, vertical margin notes
            elif c.get_text().startswith("(cid:"):
                unmapped += 1  # a glyph with no Unicode value
            else:
                upright.append(c)
        total += len(chars)
        pages.append(_char_lines(upright, layout.width, layout.height))
        imaged.append(has_image)
    if total and unmapped > 0.3 * total:
        raise _Undecodable()
    if unmapped:
        repairs.append(Repair("drop_unmapped", None, f"dropped {unmapped} glyph(s) without a Unicode value (font lacks a map)"))
    if rotated:
        repairs.append(Repair("drop_rotated", None, f"dropped {rotated} rotated character(s) (watermark, stamp or margin note)"))
    return pages, imaged


class _Undecodable(Exception):
    """Most glyphs have no Unicode value: the text layer cannot be read."""


def _char_lines(chars: list, width: float, height: float) -> list[PLine]:
    """Group characters into lines by baseline, each sorted left to right, lines top to bottom."""
    chars = sorted(chars, key=lambda c: (-round(c.matrix[5], 1), c.x0))
    groups: list[list] = []
    for c in chars:
        g = groups[-1] if groups else None
        if g and abs(g[0].matrix[5] - c.matrix[5]) <= 0.35 * max(g[0].size, c.size):
            g.append(c)
        else:
            groups.append([c])
    lines = []
    for g in groups:
        g.sort(key=lambda c: c.x0)
        ink = [c for c in g if c.get_text().strip()]
        if not ink:
            continue
        size = Counter(round(c.size, 1) for c in ink).most_common(1)[0][0]
        text, prev = "", None
        for c in g:
            t = c.get_text()
            if prev is not None and t.strip() and not text.endswith(" "):
                gap = c.x0 - prev.x1
                wide = any(is_wide(ch) for ch in prev.get_text()[-1:] + t[:1])
                if gap > 2.5 * size:
                    text += "\t"  # a column gap: table cells or tab stops
                elif gap > (0.9 if wide else 0.25) * size:
                    text += " "  # a gap wide enough to be a space the PDF did not write as a glyph
            text += t
            prev = c if t.strip() else prev
        font = Counter(c.fontname.split("+")[-1] for c in ink).most_common(1)[0][0]
        lines.append(PLine(re.sub(r"[^\S\t]+", " ", text).strip(), ink[0].x0, ink[-1].x1,
                           height - max(c.y1 for c in ink), size, font, width))
    return lines


def _pypdf_pages(reader) -> list[list[PLine]]:
    """Text lines of every page from pypdf alone (no pdfminer.six).

    pypdf reports where each piece of text starts and its font size, not how wide it is, so a
    line's right end is estimated: a CJK (wide) character is one em, any other about half.
    A page whose pieces cannot be placed falls back to pypdf's plain text, without geometry.
    """
    pages = []
    for page in reader.pages:
        pieces: list[tuple[float, float, float, str]] = []  # x, y (up), size, text

        def visit(text, cm, tm, font, size):
            if not text or not text.strip("\n"):
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (abs(tm[3] * cm[3]) or 1.0)
            for part in text.split("\n"):
                if part:
                    pieces.append((x, y, (size or 10) * scale, part))

        plain = page.extract_text(visitor_text=visit) or ""
        if not pieces and plain.strip():
            pages.append([PLine(s.strip()) for s in plain.splitlines() if s.strip()])
            continue
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        lines: list[PLine] = []
        for x, y, size, text in sorted(pieces, key=lambda p: (-round(p[1], 1), p[0])):
            ln = lines[-1] if lines else None
            if ln and abs((height - y) - ln.top) < 0.4 * min(size, ln.size):
                ln.text += text
                ln.x0, ln.x1 = min(ln.x0, x), max(ln.x1, x + _width(text, size), ln.x0 + _width(ln.text, size))
                ln.size = max(ln.size, round(size, 1)) if text.strip() else ln.size
            elif text.strip():  # a line never starts with a space piece (its font size may be another)
                lines.append(PLine(text, x, x + _width(text, size), height - y, round(size, 1), page_width=width))
        for ln in lines:
            ln.text = ln.text.strip()
        pages.append([ln for ln in lines if ln.text])
    return pages


def _width(text: str, size: float) -> float:
    return em(text, narrow=0.55) * size


# --------------------------------------------------------------------------- headers, footers, page numbers


def _key(s: str) -> str:
    """Compare header/footer lines with the page numbers in them ignored."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", s))


def drop_furniture(pages: list[list[PLine]], repairs: list[Repair]) -> list[list[PLine]]:
    """Drop page numbers and running headers/footers from the first/last lines of each page."""
    n = len(pages)
    edge = [set(range(min(_EDGE, len(p)))) | set(range(max(0, len(p) - _EDGE), len(p))) for p in pages]
    seen: dict[str, list[PLine]] = {}
    for p, idx in zip(pages, edge):
        for k in {_key(p[i].text): i for i in idx}.values():
            seen.setdefault(_key(p[k].text), []).append(p[k])
    # A line repeated at a page edge on at least half the pages (and two) runs through the document.
    need = max(2, (n + 1) // 2)
    running: dict[str, float | None] = {}
    for k, occ in seen.items():
        if n >= 2 and len(occ) >= need and len(k) <= 60:
            tops = [ln.top for ln in occ if ln.top is not None]
            running[k] = sorted(tops)[len(tops) // 2] if tops else None

    def kind(ln: PLine) -> str | None:
        if _PAGE_NUMBER.match(ln.text):
            return "page_number"
        k = _key(ln.text)
        # a running line keeps its place on the page: the title at the top of page 1 is not a header
        if k in running and (running[k] is None or ln.top is None or abs(ln.top - running[k]) <= 0.8 * (ln.size or 10)):
            return "header_footer"
        return None

    out = []
    for no, p in enumerate(pages, 1):
        drop: dict[int, str] = {}
        # Peel furniture off each end of the page, outermost line first.  A running line must
        # stand apart from the body (an empty band at least a character high between them)
        # unless the line inside it is furniture too.
        for side in (list(range(len(p))), list(range(len(p) - 1, -1, -1))):
            for n, i in enumerate(side[:_EDGE]):
                what = kind(p[i])
                if what is None:
                    break
                inner = p[side[n + 1]] if n + 1 < len(side) else None
                if what == "header_footer" and inner is not None and p[i].top is not None and kind(inner) is None:
                    upper, lower = sorted((p[i], inner), key=lambda ln: ln.top)
                    if lower.top - (upper.top + upper.size) < min(upper.size, lower.size):
                        break
                drop[i] = what
        for i, what in sorted(drop.items()):
            label = "page number" if what == "page_number" else "running header/footer"
            repairs.append(Repair(f"drop_{what}", None, f"page {no}: dropped {label} {p[i].text!r}"))
        out.append([ln for i, ln in enumerate(p) if i not in drop])
    return out


# --------------------------------------------------------------------------- lines to paragraphs

#: A run of Latin letters or digits wraps as one word; any other character alone.
_WORD = re.compile(r"[A-Za-z0-9０-９.．,%％\-]+|.")


@dataclass
class _Layout:
    """Document-wide measures of the body text."""

    size: float
    left: float
    right: float
    pitch: float
    indented: bool  #: paragraphs start with an indented first line
    font: str | None = None  #: the body text's font
    font_headings: bool = False  #: some whole lines are set in another font (bold headings)

    @classmethod
    def of(cls, pages: list[list[PLine]]) -> _Layout:
        lines = [ln for p in pages for ln in p]
        size = Counter(ln.size for ln in lines for _ in ln.text).most_common(1)[0][0]
        body = [ln for ln in lines if _same_size(ln.size, size)] or lines
        left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
        # The right margin is where full lines end; with too few of them (a short document of
        # short paragraphs), assume margins as wide as the left one.
        # (90th percentile: justified CJK lines sometimes overshoot the margin by a character.)
        ends = sorted(ln.x1 for ln in body if "\t" not in ln.text) or sorted(ln.x1 for ln in body)
        right = ends[int(0.9 * (len(ends) - 1))]
        if sum(1 for x in ends if abs(x - right) <= size) < 3:
            right = max([right] + [ln.page_width - left for ln in body if ln.page_width])
        ids = {id(ln) for ln in body}
        steps = [b.top - a.top for p in pages for a, b in zip(p, p[1:])
                 if id(a) in ids and id(b) in ids and 0 < b.top - a.top < 3 * size]
        pitch = sorted(steps)[len(steps) // 2] if steps else 1.5 * size
        indented = sum(1 for ln in body if _INDENT[0] * size <= ln.x0 - left <= _INDENT[1] * size) >= 2
        font = Counter(ln.font for ln in body for _ in ln.text).most_common(1)[0][0]
        return cls(size, left, right, pitch, indented, font, any(ln.font != font for ln in lines))

    def full(self, a: PLine, b: PLine | None = None) -> bool:
        """Line *a* was filled: it reaches the right margin (justified text may fall short by about
        a character), or the first word of the next line *b* would not have fitted after it
        (ragged-right text wraps early before a number or a 'word + punctuation' pair)."""
        if a.x1 >= self.right - 1.5 * a.size:
            return True
        if b is None:
            return False
        text, i = b.text, 0
        while i < len(text) and text[i] in CANNOT_END:  # an opening bracket travels with what follows
            i += 1
        m = _WORD.match(text, i)
        i = m.end() if m else i
        while i < len(text) and text[i] in CANNOT_START:  # closing punctuation travels with what precedes
            i += 1
        while i < len(text) and text[i] in CANNOT_END:  # “ after a character keeps the next one with it
            i += 2
        token = text[:i]
        return a.x1 + _width(token, b.size) > self.right - 0.25 * b.size

    def indent(self, ln: PLine) -> bool:
        off = ln.x0 - self.left
        return _INDENT[0] * ln.size <= off <= _INDENT[1] * ln.size and not self.centred(ln)

    def centred(self, ln: PLine) -> bool:
        return ln.x0 - self.left > ln.size * 0.8 and abs((ln.x0 + ln.x1) / 2 - (self.left + self.right) / 2) < ln.size * 0.6


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= 0.1 * max(a, b)


def _heading_like(para: str) -> bool:
    """A paragraph that reads as a heading: numbered without body text, or short with no sentence."""
    h = parse_heading(para)
    if h is not None:
        return not h.rest
    return len(para) <= 50 and not re.search(r"[。！？!?；]", para)


def _continues(lay: _Layout, a: PLine, b: PLine) -> bool:
    """Does line *b* go on with the paragraph of line *a* (the line above it on the same page)?"""
    if not _same_size(a.size, b.size) or "\t" in a.text or "\t" in b.text:
        return False  # another font size, or a table row (a row stands alone)
    if b.top - a.top > 1.35 * lay.pitch * b.size / lay.size:
        return False  # extra space between paragraphs
    if lay.centred(a) and lay.centred(b) and a.size > 1.1 * lay.size:
        return True  # a centred title set on two lines
    if not lay.full(a, b):
        return False  # a short line ends its paragraph
    return not lay.indent(b) and not is_strong_heading(b.text)


def _continues_page(lay: _Layout | None, para: str, a: PLine, b: PLine) -> bool:
    """Does the first body line *b* of a page go on with paragraph *para*, whose last line *a*
    ended the page before?"""
    if is_strong_heading(b.text):
        return False
    if lay is None:  # no geometry: the sentence decides
        return not ends_sentence(a.text) and not _heading_like(para)
    if not _same_size(a.size, b.size) or lay.indent(b) or "\t" in a.text or "\t" in b.text:
        return False
    if lay.full(a, b):  # a filled line and no indent: the paragraph goes on, unless the sentence
        return not ends_sentence(a.text) or lay.indented  # ended in a layout without indents
    # A short last line ends its paragraph in a normal layout; a forced page break may still cut
    # a sentence (凝聚职|工). A short heading at the foot of a page stays apart: one set in its own
    # font, or (when headings look like body text) one that reads as a heading.
    if ends_sentence(a.text) or a.font != b.font or a.font != lay.font:
        return False
    h = parse_heading(para)
    return not (h and not h.rest) and (lay.font_headings or not _heading_like(para))


def _glue(a: str, b: str) -> str:
    """Join two pieces of one paragraph: nothing between CJK text, a space between Latin words."""
    return a + (" " if re.search(r"[A-Za-z]$", a) and re.match(r"[A-Za-z]", b) else "") + b


def _row(text: str) -> str:
    """A table row (cells separated by wide gaps, marked '\\t') as one line, as .docx rows read:
    cells joined by '；' (never gluing two cells' numbers into one), ended by '。'."""
    row = "；".join(c.strip() for c in text.split("\t") if c.strip())
    return row if ends_sentence(row) else row + "。"


def assemble(pages: list[list[PLine]], repairs: list[Repair]) -> str:
    """Lines of all pages to paragraphs (geometry) or to lines (none), joined across page breaks."""
    geometry = all(ln.x0 is not None for p in pages for ln in p)
    lay = _Layout.of(pages) if geometry and any(pages) else None
    paras: list[str] = []
    last: PLine | None = None  # the line that ended the text so far
    last_page = rows = 0
    for no, page in enumerate(pages, 1):
        for i, ln in enumerate(page):
            if last is not None and i == 0 and _continues_page(lay, paras[-1], last, ln):
                repairs.append(Repair("join_page", None, f"page {last_page}→{no}: …{paras[-1][-8:]}|{ln.text[:8]}…"))
                paras[-1] = _glue(paras[-1], ln.text)
            elif last is not None and i > 0 and lay is not None and _continues(lay, last, ln):
                paras[-1] = _glue(paras[-1], ln.text)
            elif "\t" in ln.text:
                paras.append(_row(ln.text))
                rows += 1
            else:
                paras.append(ln.text)
            last, last_page = ln, no
    if rows:
        repairs.append(Repair("table", None, f"read {rows} line(s) with column gaps as table rows: "
                                             "cells joined by '；', rows ended by '。'"))
    return ("\n\n" if lay else "\n").join(paras) + "\n"


# --------------------------------------------------------------------------- entry point


def read_pdf(data: bytes, name: str) -> tuple[str, int | None, list[Repair]]:
    """The text of a PDF report (see the module docstring), its page count, and the repairs made."""
    reader = _open(data, name)
    repairs: list[Repair] = []
    imaged: list[bool] = []
    try:
        pages, imaged = _pdfminer_pages(data, repairs)
    except ImportError:
        pages = None
        repairs.append(Repair("pdf_layout", None, "pdfminer.six is not installed: read the PDF with pypdf, whose "
                                                  "layout is approximate; check paragraphs and quotes"))
    except _Undecodable:
        raise InputError(f"{name}: this PDF's text cannot be decoded (its fonts have no Unicode map); "
                         "run OCR first or give the report as text/.docx") from None
    except Exception as e:  # pdfminer gave up on this file; pypdf may still read its text
        pages = None
        repairs.append(Repair("pdf_layout", None, f"layout analysis failed ({type(e).__name__}); "
                                                  "read the text without geometry"))
    if pages is None:
        try:
            pages = _pypdf_pages(reader)
        except Exception as e:
            reason = " ".join(str(e).split())[:120] or type(e).__name__
            raise InputError(f"{name}: is not a readable PDF ({reason}); open it in a PDF viewer and save it again, "
                             "or give the report as text/.docx") from None
    if not any(re.search(r"\w", ln.text) for p in pages for ln in p):
        raise InputError(f"{name}: this PDF has no text layer (a scan?); run OCR first or give the report as text/.docx")
    for no, (p, img) in enumerate(zip(pages, imaged), 1):
        if not p and img:
            repairs.append(Repair("no_text_layer", None, f"page {no} has only an image, no text (a scanned page?); "
                                                         "its content is missing — run OCR on it"))
    body = drop_furniture(pages, repairs)
    return assemble(body, repairs), len(pages), repairs
