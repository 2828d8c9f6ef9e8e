"""Body lines to a document: lead paragraphs, the section tree (levels and kinds from parts.py), blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Repair, Section
from ..text.headings import Heading, parse_heading
from ..text.sentences import ends_sentence
from . import parts as partlib
from . import itemlines, tables
from .debris import BULLET
from .normalise import Line
from .timeref import find_periods
from .titleblock import is_salutation
from ..text.recache import rx

#: Title of the one part of a body that has no headings.
BODY_TITLE = "正文"


@dataclass
class Block:
    """A line of the body in order: a heading or a paragraph, with its offset in the normalised text."""

    kind: str  # heading | para
    text: str  # the full line as it stands in the normalised text
    line: int
    heading: Heading | None = None
    offset: int = 0
    kind_hint: str | None = None  #: review/plan of this paragraph inside a part that names both


@dataclass
class Document:
    lead: list[Block]
    sections: list[Section]
    blocks: list[Block] = field(default_factory=list)
    text: str = ""
    block_section: dict[int, str] = field(default_factory=dict)  #: block index -> section id


def _weak_heading(s: str, nxt: str | None) -> bool:
    """An unnumbered heading line: short, no sentence inside, followed by more text."""
    return (nxt is not None and len(s) <= 50 and not tables.is_row(s) and not ends_sentence(s) and not rx(r"[。！？!?；]").search(s)
            and not rx(r"\d{4}年\d{1,2}月\d{1,2}日").fullmatch(s))


def _blocks(body: list[Line]) -> list[Block]:
    """Each logical line as a heading or a paragraph."""
    blocks: list[Block] = []
    for k, ln in enumerate(body):
        nxt = body[k + 1].text if k + 1 < len(body) else None
        h = parse_heading(ln.text)
        if not h and itemlines.is_seq(ln.text, nxt):
            h = Heading("seq", ln.text.strip(), "")  # 01 over its title line: a part of an image post
        if ln.value or ln.bullet or not h and itemlines.is_pair(ln.text):
            blocks.append(Block("para", ln.text, ln.line))  # 地区生产总值218.6亿元 / ▶ 新增5800户: an item
            continue
        if h and h.style in ("marker", "seq"):
            # 【关键词一】: the next short line names the area; the marker becomes the heading's number.
            if nxt is not None and _weak_heading(nxt, "") and not parse_heading(nxt):
                h.title = ""
            blocks.append(Block("heading", ln.text, ln.line, h))
            continue
        if h and h.style != "md1":
            blocks.append(Block("heading", ln.text, ln.line, h))
            continue
        if blocks and blocks[-1].heading and blocks[-1].heading.style in ("marker", "seq") \
                and not blocks[-1].heading.title:
            blocks[-1].heading.title = ln.text
            blocks[-1].text += "\n" + ln.text
            continue
        lead = BULLET.match(ln.text)
        if not h and lead and lead.end() < len(ln.text) and _weak_heading(ln.text, nxt):
            # ✅ 经济运行稳中有进: an emoji-led heading; its level is settled by _emoji_levels
            blocks.append(Block("heading", ln.text, ln.line, Heading("emoji_sub", None, ln.text[lead.end():].strip())))
            continue
        if h or (_weak_heading(ln.text, nxt) and not is_salutation(ln.text)):
            blocks.append(Block("heading", ln.text, ln.line, h or Heading("plain", None, ln.text)))
        else:
            blocks.append(Block("para", ln.text, ln.line))
    _emoji_levels(blocks)
    return blocks


_NUMBERED_TOP = ("part", "cn", "md1", "md2")


def _emoji_levels(blocks: list[Block]) -> None:
    """An emoji-led heading directly followed by a heading led by another emoji is a top heading (📊 回眸 over
    ✅ lines); other emoji-led headings are sub-headings. Where numbered parts exist, every emoji-led line is
    at most a sub-heading under them (levels() ranks emoji styles last)."""
    heads = [(i, BULLET.match(b.text).group(0).strip()) for i, b in enumerate(blocks)
             if b.heading and b.heading.style.startswith("emoji")]
    if not heads or any(b.heading and b.heading.style in _NUMBERED_TOP for b in blocks):
        return
    at = dict(heads)
    tops = {e for i, e in heads if i + 1 in at and at[i + 1] != e}
    subs = {at[i + 1] for i, e in heads if i + 1 in at and at[i + 1] != e}
    for i, e in heads:
        if e in tops - subs:
            blocks[i].heading.style = "emoji_top"


def build(lines: list[Line], repairs: list[Repair], year: int | None = None, month: int | None = None,
          speech: bool = False) -> Document:
    """Lead, section tree and blocks of the body lines (the title block and back matter already set apart)."""
    blocks = _blocks(lines)
    _demote_stray_line(blocks, year, month)
    # A heading-like line with nothing after it at the very end (a misplaced caption, a signature)
    # structures nothing: drop it, on the record.
    while len(blocks) > 1 and _stray_end(blocks[-1]):
        b = blocks.pop()
        repairs.append(Repair("drop_empty_heading", b.line, f"dropped heading with no text after it at the end: {b.text!r}"))
    # Marker whose name line never came: keep the marker text as its title.
    for b in blocks:
        if b.heading and b.heading.style in ("marker", "seq") and not b.heading.title:
            b.heading.title = b.heading.number or b.text

    k = 0
    while k < len(blocks) and blocks[k].kind == "para":
        k += 1
    root: list[Section] = []
    doc = Document(blocks[:k], root)
    if k == len(blocks) and blocks:
        # No headings at all: the body (after a salutation) is one part.
        k = 1 if is_salutation(blocks[0].text) and len(blocks) > 1 else 0
        doc.lead = blocks[:k]
        sec = Section(id="s1", title=BODY_TITLE, level=1)
        root.append(sec)
        for idx in range(k, len(blocks)):
            sec.paragraphs.append(blocks[idx].text)
            doc.block_section[idx] = sec.id
    heads = [b.heading for b in blocks[k:] if b.kind == "heading"]
    lv = iter(partlib.levels(heads))
    stack: list[Section] = []
    counter = 0
    for idx, b in enumerate(blocks[k:], start=k):
        if b.kind == "heading":
            h = b.heading
            level = next(lv)
            counter += 1
            sec = Section(id=f"s{counter}", title=h.title, level=level, number=h.number)
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else root).append(sec)
            stack.append(sec)
            doc.block_section[idx] = sec.id
            if h.rest:
                sec.paragraphs.append(h.rest)
        elif stack:
            stack[-1].paragraphs.append(b.text)
            doc.block_section[idx] = stack[-1].id
    _renumber_levels(root, 1)
    partlib.classify(root, year, month, speech)
    mixed = {top.id for top in root if partlib.is_mixed(top, year, month)}
    for i, sid in doc.block_section.items():
        if sid in mixed and blocks[i].kind == "para":
            blocks[i].kind_hint = partlib.paragraph_kind(blocks[i].text)
    doc.blocks = blocks
    return doc


def _stray_end(b: Block) -> bool:
    """A last line that structures nothing: an unnumbered heading-like line (a misplaced caption, a signature)
    without a figure. A numbered heading stays, even with nothing after it: it is a part of the report."""
    if b.kind == "heading" and b.heading.style not in ("plain", "emoji_top", "emoji_sub"):
        return False
    if b.kind == "para" and not _weak_heading(b.text, ""):
        return False
    return not itemlines.has_figure(b.text)


def _demote_stray_line(blocks: list[Block], year: int | None, month: int | None) -> None:
    """One short unnumbered line before numbered parts (a caption without a credit, a dateline) is a paragraph,
    not a part above them — unless it reads like a part heading (回顾, 任务, 2025年 …)."""
    first = next((i for i, b in enumerate(blocks) if b.heading and b.heading.style not in ("plain", "marker")), None)
    if first is None:
        return
    plain = [b for b in blocks[:first] if b.heading and b.heading.style == "plain"]
    words = [c for c in partlib.heading_cues(plain[0].text, year, month) if c[0] and not find_periods(c[1])] if plain else []
    if len(plain) == 1 and not words:
        plain[0].kind, plain[0].heading = "para", None


def _renumber_levels(secs: list[Section], level: int) -> None:
    """Make levels consecutive from 1 (a document may skip a style)."""
    for s in secs:
        s.level = level
        _renumber_levels(s.children, level + 1)
