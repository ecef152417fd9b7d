"""Insert-or-ignore on a natural key, the same statement on SQLite and PostgreSQL, returning new ids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.models import Base

Row = Mapping[str, Any]


def table_of(model: type[Base]) -> Table:
    """The Core table of a model: Core statements skip the ORM's per-statement bookkeeping."""
    return cast(Table, model.__table__)


def _insert(session: Session, model: type[Base]) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table_of(model))
    return sqlite.insert(table_of(model))


def insert_returning_id(
    session: Session, model: type[Base], row: Row, *, conflict: Sequence[str]
) -> int | None:
    """Insert one row unless its key exists; the new id, or None when the row was already there."""
    stmt = _insert(session, model).values(**row).on_conflict_do_nothing(index_elements=list(conflict))
    new_id: int | None = session.execute(stmt.returning(stmt.table.c.id)).scalar_one_or_none()
    return new_id


# SQLite's default page cache (2 MiB) cannot hold the pages a batch of 64 articles dirties: they spill
# to the WAL mid-transaction and are read back. Measured on 1,000 articles (checkpoints as below): 8.2k
# -> 3.4k page reads, 42.7k -> 32.8k page writes at 8 MiB (16 and 64 MiB: no better). The setting stays
# with the pooled connection (an API process that took a POST keeps 8 MiB of cache on it); memory is
# taken only as pages are used.
SQLITE_CACHE_KIB = 8_192
# Each batch rewrites many of the same index pages, and the default checkpoint (every 1,000 WAL pages)
# copied them into the database file again and again: 10% of the load's time on 1,000 articles. Every
# 10,000 pages (40 MiB of WAL) copies each page once per checkpoint instead. Durability is unchanged:
# commits still go to the WAL with synchronous=NORMAL, and a checkpoint still syncs.
SQLITE_CHECKPOINT_PAGES = 10_000


def tune_for_loading(session: Session) -> None:
    """Settings of the loader's SQLite connection (not writes): a bigger page cache, rarer checkpoints."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}")
