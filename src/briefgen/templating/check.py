"""`briefgen templates init|check`: copy the defaults for an office, lint a customised copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import OutputError
from . import DEFAULT_DIR, check_dir


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


def sample_context() -> dict:
    """A context from a small built-in report, so a lint exercises every variable a template uses."""
    from ..select.context import build_context
    from ..ingest import ingest_text
    from ..model import Source

    text = ("示例工作报告\n——示例市总工会第一届委员会第二次全体会议报告\n"
            "2024年3月1日，会议召开。\n一、2023年工作回顾\n（一）服务职工\n全年走访慰问职工1.2万人次，投入资金3.5亿元。\n"
            "二、2024年工作任务\n（一）建设阵地\n新建驿站不少于100家。\n")
    brief = ingest_text(text, Source("sample.txt", "0" * 64, "utf-8", "text", None, len(text)), "sample")
    from ..renderers.slides.markdown import slide_context

    ctx = build_context(brief, {"marking": "内部资料", "organisation": "示例市总工会"})
    ctx = slide_context(brief, ctx)  # the slides template also sees the slide plan
    from types import SimpleNamespace as NS

    files = ["摘要.docx", "一页纸.pdf"]
    item = NS(id="sample", title=brief.report.title, organisation="示例市总工会", meta_line=ctx["meta_line"],
              areas=[a.name for a in brief.keyword_areas][:1], key_figures=ctx["key_figures"],
              attachments=[f"{brief.report.title}-{f}" for f in files], files=files)
    attachments = [NS(filename=f, format_cn="Word", size_text="12 KB") for f in item.attachments]
    ctx.update({"recipient": NS(name="张三", email="zhangsan@example.org", department="办公室"),
                "items": [item], "attachments": attachments})
    return ctx


def check_templates(directory: Path) -> list[str]:
    return check_dir(directory, sample_context())
