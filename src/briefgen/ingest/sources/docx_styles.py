"""Word styles and automatic numbering as the .docx reader needs them: a paragraph's role (title,
heading N, table of contents, body) from its style chain, and the number a list paragraph shows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...text.counters import chinese
from ...text.recache import rx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def w_tag(tag: str) -> str:
    return f"{{{W}}}{tag}"


def w_val(el, path: str) -> str | None:
    """``w:val`` of the first element at *path* (``w:``-prefixed tags separated by /) under *el*."""
    if el is None:
        return None
    found = el.find("/".join(w_tag(t) for t in path.split("/")))
    return None if found is None else found.get(w_tag("val"))


_HEADING_NAME = rx(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_NAME = rx(r"^(?:title|标题)$", re.I)
_TOC_NAME = rx(r"^(?:toc|目录)\s*(?:[1-9]|heading|标题)$", re.I)


# --------------------------------------------------------------------------- styles


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None  #: w:outlineLvl (0-based; 9 = body text)
    num_id: str | None
    ilvl: int | None


class Styles:
    """Paragraph styles by id, with the lookups that follow the basedOn chain."""

    def __init__(self, styles_el):
        self.by_id: dict[str, _Style] = {}
        self.default: str | None = None
        for st in styles_el.iter(w_tag("style")) if styles_el is not None else []:
            if st.get(w_tag("type")) not in (None, "paragraph"):
                continue
            sid = st.get(w_tag("styleId"))
            ppr = st.find(w_tag("pPr"))
            outline = w_val(ppr, "outlineLvl")
            ilvl = w_val(ppr, "numPr/ilvl")
            self.by_id[sid] = _Style(w_val(st, "name") or sid, w_val(st, "basedOn"),
                                     int(outline) if outline and outline.isdigit() else None,
                                     w_val(ppr, "numPr/numId"), int(ilvl) if ilvl and ilvl.isdigit() else None)
            if st.get(w_tag("default")) in ("1", "true"):
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


class Numbering:
    """Counters for Word's automatic numbering, to write 一、 / （一） / 1. in front of paragraphs."""

    def __init__(self, numbering_el, styles: Styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNumId -> style id (w:numStyleLink)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()
        if numbering_el is None:
            return
        for an in numbering_el.iter(w_tag("abstractNum")):
            aid = an.get(w_tag("abstractNumId"))
            link = w_val(an, "numStyleLink")
            if link:
                self.style_link[aid] = link
            self.abstract[aid] = {int(lv.get(w_tag("ilvl"), "0")): self._level(lv) for lv in an.iter(w_tag("lvl"))}
        for num in numbering_el.iter(w_tag("num")):
            overrides = {}
            for ov in num.iter(w_tag("lvlOverride")):
                start = w_val(ov, "startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    overrides[int(ov.get(w_tag("ilvl"), "0"))] = int(start)
            self.nums[num.get(w_tag("numId"))] = (w_val(num, "abstractNumId"), overrides)

    @staticmethod
    def _level(lv) -> _Level:
        start = w_val(lv, "start")
        suff = w_val(lv, "suff") or "tab"
        legal = lv.find(w_tag("isLgl"))
        return _Level(int(start) if start and start.lstrip("-").isdigit() else 1, w_val(lv, "numFmt") or "decimal",
                      w_val(lv, "lvlText") or "", legal is not None and legal.get(w_tag("val"), "1") not in ("0", "false"),
                      "" if suff == "nothing" else " ", w_val(lv, "pStyle"))

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

        text = rx(r"%([1-9])").sub(sub, lv.text).strip()
        return text + lv.suffix if text else ""
