"""Text in DrawingML: paragraphs with explicit sizes and spacing, East Asian fonts and zh-CN on every run."""

from __future__ import annotations

from lxml import etree

from ...text.recache import rx
from .deck import Para
from .layouts import NS, q
from .measure import SPACE_BEFORE

LANG = "zh-CN"


def remove_empty_placeholders(shapes) -> None:
    """Remove the placeholders among *shapes* that were left without text (PowerPoint shows their prompt)."""
    for ph in shapes:
        if ph.has_text_frame and not ph.text_frame.text.strip():
            el = ph._element
            el.getparent().remove(el)


def _set_child(parent, tag: str, before: tuple[str, ...] = ()):
    """Get or create child *tag* of *parent*, inserted before the first of *before* present."""
    want, later = q(tag), {q(b) for b in before}
    ref = None
    for child in parent:
        if child.tag == want:
            return child
        if ref is None and child.tag in later:
            ref = child
    el = etree.SubElement(parent, want)
    if ref is not None:
        ref.addprevious(el)
    return el


_CONTROL = rx(r"([\x00-\x08\x0B-\x1F])")


def add_run(p, text: str, bold: bool = False):
    """Append a run to paragraph element *p*, as python-pptx's ``add_run()``, ``.text`` and ``.font.bold``
    write it (a:rPr b="1" first, then a:t; control characters as _xHHHH_; before a:endParaRPr), without
    its parse of a template per run."""
    r = etree.SubElement(p, q("a:r"))
    if bold:
        etree.SubElement(r, q("a:rPr")).set("b", "1")
    etree.SubElement(r, q("a:t")).text = _CONTROL.sub(lambda m: "_x%04X_" % ord(m.group(1)), text)
    end = p.find("a:endParaRPr", NS)
    if end is not None:
        end.addprevious(r)
    return r


_PPR_ORDER = ("a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct", "a:buSzPts",
              "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip", "a:tabLst",
              "a:defRPr", "a:extLst")


def _ppr_child(ppr, tag: str):
    idx = _PPR_ORDER.index(tag)
    return _set_child(ppr, tag, _PPR_ORDER[idx + 1:])


def fill(ph, paras: list[Para], size: int, font: str, bullets: bool = False, indent: int = 0,
          as_lines: bool = False, add_bullet_char: bool = False) -> None:
    """Write *paras* into placeholder *ph* at *size* pt with explicit spacing (no autofit)."""
    from pptx.enum.text import MSO_AUTO_SIZE

    tf = ph.text_frame
    tf.clear()
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    for n, para in enumerate(paras):
        if as_lines:
            p = tf.paragraphs[0]
            if n:
                p.add_line_break()
        else:
            p = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
        for text, bold in para.runs:
            add_run(p._p, text, bold)
        if as_lines:
            continue
        ppr = p._p.get_or_add_pPr()
        lnspc = _ppr_child(ppr, "a:lnSpc")
        for c in list(lnspc):
            lnspc.remove(c)
        etree.SubElement(lnspc, q("a:spcPct")).set("val", "100000")
        if bullets:
            p.level = para.level if para.bullet else 0
            spc = _ppr_child(ppr, "a:spcBef")
            for c in list(spc):
                spc.remove(c)
            etree.SubElement(spc, q("a:spcPts")).set("val", str(round(size * SPACE_BEFORE * 100)))
            if not para.bullet:
                ppr.set("marL", "0")
                ppr.set("indent", "0")
                _ppr_child(ppr, "a:buNone")
            else:
                if indent:
                    ppr.set("marL", str(indent * (1 + para.level)))
                    ppr.set("indent", str(-indent))
                if add_bullet_char:  # the template gives body text no bullet: add the usual one
                    _ppr_child(ppr, "a:buFont").set("typeface", "Arial")
                    _ppr_child(ppr, "a:buChar").set("char", "•" if para.level == 0 else "–")
    style_text(tf._txBody, font, size)


def style_text(txbody, font: str, size: int | None) -> None:
    """Every run and end-of-paragraph mark: explicit size, lang zh-CN, and the font in a:latin and
    a:ea (schema order a:latin, a:ea, a:cs) so no text falls back to the theme's (empty) East Asian slot."""
    for p in txbody.iter(q("a:p")):
        end = p.find("a:endParaRPr", NS)
        if end is None:
            end = etree.SubElement(p, q("a:endParaRPr"))
    for tag in ("a:rPr", "a:endParaRPr"):
        for rpr in list(txbody.iter(q(tag))):
            style_rpr(rpr, font, size)
    for r in txbody.iter(q("a:r"), q("a:fld"), q("a:br")):
        rpr = r.find("a:rPr", NS)
        if rpr is None:
            rpr = etree.Element(q("a:rPr"))
            r.insert(0, rpr)
            style_rpr(rpr, font, size)


_RPR_AFTER_FONTS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
_FONT_TAGS = tuple(q(t) for t in ("a:latin", "a:ea", "a:cs"))
_AFTER_FONTS = frozenset(q(t) for t in _RPR_AFTER_FONTS)


def style_rpr(rpr, font: str, size: int | None) -> None:
    """One run's properties: lang zh-CN, *size* when given, *font* in a:latin, a:ea and a:cs (schema order)."""
    rpr.set("lang", LANG)
    rpr.set("altLang", "en-US")
    if size:
        rpr.set("sz", str(int(size * 100)))
    anchor = None
    for child in list(rpr):
        if child.tag in _FONT_TAGS:
            rpr.remove(child)
        elif anchor is None and child.tag in _AFTER_FONTS:
            anchor = child  # the first element the schema puts after the fonts
    for tag in _FONT_TAGS:
        el = etree.Element(tag)
        el.set("typeface", font)
        if anchor is not None:
            anchor.addprevious(el)
        else:
            rpr.append(el)


def fix_theme_fonts(prs, font: str) -> None:
    """Fill the themes' empty East Asian slots and point master/layout styles that name the theme's
    East Asian font (+mj-ea / +mn-ea) at *font*, so nothing depends on the theme's CJK choice."""
    for part in prs.part.package.iter_parts():
        ct = part.content_type
        if ct.endswith(".theme+xml"):
            el = getattr(part, "_element", None)
            root = el if el is not None else etree.fromstring(part.blob)
            for slot in ("a:majorFont", "a:minorFont"):
                for ff in root.iter(q(slot)):
                    ea = ff.find("a:ea", NS)
                    if ea is not None and not ea.get("typeface"):
                        ea.set("typeface", font)
            if el is None:
                part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        elif "slideMaster" in ct or "slideLayout" in ct or "notesMaster" in ct:
            for ea in part._element.iter(q("a:ea")):
                if (ea.get("typeface") or "").startswith("+m"):
                    ea.set("typeface", font)


def fix_default_lang(prs) -> None:
    for el in prs.part._element.iter(q("a:defRPr")):
        el.set("lang", LANG)
