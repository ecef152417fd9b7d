"""The quote list's statements as text: the slim keyset page of ids, then the page's columns.

Each mirrors what the expression layer compiled to before (see ``app.core.rawsql`` for why they are text).
The slim page and the count read quotes alone: filters and the date sort use the quote's copy of its
article's ``published_on`` (migration 0005); only the page's own rows are joined to their articles.
"""

from __future__ import annotations

# ruff: noqa: S608  -- statement texts are built from constants and parameter marks; values are bound.
from typing import Any

from app.core.rawsql import Sql, join, marks
from app.search.rawscope import where

COLUMNS = (
    "quotes.id, quotes.text, quotes.kind, quotes.cue, quotes.speaker_entity_id, quotes.speaker_text, "
    "quotes.speaker_label, quotes.speaker_resolution, quotes.said_on, quotes.field, quotes.start, "
    'quotes."end", '
    "quotes.article_id, articles.title AS article_title, quotes.published_on, "
    "speaker.name AS speaker_name, speaker.kind AS speaker_kind, via.id AS via_id, via.name AS via_name"
)
FROM = (
    "quotes JOIN articles ON articles.id = quotes.article_id LEFT OUTER JOIN entities AS speaker ON "
    "speaker.id = quotes.speaker_entity_id LEFT OUTER JOIN sources AS via ON via.id = "
    "quotes.reported_via_source_id"
)
_SLIM = ("id", "published_on", "rank", "segment")


# A search's matches are looked up in quotes by id; with no filter but dates, this index holds all they
# need (migration 0009), and SQLite is told so: left to itself it reads each match's row, its text with it.
# Ranking aside, "ceasefire" at 100k articles (8,261 matches), first page by date: 24 -> 5 ms.
DATES_BY_ID = "quotes INDEXED BY ix_quotes_id_published_on"


def joined(fts: Sql | None, quotes: str = "quotes") -> Sql:
    """The quotes (``DATES_BY_ID`` to read them through that index), and the full-text subquery ``fts``
    when searching."""
    tables = Sql(quotes)
    return tables + Sql(" JOIN ") + fts + Sql(" ON fts.id = quotes.id") if fts is not None else tables


def _slim(tables: Sql, rank: Sql, segment: int | None, conds: list[Sql], order: str, count: int) -> Sql:
    columns = Sql("SELECT quotes.id AS id, quotes.published_on AS published_on, ") + rank + Sql(" AS rank")
    if segment is not None:
        columns += Sql(", %I AS segment", (segment,))
    return columns + Sql(" FROM ") + tables + where(conds) + Sql(f" ORDER BY {order} LIMIT %I", (count,))


def by_relevance(
    tables: Sql, conds: list[Sql], after: tuple[Any, int] | None, count: int
) -> tuple[Sql, str]:
    """The page's ids by rank (best first), and the outer ORDER BY."""
    start = [Sql("(fts.rank, quotes.id) < (%P, %I)", after)] if after else []
    page = _slim(tables, Sql("fts.rank"), None, conds + start, "fts.rank DESC, quotes.id DESC", count)
    return page, "page.rank DESC, page.id DESC"


def _after(descending: bool, value: Any, row_id: int) -> Sql:
    # ids ascending under a descending date: not one row-value range, so spelled out as a range of dates
    # (which the date indexes can walk) less the rows of the cursor's date already shown; written as an OR,
    # SQLite gathered every earlier quote through two index searches before sorting them
    if descending:
        return Sql("(quotes.published_on <= %D AND NOT (quotes.published_on = %D AND quotes.id <= %I))",
                   (value, value, row_id))
    return Sql("(quotes.published_on, quotes.id) > (%D, %I)", (value, row_id))


def _union(keyed: Sql, nulls: Sql, outer: str, count: int) -> Sql:
    cols = ", ".join(f"{{t}}.{c} AS {c}" for c in _SLIM)
    branches = join([Sql(f"SELECT {cols.format(t=name)} FROM (") + branch + Sql(f") AS {name}")
                     for name, branch in (("anon_1", keyed), ("anon_2", nulls))], " UNION ALL ")
    select = Sql(f"SELECT {cols.format(t='page')} FROM (")
    return select + branches + Sql(f") AS page ORDER BY {outer} LIMIT %I", (count,))


def by_date(
    tables: Sql, conds: list[Sql], rank: Sql, descending: bool, nulls: bool,
    after: tuple[Any, int] | None, count: int,
) -> tuple[Sql, str]:
    """The page's ids by article date (then quote id, ascending: text order), and the outer ORDER BY."""
    way = "DESC" if descending else "ASC"
    keyed_order = f"quotes.published_on {way}, quotes.id ASC"
    dated = [*conds, Sql("quotes.published_on IS NOT NULL")]
    if after and after[0] is not None:
        dated.append(_after(descending, *after))
    undated = [*conds, Sql("quotes.published_on IS NULL")]
    if not nulls:
        return _slim(tables, rank, None, dated, keyed_order, count), f"page.published_on {way}, page.id ASC"
    outer = f"page.segment, page.published_on {way}, page.id ASC"
    if after and after[0] is None:  # the cursor is already among the undated rows
        beyond = Sql("quotes.id > %I", (after[1],))
        return _slim(tables, rank, 1, [*undated, beyond], "quotes.id ASC", count), outer
    keyed = _slim(tables, rank, 0, dated, keyed_order, count)
    page = _union(keyed, _slim(tables, rank, 1, undated, "quotes.id ASC", count), outer, count)
    return page, outer


def page(slim: Sql, order: str) -> Sql:
    """The columns of the page's quotes, joined to the slim keyset page."""
    return Sql(f"SELECT {COLUMNS}, page.rank FROM {FROM} JOIN (") + slim + Sql(f") AS page ON page.id = "
                                                                             f"quotes.id ORDER BY {order}")


def publishers(article_ids: list[int]) -> Sql:
    return Sql("SELECT article_sources.article_id, sources.name FROM article_sources JOIN sources ON "
               "sources.id = article_sources.source_id WHERE article_sources.article_id IN "
               f"({marks('%I', len(article_ids))}) AND article_sources.role = %S ORDER BY "
               "article_sources.article_id, sources.name", (*article_ids, "publisher"))
