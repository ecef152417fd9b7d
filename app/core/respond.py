"""Route bodies off the event loop in one hop: the service call, its JSON and the session's release.

A sync FastAPI route costs a threadpool hop for the endpoint and another to validate the returned model
against ``response_model`` before serialising it. Routes here are async and hand one closure to the
threadpool that queries, serialises with the same pydantic core serializer FastAPI would use (so the bytes
are the same), and closes the request's session; ``response_model`` stays in the decorator for OpenAPI.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Response
from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_json
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import is_sqlite
from app.core.deps import LIMITER, release
from app.core.errors import InvalidFilter
from app.core.export import Sessions, page_fetcher, stream
from app.core.pagination import PLAIN_ATTRIBUTE, Page

T = TypeVar("T")
POSTGRES_CONCURRENCY = 8  # queries at once per server process on PostgreSQL, by default (query_limiter)


@cache
def _adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def dump_json(model: Any, value: Any) -> bytes:
    """``value`` serialised as ``model``, as FastAPI serialises a response_model."""
    return _adapter(model).dump_json(value, by_alias=True)


def query_limiter(settings: Settings) -> CapacityLimiter | None:
    """How many queries one process runs at once: ``db_concurrency``, by default 1 on SQLite and
    ``POSTGRES_CONCURRENCY`` on PostgreSQL.

    SQLite work is CPU work in this process. Run side by side, the queries' threads and the event loop
    take the GIL from one another: at 100k articles one process answered a speaker's quotes at 626
    requests/s to one client and 327/s to eight, and one query at a time kept it at 568/s (p99 20 instead
    of 77 ms). A second core is used with a second server process (``--workers``).

    PostgreSQL queries run on the server, and a few at a time per process keep it busy. Unbounded (up to
    the connection pool's 15), 32 clients ranking a word's 18k matches by relevance ran 30 statements at
    once on a 2-core server; each then took more than the 1 s budget and nearly every request failed
    (0–1.4 requests/s). With 8 per process: 23.7 requests/s and no errors, and more throughput for the
    other queries at 32 clients (BENCHMARKS.md, round 11). Waiting here does not count against the budget.
    """
    count = settings.db_concurrency
    if count is None:
        count = 1 if is_sqlite(settings.database_url) else POSTGRES_CONCURRENCY
    return CapacityLimiter(count) if count else None


async def run_query(session: Session, query: Callable[[], T]) -> T:
    """``query()`` in a worker thread (within the process's query limiter), releasing the request's
    session there once it is done."""

    def work() -> T:
        try:
            return query()
        finally:
            release(session)

    return await to_thread.run_sync(work, limiter=session.info.get(LIMITER))


async def json_response(session: Session, model: Any, query: Callable[[], Any]) -> Response:
    """The result of ``query()`` as an application/json response of ``model``."""
    body = await run_query(session, lambda: dump_json(model, query()))
    return Response(body, media_type="application/json")


async def list_response(
    session: Session,
    factory: Sessions,
    filters: Any,
    cap: int,
    lister: Callable[..., Page[Any]],
    model: type[BaseModel],
    *,
    name: str,
    geo: Callable[[Session, Page[Any]], Page[Any]] | None = None,
) -> Response:
    """A list route's answer: one JSON page, or every match streamed as ``filters.format`` (csv, ndjson,
    or geojson through ``geo``).

    A lister marked with ``plain_variant`` answers the JSON page through its plain-data twin. A cursor
    with an export is a 422: it used to be ignored, and the export started from the first match.
    """
    fmt = filters.format.value
    if fmt != "json" and filters.cursor is not None:  # an export has no pages to resume from
        raise InvalidFilter(f"cursor= pages JSON results; format={fmt} streams every match from the first.",
                            param="cursor")
    plain: Callable[..., dict[str, Any]] | None = getattr(lister, PLAIN_ATTRIBUTE, None)
    if fmt == "json" and plain is not None:
        body = await run_query(session, lambda: to_json(plain(session, filters=filters, count_cap=cap)))
        return Response(body, media_type="application/json")
    if fmt == "json":
        page = Page[model]  # type: ignore[valid-type]  # a runtime generic, as in the route's response_model
        return await json_response(session, page, lambda: lister(session, filters=filters, count_cap=cap))
    fetch = page_fetcher(lister, filters, cap, geo if fmt == "geojson" else None, rows=fmt == "csv")
    limiter = session.info.get(LIMITER)
    return await run_query(
        session, lambda: stream(fmt, session, factory, fetch, name=name, model=model, limiter=limiter)
    )
