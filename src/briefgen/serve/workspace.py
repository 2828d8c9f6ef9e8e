"""The workspace folder: one `briefgen build`-style output folder per report, edited models saved atomically."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import backend

PRIVATE = ".serve"  #: staging and previews; never a report id
_ID = re.compile(r'[^\x00-\x1f\x7f/\\:*?"<>|]{1,120}')
_DIGITS = re.compile(r"[0-9０-９]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
META_FIELDS = ("title", "subtitle", "organisation", "meeting", "date", "date_text", "period_reviewed",
               "period_planned", "tags")
LABEL_MAX = 60


class NotFound(Exception):
    """No report (or indicator) with that id in this workspace."""


class EditError(Exception):
    """An edit that would break the model: the message, and every problem validation found."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message, self.problems = message, problems or []


class UploadError(Exception):
    """An upload that could not be read: the one-line error the CLI prints for the same file."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Added:
    id: str
    existing: bool  #: the same file was uploaded before: its (possibly edited) model is kept


def valid_id(rid: str) -> bool:
    """A report id as a folder name: no separators, no control characters, not hidden, not '..'."""
    return bool(_ID.fullmatch(rid)) and not rid.startswith(".") and rid.strip() == rid


def safe_filename(name: str) -> str:
    """The last path component of a browser-supplied file name, without control characters."""
    name = re.split(r"[/\\]", name or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return name[:120] or "report.txt"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Workspace:
    """Reports live in ROOT/<id>/report.yaml next to their outputs; ROOT is what `briefgen distribute` reads."""

    def __init__(self, root: Path, config):
        self.root = Path(root).resolve()
        self.config = config
        self.root.mkdir(parents=True, exist_ok=True)
        self.private = self.root / PRIVATE
        self._lock = threading.RLock()
        self._report_locks: dict[str, threading.RLock] = {}
        self._cache: dict[str, tuple[str, object]] = {}

    # -- lookup: a request's id is only ever used after it was found in the folder listing ---------
    def ids(self) -> list[str]:
        return sorted(d.name for d in self.root.iterdir()
                      if d.is_dir() and valid_id(d.name) and (d / backend.MODEL_FILE).is_file())

    def folder(self, rid: str) -> Path:
        if not isinstance(rid, str) or not valid_id(rid) or rid not in self.ids():
            raise NotFound(rid)
        return self.root / rid

    def lock(self, rid: str) -> threading.RLock:
        with self._lock:
            return self._report_locks.setdefault(rid, threading.RLock())

    def model(self, rid: str):
        """(Brief, digest of its YAML); kept in memory while the file is unchanged."""
        path = self.folder(rid) / backend.MODEL_FILE
        data = path.read_bytes()
        d = digest(data)
        cached = self._cache.get(rid)
        if cached and cached[0] == d:
            return cached[1], d
        brief = backend.load_model(path)
        self._cache[rid] = (d, brief)
        return brief, d

    def _store(self, rid: str, brief) -> str:
        path = backend.save_model(brief, self.root / rid / backend.MODEL_FILE)
        d = digest(Path(path).read_bytes())
        self._cache[rid] = (d, brief)
        return d

    # -- upload ------------------------------------------------------------------------------------
    def add_upload(self, filename: str, stream: BinaryIO) -> Added:
        """Read an uploaded report; the workspace changes only when it was read without error."""
        name = safe_filename(filename)
        suffix = Path(name).suffix.lower()
        if suffix not in backend.READABLE_SUFFIXES:
            kind = suffix or "(no extension)"
            raise UploadError(f"Error: {name}: {kind} files are not read; upload a report as .txt, .md, .docx or .pdf "
                              "(save .doc/.wps as .docx first)", 415)
        self.private.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix="upload-", dir=self.private))
        try:
            src = stage / name
            with open(src, "wb") as f:
                shutil.copyfileobj(stream, f)
            sha = digest(src.read_bytes())
            with self._lock:
                for rid in self.ids():
                    try:
                        if self.model(rid)[0].report.source.sha256 == sha:
                            return Added(rid, True)
                    except backend.BriefgenError:
                        continue
            try:
                brief = backend.read_report(src, config=self.config)
            except backend.BriefgenError as e:
                # the CLI's line, naming the file as the user knows it rather than the staging path
                raise UploadError("Error: " + e.format_message().replace(str(src), name)) from None
            with self._lock:
                rid = self._new_id(brief.report.id)
                brief.report.id = rid
                (self.root / rid).mkdir()
                try:
                    self._store(rid, brief)
                except BaseException:
                    shutil.rmtree(self.root / rid, ignore_errors=True)
                    raise
            return Added(rid, False)
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    def _new_id(self, base: str) -> str:
        base = base if valid_id(base) else "report"
        taken = {p.name for p in self.root.iterdir()}
        rid, n = base, 1
        while rid in taken:
            n += 1
            rid = f"{base}_{n}"
        return rid

    # -- edits -------------------------------------------------------------------------------------
    def update_indicator(self, rid: str, iid: str, changes: dict) -> dict:
        """Change an indicator's label, kind or exclusion; never its figure. Returns the indicator as saved."""
        unknown = sorted(set(changes) - {"label", "kind", "excluded"})
        if unknown:
            raise EditError(f"只能修改指标名称、类型和是否采用（label、kind、excluded）；数字和出处不能修改：{', '.join(unknown)}")
        with self.lock(rid):
            brief, _ = self.model(rid)
            data = backend.model_dict(brief)
            ind = next((i for i in data["indicators"] if i["id"] == iid), None)
            if ind is None:
                raise NotFound(iid)
            if "label" in changes:
                ind["label"] = self._check_label(changes["label"], ind)
            if "kind" in changes:
                if changes["kind"] not in backend.INDICATOR_KINDS:
                    raise EditError("类型只能是：完成（result）、目标（target）、基数（baseline）")
                ind["kind"] = changes["kind"]
            if "excluded" in changes:
                if not isinstance(changes["excluded"], bool):
                    raise EditError("“不采用”只能是 true 或 false")
                ind.pop("excluded", None)
                if changes["excluded"]:
                    ind["excluded"] = True
            self._save_dict(rid, data)
            return ind

    @staticmethod
    def _check_label(label, ind: dict) -> str:
        if not isinstance(label, str) or not " ".join(label.split()):
            raise EditError("指标名称不能为空")
        label = " ".join(label.split())
        if len(label) > LABEL_MAX:
            raise EditError(f"指标名称太长（{len(label)} 字），请控制在 {LABEL_MAX} 字以内")
        source = (ind.get("sentence") or ind.get("text") or "").translate(_FULLWIDTH)
        for digits in _DIGITS.findall(label):
            if digits.translate(_FULLWIDTH) not in source:
                raise EditError(f"指标名称里的数字“{digits}”不在原文句子中；名称只写统计的是什么，数字以原文为准")
        return label

    def update_metadata(self, rid: str, values: dict) -> None:
        """Change the report's title, organisation, meeting, dates, periods or tags."""
        unknown = sorted(set(values) - set(META_FIELDS))
        if unknown:
            raise EditError("不能修改这些项目：" + ", ".join(unknown))
        with self.lock(rid):
            brief, _ = self.model(rid)
            data = backend.model_dict(brief)
            for key, value in values.items():
                if key == "tags":
                    items = value if isinstance(value, list) else re.split(r"[,，、;；\s]+", str(value or ""))
                    data["report"]["tags"] = [t for t in (str(x).strip() for x in items) if t]
                    continue
                value = " ".join(str(value or "").split())
                if key == "title" and not value:
                    raise EditError("标题不能为空")
                data["report"][key] = value or None
            data["report"] = {k: v for k, v in data["report"].items() if v is not None}
            self._save_dict(rid, data)

    def _save_dict(self, rid: str, data: dict) -> None:
        problems = backend.validate_model(data)
        if problems:
            raise EditError("修改未保存：" + problems[0], problems)
        self._store(rid, backend.model_from_dict(data))

    # -- outputs -----------------------------------------------------------------------------------
    def build(self, rids: list[str]) -> list[str]:
        """Bring the outputs of *rids* up to date (unchanged ones are skipped); returns failures."""
        paths = [self.folder(r) / backend.MODEL_FILE for r in rids]
        if not paths:
            return []
        errors: list[str] = []
        with self._lock:
            backend.build(paths, self.root, config=self.config,
                          echo=lambda m: errors.append(m) if m.startswith("Error:") else None)
        return errors

    def output(self, rid: str, fmt: str) -> Path:
        """The built file of one format (after `build`)."""
        name = backend.MODEL_FILE if fmt == "yaml" else backend.OUTPUT_FILES[fmt]
        return self.folder(rid) / name
