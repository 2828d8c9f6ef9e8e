"""briefgen serve: time from an indicator edit to a fresh one-page PDF preview, in a warm process.

One PATCH /api/reports/{id}/indicators/{i} does: check the edit, validate the whole model like
`briefgen validate`, save the YAML atomically, re-render the one-page PDF and rasterise it to PNG.
Run: .venv/bin/python benchmarks/bench_serve.py  (prints a Markdown table; target ≤ 0.3 s per edit)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from briefgen.config import load_config  # noqa: E402
from briefgen.serve.app import create_app  # noqa: E402

ROUNDS = 15


def bench(seed: Path) -> tuple[float, float, float, float]:
    ws = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    c = TestClient(create_app(ws, load_config(None)), base_url="http://127.0.0.1:8000")
    c.get("/")
    headers = {"X-CSRF-Token": c.cookies["briefgen_csrf"]}
    t = time.perf_counter()
    r = c.post("/api/reports", files={"file": (seed.name, seed.read_bytes(), "text/plain")}, headers=headers)
    upload = time.perf_counter() - t
    rid = r.json()["id"]
    iid = c.get(f"/api/reports/{rid}").json()["indicators"][0]["id"]
    times, pages = [], []
    for n in range(ROUNDS):
        t = time.perf_counter()
        r = c.patch(f"/api/reports/{rid}/indicators/{iid}", json={"label": f"基准测试名称{'甲乙'[n % 2]}"},
                    headers=headers)
        times.append(time.perf_counter() - t)
        assert r.status_code == 200, r.text
    for _ in range(5):
        t = time.perf_counter()
        assert c.get(f"/reports/{rid}").status_code == 200
        pages.append(time.perf_counter() - t)
    return upload, statistics.median(times), max(times), statistics.median(pages)


def main() -> None:
    print("| seed | upload + read + first preview s | edit → new PDF preview, median s | max s | review page s |")
    print("|---|---:|---:|---:|---:|")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        up, med, worst, page = bench(seed)
        print(f"| {seed.name[:3]} | {up:.3f} | {med:.3f} | {worst:.3f} | {page:.3f} |")


if __name__ == "__main__":
    main()
