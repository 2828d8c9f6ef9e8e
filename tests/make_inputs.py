"""Make .docx and .pdf versions of the seed reports, as users receive them, for the ingest tests.

Each seed is first read the way the text ingest reads it (``clean`` + ``structure.build``), so the
generated files hold the same paragraphs, headings and title.  Then:

* :func:`make_docx` writes it with python-docx, either all in Normal paragraphs (``styled=False``:
  the reader must find the structure from the text, as in a plain .txt) or with Word's Title /
  Heading N styles (``styled=True``), optionally with a table.
* :func:`make_pdf` writes it with reportlab (bundled CJK font), with a running header, a
  ``— n —`` page number in the footer, and a forced page break at each place where the seed text
  itself had a line cut inside a sentence (e.g. ``凝聚职|工``), so sentences run across pages.

Run as a script to write every variant into a folder and look at them:
``python tests/make_inputs.py /tmp/inputs``.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

#: The running header printed on every PDF page (the reader must drop it).
RUNNING_HEADER = "北京市总工会全委会报告解读"


@dataclass
class Para:
    """One logical line of a seed: its role, text, heading level and the cut points inside it."""

    role: str  # title | subtitle | heading | marker | para
    text: str
    level: int = 0
    cuts: list[int] = field(default_factory=list)  #: offsets where the seed's text had a line cut


def seed_paras(seed: Path) -> list[Para]:
    """The seed as the text ingest sees it: title, subtitle, headings (with levels), paragraphs."""
    from briefgen.ingest import structure
    from briefgen.ingest.sources.text import decode
    from briefgen.ingest.normalise import _strip, clean

    raw, _ = decode(seed.read_bytes(), str(seed), None)
    cleaned = clean(raw)
    doc = structure.build(cleaned.lines[cleaned.block.size:], [])
    src_lines = raw.replace("\r\n", "\n").split("\n")
    levels = {s.id: s.level for top in doc.sections for s in top.walk()}
    heading_line = {b.line: levels[doc.block_section[i]] for i, b in enumerate(doc.blocks) if b.kind == "heading"}
    out: list[Para] = []
    for k, ln in enumerate(cleaned.lines):
        cuts, pos = [], 0
        for no in ln.parts[:-1]:
            pos += len(_strip(src_lines[no - 1]))
            cuts.append(pos)
        if k == 0:
            out.append(Para("title", ln.text))
        elif k == 1 and cleaned.block.subtitle and ln.text.lstrip("—-– ").strip() == cleaned.block.subtitle:
            out.append(Para("subtitle", ln.text))
        elif ln.line in heading_line and ln.text.startswith("【") and ln.text.endswith("】"):
            out.append(Para("marker", ln.text, heading_line[ln.line]))
        elif ln.line in heading_line:
            out.append(Para("heading", ln.text, heading_line[ln.line]))
        elif out and out[-1].role == "marker":
            out.append(Para("heading", ln.text, out[-1].level))  # the name line of 【关键词一】
        else:
            out.append(Para("para", ln.text, cuts=cuts))
    return out


# --------------------------------------------------------------------------- .docx


def make_docx(seed: Path, out: Path, styled: bool = False, table: bool = False) -> Path:
    """Write *seed* as .docx: plain Normal paragraphs, or Title/Heading styles when *styled*.

    With *table*, a small table of figures goes after the first body paragraph of the first
    section, and a header, a footer and a comment are added (none of them body text).
    """
    d = Document()
    _set_east_asian_font(d)
    paras = seed_paras(seed)
    tabled = False
    for p in paras:
        if styled and p.role == "title":
            d.add_paragraph(p.text, style="Title")
        elif styled and p.role == "subtitle":
            d.add_paragraph(p.text, style="Subtitle")
        elif styled and p.role == "heading":
            d.add_heading(p.text, level=p.level)
        elif p.role == "marker":
            d.add_paragraph().add_run(p.text).bold = True
        else:
            para = d.add_paragraph(p.text)
            if p.role == "title":
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if table and not tabled and p.role == "para" and any(q.role == "heading" for q in paras[: paras.index(p)]):
                add_figures_table(d)
                tabled = True
    if table:
        d.sections[0].header.paragraphs[0].text = "页眉：" + RUNNING_HEADER
        d.sections[0].footer.paragraphs[0].text = "第1页"
        first_body = d.paragraphs[2]
        d.add_comment(first_body.runs, text="批注：请核对数字 999万元", author="审稿人")
    d.save(out)
    return out


#: The table make_docx adds: (header row, data rows).  Its numbers must not merge across cells.
FIGURES_TABLE = [
    ["指标", "2019年", "2020年"],
    ["新建工会组织", "1200个", "1350个"],
    ["慰问职工", "32.7万人次", "146.8万人次"],
]


def add_figures_table(d) -> None:
    t = d.add_table(rows=len(FIGURES_TABLE), cols=len(FIGURES_TABLE[0]))
    for r, row in enumerate(FIGURES_TABLE):
        for c, val in enumerate(row):
            t.cell(r, c).text = val


def _set_east_asian_font(d) -> None:
    """Name a CJK font for East Asian text in Normal (how a Chinese user's Word would save it)."""
    st = d.styles["Normal"]
    st.font.name = "SimSun"
    st.font.size = Pt(12)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    rfonts.set(qn("w:eastAsia"), "宋体")


#: Word numbering definitions for make_numbered_docx: 一、 / （一） / 1. (abstractNum 90, num 90).
_NUMBERING_XML = """
<w:abstractNum %s w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%%1、"/>
    <w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%%2）"/>
    <w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%3."/></w:lvl>
</w:abstractNum>"""


def make_numbered_docx(out: Path) -> Path:
    """A small report whose heading numbers (一、 （一） 1.) come from Word's automatic numbering,
    with a soft line break, hidden text, a tracked deletion, a table-of-contents line, a table
    whose cells hold bare numbers, a header, a footer and a comment."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = Document()
    _set_east_asian_font(d)
    numbering = d.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(parse_xml(_NUMBERING_XML % nsdecls("w")))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, ilvl: int, style: str | None = None):
        p = d.add_paragraph(text, style=style)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))
        return p

    d.add_paragraph("某市总工会2023年工作报告")
    toc = d.add_paragraph("目录　工作回顾……1")
    toc.style = d.styles.add_style("TOC 1", 1)
    d.add_paragraph("过去一年，全市工会组织广大职工建功立业，各项工作取得新成效。")
    numbered("工作回顾", 0, "Heading 1")
    numbered("服务职工", 1)
    p = d.add_paragraph("全市工会慰问职工")
    p.add_run().add_break()  # a soft line break inside the sentence
    p.add_run("146.8万人次。")
    hidden = p.add_run("内部备注：不公开888万元。")
    hidden.font.hidden = True
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>删去的77万元。</w:delText></w:r></w:del>'))
    numbered("建设队伍", 1)
    numbered("开展职工技能培训3000人次。", 2)
    numbered("新建职工之家120个。", 2)
    t = d.add_table(rows=2, cols=3)
    for r, row in enumerate([["项目", "12", "345人"], ["合计", "1,200", "56"]]):
        for c, val in enumerate(row):
            t.cell(r, c).text = val
    numbered("下一步工作安排", 0, "Heading 1")
    numbered("深化改革", 1)
    d.add_paragraph("全年新建工会组织不少于500个。")
    d.sections[0].header.paragraphs[0].text = "某市总工会 页眉 999万元"
    d.sections[0].footer.paragraphs[0].text = "第 1 页"
    d.add_comment(d.paragraphs[2].runs, text="批注 555万元", author="审稿人")
    d.save(out)
    return out


# --------------------------------------------------------------------------- .pdf


def _fonts() -> tuple[str, str]:
    try:
        from briefgen.renderers.pdf.fonts import register_fonts

        fs = register_fonts()
        return fs.regular, fs.bold
    except ImportError:  # pragma: no cover - pdffonts not there yet
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light", "STSong-Light"


def make_pdf(seed: Path, out: Path, cut_pages: bool = True, page_numbers: bool = True,
             header: bool = True, extra_cut: tuple[str, str] | None = None) -> Path:
    """Write *seed* as an A4 PDF (body 12 pt, first lines indented two characters).

    *cut_pages*: force a page break at each line cut the seed text had inside a paragraph
    (the second part goes on at the top of the next page, not indented).  *extra_cut*:
    ``(before, after)`` — also break the page between these two strings of one paragraph.
    """
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=12, leading=20, firstLineIndent=24,
                          alignment=TA_JUSTIFY, wordWrap="CJK", spaceAfter=0)
    cont = ParagraphStyle("cont", parent=body, firstLineIndent=0)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=18, leading=28,
                           alignment=TA_CENTER, firstLineIndent=0, spaceAfter=12)
    subtitle = ParagraphStyle("subtitle", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=12)
    head = ParagraphStyle("head", parent=body, fontName=bold, firstLineIndent=24, spaceBefore=6)

    def on_page(canvas, doc):
        canvas.saveState()
        if header:
            canvas.setFont(regular, 9)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 15 * mm, RUNNING_HEADER)
        if page_numbers:
            canvas.setFont(regular, 12)
            canvas.drawCentredString(A4[0] / 2, 15 * mm, f"— {doc.page} —")
        canvas.restoreState()

    story = []
    for p in seed_paras(seed):
        style = {"title": title, "subtitle": subtitle, "heading": head, "marker": head}.get(p.role, body)
        cuts = list(p.cuts) if cut_pages else []
        if extra_cut and extra_cut[0] + extra_cut[1] in p.text:
            cuts.append(p.text.index(extra_cut[0] + extra_cut[1]) + len(extra_cut[0]))
        pieces, last = [], 0
        for c in sorted(cuts):
            pieces.append(p.text[last:c])
            last = c
        pieces.append(p.text[last:])
        for i, piece in enumerate(pieces):
            if i:
                story.append(PageBreak())
            story.append(Paragraph(escape(piece), style if i == 0 else cont))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                            bottomMargin=30 * mm, title=seed.stem, author="briefgen tests")
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    out.write_bytes(buf.getvalue())
    return out


def make_scanned_pdf(out: Path) -> Path:
    """A PDF whose only page holds an image (as a scanner makes it): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 560), 255)
    ImageDraw.Draw(img).rectangle([40, 40, 360, 80], fill=0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(img), 0, 0, A4[0], A4[1])
    c.showPage()
    c.save()
    out.write_bytes(buf.getvalue())
    return out


def make_encrypted_pdf(seed: Path, out: Path, password: str = "secret") -> Path:
    """The seed's PDF, encrypted with a user password (pypdf)."""
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(seed, out)
    w = PdfWriter()
    for page in PdfReader(plain).pages:
        w.add_page(page)
    w.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    with open(out, "wb") as f:
        w.write(f)
    return out


def make_corrupt_docx(out: Path, kind: str = "random") -> Path:
    """A broken .docx: random bytes, or a zip without word/document.xml."""
    import random
    import zipfile

    if kind == "random":
        out.write_bytes(bytes(random.Random(7).randrange(256) for _ in range(2048)))
    else:
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("docProps/app.xml", "<Properties/>")
    return out


def main(argv: list[str]) -> None:
    dest = Path(argv[0] if argv else "/tmp/briefgen-inputs")
    dest.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    for seed in sorted((root / "seeds").glob("*.txt")):
        make_docx(seed, dest / f"{seed.stem}.docx")
        make_docx(seed, dest / f"{seed.stem}-styled.docx", styled=True, table=True)
        make_pdf(seed, dest / f"{seed.stem}.pdf")
    make_scanned_pdf(dest / "scanned.pdf")
    print(dest)


if __name__ == "__main__":
    main(sys.argv[1:])
