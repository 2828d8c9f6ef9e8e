"""briefgen: turn long Chinese work reports into briefing materials — the library API.

The pipeline, one call per stage (the CLI is a thin shell over these)::

    import briefgen

    config = briefgen.load_config("briefgen.yaml")            # or load_config() for the defaults
    brief = briefgen.read_report("report.txt", config=config)  # a raw report or a YAML model -> Brief
    briefgen.render(brief, "pdf", "briefing.pdf", config=config)
    result = briefgen.build(["seeds/"], "output/", config=config)
    briefgen.distribute("output/", "roster.yaml", mode="dry-run", config=config)

Names are imported on first use, so ``import briefgen`` stays cheap (no rendering library is loaded).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> "module:attribute" it lives in.
_API = {
    "read_report": "briefgen.document:read_report",
    "load_model": "briefgen.document:load",
    "save_model": "briefgen.document:save",
    "validate_model": "briefgen.document:validate_model",
    "select": "briefgen.selection:select",
    "render": "briefgen.renderers:render",
    "build": "briefgen.batch:build",
    "BuildResult": "briefgen.batch:BuildResult",
    "distribute": "briefgen.distribution:distribute",
    "load_config": "briefgen.config:load_config",
    "formats": "briefgen.renderers:formats",
    "Format": "briefgen.renderers:Format",
    "Brief": "briefgen.model:Brief",
    "Config": "briefgen.config:Config",
    "BriefgenError": "briefgen.errors:BriefgenError",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    ref = _API.get(name)
    if ref is None:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    module, _, attr = ref.partition(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
