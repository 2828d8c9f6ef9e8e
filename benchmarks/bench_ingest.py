"""Ingest benchmark: time per seed and corpus report, and scaling from 30,000 characters to 1 MB.

Run: python benchmarks/bench_ingest.py   (prints a Markdown table; results are kept in benchmarks/README.md)
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefgen.ingest import ingest_text  # noqa: E402
from briefgen.ingest.sources.text import decode  # noqa: E402
from briefgen.model import Source  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CORPUS = sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))


def synthetic(n_chars: int) -> str:
    """A long report made of the seeds' body sections, renumbered so headings stay distinct."""
    body = "\n\n".join(p.read_text(encoding="utf-8").split("\n", 4)[-1] for p in SEEDS)
    parts, k = ["某市总工会工作报告（基准测试）"], 0
    while sum(map(len, parts)) < n_chars:
        k += 1
        parts.append(f"\n\n第{k}部分 工作情况（{k}）\n\n" + body.replace("1.06万件", f"{k}.06万件"))
    return "".join(parts)[:n_chars]


def timed(text: str, repeat: int) -> float:
    src = Source("bench.txt", "0" * 64, "utf-8", "text", None, len(text))
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        ingest_text(text, src, "bench")
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.system()} — {time.strftime('%Y-%m-%d')}")
    timed(SEEDS[0].read_text(encoding="utf-8"), 3)  # warm-up (regex compilation, imports)
    print("\n| input | characters | median ms | µs per 1,000 chars |\n|---|---:|---:|---:|")
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        t = timed(text, 20)
        print(f"| {p.name} | {len(text):,} | {t * 1000:.1f} | {t * 1e6 / len(text) * 1000:.0f} |")
    for p in CORPUS:  # real reports: page debris, title blocks, back matter
        text, _ = decode(p.read_bytes(), p.name, None)
        t = timed(text, 10)
        print(f"| corpus {p.stem} | {len(text):,} | {t * 1000:.1f} | {t * 1e6 / len(text) * 1000:.0f} |")
    for n in (30_000, 100_000, 300_000, 1_000_000):
        text = synthetic(n)
        t = timed(text, 5 if n < 1_000_000 else 3)
        print(f"| synthetic | {len(text):,} | {t * 1000:.1f} | {t * 1e6 / len(text) * 1000:.0f} |")


if __name__ == "__main__":
    main()
