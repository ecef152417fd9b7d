"""Quote queries: a filtered keyset page in two statements (plus the count)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Float, Row, literal, select
from sqlalchemy.orm import Session, aliased

from app.core.errors import InvalidFilter, NotFound
from app.core.filters import DateField
from app.core.pagination import Page, SortSpec, apply_keyset, next_cursor, page_order, page_total
from app.models import Article, ArticleSource, Entity, Quote, Source
from app.quotes.schemas import ArticleBrief, QuoteFilters, QuoteRead, QuoteSort, SourceBrief, SpeakerRead
from app.search.names import ACTOR_KINDS, resolve_ids
from app.search.scope import article_conditions
from app.search.service import fts_matches

Speaker = aliased(Entity, name="speaker")
Via = aliased(Source, name="via")
COLUMNS = (
    Quote.id, Quote.text, Quote.kind, Quote.cue, Quote.speaker_entity_id, Quote.speaker_text,
    Quote.speaker_label, Quote.speaker_resolution, Quote.said_on, Quote.field, Quote.start, Quote.end,
    Quote.article_id, Article.title.label("article_title"), Article.published_on,
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


def _conditions(session: Session, filters: QuoteFilters) -> list[ColumnElement[bool]]:
    """Conditions on the quote itself: who said it, who relayed it, what kind it is."""
    conds: list[ColumnElement[bool]] = []
    if filters.speaker:
        conds.append(Quote.speaker_entity_id.in_(_ids(session, filters.speaker, "speaker", ACTOR_KINDS)))
    if filters.reported_via:
        via = _ids(session, filters.reported_via, "reported_via", None)
        conds.append(Quote.reported_via_source_id.in_(via))
    if filters.kind:
        conds.append(Quote.kind.in_([k.value for k in filters.kind]))
    return conds


def _query(session: Session, filters: QuoteFilters) -> tuple[Any, SortSpec]:
    """The matching quotes' ids, sort keys and rank (the page's other columns are joined afterwards)."""
    sort = filters.sort or (QuoteSort.RELEVANCE if filters.q else QuoteSort.NEWEST)
    if sort is QuoteSort.RELEVANCE and not filters.q:
        raise InvalidFilter("sort=relevance needs a q= search.", param="sort")
    scope = article_conditions(session, filters, include_q=False)
    stmt = (
        select(Quote.id, Article.published_on)
        .join(Article, Article.id == Quote.article_id)
        .where(*scope, *_conditions(session, filters))
    )
    rank: Any = literal(0.0, Float)
    if filters.q:
        fts = fts_matches(session, "quotes", filters.q)
        stmt, rank = stmt.join(fts, fts.c.id == Quote.id), fts.c.rank
    stmt = stmt.add_columns(rank.label("rank"))
    if sort is QuoteSort.RELEVANCE:
        return stmt, SortSpec(sort.value, rank, Quote.id, descending=True, decode=float)
    # Quote ids grow in article and text order: ascending ids keep an article's quotes in text order.
    return stmt, SortSpec(sort.value, Article.published_on, Quote.id, descending=sort is QuoteSort.NEWEST,
                          nullable=True, decode=dt.date.fromisoformat, ids_ascending=True,
                          column="published_on")


def list_quotes(
    session: Session, *, filters: QuoteFilters, count_cap: int, with_total: bool = True
) -> Page[QuoteRead]:
    """One page of quotes matching the filters."""
    stmt, spec = _query(session, filters)
    total, capped = page_total(session, stmt, cap=count_cap, cursor=filters.cursor, with_total=with_total)
    rows = list(session.execute(_page(stmt, spec, filters)))

    def key_of(row: Row[Any]) -> tuple[Any, int]:
        return (row.rank if spec.name == QuoteSort.RELEVANCE else row.published_on), row.id

    cursor = next_cursor(rows, spec, filters.limit, key_of, (total, capped))
    rows = rows[: filters.limit]
    publishers = _publishers(session, {row.article_id for row in rows})
    items = [_read(row, publishers.get(row.article_id)) for row in rows]
    return Page[QuoteRead](items=items, next_cursor=cursor, total=total, total_capped=capped)


def _page(stmt: Any, spec: SortSpec, filters: QuoteFilters) -> Any:
    """Keyset-page the slim rows, then read the columns of the page's quotes only (not of every match)."""
    dated = filters.date_field is DateField.PUBLISHED and bool(filters.date_from or filters.date_to)
    page = apply_keyset(stmt, spec, filters.cursor, filters.limit, nulls=not dated).subquery("page")
    key = "rank" if spec.name == QuoteSort.RELEVANCE else "published_on"
    return _base().add_columns(page.c.rank).join(page, page.c.id == Quote.id).order_by(
        *page_order(page, spec, key))


def get_quote(session: Session, *, quote_id: int) -> QuoteRead:
    """One quote, or NotFound."""
    row = session.execute(_base().where(Quote.id == quote_id)).first()
    if row is None:
        raise NotFound(f"There is no quote with id {quote_id}.", param="id")
    return _read(row, _publishers(session, {row.article_id}).get(row.article_id))


def _publishers(session: Session, article_ids: set[int]) -> dict[int, str]:
    stmt = (
        select(ArticleSource.article_id, Source.name)
        .join(Source, Source.id == ArticleSource.source_id)
        .where(ArticleSource.article_id.in_(article_ids), ArticleSource.role == "publisher")
        .order_by(ArticleSource.article_id, Source.name)
    )
    out: dict[int, str] = {}
    for article_id, name in session.execute(stmt):
        out.setdefault(article_id, name)
    return out


def _read(row: Row[Any], publisher: str | None) -> QuoteRead:
    if row.speaker_entity_id is not None:
        speaker = SpeakerRead(id=row.speaker_entity_id, name=row.speaker_name, kind=row.speaker_kind)
    else:
        kind = "anonymous" if row.speaker_resolution == "anonymous" else "unresolved"
        speaker = SpeakerRead(id=None, name=row.speaker_label, kind=kind)
    via = SourceBrief(id=row.via_id, name=row.via_name) if row.via_id is not None else None
    article = ArticleBrief(id=row.article_id, title=row.article_title, published_on=row.published_on,
                           publisher=publisher)
    return QuoteRead(
        id=row.id, text=row.text, kind=row.kind, cue=row.cue, speaker=speaker, speaker_text=row.speaker_text,
        speaker_resolution=row.speaker_resolution, reported_via=via, said_on=row.said_on, field=row.field,
        start=row.start, end=row.end, article=article,
    )
