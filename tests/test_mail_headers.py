"""Mail header injection: a line break hidden in an RFC 2047 encoded word (in a roster field, a report's
title or an attachment name) never becomes a header; each field is refused with its line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from briefgen.distribution import distribute
from briefgen.distribution.headers import decoded, header_problem
from briefgen.distribution.mail import Attachment, build_message, message_bytes, parse_sender
from briefgen.errors import ConfigError, InputError
from test_distribute import ID0, Echo, built, mail_cfg, out, write_roster  # noqa: F401 (fixtures)

INJECT = "=?utf-8?q?=0D=0AReply-To:_x@evil.example?="
VARIANTS = [INJECT, "=?UTF-8?B?DQpCY2M6IHhAZXZpbC5leGFtcGxl?=", "报告 =?utf-8?q?=0ABcc:_x@evil.example?= 续",
            "=?iso-8859-1?q?a=0Db?=", "=?utf-8?q?tab=09here?="]


@pytest.mark.parametrize("value", VARIANTS)
def test_encoded_control_characters_are_found(value):
    assert header_problem(value) and "encoded word" in header_problem(value)


def test_plain_and_harmless_encoded_text_passes():
    assert header_problem("报告简报：2024年政府工作报告") is None
    assert header_problem("=?utf-8?b?5oql5ZGK?=") is None and decoded("=?utf-8?b?5oql5ZGK?=") == "报告"
    assert header_problem("a\r\nBcc: x@example.org")  # raw line breaks too


def _roster(field: str, value: str) -> str:
    person = {"name": "张三", "email": "zhangsan@example.org", "department": "办公室", "subject": "请审阅"}
    person[field] = value
    lines = "\n".join(f"    {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in person.items())
    return f"recipients:\n  - reports: [\"{ID0}\"]\n{lines}\n"


@pytest.mark.parametrize("field,line", [("name", 3), ("department", 5), ("subject", 6)])
@pytest.mark.parametrize("value", VARIANTS[:3])
def test_roster_field_with_encoded_line_break_is_refused(out, tmp_path, field, line, value):
    roster = write_roster(tmp_path, _roster(field, value))
    echo = Echo()
    with pytest.raises(InputError) as e:
        distribute(out, roster, config=mail_cfg(), echo=echo)
    assert f"{roster}:{line}: {field} " in echo.text and "encoded word" in echo.text
    assert "\n" not in e.value.format_message()
    assert not (out / "outbox").exists()


def test_report_title_with_encoded_line_break_is_refused(out, tmp_path):
    state = json.loads((out / "manifest.json").read_text("utf-8"))
    state["reports"][ID0]["title"] = "关于工作的报告" + INJECT
    (out / "manifest.json").write_text(json.dumps(state, ensure_ascii=False), "utf-8")
    roster = write_roster(tmp_path, _roster("subject", "请审阅").replace("    subject: \"请审阅\"\n", ""))
    with pytest.raises(InputError, match=rf"manifest.json: report {ID0}: title .* encoded word"):
        distribute(out, roster, config=mail_cfg(), echo=Echo())
    assert not (out / "outbox").exists()


def _message(**kw):
    args = dict(sender=parse_sender("办公室 <office@example.org>"), to=parse_sender("张三 <zhangsan@example.org>"),
                subject="报告简报", text="正文\n", html="<p>正文</p>\n", attachments=[], message_id="<x@example.org>",
                date=dt.datetime(2024, 1, 5, 8, 0))
    args.update(kw)
    return build_message(**args)


def test_attachment_name_with_encoded_line_break_is_refused():
    with pytest.raises(InputError, match="attachment name .* encoded word"):
        _message(attachments=[Attachment(INJECT + ".pdf", b"%PDF", "pdf")])


def test_subject_and_recipient_name_are_checked_when_the_message_is_built():
    from email.headerregistry import Address

    with pytest.raises(InputError, match="subject"):
        _message(subject="简报" + INJECT)
    with pytest.raises(InputError, match="recipient name"):
        _message(to=Address(display_name=INJECT, addr_spec="a@example.org"))


def test_sender_with_encoded_line_break_is_refused():
    with pytest.raises(ConfigError, match="distribute.from: .*encoded word"):
        parse_sender(f"{INJECT} <office@example.org>")


def test_a_safe_message_keeps_exactly_its_headers():
    raw = message_bytes(_message(subject="=?utf-8?b?5oql5ZGK?= 简报"))
    heads = [ln.split(b":")[0] for ln in raw.split(b"\r\n\r\n")[0].split(b"\r\n") if ln and not ln[:1].isspace()]
    assert b"Reply-To" not in heads and b"Bcc" not in heads
    assert heads.count(b"Subject") == 1
