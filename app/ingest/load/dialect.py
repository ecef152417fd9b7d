"""What the loader needs to know per dialect: Core tables of the models, its SQLite connection settings."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from app.models import Base


def table_of(model: type[Base]) -> Table:
    """The Core table of a model: Core statements skip the ORM's per-statement bookkeeping."""
    return cast(Table, model.__table__)


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
