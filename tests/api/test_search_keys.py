"""A search by date alone is read from the full-text index in key order (SQLite, migration 0008).

Its pages must be those of sorting every match by (published_on, id), undated articles last, whichever
way the sort goes, within dates or not, page after page; a search by relevance within dates ranks only
the articles inside them, as it ranked all and filtered before. PostgreSQL runs the same tests on its
own plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text, update
from sqlalchemy.orm import Session

from app.articles import service as article_service
from app.core.pagination import encode_cursor
from app.models import Article
from app.search.fts import ID_MASK, day_number, search_key
from tests.api.test_query_shapes import counting, get

WORD = "zeppelin"  # in every article added here, in none of the fixture's
DAYS = [dt.date(2023, 3, 1), dt.date(2023, 3, 1), dt.date(2023, 3, 2), None, dt.date(2022, 12, 31),
        dt.date(2024, 2, 29), None, dt.date(2023, 3, 1), dt.date(2019, 1, 1), dt.date(2023, 3, 2)]


@pytest.fixture
def dated(client: TestClient, session: Session) -> dict[int, dt.date | None]:
    """Ten articles mentioning WORD, ties and undated ones among them: id -> published_on."""
    days = {}
    for n, day in enumerate(DAYS):
        body = f"The {WORD} number {n} flew over the city. Officials said it landed safely."
        article = Article(content_hash=f"{WORD}{n:056d}", title=f"{WORD.title()} flight {n}", lede=None,
                          body=body, published_on=day, word_count=len(body.split()))
        session.add(article)
        session.flush()
        days[article.id] = day
    return days


def _order(days: dict[int, dt.date | None], newest: bool, low: dt.date | None = None,
           high: dt.date | None = None) -> list[int]:
    """The list's order by sorting: dated articles by (date, id) the way the sort goes, undated ones after
    them by id the same way; with dates, undated articles are out."""
    def within(d: dt.date | None) -> bool:
        if d is None:
            return low is None and high is None
        return (low is None or d >= low) and (high is None or d <= high)

    inside = {i: d for i, d in days.items() if within(d)}
    keyed = sorted(((d, i) for i, d in inside.items() if d is not None), reverse=newest)
    undated = sorted((i for i, d in inside.items() if d is None), reverse=newest)
    return [i for _, i in keyed] + undated


def _pages(client: TestClient, params: dict[str, Any]) -> tuple[list[int], list[int | None]]:
    """Every id over every page, and the total each page reported."""
    ids: list[int] = []
    totals: list[int | None] = []
    cursor = None
    while True:
        body = get(client, "/v1/articles", **params, **({"cursor": cursor} if cursor else {}))
        ids += [item["id"] for item in body["items"]]
        totals.append(body["total"])
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, totals


CASES = [
    ({}, None, None),
    ({"date_from": "2023-03-01"}, dt.date(2023, 3, 1), None),
    ({"date_to": "2023-03-01"}, None, dt.date(2023, 3, 1)),
    ({"date_from": "2023-03-01", "date_to": "2023-03-02"}, dt.date(2023, 3, 1), dt.date(2023, 3, 2)),
    ({"date_from": "2024-02-29", "date_to": "2024-02-29"}, dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
    ({"date_from": "2030-01-01"}, dt.date(2030, 1, 1), None),
]


@pytest.mark.parametrize("limit", [1, 3, 50])
@pytest.mark.parametrize("sort", ["-published_on", "published_on"])
@pytest.mark.parametrize(("dates", "low", "high"), CASES)
def test_search_by_date_pages_as_sorting_every_match(
    client: TestClient, dated: dict[int, dt.date | None], limit: int, sort: str, dates: dict[str, str],
    low: dt.date | None, high: dt.date | None,
) -> None:
    expected = _order(dated, sort.startswith("-"), low, high)
    ids, totals = _pages(client, {"q": WORD, "sort": sort, "limit": limit, **dates})
    assert ids == expected
    assert totals == [len(expected)] * len(totals)


@pytest.mark.parametrize("sort", ["-published_on", "published_on", "relevance"])
@pytest.mark.parametrize("dates", [{}, {"date_from": "2023-03-01"}, {"date_to": "2023-03-02"}])
def test_search_keys_page_as_the_general_plan(
    client: TestClient, dated: dict[int, dt.date | None], monkeypatch: pytest.MonkeyPatch, sort: str,
    dates: dict[str, str],
) -> None:
    """The same pages as the plan every other scope takes (the date index walked, or the matches ranked
    and filtered by their dates), also for a search by relevance and a search whose words are everywhere."""
    for q in (WORD, f"{WORD} OR Iraq OR said", f"said -{WORD}"):
        params = {"q": q, "sort": sort, "limit": 2, **dates}
        keyed = _pages(client, params)
        monkeypatch.setattr(article_service, "searched_by_date", lambda *args: False)
        assert _pages(client, params) == keyed
        monkeypatch.undo()


def test_search_by_date_reads_index_keys(client: TestClient, dated: dict[int, dt.date | None],
                                         engine: Engine) -> None:
    """On SQLite the page is read from articles_fts in rowid order, without the date index or an IN list
    of every match; with another filter the general plan stays."""
    if engine.dialect.name != "sqlite":
        pytest.skip("articles_fts is SQLite's")
    with counting(engine) as statements:
        get(client, "/v1/articles", q=WORD, sort="-published_on", date_from="2023-01-01")
    pages = [s for s in statements if "articles_fts" in s and "count(*)" not in s]
    assert len(pages) == 1
    assert "ORDER BY articles_fts.rowid DESC" in pages[0] and "IN (SELECT" not in pages[0]
    assert "articles.published_on >=" not in pages[0]  # the dates are a range of keys
    with counting(engine) as statements:
        get(client, "/v1/articles", q=WORD, sort="-published_on", section="Top News")
    assert not any("ORDER BY articles_fts.rowid" in s for s in statements)


def test_index_keys_follow_the_rows(
    session: Session, engine: Engine, dated: dict[int, dt.date | None]
) -> None:
    """Every article's full-text rowid is ``search_key`` of its date and id, after inserts, a change of
    date and a delete (migration 0008's triggers agree with the Python key the pages are read by)."""
    if engine.dialect.name != "sqlite":
        pytest.skip("articles_fts is SQLite's")

    def rowids() -> set[int]:
        return set(session.execute(text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :w"),
                                   {"w": WORD}).scalars())

    assert rowids() == {search_key(day, i) for i, day in dated.items()}
    moved, gone = next(i for i, d in dated.items() if d is None), next(i for i, d in dated.items() if d)
    session.execute(update(Article).where(Article.id == moved).values(published_on=dt.date(2025, 5, 5)))
    session.execute(text("DELETE FROM articles WHERE id = :i"), {"i": gone})
    expected = {search_key(day, i) for i, day in dated.items() if i not in (moved, gone)}
    assert rowids() == expected | {search_key(dt.date(2025, 5, 5), moved)}
    dates = session.execute(text("SELECT CAST(julianday(:d) AS INTEGER)"), {"d": "2025-05-05"}).scalar()
    assert dates == day_number(dt.date(2025, 5, 5))


def test_a_cursor_beyond_the_key_bits_is_a_422(
    client: TestClient, engine: Engine, dated: dict[int, dt.date | None]
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the id bits of a search key are SQLite's")
    cursor = encode_cursor("-published_on", "2023-03-01", ID_MASK + 1, (10, False))
    response = client.get("/v1/articles", params={"q": WORD, "sort": "-published_on", "cursor": cursor})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "The cursor is not one this API issued."
