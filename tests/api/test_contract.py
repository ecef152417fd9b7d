"""The shared contract: problem+json errors, unknown parameters, limits, cursors, exports, OpenAPI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from tests.api.data import Ids

PROBLEM = "application/problem+json"
LIST_PATHS = ["/v1/articles", "/v1/quotes", "/v1/actors", "/v1/places", "/v1/sources"]


@pytest.mark.parametrize("path", [*LIST_PATHS, "/v1/facets", "/v1/resolve"])
def test_unknown_parameter_is_rejected(client: TestClient, path: str) -> None:
    params = {"name": "x", "acter": "Sudani"} if "resolve" in path else {"acter": "Sudani"}
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["param"] == "acter" and body["type"] == "https://newsdesk.dev/problems/invalid-parameter"


@pytest.mark.parametrize(("params", "param"), [
    ({"limit": 201}, "limit"), ({"limit": 0}, "limit"), ({"date_from": "2024-13-01"}, "date_from"),
    ({"near": "36,44"}, "near"), ({"near": "95,44,10"}, "near"), ({"bbox": "45,30,40,35"}, "bbox"),
    ({"sort": "title"}, "sort"), ({"source_role": "author"}, "source_role"), ({"q": "x" * 257}, "q"),
    ({"date_from": "2024-02-01", "date_to": "2024-01-01"}, "date_from"), ({"cursor": "garbage!"}, "cursor"),
    ({"sort": "relevance"}, "sort"), ({"actor": [str(n) for n in range(21)]}, "actor"),
])
def test_bad_values_name_the_parameter(client: TestClient, params: dict[str, object], param: str) -> None:
    response = client.get("/v1/articles", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["param"] == param and body["detail"] and body["status"] == 422


def test_unknown_names_are_422_never_empty_200(client: TestClient) -> None:
    for path, param, value in [("/v1/articles", "place", "Atlantis"), ("/v1/quotes", "actor", "Nobody Atall"),
                               ("/v1/facets", "source", "Pravda"), ("/v1/places", "actor", "999999")]:
        response = client.get(path, params={param: value})
        assert response.status_code == 422, (path, response.text)
        assert response.json()["type"] == "https://newsdesk.dev/problems/unknown-name"
        assert response.json()["param"] == param


def test_cursor_from_another_sort_is_rejected(client: TestClient) -> None:
    cursor = client.get("/v1/articles", params={"limit": 1}).json()["next_cursor"]
    response = client.get("/v1/articles", params={"limit": 1, "cursor": cursor, "sort": "published_on"})
    assert response.status_code == 422 and response.json()["param"] == "cursor"


def test_csv_export_streams_every_row(client: TestClient, ids: Ids) -> None:
    response = client.get("/v1/quotes", params={"format": "csv", "speaker": "Sudani", "limit": 1})
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="quotes.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 4  # every match, not one page
    assert {r["speaker.name"] for r in rows} == {"Mohammed Shia al-Sudani"}
    assert {r["article.title"] for r in rows} >= {"Iraqi PM Vows to End US-led Coalition Presence"}
    assert sorted(r["reported_via.name"] for r in rows) == ["", "", "", "CNN"]  # a null source: empty cells


def test_csv_of_nothing_still_has_its_header(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"format": "csv", "kind": "mixed", "place": "Erbil"})
    assert response.text.splitlines() == [
        "id,text,kind,cue,speaker.id,speaker.name,speaker.kind,speaker_text,speaker_resolution,"
        "reported_via.id,reported_via.name,said_on,field,start,end,article.id,article.title,"
        "article.published_on,article.publisher"]


def test_ndjson_export(client: TestClient) -> None:
    response = client.get("/v1/articles", params={"format": "ndjson", "section": "Top News"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["title"][:4] for line in lines] == ["IRGC", "Aust", "US, "]


def test_csv_lists_join_names_and_roles(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/v1/articles", params={"format": "csv",
                                                                               "place": "Erbil"}).text)))
    assert rows[0]["sources"] == "Asian Lite News (publisher); ANI (wire); Xinhua (cited)"
    assert rows[0]["sections"] == "Top News"


def test_articles_geojson(client: TestClient, ids: Ids) -> None:
    collection = client.get("/v1/articles", params={"format": "geojson", "place": "Erbil"}).json()
    [feature] = collection["features"]
    assert feature["id"] == ids.articles["erbil"]
    assert feature["geometry"] == {"type": "MultiPoint", "coordinates": [[44.01062, 36.19257], [44.0, 33.0]]}
    assert feature["properties"]["places"] == ["Erbil", "Iraq"]


def test_export_of_an_unknown_name_is_still_a_422(client: TestClient) -> None:
    response = client.get("/v1/articles", params={"format": "csv", "actor": "Nobody Atall"})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_an_export_with_a_cursor_is_a_422(client: TestClient, path: str, fmt: str) -> None:
    """An export streams every match from the first: a cursor (of a JSON page) cannot apply to it."""
    cursor = client.get(path, params={"limit": 1}).json()["next_cursor"]
    assert cursor
    response = client.get(path, params={"format": fmt, "cursor": cursor})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert response.json()["param"] == "cursor"


def test_count_cap_flags_totals(client: TestClient) -> None:
    client.app.state.settings.count_cap = 3  # type: ignore[attr-defined]
    body = client.get("/v1/articles").json()
    assert (body["total"], body["total_capped"]) == (3, True)
    assert len(body["items"]) == 5


def test_every_operation_has_a_description_and_an_example(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operations = [(path, op) for path, item in schema["paths"].items() if path.startswith("/v1")
                  for op in item.values()]
    assert len(operations) == 12
    for path, op in operations:
        assert op["description"], path
        content = op["responses"]["200"]["content"]["application/json"]
        assert content.get("example"), path
