"""GET /v1/sources and /v1/sources/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.core.deps import SessionDep
from app.core.filters import id_path
from app.core.openapi import item_responses, list_responses
from app.core.pagination import CountCap, Page, SessionFactory
from app.core.respond import json_response, list_response
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
    return await list_response(session, factory, filters, cap, list_sources, SourceRead, name="sources")


@router.get(
    "/{source_id}",
    response_model=SourceRead,
    summary="One news organisation",
    description="A source with its article counts per role and the number of quotes reported via it.",
    responses=item_responses(SOURCE_EXAMPLE),
)
async def get_route(source_id: Annotated[int, id_path(4)], session: SessionDep) -> Response:
    return await json_response(session, SourceRead, lambda: get_source(session, source_id=source_id))
