"""GET /v1/articles and /v1/articles/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.articles.detail import article_features, get_article
from app.articles.schemas import ArticleDetail, ArticleFilters, ArticleRead
from app.articles.service import list_articles
from app.core.deps import SessionDep
from app.core.filters import id_path
from app.core.openapi import item_responses, list_responses
from app.core.pagination import CountCap, Page, SessionFactory
from app.core.respond import json_response, list_response

router = APIRouter(prefix="/articles", tags=["articles"])

ARTICLE_EXAMPLE: dict[str, Any] = {
    "id": 7,
    "title": "Iraqi PM Vows to End US-led Coalition Presence",
    "lede": "Al-Sudani accused the coalition of repeating the \u201ccrime\u201d of killing Soleimani...",
    "sections": ["Top News", "Arab News"],
    "published_on": None,
    "publisher": "Asian Lite News",
    "wire": None,
    "sources": [{"id": 1, "name": "Asian Lite News", "role": "publisher"}],
    "url": None,
    "related_article_id": None,
    "related_title": None,
    "word_count": 412,
    "quote_count": 5,
    "actor_count": 9,
    "place_count": 4,
}
LIST_DESCRIPTION = """Articles matching every filter given, newest first (`-published_on`; articles with no
publication date come last), or by `relevance` when `q` is given.

**Filters.** `actor`, `place`, `source` take a canonical name, an alias or an id, matched case-, accent-,
apostrophe- and hyphen-insensitively (`al-Sudani`, `Mohammed Shia al-Sudani` and `Sudani` find the same
person); an unknown name is a 422 with suggestions. `date_from`/`date_to` are inclusive; with
`date_field=published` (default) **articles without a publication date are excluded**, with
`date_field=mentioned` an article matches when a date mentioned in its text overlaps the range. `q` searches
title, lede and body. `near=lat,lon,km` and `bbox=west,south,east,north` keep articles that mention a place
inside the area.

**Pages.** Follow `next_cursor`; `total` is exact up to a cap (`total_capped` says when it was reached).
`format=csv|ndjson|geojson` streams every match instead of a page."""


@router.get(
    "",
    response_model=Page[ArticleRead],
    summary="List and search articles",
    description=LIST_DESCRIPTION,
    responses=list_responses(
        {"items": [ARTICLE_EXAMPLE], "next_cursor": None, "total": 1, "total_capped": False}, geojson=True
    ),
)
async def list_route(
    filters: Annotated[ArticleFilters, Query()], session: SessionDep, factory: SessionFactory, cap: CountCap
) -> Response:
    return await list_response(
        session, factory, filters, cap, list_articles, ArticleRead, name="articles", geo=article_features
    )


@router.get(
    "/{article_id}",
    response_model=ArticleDetail,
    summary="One article with its body, actors, places, quotes and dates",
    description="The full article: body, the actors and places it mentions (with mention counts), its "
    "quotes in text order and every date it mentions, normalised.",
    responses=item_responses(
        ARTICLE_EXAMPLE
        | {
            "body": "Iraqi Prime Minister Mohammed Shia\u2019 al-Sudani reiterated his pledge...",
            "actors": [
                {
                    "id": 3,
                    "name": "Mohammed Shia al-Sudani",
                    "kind": "person",
                    "subtype": None,
                    "mentions": 6,
                    "latitude": None,
                    "longitude": None,
                }
            ],
            "places": [
                {
                    "id": 5,
                    "name": "Baghdad",
                    "kind": "place",
                    "subtype": "city",
                    "mentions": 1,
                    "latitude": 33.34,
                    "longitude": 44.4,
                }
            ],
            "quotes": [
                {
                    "id": 21,
                    "text": "a commitment that the government will not back down from",
                    "kind": "direct",
                    "cue": "said",
                    "speaker_id": 3,
                    "speaker_name": "Mohammed Shia al-Sudani",
                    "speaker_resolution": "pronoun",
                    "start": 412,
                    "end": 468,
                }
            ],
            "dates": [
                {
                    "text": "January 10",
                    "value": "--01-10",
                    "precision": "partial",
                    "date_start": None,
                    "date_end": None,
                    "field": "body",
                    "start": 10,
                    "end": 20,
                }
            ],
        }
    ),
)
async def get_route(article_id: Annotated[int, id_path(7)], session: SessionDep) -> Response:
    return await json_response(session, ArticleDetail, lambda: get_article(session, article_id=article_id))
