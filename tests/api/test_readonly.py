"""Read-only by default: no method but GET changes anything, the write route needs the admin token and
does not exist without one; CORS, when configured, allows GET only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.main import create_app
from app.models.base import Base

WRITES = ["POST", "PUT", "PATCH", "DELETE"]
ORIGIN = "https://newsroom.example"
PREFLIGHT_GET = {"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}


def _concrete_paths(app: Any) -> list[str]:
    paths = [*create_app(Settings()).openapi()["paths"], "/openapi.json", "/docs", "/v1/articles/1/quotes"]
    return [re.sub(r"\{[^}]+\}", "1", path) for path in paths]


def _row_counts(session: Session) -> dict[str, int]:
    return {t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables}


@pytest.mark.parametrize("method", WRITES)
def test_no_write_method_on_any_path_changes_data(client: TestClient, session: Session, method: str) -> None:
    before = _row_counts(session)
    for path in _concrete_paths(client.app):
        response = client.request(method, path, json={"title": "t", "body": "b", "name": "x"})
        assert response.status_code in (404, 405), (method, path, response.status_code)
        assert response.headers["content-type"] == "application/problem+json"
    assert _row_counts(session) == before


def test_write_route_is_absent_without_a_token(client: TestClient) -> None:
    response = client.post("/v1/articles", json={"title": "t", "body": "b"},
                           headers={"Authorization": "Bearer anything"})
    assert response.status_code == 405 and response.headers["allow"] == "GET"
    assert "post" not in client.get("/openapi.json").json()["paths"]["/v1/articles"]


@pytest.fixture
def admin_client(engine: Engine) -> Any:
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), admin_token="s3cret")
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Bearer s3cre", "Bearer s3cret2", "s3cret",
                                           "Basic czNjcmV0", "Bearer "])
def test_write_route_refuses_a_missing_or_wrong_token(admin_client: TestClient, engine: Engine,
                                                      authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with Session(engine) as session:
        before = _row_counts(session)
    response = admin_client.post("/v1/articles", json={"title": "t", "body": "b"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["type"].endswith("/unauthorized")
    with Session(engine) as session:
        assert _row_counts(session) == before


def test_token_is_compared_in_constant_time(
    admin_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hmac

    from app.core import auth

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth, "hmac", type("FakeHmac", (), {"compare_digest": staticmethod(spy)}))
    admin_client.post("/v1/articles", json={"title": "t", "body": "b"}, headers={"Authorization": "Bearer x"})
    assert calls == [(b"x", b"s3cret")]


def test_write_route_is_documented_with_a_token(admin_client: TestClient) -> None:
    operation = admin_client.get("/openapi.json").json()["paths"]["/v1/articles"]["post"]
    assert {"200", "201", "400", "401", "413", "422"} <= set(operation["responses"])
    assert operation["security"]


def test_cors_closed_by_default(client: TestClient) -> None:
    preflight = client.options("/v1/articles", headers=PREFLIGHT_GET)
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in client.get("/v1/articles", headers={"Origin": ORIGIN}).headers


def test_cors_when_configured_allows_get_only(database_url: str) -> None:
    settings = Settings(database_url=database_url, cors_origins=[ORIGIN], admin_token="s3cret")
    with TestClient(create_app(settings)) as client:
        allowed = client.options("/v1/articles", headers=PREFLIGHT_GET)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == ORIGIN
        assert allowed.headers["access-control-allow-methods"] == "GET"
        for method in WRITES:
            refused = client.options("/v1/articles",
                                     headers={"Origin": ORIGIN, "Access-Control-Request-Method": method})
            assert refused.status_code == 400 and "method" in refused.text.lower(), method
            assert refused.headers["access-control-allow-methods"] == "GET"
        other = client.options("/v1/articles", headers={"Origin": "https://evil.example",
                                                        "Access-Control-Request-Method": "GET"})
        assert other.status_code == 400 and "access-control-allow-origin" not in other.headers
