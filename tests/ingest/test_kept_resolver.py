"""An entity resolver kept between runs (POST /v1/articles) catches up instead of re-reading the archive,
and stores exactly what a resolver read afresh for every run stores."""

from __future__ import annotations

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from app.core.db import make_engine
from app.extract.names import entity_key
from app.extract.types import EntityKind
from app.ingest.load.entities import EntityResolver
from app.ingest.service import load_extractions
from app.models import Entity, EntityAlias
from benchmarks.make_corpus import generate
from tests.ingest.dbstate import content_dump, differences
from tests.ingest.factories import article, austin_article, person


def _kept(engine: Engine) -> EntityResolver:
    return EntityResolver(Session(engine))  # refresh() binds each run's session


def test_a_kept_resolver_stores_what_fresh_ones_store(
    two_databases: tuple[str, str, str], full_reads: list[int]
) -> None:
    extractions = list(generate(120, 3))  # name variants, surnames, aliases and roles across articles
    fresh, kept = (make_engine(url) for url in two_databases[1:])
    resolver = _kept(kept)
    for start in range(0, len(extractions), 30):
        load_extractions(fresh, extractions[start:start + 30])
    reads_by_fresh = len(full_reads)
    for start in range(0, len(extractions), 30):
        load_extractions(kept, extractions[start:start + 30], entities=resolver)
    assert (reads_by_fresh, len(full_reads)) == (4, 4)  # the kept resolver never read everything again
    last_run = sum(len(extraction.entities) for extraction in extractions[90:])
    assert 0 < len(resolver.recorded) <= last_run  # memos of findings last one run, not the process
    left, right = content_dump(fresh), content_dump(kept)
    fresh.dispose()
    kept.dispose()
    assert left == right, differences(left, right)
    assert len(left["entities"]) > 100 and len(left["entity_aliases"]) > len(left["entities"])


def test_it_learns_what_another_writer_stored(migrated: tuple[str, Engine]) -> None:
    engine = migrated[1]
    resolver = _kept(engine)
    load_extractions(engine, [article("Unrelated", "Rain fell.")], entities=resolver)  # read: no entities
    load_extractions(engine, [austin_article()])  # another writer stores Lloyd Austin
    body = "Austin visited the troops."
    report = load_extractions(engine, [article("Visit", body, entities=(person("Austin", body),))],
                              entities=resolver)
    assert report.entities_added == 0  # the lone surname is the person the other writer stored


def test_a_late_committed_id_makes_it_read_everything(
    migrated: tuple[str, Engine], full_reads: list[int]
) -> None:
    engine = migrated[1]
    resolver = _kept(engine)
    load_extractions(engine, [article("Unrelated", "Rain fell.")], entities=resolver)
    with Session(engine) as session:  # another writer's entity with a high id, read by the next refresh
        session.execute(insert(Entity).values(id=500, key=entity_key("Someone Else", EntityKind.PERSON),
                                              name="Someone Else", kind="person"))
        session.commit()
    load_extractions(engine, [article("Other", "Snow fell.")], entities=resolver)
    assert len(full_reads) == 0
    with Session(engine) as session:  # a lower id committed after that read, as a PostgreSQL sequence allows
        key = entity_key("Lloyd Austin", EntityKind.PERSON)
        session.execute(insert(Entity).values(id=400, key=key, name="Lloyd Austin", kind="person"))
        alias = {"entity_id": 400, "alias": "Lloyd Austin", "folded": "lloyd austin"}
        session.execute(insert(EntityAlias).values(**alias))
        session.commit()
    body = "Austin visited the troops."
    report = load_extractions(engine, [article("Visit", body, entities=(person("Austin", body),))],
                              entities=resolver)
    assert len(full_reads) == 1 and report.entities_added == 0  # found by reading everything again
    with Session(engine) as session:
        mentioned = session.execute(select(Entity.id).where(Entity.name == "Lloyd Austin")).scalar_one()
    assert mentioned == 400
