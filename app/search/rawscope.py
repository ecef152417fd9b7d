"""ArticleScope filters as SQL text on ``articles``: the hot list paths' twin of ``scope.article_conditions``.

The same articles as ``app.search.scope`` selects (the entity lists keep using that one;
``tests/api/test_fastpath.py`` holds the two together), as plain text with bound parameters, built
without the expression layer: the list pages and the facets (their scope, capped or not) use it. Names
are resolved beforehand by ``resolve`` (``scope.resolve_scope`` plus the sizes of intersecting entity
filters, which turn all but the narrowest into per-article probes).
"""

from __future__ import annotations

# ruff: noqa: S608  -- statement texts are built from constants and parameter marks; values are bound.
from dataclasses import replace
from math import cos, radians
from typing import Literal

from sqlalchemy.orm import Session

from app.core.errors import InvalidFilter
from app.core.filters import KM_PER_DEGREE, ArticleScope, BBox, DateField, Match, Near
from app.core.rawsql import Sql, date_value, join, marks, run
from app.search.counting import active_filters
from app.search.fts import (
    DATED,
    FTS_ID,
    ID_MASK,
    MAX_KEY,
    All,
    Any_,
    Node,
    Not,
    Term,
    parse,
    search_key,
    to_fts5,
)
from app.search.scope import ScopeIds, resolve_scope

SIZE_CAP = 4096  # mentions counted per entity to order intersecting filters


def _fts5_ids(target: str) -> str:
    return f"SELECT {FTS_ID[target]} AS id FROM {target}_fts WHERE {target}_fts MATCH %P"


def _ids(ids: list[int]) -> Sql:
    return Sql(marks("%I", len(ids)), tuple(ids))


def _mentioning(article_id: Sql, entities: Sql) -> Sql:
    return article_id + Sql(" IN (SELECT mentions.article_id FROM mentions WHERE mentions.entity_id IN (") \
        + entities + Sql("))")


def _box(box: BBox) -> Sql:
    text = " AND entities.latitude BETWEEN %P AND %P AND entities.longitude BETWEEN %P AND %P"
    return Sql(text, (box.south, box.north, box.west, box.east))


def _circle(near: Near) -> Sql:
    lon_km = KM_PER_DEGREE * cos(radians(near.lat))
    text = (" AND (entities.latitude - %P) * %P * (entities.latitude - %P) * %P + (entities.longitude - %P)"
            " * %P * (entities.longitude - %P) * %P <= %P")
    return Sql(text, (near.lat, KM_PER_DEGREE, near.lat, KM_PER_DEGREE, near.lon, lon_km, near.lon, lon_km,
                      near.km * near.km))


def _geo(near: Near | None, bbox: BBox | None) -> Sql | None:
    if near is None and bbox is None:
        return None
    sql = Sql("SELECT entities.id FROM entities WHERE entities.kind = %S", ("place",))
    for box in (bbox, near.box() if near else None):
        if box:
            sql += _box(box)
    return sql + _circle(near) if near else sql


def _intersected(article_id: Sql, groups: list[list[int]]) -> Sql:
    """``article_id`` among the first group's articles that mention an entity of every other group.

    The first group's distinct article ids are probed for the others inside the subquery, so only the
    intersection is looked up in ``articles``. Probing each listed article from the outer query looked up
    every listed article first, each once per mention: actor and city at 100k articles, 856 articles of
    2,040 mentions, 48 in both, 0.96 ms -> 0.44 ms for the ids and dates; a later page's walk of the
    date index 16.5 -> 10.6 ms.
    """
    listed = Sql("SELECT DISTINCT mentions.article_id FROM mentions WHERE mentions.entity_id IN (") + \
        _ids(groups[0]) + Sql(")")
    probes = [Sql("EXISTS (SELECT 1 FROM mentions AS probe WHERE probe.entity_id IN (") + _ids(group) +
              Sql(") AND probe.article_id = listed.article_id)") for group in groups[1:]]
    return article_id + Sql(" IN (SELECT listed.article_id FROM (") + listed + Sql(") AS listed WHERE ") + \
        join(probes, " AND ") + Sql(")")


def _groups(scope: ArticleScope, ids: ScopeIds) -> list[list[int]]:
    """The entity filters' id lists, one per condition, in condition order."""
    groups = list(ids.actors) if scope.actor_match is Match.ALL else [[i for g in ids.actors for i in g]]
    groups.append([i for each in ids.places for i in each])
    return [group for group in groups if group]


def resolve(session: Session, scope: ArticleScope) -> ScopeIds:
    """``scope.resolve_scope``, plus each entity's mention count when two or more entity filters intersect.

    The narrowest filter is then read as the list of its articles, which the others probe (``_intersected``):
    an IN list of a city's 17,000 mentions cost more to build than 900 index probes into it (actor and
    city at 100k articles: count and page 7.5 ms of SQL before, 3.5 ms with the sizes read).
    """
    ids = resolve_scope(session, scope)
    groups = _groups(scope, ids)
    if len(groups) < 2:
        return ids
    every = sorted({i for group in groups for i in group})
    # counted up to a cap, from the index: enough to tell a narrow filter from a broad one
    text = ("SELECT entities.id, (SELECT count(*) FROM (SELECT 1 FROM mentions WHERE mentions.entity_id = "
            "entities.id LIMIT %I) AS capped) FROM entities WHERE entities.id IN ({})")
    counted = run(session, Sql(text.format(marks("%I", len(every))), (SIZE_CAP, *every)))
    return replace(ids, mentions={entity: count for entity, count in counted})


def _entities(scope: ArticleScope, ids: ScopeIds, article_id: Sql) -> list[Sql]:
    groups = _groups(scope, ids)
    conds = [_mentioning(article_id, _ids(group)) for group in groups]
    if ids.mentions and len(groups) > 1:
        groups.sort(key=lambda group: sum(ids.mentions.get(i, 0) for i in group))
        conds = [_intersected(article_id, groups)]
    geo = _geo(scope.near_circle, scope.bbox_box)
    if geo is not None:
        conds.append(_mentioning(article_id, geo))
    return conds


def _dates(dialect: str, scope: ArticleScope, table: str, article_id: str) -> list[Sql]:
    start = date_value(dialect, scope.date_from) if scope.date_from else None
    end = date_value(dialect, scope.date_to) if scope.date_to else None
    if scope.date_field is DateField.PUBLISHED:
        return ([Sql(f"{table}.published_on >= %D", (start,))] if start else []) + \
            ([Sql(f"{table}.published_on <= %D", (end,))] if end else [])
    if not (start or end):
        return []
    text = (f"(EXISTS (SELECT * FROM date_mentions WHERE date_mentions.article_id = {article_id} AND "
            "date_mentions.date_start IS NOT NULL")
    overlap = Sql(text) + (Sql(" AND date_mentions.date_end >= %D", (start,)) if start else Sql(""))
    overlap += Sql(" AND date_mentions.date_start <= %D", (end,)) if end else Sql("")
    return [overlap + Sql("))")]


def _source(scope: ArticleScope, ids: list[int], article_id: str) -> Sql | None:
    if not ids and scope.source_role is None:
        return None
    cond = Sql(f"(EXISTS (SELECT * FROM article_sources WHERE article_sources.article_id = {article_id}")
    if ids:
        cond += Sql(" AND article_sources.source_id IN (") + _ids(ids) + Sql(")")
    if scope.source_role is not None:
        cond += Sql(" AND article_sources.role = %S", (scope.source_role.value,))
    return cond + Sql("))")


def _section(sections: list[str], article_id: str) -> Sql:
    folded = tuple(s.casefold() for s in sections)
    return Sql(f"(EXISTS (SELECT * FROM article_sections WHERE article_sections.article_id = {article_id} "
               f"AND lower(article_sections.section) IN ({marks('%S', len(folded))})))", folded)


def tsquery(node: Node) -> Sql:
    """A PostgreSQL tsquery for a parsed search (``fts.to_tsquery`` as text)."""
    if isinstance(node, Term):
        return Sql("websearch_to_tsquery('english'::regconfig, %S)", ('"' + " ".join(node.words) + '"',))
    if isinstance(node, Any_):
        return _reduce("tsquery_or", [tsquery(n) for n in node.nodes])
    if isinstance(node, All):
        parts = [Sql("tsquery_not(") + tsquery(n.node) + Sql(")") if isinstance(n, Not) else tsquery(n)
                 for n in node.nodes]
        return _reduce("tsquery_and", parts)
    raise InvalidFilter("NOT needs something to subtract from.", param="q")


def _reduce(function: str, parts: list[Sql]) -> Sql:
    out = parts[0]
    for part in parts[1:]:
        out = Sql(f"{function}(") + out + Sql(", ") + part + Sql(")")
    return out


def fts_condition(dialect: str, target: str, q: str, id_col: Sql) -> Sql:
    """Rows of ``target`` matching ``q`` (no rank): FTS5 ids on SQLite, the row's tsvector on PostgreSQL."""
    node = parse(q)
    if dialect == "sqlite":
        return id_col + Sql(" IN (SELECT fts_ids.id FROM (" + _fts5_ids(target) + ") AS fts_ids)",
                            (to_fts5(node),))
    return Sql(f"({target}.search_vector @@ ") + tsquery(node) + Sql(")")


def article_where(
    dialect: str, scope: ArticleScope, ids: ScopeIds, *, include_q: bool = True, walk_index: bool = False,
    table: Literal["articles", "quotes"] = "articles",
) -> list[Sql]:
    """Every condition the scope puts on ``articles``, in ``scope.article_conditions``' order.

    With ``table="quotes"`` the same conditions are put on quotes (their ``article_id`` and their copy of
    the article's ``published_on``), so a quote list filters and counts without joining its articles; its
    q= searches the quotes' own text, so ``include_q`` must then be False.
    """
    if table == "quotes" and include_q and scope.q:
        raise ValueError("q= on quotes searches the quotes' full-text index, not the articles'")
    column = "quotes.article_id" if table == "quotes" else "articles.id"
    # ``id + 0`` on SQLite: walk the sort index and probe the filters (see scope._article_id)
    walk = walk_index and dialect == "sqlite" and table == "articles"
    article_id = Sql("articles.id + %P", (0,)) if walk else Sql(column)
    conds = _entities(scope, ids, article_id) + _dates(dialect, scope, table, column)
    source = _source(scope, ids.sources, column)
    if source is not None:
        conds.append(source)
    if scope.section:
        conds.append(_section(scope.section, column))
    if include_q and scope.q:
        conds.append(fts_condition(dialect, "articles", scope.q, article_id))
    return conds


ID_DATE_INDEX = "ix_articles_id_published_on"  # migration 0006


def articles_from(dialect: str, scope: ArticleScope, ids: ScopeIds) -> str:
    """``articles`` for a statement that reads only ids and dates under ``article_where``'s conditions.

    When the conditions list article ids (an entity's, a search's), SQLite looks each one up and tests its
    date; it picks the row itself, which holds the body, over the (id, published_on) index unless told.
    Through the index: a city's 4,928 articles counted within two dates 4.3 -> 3.0 ms, read with their
    dates 7.5 -> 5.1 ms (100k articles). Without an id list the date index's range is the better path.
    """
    listed = dialect == "sqlite" and lists_ids(scope, ids)
    return f"articles INDEXED BY {ID_DATE_INDEX}" if listed else "articles"


def matching(dialect: str, scope: ArticleScope, ids: ScopeIds, *, with_dates: bool = False) -> Sql:
    """SELECT of the matching articles' ids (and published_on ``with_dates``) through ``articles_from``:
    the facets' scope, and the keys of a first article page."""
    columns = "articles.id, articles.published_on" if with_dates else "articles.id"
    table = articles_from(dialect, scope, ids)
    return Sql(f"SELECT {columns} FROM {table}") + where(article_where(dialect, scope, ids))


def lists_ids(scope: ArticleScope, ids: ScopeIds) -> bool:
    """True when ``article_where`` lists article ids (an entity's, a search's) among its conditions."""
    geo = scope.near_circle is not None or scope.bbox_box is not None
    return bool(_groups(scope, ids)) or geo or bool(scope.q)


def where(conds: list[Sql]) -> Sql:
    """`` WHERE a AND b`` (empty without conditions)."""
    return Sql(" WHERE ") + join(conds, " AND ") if conds else Sql("")


def lone_filter_from(dialect: str, scope: ArticleScope, ids: ScopeIds) -> Sql | None:
    """FROM (and WHERE) of the matching article ids in the only filter's own table, to count them without
    reading articles (``counting.lone_filter_ids`` as text); None for other scopes."""
    active = active_filters(scope, ids)
    if len(active) != 1:
        return None
    if active[0] in ("actor", "place"):
        entities = [i for group in (ids.actors if active[0] == "actor" else ids.places) for i in group]
        inner = Sql("SELECT DISTINCT mentions.article_id AS article_id FROM mentions WHERE ")
        return Sql("(") + inner + Sql("mentions.entity_id IN (") + _ids(entities) + Sql(")) AS ids")
    if active[0] == "source":
        conds = [Sql("article_sources.source_id IN (") + _ids(ids.sources) + Sql(")")] if ids.sources else []
        if scope.source_role is not None:
            conds.append(Sql("article_sources.role = %S", (scope.source_role.value,)))
        # one source in one role lists each article once (the key is article, source, role): no DISTINCT,
        # which cost 0.71 against 0.44 ms counting 10,001 of the 40,474 articles citing CNN (100k articles)
        once = len(ids.sources) == 1 and scope.source_role is not None
        inner = Sql(f"SELECT {'' if once else 'DISTINCT '}article_sources.article_id AS article_id FROM "
                    "article_sources")
        return Sql("(") + inner + where(conds) + Sql(") AS ids")
    if active[0] == "q" and scope.q:
        return fts_matched(dialect, "articles", scope.q)
    return None


def searched_by_date(dialect: str, scope: ArticleScope, ids: ScopeIds) -> bool:
    """True when a search (q=) is the scope's only filter, publication dates aside, on SQLite: an article
    search's pages by date are then read from ``articles_fts`` in key order (``search_keys``), never the
    whole match list; a quote search's matches' dates from an index (``app.quotes.sql.DATES_BY_ID``)."""
    if dialect != "sqlite" or not scope.q:
        return False
    active = set(active_filters(scope, ids))
    return active <= {"q", "date"} and ("date" not in active or scope.date_field is DateField.PUBLISHED)


def key_range(scope: ArticleScope) -> tuple[int, int]:
    """The search keys of the articles inside the scope's publication dates; every key without dates."""
    if not (scope.date_from or scope.date_to):
        return 0, MAX_KEY
    low = search_key(scope.date_from, 0) if scope.date_from else DATED[0]
    return low, search_key(scope.date_to, ID_MASK) if scope.date_to else DATED[1]


def search_keys(q: str, low: int, high: int) -> Sql:
    """FROM and WHERE of the ``articles_fts`` rows matching ``q`` whose keys are within [low, high]."""
    text = "articles_fts WHERE articles_fts MATCH %P AND articles_fts.rowid BETWEEN %I AND %I"
    return Sql(text, (to_fts5(parse(q)), low, high))


def fts_matched(dialect: str, target: str, q: str) -> Sql:
    """``(id)`` of the rows matching ``q``, as the subquery ``fts``: ``fts_ranked`` without the rank, to
    count a search that is a list's only filter without reading the list's rows."""
    node = parse(q)
    if dialect == "sqlite":
        return Sql("(" + _fts5_ids(target) + ") AS fts", (to_fts5(node),))
    matches = Sql(f"(SELECT {target}.id AS id FROM {target} WHERE {target}.search_vector @@ ")
    return matches + tsquery(node) + Sql(") AS fts")


def fts_ranked(dialect: str, target: str, q: str, keys: tuple[int, int] | None = None) -> Sql:
    """``(id, rank)`` of the rows matching ``q``, higher rank better, as the subquery ``fts``.

    ``keys``: on SQLite, only the articles whose search keys are in this range (``key_range``) are ranked.
    """
    node = parse(q)
    if dialect == "sqlite":
        bm25 = "bm25(articles_fts, 10.0, 4.0, 1.0)" if target == "articles" else f"bm25({target}_fts)"
        text = (f"(SELECT {FTS_ID[target]} AS id, -{bm25} AS rank FROM {target}_fts "
                f"WHERE {target}_fts MATCH %P")
        within = " AND rowid BETWEEN %I AND %I" if keys else ""
        return Sql(text + within + ") AS fts", (to_fts5(node), *(keys or ())))
    query = tsquery(node)
    rank = Sql(f"(SELECT {target}.id AS id, CAST(ts_rank({target}.search_vector, ") + query
    matches = Sql(f") AS DOUBLE PRECISION) AS rank FROM {target} WHERE {target}.search_vector @@ ")
    return rank + matches + query + Sql(") AS fts")
