"""PDF text lines to paragraphs: a line reaching the right margin goes on in the next one unless that
one is indented, set apart by extra space or in another size; a paragraph cut by a page break is joined."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...model import Repair
from ...text.headings import is_strong_heading, parse_heading
from ...text.kinsoku import CANNOT_END, CANNOT_START
from ...text.recache import rx
from ...text.sentences import ends_sentence
from ...text.width import em

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


def text_width(text: str, size: float) -> float:
    """Estimated width in points of *text* at *size* (a wide character one em, another 0.55 em)."""
    return em(text, narrow=0.55) * size



#: A run of Latin letters or digits wraps as one word; any other character alone.
_WORD = rx(r"[A-Za-z0-9０-９.．,%％\-]+|.")


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
        return a.x1 + text_width(token, b.size) > self.right - 0.25 * b.size

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
    return len(para) <= 50 and not rx(r"[。！？!?；]").search(para)


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
    return a + (" " if rx(r"[A-Za-z]$").search(a) and rx(r"[A-Za-z]").match(b) else "") + b


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
