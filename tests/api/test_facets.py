"""GET /v1/facets."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_facets_of_everything(client: TestClient) -> None:
    body = client.get("/v1/facets").json()
    assert body["articles"] == 5 and body["articles_capped"] is False
    assert [(a["name"], a["count"]) for a in body["actors"]][:2] == [("Mohammed Shia al-Sudani", 4),
                                                                     ("Lloyd Austin", 2)]
    assert body["places"][0] == {"id": body["places"][0]["id"], "name": "Iraq", "kind": "place", "count": 3}
    assert body["sources"][0]["name"] == "Asian Lite News" and body["sources"][0]["count"] == 5
    assert [(s["name"], s["count"]) for s in body["speakers"]] == [
        ("Mohammed Shia al-Sudani", 4), ("Antony Blinken", 1), ("Lloyd Austin", 1)]
    assert body["histogram_field"] == "published"
    assert body["histogram"] == [{"period": "2023-11", "count": 1}, {"period": "2023-12", "count": 1},
                                 {"period": "2024-01", "count": 2}]


def test_facets_follow_the_filters(client: TestClient) -> None:
    body = client.get("/v1/facets", params={"actor": "al-Sudani", "interval": "week", "top": 2}).json()
    assert body["articles"] == 4
    assert [p["name"] for p in body["places"]] == ["Baghdad", "Iraq"]
    assert body["histogram"] == [{"period": "2023-10-30", "count": 1}, {"period": "2023-12-04", "count": 1},
                                 {"period": "2024-01-01", "count": 1}]


def test_mentioned_date_histogram(client: TestClient) -> None:
    params = {"date_field": "mentioned", "interval": "day", "date_from": "2024-01-01"}
    body = client.get("/v1/facets", params=params).json()
    assert body["histogram_field"] == "mentioned"
    assert body["histogram"] == [{"period": "2024-01-04", "count": 1}, {"period": "2024-01-15", "count": 1}]


def test_month_precise_mentions_count_in_monthly_histograms_only(client: TestClient) -> None:
    params = {"date_field": "mentioned", "date_to": "2022-01-01"}
    monthly = client.get("/v1/facets", params=params).json()["histogram"]
    assert monthly == [{"period": "2021-12", "count": 1}]  # "December 2021"
    assert client.get("/v1/facets", params=params | {"interval": "day"}).json()["histogram"] == []
