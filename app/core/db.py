"""Engine and session construction; called at the edges (app lifespan, CLI), never at import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.core.budget import clear_sqlite_budget

SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 2  # libpq's minimum: an unreachable server fails fast, not after the OS timeout


def is_sqlite(url: str) -> bool:
    """True when the URL names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens transactions lazily (only before a write), which breaks SAVEPOINT semantics;
    # SQLAlchemy's documented recipe: driver autocommit here, an explicit BEGIN in _sqlite_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def _sqlite_checkin(dbapi_connection: Any, _record: Any) -> None:
    if dbapi_connection is not None:  # None when the connection was invalidated
        clear_sqlite_budget(dbapi_connection)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the per-dialect settings newsdesk relies on."""
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "checkin", _sqlite_checkin)
        return engine
    connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT_S, **kwargs.pop("connect_args", {})}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to the engine; callers commit at their boundary."""
    return sessionmaker(engine, expire_on_commit=False)
