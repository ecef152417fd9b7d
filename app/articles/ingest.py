"""POST /v1/articles: ingest one article through the real extraction and loader (admin token required).

Mounted only when NEWSDESK_ADMIN_TOKEN is set; otherwise /v1/articles serves GET alone and a POST is a
405. The spaCy model is loaded lazily, once per process, on the first ingest.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.articles.detail import get_article
from app.articles.router import ARTICLE_EXAMPLE
from app.articles.schemas import ArticleDetail
from app.core.auth import AdminDep
from app.core.budget import time_budget
from app.core.errors import InvalidFilter
from app.core.filters import IsoDate
from app.core.openapi import common_responses
from app.extract.types import ArticleRecord
from app.ingest.extractors import spacy_extractor
from app.ingest.identity import content_hash
from app.ingest.load.entities import EntityResolver
from app.ingest.pipeline import ChunkExtractor
from app.ingest.service import load_extractions
from app.models import Article

router = APIRouter(prefix="/v1", tags=["admin"], responses=common_responses())
_extract_lock = threading.Lock()  # one spaCy pipeline per process, not safe to share between threads
_load_lock = threading.Lock()  # one POST loads at a time in a process: they share the kept entity resolver


class ArticleIn(BaseModel):
    """One article to ingest."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=2_000, examples=["Iraqi PM Vows to End Coalition Presence"])
    body: str = Field(min_length=1, examples=["Iraqi Prime Minister Mohammed Shia al-Sudani said..."])
    lede: str | None = Field(None, max_length=10_000)
    published_on: IsoDate | None = None
    url: str | None = Field(None, max_length=2_000)
    publisher: str | None = Field(None, max_length=200)
    sections: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=20)

    def record(self) -> ArticleRecord:
        return ArticleRecord(title=self.title, body=self.body, lede=self.lede, sections=tuple(self.sections),
                             published_on=self.published_on, url=self.url, publisher=self.publisher,
                             source_file="POST /v1/articles", source_position="body")


@lru_cache(maxsize=1)
def shared_extractor(model: str) -> ChunkExtractor:
    """The process's extractor, built on first use."""
    return spacy_extractor(model)


def _stored_id(factory: sessionmaker[Session], digest: str) -> int | None:
    with factory() as session:
        found: int | None = session.scalar(select(Article.id).where(Article.content_hash == digest))
        return found


def ingest_one(request: Request, article: ArticleIn) -> tuple[int, bool]:
    """Store the article unless its content hash is known; returns (id, newly added)."""
    state = request.app.state
    record = article.record()
    digest = content_hash(record.title, record.body)
    if (known := _stored_id(state.sessionmaker, digest)) is not None:
        return known, False
    with _extract_lock:
        extraction = shared_extractor(state.settings.spacy_model).extract(record)
    with _load_lock:
        # the resolver of the last POST that completed, caught up instead of re-read (0.4 s at 100k
        # articles); taken away first, so a load that fails leaves none behind. A new one reads
        # everything, in the load's session (refresh() binds it; the one given here is never used).
        resolver = getattr(state, "kept_entities", None) or EntityResolver(Session(state.engine))
        state.kept_entities = None
        report = load_extractions(state.engine, [extraction], inputs=["POST /v1/articles"], entities=resolver)
        state.kept_entities = resolver
    stored = _stored_id(state.sessionmaker, digest)
    if stored is None:
        reason = report.rejections[0].reason if report.rejections else "it was not stored"
        raise InvalidFilter(f"The article was refused: {reason}", param="body")
    return stored, report.added > 0


@router.post(
    "/articles", response_model=ArticleDetail, status_code=201, dependencies=[AdminDep],
    summary="Ingest one article (admin)",
    description="Runs the real extraction and loader on one article. 201 with the stored article; 200 with "
    "the existing one when an article with the same content (title and body) is already stored. Needs "
    "`Authorization: Bearer <NEWSDESK_ADMIN_TOKEN>`; this operation exists only when that token is set.",
    responses={
        200: {"description": "Already stored: the existing article.", "model": ArticleDetail},
        201: {"description": "Stored.", "content": {"application/json": {"example": ARTICLE_EXAMPLE}}},
        400: {"description": "The body is not readable JSON (e.g. not UTF-8).",
              "content": {"application/problem+json": {"schema": {"type": "object"}}}},
        401: {"description": "Missing or wrong admin token.",
              "content": {"application/problem+json": {"schema": {"type": "object"}}}},
        413: {"description": "Request body over 1 MiB.",
              "content": {"application/problem+json": {"schema": {"type": "object"}}}},
    },
)
def ingest_route(article: Annotated[ArticleIn, Body()], request: Request, response: Response) -> Any:
    article_id, added = ingest_one(request, article)
    response.status_code = 201 if added else 200
    state = request.app.state
    with state.sessionmaker() as session, time_budget(session, state.settings.db_time_budget_ms):
        return get_article(session, article_id=article_id)
