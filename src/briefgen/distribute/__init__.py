"""`briefgen distribute`: deliver built briefings to the staff on a roster — .eml dry run, SMTP or folders.

Plan, then act:

1. Read ``OUTDIR/manifest.json`` and the roster; every roster problem is listed with its line
   before anything happens.
2. Plan one message per recipient: their reports' files (``<title>-摘要.docx``, ``-一页纸.pdf``,
   ``-幻灯片.md``, ``-幻灯片.pptx``; slides re-rendered for the recipient's keyword areas only),
   and a *content key*, the sha256 of the attachment set (names and file hashes).
3. Skip what the ledger (``OUTDIR/delivery-ledger.jsonl``) says this recipient already received
   with the same content key on this channel: never the same briefing twice; a changed briefing
   is a new delivery.
4. Act: dry run (default) writes ``OUTDIR/outbox/<address>.eml`` and records nothing (a dry run is
   not a delivery); ``--send`` sends by SMTP; ``--to-folders DIR`` copies into one folder per person.

Crash window (the choice: at-least-once, with duplicates recognisable). Before each SMTP
transaction the ledger gets a fsync'ed "sending" event; after the server's answer it gets "sent",
"pending" (temporary failure, retried next run) or "failed" (permanent). A crash between the
server's 250 and the "sent" event leaves "sending" as the last state: the next run treats that
delivery as in doubt and sends it again — with the same Message-ID, which is derived from the
recipient and the content key, so the mail system and the reader's client can recognise the
duplicate. The opposite choice (at-most-once: never resend an in-doubt message) could silently
lose a briefing, which is worse for staff who act on it. Folder copies are idempotent (atomic
replace of the same files), so a resend there is harmless.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from email.headerregistry import Address
from pathlib import Path
from typing import Any, Callable

from .. import __version__
from ..clock import build_datetime, cn_date
from ..config import Config
from ..errors import BriefgenError, ConfigError, InputError, OutputError
from ..fsutil import write_bytes
from .ledger import FAILED, NAME as LEDGER_NAME, PENDING, SENDING, SENT, Ledger
from .mail import (Attachment, FatalSmtpError, SmtpSender, SmtpSettings, build_message, message_bytes,
                   parse_sender)
from .roster import Recipient, RosterError, Selection, load_roster
from ..renderers import get as get_format
from ..templating import make_env
from ..templating import render as render_template
from ..text.width import columns

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
OUTBOX = "outbox"
#: The mail templates (user template directory first, then the defaults).
MAIL_TEMPLATES = {"subject": "mail_subject.txt.j2", "text": "mail_body.txt.j2", "html": "mail_body.html.j2"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass
class Result:
    """What a run did; ``undelivered`` non-zero makes the CLI exit 1."""

    mode: str  #: dry-run, send or folders
    recipients: int = 0
    sent: int = 0  #: delivered in this run (mail accepted by the server, or copied)
    already: int = 0  #: delivered by an earlier run with the same content
    written: int = 0  #: dry run: .eml files written
    pending: int = 0  #: temporary failures and messages not attempted; the next run retries them
    failed: int = 0  #: permanent failures (5xx, bad address)
    refused: int = 0  #: not sent: an attachment over distribute.max_attachment_mb
    outbox: list[Path] = field(default_factory=list)

    @property
    def undelivered(self) -> int:
        return self.pending + self.failed + self.refused


@dataclass
class PlannedFile:
    report_id: str
    fmt: str
    filename: str
    sha256: str  #: of the built file; for area-limited slides, a key of what they are rendered from
    source: Path | None = None  #: the built file (None: rendered for the recipient's areas)
    areas: tuple[str, ...] = ()
    path: Path | None = None  #: the file to attach (after rendering)
    size: int = 0


@dataclass
class MailItem:
    """One report in a message: what the mail templates see as ``items``."""

    id: str
    title: str
    organisation: str
    meta_line: str
    areas: list[str]
    key_figures: list
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


# -- manifest ----------------------------------------------------------------

def load_manifest(outdir: Path) -> dict[str, dict]:
    path = outdir / "manifest.json"
    if not outdir.is_dir():
        raise InputError(f"{outdir}: no such output directory; build it first with 'briefgen build SEEDS -o {outdir}'")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: not found; build the briefings first with "
                         f"'briefgen build SEEDS -o {outdir}'") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON ({e}); rebuild with 'briefgen build'") from None
    reports = data.get("reports") if isinstance(data, dict) else None
    if not isinstance(reports, dict) or not all(isinstance(r, dict) for r in reports.values()):
        raise InputError(f"{path}: no 'reports' mapping; rebuild with 'briefgen build'")
    return reports


def _safe_name(s: str, limit: int = 80) -> str:
    s = _UNSAFE.sub("_", " ".join(s.split())).strip(" .")
    return s[:limit].rstrip(" .") or "_"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(columns(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    out = []
    for r in [headers, *rows]:
        cells = [c + " " * (w - columns(c)) for c, w in zip(r, widths)]
        out.append("  ".join(cells).rstrip())
    return out


def _size_text(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _verify(path: Path, expected: str | None, problems: list[str], verified: dict[Path, str]) -> str:
    """The file's sha256 ('' when missing); a file that differs from the manifest is a problem."""
    if path not in verified:
        if not path.is_file():
            problems.append(f"{path}: listed in manifest.json but missing; rebuild with 'briefgen build'")
            verified[path] = ""
        else:
            verified[path] = _sha256_file(path)
            if expected and verified[path] != expected:
                problems.append(f"{path}: changed since the build (sha256 differs from manifest.json); "
                                "rebuild with 'briefgen build' before distributing")
    return verified[path]


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- the run -----------------------------------------------------------------

class _Run:
    def __init__(self, outdir: Path, roster: Path, cfg: Config, send: bool, to_folders: Path | None,
                 echo: Callable[[str], None], sleep: Callable[[float], None]):
        self.outdir, self.roster_path, self.cfg = outdir, roster, cfg
        self.send, self.to_folders, self.echo, self.sleep = send, to_folders, echo, sleep
        self.mode = "send" if send else "folders" if to_folders else "dry-run"
        self.channel = f"folder:{to_folders.resolve()}" if to_folders else "smtp"
        self.reports: dict[str, dict] = {}
        self._briefs: dict[str, Any] = {}
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._rendered: dict[tuple, Path] = {}
        self.env_text = self.env_html = None  # Jinja2 environments, set once the settings are checked

    # .. model access ..........................................................
    def brief(self, rid: str):
        """The report's YAML model (None when the build wrote none)."""
        if rid not in self._briefs:
            from ..document import load

            out = (self.reports[rid].get("outputs") or {}).get("yaml")
            path = self.outdir / out["path"] if out and out.get("path") else None
            self._briefs[rid] = load(path) if path and path.is_file() else None
        return self._briefs[rid]

    def areas_of(self, rid: str) -> list[dict]:
        areas = self.reports[rid].get("areas")
        if isinstance(areas, list) and all(isinstance(a, dict) and "id" in a for a in areas):
            return areas
        b = self.brief(rid)
        return [{"id": a.id, "name": a.name} for a in b.keyword_areas] if b else []

    # .. planning ..............................................................
    def plan(self, recipients: list[Recipient]) -> list[Delivery]:
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
        stem = _safe_name(title, 60)
        where = f"{self.roster_path}:{r.line}: {r.name}"
        files = []
        area_names: list[str] = []
        for fmt in sel.formats:
            f_ = get_format(fmt)
            key, label, suffix = f_.name, f_.label, f_.suffix
            if sel.areas is not None and fmt in ("slides", "pptx"):
                if not sel.areas:
                    notes.append(f"{sel.report_id}: none of the areas {', '.join(r.area_specs)} "
                                 f"is in this report; no {fmt}")
                    continue
                yaml_out = outputs.get("yaml")
                if not yaml_out or not yaml_out.get("path"):
                    problems.append(f"{where}: report {sel.report_id} has no report.yaml to render slides "
                                    "for the recipient's areas; rebuild it with 'briefgen build'")
                    continue
                yaml_sha = _verify(self.outdir / yaml_out["path"], yaml_out.get("sha256"), problems, verified)
                if not yaml_sha:
                    continue
                names = {a["id"]: a.get("name", a["id"]) for a in self.areas_of(sel.report_id)}
                area_names = [names.get(a, a) for a in sel.areas]
                built = (outputs.get(key) or {}).get("sha256", "")
                ident = f"areas\t{fmt}\t{yaml_sha}\t{built}\t{','.join(sel.areas)}\t{__version__}"
                files.append(PlannedFile(sel.report_id, fmt, f"{stem}-{label}（节选）{suffix}",
                                         hashlib.sha256(ident.encode()).hexdigest(), None, tuple(sel.areas)))
                continue
            out = outputs.get(key)
            if not out or not out.get("path"):
                problems.append(f"{where}: report {sel.report_id} has no {fmt} output in manifest.json; "
                                f"build it (briefgen build --formats …) or drop {fmt} from this recipient's formats")
                continue
            path = self.outdir / out["path"]
            if not _verify(path, out.get("sha256"), problems, verified):
                continue
            files.append(PlannedFile(sel.report_id, fmt, f"{stem}-{label}{suffix}", verified[path], path,
                                     path=path, size=path.stat().st_size))
        if not files:
            return [], None
        b = self.brief(sel.report_id)
        org = str(rep.get("organisation") or (b.report.organisation if b else "") or "")
        meta = ""
        figures: list = []
        if b is not None:
            from ..select.context import key_figures

            meta = "　".join(x for x in (self.cfg.organisation or b.report.organisation, b.report.meeting,
                                        b.report.date_text or b.report.date) if x)
            figures = key_figures(b.indicators, 4)
        return files, MailItem(sel.report_id, title, org, meta, area_names, figures, [])

    # .. area-limited slides ......................................................
    def materialise(self, d: Delivery) -> None:
        """Render the recipient's area-limited slides (shared between recipients with the same areas)."""
        from ..renderers import render

        for f in d.files:
            if f.path is not None:
                continue
            key = (f.report_id, f.fmt, f.areas)
            if key not in self._rendered:
                if self._tmp is None:
                    self._tmp = tempfile.TemporaryDirectory(prefix="briefgen-distribute-")
                brief = self.brief(f.report_id)
                keep = set(f.areas)
                brief = dataclasses.replace(brief, keyword_areas=[a for a in brief.keyword_areas if a.id in keep])
                target = Path(self._tmp.name) / f"{len(self._rendered)}{get_format(f.fmt).suffix}"
                try:
                    for w in render(brief, f.fmt, target, config=self.cfg):
                        self.echo(f"Warning: {f.report_id} {f.fmt} for areas {', '.join(f.areas)}: {w}")
                except ModuleNotFoundError as e:
                    raise BriefgenError(f"cannot render {f.fmt} for keyword areas: renderer missing ({e})") from None
                self._rendered[key] = target
            f.path = self._rendered[key]
            f.size = f.path.stat().st_size

    def cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # .. messages ..............................................................
    def message_context(self, d: Delivery) -> dict:
        r = d.recipient
        org = self.cfg.organisation or next((i.organisation for i in d.items if i.organisation), "")
        return {
            "recipient": {"name": r.name, "email": r.email, "department": r.department},
            "items": d.items,
            "attachments": [{"filename": f.filename, "format": f.fmt, "format_cn": get_format(f.fmt).label,
                             "size": f.size, "size_text": _size_text(f.size), "report_id": f.report_id}
                            for f in d.files],
            "marking": self.cfg.marking or "",
            "organisation": org,
            "generated_text": cn_date(build_datetime()),
        }

    def render_texts(self, d: Delivery) -> None:
        """Subject, text and HTML body from the templates (done for every message before any is sent,
        so a template problem stops the run before the first delivery)."""
        ctx = self.message_context(d)
        subject = d.recipient.subject or " ".join(
            render_template(self.env_text, MAIL_TEMPLATES["subject"], ctx).split())
        d.texts = (subject or "报告简报", render_template(self.env_text, MAIL_TEMPLATES["text"], ctx),
                   render_template(self.env_html, MAIL_TEMPLATES["html"], ctx))

    def make_message(self, d: Delivery, sender: Address, date: dt.datetime) -> bytes:
        subject, text, html = d.texts
        atts = [Attachment(f.filename, f.path.read_bytes(), f.fmt) for f in d.files]  # type: ignore[union-attr]
        msg = build_message(sender=sender, to=Address(display_name=d.recipient.name, addr_spec=d.recipient.email),
                            subject=subject, text=text, html=html, attachments=atts,
                            message_id=d.message_id, date=date,
                            extra_headers={"X-Mailer": f"briefgen {__version__}", "X-Briefgen-Content": d.content})
        return message_bytes(msg)


def _unique_names(files: list[PlannedFile]) -> None:
    seen: dict[str, int] = {}
    for f in files:
        n = seen.get(f.filename, 0)
        seen[f.filename] = n + 1
        if n:
            stem, dot, suffix = f.filename.rpartition(".")
            f.filename = f"{stem}（{n + 1}）.{suffix}"


def _message_id(recipient: str, content: str, sender: Address) -> str:
    """Derived from recipient and content: a resend of an in-doubt message carries the same id."""
    tag = hashlib.sha256(f"{recipient}\n{content}".encode()).hexdigest()[:32]
    return f"<{tag}.briefgen@{sender.domain or 'localhost'}>"


def _smtp_settings(cfg: Config) -> SmtpSettings:
    smtp = cfg.distribute.smtp
    host = smtp.host
    if not host:
        raise ConfigError("distribute.smtp.host: not set; say which SMTP server to use in briefgen.yaml "
                          "(distribute: {smtp: {host: …, port: …}})")
    security = smtp.security
    port = smtp.port or DEFAULT_PORTS[security]
    user = smtp.user
    env = smtp.password_env
    password = os.environ.get(env)
    if user and not password:
        raise ConfigError(f"distribute.smtp.user is set but the environment variable {env} is empty; "
                          f"export the SMTP password in {env} (it is never read from a file or the command line)")
    if user and security == "none" and host not in ("localhost", "127.0.0.1", "::1"):
        raise ConfigError("distribute.smtp.security: none would send the SMTP password unencrypted; "
                          "use starttls or tls")
    return SmtpSettings(host=host, port=int(port), security=security, user=user, password=password,
                        verify=smtp.verify, timeout=float(smtp.timeout))


def distribute(outdir: Path, roster: Path, cfg: Config, send: bool = False, to_folders: Path | None = None,
               echo: Callable[[str], None] = print, *, sleep: Callable[[float], None] = time.sleep) -> Result:
    """Deliver the briefings in *outdir* to the people on *roster*; see the module docstring.

    *sleep* is how retries wait (tests pass a no-op).
    """
    outdir, roster = Path(outdir), Path(roster)
    if send and to_folders is not None:
        raise InputError("--send and --to-folders exclude each other; choose one way of delivering")
    run = _Run(outdir, roster, cfg, send, to_folders, echo, sleep)
    run.reports = load_manifest(outdir)
    try:
        recipients = load_roster(roster, run.reports, run.areas_of)
    except RosterError as e:
        for p in e.problems:
            echo(p)
        raise
    # Mail settings are checked before anything is prepared, so a typo costs nothing.
    sender = Address(display_name="briefgen", addr_spec="briefgen@localhost")
    smtp = None
    if run.mode != "folders":
        value = cfg.distribute.sender
        if value:
            sender = parse_sender(value)
            if not sender.display_name and cfg.organisation:
                sender = Address(display_name=cfg.organisation, addr_spec=sender.addr_spec)
        elif send:
            raise ConfigError("distribute.from: not set; give the sender address in briefgen.yaml "
                              "(distribute: {from: office@example.org})")
        if send:
            smtp = _smtp_settings(cfg)
    run.env_text = make_env(cfg.templates)
    run.env_html = make_env(cfg.templates)
    run.env_html.autoescape = True  # names and titles in the HTML part are escaped

    deliveries = run.plan(recipients)
    for d in deliveries:
        d.message_id = _message_id(d.recipient.key, d.content, sender)
    ledger = Ledger(outdir / LEDGER_NAME)
    for w in ledger.warnings:
        echo(f"Warning: {w}")
    result = Result(run.mode, recipients=len(deliveries))
    try:
        if run.mode == "dry-run":
            _dry_run(run, deliveries, ledger, sender, result)
        else:
            with ledger:
                if run.mode == "folders":
                    _to_folders(run, deliveries, ledger, result)
                else:
                    _send(run, deliveries, ledger, sender, smtp, result)  # type: ignore[arg-type]
    finally:
        run.cleanup()
    return result


def _prepare(run: _Run, deliveries: list[Delivery], ledger: Ledger, result: Result, mail: bool) -> None:
    """Decide what this run does for each recipient; render area slides, check sizes and render the
    mail texts for all of them before anything is delivered."""
    limit_mb = float(run.cfg.distribute.max_attachment_mb)
    for d in deliveries:
        st = ledger.delivered(run.channel, d.recipient.key, d.content)
        if st:
            d.status = f"already delivered {st.sent_time}"
            result.already += 1
            continue
        if not d.files:
            d.status = "nothing to send"
            continue
        run.materialise(d)
        big = next((f for f in d.files if f.size > limit_mb * 1024 * 1024), None) if mail else None
        if big is not None:
            problem = (f"{big.filename} is {_size_text(big.size)}, over distribute.max_attachment_mb "
                       f"({limit_mb:g} MB); not sent — raise the limit or deliver with --to-folders")
            run.echo(f"Error: {d.recipient.name} <{d.recipient.email}>: {problem}")
            d.status = "REFUSED: attachment too large"
            result.refused += 1
            if run.mode == "send":
                ledger.record(run.channel, d.recipient.key, d.content, FAILED, message_id=d.message_id, error=problem)
            continue
        if mail:
            run.render_texts(d)
        d.todo = True


def _rows(deliveries: list[Delivery]) -> list[list[str]]:
    """One row per recipient and report: which formats, how big, and (first row) what happened."""
    rows = []
    for d in deliveries:
        r = d.recipient
        by_report: dict[str, list[PlannedFile]] = {}
        for f in d.files:
            by_report.setdefault(f.report_id, []).append(f)
        titles = {i.id: i.title for i in d.items}
        groups = list(by_report.items()) or [("", [])]
        for n, (rid, files) in enumerate(groups):
            what = " ".join(get_format(f.fmt).short + ("(节选)" if f.areas else "") for f in files) or "(nothing to send)"
            size = 0 if any(f.path is None for f in files) else sum(f.size for f in files)
            report = f"{rid} {_clip(titles.get(rid, ''), 16)}".strip()
            rows.append([f"{r.name} <{r.email}>" if n == 0 else "", r.department if n == 0 else "", report, what,
                         _size_text(size) if size else "", d.status if n == 0 else ""])
    return rows


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _print_table(run: _Run, deliveries: list[Delivery]) -> None:
    for line in _table(["Recipient", "Department", "Report", "Formats", "Size", "Status"], _rows(deliveries)):
        run.echo(line)
    for d in deliveries:
        for n in d.notes:
            run.echo(f"Note: {d.recipient.name} <{d.recipient.email}>: {n}")


def _dry_run(run: _Run, deliveries: list[Delivery], ledger: Ledger, sender: Address, result: Result) -> None:
    outbox = run.outdir / OUTBOX
    written: set[Path] = set()
    _prepare(run, deliveries, ledger, result, mail=True)
    for d in deliveries:
        if not d.todo:
            continue
        path = outbox / f"{_safe_name(d.recipient.email.lower(), 120)}.eml"
        write_bytes(path, run.make_message(d, sender, build_datetime()))
        written.add(path)
        result.outbox.append(path)
        result.written += 1
        st = ledger.state(run.channel, d.recipient.key, d.content)
        d.status = f"{OUTBOX}/{path.name}" + (" (in doubt: would resend)" if st and st.status == SENDING else "")
    if outbox.is_dir():  # the outbox shows this run only: drop messages an earlier dry run left
        for old in outbox.glob("*.eml"):
            if old not in written:
                old.unlink()
    _print_table(run, deliveries)
    run.echo(f"Dry run: {result.written} message(s) written to {outbox}/, {result.already} already delivered"
             + (f", {result.refused} refused" if result.refused else "")
             + "; nothing was sent (use --send to send, or --to-folders DIR).")


def _to_folders(run: _Run, deliveries: list[Delivery], ledger: Ledger, result: Result) -> None:
    base = run.to_folders
    assert base is not None
    _prepare(run, deliveries, ledger, result, mail=False)
    for d in deliveries:
        if not d.todo:
            continue
        r = d.recipient
        folder = base / _safe_name(f"{r.name}_{r.email.lower()}", 120)
        ledger.record(run.channel, r.key, d.content, SENDING, message_id=d.message_id, name=r.name,
                      dest=str(folder), files=[f.filename for f in d.files],
                      reports=sorted({f.report_id for f in d.files}))
        try:
            for f in d.files:
                write_bytes(folder / f.filename, f.path.read_bytes())  # type: ignore[union-attr]
        except (OSError, OutputError) as e:
            msg = e.format_message() if isinstance(e, OutputError) else f"{folder}: {e.strerror or e}"
            ledger.record(run.channel, r.key, d.content, PENDING, message_id=d.message_id, error=msg)
            d.status = f"PENDING: {msg}"
            result.pending += 1
            continue
        ledger.record(run.channel, r.key, d.content, SENT, message_id=d.message_id)
        d.status = f"copied to {folder}"
        result.sent += 1
    _print_table(run, deliveries)
    run.echo(f"Folders: {result.sent} recipient(s) delivered to {base}/, {result.already} already delivered"
             + (f", {result.pending} pending" if result.pending else "") + ".")


def _send(run: _Run, deliveries: list[Delivery], ledger: Ledger, sender: Address, smtp: SmtpSettings,
          result: Result) -> None:
    conn = SmtpSender(smtp, attempts=run.cfg.distribute.retries, backoff=float(run.cfg.distribute.backoff),
                      sleep=run.sleep)
    _prepare(run, deliveries, ledger, result, mail=True)
    fatal: FatalSmtpError | None = None
    try:
        for d in deliveries:
            if not d.todo:
                continue
            r = d.recipient
            if fatal is not None or conn.unreachable:
                d.status = "PENDING: not attempted (" + (fatal.format_message() if fatal else
                                                         f"server unreachable: {conn.unreachable}") + ")"
                result.pending += 1
                continue
            prev = ledger.state(run.channel, r.key, d.content)
            if prev and prev.status == SENDING:
                run.echo(f"Note: {r.name} <{r.email}>: an earlier run stopped while sending this briefing; "
                         f"sending again with the same Message-ID {d.message_id} (a duplicate is recognisable)")
            data = run.make_message(d, sender, dt.datetime.now(dt.timezone.utc).astimezone())
            ledger.record(run.channel, r.key, d.content, SENDING, message_id=d.message_id, name=r.name,
                          files=[f.filename for f in d.files], reports=sorted({f.report_id for f in d.files}))
            try:
                status, detail = conn.send(sender.addr_spec, r.email, data)
            except FatalSmtpError as e:
                fatal = e
                status, detail = PENDING, e.format_message()
            ledger.record(run.channel, r.key, d.content, status, message_id=d.message_id, error=detail)
            if status == SENT:
                d.status = "sent"
                result.sent += 1
            elif status == FAILED:
                d.status = f"FAILED: {detail}"
                result.failed += 1
            else:
                d.status = f"PENDING: {detail}"
                result.pending += 1
    finally:
        conn.close()
    _print_table(run, deliveries)
    run.echo(f"Sent: {result.sent} sent, {result.already} already delivered, {result.pending} pending "
             f"(retried on the next run), {result.failed} failed, {result.refused} refused.")
    if fatal is not None:
        raise fatal
