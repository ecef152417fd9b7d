"""Place queries: a keyset page of places by name, country, area and article scope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row
from sqlalchemy.orm import Session

from app.actors.schemas import MonthCount, Related
from app.core.pagination import Page
from app.models import Entity
from app.places.schemas import PlaceDetail, PlaceFilters, PlaceRead
from app.search.entities import EntitySort, aliases_of, co_mentioned, entity_page, histogram, name_condition
from app.search.names import ACTOR_KINDS, PLACE_KINDS, get_entity
from app.search.scope import geo_condition


def _conditions(filters: PlaceFilters) -> list[ColumnElement[bool]]:
    conds = [name_condition(filters.name)] if filters.name else []
    if filters.country:
        conds.append(Entity.country_code == filters.country.upper())
    geo = geo_condition(filters.near_circle, filters.bbox_box)
    return conds + ([geo] if geo is not None else [])


def list_places(
    session: Session, *, filters: PlaceFilters, count_cap: int, with_total: bool = True
) -> Page[PlaceRead]:
    """Places matching the filters; near/bbox apply to the place, not to its articles."""
    scope = filters.model_copy(update={"near": None, "bbox": None})
    page = entity_page(session, kinds=PLACE_KINDS, scope=scope, conds=_conditions(filters),
                       sort=filters.sort, cursor=filters.cursor, limit=filters.limit,
                       count_cap=count_cap, with_total=with_total)
    return Page[PlaceRead](items=decorate(session, page.rows), next_cursor=page.next_cursor,
                           total=page.total, total_capped=page.capped)


def decorate(session: Session, rows: Sequence[Row[Any]]) -> list[PlaceRead]:
    """Place items for entity rows (one batch statement for the aliases)."""
    aliases = aliases_of(session, [row.id for row in rows])
    return [
        PlaceRead(id=r.id, name=r.name, kind=r.kind, subtype=r.subtype, country_code=r.country_code,
                  latitude=r.latitude, longitude=r.longitude, geonames_id=r.geonames_id,
                  aliases=aliases[r.id], article_count=r.article_count)
        for r in rows
    ]


def get_place(session: Session, *, place_id: int) -> PlaceDetail:
    """One place with the actors and places mentioned alongside it, or NotFound."""
    get_entity(session, place_id, PLACE_KINDS)
    page = entity_page(session, kinds=PLACE_KINDS, scope=PlaceFilters(), conds=[Entity.id == place_id],
                       sort=EntitySort.NAME, cursor=None, limit=1, count_cap=1, with_total=False)
    item = decorate(session, page.rows)[0]
    return PlaceDetail(
        **item.model_dump(),
        top_actors=[Related.model_validate(r, from_attributes=True)
                    for r in co_mentioned(session, place_id, ACTOR_KINDS)],
        top_places=[Related.model_validate(r, from_attributes=True)
                    for r in co_mentioned(session, place_id, PLACE_KINDS)],
        date_histogram=[MonthCount(**bucket) for bucket in histogram(session, place_id)],
    )


def feature(place: PlaceRead) -> dict[str, Any]:
    """A GeoJSON Point feature (null geometry when the place has no coordinates)."""
    has_point = place.latitude is not None and place.longitude is not None
    geometry = {"type": "Point", "coordinates": [place.longitude, place.latitude]} if has_point else None
    properties = place.model_dump(mode="json")
    return {"type": "Feature", "id": place.id, "geometry": geometry, "properties": properties}


def place_features(page: Page[PlaceRead]) -> Page[dict[str, Any]]:
    """A page of places as GeoJSON features."""
    return Page[dict[str, Any]](items=[feature(p) for p in page.items], next_cursor=page.next_cursor,
                                total=page.total, total_capped=page.total_capped)
