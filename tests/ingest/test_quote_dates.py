"""Each quote carries its article's published_on (migration 0005): the loader writes it, an ORM insert
copies it, and the migration's backfill writes what the loader wrote."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.core.migrate import downgrade, upgrade
from app.extract.types import Extraction
from app.ingest.service import load_extractions
from app.models import Article, Quote
from tests.ingest.factories import austin_article

DAY = dt.date(2024, 1, 10)


def _dated(extraction: Extraction, day: dt.date | None, title: str) -> Extraction:
    record = replace(extraction.record, title=title, published_on=day)
    return replace(extraction, record=record, title=title)


def _quote_dates(session: Session) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """quote id -> (its published_on, its article's published_on)."""
    query = select(Quote.id, Quote.published_on, Article.published_on).join(Article)
    return {row[0]: (row[1], row[2]) for row in session.execute(query)}


def _two_articles() -> list[Extraction]:
    return [_dated(austin_article(), DAY, "Dated"), _dated(austin_article(), None, "Undated")]


def test_the_loader_copies_each_articles_date_to_its_quotes(session: Session) -> None:
    load_extractions(session, _two_articles())
    dates = list(_quote_dates(session).values())
    assert len(dates) == 2 and set(dates) == {(DAY, DAY), (None, None)}


def test_an_orm_insert_copies_its_articles_date(session: Session) -> None:
    article = Article(content_hash="f" * 64, title="T", body="B", published_on=DAY, word_count=1)
    session.add(article)
    session.flush()
    quote = Quote(article_id=article.id, text="We will.", kind="direct", speaker_resolution="none",
                  field="body", start=0, end=8)
    session.add(quote)
    session.flush()
    assert session.execute(select(Quote.published_on).where(Quote.id == quote.id)).scalar_one() == DAY


def test_the_backfill_writes_what_the_loader_wrote(migrated: tuple[str, Engine]) -> None:
    url, engine = migrated
    with Session(engine) as session:
        load_extractions(session, _two_articles())
        loaded = _quote_dates(session)
    downgrade(url, "0004")
    upgrade(url)
    with Session(engine) as session:
        assert len(loaded) == 2 and _quote_dates(session) == loaded
