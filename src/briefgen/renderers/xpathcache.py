"""python-pptx and python-docx with their XPath expressions compiled once instead of on every call.

Both libraries find elements through ``BaseOxmlElement.xpath(expr)``, which hands the expression to
lxml's ``_Element.xpath`` and so parses it anew each time: python-pptx asks ``./*[1]/p:nvPr/p:ph``
about every shape it looks at, some 1,500 times for one deck (a fifth of the time to write it).
:func:`install` gives that method a per-thread cache of ``lxml.etree.XPath`` objects over the same
namespace map; the result of every call is the same. Left alone when a library's method is not the one
this was written against.
"""

from __future__ import annotations

import threading

from lxml import etree

_local = threading.local()  # lxml's XPath objects are not to be shared between threads
_done: set[str] = set()


def install(library: str) -> None:
    """Compile the XPath expressions of *library* ("pptx" or "docx") once per thread."""
    if library in _done:
        return
    _done.add(library)
    if library == "pptx":
        from pptx.oxml import ns, xmlchemy

        namespaces = getattr(ns, "_nsmap", None)
    else:
        from docx.oxml import ns, xmlchemy

        namespaces = getattr(ns, "nsmap", None)
    base = getattr(xmlchemy, "BaseOxmlElement", None)
    original = getattr(base, "xpath", None)
    if not isinstance(namespaces, dict) or original is None or original.__code__.co_argcount != 2:
        return
    key = library

    def xpath(self, xpath_str: str):
        cache = getattr(_local, key, None)
        if cache is None:
            cache = {}
            setattr(_local, key, cache)
        compiled = cache.get(xpath_str)
        if compiled is None:
            compiled = cache[xpath_str] = etree.XPath(xpath_str, namespaces=namespaces)
        return compiled(self)

    xpath.__doc__ = original.__doc__
    base.xpath = xpath
