"""The one build timestamp: SOURCE_DATE_EPOCH when set, else today at 00:00 UTC (same-day reruns are identical)."""

from __future__ import annotations

import datetime as dt
import os


def build_datetime() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    today = dt.datetime.now(dt.timezone.utc).date()
    return dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc)


def cn_date(d: dt.date | dt.datetime) -> str:
    """2024年1月5日 (GB/T 9704: Arabic numerals, no zero padding)."""
    return f"{d.year}年{d.month}月{d.day}日"
