"""The migrations are the schema's authority: they go up, down and up again on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from app.core.db import make_engine
from app.core.migrate import current_revision, downgrade, head_revision, upgrade
from app.models import Article, Base
from app.search.fts import search_key
from tests.conftest import BACKENDS, create_database


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_downgrade_upgrade(backend: str, tmp_path: object) -> None:
    url, drop = create_database(backend, str(tmp_path))
    engine = make_engine(url)
    try:
        upgrade(url)
        assert current_revision(engine) == head_revision()
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        downgrade(url)
        assert current_revision(engine) is None
        assert "articles" not in inspect(engine).get_table_names()
        upgrade(url)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
        drop()  # type: ignore[operator]


def test_models_match_migrations(engine: object) -> None:
    """Autogenerate finds nothing to change: the ORM mirrors the migrated schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:  # type: ignore[attr-defined]
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # The full-text objects (FTS5 tables, tsvector columns) exist only in migrations on purpose.
    relevant = [d for d in diff if "fts" not in str(d) and "search_vector" not in str(d)]
    assert relevant == []


def test_search_keys_migrate_with_the_articles(tmp_path: object) -> None:
    """0008 re-keys a stored archive's full-text rows by date and id, and 0007 gives them back their ids:
    both ways the same words find the same articles, and new articles are keyed by the triggers."""
    url, _ = create_database("sqlite", str(tmp_path))
    engine = make_engine(url)
    days = [dt.date(2024, 1, 2), None, dt.date(1999, 12, 31)]

    def add(n: int, day: dt.date | None) -> int:
        with Session(engine) as session, session.begin():
            article = Article(content_hash=f"{n:064d}", title=f"Harbour report {n}",
                              body="The harbour reopened.", published_on=day)
            session.add(article)
            session.flush()
            return article.id

    def found() -> set[int]:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'harbour'"))
            return set(rows.scalars())

    try:
        upgrade(url, "0007")
        ids = {add(n, day): day for n, day in enumerate(days)}
        assert found() == set(ids)
        upgrade(url)
        assert found() == {search_key(day, i) for i, day in ids.items()}
        ids[add(9, dt.date(2026, 12, 6))] = dt.date(2026, 12, 6)
        assert found() == {search_key(day, i) for i, day in ids.items()}
        downgrade(url, "0007")
        assert found() == set(ids)
    finally:
        engine.dispose()
