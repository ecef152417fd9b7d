"""The date histogram: days counted into day, week (starting Monday) or month buckets, named as ISO text.

Bucketed in numpy on day numbers, whatever the driver gives (ISO text on SQLite, dates on PostgreSQL):
parsing, bucketing and naming each distinct day in Python took 1.5 ms of a 1,400-article facets request,
and 4 ms for the weeks of 5,000 articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from app.stats.schemas import Interval

_DAYS = "datetime64[D]"
_MONTHS = "datetime64[M]"


def histogram(days: Sequence[Any], counts: Sequence[int] | None, interval: Interval) -> list[dict[str, Any]]:
    """The buckets of ``days`` (None left out), each day counted ``counts`` times (once without), sorted
    by name and shaped like ``Bucket``."""
    dates = np.array(days, dtype=_DAYS)  # None is NaT
    weights = np.ones(len(dates)) if counts is None else np.array(counts, dtype=np.float64)
    dated = ~np.isnat(dates)
    starts, bucket = np.unique(_starts(dates[dated], interval), return_inverse=True)
    totals = np.bincount(bucket, weights=weights[dated], minlength=len(starts)).astype(np.int64)
    named = sorted(zip(_names(starts, interval), totals.tolist(), strict=True))
    return [{"period": name, "count": count} for name, count in named]


def _starts(dates: np.ndarray[Any, Any], interval: Interval) -> np.ndarray[Any, Any]:
    """Each date's bucket: its month, its week's Monday, or itself."""
    if interval is Interval.MONTH:
        return dates.astype(_MONTHS)
    if interval is Interval.WEEK:
        day = dates.astype(np.int64)
        return (day - (day + 3) % 7).astype(_DAYS)  # day 0, 1970-01-01, was a Thursday
    return dates


def _names(starts: np.ndarray[Any, Any], interval: Interval) -> list[str]:
    names: list[str] = np.datetime_as_string(starts).tolist()
    if interval is Interval.MONTH:  # as strftime's %Y named them before: a year under 1000 unpadded
        return [name.lstrip("0") for name in names]
    return names
