"""GET /v1/quotes and /v1/quotes/{id}."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.data import Ids


def quote_ids(client: TestClient, **params: Any) -> list[int]:
    response = client.get("/v1/quotes", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_speaker_variants_find_the_same_quotes(client: TestClient, ids: Ids) -> None:
    q = ids.quotes
    expected = sorted([q["office"], q["pledge"], q["withdrawal"], q["unacceptable"]])
    for name in ("al-Sudani", "Mohammed Shia al-Sudani", "Sudani", "mohammed shia’ al sudani",
                 str(ids.entities["sudani"])):
        assert sorted(quote_ids(client, speaker=name)) == expected, name


def test_order_is_newest_article_first_then_text_order(client: TestClient, ids: Ids) -> None:
    q = ids.quotes
    assert quote_ids(client) == [q["council"], q["pledge"], q["withdrawal"], q["unacceptable"],
                                 q["selfdefense"], q["escalation"], q["office"], q["official"]]


def test_quote_shape_with_resolved_speaker_and_source(client: TestClient, ids: Ids) -> None:
    body = client.get(f"/v1/quotes/{ids.quotes['office']}").json()
    assert body["speaker"] == {"id": ids.entities["sudani"], "name": "Mohammed Shia al-Sudani",
                               "kind": "person"}
    assert body["reported_via"] == {"id": ids.sources["cnn"], "name": "CNN"}
    assert body["article"] == {"id": ids.articles["talks"],
                               "title": "US, Iraq to Soon Begin Talks on Troops Pull Out",
                               "published_on": None, "publisher": "Asian Lite News"}
    assert (body["kind"], body["cue"], body["speaker_resolution"]) == ("direct", "said", "name")


def test_anonymous_speaker(client: TestClient, ids: Ids) -> None:
    body = client.get(f"/v1/quotes/{ids.quotes['official']}").json()
    assert body["speaker"] == {"id": None, "name": "a US official", "kind": "anonymous"}


def test_kind_and_text_search(client: TestClient, ids: Ids) -> None:
    q = ids.quotes
    assert quote_ids(client, kind="indirect") == [q["withdrawal"]]
    both = sorted([q["withdrawal"], q["unacceptable"]])
    assert sorted(quote_ids(client, kind=["indirect", "mixed"])) == both
    assert quote_ids(client, q="withdrawal") == [q["withdrawal"]]
    assert quote_ids(client, q='"source of threat"') == [q["council"]]


def test_article_filters_apply_to_the_quotes_article(client: TestClient, ids: Ids) -> None:
    q = ids.quotes
    assert quote_ids(client, place="Erbil") == [q["council"]]
    assert quote_ids(client, speaker="Sudani", date_from="2024-01-01") == [q["pledge"], q["withdrawal"]]
    assert quote_ids(client, source="CNN", source_role="cited", speaker="Blinken") == [q["escalation"]]


def test_reported_via(client: TestClient, ids: Ids) -> None:
    q = ids.quotes
    assert quote_ids(client, reported_via="CNN") == [q["escalation"], q["office"]]
    assert quote_ids(client, reported_via="CNN", speaker="Blinken") == [q["escalation"]]
    assert quote_ids(client, reported_via="Xinhua") == []  # known source, relayed no quote here


def test_unknown_speaker_is_a_422_with_suggestions(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"speaker": "al-Sudany"})
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "https://newsdesk.dev/problems/unknown-name"
    assert body["param"] == "speaker" and body["value"] == "al-Sudany"
    assert body["suggestions"][0] == "Mohammed Shia al-Sudani"
    assert "al-Sudany" in body["detail"]


@pytest.mark.parametrize("sort", ["-published_on", "published_on"])
@pytest.mark.parametrize(
    "params", [{}, {"speaker": "Sudani"}, {"date_from": "2023-01-01"}, {"section": "USA"}]
)
@pytest.mark.parametrize("size", [1, 2, 3])
def test_every_page_size_walks_the_same_order(
    client: TestClient, sort: str, params: dict[str, Any], size: int
) -> None:
    """Keyset pages on the quote's own date (quotes of one article share it) add up to the one-page list."""
    everything = quote_ids(client, sort=sort, limit=200, **params)
    walked, cursor = [], None
    while True:
        page = client.get("/v1/quotes", params={"sort": sort, "limit": size, **params}
                          | ({"cursor": cursor} if cursor else {})).json()
        walked += [item["id"] for item in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert everything and walked == everything


def test_quote_pages(client: TestClient) -> None:
    everything = quote_ids(client)
    first = client.get("/v1/quotes", params={"limit": 3}).json()
    second = client.get("/v1/quotes", params={"limit": 5, "cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in first["items"] + second["items"]] == everything
    assert second["next_cursor"] is None and first["total"] == 8
