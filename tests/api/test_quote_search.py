"""Quote searches: a date sort and the count test the matches as a list, ranked only for relevance.

The pages and totals are held against the unsearched list filtered in Python; the statements against the
shape each case is read with (migration 0009's index for a search with no filter but dates, on SQLite).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.data import Ids
from tests.api.test_query_shapes import counting, get, json_items

WORDS = ["government", "Iraq", "region", "talks", "government OR Iraq OR region"]
FILTERS: list[dict[str, Any]] = [
    {}, {"speaker": "Sudani"}, {"date_from": "2024-01-01"}, {"date_to": "2024-01-10"}, {"place": "Baghdad"},
    {"kind": "direct"}, {"speaker": "Sudani", "date_from": "2023-12-01"}, {"date_field": "mentioned",
                                                                          "date_from": "2021-01-01"},
]


def _said(item: dict[str, Any], q: str) -> bool:
    """Whether the quote holds one of the words of ``q`` (words OR words)."""
    return any(re.search(rf"\b{word}\b", item["text"], re.IGNORECASE) for word in q.split(" OR "))


@pytest.mark.parametrize("sort", ["-published_on", "published_on"])
@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("word", WORDS)
def test_a_search_pages_like_the_list_it_narrows(
    client: TestClient, ids: Ids, word: str, filters: dict[str, Any], sort: str
) -> None:
    every = get(client, "/v1/quotes", limit=200, sort=sort, **filters)["items"]
    expected = [item["id"] for item in every if _said(item, word)]
    paged = [item["id"] for item in json_items(client, "/v1/quotes", {"q": word, "sort": sort, **filters})]
    assert paged == expected
    assert get(client, "/v1/quotes", q=word, sort=sort, **filters)["total"] == len(expected)


@pytest.mark.parametrize("filters", FILTERS)
def test_relevance_pages_hold_the_same_matches(client: TestClient, ids: Ids, filters: dict[str, Any]) -> None:
    every = get(client, "/v1/quotes", limit=200, **filters)["items"]
    expected = sorted(item["id"] for item in every if _said(item, WORDS[-1]))
    ranked = json_items(client, "/v1/quotes", {"q": WORDS[-1], "sort": "relevance", **filters})
    assert sorted(item["id"] for item in ranked) == expected
    assert get(client, "/v1/quotes", q=WORDS[-1], sort="relevance", **filters)["total"] == len(expected)


def _statements(client: TestClient, engine: Engine, **params: Any) -> tuple[str, str]:
    """(count, page) statements of one quote page."""
    with counting(engine) as statements:
        get(client, "/v1/quotes", **params)
    count = next(s for s in statements if s.startswith("SELECT count(*)"))
    page = next(s for s in statements if "quotes.text" in s)
    return count, page


def test_a_search_with_no_other_filter_is_counted_in_its_index(
    client: TestClient, engine: Engine, ids: Ids
) -> None:
    count, page = _statements(client, engine, q=WORDS[-1], sort="-published_on")
    assert "JOIN" not in count and "bm25" not in page + count and "ts_rank" not in page + count
    if engine.dialect.name == "sqlite":  # the full-text matches alone, not a quote row read
        assert " quotes " not in count.replace("(", " ") and "quotes_fts" in count
        assert "INDEXED BY ix_quotes_id_published_on" in page


def test_a_search_with_a_filter_tests_the_matches_as_a_list(
    client: TestClient, engine: Engine, ids: Ids
) -> None:
    count, page = _statements(client, engine, q=WORDS[-1], speaker="Sudani", sort="published_on")
    assert "bm25" not in page + count and "ts_rank" not in page + count
    assert "INDEXED BY" not in page + count  # the speaker's quotes are read from their own index
    if engine.dialect.name == "sqlite":
        assert all("quotes.id IN (SELECT fts_ids.id FROM (SELECT rowid AS id FROM quotes_fts" in s
                   for s in (count, page))


def test_only_a_relevance_page_ranks(client: TestClient, engine: Engine, ids: Ids) -> None:
    count, page = _statements(client, engine, q=WORDS[-1], date_from="2023-01-01", sort="relevance")
    rank = "bm25(quotes_fts)" if engine.dialect.name == "sqlite" else "ts_rank("
    assert rank in page and rank not in count
    if engine.dialect.name == "sqlite":
        assert "INDEXED BY ix_quotes_id_published_on" in page + count
