"""Actor queries: a scoped keyset page with aliases, roles and quote counts in batch statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import Session

from app.actors.schemas import ActorDetail, ActorFilters, ActorRead, MonthCount, Related
from app.core.pagination import Page
from app.models import Entity, EntityRole, Quote
from app.search.entities import aliases_of, co_mentioned, entity_page, histogram, name_condition
from app.search.names import ACTOR_KINDS, PLACE_KINDS, get_entity


def list_actors(
    session: Session, *, filters: ActorFilters, count_cap: int, with_total: bool = True
) -> Page[ActorRead]:
    """People and organisations, optionally only those in the filtered articles."""
    kinds = (filters.kind.value,) if filters.kind else ACTOR_KINDS
    conds: list[ColumnElement[bool]] = [name_condition(filters.name)] if filters.name else []
    page = entity_page(session, kinds=kinds, scope=filters, conds=conds, sort=filters.sort,
                       cursor=filters.cursor, limit=filters.limit, count_cap=count_cap, with_total=with_total)
    return Page[ActorRead](items=decorate(session, page.rows), next_cursor=page.next_cursor,
                           total=page.total, total_capped=page.capped)


def decorate(session: Session, rows: Sequence[Row[Any]]) -> list[ActorRead]:
    """Actor items for entity rows: three batch statements whatever the number of rows."""
    ids = [row.id for row in rows]
    aliases, roles, quotes = aliases_of(session, ids), _roles(session, ids), _quote_counts(session, ids)
    return [
        ActorRead(id=r.id, name=r.name, kind=r.kind, subtype=r.subtype, aliases=aliases[r.id],
                  roles=roles[r.id], article_count=r.article_count, quote_count=quotes.get(r.id, 0))
        for r in rows
    ]


def get_actor(session: Session, *, actor_id: int) -> ActorDetail:
    """One actor with co-mentioned actors and places and a monthly histogram, or NotFound."""
    get_entity(session, actor_id, ACTOR_KINDS)
    filters = ActorFilters()
    row = entity_page(session, kinds=ACTOR_KINDS, scope=filters, conds=[_id_is(actor_id)],
                      sort=filters.sort, cursor=None, limit=1, count_cap=1, with_total=False).rows[0]
    item = decorate(session, [row])[0]
    return ActorDetail(
        **item.model_dump(),
        top_actors=[Related.model_validate(r, from_attributes=True)
                    for r in co_mentioned(session, actor_id, ACTOR_KINDS)],
        top_places=[Related.model_validate(r, from_attributes=True)
                    for r in co_mentioned(session, actor_id, PLACE_KINDS)],
        date_histogram=[MonthCount(**bucket) for bucket in histogram(session, actor_id)],
    )


def _id_is(entity_id: int) -> ColumnElement[bool]:
    return Entity.id == entity_id


def _roles(session: Session, ids: list[int]) -> defaultdict[int, list[str]]:
    out: defaultdict[int, list[str]] = defaultdict(list)
    stmt = select(EntityRole.entity_id, EntityRole.role).where(EntityRole.entity_id.in_(ids))
    for entity_id, role in session.execute(stmt.order_by(EntityRole.entity_id, EntityRole.role)):
        out[entity_id].append(role)
    return out


def _quote_counts(session: Session, ids: list[int]) -> dict[int, int]:
    stmt = (
        select(Quote.speaker_entity_id, func.count())
        .where(Quote.speaker_entity_id.in_(ids))
        .group_by(Quote.speaker_entity_id)
    )
    return {int(entity): count for entity, count in session.execute(stmt) if entity is not None}
