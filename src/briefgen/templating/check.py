"""`briefgen templates init|check`: copy the defaults for an office, lint a customised copy with sample data."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace as NS

from ..errors import OutputError, TemplateError
from . import DEFAULT_DIR, make_env, render

#: A small built-in report, so a lint exercises every variable a template uses.
SAMPLE = ("示例工作报告\n——示例市总工会第一届委员会第二次全体会议报告\n"
          "2024年3月1日，会议召开。\n一、2023年工作回顾\n（一）服务职工\n全年走访慰问职工1.2万人次，投入资金3.5亿元。\n"
          "二、2024年工作任务\n（一）建设阵地\n新建驿站不少于100家。\n")


def init_templates(directory: Path, force: bool = False) -> list[Path]:
    """Copy every default template into *directory*; refuses to overwrite unless *force*."""
    directory.mkdir(parents=True, exist_ok=True)
    sources = sorted(DEFAULT_DIR.glob("*.j2"))
    clash = [directory / s.name for s in sources if (directory / s.name).exists()]
    if clash and not force:
        raise OutputError(f"{clash[0]}: already exists; use --force to overwrite the templates in {directory}")
    out = []
    for s in sources:
        shutil.copyfile(s, directory / s.name)
        out.append(directory / s.name)
    return out


def sample_contexts() -> dict[str, dict]:
    """Template name -> the variables it sees, from the sample report: one per registered format (what
    ``select`` gives it) and one for the mail templates; ``""`` holds all of them merged."""
    from ..config import load_config
    from ..ingest import ingest_text
    from ..model import Source
    from ..renderers import formats
    from ..selection import select

    brief = ingest_text(SAMPLE, Source("sample.txt", "0" * 64, "utf-8", "text", None, len(SAMPLE)), "sample")
    config = load_config(marking="内部资料", organisation="示例市总工会")
    out: dict[str, dict] = {}
    for f in formats():
        out.setdefault(f.template, select(brief, f.name, config))
    files = ["摘要.docx", "一页纸.pdf"]
    base = out[formats()[0].template]
    item = NS(id="sample", title=brief.report.title, organisation="示例市总工会", meta_line=base["meta_line"],
              areas=[a.name for a in brief.keyword_areas][:1], key_figures=base["key_figures"],
              attachments=[f"{brief.report.title}-{f}" for f in files], files=files)
    mail = {"recipient": NS(name="张三", email="zhangsan@example.org", department="办公室"), "items": [item],
            "attachments": [NS(filename=f, format_cn="Word", size_text="12 KB") for f in item.attachments],
            "marking": "内部资料", "organisation": "示例市总工会", "generated_text": base["generated_text"]}
    merged = dict(mail)
    for ctx in out.values():
        merged = {**ctx, **merged}
    out[""] = merged
    for name in ("mail_subject.txt.j2", "mail_body.txt.j2", "mail_body.html.j2"):
        out[name] = mail
    return out


def check_templates(directory: Path) -> list[str]:
    """Syntax errors and unknown variables of every template in *directory*, with file and line."""
    env = make_env(directory)
    contexts = sample_contexts()
    problems = []
    for path in sorted(Path(directory).glob("*.j2")):
        try:
            render(env, path.name, contexts.get(path.name, contexts[""]))
        except TemplateError as e:
            problems.append(e.format_message())
    return problems
