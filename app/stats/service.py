"""Facet counts over the filtered articles: top actors, places, sources, speakers; a date histogram.

The filters are evaluated once (the scope); actors, places, speakers and sources are counted from the
scoped articles' digests, one row per article (``app.stats.digest``); the published-date histogram comes
with the scope's ids, the mentioned-date one from date_mentions. Statements are text (``app.stats.sql``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.core.filters import DateField
from app.core.rawsql import Sql, dialect_of, run
from app.search.rawscope import matching, resolve
from app.stats.digest import digest_counts, ranked
from app.stats.histogram import histogram
from app.stats.schemas import FacetFilters, Facets, Interval
from app.stats.sql import id_list, mentioned_days, published_days


def facets(session: Session, *, filters: FacetFilters, count_cap: int) -> Facets:
    """Every facet of the articles the filters select, as the schema (the route sends ``facet_data``)."""
    return Facets.model_validate(facet_data(session, filters=filters, count_cap=count_cap))


def facet_data(session: Session, *, filters: FacetFilters, count_cap: int) -> dict[str, Any]:
    """``facets`` as plain data shaped like ``Facets``, which the route serialises in one pass: the same
    bytes without a model per entry (a daily histogram has thousands)."""
    published = filters.date_field is DateField.PUBLISHED
    total, capped, scope, days = _scope(session, filters, count_cap, with_days=published)
    actors, places, speakers, sources = digest_counts(session, scope)
    top = filters.top
    actors_, places_, speakers_ = ranked(session, "entities", [actors, places, speakers], top)
    (sources_,) = ranked(session, "sources", [sources], top)
    days_, counts = (days, None) if days is not None else _days(session, scope, filters)
    return {
        "articles": total, "articles_capped": capped, "actors": actors_, "places": places_,
        "sources": sources_, "speakers": speakers_, "histogram_field": filters.date_field.value,
        "histogram": histogram(days_, counts, filters.interval),
    }


def _scope(
    session: Session, filters: FacetFilters, cap: int, *, with_days: bool
) -> tuple[int, bool, Sql, list[Any] | None]:
    """(total, capped, scope, days): up to ``cap`` ids are read once and passed as one value to every
    facet, so the filters are evaluated once instead of once per facet; a larger scope stays a subquery.
    With ``with_days`` the same read brings each article's published_on (the histogram), else
    None. The read is the list pages' statement text (``app.search.rawscope``)."""
    ids = resolve(session, filters)
    dialect = dialect_of(session)
    rows = run(session, matching(dialect, filters, ids, with_dates=with_days) + Sql(" LIMIT %I", (cap + 1,)))
    if len(rows) > cap:
        return cap, True, matching(dialect, filters, ids), None
    days = [row[1] for row in rows] if with_days else None
    return len(rows), False, id_list(dialect, [row[0] for row in rows]), days


def _days(session: Session, scope: Sql, filters: FacetFilters) -> tuple[list[Any], list[int]]:
    """The days of the histogram's date field and their articles, counted in SQL."""
    if filters.date_field is DateField.PUBLISHED:
        stmt = published_days(scope)
    else:
        # a month-precise mention ("December 2021") counts in a monthly histogram, not a daily one
        precise = ("day", "month") if filters.interval is Interval.MONTH else ("day",)
        stmt = mentioned_days(dialect_of(session), scope, precise, filters.date_from, filters.date_to)
    rows = run(session, stmt)
    return [row[0] for row in rows], [row[1] for row in rows]
