"""Quotes in and out: list filters, a quote with its speaker, source and article."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from app.core.filters import MAX_VALUES, ArticleScope, ListFormat, Names, Paging


class QuoteKind(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class QuoteSort(StrEnum):
    NEWEST = "-published_on"
    OLDEST = "published_on"
    RELEVANCE = "relevance"


class QuoteFilters(ArticleScope, Paging):
    """Query parameters of GET /v1/quotes (article filters apply to the quote's article)."""

    speaker: Names = Field(default_factory=list, examples=[["Sudani"]],
                           description="Who said it: canonical name, alias or id. Repeatable (any).")
    reported_via: Names = Field(default_factory=list, examples=[["CNN"]],
                                description="The news organisation a quote was reported via ('..., CNN "
                                "reported'). Repeatable (any).")
    kind: list[QuoteKind] = Field(default_factory=list, max_length=MAX_VALUES,
                                  description="direct, indirect or mixed. Repeatable.")
    sort: QuoteSort | None = Field(None, description="-published_on (default; then article and position), "
                                   "published_on, or relevance (needs q).")
    format: ListFormat = Field(ListFormat.JSON, description="json page, or stream every match as csv/ndjson.")


class SpeakerRead(BaseModel):
    id: int | None = Field(description="entity id; null for an anonymous or unresolved speaker")
    name: str | None
    kind: str = Field(description="person, organisation, anonymous or unresolved")


class SourceBrief(BaseModel):
    id: int
    name: str


class ArticleBrief(BaseModel):
    id: int
    title: str
    published_on: dt.date | None
    publisher: str | None


class QuoteRead(BaseModel):
    id: int
    text: str
    kind: str
    cue: str | None
    speaker: SpeakerRead
    speaker_text: str | None = Field(description="the words that named the speaker: 'he', 'the official'")
    speaker_resolution: str = Field(description="name, alias, title, pronoun, anonymous or unresolved")
    reported_via: SourceBrief | None
    said_on: dt.date | None
    field: str
    start: int
    end: int
    article: ArticleBrief
