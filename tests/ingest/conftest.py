"""Fixtures shared by the ingest tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.core.db import make_engine
from app.core.migrate import upgrade
from tests.conftest import BACKENDS, create_database


@pytest.fixture(params=BACKENDS)
def migrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """A fresh database on each backend, migrated to head: (url, engine)."""
    url, drop = create_database(request.param, str(tmp_path))
    upgrade(url)
    engine = make_engine(url)
    yield url, engine
    engine.dispose()
    drop()  # type: ignore[operator]


@pytest.fixture(params=BACKENDS)
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """(backend, first URL, second URL): two empty migrated databases of one backend."""
    made = [create_database(request.param, str(tmp_path)) for _ in range(2)]
    for url, _ in made:
        upgrade(url)
    yield request.param, made[0][0], made[1][0]
    for _, drop in made:
        drop()  # type: ignore[operator]
