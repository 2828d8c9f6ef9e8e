"""Back matter after the body (名词解释, 注释, 附件 lists): kept in the model, out of sections and indicators."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Appendix, AppendixItem
from ..text.recache import rx

_CN = "一二三四五六七八九十"
_ATTACH = rx(rf"^(?:附件|附录|附表)\s*[0-9０-９{_CN}]*\s*[:：]?\s*(?P<title>.{{0,36}})$|^附\s*[:：]\s*(?P<title2>.{{1,36}})$")
_GLOSSARY = rx(r"名词解释|名词注释|名词释义|名词术语|术语解释|词语解释|名词说明|释义$|^(?:[^\w\s]\ufe0f?\s*)?(?:小贴士|小知识|知识小贴士|小课堂)$")
_NOTES = rx(r"^(?:注释|注解|附注|脚注|尾注|注)\s*[:：]?$|(?:注释|注解)[:：]?$")
#: A footnote marker: ［1］ [1] 【1】 〔1〕 or a circled number.
MARKER = rx(r"[［\[【〔]\s*(\d{1,3})\s*[］\]】〕]|([①-⑳])")
_NOTE_LINE = rx(r"^(?:[［\[【〔]\s*\d{1,3}\s*[］\]】〕]|[①-⑳]|注\s*\d{1,3}\s*[:：、.．])")
_TERM = rx(r"^(?:[0-9０-９]{1,3}\s*[.．、]\s*|[（(][0-9０-９]{1,3}[）)]\s*)?(?P<term>[^：:。，；]{1,30}?)\s*[：:]")


@dataclass
class Part:
    """Back matter found in the logical lines: where it starts and what kind it is."""

    kind: str
    title: str | None
    lines: list = field(default_factory=list)  #: the logical lines, header lines first
    head: int = 0  #: how many of the lines are its header (附件 / its title)


def _start(s: str) -> tuple[str, str | None] | None:
    """(kind, title) when *s* opens back matter."""
    if len(s) > 40 or rx(r"[。；]$").search(s):
        return None
    m = _ATTACH.match(s)
    if m:
        title = (m.group("title") or m.group("title2") or "").strip() or None
        kind = "glossary" if title and _GLOSSARY.search(title) else "notes" if title and _NOTES.search(title) else "attachment"
        return kind, title
    if _GLOSSARY.search(s) and len(s) <= 30:
        return "glossary", s
    if _NOTES.search(s):
        return "notes", s
    return None


def split(lines: list) -> tuple[list, list[Part]]:
    """The body's lines and the back-matter parts that follow them (in the second half of the text only)."""
    total = sum(len(ln.text) for ln in lines)
    seen = 0
    for i, ln in enumerate(lines):
        if seen >= 0.5 * total and i > 0:
            st = _start(ln.text)
            if st or _notes_tail(lines, i):
                return lines[:i], _parts(lines[i:])
        seen += len(ln.text)
    return lines, []


def _notes_tail(lines: list, i: int) -> bool:
    """From line *i* to the end every line is a footnote (［1］…) whose marker the body uses."""
    tail = lines[i:]
    if not tail or len(tail) > 60 or not all(_NOTE_LINE.match(ln.text) for ln in tail):
        return False
    body = "".join(ln.text for ln in lines[:i])
    return any(m.group(0) in body for m in MARKER.finditer(tail[0].text[:6]))


def _parts(lines: list) -> list[Part]:
    out: list[Part] = []
    for ln in lines:
        st = _start(ln.text)
        if st and not (out and out[-1].kind == "attachment" and out[-1].title is None and len(out[-1].lines) == 1):
            out.append(Part(st[0], st[1], [ln], 1))
            continue
        if out and out[-1].title is None and len(out[-1].lines) == 1 and len(ln.text) <= 40 \
                and not rx(r"[。；]").search(ln.text):
            p = out[-1]  # 附件 / 《…》有关内容名词注释: the line after a bare 附件 is its title
            p.title = ln.text
            p.kind = "glossary" if _GLOSSARY.search(ln.text) else "notes" if _NOTES.search(ln.text) else p.kind
            p.lines.append(ln)
            p.head = 2
            continue
        if not out:
            out.append(Part("notes" if _NOTE_LINE.match(ln.text) else "other", None, []))
        out[-1].lines.append(ln)
    return out


def appendices(parts: list[Part], offsets: dict[int, int], body_text: str) -> list[Appendix]:
    """Appendix records with offsets into the normalised text (*offsets*: source line -> offset)."""
    out = []
    for n, p in enumerate(parts, 1):
        first, last = p.lines[0], p.lines[-1]
        start = offsets[first.line]
        end = offsets[last.line] + len(last.text)
        items = []
        for ln in p.lines[p.head:]:
            off = offsets[ln.line]
            item = AppendixItem(text=ln.text, start=off, end=off + len(ln.text))
            if p.kind == "glossary":
                m = _TERM.match(ln.text)
                item.term = m.group("term").strip() if m else None
            mk = MARKER.match(ln.text)
            if mk and (mk.group(1) or p.kind == "notes"):
                item.marker = mk.group(0)
                item.refs = _refs(body_text, mk)
            items.append(item)
        out.append(Appendix(id=f"a{n}", kind=p.kind, title=p.title, start=start, end=end, items=items))
    return out


def _refs(body: str, mk: re.Match) -> list[int]:
    """Offsets of the body's markers for the same note (［1］ in the body for a note that starts [1])."""
    if mk.group(1):
        pat = re.compile(rf"[［\[【〔]\s*{mk.group(1)}\s*[］\]】〕]")
    else:
        pat = re.compile(re.escape(mk.group(2)))
    return [m.start() for m in pat.finditer(body)]
