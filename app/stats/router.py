"""GET /v1/facets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic_core import to_json

from app.core.deps import SessionDep
from app.core.openapi import list_responses
from app.core.pagination import CountCap
from app.core.respond import run_query
from app.stats.schemas import FacetFilters, Facets
from app.stats.service import facet_data

router = APIRouter(tags=["facets"])

FACETS_EXAMPLE = {
    "articles": 6, "articles_capped": False,
    "actors": [{"id": 3, "name": "Mohammed Shia al-Sudani", "kind": "person", "count": 6}],
    "places": [{"id": 2, "name": "Iraq", "kind": "place", "count": 6}],
    "sources": [{"id": 1, "name": "Asian Lite News", "kind": "source", "count": 6}],
    "speakers": [{"id": 3, "name": "Mohammed Shia al-Sudani", "kind": "person", "count": 9}],
    "histogram_field": "mentioned", "histogram": [{"period": "2024-01", "count": 3}],
}


@router.get(
    "/facets", response_model=Facets, summary="Facets of the filtered articles",
    description="Takes the same filters as /v1/articles and answers what the matching articles are made "
    "of: the top actors, places and sources (by articles), the top speakers (by quotes), and a histogram "
    "by `interval` of publication dates (`date_field=published`; undated articles are left out) or of "
    "dates mentioned in the text (`date_field=mentioned`: day-precise ones, and month-precise ones in a "
    "monthly histogram; within date_from/date_to when given).",
    responses={**list_responses(FACETS_EXAMPLE), 200: {"description": "The facets.", "content": {
        "application/json": {"example": FACETS_EXAMPLE}}}},
)
async def facets_route(
    filters: Annotated[FacetFilters, Query()], session: SessionDep, cap: CountCap
) -> Response:
    body = await run_query(session, lambda: to_json(facet_data(session, filters=filters, count_cap=cap)))
    return Response(body, media_type="application/json")
