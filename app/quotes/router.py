"""GET /v1/quotes and /v1/quotes/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.core.deps import SessionDep
from app.core.filters import id_path
from app.core.openapi import item_responses, list_responses
from app.core.pagination import CountCap, Page, SessionFactory
from app.core.respond import json_response, list_response
from app.quotes.schemas import QuoteFilters, QuoteRead
from app.quotes.service import get_quote, list_quotes

router = APIRouter(prefix="/quotes", tags=["quotes"])

QUOTE_EXAMPLE: dict[str, Any] = {
    "id": 21,
    "text": "a commitment that the government will not back down from",
    "kind": "direct",
    "cue": "said",
    "speaker": {"id": 3, "name": "Mohammed Shia al-Sudani", "kind": "person"},
    "speaker_text": "he",
    "speaker_resolution": "pronoun",
    "reported_via": None,
    "said_on": None,
    "field": "body",
    "start": 412,
    "end": 468,
    "article": {
        "id": 7,
        "title": "Iraqi PM Vows to End US-led Coalition Presence",
        "published_on": None,
        "publisher": "Asian Lite News",
    },
}
LIST_DESCRIPTION = """Who said what. `speaker` selects who said it (name, alias or id; anonymous speakers such
as "a senior US official" have `speaker.id = null`); `reported_via` selects quotes a news organisation
relayed ("..., CNN reported"); `kind` selects direct, indirect or mixed quotes; `q` searches the quote
text. The article filters (`actor`, `place`, `source`, `source_role`, `section`,
`date_from`/`date_to`/`date_field`, `near`, `bbox`) apply to the article each quote comes from; articles
without a publication date never match a published-date filter. Newest article first; quotes of one
article stay in text order."""


@router.get(
    "",
    response_model=Page[QuoteRead],
    summary="List and search quotes",
    description=LIST_DESCRIPTION,
    responses=list_responses(
        {"items": [QUOTE_EXAMPLE], "next_cursor": None, "total": 1, "total_capped": False}
    ),
)
async def list_route(
    filters: Annotated[QuoteFilters, Query()], session: SessionDep, factory: SessionFactory, cap: CountCap
) -> Response:
    return await list_response(session, factory, filters, cap, list_quotes, QuoteRead, name="quotes")


@router.get(
    "/{quote_id}",
    response_model=QuoteRead,
    summary="One quote",
    description="A quote with its speaker, the source it was reported via, its offsets and its article.",
    responses=item_responses(QUOTE_EXAMPLE),
)
async def get_route(quote_id: Annotated[int, id_path(21)], session: SessionDep) -> Response:
    return await json_response(session, QuoteRead, lambda: get_quote(session, quote_id=quote_id))
