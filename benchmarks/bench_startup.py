"""Start-up benchmark: one report's full pack in a fresh process against the import floor, measured in one run.

The floor is ``python -c 'import docx, reportlab.platypus, pptx, jinja2'`` (what any tool making these
files must import). The pack is ``briefgen build SEED -o DIR --force -q`` (yaml, docx, pdf, md, pptx),
through the installed console script. briefgen's own modules are byte-compiled first (``compileall``),
as a regular install does: with ``PYTHONDONTWRITEBYTECODE`` set, an editable install would otherwise
compile them from source on every start.
Runs alternate (floor, pack, floor, pack …) so machine noise hits both alike; the ratio of the medians
is the figure (target ≤ 1.5). The parsed-font cache is warmed first, as on any machine after its first
build; ``--cold`` measures with an empty cache instead. Also: ``briefgen --help``.

Run: python benchmarks/bench_startup.py [--rounds N] [--cold]     Results go into benchmarks/README.md.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SEED = sorted((ROOT / "seeds").glob("*.txt"))[1]
FLOOR = [PY, "-c", "import docx, reportlab.platypus, pptx, jinja2"]


CPU: dict[str, list[float]] = {}
LOAD = (0.0, 0.0, 0.0)


def wall(cmd: list[str], env: dict, name: str = "") -> float:
    """Wall time of *cmd*; its CPU time (user + system, all its processes) is kept under *name*."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(name, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return took


def main() -> None:
    global LOAD
    LOAD = os.getloadavg()
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 9
    cold = "--cold" in sys.argv
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src" / "briefgen")], check=True)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", BRIEFGEN_CACHE_DIR=str(tmp / "cache"))
        exe = shutil.which("briefgen", path=str(Path(PY).parent)) or shutil.which("briefgen")
        cmd = [exe] if exe else [PY, "-m", "briefgen.cli"]  # the console script, as users run it
        pack = [*cmd, "build", str(SEED), "-o", str(tmp / "out"), "--force", "-q"]
        helpcmd = [*cmd, "--help"]
        subprocess.run(pack, check=True, capture_output=True, env=env)  # warm the OS file cache (and the font cache)
        floors, packs, helps = [], [], []
        for _ in range(rounds):
            if cold:
                shutil.rmtree(tmp / "cache", ignore_errors=True)
            floors.append(wall(FLOOR, env, "floor"))
            packs.append(wall(pack, env, "pack"))
            helps.append(wall(helpcmd, env, "help"))
    f, p, h = statistics.median(floors), statistics.median(packs), statistics.median(helps)
    print(f"{time.strftime('%Y-%m-%d')}  {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
          f"  ({rounds} alternating rounds{', cold font cache' if cold else ''})")
    print(f"import floor   median {f:.3f} s  (min {min(floors):.3f}, max {max(floors):.3f})")
    print(f"full pack      median {p:.3f} s  (min {min(packs):.3f}, max {max(packs):.3f})")
    print(f"briefgen --help median {h:.3f} s")
    print(f"pack / floor   {p / f:.2f}×  (target ≤ 1.5×)")
    print(f"CPU (user+sys, all processes): floor {statistics.median(CPU['floor']):.3f} s, "
          f"pack {statistics.median(CPU['pack']):.3f} s; load average before the run {LOAD[0]:.2f}")


if __name__ == "__main__":
    main()
