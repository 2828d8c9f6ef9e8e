"""The document model: the one contract between ingest and every renderer (YAML on disk).

Declared once, here: the YAML keys are the field names, the JSON Schema and the structural checks are
derived from the types (:mod:`briefgen.schema`); ``metadata`` adds what a type cannot say (enum, pattern …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from . import schema

SCHEMA_VERSION = 1

KINDS = ("review", "plan", "other")
SOURCE_FORMATS = ("text", "markdown", "docx", "pdf")
INDICATOR_KINDS = ("result", "target", "baseline")
QUALIFIERS = ("exact", "approx_over", "over", "at_least", "at_most", "about", "range")
APPENDIX_KINDS = ("glossary", "notes", "attachment", "other")


@dataclass
class Source:
    """Where the report came from."""

    file: str
    sha256: str = field(metadata={"pattern": "^[0-9a-f]{64}$"})
    encoding: str | None = None
    format: str = field(default="text", metadata={"enum": SOURCE_FORMATS})
    pages: int | None = field(default=None, metadata={"minimum": 1})
    chars: int = field(default=0, metadata={"minimum": 0})


@dataclass
class Report:
    """Metadata of the report."""

    id: str = field(metadata={"pattern": r"^[^/\\\s\x00-\x1f\x7f]+$", "maxLength": 120,
                              "description": "file-safe report id (the output folder's name)"})
    title: str = field(metadata={"minLength": 1})
    source: Source
    subtitle: str | None = None
    speaker: str | None = None  #: role and name as the title block gives them (省长 某某)
    organisation: str | None = None
    meeting: str | None = None
    #: ISO date, only when the text gives the full date
    date: str | None = field(default=None, metadata={"pattern": r"^\d{4}-\d{2}-\d{2}$"})
    date_text: str | None = None  #: the date as the text writes it (may lack the year)
    period_reviewed: str | None = None
    period_planned: str | None = None
    lead: list[str] = field(default_factory=list)  #: paragraphs before the first heading
    tags: list[str] = field(default_factory=list)  #: free labels for distribution rosters


@dataclass
class Section:
    """A node of the section tree."""

    id: str
    title: str = field(metadata={"minLength": 1})
    level: int = field(metadata={"minimum": 1, "maximum": 6})
    kind: str = field(default="other", metadata={"enum": KINDS})
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
    name: str = field(metadata={"minLength": 1})
    summary: str = ""
    points: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    marker: str | None = None


@dataclass
class Indicator:
    """A numeric indicator with its provenance in the normalised text."""

    id: str
    text: str = field(metadata={"minLength": 1})
    value: float | int
    unit: str
    label: str = field(metadata={"minLength": 1})
    kind: str = field(default="result", metadata={"enum": INDICATOR_KINDS})
    qualifier: str = field(default="exact", metadata={"enum": QUALIFIERS})
    value_max: float | int | None = None
    section: str | None = None
    sentence: str = ""
    start: int = field(default=0, metadata={"minimum": 0})
    end: int = field(default=0, metadata={"minimum": 0})
    excluded: bool = field(default=False, metadata={"omit_empty": True, "description":
        "true: a reviewer left it out of every output (kept for provenance)"})

    @property
    def display(self) -> str:
        """The quantity written the way the source writes it, with its qualifier."""
        prefix = {"over": "超", "at_least": "不少于", "about": "约", "at_most": "不超过"}.get(self.qualifier, "")
        if self.qualifier == "over" and self.text.endswith("以上"):
            prefix = ""
        return prefix + self.text


@dataclass
class AppendixItem:
    """One entry of back matter (a glossary term, a footnote, a line of an attachment)."""

    text: str
    start: int = field(metadata={"minimum": 0})  #: offsets into the normalised text: text[start:end] == text
    end: int = field(metadata={"minimum": 0})
    term: str | None = None  #: the term a glossary entry explains
    marker: str | None = None  #: a footnote's marker (［1］)
    refs: list[int] = field(default_factory=list)  #: offsets of the body's markers for this note


@dataclass
class Appendix:
    """Back matter after the body: kept out of sections, areas and indicators, but not lost."""

    id: str
    kind: str = field(metadata={"enum": APPENDIX_KINDS})
    title: str | None
    start: int = field(metadata={"minimum": 0})  #: offsets of the whole block (header lines included)
    end: int = field(metadata={"minimum": 0})
    items: list[AppendixItem] = field(default_factory=list)


@dataclass
class Repair:
    """One change normalisation made to the text, so nothing changes silently."""

    kind: str  #: join, debris, drop_page_number, line_endings, strip, front_matter, warning, ...
    line: int | None = None  #: 1-based line in the decoded source
    detail: str = ""


@dataclass
class Brief:
    """A whole report: metadata, section tree, keyword areas, indicators, repairs, normalised text."""

    report: Report
    sections: list[Section] = field(default_factory=list)
    keyword_areas: list[KeywordArea] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    #: back matter (glossary, notes, attachments); written only when there is some
    appendices: list[Appendix] = field(default_factory=list, metadata={"omit_empty": True})
    repairs: list[Repair] = field(default_factory=list)
    text: str = field(default="", metadata={"description": "normalised text; indicator offsets point into it"})

    def all_sections(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def section(self, sid: str | None) -> Section | None:
        return next((s for s in self.all_sections() if s.id == sid), None)

    # -- (de)serialisation: derived from the fields, so a new field needs no code here ----------
    def to_dict(self) -> dict[str, Any]:
        """The YAML mapping: ``briefgen: 1``, then every field (empty optional values left out inside)."""
        d: dict[str, Any] = {"briefgen": SCHEMA_VERSION}
        for name, key, _, f in schema.fields(Brief):
            value = getattr(self, name)
            if f.metadata.get("omit_empty") and not value:
                continue
            d[key] = _prune(schema.to_plain(value))
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Brief":
        """Build from a dict that already passed :func:`briefgen.document.validate`."""
        return schema.from_plain(cls, d)


def _prune(d: Any) -> Any:
    """Drop None values and empty optional lists so the YAML stays readable."""
    if isinstance(d, dict):
        return {k: _prune(v) for k, v in d.items() if v is not None and v != [] or k in ("paragraphs", "points")}
    if isinstance(d, list):
        return [_prune(x) for x in d]
    return d
