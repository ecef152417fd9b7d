"""SQLite: many rows per INSERT, as a VALUES list whose length is one of a few fixed sizes.

SQLite compiles a VALUES list of n rows into n rows of bytecode (1.5 ms for a 483-row quotes
statement), and every batch had lists of new lengths, so new statement texts to compile: 7% of the
loader's instructions on 1,000 articles (callgrind). The driver keeps compiled statements by text (128
per connection), so the rows go in a list of the next power of two in length, the unused rows never
read: ``LIMIT ?`` stops the VALUES co-routine after the real rows, which are inserted in their order
as before. A handful of texts per table also bounds the memory of that cache, which used to hold one
large statement per batch shape.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.core.rawsql import fetched

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class ValuesInsert:
    """``INSERT INTO t (columns)`` of rows ``width`` values wide; ``tail`` follows the rows (upsert,
    RETURNING); ``dates`` are the positions of Date columns."""

    insert: str
    width: int
    tail: str
    dates: tuple[int, ...]


def send(connection: Connection, statement: ValuesInsert, rows: Sequence[Row], step: int) -> list[Row]:
    """Insert the rows ``step`` at a time; the rows the statement returns, if any."""
    returned: list[Row] = []
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        size = min(step, 1 << (len(chunk) - 1).bit_length())
        # Unused rows are zeros: the driver binds an int directly, but None through its adapter lookup,
        # which cost as much as the compiling saved.
        unused = (0,) * (statement.width * (size - len(chunk)))
        params = (*_flat(chunk, statement.dates), *unused, len(chunk))
        returned += fetched(connection, _sql(statement, size), params)
    return returned


@functools.lru_cache(maxsize=256)
def _sql(statement: ValuesInsert, size: int) -> str:
    rows = ", ".join([f"({', '.join('?' * statement.width)})"] * size)
    # SQLite wants a WHERE clause before an upsert clause when the rows come from a SELECT.
    return f"{statement.insert} SELECT * FROM (VALUES {rows}) WHERE true LIMIT ?{statement.tail}"  # noqa: S608


def _flat(rows: Sequence[Row], dates: tuple[int, ...]) -> list[Any]:
    """The rows' values in one list, dates as SQLAlchemy's SQLite Date type stores them: 'YYYY-MM-DD'."""
    values = list(itertools.chain.from_iterable(rows))
    width, iso = len(rows[0]), dt.date.isoformat  # the date part, also of a datetime
    for i in dates:  # a column at a time: slices instead of a Python loop over every value
        values[i::width] = [iso(v) if isinstance(v, dt.date) else v for v in values[i::width]]
    return values
