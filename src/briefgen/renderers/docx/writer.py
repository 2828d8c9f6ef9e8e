"""Word summary renderer: the template's blocks as a .docx in GB/T 9704 house style (or the compact preset).

The template (``summary.docx.j2``) decides the wording and order; this module maps blocks to Word
styles: ``#`` → Title, ``>`` → Subtitle, ``##``/``###``/``####`` → Heading 1/2/3 (so the navigation
pane works), paragraphs and bullets → Normal, ``|`` rows → a real table whose header row repeats on
every page, ``@colophon`` → a 版记-style closing note. The output is byte-identical for the same input.
"""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from ...clock import build_datetime
from ...config import Config
from ...errors import OutputError
from ...fsutil import write_bytes
from ...model import Brief
from ...templating import render as render_template
from ...selection.escape import unescape_blocks
from ...templating.blocks import Block, parse, runs
from ...text.titles import title_lines
from ...text.width import em, has_wide
from ..ooxmlzip import normalise_zip
from ..xpathcache import install
from . import FORMAT
from . import style as ds
from .package import core_properties, page_setup, prepare_package, prepare_styles

TEMPLATE = FORMAT.template
_W = nsdecls("w")

#: Directives this renderer understands (others are skipped with a warning).
DIRECTIVES = ("colophon",)

#: A document opened ahead of time by a render worker (:func:`preload`).
_spare: list = []


def preload(cfg: Config) -> None:
    """What a render worker does while the report is still being read: open python-docx's template."""
    install("docx")
    _spare.append(Document())


def render(brief: Brief, env: jinja2.Environment, context: dict, out_path: Path, cfg: Config) -> list[str]:
    """Render *brief* through the docx template and write *out_path* atomically; returns warnings."""
    markup = render_template(env, TEMPLATE, context)
    style = ds.resolve(cfg)
    data, warnings = build(unescape_blocks(parse(markup)), context, style)
    warnings = list(context.get("selection_warnings", [])) + warnings
    try:
        write_bytes(out_path, data)
    except OSError as e:  # e.g. the output path is a directory; the temporary file is already gone
        raise OutputError(f"{out_path}: cannot write the summary ({e.strerror or e}); "
                          "choose another output path") from None
    return warnings


def build(blocks: list[Block], context: dict, style: ds.DocxStyle) -> tuple[bytes, list[str]]:
    """The .docx bytes for *blocks* (reproducible: fixed zip times and core-property times)."""
    install("docx")
    doc = _spare.pop() if _spare else Document()
    prepare_package(doc, style, context)
    prepare_styles(doc, style)
    page_setup(doc, style)
    writer = _Writer(doc, style)
    if context.get("marking"):
        writer.marking(str(context["marking"]))
    for b in blocks:
        writer.add(b)
    core_properties(doc, context)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue(), build_datetime()), writer.warnings


# -- blocks → paragraphs and tables --------------------------------------------------------------

class _Writer:
    def __init__(self, doc, style: ds.DocxStyle):
        self.doc = doc
        self.style = style
        self.warnings: list[str] = []
        self._page_break = False
        self._space_before = 0.0
        self._in_head = True  # title block (title + centred lines) not yet closed
        self._last_head_para = None
        self._last_body = None  # the last body paragraph (the colophon keeps with it)

    # faces: which font a block's runs use
    def _face(self, key: str) -> str:
        return self.style.fonts[key]

    def _para(self, style_id: str | None):
        """A new body paragraph in the style with *style_id* (None: Normal). Style ids are set
        directly: python-docx's name lookup scans every style on each call."""
        p = self.doc.add_paragraph()
        if style_id:
            p._p.style = style_id
        if self._page_break:
            p.paragraph_format.page_break_before = True
            self._page_break = False
        if self._space_before:
            p.paragraph_format.space_before = Pt(self._space_before)
            self._space_before = 0.0
        return p

    def _run(self, p, text: str, face: str, bold: bool | None = None, latin: str | None = None):
        """A run of *text* naming its East Asian and Latin fonts (the rPr is written as XML at once:
        python-docx's element-by-element API costs a third of the render)."""
        run = p.add_run(text)
        lat = _xml_attr(latin or self.style.fonts["latin"])
        hint = ' w:hint="eastAsia"' if has_wide(text) else ""  # “”—… take the Chinese font, not Times New Roman
        run._r.insert(0, parse_xml(f'<w:rPr {_W}><w:rFonts w:ascii="{lat}" w:hAnsi="{lat}" w:eastAsia="{_xml_attr(face)}" '
                                   f'w:cs="{lat}"{hint}/>{"<w:b/>" if bold else ""}</w:rPr>'))
        return run

    def _runs(self, p, block: Block, face: str) -> None:
        for text, bold in block.runs:
            if text:
                self._run(p, text, face, bold=bold or None)

    def _close_head(self) -> None:
        """One blank line (9704) between the title block and the body."""
        if self._in_head:
            self._in_head = False
            if self._last_head_para is not None:
                self._last_head_para.paragraph_format.space_after = Pt(
                    self.style.line * self.style.title_space_after_lines)

    def marking(self, text: str) -> None:
        p = self._para("BriefgenMarking")
        self._run(p, text, self._face("heading1"))

    def add(self, b: Block) -> None:
        kind = b.kind
        if kind == "note":
            return
        if kind == "break":
            self._page_break = True
            return
        if kind == "title":
            self._title(b)
            return
        if kind == "meta" and self._in_head:
            p = self._para("Subtitle")
            self._runs(p, b, self._face("heading2"))
            self._last_head_para = p
            return
        self._close_head()
        if kind == "meta":  # a centred line later in the document
            p = self._para("Subtitle")
            self._runs(p, b, self._face("heading2"))
        elif kind == "heading":
            level = min(max(b.level, 1), 3)
            p = self._para(f"Heading{level}")
            self._runs(p, b, self._face(f"heading{level}"))
        elif kind in ("para", "bullet"):
            p = self._para(None)
            self._runs(p, b, self._face("body"))
            self._last_body = p
        elif kind == "table":
            self._table(b)
        elif kind == "directive":
            self._directive(b)
        else:  # pragma: no cover - blocks.parse makes no other kinds
            self.warnings.append(f"{TEMPLATE}: unknown block {kind!r} skipped")

    def _title(self, b: Block) -> None:
        size = self.style.sizes["title"]
        lines = title_lines(b.text, self.style.text_width_pt / size - 0.25)
        p = self._para("Title")
        face = self._face("title")
        for n, line in enumerate(lines):
            run = self._run(p, line, face)
            if n < len(lines) - 1:
                run.add_break()
        self._last_head_para = p

    def _directive(self, b: Block) -> None:
        if b.name != "colophon":
            self.warnings.append(f"{TEMPLATE}: unknown directive @{b.name} skipped "
                                 f"(the docx renderer knows {', '.join('@' + d for d in DIRECTIVES)})")
            return
        lines = [a for a in b.args if a]
        if self._last_body is not None:  # the note never starts a page alone: it goes with the last paragraph
            self._last_body.paragraph_format.keep_with_next = True
        for n, arg in enumerate(lines):
            p = self._para("BriefgenColophon")
            # 版记 sits at the foot of the last page: a frame anchored to the bottom of the text block
            ppr = p._p.get_or_add_pPr()
            ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, parse_xml(
                f'<w:framePr {_W} w:w="{ds.twips(self.style.text_width_pt)}" w:wrap="around" w:hAnchor="margin" '
                'w:vAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>'))
            if n < len(lines) - 1:
                p.paragraph_format.keep_with_next = True  # the note never splits across pages
            for text, bold in runs(arg):
                if text:
                    self._run(p, text, self._face("body"), bold=bold or None)

    # -- tables -------------------------------------------------------------------------------
    def _table(self, b: Block) -> None:
        rows = [list(r) for r in b.rows]
        ncols = max(len(r) for r in rows)
        rows = [r + [""] * (ncols - len(r)) for r in rows]
        if self._page_break:  # a table cannot carry pageBreakBefore; an empty paragraph does
            self._para(None)
        size = self.style.sizes["table"]
        widths_pt = _column_widths(rows, size, self.style.text_width_pt)
        main = max(range(ncols), key=lambda c: max(_width(r[c]) for r in rows))
        centred = [c != main and _is_short_column(rows, c) for c in range(ncols)]

        table = self.doc.add_table(rows=len(rows), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        tbl_w = tbl_pr.find(qn("w:tblW"))
        tbl_w.set(qn("w:w"), str(sum(ds.twips(w) for w in widths_pt)))
        tbl_w.set(qn("w:type"), "dxa")
        for c, w in enumerate(widths_pt):
            table.columns[c].width = Pt(w)
        for r_i, (row, cells) in enumerate(zip(table.rows, rows)):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
            if r_i == 0:
                tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))  # repeats on every page
            for c, (cell, text) in enumerate(zip(row.cells, cells)):
                cell.width = Pt(widths_pt[c])
                tc_pr = cell._tc.get_or_add_tcPr()
                tc_pr.append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>'))
                p = cell.paragraphs[0]
                if r_i == 0:
                    p._p.style = "BriefgenTableHeading"
                    face = self._face("heading1")
                else:
                    p._p.style = "BriefgenTableText"
                    face = self._face("body")
                    if centred[c]:
                        p.alignment = 1  # WD_ALIGN_PARAGRAPH.CENTER
                for text_part, bold in runs(text):
                    if text_part:
                        self._run(p, text_part, face, bold=bold or None)
        self._space_before = self.style.line / 2  # air between the table and what follows


def _xml_attr(s: str) -> str:
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _width(s: str) -> float:
    """Width of *s* in em: Chinese 1, Latin letters and digits about 0.55, plus the quarter-em
    gap Word and LibreOffice insert between Chinese and Latin text (autoSpaceDE/DN)."""
    return em(s, narrow=0.55, gap=0.25)


def _is_short_column(rows: list[list[str]], c: int) -> bool:
    """Numbers, kinds and serials are centred; the widest column and running text stay justified."""
    body = [r[c] for r in rows[1:]] or [""]
    return max(_width(x) for x in body) <= 10


_CELL_MARGINS_PT = 2 * 5.4  # Table Grid's default left + right cell margins (108 twips each)


def _column_widths(rows: list[list[str]], size: float, avail_pt: float) -> list[float]:
    """Column widths (pt) filling the text width: short columns get their natural width and the
    longest column takes the rest; when everything is long, space is shared in proportion."""
    ncols = len(rows[0])
    natural = [max(max(_width(r[c]) for r in rows) * size + _CELL_MARGINS_PT + size / 2, 2.5 * size)
               for c in range(ncols)]
    avail = avail_pt
    if sum(natural) <= avail:
        widest = max(range(ncols), key=lambda c: natural[c])
        widths = list(natural)
        widths[widest] += avail - sum(natural)
    else:
        widths = [0.0] * ncols
        left = list(range(ncols))
        remaining = avail
        for c in sorted(range(ncols), key=lambda c: natural[c]):
            share = remaining / len(left)
            if natural[c] <= share:
                widths[c] = natural[c]
                remaining -= natural[c]
                left.remove(c)
        total = sum(natural[c] for c in left)
        for c in left:
            widths[c] = remaining * natural[c] / total
    return [round(w, 1) for w in widths]
