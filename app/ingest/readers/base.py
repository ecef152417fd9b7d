"""Shared reader pieces: options, byte-accurate line decoding and the final record checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.readers.streams import bounded_lines
from app.ingest.types import Rejection

BOM = b"\xef\xbb\xbf"
_ESCAPED_RE = re.compile("[\udc80-\udcff]")  # undecodable bytes kept by the surrogateescape handler
_SURROGATE_RE = re.compile("[\ud800-\udfff]")  # e.g. a lone "\\ud800" escape in JSON
# Control bytes that do not occur in text (tab, newlines, form feed and escape excepted).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")
BINARY_SHARE = 0.02  # a head with more NUL/control bytes than this is not text


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What every reader needs to know besides the input itself."""

    max_chars: int = 1_000_000
    # A longer "title" is a broken record (e.g. a body glued to it): rejected, never truncated. The same
    # limit as POST /v1/articles (app/articles/ingest.py), so both ways in accept the same articles.
    max_title_chars: int = 2000
    published_on: dt.date | None = None  # applied to records that carry no date of their own


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: its 1-based number, byte offset, and text (None when unusable, see below)."""

    number: int
    offset: int
    text: str | None
    bad_byte: int | None = None  # absolute offset of the first undecodable byte
    too_long: int | None = None  # length in bytes of a line over the limit (its text was not kept)


def line_limit(options: ReadOptions) -> int:
    """Longest line read into memory: a record of max_chars characters in UTF-8 (or JSON), and room."""
    return 4 * options.max_chars + (1 << 20)


def iter_lines(stream: BinaryIO, limit: int) -> Iterator[Line]:
    """Decode a byte stream line by line, keeping each line's number and byte offset; lines longer
    than ``limit`` bytes are skipped without being held in memory."""
    offset = 0
    for number, raw in enumerate(bounded_lines(stream, limit), start=1):
        if isinstance(raw, int):
            yield Line(number, offset, None, too_long=raw)
            offset += raw
            continue
        content = raw[len(BOM) :] if number == 1 and raw.startswith(BOM) else raw
        skipped = len(raw) - len(content)
        try:
            yield Line(number, offset, content.rstrip(b"\r\n").decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Line(number, offset, None, offset + skipped + exc.start)
        offset += len(raw)


def file_problem(head: bytes, source_file: str) -> Rejection | None:
    """A whole-file rejection for an empty or binary input (judged on its first bytes), else None.

    A stray NUL inside text is left to the record checks, so the file's other records still load."""
    if not head.strip() or head.strip() == BOM:
        return Rejection(source_file, "byte 0", "empty file")
    nul = head.find(b"\x00")
    controls = sum(head.count(byte) for byte in _CONTROL_BYTES)
    if nul >= 0 and controls > BINARY_SHARE * len(head):
        return Rejection(source_file, f"byte {nul}", _binary_reason(head))
    return None


def _binary_reason(head: bytes) -> str:
    """Name UTF-16 without a byte order mark (NULs in every other byte of ASCII text) for what it is."""
    even, odd = head[0::2], head[1::2]
    if max(even.count(0) / max(len(even), 1), odd.count(0) / max(len(odd), 1)) > 0.9:
        return "UTF-16 without a byte order mark: convert to UTF-8 or add the BOM"
    return "binary file (NUL byte), not UTF-8 text"


def unusable(source_file: str, line: Line) -> Rejection:
    """The rejection for a line that is not valid UTF-8 or is too long to read."""
    if line.too_long is not None:
        reason = f"line too long: {line.too_long} bytes, not read"
    else:
        reason = f"invalid UTF-8 at byte {line.bad_byte}"
    return Rejection(source_file, f"line {line.number}", reason)


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
    if len(record.title) > options.max_title_chars:
        return f"title longer than {options.max_title_chars} characters ({len(record.title)})"
    size = len(record.title) + len(record.body) + len(record.lede or "")
    if size > options.max_chars:
        return f"article too long: {size} characters (limit {options.max_chars})"
    texts = (record.title, record.body, record.lede or "", *record.sections)
    if any(_ESCAPED_RE.search(text) for text in texts):
        return "invalid UTF-8 in the record"
    if any(_SURROGATE_RE.search(text) for text in texts):
        return "unpaired surrogate in the record (not valid Unicode)"
    if any("\x00" in text for text in texts):
        return "NUL character in the text"
    return None
