"""The facet digest (table article_facets) of each article a batch stores, in the batch's transaction.

Built from the rows the writer staged, so a digest lists exactly the ids of the mentions, quotes and
article_sources rows stored with it: distinct actors, distinct places, one speaker per quote, distinct
sources; ascending and comma-separated, as migration 0004 backfills them. An article with none of these
gets no row (the facets count a missing row as nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extract.types import EntityKind
from app.ingest.load.articles import ArticleWriter
from app.ingest.load.bulk import Values, insert_values
from app.models import ArticleFacets, Entity
from app.search.idlist import id_values

DIGEST_COLUMNS = ("article_id", "actor_ids", "place_ids", "speaker_ids", "source_ids")
ACTOR_KINDS = frozenset({str(EntityKind.PERSON), str(EntityKind.ORGANISATION)})
PLACE_KINDS = frozenset({str(EntityKind.PLACE)})


@dataclass(slots=True)
class Facts:
    """Per article id: the entity ids mentioned, the speaker id of each quote, the source ids."""

    entities: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    speakers: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    sources: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def flush_with_digests(session: Session, writer: ArticleWriter) -> None:
    """``writer.flush()``, then one INSERT of the digests of the articles it stored."""
    handles = staged(writer)  # flush() forgets the staged rows; new entities get their ids in it
    writer.flush()
    facts = resolved(handles, writer.entities.id_of)
    every = set().union(*facts.entities.values()) if facts.entities else set()
    rows = digest_rows(facts, entity_kinds(session, sorted(every)))
    insert_values(session, ArticleFacets, DIGEST_COLUMNS, rows)


def staged(writer: ArticleWriter) -> Facts:
    """The writer's staged rows, entities and speakers still as resolver handles."""
    facts = Facts()
    for article_id, handle, mentions in writer.mentions:
        if mentions:  # an entity without mentions stores no mentions row
            facts.entities[article_id].add(handle)
    for article_id, _quote, speaker, _via in writer.quotes:
        if speaker is not None:
            facts.speakers[article_id].append(speaker)
    for article_id, source_id, _role in writer.article_sources:
        facts.sources[article_id].add(source_id)
    return facts


def resolved(handles: Facts, id_of: Callable[[int], int]) -> Facts:
    """The same facts with entity handles turned into entities ids."""
    facts = Facts(sources=handles.sources)
    for article_id, entities in handles.entities.items():
        facts.entities[article_id] = {id_of(h) for h in entities}
    for article_id, speakers in handles.speakers.items():
        facts.speakers[article_id] = [id_of(h) for h in speakers]
    return facts


def entity_kinds(session: Session, ids: list[int]) -> dict[int, str]:
    """entities.kind of each id (one statement, the ids bound as one value)."""
    if not ids:
        return {}
    stmt = select(Entity.id, Entity.kind).where(Entity.id.in_(id_values(session, ids)))
    return {entity_id: kind for entity_id, kind in session.execute(stmt)}


def digest_rows(facts: Facts, kinds: Mapping[int, str]) -> list[Values]:
    """One article_facets row per article with at least one id, in article order."""
    rows: list[Values] = []
    for article_id in sorted(facts.entities.keys() | facts.speakers.keys() | facts.sources.keys()):
        entities = facts.entities.get(article_id, set())
        row = (
            article_id,
            joined(e for e in entities if kinds.get(e) in ACTOR_KINDS),
            joined(e for e in entities if kinds.get(e) in PLACE_KINDS),
            joined(facts.speakers.get(article_id, ())),
            joined(facts.sources.get(article_id, ())),
        )
        if any(row[1:]):
            rows.append(row)
    return rows


def joined(ids: Iterable[int]) -> str:
    """Ids ascending, comma-separated (repeats kept)."""
    return ",".join(map(str, sorted(ids)))
