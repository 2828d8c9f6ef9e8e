"""Errors (and warnings) that briefgen reports to the user as one line, without a traceback."""

from __future__ import annotations

import traceback

import click


class BriefgenError(click.ClickException):
    """Base class: a problem the user can fix; the CLI prints it as one line.

    ``exit_code`` is 2 for bad input or usage (the default) and 1 for other failures.
    """

    exit_code = 2

    def format_message(self) -> str:
        # One line, always: collapse any newline a library message carried.
        return " ".join(str(self.message).split("\n"))


class InputError(BriefgenError):
    """A report or model file that cannot be read, decoded or understood."""


class ModelError(BriefgenError):
    """A YAML document model that does not match the schema."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "invalid document"
        more = f" (and {len(problems) - 1} more problem(s); run 'briefgen validate {path}' to list them all)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")


class TemplateError(BriefgenError):
    """A Jinja2 template with a syntax error or an unknown variable."""


class ConfigError(BriefgenError):
    """A bad configuration file or value."""


class OutputError(BriefgenError):
    """An output path that cannot be written."""


class RenderError(BriefgenError):
    """A renderer failed on valid input (a bug or an environment problem)."""

    exit_code = 1


def one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A library warning as one 'Warning:' line on stderr (never the Python source line the default shows)."""
    click.echo(f"Warning: {' '.join(str(message).split())}", err=True)


def located_font_warning(brief, report: str, out, w) -> str:
    """A font warning (*w*, a warnings.WarningMessage) naming where the characters are:
    'REPORT: no font can draw 𠮷 (U+20BB7); replaced by '〓' in OUT (first at line N of the normalised text …)'."""
    msg = " ".join(str(w.message).split())
    chars = [c for c in msg.split(" (U+")[0].replace("no font can draw ", "") if ord(c) > 0xFFFF]
    where = ""
    if chars and chars[0] in brief.text:
        line = brief.text.count("\n", 0, brief.text.index(chars[0])) + 1
        where = f" (first at line {line} of the normalised text in the model)"
    return f"{report}: {msg} in {out}{where}"


class OneLineErrors(click.Group):
    """The CLI's group: every error is one line (a traceback only with --debug); see the README's promises."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BriefgenError:
            if (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            raise
        except click.UsageError as e:  # one line, like every other error (Click would add Usage and Try lines)
            where = e.ctx.command_path if e.ctx is not None else "briefgen"
            click.echo(f"Error: {' '.join(e.format_message().split())} (see '{where} --help')", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Aborted.", err=True)
            ctx.exit(130)
        except Exception as e:  # noqa: BLE001 - the last line of defence
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo(f"Error: internal error ({e.__class__.__name__}: {e}); "
                       "run again with --debug for the traceback and report it", err=True)
            ctx.exit(1)
