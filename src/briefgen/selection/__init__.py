"""Selection: what each output says — headline figures, key points, next steps, slide bullets — as template variables.

:func:`select` is the stage's one entry point: the model in, the variables one format's template sees
out. What the Word summary, the one-page PDF and the mail show is chosen once in :mod:`.briefing` (the
headline figures with labels that read alone, each part's results and next steps within a page budget,
what was left out as warnings); the slides add their bullets in :mod:`.slides`. Renderers decide
appearance only; text from the model reaches the line markup escaped (:mod:`.escape`).
"""

from __future__ import annotations

from typing import Any

from ..model import Brief


def settings(config) -> dict[str, Any]:
    """The config values templates and the selection use (``settings`` in every template)."""
    return {"organisation": config.organisation, "author": config.author, "marking": config.marking,
            "key_figures": config.pdf.key_figures}


def select(brief: Brief, fmt: str, config=None) -> dict[str, Any]:
    """The template variables for output format *fmt* (a registered format name) of *brief*."""
    from ..config import load_config
    from ..renderers import get, load
    from .context import build_context

    config = config if config is not None else load_config()
    context = build_context(brief, settings(config))
    extra = get(fmt).select
    return load(extra)(brief, context, config) if extra else context


#: Headline figures a mail shows per report.
MAIL_FIGURES = 4


def mail_summary(brief: Brief, config) -> dict[str, Any]:
    """What a mail says about the report (the build writes it into the manifest for distribute):
    its meta line and its first headline figures, as the model writes them."""
    from .briefing import headline
    from .context import build_context

    return {"meta_line": build_context(brief, settings(config))["meta_line"],
            "key_figures": [{"label": f.plain_label, "display": f.indicator.display, "kind": f.kind}
                            for f in headline(brief, MAIL_FIGURES)]}
