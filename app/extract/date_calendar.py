"""Calendar arithmetic for date mentions: which day, week, month or season a phrase means."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from app.extract.types import DatePrecision


@dataclass(frozen=True, slots=True)
class Resolved:
    """A normalised value, its precision and the inclusive range it covers (when the year is known)."""

    value: str
    precision: DatePrecision
    start: dt.date | None = None
    end: dt.date | None = None


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def day(d: dt.date) -> Resolved:
    """One known day."""
    return Resolved(d.isoformat(), DatePrecision.DAY, d, d)


def month(year: int, month_no: int, days: tuple[int, int] = (1, 31)) -> Resolved:
    """A month, optionally narrowed to part of it ("mid-May": days 11-20)."""
    last = month_end(year, month_no)
    start = dt.date(year, month_no, min(days[0], last.day))
    end = last.replace(day=min(days[1], last.day))
    return Resolved(f"{year:04d}-{month_no:02d}", DatePrecision.MONTH, start, end)


def year(year_no: int, start: dt.date | None = None, end: dt.date | None = None) -> Resolved:
    """A year, optionally narrowed to a season of it."""
    first, last = start or dt.date(year_no, 1, 1), end or dt.date(year_no, 12, 31)
    return Resolved(f"{year_no:04d}", DatePrecision.YEAR, first, last)


def week(monday: dt.date) -> Resolved:
    """The ISO week starting on ``monday``."""
    iso = monday.isocalendar()
    value = f"{iso.year:04d}-W{iso.week:02d}"
    return Resolved(value, DatePrecision.WEEK, monday, monday + dt.timedelta(days=6))


def partial(month_no: int, day_no: int | None = None) -> Resolved:
    """Month (and day) with the year unknown: "--01-10", "--05"."""
    value = f"--{month_no:02d}" + (f"-{day_no:02d}" if day_no else "")
    return Resolved(value, DatePrecision.PARTIAL)


def year_for(month_no: int, day_no: int, ref: dt.date, window_days: int) -> int:
    """The year of a year-less date: the reference year unless that lies too far in the future."""
    day_no = min(day_no, calendar.monthrange(ref.year, month_no)[1])
    candidate = dt.date(ref.year, month_no, day_no)
    return ref.year - 1 if candidate > ref + dt.timedelta(days=window_days) else ref.year


def weekday(wd: int, ref: dt.date, rel: str | None) -> dt.date:
    """The weekday meant by "Tuesday", "last/next Tuesday" or a "coming" one ("will meet on Tuesday")."""
    back = (ref.weekday() - wd) % 7
    if rel == "coming":
        return ref + dt.timedelta(days=(wd - ref.weekday()) % 7)
    if rel == "next":
        return ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)
    if rel == "last":
        return ref - dt.timedelta(days=back or 7)
    return ref - dt.timedelta(days=back)


def relative_month(month_no: int, ref: dt.date, rel: str) -> int:
    """The year of "last October", "next October" or "this October"."""
    if rel == "last":
        return ref.year if month_no < ref.month else ref.year - 1
    if rel == "next":
        return ref.year if month_no > ref.month else ref.year + 1
    return ref.year


def season(span: tuple[int, int], ref: dt.date, rel: str) -> Resolved:
    """ "last summer", "this winter", "next spring" against ``ref`` (northern-hemisphere seasons)."""

    def bounds(y: int) -> tuple[dt.date, dt.date]:
        end_year = y + 1 if span[1] < span[0] else y
        return dt.date(y, span[0], 1), month_end(end_year, span[1])

    years = range(ref.year - 2, ref.year + 2)
    if rel in ("last", "past"):
        y = max(y for y in years if bounds(y)[1] < ref)
    elif rel == "next":
        y = min(y for y in years if bounds(y)[0] > ref)
    else:
        y = next((y for y in years if bounds(y)[0] <= ref <= bounds(y)[1]), ref.year)
    return year(y, *bounds(y))


def period(unit: str, ref: dt.date, rel: str) -> Resolved:
    """ "last week", "this month", "next year" (and "the month") against ``ref``."""
    step = {"last": -1, "past": -1, "next": 1}.get(rel, 0)
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday())
        return week(monday + dt.timedelta(weeks=step))
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + step
        return month(index // 12, index % 12 + 1)
    return year(ref.year + step)
