"""The facets' statements as text: the scoped digests, the names of the ids that can rank, and day counts.

Built as expressions, these statements cost about 2 ms of Python per request at 100k articles (mostly
SQLAlchemy collecting the columns of ``json_each``, and cache keys), a sixth of a facets request; see
``app.core.rawsql``. Each text is the SQL the expression layer compiled to, so plans and rows are the same;
a capped scope, the subquery they filter on, is the list pages' text (``app.search.rawscope``).
"""

from __future__ import annotations

# ruff: noqa: S608  -- statement texts are built from constants and parameter marks; values are bound.
import datetime as dt
from typing import Literal

from app.core.rawsql import Sql, date_value, marks, pg_int_array

Table = Literal["entities", "sources"]
COLUMNS = ("actor_ids", "place_ids", "speaker_ids", "source_ids")
_NAMED = {
    "entities": "SELECT entities.id, entities.name, entities.kind FROM entities",
    "sources": "SELECT sources.id, sources.name, 'source' FROM sources",  # a source's kind is "source"
}


def id_list(dialect: str, ids: list[int]) -> Sql:
    """SELECT of the ids bound as ONE text value, so the statement is the same whatever their number
    (a placeholder per id made a statement per scope size, each kept in the driver's statement cache).

    A JSON array read by ``json_each`` on SQLite; on PostgreSQL an array's text form, cast: psycopg dumps
    a list of ints one element at a time (a regular expression per id: ~1 ms for 1,400 ids, per statement).
    """
    if dialect == "postgresql":
        return Sql("SELECT unnest(CAST(%S AS INTEGER[])) AS id", (pg_int_array(ids),))
    return Sql("SELECT value FROM json_each(%S)", ("[" + ",".join(map(str, ids)) + "]",))


def digests(dialect: str, scope: Sql) -> Sql:
    """Each digest column of the scoped articles, concatenated into one comma-separated text."""
    joined = "string_agg({}, ',')" if dialect == "postgresql" else "group_concat({})"
    columns = ", ".join(joined.format(f"nullif(article_facets.{column}, '')") for column in COLUMNS)
    select = Sql(f"SELECT {columns} FROM article_facets WHERE article_facets.article_id IN (")
    return select + scope + Sql(")")


def named(table: Table, ids: Sql) -> Sql:
    """(id, name, kind) of the listed rows of ``table`` (entities or sources), ordered by name then id in
    SQL, so the database's collation breaks ties."""
    return Sql(_NAMED[table] + f" WHERE {table}.id IN (") + ids + Sql(f") ORDER BY {table}.name, {table}.id")


def published_days(scope: Sql) -> Sql:
    """(day, articles) of the scoped dated articles."""
    return Sql("SELECT articles.published_on, count(*) FROM articles WHERE articles.id IN (") + scope + \
        Sql(") AND articles.published_on IS NOT NULL GROUP BY articles.published_on")


def mentioned_days(
    dialect: str, scope: Sql, precisions: tuple[str, ...], start: dt.date | None, end: dt.date | None
) -> Sql:
    """(day, articles) of the dates of ``precisions`` the scoped articles mention, within start..end."""
    count = "SELECT date_mentions.date_start, count(DISTINCT date_mentions.article_id) FROM date_mentions"
    sql = Sql(count + " WHERE date_mentions.article_id IN (") + scope + Sql(
        ") AND date_mentions.date_start IS NOT NULL AND date_mentions.precision IN ("
        + marks("%S", len(precisions)) + ")", precisions)
    if start:
        sql += Sql(" AND date_mentions.date_start >= %D", (date_value(dialect, start),))
    if end:
        sql += Sql(" AND date_mentions.date_start <= %D", (date_value(dialect, end),))
    return sql + Sql(" GROUP BY date_mentions.date_start")
