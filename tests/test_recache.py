"""The compiled-pattern cache (text/recache.py): same patterns as re.compile, kept between runs, never report text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.text import recache

PATTERNS = [
    (r"^(?P<num>[一二三四五六七八九十]{1,3}、)\s*(?P<title>.+)$", 0),
    (r"(?<![0-9.])(\d+(?:\.\d+)?)(万亿|亿|万)?(元|人次?|家)", 0),
    (r"^(?:page|p\.)\s*\d{1,4}$", re.I),
    (r"^\s*$|^[-=]{3,}$", re.M),
    (r"(a)(b)?(?(2)c|d)", 0),
    (r"[\u4e00-\u9fff]{2,4}(?=同志)", 0),
]
TEXTS = ["一、总体情况", "全年完成1.5亿元，服务12万人次", "PAGE 12", "\n---\n", "abc ad", "感谢张三同志", ""]


def _behaviour(p: re.Pattern) -> list:
    out = [p.pattern, p.flags, p.groups, dict(p.groupindex)]
    for t in TEXTS:
        m = p.search(t)
        out.append((m.span(), m.groups(), m.groupdict()) if m else None)
        out.append(p.findall(t))
    return out


def _fresh(monkeypatch, tmp_path):
    """This process as if it had just started, with its cache in *tmp_path*."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(recache, "_own", recache._Store("re", 4000))
    monkeypatch.setattr(recache, "_library", recache._Store("re-lib", 16))
    monkeypatch.setattr(recache, "_compiled", {})
    monkeypatch.setattr(recache, "_library_compiled", {})


def test_same_patterns_as_re_compile_and_reused_from_the_file(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    first = [_behaviour(recache.rx(p, f)) for p, f in PATTERNS]
    assert first == [_behaviour(re.compile(p, f)) for p, f in PATTERNS]
    recache.save()
    if not recache._USABLE:
        pytest.skip("this interpreter compiles with plain re.compile")
    files = list(tmp_path.glob("re-cpython*.marshal"))
    assert len(files) == 1
    # a new process start: the programs come from the file, and behave the same
    _fresh(monkeypatch, tmp_path)
    again = [_behaviour(recache.rx(p, f)) for p, f in PATTERNS]
    assert again == first
    assert not recache._own.dirty  # nothing was compiled anew


def test_damaged_cache_file_is_ignored(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    if not recache._USABLE:
        pytest.skip("this interpreter compiles with plain re.compile")
    file = recache._own.file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(b"\x00garbage")
    assert recache.rx(r"(\d+)人").search("共12人").group(1) == "12"
    # a well-formed file with a wrong program: _sre refuses it, the pattern is compiled anew
    import marshal

    file.write_bytes(marshal.dumps({(r"(\d+)家", 0): (32, [99, 99, 99], 0, {}, (None,))}))
    _fresh(monkeypatch, tmp_path)
    assert recache.rx(r"(\d+)家").search("企业30家").group(1) == "30"


def test_bad_pattern_raises_as_re_does():
    with pytest.raises(re.error):
        recache.rx(r"(unclosed")


def test_report_text_never_lands_in_the_cache(tmp_path):
    """Only briefgen's own patterns are cached: reading a report writes none of its words to the cache."""
    report = tmp_path / "r.txt"
    marker = "龘靐齉麤"  # characters no rule of briefgen names
    report.write_text(f"{marker}工作报告\n\n一、总体情况\n\n全年{marker}完成投资1.5亿元。\n［注1］{marker}说明\n\n注1：{marker}",
                      encoding="utf-8")
    cache = tmp_path / "cache"
    env = dict(os.environ, BRIEFGEN_CACHE_DIR=str(cache))
    subprocess.run([sys.executable, "-m", "briefgen.cli", "ingest", str(report), "-o", str(tmp_path / "r.yaml")],
                   check=True, capture_output=True, env=env)
    files = list(Path(cache).glob("re-*.marshal"))
    if recache._USABLE:
        assert files
    for f in files:
        assert marker.encode("utf-8") not in f.read_bytes()
        assert "龘".encode("utf-8") not in f.read_bytes()


def test_library_imports_keep_only_their_slow_patterns(tmp_path, monkeypatch):
    """Around a library's import its patterns compile as always; only slow ones are stored, and the
    file stays small however many patterns a library builds anew at every start."""
    _fresh(monkeypatch, tmp_path)
    if not recache._USABLE:
        pytest.skip("this interpreter compiles with plain re.compile")
    monkeypatch.setattr(recache, "LIBRARY_SLOW", 0.0)  # store everything, to test the bound
    before = re._compile
    with recache.for_library_imports():
        assert re._compile is not before
        for n in range(100):
            assert re.match(rf"item{n}-(\d+)", f"item{n}-42").group(1) == "42"
        assert re.compile(r"(?P<y>\d{4})年").search("2025年").group("y") == "2025"
    assert re._compile is before  # restored
    import marshal

    stored = marshal.loads(recache._library.file().read_bytes())
    assert len(stored) == recache._library.limit
    assert (r"(?P<y>\d{4})年", 0) in stored  # the newest kept


def test_report_text_never_lands_in_a_build_cache(tmp_path):
    """A whole build (parent and render workers) writes none of a report's words to the cache."""
    report = tmp_path / "r.txt"
    marker = "龘靐齉麤"
    report.write_text(f"{marker}工作报告\n\n一、总体情况\n\n全年{marker}完成投资1.5亿元，服务职工3万人次。\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = dict(os.environ, BRIEFGEN_CACHE_DIR=str(cache))
    subprocess.run([sys.executable, "-m", "briefgen.cli", "build", str(report), "-o", str(tmp_path / "out"), "-q"],
                   check=True, capture_output=True, env=env)
    for f in Path(cache).glob("re*.marshal"):
        assert "龘".encode("utf-8") not in f.read_bytes()


def test_no_home_folder_still_runs(tmp_path):
    """A container user with no HOME and no passwd entry: the caches go to a folder of its own, the
    build works (before: Path.home() raised inside the font cache)."""
    code = ("import pathlib, sys\n"
            "def boom(): raise RuntimeError('Could not determine home directory.')\n"
            "pathlib.Path.home = staticmethod(boom)\n"
            "from briefgen.cli import cli\n"
            "sys.exit(cli(['pdf', sys.argv[1], '-o', sys.argv[2]]))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "BRIEFGEN_CACHE_DIR", "XDG_CACHE_HOME")}
    seed = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))[0]
    r = subprocess.run([sys.executable, "-c", code, str(seed), str(tmp_path / "b.pdf")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "b.pdf").stat().st_size > 1000
