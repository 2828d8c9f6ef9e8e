"""The Word package briefgen writes: no traces of python-docx's default template, every style with its
East Asian font, A4 page set-up with GB/T 9704 page numbers, reproducible document properties."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from ...clock import build_datetime
from ...text.controls import property_text
from . import style as ds

#: Table styles kept from python-docx's default template (the ~140 others carry theme colours and fonts).
_KEEP_TABLE_STYLES = {"TableNormal", "TableGrid"}


def prepare_package(doc, style: ds.DocxStyle, context: dict) -> None:
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


def prepare_styles(doc, style: ds.DocxStyle) -> None:
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
    rpr_default.append(parse_xml(ds.rpr_xml(f["body"], latin, size=sz["body"], lang=True,
                                            spacing=ds.grid_spacing(style))))
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


def page_setup(doc, style: ds.DocxStyle) -> None:
    sect = doc.sections[0]
    sect.page_width, sect.page_height = Mm(style.page_mm[0]), Mm(style.page_mm[1])
    m = style.margins
    sect.top_margin, sect.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    sect.left_margin, sect.right_margin = Mm(m["left"]), Mm(m["right"])
    sect.gutter = Mm(0)
    sect.header_distance, sect.footer_distance = Mm(style.header_mm), Mm(style.footer_mm)
    _doc_grid(sect, style)
    one_char = style.sizes["page_number"]
    if style.page_number_outside:  # GB/T 9704 §7.5: 单页码居右空一字，双页码居左空一字
        _page_number(sect.footer, style, "right", right=one_char)
        _page_number(sect.even_page_footer, style, "left", left=one_char)
    else:
        _page_number(sect.footer, style, "center")


def _doc_grid(sect, style: ds.DocxStyle) -> None:
    """The section's 文档网格: the preset's lines per page (GB/T 9704 §5.2.3: 22 lines of 28.95 pt).

    The 28 characters per line come from the text's character spacing (:func:`style.grid_spacing`),
    not from a character grid: LibreOffice puts a 16 pt character into two cells of a 15.8 pt grid
    (about 14 characters per line, checked), while condensed spacing gives 28 in Word, WPS and LibreOffice."""
    sect_pr = sect._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    sect_pr.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" w:linePitch="{ds.twips(style.line)}"/>'))


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


def core_properties(doc, context: dict) -> None:
    r = context["report"]
    cp = doc.core_properties
    when = build_datetime()
    author = str(context.get("author") or context.get("organisation") or "")
    cp.title = property_text(r.title)
    cp.subject = property_text(r.subtitle or r.meeting)
    cp.author = property_text(author)
    cp.last_modified_by = property_text(author)
    cp.keywords = property_text("、".join(a.name for a in context.get("areas") or []))
    cp.category = "会议材料摘要"
    cp.language = "zh-CN"
    src = context.get("source")
    cp.comments = property_text(f"briefgen {context.get('version', '')}; source {src.file} sha256 {src.sha256[:12]}"
                                if src is not None else f"briefgen {context.get('version', '')}")
    cp.revision = 1
    cp.created = when
    cp.modified = when
