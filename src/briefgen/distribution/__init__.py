"""Distribution: deliver built briefings to the staff on a roster — .eml dry run, SMTP or folders.

Plan, then act:

1. Read ``OUTDIR/manifest.json`` (what the build wrote: nothing is rendered again) and the roster;
   every roster problem is listed with its line before anything happens (:mod:`.roster`).
2. Plan one message per recipient (:mod:`.plan`): their reports' files (``<title>-<label><suffix>``:
   ``-摘要.docx``, ``-一页纸.pdf``, ``-幻灯片.md`` …; a slide deck cut down to the recipient's keyword
   areas), and a *content key*, the sha256 of the attachment set (names and file hashes).
3. Skip what the ledger (``OUTDIR/delivery-ledger.jsonl``) says this recipient already received
   with the same content key on this channel: never the same briefing twice; a changed briefing
   is a new delivery.
4. Act (:mod:`.channels`): dry run (default) writes ``OUTDIR/outbox/<address>.eml`` and records nothing
   (a dry run is not a delivery); ``send`` sends by SMTP; ``folders`` copies into one folder per person.

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

import hashlib
import os
import time
from email.headerregistry import Address
from pathlib import Path
from typing import Callable

from .. import manifest
from ..config import Config
from ..errors import ConfigError, InputError
from ..templating import make_env
from .channels import Result, Run, dry_run, send, to_folders
from .ledger import NAME as LEDGER_NAME, Ledger
from .mail import parse_sender
from .plan import Planner
from .roster import RosterError, load_roster
from .smtp import SmtpSettings

__all__ = ["MODES", "Result", "distribute"]

#: How a run delivers: write .eml files, send by SMTP, copy into folders.
MODES = ("dry-run", "send", "folders")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


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
        raise ConfigError(f"{cfg.path or 'config'}: distribute.smtp.user is set but the environment variable {env} is empty; "
                          f"export the SMTP password in {env} (it is never read from a file or the command line)")
    if user and security == "none" and host not in ("localhost", "127.0.0.1", "::1"):
        raise ConfigError("distribute.smtp.security: none would send the SMTP password unencrypted; "
                          "use starttls or tls")
    return SmtpSettings(host=host, port=int(port), security=security, user=user, password=password,
                        verify=smtp.verify, timeout=float(smtp.timeout))


def distribute(out_dir: str | Path, roster: str | Path, *, mode: str = "dry-run", folders_dir: str | Path | None = None,
               config: Config | None = None, echo: Callable[[str], None] = print,
               sleep: Callable[[float], None] = time.sleep) -> Result:
    """Deliver the briefings built in *out_dir* to the people on *roster*; see the module docstring.

    *mode*: ``dry-run`` (write .eml files), ``send`` (SMTP) or ``folders`` (copy into *folders_dir*).
    *sleep* is how retries wait (tests pass a no-op).
    """
    from ..config import load_config

    outdir, roster = Path(out_dir), Path(roster)
    cfg = config if config is not None else load_config()
    if mode not in MODES:
        raise InputError(f"unknown delivery mode {mode!r}; choose from {', '.join(MODES)}")
    if folders_dir is not None and mode != "folders":
        raise InputError("--send and --to-folders exclude each other; choose one way of delivering")
    if mode == "folders" and folders_dir is None:
        raise InputError("delivering to folders needs the folder; give --to-folders DIR")
    reports = manifest.load(outdir, strict=True)["reports"]
    folders = Path(folders_dir) if folders_dir is not None else None
    planner = Planner(outdir, roster, reports, echo)
    run = Run(outdir, cfg, mode, f"folder:{folders.resolve()}" if folders else "smtp", folders, planner, echo, sleep)
    try:
        recipients = load_roster(roster, reports, planner.areas_of)
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
        elif mode == "send":
            raise ConfigError("distribute.from: not set; give the sender address in briefgen.yaml "
                              "(distribute: {from: office@example.org})")
        if mode == "send":
            smtp = _smtp_settings(cfg)
    run.env_text = make_env(cfg.templates)
    run.env_html = make_env(cfg.templates)
    run.env_html.autoescape = True  # names and titles in the HTML part are escaped

    deliveries = planner.plan(recipients)
    for d in deliveries:
        d.message_id = _message_id(d.recipient.key, d.content, sender)
    ledger = Ledger(outdir / LEDGER_NAME)
    for w in ledger.warnings:
        echo(f"Warning: {w}")
    result = Result(run.mode, recipients=len(deliveries))
    try:
        if run.mode == "dry-run":
            dry_run(run, deliveries, ledger, sender, result)
        else:
            with ledger:
                if run.mode == "folders":
                    to_folders(run, deliveries, ledger, result)
                else:
                    send(run, deliveries, ledger, sender, smtp, result)  # type: ignore[arg-type]
    finally:
        planner.cleanup()
    return result
