"""Article queries: a filtered keyset page, decorated with a fixed number of batch queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Float, Row, case, func, literal, select
from sqlalchemy.orm import Session

from app.articles.schemas import ArticleFilters, ArticleRead, ArticleSort, SourceRef
from app.core.errors import InvalidFilter
from app.core.pagination import Page, SortSpec, apply_keyset, capped_count, next_cursor
from app.models import Article, ArticleSection, ArticleSource, Entity, Mention, Quote, Source
from app.search.scope import article_conditions
from app.search.service import fts_matches

ROLE_ORDER = {"publisher": 0, "wire": 1, "cited": 2}
ARTICLE_COLUMNS = (
    Article.id, Article.title, Article.lede, Article.published_on, Article.url, Article.word_count,
    Article.related_article_id, Article.related_title,
)


def _sort_spec(sort: ArticleSort, rank: Any) -> SortSpec:
    if sort is ArticleSort.RELEVANCE:
        return SortSpec(sort.value, rank, Article.id, descending=True, decode=float)
    return SortSpec(sort.value, Article.published_on, Article.id, descending=sort is ArticleSort.NEWEST,
                    nullable=True, decode=dt.date.fromisoformat, column="published_on")


def _base_query(session: Session, filters: ArticleFilters) -> tuple[Any, SortSpec]:
    sort = filters.sort or (ArticleSort.RELEVANCE if filters.q else ArticleSort.NEWEST)
    if sort is ArticleSort.RELEVANCE and not filters.q:
        raise InvalidFilter("sort=relevance needs a q= search.", param="sort")
    stmt = select(*ARTICLE_COLUMNS).where(*article_conditions(session, filters, include_q=False))
    rank: Any = literal(0.0, Float)
    if filters.q:
        fts = fts_matches(session, "articles", filters.q)
        stmt = stmt.join(fts, fts.c.id == Article.id)
        rank = fts.c.rank
    return stmt.add_columns(rank.label("rank")), _sort_spec(sort, rank)


def list_articles(
    session: Session, *, filters: ArticleFilters, count_cap: int, with_total: bool = True
) -> Page[ArticleRead]:
    """One page of articles matching the filters, newest first unless sorted otherwise."""
    stmt, spec = _base_query(session, filters)
    total, capped = capped_count(session, stmt, count_cap) if with_total else (None, False)
    rows = list(session.execute(apply_keyset(stmt, spec, filters.cursor, filters.limit)))

    def key_of(row: Row[Any]) -> tuple[Any, int]:
        return (row.rank if spec.name == ArticleSort.RELEVANCE else row.published_on), row.id

    cursor = next_cursor(rows, spec, filters.limit, key_of)
    items = decorate(session, rows[: filters.limit])
    return Page[ArticleRead](items=items, next_cursor=cursor, total=total, total_capped=capped)


def decorate(session: Session, rows: Sequence[Any]) -> list[ArticleRead]:
    """List items for article rows: three batch queries whatever the number of rows."""
    ids = [row.id for row in rows]
    sections, sources, counts = _sections(session, ids), _sources(session, ids), _counts(session, ids)
    return [_item(row, sections[row.id], sources[row.id], counts[row.id]) for row in rows]


def _item(
    row: Row[Any], sections: list[str], sources: list[SourceRef], counts: dict[str, int]
) -> ArticleRead:
    def first(role: str) -> str | None:
        return next((s.name for s in sources if s.role == role), None)

    return ArticleRead(
        id=row.id, title=row.title, lede=row.lede, sections=sections, published_on=row.published_on,
        publisher=first("publisher"), wire=first("wire"), sources=sources, url=row.url,
        related_article_id=row.related_article_id, related_title=row.related_title,
        word_count=row.word_count, quote_count=counts.get("quotes", 0),
        actor_count=counts.get("person", 0) + counts.get("organisation", 0),
        place_count=counts.get("place", 0),
    )


def _sections(session: Session, ids: list[int]) -> defaultdict[int, list[str]]:
    out: defaultdict[int, list[str]] = defaultdict(list)
    stmt = select(ArticleSection.article_id, ArticleSection.section).where(ArticleSection.article_id.in_(ids))
    for article_id, section in session.execute(stmt.order_by(ArticleSection.position)):
        out[article_id].append(section)
    return out


def _sources(session: Session, ids: list[int]) -> defaultdict[int, list[SourceRef]]:
    out: defaultdict[int, list[SourceRef]] = defaultdict(list)
    stmt = (
        select(ArticleSource.article_id, Source.id, Source.name, ArticleSource.role)
        .join(Source, Source.id == ArticleSource.source_id)
        .where(ArticleSource.article_id.in_(ids))
        .order_by(case(ROLE_ORDER, value=ArticleSource.role, else_=len(ROLE_ORDER)), Source.name)
    )
    for article_id, source_id, name, role in session.execute(stmt):
        out[article_id].append(SourceRef(id=source_id, name=name, role=role))
    return out


def _counts(session: Session, ids: list[int]) -> defaultdict[int, dict[str, int]]:
    """Quotes and distinct entities by kind per article, in one UNION ALL statement."""
    out: defaultdict[int, dict[str, int]] = defaultdict(dict)
    entities = (
        select(Mention.article_id, Entity.kind, func.count(func.distinct(Mention.entity_id)))
        .join(Entity, Entity.id == Mention.entity_id)
        .where(Mention.article_id.in_(ids))
        .group_by(Mention.article_id, Entity.kind)
    )
    quotes = (
        select(Quote.article_id, literal("quotes"), func.count())
        .where(Quote.article_id.in_(ids))
        .group_by(Quote.article_id)
    )
    for article_id, kind, count in session.execute(entities.union_all(quotes)):
        out[article_id][kind] = count
    return out
