"""Slides as an editable .pptx: the Markdown deck of slides.md.j2, laid out with python-pptx.

The template output is parsed (``# `` title slide, ``## `` slide title, ``- `` bullets, ``**bold**``,
``<!-- … -->`` speaker notes, ``---`` between slides) and placed on the title and bullet layouts of the
default deck or of ``slides.pptx_template``. Text sizes are computed, not left to PowerPoint's autofit:
the line count of every paragraph is estimated from character widths (:mod:`briefgen.text.width`)
and the placeholder's width, the size shrinks to a floor, and what still does not fit continues on a
"…（续）" slide. Every run names the East Asian font (``a:ea``) and carries ``lang="zh-CN"``; zip
entries and document properties are stamped with :func:`briefgen.clock.build_datetime`, so the same
input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from lxml import etree

from ...clock import build_datetime
from ...config import Config
from ...errors import InputError
from ...fsutil import write_bytes
from ..ooxmlzip import normalise_zip
from ...model import Brief
from ...text.kinsoku import CANNOT_END, CANNOT_START
from ...text.titles import title_lines as balanced_title
from ...text.width import em, latin_em
from .markdown import CONTINUED, render_markdown


#: 16:9 at PowerPoint's default 13.333 in × 7.5 in.
WIDTH, HEIGHT = 12192000, 6858000
EMU_PER_PT = 12700

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

LANG = "zh-CN"
#: (start, floor) sizes in points. Start sizes are also capped by the template's own defaults.
TITLE_SLIDE_TITLE = (40, 24)
TITLE_SLIDE_SUB = (24, 14)
SLIDE_TITLE = (36, 24)
BODY = (32, 18)
NOTES_SIZE = 12
#: Line height as a multiple of the font size at single spacing: Microsoft YaHei's line in PowerPoint
#: is 1.32 em (DengXian 1.30, SimSun 1.14; LibreOffice sets Noto Sans CJK at about 1.2), plus a margin.
LINE = 1.35
#: Space before a bullet, as a multiple of the font size.
SPACE_BEFORE = 0.6
#: Share of the measured line width the estimate may fill (glyph widths differ between fonts).
FILL = 0.92
#: Gap between Chinese and Latin/digits some renderers add (LibreOffice's Asian–Latin autospace), em.
AUTOSPACE = 0.2
#: Bullets stay on one line each down to this size; only below it may they wrap (down to the floor).
ONE_LINE_FLOOR = 24


# -- Markdown deck → slide specs ---------------------------------------------------------------------

Run = tuple[str, bool]


@dataclass
class Para:
    runs: list[Run]
    level: int = 0  #: 0 = first-level bullet, 1 = sub-bullet
    bullet: bool = True

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass
class SlideSpec:
    kind: str  #: "title" (# heading) or "content"
    title: list[Run] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def title_text(self) -> str:
        return "".join(t for t, _ in self.title)


_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_DIRECTIVE = re.compile(r"^\s*_?[A-Za-z][\w-]*\s*:(\s|$)")


def inline_runs(s: str) -> list[Run]:
    """``**bold**`` runs with backslash escapes resolved (the subset of CommonMark the template emits)."""
    marks = []
    i = 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in _ESCAPABLE:
            i += 2
            continue
        if s.startswith("**", i):
            marks.append(i)
            i += 2
            continue
        i += 1
    if len(marks) % 2:
        marks.pop()
    marks_set = set(marks)
    out: list[Run] = []
    buf, bold, i = "", False, 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in _ESCAPABLE:
            buf += s[i + 1]
            i += 2
        elif i in marks_set:
            if buf:
                out.append((buf, bold))
            buf, bold = "", not bold
            i += 2
        else:
            buf += s[i]
            i += 1
    if buf:
        out.append((buf, bold))
    return out or [("", False)]


def parse_deck(markdown: str) -> list[SlideSpec]:
    """The slides of the Markdown deck: front matter skipped, ``---`` splits slides, HTML comments
    become speaker notes unless they are Marp directives (``<!-- key: value -->``)."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].strip() == "---" and i + 1 < len(lines) \
            and re.match(r"^[A-Za-z_][\w-]*\s*:", lines[i + 1]):  # YAML front matter (Marp directives)
        j = i + 1
        while j < len(lines) and lines[j].strip() not in ("---", "..."):
            j += 1
        if j < len(lines):
            i = j + 1
    slides: list[SlideSpec] = []
    cur: SlideSpec | None = None
    comment: list[str] | None = None

    def current() -> SlideSpec:
        nonlocal cur
        if cur is None:
            cur = SlideSpec("content")
            slides.append(cur)
        return cur

    for raw in lines[i:]:
        line = raw.rstrip()
        if comment is not None:
            if "-->" in line:
                comment.append(line.split("-->", 1)[0])
                _add_notes(current(), comment)
                comment = None
            else:
                comment.append(line)
            continue
        stripped = line.strip()
        if stripped.startswith("<!--"):
            body = stripped[4:]
            if "-->" in body:
                _add_notes(current(), [body.split("-->", 1)[0]])
            else:
                comment = [body]
            continue
        if not stripped:
            continue
        if re.fullmatch(r"-{3,}|\*{3,}|_{3,}", stripped):
            cur = None
            continue
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", stripped)
        if m:
            s = current()
            if s.title:  # a second heading on one slide: keep it as a plain paragraph
                s.paras.append(Para(inline_runs(m.group(2)), 0, False))
            else:
                s.title = inline_runs(m.group(2))
                s.kind = "title" if len(m.group(1)) == 1 else "content"
            continue
        m = re.match(r"^(\s*)[-*+]\s+(.*)$", line)
        if m:
            level = 1 if len(m.group(1).expandtabs(4)) >= 2 else 0
            current().paras.append(Para(inline_runs(m.group(2)), level, True))
            continue
        current().paras.append(Para(inline_runs(stripped), 0, False))
    if comment is not None:
        _add_notes(current(), comment)
    return [s for s in slides if s.title or s.paras]


def _add_notes(slide: SlideSpec, lines: list[str]) -> None:
    text = "\n".join(lines).strip()
    if not text or _DIRECTIVE.match(text):
        return  # empty, or a Marp directive such as _class: lead
    slide.notes.extend(x.strip() for x in text.split("\n") if x.strip())


# -- measuring -----------------------------------------------------------------------------------

def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: Latin words and numbers (with decimal point, %, unit letters) stay whole,
    closing punctuation sticks to what precedes it and opening punctuation to what follows."""
    raw = re.findall(r"[A-Za-z0-9][A-Za-z0-9.,%\-/]*|\s+|.", text)
    out: list[str] = []
    carry = ""
    for t in raw:
        if t in CANNOT_END or (len(t) == 1 and t in CANNOT_END):
            carry += t
            continue
        t = carry + t
        carry = ""
        if out and t[0] in CANNOT_START:
            out[-1] += t
        else:
            out.append(t)
    if carry:
        out.append(carry)
    return out


def token_em(t: str) -> float:
    """Width of a token; a Latin/number token gets AUTOSPACE em on each side, the gap renderers such
    as LibreOffice put between Chinese and Latin text."""
    w = em(t, narrow=latin_em)
    if re.search(r"[A-Za-z0-9]", t):
        w += 2 * AUTOSPACE
    return w


def text_em(text: str) -> float:
    return sum(token_em(t) for t in _tokens(text))


def count_lines(text: str, width_em: float) -> int:
    """Lines *text* takes in a box *width_em* wide (greedy fill, no token split unless it is wider
    than a whole line)."""
    if not text:
        return 1
    lines, used = 1, 0.0
    for t in _tokens(text):
        w = token_em(t)
        if t.isspace():
            used += w
            continue
        if used + w <= width_em + 1e-9:
            used += w
            continue
        if w > width_em:  # wider than a line: wraps inside
            if used > 0:
                lines += 1
            lines += int(w // width_em)
            used = w - width_em * int(w // width_em)
            continue
        lines += 1
        used = w
    return lines


@dataclass
class Box:
    """A text placeholder's usable area in points, and the bullet indent of its paragraphs."""

    width: float
    height: float
    indent: float = 0.0  #: left margin of bullet paragraphs (marL)


def paras_height(paras: list[tuple[str, float]], box: Box, size: float, space_before: bool) -> float:
    """Height of paragraphs [(text, left margin pt)] at *size* pt."""
    h = 0.0
    for text, margin in paras:
        width_em = max(1.0, (box.width - margin) * FILL / size)
        h += count_lines(text, width_em) * size * LINE
        if space_before:
            h += size * SPACE_BEFORE
    return h


def fit_size(paras: list[tuple[str, float]], box: Box, start: int, floor: int, space_before: bool = True,
             one_line_floor: int | None = None) -> int | None:
    """The largest size from *start* down to *floor* (1 pt steps) at which *paras* fit *box*.

    With *one_line_floor*, sizes down to it are taken only if every paragraph stays on one line
    (a wrapped bullet reads worse than a slightly smaller one); below it, wrapping is allowed."""
    if one_line_floor is not None:
        for size in range(int(start), max(int(floor), int(one_line_floor)) - 1, -1):
            one = all(count_lines(t, max(1.0, (box.width - m) * FILL / size)) == 1 for t, m in paras)
            if one and paras_height(paras, box, size, space_before) <= box.height:
                return size
    for size in range(int(start), int(floor) - 1, -1):
        if paras_height(paras, box, size, space_before) <= box.height:
            return size
    return None


def title_lines(text: str, box: Box, size: float) -> list[str]:
    """A long title in balanced lines that each fit *box* (:func:`briefgen.text.titles.title_lines`)."""
    return balanced_title(text, box.width * FILL / size, lambda ch: em(ch, narrow=latin_em))


# -- the presentation ----------------------------------------------------------------------------


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def _open_template(path: str | None, warnings: list[str]):
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    if not path:
        return Presentation()
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: pptx template not found; check slides.pptx_template or --pptx-template")
    try:
        return Presentation(str(p))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as e:
        raise InputError(f"{path}: not a usable PowerPoint .pptx template ({e.__class__.__name__}: {e})") from None


def _to_16x9(prs, warnings: list[str], user_template: bool) -> None:
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
        for el in obj._element.iter(_q("a:off")):
            el.set("x", str(round(int(el.get("x", "0")) * fx)))
            el.set("y", str(round(int(el.get("y", "0")) * fy)))
        for el in obj._element.iter(_q("a:ext")):
            if el.get("cx") is not None:
                el.set("cx", str(round(int(el.get("cx")) * fx)))
                el.set("cy", str(round(int(el.get("cy")) * fy)))
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    if user_template:
        warnings.append(f"pptx template is {w / 914400:.2f} × {h / 914400:.2f} in, not 16:9; "
                        "its layouts were stretched to 13.33 × 7.5 in")


def _drop_slides(prs) -> None:
    """Remove the slides a template deck came with (its layouts and theme are what we use)."""
    lst = prs.slides._sldIdLst
    for sld in list(lst):
        prs.part.drop_rel(sld.rId)
        lst.remove(sld)


def _ph_type(ph) -> int:
    try:
        return int(ph.placeholder_format.type)
    except (ValueError, AttributeError):
        return -1


# placeholder type values (pptx.enum.shapes.PP_PLACEHOLDER)
TITLE, BODY_T, CENTER_TITLE, SUBTITLE, OBJECT = 1, 2, 3, 4, 7


def _pick_layouts(prs, template: str | None):
    """(title layout, bullet layout): chosen by placeholder types, names only to break ties."""
    def kinds(layout):
        return [_ph_type(ph) for ph in layout.placeholders]

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
        return _ph_type(self.layout_ph)

    def chain(self) -> list:
        return [e for e in (self.shape._element, self.layout_ph._element,
                            self.master_ph._element if self.master_ph is not None else None) if e is not None]

    def lookup(self, path: str, attr: str):
        for e in self.chain():
            found = e.find(path, NS)
            if found is not None and found.get(attr) is not None:
                return found.get(attr)
        return None


def _master_ph(layout, kind: int):
    want = TITLE if kind in (TITLE, CENTER_TITLE) else BODY_T
    for ph in layout.slide_master.placeholders:
        t = _ph_type(ph)
        if t == want or (want == TITLE and t == CENTER_TITLE):
            return ph
    return None


def add_slide(prs, layout) -> tuple[object, list[Slot]]:
    """A new slide on *layout*, its placeholders' geometry pinned to the layout's (explicit xfrm)."""
    slide = prs.slides.add_slide(layout)
    shapes = [sh for sh in slide.shapes if sh.is_placeholder]
    slots = []
    for sh, lp in zip(shapes, list(layout.iter_cloneable_placeholders())):
        mp = _master_ph(layout, _ph_type(lp))
        geo = [lp.left, lp.top, lp.width, lp.height]
        if None in geo and mp is not None:
            geo = [g if g is not None else m for g, m in zip(geo, (mp.left, mp.top, mp.width, mp.height))]
        if None not in geo:
            sh.left, sh.top, sh.width, sh.height = geo
        slots.append(Slot(sh, lp, mp))
    return slide, slots


def _slot(slots: list[Slot], *kinds: int) -> Slot | None:
    return next((s for s in slots if s.kind in kinds), None)


def _master_style(prs, style: str, lvl: int, attr: str, child: str | None = None):
    master = prs.slide_masters[0]._element
    el = master.find(f"p:txStyles/p:{style}/a:lvl{lvl}pPr" + (f"/{child}" if child else ""), NS)
    return el.get(attr) if el is not None else None


def _box(prs, slot: Slot, style: str) -> Box:
    ins = {k: slot.lookup("p:txBody/a:bodyPr", k) for k in ("lIns", "rIns", "tIns", "bIns")}
    l_ins = int(ins["lIns"] or 91440)
    r_ins = int(ins["rIns"] or 91440)
    t_ins = int(ins["tIns"] or 45720)
    b_ins = int(ins["bIns"] or 45720)
    width = (slot.shape.width - l_ins - r_ins) / EMU_PER_PT
    height = (slot.shape.height - t_ins - b_ins) / EMU_PER_PT
    mar = slot.lookup("p:txBody/a:lstStyle/a:lvl1pPr", "marL") or _master_style(prs, style, 1, "marL") or 0
    return Box(width, height, int(mar) / EMU_PER_PT)


def _default_size(prs, slot: Slot, style: str) -> float | None:
    sz = slot.lookup("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", "sz") or _master_style(prs, style, 1, "sz", "a:defRPr")
    return int(sz) / 100 if sz else None


def _has_bullets(prs, slot: Slot) -> bool:
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


@dataclass
class Plan:
    """One slide to write: its spec and the sizes chosen for it."""

    spec: SlideSpec
    title_size: int = 0
    body_size: int = 0
    title_lines: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, brief: Brief, cfg: Config, warnings: list[str]):
        self.brief = brief
        self.cfg = cfg
        self.warnings = warnings
        self.font = cfg.slides.font or "微软雅黑"
        self.template = cfg.slides.pptx_template
        self.prs = _open_template(self.template, warnings)
        _to_16x9(self.prs, warnings, bool(self.template))
        _drop_slides(self.prs)
        self.title_layout, self.bullet_layout = _pick_layouts(self.prs, self.template)

    # geometry of the two layouts, measured on a scratch slide so inheritance is resolved
    def measure(self):
        prs = self.prs
        _, slots = add_slide(prs, self.bullet_layout)
        t = _slot(slots, TITLE, CENTER_TITLE)
        body = _slot(slots, BODY_T, OBJECT)
        if body is None:
            raise InputError(f"{self.template or 'the default deck'}: layout {self.bullet_layout.name!r} has no "
                             "usable text placeholder; add a 'Title and Content' layout to the template")
        self.title_box = _box(prs, t, "titleStyle") if t is not None else Box(600, 60)
        self.body_box = _box(prs, body, "bodyStyle")
        self.title_default = _default_size(prs, t, "titleStyle") if t is not None else None
        self.body_default = _default_size(prs, body, "bodyStyle")
        self.add_bullets = not _has_bullets(prs, body)
        if self.add_bullets and not self.body_box.indent:
            self.body_box.indent = 27.0  # hanging indent for the bullet we add (342900 EMU)
        _, slots = add_slide(prs, self.title_layout)
        t2 = _slot(slots, CENTER_TITLE, TITLE)
        sub = _slot(slots, SUBTITLE) or (_slot(slots, BODY_T, OBJECT) if self.title_layout is self.bullet_layout else None)
        self.cover_title_box = _box(prs, t2, "titleStyle") if t2 is not None else self.title_box
        self.cover_sub_box = _box(prs, sub, "bodyStyle") if sub is not None else None
        self.cover_sub_default = _default_size(prs, sub, "bodyStyle") if sub is not None else None
        _drop_slides(prs)

    def plan(self, specs: list[SlideSpec]) -> list[Plan]:
        """Sizes for every slide; content that does not fit at the floor size continues on a new slide.
        Area slides share one title size and one body size so the deck looks even."""
        body_start = min(BODY[0], int(self.body_default or BODY[0]))
        title_start = min(SLIDE_TITLE[0], int(self.title_default or SLIDE_TITLE[0]))
        queue = list(specs)
        plans: list[Plan] = []
        while queue:
            spec = queue.pop(0)
            if spec.kind == "title":
                plans.append(self._plan_cover(spec))
                continue
            paras = [(p.text, self._margin(p)) for p in spec.paras]
            size = fit_size(paras, self.body_box, body_start, BODY[1], one_line_floor=ONE_LINE_FLOOR)
            if size is None and len(spec.paras) > 1:
                k = len(spec.paras) - 1
                while k > 1 and fit_size(paras[:k], self.body_box, BODY[1], BODY[1]) is None:
                    k -= 1
                rest = SlideSpec("content", _continued(spec.title), spec.paras[k:], list(spec.notes))
                spec = SlideSpec(spec.kind, spec.title, spec.paras[:k], spec.notes)
                queue.insert(0, rest)
                size = fit_size(paras[:k], self.body_box, body_start, BODY[1], one_line_floor=ONE_LINE_FLOOR)
            if size is None:
                size = BODY[1]
                self.warnings.append(f"slide {spec.title_text!r}: text too long for the placeholder even at {size} pt")
            tsize = fit_size([(spec.title_text, 0.0)], self.title_box, title_start, SLIDE_TITLE[1], False,
                             one_line_floor=SLIDE_TITLE[1])
            if tsize is None:
                tsize = SLIDE_TITLE[1]
                self.warnings.append(f"slide title {spec.title_text!r} too long for the title placeholder")
            plans.append(Plan(spec, tsize, size, [spec.title_text]))
        contents = [p for p in plans if p.spec.kind != "title"]
        if contents:
            body = min(p.body_size for p in contents)
            title = min(p.title_size for p in contents)
            for p in contents:
                p.body_size, p.title_size = body, title
        return plans

    def _margin(self, p: Para) -> float:
        if not p.bullet:
            return 0.0
        return self.body_box.indent * (1 + p.level)

    def _plan_cover(self, spec: SlideSpec) -> Plan:
        box = self.cover_title_box
        start = min(TITLE_SLIDE_TITLE[0], int(self.title_default or TITLE_SLIDE_TITLE[0]) + 4)
        chosen, lines = None, [spec.title_text]
        for size in range(start, TITLE_SLIDE_TITLE[1] - 1, -1):
            lines = title_lines(spec.title_text, box, size)
            if paras_height([(ln, 0.0) for ln in lines], box, size, False) <= box.height:
                chosen = size
                break
        if chosen is None:
            chosen = TITLE_SLIDE_TITLE[1]
            lines = title_lines(spec.title_text, box, chosen)
            self.warnings.append(f"title {spec.title_text!r} too long for the title placeholder")
        body = 0
        if spec.paras:
            sub_box = self.cover_sub_box or self.body_box
            start = min(TITLE_SLIDE_SUB[0], int(self.cover_sub_default or TITLE_SLIDE_SUB[0]))
            body = fit_size([(p.text, 0.0) for p in spec.paras], sub_box, start, TITLE_SLIDE_SUB[1], False) \
                or TITLE_SLIDE_SUB[1]
        return Plan(spec, chosen, body, lines)

    # -- writing ---------------------------------------------------------------------------------
    def write(self, plans: list[Plan]) -> None:
        for plan in plans:
            if plan.spec.kind == "title":
                self._write_cover(plan)
            else:
                self._write_content(plan)

    def _write_cover(self, plan: Plan) -> None:
        slide, slots = add_slide(self.prs, self.title_layout)
        title = _slot(slots, CENTER_TITLE, TITLE)
        if title is not None:
            _fill(title.shape, [Para([(ln, False)], 0, False) for ln in plan.title_lines], plan.title_size,
                  self.font, as_lines=True)
        target = _slot(slots, SUBTITLE) or (_slot(slots, BODY_T, OBJECT) if self.title_layout is self.bullet_layout else None)
        if plan.spec.paras:
            if target is None:
                self.warnings.append("the pptx template's title layout has no subtitle placeholder; subtitle left out")
            else:
                _fill(target.shape, [Para(p.runs, 0, False) for p in plan.spec.paras], plan.body_size, self.font,
                      bullets=target.kind != SUBTITLE)
        _remove_empty_placeholders(slide)
        self._notes(slide, plan.spec.notes)

    def _write_content(self, plan: Plan) -> None:
        slide, slots = add_slide(self.prs, self.bullet_layout)
        title = _slot(slots, TITLE, CENTER_TITLE)
        if title is not None:
            _fill(title.shape, [Para(plan.spec.title, 0, False)], plan.title_size, self.font)
        body = _slot(slots, BODY_T, OBJECT)
        _fill(body.shape, plan.spec.paras, plan.body_size, self.font, bullets=True,
              indent=round(self.body_box.indent * EMU_PER_PT), add_bullet_char=self.add_bullets)
        _remove_empty_placeholders(slide)
        self._notes(slide, plan.spec.notes)

    def _notes(self, slide, notes: list[str]) -> None:
        if not notes:
            return
        tf = slide.notes_slide.notes_text_frame
        if tf is None:
            return
        tf.clear()
        for n, line in enumerate(notes):
            p = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
            r = p.add_run()
            r.text = line
        _style_text(tf._txBody, self.font, NOTES_SIZE)

    # -- finishing -------------------------------------------------------------------------------
    def finish(self) -> bytes:
        prs = self.prs
        _fix_theme_fonts(prs, self.font)
        _fix_default_lang(prs)
        when = build_datetime()
        cp = prs.core_properties
        r = self.brief.report
        cp.title = r.title
        cp.subject = r.subtitle or ""
        cp.author = self.cfg.author or self.cfg.organisation or r.organisation or ""
        cp.last_modified_by = cp.author
        cp.created = when.replace(tzinfo=None)
        cp.modified = when.replace(tzinfo=None)
        cp.revision = 1
        cp.language = LANG
        cp.keywords = "，".join(r.tags) if r.tags else ""
        cp.comments = ""
        cp.category = ""
        buf = io.BytesIO()
        prs.save(buf)
        return normalise_zip(buf.getvalue(), when)


def _continued(title: list[Run]) -> list[Run]:
    text = "".join(t for t, _ in title)
    if text.endswith(CONTINUED):
        return list(title)
    return list(title) + [(CONTINUED, False)]


def _remove_empty_placeholders(slide) -> None:
    for ph in list(slide.placeholders):
        if ph.has_text_frame and not ph.text_frame.text.strip():
            el = ph._element
            el.getparent().remove(el)


def _set_child(parent, tag: str, before: tuple[str, ...] = ()):
    """Get or create child *tag* of *parent*, inserted before the first of *before* present."""
    el = parent.find(tag, NS)
    if el is not None:
        return el
    el = etree.SubElement(parent, _q(tag))
    for b in before:
        ref = parent.find(b, NS)
        if ref is not None:
            ref.addprevious(el)
            break
    return el


_PPR_ORDER = ("a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct", "a:buSzPts",
              "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip", "a:tabLst",
              "a:defRPr", "a:extLst")


def _ppr_child(ppr, tag: str):
    idx = _PPR_ORDER.index(tag)
    return _set_child(ppr, tag, _PPR_ORDER[idx + 1:])


def _fill(ph, paras: list[Para], size: int, font: str, bullets: bool = False, indent: int = 0,
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
            r = p.add_run()
            r.text = text
            if bold:
                r.font.bold = True
        if as_lines:
            continue
        ppr = p._p.get_or_add_pPr()
        lnspc = _ppr_child(ppr, "a:lnSpc")
        for c in list(lnspc):
            lnspc.remove(c)
        etree.SubElement(lnspc, _q("a:spcPct")).set("val", "100000")
        if bullets:
            p.level = para.level if para.bullet else 0
            spc = _ppr_child(ppr, "a:spcBef")
            for c in list(spc):
                spc.remove(c)
            etree.SubElement(spc, _q("a:spcPts")).set("val", str(round(size * SPACE_BEFORE * 100)))
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
    _style_text(tf._txBody, font, size)


def _style_text(txbody, font: str, size: int | None) -> None:
    """Every run and end-of-paragraph mark: explicit size, lang zh-CN, and the font in a:latin and
    a:ea (schema order a:latin, a:ea, a:cs) so no text falls back to the theme's (empty) East Asian slot."""
    for p in txbody.iter(_q("a:p")):
        end = p.find("a:endParaRPr", NS)
        if end is None:
            end = etree.SubElement(p, _q("a:endParaRPr"))
    for tag in ("a:rPr", "a:endParaRPr"):
        for rpr in list(txbody.iter(_q(tag))):
            _style_rpr(rpr, font, size)
    for r in txbody.iter(_q("a:r"), _q("a:fld"), _q("a:br")):
        rpr = r.find("a:rPr", NS)
        if rpr is None:
            rpr = etree.Element(_q("a:rPr"))
            r.insert(0, rpr)
            _style_rpr(rpr, font, size)


_RPR_AFTER_FONTS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def _style_rpr(rpr, font: str, size: int | None) -> None:
    rpr.set("lang", LANG)
    rpr.set("altLang", "en-US")
    if size:
        rpr.set("sz", str(int(size * 100)))
    for tag in ("a:latin", "a:ea", "a:cs"):
        for el in rpr.findall(tag, NS):
            rpr.remove(el)
    anchor = None
    for t in _RPR_AFTER_FONTS:
        anchor = rpr.find(t, NS)
        if anchor is not None:
            break
    for tag in ("a:latin", "a:ea", "a:cs"):
        el = etree.Element(_q(tag))
        el.set("typeface", font)
        if anchor is not None:
            anchor.addprevious(el)
        else:
            rpr.append(el)


def _fix_theme_fonts(prs, font: str) -> None:
    """Fill the themes' empty East Asian slots and point master/layout styles that name the theme's
    East Asian font (+mj-ea / +mn-ea) at *font*, so nothing depends on the theme's CJK choice."""
    for part in prs.part.package.iter_parts():
        ct = part.content_type
        if ct.endswith(".theme+xml"):
            el = getattr(part, "_element", None)
            root = el if el is not None else etree.fromstring(part.blob)
            for slot in ("a:majorFont", "a:minorFont"):
                for ff in root.iter(_q(slot)):
                    ea = ff.find("a:ea", NS)
                    if ea is not None and not ea.get("typeface"):
                        ea.set("typeface", font)
            if el is None:
                part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        elif "slideMaster" in ct or "slideLayout" in ct or "notesMaster" in ct:
            for ea in part._element.iter(_q("a:ea")):
                if (ea.get("typeface") or "").startswith("+m"):
                    ea.set("typeface", font)


def _fix_default_lang(prs) -> None:
    for el in prs.part._element.iter(_q("a:defRPr")):
        el.set("lang", LANG)


def build_pptx(brief: Brief, markdown: str, cfg: Config, warnings: list[str]) -> bytes:
    """The .pptx bytes for a Markdown deck."""
    specs = parse_deck(markdown)
    w = _Writer(brief, cfg, warnings)
    w.measure()
    w.write(w.plan(specs))
    return w.finish()


def render(brief: Brief, env: jinja2.Environment, context: dict, out_path: Path, cfg: Config) -> list[str]:
    warnings: list[str] = []
    markdown = render_markdown(brief, env, context, cfg)
    data = build_pptx(brief, markdown, cfg, warnings)
    write_bytes(out_path, data)
    return warnings
