"""GET /v1/actors and /v1/actors/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.actors.schemas import ActorDetail, ActorFilters, ActorRead
from app.actors.service import get_actor, list_actors
from app.core.deps import SessionDep
from app.core.filters import id_path
from app.core.openapi import item_responses, list_responses
from app.core.pagination import CountCap, Page, SessionFactory
from app.core.respond import json_response, list_response

router = APIRouter(prefix="/actors", tags=["actors"])

ACTOR_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "name": "Mohammed Shia al-Sudani",
    "kind": "person",
    "subtype": None,
    "aliases": ["Al-Sudani", "Mohammed Shia al-Sudani", "Mohammed Shia\u2019 al-Sudani"],
    "roles": ["Prime Minister"],
    "article_count": 6,
    "quote_count": 9,
}
LIST_DESCRIPTION = """People and organisations, by name (default) or by `-articles`. `name` matches part of
any alias. The article filters (`actor`, `place`, `source`, `q`, dates...) keep the actors mentioned in the
matching articles: `actor=Sudani` lists who appears alongside al-Sudani. Counts are over the whole archive."""


@router.get(
    "",
    response_model=Page[ActorRead],
    summary="List actors",
    description=LIST_DESCRIPTION,
    responses=list_responses(
        {"items": [ACTOR_EXAMPLE], "next_cursor": None, "total": 1, "total_capped": False}
    ),
)
async def list_route(
    filters: Annotated[ActorFilters, Query()], session: SessionDep, factory: SessionFactory, cap: CountCap
) -> Response:
    return await list_response(session, factory, filters, cap, list_actors, ActorRead, name="actors")


@router.get(
    "/{actor_id}",
    response_model=ActorDetail,
    summary="One actor with co-mentions and a timeline",
    description="An actor's names, titles and counts, the actors and places most often mentioned in the "
    "same articles, and a monthly histogram of its articles (publication dates and dates mentioned).",
    responses=item_responses(
        ACTOR_EXAMPLE
        | {
            "top_actors": [{"id": 9, "name": "Antony Blinken", "kind": "person", "articles": 2}],
            "top_places": [{"id": 2, "name": "Iraq", "kind": "place", "articles": 6}],
            "date_histogram": [{"month": "2024-01", "published": 0, "mentioned": 3}],
        }
    ),
)
async def get_route(actor_id: Annotated[int, id_path(3)], session: SessionDep) -> Response:
    return await json_response(session, ActorDetail, lambda: get_actor(session, actor_id=actor_id))
