"""Planning a delivery: per recipient, the built files (or keyword-area excerpts of them) and what the mail says.

Everything comes from the manifest the build wrote: file paths and hashes, titles, areas, the meta
line and key figures of each report, and for slide decks the keyword area of every slide. Nothing is
ingested, selected or rendered again; an area-limited deck is the built deck with the other areas'
slides cut out (the format's ``excerpt``).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import __version__
from ..errors import InputError
from ..manifest import sha256_file
from ..renderers import get as get_format
from ..renderers import load
from .headers import header_problem
from .roster import Recipient, Selection

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def safe_name(s: str, limit: int = 80) -> str:
    """*s* as a file name on every system (reserved characters replaced, at most *limit* characters)."""
    s = _UNSAFE.sub("_", " ".join(s.split())).strip(" .")
    return s[:limit].rstrip(" .") or "_"


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


@dataclass
class PlannedFile:
    report_id: str
    fmt: str
    filename: str
    sha256: str  #: of the built file; for an area excerpt, a key of what it is cut from
    source: Path | None = None  #: the built file
    areas: tuple[str, ...] = ()  #: an excerpt: the keyword areas it keeps
    path: Path | None = None  #: the file to attach (for an excerpt: once cut)
    size: int = 0
    parts: list[str] = field(default_factory=list)  #: an excerpt: the keyword area of each slide of the source


@dataclass
class MailItem:
    """One report in a message: what the mail templates see as ``items``."""

    id: str
    title: str
    organisation: str
    meta_line: str
    areas: list[str]
    key_figures: list  #: {label, display, kind} per figure, as the build selected them
    attachments: list[str]  #: full attachment file names
    files: list[str] = field(default_factory=list)  #: the same without the title: 摘要.docx, 一页纸.pdf …


@dataclass
class Delivery:
    recipient: Recipient
    files: list[PlannedFile]
    items: list[MailItem]
    content: str = ""
    message_id: str = ""
    status: str = ""  #: for the table
    notes: list[str] = field(default_factory=list)
    todo: bool = False  #: not yet delivered and not refused: this run acts on it
    texts: tuple[str, str, str] = ("", "", "")  #: subject, text body, HTML body


class Planner:
    """Plans every recipient's delivery from the manifest's *reports*; cuts area excerpts on demand."""

    def __init__(self, outdir: Path, roster_path: Path, reports: dict[str, dict], echo: Callable[[str], None]):
        self.outdir, self.roster_path, self.reports, self.echo = outdir, roster_path, reports, echo
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._cut: dict[tuple, Path] = {}

    def areas_of(self, rid: str) -> list[dict]:
        areas = self.reports[rid].get("areas")
        return areas if isinstance(areas, list) and all(isinstance(a, dict) and "id" in a for a in areas) else []

    def plan(self, recipients: list[Recipient]) -> list[Delivery]:
        """One delivery per recipient; every problem (a missing or changed file) is listed before any is sent."""
        problems: list[str] = []
        verified: dict[Path, str] = {}
        deliveries = []
        for r in recipients:
            files: list[PlannedFile] = []
            items: list[MailItem] = []
            notes = list(r.notes)
            for sel in r.selections:
                pf, item = self._plan_report(r, sel, problems, verified, notes)
                files.extend(pf)
                if item:
                    items.append(item)
            _unique_names(files)
            for it in items:
                it.attachments = [f.filename for f in files if f.report_id == it.id]
                it.files = [f.filename.split("-")[-1] for f in files if f.report_id == it.id]
            d = Delivery(r, files, items, notes=notes)
            d.content = hashlib.sha256("\n".join(
                f"{f.filename}\t{f.sha256}" for f in sorted(files, key=lambda f: f.filename)).encode()).hexdigest()
            deliveries.append(d)
        if problems:
            for p in problems:
                self.echo(p)
            more = f" (and {len(problems) - 1} more, listed above)" if len(problems) > 1 else ""
            raise InputError(f"{problems[0]}{more}; nothing was sent")
        return deliveries

    def _plan_report(self, r: Recipient, sel: Selection, problems: list[str], verified: dict[Path, str],
                     notes: list[str]) -> tuple[list[PlannedFile], MailItem | None]:
        rep = self.reports[sel.report_id]
        outputs = rep.get("outputs") or {}
        title = str(rep.get("title") or sel.report_id)
        stem = safe_name(title, 60)
        where = f"{self.roster_path}:{r.line}: {r.name}"
        problem = header_problem(title)
        if problem:
            problems.append(f"{self.outdir / 'manifest.json'}: report {sel.report_id}: title {title[:40]!r} {problem}; "
                            f"correct the title in {sel.report_id}/report.yaml and rebuild")
            return [], None
        files = []
        area_names: list[str] = []
        for fmt in sel.formats:
            f = get_format(fmt)
            if sel.areas is not None and f.excerpt and not sel.areas:
                notes.append(f"{sel.report_id}: none of the areas {', '.join(r.area_specs)} "
                             f"is in this report; no {fmt}")
                continue
            out = outputs.get(f.name)
            if not out or not out.get("path"):
                problems.append(f"{where}: report {sel.report_id} has no {fmt} output in manifest.json; "
                                f"build it (briefgen build --formats …) or drop {fmt} from this recipient's formats")
                continue
            path = self.outdir / out["path"]
            if not _verify(path, out.get("sha256"), problems, verified):
                continue
            if sel.areas is not None and f.excerpt:
                if not isinstance(out.get("parts"), list):
                    problems.append(f"{where}: report {sel.report_id}'s {fmt} was built without its slide areas; "
                                    "rebuild it with 'briefgen build --force'")
                    continue
                names = {a["id"]: a.get("name", a["id"]) for a in self.areas_of(sel.report_id)}
                area_names = [names.get(a, a) for a in sel.areas]
                ident = f"excerpt\t{fmt}\t{verified[path]}\t{','.join(sel.areas)}\t{__version__}"
                files.append(PlannedFile(sel.report_id, fmt, f"{stem}-{f.label}（节选）{f.suffix}",
                                         hashlib.sha256(ident.encode()).hexdigest(), path, tuple(sel.areas),
                                         parts=list(out["parts"])))
                continue
            files.append(PlannedFile(sel.report_id, fmt, f"{stem}-{f.label}{f.suffix}", verified[path], path,
                                     path=path, size=path.stat().st_size))
        if not files:
            return [], None
        mail = rep.get("mail") if isinstance(rep.get("mail"), dict) else {}
        return files, MailItem(sel.report_id, title, str(rep.get("organisation") or ""),
                               str(mail.get("meta_line") or ""), area_names, list(mail.get("key_figures") or []), [])

    def materialise(self, d: Delivery) -> None:
        """Cut the recipient's area excerpts from the built files (shared between recipients with the same areas)."""
        for f in d.files:
            if f.path is not None:
                continue
            key = (f.report_id, f.fmt, f.areas)
            if key not in self._cut:
                if self._tmp is None:
                    self._tmp = tempfile.TemporaryDirectory(prefix="briefgen-distribute-")
                target = Path(self._tmp.name) / f"{len(self._cut)}{get_format(f.fmt).suffix}"
                try:
                    data = load(get_format(f.fmt).excerpt)(f.source.read_bytes(), f.parts, set(f.areas))
                except ValueError as e:
                    raise InputError(f"{f.source}: cannot cut the keyword areas out ({e}); "
                                     "rebuild it with 'briefgen build --force'") from None
                target.write_bytes(data)
                self._cut[key] = target
            f.path = self._cut[key]
            f.size = f.path.stat().st_size

    def cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def _verify(path: Path, expected: str | None, problems: list[str], verified: dict[Path, str]) -> str:
    """The file's sha256 ('' when missing); a file that differs from the manifest is a problem."""
    if path not in verified:
        if not path.is_file():
            problems.append(f"{path}: listed in manifest.json but missing; rebuild with 'briefgen build'")
            verified[path] = ""
        else:
            verified[path] = sha256_file(path)
            if expected and verified[path] != expected:
                problems.append(f"{path}: changed since the build (sha256 differs from manifest.json); "
                                "rebuild with 'briefgen build' before distributing")
    return verified[path]


def _unique_names(files: list[PlannedFile]) -> None:
    seen: dict[str, int] = {}
    for f in files:
        n = seen.get(f.filename, 0)
        seen[f.filename] = n + 1
        if n:
            stem, dot, suffix = f.filename.rpartition(".")
            f.filename = f"{stem}（{n + 1}）.{suffix}"
