"""Article queries: a filtered keyset page, decorated with a fixed number of batch queries.

The page is built as plain dicts from statement texts (``app.articles.sql``): the JSON route serialises
them once, exports and the article detail validate them into ``ArticleRead``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from app.articles import sql
from app.articles.schemas import ArticleFilters, ArticleRead, ArticleSort
from app.core.errors import InvalidFilter
from app.core.filters import DateField
from app.core.pagination import Page, counted_total, cursor_start, encode_cursor, plain_variant
from app.core.rawsql import Sql, capped_count, date_value, dialect_of, run
from app.models import Article
from app.search.fts import DATED, ID_MASK, UNDATED, search_key
from app.search.rawscope import (
    article_where,
    articles_from,
    fts_ranked,
    key_range,
    lists_ids,
    lone_filter_from,
    matching,
    resolve,
    search_keys,
    searched_by_date,
    where,
)
from app.search.scope import ScopeIds
from app.search.service import gin_scans

# From this many matches a page walks the date index and probes the filters instead of sorting every match.
WALK_INDEX_FROM = 1000
ARTICLE_COLUMNS = (
    Article.id, Article.title, Article.lede, Article.published_on, Article.url, Article.word_count,
    Article.related_article_id, Article.related_title,
)
PageDict = dict[str, Any]  # a Page's fields, items as ArticleRead-shaped dicts


def _sort(filters: ArticleFilters) -> ArticleSort:
    sort = filters.sort or (ArticleSort.RELEVANCE if filters.q else ArticleSort.NEWEST)
    if sort is ArticleSort.RELEVANCE and not filters.q:
        raise InvalidFilter("sort=relevance needs a q= search.", param="sort")
    return sort


def _page_sql(
    dialect: str, filters: ArticleFilters, sort: ArticleSort, ids: ScopeIds, many: bool
) -> Sql:
    limit = filters.limit + 1
    if sort is ArticleSort.RELEVANCE and filters.q:
        after = cursor_start(filters.cursor, sort.value, float, nulls=False)
        if searched_by_date(dialect, filters, ids) and (filters.date_from or filters.date_to):
            # the dates as a range of search keys: only the articles inside them are ranked
            ranked = fts_ranked(dialect, "articles", filters.q, key_range(filters))
            return sql.by_relevance(ranked, [], after, limit)
        conds = article_where(dialect, filters, ids, include_q=False)
        return sql.by_relevance(fts_ranked(dialect, "articles", filters.q), conds, after, limit)
    dated = filters.date_field is DateField.PUBLISHED and bool(filters.date_from or filters.date_to)
    after = cursor_start(filters.cursor, sort.value, dt.date.fromisoformat, nulls=not dated)
    if after is not None and after[0] is not None:
        after = (date_value(dialect, after[0]), after[1])
    conds = article_where(dialect, filters, ids, walk_index=many)
    return sql.by_date(conds, sort is ArticleSort.NEWEST, not dated, after, limit)


def _counted(dialect: str, filters: ArticleFilters, ids: ScopeIds) -> Sql:
    """What to count: the lone filter's own table when there is one, else the filtered articles."""
    lone = lone_filter_from(dialect, filters, ids)
    if lone is not None:
        return lone
    return Sql(articles_from(dialect, filters, ids)) + where(article_where(dialect, filters, ids))


def _total(session: Session, body: Sql, cap: int) -> tuple[int, bool]:
    count = run(session, capped_count(body, cap))[0][0]
    return (cap, True) if count > cap else (count, False)


def _after_key(ranges: list[tuple[int, int]], descending: bool, key: int) -> list[tuple[int, int]]:
    """The parts of ``ranges`` (in page order) that come after ``key`` in that order.

    Newest first, page order is key order downwards. Oldest first, the dated keys come before the
    undated ones (day 0), each upwards.
    """
    if descending:
        kept = [(low, min(high, key - 1)) for low, high in ranges]
    else:
        undated = key <= ID_MASK
        kept = []
        for low, high in ranges:
            if (high <= ID_MASK) == undated:
                kept.append((max(low, key + 1), high))
            elif not undated:  # the undated range after the dated keys: all of it
                kept.append((low, high))
    return [(low, high) for low, high in kept if low <= high]


def _searched_page(
    session: Session, filters: ArticleFilters, q: str, sort: ArticleSort, cap: int, with_total: bool
) -> tuple[Sequence[Any], int | None, bool]:
    """The page and total of a search by date alone (``rawscope.searched_by_date``), read from the
    full-text index in key order: for a word in 18,130 articles of 100k, 3.7 -> 0.09 ms of SQLite for
    the page, which walked the date index probing the list of every match."""
    low, high = key_range(filters)
    total, capped = counted_total(
        lambda: _total(session, search_keys(q, low, high), cap), cap=cap, cursor=filters.cursor,
        with_total=with_total,
    )
    descending = sort is ArticleSort.NEWEST
    dated = bool(filters.date_from or filters.date_to)
    # oldest first without dates: the dated keys upwards, then the undated ones (day 0)
    ranges = [(low, high)] if dated or descending else [DATED, UNDATED]
    after = cursor_start(filters.cursor, sort.value, dt.date.fromisoformat, nulls=not dated)
    if after is not None:
        if not 0 < after[1] <= ID_MASK:
            raise InvalidFilter("The cursor is not one this API issued.", param="cursor")
        ranges = _after_key(ranges, descending, search_key(after[0], after[1]))
    rows = run(session, sql.by_search_key(q, ranges, descending, filters.limit + 1)) if ranges else []
    return rows, total, capped


class Keyed(NamedTuple):
    """A first page read from its matches' keys: its rows (None above the count cap), and the total."""

    rows: list[Any] | None
    total: int
    capped: bool


def _keyed_first_page(
    session: Session, filters: ArticleFilters, sort: ArticleSort, ids: ScopeIds, cap: int
) -> Keyed | None:
    """A first page by date from one read of every match's (id, date), when several filters, one of them
    a list of article ids, select the articles (SQLite); None for other scopes.

    The count and the page each evaluated the filters, and the page twice (dated rows, then undated): for
    an actor and a city (48 articles at 100k), 0.7 + 1.2 ms of SQL. Read once through the (id,
    published_on) index and ordered here as the page statement orders them (dated rows by date then id,
    then undated ones by id, each the way the sort goes), the page's rows are then fetched by id. A lone
    filter keeps its count from its own table's index, which is cheaper than reading the keys.
    """
    dialect = dialect_of(session)
    if dialect != "sqlite" or sort is ArticleSort.RELEVANCE or filters.cursor or not lists_ids(filters, ids) \
            or lone_filter_from(dialect, filters, ids) is not None:
        return None
    keys = run(session, matching(dialect, filters, ids, with_dates=True) + Sql(" LIMIT %I", (cap + 1,)))
    if len(keys) > cap:  # the page is the walking statement's, the total known
        return Keyed(None, cap, True)
    descending = sort is ArticleSort.NEWEST
    dated = sorted((key for key in keys if key[1] is not None), key=lambda key: (key[1], key[0]),
                   reverse=descending)
    undated = sorted((key[0] for key in keys if key[1] is None), reverse=descending)
    page = ([key[0] for key in dated] + undated)[: filters.limit + 1]
    fetched = {row[0]: row for row in run(session, sql.rows_by_id(page))} if page else {}
    return Keyed([fetched[i] for i in page], len(keys), False)


def _decorated_page(
    session: Session, filters: ArticleFilters, count_cap: int, with_total: bool,
    decorate: Callable[[Session, Sequence[Any]], list[Any]],
) -> PageDict:
    """One page of articles matching the filters, newest first unless sorted otherwise, its rows made
    into items by ``decorate``."""
    sort, ids = _sort(filters), resolve(session, filters)
    searched = sort is not ArticleSort.RELEVANCE and searched_by_date(dialect_of(session), filters, ids)
    keyed = _keyed_first_page(session, filters, sort, ids, count_cap) if with_total and not searched else None
    rows: Sequence[Any]
    total: int | None
    if searched and filters.q:
        rows, total, capped = _searched_page(session, filters, filters.q, sort, count_cap, with_total)
    elif keyed is not None and keyed.rows is not None:
        rows, total, capped = keyed.rows, keyed.total, keyed.capped
    else:
        known = (keyed.total, keyed.capped) if keyed is not None else None
        rows, total, capped = _page_and_total(session, filters, sort, ids, count_cap, with_total, known)
    cursor = None
    if len(rows) > filters.limit:
        last = rows[filters.limit - 1]
        key = last[8] if sort is ArticleSort.RELEVANCE else last[3]
        cursor = encode_cursor(sort.value, key, last[0], (total, capped) if total is not None else None)
    items = decorate(session, rows[: filters.limit])
    return {"items": items, "next_cursor": cursor, "total": total, "total_capped": capped}


def article_page(
    session: Session, *, filters: ArticleFilters, count_cap: int, with_total: bool = True
) -> PageDict:
    """One page of articles matching the filters, newest first unless sorted otherwise, as plain data."""
    return _decorated_page(session, filters, count_cap, with_total, article_items)


def article_csv_page(
    session: Session, *, filters: ArticleFilters, count_cap: int, with_total: bool = True
) -> PageDict:
    """``article_page`` with each item as its CSV row (``csv_rows``), for CSV exports."""
    return _decorated_page(session, filters, count_cap, with_total, csv_rows)


def _page_and_total(
    session: Session, filters: ArticleFilters, sort: ArticleSort, ids: ScopeIds, cap: int, with_total: bool,
    known: tuple[int, bool] | None,
) -> tuple[Sequence[Any], int | None, bool]:
    """The page's rows and the total: ``known``, or counted (or carried by the cursor), then the keyset
    page."""
    dialect = dialect_of(session)
    with gin_scans(session) if filters.q and filters.cursor is None and with_total else nullcontext():
        total, capped = known or counted_total(
            lambda: _total(session, _counted(dialect, filters, ids), cap), cap=cap, cursor=filters.cursor,
            with_total=with_total,
        )
    many = total is not None and (capped or total >= WALK_INDEX_FROM)
    stmt = _page_sql(dialect, filters, sort, ids, many)
    with gin_scans(session) if sort is ArticleSort.RELEVANCE else nullcontext():
        return run(session, stmt), total, capped


def planned_by_total(session: Session, filters: ArticleFilters) -> bool:
    """Whether a page of these filters is planned by their total: on SQLite, a page by date walks the date
    index from ``WALK_INDEX_FROM`` matches; a page by relevance, a search by date alone (read in key
    order), or on PostgreSQL, ignores the total."""
    if dialect_of(session) != "sqlite" or _sort(filters) is ArticleSort.RELEVANCE:
        return False
    return not searched_by_date("sqlite", filters, resolve(session, filters))


@plain_variant(article_page, csv_rows=article_csv_page, planned_by_total=planned_by_total)
def list_articles(
    session: Session, *, filters: ArticleFilters, count_cap: int, with_total: bool = True
) -> Page[ArticleRead]:
    """One page of articles matching the filters, as schema objects (exports, GeoJSON)."""
    page = article_page(session, filters=filters, count_cap=count_cap, with_total=with_total)
    return Page[ArticleRead].model_validate(page)


def decorate(session: Session, rows: Sequence[Any]) -> list[ArticleRead]:
    """List items for article rows (``ARTICLE_COLUMNS`` first): three batch queries whatever the count."""
    return [ArticleRead(**item) for item in article_items(session, rows)]


def article_items(session: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """``ArticleRead``-shaped dicts for rows of distinct articles, with sections, sources and counts."""
    items = {row[0]: _item(row) for row in rows}
    if not items:
        return []
    ids = list(items)
    for article_id, section in run(session, sql.sections(ids)):
        items[article_id]["sections"].append(section)
    for article_id, source_id, name, role in run(session, sql.sources(ids)):
        item = items[article_id]
        item["sources"].append({"id": source_id, "name": name, "role": role})
        if role in _NAMED_ROLES and item[role] is None:  # the first by name: sources come sorted
            item[role] = name
    for article_id, actor_ids, place_ids, quote_count in run(session, sql.counts(ids)):
        if quote_count is None:
            items[article_id].update(actor_count=_listed(actor_ids), place_count=_listed(place_ids))
        else:
            items[article_id]["quote_count"] = quote_count
    return list(items.values())


_NAMED_ROLES = frozenset({"publisher", "wire"})  # roles an item also names in a field of their own
# ArticleRead's CSV columns (``app.core.export.columns``; a test holds them equal) and the places in a
# row of those csv_rows() fills after the row's first pass
CSV_COLUMNS = (
    "id", "title", "lede", "sections", "published_on", "publisher", "wire", "sources", "url",
    "related_article_id", "related_title", "word_count", "quote_count", "actor_count", "place_count",
)
_SECTIONS, _PUBLISHER, _WIRE, _SOURCES, _QUOTES, _ACTORS, _PLACES = 3, 5, 6, 7, 12, 13, 14
_NAMED_CELLS = {"publisher": _PUBLISHER, "wire": _WIRE}


def csv_rows(session: Session, rows: Sequence[Any]) -> list[list[Any]]:
    """The CSV rows of ``article_items`` for the same rows, made without an item dict per article and a
    dict per source: lists joined as ``app.core.export`` joins them ("; ", a source as "name (role)").

    A 50k-row export of the 100k archive, in-process: 1.76-2.05 s through the items and their cells,
    1.35-1.53 s through these rows (six runs each, interleaved).
    """
    table = {row[0]: [row[0], row[1], row[2], [], row[3], None, None, [], row[4], row[6], row[7], row[5],
                      0, 0, 0] for row in rows}
    if not table:
        return []
    ids = list(table)
    for article_id, section in run(session, sql.sections(ids)):
        table[article_id][_SECTIONS].append(section)
    for article_id, _source_id, name, role in run(session, sql.sources(ids)):
        line = table[article_id]
        line[_SOURCES].append(f"{name} ({role})")
        cell = _NAMED_CELLS.get(role)
        if cell is not None and line[cell] is None:  # the first by name: sources come sorted
            line[cell] = name
    for article_id, actor_ids, place_ids, quote_count in run(session, sql.counts(ids)):
        line = table[article_id]
        if quote_count is None:
            line[_ACTORS], line[_PLACES] = _listed(actor_ids), _listed(place_ids)
        else:
            line[_QUOTES] = quote_count
    for line in table.values():
        line[_SECTIONS], line[_SOURCES] = "; ".join(line[_SECTIONS]), "; ".join(line[_SOURCES])
    return list(table.values())


def _listed(ids: str) -> int:
    """How many ids a digest column lists ("" for none)."""
    return ids.count(",") + 1 if ids else 0


def _item(row: Any) -> dict[str, Any]:
    """An item for an article row, before its sections, sources and counts are read."""
    return {
        "id": row[0], "title": row[1], "lede": row[2], "sections": [], "published_on": row[3],
        "publisher": None, "wire": None, "sources": [], "url": row[4], "related_article_id": row[6],
        "related_title": row[7], "word_count": row[5], "quote_count": 0, "actor_count": 0, "place_count": 0,
    }
