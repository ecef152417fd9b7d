""""ALSO READ" links by stored title keys (migration 0007): what a run links, and the keys' backfill."""

from __future__ import annotations

import random

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from app.core.migrate import downgrade, upgrade
from app.ingest.identity import title_key
from app.ingest.service import load_extractions
from app.models import Article, IngestRun
from tests.ingest.factories import article


def _links(session: Session) -> dict[str, str | None]:
    """title -> title of the article it links to."""
    rows = session.execute(select(Article.title, Article.related_article_id)).all()
    titles = {row[0]: row[1] for row in session.execute(select(Article.id, Article.title))}
    return {title: None if linked is None else titles[linked] for title, linked in rows}


def _keys(session: Session) -> dict[str, tuple[str | None, str | None]]:
    query = select(Article.title, Article.title_key, Article.related_key).order_by(Article.id)
    return {row[0]: (row[1], row[2]) for row in session.execute(query)}


def test_the_loader_stores_the_keys_the_link_compares(session: Session) -> None:
    title = "Stra\u00dfe  Talks"  # sharp s folds to "ss"; the "fi" ligature is two letters after NFKC
    load_extractions(session, [article(title, "Body.", related_title="  the \ufb01RST   Story ")])
    assert _keys(session)[title] == ("strasse talks", "the first story")
    assert title_key(title) == "strasse talks"


def test_a_link_both_ways_and_to_the_lowest_id(session: Session) -> None:
    load_extractions(session, [article("Waiting", "Body w.", related_title="Target Story")])
    load_extractions(session, [article("target story", "Body one."), article("TARGET STORY", "Body two.")])
    load_extractions(session, [article("Late", "Body l.", related_title="target  STORY")])
    links = _links(session)
    assert links["Waiting"] == links["Late"] == "target story"  # both directions; the lowest id wins


def test_an_article_never_links_to_itself(session: Session) -> None:
    report = load_extractions(session, [article("Same Title", "Body a.", related_title="same title")])
    later = load_extractions(session, [article("Same title", "Body b.")])  # a higher id: still not a target
    assert (report.related_linked, later.related_linked) == (0, 0)
    assert set(_links(session).values()) == {None}


def test_a_run_that_stopped_before_linking_is_linked_by_the_next_run(session: Session) -> None:
    load_extractions(session, [article("The Target", "Body t.")])
    failed = load_extractions(session, [article("Stranded", "Body s.", related_title="The Target")])
    # as if the run had committed its articles, then failed before its link step
    session.execute(update(Article).where(Article.title == "Stranded").values(related_article_id=None))
    session.execute(update(IngestRun).where(IngestRun.id == failed.run_id).values(status="failed"))
    session.commit()
    report = load_extractions(session, [article("Unrelated", "Body u.")])
    assert (report.related_linked, _links(session)["Stranded"]) == (1, "The Target")


def test_the_backfill_writes_the_keys_the_loader_wrote(migrated: tuple[str, Engine]) -> None:
    url, engine = migrated
    with Session(engine) as session:
        load_extractions(session, [
            article("\u0130stanbul  Summit", "Body i.", related_title="Port Deal SIGNED"),
            article("Port deal signed", "Body p."),
        ])
        loaded = _keys(session)
    downgrade(url, "0006")
    upgrade(url)
    with Session(engine) as session:
        assert len(loaded) == 2 and _keys(session) == loaded
        assert loaded["Port deal signed"] == ("port deal signed", None)


def test_an_orm_insert_keys_its_titles(session: Session) -> None:
    session.add(Article(content_hash="e" * 64, title="ORM  Title", body="B", related_title="Other ONE",
                        word_count=1))
    session.flush()
    assert _keys(session)["ORM  Title"] == ("orm title", "other one")


def test_a_title_longer_than_an_index_entry_is_stored_and_linked(session: Session) -> None:
    # 6,000 bytes of UTF-8 that do not compress: more than a PostgreSQL index entry may hold
    letters = random.Random(5)
    long = "".join(chr(0x0410 + letters.randrange(64)) for _ in range(3_000))
    load_extractions(session, [article(long + " one", "Body a."), article("Pointer", "Body p.",
                                                                          related_title=long + " two")])
    keys = _keys(session)
    assert len(keys[long + " one"][0] or "") == 500 and _links(session)["Pointer"] == long + " one"
