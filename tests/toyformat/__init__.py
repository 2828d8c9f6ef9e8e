"""A toy output format for the registry tests: one package and its template, nothing else."""

from __future__ import annotations

from pathlib import Path

from briefgen.renderers import Format

FORMAT = Format(
    name="toy", suffix=".txt", output="toy.txt", template="brief.toy.j2", mime="text/plain; charset=utf-8",
    label="要目", renderer="toyformat:render", title="plain-text outline (test)",
    template_dir=str(Path(__file__).parent / "templates"),
)


def render(brief, env, context, out_path, config) -> list[str]:
    """The template's output, written as it is."""
    from briefgen.fsutil import write_text
    from briefgen.templating import render as render_template

    write_text(out_path, render_template(env, FORMAT.template, context))
    return [f"toy: {len(context['key_figures'])} key figures"]
