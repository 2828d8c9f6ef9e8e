"""Mail messages: template texts per delivery, MIME with Chinese attachment names every client shows.

Attachment headers are written by hand (then parsed back by tests) because the stdlib folder
mangles a long Office MIME type once a non-ASCII parameter is added. Each attachment carries

    Content-Type: <type>; name="=?utf-8?B?…?="           (RFC 2047 words: old Outlook, Foxmail)
    Content-Disposition: attachment; filename*0*=utf-8''…  (RFC 2231: every current client)
"""

from __future__ import annotations

import base64
import datetime as dt
import email.parser
import email.utils
import hashlib
import urllib.parse
from dataclasses import dataclass
from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from typing import TYPE_CHECKING, Callable

from ..errors import ConfigError, InputError
from ..renderers import get as get_format
from .headers import header_problem

if TYPE_CHECKING:
    from .plan import Delivery

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
    _safe(att.filename, "attachment name")
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

    problem = header_problem(value)
    if problem:
        raise ConfigError(f"distribute.from: {problem}; write one address on one line")
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
    _safe(subject, "subject")
    for addr, what in ((sender, "sender name"), (to, "recipient name")):
        _safe(addr.display_name, what)
        _safe(addr.addr_spec, what.split()[0] + " address")
    for k, v in (extra_headers or {}).items():
        _safe(v, k)
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
    """The message as sent; parsed back first, so a header no field set can never leave (belt and braces
    behind the field checks)."""
    data = msg.as_bytes(policy=POLICY)
    sent = email.parser.BytesParser(policy=email_policy.default).parsebytes(data, headersonly=True)
    if [k.lower() for k in sent.keys()] != [k.lower() for k in msg.keys()]:
        extra = sorted({k for k in sent.keys()} - {k for k in msg.keys()})
        raise InputError(f"mail to {msg['To']}: the headers would change on the way ({', '.join(extra) or 'folding'}); "
                         "remove line breaks and encoded words from names, titles and subjects")
    return data


def _safe(value: str, what: str) -> None:
    """Refuse a header value with a line break or control character, also inside an RFC 2047 word."""
    problem = header_problem(value)
    if problem:
        raise InputError(f"{what} {value[:60]!r} {problem}; remove it from the roster or the report")


#: The mail templates (user template directory first, then the defaults).
MAIL_TEMPLATES = {"subject": "mail_subject.txt.j2", "text": "mail_body.txt.j2", "html": "mail_body.html.j2"}


def message_context(d: "Delivery", config) -> dict:
    """What the mail templates see for delivery *d*."""
    from ..clock import build_datetime, cn_date
    from .plan import size_text

    r = d.recipient
    org = config.organisation or next((i.organisation for i in d.items if i.organisation), "")
    return {
        "recipient": {"name": r.name, "email": r.email, "department": r.department},
        "items": d.items,
        "attachments": [{"filename": f.filename, "format": f.fmt, "format_cn": get_format(f.fmt).label,
                         "size": f.size, "size_text": size_text(f.size), "report_id": f.report_id}
                        for f in d.files],
        "marking": config.marking or "",
        "organisation": org,
        "generated_text": cn_date(build_datetime()),
    }


def render_texts(d: "Delivery", config, env_text, env_html) -> None:
    """Subject, text and HTML body from the templates (done for every message before any is sent,
    so a template problem stops the run before the first delivery)."""
    from ..templating import render

    ctx = message_context(d, config)
    subject = d.recipient.subject or " ".join(render(env_text, MAIL_TEMPLATES["subject"], ctx).split())
    _safe(subject, f"mail subject for {d.recipient.email}")
    for f in d.files:
        _safe(f.filename, "attachment name")
    d.texts = (subject or "报告简报", render(env_text, MAIL_TEMPLATES["text"], ctx),
               render(env_html, MAIL_TEMPLATES["html"], ctx))


def make_message(d: "Delivery", sender: Address, date: dt.datetime, version: str) -> bytes:
    """The message of delivery *d* as bytes, its files attached."""
    subject, text, html = d.texts
    atts = [Attachment(f.filename, f.path.read_bytes(), f.fmt) for f in d.files]  # type: ignore[union-attr]
    msg = build_message(sender=sender, to=Address(display_name=d.recipient.name, addr_spec=d.recipient.email),
                        subject=subject, text=text, html=html, attachments=atts, message_id=d.message_id, date=date,
                        extra_headers={"X-Mailer": f"briefgen {version}", "X-Briefgen-Content": d.content})
    return message_bytes(msg)
