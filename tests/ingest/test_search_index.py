"""The loader writes its batches' full-text rows itself, in search-key order (SQLite, migration 0008).

The insert trigger is paused for the batch by a row that only the loader's transaction sees; whatever
happens, the row is gone when the batch's insert ends, and every article is indexed under its key.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import make_engine
from app.core.migrate import upgrade
from app.ingest.load.articles import _indexed_in_key_order
from app.ingest.service import ingest_paths
from app.models import Article
from app.search.fts import search_key
from tests.ingest.factories import fake_extractor

DATA = Path(__file__).resolve().parents[1] / "data"


def _keys(engine: Engine) -> tuple[set[int], set[int]]:
    """The full-text rowids stored, and the search keys of the articles stored."""
    with engine.connect() as conn:
        stored = set(conn.execute(text("SELECT rowid FROM articles_fts")).scalars())
        articles = conn.execute(text("SELECT id, published_on FROM articles")).all()
    return stored, {search_key(dt.date.fromisoformat(day) if day else None, i) for i, day in articles}


def _paused(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM articles_fts_pause")).scalar_one())


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    url = f"sqlite:///{tmp_path}/keys.db"
    upgrade(url)
    return make_engine(url)


def test_an_ingest_indexes_every_article_under_its_key(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, batch_size=4)
    report = ingest_paths([str(DATA / "ingest"), str(DATA / "bad")], settings=settings,
                          extractor=fake_extractor, progress=False, echo=False)
    assert report.added == 18
    stored, expected = _keys(engine)
    assert stored == expected and len(expected) == 18
    assert any(key >> 32 == 0 for key in stored) and any(key >> 32 for key in stored)  # undated and dated
    assert _paused(engine) == 0
    with engine.connect() as conn:  # the words are indexed, not only the keys
        found = list(conn.execute(text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'dhaka'")))
        dhaka = conn.execute(text("SELECT id, published_on FROM articles WHERE title LIKE '%Dhaka%'")).one()
    assert found == [(search_key(dt.date.fromisoformat(dhaka[1]), dhaka[0]),)]


def test_a_failed_insert_leaves_the_trigger_running(engine: Engine) -> None:
    def fails() -> list[tuple[object, ...]]:
        raise RuntimeError("the insert failed")

    with Session(engine) as session:
        with pytest.raises(RuntimeError, match="the insert failed"):
            _indexed_in_key_order(session, fails)
        assert session.execute(text("SELECT count(*) FROM articles_fts_pause")).scalar_one() == 0
        session.add(Article(content_hash="f" * 64, title="Port strike ends", body="Dockers returned.",
                            published_on=dt.date(2025, 1, 2)))
        session.commit()
    stored, expected = _keys(engine)
    assert stored == expected and len(expected) == 1
    assert _paused(engine) == 0
