"""Distribution from the page: rosters kept in the workspace, a dry run per recipient, sending in the background."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path

import yaml

from ..errors import InputError
from ..limits import check_yaml, safe_load
from . import backend
from .workspace import UploadError, Workspace, safe_filename

ROSTERS = "rosters"
ROSTER_MAX = 1024 * 1024
STATUS_CN = {"sending": "发送中", "sent": "已送达", "pending": "待重试", "failed": "失败"}


@dataclass
class Message:
    """One recipient's prepared mail, read back from the dry run's .eml file."""

    to: str
    subject: str
    attachments: list[tuple[str, str]]  #: (file name, size)
    body: str
    eml: str  #: file name in the outbox


@dataclass
class DryRun:
    roster: str
    messages: list[Message] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class SendJob:
    roster: str
    running: bool = True
    started: float = field(default_factory=time.time)
    log: list[str] = field(default_factory=list)
    error: str | None = None
    summary: str = ""


class Dispatcher:
    """Runs `distribute` on the workspace (it is a build output folder) with a roster from ROOT/rosters/."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.dir = ws.root / ROSTERS
        self.job: SendJob | None = None
        self._lock = threading.Lock()

    def rosters(self) -> list[str]:
        if not self.dir.is_dir():
            return []
        return sorted(p.name for p in self.dir.iterdir() if p.is_file() and p.suffix.lower() in (".yaml", ".yml"))

    def roster_path(self, name: str) -> Path:
        if name not in self.rosters():  # a name from the request is only used once found in the listing
            raise UploadError(f"没有名为“{name}”的分发名单；请先上传名单文件", 404)
        return self.dir / name

    def save_roster(self, filename: str, data: bytes) -> str:
        """Keep an uploaded roster (YAML) in the workspace; its content is checked by the dry run."""
        name = safe_filename(filename)
        if Path(name).suffix.lower() not in (".yaml", ".yml"):
            raise UploadError(f"{name}: 分发名单应是 .yaml 文件（格式见 README 的 Distribution 一节）", 415)
        if len(data) > ROSTER_MAX:
            raise UploadError(f"{name}: 名单文件太大（上限 1 MB）", 413)
        try:
            text = data.decode("utf-8-sig")
            check_yaml(text, name, aliases=True)  # no alias bomb, no nesting beyond the limit
            parsed = safe_load(text)
        except InputError as e:
            raise UploadError(f"Error: {e.message}") from None
        except (yaml.YAMLError, UnicodeDecodeError):
            raise UploadError(f"Error: {name}: not valid YAML (UTF-8); fix the syntax") from None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("recipients"), list):
            raise UploadError(f"Error: {name}: expected 'recipients:' with a list of people; see README, Distribution")
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(self.dir / name)
        return name

    def _build_all(self) -> list[str]:
        return self.ws.build(self.ws.ids())

    def dry_run(self, roster: str) -> DryRun:
        """Write every recipient's message as .eml (nothing is sent) and read them back for the page."""
        path = self.roster_path(roster)
        run = DryRun(roster)
        run.log += self._build_all()
        try:
            result = backend.distribute(self.ws.root, path, mode="dry-run", config=self.ws.config,
                                        echo=run.log.append)
        except backend.BriefgenError as e:
            run.error = "Error: " + e.format_message()
            return run
        for eml in result.outbox:
            run.messages.append(read_eml(Path(eml)))
        return run

    def start_send(self, roster: str) -> SendJob:
        """Send by SMTP in a background thread; the ledger records each delivery as it happens."""
        path = self.roster_path(roster)
        with self._lock:
            if self.job is not None and self.job.running:
                raise UploadError("上一次发送还没有结束，请稍候", 409)
            job = self.job = SendJob(roster)
        threading.Thread(target=self._send, args=(job, path), daemon=True, name="briefgen-send").start()
        return job

    def _send(self, job: SendJob, path: Path) -> None:
        try:
            job.log += self._build_all()
            result = backend.distribute(self.ws.root, path, mode="send", config=self.ws.config, echo=job.log.append)
            job.summary = (f"已送达 {result.sent} 人，此前已送达 {result.already} 人，待重试 {result.pending} 人，"
                           f"失败 {result.failed} 人，未发送（附件过大）{result.refused} 人")
        except backend.BriefgenError as e:
            job.error = "Error: " + e.format_message()
        except Exception as e:  # noqa: BLE001 - shown on the page instead of killing the thread silently
            job.error = f"Error: internal error ({e.__class__.__name__}: {e})"
        finally:
            job.running = False

    def status(self) -> dict:
        """The latest state of every delivery in the ledger, newest first, and the send job's state."""
        latest: dict[tuple, dict] = {}
        for ev in backend.delivery_events(self.ws.root):
            key = (ev["channel"], ev["recipient"], ev["content"])
            row = latest.setdefault(key, {"recipient": ev["recipient"], "channel": ev["channel"], "name": "",
                                          "files": [], "sent_time": None})
            row["name"] = ev.get("name") or row["name"]
            row["files"] = ev.get("files") or row["files"]
            row.update(status=ev["status"], status_cn=STATUS_CN.get(ev["status"], ev["status"]),
                       time=ev.get("time", ""), error=ev.get("error") or "")
            if ev["status"] == "sent" and not row["sent_time"]:
                row["sent_time"] = ev.get("time")
        rows = sorted(latest.values(), key=lambda r: r["time"], reverse=True)
        job = self.job
        return {"deliveries": rows,
                "job": None if job is None else {"roster": job.roster, "running": job.running, "error": job.error,
                                                 "summary": job.summary, "log": job.log[-200:]}}


def read_eml(path: Path) -> Message:
    with open(path, "rb") as f:
        msg = BytesParser(policy=policy.default).parse(f)
    attachments = []
    for part in msg.iter_attachments():
        data = part.get_content()
        size = len(data if isinstance(data, (bytes, str)) else b"")
        attachments.append((part.get_filename() or "", f"{size / 1024:.0f} KB"))
    body_part = msg.get_body(preferencelist=("plain",))
    body = body_part.get_content() if body_part is not None else ""
    return Message(str(msg["To"] or ""), str(msg["Subject"] or ""), attachments, body[:1500], path.name)
