"""The one-page briefing (一页纸): template blocks laid out on one A4 page that always fits.

Layout, top to bottom: a header band (marking, title, subtitle and meeting lines, a red
rule), then the parts of the page in template order (``## 数字速览`` with its ``@figure`` panel,
``## 要点`` with one group per ``###`` keyword area, ``## 下一步`` ...), and a footer line
(``@footer left | centre | right``) drawn at the foot of the page.

How it is made to fit (:func:`fit`), measuring every candidate with platypus ``wrap`` and checking
the result with a real build:

1. **Shrink the type.**  The body size starts at ``max_size`` (cfg ``pdf.max_font_size``, 11 pt)
   and goes down in 0.5 pt steps to ``min_size`` (cfg ``pdf.min_font_size``, never below 8 pt);
   headings, title and figures scale with it.  The largest size that fits wins.
2. **Leave out, lowest priority first** (at ``min_size``), in this order (:func:`drop_plan`):

   a. *Extra lines*: repeatedly the last line of the group that has the most lines left (ties:
      the later group), until every group is down to one line.  A template writes each group's
      lines in order of importance, so the last line of the longest group matters least; the
      ``下一步`` list is one group and is trimmed with the others.
   b. *Whole groups* (heading and remaining line), from the end of the page backwards, keeping
      the first group of every part.
   c. *The first groups* of the parts, last part first (下一步 before 要点): a part whose groups
      are all gone loses its heading too.
   d. *Key figures*: the last figures of the panel first, down to four, then the rest.

   The header band and footer are never left out.  If even that is not enough (a title of
   several hundred characters), the whole page is scaled down to fit and a warning says so.

Every omission is reported as one warning line ("left out 3 bullets to fit one page: …").
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError
from reportlab.rl_config import _FUZZ, overlapAttachedSpace

from ...templating.blocks import Block
from ...text.figures import figure_pattern
from ...text.titles import title_lines
from .fonts import FontSet, markup_with_fallback, missing_chars

# --------------------------------------------------------------------------
# page geometry and colours
# --------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 17 * mm  #: the footer sits inside the bottom margin
FRAME_W = PAGE_W - 2 * MARGIN_X
FRAME_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM

ACCENT = colors.HexColor("#B3141C")  # 简报 red: rules, figures, part headings
INK = colors.HexColor("#1E1E1E")
MUTED = colors.HexColor("#5A5A5A")
PANEL = colors.HexColor("#F6F1EA")  # figure cells
BAND = colors.HexColor("#FBF8F3")  # header band
RULE = colors.HexColor("#D8CFC2")

SIZE_STEP = 0.5
FOOTER_SIZE = 8.0
BULLET = "●"
MIN_FIGURES = 4  #: the panel keeps this many figures until everything else has gone


# --------------------------------------------------------------------------
# the page as parts and groups
# --------------------------------------------------------------------------


@dataclass
class Group:
    """Lines under one ``###`` heading (or the lines of a part without one)."""

    part: int
    heading: Block | None
    items: list[Block] = field(default_factory=list)


@dataclass
class Part:
    """One ``##`` part of the page: its heading, key figures and groups (indices into Sheet.groups)."""

    heading: Block | None
    figures: list[Block] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)


@dataclass
class Sheet:
    """The page's content, as the template gave it."""

    marking: str = ""
    title: Block | None = None
    header: list[Block] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  #: warnings about the markup itself


def compose(blocks: list[Block], template: str = "template") -> Sheet:
    """Sort template blocks into header, parts, groups and footer."""
    sheet = Sheet()
    part: Part | None = None
    group: Group | None = None
    ignored: dict[str, int] = {}

    def current_group() -> Group:
        nonlocal part, group
        if part is None:
            part = Part(None)
            sheet.parts.append(part)
        if group is None or group.part != len(sheet.parts) - 1:
            group = Group(len(sheet.parts) - 1, None)
            sheet.groups.append(group)
            part.groups.append(len(sheet.groups) - 1)
        return group

    for b in blocks:
        if b.kind == "directive":
            if b.name == "marking":
                sheet.marking = " ".join(a for a in b.args if a)
            elif b.name == "footer":
                sheet.footer = list(b.args)
            elif b.name == "figure":
                if part is None:
                    part = Part(None)
                    sheet.parts.append(part)
                if b.args and b.args[0]:
                    part.figures.append(b)
            else:
                ignored["@" + b.name] = ignored.get("@" + b.name, 0) + 1
        elif b.kind == "title" and sheet.title is None and part is None:
            sheet.title = b
        elif b.kind == "heading" and b.level == 1:
            part = Part(b)
            sheet.parts.append(part)
            group = None
        elif b.kind == "heading" and b.level == 2:
            if part is None:
                part = Part(None)
                sheet.parts.append(part)
            group = Group(len(sheet.parts) - 1, b)
            sheet.groups.append(group)
            part.groups.append(len(sheet.groups) - 1)
        elif b.kind in ("note", "break"):
            continue  # speaker notes are not printed; a one-page briefing has no page breaks
        elif part is None and b.kind in ("meta", "para", "title"):
            sheet.header.append(b)
        else:  # bullets, paragraphs, tables, #### headings
            current_group().items.append(b)
    for name, n in sorted(ignored.items()):
        sheet.notes.append(f"{template}: {name} is not a PDF directive; ignored {n} line(s) "
                           "(use @figure, @marking or @footer)")
    return sheet


# --------------------------------------------------------------------------
# what to leave out, in order
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cut:
    """What is kept: lines per group, groups, figures per part."""

    items: tuple[int, ...]
    groups: tuple[bool, ...]
    figures: tuple[int, ...]

    @classmethod
    def full(cls, sheet: Sheet) -> "Cut":
        return cls(tuple(len(g.items) for g in sheet.groups), tuple(True for _ in sheet.groups),
                   tuple(len(p.figures) for p in sheet.parts))

    def apply(self, step: tuple[str, int]) -> "Cut":
        kind, i = step
        if kind == "item":
            items = list(self.items)
            items[i] -= 1
            return Cut(tuple(items), self.groups, self.figures)
        if kind == "group":
            groups = list(self.groups)
            groups[i] = False
            return Cut(self.items, tuple(groups), self.figures)
        figures = list(self.figures)
        figures[i] -= 1
        return Cut(self.items, self.groups, tuple(figures))


def drop_plan(sheet: Sheet) -> list[tuple[str, int]]:
    """The omissions, lowest priority first (see the module docstring): ("item", group),
    ("group", group) or ("figure", part)."""
    steps: list[tuple[str, int]] = []
    counts = [len(g.items) for g in sheet.groups]
    # a. extra lines: the last line of the longest group (ties: the later group)
    while True:
        g = max(range(len(counts)), key=lambda i: (counts[i], i), default=None)
        if g is None or counts[g] <= 1:
            break
        counts[g] -= 1
        steps.append(("item", g))
    # b. whole groups from the end, keeping the first group of each part
    firsts = {p.groups[0] for p in sheet.parts if p.groups}
    steps += [("group", g) for g in reversed(range(len(sheet.groups))) if g not in firsts]
    # c. the first groups, last part first
    steps += [("group", p.groups[0]) for p in reversed(sheet.parts) if p.groups]
    # d. key figures, last first: down to MIN_FIGURES per part, then the rest
    for floor in (MIN_FIGURES, 0):
        for pi in reversed(range(len(sheet.parts))):
            n = len(sheet.parts[pi].figures)
            have = min(n, MIN_FIGURES) if floor == 0 else n
            steps += [("figure", pi)] * max(0, have - floor)
    return steps


def omissions(sheet: Sheet, cut: Cut) -> list[str]:
    """One warning line per kind of omission: lines, groups, key figures."""
    lines: list[tuple[str, int]] = []
    groups: list[str] = []
    n_lines = n_bullets = 0
    for gi, g in enumerate(sheet.groups):
        label = _group_label(sheet, g)
        if not cut.groups[gi]:
            groups.append(label)
            continue
        gone = len(g.items) - cut.items[gi]
        if gone:
            lines.append((label, gone))
            n_lines += gone
            n_bullets += sum(1 for b in g.items[cut.items[gi]:] if b.kind == "bullet")
    out = []
    if lines:
        what = "bullet" if n_bullets == n_lines else "line"
        out.append(f"left out {n_lines} {what}{'s' if n_lines > 1 else ''} to fit one page: "
                   + _listing([f"{label} ({n})" for label, n in lines]))
    if groups:
        out.append(f"left out {len(groups)} group{'s' if len(groups) > 1 else ''} to fit one page: "
                   + _listing(groups))
    figs = [f"{b.args[0]} {b.args[1] if len(b.args) > 1 else ''}".strip()
            for pi, p in enumerate(sheet.parts) for b in p.figures[cut.figures[pi]:]]
    if figs:
        out.append(f"left out {len(figs)} key figure{'s' if len(figs) > 1 else ''} to fit one page: "
                   + _listing(figs))
    return out


def _group_label(sheet: Sheet, g: Group) -> str:
    part = sheet.parts[g.part].heading
    names = [x.text for x in (part, g.heading) if x is not None]
    return "/".join(names) or "(untitled)"


def _listing(names: list[str], limit: int = 8) -> str:
    shown = "; ".join(names[:limit])
    return shown + (f"; and {len(names) - limit} more" if len(names) > limit else "")


# --------------------------------------------------------------------------
# styles and markup
# --------------------------------------------------------------------------


@dataclass
class Styles:
    """Paragraph styles for one body size; everything scales with it."""

    size: float
    fs: FontSet
    body: ParagraphStyle = field(init=False)
    bullet: ParagraphStyle = field(init=False)
    group: ParagraphStyle = field(init=False)
    part: ParagraphStyle = field(init=False)
    title: ParagraphStyle = field(init=False)
    sub: ParagraphStyle = field(init=False)
    meta: ParagraphStyle = field(init=False)
    marking: ParagraphStyle = field(init=False)
    figure: ParagraphStyle = field(init=False)
    label: ParagraphStyle = field(init=False)
    cell: ParagraphStyle = field(init=False)

    def __post_init__(self) -> None:
        s, reg, bold = self.size, self.fs.regular, self.fs.bold

        def style(name: str, **kw) -> ParagraphStyle:
            base = dict(fontName=reg, fontSize=s, leading=s * 1.5, textColor=INK, wordWrap="CJK",
                        bulletFontName=reg, alignment=TA_LEFT)
            base.update(kw)
            return ParagraphStyle(name, **base)

        self.body = style("body", spaceAfter=s * 0.15)
        # a small round bullet, raised to the middle of the Chinese characters; the text starts
        # where reportlab stops pushing the first line (bulletIndent + width + 0.6 × bullet size)
        bsize = s * 0.45
        indent = s * 0.15 + stringWidth(BULLET, reg, bsize) + 0.6 * bsize + 0.5
        self.bullet = style("bullet", leftIndent=indent, bulletIndent=s * 0.15, spaceAfter=s * 0.15,
                            bulletColor=ACCENT, bulletFontSize=bsize, bulletOffsetY=s * 0.2)
        self.group = style("group", fontName=bold, fontSize=s + 0.5, leading=(s + 0.5) * 1.4,
                           spaceBefore=s * 0.45, spaceAfter=s * 0.15)
        self.part = style("part", fontName=bold, fontSize=s + 2, leading=(s + 2) * 1.25, textColor=ACCENT)
        t = min(s * 1.7, 20.0)
        self.title = style("title", fontName=bold, fontSize=t, leading=t * 1.3, alignment=TA_CENTER,
                           textColor=ACCENT)
        self.sub = style("sub", fontSize=s, leading=s * 1.4, alignment=TA_CENTER, textColor=INK)
        self.meta = style("meta", fontSize=max(s - 1, 8), leading=max(s - 1, 8) * 1.4, alignment=TA_CENTER,
                          textColor=MUTED)
        self.marking = style("marking", fontName=bold, fontSize=max(s - 1, 8), leading=max(s - 1, 8) * 1.2,
                             textColor=ACCENT)
        self.figure = style("figure", fontName=bold, fontSize=s * 2, leading=s * 2.4, alignment=TA_CENTER,
                            textColor=ACCENT)
        self.label = style("label", fontSize=max(s - 1, 8), leading=max(s - 1, 8) * 1.3, alignment=TA_CENTER,
                           textColor=MUTED)
        self.cell = style("cell", fontSize=max(s - 0.5, 8), leading=max(s - 0.5, 8) * 1.35)


class Markup:
    """Block runs to reportlab paragraph markup: escaped, per-character font fallback, figures bold."""

    def __init__(self, fs: FontSet, figures: re.Pattern | None):
        self.fs = fs
        self.figures = figures

    def plain(self, text: str) -> str:
        return markup_with_fallback(text, self.fs, escape=True)

    def runs(self, runs: list[tuple[str, bool]], highlight: bool = True) -> str:
        out = []
        for text, bold in runs:
            pieces = self._split(text) if highlight else [(text, False)]
            for piece, is_figure in pieces:
                m = self.plain(piece)
                if is_figure:
                    m = f'<font color="{ACCENT.hexval()}"><b>{m}</b></font>'
                elif bold:
                    m = f"<b>{m}</b>"
                out.append(m)
        return "".join(out)

    def _split(self, text: str) -> list[tuple[str, bool]]:
        if self.figures is None:
            return [(text, False)]
        out, pos = [], 0
        for m in self.figures.finditer(text):
            if m.start() > pos:
                out.append((text[pos:m.start()], False))
            out.append((m.group(), True))
            pos = m.end()
        if pos < len(text):
            out.append((text[pos:], False))
        return out


# number part of a figure's display: 1.06万件 -> ("", "1.06", "万件"); 不少于600万人次 -> ("不少于", "600", "万人次")
_DISPLAY = re.compile(r"^(\D*?)([0-9０-９][0-9０-９.．,，]*(?:\s*[-~～—－至]\s*[0-9０-９][0-9０-９.．,，]*)?)(.*)$")


def figure_markup(display: str, st: Styles, width: float, mk: Markup) -> tuple[str, float]:
    """Big number, smaller qualifier and unit, scaled down to fit *width* on one line."""
    m = _DISPLAY.match(display)
    prefix, num, unit = m.groups() if m else ("", display, "")
    big, small = st.figure.fontSize, st.figure.fontSize * 0.5
    bold = st.fs.bold
    w = stringWidth(prefix + unit, bold, small) + stringWidth(num, bold, big)
    scale = min(1.0, width / w) if w else 1.0
    small = max(small * scale, 8.0)  # qualifier and unit stay readable; the number gives way
    room = (width - stringWidth(prefix + unit, bold, small)) / (stringWidth(num, bold, 1.0) or 1.0)
    big = max(min(big * scale, room), small)
    parts = []
    if prefix:
        parts.append(f'<font size="{small:.2f}">{mk.plain(prefix)}</font>')
    parts.append(f'<font size="{big:.2f}">{mk.plain(num)}</font>')
    if unit:
        parts.append(f'<font size="{small:.2f}">{mk.plain(unit)}</font>')
    return "".join(parts), big


# --------------------------------------------------------------------------
# flowables
# --------------------------------------------------------------------------

Piece = tuple[tuple, Callable[[], Flowable]]  # (cache key, factory)


def pieces(sheet: Sheet, cut: Cut, st: Styles, mk: Markup, air: float = 0.0) -> list[Piece]:
    """The page's flowables for *cut*, as (key, factory) so heights can be cached per key.

    *air*: extra space before each part heading (half of it before each group heading), to spread
    a page that does not fill the sheet instead of leaving all the white at the bottom."""
    out: list[Piece] = [(("header",), lambda: header_band(sheet, st, mk))]
    for pi, part in enumerate(sheet.parts):
        n_fig = cut.figures[pi]
        kept = [g for g in part.groups if cut.groups[g]]
        if not n_fig and not kept:
            continue
        if part.heading is not None:
            out.append((("part", pi, air), lambda part=part: part_heading(part.heading, st, mk, air)))
        if n_fig:
            out.append((("figures", pi, n_fig), lambda part=part, n=n_fig: figure_panel(part.figures[:n], st, mk)))
        for gi in kept:
            g = sheet.groups[gi]
            if g.heading is not None:
                out.append((("group", gi, air), lambda g=g: group_heading(g.heading, st, mk, air / 2)))
            for ii, b in enumerate(g.items[:cut.items[gi]]):
                out.append((("item", gi, ii), lambda b=b: item(b, st, mk)))
    return out


def _table_style(st: Styles, commands: list) -> TableStyle:
    """A table style whose cells use the embedded font (reportlab's default, Helvetica, is not embedded)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), st.fs.regular)] + list(commands))


def header_band(sheet: Sheet, st: Styles, mk: Markup) -> Flowable:
    rows: list[list] = []
    style = [("BACKGROUND", (0, 0), (-1, -1), BAND),
             ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
             ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
             ("LINEBELOW", (0, -1), (-1, -1), 2, ACCENT)]
    if sheet.marking:
        rows.append([marking_box(sheet.marking, st, mk)])
        style.append(("TOPPADDING", (0, 0), (-1, 0), 7))
    if sheet.title is not None:
        rows.append([title_paragraph(sheet.title.text, st, mk, FRAME_W - 20)])
    for i, b in enumerate(sheet.header):  # the first of several lines is the subtitle, the rest meta
        sub = i == 0 and len(sheet.header) > 1 and sheet.title is not None
        rows.append([Paragraph(mk.runs(b.runs, False), st.sub if sub else st.meta)])
    if not rows:
        rows.append([""])
    first = 0 if not sheet.marking else 1
    style.append(("TOPPADDING", (0, first), (-1, first), 8 if not sheet.marking else 2))
    style.append(("BOTTOMPADDING", (0, -1), (-1, -1), 8))
    t = Table(rows, colWidths=[FRAME_W], style=_table_style(st, style))
    t.spaceAfter = st.size * 0.6
    return t


def title_paragraph(text: str, st: Styles, mk: Markup, width: float) -> Paragraph:
    """The title in balanced lines (:func:`briefgen.text.titles.title_lines`: at its spaces first, words
    kept whole); a title too long for that is wrapped in lines of about equal length."""
    font, size = st.title.fontName, st.title.fontSize
    width -= 1
    full = stringWidth(text, font, size)
    if full <= width:
        return Paragraph(mk.plain(text), st.title)
    lines = title_lines(text, width / size, lambda ch: stringWidth(ch, font, size) / size)
    if len(lines) > 1:
        return Paragraph("<br/>".join(mk.plain(line) for line in lines), st.title)
    lines = int(full // width) + 1
    target = min(width, full / lines + 2 * size)  # slack for 避头尾 and numbers kept whole
    indent = (width - target) / 2
    return Paragraph(mk.plain(text), ParagraphStyle("title-balanced", parent=st.title, leftIndent=indent,
                                                    rightIndent=indent))


def marking_box(text: str, st: Styles, mk: Markup) -> Flowable:
    w = min(stringWidth(text, st.fs.bold, st.marking.fontSize) + 8, FRAME_W - 20)
    t = Table([[Paragraph(mk.plain(text), st.marking)]], colWidths=[w], hAlign="LEFT",
              style=_table_style(st, [("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                                ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    return t


def group_heading(b: Block, st: Styles, mk: Markup, air: float = 0.0) -> Flowable:
    p = Paragraph(mk.runs(b.runs, False), st.group)
    p.spaceBefore = st.group.spaceBefore + air
    return p


def part_heading(b: Block, st: Styles, mk: Markup, air: float = 0.0) -> Flowable:
    bar = 3.5
    t = Table([["", Paragraph(mk.runs(b.runs, False), st.part)]], colWidths=[bar, FRAME_W - bar],
              style=_table_style(st, [("BACKGROUND", (0, 0), (0, 0), ACCENT),
                                ("LINEBELOW", (1, 0), (1, 0), 0.6, RULE),
                                ("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (0, 0), (0, 0), 0),
                                ("LEFTPADDING", (1, 0), (1, 0), 6), ("RIGHTPADDING", (1, 0), (1, 0), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                                ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    t.spaceBefore = st.size * 0.9 + air
    t.spaceAfter = st.size * 0.4
    return t


def figure_panel(figures: list[Block], st: Styles, mk: Markup) -> Flowable:
    n = len(figures)
    cols = n if n <= 5 else 3 if n in (6, 9) else 4  # one row up to five, else even rows
    gap = 6.0
    col_w = FRAME_W / cols
    inner = col_w - gap - 8
    cells = []
    for b in figures:
        markup, big = figure_markup(b.args[0], st, inner, mk)
        num = ParagraphStyle("fig", parent=st.figure, leading=big * 1.2)
        label = b.args[1] if len(b.args) > 1 else ""
        cells.append([Paragraph(markup, num), Paragraph(mk.plain(label), st.label)])
    rows = [cells[i:i + cols] for i in range(0, n, cols)]
    empty = cols - len(rows[-1])
    rows[-1] += [""] * empty
    style = [("BACKGROUND", (0, 0), (-1, -1), PANEL),
             ("LINEABOVE", (0, 0), (-1, -1), 1.6, ACCENT),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LEFTPADDING", (0, 0), (-1, -1), 4 + gap / 2), ("RIGHTPADDING", (0, 0), (-1, -1), 4 + gap / 2),
             ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
    # white gaps between the cells: the panel reads as separate tiles
    if cols > 1:
        style.append(("LINEAFTER", (0, 0), (-2, -1), gap, colors.white))
    if len(rows) > 1:
        style.append(("LINEBELOW", (0, 0), (-1, -2), gap, colors.white))
    if empty:  # no tile where there is no figure
        style += [("BACKGROUND", (cols - empty, -1), (-1, -1), colors.white),
                  ("LINEABOVE", (cols - empty, -1), (-1, -1), 1.6, colors.white)]
    t = Table(rows, colWidths=[col_w] * cols, style=_table_style(st, style))
    t.spaceAfter = st.size * 0.2
    return t


def item(b: Block, st: Styles, mk: Markup) -> Flowable:
    if b.kind == "bullet":
        return Paragraph(mk.runs(b.runs), st.bullet, bulletText=BULLET)
    if b.kind == "heading":  # #### inside a group
        return Paragraph(mk.runs(b.runs, False), st.group)
    if b.kind == "table":
        return data_table(b, st, mk)
    return Paragraph(mk.runs(b.runs), st.body)


def data_table(b: Block, st: Styles, mk: Markup) -> Flowable:
    from ...templating.blocks import runs as split_runs

    n = max(len(r) for r in b.rows)
    head = ParagraphStyle("th", parent=st.cell, fontName=st.fs.bold)
    data = [[Paragraph(mk.runs(split_runs(c), r_i > 0), head if r_i == 0 else st.cell) for c in r + [""] * (n - len(r))]
            for r_i, r in enumerate(b.rows)]
    t = Table(data, colWidths=[FRAME_W / n] * n, repeatRows=0,
              style=_table_style(st, [("GRID", (0, 0), (-1, -1), 0.4, RULE),
                                ("BACKGROUND", (0, 0), (-1, 0), PANEL),
                                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    t.spaceBefore = st.size * 0.3
    t.spaceAfter = st.size * 0.4
    return t


# --------------------------------------------------------------------------
# measuring and building
# --------------------------------------------------------------------------


class Measurer:
    """Height of a story as a platypus Frame would stack it, with per-piece caching."""

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple[float, float, float]] = {}

    def height(self, story: list[Piece], size: float) -> float:
        total, prev_after = 0.0, 0.0
        for n, (key, make) in enumerate(story):
            k = (size,) + key
            got = self._cache.get(k)
            if got is None:
                f = make()
                _, h = f.wrap(FRAME_W, FRAME_H * 100)
                got = self._cache[k] = (h, f.getSpaceBefore(), f.getSpaceAfter())
            h, before, after = got
            if n:
                s = max(before - prev_after, 0) if overlapAttachedSpace else before
                total += prev_after + s
            total += h
            prev_after = after
        return total

    def fits(self, story: list[Piece], size: float) -> bool:
        return self.height(story, size) <= FRAME_H - _FUZZ - 0.5  # half a point of safety


@dataclass
class Meta:
    """PDF document information."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    creator: str = "briefgen"
    epoch: float = 946684800.0  #: creation date (seconds since 1970, UTC)


@dataclass
class Result:
    pdf: bytes
    size: float
    cut: Cut
    warnings: list[str]


class _Stamp:
    """A reportlab TimeStamp for a fixed moment (UTC)."""

    def __init__(self, epoch: float):
        self.t = epoch
        self.lt = time.gmtime(epoch)
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


def _canvas_maker(epoch: float):
    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _Stamp(epoch)  # CreationDate/ModDate from clock.build_datetime()

    return _Canvas


def build(sheet: Sheet, story: list[Flowable], st: Styles, meta: Meta) -> tuple[bytes, int]:
    """Build the PDF; returns (bytes, number of pages)."""
    buf = io.BytesIO()
    fs = st.fs

    def footer(canv: Canvas, doc) -> None:
        if not sheet.footer:
            return
        canv.saveState()
        y_rule = MARGIN_BOTTOM - 4 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, y_rule, PAGE_W - MARGIN_X, y_rule)
        canv.setFillColor(MUTED)
        y = y_rule - 4 * mm
        parts = (list(sheet.footer[:2]) + ["　".join(x for x in sheet.footer[2:] if x), "", ""])[:3]
        centre = _fit_text(parts[1], fs, FRAME_W / 2)
        side = (FRAME_W - _text_width(centre, fs)) / 2 - 3 * mm  # left and right never reach the centre
        for text, x, align in ((_fit_text(parts[0], fs, side), MARGIN_X, "left"), (centre, PAGE_W / 2, "centre"),
                               (_fit_text(parts[2], fs, side), PAGE_W - MARGIN_X, "right")):
            if text:
                _draw_text(canv, x, y, text, fs, align)
        canv.restoreState()

    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=meta.title, author=meta.author, subject=meta.subject,
        keywords=meta.keywords, creator=meta.creator, invariant=1, initialFontName=fs.regular,
        initialFontSize=st.size, lang="zh-CN", displayDocTitle=1,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="page")
    doc.addPageTemplates([PageTemplate(id="onepage", frames=[frame], onPage=footer)])
    doc.build(story, canvasmaker=_canvas_maker(meta.epoch))
    return buf.getvalue(), doc.page


def _font_runs(text: str, fs: FontSet) -> list[tuple[str, str]]:
    """(text, font) runs: the embedded font, and the fallback font for characters it lacks."""
    missing = missing_chars(text, fs.regular)
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = fs.fallback if ch in missing else fs.regular
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + ch, font)
        else:
            runs.append((ch, font))
    return runs


def _text_width(text: str, fs: FontSet) -> float:
    return sum(stringWidth(t, f, FOOTER_SIZE) for t, f in _font_runs(text, fs))


def _fit_text(text: str, fs: FontSet, width: float) -> str:
    """*text*, shortened in the middle with … if it is wider than *width* (a long file name)."""
    if _text_width(text, fs) <= width:
        return text
    keep = len(text)
    while keep > 2:
        keep -= 1
        short = text[:(keep + 1) // 2] + "…" + text[len(text) - keep // 2:]
        if _text_width(short, fs) <= width:
            return short
    return "…"


def _draw_text(canv: Canvas, x: float, y: float, text: str, fs: FontSet, align: str) -> None:
    """One footer line in the embedded font; characters it lacks in the fallback font."""
    runs = _font_runs(text, fs)
    width = sum(stringWidth(t, f, FOOTER_SIZE) for t, f in runs)
    x = {"left": x, "centre": x - width / 2}.get(align, x - width)
    for t, f in runs:
        canv.setFont(f, FOOTER_SIZE)
        canv.drawString(x, y, t)
        x += stringWidth(t, f, FOOTER_SIZE)


def sizes(min_size: float, max_size: float) -> list[float]:
    """Body sizes to try, largest first, in SIZE_STEP steps."""
    out, s = [], max(max_size, min_size)
    while s > min_size + 1e-6:
        out.append(round(s, 2))
        s -= SIZE_STEP
    out.append(min_size)
    return out


#: a single line taller than this share of the page is left out before fitting (it would push out
#: everything of lower priority to its group, e.g. a pasted 10,000-character paragraph)
MAX_ITEM_SHARE = 0.4


def drop_oversized(sheet: Sheet, st: Styles, mk: Markup) -> list[str]:
    """Remove lines that alone would fill much of the page at the smallest size; one warning each."""
    notes = []
    for g in sheet.groups:
        keep = []
        for b in g.items:
            if b.kind != "table" and len(b.text) < 400:  # fewer than ten lines: no need to measure
                keep.append(b)
                continue
            _, h = item(b, st, mk).wrap(FRAME_W, FRAME_H * 100)
            if h > FRAME_H * MAX_ITEM_SHARE:
                text = b.text if b.kind != "table" else " ".join(" ".join(r) for r in b.rows)
                notes.append(f"left out a line too long for one page ({len(text)} characters): "
                             f"{_group_label(sheet, g)}: {text[:24]}…")
            else:
                keep.append(b)
        g.items = keep
    return notes


def spread(measure: Measurer, story: list[Piece], size: float) -> float:
    """Extra space per part heading that spreads the white of a short page (at most one line)."""
    slack = FRAME_H - measure.height(story, size) - 2
    n_parts = sum(1 for key, _ in story if key[0] == "part")
    n_groups = sum(1 for key, _ in story if key[0] == "group")
    weight = n_parts + n_groups / 2
    if slack <= 0 or not weight:
        return 0.0
    return round(min(slack / weight, size), 2)


def fit(sheet: Sheet, fs: FontSet, figures: list[str], meta: Meta,
        min_size: float = 8.0, max_size: float = 11.0) -> Result:
    """Lay *sheet* out on one page: shrink the type, then leave out the lowest-priority content."""
    mk = Markup(fs, figure_pattern(figures))
    measure = Measurer()
    styles: dict[float, Styles] = {}

    def st(size: float) -> Styles:
        if size not in styles:
            styles[size] = Styles(size, fs)
        return styles[size]

    def fits(size: float, cut: Cut) -> bool:
        return measure.fits(pieces(sheet, cut, st(size), mk), size)

    notes = list(sheet.notes) + drop_oversized(sheet, st(min_size), mk)
    full = Cut.full(sheet)
    candidates = sizes(min_size, max_size)
    steps = drop_plan(sheet)
    cuts = [full]
    for s in steps:
        cuts.append(cuts[-1].apply(s))

    if fits(min_size, full):
        lo, hi = 0, len(candidates) - 1  # candidates[hi] fits; find the first (largest) that does
        while lo < hi:
            mid = (lo + hi) // 2
            if fits(candidates[mid], full):
                hi = mid
            else:
                lo = mid + 1
        size, k = candidates[hi], 0
    else:
        size = min_size
        lo, hi = 1, len(cuts) - 1
        if not fits(size, cuts[hi]):
            lo = hi
        while lo < hi:
            mid = (lo + hi) // 2
            if fits(size, cuts[mid]):
                hi = mid
            else:
                lo = mid + 1
        k = hi

    squeeze = not fits(size, cuts[k])  # only when even leaving everything out is not enough
    air = 0.0 if squeeze else spread(measure, pieces(sheet, cuts[k], st(size), mk), size)
    while True:
        cut = cuts[k]
        story = [make() for _, make in pieces(sheet, cut, st(size), mk, air)]
        if squeeze:  # last resort: scale the whole page down to the frame
            story = [KeepInFrame(FRAME_W, FRAME_H, story, mode="shrink")]
        try:
            pdf, pages = build(sheet, story, st(size), meta)
        except LayoutError:  # a flowable taller than the page
            pdf, pages = b"", 2
        if pages <= 1:
            break
        if air:  # the measurement was a hair short: first take the extra space back
            air = 0.0
        elif k + 1 < len(cuts):  # then leave out one more thing
            k += 1
        elif not squeeze:
            squeeze = True
        else:
            raise LayoutError("the page cannot be fitted on one page")
    if squeeze:
        notes.append(f"the page is too full even at {size:g} pt with everything optional left out; "
                     "scaled it down to keep one page (shorten the title or the header lines)")
    return Result(pdf, size, cut, notes + omissions(sheet, cut))
