"""The facet digest (table article_facets) of each article a batch stores, in the batch's transaction.

Built from the rows the writer staged, so a digest lists exactly the ids of the mentions, quotes and
article_sources rows stored with it: distinct actors, distinct places, one speaker per quote, distinct
sources; ascending and comma-separated, as migration 0004 backfills them. An article with none of these
gets no row (the facets count a missing row as nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.extract.types import EntityKind, Mention, QuoteFinding
from app.ingest.load.articles import ArticleWriter
from app.ingest.load.bulk import Values, insert_values
from app.models import ArticleFacets

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
    # flush() gives the batch's new entities their ids and starts new lists: keep the staged ones
    staged = writer.mentions, writer.quotes, writer.article_sources
    writer.flush()
    rows = digest_rows(gathered(*staged, writer.entities.id_of), writer.entities.kinds)
    insert_values(session, ArticleFacets, DIGEST_COLUMNS, rows)


def gathered(
    mentions: Iterable[tuple[int, int, Sequence[Mention]]],
    quotes: Iterable[tuple[int, QuoteFinding, int | None, int | None]],
    sources: Iterable[Values],
    id_of: Callable[[int], int],
) -> Facts:
    """The facts of the staged rows, entity handles turned into entities ids."""
    facts = Facts()
    for article_id, handle, found in mentions:
        if found:  # an entity without mentions stores no mentions row
            facts.entities[article_id].add(id_of(handle))
    for article_id, _quote, speaker, _via in quotes:
        if speaker is not None:
            facts.speakers[article_id].append(id_of(speaker))
    for article_id, source_id, _role in sources:
        facts.sources[article_id].add(source_id)
    return facts


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
