"""Reproducible Office (docx/pptx) zips: python-docx/-pptx stamp entries with the current time."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML zip with every entry stamped *when* (≥ 1980), fixed attributes and a stable
    order ([Content_Types].xml first, then by name), so the same input gives the same bytes."""
    stamp = max((when.year, when.month, when.day, when.hour, when.minute, when.second), (1980, 1, 1, 0, 0, 0))
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, src.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
