"""The facet digest (article_facets) the loader writes equals the one recomputed from the stored rows:
after a load, a re-ingest of a changed article, a refused article, a retried batch, a batch that died
before its commit, and ORM writes; the migration's backfill writes the same rows as the loader."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.core.migrate import downgrade, upgrade
from app.ingest.load import digest as digest_module
from app.ingest.load import loader as loader_module
from app.ingest.load.articles import ArticleWriter
from app.ingest.service import load_extractions
from app.models import Article, ArticleFacets, ArticleSource, Entity, Mention, Quote, Source
from tests.ingest.factories import AUSTIN_BODY, article, austin_article, person

Row = tuple[str, str, str, str]


def stored(session: Session) -> dict[int, Row]:
    """article id -> (actor_ids, place_ids, speaker_ids, source_ids) as stored."""
    rows = session.execute(select(ArticleFacets)).scalars()
    return {r.article_id: (r.actor_ids, r.place_ids, r.speaker_ids, r.source_ids) for r in rows}


def recomputed(session: Session) -> dict[int, Row]:
    """The same digests, counted here from mentions, quotes and article_sources."""
    ids: dict[int, list[set[int] | list[int]]] = defaultdict(lambda: [set(), set(), [], set()])
    for article_id, entity_id, kind in session.execute(
        select(Mention.article_id, Mention.entity_id, Entity.kind).join(Entity)
    ):
        ids[article_id][1 if kind == "place" else 0].add(entity_id)  # type: ignore[union-attr]
    for article_id, speaker in session.execute(select(Quote.article_id, Quote.speaker_entity_id)):
        if speaker is not None:
            ids[article_id][2].append(speaker)  # type: ignore[union-attr]
    for article_id, source_id in session.execute(select(ArticleSource.article_id, ArticleSource.source_id)):
        ids[article_id][3].add(source_id)  # type: ignore[union-attr]
    joined = {a: tuple(",".join(map(str, sorted(v))) for v in lists) for a, lists in ids.items()}
    return {a: row for a, row in joined.items() if any(row)}  # type: ignore[misc]


def _id(session: Session, model: type[Entity] | type[Source], name: str) -> str:
    return str(session.execute(select(model.id).where(model.name == name)).scalar_one())


def test_a_load_writes_each_articles_digest(session: Session) -> None:
    speech = "Ana Lima said: Ana Lima will go."
    lima = person("Ana Lima", speech)
    load_extractions(session, [austin_article(), article("Speech", speech, entities=(lima,)),
                               article("Nothing", "No one and nowhere.")])
    digests = stored(session)
    austin = session.execute(select(Article.id).where(Article.body == AUSTIN_BODY)).scalar_one()
    a, b = _id(session, Entity, "Lloyd Austin"), _id(session, Entity, "Baghdad")
    sources = ",".join(sorted((_id(session, Source, n) for n in ("Asian Lite News", "ANI", "CNN")), key=int))
    assert digests[austin] == (a, b, a, sources)
    assert len(digests) == 2  # the article with no entity, quote or source has no row
    assert digests == recomputed(session)


def test_reingesting_a_changed_article_adds_its_own_digest(session: Session) -> None:
    load_extractions(session, [austin_article()])
    changed = AUSTIN_BODY.replace("necessary", "unavoidable")
    stone = person("Lloyd Austin", changed, "Austin")
    load_extractions(session, [austin_article(), article("US Strikes Militia Targets in Iraq", changed,
                                                          entities=(stone,))])
    digests = stored(session)
    assert len(digests) == 2 and digests == recomputed(session)


def test_a_refused_article_leaves_no_digest(session: Session) -> None:
    quote = replace(austin_article().quotes[0], text=None)  # type: ignore[arg-type]  # NOT NULL: refused
    bad = austin_article(quotes=(quote,), sections=("Elsewhere",))
    bad = replace(bad, record=replace(bad.record, title="Broken"), title="Broken")
    report = load_extractions(session, [austin_article(), bad, article("Other", "Other body.")])
    assert (report.added, report.rejected) == (2, 1)
    assert len(stored(session)) == 1 and stored(session) == recomputed(session)


class Deadlock(Exception):
    sqlstate = "40P01"


def test_a_retried_batch_writes_each_digest_once(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    real_flush, calls = ArticleWriter.flush, {"n": 0}

    def flaky_flush(self: ArticleWriter) -> None:
        calls["n"] += 1
        real_flush(self)
        if calls["n"] == 1:  # after the child rows, before the digests: the whole batch is retried
            raise OperationalError("INSERT ...", {}, Deadlock("deadlock detected"))

    monkeypatch.setattr(ArticleWriter, "flush", flaky_flush)
    monkeypatch.setattr(loader_module, "TRANSIENT_BACKOFF_SECONDS", 0.0)
    load_extractions(session, [austin_article(), article("Other", "Other body by Ana Lima.",
                                                          entities=(person("Ana Lima", "by Ana Lima."),))])
    assert calls["n"] == 2 and len(stored(session)) == 2 and stored(session) == recomputed(session)


def test_a_batch_that_dies_before_its_commit_leaves_nothing_and_the_rerun_completes(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_rows = digest_module.digest_rows

    def crash(*args: object) -> object:
        real_rows(*args)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # not a database error: the process dies, the transaction never commits

    monkeypatch.setattr(digest_module, "digest_rows", crash)
    with pytest.raises(KeyboardInterrupt):
        load_extractions(session, [austin_article()])
    session.rollback()
    assert stored(session) == {} and session.execute(select(Article.id)).first() is None
    monkeypatch.setattr(digest_module, "digest_rows", real_rows)
    load_extractions(session, [austin_article()])
    assert len(stored(session)) == 1 and stored(session) == recomputed(session)


def test_orm_writes_refresh_their_articles_digests(session: Session) -> None:
    load_extractions(session, [austin_article()])
    austin = session.execute(select(Article.id)).scalar_one()
    other = Entity(key="person|zoe quay", name="Zoe Quay", kind="person")
    session.add(other)
    session.flush()
    session.add(Mention(article_id=austin, entity_id=other.id, field="body", start=0, end=3, text="Zoe"))
    for quote in session.execute(select(Quote)).scalars():
        session.delete(quote)
    session.flush()
    digest = stored(session)[austin]
    assert str(other.id) in digest[0].split(",") and digest[2] == ""
    assert stored(session) == recomputed(session)


def test_the_backfill_writes_what_the_loader_wrote(migrated: tuple[str, Engine]) -> None:
    url, engine = migrated
    speech = "Ana Lima said: Ana Lima will go."
    with Session(engine) as session:
        lima = person("Ana Lima", speech)
        load_extractions(session, [austin_article(), article("Speech", speech, entities=(lima,)),
                                   article("Nothing", "No one and nowhere.")])
        loaded = stored(session)
    downgrade(url, "0003")
    upgrade(url)
    with Session(engine) as session:
        assert len(loaded) == 2 and stored(session) == loaded == recomputed(session)
