"""The bad-input promise, checked the same way everywhere: exit 2, one `Error:` line naming the file, no
traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import cli


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below *folder* with its bytes (to prove a failed command changed nothing)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} \
        if folder.exists() else {}


def assert_bad(args: list, names: str | Path, *, watch: Path | None = None):
    """Run ``briefgen *args*``; it must fail as bad input: exit 2, stderr one ``Error:`` line containing
    *names*, no traceback, and (with *watch*) the folder's files exactly as before."""
    before = files_under(watch) if watch is not None else None
    r = CliRunner().invoke(cli, [str(a) for a in args])
    err = r.stderr.strip().splitlines()
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert len(err) == 1 and err[0].startswith("Error: "), r.stderr
    assert str(names) in err[0], err[0]
    assert "Traceback" not in r.output
    if watch is not None:
        after = files_under(watch)
        assert after == before, sorted(set(after) ^ set(before)) or "changed contents"
    return err[0]
