"""Sending by SMTP: one connection per run (STARTTLS or TLS, certificates verified), temporary failures retried."""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Callable

from ..errors import ConfigError

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
