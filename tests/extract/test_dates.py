"""Date mentions on real wire sentences, with and without a publication date."""

from __future__ import annotations

import datetime as dt
import socket

import pytest

from app.extract import dates
from app.extract.date_rules import date_patterns, lowered
from app.extract.dates import find_dates
from app.extract.types import DatePrecision, Field

WED = dt.date(2024, 1, 24)  # a Wednesday

# (sentence, publication date, [(mention text, value, precision), ...])
CASES = [
    (
        "Recently, on January 10, the office of Iraq Prime Minister Mohammed Shia-al-Sudani said that "
        "they would soon begin the process.",
        None,
        [("January 10", "--01-10", "partial")],
    ),
    (
        "Recently, on January 10, the office of the prime minister said so.",
        WED,
        [("January 10", "2024-01-10", "day")],
    ),
    (
        "US forces have come under attack at least 151 times since attacks began on October 17.",
        WED,
        [("October 17", "2023-10-17", "day")],
    ),
    (
        "46 Attacks on US, Coalition Forces in Iraq & Syria Since Oct 17",
        None,
        [("Oct 17", "--10-17", "partial")],
    ),
    (
        "The US has roughly 2,500 troops currently in Iraq who have been operating there since "
        "December 2021, when the US military announced the end of its combat role.",
        None,
        [("December 2021", "2021-12", "month")],
    ),
    ("Addressing reporters, Sabrina Singh said that at least 56 US troops have been injured.", WED, []),
    (
        "It needs a lasting military capacity, to avoid another 2014. That hasn't happened.",
        None,
        [("2014", "2014", "year")],
    ),
    (
        "The Arakan Army has fought the military since 2019 and 2000 fighters joined it.",
        None,
        [("2019", "2019", "year")],
    ),
    (
        "The Netherlands will assume the presidency of the NATO mission in Iraq in mid-May.",
        None,
        [("mid-May", "--05", "partial")],
    ),
    (
        "The Netherlands will assume the presidency of the NATO mission in Iraq in mid-May.",
        dt.date(2024, 2, 1),
        [("mid-May", "2024-05", "month")],
    ),
    (
        "Last summer, the US and Iraq agreed to form a higher military commission.",
        WED,
        [("Last summer", "2023", "year")],
    ),
    ("Last summer, the US and Iraq agreed to form a higher military commission.", None, []),
    (
        "At 2:30 a.m. (2330 GMT on Tuesday), the US aircraft attacked positions of the Hashd Shaabi forces.",
        WED,
        [("2330 GMT on Tuesday", "2024-01-23", "day")],
    ),
    (
        "At 2:30 a.m. (2330 GMT on Tuesday), the US aircraft attacked positions of the Hashd Shaabi forces.",
        None,
        [],
    ),
    (
        "On Tuesday, following the latest round of US strikes, a spokesperson said the strikes "
        "undermine agreements.",
        WED,
        [("Tuesday", "2024-01-23", "day")],
    ),
    (
        "Earlier on Wednesday, Iraq's foreign minister hinted at the upcoming discussions.",
        WED,
        [("Wednesday", "2024-01-24", "day")],
    ),
    (
        "The attack that we saw over the weekend was just a larger scale attack, Singh said Monday.",
        WED,
        [("Monday", "2024-01-22", "day")],
    ),
    (
        "The strike came last week, officials said yesterday.",
        WED,
        [("last week", "2024-W03", "week"), ("yesterday", "2024-01-23", "day")],
    ),
    ("Talks will resume next week.", WED, [("next week", "2024-W05", "week")]),
    ("Two rockets hit the base earlier this month.", WED, [("earlier this month", "2024-01", "month")]),
    ("Last year, the US and Iraq agreed to initiate talks.", WED, [("Last year", "2023", "year")]),
    ("Last year, the US and Iraq agreed to initiate talks.", None, []),
    ("Last October, officials blamed Tehran for the attacks.", None, []),
    (
        "He said on Saturday he would be produced before a court on Monday.",
        dt.date(2023, 10, 29),
        [("Saturday", "2023-10-28", "day"), ("Monday", "2023-10-30", "day")],
    ),
    (
        "The storm was expected to hit Taiwan on Thursday.",
        dt.date(2024, 7, 24),
        [("Thursday", "2024-07-25", "day")],
    ),
    (
        "Kishida said he would not run in his party’s leadership election in September.",
        dt.date(2024, 8, 14),
        [("September", "2024-09", "month")],
    ),
    (
        "She said in May that 1,500 were arrested in 2019 protests in the 1990s style.",
        dt.date(2024, 3, 13),
        [("May", "2023-05", "month"), ("2019", "2019", "year")],
    ),
    (
        "Negotiators met again on Saturday….reports Gulf Today",
        dt.date(2025, 4, 28),
        [("Saturday", "2025-04-26", "day")],
    ),
    (
        "“Talks will start soon.”\n\n“The dialogue was announced back in August,” a US official said.",
        WED,
        [("August", "2023-08", "month")],
    ),
    (
        "Last October, following US airstrikes, a senior defence official said Tehran was to blame.",
        WED,
        [("Last October", "2023-10", "month")],
    ),
    ("The strikes come after attacks on the Houthis over the last week and a half.", WED, []),
    ("The dialogue was announced back in August.", WED, [("August", "2023-08", "month")]),
    ("The dialogue was announced back in August.", None, [("August", "--08", "partial")]),
    (
        "Officials may meet again; the May 3 vote was delayed until 12 March 2024.",
        None,
        [("May 3", "--05-03", "partial"), ("12 March 2024", "2024-03-12", "day")],
    ),
    (
        "The bombs exploded near the tomb of Qassem Soleimani in Kerman on January 3, 2024.",
        None,
        [("January 3, 2024", "2024-01-03", "day")],
    ),
    (
        "Two “suicide terrorists” detonated bombs three days ago, killing over 90 people.",
        WED,
        [("three days ago", "2024-01-21", "day")],
    ),
    ("Attacks since October 17 will not stop us, he said.", WED, [("October 17", "2023-10-17", "day")]),
    ("The ministers will meet again on March 3.", WED, [("March 3", "2024-03-03", "day")]),
    (
        "She will assume the leadership of the mission in the middle of this year.",
        WED,
        [("the middle of this year", "2024", "year")],
    ),
]


@pytest.mark.parametrize(("sentence", "published_on", "expected"), CASES)
def test_find_dates(
    sentence: str, published_on: dt.date | None, expected: list[tuple[str, str, str]]
) -> None:
    found = find_dates(sentence, Field.BODY, published_on)
    assert [(d.text, d.value, d.precision.value) for d in found] == expected


def test_offsets_point_at_the_mention() -> None:
    text = "Rockets hit the base on Thursday. Attacks began on October 17."
    for d in find_dates(text, Field.LEDE, dt.date(2023, 11, 10)):
        assert text[d.start : d.end] == d.text
        assert d.field is Field.LEDE


def test_ranges_cover_the_value() -> None:
    (summer,) = find_dates("Last summer, the talks began.", Field.BODY, WED)
    assert (summer.date_start, summer.date_end) == (dt.date(2023, 6, 1), dt.date(2023, 8, 31))
    (mid,) = find_dates("in mid-May 2024", Field.BODY, None)
    assert (mid.value, mid.date_start, mid.date_end) == (
        "2024-05",
        dt.date(2024, 5, 11),
        dt.date(2024, 5, 20),
    )


def test_partial_dates_have_no_range() -> None:
    (d,) = find_dates("on January 10", Field.BODY, None)
    assert d.precision is DatePrecision.PARTIAL
    assert (d.date_start, d.date_end) == (None, None)


def test_a_date_after_publication_is_moved_to_the_year_before() -> None:
    (d,) = find_dates("the attack on November 20", Field.BODY, dt.date(2024, 1, 24))
    assert d.value == "2023-11-20"


def test_dateparser_is_used_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("find_dates tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    found = find_dates("Jan. 10, 2024 and three days ago", Field.BODY, WED)
    assert [d.value for d in found] == ["2024-01-10", "2024-01-21"]


def test_last_winter_spans_the_new_year() -> None:
    (winter,) = find_dates("Last winter the pipeline froze.", Field.BODY, dt.date(2024, 7, 1))
    assert (winter.value, winter.date_start, winter.date_end) == (
        "2023",
        dt.date(2023, 12, 1),
        dt.date(2024, 2, 29),
    )


def test_weeks_are_iso_weeks_across_the_year_end() -> None:
    (week,) = find_dates("Talks resume next week.", Field.BODY, dt.date(2024, 12, 24))
    assert (week.value, week.precision) == ("2025-W01", DatePrecision.WEEK)
    assert (week.date_start, week.date_end) == (dt.date(2024, 12, 30), dt.date(2025, 1, 5))


@pytest.mark.parametrize(
    "text",
    [
        "On MAY 5, 2024 and may 6 the talks, which began in March 2023, went on until Tuesday.",
        "“We will meet next week,” he said on Monday — a day after the vote on 12 March, 2024.",
        "İstanbul talks: 2330 GMT on Tuesday (local time), three days ago, last ſummer, ıt said today.",
        "Since October 17, the mid-May deadline and the end of the month: Sept. 3rd, 2021.",
    ],
)
def test_the_lower_cased_scan_finds_what_the_case_insensitive_one_finds(text: str) -> None:
    slow = [
        (rank, kind, m.span(), m.groupdict())
        for rank, (kind, pattern) in enumerate(date_patterns())
        for m in pattern.finditer(text)
    ]
    fast = [(rank, kind, m.span(), m.groupdict()) for rank, kind, m in dates._matches(text)]
    assert fast == slow
    assert slow  # every sample has date words


def test_texts_whose_case_folding_differs_from_lower_case_are_scanned_as_they_are() -> None:
    assert lowered("Last ſummer") is None  # long s: IGNORECASE reads it as "s", lower() keeps it
    assert lowered("İstanbul") is None  # lower() makes two characters of one
    assert lowered("Last Summer “quoted”") == "last summer “quoted”"
