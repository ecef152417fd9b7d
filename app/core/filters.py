"""The filter grammar every list endpoint shares: who, where, which source, when, what words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

MAX_VALUES = 20  # mirrors Settings.max_filter_values; a schema bound must be static
MAX_QUERY_CHARS = 256  # mirrors Settings.max_query_chars
DEFAULT_LIMIT, MAX_LIMIT = 50, 200
KM_PER_DEGREE = 111.195
MAX_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL; a larger one is a 422, not a database error


class Match(StrEnum):
    ALL = "all"
    ANY = "any"


class DateField(StrEnum):
    PUBLISHED = "published"
    MENTIONED = "mentioned"


class SourceRole(StrEnum):
    PUBLISHER = "publisher"
    WIRE = "wire"
    CITED = "cited"


class ListFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    NDJSON = "ndjson"


class GeoFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    NDJSON = "ndjson"
    GEOJSON = "geojson"


@dataclass(frozen=True)
class Near:
    """A circle: centre latitude/longitude and a radius in kilometres."""

    lat: float
    lon: float
    km: float

    def box(self) -> BBox:
        """The bounding box around the circle (an index-friendly pre-filter)."""
        from math import cos, radians

        dlat = self.km / KM_PER_DEGREE
        dlon = self.km / (KM_PER_DEGREE * max(cos(radians(self.lat)), 0.01))
        return BBox(self.lon - dlon, self.lat - dlat, self.lon + dlon, self.lat + dlat)


@dataclass(frozen=True)
class BBox:
    """A box in GeoJSON order: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float


def _floats(raw: str, count: int, what: str) -> list[float]:
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) != count:
        raise ValueError(f"expected {what}")
    try:
        return [float(p) for p in parts]
    except ValueError as exc:
        raise ValueError(f"expected numbers: {what}") from exc


def parse_near(raw: str | None) -> Near | None:
    """'lat,lon,km' -> Near; ranges are checked."""
    if raw is None:
        return None
    lat, lon, km = _floats(raw, 3, "lat,lon,km such as 36.19,44.01,50")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20_000):
        raise ValueError("lat must be in [-90, 90], lon in [-180, 180], km in (0, 20000]")
    return Near(lat, lon, km)


def parse_bbox(raw: str | None) -> BBox | None:
    """'west,south,east,north' -> BBox; ranges are checked."""
    if raw is None:
        return None
    west, south, east, north = _floats(raw, 4, "west,south,east,north such as 38.8,29.0,48.6,37.4")
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError("need -180 <= west <= east <= 180 and -90 <= south <= north <= 90")
    return BBox(west, south, east, north)


def _check_near(raw: str | None) -> str | None:
    parse_near(raw)
    return raw


def _check_bbox(raw: str | None) -> str | None:
    parse_bbox(raw)
    return raw


def _iso_date(raw: object) -> object:
    # pydantic would read a number as a Unix timestamp; the API promises ISO dates only
    if isinstance(raw, str) and len(raw) == 10 and raw[4] == raw[7] == "-":
        return raw
    if isinstance(raw, dt.date):
        return raw
    raise ValueError("expected an ISO date such as 2024-01-31")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
NearParam = Annotated[str | None, AfterValidator(_check_near)]
BBoxParam = Annotated[str | None, AfterValidator(_check_bbox)]
Names = Annotated[list[str], Field(max_length=MAX_VALUES)]


class ArticleScope(BaseModel):
    """Filters that select a set of articles; shared by articles, quotes, actors, places and facets."""

    model_config = ConfigDict(extra="forbid")

    actor: Names = Field(default_factory=list, examples=[["al-Sudani"]],
                         description="Person or organisation mentioned: canonical name, alias or id. "
                         "Repeatable; see actor_match.")
    actor_match: Match = Field(Match.ALL, description="With several actor values: all of them, or any.")
    place: Names = Field(default_factory=list, examples=[["Erbil"]],
                         description="Place mentioned: name, alias or id. Repeatable (any).")
    source: Names = Field(default_factory=list, examples=[["Xinhua"]],
                          description="News organisation in any role (or the one in source_role). "
                          "Repeatable (any).")
    source_role: SourceRole | None = Field(None, description="Restrict source to publisher, wire or cited.")
    section: Names = Field(default_factory=list, examples=[["Top News"]],
                           description="Section such as 'Top News' (case-insensitive). Repeatable (any).")
    date_from: IsoDate | None = Field(None, description="Inclusive ISO date. Articles without a "
                                      "publication date never match a published-date filter.")
    date_to: IsoDate | None = Field(None, description="Inclusive ISO date.")
    date_field: DateField = Field(DateField.PUBLISHED, description="Filter on the publication date or on "
                                  "dates mentioned in the text.")
    q: str | None = Field(None, min_length=1, max_length=MAX_QUERY_CHARS,
                          description='Full-text search: words, "exact phrases", AND, OR, NOT / -word.',
                          examples=['"prime minister" Iraq -Syria'])
    near: NearParam = Field(None, description="Mentions a place within km of lat,lon: 'lat,lon,km'.",
                            examples=["36.19,44.01,50"])
    bbox: BBoxParam = Field(None, description="Mentions a place inside 'west,south,east,north' (degrees).",
                            examples=["38.8,29.0,48.6,37.4"])

    @property
    def near_circle(self) -> Near | None:
        return parse_near(self.near)

    @property
    def bbox_box(self) -> BBox | None:
        return parse_bbox(self.bbox)


class Paging(BaseModel):
    """Cursor and page size, shared by every list endpoint."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size, at most 200.")
    cursor: str | None = Field(None, max_length=1000, description="next_cursor from the previous page.")


def id_path(example: int) -> Any:
    """A path id: a positive 32-bit integer (larger ones are a 422, never a database error)."""
    return Path(ge=1, le=MAX_ID, examples=[example])
