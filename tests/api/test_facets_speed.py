"""The facets' rank cut (app.stats.digest.ranked) lists what a plain count-everything-then-sort lists.

The cut keeps, per group, the entities whose count ranks within ``top`` (ties at the cut included) and
orders only those by name; these tests pin ties at the cut, kinds outside the groups, a NULL speaker and
duplicate mentions, on a small archive built here and on the shared hand-made one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extract.names import entity_key
from app.models import Article, Entity, Mention, Quote
from app.search.names import ACTOR_KINDS, PLACE_KINDS
from app.stats import digest
from app.stats.schemas import FacetFilters, Facets
from app.stats.service import facets
from tests.api.data import Ids

# name -> (kind, articles it is mentioned in (by index), quotes it speaks)
CAST: dict[str, tuple[str, list[int], int]] = {
    "Zed Young": ("person", [0, 1, 2, 3, 4], 1),
    "Amy Stone": ("person", [0, 1, 2], 2),
    "Bob Stone": ("person", [1, 2, 3], 2),
    "Cat Moss": ("person", [2, 3, 4], 0),
    "Acme Union": ("organisation", [0, 4, 5], 0),
    "Dan Moss": ("person", [5], 0),
    "Paris": ("place", [0, 1, 2, 3], 0),
    "Rome": ("place", [1, 5], 0),
    "Oslo": ("place", [0, 2], 0),
    "Grand Summit": ("event", [0, 1, 2, 3, 4, 5], 3),  # a kind of neither group: never listed
}
NAMELESS_QUOTES = 5  # quotes whose speaker is not an entity: the NULL group is not a speaker


def _store(session: Session) -> None:
    articles = [Article(content_hash=f"speed{i:059d}", title=f"Story {i}", body="Text.", word_count=1,
                        published_on=dt.date(2024, 1, 1 + i)) for i in range(6)]
    session.add_all(articles)
    session.flush()
    for name, (kind, where, quotes) in CAST.items():
        entity = Entity(key=entity_key(name, kind), name=name, kind=kind)
        session.add(entity)
        session.flush()
        for index in where:  # twice per article: a facet counts articles, not mentions
            session.add_all(Mention(article_id=articles[index].id, entity_id=entity.id, field="body",
                                    start=start, end=start + 3, text=name) for start in (0, 10))
        session.add_all(_quote(articles[0].id, entity.id) for _ in range(quotes))
    session.add_all(_quote(articles[1].id, None) for _ in range(NAMELESS_QUOTES))
    session.flush()


def _quote(article_id: int, speaker: int | None) -> Quote:
    return Quote(article_id=article_id, text="We will.", kind="direct", speaker_entity_id=speaker,
                 speaker_resolution="name" if speaker else "anonymous", field="body", start=0, end=8)


def _names(rows: list[Any]) -> list[tuple[str, int]]:
    return [(row.name, row.count) for row in rows]


@pytest.mark.parametrize(("top", "actors", "places", "speakers"), [
    (1, [("Zed Young", 5)], [("Paris", 4)], [("Grand Summit", 3)]),
    (2, [("Zed Young", 5), ("Acme Union", 3)], [("Paris", 4), ("Oslo", 2)],
     [("Grand Summit", 3), ("Amy Stone", 2)]),
    (3, [("Zed Young", 5), ("Acme Union", 3), ("Amy Stone", 3)], [("Paris", 4), ("Oslo", 2), ("Rome", 2)],
     [("Grand Summit", 3), ("Amy Stone", 2), ("Bob Stone", 2)]),
    (10, [("Zed Young", 5), ("Acme Union", 3), ("Amy Stone", 3), ("Bob Stone", 3), ("Cat Moss", 3),
          ("Dan Moss", 1)], [("Paris", 4), ("Oslo", 2), ("Rome", 2)],
     [("Grand Summit", 3), ("Amy Stone", 2), ("Bob Stone", 2), ("Zed Young", 1)]),
])
def test_ties_at_the_cut_are_ordered_by_name(
    session: Session, top: int, actors: list[tuple[str, int]], places: list[tuple[str, int]],
    speakers: list[tuple[str, int]],
) -> None:
    _store(session)
    body = facets(session, filters=FacetFilters(top=top), count_cap=100)
    assert (body.articles, body.articles_capped) == (6, False)
    assert _names(body.actors) == actors
    assert _names(body.places) == places
    assert _names(body.speakers) == speakers
    assert all(row.kind in ACTOR_KINDS for row in body.actors)
    assert all(row.kind in PLACE_KINDS for row in body.places)


def _plain(session: Session, filters: FacetFilters, kinds: tuple[str, ...]) -> list[tuple[str, int]]:
    """Count every entity of the kinds over the scoped articles, sort them all: the shape before the cut."""
    scoped = facets_scope(session, filters)
    count = func.count(func.distinct(Mention.article_id))
    stmt = (select(Entity.name, count).join(Mention, Mention.entity_id == Entity.id)
            .where(Mention.article_id.in_(scoped), Entity.kind.in_(kinds)).group_by(Entity.id, Entity.name)
            .order_by(count.desc(), Entity.name, Entity.id).limit(filters.top))
    return [(name, n) for name, n in session.execute(stmt)]


def facets_scope(session: Session, filters: FacetFilters) -> list[int]:
    from app.search.scope import scoped_article_ids

    stmt = scoped_article_ids(session, filters)
    return list(session.scalars(stmt if stmt is not None else select(Article.id)))


@pytest.mark.parametrize("scope", [{}, {"place": ["Iraq"]}, {"actor": ["al-Sudani"]}, {"source": ["CNN"]},
                                   {"date_from": "2024-01-01"}])
@pytest.mark.parametrize("top", [1, 2, 3, 5])
def test_the_cut_lists_what_sorting_every_entity_lists(
    session: Session, ids: Ids, scope: dict[str, Any], top: int
) -> None:
    filters = FacetFilters(**scope, top=top)
    body: Facets = facets(session, filters=filters, count_cap=100)
    assert _names(body.actors) == _plain(session, filters, ACTOR_KINDS)
    assert _names(body.places) == _plain(session, filters, PLACE_KINDS)
    assert body.actors or body.places


@pytest.mark.parametrize("counts", [
    [1] * 50 + [7, 3, 3], [3, 3, 3, 3], [5, 1, 2, 8, 8, 2],  # small counts: read off their tally
    [900, 2, 1, 1], [40000, 5, 5],  # counts far above the number of ids: selected
])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_the_cut_is_at_the_depth_th_largest_count(counts: list[int], depth: int) -> None:
    assert digest._floor(np.array(counts, dtype=np.int64), depth) == sorted(counts, reverse=True)[depth - 1]
