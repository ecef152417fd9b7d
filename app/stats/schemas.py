"""Facets: what the filtered set of articles is made of."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from app.core.filters import ArticleScope


class Interval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class FacetFilters(ArticleScope):
    """Query parameters of GET /v1/facets: the article filters plus the shape of the answer."""

    interval: Interval = Field(Interval.MONTH, description="Histogram bucket: day, week (starting Monday) "
                               "or month.")
    top: int = Field(10, ge=1, le=100, description="How many actors, places, sources and speakers to list.")


class FacetCount(BaseModel):
    id: int
    name: str
    kind: str
    count: int = Field(description="matching articles (quotes, for speakers)")


class Bucket(BaseModel):
    period: str = Field(examples=["2024-01"], description="day 2024-01-10, week 2024-01-08 or month 2024-01")
    count: int


class Facets(BaseModel):
    articles: int = Field(description="matching articles, exact up to the count cap")
    articles_capped: bool
    actors: list[FacetCount]
    places: list[FacetCount]
    sources: list[FacetCount]
    speakers: list[FacetCount]
    histogram_field: str = Field(description="published or mentioned, following date_field")
    histogram: list[Bucket]
