"""The article list's statements as text: count, keyset page (by date or by relevance), and decoration.

Each mirrors what the expression layer compiled to before (same joins, same subqueries, same ORDER BY), so
plans and rows are unchanged, except ``counts`` (same numbers, a cheaper shape); see ``app.core.rawsql`` for
why they are text.
"""

from __future__ import annotations

# ruff: noqa: S608  -- statement texts are built from constants and parameter marks; values are bound.
from typing import Any

from app.core.rawsql import Sql, join, marks
from app.search.fts import ID_MASK
from app.search.rawscope import search_keys, where

COLUMNS = ("articles.id, articles.title, articles.lede, articles.published_on, articles.url, "
           "articles.word_count, articles.related_article_id, articles.related_title")
_PAGE_COLUMNS = ", ".join(f"{{t}}.{c}" for c in (
    "id", "title", "lede", "published_on", "url", "word_count", "related_article_id", "related_title", "rank",
    "segment"))
ROLE_ORDER = (("publisher", 0), ("wire", 1), ("cited", 2))


def limit(count: int) -> Sql:
    return Sql(" LIMIT %I", (count,))


def _order(descending: bool) -> str:
    return "DESC" if descending else "ASC"


def _after(key: Sql, descending: bool, value: Any, row_id: int) -> Sql:
    """Rows strictly after (value, id) in this order: a row-value comparison is one index range."""
    return key + Sql(f" {'<' if descending else '>'} (%D, %I)", (value, row_id))


def _branch(conds: list[Sql], segment: int, order: str, count: int) -> Sql:
    select = Sql(f"SELECT {COLUMNS}, %P AS rank, %I AS segment FROM articles", (0.0, segment))
    return select + where(conds) + Sql(f" ORDER BY {order}") + limit(count)


def _union(keyed: Sql, nulls: Sql, way: str, count: int) -> Sql:
    """Dated rows, then undated ones: two index-friendly branches instead of one NULLS LAST sort."""
    branches = join([Sql(f"SELECT {_PAGE_COLUMNS.format(t=name)} FROM (") + branch + Sql(f") AS {name}")
                     for name, branch in (("anon_1", keyed), ("anon_2", nulls))], " UNION ALL ")
    order = f" ORDER BY page.segment, page.published_on {way}, page.id {way}"
    select = Sql(f"SELECT {_PAGE_COLUMNS.format(t='page')} FROM (")
    return select + branches + Sql(") AS page" + order) + limit(count)


def by_date(
    conds: list[Sql], descending: bool, nulls: bool, after: tuple[Any, int] | None, count: int
) -> Sql:
    """A keyset page by publication date: dated rows, then (unless ``nulls`` is False) undated ones."""
    way = _order(descending)
    keyed_order = f"articles.published_on {way}, articles.id {way}"
    dated = [*conds, Sql("articles.published_on IS NOT NULL")]
    if after and after[0] is not None:
        dated.append(_after(Sql("(articles.published_on, articles.id)"), descending, *after))
    undated = [*conds, Sql("articles.published_on IS NULL")]
    if not nulls:
        select = Sql(f"SELECT {COLUMNS}, %P AS rank FROM articles", (0.0,))
        return select + where(dated) + Sql(f" ORDER BY {keyed_order}") + limit(count)
    if after and after[0] is None:  # the cursor is already among the undated rows
        beyond = Sql(f"articles.id {'<' if descending else '>'} %I", (after[1],))
        return _branch([*undated, beyond], 1, f"articles.id {way}", count)
    keyed = _branch(dated, 0, keyed_order, count)
    return _union(keyed, _branch(undated, 1, f"articles.id {way}", count), way, count)


def by_search_key(q: str, ranges: list[tuple[int, int]], descending: bool, count: int) -> Sql:
    """A keyset page of a search by date, read from ``articles_fts`` in key order (``rawscope.search_keys``).

    ``ranges``: the keys to read, in page order; each is read up to ``count`` matches, then the articles
    are fetched by id. Newest first, undated articles (day 0) follow the dated ones within one range;
    oldest first, the caller puts the dated keys' range before the undated ones'.
    """
    way = _order(descending)
    branches = []
    for segment, (low, high) in enumerate(ranges):
        hits = Sql("SELECT articles_fts.rowid AS key FROM ") + search_keys(q, low, high) \
            + Sql(f" ORDER BY articles_fts.rowid {way}") + limit(count)
        select = Sql(f"SELECT {COLUMNS}, %P AS rank, %I AS segment, hits.key AS key FROM (", (0.0, segment))
        branches.append(select + hits + Sql(f") AS hits JOIN articles ON articles.id = hits.key & {ID_MASK}"))
    order = f") AS page ORDER BY page.segment, page.key {way}"
    return Sql("SELECT * FROM (") + join(branches, " UNION ALL ") + Sql(order) + limit(count)


def by_relevance(fts: Sql, conds: list[Sql], after: tuple[Any, int] | None, count: int) -> Sql:
    """Rank and page the matching ids alone, then read the page's rows: never every match's columns."""
    filters = [Sql("fts.id IN (SELECT articles.id FROM articles") + where(conds) + Sql(")")] if conds else []
    start = [Sql("(fts.rank, fts.id) < (%P, %I)", after)] if after else []
    ranked = Sql("SELECT fts.id AS id, fts.rank AS rank FROM ") + fts + where(filters + start) \
        + Sql(" ORDER BY fts.rank DESC, fts.id DESC") + limit(count)
    return Sql(f"SELECT {COLUMNS}, ranked.rank AS rank FROM articles JOIN (") + ranked \
        + Sql(") AS ranked ON ranked.id = articles.id ORDER BY ranked.rank DESC, ranked.id DESC")


def rows_by_id(ids: list[int]) -> Sql:
    """The page columns of these articles, in no particular order."""
    return Sql(f"SELECT {COLUMNS}, %P AS rank FROM articles WHERE articles.id IN ({marks('%I', len(ids))})",
               (0.0, *ids))


def sections(ids: list[int]) -> Sql:
    return Sql("SELECT article_sections.article_id, article_sections.section FROM article_sections WHERE "
               f"article_sections.article_id IN ({marks('%I', len(ids))}) ORDER BY article_sections.position",
               tuple(ids))


def sources(ids: list[int]) -> Sql:
    roles = " ".join("WHEN %S THEN %I" for _ in ROLE_ORDER)
    return Sql("SELECT article_sources.article_id, sources.id, sources.name, article_sources.role FROM "
               "article_sources JOIN sources ON sources.id = article_sources.source_id WHERE "
               f"article_sources.article_id IN ({marks('%I', len(ids))}) ORDER BY CASE article_sources.role "
               f"{roles} ELSE %I END, sources.name",
               (*ids, *(v for pair in ROLE_ORDER for v in pair), len(ROLE_ORDER)))


def counts(ids: list[int]) -> Sql:
    """Each article's actor and place ids (its facet digest, ``app.models.facets``) and quote count.

    A digest lists an article's distinct persons and organisations, and its distinct places, so their
    lengths are the counts ``count(DISTINCT entity_id)`` per kind gave, without reading the article's
    mention rows: 50 articles at 100k, 0.73 -> 0.14 ms on SQLite, paid by every list page and every
    500-row export page.
    """
    id_marks = marks("%I", len(ids))
    return Sql("SELECT article_facets.article_id, article_facets.actor_ids, article_facets.place_ids, NULL "
               f"FROM article_facets WHERE article_facets.article_id IN ({id_marks}) UNION ALL SELECT "
               "quotes.article_id, NULL, NULL, count(*) FROM quotes WHERE "
               f"quotes.article_id IN ({id_marks}) GROUP BY quotes.article_id", (*ids, *ids))


def place_digests(ids: list[int]) -> Sql:
    """Each article's place ids, from its facet digest (articles with no row have no places)."""
    return Sql("SELECT article_facets.article_id, article_facets.place_ids FROM article_facets WHERE "
               f"article_facets.article_id IN ({marks('%I', len(ids))})", tuple(ids))


def located(ids: list[int]) -> Sql:
    """The name and coordinates of those of these entities that have coordinates."""
    return Sql("SELECT entities.id, entities.name, entities.longitude, entities.latitude FROM entities WHERE "
               "entities.latitude IS NOT NULL AND entities.longitude IS NOT NULL AND entities.id IN "
               f"({marks('%I', len(ids))})", tuple(ids))
