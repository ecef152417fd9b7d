"""A per-request database time budget, so a runaway query becomes a 503 instead of a hung worker.

PostgreSQL enforces it with a transaction-local ``statement_timeout``; SQLite has no such setting, so a
progress handler interrupts the statement once the deadline has passed. Request sessions carry their budget
in ``Session.info`` and get it when they first begin a transaction (``budget_sessions``), in the worker
thread that runs the query; ``time_budget`` applies one to a session explicitly.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from app.core.errors import QueryTimeout

# Virtual-machine instructions between deadline checks: a few milliseconds of work. Each check is a call
# into Python that must take the GIL: checking every 5,000 instructions made a query running beside other
# requests queue for the GIL hundreds of times, where the statement itself runs without it.
_SQLITE_CHECK_EVERY = 200_000
BUDGET_MS = "newsdesk.budget_ms"  # Session.info key: the budget a request session starts on first use
_DEADLINE = "newsdesk.deadline"
_SET_TIMEOUT = text("SELECT set_config('statement_timeout', :ms, true)")


@contextmanager
def time_budget(session: Session, milliseconds: int) -> Iterator[None]:
    """Limit the database time of everything run in ``session`` inside the block."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_SET_TIMEOUT, {"ms": str(milliseconds)})
        with timeouts_as_errors(milliseconds):
            yield
        return
    raw: Any = session.connection().connection.driver_connection
    _watch(raw, time.monotonic() + milliseconds / 1000)
    try:
        with timeouts_as_errors(milliseconds):
            yield
    finally:
        raw.set_progress_handler(None, 0)


def budget_sessions(factory: sessionmaker[Session]) -> None:
    """Sessions of ``factory`` whose ``info`` names a budget start it with their first transaction."""
    event.listen(factory, "after_begin", _start_budget)


def _start_budget(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    milliseconds = session.info.get(BUDGET_MS)
    if milliseconds is None:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(_SET_TIMEOUT, {"ms": str(milliseconds)})
        return
    # one deadline per request, even if the session begins again after a rollback
    deadline = session.info.setdefault(_DEADLINE, time.monotonic() + milliseconds / 1000)
    _watch(connection.connection.driver_connection, deadline)


def _watch(raw: Any, deadline: float) -> None:
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), _SQLITE_CHECK_EVERY)


def clear_sqlite_budget(raw: Any) -> None:
    """Remove a request's deadline from a SQLite connection going back to the pool."""
    raw.set_progress_handler(None, 0)


def is_timeout(exc: OperationalError) -> bool:
    """True when the database cancelled the statement for running out of time."""
    name = type(exc.orig).__name__
    return name == "QueryCanceled" or "interrupted" in str(exc.orig).lower()


@contextmanager
def timeouts_as_errors(milliseconds: int) -> Iterator[None]:
    """Turn a statement cancelled for time inside the block into ``QueryTimeout`` (a 503)."""
    try:
        yield
    except OperationalError as exc:
        if is_timeout(exc):
            raise QueryTimeout(
                f"The query needed more than the {milliseconds} ms database budget; narrow the filters."
            ) from exc
        raise
