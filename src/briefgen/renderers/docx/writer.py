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
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from . import FORMAT
from . import style as ds
from ...templating.blocks import Block, parse, runs
from ...clock import build_datetime
from ...config import Config
from ...errors import OutputError
from ...fsutil import write_bytes
from ..ooxmlzip import normalise_zip
from ...text.titles import title_lines
from ...text.width import em, has_wide
from ...model import Brief
from ...templating import render as render_template

TEMPLATE = FORMAT.template

#: Directives this renderer understands (others are skipped with a warning).
DIRECTIVES = ("colophon",)

#: Table styles kept from python-docx's default template (the ~140 others carry theme colours and fonts).
_KEEP_TABLE_STYLES = {"TableNormal", "TableGrid"}


def render(brief: Brief, env: jinja2.Environment, context: dict, out_path: Path, cfg: Config) -> list[str]:
    """Render *brief* through the docx template and write *out_path* atomically; returns warnings."""
    markup = render_template(env, TEMPLATE, context)
    style = ds.resolve(cfg)
    data, warnings = build(parse(markup), context, style)
    try:
        write_bytes(out_path, data)
    except OSError as e:  # e.g. the output path is a directory; the temporary file is already gone
        raise OutputError(f"{out_path}: cannot write the summary ({e.strerror or e}); "
                          "choose another output path") from None
    return warnings


def build(blocks: list[Block], context: dict, style: ds.DocxStyle) -> tuple[bytes, list[str]]:
    """The .docx bytes for *blocks* (reproducible: fixed zip times and core-property times)."""
    doc = Document()
    _prepare_package(doc, style, context)
    _prepare_styles(doc, style)
    _page_setup(doc, style)
    writer = _Writer(doc, style)
    if context.get("marking"):
        writer.marking(str(context["marking"]))
    for b in blocks:
        writer.add(b)
    _core_properties(doc, context)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue(), build_datetime()), writer.warnings


# -- package, settings, styles -------------------------------------------------------------------

def _prepare_package(doc, style: ds.DocxStyle, context: dict) -> None:
    """Drop parts that would leak the default template (stylesWithEffects with theme fonts, the
    thumbnail of a blank page, a bibliography store); rewrite the font table and theme fonts."""
    part = doc.part
    for rId, rel in list(part.rels.items()):
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("stylesWithEffects", "customXml"):
            del part.rels[rId]
        elif kind == "fontTable":
            used = [style.fonts["latin"]] + sorted(style.east_asian_fonts)
            if style.fonts["page_number"] not in used:
                used.append(style.fonts["page_number"])
            rel.target_part._blob = ds.font_table_xml(used)
        elif kind == "theme":
            rel.target_part._blob = ds.theme_fonts(rel.target_part.blob, style.fonts["latin"],
                                                   style.fonts["heading1"], style.fonts["body"])
    pkg_rels = part.package.rels
    for rId, rel in list(pkg_rels.items()):
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind == "thumbnail":
            del pkg_rels[rId]
        elif kind == "extended-properties":
            org = _xml_text(str(context.get("organisation") or ""))
            blob = rel.target_part.blob.decode("utf-8")
            blob = blob.replace("<Company/>", f"<Company>{org}</Company>" if org else "<Company/>")
            rel.target_part._blob = blob.encode("utf-8")

    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:val"), "en-US")
        tfl.set(qn("w:eastAsia"), "zh-CN")
    for tag in ("w:savePreviewPicture",):  # the thumbnail part is dropped above
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    if style.page_number_outside:
        doc.settings.odd_and_even_pages_header_footer = True


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _prepare_styles(doc, style: ds.DocxStyle) -> None:
    root = doc.styles.element
    f, sz, latin = style.fonts, style.sizes, style.fonts["latin"]
    for st in root.findall(qn("w:style")):
        if st.get(qn("w:type")) == "table" and st.get(qn("w:styleId")) not in _KEEP_TABLE_STYLES:
            root.remove(st)
    ds.strip_theme_fonts(root)

    # docDefaults: body font and size, en-US Latin / zh-CN East Asian (w:val=zh-CN splits numbers).
    defaults = root.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    for old in rpr_default.findall(qn("w:rPr")):
        rpr_default.remove(old)
    rpr_default.append(parse_xml(ds.rpr_xml(f["body"], latin, size=sz["body"], lang=True)))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    for old in ppr_default.findall(qn("w:pPr")):
        ppr_default.remove(old)
    ppr_default.append(parse_xml(f"<w:pPr {nsdecls('w')}><w:spacing w:after=\"0\" w:line=\"240\" "
                                 "w:lineRule=\"auto\"/></w:pPr>"))

    indent = 2 * sz["body"]  # 首行缩进二字
    h_indent = indent if style.name == "official" else 0
    line = style.line
    defs = {
        # style id: (name, pPr, rPr)
        "Normal": (None, ds.ppr_xml(line=line, first_line=indent, jc="both"),
                   ds.rpr_xml(f["body"], latin, size=sz["body"], bold=False)),
        "Title": (None, ds.ppr_xml(line=round(sz["title"] * 1.6, 1), jc="center", keep_next=True),
                  ds.rpr_xml(f["title"], latin, size=sz["title"], bold=style.title_bold)),
        "Subtitle": (None, ds.ppr_xml(line=line, jc="center", keep_next=True),
                     ds.rpr_xml(f["heading2"], latin, size=sz["meta"], bold=False)),
        "Heading1": (None, ds.ppr_xml(line=line, first_line=h_indent, keep_next=True, outline=0, jc="both",
                                      before=style.heading_space_before),
                     ds.rpr_xml(f["heading1"], latin, size=sz["heading1"], bold=style.heading_bold[1])),
        "Heading2": (None, ds.ppr_xml(line=line, first_line=h_indent, keep_next=True, outline=1, jc="both",
                                      before=style.heading_space_before / 2),
                     ds.rpr_xml(f["heading2"], latin, size=sz["heading2"], bold=style.heading_bold[2])),
        "Heading3": (None, ds.ppr_xml(line=line, first_line=h_indent, keep_next=True, outline=2, jc="both"),
                     ds.rpr_xml(f["heading3"], latin, size=sz["heading3"], bold=style.heading_bold[3])),
        "Header": (None, ds.ppr_xml(line=None, jc="center"),
                   ds.rpr_xml(f["page_number"], f["page_number"], size=sz["page_number"], bold=False)),
        "Footer": (None, ds.ppr_xml(line=None, jc="center"),
                   ds.rpr_xml(f["page_number"], f["page_number"], size=sz["page_number"], bold=False)),
        "BriefgenMarking": ("Marking", ds.ppr_xml(line=line, jc="left"),
                            ds.rpr_xml(f["heading1"], latin, size=sz["marking"], bold=False)),
        "BriefgenTableText": ("Table Text", ds.ppr_xml(line=style.table_line, jc="both"),
                              ds.rpr_xml(f["body"], latin, size=sz["table"], bold=False)),
        "BriefgenTableHeading": ("Table Heading", ds.ppr_xml(line=style.table_line, jc="center", keep_next=True),
                                 ds.rpr_xml(f["heading1"], latin, size=sz["table"], bold=False)),
        "BriefgenColophon": ("Colophon", ds.ppr_xml(line=round(sz["colophon"] * 1.5, 2), left=sz["colophon"],
                                                    right=sz["colophon"], border_top=True, border_bottom=True),
                             ds.rpr_xml(f["body"], latin, size=sz["colophon"], bold=False)),
    }
    by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    for sid, (name, ppr, rpr) in defs.items():
        el = by_id.get(sid)
        if el is None:
            new = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            new.base_style = doc.styles["Normal"]
            new.quick_style = True
            el = new.element
            el.set(qn("w:styleId"), sid)
        ds.set_style_props(el, ppr, rpr)
        link = el.find(qn("w:link"))
        if link is not None and link.get(qn("w:val")) in by_id:  # e.g. Heading1Char: same font as Heading 1
            ds.set_style_props(by_id[link.get(qn("w:val"))], None, rpr)
    # Every other style that names fonts gets an explicit East Asian font too.
    for st in root.findall(qn("w:style")):
        for rf in st.iter(qn("w:rFonts")):
            if rf.get(qn("w:eastAsia")) is None:
                rf.set(qn("w:eastAsia"), f["body"])


def _page_setup(doc, style: ds.DocxStyle) -> None:
    sect = doc.sections[0]
    sect.page_width, sect.page_height = Mm(style.page_mm[0]), Mm(style.page_mm[1])
    m = style.margins
    sect.top_margin, sect.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    sect.left_margin, sect.right_margin = Mm(m["left"]), Mm(m["right"])
    sect.gutter = Mm(0)
    sect.header_distance, sect.footer_distance = Mm(style.header_mm), Mm(style.footer_mm)
    one_char = style.sizes["page_number"]
    if style.page_number_outside:  # GB/T 9704 §7.5: 单页码居右空一字，双页码居左空一字
        _page_number(sect.footer, style, "right", right=one_char)
        _page_number(sect.even_page_footer, style, "left", left=one_char)
    else:
        _page_number(sect.footer, style, "center")


def _page_number(footer, style: ds.DocxStyle, jc: str, left: float = 0, right: float = 0) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.style = "Footer"
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:jc {nsdecls("w")} w:val="{jc}"/>'))
    if left or right:
        ppr = p._p.get_or_add_pPr()
        ind = parse_xml(f'<w:ind {nsdecls("w")} w:left="{ds.twips(left)}" w:right="{ds.twips(right)}" '
                        'w:firstLine="0"/>')
        ppr.find(qn("w:jc")).addprevious(ind)
    font = style.fonts["page_number"]
    rpr = ds.rpr_xml(font, font, hint=True)
    parts = [("text", "— "), ("fld", "begin"), ("instr", " PAGE "), ("fld", "separate"), ("text", "1"),
             ("fld", "end"), ("text", " —")]
    for kind, val in parts:
        if kind == "text":
            inner = f'<w:t xml:space="preserve">{val}</w:t>'
        elif kind == "fld":
            inner = f'<w:fldChar w:fldCharType="{val}"/>'
        else:
            inner = f'<w:instrText xml:space="preserve">{val}</w:instrText>'
        r = parse_xml(f"<w:r {nsdecls('w')}>{rpr.replace(' ' + nsdecls('w'), '')}{inner}</w:r>")
        p._p.append(r)


def _core_properties(doc, context: dict) -> None:
    r = context["report"]
    cp = doc.core_properties
    when = build_datetime()
    author = str(context.get("author") or context.get("organisation") or "")
    cp.title = r.title
    cp.subject = r.subtitle or r.meeting or ""
    cp.author = author
    cp.last_modified_by = author
    cp.keywords = "、".join(a.name for a in context.get("areas") or [])
    cp.category = "会议材料摘要"
    cp.language = "zh-CN"
    src = context.get("source")
    cp.comments = (f"briefgen {context.get('version', '')}; source {src.file} sha256 {src.sha256[:12]}"
                   if src is not None else f"briefgen {context.get('version', '')}")
    cp.revision = 1
    cp.created = when
    cp.modified = when


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
        run = p.add_run(text)
        rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        lat = latin or self.style.fonts["latin"]
        rfonts.set(qn("w:ascii"), lat)
        rfonts.set(qn("w:hAnsi"), lat)
        rfonts.set(qn("w:eastAsia"), face)
        rfonts.set(qn("w:cs"), lat)
        if has_wide(text):
            rfonts.set(qn("w:hint"), "eastAsia")  # “”—… take the Chinese font, not Times New Roman
        if bold:
            run.bold = True
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
        self._space_before = max(self._space_before, self.style.line)
        lines = [a for a in b.args if a]
        for n, arg in enumerate(lines):
            p = self._para("BriefgenColophon")
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
