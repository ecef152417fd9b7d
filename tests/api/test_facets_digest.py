"""Facets read from the per-article digests list what counting the child rows lists (the statements the
digests replaced), capped or not, and leave out an id whose entity is gone while still filling the top."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from app.models import Article, ArticleSource, Entity, Mention, Quote, Source
from app.search.names import ACTOR_KINDS, PLACE_KINDS
from app.search.scope import article_conditions
from app.stats.schemas import FacetCount, FacetFilters
from app.stats.service import facets
from tests.api.data import Ids

SCOPES: list[dict[str, Any]] = [{}, {"place": ["Iraq"]}, {"actor": ["al-Sudani"]}, {"source": ["CNN"]},
                                {"date_from": "2024-01-01"}]


def _listed(rows: list[FacetCount]) -> list[tuple[int, str, str, int]]:
    return [(r.id, r.name, r.kind, r.count) for r in rows]


def _top(session: Session, stmt: Select[Any, Any], count: Any, model: Any, top: int) -> list[tuple[Any, ...]]:
    kind = model.kind if model is Entity else func.coalesce(None, "source")
    ordered = stmt.add_columns(kind, count).group_by(model.id, model.name, kind)
    ordered = ordered.order_by(count.desc(), model.name, model.id).limit(top)
    return [tuple(r) for r in session.execute(ordered)]


def counted(session: Session, filters: FacetFilters) -> dict[str, list[tuple[Any, ...]]]:
    """Every facet counted from mentions, quotes and article_sources, sorted by count, name, id."""
    scope = select(Article.id).where(*article_conditions(session, filters))
    top, articles = filters.top, func.count(func.distinct(Mention.article_id))
    mentioned = select(Entity.id, Entity.name).join(Mention).where(Mention.article_id.in_(scope))
    quoted = select(Entity.id, Entity.name).join(Quote, Quote.speaker_entity_id == Entity.id)
    cited = select(Source.id, Source.name).join(ArticleSource).where(ArticleSource.article_id.in_(scope))
    return {
        "actors": _top(session, mentioned.where(Entity.kind.in_(ACTOR_KINDS)), articles, Entity, top),
        "places": _top(session, mentioned.where(Entity.kind.in_(PLACE_KINDS)), articles, Entity, top),
        "speakers": _top(session, quoted.where(Quote.article_id.in_(scope)), func.count(), Entity, top),
        "sources": _top(session, cited, func.count(func.distinct(ArticleSource.article_id)), Source, top),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("top", [1, 2, 10])
def test_the_digests_list_what_the_rows_count(
    session: Session, ids: Ids, scope: dict[str, Any], top: int
) -> None:
    filters = FacetFilters(**scope, top=top)
    body = facets(session, filters=filters, count_cap=100)
    expected = counted(session, filters)
    assert {name: _listed(getattr(body, name)) for name in expected} == expected
    assert body.actors and body.sources


@pytest.mark.parametrize("scope", SCOPES)
def test_a_capped_scope_lists_the_same(session: Session, ids: Ids, scope: dict[str, Any]) -> None:
    filters = FacetFilters(**scope)
    full = facets(session, filters=filters, count_cap=100)
    capped = facets(session, filters=filters, count_cap=1)
    assert capped.articles_capped or full.articles <= 1
    assert capped.model_dump(exclude={"articles", "articles_capped"}) == full.model_dump(
        exclude={"articles", "articles_capped"})


@pytest.mark.parametrize("top", [1, 2])
def test_an_entity_deleted_behind_the_digests_is_left_out_and_the_top_still_filled(
    session: Session, ids: Ids, top: int
) -> None:
    before = facets(session, filters=FacetFilters(top=top), count_cap=100)
    gone = before.actors[0].id
    # a Core DELETE: its mentions go by the foreign key's cascade, the digests still list its id
    session.execute(delete(Entity).where(Entity.id == gone))
    after = facets(session, filters=FacetFilters(top=top), count_cap=100)
    assert gone not in {a.id for a in after.actors} | {s.id for s in after.speakers}
    assert len(after.actors) == top
    assert _listed(after.actors) == counted(session, FacetFilters(top=top))["actors"]
