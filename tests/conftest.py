"""Shared fixtures: migrated SQLite and PostgreSQL databases with per-test rollback.

Every database-backed test runs on both backends. The PostgreSQL leg needs
NEWSDESK_TEST_POSTGRES_URL (e.g. postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:5432/newsdesk_test);
without it that leg is skipped with a visible reason, except under CI where it is an error.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.core.db import make_engine
from app.core.migrate import upgrade

POSTGRES_ENV = "NEWSDESK_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgres"]


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return f"newsdesk: PostgreSQL leg ON ({make_url(url).render_as_string(hide_password=True)})"
    return f"newsdesk: PostgreSQL leg SKIPPED ({POSTGRES_ENV} is not set)"


def postgres_admin_url() -> str:
    """The PostgreSQL URL tests may create databases with, or skip/fail when there is none."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} must be set in CI: the PostgreSQL leg is required there")
        pytest.skip(f"PostgreSQL leg skipped: {POSTGRES_ENV} is not set")
    return url


def create_database(backend: str, tmp_dir: str) -> tuple[str, object]:
    """Create an empty database for a backend; returns its URL and a drop callback."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir}/newsdesk-test-{uuid.uuid4().hex[:8]}.db", lambda: None
    admin = make_url(postgres_admin_url())
    name = f"newsdesk_t_{uuid.uuid4().hex[:10]}"
    admin_engine = make_engine(admin.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()

    return admin.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A freshly created and migrated database, one per backend per test session."""
    url, drop = create_database(request.param, str(tmp_path_factory.mktemp(request.param)))
    upgrade(url)
    yield url
    drop()  # type: ignore[operator]


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test (commits become savepoints)."""
    with engine.connect() as conn:
        outer = conn.begin()
        sess = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield sess
        finally:
            sess.close()
            outer.rollback()


@pytest.fixture
def full_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts EntityResolver.hydrate() calls: the loader's reads of every stored entity."""
    from app.ingest.load.entities import EntityResolver

    calls: list[int] = []
    read_everything = EntityResolver.hydrate

    def counted(self: EntityResolver) -> None:
        calls.append(1)
        read_everything(self)

    monkeypatch.setattr(EntityResolver, "hydrate", counted)
    return calls
