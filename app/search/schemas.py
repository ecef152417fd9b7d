"""What a free-text name resolves to."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class ResolveKind(StrEnum):
    ANY = "any"
    ACTOR = "actor"
    PLACE = "place"
    SOURCE = "source"


class ResolveParams(BaseModel):
    """Query parameters of GET /v1/resolve."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="The name as a client would pass it to a "
                      "filter.", examples=["Sudani"])
    kind: ResolveKind = Field(ResolveKind.ANY, description="Which filter's namespace to resolve in.")


class MatchRead(BaseModel):
    id: int
    name: str = Field(description="canonical name")
    kind: str = Field(description="person, organisation, place or source")
    matched: str = Field(description="the alias that matched")
    match: str = Field(description="id, exact (whole folded alias), contains (whole folded words inside an "
                       "alias) or, for sources, within (the source's name inside the given words)")


class ResolveRead(BaseModel):
    name: str
    folded: str = Field(description="the name as compared: lower-case, no accents, apostrophes or hyphens")
    matches: list[MatchRead]
    suggestions: list[str] = Field(description="close names when nothing matched")
