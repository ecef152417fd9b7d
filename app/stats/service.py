"""Facet counts over the filtered articles: top actors, places, sources, speakers; a date histogram.

The filters are evaluated once (the scope); actors, places, speakers and sources are counted from the
scoped articles' digests, one row per article (``app.stats.digest``); the published-date histogram comes
with the scope's ids, the mentioned-date one from date_mentions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, cast, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.core.filters import DateField
from app.core.rawsql import Sql, dialect_of, run
from app.models import Article, DateMention, Entity, Source
from app.search.idlist import id_values
from app.search.rawscope import article_where, resolve, where
from app.search.scope import article_conditions
from app.stats.digest import digest_counts, ranked
from app.stats.schemas import Bucket, FacetFilters, Facets, Interval

_SCOPE = "SELECT articles.id FROM articles"
_SCOPE_WITH_DAYS = "SELECT articles.id, articles.published_on FROM articles"


def facets(session: Session, *, filters: FacetFilters, count_cap: int) -> Facets:
    """Every facet of the articles the filters select."""
    published = filters.date_field is DateField.PUBLISHED
    total, capped, scope, days = _scope(session, filters, count_cap, with_days=published)
    actors, places, speakers, sources = digest_counts(session, scope)
    top = filters.top
    actors_, places_, speakers_ = ranked(session, Entity, [actors, places, speakers], top, _values)
    (sources_,) = ranked(session, Source, [sources], top, _values)
    histogram = _histogram(session, scope, filters) if days is None else _histogram_of(days, filters.interval)
    return Facets(
        articles=total, articles_capped=capped, actors=actors_, places=places_, sources=sources_,
        speakers=speakers_, histogram_field=filters.date_field.value, histogram=histogram,
    )


def _scope(
    session: Session, filters: FacetFilters, cap: int, *, with_days: bool
) -> tuple[int, bool, Any, list[Any] | None]:
    """(total, capped, scope, days): up to ``cap`` ids are read once and passed as one value to every
    facet, so the filters are evaluated once instead of once per facet; a larger scope stays a subquery.
    With ``with_days`` the same read brings each article's published_on as the driver gives it (the
    histogram), else None. The read is the list pages' statement text (``app.search.rawscope``)."""
    ids = resolve(session, filters)
    select_ = _SCOPE_WITH_DAYS if with_days else _SCOPE
    conds = article_where(dialect_of(session), filters, ids)
    rows = run(session, Sql(select_) + where(conds) + Sql(" LIMIT %I", (cap + 1,)))
    if len(rows) > cap:
        return cap, True, select(Article.id).where(*article_conditions(session, filters, ids=ids)), None
    days = [row[1] for row in rows] if with_days else None
    return len(rows), False, _values(session, [row[0] for row in rows]), days


def _values(session: Session, ids: list[int]) -> Select[Any]:
    """The ids as one bound value (``app.search.idlist``); on PostgreSQL the array's text form, cast.

    psycopg dumps a list of ints one element at a time (a regular expression per id: ~1 ms for 1,400 ids,
    paid by each of the four facet statements); one string is bound as it is.
    """
    if session.get_bind().dialect.name != "postgresql":
        return id_values(session, ids)
    array = cast(literal("{" + ",".join(map(str, ids)) + "}", String), ARRAY(Integer))
    return select(func.unnest(array).column_valued("id"))


def _bucket(day: dt.date, interval: Interval) -> dt.date:
    """The first day of the day's bucket."""
    if interval is Interval.MONTH:
        return day.replace(day=1)
    if interval is Interval.WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day


def _period(bucket: dt.date, interval: Interval) -> str:
    return bucket.strftime("%Y-%m") if interval is Interval.MONTH else bucket.isoformat()


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
    buckets: Counter[dt.date] = Counter()
    for value, count in session.execute(stmt.group_by(day)):
        buckets[_bucket(value, filters.interval)] += count
    return _named(buckets, filters.interval)


def _histogram_of(days: list[Any], interval: Interval) -> list[Bucket]:
    """The published histogram from the scoped articles' dates (read with their ids): ISO text on SQLite,
    dates on PostgreSQL, each distinct day bucketed once."""
    buckets: Counter[dt.date] = Counter()
    for day, count in Counter(day for day in days if day is not None).items():
        buckets[_bucket(dt.date.fromisoformat(day) if isinstance(day, str) else day, interval)] += count
    return _named(buckets, interval)


def _named(buckets: Counter[dt.date], interval: Interval) -> list[Bucket]:
    # named once per bucket, not per day; sorted by name as before (a year under 1000 is not zero-padded)
    counts = {_period(bucket, interval): count for bucket, count in buckets.items()}
    return [Bucket(period=period, count=counts[period]) for period in sorted(counts)]
