"""Entity lists and profiles shared by actors and places: scoped keyset pages, aliases, co-mentions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import Session

from app.core.filters import ArticleScope
from app.core.pagination import SortSpec, apply_keyset, next_cursor, page_total
from app.models import Article, DateMention, Entity, EntityAlias, Mention
from app.search.names import contains_pattern
from app.search.scope import scoped_article_ids

ARTICLE_COUNT = (
    select(func.count(func.distinct(Mention.article_id)))
    .where(Mention.entity_id == Entity.id)
    .correlate(Entity)
    .scalar_subquery()
)
COLUMNS = (
    Entity.id, Entity.name, Entity.kind, Entity.subtype, Entity.country_code, Entity.latitude,
    Entity.longitude, Entity.geonames_id, ARTICLE_COUNT.label("article_count"),
)


class EntitySort(StrEnum):
    NAME = "name"
    MOST_ARTICLES = "-articles"


@dataclass(frozen=True)
class EntityPage:
    rows: list[Row[Any]]
    next_cursor: str | None
    total: int | None
    capped: bool


def _spec(sort: EntitySort) -> SortSpec:
    if sort is EntitySort.NAME:
        return SortSpec(sort.value, Entity.name, Entity.id, descending=False)
    return SortSpec(sort.value, ARTICLE_COUNT, Entity.id, descending=True, decode=int)


def name_condition(name: str) -> ColumnElement[bool]:
    """Some alias contains the folded text (as a substring, so 'sud' finds al-Sudani)."""
    pattern = contains_pattern(name)
    return Entity.id.in_(select(EntityAlias.entity_id).where(EntityAlias.folded.like(pattern, escape="\\")))


def entity_page(
    session: Session, *, kinds: Sequence[str], scope: ArticleScope, conds: Sequence[ColumnElement[bool]],
    sort: EntitySort, cursor: str | None, limit: int, count_cap: int, with_total: bool = True,
) -> EntityPage:
    """One keyset page of entities of these kinds mentioned in the scoped articles."""
    stmt = select(*COLUMNS).where(Entity.kind.in_(kinds), *conds)
    articles = scoped_article_ids(session, scope)
    if articles is not None:
        stmt = stmt.where(Entity.id.in_(select(Mention.entity_id).where(Mention.article_id.in_(articles))))
    spec = _spec(sort)
    total, capped = page_total(session, stmt, cap=count_cap, cursor=cursor, with_total=with_total)
    rows = list(session.execute(apply_keyset(stmt, spec, cursor, limit)))

    def key_of(row: Row[Any]) -> tuple[Any, int]:
        return (row.name if sort is EntitySort.NAME else row.article_count), row.id

    return EntityPage(rows[:limit], next_cursor(rows, spec, limit, key_of, (total, capped)), total, capped)


def aliases_of(session: Session, ids: Sequence[int]) -> defaultdict[int, list[str]]:
    """Every alias of each entity (one statement)."""
    out: defaultdict[int, list[str]] = defaultdict(list)
    stmt = select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.entity_id.in_(ids))
    for entity_id, alias in session.execute(stmt.order_by(EntityAlias.entity_id, EntityAlias.alias)):
        out[entity_id].append(alias)
    return out


def co_mentioned(session: Session, entity_id: int, kinds: Sequence[str], limit: int = 10) -> list[Row[Any]]:
    """Entities of these kinds sharing the most articles with this one."""
    theirs = select(Mention.article_id).where(Mention.entity_id == entity_id)
    shared = func.count(func.distinct(Mention.article_id)).label("articles")
    stmt = (
        select(Entity.id, Entity.name, Entity.kind, shared)
        .join(Mention, Mention.entity_id == Entity.id)
        .where(Mention.article_id.in_(theirs), Entity.id != entity_id, Entity.kind.in_(kinds))
        .group_by(Entity.id, Entity.name, Entity.kind)
        .order_by(shared.desc(), Entity.name, Entity.id)
        .limit(limit)
    )
    return list(session.execute(stmt))


def month(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def histogram(session: Session, entity_id: int) -> list[dict[str, Any]]:
    """Articles per month by publication date and date mentions per month, for one entity's articles."""
    theirs = select(Mention.article_id).where(Mention.entity_id == entity_id)
    published = select(Article.published_on).where(Article.id.in_(theirs), Article.published_on.is_not(None))
    mentioned = select(DateMention.date_start).where(
        DateMention.article_id.in_(theirs), DateMention.precision.in_(("day", "month")),
        DateMention.date_start.is_not(None),
    )
    by_published = Counter(month(d) for d in session.scalars(published) if d)
    by_mentioned = Counter(month(d) for d in session.scalars(mentioned) if d)
    months = sorted(set(by_published) | set(by_mentioned))
    return [{"month": m, "published": by_published[m], "mentioned": by_mentioned[m]} for m in months]

