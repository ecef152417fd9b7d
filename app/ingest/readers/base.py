"""Shared reader pieces: options, byte-accurate line decoding and the final record checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.types import Rejection

BOM = b"\xef\xbb\xbf"
SNIFF_BYTES = 8192
_SURROGATE_RE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What every reader needs to know besides the input itself."""

    max_chars: int = 2_000_000
    published_on: dt.date | None = None  # applied to records that carry no date of their own


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: its 1-based number, byte offset, and text (None when not valid UTF-8)."""

    number: int
    offset: int
    text: str | None
    bad_byte: int | None = None  # absolute offset of the first undecodable byte


def iter_lines(stream: BinaryIO) -> Iterator[Line]:
    """Decode a byte stream line by line, keeping each line's number and byte offset."""
    offset = 0
    for number, raw in enumerate(stream, start=1):
        content = raw[len(BOM) :] if number == 1 and raw.startswith(BOM) else raw
        skipped = len(raw) - len(content)
        try:
            yield Line(number, offset, content.rstrip(b"\r\n").decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Line(number, offset, None, offset + skipped + exc.start)
        offset += len(raw)


def file_problem(stream: BinaryIO, source_file: str) -> Rejection | None:
    """A whole-file rejection for an empty or binary input, else None (the stream is rewound)."""
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head.strip() or head.strip() == BOM:
        return Rejection(source_file, "byte 0", "empty file")
    nul = head.find(b"\x00")
    if nul >= 0:
        return Rejection(source_file, f"byte {nul}", "binary file (NUL byte), not UTF-8 text")
    return None


def undecodable(source_file: str, line: Line) -> Rejection:
    """The rejection for a line that is not valid UTF-8."""
    return Rejection(source_file, f"line {line.number}", f"invalid UTF-8 at byte {line.bad_byte}")


def check_record(record: ArticleRecord, options: ReadOptions) -> ArticleRecord | Rejection:
    """Refuse records that cannot be stored; apply the default publication date."""
    where = (record.source_file or "-", record.source_position or "byte 0")
    problem = _problem(record, options)
    if problem:
        return Rejection(*where, problem)
    if record.published_on is None and options.published_on is not None:
        return replace(record, published_on=options.published_on)
    return record


def _problem(record: ArticleRecord, options: ReadOptions) -> str | None:
    if not record.title.strip():
        return "missing title"
    if not record.body.strip():
        return "missing body"
    size = len(record.title) + len(record.body) + len(record.lede or "")
    if size > options.max_chars:
        return f"article too long: {size} characters (limit {options.max_chars})"
    texts = (record.title, record.body, record.lede or "", *record.sections)
    if any(_SURROGATE_RE.search(text) for text in texts):
        return "invalid UTF-8 in the record"
    if any("\x00" in text for text in texts):
        return "NUL character in the text"
    return None
