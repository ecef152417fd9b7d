"""The histogram's buckets (app.stats.histogram, numpy on day numbers) are named as the dates' own
strftime/isoformat named them, from ISO text (SQLite) as from dates (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from app.stats.histogram import histogram
from app.stats.schemas import Interval

DAYS = [dt.date(2024, 1, 1), dt.date(2023, 12, 31), dt.date(2024, 2, 29), dt.date(2024, 2, 29),
        dt.date(1969, 12, 28), dt.date(1970, 1, 1), dt.date(1970, 1, 5), dt.date(999, 3, 7),
        dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2021, 1, 3)]


def _named(day: dt.date, interval: Interval) -> str:
    """The bucket's name as the facets named it before: a date bucketed, then strftime or isoformat."""
    if interval is Interval.MONTH:
        return day.strftime("%Y-%m")  # a year under 1000 is not zero-padded
    if interval is Interval.WEEK:
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.isoformat()


def _expected(counts: list[int], interval: Interval) -> list[dict[str, object]]:
    periods: Counter[str] = Counter()
    for day, count in zip(DAYS, counts, strict=True):
        periods[_named(day, interval)] += count
    return [{"period": period, "count": periods[period]} for period in sorted(periods)]


@pytest.mark.parametrize("interval", list(Interval))
@pytest.mark.parametrize("as_text", [True, False])
def test_buckets_are_named_and_sorted_as_dates_name_them(interval: Interval, as_text: bool) -> None:
    days = [day.isoformat() if as_text else day for day in DAYS]
    counts = list(range(1, len(DAYS) + 1))
    assert histogram([*days, None], None, interval) == _expected([1] * len(DAYS), interval)
    assert histogram(days, counts, interval) == _expected(counts, interval)


def test_no_days_no_buckets() -> None:
    assert histogram([], None, Interval.WEEK) == histogram([None], None, Interval.MONTH) == []
