"""Time and peak memory of the one-page PDF briefing, per seed.

    python benchmarks/bench_pdf.py [--runs 5] [REPORT ...]

For each report (default: seeds/*.txt) it measures

* **cold**: a whole ``briefgen pdf REPORT -o …`` process (interpreter start, imports, ingest,
  font registration, fitting, writing): median wall time of ``--runs`` runs and the peak RSS of
  the process (``os.wait4`` rusage ``ru_maxrss``);
* **warm**: ``briefgen.render.render("pdf", …)`` called again in one process whose fonts are
  already registered and whose report is already ingested: median wall time and the peak of
  Python allocations during one render (``tracemalloc``);
* the body size the fit chose, the number of fitting builds, the file size and what was left out.

Runs with SOURCE_DATE_EPOCH set, so each output is the same bytes every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cold(report: Path, out: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds and max peak RSS (MiB) of a `briefgen pdf` process."""
    cmd = [sys.executable, "-c", "from briefgen.cli import cli; cli()", "pdf", str(report), "-o", str(out)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    times, peaks = [], []
    for _ in range(runs + 1):  # the first run warms the file cache and is not counted
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{report}: briefgen pdf failed: {proc.stderr.read().decode()}")
        proc.stderr.close()
        times.append(elapsed)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return statistics.median(times[1:]), max(peaks[1:])


def warm(report: Path, out: Path, runs: int) -> dict:
    """Median wall seconds and tracemalloc peak (MiB) of render() in a warm process."""
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    from briefgen import onepage
    from briefgen.config import load_config
    from briefgen.document import open_input
    from briefgen.render import render

    cfg = load_config(None)
    brief = open_input(report)
    warnings = render("pdf", brief, out, cfg)  # registers fonts, fills caches
    builds = 0
    real_build = onepage.build

    def counting_build(*a, **k):
        nonlocal builds
        builds += 1
        return real_build(*a, **k)

    onepage.build = counting_build
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        render("pdf", brief, out, cfg)
        times.append(time.perf_counter() - t0)
    onepage.build = real_build
    tracemalloc.start()
    render("pdf", brief, out, cfg)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    import pdfplumber  # noqa: PLC0415 - only for the report line

    with pdfplumber.open(out) as pdf:
        sizes = [round(c["size"], 1) for c in pdf.pages[0].chars]
        n_pages = len(pdf.pages)
    body = max(set(sizes), key=sizes.count) if sizes else 0
    return {"warm_s": statistics.median(times), "alloc_mib": peak / 2**20, "pages": n_pages,
            "body_pt": body, "builds": builds / runs, "kib": out.stat().st_size / 1024,
            "left_out": len(warnings)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    reports = args.reports or sorted((ROOT / "seeds").glob("*.txt"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in reports:
            out = Path(tmp) / (r.stem + ".pdf")
            cold_s, rss = cold(r, out, args.runs)
            w = warm(r, out, args.runs)
            rows.append((r.name[:24], cold_s, rss, w))
    print(f"{'report':24} {'cold s':>7} {'peak RSS MiB':>12} {'warm s':>7} {'alloc MiB':>9} "
          f"{'pages':>5} {'body pt':>7} {'builds':>6} {'KiB':>6} {'warnings':>8}")
    for name, cold_s, rss, w in rows:
        print(f"{name:24} {cold_s:7.3f} {rss:12.1f} {w['warm_s']:7.3f} {w['alloc_mib']:9.1f} "
              f"{w['pages']:5d} {w['body_pt']:7.1f} {w['builds']:6.1f} {w['kib']:6.1f} {w['left_out']:8d}")
    print(f"(median of {args.runs} runs; cold = whole `briefgen pdf` process, warm = render() only)")


if __name__ == "__main__":
    main()
