"""The API over real HTTP (uvicorn on a free port) and /docs in headless Chromium, hand-made archive."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import make_engine
from app.core.migrate import upgrade
from app.main import create_app
from tests.api.build import build
from tests.api.server import serving
from tests.conftest import BACKENDS, create_database

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ENDPOINTS = ["/v1/articles", "/v1/quotes", "/v1/actors", "/v1/places", "/v1/sources", "/v1/resolve",
             "/v1/facets"]


@pytest.fixture(scope="module", params=BACKENDS)
def base_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a fresh, committed copy of the hand-made archive."""
    url, drop = create_database(request.param, str(tmp_path_factory.mktemp(f"http-{request.param}")))
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            build(session)
            session.commit()
        with serving(create_app(Settings(database_url=url))) as base:
            yield base
    finally:
        engine.dispose()
        drop()  # type: ignore[operator]


def test_pages_and_problems_over_http(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client:
        page = client.get("/v1/quotes", params={"speaker": "Sudani", "limit": 2}).json()
        assert page["total"] == 4 and len(page["items"]) == 2 and page["next_cursor"]
        problem = client.get("/v1/articles", params={"place": "Atlantis"})
        assert problem.status_code == 422
        assert problem.headers["content-type"] == "application/problem+json"


def test_exports_stream_across_pages(base_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Later export pages are read in the stream's own session, after the response has started."""
    monkeypatch.setattr("app.core.export.EXPORT_PAGE_SIZE", 3)  # 8 quotes and 5 articles span pages
    with httpx.Client(base_url=base_url) as client:
        lines = client.get("/v1/quotes", params={"format": "ndjson"}).text.splitlines()
        assert len(lines) == 8 and len({json.loads(line)["id"] for line in lines}) == 8
        geo = client.get("/v1/articles", params={"format": "geojson"}).json()
        assert len(geo["features"]) == 5


@pytest.mark.browser
def test_docs_render_in_headless_chromium(base_url: str, tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: the /docs browser test needs /usr/bin/chromium")
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000",
             "--virtual-time-budget=10000"]
    screenshot = tmp_path / "docs.png"
    subprocess.run([*flags, f"--screenshot={screenshot}", f"{base_url}/docs"], check=True,
                   capture_output=True, timeout=120)
    assert screenshot.stat().st_size > 20_000  # a rendered page, not a blank one
    dom = subprocess.run([*flags, "--dump-dom", f"{base_url}/docs"], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    assert "swagger-ui" in dom and "opblock" in dom  # Swagger UI rendered the operations
    for path in ENDPOINTS:
        assert path in dom, path
    assert "List and search quotes" in dom
