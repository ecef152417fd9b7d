"""CSV with a header row naming at least the title and body columns."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.readers.base import BOM, ReadOptions, line_limit
from app.ingest.readers.fields import record_from_row
from app.ingest.readers.streams import bounded_lines
from app.ingest.types import Rejection

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

REQUIRED = ("title", "body")


def read_csv(stream: BinaryIO, source_file: str, options: ReadOptions) -> Iterator[ArticleRecord | Rejection]:
    """Yield a record (or rejection) per data row; rows may span lines (quoted newlines)."""
    csv.field_size_limit(max(csv.field_size_limit(), options.max_chars + 1))
    reader = csv.reader(_text_lines(stream, line_limit(options)))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            yield Rejection(source_file, "line 1", f"CSV header lacks column(s): {', '.join(missing)}")
            return
        yield from _rows(reader, header, source_file, options)
    except LineTooLong as exc:
        reason = f"line too long: {exc.length} bytes, not read; rest of file skipped"
        yield Rejection(source_file, f"line {exc.number}", reason)
    except csv.Error as exc:
        yield Rejection(
            source_file, f"line {reader.line_num}", f"unreadable CSV ({exc}); rest of file skipped"
        )


class LineTooLong(Exception):
    """A line over the limit: csv.reader cannot skip it and resynchronise, so the file stops there."""

    def __init__(self, number: int, length: int) -> None:
        super().__init__(number, length)
        self.number, self.length = number, length


def _text_lines(stream: BinaryIO, limit: int) -> Iterator[str]:
    """Decoded lines with their endings, for csv.reader; memory stays bounded by ``limit``."""
    for number, raw in enumerate(bounded_lines(stream, limit), start=1):
        if isinstance(raw, int):
            raise LineTooLong(number, raw)
        # Undecodable bytes survive as lone surrogates and are rejected per row by check_record.
        yield (raw.removeprefix(BOM) if number == 1 else raw).decode("utf-8", "surrogateescape")


def _rows(
    reader: CsvReader, header: list[str], source_file: str, options: ReadOptions
) -> Iterator[ArticleRecord | Rejection]:
    line_num = 1
    for values in reader:
        start, line_num = line_num + 1, reader.line_num  # a quoted field may span several lines
        if not any(value.strip() for value in values):
            continue
        row = dict(zip(header, values, strict=False))
        yield record_from_row(row, source_file=source_file, position=f"line {start}", options=options)
