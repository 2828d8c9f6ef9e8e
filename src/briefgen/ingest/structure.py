"""Logical lines to a document: title, subtitle, lead paragraphs and the section tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Repair, Section
from ..text.headings import Heading, parse_heading
from ..text.sentences import ends_sentence
from .normalise import Line

#: A short heading that names the plan part: '2020年工作任务', '下一阶段工作安排', '今年政府工作任务'.
_PLAN = re.compile(r"^(?:\d{4}年|今年|明年|下一阶段|下一步|今后一个时期|今后|新的一年)?.{0,14}?"
                   r"(?:工作任务|任务|工作安排|安排|打算|工作部署|部署|计划|思路|目标任务|重点工作|工作重点|"
                   r"总体要求|工作要求|政策取向|主要目标|预期目标|建议)$")
_PLAN_START = re.compile(r"^(?:\d{4}年|今年|明年|下一阶段|下一步|今后)")
#: A short heading that names the review part: '2019年工作回顾', '今年以来工会工作情况'.
_REVIEW = re.compile(r"^(?:\d{4}年|过去一年|过去五年|今年以来|一年来|上半年|五年来)?.{0,10}?"
                     r"(?:回顾|工作情况|情况|成绩|总结|成效|进展|主要工作)$")


_BYLINE = re.compile(r"(总理|主席|副主席|书记|部长|省长|市长|县长|区长|理事长|会长|主任|院长|局长|厅长|委员长)(\s*\S{2,4})?$"
                     r"|^[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)]$")


@dataclass
class Block:
    """A line of the body in order: a heading or a paragraph, with its offset in the normalised text."""

    kind: str  # heading | para
    text: str  # the full line as it stands in the normalised text
    line: int
    heading: Heading | None = None
    offset: int = 0


@dataclass
class Document:
    title: str
    subtitle: str | None
    lead: list[Block]
    sections: list[Section]
    blocks: list[Block] = field(default_factory=list)
    text: str = ""
    block_section: dict[int, str] = field(default_factory=dict)  #: block index -> section id


def _weak_heading(s: str, nxt: str | None) -> bool:
    """An unnumbered heading line: short, no sentence inside, followed by more text."""
    return (nxt is not None and len(s) <= 50 and not ends_sentence(s) and not re.search(r"[。！？!?；]", s)
            and not re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", s))


def build(lines: list[Line], repairs: list[Repair], meta: dict) -> Document:
    """Find title, subtitle, lead and the section tree in the cleaned lines."""
    i = 0
    title = meta.get("title")
    subtitle = meta.get("subtitle")
    n = len(lines)
    if title is None and n:
        first = lines[0].text
        h = parse_heading(first)
        if h and h.style == "md1":
            title, i = h.title, 1
        elif len(first) <= 80 and not ends_sentence(first):
            title, i = first.lstrip("# ").strip(), 1
    elif n and lines[0].text.lstrip("# ").strip() == title:
        i = 1
    if i < n and lines[i].text.startswith(("——", "--", "—")) and len(lines[i].text) <= 80:
        subtitle = lines[i].text.lstrip("—-– ").strip()
        i += 1
    byline = []  # 国务院总理 李强 / （2024年3月5日）: not a heading, kept with the lead
    while i < n and _BYLINE.search(lines[i].text) and len(lines[i].text) <= 24:
        byline.append(lines[i])
        i += 1

    blocks: list[Block] = []
    body = lines[i:]
    for k, ln in enumerate(body):
        nxt = body[k + 1].text if k + 1 < len(body) else None
        h = parse_heading(ln.text)
        if h and h.style == "marker":
            # 【关键词一】: the next short line names the area; the marker becomes the heading's number.
            if nxt is not None and _weak_heading(nxt, "") and not parse_heading(nxt):
                h.title = ""
            blocks.append(Block("heading", ln.text, ln.line, h))
            continue
        if h:
            blocks.append(Block("heading", ln.text, ln.line, h))
            continue
        if blocks and blocks[-1].heading and blocks[-1].heading.style == "marker" and not blocks[-1].heading.title:
            blocks[-1].heading.title = ln.text
            blocks[-1].text += "\n" + ln.text
            continue
        if _weak_heading(ln.text, nxt):
            blocks.append(Block("heading", ln.text, ln.line, Heading("plain", None, ln.text)))
        else:
            blocks.append(Block("para", ln.text, ln.line))

    # A heading-like line with nothing after it at the very end (a misplaced caption, a signature)
    # structures nothing: drop it, on the record.
    while len(blocks) > 1 and ((blocks[-1].kind == "heading" and not blocks[-1].heading.rest)
                               or _weak_heading(blocks[-1].text, "")):
        b = blocks.pop()
        repairs.append(Repair("drop_empty_heading", b.line, f"dropped heading with no text after it at the end: {b.text!r}"))
    # Marker whose name line never came: keep the marker text as its title.
    for b in blocks:
        if b.heading and b.heading.style == "marker" and not b.heading.title:
            b.heading.title = b.heading.number or b.text

    lead = [Block("para", b.text, b.line) for b in byline]
    k = 0
    while k < len(blocks) and blocks[k].kind == "para":
        lead.append(blocks[k])
        k += 1

    # Levels: heading styles ranked by first appearance (as reStructuredText does).
    order: list[str] = []
    for b in blocks:
        if b.heading and b.heading.style not in order:
            order.append(b.heading.style)
    mds = sorted(s for s in order if s.startswith("md"))
    if mds:  # Markdown levels keep their own order
        order = mds + [s for s in order if not s.startswith("md")]

    root: list[Section] = []
    stack: list[Section] = []
    counter = 0
    doc = Document(title or "", subtitle, lead, root)
    for idx, b in enumerate(blocks[k:], start=k):
        if b.kind == "heading":
            h = b.heading
            level = min(order.index(h.style) + 1, 6)
            counter += 1
            sec = Section(id=f"s{counter}", title=h.title, level=level, number=h.number)
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else root).append(sec)
            stack.append(sec)
            doc.block_section[idx] = sec.id
            if h.rest:
                sec.paragraphs.append(h.rest)
        else:
            stack[-1].paragraphs.append(b.text)
            doc.block_section[idx] = stack[-1].id
    _renumber_levels(root, 1)
    _classify(root)
    doc.blocks = blocks
    return doc


def _renumber_levels(secs: list[Section], level: int) -> None:
    """Make levels consecutive from 1 (a document may skip a style)."""
    for s in secs:
        s.level = level
        _renumber_levels(s.children, level + 1)


def _kind_of(title: str) -> str | None:
    t = re.sub(r"\s+", "", title)
    if len(t) <= 24 and _PLAN.match(t):
        return "plan"
    if len(t) <= 24 and _REVIEW.match(t):
        return "review"
    if len(t) <= 24 and re.match(r"^(下一步|下一阶段|今后|明年|下半年)", t):
        return "plan"
    if _PLAN_START.match(t) and re.search(r"(任务|安排|打算|重点|目标)", t):
        return "plan"
    return None


def _classify(root: list[Section]) -> None:
    """review / plan / other: explicit part headings decide; before the plan part is review."""
    kinds = [_kind_of(s.title) for s in root]
    pivot = next((i for i, k in enumerate(kinds) if k == "plan"), None)
    any_review = "review" in kinds
    for i, s in enumerate(root):
        k = kinds[i]
        if k is None:
            if pivot is not None:
                k = "review" if i < pivot else "plan"
            else:
                k = "review" if any_review and i > kinds.index("review") else "other"
        _set_kind(s, k)
    # A plan part may be a subsection (一、二、… under one title): classify children the same way.
    for s in root:
        if s.kind == "other" and s.children:
            _classify(s.children)
            if all(c.kind == s.children[0].kind for c in s.children):
                s.kind = s.children[0].kind


def _set_kind(s: Section, k: str) -> None:
    s.kind = k
    for c in s.children:
        own = _kind_of(c.title)
        _set_kind(c, own if own and k == "other" else k)
