"""The serving path: routes send the bytes FastAPI's own response_model serialisation would, in one hop."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.actors.schemas import ActorFilters
from app.actors.service import get_actor, list_actors
from app.articles.detail import get_article
from app.articles.schemas import ArticleFilters
from app.articles.service import list_articles
from app.core.config import Settings
from app.core.export import coalesce
from app.main import create_app
from app.places.schemas import PlaceFilters
from app.places.service import get_place, list_places
from app.quotes.schemas import QuoteFilters
from app.quotes.service import get_quote, list_quotes
from app.search.schemas import ResolveKind
from app.search.service import resolve_name
from app.sources.schemas import SourceFilters
from app.sources.service import get_source, list_sources
from app.stats.schemas import FacetFilters
from app.stats.service import facets
from tests.api.data import Ids

CAP = Settings().count_cap
Call = Callable[[Session, Ids], Any]

# (path template, route path, what FastAPI would have been handed: the service's result)
CASES: list[tuple[str, str, Call]] = [
    ("/v1/articles", "/v1/articles",
     lambda s, _: list_articles(s, filters=ArticleFilters(), count_cap=CAP)),
    ("/v1/articles?actor=Sudani&limit=2", "/v1/articles",
     lambda s, _: list_articles(s, filters=ArticleFilters(actor=["Sudani"], limit=2), count_cap=CAP)),
    ("/v1/articles/{article}", "/v1/articles/{article_id}",
     lambda s, ids: get_article(s, article_id=ids.articles["talks"])),
    ("/v1/quotes?limit=3", "/v1/quotes",
     lambda s, _: list_quotes(s, filters=QuoteFilters(limit=3), count_cap=CAP)),
    ("/v1/quotes/{quote}", "/v1/quotes/{quote_id}",
     lambda s, ids: get_quote(s, quote_id=next(iter(ids.quotes.values())))),
    ("/v1/actors", "/v1/actors", lambda s, _: list_actors(s, filters=ActorFilters(), count_cap=CAP)),
    ("/v1/actors/{sudani}", "/v1/actors/{actor_id}",
     lambda s, ids: get_actor(s, actor_id=ids.entities["sudani"])),
    ("/v1/places", "/v1/places", lambda s, _: list_places(s, filters=PlaceFilters(), count_cap=CAP)),
    ("/v1/places/{erbil}", "/v1/places/{place_id}",
     lambda s, ids: get_place(s, place_id=ids.entities["erbil"])),
    ("/v1/sources", "/v1/sources", lambda s, _: list_sources(s, filters=SourceFilters(), count_cap=CAP)),
    ("/v1/sources/{cnn}", "/v1/sources/{source_id}",
     lambda s, ids: get_source(s, source_id=ids.sources["cnn"])),
    ("/v1/facets", "/v1/facets", lambda s, _: facets(s, filters=FacetFilters(), count_cap=CAP)),
    ("/v1/resolve?name=Sudani", "/v1/resolve",
     lambda s, _: resolve_name(s, name="Sudani", kind=ResolveKind.ANY)),
]


def _url(template: str, ids: Ids) -> str:
    first_quote = next(iter(ids.quotes.values()))
    return template.format(article=ids.articles["talks"], quote=first_quote, sudani=ids.entities["sudani"],
                           erbil=ids.entities["erbil"], cnn=ids.sources["cnn"])


class RouteSpy:
    """The app, remembering which route answered the last HTTP request."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.route: APIRoute | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            self.route = scope.get("route")


@pytest.fixture
def spy(app: FastAPI, ids: Ids) -> Iterator[tuple[RouteSpy, TestClient]]:
    routes = RouteSpy(app)
    with TestClient(routes) as client:
        yield routes, client


def _fastapi_bytes(route: APIRoute | None, result: Any) -> bytes:
    """What FastAPI sends for a returned value: validated against response_model, then dumped to JSON."""
    assert route is not None and route.response_field is not None
    value, errors = route.response_field.validate(result, {}, loc=("response",))
    assert not errors
    body: bytes = route.response_field.serialize_json(value)
    return body


@pytest.mark.parametrize(("template", "route_path", "call"), CASES, ids=[case[0] for case in CASES])
def test_json_bodies_are_what_fastapi_would_send(
    spy: tuple[RouteSpy, TestClient], session: Session, ids: Ids, template: str, route_path: str, call: Call
) -> None:
    routes, client = spy
    response = client.get(_url(template, ids))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert routes.route is not None and route_path.endswith(routes.route.path)
    assert response.content == _fastapi_bytes(routes.route, call(session, ids))


def test_routes_keep_their_response_models_in_openapi(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    page = paths["/v1/articles"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert page == {"$ref": "#/components/schemas/Page_ArticleRead_"}
    detail = paths["/v1/quotes/{quote_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert detail["schema"] == {"$ref": "#/components/schemas/QuoteRead"}


@pytest.fixture
def real_app(database_url: str) -> Iterator[TestClient]:
    """The app with its own request sessions (no test session injected), a 200 ms budget."""
    with TestClient(create_app(Settings(database_url=database_url, db_time_budget_ms=200))) as client:
        yield client


def test_a_json_request_takes_one_threadpool_hop_for_its_session(
    real_app: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import anyio.to_thread

    calls: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counting(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(func, "__qualname__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    assert real_app.get("/v1/articles/1").status_code == 404
    assert len(calls) == 1, calls  # the query, its JSON and the session's release together
    calls.clear()
    assert real_app.get("/v1/resolve", params={"name": "nobody"}).status_code == 200
    assert len(calls) == 1, calls


def test_a_request_that_fails_validation_never_connects(real_app: TestClient) -> None:
    pool = real_app.app.state.engine.pool  # type: ignore[attr-defined]
    before = pool.checkedout()
    assert real_app.get("/v1/articles", params={"limit": 0}).status_code == 422
    assert pool.checkedout() == before


def test_timeouts_keep_their_documented_detail(real_app: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.core.test_budget import SLOW

    def runaway(session: Session, **_: Any) -> Any:
        return session.execute(text(SLOW[session.get_bind().dialect.name])).scalar_one()

    monkeypatch.setattr("app.articles.router.list_articles", runaway)
    started = time.monotonic()
    body = real_app.get("/v1/articles").json()
    assert body["status"] == 503 and body["type"].endswith("/query-timeout")
    assert body["detail"] == "The query needed more than the 200 ms database budget; narrow the filters."
    assert time.monotonic() - started < 5


def test_a_pooled_connection_forgets_the_last_requests_deadline(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's timeout is transaction-local: nothing outlives the request")
    with TestClient(create_app(Settings(database_url=database_url, db_time_budget_ms=50))) as client:
        assert client.get("/v1/articles").status_code == 200
        time.sleep(0.1)  # that request's deadline is now in the past
        engine = client.app.state.engine  # type: ignore[attr-defined]
        with engine.connect() as conn:  # the same pooled connection, outside any request
            count = text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
                         "SELECT count(*) FROM n")
            assert conn.execute(count).scalar_one() == 300000


def test_coalesce_sends_few_large_pieces_of_the_same_text() -> None:
    rows = [f"row {i},x\n" for i in range(10_000)]
    pieces = list(coalesce(iter(rows), size=1000))
    assert "".join(pieces) == "".join(rows)
    assert all(len(piece) >= 1000 for piece in pieces[:-1])
    assert len(pieces) < len(rows) / 50


def test_coalesce_is_lazy() -> None:
    pulled: list[int] = []

    def rows() -> Iterator[str]:
        for i in range(100):
            pulled.append(i)
            yield "x" * 10

    first = next(coalesce(rows(), size=30))
    assert first == "x" * 30 and len(pulled) == 3
