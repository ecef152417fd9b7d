"""ArticleScope filters as SQL conditions on the articles table (names resolved to ids first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import cos, radians
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import Session

from app.core.errors import InvalidFilter
from app.core.filters import KM_PER_DEGREE, ArticleScope, BBox, DateField, Match, Near
from app.models import Article, ArticleSection, ArticleSource, DateMention, Entity, Mention
from app.search.names import ACTOR_KINDS, PLACE_KINDS, resolve_ids
from app.search.service import fts_condition


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


def _article_id(session: Session, walk_index: bool) -> ColumnElement[int]:
    """``articles.id`` for an IN (ids) test; ``+ 0`` when the caller pages many matches in index order.

    SQLite otherwise drives the query from the id list and sorts every match; ``id + 0`` cannot use
    the primary key, so it walks the sort index and probes the list until the page is full.
    """
    if walk_index and session.get_bind().dialect.name == "sqlite":
        return Article.id + 0
    return Article.id.expression


def _mentioning(article_id: ColumnElement[int], entities: Any) -> ColumnElement[bool]:
    # IN reads only the entities' index ranges; a correlated EXISTS probed mentions for every article.
    return article_id.in_(select(Mention.article_id).where(Mention.entity_id.in_(entities)))


@dataclass(frozen=True)
class ScopeIds:
    """The ids a scope's names resolved to, so conditions can be built twice without looking them up again."""

    actors: list[list[int]]
    places: list[list[int]]
    sources: list[int]
    # entity id -> its mention rows, filled (by ``rawscope.resolve``) only when entity filters intersect
    mentions: dict[int, int] = field(default_factory=dict)


def _names_ids(
    session: Session, values: list[str], param: str, kinds: tuple[str, ...] | None
) -> list[list[int]]:
    return [resolve_ids(session, v, param=param, kinds=kinds) for v in values]


def resolve_scope(session: Session, scope: ArticleScope) -> ScopeIds:
    """Resolve every name of the scope (UnknownName for an unknown one; InvalidFilter for an empty range)."""
    actors = _names_ids(session, scope.actor, "actor", ACTOR_KINDS)
    places = _names_ids(session, scope.place, "place", PLACE_KINDS)
    check_date_range(scope)
    sources = [i for ids in _names_ids(session, scope.source, "source", None) for i in ids]
    return ScopeIds(actors, places, sources)


def _entity_conditions(
    scope: ArticleScope, ids: ScopeIds, article_id: ColumnElement[int]
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if ids.actors and scope.actor_match is Match.ALL:
        conds += [_mentioning(article_id, each) for each in ids.actors]
    elif ids.actors:
        conds.append(_mentioning(article_id, [i for each in ids.actors for i in each]))
    if ids.places:
        conds.append(_mentioning(article_id, [i for each in ids.places for i in each]))
    geo = geo_condition(scope.near_circle, scope.bbox_box)
    if geo is not None:
        conds.append(_mentioning(article_id, select(Entity.id).where(Entity.kind == "place", geo)))
    return conds


def _source_condition(scope: ArticleScope, ids: list[int]) -> ColumnElement[bool] | None:
    if not ids and scope.source_role is None:
        return None
    # EXISTS, not IN: a source role is broad (CNN cited: 40% of articles), so probing per article while
    # walking the date index stops sooner than reading and hashing the whole id list.
    cond = exists().where(ArticleSource.article_id == Article.id)
    if ids:
        cond = cond.where(ArticleSource.source_id.in_(ids))
    if scope.source_role is not None:
        cond = cond.where(ArticleSource.role == scope.source_role.value)
    return cond


def check_date_range(scope: ArticleScope) -> None:
    """A 422 when date_from is after date_to."""
    if scope.date_from and scope.date_to and scope.date_from > scope.date_to:
        raise InvalidFilter("date_from is after date_to; the range would be empty.", param="date_from")


def _date_conditions(scope: ArticleScope) -> list[ColumnElement[bool]]:
    check_date_range(scope)
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


def article_conditions(
    session: Session, scope: ArticleScope, *, include_q: bool = True, walk_index: bool = False,
    ids: ScopeIds | None = None,
) -> list[Any]:
    """Every condition the scope puts on ``articles`` (raises UnknownName for unknown names).

    ``walk_index``: the caller expects many matches and reads one page of them in index order.
    ``ids``: the scope's names already resolved by ``resolve_scope``.
    """
    ids = ids if ids is not None else resolve_scope(session, scope)
    article_id = _article_id(session, walk_index)
    conds = _entity_conditions(scope, ids, article_id) + _date_conditions(scope)
    source = _source_condition(scope, ids.sources)
    if source is not None:
        conds.append(source)
    if scope.section:
        sections = [s.casefold() for s in scope.section]
        conds.append(exists().where(ArticleSection.article_id == Article.id,
                                    func.lower(ArticleSection.section).in_(sections)))
    if include_q and scope.q:
        conds.append(fts_condition(session, "articles", scope.q, article_id))
    return conds


def scoped_article_ids(session: Session, scope: ArticleScope) -> Select[Any] | None:
    """A SELECT of the ids of articles in scope, or None when the scope is everything."""
    conds = article_conditions(session, scope)
    return select(Article.id).where(*conds) if conds else None
