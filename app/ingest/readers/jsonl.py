"""JSON Lines: one article object per line; an optional "id" must not be reused for other content."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.identity import content_hash
from app.ingest.readers.base import ReadOptions, iter_lines, line_limit, unusable
from app.ingest.readers.fields import record_from_row
from app.ingest.types import Rejection


def read_jsonl(
    stream: BinaryIO, source_file: str, options: ReadOptions
) -> Iterator[ArticleRecord | Rejection]:
    """Yield a record (or rejection) per non-blank line."""
    ids: dict[str, tuple[int, str]] = {}  # id -> (line, content hash) of its first record in this file
    for line in iter_lines(stream, line_limit(options)):
        position = f"line {line.number}"
        if line.text is None:
            yield unusable(source_file, line)
        elif line.text.strip():
            item, record_id = _parse(line.text, source_file, position, options)
            yield _check_id(item, record_id, line.number, ids)


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


def _check_id(
    item: ArticleRecord | Rejection, record_id: object, number: int, ids: dict[str, tuple[int, str]]
) -> ArticleRecord | Rejection:
    """A repeated id with the same content passes (it is skipped as already seen); with other content
    it is refused, since one of the two records must be wrong."""
    if record_id is None or isinstance(item, Rejection):
        return item
    where = (item.source_file or "-", item.source_position or f"line {number}")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int):
        return Rejection(*where, f"field 'id' must be a string or an integer, not {type(record_id).__name__}")
    digest = content_hash(item.title, item.body)
    first_line, first_digest = ids.setdefault(str(record_id), (number, digest))
    if first_digest != digest:
        reason = f"duplicate id {str(record_id)[:80]!r} (first at line {first_line}) with other content"
        return Rejection(*where, reason)
    return item


def _message(exc: json.JSONDecodeError) -> str:
    """The decoder's message without its dangling "starting at"."""
    return exc.msg.removesuffix(" at").removesuffix(" starting")
