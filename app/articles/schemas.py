"""Articles in and out: the list filters, a list item, and the full article."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from app.core.filters import ArticleScope, GeoFormat, Paging


class ArticleSort(StrEnum):
    NEWEST = "-published_on"
    OLDEST = "published_on"
    RELEVANCE = "relevance"


class ArticleFilters(ArticleScope, Paging):
    """Query parameters of GET /v1/articles."""

    sort: ArticleSort | None = Field(None, description="-published_on (default), published_on, or "
                                     "relevance (needs q; the default when q is given). Ties break on id.")
    format: GeoFormat = Field(GeoFormat.JSON, description="json page, or stream every match as csv, ndjson "
                              "or geojson (one feature per article, its places as a MultiPoint).")


class SourceRef(BaseModel):
    id: int
    name: str
    role: str = Field(description="publisher, wire or cited")


class ArticleRead(BaseModel):
    id: int
    title: str
    lede: str | None
    sections: list[str]
    published_on: dt.date | None = Field(description="null when the input carried no date")
    publisher: str | None
    wire: str | None
    sources: list[SourceRef]
    url: str | None
    related_article_id: int | None
    related_title: str | None = Field(description='the "ALSO READ" story title')
    word_count: int
    quote_count: int
    actor_count: int
    place_count: int


class EntityCount(BaseModel):
    id: int
    name: str
    kind: str
    subtype: str | None
    mentions: int
    latitude: float | None = None
    longitude: float | None = None


class ArticleQuote(BaseModel):
    id: int
    text: str
    kind: str
    cue: str | None
    speaker_id: int | None
    speaker_name: str | None
    speaker_resolution: str
    start: int
    end: int


class DateMentionRead(BaseModel):
    text: str
    value: str
    precision: str
    date_start: dt.date | None
    date_end: dt.date | None
    field: str
    start: int
    end: int


class ArticleDetail(ArticleRead):
    body: str
    actors: list[EntityCount]
    places: list[EntityCount]
    quotes: list[ArticleQuote]
    dates: list[DateMentionRead]
