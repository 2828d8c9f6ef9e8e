"""The one-page briefing as a page model: template blocks sorted into header, parts, groups and footer,
and what may be left out to keep it on one page, lowest priority first (:func:`drop_plan`):

a. *Extra lines*: repeatedly the last line of the group that has the most lines left (ties: the later
   group), until every group is down to one line.  A template writes each group's lines in order of
   importance, so the last line of the longest group matters least; the ``下一步`` list is one group
   and is trimmed with the others.
b. *Whole groups* (heading and remaining line), from the end of the page backwards, keeping the first
   group of every part.
c. *The first groups* of the parts, last part first (下一步 before 要点): a part whose groups are all
   gone loses its heading too.
d. *Key figures*: the last figures of the panel first, down to four, then the rest.

The header band and footer are never left out. Every omission is one warning line
("left out 3 bullets to fit one page: …").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...templating.blocks import Block

MIN_FIGURES = 4  #: the panel keeps this many figures until everything else has gone


# --------------------------------------------------------------------------
# the page as parts and groups
# --------------------------------------------------------------------------


@dataclass
class Group:
    """Lines under one ``###`` heading (or the lines of a part without one)."""

    part: int
    heading: Block | None
    items: list[Block] = field(default_factory=list)


@dataclass
class Part:
    """One ``##`` part of the page: its heading, key figures and groups (indices into Sheet.groups)."""

    heading: Block | None
    figures: list[Block] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)


@dataclass
class Sheet:
    """The page's content, as the template gave it."""

    marking: str = ""
    title: Block | None = None
    header: list[Block] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  #: warnings about the markup itself


def compose(blocks: list[Block], template: str = "template") -> Sheet:
    """Sort template blocks into header, parts, groups and footer."""
    sheet = Sheet()
    part: Part | None = None
    group: Group | None = None
    ignored: dict[str, int] = {}

    def current_group() -> Group:
        nonlocal part, group
        if part is None:
            part = Part(None)
            sheet.parts.append(part)
        if group is None or group.part != len(sheet.parts) - 1:
            group = Group(len(sheet.parts) - 1, None)
            sheet.groups.append(group)
            part.groups.append(len(sheet.groups) - 1)
        return group

    for b in blocks:
        if b.kind == "directive":
            if b.name == "marking":
                sheet.marking = " ".join(a for a in b.args if a)
            elif b.name == "footer":
                sheet.footer = list(b.args)
            elif b.name == "figure":
                if part is None:
                    part = Part(None)
                    sheet.parts.append(part)
                if b.args and b.args[0]:
                    part.figures.append(b)
            else:
                ignored["@" + b.name] = ignored.get("@" + b.name, 0) + 1
        elif b.kind == "title" and sheet.title is None and part is None:
            sheet.title = b
        elif b.kind == "heading" and b.level == 1:
            part = Part(b)
            sheet.parts.append(part)
            group = None
        elif b.kind == "heading" and b.level == 2:
            if part is None:
                part = Part(None)
                sheet.parts.append(part)
            group = Group(len(sheet.parts) - 1, b)
            sheet.groups.append(group)
            part.groups.append(len(sheet.groups) - 1)
        elif b.kind in ("note", "break"):
            continue  # speaker notes are not printed; a one-page briefing has no page breaks
        elif part is None and b.kind in ("meta", "para", "title"):
            sheet.header.append(b)
        else:  # bullets, paragraphs, tables, #### headings
            current_group().items.append(b)
    for name, n in sorted(ignored.items()):
        sheet.notes.append(f"{template}: {name} is not a PDF directive; ignored {n} line(s) "
                           "(use @figure, @marking or @footer)")
    return sheet


# --------------------------------------------------------------------------
# what to leave out, in order
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cut:
    """What is kept: lines per group, groups, figures per part."""

    items: tuple[int, ...]
    groups: tuple[bool, ...]
    figures: tuple[int, ...]

    @classmethod
    def full(cls, sheet: Sheet) -> "Cut":
        return cls(tuple(len(g.items) for g in sheet.groups), tuple(True for _ in sheet.groups),
                   tuple(len(p.figures) for p in sheet.parts))

    def apply(self, step: tuple[str, int]) -> "Cut":
        kind, i = step
        if kind == "item":
            items = list(self.items)
            items[i] -= 1
            return Cut(tuple(items), self.groups, self.figures)
        if kind == "group":
            groups = list(self.groups)
            groups[i] = False
            return Cut(self.items, tuple(groups), self.figures)
        figures = list(self.figures)
        figures[i] -= 1
        return Cut(self.items, self.groups, tuple(figures))


def drop_plan(sheet: Sheet) -> list[tuple[str, int]]:
    """The omissions, lowest priority first (see the module docstring): ("item", group),
    ("group", group) or ("figure", part)."""
    steps: list[tuple[str, int]] = []
    counts = [len(g.items) for g in sheet.groups]
    # a. extra lines: the last line of the longest group (ties: the later group)
    while True:
        g = max(range(len(counts)), key=lambda i: (counts[i], i), default=None)
        if g is None or counts[g] <= 1:
            break
        counts[g] -= 1
        steps.append(("item", g))
    # b. whole groups from the end, keeping the first group of each part
    firsts = {p.groups[0] for p in sheet.parts if p.groups}
    steps += [("group", g) for g in reversed(range(len(sheet.groups))) if g not in firsts]
    # c. the first groups, last part first
    steps += [("group", p.groups[0]) for p in reversed(sheet.parts) if p.groups]
    # d. key figures, last first: down to MIN_FIGURES per part, then the rest
    for floor in (MIN_FIGURES, 0):
        for pi in reversed(range(len(sheet.parts))):
            n = len(sheet.parts[pi].figures)
            have = min(n, MIN_FIGURES) if floor == 0 else n
            steps += [("figure", pi)] * max(0, have - floor)
    return steps


def omissions(sheet: Sheet, cut: Cut) -> list[str]:
    """One warning line per kind of omission: lines, groups, key figures."""
    lines: list[tuple[str, int]] = []
    groups: list[str] = []
    n_lines = n_bullets = 0
    for gi, g in enumerate(sheet.groups):
        label = _group_label(sheet, g)
        if not cut.groups[gi]:
            groups.append(label)
            continue
        gone = len(g.items) - cut.items[gi]
        if gone:
            lines.append((label, gone))
            n_lines += gone
            n_bullets += sum(1 for b in g.items[cut.items[gi]:] if b.kind == "bullet")
    out = []
    if lines:
        what = "bullet" if n_bullets == n_lines else "line"
        out.append(f"left out {n_lines} {what}{'s' if n_lines > 1 else ''} to fit one page: "
                   + _listing([f"{label} ({n})" for label, n in lines]))
    if groups:
        out.append(f"left out {len(groups)} group{'s' if len(groups) > 1 else ''} to fit one page: "
                   + _listing(groups))
    figs = [f"{b.args[0]} {b.args[1] if len(b.args) > 1 else ''}".strip()
            for pi, p in enumerate(sheet.parts) for b in p.figures[cut.figures[pi]:]]
    if figs:
        out.append(f"left out {len(figs)} key figure{'s' if len(figs) > 1 else ''} to fit one page: "
                   + _listing(figs))
    return out


def _group_label(sheet: Sheet, g: Group) -> str:
    part = sheet.parts[g.part].heading
    names = [x.text for x in (part, g.heading) if x is not None]
    return "/".join(names) or "(untitled)"


def _listing(names: list[str], limit: int = 8) -> str:
    shown = "; ".join(names[:limit])
    return shown + (f"; and {len(names) - limit} more" if len(names) > limit else "")
