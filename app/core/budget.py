"""A per-request database time budget, so a runaway query becomes a 503 instead of a hung worker.

PostgreSQL enforces it with a transaction-local ``statement_timeout``; SQLite has no such setting, so a
progress handler interrupts the statement once the deadline has passed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.core.errors import QueryTimeout

_SQLITE_CHECK_EVERY = 5_000  # virtual-machine instructions between deadline checks


@contextmanager
def time_budget(session: Session, milliseconds: int) -> Iterator[None]:
    """Limit the database time of everything run in ``session`` inside the block."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": str(milliseconds)})
        with _translate_timeouts(milliseconds):
            yield
        return
    raw: Any = session.connection().connection.driver_connection
    deadline = time.monotonic() + milliseconds / 1000
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), _SQLITE_CHECK_EVERY)
    try:
        with _translate_timeouts(milliseconds):
            yield
    finally:
        raw.set_progress_handler(None, 0)


def is_timeout(exc: OperationalError) -> bool:
    """True when the database cancelled the statement for running out of time."""
    name = type(exc.orig).__name__
    return name == "QueryCanceled" or "interrupted" in str(exc.orig).lower()


@contextmanager
def _translate_timeouts(milliseconds: int) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        if is_timeout(exc):
            raise QueryTimeout(
                f"The query needed more than the {milliseconds} ms database budget; narrow the filters."
            ) from exc
        raise
