"""Reproducible Office (docx/pptx) zips: python-docx/-pptx stamp entries with the current time."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML zip with every entry stamped *when* (≥ 1980), fixed attributes and a stable
    order ([Content_Types].xml first, then by name), so the same input gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    return zip_members({name: src.read(name) for name in src.namelist()}, when)


def zip_members(members: dict[str, bytes], when: dt.datetime) -> bytes:
    """The zip :func:`normalise_zip` writes, from its members (name → bytes)."""
    stamp = max((when.year, when.month, when.day, when.hour, when.minute, when.second), (1980, 1, 1, 0, 0, 0))
    names = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, members[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def pptx_members(prs) -> dict[str, bytes] | None:
    """The members python-pptx's ``Presentation.save`` would zip (name → bytes), without zipping them
    (they are zipped once, by :func:`zip_members`); None when python-pptx's writer is not the one this
    was written against (then save and :func:`normalise_zip`)."""
    members: dict[str, bytes] = {}

    class _Collect:
        def write(self, pack_uri, blob: bytes) -> None:
            members[pack_uri.membername] = blob

    try:
        from pptx.opc.serialized import PackageWriter

        package = prs.part.package
        writer = PackageWriter(None, package._rels, tuple(package.iter_parts()))
        sink = _Collect()
        writer._write_content_types_stream(sink)
        writer._write_pkg_rels(sink)
        writer._write_parts(sink)
    except (ImportError, AttributeError, TypeError):
        return None
    return members
