"""GET /health reports database reachability and schema revision; docs are served without a CDN."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.migrate import head_revision
from app.main import create_app


def test_health_ok_on_migrated_database(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["schema_revision"] == head_revision()


def test_health_degraded_before_migration(tmp_path: object) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/empty.db")
    with TestClient(create_app(settings)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["schema_revision"] is None


def test_health_unavailable_when_database_unreachable() -> None:
    settings = Settings(database_url="postgresql+psycopg://nobody:x@127.0.0.1:9/none?connect_timeout=1")
    with TestClient(create_app(settings)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_docs_page_uses_local_assets(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        page = client.get("/docs")
        css = client.get("/docs-assets/swagger-ui.css")
        js = client.get("/docs-assets/swagger-ui-bundle.js")
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text
    assert "cdn.jsdelivr" not in page.text
    assert css.status_code == 200 and js.status_code == 200


def test_unknown_path_is_problem_json(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        response = client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/not-found")


def test_cors_closed_unless_configured(database_url: str) -> None:
    headers = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"}
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        closed = client.options("/health", headers=headers)
    assert "access-control-allow-origin" not in closed.headers
    settings = Settings(database_url=database_url, cors_origins=["https://elsewhere.example"])
    with TestClient(create_app(settings)) as client:
        opened = client.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert opened.headers["access-control-allow-origin"] == "https://elsewhere.example"


def test_oversize_request_body_is_413(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        response = client.post("/health", content=b"x" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert response.json()["type"].endswith("/body-too-large")
