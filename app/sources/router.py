"""GET /v1/sources and /v1/sources/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.core.deps import SessionDep
from app.core.export import page_fetcher, stream
from app.core.filters import ListFormat, id_path
from app.core.openapi import item_responses, list_responses
from app.core.pagination import CountCap, Page, SessionFactory
from app.core.respond import json_response, run_query
from app.sources.schemas import SourceFilters, SourceRead
from app.sources.service import get_source, list_sources

router = APIRouter(prefix="/sources", tags=["sources"])

SOURCE_EXAMPLE: dict[str, Any] = {
    "id": 4,
    "name": "Xinhua",
    "article_count": 1,
    "roles": {"publisher": 0, "wire": 0, "cited": 1},
    "quotes_reported": 1,
}


@router.get(
    "",
    response_model=Page[SourceRead],
    summary="List news organisations",
    description="News organisations and how articles use them: as `publisher` (Asian Lite News), as `wire` "
    "(the '(ANI)' credit) or `cited` in the text ('Xinhua news agency reported'). `role` keeps sources "
    "seen in that role; `name` matches part of the name.",
    responses=list_responses(
        {"items": [SOURCE_EXAMPLE], "next_cursor": None, "total": 1, "total_capped": False}
    ),
)
async def list_route(
    filters: Annotated[SourceFilters, Query()], session: SessionDep, factory: SessionFactory, cap: CountCap
) -> Response:
    if filters.format is ListFormat.JSON:
        return await json_response(
            session, Page[SourceRead], lambda: list_sources(session, filters=filters, count_cap=cap)
        )
    fetch = page_fetcher(list_sources, filters, cap)
    return await run_query(
        session,
        lambda: stream(filters.format.value, session, factory, fetch, name="sources", model=SourceRead),
    )


@router.get(
    "/{source_id}",
    response_model=SourceRead,
    summary="One news organisation",
    description="A source with its article counts per role and the number of quotes reported via it.",
    responses=item_responses(SOURCE_EXAMPLE),
)
async def get_route(source_id: Annotated[int, id_path(4)], session: SessionDep) -> Response:
    return await json_response(session, SourceRead, lambda: get_source(session, source_id=source_id))
