"""Word styling: the two presets (GB/T 9704 `official`, compact `brief`) and East Asian fonts in raw XML.

python-docx has no East Asian font API and its default template is full of traps for Chinese text
(Letter paper, theme fonts that beat explicit names, ``themeFontLang`` ja-JP, MS Mincho in the font
table). Everything here works on the raw WordprocessingML so that every style and run names its
Chinese font (``w:eastAsia``) and nothing can fall back to a theme font.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ...text.recache import rx
from ...text.width import has_wide

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
MM = 72 / 25.4  #: points per millimetre

#: Preset definitions. Sizes in points, margins in millimetres; fonts are East Asian family names.
PRESETS: dict[str, dict] = {
    # GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; 2号小标宋 title, 3号仿宋 body,
    # 一、黑体 / （一）楷体 / 1. 仿宋; 22 lines of 28.95 pt; page number 4号宋体 "— 1 —" about 7 mm below the
    # text block (footer 23 mm from the page edge, checked in a LibreOffice PDF).
    "official": {
        "margins": {"top": 37, "bottom": 35, "left": 28, "right": 26},
        "header_mm": 15, "footer_mm": 23,
        "fonts": {"title": "方正小标宋简体", "body": "仿宋_GB2312", "heading1": "黑体", "heading2": "楷体_GB2312",
                  "heading3": "仿宋_GB2312", "page_number": "宋体", "latin": "Times New Roman"},
        "sizes": {"title": 22, "body": 16, "heading1": 16, "heading2": 16, "heading3": 16, "meta": 16,
                  "marking": 16, "table": 14, "colophon": 14, "page_number": 14},
        "line": 28.95,  #: fixed line pitch (225 mm / 22 lines ≈ 28.95 pt, the usual 固定值)
        "table_line": 20,
        "title_bold": False,  # 小标宋 is a heavy face already; faux bold would smear it
        "heading2_bold": False,
        "heading3_bold": False,  # GB/T 9704 asks for plain 仿宋; docx.bold_level3 switches bold on
        "heading_space_before": 0,
        "title_space_after_lines": 1,
        "grid_chars": 28,  # 9704 §5.2.3: 每面排22行，每行排28个字 (the section's document grid)
        "page_number_outside": True,  # 9704 §7.5: odd pages right, even pages left, one character in
    },
    # A compact reading copy with the fonts every Chinese Windows has (宋体/黑体/楷体/仿宋).
    "brief": {
        "margins": {"top": 25, "bottom": 22, "left": 22, "right": 22},
        "header_mm": 12, "footer_mm": 10,
        "fonts": {"title": "宋体", "body": "宋体", "heading1": "黑体", "heading2": "楷体",
                  "heading3": "仿宋", "page_number": "宋体", "latin": "Times New Roman"},
        "sizes": {"title": 18, "body": 12, "heading1": 14, "heading2": 12, "heading3": 12, "meta": 12,
                  "marking": 12, "table": 10.5, "colophon": 10.5, "page_number": 10.5},
        "line": 20,
        "table_line": 15,
        "title_bold": True,
        "heading2_bold": True,
        "heading3_bold": True,
        "heading_space_before": 6,
        "title_space_after_lines": 0.5,
        "page_number_outside": False,
        "grid_chars": 0,
    },
}

#: fontTable hints so Word can substitute sensibly where a named font is missing (charset 86 = GB2312).
FONT_HINTS: dict[str, dict[str, str]] = {
    "宋体": {"altName": "SimSun", "panose1": "02010600030101010101", "family": "auto", "pitch": "variable"},
    "黑体": {"altName": "SimHei", "panose1": "02010609060101010101", "family": "modern", "pitch": "fixed"},
    "仿宋": {"altName": "FangSong", "panose1": "02010609060101010101", "family": "modern", "pitch": "fixed"},
    "楷体": {"altName": "KaiTi", "panose1": "02010609060101010101", "family": "modern", "pitch": "fixed"},
    "仿宋_GB2312": {"altName": "仿宋", "panose1": "02010609030101010101", "family": "modern", "pitch": "fixed"},
    "楷体_GB2312": {"altName": "楷体", "panose1": "02010609030101010101", "family": "modern", "pitch": "fixed"},
    "方正小标宋简体": {"altName": "宋体", "panose1": "02000000000000000000", "family": "auto", "pitch": "variable"},
    "方正小标宋_GBK": {"altName": "宋体", "panose1": "02000000000000000000", "family": "auto", "pitch": "variable"},
    "微软雅黑": {"altName": "Microsoft YaHei", "panose1": "020B0503020204020204", "family": "swiss",
              "pitch": "variable"},
}


@dataclass
class DocxStyle:
    """A preset with the configuration applied: everything the renderer needs to decide appearance."""

    name: str
    fonts: dict[str, str]
    sizes: dict[str, float]
    margins: dict[str, float]
    header_mm: float
    footer_mm: float
    line: float
    table_line: float
    title_bold: bool
    heading_bold: dict[int, bool]
    heading_space_before: float
    title_space_after_lines: float
    page_number_outside: bool
    grid_chars: int = 0
    page_mm: tuple[float, float] = (210, 297)
    extra: dict = field(default_factory=dict)

    @property
    def text_width_pt(self) -> float:
        return (self.page_mm[0] - self.margins["left"] - self.margins["right"]) * MM

    @property
    def east_asian_fonts(self) -> set[str]:
        return {v for k, v in self.fonts.items() if k != "latin"}


def resolve(cfg) -> DocxStyle:
    """The preset named by ``docx.preset`` with ``docx.fonts.*`` and ``docx.bold_level3`` applied (*cfg*: a Config)."""
    name = cfg.docx.preset
    p = PRESETS[name]
    fonts = dict(p["fonts"])
    fonts.update({role: font.strip() for role, font in asdict(cfg.docx.fonts).items() if font and font.strip()})
    bold3 = p["heading3_bold"] or cfg.docx.bold_level3
    return DocxStyle(
        name=name, fonts=fonts, sizes=dict(p["sizes"]), margins=dict(p["margins"]),
        header_mm=p["header_mm"], footer_mm=p["footer_mm"], line=p["line"], table_line=p["table_line"],
        title_bold=p["title_bold"], heading_bold={1: False, 2: p["heading2_bold"], 3: bold3},
        heading_space_before=p["heading_space_before"], title_space_after_lines=p["title_space_after_lines"],
        page_number_outside=p["page_number_outside"], grid_chars=p["grid_chars"],
    )


# -- run and style properties --------------------------------------------------------------------

def twips(pt: float) -> int:
    return int(round(pt * 20))


def grid_spacing(style: DocxStyle) -> float:
    """Character spacing (pt, negative = condensed) that fits ``grid_chars`` body characters on a line
    (official: 156 mm / 28 = 15.79 pt for 16 pt type → -0.25 pt, rounded down to whole twips); 0 without."""
    if not style.grid_chars:
        return 0.0
    pitch = style.text_width_pt / style.grid_chars
    return min(0.0, math.floor((pitch - style.sizes["body"]) * 20) / 20)


def rpr_xml(east_asia: str, latin: str, size: float | None = None, bold: bool = False,
            hint: bool = False, lang: bool = False, spacing: float = 0.0) -> str:
    """A ``w:rPr`` with children in schema order: rFonts, b, bCs, color?, sz, szCs, lang."""
    a = f' w:ascii="{_attr(latin)}" w:hAnsi="{_attr(latin)}" w:eastAsia="{_attr(east_asia)}" w:cs="{_attr(latin)}"'
    if hint:
        a += ' w:hint="eastAsia"'
    x = f"<w:rFonts{a}/>"
    if bold:
        x += "<w:b/><w:bCs/>"
    else:
        x += '<w:b w:val="0"/><w:bCs w:val="0"/>' if size is not None else ""
    if spacing:
        x += f'<w:spacing w:val="{twips(spacing)}"/>'
    if size is not None:
        x += f'<w:sz w:val="{int(round(size * 2))}"/><w:szCs w:val="{int(round(size * 2))}"/>'
    if lang:
        x += '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    return f"<w:rPr {nsdecls('w')}>{x}</w:rPr>"


def ppr_xml(*, line: float | None = None, before: float = 0, after: float = 0, first_line: float = 0,
            left: float = 0, right: float = 0, jc: str | None = None, keep_next: bool = False,
            outline: int | None = None, border_top: bool = False, border_bottom: bool = False) -> str:
    """A ``w:pPr`` with children in schema order. *line* is an exact line pitch in points."""
    x = ""
    if keep_next:
        x += "<w:keepNext/><w:keepLines/>"
    if border_top or border_bottom:
        x += "<w:pBdr>"
        if border_top:
            x += '<w:top w:val="single" w:sz="6" w:space="1" w:color="auto"/>'
        if border_bottom:
            x += '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/>'
        x += "</w:pBdr>"
    spacing = f'<w:spacing w:before="{twips(before)}" w:after="{twips(after)}"'
    if line is None:
        spacing += ' w:line="240" w:lineRule="auto"/>'
    else:
        spacing += f' w:line="{twips(line)}" w:lineRule="exact"/>'
    x += spacing
    x += (f'<w:ind w:left="{twips(left)}" w:right="{twips(right)}" w:firstLine="{twips(first_line)}"/>')
    if jc:
        x += f'<w:jc w:val="{jc}"/>'
    if outline is not None:
        x += f'<w:outlineLvl w:val="{outline}"/>'
    return f"<w:pPr {nsdecls('w')}>{x}</w:pPr>"


def _attr(s: str) -> str:
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def set_style_props(style_el, ppr: str | None, rpr: str | None) -> None:
    """Replace a ``w:style``'s pPr/rPr (keeping schema order: before tblPr/trPr/tcPr/tblStylePr)."""
    for tag in ("w:pPr", "w:rPr"):
        for old in style_el.findall(qn(tag)):
            style_el.remove(old)
    anchor = None
    for tag in ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"):
        anchor = style_el.find(qn(tag))
        if anchor is not None:
            break
    for xml in (ppr, rpr):
        if xml is None:
            continue
        el = parse_xml(xml)
        if anchor is not None:
            anchor.addprevious(el)
        else:
            style_el.append(el)


def strip_theme_fonts(root) -> int:
    """Remove theme font attributes everywhere under *root* (they would beat explicit names)."""
    n = 0
    for rf in root.iter(qn("w:rFonts")):
        for a in THEME_ATTRS:
            if rf.attrib.pop(qn(a), None) is not None:
                n += 1
    return n


def font_table_xml(fonts: list[str]) -> bytes:
    """A fontTable listing exactly the fonts the document uses, with substitution hints for CJK names."""
    out = [f"<w:fonts {nsdecls('w')}>"]
    for name in fonts:
        h = FONT_HINTS.get(name)
        if h is None and has_wide(name):
            h = {"altName": "", "panose1": "02010600030101010101", "family": "auto", "pitch": "variable"}
        if h is None:  # a Latin font
            out.append(f'<w:font w:name="{_attr(name)}"><w:charset w:val="00"/><w:family w:val="roman"/>'
                       '<w:pitch w:val="variable"/></w:font>')
            continue
        alt = f'<w:altName w:val="{_attr(h["altName"])}"/>' if h["altName"] else ""
        out.append(f'<w:font w:name="{_attr(name)}">{alt}<w:panose1 w:val="{h["panose1"]}"/>'
                   f'<w:charset w:val="86"/><w:family w:val="{h["family"]}"/><w:pitch w:val="{h["pitch"]}"/>'
                   "</w:font>")
    out.append("</w:fonts>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + "".join(out)).encode("utf-8")


def theme_fonts(blob: bytes, latin: str, major_ea: str, minor_ea: str) -> bytes:
    """Point the theme's major/minor fonts at our fonts, so text Word later adds in a theme font
    (a new Heading 4, a text box) is Chinese-correct too."""
    s = blob.decode("utf-8")

    def fix(block: str, ea: str) -> str:
        block = rx(r'<a:latin typeface="[^"]*"').sub(f'<a:latin typeface="{_attr(latin)}"', block)
        block = rx(r'<a:ea typeface="[^"]*"').sub(f'<a:ea typeface="{_attr(ea)}"', block)
        return rx(r'<a:font script="(Hans|Jpan)" typeface="[^"]*"').sub(
                      lambda m: f'<a:font script="{m.group(1)}" typeface="{_attr(ea)}"', block)

    s = rx(r"<a:majorFont>.*?</a:majorFont>", re.S).sub(lambda m: fix(m.group(0), major_ea), s)
    s = rx(r"<a:minorFont>.*?</a:minorFont>", re.S).sub(lambda m: fix(m.group(0), minor_ea), s)
    return s.encode("utf-8")
