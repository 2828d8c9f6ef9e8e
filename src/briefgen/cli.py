"""Command-line interface: a thin Click shell over the library (heavy imports happen inside commands)."""

from __future__ import annotations

import atexit
import gc
import sys
import warnings
from pathlib import Path

import click

from . import __version__
from .errors import BriefgenError, OneLineErrors, located_font_warning, one_line_warning


def _cfg(config: str | None, **overrides):
    """Defaults, then --config FILE (or ./briefgen.yaml when there is one), then the options given."""
    from .config import find_config, load_config

    from .limits import set_current

    cfg = load_config(find_config(config), **overrides)
    set_current(cfg.limits)
    _warn(cfg.warnings)
    return cfg


def _warn(warnings: list[str]) -> None:
    for w in warnings:
        click.echo(f"Warning: {w}", err=True)


def _default_out(brief, name: str) -> Path:
    return Path("output") / brief.report.id / name


def _formats_help() -> str:
    from .renderers import formats

    families = {f.family: [g.suffix for g in formats() if g.family == f.family] for f in formats() if f.family}
    names = [f.family or f.name for f in formats()]
    shown = ", ".join(dict.fromkeys(names))
    return "Comma-separated outputs: " + shown + "".join(
        f" ({fam} = {' and '.join(members)})" for fam, members in families.items() if len(members) > 1) + "."


config_option = click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
                              help="Config file (default: ./briefgen.yaml if present).")
templates_option = click.option("--templates", "templates", type=click.Path(file_okay=False), default=None,
                                help="Directory of templates overriding the defaults.")
encoding_option = click.option("--encoding", default=None, help="Text encoding of a raw report (default: detect).")


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn long Chinese work reports into briefing materials.

    \b
    Pipeline: report text -> YAML document model -> Word summary, one-page PDF, slides -> mail.
    Example:
      briefgen build seeds/ -o output/
    """
    ctx.obj = {"debug": debug}
    if not debug:
        warnings.showwarning = one_line_warning
    # Importing and rendering allocate many small objects; collecting less often saves time in this
    # short-lived process (the collector still runs).
    gc.set_threshold(20_000, 20, 20)
    atexit.unregister(gc.freeze)  # once: at exit the interpreter's final collections then skip the
    atexit.register(gc.freeze)  # objects left (~0.02 s of every run)


@cli.command()
@click.argument("report", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="YAML file to write (default: output/<report-id>/report.yaml; '-' for standard output).")
@encoding_option
@config_option
def ingest(report: str, output: str | None, encoding: str | None, config: str | None) -> None:
    """Read a report (.txt, .md, .docx, .pdf) and write its YAML document model.

    \b
    Example:
      briefgen ingest seeds/000_2fc45e29f8add522.txt -o report.yaml
    """
    from . import document, read_report, save_model

    if output not in (None, "-") and Path(output).suffix.lower() not in (".yaml", ".yml"):
        raise BriefgenError(f"{output}: the model is YAML; give an output name ending in .yaml")
    brief = read_report(report, encoding=encoding, config=_cfg(config))
    _warn([f"{report}: {r.detail}" for r in brief.repairs if r.kind == "warning"])
    if output == "-":
        click.echo(document.dumps(brief), nl=False)
        return
    out = save_model(brief, output or _default_out(brief, "report.yaml"))
    click.echo(f"{out}: {sum(1 for _ in brief.all_sections())} sections, {len(brief.keyword_areas)} keyword areas, "
               f"{len(brief.indicators)} indicators, {len(brief.appendices)} appendices, {len(brief.repairs)} repairs",
               err=True)


@cli.command()
@click.argument("models", nargs=-1, required=True, type=click.Path())
@config_option
def validate(models: tuple[str, ...], config: str | None) -> None:
    """Check hand-edited YAML models; lists every problem with file and line.

    \b
    Example:
      briefgen ingest seeds/000_2fc45e29f8add522.txt -o report.yaml
      briefgen validate report.yaml
    """
    from . import validate_model

    _cfg(config)  # its limits apply
    bad = 0
    for m in models:
        problems = validate_model(m)
        _echo_all(problems)
        bad += bool(problems)
        if not problems:
            click.echo(f"{m}: ok")
    if bad:
        raise BriefgenError(f"{bad} of {len(models)} file(s) have problems (listed above)")


def _echo_all(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="File to write (default: stdout).")
def schema(output: str | None) -> None:
    """Print the JSON Schema of the YAML document model (for editor completion and checks).

    \b
    Example:
      briefgen schema -o briefgen.schema.json
    """
    import json

    from .document import model_schema
    from .fsutil import write_text

    text = json.dumps(model_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)


def _render_cmd(fmts: list[str], report: str, output: str | None, config: str | None, encoding: str | None,
                **overrides) -> None:
    """Render one report in *fmts*: one format to OUTPUT, or several to OUTPUT's name with each suffix."""
    from . import read_report, render
    from .renderers import formats, get

    suffixes = {g.suffix for g in formats()} | {".yaml", ".yml"}
    if output and len(fmts) == 1 and Path(output).suffix.lower() in suffixes - {get(fmts[0]).suffix}:
        raise BriefgenError(f"{output}: ends in {Path(output).suffix} but this command writes {get(fmts[0]).suffix}; "
                            f"give an output name ending in {get(fmts[0]).suffix}")
    cfg = _cfg(config, **overrides)
    brief = read_report(report, encoding=encoding, config=cfg)
    for fmt in fmts:
        f = get(fmt)
        if output:
            out = Path(output).with_suffix(f.suffix) if len(fmts) > 1 else Path(output)
        else:
            out = _default_out(brief, Path(f.output).stem if len(fmts) > 1 else f.output).with_suffix(f.suffix)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = render(brief, fmt, out, config=cfg)
        _warn(list(dict.fromkeys(found + [located_font_warning(brief, report, out, w) if issubclass(w.category, UnicodeWarning)
                                          else " ".join(str(w.message).split()) for w in caught])))
        click.echo(str(out))


@cli.command()
@click.argument("report", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: output/<report-id>/summary.docx).")
@click.option("--preset", type=click.Choice(["official", "brief"]), default=None,
              help="Style: official (GB/T 9704) or brief (compact). Default from config: official.")
@click.option("--length", type=click.Choice(["summary", "full"]), default=None,
              help="summary: 1–2 pages (at most 4 for a long report); full: every section and figure. "
                   "Default from config: summary.")
@templates_option
@config_option
@encoding_option
def docx(report, output, preset, length, templates, config, encoding) -> None:
    """Write the Word summary (GB/T 9704 house style) of a report or YAML model.

    \b
    Example:
      briefgen docx seeds/000_2fc45e29f8add522.txt -o summary.docx --preset brief
    """
    _render_cmd(["docx"], report, output, config, encoding,
                **{"docx.preset": preset, "docx.length": length, "templates": templates})


@cli.command()
@click.argument("report", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: output/<report-id>/briefing.pdf).")
@click.option("--marking", default=None, help="Marking printed on the page, e.g. 内部资料.")
@templates_option
@config_option
@encoding_option
def pdf(report, output, marking, templates, config, encoding) -> None:
    """Write the one-page PDF briefing (一页纸) of a report or YAML model.

    \b
    Example:
      briefgen pdf seeds/002_844e24db9a45d4c4.txt -o briefing.pdf --marking 内部资料
    """
    _render_cmd(["pdf"], report, output, config, encoding, marking=marking, templates=templates)


@cli.command()
@click.argument("report", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: output/<report-id>/slides.md or slides.pptx).")
@click.option("--pptx", "as_pptx", is_flag=True, help="Write an editable .pptx instead of Markdown.")
@click.option("--both", is_flag=True, help="Write both: OUTPUT's name with .md and .pptx.")
@click.option("--pptx-template", type=click.Path(dir_okay=False, exists=False), default=None,
              help="A .pptx whose layouts and theme to use.")
@templates_option
@config_option
@encoding_option
def slides(report, output, as_pptx, both, pptx_template, templates, config, encoding) -> None:
    """Write the 16:9 deck: title, agenda, 数字速览, results and next steps per keyword area, charts, closing — Markdown (Marp/reveal.js) and/or .pptx.

    \b
    Examples:
      briefgen ingest seeds/000_2fc45e29f8add522.txt -o report.yaml
      briefgen slides report.yaml -o slides.md
      briefgen slides report.yaml --pptx -o slides.pptx
      briefgen slides report.yaml --both -o out/slides
    """
    if as_pptx and both:
        raise BriefgenError("--pptx and --both contradict each other; give --pptx for a .pptx only, "
                            "--both for .md and .pptx")
    if pptx_template and not (as_pptx or both):
        raise BriefgenError("--pptx-template applies only to a .pptx; add --pptx or --both")
    fmts = ["slides", "pptx"] if both else ["pptx"] if as_pptx else ["slides"]
    _render_cmd(fmts, report, output, config, encoding,
                **{"slides.pptx_template": pptx_template, "templates": templates})


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(file_okay=False), default="output", show_default=True,
              help="Output directory.")
@click.option("--formats", default=None, help=_formats_help() + " Default: all.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Reports built at once, one process each (with 1, a report's formats render side by side).")
@click.option("--force", is_flag=True, help="Rebuild reports even when nothing changed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@templates_option
@config_option
def build(inputs, output, formats, jobs, force, quiet, templates, config) -> None:
    """Build everything for many reports: files, folders or globs into OUTPUT/<report-id>/.

    \b
    Writes report.yaml, summary.docx, briefing.pdf, slides.md, slides.pptx per report and
    OUTPUT/manifest.json. Unchanged reports are skipped (see --force).
    Example:
      briefgen build seeds/ -o output/ --jobs 2
    """
    from . import build as do_build

    result = do_build(list(inputs), output, formats=formats, config=_cfg(config, templates=templates), jobs=jobs,
                      force=force, progress=not quiet and sys.stderr.isatty(), echo=lambda m: click.echo(m, err=True))
    click.echo(result.summary())
    if result.failed:
        raise BriefgenError(f"{len(result.failed)} report(s) failed: " + ", ".join(result.failed))


@cli.group()
def templates() -> None:
    """Copy and check the Jinja2 templates an office customises."""


@templates.command("init")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite templates already in DIRECTORY.")
def templates_init(directory: str, force: bool) -> None:
    """Copy the default templates into DIRECTORY for editing.

    \b
    Example:
      briefgen templates init my-templates
      briefgen docx seeds/000_2fc45e29f8add522.txt --templates my-templates
    """
    from .templating.check import init_templates

    for p in init_templates(Path(directory), force=force):
        click.echo(str(p))


@templates.command("check")
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
def templates_check(directory: str) -> None:
    """Report syntax errors and unknown variables in DIRECTORY's templates, with file and line.

    \b
    Example:
      briefgen templates init my-templates
      briefgen templates check my-templates
    """
    from .templating.check import check_templates

    problems = check_templates(Path(directory))
    _echo_all(problems)
    if problems:
        raise BriefgenError(f"{len(problems)} template problem(s) in {directory} (listed above)")
    click.echo(f"{directory}: ok")


@cli.command()
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--roster", required=True, type=click.Path(dir_okay=False), help="roster.yaml: who gets what.")
@click.option("--send", is_flag=True, help="Really send by SMTP (default: dry run writing .eml files).")
@click.option("--to-folders", type=click.Path(file_okay=False), default=None,
              help="Copy each recipient's files into DIR/<recipient>/ instead of mailing.")
@templates_option
@config_option
def distribute(outdir, roster, send, to_folders, templates, config) -> None:
    """Deliver built briefings to staff: .eml dry run (default), SMTP with --send, or folders.

    \b
    Examples:
      briefgen build seeds/ -o output/
      briefgen distribute output/ --roster templates/roster.example.yaml     # writes output/outbox/*.eml
      BRIEFGEN_SMTP_PASSWORD=… briefgen distribute output/ --roster templates/roster.example.yaml --send
      briefgen distribute output/ --roster templates/roster.example.yaml --to-folders /srv/share/briefings
    """
    from . import distribute as do_distribute

    mode = "send" if send else "folders" if to_folders else "dry-run"
    result = do_distribute(outdir, roster, mode=mode, folders_dir=to_folders,
                           config=_cfg(config, templates=templates), echo=click.echo)
    if result.undelivered:
        err = BriefgenError(f"{result.undelivered} message(s) not delivered (see above); "
                            "run again to retry the pending ones")
        err.exit_code = 1
        raise err


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; any non-loopback address requires an access token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workspace", type=click.Path(file_okay=False), default="output", show_default=True,
              help="Folder for uploaded reports and their outputs (a 'briefgen build' output folder).")
@click.option("--no-browser", is_flag=True, help="Do not open the page in a browser.")
@config_option
def serve(host, port, workspace, no_browser, config) -> None:
    """Open a local web page: upload reports, check every figure, preview, download and send briefings.

    \b
    Example:
      briefgen serve --workspace output/
    """
    from .serve.app import run

    run(host=host, port=port, workspace=Path(workspace), config=_cfg(config), open_browser=not no_browser)


if __name__ == "__main__":  # pragma: no cover
    cli()
