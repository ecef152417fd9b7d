"""Actors, places, sources and /v1/resolve."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.data import Ids


def names(client: TestClient, path: str, **params: object) -> list[str]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


def test_actors_by_name_and_kind(client: TestClient) -> None:
    assert names(client, "/v1/actors") == ["Antony Blinken", "IRGC", "Kataib Hezbollah", "Lloyd Austin",
                                           "Mohammed Shia al-Sudani"]
    assert names(client, "/v1/actors", kind="organisation") == ["IRGC", "Kataib Hezbollah"]
    assert names(client, "/v1/actors", name="sudan") == ["Mohammed Shia al-Sudani"]


def test_actor_item(client: TestClient, ids: Ids) -> None:
    item = client.get("/v1/actors", params={"name": "Sudani"}).json()["items"][0]
    assert item["aliases"] == ["Al-Sudani", "Mohammed Shia al-Sudani", "Shiaa al-Sudani"]
    assert item["roles"] == ["Prime Minister"]
    assert (item["article_count"], item["quote_count"]) == (4, 4)


def test_actors_co_mentioned_and_sorted_by_articles(client: TestClient) -> None:
    assert names(client, "/v1/actors", actor="Austin") == ["Kataib Hezbollah", "Lloyd Austin",
                                                           "Mohammed Shia al-Sudani"]
    body = client.get("/v1/actors", params={"sort": "-articles", "limit": 2}).json()
    assert [i["name"] for i in body["items"]] == ["Mohammed Shia al-Sudani", "Lloyd Austin"]
    rest = client.get("/v1/actors", params={"sort": "-articles", "cursor": body["next_cursor"]}).json()
    # equal counts break ties on id, in the sort's direction
    assert [i["name"] for i in rest["items"]] == ["IRGC", "Kataib Hezbollah", "Antony Blinken"]


def test_actor_detail(client: TestClient, ids: Ids) -> None:
    body = client.get(f"/v1/actors/{ids.entities['austin']}").json()
    assert body["name"] == "Lloyd Austin" and body["roles"] == ["Defence Secretary"]
    assert [(a["name"], a["articles"]) for a in body["top_actors"]] == [
        ("Mohammed Shia al-Sudani", 2), ("Kataib Hezbollah", 1)]
    assert [p["name"] for p in body["top_places"]] == ["Iraq", "Syria"]
    assert body["date_histogram"] == [{"month": "2021-12", "published": 0, "mentioned": 1},
                                      {"month": "2023-12", "published": 1, "mentioned": 0}]
    assert client.get(f"/v1/actors/{ids.entities['erbil']}").status_code == 404  # a place, not an actor


def test_places(client: TestClient, ids: Ids) -> None:
    assert names(client, "/v1/places") == ["Baghdad", "Erbil", "Iraq", "Syria"]
    assert names(client, "/v1/places", name="irbil") == ["Erbil"]
    assert names(client, "/v1/places", country="sy") == ["Syria"]
    assert names(client, "/v1/places", near="33.3,44.4,30") == ["Baghdad"]
    assert names(client, "/v1/places", bbox="43,32,45,37") == ["Baghdad", "Erbil", "Iraq"]
    assert names(client, "/v1/places", actor="Blinken") == ["Baghdad"]
    body = client.get(f"/v1/places/{ids.entities['erbil']}").json()
    assert (body["country_code"], body["latitude"], body["article_count"]) == ("IQ", 36.19257, 1)
    assert [a["name"] for a in body["top_actors"]] == ["IRGC"]


def test_places_geojson(client: TestClient) -> None:
    response = client.get("/v1/places", params={"format": "geojson", "country": "IQ"})
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    erbil = next(f for f in collection["features"] if f["properties"]["name"] == "Erbil")
    assert erbil["geometry"] == {"type": "Point", "coordinates": [44.01062, 36.19257]}


def test_sources(client: TestClient, ids: Ids) -> None:
    body = client.get("/v1/sources").json()
    assert [s["name"] for s in body["items"]] == ["ANI", "Asian Lite News", "CNN", "Xinhua"]
    cnn = client.get(f"/v1/sources/{ids.sources['cnn']}").json()
    assert cnn == {"id": ids.sources["cnn"], "name": "CNN", "article_count": 2,
                   "roles": {"publisher": 0, "wire": 0, "cited": 2}, "quotes_reported": 2}
    assert names(client, "/v1/sources", role="wire") == ["ANI"]
    assert names(client, "/v1/sources", sort="-articles", limit=1) == ["Asian Lite News"]


def test_resolve_explains_matches(client: TestClient, ids: Ids) -> None:
    body = client.get("/v1/resolve", params={"name": "Sudani"}).json()
    assert [(m["id"], m["match"]) for m in body["matches"]] == [(ids.entities["sudani"], "contains")]
    assert body["folded"] == "sudani"
    exact = client.get("/v1/resolve", params={"name": "Shia’a al-Sudani".replace("’a", "a"),
                                              "kind": "actor"}).json()
    assert exact["matches"][0]["match"] == "exact"
    xinhua = client.get("/v1/resolve", params={"name": "XINHUA", "kind": "source"}).json()
    assert xinhua["matches"][0]["kind"] == "source"
    agency = client.get("/v1/resolve", params={"name": "Xinhua news agency", "kind": "source"}).json()
    assert [(m["name"], m["match"]) for m in agency["matches"]] == [("Xinhua", "within")]
    lite = client.get("/v1/resolve", params={"name": "lite news", "kind": "source"}).json()
    assert [(m["name"], m["match"]) for m in lite["matches"]] == [("Asian Lite News", "contains")]
    nothing = client.get("/v1/resolve", params={"name": "Blinkin"}).json()
    assert nothing["matches"] == [] and nothing["suggestions"][0] == "Antony Blinken"


def test_short_names_do_not_match_by_containment(client: TestClient) -> None:
    response = client.get("/v1/articles", params={"actor": "al"})
    assert response.status_code == 422 and response.json()["param"] == "actor"
    assert client.get("/v1/articles", params={"actor": "KH"}).json()["total"] == 1  # an exact alias
