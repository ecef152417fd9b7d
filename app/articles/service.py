"""Article queries: a filtered keyset page, decorated with a fixed number of batch queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

from sqlalchemy import Float, Row, case, func, literal, select
from sqlalchemy.orm import Session

from app.articles.schemas import ArticleFilters, ArticleRead, ArticleSort, SourceRef
from app.core.errors import InvalidFilter
from app.core.filters import DateField
from app.core.pagination import Page, SortSpec, apply_keyset, next_cursor, page_total
from app.models import Article, ArticleSection, ArticleSource, Entity, Mention, Quote, Source
from app.search.counting import lone_filter_ids
from app.search.scope import ScopeIds, article_conditions, resolve_scope
from app.search.service import fts_matches, gin_scans

ROLE_ORDER = {"publisher": 0, "wire": 1, "cited": 2}
# From this many matches a page walks the date index and probes the filters instead of sorting every match.
WALK_INDEX_FROM = 1000
ARTICLE_COLUMNS = (
    Article.id, Article.title, Article.lede, Article.published_on, Article.url, Article.word_count,
    Article.related_article_id, Article.related_title,
)


def _sort_spec(sort: ArticleSort, rank: Any) -> SortSpec:
    if sort is ArticleSort.RELEVANCE:
        return SortSpec(sort.value, rank, Article.id, descending=True, decode=float)
    return SortSpec(sort.value, Article.published_on, Article.id, descending=sort is ArticleSort.NEWEST,
                    nullable=True, decode=dt.date.fromisoformat, column="published_on")


def _sort(filters: ArticleFilters) -> ArticleSort:
    sort = filters.sort or (ArticleSort.RELEVANCE if filters.q else ArticleSort.NEWEST)
    if sort is ArticleSort.RELEVANCE and not filters.q:
        raise InvalidFilter("sort=relevance needs a q= search.", param="sort")
    return sort


def _by_date(conds: list[Any], sort: ArticleSort, filters: ArticleFilters) -> tuple[Any, SortSpec]:
    stmt = select(*ARTICLE_COLUMNS, literal(0.0, Float).label("rank")).where(*conds)
    spec = _sort_spec(sort, stmt.selected_columns.rank)
    dated = filters.date_field is DateField.PUBLISHED and bool(filters.date_from or filters.date_to)
    return apply_keyset(stmt, spec, filters.cursor, filters.limit, nulls=not dated), spec


def _by_relevance(
    session: Session, q: str, conds: list[Any], cursor: str | None, limit: int
) -> tuple[Any, SortSpec]:
    """Rank and page the matching ids alone, then read the page's rows: never every match's columns."""
    fts = fts_matches(session, "articles", q)
    ranked = select(fts.c.id, fts.c.rank)
    if conds:
        ranked = ranked.where(fts.c.id.in_(select(Article.id).where(*conds)))
    spec = SortSpec(ArticleSort.RELEVANCE.value, fts.c.rank, fts.c.id, descending=True, decode=float)
    page = apply_keyset(ranked, spec, cursor, limit).subquery("ranked")
    stmt = (
        select(*ARTICLE_COLUMNS, page.c.rank.label("rank"))
        .join(page, page.c.id == Article.id)
        .order_by(page.c.rank.desc(), page.c.id.desc())
    )
    return stmt, spec


def _page_query(
    session: Session, filters: ArticleFilters, sort: ArticleSort, ids: ScopeIds, many: bool
) -> tuple[Any, SortSpec]:
    if sort is ArticleSort.RELEVANCE and filters.q:
        conds = article_conditions(session, filters, include_q=False, ids=ids)
        return _by_relevance(session, filters.q, conds, filters.cursor, filters.limit)
    conds = article_conditions(session, filters, walk_index=many, ids=ids)
    return _by_date(conds, sort, filters)


def _matching(session: Session, filters: ArticleFilters, ids: ScopeIds) -> Any:
    """The matching ids to count: from the lone filter's own table when there is one, else from articles."""
    lone = lone_filter_ids(session, filters, ids)
    if lone is not None:
        return lone
    return select(Article.id).where(*article_conditions(session, filters, ids=ids))


def list_articles(
    session: Session, *, filters: ArticleFilters, count_cap: int, with_total: bool = True
) -> Page[ArticleRead]:
    """One page of articles matching the filters, newest first unless sorted otherwise."""
    sort, ids = _sort(filters), resolve_scope(session, filters)
    matching = _matching(session, filters, ids)
    with gin_scans(session) if filters.q and filters.cursor is None and with_total else nullcontext():
        total, capped = page_total(session, matching, cap=count_cap, cursor=filters.cursor,
                                   with_total=with_total)
    many = total is not None and (capped or total >= WALK_INDEX_FROM)
    stmt, spec = _page_query(session, filters, sort, ids, many)
    with gin_scans(session) if spec.name == ArticleSort.RELEVANCE else nullcontext():
        rows = list(session.execute(stmt))

    def key_of(row: Row[Any]) -> tuple[Any, int]:
        return (row.rank if spec.name == ArticleSort.RELEVANCE else row.published_on), row.id

    cursor = next_cursor(rows, spec, filters.limit, key_of, (total, capped))
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
