"""The ids a one-filter scope selects, read from that filter's own table: counted without the articles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.core.filters import ArticleScope, Match
from app.models import ArticleSource, Mention
from app.search.scope import ScopeIds
from app.search.service import fts_ids


def active_filters(scope: ArticleScope, ids: ScopeIds) -> list[str]:
    """The filters a scope uses, one entry per condition it puts on articles."""
    active = ["actor"] * (len(ids.actors) if scope.actor_match is Match.ALL else min(len(ids.actors), 1))
    active += ["place"] * bool(ids.places) + ["geo"] * bool(scope.near or scope.bbox)
    active += ["source"] * bool(ids.sources or scope.source_role) + ["section"] * bool(scope.section)
    return active + ["date"] * bool(scope.date_from or scope.date_to) + ["q"] * bool(scope.q)


def _distinct(stmt: Select[Any]) -> Select[Any]:
    inner = stmt.distinct().subquery("ids")
    return select(inner.c[0])


def lone_filter_ids(session: Session, scope: ArticleScope, ids: ScopeIds) -> Select[Any] | None:
    """The matching article ids from the one table the scope's only filter reads; None for other scopes.

    Every mention, source role and full-text row belongs to an article (foreign keys, triggers), so counting
    these ids counts the articles without reading a single article row.
    """
    active = active_filters(scope, ids)
    if len(active) != 1:
        return None
    if active[0] in ("actor", "place"):
        entities = [i for group in (ids.actors if active[0] == "actor" else ids.places) for i in group]
        return _distinct(select(Mention.article_id).where(Mention.entity_id.in_(entities)))
    if active[0] == "source":
        stmt = select(ArticleSource.article_id)
        if ids.sources:
            stmt = stmt.where(ArticleSource.source_id.in_(ids.sources))
        if scope.source_role is not None:
            stmt = stmt.where(ArticleSource.role == scope.source_role.value)
        return _distinct(stmt)
    if active[0] == "q" and scope.q:
        return fts_ids(session, "articles", scope.q)
    return None
