"""Bounded resources: what the inputs of issue #12 cost now (seconds, peak memory), each in a fresh process.

    python benchmarks/bench_limits.py [WORKDIR]

Builds the inputs (a 472-byte YAML alias bomb as a model, a .docx of ~0.4 MB that unpacks to ~100 MB of
paragraphs and one just under the limit, a text just under the character limit, a 50 MB text, YAML nested 100,000 deep) and runs `briefgen ingest` / `validate` on each under
/usr/bin/time; prints one Markdown row per input.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRIEFGEN = [sys.executable, "-m", "briefgen.cli"]


def alias_bomb(d: Path) -> Path:
    lines = ["briefgen: 1", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]" for p, c in zip("abcdefgh", "bcdefghi")]
    p = d / "bomb.yaml"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def docx_bomb(d: Path, mb: int = 100, name: str = "bomb.docx") -> Path:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    para = "<w:p><w:r><w:t>全年完成投资12亿元，同比增长5%。</w:t></w:r></w:p>".encode()
    body = para * (mb * 1024 * 1024 // len(para))
    out = d / name
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body)
            dst.writestr(item, data)
    return out


def big_text(d: Path, mb: int = 50) -> Path:
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_bytes()
    p = d / "big.txt"
    p.write_bytes(seed * (mb * 1024 * 1024 // len(seed) + 1))
    return p


def text_at_limit(d: Path, chars: int = 990_000) -> Path:
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    p = d / "at_limit.txt"
    p.write_text((seed * (chars // len(seed) + 1))[:chars], encoding="utf-8")
    return p


def deep_yaml(d: Path) -> Path:
    p = d / "deep.yaml"
    p.write_text("briefgen: 1\nreport: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return p


def measure(args: list[str]) -> tuple[float, int, int, str]:
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M", *args], capture_output=True, text=True)
    *err, last = [ln for ln in r.stderr.strip().splitlines() if not ln.startswith("Command exited")]
    secs, kb = last.split()
    return float(secs), int(kb) // 1024, r.returncode, (err[0] if err else "").replace(str(Path(args[-1]).parent), "…")[:100]


def main() -> None:
    d = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    d.mkdir(parents=True, exist_ok=True)
    cases = [("YAML alias bomb as a model (validate)", BRIEFGEN + ["validate", str(alias_bomb(d))]),
             ("YAML nested 100,000 deep (validate)", BRIEFGEN + ["validate", str(deep_yaml(d))]),
             ("docx unpacking to 100 MB (ingest)", BRIEFGEN + ["ingest", str(docx_bomb(d, 100)), "-o", str(d / "o1.yaml")]),
             ("docx unpacking to 45 MB: under the limit (ingest)",
              BRIEFGEN + ["ingest", str(docx_bomb(d, 45, "under.docx")), "-o", str(d / "o3.yaml")]),
             ("text of 990,000 characters: under the limit (ingest)",
              BRIEFGEN + ["ingest", str(text_at_limit(d)), "-o", str(d / "o4.yaml")]),
             ("50 MB text (ingest)", BRIEFGEN + ["ingest", str(big_text(d)), "-o", str(d / "o2.yaml")])]
    print("| input | size | s | peak MB | exit | message |\n|---|---:|---:|---:|---:|---|")
    for name, args in cases:
        size = Path(args[-1] if args[-2] != "-o" else args[-3]).stat().st_size
        secs, mb, rc, msg = measure(args)
        print(f"| {name} | {size:,} B | {secs:.2f} | {mb} | {rc} | {msg} |")


if __name__ == "__main__":
    main()
