"""CSV with a header row naming at least the title and body columns.

Records are found before they are parsed: a scan of the quote marks (the csv module's own rules: a field
that starts with '"' is quoted, '""' inside it is a quote) groups lines into records, and each record is
parsed alone. A record the csv module refuses is reported and the next one is read; a quote that is
never closed is reported at its record and reading restarts on the record's second line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.readers.base import BOM, ReadOptions, line_limit
from app.ingest.readers.csv_records import Problem, Record, group_records
from app.ingest.readers.fields import record_from_row
from app.ingest.readers.ids import IdRegistry
from app.ingest.readers.streams import bounded_lines
from app.ingest.types import Rejection

REQUIRED = ("title", "body")


def read_csv(
    stream: BinaryIO, source_file: str, options: ReadOptions, ids: IdRegistry | None = None
) -> Iterator[ArticleRecord | Rejection]:
    """Yield a record (or rejection) per data row; rows may span lines (quoted newlines). An "id"
    column is checked in ``ids`` (default: within this file)."""
    ids = ids or IdRegistry()
    csv.field_size_limit(max(csv.field_size_limit(), options.max_chars + 1))
    records = group_records(_text_lines(stream, line_limit(options)), line_limit(options))
    header: list[str] | None = None
    for item in records:
        if isinstance(item, Problem):
            yield Rejection(source_file, f"line {item.line}", item.reason)
            continue
        rows = _parse(item, source_file)
        if isinstance(rows, Rejection):
            yield rows
        elif header is None:
            header = [name.strip().lower() for name in (rows[0] if rows else [])]
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                yield Rejection(source_file, "line 1", f"CSV header lacks column(s): {', '.join(missing)}")
                return
        else:
            for values in rows:  # one row, unless a quoted newline left a bare "\r" (csv splits there)
                if any(value.strip() for value in values):
                    row = dict(zip(header, values, strict=False))
                    position = f"line {item.start}"
                    record = record_from_row(row, source_file=source_file, position=position, options=options)
                    yield ids.check(record, row.get("id", "").strip())


def _text_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, str | int]]:
    """Numbered decoded lines with their endings, or the byte length of a line over ``limit``."""
    for number, raw in enumerate(bounded_lines(stream, limit), start=1):
        if isinstance(raw, int):
            yield number, raw
            continue
        # Undecodable bytes survive as lone surrogates and are rejected per row by check_record.
        yield number, (raw.removeprefix(BOM) if number == 1 else raw).decode("utf-8", "surrogateescape")


def _parse(record: Record, source_file: str) -> list[list[str]] | Rejection:
    try:
        return list(csv.reader(record.lines))
    except csv.Error as exc:
        return Rejection(source_file, f"line {record.start}", f"unreadable CSV record ({exc})")
