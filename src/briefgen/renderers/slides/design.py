"""The default deck's design (briefing colours, accent rule, 16:9 label) and slide numbers on every slide."""

from __future__ import annotations

import copy

from lxml import etree

from ..palette import ACCENT, BAND, INK, MUTED, RULE
from .drawingml import style_text
from .layouts import NS, ph_type, q

SLIDE_NUMBER = 13  # PP_PLACEHOLDER.SLIDE_NUMBER


def label_16x9(prs) -> None:
    """Drop the 4:3 size label (``type="screen4x3"``) the stretched default deck keeps: PowerPoint writes
    no type for its 13.333 × 7.5 in widescreen size."""
    sz = prs.part._element.find("p:sldSz", NS)
    if sz is not None and "type" in sz.attrib:
        del sz.attrib["type"]


def _srgb(parent, hex_rgb: str) -> None:
    for c in list(parent):
        parent.remove(c)
    etree.SubElement(parent, q("a:srgbClr")).set("val", hex_rgb)


def _set_theme(prs) -> None:
    """Theme colours: text INK, accent ACCENT (charts draw their first series in accent 1)."""
    slots = {"a:dk1": INK, "a:dk2": INK, "a:accent1": ACCENT, "a:accent2": MUTED, "a:accent3": RULE}
    for part in prs.part.package.iter_parts():
        if part.content_type.endswith(".theme+xml"):
            root = etree.fromstring(part.blob)
            for tag, rgb in slots.items():
                for el in root.iter(q(tag)):
                    _srgb(el, rgb)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _title_colour(master) -> None:
    el = master._element
    lvl = el.find("p:txStyles/p:titleStyle/a:lvl1pPr", NS)
    if lvl is None:
        return
    rpr = lvl.find("a:defRPr", NS)
    if rpr is None:
        rpr = etree.SubElement(lvl, q("a:defRPr"))
    rpr.set("b", "1")
    fill = rpr.find("a:solidFill", NS)
    if fill is None:
        fill = etree.Element(q("a:solidFill"))
        rpr.insert(0, fill)
    _srgb(fill, ACCENT)


_RECT = (
    '<p:sp xmlns:p="{p}" xmlns:a="{a}"><p:nvSpPr><p:cNvPr id="{id}" name="Accent {id}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/>'
    '</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill>'
    '<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def _add_rule(shapes, left: int, top: int, width: int, height: int, rgb: str) -> None:
    """A filled rectangle without text (a design element of a master or layout), behind the placeholders."""
    tree = shapes._spTree
    ids = [int(x) for x in tree.xpath(".//p:cNvPr/@id")] or [1]
    sp = etree.fromstring(_RECT.format(p=NS["p"], a=NS["a"], id=max(ids) + 100, x=left, y=top, cx=width, cy=height,
                                       rgb=rgb))
    tree.insert(2, sp)


def design_default(prs, title_layout, width: int, height: int) -> None:
    """Style python-pptx's plain default deck as a briefing: theme colours, red titles, an accent rule
    under the title area and a thin band at the foot of every layout; the title layout on a light band."""
    _set_theme(prs)
    master = prs.slide_masters[0]
    _title_colour(master)
    title_ph = next((ph for ph in master.placeholders if ph_type(ph) == 1), None)
    rule_top = (title_ph.top + title_ph.height) if title_ph is not None else height // 6
    margin = title_ph.left if title_ph is not None else width // 20
    _add_rule(master.shapes, margin, rule_top + 38100, width - 2 * margin, 28575, ACCENT)
    _add_rule(master.shapes, 0, height - 95250, width, 95250, ACCENT)
    # the title layout hides the master's shapes and sits on the band colour
    cs = title_layout._element.find("p:cSld", NS)
    title_layout._element.set("showMasterSp", "0")
    bg = cs.find("p:bg", NS)
    if bg is None:
        bg = etree.Element(q("p:bg"))
        cs.insert(0, bg)
    for c in list(bg):
        bg.remove(c)
    pr = etree.SubElement(bg, q("p:bgPr"))
    _srgb(etree.SubElement(pr, q("a:solidFill")), BAND)
    etree.SubElement(pr, q("a:effectLst"))
    tph = next((ph for ph in title_layout.placeholders if ph_type(ph) == 3), None)
    under = (tph.top + tph.height + 76200) if tph is not None else int(height * 0.55)
    _add_rule(title_layout.shapes, width // 4, under, width // 2, 28575, ACCENT)
    _add_rule(title_layout.shapes, 0, height - 190500, width, 190500, ACCENT)


def add_slide_number(slide, layout, number: int, font: str) -> bool:
    """Copy the layout's slide-number placeholder onto *slide* with a slide-number field (PowerPoint
    renumbers it when slides move); False when the layout has none."""
    src = next((ph for ph in layout.placeholders if ph_type(ph) == SLIDE_NUMBER), None)
    if src is None:
        return False
    sp = copy.deepcopy(src._element)
    for tag in ("p:spPr",):
        old = sp.find(tag, NS)
        if old is not None:
            for c in list(old):
                old.remove(c)
    body = sp.find("p:txBody", NS)
    if body is None:
        body = etree.SubElement(sp, q("p:txBody"))
    for p in body.findall("a:p", NS):
        body.remove(p)
    if body.find("a:bodyPr", NS) is None:
        body.insert(0, etree.Element(q("a:bodyPr")))
    p = etree.SubElement(body, q("a:p"))
    fld = etree.SubElement(p, q("a:fld"))
    fld.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
    fld.set("type", "slidenum")
    etree.SubElement(fld, q("a:rPr"))
    etree.SubElement(fld, q("a:t")).text = str(number)
    style_text(body, font, None)
    ids = [int(x) for x in slide.shapes._spTree.xpath("//p:cNvPr/@id")] or [1]
    sp.find("p:nvSpPr/p:cNvPr", NS).set("id", str(max(ids) + 1))
    slide.shapes._spTree.append(sp)
    return True


_APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def app_properties(prs, application: str) -> None:
    """docProps/app.xml as it is: 16:9 named Widescreen (python-pptx's default says On-screen Show (4:3)),
    the real slide and notes counts, the application that wrote the file."""
    part = next((p for p in prs.part.package.iter_parts()
                 if p.content_type.endswith("extended-properties+xml")), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    wide = (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    values = {"PresentationFormat": "Widescreen" if wide else "Custom", "Slides": str(len(prs.slides)),
              "Notes": str(sum(1 for s in prs.slides if s.has_notes_slide)), "Application": application,
              "TotalTime": "0", "AppVersion": None}
    for name, value in values.items():
        el = root.find(f"{{{_APP}}}{name}")
        if el is None:
            continue
        if value is None:
            root.remove(el)
        else:
            el.text = value
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
