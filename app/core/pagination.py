"""One page envelope for every list endpoint, an opaque keyset cursor and a capped count."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session, sessionmaker

from app.core.budget import time_budget
from app.core.errors import InvalidFilter

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
PLAIN_ATTRIBUTE = "plain_page"
ROWS_ATTRIBUTE = "csv_rows_page"
PLANNED_BY_TOTAL_ATTRIBUTE = "planned_by_total"


def plain_variant(
    plain: Callable[..., dict[str, Any]], *, csv_rows: Callable[..., dict[str, Any]] | None = None,
    planned_by_total: Callable[[Session, Any], bool] | None = None,
) -> Callable[[F], F]:
    """Mark a list service with its twin that returns the same page as plain data shaped like the page
    model (no model instances), which the JSON route serialises in one pass with the same pydantic-core
    serializer: the same bytes without building and validating a model per item.

    ``csv_rows``, when given, returns the page with each item as its CSV row already (a list in the order
    of ``app.core.export.columns`` of the item model, cells as that module writes them), for CSV exports.
    ``planned_by_total(session, filters)``: True when the service plans a page of these filters by its
    total, so an export counts on its first page as the JSON first page does (other exports skip it).
    """

    def mark(lister: F) -> F:
        setattr(lister, PLAIN_ATTRIBUTE, plain)
        setattr(lister, PLANNED_BY_TOTAL_ATTRIBUTE, planned_by_total)
        if csv_rows is not None:
            setattr(lister, ROWS_ATTRIBUTE, csv_rows)
        return lister

    return mark


class Page(BaseModel, Generic[T]):
    """A page of results: follow ``next_cursor`` until it is null."""

    items: list[T]
    next_cursor: str | None = Field(description="Opaque cursor for the next page; null on the last page.")
    total: int | None = Field(description="Matching rows, exact up to the count cap, as counted for the "
                              "first page (later pages carry it in their cursor); null if not counted.")
    total_capped: bool = Field(False, description="True when more rows match than `total` says.")


@dataclass(frozen=True)
class SortSpec:
    """A sort: one key expression, its direction, and the unique id that breaks ties.

    A nullable key sorts NULLs last; ``column`` is then the key's name in the select list.
    """

    name: str
    key: SQLColumnExpression[Any]
    id_col: SQLColumnExpression[int]
    descending: bool
    nullable: bool = False
    decode: Callable[[Any], Any] = lambda value: value
    ids_ascending: bool | None = None  # None: ties break in the key's direction
    column: str = ""

    @property
    def ids_descending(self) -> bool:
        return self.descending if self.ids_ascending is None else not self.ids_ascending

    def _ordered(self, expr: Any, descending: bool) -> Any:
        return expr.desc() if descending else expr.asc()

    def order_by(self) -> list[Any]:
        """ORDER BY clauses (NULL keys excluded or last)."""
        return [self._ordered(self.key, self.descending), self._ordered(self.id_col, self.ids_descending)]

    def beyond(self, row_id: int) -> ColumnElement[bool]:
        return self.id_col < row_id if self.ids_descending else self.id_col > row_id

    def after(self, key: Any, row_id: int) -> ColumnElement[bool]:
        """Rows with a non-NULL key strictly after (key, id) in this order."""
        value = self.decode(key)
        if self.ids_descending == self.descending:  # a row-value comparison is one index range
            pair, bound = tuple_(self.key, self.id_col), tuple_(literal(value), literal(row_id))
            return pair < bound if self.descending else pair > bound
        past = self.key < value if self.descending else self.key > value
        return or_(past, and_(self.key == value, self.beyond(row_id)))


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def encode_cursor(sort: str, key: Any, row_id: int, total: tuple[int, bool] | None = None) -> str:
    """An opaque, URL-safe cursor pointing just after a row, carrying the first page's (total, capped)."""
    data: dict[str, Any] = {"s": sort, "k": _jsonable(key), "i": row_id}
    if total is not None:
        data["t"], data["c"] = total[0], total[1]
    raw = json.dumps(data, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_data(cursor: str) -> dict[str, Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, dict):
            raise TypeError("cursor is not an object")
        return data
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidFilter("The cursor is not one this API issued; start again without it.",
                            param="cursor") from exc


def cursor_total(cursor: str | None) -> tuple[int, bool] | None:
    """The (total, capped) the first page counted, when the cursor carries it; a 422 when it is malformed."""
    data = _cursor_data(cursor) if cursor else {}
    if "t" not in data:
        return None
    total, capped = data["t"], data.get("c")
    if type(total) is not int or total < 0 or type(capped) is not bool:
        raise InvalidFilter("The cursor is not one this API issued; start again without it.", param="cursor")
    return total, capped


def decode_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    """The (key, id) a cursor points after; a 422 when it is malformed or from another sort."""
    data = _cursor_data(cursor)
    try:
        key, row_id, cursor_sort = data["k"], int(data["i"]), data["s"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidFilter("The cursor is not one this API issued; start again without it.",
                            param="cursor") from exc
    if cursor_sort != sort:
        raise InvalidFilter(f"The cursor belongs to sort '{cursor_sort}', not '{sort}'; keep the same sort "
                            "while paging.", param="cursor")
    return key, row_id


def cursor_start(
    cursor: str | None, sort: str, decode: Callable[[Any], Any], nulls: bool
) -> tuple[Any, int] | None:
    """The decoded (key, id) a cursor points after (``apply_keyset``'s reading of it, for statement texts);
    with ``nulls``, a NULL key stays None: the cursor is among the rows without a key."""
    if not cursor:
        return None
    key, row_id = decode_cursor(cursor, sort)
    if key is None and nulls:
        return None, row_id
    try:
        return decode(key), row_id
    except (TypeError, ValueError) as exc:
        raise InvalidFilter("The cursor is not one this API issued.", param="cursor") from exc


def apply_keyset(
    stmt: Select[Any], spec: SortSpec, cursor: str | None, limit: int, *, nulls: bool = True
) -> Select[Any]:
    """Order, start after the cursor and fetch one extra row to know whether a next page exists.

    ``nulls=False``: the filters already exclude NULL keys, so a nullable sort needs no NULL branch.
    """
    key, row_id = decode_cursor(cursor, spec.name) if cursor else (None, None)
    try:
        if spec.nullable and not nulls:
            start = spec.after(key, row_id) if row_id is not None else true()
            return stmt.where(spec.key.is_not(None), start).order_by(*spec.order_by()).limit(limit + 1)
        if not spec.nullable:
            start = spec.after(key, row_id) if row_id is not None else true()
            return stmt.where(start).order_by(*spec.order_by()).limit(limit + 1)
        return _nullable_page(stmt, spec, key, row_id, limit)
    except (TypeError, ValueError) as exc:
        raise InvalidFilter("The cursor is not one this API issued.", param="cursor") from exc


def _nullable_page(
    stmt: Select[Any], spec: SortSpec, key: Any, row_id: int | None, limit: int
) -> Select[Any]:
    """Keyed rows, then NULL-keyed rows: two index-friendly branches instead of one NULLS LAST sort."""
    in_nulls = row_id is not None and key is None
    nulls = stmt.where(spec.key.is_(None), spec.beyond(row_id) if in_nulls and row_id is not None else true())
    nulls = nulls.order_by(spec.order_by()[1]).limit(limit + 1).add_columns(literal(1).label("segment"))
    if in_nulls:
        return nulls
    keyed = stmt.where(spec.key.is_not(None), spec.after(key, row_id) if row_id is not None else true())
    keyed = keyed.order_by(*spec.order_by()).limit(limit + 1).add_columns(literal(0).label("segment"))
    page = union_all(select(keyed.subquery()), select(nulls.subquery())).subquery("page")
    key_order = spec._ordered(page.c[spec.column], spec.descending)
    id_order = spec._ordered(page.c.id, spec.ids_descending)
    return select(page).order_by(page.c.segment, key_order, id_order).limit(limit + 1)


def page_order(page: Any, spec: SortSpec, key: str) -> list[Any]:
    """ORDER BY for rows joined to a keyset page subquery (its ``key`` and ``id`` columns, NULL keys last)."""
    segment = [page.c.segment] if "segment" in page.c else []
    return [*segment, spec._ordered(page.c[key], spec.descending),
            spec._ordered(page.c.id, spec.ids_descending)]


def next_cursor(
    rows: list[Any], spec: SortSpec, limit: int, key_of: Callable[[Any], tuple[Any, int]],
    total: tuple[int | None, bool] = (None, False),
) -> str | None:
    """The cursor after the last row of this page (carrying the total), or None when the page is the last."""
    if len(rows) <= limit:
        return None
    key, row_id = key_of(rows[limit - 1])
    counted = (total[0], total[1]) if total[0] is not None else None
    return encode_cursor(spec.name, key, row_id, counted)


def capped_count(session: Session, stmt: Select[Any], cap: int) -> tuple[int, bool]:
    """Exact count up to ``cap``; beyond it (cap, True) so a count never scans everything."""
    # Only the FROM and WHERE matter: selecting a constant lets the database answer from an index.
    rows: Select[Any] = stmt.with_only_columns(literal_column("1"), maintain_column_froms=True)
    limited = rows.order_by(None).limit(cap + 1).subquery()
    count = session.execute(select(func.count()).select_from(limited)).scalar_one()
    return (cap, True) if count > cap else (count, False)


def page_total(
    session: Session, stmt: Select[Any], *, cap: int, cursor: str | None, with_total: bool
) -> tuple[int | None, bool]:
    """The page's (total, capped): counted on the first page, read back from the cursor on later ones."""
    return counted_total(lambda: capped_count(session, stmt, cap), cap=cap, cursor=cursor,
                         with_total=with_total)


def counted_total(
    count: Callable[[], tuple[int, bool]], *, cap: int, cursor: str | None, with_total: bool
) -> tuple[int | None, bool]:
    """``count()`` on the first page; later pages read the first page's total back from their cursor."""
    if not with_total:
        return None, False
    carried = cursor_total(cursor)
    if carried is None:
        return count()
    if carried[0] > cap:
        raise InvalidFilter("The cursor is not one this API issued; start again without it.", param="cursor")
    return carried


async def count_cap(request: Request) -> int:
    """The configured bound on exact totals."""
    return int(request.app.state.settings.count_cap)


CountCap = Annotated[int, Depends(count_cap)]


@dataclass(frozen=True)
class BudgetedSessions:
    """Sessions for the later pages of a streamed export, each page inside the database time budget."""

    factory: sessionmaker[Session]
    budget_ms: int

    @contextmanager
    def __call__(self) -> Iterator[Session]:
        with self.factory() as session, time_budget(session, self.budget_ms):
            yield session


async def session_factory(request: Request) -> BudgetedSessions:
    """Budgeted sessions from the app's factory (streaming exports read later pages in their own)."""
    state = request.app.state
    return BudgetedSessions(state.sessionmaker, int(state.settings.db_time_budget_ms))


SessionFactory = Annotated[BudgetedSessions, Depends(session_factory)]
