"""Clean report text into logical lines: line endings, page debris, title block, page numbers, cut lines.

Every change is recorded as a :class:`~briefgen.model.Repair`, so nothing changes silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Repair
from ..text.headings import is_strong_heading
from ..text.kinsoku import CANNOT_END, CANNOT_START
from ..text.recache import rx
from ..text.sentences import ends_sentence
from ..text.width import columns as _width
from . import debris, itemlines, signature, tables, titleblock

_SPACE = "\u3000\u00a0\u2002\u2003\u2009\u200a\t \ufeff\u200b\u200c\u200d\u2060"

_PAGE_NUMBER = rx(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,3})$"
)

_EMPHASIS = rx(r"^(\*\*|__|\*)(?![\s*])(.+?)\1$")
#: A Markdown list marker before an item: '- ', '* ', '+ '.
_LIST_MARK = rx(r"^[-*+][ \t]+(?=\S)")
#: Bold inside a line of a Markdown export: **发布时间**：…, 1. **提升服务能力**。…
_INLINE_BOLD = rx(r"(\*\*|__)(?![\s*_])([^*\n]{1,40}?)(?<![\s*_])\1")
#: A title set letter-spaced for display (政 府 工 作 报 告): single hanzi with spaces between.
_INVISIBLE = rx("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACED_OUT = rx(r"^[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff]){2,}$")

#: A line ending with one of these cannot end a heading or a paragraph: the text goes on.
_OPEN_END = set(CANNOT_END) | set("、，,—-") | set("的和与及或在对把将为从向被让使了着于等之并且而以第")
#: A line ending with one of these is cut even when the next line looks like a heading ('…居全国第' / '七、第九。').
_NEVER_END = set("（(“‘《「『【〈、，,") | {"第"}
#: A line starting with one of these continues the line before it.
_CONT_START = (CANNOT_START - set("·・")) | set("与及之")  # a middle dot may be a list bullet


@dataclass
class Line:
    """A logical line (paragraph or heading) with the 1-based source line it starts at."""

    text: str
    line: int
    blank_before: bool = False
    parts: list[int] = field(default_factory=list)
    page_break: bool = False  #: a page-number line stood between this line and the one before
    bullet: bool = False  #: a list bullet stood before it (an item starts anew)
    indent: int = 0  #: columns of white space before it in the source (a tab counts 4, U+3000 2)
    item: bool = False  #: one of a run of one-item-per-line lines (itemlines.py): never joined as a cut
    value: bool = False  #: such a line with its figures (a label joined with its value lines)


@dataclass
class Cleaned:
    lines: list[Line]  #: the title block's lines, then the body's logical lines
    repairs: list[Repair]
    meta: dict
    block: titleblock.TitleBlock = field(default_factory=titleblock.TitleBlock)


def _indent(src: str) -> int:
    """Columns of white space that open a source line."""
    n = 0
    for c in src:
        if c not in _SPACE:
            break
        n += 4 if c == "\t" else 2 if c == "\u3000" else 1
    return n


def _strip(s: str) -> str:
    return s.strip(_SPACE + "\r\n\f\v")


def _front_matter(text: str, repairs: list[Repair], meta: dict) -> str:
    """Markdown front matter (--- key: value ---) becomes metadata."""
    m = rx(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", re.S).match(text)
    if not m:
        return text
    import yaml

    from ..errors import InputError
    from ..limits import check_yaml, safe_load

    try:
        check_yaml(m.group(1), "front matter", aliases=False)  # a report's metadata never needs aliases
        data = safe_load(m.group(1))
    except (yaml.YAMLError, InputError):
        return text
    if not isinstance(data, dict):
        return text
    for k, v in data.items():
        if v is not None:
            meta[str(k).lower()] = str(v)
    n = m.group(0).count("\n")
    repairs.append(Repair("front_matter", 1, f"read {n} lines of front matter as metadata: {', '.join(map(str, data))}"))
    return "\n" * n + text[m.end():]


def _is_hard_wrapped(lines: list[Line]) -> int | None:
    """If the text was hard-wrapped at a fixed width (PDF copy-paste), return that width."""
    lens = [_width(ln.text) for ln in lines if len(ln.text) >= 15]
    if len(lens) < 4:
        return None
    width = max(lens, key=lambda w: sum(1 for n in lens if abs(n - w) <= 3))
    near = sum(1 for n in lens if abs(n - width) <= 3)
    return width if near >= 0.5 * len(lens) and near >= 3 else None


def _cut(prev: Line | None, prev_is_heading: bool, x: Line, y: Line, blank_separated_doc: bool,
         wrap: int | None) -> bool:
    """Is the boundary between logical lines *x* and *y* a cut inside one paragraph?"""
    if tables.is_row(x.text) or tables.is_row(y.text) or x.item or y.item or itemlines.SEQ.match(x.text) \
            or itemlines.SEQ.match(y.text) or itemlines.is_pair(x.text) and itemlines.is_pair(y.text):
        return False  # a table row, a line of a one-item-per-line run, a section number (01) stands alone
    if (y.bullet and x.text[-1] not in "，,、" or debris.BULLET.match(y.text)
            or debris.BULLET.match(x.text) and _looks_like_heading(x.text)):
        return False  # a line led by an emoji or a bullet starts anew (✅ 经济运行稳中有进 / ▶ 新增…)
    if x.text[-1] in _NEVER_END and len(x.text) > 20 and not is_strong_heading(x.text):
        return True
    if y.page_break and not ends_sentence(x.text) and rx(r"[，。；、：]").search(x.text) and not is_strong_heading(y.text):
        return True  # running text cut by a page break ('…稳定在' / '- 3 -' / '90%以上…'), a heading's run-on too
    if ends_sentence(x.text) or is_strong_heading(y.text) or is_strong_heading(x.text):
        return False
    if y.text.startswith(("——", "--")) or x.text.startswith(("——", "#")):
        return False
    if x.text[-1] in _OPEN_END or y.text[0] in _CONT_START:
        return True
    if rx(r"[。！？!?；]").search(x.text) or len(x.text) > 60:
        return True  # x holds the tail of a paragraph, not a heading
    if wrap and _width(x.text) >= wrap - 3:
        return True  # a full-width line of hard-wrapped text
    if blank_separated_doc and not y.blank_before:
        return True  # paragraphs are blank-separated, but these two lines are not
    if blank_separated_doc and prev_is_heading and prev is not None and not is_strong_heading(prev.text):
        return True  # two unnumbered heading lines in a row: the second is a cut paragraph
    return False


def clean(text: str) -> Cleaned:
    """Normalise *text* into logical lines; see the module docstring."""
    repairs: list[Repair] = []
    meta: dict = {}
    if "\r" in text:
        n = text.count("\r\n") or text.count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        repairs.append(Repair("line_endings", None, f"converted {n} CRLF/CR line ending(s) to LF"))
    invisible = len(_INVISIBLE.findall(text))
    if invisible:  # web and Word copies: 1.07\u200b亿元 would hide the figure from every rule
        text = _INVISIBLE.sub("", text)
        repairs.append(Repair("strip", None, f"removed {invisible} invisible character(s) (zero-width space or "
                                             "joiner, word joiner, soft hyphen)"))
    text = _front_matter(text, repairs, meta)

    raw: list[Line] = []
    blank = page = False
    stripped_indent = emphasis = 0
    sources = text.split("\n")
    running = running_heads([_strip(x) for x in sources], {i for i, x in enumerate(sources) if "\f" in x})
    for no, src in enumerate(sources, 1):
        s = _strip(src)
        if s != src.strip("\n") and s:
            stripped_indent += 1
        if not s:
            blank = True
            continue
        if no - 1 in running:
            repairs.append(Repair("debris", no, f"dropped running page header/footer: {s[:40]!r}"))
            page = True  # the text on each side of it may be one sentence cut by the page break
            continue
        if _SPACED_OUT.match(s):
            repairs.append(Repair("strip", no, f"closed up letter-spaced line {s!r}"))
            s = rx(r"[ \u3000]+").sub("", s)
        m = _EMPHASIS.match(s)
        if m and (m.group(1) != "*" or not rx(r"\*\s").search(s)):  # **小标题** / __小标题__ / *（责任编辑：…）*
            s = m.group(2).strip()
            emphasis += 1
        if "**" in s or "__" in s:
            s, n = _INLINE_BOLD.subn(r"\2", s)
            emphasis += bool(n)
        if _PAGE_NUMBER.match(s) and not itemlines.is_seq(s, _next_text(sources, no)):
            repairs.append(Repair("drop_page_number", no, f"dropped page-number line {s!r}"))
            blank = page = True
            continue
        raw.append(Line(s, no, blank, [no], page, indent=_indent(src)))
        blank = page = False
    if emphasis:
        repairs.append(Repair("strip", None, f"removed Markdown emphasis marks around {emphasis} line(s)"))
    if stripped_indent:
        repairs.append(Repair("strip", None, f"removed indentation or trailing spaces (incl. U+3000) on {stripped_indent} line(s)"))
    raw = _unbullet(debris.strip(raw, repairs, meta), repairs)
    raw = signature.split_off(raw, repairs, meta)
    block, raw = titleblock.read(raw, repairs, meta)
    body = itemlines.pair(raw[block.size:], repairs)
    return Cleaned(raw[:block.size] + join_cut_lines(body, repairs), repairs, meta, block)


def _next_text(sources: list[str], no: int) -> str | None:
    """The next non-blank source line after line *no* (1-based), stripped."""
    for src in sources[no:no + 3]:
        s = _strip(src)
        if s:
            return s
    return None


def _unbullet(lines: list[Line], repairs: list[Repair]) -> list[Line]:
    """A list bullet before a sentence line or a figure ('- 新增床位220张。', '▶ 实施项目300个；', '▶ 一般性支出再压减5%')
    is markup: the item stays, marked as one (it starts anew, a paragraph). Emoji-led heading lines keep their mark
    (it sets their level)."""
    n = 0
    for ln in lines:
        b = _LIST_MARK.match(ln.text) or debris.BULLET.match(ln.text)
        if b and b.end() < len(ln.text) and (rx(r"[。；;，,！？]").search(ln.text[b.end():])
                                             or itemlines.has_figure(ln.text[b.end():])):
            ln.text, ln.bullet = ln.text[b.end():].lstrip(), True
            n += 1
    if n:
        repairs.append(Repair("strip", None, f"removed list bullets (- ▶ • …) before {n} item line(s)"))
    return lines


def running_heads(lines: list[str], feeds: set[int] = frozenset()) -> set[int]:
    """Indexes of running page headers/footers in stripped source *lines*: a short line that recurs (the same
    text, or the same with a page or copy number in brackets) next to page-number lines or at page breaks
    (*feeds*: lines that held a form feed). The first line may carry the header with its number (…文件（8））."""
    pages = {i for i, s in enumerate(lines) if s and _PAGE_NUMBER.match(s)}
    if not pages and not feeds:
        return set()
    near: dict[str, list[int]] = {}
    for i, s in enumerate(lines):
        if not s or len(s) > 40 or i in pages or rx(r"[。！？；，]$").search(s) \
                or len(rx(r"[\u4e00-\u9fff]").findall(s)) < 4:
            continue  # a header names something (…会议文件, 政府工作报告); a recurring cell (套, 100%) does not
        near.setdefault(_bare(s), []).append(i)

    def by_page(i: int) -> bool:
        """Next to a page-number line, or first or last on a page (a form feed starts a page)."""
        if i in feeds:
            return True
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j]:
                if j in feeds and step == -1:
                    return True  # a blank line with the form feed just before
                j += step
            if j in pages or step == 1 and j in feeds:
                return True
        return False

    first = next((i for i, s in enumerate(lines) if s), 0)

    out: set[int] = set()
    for key, where in near.items():
        if len(where) >= 2 and sum(by_page(i) for i in where) >= 2 and not is_strong_heading(lines[where[0]]):
            out.update(i for i in where if (by_page(i) or i == first)
                       and not (i == first and _DOC_NAME.search(rx(r"[\s\u3000]").sub("", lines[i]))))
    return out


#: A line that names a document (the title on page one may also run as the header of the pages after it).
_DOC_NAME = rx(r"(?:报告|总结|讲话|要点|解读|纪要|公报|规划|纲要|计划|思路|打算|决议)$")


def _bare(s: str) -> str:
    """A header line without its trailing number in brackets: …会议文件（8） -> …会议文件."""
    return rx(r"[（(][0-9０-９]{1,3}[）)]$").sub("", s)


def join_cut_lines(raw: list[Line], repairs: list[Repair]) -> list[Line]:
    """Join lines cut inside a paragraph (page breaks, hard wraps); each join is recorded."""
    gaps = [ln.blank_before for ln in raw[1:]]
    blank_separated = bool(gaps) and sum(gaps) >= 0.8 * len(gaps)
    wrap = None if blank_separated else _is_hard_wrapped(raw)

    out: list[Line] = []
    for ln in raw:
        prev = out[-2] if len(out) > 1 else None
        if out and _cut(prev, prev is not None and _looks_like_heading(prev.text), out[-1], ln, blank_separated, wrap):
            x = out[-1]
            sep = " " if rx(r"[A-Za-z0-9]").match(ln.text) and rx(r"[A-Za-z0-9]$").search(x.text) else ""
            repairs.append(Repair("join", ln.line, f"joined line {ln.line} to the line before: "
                                                   f"…{x.text[-8:]}|{ln.text[:8]}…"))
            x.text = x.text + sep + ln.text
            x.parts.append(ln.line)
            continue
        out.append(ln)
    return out


def _looks_like_heading(s: str) -> bool:
    return is_strong_heading(s) or (len(s) <= 50 and not ends_sentence(s) and not rx(r"[。！？!?]").search(s))
