"""Slide bullets of a keyword area: its points, its figures condensed from their sentences, and when it has
few of either its key sentences as whole clauses — each with its kind and its source sentences."""

from __future__ import annotations


from ..model import Brief, Indicator
from ..text.figures import has_figure
from ..text.recache import rx
from ..text.sentences import split_clauses, split_sentences
from .labels import is_incidental
from .points import is_point_sentence
from .condense import ELLIPSIS, VERB_STARTS, Bullet, Figure, condense, shorten_phrase, strip_lead

#: Fewer bullets than this on a slide reads as nearly empty.
MIN_BULLETS = 3


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


def _walk(views):
    for v in views:
        yield v
        yield from _walk(v.children)


def _area_paragraphs(area) -> list[str]:
    paras: list[str] = []
    for v in _walk(area.sections):
        paras.extend(v.paragraphs)
        if v.title:
            paras.append(v.title)
    return paras


def _section_kind(text: str, area) -> str:
    """"plan" when *text* comes from a plan (部署) section of the area, else "review"."""
    key = text.rstrip("。；;，,")
    for v in _walk(area.sections):
        if any(key in p for p in v.paragraphs + [v.title]):
            return v.kind
    return "review"


def area_bullets(area, brief: Brief, max_chars: int) -> list[Bullet]:
    """The bullets of one area: its points (kind "plan" when a plan section says them), then its indicators
    grouped by source sentence and condensed (kind of the indicator)."""
    bullets: list[Bullet] = []
    paras = _area_paragraphs(area)
    all_paras = paras + [p for s in brief.all_sections() for p in s.paragraphs] + list(brief.report.lead)
    seen: set[str] = set()
    for point in area.points:
        text = shorten_phrase(point, max_chars)
        if text.endswith(ELLIPSIS):  # cut mid-phrase: its first clause when that is a whole action
            text = _whole_clause(point, max_chars) or text
        if not text or text in seen or not reads_alone(text.rstrip(ELLIPSIS)):
            continue
        seen.add(text)
        kind = "plan" if _section_kind(point, area) == "plan" and not _LOOKS_BACK.match(point) else "point"
        bullets.append(Bullet(text, _point_sources(point, all_paras) or [point], [], kind))
    groups: dict[str, list[Indicator]] = {}
    for ind in area.indicators:
        if is_incidental(ind):  # 会同…等4家单位: a count in passing is not a result or a next step
            continue
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
    if len(bullets) < MIN_BULLETS:  # few points and figures: the key sentences of its sections, clause by clause
        _fill(bullets, seen, area, all_paras, max_chars)
    return bullets


#: A sentence that opens by looking back (这五年，我们… / 过去一年 / 五年来) says what was done, even in a part
#: that also sets the next targets: never a next step.
_LOOKS_BACK = rx(r"^(?:这|过去的?|近)(?:一|五|两|三|几)年|^(?:一|五|两|三)年来|^(?:这些年|多年来|回顾)")

#: Openers of an adverbial (purpose, circumstance, manner) that is not yet a statement on its own.
_ADVERBIAL = rx(r"^(?:此外[，,]?)?(?:为了?|在|针对|随着|围绕|按照|根据|对于|作为|通过|面对|聚焦)")


def reads_alone(text: str) -> bool:
    """False for what a slide must not show as a bullet: a salutation (同志们！), an adverbial with its
    statement cut off (为推动实现…对接), a phrase with an open quotation (举办“…)."""
    if not is_point_sentence(text if text[-1:] in "。！？!?" else text + "。"):
        return False
    m = _ADVERBIAL.match(text)
    if m and not rx(r"[，,]").search(text[m.end():]):
        return False
    return text.count("“") == text.count("”") and text.count("《") == text.count("》")


def _whole_clause(sentence: str, max_chars: int) -> str:
    """The sentence when it fits the budget, else its first clause when that reads as a whole action:
    it starts (after time/subject words) with a verb of the genre (开展, 推进 …) and leaves no 把/将
    construction open. "" when neither holds (a fragment is never a bullet)."""
    text = sentence.strip().rstrip("。！？!?；;")
    if text and len(text) <= max_chars:
        return text
    first = split_clauses(text)[0].text.rstrip("，,；;：:") if text else ""
    core = strip_lead(first, aggressive=True)
    if len(first) <= max_chars and core[:2] in VERB_STARTS and not any(c in core for c in "把将"):
        return first
    return ""


def _fill(bullets: list[Bullet], seen: set[str], area, all_paras: list[str], max_chars: int) -> None:
    """Add the area's key sentences (whole, or their first clause when it is a whole action) until the
    area has MIN_BULLETS bullets."""
    candidates = [(s, v.kind) for v in _walk(area.sections) for s in v.summary]
    for sentence, kind in candidates:
        for part in sentence.replace(";", "；").split("；"):
            if len(bullets) >= MIN_BULLETS:
                return
            text = _whole_clause(part, max_chars)
            if not text or not reads_alone(text) or text in seen or any(text in b.text or b.text in text for b in bullets):
                continue
            seen.add(text)
            bullets.append(Bullet(text, _point_sources(part, all_paras) or [sentence], [],
                                  "plan" if kind == "plan" else "text"))
