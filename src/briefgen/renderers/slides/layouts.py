"""The PowerPoint template's side: slide size, which layouts take the title and bullet slides, placeholder geometry."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ...errors import InputError
from .measure import Box

#: 16:9 at PowerPoint's default 13.333 in × 7.5 in.
WIDTH, HEIGHT = 12192000, 6858000
EMU_PER_PT = 12700

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def open_template(path: str | None, warnings: list[str]):
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    from ..xpathcache import install

    install("pptx")
    if not path:
        return Presentation()
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: pptx template not found; check slides.pptx_template or --pptx-template")
    try:
        return Presentation(str(p))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as e:
        raise InputError(f"{path}: not a usable PowerPoint .pptx template ({e.__class__.__name__}: {e})") from None


def to_16x9(prs, warnings: list[str], user_template: bool) -> None:
    """Set the slide size to 16:9 and stretch masters and layouts to match when they were made for
    another size (python-pptx's default deck is 4:3)."""
    w, h = prs.slide_width, prs.slide_height
    if (w, h) == (WIDTH, HEIGHT):
        return
    fx, fy = WIDTH / w, HEIGHT / h
    parts = []
    for master in prs.slide_masters:
        parts.append(master)
        parts.extend(master.slide_layouts)
    for obj in parts:
        for el in obj._element.iter(q("a:off")):
            el.set("x", str(round(int(el.get("x", "0")) * fx)))
            el.set("y", str(round(int(el.get("y", "0")) * fy)))
        for el in obj._element.iter(q("a:ext")):
            if el.get("cx") is not None:
                el.set("cx", str(round(int(el.get("cx")) * fx)))
                el.set("cy", str(round(int(el.get("cy")) * fy)))
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    if user_template:
        warnings.append(f"pptx template is {w / 914400:.2f} × {h / 914400:.2f} in, not 16:9; "
                        "its layouts were stretched to 13.33 × 7.5 in")


def drop_slides(prs) -> None:
    """Remove the slides a template deck came with (its layouts and theme are what we use)."""
    lst = prs.slides._sldIdLst
    for sld in list(lst):
        prs.part.drop_rel(sld.rId)
        lst.remove(sld)


def ph_type(ph) -> int:
    try:
        return int(ph.placeholder_format.type)
    except (ValueError, AttributeError):
        return -1


# placeholder type values (pptx.enum.shapes.PP_PLACEHOLDER)
TITLE, BODY_T, CENTER_TITLE, SUBTITLE, OBJECT = 1, 2, 3, 4, 7


def pick_layouts(prs, template: str | None):
    """(title layout, bullet layout): chosen by placeholder types, names only to break ties."""
    def kinds(layout):
        return [ph_type(ph) for ph in layout.placeholders]

    bullet = None
    candidates = []
    for n, layout in enumerate(prs.slide_layouts):
        k = kinds(layout)
        has_title = TITLE in k or CENTER_TITLE in k
        bodies = sum(1 for t in k if t in (BODY_T, OBJECT))
        if has_title and bodies:
            name = (layout.name or "").lower()
            score = (0 if bodies == 1 else 1, 0 if ("content" in name or "内容" in name or "text" in name) else 1,
                     0 if TITLE in k else 1, n)
            candidates.append((score, layout))
    if candidates:
        bullet = min(candidates, key=lambda c: c[0])[1]
    if bullet is None:
        where = template or "the default deck"
        raise InputError(f"{where}: no slide layout with a title and a text placeholder (like 'Title and Content'); "
                         "add one in the template's Slide Master, or use another template")
    title = None
    for layout in prs.slide_layouts:
        k = kinds(layout)
        if CENTER_TITLE in k:
            title = layout
            break
    if title is None:
        for layout in prs.slide_layouts:
            k = kinds(layout)
            if TITLE in k and SUBTITLE in k:
                title = layout
                break
    return title or bullet, bullet


@dataclass
class Slot:
    """A placeholder on a new slide with the layout and master placeholders it inherits from.

    Matched by position, not by idx: python-pptx clones the layout's placeholders in order, and some
    decks (LibreOffice's) number every placeholder idx 0, which would make idx inheritance pick the
    title's geometry for the body."""

    shape: object
    layout_ph: object
    master_ph: object | None

    @property
    def kind(self) -> int:
        return ph_type(self.layout_ph)

    def chain(self) -> list:
        return [e for e in (self.shape._element, self.layout_ph._element,
                            self.master_ph._element if self.master_ph is not None else None) if e is not None]

    def lookup(self, path: str, attr: str):
        for e in self.chain():
            found = e.find(path, NS)
            if found is not None and found.get(attr) is not None:
                return found.get(attr)
        return None


def master_ph(layout, kind: int):
    want = TITLE if kind in (TITLE, CENTER_TITLE) else BODY_T
    for ph in layout.slide_master.placeholders:
        t = ph_type(ph)
        if t == want or (want == TITLE and t == CENTER_TITLE):
            return ph
    return None


def add_slide(prs, layout, cache: dict | None = None) -> tuple[object, list[Slot]]:
    """A new slide on *layout*, its placeholders' geometry pinned to the layout's (explicit xfrm).

    *cache* keeps each layout's placeholders and geometry between slides (python-pptx looks them up
    anew on every access)."""
    proto = cache.get(("slide", id(layout))) if cache is not None else None
    slide = _copy_slide(prs, layout, proto) if proto is not None else None
    if slide is None:
        proto = None
        slide = prs.slides.add_slide(layout)
    known = cache.get(id(layout)) if cache is not None else None
    if known is None:
        known = []
        for lp in layout.iter_cloneable_placeholders():
            mp = master_ph(layout, ph_type(lp))
            geo = [lp.left, lp.top, lp.width, lp.height]
            if None in geo and mp is not None:
                geo = [g if g is not None else m for g, m in zip(geo, (mp.left, mp.top, mp.width, mp.height))]
            known.append((lp, mp, geo))
        if cache is not None:
            cache[id(layout)] = known
    shapes = [sh for sh in slide.shapes if sh.is_placeholder]
    slots = []
    for sh, (lp, mp, geo) in zip(shapes, known):
        if None not in geo and proto is None:
            sh.left, sh.top, sh.width, sh.height = geo
        slots.append(Slot(sh, lp, mp))
    if cache is not None and proto is None:
        from copy import deepcopy

        cache[("slide", id(layout))] = deepcopy(slide._element)
    return slide, slots


def _copy_slide(prs, layout, proto):
    """A new slide on *layout* whose XML is a copy of *proto* (the first slide python-pptx made on that
    layout, its placeholders cloned and pinned): what ``prs.slides.add_slide`` makes, made faster."""
    from copy import deepcopy

    from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE as RT
    from pptx.parts.slide import SlidePart

    part = prs.part
    try:
        partname, ids = part._next_slide_partname, prs.slides._sldIdLst
    except AttributeError:  # not the python-pptx this was written against: its own add_slide then
        return None
    slide_part = SlidePart(partname, CONTENT_TYPE.PML_SLIDE, part.package, deepcopy(proto))
    slide_part.relate_to(layout.part, RT.SLIDE_LAYOUT)
    ids.add_sldId(part.relate_to(slide_part, RT.SLIDE))
    return slide_part.slide


def find_slot(slots: list[Slot], *kinds: int) -> Slot | None:
    return next((s for s in slots if s.kind in kinds), None)


def master_style(prs, style: str, lvl: int, attr: str, child: str | None = None):
    master = prs.slide_masters[0]._element
    el = master.find(f"p:txStyles/p:{style}/a:lvl{lvl}pPr" + (f"/{child}" if child else ""), NS)
    return el.get(attr) if el is not None else None


def box_of(prs, slot: Slot, style: str) -> Box:
    ins = {k: slot.lookup("p:txBody/a:bodyPr", k) for k in ("lIns", "rIns", "tIns", "bIns")}
    l_ins = int(ins["lIns"] or 91440)
    r_ins = int(ins["rIns"] or 91440)
    t_ins = int(ins["tIns"] or 45720)
    b_ins = int(ins["bIns"] or 45720)
    width = (slot.shape.width - l_ins - r_ins) / EMU_PER_PT
    height = (slot.shape.height - t_ins - b_ins) / EMU_PER_PT
    mar = slot.lookup("p:txBody/a:lstStyle/a:lvl1pPr", "marL") or master_style(prs, style, 1, "marL") or 0
    return Box(width, height, int(mar) / EMU_PER_PT)


def default_size(prs, slot: Slot, style: str) -> float | None:
    sz = slot.lookup("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", "sz") or master_style(prs, style, 1, "sz", "a:defRPr")
    return int(sz) / 100 if sz else None


def has_bullets(prs, slot: Slot) -> bool:
    """Whether first-level paragraphs of *slot* get a bullet from the template (else we add one)."""
    marks = ("a:buChar", "a:buAutoNum", "a:buBlip")
    for e in slot.chain():
        lvl = e.find("p:txBody/a:lstStyle/a:lvl1pPr", NS)
        if lvl is not None:
            if lvl.find("a:buNone", NS) is not None:
                return False
            if any(lvl.find(m, NS) is not None for m in marks):
                return True
    lvl = prs.slide_masters[0]._element.find("p:txStyles/p:bodyStyle/a:lvl1pPr", NS)
    return lvl is not None and any(lvl.find(m, NS) is not None for m in marks)
