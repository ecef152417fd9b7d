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
