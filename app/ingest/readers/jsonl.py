"""JSON Lines: one article object per line; an optional "id" must not be reused for other content."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.readers.base import ReadOptions, iter_lines, line_limit, unusable
from app.ingest.readers.fields import record_from_row
from app.ingest.readers.ids import IdRegistry
from app.ingest.types import Rejection


def read_jsonl(
    stream: BinaryIO, source_file: str, options: ReadOptions, ids: IdRegistry | None = None
) -> Iterator[ArticleRecord | Rejection]:
    """Yield a record (or rejection) per non-blank line; ids are checked in ``ids`` (default: this file)."""
    ids = ids or IdRegistry()
    for line in iter_lines(stream, line_limit(options)):
        position = f"line {line.number}"
        if line.text is None:
            yield unusable(source_file, line)
        elif line.text.strip():
            item, record_id = _parse(line.text, source_file, position, options)
            yield ids.check(item, record_id)


def _parse(
    text: str, source_file: str, position: str, options: ReadOptions
) -> tuple[ArticleRecord | Rejection, object]:
    try:
        row = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejection(source_file, position, f"invalid JSON at column {exc.colno}: {_message(exc)}"), None
    except RecursionError:
        return Rejection(source_file, position, "invalid JSON: nested too deeply"), None
    if not isinstance(row, dict):
        return Rejection(source_file, position, f"expected a JSON object, not {type(row).__name__}"), None
    return record_from_row(row, source_file=source_file, position=position, options=options), row.get("id")


def _message(exc: json.JSONDecodeError) -> str:
    """The decoder's message without its dangling "starting at"."""
    return exc.msg.removesuffix(" at").removesuffix(" starting")
