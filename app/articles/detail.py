"""One article with its body, actors, places, quotes and date mentions."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.articles import sql
from app.articles.schemas import ArticleDetail, ArticleQuote, ArticleRead, DateMentionRead, EntityCount
from app.articles.service import ARTICLE_COLUMNS, decorate
from app.core.errors import NotFound
from app.core.pagination import Page
from app.core.rawsql import run
from app.models import Article, DateMention, Entity, Mention, Quote

ENTITY_COLUMNS = (Entity.id, Entity.name, Entity.kind, Entity.subtype, Entity.latitude, Entity.longitude)


def get_article(session: Session, *, article_id: int) -> ArticleDetail:
    """The full article, or NotFound."""
    row = session.execute(select(*ARTICLE_COLUMNS, Article.body).where(Article.id == article_id)).first()
    if row is None:
        raise NotFound(f"There is no article with id {article_id}.", param="id")
    item = decorate(session, [row])[0]
    entities = _entities(session, article_id)
    return ArticleDetail(
        **item.model_dump(), body=row.body,
        actors=[e for e in entities if e.kind != "place"], places=[e for e in entities if e.kind == "place"],
        quotes=_quotes(session, article_id), dates=_dates(session, article_id),
    )


def _entities(session: Session, article_id: int) -> list[EntityCount]:
    mentions = func.count(Mention.id).label("mentions")
    stmt = (
        select(*ENTITY_COLUMNS, mentions)
        .join(Mention, Mention.entity_id == Entity.id)
        .where(Mention.article_id == article_id)
        .group_by(*ENTITY_COLUMNS)
        .order_by(mentions.desc(), Entity.name, Entity.id)
    )
    return [EntityCount.model_validate(row, from_attributes=True) for row in session.execute(stmt)]


def _quotes(session: Session, article_id: int) -> list[ArticleQuote]:
    stmt = (
        select(Quote.id, Quote.text, Quote.kind, Quote.cue, Quote.speaker_entity_id.label("speaker_id"),
               func.coalesce(Entity.name, Quote.speaker_label).label("speaker_name"),
               Quote.speaker_resolution, Quote.start, Quote.end)
        .outerjoin(Entity, Entity.id == Quote.speaker_entity_id)
        .where(Quote.article_id == article_id)
        .order_by(Quote.start, Quote.id)
    )
    return [ArticleQuote.model_validate(row, from_attributes=True) for row in session.execute(stmt)]


def _dates(session: Session, article_id: int) -> list[DateMentionRead]:
    stmt = select(DateMention).where(DateMention.article_id == article_id)
    rows = session.scalars(stmt.order_by(DateMention.field, DateMention.start, DateMention.id))
    return [DateMentionRead.model_validate(d, from_attributes=True) for d in rows]


class Point(NamedTuple):
    """A geocoded place of an article, as a GeoJSON feature shows it."""

    name: str
    longitude: float
    latitude: float


def article_places(session: Session, ids: list[int]) -> defaultdict[int, list[Point]]:
    """Geocoded places per article, by entity id, for GeoJSON: two statements for the whole page.

    An article's places are read from its facet digest (``app.models.facets``), which lists the distinct
    places its mentions name, and only those places' rows are read. Grouping the page's mention rows
    instead read ~40 rows an article: a word's 18k matches exported as GeoJSON took 13.3 s in-process,
    10.2 s of it in that statement (100k articles, under a profiler).
    """
    out: defaultdict[int, list[Point]] = defaultdict(list)
    if not ids:
        return out
    listed = [(article_id, sorted(map(int, place_ids.split(","))))
              for article_id, place_ids in run(session, sql.place_digests(ids)) if place_ids]
    wanted = sorted({i for _article_id, places in listed for i in places})
    if not wanted:
        return out
    located = {row[0]: Point(*row[1:]) for row in run(session, sql.located(wanted))}
    for article_id, places in listed:
        out[article_id] = [located[i] for i in places if i in located]
    return out


def feature(item: ArticleRead, places: list[Point]) -> dict[str, Any]:
    """A GeoJSON Feature: the article's geocoded places as a MultiPoint (null geometry when none)."""
    points = [[p.longitude, p.latitude] for p in places]
    geometry = {"type": "MultiPoint", "coordinates": points} if points else None
    properties = item.model_dump(mode="json") | {"places": [p.name for p in places]}
    return {"type": "Feature", "id": item.id, "geometry": geometry, "properties": properties}


def article_features(session: Session, page: Page[ArticleRead]) -> Page[dict[str, Any]]:
    """A page of articles turned into GeoJSON features (one extra statement)."""
    places = article_places(session, [item.id for item in page.items])
    features = [feature(item, places[item.id]) for item in page.items]
    return Page[dict[str, Any]](items=features, next_cursor=page.next_cursor, total=page.total,
                                total_capped=page.total_capped)
