"""The distribution roster (roster.yaml): who gets which briefings, checked against the built manifest.

A roster is a list of recipients (or a mapping with a ``recipients:`` list)::

    recipients:
      - name: 张三
        email: zhangsan@example.org
        department: 办公室
        reports: ["000_*", 002_844e24db9a45d4c4]  # report ids or globs on ids; "*" = every report
        tags: [全会报告]                          # and/or report tags (a report matching either is sent)
        formats: [docx, pdf, pptx]                # registered formats: docx, pdf, slides (= .md), pptx;
                                                  # default: the formats marked roster_default (docx + pdf)
        areas: [k1, 产业工人]                     # optional: slide decks cut down to these keyword areas
        subject: 请审阅                           # optional: replaces the subject template

Every problem (missing or malformed address, a line break in a name, an unknown report id, tag,
format or area, a duplicate recipient, an unknown key) is collected with its roster line number, so
one run lists them all before anything is sent.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from ..errors import InputError
from .headers import header_problem

KEYS = ("name", "email", "department", "reports", "tags", "formats", "areas", "subject")

#: A deliberately plain address: ASCII local part and a dotted domain (SMTPUTF8 is not used).
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_RE = re.compile(rf"^{_LOCAL}@{_LABEL}(?:\.{_LABEL})+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def valid_email(addr: str) -> bool:
    return bool(EMAIL_RE.match(addr)) and len(addr) <= 254 and len(addr.split("@")[0]) <= 64


@dataclass
class Selection:
    """What one recipient gets from one report."""

    report_id: str
    formats: list[str]
    #: keyword-area ids of this report the recipient is limited to; None = the whole report
    areas: list[str] | None = None


@dataclass
class Recipient:
    name: str
    email: str
    department: str = ""
    subject: str | None = None
    formats: list[str] = field(default_factory=list)
    area_specs: list[str] = field(default_factory=list)
    selections: list[Selection] = field(default_factory=list)
    line: int = 0
    notes: list[str] = field(default_factory=list)  #: e.g. reports left out because their build failed

    @property
    def key(self) -> str:
        """Identity in the ledger: the address, case-folded."""
        return self.email.lower()


def _area_matches(spec: str, areas: list[dict]) -> list[str]:
    """Ids of the areas *spec* names: an id (k1), an exact name, or a part of a name (≥ 2 characters)."""
    s = spec.strip()
    by_id = [a["id"] for a in areas if str(a.get("id", "")).lower() == s.lower()]
    if by_id:
        return by_id
    exact = [a["id"] for a in areas if a.get("name") == s]
    if exact:
        return exact
    if len(s) >= 2:
        return [a["id"] for a in areas if s in str(a.get("name", ""))]
    return []


def _str_list(value: Any) -> list[str] | None:
    """A string or a list of strings (a comma-separated string is split); None when it is neither."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    return None


def load_roster(path: Path, reports: dict[str, dict], areas_of: Callable[[str], list[dict]]) -> list[Recipient]:
    """Parse and check *path* against the manifest's *reports*; raise InputError listing every problem.

    *areas_of(report_id)* returns that report's keyword areas as ``[{"id", "name"}]``.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: roster not found; check the path") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the roster as UTF-8") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    from ..limits import check_yaml, safe_load

    check_yaml(text, str(path), aliases=True)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise InputError(f"{where}: not valid YAML ({getattr(e, 'problem', None) or e}); fix the syntax") from None

    problems: list[str] = []

    def bad(line: int, msg: str) -> None:
        problems.append(f"{path}:{line}: {msg}")

    items_node = root
    if isinstance(data, dict):
        if set(data) - {"recipients"}:
            extra = sorted(str(k) for k in set(data) - {"recipients"})
            bad(root.start_mark.line + 1, f"unknown top-level key(s) {', '.join(extra)}; expected 'recipients:'")
        items_node = next((v for k, v in root.value if k.value == "recipients"), None)
        data = data.get("recipients")
    if not isinstance(data, list) or not isinstance(items_node, yaml.SequenceNode):
        raise InputError(f"{path}: expected a list of recipients (or 'recipients:' with a list)")
    if not data:
        raise InputError(f"{path}: the roster lists no recipients")

    from ..renderers import formats as registered, lookup

    known_formats = ", ".join(f.name for f in registered())
    default_formats = [f.name for f in registered() if f.roster_default]
    deliverable = {rid for rid, r in reports.items() if r.get("status", "built") in ("built", "skipped")}
    all_tags = {t for r in reports.values() for t in (r.get("tags") or [])}
    seen: dict[str, int] = {}
    out: list[Recipient] = []
    for item, node in zip(data, items_node.value):
        start = node.start_mark.line + 1
        n_before = len(problems)
        if not isinstance(item, dict) or not isinstance(node, yaml.MappingNode):
            bad(start, "expected a recipient mapping (name:, email:, …)")
            continue
        lines: dict[str, int] = {}
        for k, v in node.value:
            if k.value in lines and k.value != "<<":
                bad(k.start_mark.line + 1, f"key {k.value!r} appears twice in this recipient")
            lines[k.value] = k.start_mark.line + 1

        def at(key: str) -> int:
            return lines.get(key, start)

        for k in item:
            if k not in KEYS:
                bad(at(k), f"unknown key {k!r}; expected {', '.join(KEYS)}")

        # -- identity ---------------------------------------------------
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            bad(at("name"), "missing name")
            name = ""
        elif header_problem(name):
            bad(at("name"), f"name {name!r} {header_problem(name)}")
        email = item.get("email")
        label = name.strip() or "recipient"
        if email is None or (isinstance(email, str) and not email.strip()):
            bad(at("email"), f"{label}: missing email")
            email = ""
        elif not isinstance(email, str):
            bad(at("email"), f"{label}: email must be text, got {email!r}")
            email = ""
        elif _CONTROL.search(email) or header_problem(email) or not valid_email(email.strip()):
            bad(at("email"), f"{label}: malformed email address {email!r} (expected one address like name@example.org)")
        email = email.strip()
        if email and valid_email(email):
            if email.lower() in seen:
                bad(at("email"), f"{label}: duplicate recipient {email} (already listed at line {seen[email.lower()]})")
            else:
                seen[email.lower()] = at("email")
        department = item.get("department") or ""
        if not isinstance(department, (str, int)):
            bad(at("department"), "department must be text")
            department = ""
        department = str(department)
        if header_problem(department):
            bad(at("department"), f"department {department!r} {header_problem(department)}")
        subject = item.get("subject")
        if subject is not None:
            if not isinstance(subject, str) or not subject.strip():
                bad(at("subject"), "subject must be non-empty text")
                subject = None
            elif header_problem(subject.rstrip("\n")):
                bad(at("subject"), f"subject {subject!r} {header_problem(subject.rstrip(chr(10)))}")
            else:
                subject = subject.strip()

        # -- formats ------------------------------------------------------
        formats = list(default_formats)
        if "formats" in item:
            fl = _str_list(item["formats"])
            if not fl:
                bad(at("formats"), f"formats must be a list of {known_formats}")
            else:
                found = [(f, lookup(f.lower())) for f in fl]
                unknown = [f for f, fmt in found if fmt is None]
                if unknown:
                    bad(at("formats"), f"unknown format(s) {', '.join(map(repr, unknown))}; "
                                       f"choose from {known_formats}")
                formats = list(dict.fromkeys(fmt.name for _, fmt in found if fmt is not None))

        # -- which reports ------------------------------------------------
        chosen: list[str] = []
        explicit: set[str] = set()
        if "reports" not in item and "tags" not in item:
            bad(start, f"{label}: say which reports: 'reports:' (ids or globs, '*' for all) and/or 'tags:'")
        if "reports" in item:
            ids = _str_list(item["reports"])
            if ids is None:
                bad(at("reports"), "reports must be a list of report ids or globs")
                ids = []
            for rid in ids:
                if any(c in rid for c in "*?["):
                    hits = sorted(r for r in reports if fnmatch.fnmatchcase(r, rid))
                    if not hits:
                        bad(at("reports"), f"no report id in the manifest matches {rid!r}")
                    chosen.extend(hits)
                elif rid in reports:
                    chosen.append(rid)
                    explicit.add(rid)
                else:
                    known = ", ".join(sorted(reports)[:5]) + (" …" if len(reports) > 5 else "")
                    bad(at("reports"), f"report {rid!r} is not in the manifest (known: {known or 'none'})")
        if "tags" in item:
            tags = _str_list(item["tags"])
            if tags is None:
                bad(at("tags"), "tags must be a list of report tags")
                tags = []
            for t in tags:
                if t not in all_tags:
                    bad(at("tags"), f"no report in the manifest has tag {t!r}"
                                    + (f" (tags: {', '.join(sorted(all_tags))})" if all_tags else ""))
                chosen.extend(sorted(r for r, rep in reports.items() if t in (rep.get("tags") or [])))
        chosen = list(dict.fromkeys(chosen))
        rcpt = Recipient(name=name.strip(), email=email, department=department.strip(), subject=subject,
                         formats=formats, line=start)
        for rid in chosen:
            if rid not in deliverable:
                status = reports[rid].get("status")
                if rid in explicit:
                    bad(at("reports"), f"report {rid!r} was not built (status {status}); rebuild it or remove it")
                else:
                    rcpt.notes.append(f"{rid}: left out (build status {status})")
        chosen = [r for r in chosen if r in deliverable]
        if not chosen and ("reports" in item or "tags" in item) and len(problems) == n_before:
            bad(start, f"{label}: the roster selects no built report")

        # -- keyword areas --------------------------------------------------
        area_specs: list[str] = []
        if "areas" in item:
            al = _str_list(item["areas"])
            if not al:
                bad(at("areas"), "areas must be a list of keyword-area ids (k1) or names")
            else:
                area_specs = al
                if not any(lookup(f).excerpt for f in formats):
                    rcpt.notes.append("areas only limit slides; this recipient gets no slides "
                                      "(add slides or pptx to formats)")
        rcpt.area_specs = area_specs
        matched: set[str] = set()
        for rid in chosen:
            ids: list[str] | None = None
            if area_specs:
                report_areas = areas_of(rid)
                ids = []
                for spec in area_specs:
                    hits = _area_matches(spec, report_areas)
                    if hits:
                        matched.add(spec)
                    ids.extend(h for h in hits if h not in ids)
                order = [a["id"] for a in report_areas]
                ids.sort(key=order.index)
                if ids == order:
                    ids = None  # every area: the built slides are the right ones
            rcpt.selections.append(Selection(rid, list(formats), ids))
        for spec in area_specs:
            if spec not in matched and chosen:
                bad(at("areas"), f"unknown keyword area {spec!r} (not an area id or name of the selected reports)")
        out.append(rcpt)

    if problems:
        raise RosterError(problems)
    return out


class RosterError(InputError):
    """Every roster problem, one per line; the one-line message names the first and the count."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problem(s), listed above)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}; nothing was sent")
