"""Readers: pure generators of ArticleRecord | Rejection, each carrying file and line/byte position.

Formats, chosen by extension (directories are walked recursively; "-" reads stdin and sniffs):
- .txt: the wire dump of seeds/ ("Categories", section line, title, optional "...reports X" lede, body
  paragraphs, "ALSO READ: <title>"); positions are the "Categories" line.
- .jsonl / .ndjson: one object per line; .csv: a header row. Fields: title, body (required), lede,
  published_on / published_at (ISO date or date-time), url, publisher, related_title, sections (a list,
  or a ";"-separated string), id (optional: an id reused for other content anywhere in the run is
  refused, the first one wins). Positions are "line N" (where the CSV row starts); a CSV record that
  cannot be parsed (or an unclosed quote) costs that record only.
Whole-file problems (missing, empty, binary) are reported at "byte N".
Inputs are streamed (stdin too); a line longer than 4 x max_chars bytes is skipped unread. UTF-8 is
expected (a UTF-8 BOM is dropped); UTF-16 with a byte order mark is decoded; other encodings are
rejected line by line as invalid UTF-8.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.readers.base import ReadOptions, file_problem
from app.ingest.readers.csv import read_csv
from app.ingest.readers.discovery import Format, Input, discover, open_input, sniff
from app.ingest.readers.dump import read_dump
from app.ingest.readers.ids import IdRegistry
from app.ingest.readers.jsonl import read_jsonl
from app.ingest.types import Rejection

__all__ = ["ReadOptions", "read_csv", "read_dump", "read_input", "read_jsonl", "read_paths"]

Reader = Callable[[BinaryIO, str, ReadOptions, IdRegistry], Iterator[ArticleRecord | Rejection]]
READERS: dict[Format, Reader] = {"dump": read_dump, "jsonl": read_jsonl, "csv": read_csv}


def read_paths(paths: Sequence[str], options: ReadOptions) -> Iterator[ArticleRecord | Rejection]:
    """Every record of every input, in order; problems come out as rejections, never exceptions.

    Record ids are checked across all the inputs: an id reused for other content in a later file is
    refused like one reused within a file."""
    ids = IdRegistry()
    for item in discover(paths):
        if isinstance(item, Rejection):
            yield item
        else:
            yield from read_input(item, options, ids)


def read_input(
    source: Input, options: ReadOptions, ids: IdRegistry | None = None
) -> Iterator[ArticleRecord | Rejection]:
    """Read one file (or stdin) with the reader for its format."""
    try:
        opened = open_input(source)
    except OSError as exc:
        yield Rejection(source.name, "byte 0", f"cannot read: {exc.strerror or exc}")
        return
    with opened.stream:
        problem = file_problem(opened.head, source.name)
        if problem is not None:
            yield problem
            return
        reader = READERS[source.format or sniff(opened.head)]
        yield from reader(opened.stream, source.name, options, ids or IdRegistry())
