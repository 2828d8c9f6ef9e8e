"""`briefgen serve`: a local web page where staff upload reports, check every figure and get their briefings."""

from __future__ import annotations

__all__ = ["create_app", "run"]


def __getattr__(name: str):  # the web stack is imported only when the page is used
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
