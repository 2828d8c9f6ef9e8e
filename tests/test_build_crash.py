"""Crash-safe builds: a report's outputs are swapped in as a unit, the manifest is rewritten after each
report, and what a killed build left is cleaned up by the next one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen import batch, fsutil
from briefgen.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OUTS = ["summary.docx", "briefing.pdf", "slides.md", "slides.pptx"]


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _build_cmd(out: Path, marking: str) -> list[str]:
    return [sys.executable, "-m", "briefgen.cli", "build", str(SEEDS), "-o", str(out), "--quiet", "--force",
            "--formats", "docx,pdf,slides"] + ([] if not marking else ["--config", str(out.parent / f"{marking}.yaml")])


def _run(out: Path, marking: str) -> subprocess.Popen:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    return subprocess.Popen(_build_cmd(out, marking), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _outputs(out: Path) -> dict[str, tuple]:
    return {d.name: tuple(_sha(d / f) if (d / f).exists() else None for f in OUTS[:3])
            for d in sorted(out.iterdir()) if d.is_dir() and not d.name.startswith(".")}


def test_kill_9_never_leaves_a_torn_report(tmp_path):
    for m in ("A", "B"):
        (tmp_path / f"{m}.yaml").write_text(f"marking: 标记{m}\n", encoding="utf-8")
    ref = {}
    for m in ("A", "B"):
        out = tmp_path / f"ref{m}"
        p = _run(out, m)
        assert p.wait(120) == 0, p.stderr.read().decode()
        ref[m] = _outputs(out)
    assert ref["A"] != ref["B"]
    out = tmp_path / "out"
    shutil.copytree(tmp_path / "refA", out)
    started = time.monotonic()
    p = _run(out, "B")
    p.wait(120)
    full = time.monotonic() - started
    for i, frac in enumerate((0.35, 0.55, 0.75, 0.9)):
        p = _run(out, "A" if i % 2 else "B")
        time.sleep(full * frac)
        p.send_signal(signal.SIGKILL)
        p.wait(30)
        for rid, shas in _outputs(out).items():
            assert shas in (ref["A"][rid], ref["B"][rid]), f"torn report {rid} after a kill at {frac:.0%}"
        json.loads((out / "manifest.json").read_text("utf-8"))  # never torn either
    p = _run(out, "A")
    assert p.wait(120) == 0
    assert _outputs(out) == ref["A"]
    assert not [d for d in out.rglob(".staging-*")] and not [d for d in out.iterdir() if d.name.startswith(".old-")]


def test_leftovers_are_cleaned_and_an_interrupted_swap_is_undone(tmp_path):
    (tmp_path / ".staging-r1-abc").mkdir()
    (tmp_path / ".staging-r1-abc" / "summary.docx").write_bytes(b"half")
    (tmp_path / "r2" / ".staging-xyz").mkdir(parents=True)
    old = tmp_path / ".old-r3-99"
    old.mkdir()
    (old / "briefing.pdf").write_bytes(b"old outputs")
    notes = fsutil.clean_leftovers(tmp_path)
    assert len(notes) == 3
    assert (tmp_path / "r3" / "briefing.pdf").read_bytes() == b"old outputs"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["briefing.pdf", "r2", "r3"]


@pytest.mark.parametrize("exchange", [True, False])
def test_swap_in_replaces_a_folder_as_a_unit_and_keeps_other_files(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(fsutil, "_exchange", lambda a, b: False)
    target = tmp_path / "r"
    target.mkdir()
    (target / "summary.docx").write_bytes(b"old")
    (target / "notes.txt").write_bytes(b"mine")
    stage = tmp_path / ".staging-r-1"
    stage.mkdir()
    (stage / "summary.docx").write_bytes(b"new")
    fsutil.swap_in(stage, target)
    assert (target / "summary.docx").read_bytes() == b"new" and (target / "notes.txt").read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_the_manifest_is_written_after_each_report(tmp_path, monkeypatch):
    real = batch.build_one
    calls = []

    def dies_on_the_second(job, workers=None):
        calls.append(job.input)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if killed here
        return real(job, workers)

    monkeypatch.setattr(batch, "build_one", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        batch.build([str(SEEDS)], tmp_path / "out", formats="slides", config=load_config(None))
    state = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert len(state["reports"]) == 1
    (rid, entry), = state["reports"].items()
    assert _sha(tmp_path / "out" / entry["outputs"]["slides"]["path"]) == entry["outputs"]["slides"]["sha256"]


def test_a_failed_report_keeps_its_earlier_outputs_exactly(tmp_path, monkeypatch):
    out = tmp_path / "out"
    res = batch.build([str(SEEDS)], out, formats="slides", config=load_config(None))
    assert not res.failed
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"}
    from briefgen import renderers
    from briefgen.errors import OutputError
    from briefgen.renderers import workers

    def boom(*a, **k):
        raise OutputError("disk full")

    monkeypatch.setattr(renderers, "render_output", boom)
    monkeypatch.setattr(workers, "render_output", boom)
    res = batch.build([str(SEEDS)], out, formats="slides", config=load_config(None), force=True, echo=lambda m: None)
    assert len(res.failed) == 2
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"} == before


def test_a_full_disk_is_a_one_line_error_and_keeps_the_earlier_file(tmp_path, monkeypatch):
    import errno

    from badinput import assert_bad

    out = tmp_path / "out"
    out.mkdir()
    (out / "s.docx").write_bytes(b"earlier")
    real = os.replace

    def full(src, dst, *a, **k):
        if str(dst).endswith("s.docx"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", full)
    line = assert_bad(["docx", sorted(SEEDS.glob("000_*.txt"))[0], "-o", out / "s.docx"], out / "s.docx", watch=out)
    assert "No space left on device" in line


def test_a_full_disk_during_build_fails_that_report_in_one_line(tmp_path, monkeypatch):
    import errno

    def full(stage, target):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(fsutil, "swap_in", full)
    lines = []
    res = batch.build([str(SEEDS)], tmp_path / "out", formats="slides", config=load_config(None), echo=lines.append)
    assert len(res.failed) == 2 and all("No space left on device" in ln and "\n" not in ln for ln in lines)
    assert not list((tmp_path / "out").glob(".staging-*"))
