"""Places in and out."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.actors.schemas import MonthCount, Related
from app.core.filters import ArticleScope, BBoxParam, GeoFormat, NearParam, Paging
from app.search.entities import EntitySort


class PlaceFilters(ArticleScope, Paging):
    """Query parameters of GET /v1/places; near/bbox select the places themselves."""

    name: str | None = Field(None, min_length=1, max_length=200, examples=["erbil"],
                             description="Part of any alias (Irbil finds Erbil).")
    country: str | None = Field(None, min_length=2, max_length=2, pattern="^[A-Za-z]{2}$", examples=["IQ"],
                                description="ISO 3166 country code.")
    near: NearParam = Field(None, description="Places within km of lat,lon: 'lat,lon,km'.",
                            examples=["36.19,44.01,50"])
    bbox: BBoxParam = Field(None, description="Places inside 'west,south,east,north' (degrees).",
                            examples=["38.8,29.0,48.6,37.4"])
    sort: EntitySort = Field(EntitySort.NAME, description="name (default) or -articles; ties break on id.")
    format: GeoFormat = Field(GeoFormat.JSON, description="json page, or stream every match as csv, ndjson "
                              "or geojson (Points; places without coordinates have a null geometry).")


class PlaceRead(BaseModel):
    id: int
    name: str
    kind: str = Field("place", description="always 'place'")
    subtype: str | None = Field(description="country, region, city, facility...")
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    aliases: list[str]
    article_count: int


class PlaceDetail(PlaceRead):
    top_actors: list[Related]
    top_places: list[Related]
    date_histogram: list[MonthCount]
