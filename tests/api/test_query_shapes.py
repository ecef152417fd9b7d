"""Query shapes chosen for speed return what the plain shapes return: totals, pages, facets, names."""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import Engine, event, or_, select, text
from sqlalchemy.orm import Session

import app.articles.service as article_service
import app.quotes.service as quote_service
from app.articles.schemas import ArticleRead
from app.core.export import columns, csv_chunks
from app.extract.names import fold
from app.models import Entity, EntityAlias, Mention
from app.quotes.schemas import QuoteRead
from app.search.names import ACTOR_KINDS, PLACE_KINDS, match_entities
from app.stats.schemas import FacetFilters
from app.stats.service import facets
from tests.api.data import Ids

LISTS = ["/v1/articles", "/v1/quotes", "/v1/actors", "/v1/places", "/v1/sources"]


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            statements.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def get(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def forged(cursor: str, **changes: Any) -> str:
    data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw = json.dumps(data | changes).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("path", LISTS)
def test_cursor_pages_report_the_first_total_without_counting_again(
    client: TestClient, engine: Engine, path: str
) -> None:
    with counting(engine) as first_statements:
        first = get(client, path, limit=1)
    with counting(engine) as second_statements:
        second = get(client, path, limit=1, cursor=first["next_cursor"])
    assert first["total"] >= 2 and first["next_cursor"]
    assert (second["total"], second["total_capped"]) == (first["total"], first["total_capped"])
    assert len(second_statements) == len(first_statements) - 1
    assert any(s.startswith("SELECT count(*)") for s in first_statements)
    assert not any(s.startswith("SELECT count(*)") for s in second_statements)


@pytest.mark.parametrize("changes", [{"t": -1}, {"t": "5"}, {"t": True}, {"t": 10_001}, {"c": "yes"},
                                     {"t": 3, "c": None}])
def test_a_forged_total_in_a_cursor_is_a_422(client: TestClient, changes: dict[str, Any]) -> None:
    cursor = get(client, "/v1/articles", limit=1)["next_cursor"]
    response = client.get("/v1/articles", params={"limit": 1, "cursor": forged(cursor, **changes)})
    assert response.status_code == 422, response.text
    assert "cursor" in response.text


def test_a_cursor_without_a_total_is_counted_again(client: TestClient) -> None:
    first = get(client, "/v1/articles", limit=2)
    data = json.loads(base64.urlsafe_b64decode(first["next_cursor"] + "=="))
    bare = {key: data[key] for key in ("s", "k", "i")}
    cursor = base64.urlsafe_b64encode(json.dumps(bare).encode()).decode().rstrip("=")
    assert get(client, "/v1/articles", limit=2, cursor=cursor)["total"] == first["total"] == 5


def json_items(client: TestClient, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item of a list, following next_cursor through pages of 2."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        body = get(client, path, limit=2, **params, **({"cursor": cursor} if cursor else {}))
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def walk(client: TestClient, path: str, params: dict[str, Any]) -> list[int]:
    return [item["id"] for item in json_items(client, path, params)]


SCOPES = [{}, {"actor": "Sudani"}, {"place": "Baghdad"},
          {"actor": ["Sudani", "Austin"], "actor_match": "any"},
          {"q": "coalition OR Erbil"}, {"q": "coalition", "sort": "published_on"}, {"section": "Top News"},
          {"source": "CNN", "source_role": "cited"}, {"near": "33.3,44.4,300"}, {"date_from": "2023-12-01"}]


@pytest.mark.parametrize("params", SCOPES)
def test_walking_the_date_index_pages_like_sorting_the_matches(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, params: dict[str, Any]
) -> None:
    monkeypatch.setattr(article_service, "WALK_INDEX_FROM", 10**9)
    sorted_pages = walk(client, "/v1/articles", params)
    monkeypatch.setattr(article_service, "WALK_INDEX_FROM", 0)
    assert walk(client, "/v1/articles", params) == sorted_pages
    assert sorted_pages


def test_relevance_pages_rank_then_read_rows(client: TestClient, ids: Ids) -> None:
    body = get(client, "/v1/articles", q="Sudani OR Erbil OR Baghdad", limit=2)
    ranks = walk(client, "/v1/articles", {"q": "Sudani OR Erbil OR Baghdad"})
    assert body["total"] == len(ranks) == len(set(ranks)) == 5
    assert walk(client, "/v1/articles", {"q": "Sudani OR Erbil OR Baghdad", "place": "Baghdad"}) == [
        i for i in ranks if i in (ids.articles["vow"], ids.articles["blinken"])
    ]


def test_full_text_total_counted_in_the_index_equals_the_articles(client: TestClient) -> None:
    assert get(client, "/v1/articles", q="coalition OR Erbil")["total"] == 3
    assert get(client, "/v1/articles", q="coalition OR Erbil", place="Baghdad")["total"] == 1


def _actor_counts_by_hand(session: Session, articles: set[int]) -> Counter[str]:
    rows = session.execute(
        select(Entity.name, Mention.article_id).join(Mention, Mention.entity_id == Entity.id)
        .where(Entity.kind.in_(("person", "organisation")))
    )
    return Counter(name for name, article in set(rows) if article in articles)


def test_facets_count_what_the_articles_list_selects(client: TestClient, session: Session) -> None:
    for scope in ({"place": "Baghdad"}, {"q": "coalition"}, {"date_from": "2023-12-01"}, {}):
        articles = set(walk(client, "/v1/articles", scope))
        facets = get(client, "/v1/facets", **scope)
        assert facets["articles"] == len(articles)
        by_hand = _actor_counts_by_hand(session, articles)
        assert {f["name"]: f["count"] for f in facets["actors"]} == dict(by_hand)


def _exact_by_or(session: Session, folded: str, kinds: tuple[str, ...]) -> list[tuple[int, str]]:
    """The former single-statement lookup (an OR across the join), as the reference."""
    keys = [f"{kind}:{folded}" for kind in kinds]
    stmt = (
        select(Entity.id, Entity.name, EntityAlias.alias)
        .outerjoin(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(Entity.kind.in_(kinds), or_(EntityAlias.folded == folded, Entity.key.in_(keys)))
        .order_by(Entity.id, EntityAlias.id)
    )
    seen: dict[int, str] = {}
    for row in session.execute(stmt):
        seen.setdefault(row.id, row.alias or row.name)
    return list(seen.items())


@pytest.mark.parametrize(("name", "kinds"), [
    ("IRGC", ACTOR_KINDS),  # canonical name, no alias row
    ("irbil", PLACE_KINDS),  # an alias
    ("Erbil", PLACE_KINDS),  # the canonical name of an entity with aliases
    ("Shia’ al-Sudani", ACTOR_KINDS),  # only contained: no exact match
    ("Al-Sudani", ACTOR_KINDS),
    ("Iraqi", PLACE_KINDS),
])
def test_exact_names_resolve_as_the_or_lookup_did(
    session: Session, ids: Ids, name: str, kinds: tuple[str, ...]
) -> None:
    found = [(m.id, m.matched) for m in match_entities(session, name, kinds) if m.how == "exact"]
    assert found == _exact_by_or(session, fold(name), kinds)
    assert found or name.startswith("Shia")


def test_facets_of_a_capped_scope_equal_those_of_a_counted_one(session: Session, ids: Ids) -> None:
    filters = FacetFilters(place=["Iraq"])
    counted = facets(session, filters=filters, count_cap=100)
    capped = facets(session, filters=filters, count_cap=1)
    assert (counted.articles, counted.articles_capped) == (3, False)
    assert (capped.articles, capped.articles_capped) == (1, True)
    assert counted.model_dump(exclude={"articles", "articles_capped"}) == capped.model_dump(
        exclude={"articles", "articles_capped"})
    assert counted.actors and counted.speakers and counted.sources and counted.histogram


def dated_walk(client: TestClient, path: str, params: dict[str, Any]) -> list[tuple[int, str | None]]:
    return [(item["id"], item["published_on"] if "published_on" in item else item["article"]["published_on"])
            for item in json_items(client, path, params)]


@pytest.mark.parametrize("path", ["/v1/articles", "/v1/quotes"])
@pytest.mark.parametrize("sort", ["-published_on", "published_on"])
def test_a_date_range_pages_like_the_full_list_without_undated_rows(
    client: TestClient, path: str, sort: str
) -> None:
    everything = dated_walk(client, path, {"sort": sort})
    assert any(day is None for _, day in everything)
    expected = [row for row in everything if row[1] is not None and row[1] >= "2023-12-01"]
    assert dated_walk(client, path, {"sort": sort, "date_from": "2023-12-01"}) == expected
    assert len(expected) >= 3


def test_quote_pages_join_their_columns_after_paging(client: TestClient, ids: Ids) -> None:
    full = get(client, "/v1/quotes", limit=200)
    paged: list[dict[str, Any]] = []
    cursor = None
    while True:
        body = get(client, "/v1/quotes", limit=3, **({"cursor": cursor} if cursor else {}))
        paged += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert paged == full["items"] and len(paged) == full["total"] == 8
    speakers = walk(client, "/v1/quotes", {"speaker": "Sudani"})
    assert speakers == [q["id"] for q in full["items"] if q["speaker"]["name"] == "Mohammed Shia al-Sudani"]


def test_full_text_requests_leave_sequential_scans_enabled(client: TestClient, session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    assert get(client, "/v1/articles", q="coalition", sort="relevance")["total"] == 2
    assert get(client, "/v1/articles", q="coalition OR Erbil", actor="Sudani")["total"] == 2
    assert session.execute(text("SHOW enable_seqscan")).scalar_one() == "on"


@pytest.mark.parametrize("params", [*SCOPES, {"source": "CNN"}, {"source": ["ANI", "Xinhua"]},
                                    {"source_role": "wire"}, {"actor": ["Sudani", "Austin"]},
                                    {"place": ["Iraq", "Baghdad"]}, {"actor": "Sudani", "place": "Iraq"}])
def test_totals_equal_the_rows_the_pages_return(client: TestClient, params: dict[str, Any]) -> None:
    rows = walk(client, "/v1/articles", params)
    assert get(client, "/v1/articles", **params)["total"] == len(rows) == len(set(rows))


def test_facets_send_the_same_sql_whatever_the_number_of_scoped_articles(
    client: TestClient, engine: Engine
) -> None:
    """One placeholder per scoped id made a new statement per scope size, each kept in the driver's
    prepared-statement cache (about a megabyte per statement at thousands of ids): a server's memory grew
    with every distinct scope size. The ids are one parameter now."""
    scopes = [{"place": "Iraq"}, {"place": "Baghdad"}, {}]
    texts: list[list[str]] = []
    sizes: set[int] = set()
    for scope in scopes:
        with counting(engine) as statements:
            sizes.add(get(client, "/v1/facets", **scope)["articles"])
        # the facets after the scope's ids (and dates): the digests, then the names of the ids that rank
        texts.append(statements[next(i for i, s in enumerate(statements) if "article_facets" in s):])
    assert len(sizes) == len(scopes)  # three different scope sizes...
    assert len(texts[0]) >= 3 and texts[0] == texts[1] == texts[2]  # ...and the same statements for each


def test_list_item_counts_equal_the_stored_rows(client: TestClient, session: Session) -> None:
    """quote_count, actor_count and place_count (read from the facet digests) count the article's rows."""
    kinds = {entity: kind for entity, kind in session.execute(select(Entity.id, Entity.kind))}
    rows = session.execute(select(Mention.article_id, Mention.entity_id))
    pairs = {(article, entity) for article, entity in rows}
    quotes = Counter(session.scalars(text("SELECT article_id FROM quotes")))
    items = get(client, "/v1/articles", limit=200)["items"]
    assert items and any(item["quote_count"] for item in items)
    for item in items:
        entities = [kinds[e] for a, e in pairs if a == item["id"]]
        expected = (quotes[item["id"]], sum(k in ACTOR_KINDS for k in entities),
                    sum(k in PLACE_KINDS for k in entities))
        assert (item["quote_count"], item["actor_count"], item["place_count"]) == expected, item["id"]


@pytest.mark.parametrize(
    ("path", "params", "indexed"),
    [("/v1/facets", {"place": "Baghdad"}, True),
     ("/v1/facets", {"q": "coalition", "date_from": "2023-01-01"}, True),
     ("/v1/articles", {"place": "Baghdad", "date_from": "2023-01-01"}, True),
     ("/v1/facets", {"date_from": "2023-01-01"}, False), ("/v1/facets", {"source": "Xinhua"}, False)],
)
def test_id_lists_read_dates_from_the_id_date_index(
    client: TestClient, engine: Engine, path: str, params: dict[str, str], indexed: bool
) -> None:
    """On SQLite, a scope that lists article ids reads their dates through (id, published_on); a scope
    without an id list keeps the date index's range (the planner's own choice)."""
    with counting(engine) as statements:
        get(client, path, **params)
    hinted = any("INDEXED BY ix_articles_id_published_on" in s for s in statements)
    assert hinted is (indexed and engine.dialect.name == "sqlite")


KEYED_MIXES = [
    {"actor": "Sudani", "date_to": "2024-12-31"}, {"actor": "Sudani", "section": "Top News", "limit": 1},
    {"place": "Baghdad", "date_from": "2023-12-01"},
    {"actor": ["Sudani", "Austin"]},
    {"actor": ["Blinken", "IRGC"], "actor_match": "any", "date_from": "2020-01-01", "limit": 2},
    {"q": "coalition", "place": "Baghdad", "sort": "published_on", "limit": 1},
    {"place": "Baghdad", "source": "Xinhua", "sort": "published_on"},
    {"q": "Sudani OR Erbil", "date_field": "mentioned", "date_from": "2020-01-01", "sort": "-published_on",
     "limit": 3},
]


@pytest.mark.parametrize("params", KEYED_MIXES)
def test_a_keyed_first_page_equals_the_counted_page(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch, params: dict[str, Any]
) -> None:
    """The first page ordered from its matches' (id, date) keys (SQLite) is the page the count and page
    statements give: same items, total and cursor (which later pages follow on the statement path)."""
    real, answers = article_service._keyed_first_page, []

    def recorded(*args: Any) -> Any:
        answers.append(real(*args))
        return answers[-1]

    monkeypatch.setattr(article_service, "_keyed_first_page", recorded)
    narrow = get(client, "/v1/articles", **params)
    assert (answers[0] is not None) is (engine.dialect.name == "sqlite")
    monkeypatch.setattr(article_service, "_keyed_first_page", lambda *_args: None)
    assert get(client, "/v1/articles", **params) == narrow


def test_csv_row_columns_are_the_schemas() -> None:
    assert list(article_service.CSV_COLUMNS) == columns(ArticleRead)
    assert list(quote_service.CSV_COLUMNS) == columns(QuoteRead)


QUOTE_SCOPES = [{}, {"speaker": "Sudani"}, {"q": "coalition"}, {"kind": "indirect"}, {"reported_via": "CNN"},
                {"place": "Baghdad", "sort": "published_on"}]
EXPORTS = [("/v1/articles", ArticleRead, p) for p in [*SCOPES, {"q": "Sudani OR Erbil OR Baghdad"}]] + [
    ("/v1/quotes", QuoteRead, p) for p in QUOTE_SCOPES]


@pytest.mark.parametrize(("path", "model", "params"), EXPORTS)
def test_csv_rows_are_the_cells_of_the_json_items(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str, model: type[BaseModel],
    params: dict[str, Any],
) -> None:
    """A CSV export's rows are made from the database rows directly; the cells of the JSON page items
    (nested objects as dotted columns, lists joined, a source as "name (role)") are the reference."""
    monkeypatch.setattr("app.core.export.EXPORT_PAGE_SIZE", 2)  # every export spans pages
    monkeypatch.setattr("app.core.export.RANKED_EXPORT_PAGE_SIZE", 2)
    response = client.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200, response.text
    expected = "".join(csv_chunks(json_items(client, path, params), model))
    assert response.text == expected
    assert expected.count("\n") > 1  # a header and at least one row


def test_export_pages_are_planned_as_the_json_pages(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article export finds its total once, on its first page, and every later page walks the date index
    when the JSON pages of the same search would (before, export pages knew no total and sorted every
    match); a quote export, whose pages do not depend on the total, counts nothing."""
    if engine.dialect.name != "sqlite":
        pytest.skip("walking the date index is the SQLite plan")
    monkeypatch.setattr("app.core.export.EXPORT_PAGE_SIZE", 1)
    monkeypatch.setattr(article_service, "WALK_INDEX_FROM", 0)
    # a search and a place: a search alone is read in key order (test_search_by_date_reads_index_keys)
    search = {"q": "Iraq OR said OR coalition", "place": "Iraq"}
    with counting(engine) as statements:
        response = client.get("/v1/articles", params={**search, "sort": "published_on", "format": "ndjson"})
    total = get(client, "/v1/articles", **search)["total"]
    assert len(response.text.splitlines()) == total > 2
    # the first page and the total come from one read of the matches' keys (_keyed_first_page)
    pages = [s for s in statements if "ORDER BY articles.published_on" in s]
    assert len(pages) == total - 1 and all("articles.id + ?" in s for s in pages)
    assert sum("articles_fts" in s and s not in pages for s in statements) == 1
    with counting(engine) as statements:
        quotes = client.get("/v1/quotes", params={"q": "Iraq OR region", "format": "csv"})
    assert quotes.text.count("\n") == get(client, "/v1/quotes", q="Iraq OR region")["total"] + 1 > 2
    assert not any("count(*) AS count_1" in s for s in statements)


def test_geojson_places_from_the_digests_are_the_mentioned_geocoded_places(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each feature's places, read from the facet digests, are the geocoded places the article's
    mentions name, by entity id: the grouping of mention rows the GeoJSON export used before."""
    monkeypatch.setattr("app.core.export.EXPORT_PAGE_SIZE", 2)
    features = client.get("/v1/articles", params={"format": "geojson"}).json()["features"]
    stmt = (select(Mention.article_id, Entity.name, Entity.longitude, Entity.latitude)
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Entity.kind == "place", Entity.latitude.is_not(None))
            .group_by(Mention.article_id, Entity.id, Entity.name, Entity.longitude, Entity.latitude)
            .order_by(Mention.article_id, Entity.id))
    expected: dict[int, list[tuple[str, list[float]]]] = {}
    for article_id, name, longitude, latitude in session.execute(stmt):
        expected.setdefault(article_id, []).append((name, [longitude, latitude]))
    found = {f["id"]: list(zip(f["properties"]["places"],
                               f["geometry"]["coordinates"] if f["geometry"] else [], strict=True))
             for f in features}
    assert found == {f["id"]: expected.get(f["id"], []) for f in features}
    assert sum(map(len, found.values())) > 2


@pytest.mark.parametrize(("path", "params"), [("/v1/articles", {"q": "Sudani OR Erbil OR Baghdad"}),
                                              ("/v1/quotes", {"q": "Iraq OR region"})])
def test_exports_by_relevance_rank_in_larger_pages(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch, path: str, params: dict[str, Any]
) -> None:
    """Each page sorted by relevance ranks every match again: a ranked export reads fewer, larger pages,
    and still every match once, in the JSON pages' order. Its pages ignore the total: it counts nothing."""
    monkeypatch.setattr("app.core.export.EXPORT_PAGE_SIZE", 1)
    monkeypatch.setattr("app.core.export.RANKED_EXPORT_PAGE_SIZE", 2)
    with counting(engine) as statements:
        lines = client.get(path, params={**params, "format": "ndjson"}).text.splitlines()
    ranked = [i["id"] for i in json_items(client, path, params)]
    assert [json.loads(line)["id"] for line in lines] == ranked
    ranking = [s for s in statements if ("bm25(" in s or "ts_rank(" in s) and "LIMIT" in s]
    assert len(ranked) > 2 and len(ranking) == (len(ranked) + 1) // 2  # pages of 2, the last may be short
    assert not any("count(*) AS count_1" in s for s in statements)
