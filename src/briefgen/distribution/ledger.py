"""The delivery ledger: an append-only JSON-lines file that survives a crash at any point.

Each line is one event for one (channel, recipient, content) delivery::

    {"time": "…Z", "channel": "smtp", "recipient": "a@example.org", "content": "<sha256>",
     "message_id": "<…>", "status": "sending" | "sent" | "pending" | "failed", "error": null, …}

*content* is the sha256 of the attachment set, so a changed briefing is a new delivery and the
same briefing is never delivered twice to one person on one channel. Lines are appended with
O_APPEND and fsync'ed one by one; a crash can only tear the last line, which the reader ignores
(and the writer seals with a newline before it appends again). The last event of a delivery is
its state; a delivery with a "sent" event is done for good.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError

NAME = "delivery-ledger.jsonl"

SENDING, SENT, PENDING, FAILED = "sending", "sent", "pending", "failed"


def now_text() -> str:
    """Wall-clock UTC time of an event (the ledger is an audit log, not a reproducible output)."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class State:
    status: str
    time: str
    message_id: str | None
    error: str | None
    sent_time: str | None = None  #: when a "sent" event exists


class Ledger:
    """Read the state of every delivery; append events durably. Use as a context manager for the lock."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.warnings: list[str] = []
        self._state: dict[tuple[str, str, str], State] = {}
        self._lock_fd: int | None = None
        self._sealed = False
        self._dir_synced = False
        self._read()

    # -- reading ---------------------------------------------------------
    def _read(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as e:
            raise OutputError(f"{self.path}: cannot read the delivery ledger ({e.strerror})") from None
        bad = 0
        for line in raw.split(b"\n"):
            if not line.strip():
                continue
            try:
                ev = json.loads(line.decode("utf-8"))
                key = (ev["channel"], ev["recipient"], ev["content"])
                status = ev["status"]
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                # A line torn by a crash mid-write: that event never completed, so it is ignored.
                bad += 1
                continue
            old = self._state.get(key)
            sent_time = old.sent_time if old else None
            if status == SENT:
                sent_time = sent_time or ev.get("time")
            self._state[key] = State(status, ev.get("time", ""), ev.get("message_id"), ev.get("error"), sent_time)
        if bad:
            self.warnings.append(f"{self.path}: {bad} torn or unreadable line(s) ignored (left by an interrupted run)")

    def state(self, channel: str, recipient: str, content: str) -> State | None:
        return self._state.get((channel, recipient, content))

    def delivered(self, channel: str, recipient: str, content: str) -> State | None:
        """The state if this exact content already reached this recipient on this channel."""
        st = self._state.get((channel, recipient, content))
        return st if st and st.sent_time else None

    # -- writing ---------------------------------------------------------
    def record(self, channel: str, recipient: str, content: str, status: str, *,
               message_id: str | None = None, error: str | None = None, **extra) -> None:
        """Append one event and fsync it before returning."""
        ev = {"time": now_text(), "channel": channel, "recipient": recipient, "content": content,
              "message_id": message_id, "status": status, "error": error}
        ev.update(extra)
        data = (json.dumps(ev, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as e:
            raise OutputError(f"{self.path}: cannot write the delivery ledger ({e.strerror})") from None
        try:
            if not self._sealed:
                # A torn last line (crash mid-write) must not swallow the next event.
                if os.fstat(fd).st_size:
                    with open(self.path, "rb") as f:
                        f.seek(-1, os.SEEK_END)
                        if f.read(1) != b"\n":
                            data = b"\n" + data
                self._sealed = True
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if not self._dir_synced:  # the file's directory entry must survive a crash too
            _fsync_dir(self.path.parent)
            self._dir_synced = True
        old = self._state.get((channel, recipient, content))
        sent_time = old.sent_time if old else None
        if status == SENT:
            sent_time = sent_time or ev["time"]
        self._state[(channel, recipient, content)] = State(status, ev["time"], message_id, error, sent_time)

    # -- one writer at a time --------------------------------------------
    def __enter__(self) -> "Ledger":
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            return self
        # Lock the ledger itself (flock belongs to this open file, so the appends' own opens and
        # closes do not release it).
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError as e:
            raise OutputError(f"{self.path}: cannot open the delivery ledger ({e.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputError(f"{self.path}: another 'briefgen distribute' is delivering from this output "
                              "directory; wait for it to finish") from None
        self._lock_fd = fd
        self._state.clear()  # another run may have written between our first read and the lock
        self.warnings = []
        self._read()
        return self

    def __exit__(self, *exc) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
