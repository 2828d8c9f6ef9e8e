"""Fitting the briefing on one page (:func:`fit`), measuring every candidate with platypus ``wrap`` and
checking the result with a real build:

1. **Shrink the type.**  The body size starts at ``max_size`` (config ``pdf.max_font_size``, 11 pt)
   and goes down in 0.5 pt steps to ``min_size`` (``pdf.min_font_size``, never below 8 pt);
   headings, title and figures scale with it.  The largest size that fits wins.
2. **Leave out, lowest priority first** (at ``min_size``; :func:`briefgen.renderers.pdf.page.drop_plan`).
   If even that is not enough (a title of several hundred characters), the whole page is scaled
   down to fit and a warning says so.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError
from reportlab.rl_config import _FUZZ, overlapAttachedSpace

from ...text.figures import figure_pattern
from .fonts import FontSet, missing_chars
from .layout import (FOOTER_SIZE, FRAME_H, FRAME_W, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MUTED, PAGE_W, RULE,
                     SIZE_STEP, Markup, Piece, Styles, item, pieces)
from .page import Cut, Sheet, _group_label, drop_plan, omissions


# --------------------------------------------------------------------------
# measuring and building
# --------------------------------------------------------------------------


class Measurer:
    """Height of a story as a platypus Frame would stack it, with per-piece caching."""

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple[float, float, float]] = {}

    def height(self, story: list[Piece], size: float) -> float:
        total, prev_after = 0.0, 0.0
        for n, (key, make) in enumerate(story):
            k = (size,) + key
            got = self._cache.get(k)
            if got is None:
                f = make()
                _, h = f.wrap(FRAME_W, FRAME_H * 100)
                got = self._cache[k] = (h, f.getSpaceBefore(), f.getSpaceAfter())
            h, before, after = got
            if n:
                s = max(before - prev_after, 0) if overlapAttachedSpace else before
                total += prev_after + s
            total += h
            prev_after = after
        return total

    def fits(self, story: list[Piece], size: float) -> bool:
        return self.height(story, size) <= FRAME_H - _FUZZ - 0.5  # half a point of safety


@dataclass
class Meta:
    """PDF document information."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    creator: str = "briefgen"
    epoch: float = 946684800.0  #: creation date (seconds since 1970, UTC)


@dataclass
class Result:
    pdf: bytes
    size: float
    cut: Cut
    warnings: list[str]


class _Stamp:
    """A reportlab TimeStamp for a fixed moment (UTC)."""

    def __init__(self, epoch: float):
        self.t = epoch
        self.lt = time.gmtime(epoch)
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


def _canvas_maker(epoch: float):
    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _Stamp(epoch)  # CreationDate/ModDate from clock.build_datetime()

    return _Canvas


def build(sheet: Sheet, story: list[Flowable], st: Styles, meta: Meta) -> tuple[bytes, int]:
    """Build the PDF; returns (bytes, number of pages)."""
    buf = io.BytesIO()
    fs = st.fs

    def footer(canv: Canvas, doc) -> None:
        if not sheet.footer:
            return
        canv.saveState()
        y_rule = MARGIN_BOTTOM - 4 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, y_rule, PAGE_W - MARGIN_X, y_rule)
        canv.setFillColor(MUTED)
        y = y_rule - 4 * mm
        parts = (list(sheet.footer[:2]) + ["　".join(x for x in sheet.footer[2:] if x), "", ""])[:3]
        centre = _fit_text(parts[1], fs, FRAME_W / 2)
        side = (FRAME_W - _text_width(centre, fs)) / 2 - 3 * mm  # left and right never reach the centre
        for text, x, align in ((_fit_text(parts[0], fs, side), MARGIN_X, "left"), (centre, PAGE_W / 2, "centre"),
                               (_fit_text(parts[2], fs, side), PAGE_W - MARGIN_X, "right")):
            if text:
                _draw_text(canv, x, y, text, fs, align)
        canv.restoreState()

    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=meta.title, author=meta.author, subject=meta.subject,
        keywords=meta.keywords, creator=meta.creator, invariant=1, initialFontName=fs.regular,
        initialFontSize=st.size, lang="zh-CN", displayDocTitle=1,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="page")
    doc.addPageTemplates([PageTemplate(id="onepage", frames=[frame], onPage=footer)])
    doc.build(story, canvasmaker=_canvas_maker(meta.epoch))
    return buf.getvalue(), doc.page


def _font_runs(text: str, fs: FontSet) -> list[tuple[str, str]]:
    """(text, font) runs: the embedded font, and the fallback font for characters it lacks."""
    missing = missing_chars(text, fs.regular)
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = fs.fallback if ch in missing else fs.regular
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + ch, font)
        else:
            runs.append((ch, font))
    return runs


def _text_width(text: str, fs: FontSet) -> float:
    return sum(stringWidth(t, f, FOOTER_SIZE) for t, f in _font_runs(text, fs))


def _fit_text(text: str, fs: FontSet, width: float) -> str:
    """*text*, shortened in the middle with … if it is wider than *width* (a long file name)."""
    if _text_width(text, fs) <= width:
        return text
    keep = len(text)
    while keep > 2:
        keep -= 1
        short = text[:(keep + 1) // 2] + "…" + text[len(text) - keep // 2:]
        if _text_width(short, fs) <= width:
            return short
    return "…"


def _draw_text(canv: Canvas, x: float, y: float, text: str, fs: FontSet, align: str) -> None:
    """One footer line in the embedded font; characters it lacks in the fallback font."""
    runs = _font_runs(text, fs)
    width = sum(stringWidth(t, f, FOOTER_SIZE) for t, f in runs)
    x = {"left": x, "centre": x - width / 2}.get(align, x - width)
    for t, f in runs:
        canv.setFont(f, FOOTER_SIZE)
        canv.drawString(x, y, t)
        x += stringWidth(t, f, FOOTER_SIZE)


def sizes(min_size: float, max_size: float) -> list[float]:
    """Body sizes to try, largest first, in SIZE_STEP steps."""
    out, s = [], max(max_size, min_size)
    while s > min_size + 1e-6:
        out.append(round(s, 2))
        s -= SIZE_STEP
    out.append(min_size)
    return out


#: a single line taller than this share of the page is left out before fitting (it would push out
#: everything of lower priority to its group, e.g. a pasted 10,000-character paragraph)
MAX_ITEM_SHARE = 0.4


def drop_oversized(sheet: Sheet, st: Styles, mk: Markup) -> list[str]:
    """Remove lines that alone would fill much of the page at the smallest size; one warning each."""
    notes = []
    for g in sheet.groups:
        keep = []
        for b in g.items:
            if b.kind != "table" and len(b.text) < 400:  # fewer than ten lines: no need to measure
                keep.append(b)
                continue
            _, h = item(b, st, mk).wrap(FRAME_W, FRAME_H * 100)
            if h > FRAME_H * MAX_ITEM_SHARE:
                text = b.text if b.kind != "table" else " ".join(" ".join(r) for r in b.rows)
                notes.append(f"left out a line too long for one page ({len(text)} characters): "
                             f"{_group_label(sheet, g)}: {text[:24]}…")
            else:
                keep.append(b)
        g.items = keep
    return notes


def spread(measure: Measurer, story: list[Piece], size: float) -> float:
    """Extra space per part heading that spreads the white of a short page (at most one line)."""
    slack = FRAME_H - measure.height(story, size) - 2
    n_parts = sum(1 for key, _ in story if key[0] == "part")
    n_groups = sum(1 for key, _ in story if key[0] == "group")
    weight = n_parts + n_groups / 2
    if slack <= 0 or not weight:
        return 0.0
    return round(min(slack / weight, size), 2)


def fit(sheet: Sheet, fs: FontSet, figures: list[str], meta: Meta,
        min_size: float = 8.0, max_size: float = 11.0) -> Result:
    """Lay *sheet* out on one page: shrink the type, then leave out the lowest-priority content."""
    mk = Markup(fs, figure_pattern(figures))
    measure = Measurer()
    styles: dict[float, Styles] = {}

    def st(size: float) -> Styles:
        if size not in styles:
            styles[size] = Styles(size, fs)
        return styles[size]

    def fits(size: float, cut: Cut) -> bool:
        return measure.fits(pieces(sheet, cut, st(size), mk), size)

    notes = list(sheet.notes) + drop_oversized(sheet, st(min_size), mk)
    full = Cut.full(sheet)
    candidates = sizes(min_size, max_size)
    steps = drop_plan(sheet)
    cuts = [full]
    for s in steps:
        cuts.append(cuts[-1].apply(s))

    if fits(min_size, full):
        # a story's height grows at least in proportion to its type size (every line is taller, and
        # there are no fewer of them), so no size above min_size × (room / height at min_size) can fit:
        # start there and step down to the first size that fits (usually the first or second tried)
        room = FRAME_H - _FUZZ - 0.5  # as Measurer.fits
        bound = min_size * room / max(measure.height(pieces(sheet, full, st(min_size), mk), min_size), 1.0)
        i = next((n for n, c in enumerate(candidates) if c <= bound + 1e-6), len(candidates) - 1)
        while not fits(candidates[i], full):  # candidates[-1] (min_size) fits
            i += 1
        size, k = candidates[i], 0
    else:
        size = min_size
        lo, hi = 1, len(cuts) - 1
        if not fits(size, cuts[hi]):
            lo = hi
        while lo < hi:
            mid = (lo + hi) // 2
            if fits(size, cuts[mid]):
                hi = mid
            else:
                lo = mid + 1
        k = hi

    squeeze = not fits(size, cuts[k])  # only when even leaving everything out is not enough
    air = 0.0 if squeeze else spread(measure, pieces(sheet, cuts[k], st(size), mk), size)
    while True:
        cut = cuts[k]
        story = [make() for _, make in pieces(sheet, cut, st(size), mk, air)]
        if squeeze:  # last resort: scale the whole page down to the frame
            story = [KeepInFrame(FRAME_W, FRAME_H, story, mode="shrink")]
        try:
            pdf, pages = build(sheet, story, st(size), meta)
        except LayoutError:  # a flowable taller than the page
            pdf, pages = b"", 2
        if pages <= 1:
            break
        if air:  # the measurement was a hair short: first take the extra space back
            air = 0.0
        elif k + 1 < len(cuts):  # then leave out one more thing
            k += 1
        elif not squeeze:
            squeeze = True
        else:
            raise LayoutError("the page cannot be fitted on one page")
    if squeeze:
        notes.append(f"the page is too full even at {size:g} pt with everything optional left out; "
                     "scaled it down to keep one page (shorten the title or the header lines)")
    return Result(pdf, size, cut, notes + omissions(sheet, cut))
