"""Mail messages with Chinese attachment names that Outlook, Foxmail and webmail show, and an SMTP sender.

Attachment headers are written by hand (then parsed back by tests) because the stdlib folder
mangles a long Office MIME type once a non-ASCII parameter is added. Each attachment carries

    Content-Type: <type>; name="=?utf-8?B?…?="           (RFC 2047 words: old Outlook, Foxmail)
    Content-Disposition: attachment; filename*0*=utf-8''…  (RFC 2231: every current client)
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import smtplib
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from typing import Callable

from ..errors import ConfigError
from ..renderers import get as get_format

#: Generation policy: CRLF, 78-column folding, but our pre-folded raw headers are kept as written.
POLICY = email_policy.SMTP.clone(refold_source="none")


@dataclass
class Attachment:
    filename: str
    data: bytes
    fmt: str  #: a registered format name (its MIME type goes into the headers)


def _chunks(text: "str | list[str]", fits: Callable[[str], bool]) -> list[str]:
    """Join *text*'s characters (or already-encoded characters) into the longest pieces *fits* accepts,
    never splitting one character."""
    out, cur = [], ""
    for ch in text:
        if cur and not fits(cur + ch):
            out.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


def rfc2047_words(text: str) -> str:
    """'=?utf-8?B?…?=' words of at most 75 characters, folded one per line (inside a quoted value)."""
    pieces = _chunks(text, lambda s: len(s.encode("utf-8")) <= 45)  # 45 bytes -> 60 base64 characters
    return "\n ".join("=?utf-8?B?" + base64.b64encode(p.encode("utf-8")).decode("ascii") + "?=" for p in pieces)


def rfc2231_param(name: str, text: str) -> str:
    """name*=utf-8''… (continued as name*0*=, name*1*= … when long), split at character boundaries."""
    enc = [urllib.parse.quote(ch, safe="") for ch in text]
    if all(ch.isascii() and ch.isprintable() and ch not in '"\\;' for ch in text) and len(text) < 60:
        return f'{name}="{text}"'
    segs = _chunks(enc, lambda piece: len(piece) <= 60)
    if len(segs) == 1:
        return f"{name}*=utf-8''{segs[0]}"
    return ";\n ".join(f"{name}*{i}*=" + ("utf-8''" if i == 0 else "") + s for i, s in enumerate(segs))


def attachment_part(att: Attachment) -> MIMEPart:
    """One base64 attachment with both filename encodings."""
    part = MIMEPart(policy=POLICY)
    part.set_content(att.data, maintype="application", subtype="octet-stream", cte="base64")
    del part["Content-Type"]
    if att.filename.isascii():
        name = '"' + att.filename.replace("\\", "_").replace('"', "_") + '"'
    else:
        name = '"' + rfc2047_words(att.filename) + '"'
    part.set_raw("Content-Type", f"{get_format(att.fmt).mime};\n name={name}")
    part.set_raw("Content-Disposition", "attachment;\n " + rfc2231_param("filename", att.filename))
    return part


def parse_sender(value: str) -> Address:
    """distribute.from: 'office@example.org' or '办公室 <office@example.org>'."""
    from .roster import valid_email

    if any(c in value for c in "\r\n"):
        raise ConfigError("distribute.from: contains a line break")
    name, addr = email.utils.parseaddr(value)
    if not addr or not valid_email(addr):
        raise ConfigError(f"distribute.from: {value!r} is not an address like office@example.org "
                          "or '办公室 <office@example.org>'")
    return Address(display_name=name, addr_spec=addr)


def build_message(*, sender: Address, to: Address, subject: str, text: str, html: str,
                  attachments: list[Attachment], message_id: str, date: dt.datetime,
                  extra_headers: dict[str, str] | None = None) -> EmailMessage:
    """multipart/mixed [ multipart/alternative [text/plain, text/html], attachments… ].

    MIME boundaries derive from *message_id*, so the same message generates the same bytes.
    """
    subject = " ".join(subject.split())
    tag = hashlib.sha256(message_id.encode()).hexdigest()[:24]
    msg = EmailMessage(policy=POLICY)
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = email.utils.format_datetime(date)
    msg["Message-ID"] = message_id
    for k, v in (extra_headers or {}).items():
        msg[k] = v
    msg["MIME-Version"] = "1.0"
    msg["Content-Type"] = "multipart/mixed"
    msg.set_boundary(f"=_briefgen_m_{tag}")
    alt = MIMEPart(policy=POLICY)
    alt.set_content(text, subtype="plain", cte="base64")
    alt.add_alternative(html, subtype="html", cte="base64")
    alt.set_boundary(f"=_briefgen_a_{tag}")
    msg.attach(alt)
    for att in attachments:
        msg.attach(attachment_part(att))
    return msg


def message_bytes(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=POLICY)


# -- SMTP -------------------------------------------------------------------

TEMPORARY, PERMANENT, FATAL = "temporary", "permanent", "fatal"


class FatalSmtpError(ConfigError):
    """A problem no retry fixes (login refused, certificate not trusted): the run stops."""


def classify(exc: BaseException) -> tuple[str, str]:
    """(temporary | permanent | fatal, one-line detail) of an SMTP or network failure."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (0, b""))
        return (TEMPORARY if 400 <= code < 500 else PERMANENT), f"{code} {_text(text)}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return FATAL, f"login refused: {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return FATAL, f"the server does not support it: {exc}"
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        kind = TEMPORARY if 400 <= code < 500 else PERMANENT if 500 <= code < 600 else TEMPORARY
        return kind, f"{code} {_text(exc.smtp_error)}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return FATAL, f"server certificate not trusted ({exc.verify_message or exc})"
    if isinstance(exc, (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError, socket.timeout)):
        return TEMPORARY, f"{exc.__class__.__name__}: {exc}".rstrip(": ")
    if isinstance(exc, (smtplib.SMTPException, OSError)):
        return TEMPORARY, f"{exc.__class__.__name__}: {exc}".rstrip(": ")
    raise exc


def _text(b: bytes | str) -> str:
    s = b.decode("utf-8", "replace") if isinstance(b, bytes) else str(b)
    return " ".join(s.split())


@dataclass
class SmtpSettings:
    host: str
    port: int
    security: str  #: starttls, tls or none
    user: str | None
    password: str | None
    verify: bool
    timeout: float


class SmtpSender:
    """One connection for the run, reopened after a failure; retries temporary failures with backoff."""

    def __init__(self, settings: SmtpSettings, attempts: int, backoff: float,
                 sleep: Callable[[float], None] = time.sleep):
        self.s = settings
        self.attempts = max(1, attempts)
        self.backoff = max(0.0, backoff)
        self.sleep = sleep
        self.conn: smtplib.SMTP | None = None
        self.unreachable: str | None = None  #: set when connecting failed on every attempt

    def _context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        if not self.s.verify:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def _connect(self) -> smtplib.SMTP:
        s = self.s
        if s.security == "tls":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
        else:
            conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            conn.ehlo()
            if s.security == "starttls":
                if not conn.has_extn("starttls"):
                    raise smtplib.SMTPNotSupportedError(
                        f"{s.host}:{s.port} does not offer STARTTLS; set distribute.smtp.security (tls or starttls)")
                conn.starttls(context=self._context())
                conn.ehlo()
            if s.user:
                conn.login(s.user, s.password or "")
        except BaseException:
            self._close(conn)
            raise
        return conn

    @staticmethod
    def _close(conn: smtplib.SMTP | None) -> None:
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            try:
                conn.close()
            except OSError:  # pragma: no cover
                pass

    def close(self) -> None:
        self._close(self.conn)
        self.conn = None

    def send(self, env_from: str, rcpt: str, data: bytes) -> tuple[str, str | None]:
        """('sent' | 'pending' | 'failed', detail). Raises FatalSmtpError when no message can be sent."""
        detail = None
        for attempt in range(1, self.attempts + 1):
            stage = "connect"
            try:
                if self.conn is None:
                    self.conn = self._connect()
                stage = "send"
                self.conn.sendmail(env_from, [rcpt], data)
                self.unreachable = None
                return "sent", None
            except Exception as e:  # noqa: BLE001 - classified below, unknown ones re-raised
                kind, detail = classify(e)
                if kind == FATAL:
                    self.close()
                    raise FatalSmtpError(f"SMTP {self.s.host}:{self.s.port}: {detail}; "
                                         + _fix_hint(detail)) from None
                if not isinstance(e, smtplib.SMTPRecipientsRefused):
                    self.close()  # the connection may be broken; reopen on the next attempt
                if kind == PERMANENT:
                    return "failed", detail
                if stage == "connect" and attempt == self.attempts:
                    self.unreachable = detail
            if attempt < self.attempts:
                self.sleep(min(self.backoff * 2 ** (attempt - 1), 60.0))
        return "pending", detail


def _fix_hint(detail: str) -> str:
    if detail.startswith("login"):
        return "check distribute.smtp.user and the password variable (distribute.smtp.password_env)"
    if "certificate" in detail:
        return ("install the server's CA certificate, or (only on a trusted network) "
                "set distribute.smtp.verify: false")
    return "check the distribute.smtp settings"
