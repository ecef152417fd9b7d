"""Engine and session construction; called at the edges (app lifespan, CLI), never at import."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.core.budget import clear_sqlite_budget

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_PAGE_BYTES = 16_384
PG_CONNECT_TIMEOUT_S = 2  # libpq's minimum: an unreachable server fails fast, not after the OS timeout


def is_sqlite(url: str) -> bool:
    """True when the URL names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, mmap_mib: int = 0) -> None:
    # pysqlite opens transactions lazily (only before a write), which breaks SAVEPOINT semantics;
    # SQLAlchemy's documented recipe: driver autocommit here, an explicit BEGIN in _sqlite_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Takes effect only in a database file with nothing in it yet, so before journal_mode.
    cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_BYTES}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    if mmap_mib:
        # Reads through the OS page cache instead of a read() and a copy into SQLite's private cache per
        # page: a row lookup into the 1 GB archive costs about half as much, and the mapped pages are
        # shared (page cache) memory, not per-connection memory. Writes still go through write().
        cursor.execute(f"PRAGMA mmap_size={mmap_mib * 1024 * 1024}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def _sqlite_checkin(dbapi_connection: Any, _record: Any) -> None:
    if dbapi_connection is not None:  # None when the connection was invalidated
        clear_sqlite_budget(dbapi_connection)


def make_engine(url: str, *, sqlite_mmap_mib: int = 0, **kwargs: Any) -> Engine:
    """Create an engine with the per-dialect settings newsdesk relies on; SQLite connections memory-map up
    to ``sqlite_mmap_mib`` MiB of the file (0: none)."""
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", partial(_sqlite_pragmas, mmap_mib=sqlite_mmap_mib))
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "checkin", _sqlite_checkin)
        return engine
    connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT_S, **kwargs.pop("connect_args", {})}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to the engine; callers commit at their boundary."""
    return sessionmaker(engine, expire_on_commit=False)
