"""OWASP API4 limits: page size, query length, values per filter, database time, body size, lazy exports."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.errors import QueryTimeout
from app.core.export import stream_items
from app.core.pagination import BudgetedSessions, Page
from app.main import create_app
from tests.core.test_budget import SLOW

LISTS = ["/v1/articles", "/v1/quotes", "/v1/actors", "/v1/places", "/v1/sources"]
SEARCHABLE = ["/v1/articles", "/v1/quotes", "/v1/actors", "/v1/places", "/v1/facets"]
KNOWN = {"actor": "Sudani", "place": "Erbil", "source": "CNN", "section": "Top News", "speaker": "Sudani",
         "reported_via": "CNN", "kind": "direct"}
REPEATABLE = [(path, param) for path in ("/v1/articles", "/v1/actors", "/v1/places", "/v1/facets")
              for param in ("actor", "place", "source", "section")]
REPEATABLE += [("/v1/quotes", param) for param in KNOWN]
# where each list endpoint's service is looked up by its router
SERVICES = {
    "/v1/articles": "app.articles.router.list_articles", "/v1/quotes": "app.quotes.router.list_quotes",
    "/v1/actors": "app.actors.router.list_actors", "/v1/places": "app.places.router.list_places",
    "/v1/sources": "app.sources.router.list_sources", "/v1/facets": "app.stats.router.facet_data",
}


def _problem(response: Any, status: int, param: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    if param is not None:
        assert body["param"] == param, body
    return body


@pytest.mark.parametrize("path", LISTS)
def test_limit_at_most_200(client: TestClient, path: str) -> None:
    assert client.get(path, params={"limit": 200}).status_code == 200
    _problem(client.get(path, params={"limit": 201}), 422, "limit")
    _problem(client.get(path, params={"limit": 0}), 422, "limit")


@pytest.mark.parametrize("path", SEARCHABLE)
def test_q_at_most_256_characters(client: TestClient, path: str) -> None:
    assert client.get(path, params={"q": "Erbil " + "x" * 250}).status_code == 200
    body = _problem(client.get(path, params={"q": "x" * 257}), 422, "q")
    assert "256" in body["detail"]


@pytest.mark.parametrize(("path", "param"), REPEATABLE)
def test_repeatable_filters_take_at_most_20_values(client: TestClient, path: str, param: str) -> None:
    assert client.get(path, params={param: [KNOWN[param]] * 20}).status_code == 200
    body = _problem(client.get(path, params={param: [KNOWN[param]] * 21}), 422, param)
    assert "20" in body["detail"]


def test_request_body_over_1_mib_is_413(database_url: str) -> None:
    settings = Settings(database_url=database_url, admin_token="s3cret")
    with TestClient(create_app(settings)) as client:
        _problem(client.post("/v1/articles", content=b"x" * (1024 * 1024 + 1)), 413)
        _problem(client.post("/v1/quotes", content=b"x" * (1024 * 1024 + 1)), 413)

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while the body is read
            for _ in range(17):
                yield b"x" * 65536

        headers = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
        _problem(client.post("/v1/articles", content=chunks(), headers=headers), 413)


@pytest.fixture
def slow_app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The real app (real request sessions) whose list and facet services all run a runaway query."""

    def runaway(session: Session, **_: Any) -> Any:
        return session.execute(text(SLOW[session.get_bind().dialect.name])).scalar_one()

    for target in SERVICES.values():
        monkeypatch.setattr(target, runaway)
    with TestClient(create_app(Settings(database_url=database_url, db_time_budget_ms=200))) as client:
        yield client


@pytest.mark.parametrize("path", [*SERVICES, "/v1/quotes?format=csv", "/v1/articles?format=geojson"])
def test_list_facet_and_export_endpoints_honour_the_time_budget(slow_app: TestClient, path: str) -> None:
    started = time.monotonic()
    body = _problem(slow_app.get(path), 503)
    assert body["type"].endswith("/query-timeout")
    assert time.monotonic() - started < 5


def test_later_export_pages_are_budgeted(engine: Any) -> None:
    """Pages after the first are read in sessions of their own, each inside the budget."""
    from sqlalchemy.orm import sessionmaker

    sessions = BudgetedSessions(sessionmaker(engine), budget_ms=200)
    started = time.monotonic()
    with pytest.raises(QueryTimeout), sessions() as session:
        session.execute(text(SLOW[engine.dialect.name]))
    assert time.monotonic() - started < 5


def test_exports_hold_one_page_at_a_time() -> None:
    """A page is fetched only when the previous one has been written out."""
    fetched: list[str | None] = []

    def fetch(_session: Any, cursor: str | None) -> Page[int]:
        fetched.append(cursor)
        start = int(cursor or 0)
        following = str(start + 3) if start < 6 else None
        return Page[int](items=list(range(start, start + 3)), next_cursor=following, total=None)

    class NoSession:
        def __call__(self) -> Any:
            from contextlib import nullcontext

            return nullcontext(None)

    items = stream_items(fetch(None, None), NoSession(), fetch)
    assert [next(items) for _ in range(3)] == [0, 1, 2] and fetched == [None]
    assert next(items) == 3 and fetched == [None, "3"]
    assert list(items) == [4, 5, 6, 7, 8] and fetched == [None, "3", "6"]


def test_http_export_reads_page_by_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.quotes import router

    limits: list[int] = []
    real = router.list_quotes  # type: ignore[attr-defined]

    def spy(session: Session, **kwargs: Any) -> Any:
        limits.append(kwargs["filters"].limit)
        return real(session, **kwargs)

    monkeypatch.setattr("app.core.export.EXPORT_PAGE_SIZE", 3)
    monkeypatch.setattr(router, "list_quotes", spy)
    lines = client.get("/v1/quotes", params={"format": "ndjson"}).text.splitlines()
    assert len(lines) == 8
    assert limits == [3, 3, 3]  # 8 rows, never more than one page of 3 in hand
