"""Start-up machinery: parsed fonts cached between runs, render workers — and none of it changes an output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "src" / "briefgen" / "fonts" / "NotoSansSC-Regular.ttf"


def _face_state(face) -> dict:
    state = {k: v for k, v in vars(face).items() if k not in ("_pdfScale", "_g2c", "glyphToChar")}
    state["glyphPos"] = list(face.glyphPos)  # the cache keeps these two as arrays: compare their contents
    state["hmetrics"] = [tuple(face.hmetrics[i]) for i in range(len(face.hmetrics))]
    return state | {"g2c": face.glyphToChar}


def test_cached_font_tables_equal_parsed_ones(tmp_path, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont

    from briefgen.renderers.pdf import fontcache

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    first = fontcache.load_ttfont("A", FONT)  # parsed, then stored
    assert list(tmp_path.glob("ttf-*.marshal"))
    second = fontcache.load_ttfont("B", FONT)  # from the cache
    assert type(second.face).__name__ == "_CachedFace"
    parsed = TTFont("C", str(FONT))
    assert _face_state(second.face) == _face_state(parsed.face) == _face_state(first.face)
    assert second.face._pdfScale(500) == parsed.face._pdfScale(500)
    for f in tmp_path.glob("ttf-*.marshal"):
        f.write_bytes(b"not marshal data")
    third = fontcache.load_ttfont("D", FONT)  # a broken cache file: parsed again
    assert _face_state(third.face) == _face_state(parsed.face)


def test_pdf_is_the_same_with_and_without_the_font_cache(briefs, tmp_path):
    code = ("import os, sys, briefgen; b = briefgen.read_report(sys.argv[1]); "
            "briefgen.render(b, 'pdf', sys.argv[2])")
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    outs = []
    for n in range(3):  # cold cache, warm cache, warm again
        out = tmp_path / f"{n}.pdf"
        env = {**__import__("os").environ, "BRIEFGEN_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}
        subprocess.run([sys.executable, "-c", code, str(seed), str(out)], check=True, env=env)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_render_workers_write_what_one_process_writes(tmp_path, monkeypatch):
    from briefgen import build, load_config
    from briefgen.renderers import workers

    if not workers.usable():
        pytest.skip("render workers need Linux, two CPUs and no other thread")
    seeds = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    build(seeds, tmp_path / "w", config=load_config(), echo=lambda m: None)
    monkeypatch.setattr(workers, "usable", lambda: False)
    build(seeds, tmp_path / "s", config=load_config(), echo=lambda m: None)
    tree = {p.relative_to(tmp_path / "w"): p.read_bytes() for p in (tmp_path / "w").rglob("*") if p.is_file()}
    assert tree == {p.relative_to(tmp_path / "s"): p.read_bytes() for p in (tmp_path / "s").rglob("*") if p.is_file()}


def test_formats_are_shared_out_by_weight():
    from briefgen.renderers.workers import share

    # pptx (3.0) and pdf (2.2) apart; docx (1.3) joins the lighter, the Markdown deck (0.1) the other
    assert share(["docx", "pdf", "slides", "pptx"], 2) == [["slides", "pptx"], ["docx", "pdf"]]
    assert share(["docx", "pdf", "slides", "pptx"], 3) == [["pptx"], ["pdf"], ["docx", "slides"]]
    assert share(["docx"], 1) == [["docx"]]


def test_a_killed_build_leaves_no_render_worker_behind(tmp_path):
    """SIGKILL of a build: its render workers see their pipe close and exit (they waited forever before,
    each holding the parent's end of its own pipe)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    p = subprocess.Popen([sys.executable, "-m", "briefgen.cli", "build", str(seed), "-o", str(tmp_path / "out"),
                          "-q", "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def workers() -> list[int]:
        found = []
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as f:
                        if int(f.read().rsplit(")", 1)[1].split()[1]) == p.pid:
                            found.append(int(d))
                except (OSError, ValueError, IndexError):
                    pass
        return found

    deadline = time.monotonic() + 20
    kids: list[int] = []
    while time.monotonic() < deadline and p.poll() is None and len(kids) < 2:
        kids = workers()
        time.sleep(0.01)
    if p.poll() is not None or not kids:
        pytest.skip("the build ended before its workers could be seen (or none: one CPU)")
    p.send_signal(signal.SIGKILL)
    p.wait(10)
    deadline = time.monotonic() + 15
    alive = kids
    while alive and time.monotonic() < deadline:
        alive = [k for k in alive if os.path.exists(f"/proc/{k}") and "Z" not in open(f"/proc/{k}/stat").read().rsplit(")", 1)[1].split()[0]]
        time.sleep(0.05)
    for k in alive:
        os.kill(k, signal.SIGKILL)
    assert not alive, f"render workers still running after their build was killed: {alive}"
