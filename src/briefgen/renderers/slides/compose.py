"""The designed slides beyond a title and a list: 数字速览 figures, results and next steps in two columns,
a native chart beside its figures — each on the template's own layouts, all text in placeholders."""

from __future__ import annotations

from lxml import etree

from ..palette import ACCENT, MUTED
from .deck import Para
from .drawingml import fill, remove_empty_placeholders
from .layouts import BODY_T, CENTER_TITLE, NS, OBJECT, TITLE, add_slide, box_of, find_slot, ph_type, q
from .measure import count_lines, fit_size

#: Sizes (start, floor) in points.
FIGURE = (40, 24)
LABEL = (20, 14)
COLUMN_HEAD = (24, 18)
COLUMN_BODY = (24, 16)


def pick_multi(prs, bodies: int):
    """A layout with a title and exactly *bodies* text/content placeholders (Comparison: 4, Two Content: 2)."""
    for layout in prs.slide_layouts:
        k = [ph_type(ph) for ph in layout.placeholders]
        if (TITLE in k) and sum(1 for t in k if t in (BODY_T, OBJECT)) == bodies:
            return layout
    return None


def _bodies(slots):
    """Body slots in reading order (left to right, top to bottom)."""
    return sorted((s for s in slots if s.kind in (BODY_T, OBJECT)), key=lambda s: (s.shape.left, s.shape.top))


def _clr(rgb: str):
    """A colour element: the theme's accent 1 for ACCENT (the default deck's accent 1 is ACCENT; a user
    template's figures and headings take its own accent), else the fixed RGB."""
    if rgb == ACCENT:
        el = etree.Element(q("a:schemeClr"))
        el.set("val", "accent1")
    else:
        el = etree.Element(q("a:srgbClr"))
        el.set("val", rgb)
    return el


def _paint(rpr, rgb: str) -> None:
    """Set the text colour of run properties *rpr* (a:solidFill first, as the schema orders it)."""
    fillel = rpr.find("a:solidFill", NS)
    if fillel is None:
        fillel = etree.Element(q("a:solidFill"))
        ln = rpr.find("a:ln", NS)
        (ln.addnext if ln is not None else (lambda e: rpr.insert(0, e)))(fillel)
    for c in list(fillel):
        fillel.remove(c)
    fillel.append(_clr(rgb))


def _colour(ph, rgb: str) -> None:
    for rpr in ph.text_frame._txBody.iter(q("a:rPr")):
        _paint(rpr, rgb)


def _title(w, slots, plan) -> None:
    title = find_slot(slots, TITLE, CENTER_TITLE)
    if title is not None:
        fill(title.shape, [Para(plan.spec.title, 0, False)], plan.title_size, w.font)


def write_figures(w, plan):
    """数字速览: the figures in two body placeholders side by side (Two Content; the list layout's body
    when the template has none), each figure large in accent red over its label and, smaller and muted,
    its context."""
    layout = w.two_layout or w.bullet_layout
    slide, slots = add_slide(w.prs, layout, w.layout_cache)
    _title(w, slots, plan)
    bodies = _bodies(slots)[:2]
    tiles: list[list[Para]] = []
    for p in plan.spec.paras:
        if p.level == 0:
            tiles.append([p])
        elif tiles:
            tiles[-1].append(p)
    half = -(-len(tiles) // len(bodies))
    for k, slot in enumerate(bodies):
        _tiles(w, slot, tiles[k * half:(k + 1) * half])
    remove_empty_placeholders([s.shape for s in slots])
    return slide


def _tiles(w, slot, tiles: list[list[Para]]) -> None:
    box = box_of(w.prs, slot, "bodyStyle")
    paras: list[Para] = []
    kinds: list[str] = []
    for t in tiles:
        figure = "".join(x for x, bold in t[0].runs if bold) or t[0].text
        label = "".join(x for x, bold in t[0].runs if not bold).strip()
        paras.append(Para([(figure, True)], 0, False))
        kinds.append("figure")
        if label:
            paras.append(Para([(label, False)], 0, False))
            kinds.append("label")
        for sub in t[1:]:
            paras.append(Para(sub.runs, 0, False))
            kinds.append("context")
    sizes = {"figure": FIGURE[0], "label": LABEL[0], "context": LABEL[0] - 4}

    def height() -> float:
        lines = sum(count_lines(p.text, box.width * 0.92 / sizes[k]) * sizes[k] * 1.3 for p, k in zip(paras, kinds))
        return lines + sizes["label"] * 0.6 * len(tiles)

    while height() > box.height and sizes["figure"] > FIGURE[1]:
        sizes = {k: max(v - 1, LABEL[1] - 4) for k, v in sizes.items()}
    fill(slot.shape, paras, sizes["label"], w.font)
    ps = slot.shape.text_frame._txBody.findall("a:p", NS)
    gap = max(0.0, (box.height - height()) / max(1, len(tiles)))
    for p, kind in zip(ps, kinds):
        ppr = p.find("a:pPr", NS)
        for r in p.iter(q("a:rPr"), q("a:endParaRPr")):
            r.set("sz", str(sizes[kind] * 100))
            if kind == "figure":
                r.set("b", "1")
        ppr.set("algn", "ctr")
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        if kind == "figure" and p is not ps[0]:
            spc = etree.Element(q("a:spcBef"))
            etree.SubElement(spc, q("a:spcPts")).set("val", str(round((sizes["label"] * 0.6 + gap) * 100)))
            lnspc = ppr.find("a:lnSpc", NS)
            (lnspc.addnext if lnspc is not None else (lambda e: ppr.insert(0, e)))(spc)
        bu = etree.Element(q("a:buNone"))
        after = [x for x in (ppr.find(t, NS) for t in ("a:lnSpc", "a:spcBef", "a:spcAft")) if x is not None]
        (after[-1].addnext if after else (lambda e: ppr.insert(0, e)))(bu)
    _colour_kind(slot.shape.text_frame, kinds)


def _colour_kind(tf, kinds: list[str]) -> None:
    for p, kind in zip(tf._txBody.findall("a:p", NS), kinds):
        rgb = ACCENT if kind == "figure" else MUTED if kind == "context" else None
        if rgb is not None:
            for rpr in p.iter(q("a:rPr")):
                _paint(rpr, rgb)


def write_columns(w, plan):
    """Results and next steps side by side: on a layout with two headings and two bodies (Comparison),
    else two bodies (Two Content) with the headings as first lines, else the list layout."""
    layout = w.columns_layout or w.two_layout or w.bullet_layout
    slide, slots = add_slide(w.prs, layout, w.layout_cache)
    _title(w, slots, plan)
    bodies = _bodies(slots)
    columns = plan.spec.columns
    if layout is w.bullet_layout or len(bodies) < 2:
        paras = []
        for head, items in columns:
            paras.append(Para([(head, True)], 0, False))
            paras.extend(items)
        w.fill_bullets(bodies[0], paras, plan.body_size)
        remove_empty_placeholders([s.shape for s in slots])
        return slide
    lefts = sorted({s.shape.left for s in bodies})[:2]
    groups = [[s for s in bodies if s.shape.left == x] for x in lefts]
    heads = [g[0] if len(g) > 1 else None for g in groups]
    mains = [g[-1] for g in groups]
    size = COLUMN_BODY[0]
    for (head, items), main in zip(columns, mains):
        paras = list(items) if len(groups[0]) > 1 else [Para([(head, True)], 0, False)] + list(items)
        box = box_of(w.prs, main, "bodyStyle")
        indent = box.indent or 27.0
        got = fit_size([(p.text, indent if p.bullet else 0.0) for p in paras], box,
                       min(size, plan.body_size or size), COLUMN_BODY[1])
        if got is None:
            w.warnings.append(f"slide {plan.spec.title_text!r}: a column is too long even at {COLUMN_BODY[1]} pt")
            got = COLUMN_BODY[1]
        size = min(size, got)
    for (head, items), hslot, main in zip(columns, heads, mains):
        if hslot is not None:
            fill(hslot.shape, [Para([(head, True)], 0, False)], COLUMN_HEAD[0], w.font)
            _colour(hslot.shape, ACCENT)
            paras = list(items)
        else:
            paras = [Para([(head, True)], 0, False)] + list(items)
        w.fill_bullets(main, paras, size)
    remove_empty_placeholders([s.shape for s in slots])
    return slide


def write_chart(w, plan, data):
    """The chart's figures as bullets on the left, the native chart on the right (Two Content), or the
    list layout's body narrowed to the left half with the chart beside it."""
    layout = w.two_layout or w.bullet_layout
    slide, slots = add_slide(w.prs, layout, w.layout_cache)
    _title(w, slots, plan)
    bodies = _bodies(slots)
    left = bodies[0]
    if len(bodies) >= 2:
        right = bodies[1]
        x, y, cx, cy = right.shape.left, right.shape.top, right.shape.width, right.shape.height
        el = right.shape._element
        el.getparent().remove(el)
    else:
        sh = left.shape
        half = sh.width // 2
        x, y, cx, cy = sh.left + half, sh.top, sh.width - half, sh.height
        sh.width = half
    box = box_of(w.prs, left, "bodyStyle")
    indent = box.indent or 27.0
    size = fit_size([(p.text, indent) for p in plan.spec.paras], box, min(COLUMN_BODY[0], plan.body_size or 99),
                    COLUMN_BODY[1]) or COLUMN_BODY[1]
    w.fill_bullets(left, plan.spec.paras, size)
    if data is not None:
        from .chart import add_bar_chart
        add_bar_chart(slide, x, y, cx, cy, data, w.font, size=max(12, size - 4), colour=not w.template)
    remove_empty_placeholders([s.shape for s in slots if s.shape._element.getparent() is not None])
    return slide


#: An agenda longer than this is set in two text columns (it never continues on a second slide).
AGENDA_ONE_COLUMN = 7


def write_agenda(w, plan):
    """The agenda: one list, or split over the two bodies of Two Content when it is long, at the
    largest size at which every item stays on one line (it never continues on a second slide)."""
    paras = plan.spec.paras
    two = len(paras) > AGENDA_ONE_COLUMN and w.two_layout is not None
    slide, slots = add_slide(w.prs, w.two_layout if two else w.bullet_layout, w.layout_cache)
    _title(w, slots, plan)
    bodies = _bodies(slots)[:2] if two else [find_slot(slots, BODY_T, OBJECT)]
    half = -(-len(paras) // len(bodies))
    parts = [paras[k * half:(k + 1) * half] for k in range(len(bodies))]
    size = COLUMN_HEAD[0] + 4
    for slot, part in zip(bodies, parts):
        box = box_of(w.prs, slot, "bodyStyle")
        indent = box.indent or 27.0
        got = fit_size([(p.text, indent) for p in part], box, size, COLUMN_BODY[1], one_line_floor=COLUMN_BODY[1])
        if got is None:
            got = COLUMN_BODY[1]
            w.warnings.append(f"slide {plan.spec.title_text!r}: the agenda is too long even at {got} pt")
        size = min(size, got)
    for slot, part in zip(bodies, parts):
        w.fill_bullets(slot, part, size)
    remove_empty_placeholders([s.shape for s in slots])
    return slide
