"""Rendering a report's formats side by side: worker processes, each importing only its own renderers.

A build of one report spends most of its time importing python-docx, reportlab and python-pptx and
then rendering with each. The workers are forked when the build starts, before the report is read,
so their imports overlap ingest, and each renders its share of the formats (shared out by
:attr:`Format.weight`). The files are the same as rendered in one process. Used on Linux (fork)
with at least two CPUs; elsewhere, or when a worker cannot start, formats render one after another.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from pathlib import Path

from ..errors import BriefgenError
from ..text.recache import for_library_imports
from . import Rendered, get, load, render_output

#: At most this many worker processes (python-docx, reportlab and python-pptx each want one).
MAX_WORKERS = 3


def usable() -> bool:
    """Workers need fork (Linux), a second CPU, and no other thread alive (forking one could deadlock)."""
    return (sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods())


def share(formats: list[str], n: int) -> list[list[str]]:
    """*formats* in *n* groups of about equal weight (heaviest first to the lightest group), in format order."""
    groups: list[list[str]] = [[] for _ in range(n)]
    load_of = [0.0] * n
    for name in sorted(formats, key=lambda f: -get(f).weight):
        k = min(range(n), key=lambda i: load_of[i])
        groups[k].append(name)
        load_of[k] += get(name).weight
    return [sorted(g, key=formats.index) for g in groups if g]


class Workers:
    """One worker process per group of formats; :meth:`start` sends a report to all of them."""

    def __init__(self, formats: list[str], config) -> None:
        # what every worker and the parent need, imported once before the fork instead of four times:
        # Jinja2, the model, the selection stage and the text helpers it uses
        from .. import templating  # noqa: F401
        from ..selection import briefing, outputs  # noqa: F401

        gc.freeze()  # the objects all workers share stay untouched by their collectors (fewer copied pages)
        ctx = multiprocessing.get_context("fork")
        n = min(MAX_WORKERS, len(formats))  # even on two CPUs three workers beat two (measured)
        self.groups = share(formats, n)
        self.conns = []
        self.procs = []
        self.used = False
        for group in self.groups:
            mine, theirs = ctx.Pipe()
            # the child closes the parent's ends it inherits (its own and earlier workers'): otherwise a
            # killed build leaves workers waiting forever on pipes that never reach end-of-file
            proc = ctx.Process(target=_serve, args=(theirs, group, config, [*self.conns, mine]), daemon=True,
                               name="briefgen-render")
            proc.start()
            theirs.close()
            self.conns.append(mine)
            self.procs.append(proc)
        gc.unfreeze()

    def start(self, brief, stage: Path, config) -> None:
        """Send *brief* to every worker, to be rendered into *stage*; :meth:`finish` collects."""
        self.used = True
        for conn in self.conns:
            conn.send((brief, str(stage), config))

    def finish(self) -> dict[str, Rendered]:
        """What the workers rendered; raises the first failure, in format order."""
        results: dict[str, tuple] = {}
        for conn, group in zip(self.conns, self.groups):
            try:
                results.update(conn.recv())
            except (EOFError, OSError):
                results.update({f: ("internal", "a render worker stopped") for f in group})
        failed = [results[f] for f in sorted(results, key=self.order) if results[f][0] != "ok"]
        if failed:
            kind, *rest = failed[0]
            err = BriefgenError(rest[0] if kind == "error" else f"internal error ({rest[0]})")
            err.exit_code = rest[1] if kind == "error" else 1
            raise err
        return {f: results[f][1] for f in sorted(results, key=self.order)}

    def order(self, fmt: str) -> int:
        return [f for g in self.groups for f in g].index(fmt)

    def close(self) -> None:
        """Stop the workers (at once when they never rendered: a build with nothing to do)."""
        if not self.used:
            for proc in self.procs:
                proc.kill()
        for conn in self.conns:
            try:
                conn.send(None)
                conn.close()
            except OSError:
                pass
        for proc in self.procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()


def _serve(conn, group: list[str], config, parent_ends: list) -> None:
    """A worker: import the group's renderers (and let them warm up), then render reports until told to stop
    (or until the parent is gone: its pipe then reaches end-of-file)."""
    from ..templating import make_env

    for end in parent_ends:
        end.close()

    gc.disable()  # no collections while rendering (a worker is short-lived); between reports, one full one
    try:  # import now, while the parent reads the report; a failure shows again when rendering
        with for_library_imports():
            make_env(config.templates)
            for fmt in group:
                warm = getattr(sys.modules[load(get(fmt).renderer).__module__], "preload", None)
                if warm is not None:
                    warm(config)
    except Exception:  # noqa: BLE001
        pass
    rendered = False
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        if rendered:
            gc.collect()
        rendered = True
        brief, stage, cfg = msg
        results: dict[str, tuple] = {}
        try:
            env = make_env(cfg.templates)
        except BriefgenError as e:
            conn.send({f: ("error", e.format_message(), e.exit_code) for f in group})
            continue
        for fmt in group:
            try:
                results[fmt] = ("ok", render_output(brief, fmt, Path(stage) / get(fmt).output, cfg, env))
            except BriefgenError as e:
                results[fmt] = ("error", e.format_message(), e.exit_code)
            except Exception as e:  # noqa: BLE001 - reported like the sequential build does
                results[fmt] = ("internal", f"{e.__class__.__name__}: {e}")
        conn.send(results)
