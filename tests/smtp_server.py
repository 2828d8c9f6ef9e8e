"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 (loopback only) in a thread, with fault injection."""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.data)  # type: ignore[return-value]


@dataclass
class Handler:
    """Accepts everything except what the test asks for.

    ``replies[address] = "451 4.3.0 …"`` answers RCPT with that line (``temp_count[address] = n``
    makes it answer so only n times); ``block`` is an address whose RCPT waits until ``release``
    is set (the test kills the client meanwhile); ``blocked`` is set when that happens.
    """

    received: list[Received] = field(default_factory=list)
    replies: dict[str, str] = field(default_factory=dict)
    temp_count: dict[str, int] = field(default_factory=dict)
    block: str | None = None
    blocked: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    auth: list[tuple[str, str]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.block:
            self.blocked.set()
            for _ in range(600):  # at most 30 s, then give up
                if self.release.is_set():
                    break
                await asyncio.sleep(0.05)
            return "451 4.3.0 released"
        if address in self.replies:
            left = self.temp_count.get(address)
            if left is None or left > 0:
                if left is not None:
                    self.temp_count[address] = left - 1
                return self.replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content or envelope.content))
        return "250 2.0.0 queued"

    def for_address(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """Context manager: ``with SmtpServer() as srv: srv.port, srv.handler.received``."""

    def __init__(self, **controller_kwargs):
        self.handler = Handler()
        self.port = free_port()
        self.kwargs = controller_kwargs
        if "authenticator" in controller_kwargs:
            inner = controller_kwargs["authenticator"]

            def authenticator(server, session, envelope, mechanism, auth_data):
                self.handler.auth.append((auth_data.login.decode(), auth_data.password.decode()))
                return inner(server, session, envelope, mechanism, auth_data)

            self.kwargs["authenticator"] = authenticator
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **self.kwargs)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.handler.release.set()
        self.controller.stop()
