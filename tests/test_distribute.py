"""`briefgen distribute`: roster checks, .eml dry run, SMTP delivery against a real loopback server,
fault injection (451, 550, a killed run, a crash after the server accepted), folders, the ledger, the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import types
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import document
from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.distribution import distribute
from briefgen.errors import ConfigError, InputError
from briefgen.fsutil import write_bytes
from briefgen.distribution.ledger import Ledger
from briefgen.distribution.mail import Attachment, build_message, message_bytes, parse_sender
from briefgen import renderers
from smtp_server import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
ID0, ID2 = "000_2fc45e29f8add522", "002_844e24db9a45d4c4"
OUTPUT_NAMES = {"docx": "summary.docx", "pdf": "briefing.pdf", "slides": "slides.md", "pptx": "slides.pptx"}
LABELS = {"docx": "-摘要.docx", "pdf": "-一页纸.pdf", "slides": "-幻灯片.md", "pptx": "-幻灯片.pptx"}
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf", "slides": "text/markdown"}
TAGS = {ID0: ["全会报告", "2020"], ID2: ["全会报告", "2022"]}


def _renderer_available(fmt: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(renderers.get(fmt).renderer.split(":")[0]) is not None


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def build_fixture(out: Path, briefs: dict, cfg) -> None:
    """An output directory as 'briefgen build' writes it, the reports tagged for rosters."""
    from briefgen import build, manifest

    for brief in briefs.values():
        document.save(brief, out.parent / "models" / f"{brief.report.id}.yaml")
    result = build([str(out.parent / "models")], out, config=cfg)
    assert not result.failed
    state = manifest.load(out)
    for rid, entry in state["reports"].items():
        entry["tags"] = TAGS[rid]
    manifest.save(out, state)


@pytest.fixture(scope="session")
def built(tmp_path_factory, briefs):
    out = tmp_path_factory.mktemp("built") / "output"
    build_fixture(out, briefs, load_config(None))
    return out


@pytest.fixture
def out(tmp_path, built) -> Path:
    dst = tmp_path / "output"
    shutil.copytree(built, dst)
    return dst


@pytest.fixture
def stub_slides(monkeypatch):
    """Area-limited slides need the slides/pptx renderers; stand in for any not written yet."""
    for fmt in ("slides", "pptx"):
        if _renderer_available(fmt):
            continue
        mod = types.ModuleType(f"_stub_{fmt}")

        def _render(brief, env, context, out_path, cfg, fmt=fmt):
            write_bytes(out_path, "\n".join(f"## {a.name}" for a in brief.keyword_areas).encode() + b"\n")
            return []

        mod.render = _render
        monkeypatch.setitem(sys.modules, mod.__name__, mod)
        monkeypatch.setitem(renderers._REGISTRY, fmt, __import__("dataclasses").replace(
            renderers.get(fmt), renderer=f"{mod.__name__}:render"))


def titles(out: Path) -> dict[str, str]:
    return {rid: r["title"] for rid, r in json.loads((out / "manifest.json").read_text("utf-8"))["reports"].items()}


def expected(out: Path, rid: str, formats) -> dict[str, bytes]:
    t = titles(out)[rid]
    return {t + LABELS[f]: (out / rid / OUTPUT_NAMES[f]).read_bytes() for f in formats}


def attachments(msg) -> dict[str, bytes]:
    return {a.get_filename(): a.get_content() if isinstance(a.get_content(), bytes) else a.get_payload(decode=True)
            for a in msg.iter_attachments()}


def parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


def write_roster(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "roster.yaml"
    p.write_text(text, encoding="utf-8")
    return p


ROSTER = f"""\
recipients:
  - name: 张三
    email: zhangsan@example.org
    department: 办公室
    reports: ["{ID0}"]
  - name: 李四
    email: lisi@example.org
    department: 研究室
    tags: [全会报告]
    formats: [docx, pdf, slides, pptx]
  - name: 王五
    email: wangwu@example.org
    reports: ["002_*"]
    formats: [pdf]
"""


def mail_cfg(port: int | None = None, **extra):
    cfg = load_config(None)
    d = cfg.distribute
    d.sender = "北京市总工会办公室 <office@example.org>"
    d.retries = 3
    d.backoff = 0.5
    if port is not None:
        d.smtp.host, d.smtp.port, d.smtp.security, d.smtp.timeout = "127.0.0.1", port, "none", 10
    for k, v in extra.items():
        setattr(d, k, v)
    return cfg


class Echo(list):
    def __call__(self, line: str) -> None:
        self.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self)


# -- messages -----------------------------------------------------------------

def test_attachment_headers_carry_both_filename_encodings():
    name = "坚守初心使命 勇于担当作为 为夺取疫情防控和经济社会发展双胜利贡献工会力量-幻灯片.pptx"
    data = bytes(range(256)) * 3
    msg = build_message(sender=parse_sender("办公室 <office@example.org>"),
                        to=parse_sender("张三 <zhangsan@example.org>"), subject="【内部资料】报告简报：测试",
                        text="正文\n", html="<p>正文</p>\n", attachments=[Attachment(name, data, "pptx")],
                        message_id="<x@example.org>", date=__import__("datetime").datetime(2024, 1, 5, 8, 0))
    raw = message_bytes(msg)
    head = raw.decode("ascii")  # everything 7-bit: no SMTPUTF8/8BITMIME needed
    assert "filename*0*=utf-8''%E5%9D%9A" in head  # RFC 2231, continued
    assert 'name="=?utf-8?B?' in head  # RFC 2047 fallback for older clients
    assert f"Content-Type: {MIME['pptx']};" in head  # not mangled by header folding
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    p = parse(raw)
    (att,) = p.iter_attachments()
    assert att.get_filename() == name
    assert att.get_content_type() == MIME["pptx"]
    assert att.get_content() == data
    assert p["subject"] == "【内部资料】报告简报：测试"
    assert p.get_body(("plain",)).get_content() == "正文\r\n"  # text in canonical (CRLF) form
    assert p.get_body(("html",)).get_content_type() == "text/html"
    # the compat32 parser (what many older tools use) decodes the RFC 2047 name too
    import email.header
    old = __import__("email").message_from_bytes(raw)
    part = [x for x in old.walk() if x.get_content_maintype() == "application"][0]
    assert str(email.header.make_header(email.header.decode_header(part.get_param("name")))) == name
    assert message_bytes(msg) == raw  # deterministic bytes (boundaries derive from the Message-ID)


def test_sender_address_is_checked():
    assert parse_sender("office@example.org").addr_spec == "office@example.org"
    with pytest.raises(ConfigError):
        parse_sender("not an address")
    with pytest.raises(ConfigError):
        parse_sender("a@example.org\r\nBcc: x@example.org")


# -- dry run ------------------------------------------------------------------

def test_dry_run_writes_eml_files_with_the_built_attachments(out, tmp_path):
    echo = Echo()
    res = distribute(out, write_roster(tmp_path, ROSTER), config=mail_cfg(), echo=echo)
    assert res.undelivered == 0 and res.written == 3 and res.mode == "dry-run"
    box = out / "outbox"
    assert sorted(p.name for p in box.iterdir()) == ["lisi@example.org.eml", "wangwu@example.org.eml",
                                                      "zhangsan@example.org.eml"]
    zs = parse((box / "zhangsan@example.org.eml").read_bytes())
    assert attachments(zs) == expected(out, ID0, ["docx", "pdf"])
    assert zs["to"].addresses[0].display_name == "张三"
    assert zs["from"].addresses[0].addr_spec == "office@example.org"
    assert "报告简报" in zs["subject"] and titles(out)[ID0] in zs["subject"]
    text = zs.get_body(("plain",)).get_content()
    assert text.startswith("张三：") and titles(out)[ID0] in text
    html = zs.get_body(("html",)).get_content()
    assert "<html" in html and "张三" in html
    ls = parse((box / "lisi@example.org.eml").read_bytes())
    want = {**expected(out, ID0, OUTPUT_NAMES), **expected(out, ID2, OUTPUT_NAMES)}
    assert attachments(ls) == want
    for a in ls.iter_attachments():
        fmt = next(f for f, suffix in LABELS.items() if a.get_filename().endswith(suffix))
        assert a.get_content_type() == MIME[fmt]
    ww = parse((box / "wangwu@example.org.eml").read_bytes())
    assert attachments(ww) == expected(out, ID2, ["pdf"])
    # a dry run is not a delivery: nothing in the ledger, and the table says who gets what
    ledger = out / "delivery-ledger.jsonl"
    assert not ledger.exists() or ledger.read_text() == ""
    assert "Recipient" in echo[0] and "zhangsan@example.org" in echo.text and "nothing was sent" in echo[-1]
    # reproducible: a second dry run writes the same bytes, and drops outbox files no longer planned
    before = (box / "zhangsan@example.org.eml").read_bytes()
    write_bytes(box / "stale@example.org.eml", b"old")
    distribute(out, write_roster(tmp_path, ROSTER), config=mail_cfg(), echo=Echo())
    assert (box / "zhangsan@example.org.eml").read_bytes() == before
    assert not (box / "stale@example.org.eml").exists()


def test_marking_and_key_figures_reach_the_mail(out, tmp_path, briefs):
    cfg = mail_cfg()
    cfg.marking = "内部资料"
    distribute(out, write_roster(tmp_path, ROSTER), config=cfg, echo=Echo())
    zs = parse((out / "outbox" / "zhangsan@example.org.eml").read_bytes())
    assert zs["subject"].startswith("【内部资料】")
    text = zs.get_body(("plain",)).get_content()
    assert "内部资料" in text
    from briefgen.selection.context import key_figures

    for ind in key_figures(briefs["000"].indicators, 4):
        assert ind.display in text  # figures as the model writes them
    html = zs.get_body(("html",)).get_content()
    assert key_figures(briefs["000"].indicators, 4)[0].display in html


def test_html_part_escapes_names(out, tmp_path):
    roster = write_roster(tmp_path, f"""\
- name: "<b>赵六</b> & Co"
  email: zhaoliu@example.org
  reports: ["{ID0}"]
""")
    distribute(out, roster, config=mail_cfg(), echo=Echo())
    m = parse((out / "outbox" / "zhaoliu@example.org.eml").read_bytes())
    assert "&lt;b&gt;赵六&lt;/b&gt; &amp; Co" in m.get_body(("html",)).get_content()
    assert "<b>赵六</b> & Co" in m.get_body(("plain",)).get_content()


def test_area_limited_recipient_gets_slides_for_those_areas_only(out, tmp_path, briefs, stub_slides):
    roster = write_roster(tmp_path, f"""\
- name: 孙七
  email: sunqi@example.org
  reports: ["{ID0}", "{ID2}"]
  formats: [docx, slides]
  areas: [k1, 产业工人]
""")
    echo = Echo()
    res = distribute(out, roster, config=mail_cfg(), echo=echo)
    assert res.written == 1, echo.text
    m = parse((out / "outbox" / "sunqi@example.org.eml").read_bytes())
    got = attachments(m)
    t = titles(out)
    # docx is the whole report, as built
    assert got[t[ID0] + "-摘要.docx"] == (out / ID0 / "summary.docx").read_bytes()
    md0 = got[t[ID0] + "-幻灯片（节选）.md"].decode("utf-8")
    md2 = got[t[ID2] + "-幻灯片（节选）.md"].decode("utf-8")
    a0 = {a.id: a.name for a in briefs["000"].keyword_areas}
    a2 = {a.id: a.name for a in briefs["002"].keyword_areas}
    assert f"## {a0['k1']}" in md0 and f"## {a0['k2']}" in md0  # k2 = 推进产业工人队伍建设改革
    assert f"## {a0['k3']}" not in md0 and f"## {a0['k5']}" not in md0
    assert f"## {a2['k1']}" in md2 and f"## {a2['k3']}" in md2  # k3 = 深入推进产业工人队伍建设改革
    assert f"## {a2['k2']}" not in md2
    text = m.get_body(("plain",)).get_content()
    assert a0["k2"] in text  # the body names the areas the slides cover


# -- roster problems ----------------------------------------------------------

def test_roster_problems_are_all_listed_with_lines_before_anything_happens(out, tmp_path):
    roster = write_roster(tmp_path, f"""\
recipients:
  - name: 张三
    email: zhangsan@example.org
    reports: ["{ID0}"]
  - name: 无邮箱
    reports: ["{ID0}"]
  - name: 坏地址
    email: "not-an-address"
    reports: ["{ID0}"]
  - name: "注入\\r\\nBcc: evil@example.org"
    email: inject@example.org
    reports: ["{ID0}"]
  - name: 不存在
    email: nobody@example.org
    reports: [999_nope]
  - name: 重复
    email: ZhangSan@example.org
    reports: ["{ID0}"]
  - name: 格式
    email: fmt@example.org
    reports: ["{ID0}"]
    formats: [docx, xlsx]
  - name: 领域
    email: area@example.org
    reports: ["{ID0}"]
    formats: [slides]
    areas: [k9, 不存在的领域]
  - name: 主题
    email: subj@example.org
    reports: ["{ID0}"]
    subject: "你好\\nBcc: evil@example.org"
  - name: 标签
    email: tag@example.org
    tags: [没有这个标签]
  - name: 拼错
    emial: typo@example.org
    reports: ["{ID0}"]
""")
    echo = Echo()
    with pytest.raises(InputError) as e:
        distribute(out, roster, config=mail_cfg(), echo=echo)
    lines = echo.text
    r = str(roster)
    assert f"{r}:5: 无邮箱: missing email" in lines
    assert f"{r}:8: 坏地址: malformed email address 'not-an-address'" in lines
    assert f"{r}:10: name '注入\\r\\nBcc: evil@example.org' contains a line break" in lines
    assert f"{r}:15: report '999_nope' is not in the manifest" in lines
    assert f"{r}:17: 重复: duplicate recipient ZhangSan@example.org (already listed at line 3)" in lines
    assert f"{r}:22: unknown format(s) 'xlsx'" in lines
    assert f"{r}:27: unknown keyword area 'k9'" in lines and f"{r}:27: unknown keyword area '不存在的领域'" in lines
    assert f"{r}:31: subject" in lines
    assert f"{r}:34: no report in the manifest has tag '没有这个标签'" in lines
    assert f"{r}:36: unknown key 'emial'" in lines and f"{r}:35: 拼错: missing email" in lines
    assert "nothing was sent" in str(e.value.format_message()) and "\n" not in e.value.format_message()
    assert not (out / "outbox").exists()


def test_roster_must_be_a_list_and_valid_yaml(out, tmp_path):
    with pytest.raises(InputError, match=r"roster.yaml:\d+: not valid YAML"):
        distribute(out, write_roster(tmp_path, "- name: a\n  email: [\n"), config=mail_cfg(), echo=Echo())
    with pytest.raises(InputError, match="expected a list of recipients"):
        distribute(out, write_roster(tmp_path, "name: a\n"), config=mail_cfg(), echo=Echo())
    with pytest.raises(InputError, match="manifest.json: not found"):
        distribute(tmp_path, write_roster(tmp_path, ROSTER), config=mail_cfg(), echo=Echo())


def test_oversized_attachment_is_refused_with_a_clear_message(out, tmp_path):
    echo = Echo()
    res = distribute(out, write_roster(tmp_path, ROSTER), config=mail_cfg(max_attachment_mb=0.000001), echo=echo)
    assert res.refused == 3 and res.undelivered == 3 and res.written == 0
    assert "over distribute.max_attachment_mb" in echo.text and "--to-folders" in echo.text


# -- sending --------------------------------------------------------------------

def test_send_delivers_exactly_what_the_roster_asks_and_never_twice(out, tmp_path):
    roster = write_roster(tmp_path, ROSTER)
    with SmtpServer() as srv:
        echo = Echo()
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=echo)
        assert (res.sent, res.undelivered) == (3, 0), echo.text
        h = srv.handler
        assert len(h.received) == 3
        for r in h.received:
            assert r.mail_from == "office@example.org" and len(r.rcpt_tos) == 1
        (zs,) = h.for_address("zhangsan@example.org")
        assert attachments(zs.message) == expected(out, ID0, ["docx", "pdf"])
        (ls,) = h.for_address("lisi@example.org")
        assert attachments(ls.message) == {**expected(out, ID0, OUTPUT_NAMES), **expected(out, ID2, OUTPUT_NAMES)}
        (ww,) = h.for_address("wangwu@example.org")
        assert attachments(ww.message) == expected(out, ID2, ["pdf"])
        assert zs.message["message-id"] != ls.message["message-id"]
        # the ledger says sent, per recipient and content
        events = [json.loads(x) for x in (out / "delivery-ledger.jsonl").read_text("utf-8").splitlines()]
        assert [e["status"] for e in events].count("sent") == 3
        assert [e["status"] for e in events].count("sending") == 3
        # a rerun sends nothing
        echo = Echo()
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=echo)
        assert (res.sent, res.already, res.undelivered) == (0, 3, 0)
        assert len(h.received) == 3
        assert "already delivered" in echo.text
        # a changed briefing is a new delivery, for those who receive it only
        pdf = out / ID2 / "briefing.pdf"
        write_bytes(pdf, pdf.read_bytes() + b"\n% rebuilt\n")
        man = json.loads((out / "manifest.json").read_text("utf-8"))
        man["reports"][ID2]["outputs"]["pdf"]["sha256"] = _sha(pdf.read_bytes())
        (out / "manifest.json").write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=Echo())
        assert (res.sent, res.already) == (2, 1)
        assert len(h.for_address("zhangsan@example.org")) == 1
        assert len(h.for_address("wangwu@example.org")) == 2
        assert attachments(h.for_address("wangwu@example.org")[-1].message) == expected(out, ID2, ["pdf"])


def test_a_file_changed_after_the_build_is_refused(out, tmp_path):
    pdf = out / ID0 / "briefing.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"tampered")
    with SmtpServer() as srv:
        with pytest.raises(InputError, match="changed since the build"):
            distribute(out, write_roster(tmp_path, ROSTER), config=mail_cfg(srv.port), mode="send", echo=Echo())
        assert srv.handler.received == []


def test_451_is_retried_then_pending_550_fails_and_a_rerun_completes(out, tmp_path):
    roster = write_roster(tmp_path, ROSTER)
    waits: list[float] = []
    with SmtpServer() as srv:
        h = srv.handler
        h.replies["zhangsan@example.org"] = "451 4.2.1 mailbox busy, try later"
        h.replies["wangwu@example.org"] = "550 5.1.1 no such user"
        echo = Echo()
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=echo, sleep=waits.append)
        assert (res.sent, res.pending, res.failed, res.undelivered) == (1, 1, 1, 2)
        assert waits == [0.5, 1.0]  # three attempts, doubling backoff
        assert "PENDING: 451 4.2.1 mailbox busy" in echo.text and "FAILED: 550 5.1.1 no such user" in echo.text
        assert [r.rcpt_tos for r in h.received] == [["lisi@example.org"]]
        # the mailbox frees up; the rerun completes it, retries the 550 (still refused), resends nothing
        del h.replies["zhangsan@example.org"]
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=Echo(), sleep=waits.append)
        assert (res.sent, res.already, res.pending, res.failed) == (1, 1, 0, 1)
        assert sorted(r.rcpt_tos[0] for r in h.received) == ["lisi@example.org", "zhangsan@example.org"]
        # a temporary failure that clears on the second attempt is sent in the same run
        h.replies["wangwu@example.org"] = "421 4.7.0 try again"
        h.temp_count["wangwu@example.org"] = 1
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=Echo(), sleep=waits.append)
        assert (res.sent, res.already, res.undelivered) == (1, 2, 0)
        assert len(h.received) == 3


def test_unreachable_server_leaves_everything_pending(out, tmp_path):
    from smtp_server import free_port

    waits: list[float] = []
    echo = Echo()
    res = distribute(out, write_roster(tmp_path, ROSTER), config=mail_cfg(free_port()), mode="send", echo=echo,
                     sleep=waits.append)
    assert (res.sent, res.pending, res.undelivered) == (0, 3, 3)
    assert len(waits) == 2  # only the first message tries to connect; the rest wait for the next run
    assert "server unreachable" in echo.text


def test_crash_after_the_server_accepted_resends_with_the_same_message_id(out, tmp_path, monkeypatch):
    """The documented at-least-once window: sent, but the run died before recording it."""
    roster = write_roster(tmp_path, ROSTER)
    real = Ledger.record

    def crash_on_first_sent(self, channel, recipient, content, status, **kw):
        if status == "sent":
            raise KeyboardInterrupt("killed")
        return real(self, channel, recipient, content, status, **kw)

    with SmtpServer() as srv:
        monkeypatch.setattr(Ledger, "record", crash_on_first_sent)
        with pytest.raises(KeyboardInterrupt):
            distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=Echo())
        monkeypatch.setattr(Ledger, "record", real)
        assert len(srv.handler.received) == 1
        echo = Echo()
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=echo)
        assert res.sent == 3 and res.undelivered == 0
        assert "stopped while sending" in echo.text
        first = srv.handler.for_address("zhangsan@example.org")
        assert len(first) == 2  # the duplicate ...
        assert first[0].message["message-id"] == first[1].message["message-id"]  # ... is recognisable
        assert len(srv.handler.for_address("lisi@example.org")) == 1
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=Echo())
        assert res.sent == 0 and res.already == 3


def test_a_killed_run_is_completed_by_the_rerun_without_duplicates(out, tmp_path):
    """A real crash: the CLI in a subprocess is SIGKILLed while the server holds the second message."""
    roster = write_roster(tmp_path, ROSTER)
    with SmtpServer() as srv:
        h = srv.handler
        h.block = "lisi@example.org"
        conf = tmp_path / "briefgen.yaml"
        conf.write_text(f"""\
distribute:
  from: office@example.org
  retries: 1
  smtp: {{host: 127.0.0.1, port: {srv.port}, security: none, timeout: 20}}
""", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.Popen([sys.executable, "-m", "briefgen.cli", "distribute", str(out), "--roster",
                                 str(roster), "--send", "--config", str(conf)],
                                cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            if not h.blocked.wait(60):
                proc.kill()
                pytest.fail("the subprocess never reached the second message: "
                            + proc.communicate()[0].decode("utf-8", "replace"))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        h.block = None
        h.release.set()
        assert [r.rcpt_tos for r in h.received] == [["zhangsan@example.org"]]
        # the ledger shows the first message sent and the second in flight
        states = {}
        for line in (out / "delivery-ledger.jsonl").read_text("utf-8").splitlines():
            e = json.loads(line)
            states[e["recipient"]] = e["status"]
        assert states == {"zhangsan@example.org": "sent", "lisi@example.org": "sending"}
        echo = Echo()
        res = distribute(out, roster, config=mail_cfg(srv.port), mode="send", echo=echo)
        assert (res.sent, res.already, res.undelivered) == (2, 1, 0), echo.text
        for addr in ("zhangsan@example.org", "lisi@example.org", "wangwu@example.org"):
            assert len(h.for_address(addr)) == 1, addr
        assert attachments(h.for_address("lisi@example.org")[0].message) == {
            **expected(out, ID0, OUTPUT_NAMES), **expected(out, ID2, OUTPUT_NAMES)}


def test_password_comes_from_the_environment_only(out, tmp_path, monkeypatch):
    from aiosmtpd.smtp import AuthResult

    roster = write_roster(tmp_path, ROSTER)
    monkeypatch.delenv("BRIEFGEN_SMTP_PASSWORD", raising=False)
    with SmtpServer(authenticator=lambda *a: AuthResult(success=True), auth_require_tls=False) as srv:
        cfg = mail_cfg(srv.port)
        cfg.distribute.smtp.user = "office"
        with pytest.raises(ConfigError, match="BRIEFGEN_SMTP_PASSWORD is empty"):
            distribute(out, roster, config=cfg, mode="send", echo=Echo())
        cfg.distribute.smtp.password_env = "MY_SMTP_SECRET"
        monkeypatch.setenv("MY_SMTP_SECRET", "s3cret")
        res = distribute(out, roster, config=cfg, mode="send", echo=Echo())
        assert res.sent == 3
        assert srv.handler.auth and set(srv.handler.auth) == {("office", "s3cret")}


def test_login_refused_stops_the_run(out, tmp_path, monkeypatch):
    from aiosmtpd.smtp import AuthResult

    monkeypatch.setenv("BRIEFGEN_SMTP_PASSWORD", "wrong")
    with SmtpServer(authenticator=lambda *a: AuthResult(success=False, handled=False), auth_require_tls=False) as srv:
        cfg = mail_cfg(srv.port)
        cfg.distribute.smtp.user = "office"
        echo = Echo()
        with pytest.raises(ConfigError, match="login refused"):
            distribute(out, write_roster(tmp_path, ROSTER), config=cfg, mode="send", echo=echo)
        assert srv.handler.received == []
        assert "not attempted" in echo.text


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
                   check=True, capture_output=True)
    return d / "cert.pem", d / "key.pem"


def test_starttls_verifies_the_certificate_by_default(out, tmp_path, tls_cert):
    import ssl

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(*tls_cert)
    roster = write_roster(tmp_path, ROSTER)
    with SmtpServer(tls_context=ctx, require_starttls=True) as srv:
        cfg = mail_cfg(srv.port)
        cfg.distribute.smtp.security = "starttls"
        with pytest.raises(ConfigError, match="certificate not trusted"):
            distribute(out, roster, config=cfg, mode="send", echo=Echo())
        assert srv.handler.received == []
        cfg.distribute.smtp.verify = False  # a self-signed test server on loopback
        res = distribute(out, roster, config=cfg, mode="send", echo=Echo())
        assert res.sent == 3 and len(srv.handler.received) == 3


def test_send_needs_a_server_and_a_sender(out, tmp_path):
    cfg = mail_cfg()
    with pytest.raises(ConfigError, match="distribute.smtp.host"):
        distribute(out, write_roster(tmp_path, ROSTER), config=cfg, mode="send", echo=Echo())
    cfg.distribute.sender = None
    with pytest.raises(ConfigError, match="distribute.from"):
        distribute(out, write_roster(tmp_path, ROSTER), config=cfg, mode="send", echo=Echo())
    with pytest.raises(InputError, match="exclude each other"):
        distribute(out, write_roster(tmp_path, ROSTER), config=cfg, mode="send", folders_dir=tmp_path / "f", echo=Echo())


# -- folders ------------------------------------------------------------------------

def test_to_folders_copies_each_recipients_files_once(out, tmp_path):
    share = tmp_path / "share"
    roster = write_roster(tmp_path, ROSTER)
    echo = Echo()
    res = distribute(out, roster, config=mail_cfg(), mode="folders", folders_dir=share, echo=echo)
    assert (res.sent, res.undelivered) == (3, 0)
    folders = {p.name: p for p in share.iterdir()}
    assert set(folders) == {"张三_zhangsan@example.org", "李四_lisi@example.org", "王五_wangwu@example.org"}
    got = {p.name: p.read_bytes() for p in folders["张三_zhangsan@example.org"].iterdir()}
    assert got == expected(out, ID0, ["docx", "pdf"])
    assert not any(p.name.startswith(".") for f in folders.values() for p in f.iterdir())  # no temp files left
    events = [json.loads(x) for x in (out / "delivery-ledger.jsonl").read_text("utf-8").splitlines()]
    assert {e["channel"] for e in events} == {f"folder:{share.resolve()}"}
    assert sum(e["status"] == "sent" for e in events) == 3
    # rerun: nothing copied again (a file removed by its owner stays removed)
    (folders["王五_wangwu@example.org"] / (titles(out)[ID2] + "-一页纸.pdf")).unlink()
    res = distribute(out, roster, config=mail_cfg(), mode="folders", folders_dir=share, echo=Echo())
    assert (res.sent, res.already) == (0, 3)
    assert not any(folders["王五_wangwu@example.org"].iterdir())
    # folder deliveries are not mail deliveries
    res = distribute(out, roster, config=mail_cfg(), echo=Echo())
    assert res.written == 3


# -- the ledger -------------------------------------------------------------------------

def test_ledger_ignores_a_torn_last_line_and_seals_it(tmp_path):
    p = tmp_path / "delivery-ledger.jsonl"
    good = {"time": "t", "channel": "smtp", "recipient": "a@example.org", "content": "c1",
            "message_id": "<m>", "status": "sent", "error": None}
    p.write_bytes((json.dumps(good) + "\n").encode() + b'{"time": "t", "channel": "smtp", "recip')
    led = Ledger(p)
    assert led.delivered("smtp", "a@example.org", "c1")
    assert led.state("smtp", "b@example.org", "c2") is None
    led.record("smtp", "b@example.org", "c2", "sending", message_id="<n>")
    st = Ledger(p).state("smtp", "b@example.org", "c2")  # the event after the torn line is readable
    assert st is not None and st.status == "sending" and st.message_id == "<n>"
    led.record("smtp", "b@example.org", "c2", "sent", message_id="<n>")
    again = Ledger(p)
    assert again.delivered("smtp", "b@example.org", "c2") and again.delivered("smtp", "a@example.org", "c1")
    assert not again.delivered("smtp", "b@example.org", "c1")
    assert again.warnings  # the torn line is reported, not fatal
    lines = p.read_bytes().split(b"\n")
    assert lines[1] == b'{"time": "t", "channel": "smtp", "recip'  # the torn line stays apart
    assert [json.loads(x)["status"] for x in lines[2:4]] == ["sending", "sent"]


def test_ledger_allows_one_writer_at_a_time(tmp_path):
    from briefgen.errors import OutputError

    p = tmp_path / "delivery-ledger.jsonl"
    with Ledger(p):
        with pytest.raises(OutputError, match="another 'briefgen distribute'"):
            with Ledger(p):
                pass
    with Ledger(p):
        pass


# -- CLI ----------------------------------------------------------------------------------

def test_cli_dry_run_send_and_errors(out, tmp_path):
    runner = CliRunner()
    roster = write_roster(tmp_path, ROSTER)
    r = runner.invoke(cli, ["distribute", str(out), "--roster", str(roster)])
    assert r.exit_code == 0, r.output
    assert "zhangsan@example.org" in r.output and "nothing was sent" in r.output
    assert len(list((out / "outbox").glob("*.eml"))) == 3

    bad = tmp_path / "bad-roster.yaml"
    bad.write_text(f"- name: 张三\n  email: broken\n  reports: [\"{ID0}\"]\n", encoding="utf-8")
    r = runner.invoke(cli, ["distribute", str(out), "--roster", str(bad)])
    assert r.exit_code == 2
    assert "bad-roster.yaml:2: 张三: malformed email address 'broken'" in r.output

    with SmtpServer() as srv:
        srv.handler.replies["wangwu@example.org"] = "550 5.1.1 no such user"
        conf = tmp_path / "briefgen.yaml"
        conf.write_text(f"distribute:\n  from: office@example.org\n  smtp: {{host: 127.0.0.1, port: {srv.port}, "
                        "security: none}\n", encoding="utf-8")
        r = runner.invoke(cli, ["distribute", str(out), "--roster", str(roster), "--send", "--config", str(conf)])
        assert r.exit_code == 1, r.output
        assert "FAILED: 550" in r.output and "1 message(s) not delivered" in r.output
        assert len(srv.handler.received) == 2
        r = runner.invoke(cli, ["distribute", str(out), "--roster", str(roster), "--send", "--config", str(conf)])
        assert r.exit_code == 1 and len(srv.handler.received) == 2
        del srv.handler.replies["wangwu@example.org"]
        r = runner.invoke(cli, ["distribute", str(out), "--roster", str(roster), "--send", "--config", str(conf)])
        assert r.exit_code == 0, r.output
        assert len(srv.handler.received) == 3


def test_templates_check_accepts_the_mail_templates():
    from briefgen.templating.check import check_templates
    from briefgen.templating import DEFAULT_DIR

    problems = [p for p in check_templates(DEFAULT_DIR) if "mail_" in p]
    assert problems == []
