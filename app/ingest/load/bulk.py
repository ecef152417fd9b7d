"""Child rows straight to the driver, many per statement: multi-row VALUES on SQLite (sqlite_values.py),
unnest() arrays on PostgreSQL. SQLAlchemy's per-row parameter processing cost more than the database's
own work here.

SQLite: many rows per statement also matter because an FTS5 trigger flushes its index once per
statement, not once per row (measured ~7x faster on quotes). PostgreSQL: one statement per table and
batch whose text never changes, so psycopg parses it once and the server prepares it (a VALUES list of
thousands of placeholders took psycopg longer to parse than the server to run). The arrays go in binary
(%b): quoting every element as text cost psycopg twice the CPU (0.20 s vs 0.11 s for 41k mentions)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Date, String, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from app.ingest.load.dialect import table_of
from app.ingest.load.sqlite_values import ValuesInsert, send
from app.models import Base

Values = tuple[Any, ...]
# Bound parameters per SQLite statement: under its limit of 32,766.
MAX_PARAMETERS, MAX_ROWS = 30_000, 1_000


def insert_values(
    session: Session,
    model: type[Base],
    columns: Sequence[str],
    rows: Sequence[Values],
    *,
    conflict: Sequence[str] = (),
) -> None:
    """Insert tuples (in ``columns`` order); with ``conflict``, rows whose key exists are kept as stored."""
    insert_returning(session, model, columns, rows, conflict=conflict)


def insert_returning(
    session: Session,
    model: type[Base],
    columns: Sequence[str],
    rows: Sequence[Values],
    *,
    conflict: Sequence[str] = (),
    returning: Sequence[str] = (),
) -> list[Values]:
    """insert_values(), answering the ``returning`` columns of the rows it stored."""
    if not rows:
        return []
    connection = session.connection()
    dialect, table = connection.dialect, table_of(model)
    names, keys, answer = tuple(columns), tuple(conflict), tuple(returning)
    if dialect.name == "postgresql":
        return _unnest(connection, _pg_statement(dialect, table, names, keys, answer), rows)
    step = max(1, min(MAX_ROWS, MAX_PARAMETERS // len(names)))
    return send(connection, _sqlite_statement(dialect, table, names, keys, answer), rows, step)


def _unnest(connection: Connection, sql: str, rows: Sequence[Values]) -> list[Values]:
    result = connection.exec_driver_sql(sql, tuple(list(column) for column in zip(*rows, strict=True)))
    return [tuple(row) for row in result] if result.returns_rows else []


def _names(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> str:
    # Names come from the models' metadata, never from input, and are quoted by the dialect.
    return ", ".join(dialect.identifier_preparer.quote(table.c[c].name) for c in columns)


def _tail(dialect: Dialect, table: Table, conflict: tuple[str, ...], returning: tuple[str, ...]) -> str:
    tail = f" ON CONFLICT ({_names(dialect, table, conflict)}) DO NOTHING" if conflict else ""
    return tail + (f" RETURNING {_names(dialect, table, returning)}" if returning else "")


@functools.lru_cache(maxsize=64)
def _pg_statement(
    dialect: Dialect,
    table: Table,
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    returning: tuple[str, ...],
) -> str:
    arrays = ", ".join(f"%b::{_pg_type(dialect, table, c)}[]" for c in columns)
    name = dialect.identifier_preparer.quote(table.name)
    columns_sql, tail = _names(dialect, table, columns), _tail(dialect, table, conflict, returning)
    return f"INSERT INTO {name} ({columns_sql}) SELECT * FROM unnest({arrays}){tail}"  # noqa: S608


def _pg_type(dialect: Dialect, table: Table, column: str) -> str:
    """The array element type; text for strings, so a too-long value fails the INSERT, not truncates."""
    type_ = table.c[column].type
    return "text" if isinstance(type_, String) else str(type_.compile(dialect=dialect))


@functools.lru_cache(maxsize=64)
def _sqlite_statement(
    dialect: Dialect,
    table: Table,
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    returning: tuple[str, ...],
) -> ValuesInsert:
    name = dialect.identifier_preparer.quote(table.name)
    insert = f"INSERT INTO {name} ({_names(dialect, table, columns)})"
    dates = tuple(i for i, c in enumerate(columns) if isinstance(table.c[c].type, Date))
    return ValuesInsert(insert, len(columns), _tail(dialect, table, conflict, returning), dates)
