"""CLI rough edges: help examples that work in this repo, contradictory flags, config ranges, secrets never
echoed, one-line warnings for characters no font can draw."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from badinput import assert_bad
from briefgen import document
from briefgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("000_*.txt"))[0]
OUTPUT_OPTS = {"-o", "--output", "--to-folders", "--workspace"}


def _commands():
    yield [], cli
    for name, cmd in cli.commands.items():
        yield [name], cmd
        for sub, c in getattr(cmd, "commands", {}).items():
            yield [name, sub], c


@pytest.mark.parametrize("path,cmd", [(p, c) for p, c in _commands()], ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_help_examples_use_paths_that_exist_or_that_an_earlier_example_makes(path, cmd):
    r = CliRunner().invoke(cli, path + ["--help"])
    assert r.exit_code == 0
    made: set[str] = set()
    lines = [ln.split("#")[0].strip() for ln in r.output.splitlines() if re.match(r"^\s{4,}(\w+=\S+\s+)?briefgen ", ln)]
    for line in lines:
        words = shlex.split(line[line.index("briefgen "):])
        for i, w in enumerate(words[1:], 1):
            prev = words[i - 1]
            if prev in OUTPUT_OPTS or (prev == "init" and words[i - 2] == "templates"):
                made.add(w.rstrip("/"))
                continue
            if "/" not in w and not re.search(r"\.(ya?ml|txt|md|docx|pdf|pptx|json)$", w):
                continue
            if w.startswith("-"):
                continue
            ok = (ROOT / w).exists() or any(w.rstrip("/") == m or w.startswith(m + "/") for m in made)
            assert ok, f"'briefgen {' '.join(path)} --help' example uses {w}, which is not in the repo"


def test_contradictory_slide_flags_are_refused(tmp_path):
    out = tmp_path / "out"
    assert "contradict" in assert_bad(["slides", SEED, "--pptx", "--both", "-o", out / "s"], "--pptx", watch=out)
    assert "--pptx" in assert_bad(["slides", SEED, "--pptx-template", ROOT / "README.md", "-o", out / "s.md"],
                                  "--pptx-template", watch=out)


@pytest.mark.parametrize("cmd,name", [("docx", "x.pdf"), ("pdf", "x.docx"), ("slides", "x.pptx"), ("docx", "x.yaml")])
def test_an_output_name_of_another_format_is_refused(tmp_path, cmd, name):
    out = tmp_path / "out"
    assert_bad([cmd, SEED, "-o", out / name], name, watch=out)


def test_send_and_to_folders_exclude_each_other(tmp_path):
    (tmp_path / "roster.yaml").write_text("- {name: a, email: a@example.org, reports: ['*']}\n", encoding="utf-8")
    line = assert_bad(["distribute", tmp_path, "--roster", tmp_path / "roster.yaml", "--send", "--to-folders",
                       tmp_path / "f"], "--to-folders", watch=tmp_path)
    assert "exclude each other" in line


BAD_CONFIG = {
    "slides.max_bullets: 0": "slides: {max_bullets: 0}",
    "slides.max_chars: -5": "slides: {max_chars: -5}",
    "slides.max_chars: 5": "slides: {max_chars: 5}",
    "pdf.min_font_size: 400": "pdf: {min_font_size: 400}",
    "pdf.max_font_size: 2": "pdf: {max_font_size: 2}",
    "min above max": "pdf: {min_font_size: 12, max_font_size: 10}",
    "pdf.key_figures: 0": "pdf: {key_figures: 0}",
    "smtp port": "distribute: {smtp: {port: 0}}",
    "retries": "distribute: {retries: 0}",
    "timeout": "distribute: {smtp: {timeout: -1}}",
    "limits": "limits: {max_input_mb: 0}",
    "yaml depth": "limits: {max_yaml_depth: 1}",
    "not a mapping": "- a\n- b",
    "broken yaml": "slides: {max_bullets: [",
    "wrong type": "docx: {preset: 3}",
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIG))
def test_config_values_out_of_range_are_refused(tmp_path, case):
    conf = tmp_path / "briefgen.yaml"
    conf.write_text(BAD_CONFIG[case] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert_bad(["docx", SEED, "-o", out / "s.docx", "--config", conf], conf, watch=out)


def test_a_password_put_in_password_env_is_never_echoed(tmp_path):
    conf = tmp_path / "briefgen.yaml"
    conf.write_text("distribute:\n  smtp: {password_env: 'S3cr3t pa$$word!'}\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["docx", str(SEED), "-o", str(tmp_path / "o.docx"), "--config", str(conf)])
    assert r.exit_code == 2 and "password_env" in r.output
    assert "S3cr3t" not in r.output and "pa$$" not in r.output


def test_a_line_break_in_a_model_title_is_refused(tmp_path, briefs):
    d = briefs["000"].to_dict()
    d["report"]["title"] = "标题\n一、注入的标题"
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    assert any("report.title: contains a line break" in x for x in document.validate_model(p))
    assert_bad(["docx", p, "-o", tmp_path / "out" / "s.docx"], p, watch=tmp_path / "out")


def test_a_character_no_font_can_draw_is_one_warning_line(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("某市工作报告\n一、回顾𠮷\n全年完成投资12亿元，增长5%。\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["pdf", str(src), "-o", str(tmp_path / "b.pdf")])
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.stderr.splitlines() if "𠮷" in ln]
    assert len(lines) == 1 and lines[0].startswith(f"Warning: {src}: no font can draw 𠮷 (U+20BB7)")
    assert "b.pdf" in lines[0] and "line 2" in lines[0]
    assert "warnings.warn" not in r.stderr and ".py:" not in r.stderr


def test_validate_lists_every_problem_with_its_line(tmp_path, briefs):
    d = briefs["000"].to_dict()
    d["report"]["title"] = ""
    d["indicators"][0]["value"] = 12345
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    r = CliRunner().invoke(cli, ["validate", str(p)])
    assert r.exit_code == 2
    assert "report.title: must not be empty" in r.stderr and "indicators[0].value: 12345 does not match" in r.stderr


@pytest.mark.parametrize("args,named", [
    (["docx", "--preset", "nope", "r.yaml"], "--preset"),
    (["docx"], "REPORT"),
    (["build", "x", "--jobs", "0"], "--jobs"),
    (["nope"], "nope"),
    (["pdf", "r.yaml", "--no-such-option"], "--no-such-option"),
    (["templates", "check"], "DIRECTORY"),
])
def test_usage_errors_are_one_line(tmp_path, args, named):
    assert_bad(args, named, watch=tmp_path)


@pytest.mark.parametrize("data", [b"\xff\xfe\x00garbage", "短短一行。".encode("utf-8")])
def test_a_scrap_of_text_is_not_a_report(tmp_path, data):
    """A mis-decoded byte scrap (a UTF-16 BOM before junk reads as four hanzi) or one short line is refused."""
    src = tmp_path / "scrap.txt"
    src.write_bytes(data)
    assert_bad(["ingest", src, "-o", tmp_path / "out" / "r.yaml"], "scrap.txt", watch=tmp_path)
