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

from fastapi import Response
from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_json
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.core.deps import release
from app.core.export import Sessions, page_fetcher, stream
from app.core.pagination import PLAIN_ATTRIBUTE, Page

T = TypeVar("T")


@cache
def _adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def dump_json(model: Any, value: Any) -> bytes:
    """``value`` serialised as ``model``, as FastAPI serialises a response_model."""
    return _adapter(model).dump_json(value, by_alias=True)


async def run_query(session: Session, query: Callable[[], T]) -> T:
    """``query()`` in a worker thread, releasing the request's session there once it is done."""

    def work() -> T:
        try:
            return query()
        finally:
            release(session)

    return await run_in_threadpool(work)


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

    A lister marked with ``plain_variant`` answers the JSON page through its plain-data twin.
    """
    fmt = filters.format.value
    plain: Callable[..., dict[str, Any]] | None = getattr(lister, PLAIN_ATTRIBUTE, None)
    if fmt == "json" and plain is not None:
        body = await run_query(session, lambda: to_json(plain(session, filters=filters, count_cap=cap)))
        return Response(body, media_type="application/json")
    if fmt == "json":
        page = Page[model]  # type: ignore[valid-type]  # a runtime generic, as in the route's response_model
        return await json_response(session, page, lambda: lister(session, filters=filters, count_cap=cap))
    fetch = page_fetcher(lister, filters, cap, geo if fmt == "geojson" else None)
    return await run_query(session, lambda: stream(fmt, session, factory, fetch, name=name, model=model))
