"""POST /v1/articles with the admin token: real extraction and loader, 201, then 200 for the same content."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.articles import ingest as ingest_module
from app.articles.ingest import shared_extractor
from app.core.config import Settings
from app.core.migrate import upgrade
from app.main import create_app
from tests.conftest import BACKENDS, create_database

pytestmark = pytest.mark.nlp

AUTH = {"Authorization": "Bearer s3cret"}
BODY = (
    "Iraqi Prime Minister Mohammed Shia al-Sudani said on Sunday that talks on ending the mission of "
    "the US-led coalition would begin soon. \u201cThe coalition has fulfilled its purpose,\u201d al-Sudani "
    "told reporters in Baghdad."
)
ARTICLE: dict[str, object] = {
    "title": "Iraq says coalition talks will begin soon",
    "body": BODY,
    "published_on": "2024-01-14", "publisher": "Asian Lite News", "sections": ["Top News"],
}


@pytest.fixture(scope="module", params=BACKENDS)
def admin(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app with an admin token over a database of its own (the POSTs commit)."""
    url, drop = create_database(request.param, str(tmp_path_factory.mktemp(f"admin-{request.param}")))
    upgrade(url)
    try:
        with TestClient(create_app(Settings(database_url=url, admin_token="s3cret"))) as client:
            yield client
    finally:
        drop()  # type: ignore[operator]


def test_ingest_one_article_then_the_same_again(admin: TestClient) -> None:
    shared_extractor.cache_clear()
    created = admin.post("/v1/articles", json=ARTICLE, headers=AUTH)
    assert created.status_code == 201, created.text
    article = created.json()
    assert article["title"] == ARTICLE["title"] and article["published_on"] == "2024-01-14"
    assert article["publisher"] == "Asian Lite News" and article["sections"] == ["Top News"]
    assert any("Sudani" in actor["name"] for actor in article["actors"])
    assert any(place["name"] == "Baghdad" for place in article["places"])
    assert any("fulfilled its purpose" in quote["text"] for quote in article["quotes"])

    again = admin.post("/v1/articles", json=ARTICLE | {"body": BODY + "  "}, headers=AUTH)
    assert again.status_code == 200 and again.json()["id"] == article["id"]  # same content hash
    assert admin.get(f"/v1/articles/{article['id']}").json()["body"] == BODY
    assert admin.get("/v1/articles").json()["total"] == 1

    other = admin.post("/v1/articles", json={"title": "Erbil strike", "body": "A strike hit Erbil."},
                       headers=AUTH)
    assert other.status_code == 201 and other.json()["id"] != article["id"]
    assert shared_extractor.cache_info().misses == 1  # the model was loaded once, on first use


@pytest.mark.parametrize("body", [{"title": "t"}, {"title": "", "body": "b"}, {"title": "t", "body": "b",
                                  "published_on": "2024-02-30"}, {"title": "t", "body": "b", "extra": 1}])
def test_malformed_article_is_422(admin: TestClient, body: dict[str, object]) -> None:
    response = admin.post("/v1/articles", json=body, headers=AUTH)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_posts_keep_their_entity_resolver(
    admin: TestClient, monkeypatch: pytest.MonkeyPatch, full_reads: list[int]
) -> None:
    """A POST catches the kept resolver up instead of reading every stored entity; a failed load drops it."""
    first = admin.post("/v1/articles", json=ARTICLE | {"title": "Coalition talks: day one"}, headers=AUTH)
    kept = admin.app.state.kept_entities  # type: ignore[attr-defined]
    second = admin.post("/v1/articles", json=ARTICLE | {"title": "Coalition talks: day two"}, headers=AUTH)
    assert (first.status_code, second.status_code, full_reads) == (201, 201, [])
    assert admin.app.state.kept_entities is kept is not None  # type: ignore[attr-defined]
    sudani = [{a["id"] for a in r.json()["actors"] if "Sudani" in a["name"]} for r in (first, second)]
    assert sudani[0] == sudani[1] and len(sudani[0]) == 1  # the same person, resolved by the kept resolver

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ingest_module, "load_extractions", broken)
    with pytest.raises(RuntimeError):
        admin.post("/v1/articles", json=ARTICLE | {"title": "Coalition talks: day three"}, headers=AUTH)
    assert admin.app.state.kept_entities is None  # type: ignore[attr-defined]
