"""The versioned API: every feature router mounted under /v1."""

from __future__ import annotations

from fastapi import APIRouter

from app.actors.router import router as actors_router
from app.articles.router import router as articles_router
from app.core.openapi import common_responses
from app.places.router import router as places_router
from app.quotes.router import router as quotes_router
from app.search.router import router as search_router
from app.sources.router import router as sources_router
from app.stats.router import router as stats_router

v1_router = APIRouter(prefix="/v1", responses=common_responses())
for feature_router in (articles_router, quotes_router, actors_router, places_router, sources_router,
                       search_router, stats_router):
    v1_router.include_router(feature_router)
