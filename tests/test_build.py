"""Batch build: layout, manifest, reproducibility, incremental skips, failures isolated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FILES = ["report.yaml", "summary.docx", "briefing.pdf", "slides.md", "slides.pptx"]


def _build(*args) -> "CliRunner":
    return CliRunner().invoke(cli, ["build", *map(str, args), "--quiet"])


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    a = tmp_path_factory.mktemp("a")
    r = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(a), "--quiet"])
    assert r.exit_code == 0, r.output
    return a


def test_layout_and_manifest(built):
    m = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(m["reports"]) == ["000_2fc45e29f8add522", "002_844e24db9a45d4c4"]
    for rid, entry in m["reports"].items():
        for f in FILES:
            assert (built / rid / f).is_file(), f
        assert entry["input_sha256"] and entry["status"] == "built"
        assert {o["path"].split("/")[-1] for o in entry["outputs"].values()} == set(FILES)
        for o in entry["outputs"].values():
            import hashlib

            assert hashlib.sha256((built / o["path"]).read_bytes()).hexdigest() == o["sha256"]
        assert m["briefgen"]


def test_rebuild_into_clean_dir_is_byte_identical(built, tmp_path):
    r = _build(ROOT / "seeds", "-o", tmp_path / "b")
    assert r.exit_code == 0, r.output
    assert _tree(built) == _tree(tmp_path / "b")


def test_second_build_skips_and_force_rebuilds(tmp_path):
    out = tmp_path / "o"
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    assert _build(seed, "-o", out, "--formats", "docx").exit_code == 0
    r = _build(seed, "-o", out, "--formats", "docx")
    assert r.exit_code == 0 and "0 built, 1 unchanged" in r.output
    r = _build(seed, "-o", out, "--formats", "docx", "--force")
    assert "1 built, 0 unchanged" in r.output
    r = _build(seed, "-o", out, "--formats", "docx,pdf")  # a changed format set is a change
    assert "1 built" in r.output


def test_broken_input_does_not_stop_the_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(p, src / p.name)
    (src / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    out = tmp_path / "o"
    r = _build(src, "-o", out, "--formats", "docx")
    assert r.exit_code != 0
    assert "broken.txt" in r.output and "2 built" in r.output and "1 failed" in r.output
    assert (out / "000_2fc45e29f8add522" / "summary.docx").is_file()


def test_failed_report_keeps_earlier_outputs(tmp_path):
    src = tmp_path / "r.txt"
    shutil.copy(sorted((ROOT / "seeds").glob("*.txt"))[0], src)
    out = tmp_path / "o"
    assert _build(src, "-o", out, "--formats", "docx").exit_code == 0
    before = (out / "r" / "summary.docx").read_bytes()
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "summary.docx.j2").write_text("# {{ report.title }}\n{{ no_such_variable }}\n", encoding="utf-8")
    r = _build(src, "-o", out, "--formats", "docx", "--templates", tpl)
    assert r.exit_code == 2 and "no_such_variable" in r.output
    assert (out / "r" / "summary.docx").read_bytes() == before
    assert not [p for p in (out / "r").iterdir() if p.name.startswith(".")]


def test_hand_edited_yaml_is_rendered_not_reingested(built, tmp_path):
    rid = "000_2fc45e29f8add522"
    y = tmp_path / "edited.yaml"
    text = (built / rid / "report.yaml").read_text(encoding="utf-8").replace("label: 调解案件", "label: 调解劳动争议案件")
    y.write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    r = _build(y, "-o", out, "--formats", "slides")
    assert r.exit_code == 0, r.output
    assert (out / rid / "report.yaml").read_text(encoding="utf-8") == text


def test_globs_and_config_errors(tmp_path):
    r = _build(str(ROOT / "seeds" / "0*.txt"), "-o", tmp_path / "o", "--formats", "docx")
    assert r.exit_code == 0 and "2 built" in r.output
    bad = tmp_path / "briefgen.yaml"
    bad.write_text("docx: {preset: fancy}\npdf: {min_font_size: 5}\ncolour: red\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "o2"), "--config", str(bad)])
    assert r.exit_code == 2
    assert "docx.preset" in r.output and "pdf.min_font_size" in r.output
    assert "unknown key 'colour'" in r.output
    r = _build(tmp_path / "nothing*.txt", "-o", tmp_path / "o3")
    assert r.exit_code == 2 and "no such file" in r.output


def test_parallel_build_matches_serial(built, tmp_path):
    r = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "p"), "--jobs", "2", "--quiet"])
    assert r.exit_code == 0, r.output
    assert _tree(built) == _tree(tmp_path / "p")


def test_taxonomy_lines_areas_up_across_reports(tmp_path):
    conf = tmp_path / "briefgen.yaml"
    conf.write_text("taxonomy:\n  - {name: 思想政治引领, keywords: [思想政治, 思想, 理论]}\n"
                    "  - {name: 产业工人队伍建设改革, keywords: [产业工人, 产改, 技能]}\n", encoding="utf-8")
    out = tmp_path / "o"
    r = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(out), "--formats", "slides",
                                 "--config", str(conf), "--quiet"])
    assert r.exit_code == 0, r.output
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in m["reports"].values():
        names = [a["name"] for a in entry["areas"]]
        assert names[:2] == ["思想政治引领", "产业工人队伍建设改革"], names
        assert len(names) == len(set(names))


def test_two_inputs_with_one_report_id_do_not_overwrite_each_other(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    shutil.copy(seeds[0], a / "r.txt")
    shutil.copy(seeds[1], b / "r.md")  # same stem, so the same report id
    out = tmp_path / "o"
    r = _build(a / "r.txt", b / "r.md", "-o", out, "--formats", "docx")
    assert r.exit_code == 2 and "also comes from" in r.output and "1 built" in r.output
    y = (out / "r" / "report.yaml").read_text(encoding="utf-8")
    assert "坚守初心使命" in y and "团结动员" not in y  # the first file's outputs, untouched


def test_a_second_build_into_the_same_folder_at_once_is_refused(tmp_path):
    """Two builds into one output folder at the same time would remove each other's staging folders:
    while one holds the folder, the other stops with one line (exit 2) and touches nothing."""
    import fcntl
    import os
    import subprocess
    import sys

    from briefgen.fsutil import LOCK

    out = tmp_path / "out"
    out.mkdir()
    staging = out / ".staging-000_x-abc"
    staging.mkdir()  # what the running build is filling
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # the running build
    try:
        r = subprocess.run([sys.executable, "-m", "briefgen.cli", "build", str(sorted((ROOT / "seeds").glob("*.txt"))[0]), "-o", str(out), "-q"],
                           capture_output=True, text=True)
    finally:
        os.close(fd)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "another briefgen build is writing into this folder" in r.stderr
    assert staging.is_dir()  # not removed as a leftover
    r = subprocess.run([sys.executable, "-m", "briefgen.cli", "build", str(sorted((ROOT / "seeds").glob("*.txt"))[0]), "-o", str(out), "-q"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr  # once released, the build runs (and cleans the leftover)
    assert not staging.exists()
