"""Readers on small fixtures: the dump's tolerances, JSON Lines, CSV, stdin and every bad-record kind."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from app.extract.types import ArticleRecord
from app.ingest.readers import ReadOptions, read_paths
from app.ingest.types import Rejection

DATA = Path(__file__).resolve().parents[1] / "data"
WIRE_PATH = DATA / "ingest" / "wire.txt"
WIRE = WIRE_PATH.read_bytes()


def read(*paths: Path | str, **options: object) -> list[ArticleRecord | Rejection]:
    return list(read_paths([str(p) for p in paths], ReadOptions(**options)))  # type: ignore[arg-type]


def records(items: list[ArticleRecord | Rejection]) -> list[ArticleRecord]:
    return [item for item in items if isinstance(item, ArticleRecord)]


def read_records(path: Path) -> list[ArticleRecord]:
    return records(read(path))


def test_dump_fields_of_each_article() -> None:
    first, second = read(DATA / "ingest" / "wire.txt")
    assert isinstance(first, ArticleRecord) and isinstance(second, ArticleRecord)
    assert first.sections == ("Top News", "Arab News", "USA")
    assert first.title == "Envoys Meet in Baghdad to Discuss Troop Talks"
    assert (
        first.lede
        == "Envoys from both countries met in Baghdad on Monday to prepare the talks….reports Asian Lite News"
    )
    assert first.body.split("\n\n") == [
        "Envoys from both countries met in Baghdad on Monday to prepare the talks, officials said.",
        "“We are ready to begin,” the foreign minister said.",
        "The talks will resume next week, according to Reuters. (ANI)",
    ]
    assert first.related_title == "Port Deal Signed in Basra"
    assert (first.source_position, second.source_position) == ("line 1", "line 20")
    assert first.published_on is None and first.publisher is None


def test_dump_without_lede_dash_or_second_section() -> None:
    second = records(read(DATA / "ingest" / "wire.txt"))[1]
    assert second.sections == ("World News",)
    assert second.lede is None
    assert second.body.startswith("The port authority in Basra signed")
    assert "(Photo" not in second.body and "terminals and runs" in second.body
    assert second.related_title == "Envoys meet in   BAGHDAD to discuss troop talks"


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
        pytest.param(lambda b: b.rstrip(b"\n"), id="no-trailing-newline"),
        pytest.param(lambda b: b.replace(b"\n\n", b"\n\n\n\n"), id="extra-blank-lines"),
        pytest.param(
            lambda b: b"\n\n" + b.replace(b"Categories\n", b"Categories\n\n"), id="blank-lines-around"
        ),
    ],
)
def test_dump_tolerances_give_the_same_records(tmp_path: Path, variant: object) -> None:
    path = tmp_path / "variant.txt"
    path.write_bytes(variant(WIRE))  # type: ignore[operator]
    expected = [(r.title, r.lede, r.body, r.sections, r.related_title) for r in read_records(WIRE_PATH)]
    got = [(r.title, r.lede, r.body, r.sections, r.related_title) for r in read_records(path)]
    assert got == expected
    assert len(got) == 2


def test_dump_section_line_may_be_missing_when_the_lede_follows_the_title(tmp_path: Path) -> None:
    path = tmp_path / "nosection.txt"
    path.write_text("Categories\nA Title\nSomething happened….reports Asian Lite News\nThe body.\n")
    (record,) = read(path)
    assert isinstance(record, ArticleRecord)
    assert (record.sections, record.title, record.body) == ((), "A Title", "The body.")


def test_published_on_applies_only_when_given_and_missing() -> None:
    assert {r.published_on for r in records(read(DATA / "ingest" / "wire.txt"))} == {None}
    day = dt.date(2024, 1, 10)
    assert {r.published_on for r in records(read(DATA / "ingest" / "wire.txt", published_on=day))} == {day}
    jsonl = records(read(DATA / "ingest" / "articles.jsonl", published_on=day))
    assert [r.published_on for r in jsonl] == [dt.date(2024, 1, 12), dt.date(2024, 2, 3)]


def test_jsonl_fields() -> None:
    flood, rail = records(read(DATA / "ingest" / "articles.jsonl"))
    assert (flood.url, flood.publisher, flood.sections) == (
        "https://example.org/flood",
        "Example Wire",
        ("World News", "Asia"),
    )
    assert (
        flood.body
        == "Flood waters receded in Dhaka on Friday.\n\nRelief teams reached the outskirts, officials said."
    )
    assert (rail.lede, rail.sections, rail.source_position) == (
        "A new rail link opened on Monday.",
        ("Business News", "Transport"),
        "line 3",
    )


def test_csv_fields_with_quoted_newlines_and_crlf() -> None:
    harvest, market = records(read(DATA / "ingest" / "articles.csv"))
    assert harvest.body == "The festival opened on Saturday.\n\nThousands attended, organisers said."
    assert (harvest.published_on, harvest.sections, harvest.publisher) == (
        dt.date(2024, 3, 9),
        ("Culture News", "Asia"),
        "Example Wire",
    )
    assert (market.title, market.published_on, market.source_position) == (
        "Market Rally Continues",
        None,
        "line 5",
    )


def test_directory_is_read_recursively_in_name_order() -> None:
    files = [str(r.source_file) for r in records(read(DATA / "ingest"))]
    assert [Path(f).relative_to(DATA / "ingest").as_posix() for f in dict.fromkeys(files)] == [
        "articles.csv",
        "articles.jsonl",
        "nested/extra.ndjson",
        "wire.txt",
    ]


@pytest.mark.parametrize(
    ("fixture", "titles"),
    [
        ("wire.txt", ["Envoys Meet in Baghdad to Discuss Troop Talks", "Port Deal Signed in Basra"]),
        ("articles.jsonl", ["Flood Waters Recede in Dhaka", "Rail Link Opens"]),
        ("articles.csv", ["Harvest Festival Draws Crowds", "Market Rally Continues"]),
    ],
)
def test_stdin_format_is_sniffed(monkeypatch: pytest.MonkeyPatch, fixture: str, titles: list[str]) -> None:
    data = (DATA / "ingest" / fixture).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    got = records(read("-"))
    assert [r.title for r in got] == titles
    assert {r.source_file for r in got} == {"-"}


BAD = DATA / "bad"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("binary.txt", [("byte 8", "binary file (NUL byte), not UTF-8 text")]),
        ("empty.txt", [("byte 0", "empty file")]),
        ("invalid_utf8.txt", [("line 13", "invalid UTF-8 at byte 137")]),
        ("truncated.jsonl", [("line 2", "invalid JSON at column 30: Unterminated string")]),
        (
            "missing_body.jsonl",
            [("line 1", "missing body"), ("line 3", "invalid date in 'published_on': '2024-13-45'")],
        ),
        (
            "bad_dates.jsonl",
            [
                ("line 1", "invalid date in 'published_on': '2024-02-30'"),
                ("line 2", "invalid date in 'published_on': '2023-02-29'"),
                ("line 3", "invalid date in 'published_at': '2024-02-30T10:00:00Z'"),
            ],
        ),
        (
            "duplicate_ids.jsonl",
            [
                ("line 4", "duplicate id 'a-2' (first at line 2) with other content"),
                ("line 6", "field 'id' must be a string or an integer, not list"),
            ],
        ),
        ("nul_bytes.txt", [("line 8", "NUL character in the text")]),
        ("utf16_bom.txt", []),
        ("unbalanced_quotes.txt", []),
    ],
)
def test_bad_records_are_reported_with_position_and_reason(
    fixture: str, expected: list[tuple[str, str]]
) -> None:
    rejections = [item for item in read(BAD / fixture) if isinstance(item, Rejection)]
    assert [(r.source_file, r.position, r.reason) for r in rejections] == [
        (str(BAD / fixture), position, reason) for position, reason in expected
    ]


def test_good_records_next_to_bad_ones_are_kept() -> None:
    titles = [r.title for r in records(read(BAD))]
    assert titles == [
        "A Real Leap Day",
        "Harbour Reopens After Storm",
        "Bridge Inspection Completed",
        "Harbour Reopens After Storm",  # same id, same content: passes, skipped later as already seen
        "Harbour Reopens After Storm",  # other id, same content: likewise
        "Good Article Before",
        "Good Article After",
        "Has A Body",
        "Clean Story Before the NUL",
        "Clean Story After the NUL",
        "Complete Record",
        '"Minister Says “Talks Will Go On',
        "Diplomats Gather in Geneva",
    ]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_bom_is_decoded_across_chunks(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.txt"
    articles = "".join(
        f"Categories\n-Top News\n\nStory {i} in Doha\n\nBody ‘{i}’ é ü.\n\n" for i in range(3000)
    )
    data = articles.encode(codec)
    path.write_bytes(data if codec == "utf-16" else b"\xfe\xff" + data)
    got = read_records(path)
    assert len(got) == 3000 and len(data) > 2 * 65536
    assert (got[-1].title, got[-1].body, got[-1].source_position) == (
        "Story 2999 in Doha",
        "Body ‘2999’ é ü.",
        "line 20994",  # 7 lines per article
    )


def test_utf16_without_bom_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nobom.txt"
    path.write_bytes("Categories\n-Top News\n\nTitle\n\nBody.\n".encode("utf-16-le"))
    assert [str(i) for i in read(path)] == [
        f"{path}:byte 1: UTF-16 without a byte order mark: convert to UTF-8 or add the BOM"
    ]


def test_utf16_unpaired_surrogate_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken16.txt"
    good = "Categories\n-Top News\n\nFine Title\n\nFine body.\n\n".encode("utf-16-le")
    bad = (
        "Categories\n-Top News\n\nBroken Title\n\nBody ".encode("utf-16-le")
        + b"\x00\xd8"
        + "x.\n".encode("utf-16-le")
    )
    path.write_bytes(b"\xff\xfe" + good + bad)
    assert [str(i) if isinstance(i, Rejection) else i.title for i in read(path)] == [
        "Fine Title",
        f"{path}:line 13: invalid UTF-8 at byte 87",  # offset in the UTF-8 transcoding
    ]


def test_title_longer_than_the_limit_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "titles.txt"
    path.write_text(f"Categories\n-Top News\n{'Long ' * 500}\nBody.\n\nCategories\n-Top News\nShort\nBody.\n")
    assert [str(i) if isinstance(i, Rejection) else i.title for i in read(path)] == [
        f"{path}:line 1: title longer than 2000 characters (2499)",  # stripped
        "Short",
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".txt", ".csv"])
def test_an_over_long_line_is_skipped_unread(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"long{suffix}"
    first = {
        ".jsonl": '{"title": "Before", "body": "Fine."}\n',
        ".txt": "Categories\n-Top News\nBefore\nFine.\n",
        ".csv": "title,body\nBefore,Fine.\n",
    }[suffix]
    path.write_text(
        first + "z" * 5_000_000 + "\n" + first.replace("Before", "After").removeprefix("title,body\n")
    )
    got = [str(i) if isinstance(i, Rejection) else i.title for i in read(path, max_chars=1000)]
    number = first.count("\n") + 1
    if suffix == ".txt":  # the long line belongs to the first article
        assert got == [f"{path}:line {number}: line too long: 5000001 bytes, not read", "After"]
    else:
        assert got == ["Before", f"{path}:line {number}: line too long: 5000001 bytes, not read", "After"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"body": "No title."}', "missing title"),
        ('{"title": "T", "body": "   "}', "missing body"),
        ('["a", "list"]', "expected a JSON object, not list"),
        ('{"title": 3, "body": "B"}', "field 'title' must be a string, not int"),
        (
            '{"title": "T", "body": "B", "sections": 7}',
            "field 'sections' must be a list or a ';'-separated string",
        ),
        (
            '{"title": "T", "body": "B", "published_at": "yesterday"}',
            "invalid date in 'published_at': 'yesterday'",
        ),
        ('{"title": "T", "body": "' + "x" * 200 + '"}', "article too long: 201 characters (limit 100)"),
        ('{"title": "T", "body": "nul \\u0000 here"}', "NUL character in the text"),
    ],
)
def test_jsonl_record_checks(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(line + "\n")
    assert read(path, max_chars=100) == [Rejection(str(path), "line 1", reason)]


def test_csv_without_required_columns_and_with_bad_bytes(tmp_path: Path) -> None:
    headless = tmp_path / "headless.csv"
    headless.write_text("headline,text\nA,B\n")
    assert read(headless) == [Rejection(str(headless), "line 1", "CSV header lacks column(s): title, body")]
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"title,body\nGood,Fine text.\nBad \xff title,Text.\n")
    assert [str(item) if isinstance(item, Rejection) else item.title for item in read(broken)] == [
        "Good",
        f"{broken}:line 3: invalid UTF-8 in the record",
    ]


def test_missing_paths_and_text_outside_articles(tmp_path: Path) -> None:
    stray = tmp_path / "stray.txt"
    stray.write_text("Some preamble\n\nCategories\n-Top News\nTitle\nBody.\n")
    plain = tmp_path / "plain.txt"
    plain.write_text("Just a note, not a dump.\n")
    got = [
        str(item) if isinstance(item, Rejection) else item.title
        for item in read(stray, plain, tmp_path / "nope")
    ]
    assert got == [
        f"{stray}:line 1: text before the first 'Categories' line",
        "Title",
        f"{plain}:line 1: no articles found (no 'Categories' line)",
        f"{tmp_path / 'nope'}:byte 0: no such file or directory",
    ]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("published_on", "2024-01-10", dt.date(2024, 1, 10)),
        ("published_on", "2024-01-10T23:30:00+05:00", dt.date(2024, 1, 10)),
        ("published_at", "2024-02-03T08:30:00Z", dt.date(2024, 2, 3)),
        ("published_at", "2024-02-03", dt.date(2024, 2, 3)),
        ("published_at", "", None),
    ],
)
def test_jsonl_dates(tmp_path: Path, field: str, value: str, expected: dt.date | None) -> None:
    path = tmp_path / "dates.jsonl"
    path.write_text(f'{{"title": "T", "body": "B", "{field}": "{value}"}}\n')
    (record,) = records(read(path))
    assert record.published_on == expected


def test_dump_also_read_without_a_title_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "also.txt"
    path.write_text("Categories\n-USA\nTitle\nBody text.\nALSO READ:\n")
    (record,) = records(read(path))
    assert (record.body, record.related_title, record.sections) == ("Body text.", None, ("USA",))


def test_dump_section_line_missing_before_a_body_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "nosection.txt"
    body = "The port authority in Basra signed a deal with a shipping company on Sunday, officials said."
    path.write_text(
        f"Categories\nPort Deal Signed in Basra\n\n{body}\n\nCategories\nWorld News\nShort Title\n{body}\n"
    )
    first, second = read_records(path)
    assert (first.sections, first.title, first.body) == ((), "Port Deal Signed in Basra", body)
    assert (second.sections, second.title, second.body) == (("World News",), "Short Title", body)


@pytest.mark.parametrize(
    ("line", "sections"),
    [
        ("-Top News Arab News USA", ("Top News", "Arab News", "USA")),
        ("-USA Arab News", ("USA", "Arab News")),
        ("-UAE News", ("UAE News",)),
        ("Top News, Asia", ("Top News", "Asia")),
    ],
)
def test_section_lines(line: str, sections: tuple[str, ...]) -> None:
    from app.ingest.readers.sections import parse_sections

    assert parse_sections(line) == sections
