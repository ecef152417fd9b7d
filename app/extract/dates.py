"""Date mentions in text, normalised against the article's publication date when it has one.

Rules find the mentions (app/extract/data/date_rules.json); dateparser parses the plain ones ("Jan. 10,
2024", "three days ago"). What dateparser gets wrong or cannot do is ruled here: "mid-May", "last summer",
"2330 GMT on Tuesday" (not the year 2330), "since October 17" and "December 2021" (no invented day),
counts such as "2,500 troops". A relative phrase is only resolved against a publication date: with none,
"January 10" stays partial ("--01-10") and "on Tuesday" is skipped, so no year is ever invented.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import dateparser

from app.extract import date_calendar as cal
from app.extract.date_rules import (
    date_patterns,
    date_rules,
    lowered,
    lowered_patterns,
    near_future,
    plausible,
    window,
)
from app.extract.types import DateFinding, Field

_Resolver = Callable[[re.Match[str], dt.date | None], "cal.Resolved | None"]


def find_dates(text: str, field: Field, published_on: dt.date | None) -> list[DateFinding]:
    """Every date mention in ``text`` that can be normalised, in text order."""
    found = []
    for kind, match in _mentions(text):
        resolved = _RESOLVERS[kind](match, published_on)
        if resolved is not None:
            found.append(
                DateFinding(
                    match.group(0),
                    field,
                    match.start(),
                    match.end(),
                    resolved.value,
                    resolved.precision,
                    resolved.start,
                    resolved.end,
                )
            )
    return found


def _mentions(text: str) -> list[tuple[str, re.Match[str]]]:
    """Non-overlapping candidate mentions: the longest wins, then the earlier pattern kind."""
    candidates = [
        (m.start(), -len(m.group(0)), rank, kind, m)
        for rank, kind, m in _matches(text)
        if plausible(kind, m, text)
    ]
    chosen: list[tuple[str, re.Match[str]]] = []
    end = -1
    for start, _, _, kind, match in sorted(candidates, key=lambda c: c[:3]):
        if start >= end:
            chosen.append((kind, match))
            end = match.end()
    return chosen


def _matches(text: str) -> Iterator[tuple[int, str, re.Match[str]]]:
    """Every pattern's finditer() matches in ``text``, with the pattern's rank.

    Case-insensitive scanning is the costly part, so the scan runs case-sensitively over the lower-cased
    text when that gives the same matches (date_rules.lowered); each match found is then matched again on
    the text itself, at the same place, so its groups keep their case ("may" is not "May").
    """
    folded = lowered(text)
    if folded is None:
        for rank, (kind, pattern) in enumerate(date_patterns()):
            yield from ((rank, kind, m) for m in pattern.finditer(text))
        return
    for rank, ((kind, pattern), fast) in enumerate(zip(date_patterns(), lowered_patterns(), strict=True)):
        for found in fast.finditer(folded):
            m = pattern.match(text, found.start())
            if m is None or m.end() != found.end():
                raise AssertionError(f"date pattern {kind} matched differently on lower-cased text")
            yield rank, kind, m


def _month(m: re.Match[str]) -> int:
    return date_rules().months[m.group("mon").lower().rstrip(".")]


def _full(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    parsed = dateparser.parse(m.group(0), languages=["en"], settings=settings)
    return cal.day(parsed.date()) if parsed else None


def _month_day(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    month_no, day_no = _month(m), int(m.group("day"))
    try:
        dt.date(2000, month_no, day_no)  # a leap year: 29 February exists
    except ValueError:
        return None
    if ref is None:
        return cal.partial(month_no, day_no)
    try:
        year_no = cal.year_for(month_no, day_no, ref, window(m, date_rules().future_window_days))
        return cal.day(dt.date(year_no, month_no, day_no))
    except ValueError:
        return None


def _part_days(m: re.Match[str]) -> tuple[int, int]:
    part = m.groupdict().get("part")
    key = re.sub(r"^the\s+", "", part.lower()) if part else ""
    return date_rules().month_parts.get(re.sub(r"\s+", " ", key), (1, 31))


def _month_year(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    return cal.month(int(m.group("year")), _month(m), _part_days(m))


def _month_only(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    month_no = _month(m)
    if ref is None:
        return cal.partial(month_no)
    return cal.month(cal.year_for(month_no, 1, ref, window(m, 0)), month_no, _part_days(m))


def _rel_month(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    if ref is None:
        return None  # "last October": the year is unknown, and the phrase is relative
    month_no = _month(m)
    return cal.month(cal.relative_month(month_no, ref, m.group("rel").lower()), month_no)


def _season_year(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    return _season_in(int(m.group("year")), m.group("season").lower())


def _season_in(y: int, name: str) -> cal.Resolved:
    first, last = date_rules().seasons[name]
    return cal.year(y, dt.date(y, first, 1), cal.month_end(y + 1 if last < first else y, last))


def _rel_season(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    if ref is None:
        return None
    return cal.season(date_rules().seasons[m.group("season").lower()], ref, m.group("rel").lower())


def _rel_period(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    return None if ref is None else cal.period(m.group("unit").lower(), ref, m.group("rel").lower())


def _ago(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    if ref is None:
        return None
    base = dt.datetime.combine(ref, dt.time(12))
    parsed = dateparser.parse(m.group(0), languages=["en"], settings={"RELATIVE_BASE": base})
    if parsed is None:
        return None
    unit = m.group("unit").lower()
    if unit == "month":
        return cal.month(parsed.year, parsed.month)
    return cal.year(parsed.year) if unit == "year" else cal.day(parsed.date())


def _weekday(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    if ref is None:
        return None
    rel = (m.group("rel") or "").lower()
    if not rel and near_future(m):
        rel = "coming"  # "would be produced before a court on Monday"
    return cal.day(cal.weekday(date_rules().weekdays[m.group("wd").lower()], ref, rel or None))


def _day_word(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    offset = date_rules().day_words[m.group("dw").lower()]
    return None if ref is None else cal.day(ref + dt.timedelta(days=offset))


def _year(m: re.Match[str], ref: dt.date | None) -> cal.Resolved | None:
    return cal.year(int(m.group("year")))


_RESOLVERS: dict[str, _Resolver] = {
    "full_mdy": _full,
    "full_dmy": _full,
    "part_month_year": _month_year,
    "month_year": _month_year,
    "season_year": _season_year,
    "md": _month_day,
    "dm": _month_day,
    "part_month": _month_only,
    "rel_month": _rel_month,
    "month": _month_only,
    "rel_season": _rel_season,
    "rel_period": _rel_period,
    "ago": _ago,
    "weekday": _weekday,
    "day_word": _day_word,
    "year": _year,
}
