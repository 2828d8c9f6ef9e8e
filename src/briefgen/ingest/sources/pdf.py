"""Read a PDF report into the text the ingest pipeline reads.

1. pypdf opens the file and answers the questions that stop us early, each as one clear line:
   not a PDF, encrypted with a password, no text layer (a scan).
2. pdfminer.six lays each page out into text lines with their geometry (x0, x1, top, size, font).
   Without pdfminer.six (or if its layout fails) pypdf's plain text is used, without geometry.
3. Running headers, footers and page numbers are dropped: lines at the top or bottom of a page
   that are a page number (``— 3 —``, ``-3-``, ``第3页``, ``3``) or repeat on most pages.
4. Lines become paragraphs using geometry (:mod:`.pdf_paragraphs`): a line that reaches the right margin
   goes on in the next line unless that one is indented (≈2 characters), set apart by extra space, or
   in another font size.  Without geometry the lines are kept and the text normaliser joins hard wraps.
5. Page boundaries are repaired precisely: a paragraph cut by a page break (``凝聚职|工``) is joined
   and recorded as ``Repair("join_page", None, "page 3→4: …职|工…")``.

Output: one paragraph per line, separated by blank lines; every drop and join is a Repair.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from ...errors import InputError
from ...limits import check_text, check_unpacked
from ...model import Repair
from ...text.recache import rx
from ...text.width import is_wide
from .pdf_paragraphs import PLine, assemble, text_width

#: A whole line that is a page number.
_PAGE_NUMBER = rx(
    r"^(?:[-—–－~～]*\s*\d{1,4}\s*[-—–－~～]*|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.I)
#: How many lines at each end of a page may be header or footer.
_EDGE = 2


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
        _check_contents(reader, name)
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        reason = " ".join(str(e).split())[:120] or type(e).__name__
        raise InputError(f"{name}: is not a readable PDF ({reason}); open it in a PDF viewer and save it again, "
                         "or give the report as text/.docx") from None
    return reader


def _check_contents(reader, name: str) -> None:
    """Refuse a PDF whose page content streams decompress beyond ``limits.max_unpacked_mb`` (pypdf bounds
    each stream itself; this bounds their sum) before any layout work starts."""
    total = 0
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            total += len(contents.get_data())
            check_unpacked(total, name, "page contents")


def _pdfminer_pages(data: bytes, repairs: list[Repair], name: str = "report.pdf") -> tuple[list[list[PLine]], list[bool]]:
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
        check_text(total, name)
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
        lines.append(PLine(rx(r"[^\S\t]+").sub(" ", text).strip(), ink[0].x0, ink[-1].x1,
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
                ln.x0, ln.x1 = min(ln.x0, x), max(ln.x1, x + text_width(text, size), ln.x0 + text_width(ln.text, size))
                ln.size = max(ln.size, round(size, 1)) if text.strip() else ln.size
            elif text.strip():  # a line never starts with a space piece (its font size may be another)
                lines.append(PLine(text, x, x + text_width(text, size), height - y, round(size, 1), page_width=width))
        for ln in lines:
            ln.text = ln.text.strip()
        pages.append([ln for ln in lines if ln.text])
    return pages


# --------------------------------------------------------------------------- headers, footers, page numbers


def _key(s: str) -> str:
    """Compare header/footer lines with the page numbers in them ignored."""
    return rx(r"\d+").sub("#", re.sub(r"\s+", "", s))


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


# --------------------------------------------------------------------------- entry point


def read_pdf(data: bytes, name: str) -> tuple[str, int | None, list[Repair]]:
    """The text of a PDF report (see the module docstring), its page count, and the repairs made."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # 'EOF marker not found' is ours to report, in one line
    reader = _open(data, name)
    repairs: list[Repair] = []
    imaged: list[bool] = []
    try:
        pages, imaged = _pdfminer_pages(data, repairs, name)
    except ImportError:
        pages = None
        repairs.append(Repair("pdf_layout", None, "pdfminer.six is not installed: read the PDF with pypdf, whose "
                                                  "layout is approximate; check paragraphs and quotes"))
    except InputError:
        raise
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
    if not any(rx(r"\w").search(ln.text) for p in pages for ln in p):
        raise InputError(f"{name}: this PDF has no text layer (a scan?); run OCR first or give the report as text/.docx")
    for no, (p, img) in enumerate(zip(pages, imaged), 1):
        if not p and img:
            repairs.append(Repair("no_text_layer", None, f"page {no} has only an image, no text (a scanned page?); "
                                                         "its content is missing — run OCR on it"))
    body = drop_furniture(pages, repairs)
    return assemble(body, repairs), len(pages), repairs
