"""Build benchmark: briefgen's full pack vs the usual pandoc + LibreOffice chain, the import floor,
`briefgen --help`, and batch scaling (1, 10, 100 reports at --jobs 1 and 2) with peak memory per worker.

Run: python benchmarks/bench_build.py [--quick]   (needs pandoc and soffice for the peer rows)
Results are written down in benchmarks/README.md.
"""

from __future__ import annotations

import os
import platform
import resource  # noqa: F401 (used in the _PEAK helper's child)
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BRIEFGEN = [PY, "-m", "briefgen.cli"]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[1]


#: Runs a command and prints the largest RSS (KiB) among the processes it waited for (its workers included).
_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_mib(cmd, env=None) -> float:
    out = subprocess.run([PY, "-c", _PEAK, *cmd], check=True, capture_output=True, text=True, env=env).stdout
    return int(out.split()[-1]) / 1024


def run(cmd, repeat=5, cwd=None, env=None) -> tuple[float, float]:
    """Median wall seconds over *repeat* runs (after one warm-up) and the peak RSS (MiB) of one run."""
    times = []
    subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times), peak_mib(cmd, env)


def peer_chain(tmp: Path) -> list[str]:
    """The same content through pandoc (md -> docx, md -> pptx) and LibreOffice (docx -> pdf)."""
    md = tmp / "brief.md"
    out = tmp / "yaml"
    subprocess.run([*BRIEFGEN, "build", str(SEED), "-o", str(out), "--formats", "slides", "-q"], check=True)
    md.write_text((next(out.glob("*/slides.md"))).read_text(encoding="utf-8"), encoding="utf-8")
    return [
        "set -e",
        f"pandoc {md} -o {tmp}/peer.docx",
        f"pandoc {md} --slide-level=2 -o {tmp}/peer.pptx",
        f"soffice --headless -env:UserInstallation=file://{tmp}/lo --convert-to pdf --outdir {tmp} {tmp}/peer.docx >/dev/null",
    ]


def main() -> None:
    quick = "--quick" in sys.argv
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.system()} — {time.strftime('%Y-%m-%d')}\n")
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t, m = run([PY, "-c", "import docx, reportlab.platypus, pptx, jinja2"], env=env)
        rows.append(("import floor: python -c 'import docx, reportlab.platypus, pptx, jinja2'", t, m))
        floor = t
        t, m = run([*BRIEFGEN, "--help"], env=env)
        rows.append(("briefgen --help", t, m))
        t, m = run([*BRIEFGEN, "build", str(SEED), "-o", str(tmp / "one"), "--force", "-q"], env=env)
        rows.append(("briefgen build: full pack for one report (yaml, docx, pdf, md, pptx)", t, m))
        pack = t
        peer = None
        if shutil.which("pandoc") and shutil.which("soffice"):
            script = tmp / "peer.sh"
            script.write_text("\n".join(peer_chain(tmp)) + "\n")
            t, m = run(["bash", str(script)], repeat=3, env=env)
            rows.append(("pandoc md→docx + md→pptx, LibreOffice docx→pdf (same content)", t, m))
            peer = t
        print("| what | median wall s | peak RSS MiB |\n|---|---:|---:|")
        for name, t, m in rows:
            print(f"| {name} | {t:.3f} | {m:.0f} |")
        print(f"\nfull pack / import floor = {pack / floor:.2f}× (target ≤ 1.5×)")
        if peer:
            print(f"peer chain / full pack = {peer / pack:.1f}× (target ≥ 5×)")

        # scaling: N copies of the seeds (renamed so ids differ)
        print("\n| reports | --jobs 1 s | --jobs 2 s | speed-up | peak RSS per worker MiB |\n|---:|---:|---:|---:|---:|")
        for n in ((1, 10) if quick else (1, 10, 100)):
            src = tmp / f"in{n}"
            src.mkdir()
            seeds = sorted((ROOT / "seeds").glob("*.txt"))
            for k in range(n):
                shutil.copy(seeds[k % len(seeds)], src / f"r{k:03d}.txt")
            res = {}
            for jobs in (1, 2):
                out = tmp / f"out{n}_{jobs}"
                t0 = time.perf_counter()
                subprocess.run([*BRIEFGEN, "build", str(src), "-o", str(out), "--jobs", str(jobs), "-q"],
                               check=True, capture_output=True, env=env)
                res[jobs] = time.perf_counter() - t0
            peak = peak_mib([*BRIEFGEN, "build", str(src), "-o", str(tmp / f"peak{n}"), "--jobs", "2", "-q"], env)
            print(f"| {n} | {res[1]:.2f} | {res[2]:.2f} | {res[1] / res[2]:.2f}× | {peak:.0f} |")


if __name__ == "__main__":
    main()
