"""The Markdown deck as slides: split at ``---``, parsed into slide specs, each slide's keyword area, excerpts.

What a deck holds (the subset of Marp/CommonMark the template emits): ``# `` title slide, ``## `` slide
title, ``- `` bullets (two spaces: a sub-bullet), ``**bold**``, ``<!-- … -->`` speaker notes (``<!-- key:
value -->`` is a Marp directive and skipped), ``---`` between slides, YAML front matter at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ...text.recache import rx

Run = tuple[str, bool]


@dataclass
class Para:
    runs: list[Run]
    level: int = 0  #: 0 = first-level bullet, 1 = sub-bullet
    bullet: bool = True

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass
class SlideSpec:
    kind: str  #: "title" (# heading) or "content"
    title: list[Run] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: int = -1  #: index of the deck slide (``split_deck`` range) it comes from
    layout: str = ""  #: the Marp class (``<!-- _class: NAME -->``): lead, agenda, figures, columns, chart, closing
    columns: list[tuple[str, list[Para]]] = field(default_factory=list)  #: "### " headings and their paragraphs

    @property
    def title_text(self) -> str:
        return "".join(t for t, _ in self.title)


_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_DIRECTIVE = rx(r"^\s*_?[A-Za-z][\w-]*\s*:(\s|$)")
_CLASS = rx(r"^\s*_?class\s*:\s*([\w-]+)")


def inline_runs(s: str) -> list[Run]:
    """``**bold**`` runs with backslash escapes resolved (the subset of CommonMark the template emits)."""
    marks = []
    i = 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in _ESCAPABLE:
            i += 2
            continue
        if s.startswith("**", i):
            marks.append(i)
            i += 2
            continue
        i += 1
    if len(marks) % 2:
        marks.pop()
    marks_set = set(marks)
    out: list[Run] = []
    buf, bold, i = "", False, 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in _ESCAPABLE:
            buf += s[i + 1]
            i += 2
        elif i in marks_set:
            if buf:
                out.append((buf, bold))
            buf, bold = "", not bold
            i += 2
        else:
            buf += s[i]
            i += 1
    if buf:
        out.append((buf, bold))
    return out or [("", False)]


_SEPARATOR = rx(r"-{3,}|\*{3,}|_{3,}")


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after leading blank lines and YAML front matter (Marp directives)."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].strip() == "---" and i + 1 < len(lines) \
            and rx(r"^[A-Za-z_][\w-]*\s*:").match(lines[i + 1]):
        j = i + 1
        while j < len(lines) and lines[j].strip() not in ("---", "..."):
            j += 1
        if j < len(lines):
            i = j + 1
    return i


def split_deck(markdown: str) -> tuple[list[str], int, list[tuple[int, int]]]:
    """(lines, first line after the front matter, line ranges of the slides): each range but the first
    starts with its ``---`` line; a ``---`` inside an HTML comment does not split."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    start = _front_matter_end(lines)
    bounds = [start]
    comment = False
    for n in range(start, len(lines)):
        stripped = lines[n].strip()
        if comment:
            comment = "-->" not in stripped
            continue
        if stripped.startswith("<!--"):
            comment = "-->" not in stripped[4:]
        elif _SEPARATOR.fullmatch(stripped):
            bounds.append(n)
    return lines, start, list(zip(bounds, bounds[1:] + [len(lines)]))


def _parse_slide(lines: list[str], source: int) -> SlideSpec | None:
    """One slide's lines (after its ``---``) as a spec; None when it shows nothing."""
    spec = SlideSpec("content", source=source)
    comment: list[str] | None = None
    for raw in lines:
        line = raw.rstrip()
        if comment is not None:
            if "-->" in line:
                comment.append(line.split("-->", 1)[0])
                _add_notes(spec, comment)
                comment = None
            else:
                comment.append(line)
            continue
        stripped = line.strip()
        if stripped.startswith("<!--"):
            body = stripped[4:]
            if "-->" in body:
                _add_notes(spec, [body.split("-->", 1)[0]])
            else:
                comment = [body]
            continue
        if not stripped or _SEPARATOR.fullmatch(stripped):
            continue
        m = rx(r"^(#{1,6})\s+(.*?)\s*#*\s*$").match(stripped)
        if m and spec.title and len(m.group(1)) == 3:  # a column heading
            spec.columns.append((m.group(2), []))
            continue
        if m:
            if spec.title:  # a second heading on one slide: keep it as a plain paragraph
                spec.paras.append(Para(inline_runs(m.group(2)), 0, False))
            else:
                spec.title = inline_runs(m.group(2))
                spec.kind = "title" if len(m.group(1)) == 1 else "content"
            continue
        m = rx(r"^(\s*)[-*+]\s+(.*)$").match(line)
        if m:
            level = 1 if len(m.group(1).expandtabs(4)) >= 2 else 0
            spec.paras.append(Para(inline_runs(m.group(2)), level, True))
            if spec.columns:
                spec.columns[-1][1].append(spec.paras[-1])
            continue
        spec.paras.append(Para(inline_runs(stripped), 0, False))
    if comment is not None:
        _add_notes(spec, comment)
    return spec if spec.title or spec.paras else None


def parse_deck(markdown: str) -> list[SlideSpec]:
    """The slides of the Markdown deck: front matter skipped, ``---`` splits slides, HTML comments
    become speaker notes unless they are Marp directives (``<!-- key: value -->``)."""
    lines, _, ranges = split_deck(markdown)
    specs = (_parse_slide(lines[a:b], n) for n, (a, b) in enumerate(ranges))
    return [s for s in specs if s is not None]


def area_parts(markdown: str, slides: list) -> list[str]:
    """Per slide of the deck (each ``split_deck`` range), the ids of the keyword areas it shows (comma-
    separated when small areas share a slide): the selection's area slides (``select.slides.Slide``)
    matched in order by title; "" for the others."""
    lines, _, ranges = split_deck(markdown)
    parts, k = [], 0
    for n, (a, b) in enumerate(ranges):
        spec = _parse_slide(lines[a:b], n)
        area = ""
        if spec is not None and spec.kind == "content" and k < len(slides) and slides[k].plain_title in spec.title_text:
            shown = getattr(slides[k], "areas", None) or [slides[k].area]
            area = ",".join(getattr(a, "id", "") or "" for a in shown if a is not None)
            k += 1
        parts.append(area)
    return parts


def excerpt_markdown(data: bytes, parts: list[str], keep: set[str]) -> bytes:
    """The deck with only the common slides and those of the keyword areas in *keep*."""
    text = data.decode("utf-8")
    lines, start, ranges = split_deck(text)
    if len(ranges) != len(parts):
        raise ValueError(f"the deck has {len(ranges)} slides, the manifest lists {len(parts)}")
    kept = lines[:start]
    for (a, b), part in zip(ranges, parts):
        if shows(part, keep):
            kept += lines[a:b]
    out = "\n".join(kept)
    return (out if out.endswith("\n") or not text.endswith("\n") else out + "\n").encode("utf-8")


def shows(part: str, keep: set[str]) -> bool:
    """Whether a slide of *part* (area ids, comma-separated; "" = common slide) stays in an excerpt for *keep*."""
    return not part or any(p in keep for p in part.split(","))


def _add_notes(slide: SlideSpec, lines: list[str]) -> None:
    text = "\n".join(lines).strip()
    m = _CLASS.match(text)
    if m:
        slide.layout = m.group(1)
    if not text or _DIRECTIVE.match(text):
        return  # empty, or a Marp directive such as _class: lead
    slide.notes.extend(x.strip() for x in text.split("\n") if x.strip())
