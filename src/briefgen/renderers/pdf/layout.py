"""The one-page briefing's look: page geometry and colours, paragraph styles per body size, and the
flowables (header band, part and group headings, key-figure panel, bullets, tables) of the page model.

Layout, top to bottom: a header band (marking, title, subtitle and meeting lines, a red rule), then
the parts of the page in template order (``## 数字速览`` with its ``@figure`` panel, ``## 要点`` with
one group per ``###`` keyword area, ``## 下一步`` ...), and a footer line (``@footer left | centre |
right``) drawn at the foot of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from .. import palette
from ...templating.blocks import Block
from ...templating.blocks import runs as split_runs
from ...text.recache import rx
from ...text.titles import title_lines
from .fonts import FontSet, markup_with_fallback
from .page import Cut, Sheet


# --------------------------------------------------------------------------
# page geometry and colours
# --------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 17 * mm  #: the footer sits inside the bottom margin
FRAME_W = PAGE_W - 2 * MARGIN_X
FRAME_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM

# the briefing's colours, shared with the deck (briefgen.palette)
ACCENT, INK, MUTED, PANEL, BAND, RULE = (colors.HexColor("#" + getattr(palette, k))
                                         for k in ("ACCENT", "INK", "MUTED", "PANEL", "BAND", "RULE"))

SIZE_STEP = 0.5
FOOTER_SIZE = 8.0
BULLET = "●"


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
_DISPLAY = rx(r"^(\D*?)([0-9０-９][0-9０-９.．,，]*(?:\s*[-~～—－至]\s*[0-9０-９][0-9０-９.．,，]*)?)(.*)$")


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
