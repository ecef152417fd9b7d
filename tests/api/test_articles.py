"""GET /v1/articles and /v1/articles/{id} on both backends, over the hand-made archive."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.data import Ids


def ids_of(client: TestClient, **params: Any) -> list[int]:
    response = client.get("/v1/articles", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_default_order_is_newest_first_with_undated_last(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    assert ids_of(client) == [a["erbil"], a["vow"], a["austin"], a["blinken"], a["talks"]]


def test_envelope_and_list_item(client: TestClient, ids: Ids) -> None:
    body = client.get("/v1/articles", params={"place": "Erbil"}).json()
    assert body["total"] == 1 and body["total_capped"] is False and body["next_cursor"] is None
    item = body["items"][0]
    assert item["title"] == "IRGC Missile Strike on Erbil Kills Four"
    assert item["publisher"] == "Asian Lite News" and item["wire"] == "ANI"
    assert {(s["name"], s["role"]) for s in item["sources"]} == {
        ("Asian Lite News", "publisher"), ("ANI", "wire"), ("Xinhua", "cited")}
    assert item["sections"] == ["Top News"]
    assert (item["quote_count"], item["actor_count"], item["place_count"]) == (1, 1, 2)
    assert item["published_on"] == "2024-01-16"


def test_place_alias_and_id_find_the_same_article(client: TestClient, ids: Ids) -> None:
    expected = [ids.articles["erbil"]]
    assert ids_of(client, place="Irbil") == expected
    assert ids_of(client, place=str(ids.entities["erbil"])) == expected


def test_actor_name_variants(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    expected = sorted([a["talks"], a["vow"], a["blinken"], a["austin"]])
    for name in ("al-Sudani", "Mohammed Shia al-Sudani", "Sudani", "MOHAMMED SHIA’ AL-SUDANI",
                 "Shiaa al-Sudani", "al Sudani"):
        assert sorted(ids_of(client, actor=name)) == expected, name


def test_actor_match_all_and_any(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    both = ids_of(client, actor=["Sudani", "Austin"])
    assert sorted(both) == sorted([a["talks"], a["austin"]])
    either = ids_of(client, actor=["Blinken", "IRGC"], actor_match="any")
    assert sorted(either) == sorted([a["erbil"], a["blinken"]])


def test_source_with_role(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    assert ids_of(client, source="Xinhua", source_role="cited") == [a["erbil"]]
    assert ids_of(client, source="Xinhua", source_role="wire") == []
    assert ids_of(client, source="cnn", source_role="cited") == [a["blinken"], a["talks"]]
    assert ids_of(client, source_role="wire") == [a["erbil"], a["vow"]]


def test_published_date_range_excludes_undated(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    assert ids_of(client, date_from="2023-12-01", date_to="2024-01-05") == [a["vow"], a["austin"]]
    assert a["talks"] not in ids_of(client, date_from="1900-01-01")


def test_mentioned_date_range(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    assert ids_of(client, date_field="mentioned", date_from="2024-01-01", date_to="2024-01-31") == [
        a["erbil"], a["vow"]]
    # a month-precision mention ("December 2021") overlaps a range inside that month
    one_day = {"date_field": "mentioned", "date_from": "2021-12-15", "date_to": "2021-12-15"}
    assert ids_of(client, **one_day) == [a["talks"]]


def test_section_is_case_insensitive(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    assert ids_of(client, section="usa") == [a["austin"], a["blinken"]]


def test_near_and_bbox(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    assert ids_of(client, near="36.2,44.0,20") == [a["erbil"]]
    assert ids_of(client, near="33.3,44.4,30") == [a["vow"], a["blinken"]]
    # west,south,east,north around Syria's centroid only
    assert ids_of(client, bbox="37,34,39,36") == [a["austin"]]


def test_full_text_phrase_or_not(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    assert ids_of(client, q='"missile strike"') == [a["erbil"]]
    assert sorted(ids_of(client, q="Erbil OR Blinken")) == sorted([a["erbil"], a["blinken"]])
    assert sorted(ids_of(client, q="coalition -Baghdad")) == [a["talks"]]
    assert sorted(ids_of(client, q="coalition NOT memorial")) == [a["talks"]]
    assert ids_of(client, q="strikes", sort="-published_on") == [a["erbil"], a["austin"]]  # stemmed


def test_relevance_puts_title_matches_first(client: TestClient, ids: Ids) -> None:
    a = ids.articles
    assert ids_of(client, q="Baghdad")[0] == a["blinken"]  # in the title and the body


def test_hostile_search_text_is_never_a_500(client: TestClient) -> None:
    for q in ['"unclosed', "a AND", "(((", "NEAR(x y)", "col:umn", "*", "OR OR", '""', "x^2 {y}"]:
        response = client.get("/v1/articles", params={"q": q})
        assert response.status_code in (200, 422), (q, response.text)
    response = client.get("/v1/articles", params={"q": "NOT Syria"})
    assert response.status_code == 422 and response.json()["param"] == "q"


def test_keyset_pages_walk_every_row_once(client: TestClient, ids: Ids) -> None:
    everything = ids_of(client)
    seen, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/v1/articles", params=params).json()
        assert body["total"] == 5
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everything


def test_relevance_pages_walk_every_row_once(client: TestClient) -> None:
    everything = ids_of(client, q="Iraq OR Sudani OR Erbil")
    first = client.get("/v1/articles", params={"q": "Iraq OR Sudani OR Erbil", "limit": 2}).json()
    rest = client.get("/v1/articles", params={"q": "Iraq OR Sudani OR Erbil", "limit": 50,
                                               "cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in first["items"] + rest["items"]] == everything


def test_detail(client: TestClient, ids: Ids) -> None:
    body = client.get(f"/v1/articles/{ids.articles['vow']}").json()
    assert body["body"].startswith("Iraqi Prime Minister")
    assert [p["name"] for p in body["places"]] == ["Baghdad", "Iraq"]
    assert [x["name"] for x in body["actors"]] == ["Mohammed Shia al-Sudani"]
    assert [q["text"][:12] for q in body["quotes"]] == ["a commitment", "his governme"]
    assert body["quotes"][0]["speaker_name"] == "Mohammed Shia al-Sudani"
    assert body["dates"][0]["value"] == "2024-01-04"


def test_missing_article_is_a_problem(client: TestClient) -> None:
    response = client.get("/v1/articles/999999")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://newsdesk.dev/problems/not-found"
