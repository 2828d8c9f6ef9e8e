"""Slides as an editable .pptx: the Markdown deck of slides.md.j2, laid out with python-pptx.

The deck is parsed (:mod:`.deck`) and placed on the title and bullet layouts of the default deck or of
``slides.pptx_template`` (:mod:`.layouts`). Text sizes are computed, not left to PowerPoint's autofit
(:mod:`.measure`): the size shrinks to a floor, and what still does not fit continues on a "…（续）"
slide. Every run names the East Asian font (``a:ea``) and carries ``lang="zh-CN"`` (:mod:`.drawingml`);
zip entries and document properties are stamped with :func:`briefgen.clock.build_datetime`, so the
same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ...clock import build_datetime
from ...config import Config
from ...errors import InputError
from ...fsutil import write_bytes
from ...model import Brief
from .. import Rendered
from ..ooxmlzip import normalise_zip, pptx_members, zip_members
from .deck import Para, Run, SlideSpec, area_parts, parse_deck, shows
from .drawingml import LANG, fill, fix_default_lang, fix_theme_fonts, remove_empty_placeholders, style_text
from .layouts import (BODY_T, CENTER_TITLE, EMU_PER_PT, OBJECT, SUBTITLE, TITLE, add_slide, box_of, default_size,
                      drop_slides, find_slot, has_bullets, open_template, pick_layouts, to_16x9)
from ...selection.slides import CONTINUED, slide_context, unshown
from ...text.width import em, latin_em
from ...text.controls import property_text
from .chart import freeze_workbooks
from .compose import pick_multi, write_agenda, write_chart, write_columns, write_figures
from .design import add_slide_number, app_properties, design_default, label_16x9
from .layouts import HEIGHT, WIDTH
from .markdown import deck_markdown
from .measure import FILL, LINE, Box, count_lines, fit_size, paras_height, title_lines  # noqa: F401 (count_lines: API)

#: (start, floor) sizes in points. Start sizes are also capped by the template's own defaults.
TITLE_SLIDE_TITLE = (40, 24)
TITLE_SLIDE_SUB = (24, 14)
SLIDE_TITLE = (36, 24)
BODY = (32, 18)
NOTES_SIZE = 12
#: Slides laid out by :mod:`.compose` (sizes chosen there, no continuation slides).
SPECIAL = ("agenda", "figures", "columns", "chart")
#: Bullets stay on one line each down to this size; only below it may they wrap (down to the floor).
ONE_LINE_FLOOR = 24


@dataclass
class Plan:
    """One slide to write: its spec and the sizes chosen for it."""

    spec: SlideSpec
    title_size: int = 0
    body_size: int = 0
    title_lines: list[str] = field(default_factory=list)


#: A default deck opened, designed and measured ahead of time by a render worker (:func:`preload`).
_ready: list[dict] = []


class _Writer:
    def __init__(self, brief: Brief, cfg: Config, warnings: list[str]):
        self.brief = brief
        self.cfg = cfg
        self.warnings = warnings
        self.font = cfg.slides.font or "微软雅黑"
        self.template = cfg.slides.pptx_template
        self.charts: list = []
        if not self.template and _ready:
            vars(self).update(_ready.pop())
        else:
            self.prepare()

    def prepare(self) -> None:
        """Open the template and make it ready: 16:9, its layouts picked and measured (nothing of the report)."""
        self.prs = open_template(self.template, self.warnings)
        to_16x9(self.prs, self.warnings, bool(self.template))
        drop_slides(self.prs)
        self.title_layout, self.bullet_layout = pick_layouts(self.prs, self.template)
        self.columns_layout, self.two_layout = pick_multi(self.prs, 4), pick_multi(self.prs, 2)
        label_16x9(self.prs)
        if not self.template:
            design_default(self.prs, self.title_layout, WIDTH, HEIGHT)
        self.layout_cache: dict = {}
        self.measure()
        self.prs.notes_master  # noqa: B018 - made now (python-pptx makes it with the first notes), same part order

    # geometry of the two layouts, measured on a scratch slide so inheritance is resolved
    def measure(self):
        prs = self.prs
        _, slots = add_slide(prs, self.bullet_layout, self.layout_cache)
        t = find_slot(slots, TITLE, CENTER_TITLE)
        body = find_slot(slots, BODY_T, OBJECT)
        if body is None:
            raise InputError(f"{self.template or 'the default deck'}: layout {self.bullet_layout.name!r} has no "
                             "usable text placeholder; add a 'Title and Content' layout to the template")
        self.title_box = box_of(prs, t, "titleStyle") if t is not None else Box(600, 60)
        self.body_box = box_of(prs, body, "bodyStyle")
        self.title_default = default_size(prs, t, "titleStyle") if t is not None else None
        self.body_default = default_size(prs, body, "bodyStyle")
        self.add_bullets = not has_bullets(prs, body)
        if self.add_bullets and not self.body_box.indent:
            self.body_box.indent = 27.0  # hanging indent for the bullet we add (342900 EMU)
        _, slots = add_slide(prs, self.title_layout, self.layout_cache)
        t2 = find_slot(slots, CENTER_TITLE, TITLE)
        sub = find_slot(slots, SUBTITLE) or (find_slot(slots, BODY_T, OBJECT) if self.title_layout is self.bullet_layout else None)
        self.cover_title_box = box_of(prs, t2, "titleStyle") if t2 is not None else self.title_box
        self.cover_sub_box = box_of(prs, sub, "bodyStyle") if sub is not None else None
        self.cover_sub_default = default_size(prs, sub, "bodyStyle") if sub is not None else None
        drop_slides(prs)

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
            if spec.layout in SPECIAL:
                plans.append(Plan(spec, self._title_size(spec, title_start), 0, [spec.title_text]))
                continue
            paras = [(p.text, self._margin(p)) for p in spec.paras]
            size = fit_size(paras, self.body_box, body_start, BODY[1], one_line_floor=ONE_LINE_FLOOR)
            if size is None and len(spec.paras) > 1:
                k = len(spec.paras) - 1
                while k > 1 and fit_size(paras[:k], self.body_box, BODY[1], BODY[1]) is None:
                    k -= 1
                rest = SlideSpec("content", _continued(spec.title), spec.paras[k:], list(spec.notes), spec.source)
                spec = SlideSpec(spec.kind, spec.title, spec.paras[:k], spec.notes, spec.source)
                queue.insert(0, rest)
                size = fit_size(paras[:k], self.body_box, body_start, BODY[1], one_line_floor=ONE_LINE_FLOOR)
            if size is None:
                size = BODY[1]
                self.warnings.append(f"slide {spec.title_text!r}: text too long for the placeholder even at {size} pt")
            plans.append(Plan(spec, self._title_size(spec, title_start), size, [spec.title_text]))
        contents = [p for p in plans if p.spec.kind != "title"]
        if contents:
            lists = [p.body_size for p in contents if p.spec.layout not in SPECIAL]
            body = min(lists) if lists else BODY[0]
            title = min(p.title_size for p in contents)
            for p in contents:
                p.body_size, p.title_size = body, title
        return plans

    def _title_size(self, spec: SlideSpec, start: int) -> int:
        tsize = fit_size([(spec.title_text, 0.0)], self.title_box, start, SLIDE_TITLE[1], False,
                         one_line_floor=SLIDE_TITLE[1])
        if tsize is None:
            tsize = SLIDE_TITLE[1]
            self.warnings.append(f"slide title {spec.title_text!r} too long for the title placeholder")
        return tsize

    def _margin(self, p: Para) -> float:
        if not p.bullet:
            return 0.0
        return self.body_box.indent * (1 + p.level)

    def _plan_cover(self, spec: SlideSpec) -> Plan:
        box = self.cover_title_box
        start = min(TITLE_SLIDE_TITLE[0], int(self.title_default or TITLE_SLIDE_TITLE[0]) + 4)
        chosen, lines = None, [spec.title_text]
        ink = em(spec.title_text.replace(" ", ""), narrow=latin_em)  # the title's width without its spaces
        for size in range(start, TITLE_SLIDE_TITLE[1] - 1, -1):
            if math.ceil(ink / (box.width * FILL / size)) * size * LINE > box.height:
                continue  # it cannot fit at this size in any number of lines: no need to break it
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
        charts = iter(self.charts)
        for n, plan in enumerate(plans, 1):
            layout = plan.spec.layout
            if plan.spec.kind == "title":
                slide = self._write_cover(plan)
            elif layout == "agenda":
                slide = write_agenda(self, plan)
            elif layout == "figures":
                slide = write_figures(self, plan)
            elif layout == "columns" and plan.spec.columns:
                slide = write_columns(self, plan)
            elif layout == "chart":
                slide = write_chart(self, plan, next(charts, None))
            else:
                slide = self._write_content(plan)
            self._notes(slide, plan.spec.notes)
            if n > 1 and not add_slide_number(slide, slide.slide_layout, n, self.font):
                self.warnings.append("the pptx template's layouts have no slide-number placeholder; slides unnumbered")

    def fill_bullets(self, slot, paras: list[Para], size: int) -> None:
        """*paras* as the bullets of body *slot* at *size* pt (the template's bullets, or ours)."""
        box = box_of(self.prs, slot, "bodyStyle")
        indent = box.indent or (27.0 if self.add_bullets else 0.0)
        fill(slot.shape, paras, size, self.font, bullets=True, indent=round(indent * EMU_PER_PT),
             add_bullet_char=self.add_bullets)

    def _write_cover(self, plan: Plan) -> None:
        slide, slots = add_slide(self.prs, self.title_layout, self.layout_cache)
        title = find_slot(slots, CENTER_TITLE, TITLE)
        if title is not None:
            fill(title.shape, [Para([(ln, False)], 0, False) for ln in plan.title_lines], plan.title_size,
                  self.font, as_lines=True)
        target = find_slot(slots, SUBTITLE) or (find_slot(slots, BODY_T, OBJECT) if self.title_layout is self.bullet_layout else None)
        if plan.spec.paras:
            if target is None:
                self.warnings.append("the pptx template's title layout has no subtitle placeholder; subtitle left out")
            else:
                fill(target.shape, [Para(p.runs, 0, False) for p in plan.spec.paras], plan.body_size, self.font,
                      bullets=target.kind != SUBTITLE)
        remove_empty_placeholders([s.shape for s in slots])
        return slide

    def _write_content(self, plan: Plan) -> None:
        slide, slots = add_slide(self.prs, self.bullet_layout, self.layout_cache)
        title = find_slot(slots, TITLE, CENTER_TITLE)
        if title is not None:
            fill(title.shape, [Para(plan.spec.title, 0, False)], plan.title_size, self.font)
        body = find_slot(slots, BODY_T, OBJECT)
        fill(body.shape, plan.spec.paras, plan.body_size, self.font, bullets=True,
              indent=round(self.body_box.indent * EMU_PER_PT), add_bullet_char=self.add_bullets)
        remove_empty_placeholders([s.shape for s in slots])
        return slide

    def _notes(self, slide, notes: list[str]) -> None:
        if not notes:
            return
        tf = self._notes_slide(slide).notes_text_frame
        if tf is None:
            return
        tf.clear()
        for n, line in enumerate(notes):
            p = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
            r = p.add_run()
            r.text = line
        style_text(tf._txBody, self.font, NOTES_SIZE)

    def _notes_slide(self, slide):
        """The notes page of *slide*: python-pptx makes the first (placeholders cloned from the notes
        master); later ones are copies of that first page as it was made (the same XML, made faster)."""
        from copy import deepcopy

        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE as RT
        from pptx.parts.slide import NotesSlidePart

        proto = getattr(self, "_notes_proto", None)
        if proto is None:
            notes = slide.notes_slide
            self._notes_proto = deepcopy(notes._element)
            return notes
        package, slide_part = slide.part.package, slide.part
        part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"), CONTENT_TYPE.PML_NOTES_SLIDE,
                              package, deepcopy(proto))
        part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        return part.notes_slide

    # -- finishing -------------------------------------------------------------------------------
    def finish(self) -> bytes:
        prs = self.prs
        fix_theme_fonts(prs, self.font)
        fix_default_lang(prs)
        when = build_datetime()
        freeze_workbooks(prs, when)
        app_properties(prs, "briefgen")
        cp = prs.core_properties
        r = self.brief.report
        cp.title = property_text(r.title)
        cp.subject = property_text(r.subtitle)
        cp.author = property_text(self.cfg.author or self.cfg.organisation or r.organisation)
        cp.last_modified_by = cp.author
        cp.created = when.replace(tzinfo=None)
        cp.modified = when.replace(tzinfo=None)
        cp.revision = 1
        cp.language = LANG
        cp.keywords = property_text("，".join(r.tags))
        cp.comments = ""
        cp.category = ""
        members = pptx_members(prs)
        if members is not None:
            return zip_members(members, when)
        buf = io.BytesIO()
        prs.save(buf)
        return normalise_zip(buf.getvalue(), when)


def _continued(title: list[Run]) -> list[Run]:
    text = "".join(t for t, _ in title)
    if text.endswith(CONTINUED):
        return list(title)
    return list(title) + [(CONTINUED, False)]


def preload(cfg: Config) -> None:
    """What a render worker does while the report is still being read: import python-pptx and its chart
    modules, open and measure the default deck for the first render."""
    import pptx.chart.data  # noqa: F401 - the chart modules (and XlsxWriter, for the charts' workbooks)
    import xlsxwriter  # noqa: F401

    if not cfg.slides.pptx_template:
        w = _Writer.__new__(_Writer)
        w.cfg, w.warnings, w.template = cfg, [], None
        w.font = cfg.slides.font or "微软雅黑"
        w.prepare()
        _ready.append({k: v for k, v in vars(w).items() if k not in ("cfg", "warnings", "template", "font")})


def build_pptx(brief: Brief, markdown: str, cfg: Config, warnings: list[str],
               charts: list | None = None) -> tuple[bytes, list[int]]:
    """The .pptx bytes for a Markdown deck, and for each slide written the deck slide it comes from;
    *charts*: the chart data of the deck's chart slides, in order."""
    w = _Writer(brief, cfg, warnings)
    w.charts = list(charts or [])
    plans = w.plan(parse_deck(markdown))
    w.write(plans)
    return w.finish(), [p.spec.source for p in plans]


def render(brief: Brief, env: jinja2.Environment, context: dict, out_path: Path, cfg: Config) -> Rendered:
    """Write the .pptx of *brief*; the result says which keyword area each slide shows."""
    if "slides" not in context:
        context = slide_context(brief, context, cfg)
    warnings: list[str] = unshown(context)
    markdown, slides = deck_markdown(brief, env, context, cfg)
    data, sources = build_pptx(brief, markdown, cfg, warnings, [s.chart for s in slides if s.layout == "chart"])
    write_bytes(out_path, data)
    deck_parts = area_parts(markdown, slides)
    return Rendered(warnings, [deck_parts[s] if 0 <= s < len(deck_parts) else "" for s in sources])


def excerpt(data: bytes, parts: list[str], keep: set[str]) -> bytes:
    """The built .pptx with only the common slides and those of the keyword areas in *keep*
    (zip entries keep the build's time stamp)."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    ids = prs.slides._sldIdLst
    if len(ids) != len(parts):
        raise ValueError(f"the deck has {len(ids)} slides, the manifest lists {len(parts)}")
    for sld, part in zip(list(ids), parts):
        if not shows(part, keep):
            prs.part.drop_rel(sld.rId)
            ids.remove(sld)
    buf = io.BytesIO()
    prs.save(buf)
    stamp = zipfile.ZipFile(io.BytesIO(data)).infolist()[0].date_time
    return normalise_zip(buf.getvalue(), dt.datetime(*stamp))
