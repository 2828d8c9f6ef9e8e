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
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from ...errors import InputError
from ...model import Repair
from ...text.counters import chinese
from ...text.sentences import ends_sentence

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el, path: str) -> str | None:
    """``w:val`` of the first element at *path* (``w:``-prefixed tags separated by /) under *el*."""
    if el is None:
        return None
    found = el.find("/".join(_w(t) for t in path.split("/")))
    return None if found is None else found.get(_w("val"))


_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_NAME = re.compile(r"^(?:title|标题)$", re.I)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*(?:[1-9]|heading|标题)$", re.I)
_MARKER = re.compile(r"^【[^】]{1,12}】$")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: Longer than this, a heading-styled paragraph is body text with the wrong style.
MAX_HEADING = 100


# --------------------------------------------------------------------------- styles


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None  #: w:outlineLvl (0-based; 9 = body text)
    num_id: str | None
    ilvl: int | None


class _Styles:
    """Paragraph styles by id, with the lookups that follow the basedOn chain."""

    def __init__(self, styles_el):
        self.by_id: dict[str, _Style] = {}
        self.default: str | None = None
        for st in styles_el.iter(_w("style")) if styles_el is not None else []:
            if st.get(_w("type")) not in (None, "paragraph"):
                continue
            sid = st.get(_w("styleId"))
            ppr = st.find(_w("pPr"))
            outline = _val(ppr, "outlineLvl")
            ilvl = _val(ppr, "numPr/ilvl")
            self.by_id[sid] = _Style(_val(st, "name") or sid, _val(st, "basedOn"),
                                     int(outline) if outline and outline.isdigit() else None,
                                     _val(ppr, "numPr/numId"), int(ilvl) if ilvl and ilvl.isdigit() else None)
            if st.get(_w("default")) in ("1", "true"):
                self.default = sid

    def chain(self, sid: str | None):
        """The style and the styles it is based on, most specific first."""
        seen = set()
        sid = sid or self.default
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            yield sid, self.by_id[sid]
            sid = self.by_id[sid].based_on

    def role(self, sid: str | None) -> tuple[str, int]:
        """('title', 1) / ('heading', N) / ('toc', 0) / ('body', 0) from the style chain."""
        for _, st in self.chain(sid):
            name = st.name.strip()
            if _TOC_NAME.match(name):
                return "toc", 0
            if _TITLE_NAME.match(name):
                return "title", 1
            m = _HEADING_NAME.match(name)
            if m:
                return "heading", int(m.group(1))
            if st.outline is not None:
                return ("heading", st.outline + 1) if st.outline < 9 else ("body", 0)
        return "body", 0

    def numbering(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a style gives its paragraphs (a heading style linked to a list)."""
        for _, st in self.chain(sid):
            if st.num_id is not None:
                return st.num_id, st.ilvl
        return None, None


# --------------------------------------------------------------------------- numbering

def _letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _roman(n: int) -> str:
    out = ""
    for v, r in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + r, n - v
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter in a w:numFmt format (the common ones; unknown formats fall back to decimal)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "japaneseDigitalTenThousand"):
        return chinese(n)
    if fmt == "chineseLegalSimplified":
        return chinese(n).translate(str.maketrans("一二三四五六七八九十百千零", "壹贰叁肆伍陆柒捌玖拾佰仟零"))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return "子丑寅卯辰巳午未申酉戌亥"[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n) if fmt == "lowerLetter" else _letters(n).upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n) if fmt == "lowerRoman" else _roman(n).upper()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  #: w:isLgl: show all levels' counters as decimals
    suffix: str = " "
    pstyle: str | None = None


class _Numbering:
    """Counters for Word's automatic numbering, to write 一、 / （一） / 1. in front of paragraphs."""

    def __init__(self, numbering_el, styles: _Styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNumId -> style id (w:numStyleLink)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()
        if numbering_el is None:
            return
        for an in numbering_el.iter(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"))
            link = _val(an, "numStyleLink")
            if link:
                self.style_link[aid] = link
            self.abstract[aid] = {int(lv.get(_w("ilvl"), "0")): self._level(lv) for lv in an.iter(_w("lvl"))}
        for num in numbering_el.iter(_w("num")):
            overrides = {}
            for ov in num.iter(_w("lvlOverride")):
                start = _val(ov, "startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    overrides[int(ov.get(_w("ilvl"), "0"))] = int(start)
            self.nums[num.get(_w("numId"))] = (_val(num, "abstractNumId"), overrides)

    @staticmethod
    def _level(lv) -> _Level:
        start = _val(lv, "start")
        suff = _val(lv, "suff") or "tab"
        legal = lv.find(_w("isLgl"))
        return _Level(int(start) if start and start.lstrip("-").isdigit() else 1, _val(lv, "numFmt") or "decimal",
                      _val(lv, "lvlText") or "", legal is not None and legal.get(_w("val"), "1") not in ("0", "false"),
                      "" if suff == "nothing" else " ", _val(lv, "pStyle"))

    def _resolve(self, num_id: str) -> str | None:
        """numId → abstractNumId, following one w:numStyleLink (a list defined by a numbering style)."""
        aid = self.nums.get(num_id, (None, {}))[0]
        if aid in self.style_link:
            linked, _ = self.styles.numbering(self.style_link[aid])
            if linked and linked != num_id:
                aid = self.nums.get(linked, (aid, {}))[0]
        return aid

    def prefix(self, num_id: str | None, ilvl: int | None, style_id: str | None) -> str:
        """The number a paragraph shows ('一、 ', '（二） ', '1.2 '), or '' (bullets, no list)."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid = self._resolve(num_id)
        levels = self.abstract.get(aid)
        if not levels:
            return ""
        if ilvl is None:  # a style linked to a list level names that level by w:pStyle
            ilvl = next((i for i, lv in levels.items() if style_id and lv.pstyle == style_id), 0)
        lv = levels.get(ilvl)
        if lv is None:
            return ""
        counters = self.counters.setdefault(aid, [None] * 10)
        overrides = self.nums[num_id][1]
        if num_id not in self.seen:  # a w:num with a start override restarts the list
            self.seen.add(num_id)
            for i in overrides:
                if i < len(counters):
                    counters[i] = None
        if counters[ilvl] is None:
            counters[ilvl] = overrides.get(ilvl, lv.start)
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        if lv.fmt == "bullet":
            return ""  # bullets carry no number; drawing the glyph (often a Symbol-font char) adds noise

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            other = levels.get(k, _Level())
            n = counters[k] if counters[k] is not None else other.start
            return format_number(n, "decimal" if lv.legal and k != ilvl else other.fmt)

        text = re.sub(r"%([1-9])", sub, lv.text).strip()
        return text + lv.suffix if text else ""


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
    vanish = r.find(f"{_w('rPr')}/{_w('vanish')}")
    return vanish is not None and vanish.get(_w("val"), "1") not in ("0", "false")


def _inline_text(el, st: _Stats) -> str:
    """The visible text of a paragraph (or part of one); soft breaks as '\\n'."""
    out: list[str] = []
    for ch in el:
        tag = ch.tag
        if tag == _w("r"):
            if _run_hidden(ch):
                st.hidden += 1
                continue
            for x in ch:
                t = x.tag
                if t == _w("t"):
                    out.append(x.text or "")
                elif t in (_w("tab"), _w("ptab")):
                    out.append(" ")
                elif t == _w("br"):
                    out.append("" if x.get(_w("type")) == "page" else "\n")
                elif t == _w("cr"):
                    out.append("\n")
                elif t == _w("noBreakHyphen"):
                    out.append("-")
                elif t == _w("lastRenderedPageBreak"):
                    st.rendered_breaks += 1
                elif t in (_w("drawing"), _w("pict"), f"{{{MC}}}AlternateContent"):
                    if any(True for _ in x.iter(_w("txbxContent"))):
                        st.text_boxes += 1
        elif tag in (_w("del"), _w("moveFrom")):
            st.deleted += 1
        elif tag in (_w("pPr"), _w("rPr"), f"{{{MC}}}AlternateContent"):
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
        sep = "" if (not prev or _CJK.match(prev[-1]) or _CJK.match(p[0])) else " "
        paras[-1] = prev + sep + p
    return [p.strip() for p in paras if p.strip()]


# --------------------------------------------------------------------------- the body walk


class _Reader:
    def __init__(self, styles: _Styles, numbering: _Numbering):
        self.styles = styles
        self.numbering = numbering
        self.stats = _Stats()
        self.lines: list[str] = []
        self.after_marker = False  #: the last line was a lone 【关键词一】 marker

    def block(self, el) -> None:
        """A block-level element of the body, a cell or a content control."""
        for ch in el:
            if ch.tag == _w("p"):
                self.paragraph(ch)
            elif ch.tag == _w("tbl"):
                self.table(ch)
            elif ch.tag == _w("sdt"):
                gallery = ch.find(f"{_w('sdtPr')}/{_w('docPartObj')}/{_w('docPartGallery')}")
                if gallery is not None and "Table of Contents" in (gallery.get(_w("val")) or ""):
                    self.stats.toc += sum(1 for _ in ch.iter(_w("p")))
                    continue
                content = ch.find(_w("sdtContent"))
                if content is not None:
                    self.block(content)
            elif ch.tag == _w("customXml"):
                self.block(ch)

    def paragraph(self, p) -> None:
        ppr = p.find(_w("pPr"))
        sid = _val(ppr, "pStyle")
        role, level = self.styles.role(sid)
        outline = _val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit() and role != "title":
            role, level = ("heading", int(outline) + 1) if int(outline) < 9 else ("body", 0)
        texts = _join_soft(_inline_text(p, self.stats), self.stats)
        if role == "toc":
            self.stats.toc += 1 if texts else 0
            return
        if not texts:
            return
        num_id, ilvl = _val(ppr, "numPr/numId"), _val(ppr, "numPr/ilvl")
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
        rows = [tr for tr in tbl.iter(_w("tr")) if _owner_table(tr) is tbl]
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
    while el is not None and el.tag != _w("tbl"):
        el = el.getparent()
    return el


def _cells(tr) -> list:
    """The cells of a row (w:tc, also inside content controls), merged cells once."""
    out = []
    for ch in tr:
        if ch.tag == _w("tc"):
            out.append(ch)
        elif ch.tag == _w("sdt"):
            content = ch.find(_w("sdtContent"))
            out.extend(c for c in (content if content is not None else []) if c.tag == _w("tc"))
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
            if "word/document.xml" not in z.namelist() and not any(n.endswith("document.xml") for n in z.namelist()):
                raise InputError(f"{name}: is not a readable .docx (no word/document.xml inside); "
                                 "open it in Word or WPS and save it as .docx")
        import docx

        return docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as e:  # python-docx, lxml and zipfile raise many kinds
        reason = " ".join(str(e).split())[:120] or type(e).__name__
        raise InputError(f"{name}: is not a readable .docx ({reason}); open it in Word or WPS and save it as .docx") from None


def read_docx(data: bytes, name: str) -> tuple[str, int | None, list[Repair]]:
    """The body text of a .docx (see the module docstring), its page count if Word recorded one
    (None otherwise), and the repairs made while reading."""
    doc = _open(data, name)
    styles = _Styles(doc.styles.element)
    try:
        numbering_el = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering_el = None
    reader = _Reader(styles, _Numbering(numbering_el, styles))
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
