"""GET /v1/places and /v1/places/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.core.deps import SessionDep
from app.core.filters import id_path
from app.core.openapi import item_responses, list_responses
from app.core.pagination import CountCap, Page, SessionFactory
from app.core.respond import json_response, list_response
from app.places.schemas import PlaceDetail, PlaceFilters, PlaceRead
from app.places.service import get_place, list_places, place_features

router = APIRouter(prefix="/places", tags=["places"])

PLACE_EXAMPLE: dict[str, Any] = {
    "id": 12,
    "name": "Erbil",
    "kind": "place",
    "subtype": "city",
    "country_code": "IQ",
    "latitude": 36.19257,
    "longitude": 44.01062,
    "geonames_id": 95446,
    "aliases": ["Erbil", "Irbil"],
    "article_count": 2,
}
LIST_DESCRIPTION = """Places (countries, regions, cities, facilities) with GeoNames data where known.
`near=lat,lon,km` and `bbox=west,south,east,north` select places inside the area (distances use an
equirectangular approximation, good to a fraction of a percent at city scale; boxes do not cross the
antimeridian); `country` takes an ISO code. The article filters keep places mentioned in matching articles.
`format=geojson` streams a FeatureCollection of Points."""


@router.get(
    "",
    response_model=Page[PlaceRead],
    summary="List places",
    description=LIST_DESCRIPTION,
    responses=list_responses(
        {"items": [PLACE_EXAMPLE], "next_cursor": None, "total": 1, "total_capped": False}, geojson=True
    ),
)
async def list_route(
    filters: Annotated[PlaceFilters, Query()], session: SessionDep, factory: SessionFactory, cap: CountCap
) -> Response:
    return await list_response(
        session,
        factory,
        filters,
        cap,
        list_places,
        PlaceRead,
        name="places",
        geo=(lambda _s, page: place_features(page)),
    )


@router.get(
    "/{place_id}",
    response_model=PlaceDetail,
    summary="One place with co-mentions and a timeline",
    description="A place's GeoNames data and counts, the actors and places most often mentioned with it, "
    "and a monthly histogram of its articles.",
    responses=item_responses(
        PLACE_EXAMPLE
        | {
            "top_actors": [{"id": 14, "name": "IRGC", "kind": "organisation", "articles": 1}],
            "top_places": [{"id": 2, "name": "Iraq", "kind": "place", "articles": 2}],
            "date_histogram": [{"month": "2024-01", "published": 0, "mentioned": 1}],
        }
    ),
)
async def get_route(place_id: Annotated[int, id_path(12)], session: SessionDep) -> Response:
    return await json_response(session, PlaceDetail, lambda: get_place(session, place_id=place_id))
