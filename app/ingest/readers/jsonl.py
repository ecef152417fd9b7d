"""JSON Lines: one article object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.readers.base import ReadOptions, iter_lines, undecodable
from app.ingest.readers.fields import record_from_row
from app.ingest.types import Rejection


def read_jsonl(
    stream: BinaryIO, source_file: str, options: ReadOptions
) -> Iterator[ArticleRecord | Rejection]:
    """Yield a record (or rejection) per non-blank line."""
    for line in iter_lines(stream):
        position = f"line {line.number}"
        if line.text is None:
            yield undecodable(source_file, line)
        elif line.text.strip():
            yield _parse(line.text, source_file, position, options)


def _parse(text: str, source_file: str, position: str, options: ReadOptions) -> ArticleRecord | Rejection:
    try:
        row = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejection(source_file, position, f"invalid JSON at column {exc.colno}: {_message(exc)}")
    except RecursionError:
        return Rejection(source_file, position, "invalid JSON: nested too deeply")
    if not isinstance(row, dict):
        return Rejection(source_file, position, f"expected a JSON object, not {type(row).__name__}")
    return record_from_row(row, source_file=source_file, position=position, options=options)


def _message(exc: json.JSONDecodeError) -> str:
    """The decoder's message without its dangling "starting at"."""
    return exc.msg.removesuffix(" at").removesuffix(" starting")
