"""Facet counts over the filtered articles: top actors, places, sources, speakers; a date histogram.

Each facet starts from the child rows of the scoped articles (``article_id IN (scope)``), so the database
reads only those articles' index ranges instead of probing the scope for every entity's mentions, and
aggregates by id before it joins the names.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, select
from sqlalchemy.orm import Session

from app.core.filters import DateField
from app.models import Article, ArticleSource, DateMention, Entity, Mention, Quote, Source
from app.search.idlist import id_values
from app.search.names import ACTOR_KINDS, PLACE_KINDS
from app.search.scope import article_conditions
from app.stats.schemas import Bucket, FacetCount, FacetFilters, Facets, Interval


def facets(session: Session, *, filters: FacetFilters, count_cap: int) -> Facets:
    """Every facet of the articles the filters select."""
    total, capped, scope = _scope(session, select(Article.id).where(*article_conditions(session, filters)),
                                  count_cap)
    field = filters.date_field
    actors, places = _entities(session, scope, filters.top)
    return Facets(
        articles=total, articles_capped=capped, actors=actors, places=places,
        sources=_sources(session, scope, filters.top), speakers=_speakers(session, scope, filters.top),
        histogram_field=field.value, histogram=_histogram(session, scope, filters),
    )


def _scope(session: Session, stmt: Select[Any], cap: int) -> tuple[int, bool, Any]:
    """(total, capped, scope): up to ``cap`` ids are read once and passed as one value to every facet, so
    the filters are evaluated once instead of once per facet; a larger scope stays a subquery."""
    ids = list(session.scalars(stmt.limit(cap + 1)))
    return (cap, True, stmt) if len(ids) > cap else (len(ids), False, id_values(session, ids))


def _ranked(session: Session, per: Any, top: int) -> list[FacetCount]:
    """The top entities of a (entity_id, count) subquery."""
    stmt = select(Entity.id, Entity.name, Entity.kind, per.c.count).join(per, per.c.entity_id == Entity.id)
    return _counts(session, stmt.order_by(per.c.count.desc(), Entity.name, Entity.id).limit(top))


def _counts(session: Session, stmt: Any) -> list[FacetCount]:
    return [FacetCount(id=r.id, name=r.name, kind=r.kind, count=r.count) for r in session.execute(stmt)]


def _entities(session: Session, scope: Any, top: int) -> tuple[list[FacetCount], list[FacetCount]]:
    """The top actors and the top places, from one pass over the scoped articles' mentions."""
    # distinct (article, entity) pairs come straight off ix_mentions_article_id_entity_id, in order
    pairs = select(Mention.article_id, Mention.entity_id).where(Mention.article_id.in_(scope)).distinct()
    pair = pairs.subquery("pairs")
    per = select(pair.c.entity_id, func.count().label("count")).group_by(pair.c.entity_id).subquery("per")
    is_place = case((Entity.kind.in_(PLACE_KINDS), 1), else_=0)
    order = (per.c.count.desc(), Entity.name, Entity.id)
    in_group = func.row_number().over(partition_by=is_place, order_by=order).label("in_group")
    ranked = (
        select(Entity.id, Entity.name, Entity.kind, per.c.count, is_place.label("is_place"), in_group)
        .join(per, per.c.entity_id == Entity.id)
        .where(Entity.kind.in_((*ACTOR_KINDS, *PLACE_KINDS)))
        .subquery("ranked")
    )
    stmt = select(ranked).where(ranked.c.in_group <= top).order_by(ranked.c.is_place, ranked.c.in_group)
    rows = _counts(session, stmt)
    return [r for r in rows if r.kind not in PLACE_KINDS], [r for r in rows if r.kind in PLACE_KINDS]


def _sources(session: Session, scope: Any, top: int) -> list[FacetCount]:
    count = func.count(func.distinct(ArticleSource.article_id)).label("count")
    stmt = (
        select(Source.id, Source.name, literal("source").label("kind"), count)
        .select_from(ArticleSource)
        .join(Source, Source.id == ArticleSource.source_id)
        .where(ArticleSource.article_id.in_(scope))
        .group_by(Source.id, Source.name)
        .order_by(count.desc(), Source.name, Source.id)
        .limit(top)
    )
    return _counts(session, stmt)


def _speakers(session: Session, scope: Any, top: int) -> list[FacetCount]:
    per = (
        select(Quote.speaker_entity_id.label("entity_id"), func.count().label("count"))
        .where(Quote.article_id.in_(scope))  # the NULL speaker group drops out in the join with entities
        .group_by(Quote.speaker_entity_id)
        .subquery("per")
    )
    return _ranked(session, per, top)


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
