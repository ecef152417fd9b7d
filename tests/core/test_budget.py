"""A query that outlives the per-request database budget is cancelled and reported as 503 problem+json."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.core.budget import time_budget
from app.core.config import Settings
from app.core.deps import SessionDep
from app.core.errors import QueryTimeout
from app.main import create_app

# A statement that runs for many seconds on each backend unless it is cancelled.
SLOW = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000000) "
    "SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(20)",
}


def _app_with_slow_route(database_url: str, budget_ms: int) -> FastAPI:
    app = create_app(Settings(database_url=database_url, db_time_budget_ms=budget_ms))

    @app.get("/slow")
    def slow(session: SessionDep) -> dict[str, int]:
        dialect = session.get_bind().dialect.name
        return {"n": session.execute(text(SLOW[dialect])).scalar_one()}

    @app.get("/fast")
    def fast(session: SessionDep) -> dict[str, int]:
        return {"n": session.execute(text("SELECT 1")).scalar_one()}

    return app


def test_slow_request_is_503_within_budget(database_url: str) -> None:
    with TestClient(_app_with_slow_route(database_url, 300)) as client:
        started = time.monotonic()
        response = client.get("/slow")
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("/query-timeout")
        assert elapsed < 5
        # The connection goes back to the pool healthy: the next request on it works.
        assert client.get("/fast").json() == {"n": 1}


def test_budget_context_raises_domain_error(engine: object) -> None:
    from sqlalchemy.orm import Session

    with Session(engine) as session:  # type: ignore[arg-type]
        dialect = session.get_bind().dialect.name
        with pytest.raises(QueryTimeout), time_budget(session, 200):
            session.execute(text(SLOW[dialect]))
