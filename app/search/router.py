"""GET /v1/resolve: what a name passed to a filter resolves to, and why."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.core.deps import SessionDep
from app.core.respond import json_response
from app.search.schemas import ResolveParams, ResolveRead
from app.search.service import resolve_name

router = APIRouter(tags=["resolve"])


@router.get(
    "/resolve", response_model=ResolveRead, summary="Resolve a name as the filters would",
    description="Shows which entities (or sources) a free-text name matches and why: an id, an exact "
    "folded alias (case, accents, apostrophes and hyphens ignored), or whole folded words inside an alias "
    "('Sudani' inside 'Mohammed Shia al-Sudani'). Fuzzy matching only suggests; it never matches.",
    responses={200: {"description": "Matches, or suggestions when there are none.", "content": {
        "application/json": {"example": {
            "name": "Sudani", "folded": "sudani", "suggestions": [],
            "matches": [{"id": 3, "name": "Mohammed Shia al-Sudani", "kind": "person",
                         "matched": "Mohammed Shia al-Sudani", "match": "contains"}],
        }}}}},
)
async def resolve_route(params: Annotated[ResolveParams, Query()], session: SessionDep) -> Response:
    return await json_response(
        session, ResolveRead, lambda: resolve_name(session, name=params.name, kind=params.kind)
    )
