"""The document model: the one contract between ingest and every renderer (YAML on disk)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterator

SCHEMA_VERSION = 1

KINDS = ("review", "plan", "other")
INDICATOR_KINDS = ("result", "target", "baseline")
QUALIFIERS = ("exact", "approx_over", "over", "at_least", "at_most", "about", "range")


@dataclass
class Source:
    """Where the report came from."""

    file: str
    sha256: str
    encoding: str | None = None
    format: str = "text"  #: text, markdown, docx or pdf
    pages: int | None = None
    chars: int = 0


@dataclass
class Report:
    """Metadata of the report."""

    id: str
    title: str
    source: Source
    subtitle: str | None = None
    organisation: str | None = None
    meeting: str | None = None
    date: str | None = None  #: ISO date, only when the text gives the full date
    date_text: str | None = None  #: the date as the text writes it (may lack the year)
    period_reviewed: str | None = None
    period_planned: str | None = None
    lead: list[str] = field(default_factory=list)  #: paragraphs before the first heading
    tags: list[str] = field(default_factory=list)  #: free labels for distribution rosters


@dataclass
class Section:
    """A node of the section tree."""

    id: str
    title: str
    level: int
    kind: str = "other"
    number: str | None = None  #: the heading's numbering as written (一、 / （一） / 1.)
    paragraphs: list[str] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)

    def walk(self) -> Iterator["Section"]:
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class KeywordArea:
    """A thematic area of the report (explicit 【关键词】 marker or derived from sections)."""

    id: str
    name: str
    summary: str = ""
    points: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    marker: str | None = None


@dataclass
class Indicator:
    """A numeric indicator with its provenance in the normalised text."""

    id: str
    text: str
    value: float | int
    unit: str
    label: str
    kind: str = "result"
    qualifier: str = "exact"
    value_max: float | int | None = None
    section: str | None = None
    sentence: str = ""
    start: int = 0
    end: int = 0
    excluded: bool = False  #: a reviewer left it out: kept for provenance, skipped by every output

    @property
    def display(self) -> str:
        """The quantity written the way the source writes it, with its qualifier."""
        prefix = {"over": "超", "at_least": "不少于", "about": "约", "at_most": "不超过"}.get(self.qualifier, "")
        if self.qualifier == "over" and self.text.endswith("以上"):
            prefix = ""
        return prefix + self.text


@dataclass
class Repair:
    """One change normalisation made to the text, so nothing changes silently."""

    kind: str  #: join, drop_debris, drop_blank, line_endings, strip, split_heading, ...
    line: int | None = None  #: 1-based line in the decoded source
    detail: str = ""


@dataclass
class Brief:
    """A whole report: metadata, section tree, keyword areas, indicators, repairs, normalised text."""

    report: Report
    sections: list[Section] = field(default_factory=list)
    keyword_areas: list[KeywordArea] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    text: str = ""  #: the normalised text; indicator offsets point into it

    def all_sections(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def section(self, sid: str | None) -> Section | None:
        return next((s for s in self.all_sections() if s.id == sid), None)

    # -- (de)serialisation -------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"briefgen": SCHEMA_VERSION}
        d["report"] = _prune(asdict(self.report))
        d["sections"] = [_prune(asdict(s)) for s in self.sections]
        d["keyword_areas"] = [_prune(asdict(a)) for a in self.keyword_areas]
        d["indicators"] = [{k: v for k, v in _prune(asdict(i)).items() if k != "excluded" or v}
                           for i in self.indicators]  # excluded: written only when true
        d["repairs"] = [_prune(asdict(r)) for r in self.repairs]
        d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Brief":
        """Build from a dict that already passed :func:`briefgen.schema.validate`."""
        r = dict(d["report"])
        r["source"] = _make(Source, r["source"])
        return cls(
            report=_make(Report, r),
            sections=[_section(s) for s in d.get("sections") or []],
            keyword_areas=[_make(KeywordArea, a) for a in d.get("keyword_areas") or []],
            indicators=[_make(Indicator, i) for i in d.get("indicators") or []],
            repairs=[_make(Repair, x) for x in d.get("repairs") or []],
            text=d.get("text") or "",
        )


def _make(cls, d: dict[str, Any]):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})


def _section(d: dict[str, Any]) -> Section:
    d = dict(d)
    d["children"] = [_section(c) for c in d.get("children") or []]
    return _make(Section, d)


def _prune(d: Any) -> Any:
    """Drop None values and empty optional lists so the YAML stays readable."""
    if isinstance(d, dict):
        return {k: _prune(v) for k, v in d.items() if v is not None and v != [] or k in ("paragraphs", "points")}
    if isinstance(d, list):
        return [_prune(x) for x in d]
    return d
