"""News organisations in and out."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.core.filters import ListFormat, Paging, SourceRole


class SourceSort(StrEnum):
    NAME = "name"
    MOST_ARTICLES = "-articles"


class SourceFilters(Paging):
    """Query parameters of GET /v1/sources."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200, examples=["xinhua"],
                             description="Part of the name, case/accent-insensitive.")
    role: SourceRole | None = Field(None, description="Only sources that play this role in some article.")
    sort: SourceSort = Field(SourceSort.NAME, description="name (default) or -articles; ties break on id.")
    format: ListFormat = Field(ListFormat.JSON, description="json page, or stream every match as csv/ndjson.")


class RoleCounts(BaseModel):
    publisher: int = 0
    wire: int = 0
    cited: int = 0


class SourceRead(BaseModel):
    id: int
    name: str
    article_count: int = Field(description="articles naming the source in any role")
    roles: RoleCounts = Field(description="articles per role")
    quotes_reported: int = Field(description="quotes reported via this source ('..., CNN reported')")
