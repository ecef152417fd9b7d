"""Quote queries: a filtered keyset page in two statements (plus the count), as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.core.errors import InvalidFilter, NotFound
from app.core.filters import DateField
from app.core.pagination import Page, counted_total, cursor_start, encode_cursor, plain_variant
from app.core.rawsql import Sql, capped_count, date_value, dialect_of, marks, run
from app.models import Article, Entity, Quote, Source
from app.quotes import sql
from app.quotes.schemas import QuoteFilters, QuoteRead, QuoteSort
from app.search.names import ACTOR_KINDS, resolve_ids
from app.search.rawscope import (
    article_where,
    fts_condition,
    fts_matched,
    fts_ranked,
    resolve,
    searched_by_date,
    where,
)
from app.search.scope import ScopeIds

Speaker = aliased(Entity, name="speaker")
Via = aliased(Source, name="via")
COLUMNS = (
    Quote.id, Quote.text, Quote.kind, Quote.cue, Quote.speaker_entity_id, Quote.speaker_text,
    Quote.speaker_label, Quote.speaker_resolution, Quote.said_on, Quote.field, Quote.start, Quote.end,
    Quote.article_id, Article.title.label("article_title"), Quote.published_on,
    Speaker.name.label("speaker_name"), Speaker.kind.label("speaker_kind"),
    Via.id.label("via_id"), Via.name.label("via_name"),
)


def _base() -> Any:
    return (
        select(*COLUMNS)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_entity_id)
        .outerjoin(Via, Via.id == Quote.reported_via_source_id)
    )


def _ids(session: Session, names: list[str], param: str, kinds: tuple[str, ...] | None) -> list[int]:
    return [i for name in names for i in resolve_ids(session, name, param=param, kinds=kinds)]


def _in(column: str, values: list[Any], mark: str) -> Sql:
    return Sql(f"{column} IN ({marks(mark, len(values))})", tuple(values))


def _conditions(session: Session, filters: QuoteFilters) -> list[Sql]:
    """Conditions on the quote itself: who said it, who relayed it, what kind it is."""
    conds: list[Sql] = []
    if filters.speaker:
        speakers = _ids(session, filters.speaker, "speaker", ACTOR_KINDS)
        conds.append(_in("quotes.speaker_entity_id", speakers, "%I"))
    if filters.reported_via:
        via = _ids(session, filters.reported_via, "reported_via", None)
        conds.append(_in("quotes.reported_via_source_id", via, "%I"))
    if filters.kind:
        conds.append(_in("quotes.kind", [k.value for k in filters.kind], "%S"))
    return conds


def _sort(filters: QuoteFilters) -> QuoteSort:
    sort = filters.sort or (QuoteSort.RELEVANCE if filters.q else QuoteSort.NEWEST)
    if sort is QuoteSort.RELEVANCE and not filters.q:
        raise InvalidFilter("sort=relevance needs a q= search.", param="sort")
    return sort


def _page_sql(dialect: str, filters: QuoteFilters, sort: QuoteSort, tables: Sql, conds: list[Sql]) -> Sql:
    """The page's quotes: slim keyset page of ids and sort keys first, then their columns."""
    count = filters.limit + 1
    if sort is QuoteSort.RELEVANCE:
        after = cursor_start(filters.cursor, sort.value, float, nulls=False)
        slim, order = sql.by_relevance(tables, conds, after, count)
        return sql.page(slim, order)
    dated = filters.date_field is DateField.PUBLISHED and bool(filters.date_from or filters.date_to)
    after = cursor_start(filters.cursor, sort.value, dt.date.fromisoformat, nulls=not dated)
    if after is not None and after[0] is not None:
        after = (date_value(dialect, after[0]), after[1])
    # a date sort tests the search's matches as a list (no rank): the page's rank column is a placeholder
    slim, order = sql.by_date(tables, conds, Sql("%P", (0.0,)), sort is QuoteSort.NEWEST, not dated, after,
                              count)
    return sql.page(slim, order)


def _dates_only(dialect: str, filters: QuoteFilters, ids: ScopeIds) -> bool:
    """True for a search on SQLite with no filter but publication dates: every condition is then on a
    quote's id and published_on, which ``sql.DATES_BY_ID`` holds."""
    quoted = filters.speaker or filters.reported_via or filters.kind  # the quote's own filters
    return not quoted and searched_by_date(dialect, filters, ids)


def _total(session: Session, body: Sql, cap: int) -> tuple[int, bool]:
    count = run(session, capped_count(body, cap))[0][0]
    return (cap, True) if count > cap else (count, False)


def _decorated_page(
    session: Session, filters: QuoteFilters, count_cap: int, with_total: bool,
    item: Callable[[Any, str | None], Any],
) -> dict[str, Any]:
    """One page of quotes matching the filters, each row and its article's publisher made an item by
    ``item``."""
    sort, dialect = _sort(filters), dialect_of(session)
    ids = resolve(session, filters)
    conds = article_where(dialect, filters, ids, include_q=False, table="quotes")
    conds += _conditions(session, filters)
    q, quotes = filters.q, sql.DATES_BY_ID if _dates_only(dialect, filters, ids) else "quotes"
    # a relevance page joins the ranked matches; a date sort and the count need no rank: the matches are
    # then a list the other filters are tested against, or the other way round, as the planner sees fit
    # (joined, SQLite ran the search once per quote of a speaker: 0.5 s to count "ceasefire" in 6,483)
    ranked = bool(q) and sort is QuoteSort.RELEVANCE
    searched = [fts_condition(dialect, "quotes", q, Sql("quotes.id"))] if q else []
    tables = sql.joined(fts_ranked(dialect, "quotes", q) if q and ranked else None, quotes)
    counted = fts_matched(dialect, "quotes", q) if q and not conds else Sql(quotes) + where(conds + searched)
    total, capped = counted_total(lambda: _total(session, counted, count_cap), cap=count_cap,
                                  cursor=filters.cursor, with_total=with_total)
    conds = conds if ranked else conds + searched
    rows = run(session, _page_sql(dialect, filters, sort, tables, conds))
    cursor = None
    if len(rows) > filters.limit:
        last = rows[filters.limit - 1]
        key = last[19] if sort is QuoteSort.RELEVANCE else last[14]
        cursor = encode_cursor(sort.value, key, last[0], (total, capped) if total is not None else None)
    rows = rows[: filters.limit]
    article_ids = sorted({row[12] for row in rows})
    publishers = _publishers(session, article_ids)
    items = [item(row, publishers.get(row[12])) for row in rows]
    return {"items": items, "next_cursor": cursor, "total": total, "total_capped": capped}


def quote_page(
    session: Session, *, filters: QuoteFilters, count_cap: int, with_total: bool = True
) -> dict[str, Any]:
    """One page of quotes matching the filters, as plain data shaped like ``Page[QuoteRead]``."""
    return _decorated_page(session, filters, count_cap, with_total, quote_item)


def quote_csv_page(
    session: Session, *, filters: QuoteFilters, count_cap: int, with_total: bool = True
) -> dict[str, Any]:
    """``quote_page`` with each item as its CSV row (``quote_csv_row``), for CSV exports."""
    return _decorated_page(session, filters, count_cap, with_total, quote_csv_row)


@plain_variant(quote_page, csv_rows=quote_csv_page)
def list_quotes(
    session: Session, *, filters: QuoteFilters, count_cap: int, with_total: bool = True
) -> Page[QuoteRead]:
    """One page of quotes matching the filters, as schema objects (exports)."""
    page = quote_page(session, filters=filters, count_cap=count_cap, with_total=with_total)
    return Page[QuoteRead].model_validate(page)


def get_quote(session: Session, *, quote_id: int) -> QuoteRead:
    """One quote, or NotFound."""
    row = session.execute(_base().where(Quote.id == quote_id)).first()
    if row is None:
        raise NotFound(f"There is no quote with id {quote_id}.", param="id")
    return QuoteRead(**quote_item(row, _publishers(session, [row.article_id]).get(row.article_id)))


def _publishers(session: Session, article_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for article_id, name in run(session, sql.publishers(article_ids)) if article_ids else []:
        out.setdefault(article_id, name)
    return out


def _speaker(row: Any) -> tuple[int | None, str | None, str]:
    """(id, name, kind) of the speaker of a row of ``COLUMNS``: the entity, else the label the text gave."""
    if row[4] is not None:
        return row[4], row[15], row[16]
    return None, row[6], "anonymous" if row[7] == "anonymous" else "unresolved"


def quote_item(row: Any, publisher: str | None) -> dict[str, Any]:
    """A ``QuoteRead``-shaped dict for a row of ``COLUMNS``."""
    speaker_id, name, kind = _speaker(row)
    speaker = {"id": speaker_id, "name": name, "kind": kind}
    via = {"id": row[17], "name": row[18]} if row[17] is not None else None
    article = {"id": row[12], "title": row[13], "published_on": row[14], "publisher": publisher}
    return {
        "id": row[0], "text": row[1], "kind": row[2], "cue": row[3], "speaker": speaker,
        "speaker_text": row[5], "speaker_resolution": row[7], "reported_via": via, "said_on": row[8],
        "field": row[9], "start": row[10], "end": row[11], "article": article,
    }


# QuoteRead's CSV columns (``app.core.export.columns``; a test holds them equal)
CSV_COLUMNS = (
    "id", "text", "kind", "cue", "speaker.id", "speaker.name", "speaker.kind", "speaker_text",
    "speaker_resolution", "reported_via.id", "reported_via.name", "said_on", "field", "start", "end",
    "article.id", "article.title", "article.published_on", "article.publisher",
)


def quote_csv_row(row: Any, publisher: str | None) -> list[Any]:
    """``quote_item``'s CSV row, made without its four dicts (a 172k-quote export read them back one
    cell at a time)."""
    via = (row[17], row[18]) if row[17] is not None else (None, None)
    return [row[0], row[1], row[2], row[3], *_speaker(row), row[5], row[7], *via, row[8], row[9], row[10],
            row[11], row[12], row[13], row[14], publisher]
