"""The loader on SQLite and PostgreSQL: every row, idempotency, merging, related links, bad rows."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.extract.names import entity_key
from app.extract.types import Extraction, QuoteFinding, QuoteKind, SpeakerResolution
from app.ingest.identity import content_hash
from app.ingest.load import entities as entities_module
from app.ingest.load import loader as loader_module
from app.ingest.load.articles import ArticleWriter
from app.ingest.service import load_extractions
from app.models import (
    Article,
    ArticleSection,
    ArticleSource,
    Base,
    DateMention,
    Entity,
    EntityAlias,
    EntityRole,
    IngestRejection,
    IngestRun,
    Mention,
    Quote,
    Source,
)
from tests.ingest.factories import AUSTIN_BODY, article, austin_article, person

RUN_TABLES = {"ingest_runs", "ingest_rejections"}


def counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
    }


def test_every_row_of_an_article_is_stored(session: Session) -> None:
    report = load_extractions(session, [austin_article()])
    assert (report.added, report.skipped, report.rejected, report.quotes_added) == (1, 0, 0, 1)
    stored = session.execute(select(Article)).scalar_one()
    assert stored.content_hash == content_hash("US Strikes Militia Targets in Iraq", AUSTIN_BODY)
    assert (stored.word_count, stored.source_file, stored.source_position) == (20, "fixture.txt", "line 1")
    assert stored.ingest_run_id == report.run_id
    sections = session.execute(select(ArticleSection.section, ArticleSection.position)).all()
    assert sorted(sections, key=lambda row: row[1]) == [("Top News", 0), ("Arab News", 1), ("USA", 2)]
    roles = session.execute(select(Source.name, ArticleSource.role).join(Source)).all()
    assert sorted(roles) == [("ANI", "wire"), ("Asian Lite News", "publisher"), ("CNN", "cited")]
    austin = session.execute(select(Entity).where(Entity.kind == "person")).scalar_one()
    baghdad = session.execute(select(Entity).where(Entity.kind == "place")).scalar_one()
    assert (austin.name, austin.key) == ("Lloyd Austin", entity_key("Lloyd Austin", "person"))
    assert (baghdad.country_code, baghdad.latitude, baghdad.longitude, baghdad.geonames_id) == (
        "IQ",
        33.34,
        44.40,
        98182,
    )
    aliases = session.execute(
        select(EntityAlias.alias, EntityAlias.folded).where(EntityAlias.entity_id == austin.id)
    ).all()
    assert sorted(aliases) == [("Austin", "austin"), ("Lloyd Austin", "lloyd austin")]
    assert session.execute(select(EntityRole.role)).scalars().all() == ["Defence Secretary"]
    mentions = session.execute(select(Mention.text).where(Mention.entity_id == austin.id)).scalars().all()
    assert sorted(mentions) == ["Austin", "Lloyd Austin"]
    quote = session.execute(select(Quote)).scalar_one()
    cnn_id = session.execute(select(Source.id).where(Source.key == "cnn")).scalar_one()
    assert (quote.speaker_entity_id, quote.reported_via_source_id, quote.speaker_resolution) == (
        austin.id,
        cnn_id,
        "alias",
    )
    assert AUSTIN_BODY[quote.start : quote.end] == quote.text
    date = session.execute(select(DateMention)).scalar_one()
    assert (date.value, date.precision, str(date.date_start)) == ("2024-01-09", "day", "2024-01-09")


def test_rerun_changes_no_row(session: Session) -> None:
    batch = [
        austin_article(),
        article(
            "Second Story",
            "Another body about Lloyd Austin.",
            entities=(person("Lloyd Austin", "Another body about Lloyd Austin."),),
        ),
    ]
    load_extractions(session, batch)
    before = counts(session)
    report = load_extractions(session, batch)
    after = counts(session)
    assert (report.added, report.skipped, report.entities_added, report.quotes_added) == (0, 2, 0, 0)
    assert {k: v for k, v in after.items() if k not in RUN_TABLES} == {
        k: v for k, v in before.items() if k not in RUN_TABLES
    }
    assert after["ingest_runs"] == before["ingest_runs"] + 1


def test_same_article_from_two_files_is_stored_once(session: Session) -> None:
    one = austin_article()
    other = replace(one, record=replace(one.record, source_file="other.jsonl", source_position="line 7"))
    report = load_extractions(session, [one, other])
    assert (report.added, report.skipped) == (1, 1)
    assert session.execute(select(Article.source_file)).scalars().all() == ["fixture.txt"]


def test_entities_merge_across_batches_and_runs(session: Session) -> None:
    body2, body3 = "Lloyd Austin flew home.", "Lloyd Austin, the Pentagon chief, spoke."
    second = article("Two", body2, entities=(person("Lloyd Austin", body2, "Lloyd J. Austin"),))
    third = article("Three", body3, entities=(person("Lloyd Austin", body3, roles=("Pentagon chief",)),))
    first_run = load_extractions(session, [austin_article(), second], batch_size=1)
    second_run = load_extractions(session, [third])
    assert (first_run.entities_added, second_run.entities_added) == (2, 0)
    (austin_id,) = session.execute(select(Entity.id).where(Entity.kind == "person")).scalars().all()
    assert session.execute(select(func.count()).where(Mention.entity_id == austin_id)).scalar_one() == 4
    aliases = session.execute(select(EntityAlias.alias).where(EntityAlias.entity_id == austin_id)).scalars()
    assert sorted(aliases) == ["Austin", "Lloyd Austin", "Lloyd J. Austin"]
    roles = session.execute(select(EntityRole.role).where(EntityRole.entity_id == austin_id)).scalars()
    assert sorted(roles) == ["Defence Secretary", "Pentagon chief"]


class OverlapIndex:
    """A minimal alias index: same kind and a shared folded name means the same entity."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], int] = {}

    def add(self, entity_id: int, kind: object, names: tuple[str, ...]) -> None:
        for name in names:
            self.names[(str(kind), name.casefold())] = entity_id

    def match(self, kind: object, names: tuple[str, ...]) -> int | None:
        return next(
            (self.names[(str(kind), n.casefold())] for n in names if (str(kind), n.casefold()) in self.names),
            None,
        )


def test_alias_index_merges_a_new_key_into_a_stored_entity(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_extractions(session, [austin_article()])
    monkeypatch.setattr(entities_module, "new_index", OverlapIndex)  # hydrated from entity_aliases
    body = "Austin visited the troops."
    short = article("Visit", body, entities=(person("Austin", body),))
    report = load_extractions(session, [short])
    assert report.entities_added == 0
    assert (
        session.execute(select(func.count()).select_from(Entity).where(Entity.kind == "person")).scalar_one()
        == 1
    )


def test_the_real_entity_index_is_hydrated_from_stored_aliases(session: Session) -> None:
    load_extractions(session, [austin_article()])
    body = "Austin visited the troops."
    report = load_extractions(session, [article("Visit", body, entities=(person("Austin", body),))])
    assert report.entities_added == 0  # a lone surname held by one stored person is that person
    assert (
        session.execute(select(func.count()).select_from(Entity).where(Entity.kind == "person")).scalar_one()
        == 1
    )


def test_related_story_links_to_an_article_stored_later(session: Session) -> None:
    linking = article("First", "Body one.", related_title="  the SECOND   story ")
    load_extractions(session, [linking])
    assert session.execute(select(Article.related_article_id)).scalar_one() is None
    report = load_extractions(session, [article("The Second Story", "Body two.")])
    target = session.execute(select(Article.id).where(Article.title == "The Second Story")).scalar_one()
    linked = session.execute(select(Article.related_article_id).where(Article.title == "First")).scalar_one()
    assert (report.related_linked, linked) == (1, target)


def test_a_refused_article_does_not_stop_the_batch(session: Session) -> None:
    body = "A quote with no text at all."
    broken_quote = QuoteFinding(
        text=None,  # type: ignore[arg-type]  # NOT NULL in the schema: the database refuses it
        kind=QuoteKind.DIRECT,
        start=0,
        end=5,
        cue="said",
        speaker_key=None,
        speaker_text=None,
        speaker_label=None,
        resolution=SpeakerResolution.UNRESOLVED,
    )
    bad = article(
        "Broken",
        body,
        quotes=(broken_quote,),
        entities=(person("Ghost Writer", "Ghost Writer"),),
        position="line 40",
    )
    good = [article("Good One", "First good body."), article("Good Two", "Second good body.")]
    report = load_extractions(session, [good[0], bad, good[1]])
    assert (report.added, report.rejected, report.entities_added) == (2, 1, 0)
    (refusal,) = report.rejections
    assert (refusal.source_file, refusal.position) == ("fixture.txt", "line 40")
    assert refusal.reason.startswith("database refused: ")
    assert session.execute(select(Article.title).order_by(Article.id)).scalars().all() == [
        "Good One",
        "Good Two",
    ]
    assert session.execute(select(func.count()).select_from(Entity)).scalar_one() == 0
    stored = session.execute(select(IngestRejection.position, IngestRejection.run_id)).all()
    assert stored == [("line 40", report.run_id)]
    run = session.get(IngestRun, report.run_id)
    assert run is not None
    assert (run.status, run.articles_added, run.articles_rejected) == ("completed", 2, 1)


class Deadlock(Exception):
    sqlstate = "40P01"


def test_a_batch_hit_by_a_deadlock_is_retried_whole(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = ArticleWriter.write
    calls = {"n": 0}

    def flaky_write(
        self: ArticleWriter, extraction: Extraction, run_id: int | None
    ) -> tuple[int | None, int]:
        calls["n"] += 1
        if calls["n"] == 2:  # the second article of the first attempt
            raise OperationalError("INSERT ...", {}, Deadlock("deadlock detected"))
        return real_write(self, extraction, run_id)

    monkeypatch.setattr(ArticleWriter, "write", flaky_write)
    monkeypatch.setattr(loader_module, "TRANSIENT_BACKOFF_SECONDS", 0.0)
    report = load_extractions(session, [austin_article(), article("Other", "Other body.")])
    assert (report.added, report.entities_added, report.rejected, calls["n"]) == (2, 2, 0, 4)
    assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 2
