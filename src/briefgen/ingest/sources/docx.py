"""Read a Word .docx report into the text the ingest pipeline reads.

The body is walked in document order (paragraphs and tables as they come).  What comes out:

* one paragraph per line, paragraphs separated by a blank line;
* paragraphs in Word's Title style as ``# title``, in a heading style or with an outline level
  (``Heading N`` / ``标题 N``, ``w:outlineLvl`` on the paragraph or its style chain) as
  ``#``×N lines, so the document's own structure wins; a document without such styles comes
  out as plain paragraphs and the text rules find its structure, as for a .txt;
* automatic numbering (``w:numPr``) written out as text: 一、 （一） 1. ① …;
* a table as one line per row, cells joined by ``；`` and the row ended by ``。`` (a full-width
  semicolon never glues two cells' numbers into one — a comma would: ``12，345`` is 12345 —
  and it keeps a row from being taken for a heading); a one-column table is a frame, and its
  cells' paragraphs are read as body paragraphs;
* soft line breaks (Shift+Enter) joined: they are not paragraph breaks.

Headers, footers, comments, footnotes, deleted revisions and field codes are not body text and
are never read.  Whatever is dropped or rewritten is recorded as a Repair.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from ...errors import InputError
from ...limits import check_text, check_unpacked, current
from ...model import Repair
from ...text.recache import rx
from ...text.sentences import ends_sentence
from ...text.width import is_wide
from .docx_styles import MC, M, Numbering, Styles, format_number, w_tag, w_val  # noqa: F401 (format_number: API)

_MARKER = rx(r"^【[^】]{1,12}】$")
#: Longer than this, a heading-styled paragraph is body text with the wrong style.
MAX_HEADING = 100


# --------------------------------------------------------------------------- paragraph text


@dataclass
class _Stats:
    """What reading the body met, for the Repair records."""

    soft_breaks: int = 0
    hidden: int = 0
    deleted: int = 0
    text_boxes: int = 0
    toc: int = 0
    numbered: list[str] = field(default_factory=list)
    tables: list[tuple[int, int]] = field(default_factory=list)  # (rows, columns)
    rendered_breaks: int = 0


def _run_hidden(r) -> bool:
    vanish = r.find(f"{w_tag('rPr')}/{w_tag('vanish')}")
    return vanish is not None and vanish.get(w_tag("val"), "1") not in ("0", "false")


def _inline_text(el, st: _Stats) -> str:
    """The visible text of a paragraph (or part of one); soft breaks as '\\n'."""
    out: list[str] = []
    for ch in el:
        tag = ch.tag
        if tag == w_tag("r"):
            if _run_hidden(ch):
                st.hidden += 1
                continue
            for x in ch:
                t = x.tag
                if t == w_tag("t"):
                    out.append(x.text or "")
                elif t in (w_tag("tab"), w_tag("ptab")):
                    out.append(" ")
                elif t == w_tag("br"):
                    out.append("" if x.get(w_tag("type")) == "page" else "\n")
                elif t == w_tag("cr"):
                    out.append("\n")
                elif t == w_tag("noBreakHyphen"):
                    out.append("-")
                elif t == w_tag("lastRenderedPageBreak"):
                    st.rendered_breaks += 1
                elif t in (w_tag("drawing"), w_tag("pict"), f"{{{MC}}}AlternateContent"):
                    if any(True for _ in x.iter(w_tag("txbxContent"))):
                        st.text_boxes += 1
        elif tag in (w_tag("del"), w_tag("moveFrom")):
            st.deleted += 1
        elif tag in (w_tag("pPr"), w_tag("rPr"), f"{{{MC}}}AlternateContent"):
            continue
        elif tag == f"{{{M}}}t":
            out.append(ch.text or "")
        else:  # hyperlink, ins, moveTo, smartTag, sdt/sdtContent, fldSimple, customXml, math, ...
            out.append(_inline_text(ch, st))
    return "".join(out)


def _join_soft(text: str, st: _Stats) -> list[str]:
    """Join soft line breaks; a break followed by a two-space manual indent ('\\u3000\\u3000') is
    a paragraph break in disguise (text pasted from the web), so it splits instead."""
    parts = [p.strip(" \t\u00a0") for p in text.split("\n")]
    paras: list[str] = [parts[0]]
    for p in parts[1:]:
        if not p:
            continue
        if p.startswith("\u3000\u3000"):
            paras.append(p)
            continue
        st.soft_breaks += 1
        prev = paras[-1]
        sep = "" if (not prev or is_wide(prev[-1]) or is_wide(p[0])) else " "
        paras[-1] = prev + sep + p
    return [p.strip() for p in paras if p.strip()]


# --------------------------------------------------------------------------- the body walk


class _Bounded(list):
    """The lines read so far; appending past ``limits.max_text_chars`` stops the reading."""

    def __init__(self, name: str):
        super().__init__()
        self.name, self.chars, self.limit = name, 0, current().max_text_chars

    def append(self, line: str) -> None:
        self.chars += len(line) + 2
        if self.chars > self.limit:
            check_text(self.chars, self.name)
        super().append(line)


class _Reader:
    def __init__(self, styles: Styles, numbering: Numbering, name: str = "report.docx"):
        self.styles = styles
        self.numbering = numbering
        self.stats = _Stats()
        self.lines: list[str] = _Bounded(name)
        self.after_marker = False  #: the last line was a lone 【关键词一】 marker

    def block(self, el) -> None:
        """A block-level element of the body, a cell or a content control."""
        for ch in el:
            if ch.tag == w_tag("p"):
                self.paragraph(ch)
            elif ch.tag == w_tag("tbl"):
                self.table(ch)
            elif ch.tag == w_tag("sdt"):
                gallery = ch.find(f"{w_tag('sdtPr')}/{w_tag('docPartObj')}/{w_tag('docPartGallery')}")
                if gallery is not None and "Table of Contents" in (gallery.get(w_tag("val")) or ""):
                    self.stats.toc += sum(1 for _ in ch.iter(w_tag("p")))
                    continue
                content = ch.find(w_tag("sdtContent"))
                if content is not None:
                    self.block(content)
            elif ch.tag == w_tag("customXml"):
                self.block(ch)

    def paragraph(self, p) -> None:
        ppr = p.find(w_tag("pPr"))
        sid = w_val(ppr, "pStyle")
        role, level = self.styles.role(sid)
        outline = w_val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit() and role != "title":
            role, level = ("heading", int(outline) + 1) if int(outline) < 9 else ("body", 0)
        texts = _join_soft(_inline_text(p, self.stats), self.stats)
        if role == "toc":
            self.stats.toc += 1 if texts else 0
            return
        if not texts:
            return
        num_id, ilvl = w_val(ppr, "numPr/numId"), w_val(ppr, "numPr/ilvl")
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(sid)
            ilvl = style_ilvl if ilvl is None else ilvl
        prefix = self.numbering.prefix(num_id, int(ilvl) if ilvl is not None and str(ilvl).isdigit() else None, sid)
        if prefix:
            self.stats.numbered.append(prefix.strip())
            texts[0] = prefix + texts[0]
        for text in texts:
            self.emit(text, role, level)

    def emit(self, text: str, role: str, level: int) -> None:
        # A lone 【关键词一】 marker and the name line after it stay plain text: the text rules
        # read the pair as one heading (marker = number, next line = title) whatever their style.
        marker = bool(_MARKER.match(text))
        if role in ("title", "heading") and not marker and not self.after_marker and len(text) <= MAX_HEADING:
            text = "#" * min(level, 6) + " " + text
        self.after_marker = marker
        self.lines.append(text)

    def table(self, tbl) -> None:
        rows = [tr for tr in tbl.iter(w_tag("tr")) if _owner_table(tr) is tbl]
        ncols = max((len(_cells(tr)) for tr in rows), default=0)
        if ncols <= 1:  # a one-column table frames body text: read its paragraphs as paragraphs
            for tr in rows:
                for tc in _cells(tr):
                    self.block(tc)
            return
        count = 0
        for tr in rows:
            cells = []
            for tc in _cells(tr):
                sub = _Reader(self.styles, self.numbering)
                sub.stats = self.stats
                sub.block(tc)
                text = " ".join(ln.lstrip("# ") for ln in sub.lines).strip()
                if text:
                    cells.append(text)
            if not cells:
                continue
            row = "；".join(cells)
            if not ends_sentence(row):
                row += "。"
            self.lines.append(row)
            self.after_marker = False
            count += 1
        self.stats.tables.append((count, ncols))


def _owner_table(tr):
    el = tr.getparent()
    while el is not None and el.tag != w_tag("tbl"):
        el = el.getparent()
    return el


def _cells(tr) -> list:
    """The cells of a row (w:tc, also inside content controls), merged cells once."""
    out = []
    for ch in tr:
        if ch.tag == w_tag("tc"):
            out.append(ch)
        elif ch.tag == w_tag("sdt"):
            content = ch.find(w_tag("sdtContent"))
            out.extend(c for c in (content if content is not None else []) if c.tag == w_tag("tc"))
    return out


# --------------------------------------------------------------------------- entry point


def _open(data: bytes, name: str):
    """Open the .docx with python-docx, or explain in one line why it cannot be read."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE compound file, not a zip
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError(f"{name}: this .docx is encrypted; remove the password in Word or WPS "
                             "(文件 → 信息 → 保护文档) and save it again")
        raise InputError(f"{name}: is an old Word .doc file named .docx; save it as .docx in Word or WPS and try again")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{name}: is not a readable .docx (not a zip package); open it in Word or WPS and save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            # a zip member never yields more than its declared size, so the sum bounds what is unpacked
            check_unpacked(sum(i.file_size for i in z.infolist()), name, "parts")
            if "word/document.xml" not in z.namelist() and not any(n.endswith("document.xml") for n in z.namelist()):
                raise InputError(f"{name}: is not a readable .docx (no word/document.xml inside); "
                                 "open it in Word or WPS and save it as .docx")
        import docx

        return docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except MemoryError:
        raise InputError(f"{name}: too large to read in memory; give a smaller file "
                         "or lower-resolution images") from None
    except Exception as e:  # python-docx, lxml and zipfile raise many kinds
        reason = " ".join(str(e).split())[:120] or type(e).__name__
        raise InputError(f"{name}: is not a readable .docx ({reason}); open it in Word or WPS and save it as .docx") from None


def read_docx(data: bytes, name: str) -> tuple[str, int | None, list[Repair]]:
    """The body text of a .docx (see the module docstring), its page count if Word recorded one
    (None otherwise), and the repairs made while reading."""
    doc = _open(data, name)
    styles = Styles(doc.styles.element)
    try:
        numbering_el = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering_el = None
    reader = _Reader(styles, Numbering(numbering_el, styles), name)
    reader.block(doc.element.body)
    st = reader.stats
    repairs = _repairs(st)
    # Word writes w:lastRenderedPageBreak where its last layout started a page; without it
    # (files written by programs) the page count is unknown.
    pages = st.rendered_breaks + 1 if st.rendered_breaks else None
    return "\n\n".join(reader.lines) + "\n", pages, repairs


def _repairs(st: _Stats) -> list[Repair]:
    out = []
    if st.numbered:
        shown = "、".join(f"'{p}'" for p, _ in Counter(st.numbered).most_common(4))
        out.append(Repair("numbering", None, f"wrote Word's automatic numbering as text on {len(st.numbered)} paragraph(s), e.g. {shown}"))
    for k, (rows, cols) in enumerate(st.tables, 1):
        out.append(Repair("table", None, f"read table {k} ({rows} rows × {cols} columns) as one line per row, "
                                          "cells joined by '；', rows ended by '。'"))
    if st.soft_breaks:
        out.append(Repair("join_soft_break", None, f"joined {st.soft_breaks} soft line break(s) inside paragraphs"))
    if st.toc:
        out.append(Repair("drop_toc", None, f"dropped {st.toc} table-of-contents line(s)"))
    if st.text_boxes:
        out.append(Repair("drop_text_box", None, f"dropped {st.text_boxes} text box(es) or shape(s) with text: not read as body text"))
    if st.hidden:
        out.append(Repair("drop_hidden", None, f"dropped {st.hidden} run(s) of hidden text"))
    if st.deleted:
        out.append(Repair("drop_deleted", None, f"left out {st.deleted} tracked deletion(s) (text shown as deleted in Word)"))
    return out
