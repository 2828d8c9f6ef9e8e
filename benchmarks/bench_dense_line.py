"""Ingest benchmark: one paragraph without full stops and dense with figures, from 8,000 to 540,000 characters.

Labelling looks back for a number's list, pair and topic; this checks that the look-back stays bounded
(linear time) when a text has no sentence ends. Run: python benchmarks/bench_dense_line.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from briefgen.ingest import ingest_text  # noqa: E402
from briefgen.model import Source  # noqa: E402

CLAUSE = "全市新建职工之家605个、暖心驿站9133个，服务职工36.9万人次，增长5.2%，"


def main() -> None:
    print("| characters | figures | s | µs per char |\n|---:|---:|---:|---:|")
    for n in (200, 1600, 12800):
        text = "某市工会工作报告\n一、工作情况\n" + CLAUSE * n + "。\n"
        src = Source("dense.txt", "0" * 64, "utf-8", "text", None, len(text))
        t = time.perf_counter()
        b = ingest_text(text, src, "dense")
        s = time.perf_counter() - t
        print(f"| {len(text):,} | {len(b.indicators):,} | {s:.2f} | {s / len(text) * 1e6:.1f} |")


if __name__ == "__main__":
    main()
