"""Source queries: news organisations with article counts per role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.pagination import Page, SortSpec, apply_keyset, next_cursor, page_total
from app.models import ArticleSource, Quote, Source
from app.search.names import contains_pattern
from app.sources.schemas import RoleCounts, SourceFilters, SourceRead, SourceSort

ARTICLE_COUNT = (
    select(func.count(func.distinct(ArticleSource.article_id)))
    .where(ArticleSource.source_id == Source.id)
    .correlate(Source)
    .scalar_subquery()
)


def _spec(sort: SourceSort) -> SortSpec:
    if sort is SourceSort.NAME:
        return SortSpec(sort.value, Source.key, Source.id, descending=False)
    return SortSpec(sort.value, ARTICLE_COUNT, Source.id, descending=True, decode=int)


def list_sources(
    session: Session, *, filters: SourceFilters, count_cap: int, with_total: bool = True
) -> Page[SourceRead]:
    """News organisations by name or by article count."""
    stmt = select(Source.id, Source.name, Source.key, ARTICLE_COUNT.label("article_count"))
    if filters.name:
        stmt = stmt.where(Source.key.like(contains_pattern(filters.name), escape="\\"))
    if filters.role:
        with_role = select(ArticleSource.source_id).where(ArticleSource.role == filters.role.value)
        stmt = stmt.where(Source.id.in_(with_role))
    spec = _spec(filters.sort)
    total, capped = page_total(session, stmt, cap=count_cap, cursor=filters.cursor, with_total=with_total)
    rows = list(session.execute(apply_keyset(stmt, spec, filters.cursor, filters.limit)))

    def key_of(row: Row[Any]) -> tuple[Any, int]:
        return (row.key if filters.sort is SourceSort.NAME else row.article_count), row.id

    cursor = next_cursor(rows, spec, filters.limit, key_of, (total, capped))
    return Page[SourceRead](items=decorate(session, rows[: filters.limit]), next_cursor=cursor,
                            total=total, total_capped=capped)


def get_source(session: Session, *, source_id: int) -> SourceRead:
    """One source, or NotFound."""
    stmt = select(Source.id, Source.name, ARTICLE_COUNT.label("article_count")).where(Source.id == source_id)
    row = session.execute(stmt).first()
    if row is None:
        raise NotFound(f"There is no source with id {source_id}.", param="id")
    return decorate(session, [row])[0]


def decorate(session: Session, rows: Sequence[Row[Any]]) -> list[SourceRead]:
    """Source items with role counts and reported quotes (two batch statements)."""
    ids = [row.id for row in rows]
    roles: defaultdict[int, dict[str, int]] = defaultdict(dict)
    per_role = (
        select(ArticleSource.source_id, ArticleSource.role, func.count())
        .where(ArticleSource.source_id.in_(ids))
        .group_by(ArticleSource.source_id, ArticleSource.role)
    )
    for source_id, role, count in session.execute(per_role):
        roles[source_id][role] = count
    reported = (
        select(Quote.reported_via_source_id, func.count())
        .where(Quote.reported_via_source_id.in_(ids))
        .group_by(Quote.reported_via_source_id)
    )
    quotes = {int(source): count for source, count in session.execute(reported) if source is not None}
    return [
        SourceRead(id=r.id, name=r.name, article_count=r.article_count, roles=RoleCounts(**roles[r.id]),
                   quotes_reported=quotes.get(r.id, 0))
        for r in rows
    ]
