"""One page envelope for every list endpoint, an opaque keyset cursor and a capped count."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app.core.errors import InvalidFilter

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of results: follow ``next_cursor`` until it is null."""

    items: list[T]
    next_cursor: str | None = Field(description="Opaque cursor for the next page; null on the last page.")
    total: int | None = Field(description="Matching rows, exact up to the count cap; null if not counted.")
    total_capped: bool = Field(False, description="True when more rows match than `total` says.")


@dataclass(frozen=True)
class SortSpec:
    """A sort: one key expression, its direction, and the unique id that breaks ties."""

    name: str
    key: ColumnElement[Any]
    id_col: ColumnElement[int]
    descending: bool
    nullable: bool = False
    decode: Callable[[Any], Any] = lambda value: value

    def order_by(self) -> list[Any]:
        """ORDER BY clauses; NULL keys always come last."""
        if self.descending:
            return [self.key.desc().nulls_last(), self.id_col.desc()]
        return [self.key.asc().nulls_last(), self.id_col.asc()]

    def after(self, key: Any, row_id: int) -> ColumnElement[bool]:
        """Rows strictly after (key, id) in this order."""
        beyond = self.id_col < row_id if self.descending else self.id_col > row_id
        if key is None:
            return and_(self.key.is_(None), beyond)
        value = self.decode(key)
        past = self.key < value if self.descending else self.key > value
        cond = or_(past, and_(self.key == value, beyond))
        return or_(cond, self.key.is_(None)) if self.nullable else cond


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def encode_cursor(sort: str, key: Any, row_id: int) -> str:
    """An opaque, URL-safe cursor pointing just after a row."""
    raw = json.dumps({"s": sort, "k": _jsonable(key), "i": row_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    """The (key, id) a cursor points after; a 422 when it is malformed or from another sort."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        key, row_id, cursor_sort = data["k"], int(data["i"]), data["s"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidFilter("The cursor is not one this API issued; start again without it.",
                            param="cursor") from exc
    if cursor_sort != sort:
        raise InvalidFilter(f"The cursor belongs to sort '{cursor_sort}', not '{sort}'; keep the same sort "
                            "while paging.", param="cursor")
    return key, row_id


def apply_keyset(stmt: Select[Any], spec: SortSpec, cursor: str | None, limit: int) -> Select[Any]:
    """Order, start after the cursor and fetch one extra row to know whether a next page exists."""
    if cursor:
        key, row_id = decode_cursor(cursor, spec.name)
        try:
            stmt = stmt.where(spec.after(key, row_id))
        except (TypeError, ValueError) as exc:
            raise InvalidFilter("The cursor is not one this API issued.", param="cursor") from exc
    return stmt.order_by(*spec.order_by()).limit(limit + 1)


def next_cursor(
    rows: list[Any], spec: SortSpec, limit: int, key_of: Callable[[Any], tuple[Any, int]]
) -> str | None:
    """The cursor after the last row of this page, or None when the page is the last."""
    if len(rows) <= limit:
        return None
    key, row_id = key_of(rows[limit - 1])
    return encode_cursor(spec.name, key, row_id)


def capped_count(session: Session, stmt: Select[Any], cap: int) -> tuple[int, bool]:
    """Exact count up to ``cap``; beyond it (cap, True) so a count never scans everything."""
    limited = stmt.order_by(None).limit(cap + 1).subquery()
    count = session.execute(select(func.count()).select_from(limited)).scalar_one()
    return (cap, True) if count > cap else (count, False)
