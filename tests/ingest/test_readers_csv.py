"""CSV recovery: a record the csv module refuses, or a quote never closed, costs that record only."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.extract.types import ArticleRecord
from app.ingest.readers import ReadOptions, read_paths
from app.ingest.readers.csv_records import RUNAWAY
from app.ingest.types import Rejection

HEADER = "title,body,publisher\n"
GOOD = "Port Deal Signed,The port authority signed a deal on Sunday.,Wire\n"
LATER = 'Talks Resume,"Negotiators met again, officials said.",Wire\n'


def outcomes(path: Path, **options: object) -> list[str]:
    """Titles of the records and "line N: reason" of the rejections, in order."""
    items = read_paths([str(path)], ReadOptions(**options))  # type: ignore[arg-type]
    return [
        item.title if isinstance(item, ArticleRecord) else f"{item.position}: {item.reason}"
        for item in items
        if isinstance(item, ArticleRecord | Rejection)
    ]


def test_a_record_the_csv_module_refuses_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "carriage.csv"
    path.write_text(HEADER + GOOD + "Bad Record,a bare\rcarriage return,Wire\n" + LATER, newline="")
    got = outcomes(path)
    assert got[0] == "Port Deal Signed"
    assert got[1].startswith("line 3: unreadable CSV record (new-line character seen in unquoted field")
    assert got[2:] == ["Talks Resume"]


def test_an_unclosed_quote_is_reported_once_and_the_records_it_swallowed_load(tmp_path: Path) -> None:
    path = tmp_path / "runaway.csv"
    runaway = 'Broken Quote,"The minister said the talks,Wire\n'
    path.write_text(HEADER + GOOD + runaway + LATER + GOOD.replace("Port", "Second Port"))
    assert outcomes(path) == [
        "Port Deal Signed",
        f"line 3: {RUNAWAY}",
        "Talks Resume",  # its opening '"' is where the runaway field would have closed
        "Second Port Deal Signed",
    ]


@pytest.mark.parametrize(
    ("copies", "reason"),
    [
        (400, "article too long: 18809 characters (limit 1000)"),  # parsed, then refused
        (25_000, "record longer than 1052576 characters, not read"),  # over the line cap: never held
    ],
)
def test_a_quoted_multiline_field_over_the_limit_is_skipped_whole(
    tmp_path: Path, copies: int, reason: str
) -> None:
    path = tmp_path / "long.csv"
    paragraphs = "A long paragraph, with a comma and more words.\n" * copies
    path.write_text(HEADER + GOOD + f'Long Story,"{paragraphs}",Wire\n' + LATER)
    # Lines are capped at 4 x 1000 + 1 MiB characters: the records after it must still be found.
    assert outcomes(path, max_chars=1000) == ["Port Deal Signed", f"line 3: {reason}", "Talks Resume"]


def test_quoted_fields_with_newlines_escaped_quotes_and_crlf_parse_as_before(tmp_path: Path) -> None:
    path = tmp_path / "good.csv"
    path.write_bytes(b'title,body\r\n"Quote ""Marks""","Line one\r\nline, two"\r\nPlain,"Ends ""here"""\r\n')
    items = [item for item in read_paths([str(path)], ReadOptions()) if isinstance(item, ArticleRecord)]
    assert [(r.title, r.body, r.source_position) for r in items] == [
        ('Quote "Marks"', "Line one\nline, two", "line 2"),
        ("Plain", 'Ends "here"', "line 4"),
    ]
