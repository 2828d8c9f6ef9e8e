"""The three ways of delivering: .eml files for a dry run, folders per recipient, SMTP; and the table of who got what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.headerregistry import Address
from pathlib import Path
from typing import Any, Callable

from .. import __version__
from ..clock import build_datetime
from ..config import Config
from ..errors import OutputError
from ..fsutil import write_bytes
from ..renderers import get as get_format
from ..text.width import columns
from .ledger import FAILED, PENDING, SENDING, SENT, Ledger
from .mail import make_message, render_texts
from .plan import Delivery, PlannedFile, Planner, safe_name, size_text
from .smtp import FatalSmtpError, SmtpSender, SmtpSettings

OUTBOX = "outbox"


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
class Run:
    """One distribute run: where, how, and the planner that knows the built files."""

    outdir: Path
    config: Config
    mode: str
    channel: str
    folders_dir: Path | None
    planner: Planner
    echo: Callable[[str], None]
    sleep: Callable[[float], None]
    env_text: Any = None  #: Jinja2 environments for the mail texts (the HTML one escapes)
    env_html: Any = None


def prepare(run: Run, deliveries: list[Delivery], ledger: Ledger, result: Result, mail: bool) -> None:
    """Decide what this run does for each recipient; render area slides, check sizes and render the
    mail texts for all of them before anything is delivered."""
    limit_mb = float(run.config.distribute.max_attachment_mb)
    for d in deliveries:
        st = ledger.delivered(run.channel, d.recipient.key, d.content)
        if st:
            d.status = f"already delivered {st.sent_time}"
            result.already += 1
            continue
        if not d.files:
            d.status = "nothing to send"
            continue
        run.planner.materialise(d)
        big = next((f for f in d.files if f.size > limit_mb * 1024 * 1024), None) if mail else None
        if big is not None:
            problem = (f"{big.filename} is {size_text(big.size)}, over distribute.max_attachment_mb "
                       f"({limit_mb:g} MB); not sent — raise the limit or deliver with --to-folders")
            run.echo(f"Error: {d.recipient.name} <{d.recipient.email}>: {problem}")
            d.status = "REFUSED: attachment too large"
            result.refused += 1
            if run.mode == "send":
                ledger.record(run.channel, d.recipient.key, d.content, FAILED, message_id=d.message_id, error=problem)
            continue
        if mail:
            render_texts(d, run.config, run.env_text, run.env_html)
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
                         size_text(size) if size else "", d.status if n == 0 else ""])
    return rows


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _print_table(run: Run, deliveries: list[Delivery]) -> None:
    for line in table(["Recipient", "Department", "Report", "Formats", "Size", "Status"], _rows(deliveries)):
        run.echo(line)
    for d in deliveries:
        for n in d.notes:
            run.echo(f"Note: {d.recipient.name} <{d.recipient.email}>: {n}")


def dry_run(run: Run, deliveries: list[Delivery], ledger: Ledger, sender: Address, result: Result) -> None:
    outbox = run.outdir / OUTBOX
    written: set[Path] = set()
    prepare(run, deliveries, ledger, result, mail=True)
    for d in deliveries:
        if not d.todo:
            continue
        path = outbox / f"{safe_name(d.recipient.email.lower(), 120)}.eml"
        write_bytes(path, make_message(d, sender, build_datetime(), __version__))
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


def to_folders(run: Run, deliveries: list[Delivery], ledger: Ledger, result: Result) -> None:
    base = run.folders_dir
    assert base is not None
    prepare(run, deliveries, ledger, result, mail=False)
    for d in deliveries:
        if not d.todo:
            continue
        r = d.recipient
        folder = base / safe_name(f"{r.name}_{r.email.lower()}", 120)
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


def send(run: Run, deliveries: list[Delivery], ledger: Ledger, sender: Address, smtp: SmtpSettings,
          result: Result) -> None:
    conn = SmtpSender(smtp, attempts=run.config.distribute.retries, backoff=float(run.config.distribute.backoff),
                      sleep=run.sleep)
    prepare(run, deliveries, ledger, result, mail=True)
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
            data = make_message(d, sender, dt.datetime.now(dt.timezone.utc).astimezone(), __version__)
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


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(columns(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    out = []
    for r in [headers, *rows]:
        cells = [c + " " * (w - columns(c)) for c, w in zip(r, widths)]
        out.append("  ".join(cells).rstrip())
    return out
