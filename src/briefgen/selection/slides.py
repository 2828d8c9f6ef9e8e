"""Slide selection: one slide per keyword area, its points and condensed figures as bullets, the source
sentences as speaker notes; an area with more bullets than fit continues on a "…（续）" slide."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Brief, Indicator
from ..text.figures import has_figure
from ..text.markdown import md_escape
from ..text.sentences import split_sentences
from .condense import Bullet, Figure, condense, shorten_phrase

CONTINUED = "（续）"


@dataclass
class Slide:
    """One area slide as the template sees it."""

    title: str  #: Markdown-escaped title (the area name, + （续） on a continuation)
    plain_title: str
    bullets: list[Bullet]
    area: object = None  #: the AreaView
    part: int = 1
    parts: int = 1
    notes: list[str] = field(default_factory=list)  #: the full source sentences of the bullets, once each

    @property
    def continued(self) -> bool:
        return self.part > 1


def _settings(cfg) -> tuple[int, int]:
    if cfg is None:
        return 6, 30
    return max(1, cfg.slides.max_bullets), max(8, cfg.slides.max_chars)


def _point_sources(point: str, paragraphs: list[str]) -> list[str]:
    """The sentence a point comes from; when the point is the whole sentence (a run-in heading),
    the next sentence of its paragraph too, so the notes say what the point is about."""
    key = point.rstrip("。；;，,")
    for para in paragraphs:
        sents = split_sentences(para)
        for n, s in enumerate(sents):
            if key and key in s:
                out = [s]
                if len(s.rstrip("。；;！？!?")) <= len(key) + 1 and n + 1 < len(sents):
                    out.append(sents[n + 1])
                return out
    return []


def _area_paragraphs(area, brief: Brief) -> list[str]:
    paras: list[str] = []

    def walk(v):
        paras.extend(v.paragraphs)
        if v.title:
            paras.append(v.title)
        for c in v.children:
            walk(c)

    for s in area.sections:
        walk(s)
    return paras


def area_bullets(area, brief: Brief, max_chars: int) -> list[Bullet]:
    """The bullets of one area: its points, then its indicators grouped by source sentence and condensed."""
    bullets: list[Bullet] = []
    paras = _area_paragraphs(area, brief)
    all_paras = paras + [p for s in brief.all_sections() for p in s.paragraphs] + list(brief.report.lead)
    seen: set[str] = set()
    for point in area.points:
        text = shorten_phrase(point, max_chars)
        if not text or text in seen:
            continue
        seen.add(text)
        bullets.append(Bullet(text, _point_sources(point, all_paras) or [point], [], "point"))
    groups: dict[str, list[Indicator]] = {}
    for ind in area.indicators:
        groups.setdefault(ind.sentence or ind.display, []).append(ind)
    for sentence, inds in groups.items():
        figs = [Figure(i.text, i.label, i.display) for i in inds]
        for phrase in condense(sentence, figs, max_chars):
            mine = [i for i in inds if has_figure(phrase, i.text)]
            shown = [f.shown(phrase) for f in figs if has_figure(phrase, f.text)]
            if phrase in seen:
                continue
            seen.add(phrase)
            kind = mine[0].kind if mine else "result"
            bullets.append(Bullet(phrase, [sentence] if sentence else [], shown, kind))
    if not bullets:  # an area with neither points nor figures: its summary, clause by clause
        for part in [p for p in area.summary.replace(";", "；").split("；") if p.strip()]:
            text = shorten_phrase(part, max_chars)
            bullets.append(Bullet(text, _point_sources(part, all_paras) or [area.summary], [], "text"))
    return bullets


def build_slides(brief: Brief, context: dict, max_bullets: int = 6, max_chars: int = 30) -> list[Slide]:
    """One slide per keyword area (``context["areas"]``); an area with more bullets than
    *max_bullets* continues on further slides titled "…（续）", bullets shared out evenly."""
    slides: list[Slide] = []
    for area in context["areas"]:
        bullets = area_bullets(area, brief, max_chars)
        parts = max(1, -(-len(bullets) // max_bullets))
        per = -(-len(bullets) // parts) if bullets else 0
        cuts = [min(k * per, len(bullets)) for k in range(parts)] + [len(bullets)]
        for k in range(1, parts):
            # a 其中… bullet qualifies the one before it: keep the two on one slide
            if cuts[k] < len(bullets) and bullets[cuts[k]].text.startswith("其中"):
                if cuts[k + 1] - (cuts[k] - 1) <= max_bullets and cuts[k] - 1 > cuts[k - 1] + 1:
                    cuts[k] -= 1
                elif cuts[k] + 1 - cuts[k - 1] <= max_bullets:
                    cuts[k] += 1
        for k in range(parts):
            chunk = bullets[cuts[k]:cuts[k + 1]]
            title = area.name + (CONTINUED if k else "")
            notes: list[str] = []
            for b in chunk:
                for s in b.sources:
                    s = _note_safe(s)
                    if s not in notes:
                        notes.append(s)
            slides.append(Slide(md_escape(title), title, chunk, area, k + 1, parts, notes))
    return slides


def _note_safe(s: str) -> str:
    """A sentence that can sit inside an HTML comment (no '-->', no line breaks)."""
    return " ".join(s.split()).replace("-->", "—>").replace("<!--", "<!—")


def slide_context(brief: Brief, context: dict, cfg=None) -> dict:
    """The template context plus ``slides`` (list of :class:`Slide`); *cfg* None = default budgets.
    ``briefgen templates check`` needs it too, so a customised slides.md.j2 is linted with ``slides``."""
    max_bullets, max_chars = _settings(cfg)
    return dict(context, slides=build_slides(brief, context, max_bullets, max_chars))
