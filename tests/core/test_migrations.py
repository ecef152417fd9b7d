"""The migrations are the schema's authority: they go up, down and up again on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from app.core.db import make_engine
from app.core.migrate import current_revision, downgrade, head_revision, upgrade
from app.models import Base
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
