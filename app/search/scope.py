"""ArticleScope filters as SQL conditions on the articles table (names resolved to ids first)."""

from __future__ import annotations

from math import cos, radians
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import Session

from app.core.errors import InvalidFilter
from app.core.filters import KM_PER_DEGREE, ArticleScope, BBox, DateField, Match, Near
from app.models import Article, ArticleSection, ArticleSource, DateMention, Entity, Mention
from app.search.names import ACTOR_KINDS, PLACE_KINDS, resolve_ids
from app.search.service import fts_matches


def geo_condition(near: Near | None, bbox: BBox | None) -> ColumnElement[bool] | None:
    """Entities (places) inside the box and/or circle; an equirectangular distance keeps it portable SQL."""
    conds: list[ColumnElement[bool]] = []
    for box in (bbox, near.box() if near else None):
        if box:
            conds.append(Entity.latitude.between(box.south, box.north))
            conds.append(Entity.longitude.between(box.west, box.east))
    if near:
        dy = (Entity.latitude - near.lat) * KM_PER_DEGREE
        dx = (Entity.longitude - near.lon) * (KM_PER_DEGREE * cos(radians(near.lat)))
        conds.append(dy * dy + dx * dx <= near.km * near.km)
    return and_(*conds) if conds else None


def _mentions_any(ids: list[int]) -> ColumnElement[bool]:
    return exists().where(Mention.article_id == Article.id, Mention.entity_id.in_(ids))


def _names_ids(
    session: Session, values: list[str], param: str, kinds: tuple[str, ...] | None
) -> list[list[int]]:
    return [resolve_ids(session, v, param=param, kinds=kinds) for v in values]


def _entity_conditions(session: Session, scope: ArticleScope) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    actors = _names_ids(session, scope.actor, "actor", ACTOR_KINDS)
    if actors and scope.actor_match is Match.ALL:
        conds += [_mentions_any(ids) for ids in actors]
    elif actors:
        conds.append(_mentions_any([i for ids in actors for i in ids]))
    places = _names_ids(session, scope.place, "place", PLACE_KINDS)
    if places:
        conds.append(_mentions_any([i for ids in places for i in ids]))
    geo = geo_condition(scope.near_circle, scope.bbox_box)
    if geo is not None:
        inside = select(Entity.id).where(Entity.kind == "place", geo)
        conds.append(exists().where(Mention.article_id == Article.id, Mention.entity_id.in_(inside)))
    return conds


def _source_condition(session: Session, scope: ArticleScope) -> ColumnElement[bool] | None:
    ids = [i for v in scope.source for i in resolve_ids(session, v, param="source", kinds=None)]
    if not ids and scope.source_role is None:
        return None
    cond = exists().where(ArticleSource.article_id == Article.id)
    if ids:
        cond = cond.where(ArticleSource.source_id.in_(ids))
    if scope.source_role is not None:
        cond = cond.where(ArticleSource.role == scope.source_role.value)
    return cond


def _date_conditions(scope: ArticleScope) -> list[ColumnElement[bool]]:
    if scope.date_from and scope.date_to and scope.date_from > scope.date_to:
        raise InvalidFilter("date_from is after date_to; the range would be empty.", param="date_from")
    if scope.date_field is DateField.PUBLISHED:
        conds: list[ColumnElement[bool]] = []
        if scope.date_from:
            conds.append(Article.published_on >= scope.date_from)
        if scope.date_to:
            conds.append(Article.published_on <= scope.date_to)
        return conds
    if not (scope.date_from or scope.date_to):
        return []
    # A mentioned date matches when the period it names overlaps the requested range.
    overlap = exists().where(DateMention.article_id == Article.id, DateMention.date_start.is_not(None))
    if scope.date_from:
        overlap = overlap.where(DateMention.date_end >= scope.date_from)
    if scope.date_to:
        overlap = overlap.where(DateMention.date_start <= scope.date_to)
    return [overlap]


def article_conditions(session: Session, scope: ArticleScope, *, include_q: bool = True) -> list[Any]:
    """Every condition the scope puts on ``articles`` (raises UnknownName for unknown names)."""
    conds = _entity_conditions(session, scope) + _date_conditions(scope)
    source = _source_condition(session, scope)
    if source is not None:
        conds.append(source)
    if scope.section:
        sections = [s.casefold() for s in scope.section]
        conds.append(exists().where(ArticleSection.article_id == Article.id,
                                    func.lower(ArticleSection.section).in_(sections)))
    if include_q and scope.q:
        conds.append(Article.id.in_(select(fts_matches(session, "articles", scope.q).c.id)))
    return conds


def scoped_article_ids(session: Session, scope: ArticleScope) -> Select[Any] | None:
    """A SELECT of the ids of articles in scope, or None when the scope is everything."""
    conds = article_conditions(session, scope)
    return select(Article.id).where(*conds) if conds else None
