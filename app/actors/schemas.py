"""Actors (people and organisations) in and out."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from app.core.filters import ArticleScope, ListFormat, Paging
from app.search.entities import EntitySort


class ActorKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class ActorFilters(ArticleScope, Paging):
    """Query parameters of GET /v1/actors; article filters keep actors mentioned in matching articles."""

    name: str | None = Field(None, min_length=1, max_length=200, examples=["sudani"],
                             description="Part of any alias, case/accent/apostrophe-insensitive.")
    kind: ActorKind | None = Field(None, description="person or organisation")
    sort: EntitySort = Field(EntitySort.NAME, description="name (default) or -articles; ties break on id.")
    format: ListFormat = Field(ListFormat.JSON, description="json page, or stream every match as csv/ndjson.")


class ActorRead(BaseModel):
    id: int
    name: str
    kind: str
    subtype: str | None = Field(description="government, military, militia, party... when known")
    aliases: list[str]
    roles: list[str] = Field(description="titles seen with the name: 'Prime Minister'")
    article_count: int
    quote_count: int


class Related(BaseModel):
    id: int
    name: str
    kind: str
    articles: int = Field(description="articles mentioning both")


class MonthCount(BaseModel):
    month: str = Field(examples=["2024-01"])
    published: int = Field(description="articles published that month")
    mentioned: int = Field(description="dates in the text falling in that month")


class ActorDetail(ActorRead):
    top_actors: list[Related]
    top_places: list[Related]
    date_histogram: list[MonthCount]
