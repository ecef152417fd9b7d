"""Facet counts over the filtered articles: top actors, places, sources, speakers; a date histogram."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session

from app.core.filters import DateField
from app.core.pagination import capped_count
from app.models import Article, ArticleSource, DateMention, Entity, Mention, Quote, Source
from app.search.names import ACTOR_KINDS, PLACE_KINDS
from app.search.scope import article_conditions
from app.stats.schemas import Bucket, FacetCount, FacetFilters, Facets, Interval


def facets(session: Session, *, filters: FacetFilters, count_cap: int) -> Facets:
    """Every facet of the articles the filters select."""
    scope = select(Article.id).where(*article_conditions(session, filters))
    total, capped = capped_count(session, scope, count_cap)
    field = filters.date_field
    return Facets(
        articles=total, articles_capped=capped,
        actors=_entities(session, scope, ACTOR_KINDS, filters.top),
        places=_entities(session, scope, PLACE_KINDS, filters.top),
        sources=_sources(session, scope, filters.top), speakers=_speakers(session, scope, filters.top),
        histogram_field=field.value, histogram=_histogram(session, scope, filters),
    )


def _counts(session: Session, stmt: Any) -> list[FacetCount]:
    return [FacetCount(id=r.id, name=r.name, kind=r.kind, count=r.count) for r in session.execute(stmt)]


def _entities(session: Session, scope: Any, kinds: tuple[str, ...], top: int) -> list[FacetCount]:
    count = func.count(func.distinct(Mention.article_id)).label("count")
    stmt = (
        select(Entity.id, Entity.name, Entity.kind, count)
        .join(Mention, Mention.entity_id == Entity.id)
        .where(Mention.article_id.in_(scope), Entity.kind.in_(kinds))
        .group_by(Entity.id, Entity.name, Entity.kind)
        .order_by(count.desc(), Entity.name, Entity.id)
        .limit(top)
    )
    return _counts(session, stmt)


def _sources(session: Session, scope: Any, top: int) -> list[FacetCount]:
    count = func.count(func.distinct(ArticleSource.article_id)).label("count")
    stmt = (
        select(Source.id, Source.name, literal("source").label("kind"), count)
        .join(ArticleSource, ArticleSource.source_id == Source.id)
        .where(ArticleSource.article_id.in_(scope))
        .group_by(Source.id, Source.name)
        .order_by(count.desc(), Source.name, Source.id)
        .limit(top)
    )
    return _counts(session, stmt)


def _speakers(session: Session, scope: Any, top: int) -> list[FacetCount]:
    count = func.count(Quote.id).label("count")
    stmt = (
        select(Entity.id, Entity.name, Entity.kind, count)
        .join(Quote, Quote.speaker_entity_id == Entity.id)
        .where(Quote.article_id.in_(scope))
        .group_by(Entity.id, Entity.name, Entity.kind)
        .order_by(count.desc(), Entity.name, Entity.id)
        .limit(top)
    )
    return _counts(session, stmt)


def _period(day: dt.date, interval: Interval) -> str:
    if interval is Interval.MONTH:
        return day.strftime("%Y-%m")
    if interval is Interval.WEEK:
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.isoformat()


def _histogram(session: Session, scope: Any, filters: FacetFilters) -> list[Bucket]:
    """Grouped by day in SQL (portable), bucketed into weeks or months here."""
    if filters.date_field is DateField.PUBLISHED:
        day: Any = Article.published_on
        stmt = select(day, func.count()).where(Article.id.in_(scope), day.is_not(None))
    else:
        day = DateMention.date_start
        # a month-precise mention ("December 2021") counts in a monthly histogram, not a daily one
        precise = ("day", "month") if filters.interval is Interval.MONTH else ("day",)
        conds: list[ColumnElement[bool]] = [DateMention.article_id.in_(scope), day.is_not(None),
                                            DateMention.precision.in_(precise)]
        if filters.date_from:
            conds.append(day >= filters.date_from)
        if filters.date_to:
            conds.append(day <= filters.date_to)
        stmt = select(day, func.count(func.distinct(DateMention.article_id))).where(*conds)
    counts: Counter[str] = Counter()
    for value, count in session.execute(stmt.group_by(day)):
        counts[_period(value, filters.interval)] += count
    return [Bucket(period=period, count=counts[period]) for period in sorted(counts)]
