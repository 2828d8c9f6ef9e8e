"""Mail header safety: text from a report or roster is checked as a mail client will read it (RFC 2047 words decoded)."""

from __future__ import annotations

import email.errors
import email.header
import re

#: Line breaks and other control characters (C0, DEL, C1, the Unicode line/paragraph separators).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: An RFC 2047 encoded word: =?charset?B|Q?text?=
ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def decoded(value: str) -> str:
    """*value* as a mail client shows it: every RFC 2047 encoded word decoded (undecodable words kept)."""
    if not ENCODED_WORD.search(value):
        return value
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        return value


def header_problem(value: str) -> str | None:
    """Why *value* must not go into a mail header, or None: a line break or control character, written
    as it is or hidden in an encoded word (=?utf-8?q?=0D=0A…?=) that a client or the email package decodes."""
    m = CONTROL.search(value)
    if m:
        return f"contains a line break or control character (U+{ord(m.group()):04X}; it could inject mail headers)"
    m = CONTROL.search(decoded(value))
    if m:
        return (f"contains an RFC 2047 encoded word that decodes to a line break or control character "
                f"(U+{ord(m.group()):04X}; it could inject mail headers)")
    return None


def check_header(value: str, what: str) -> str:
    """*value* unchanged when it is safe in a header; else a ValueError naming *what*."""
    problem = header_problem(value)
    if problem:
        raise ValueError(f"{what} {value!r} {problem}")
    return value
