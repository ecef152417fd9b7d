"""The list pages' statement texts agree with the expression-layer scope, on both backends.

``app.search.rawscope`` is the text twin of ``app.search.scope`` (which facets and the entity lists keep
using): for every filter the API accepts, both must select the same articles, and the counts the list
pages report must be the ones the expression layer counts.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from pydantic_core import to_json
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.articles.schemas import ArticleFilters, ArticleRead
from app.articles.service import article_page, list_articles
from app.core.budget import time_budget
from app.core.errors import QueryTimeout
from app.core.filters import ArticleScope
from app.core.pagination import Page, capped_count
from app.core.rawsql import Sql, dialect_of, run
from app.models import Article
from app.quotes.schemas import QuoteFilters
from app.quotes.service import quote_page
from app.search.counting import lone_filter_ids
from app.search.rawscope import article_where, lone_filter_from, resolve, where
from app.search.scope import article_conditions, resolve_scope
from tests.api.data import Ids
from tests.core.test_budget import SLOW

SCOPES: list[dict[str, Any]] = [
    {},
    {"actor": ["Sudani"]},
    {"actor": ["Sudani", "Austin"]},
    {"actor": ["Sudani", "Austin"], "actor_match": "any"},
    {"place": ["Erbil"], "actor": ["Sudani"]},
    {"place": ["Syria", "Erbil"], "actor": ["Sudani", "Austin"]},  # three groups: article 5 alone
    {"place": ["Iraq"], "actor": ["Sudani", "Austin"]},  # article 1 alone; without Iraq 1 and 5
    {"place": ["Iraq"], "actor": ["Sudani"]},
    {"source": ["CNN"], "source_role": "cited"},
    {"source": ["CNN", "Asian Lite News"]},  # article 1 and 4 name both: counted once
    {"source_role": "wire"},
    {"section": ["top news", "USA"]},
    {"date_from": dt.date(2024, 1, 1)},
    {"date_from": dt.date(2023, 1, 1), "date_to": dt.date(2024, 1, 31), "date_field": "mentioned"},
    {"near": "36.19,44.01,50"},
    {"bbox": "38.8,29.0,48.6,37.4", "actor": ["Sudani"]},
    {"q": "Erbil OR Syria -Blinken"},
    {"q": '"prime minister"', "place": ["Baghdad"]},
]


def _ids_by_expressions(session: Session, scope: ArticleScope) -> list[int]:
    conds = article_conditions(session, scope)
    return list(session.scalars(select(Article.id).where(*conds).order_by(Article.id)))


def _ids_by_text(session: Session, scope: ArticleScope, walk_index: bool, *, sized: bool = True) -> list[int]:
    dialect = dialect_of(session)
    resolved = resolve(session, scope) if sized else resolve_scope(session, scope)
    conds = article_where(dialect, scope, resolved, walk_index=walk_index)
    rows = run(session, Sql("SELECT articles.id FROM articles") + where(conds) + Sql(" ORDER BY articles.id"))
    return [row[0] for row in rows]


def _quoted_article_ids_by_text(session: Session, scope: ArticleScope) -> list[int]:
    resolved = resolve(session, scope)
    conds = article_where(dialect_of(session), scope, resolved, include_q=False, table="quotes")
    text = Sql("SELECT DISTINCT quotes.article_id FROM quotes") + where(conds) + Sql(" ORDER BY 1")
    return [row[0] for row in run(session, text)]


@pytest.mark.parametrize("params", SCOPES)
def test_text_conditions_select_what_the_expression_layer_selects(
    session: Session, ids: Ids, params: dict[str, Any]
) -> None:
    scope = ArticleScope(**params)
    expected = _ids_by_expressions(session, scope)
    assert _ids_by_text(session, scope, walk_index=False) == expected
    assert _ids_by_text(session, scope, walk_index=True) == expected
    assert _ids_by_text(session, scope, walk_index=False, sized=False) == expected


@pytest.mark.parametrize("params", SCOPES)
def test_conditions_on_quotes_select_the_quotes_of_those_articles(
    session: Session, ids: Ids, params: dict[str, Any]
) -> None:
    scope = ArticleScope(**params)  # q= searches the quote's own text on that page: not an article condition
    conds = article_conditions(session, scope, include_q=False)
    in_scope = set(session.scalars(select(Article.id).where(*conds)))
    quoted = {row[0] for row in run(session, Sql("SELECT DISTINCT article_id FROM quotes"))}
    expected = sorted(in_scope & quoted)
    assert _quoted_article_ids_by_text(session, scope) == expected


def test_intersecting_entity_filters_read_the_narrowest_as_a_list(session: Session, ids: Ids) -> None:
    scope = ArticleScope(actor=["Sudani"], place=["Erbil"])
    resolved = resolve(session, scope)
    assert set(resolved.mentions) == {ids.entities["sudani"], ids.entities["erbil"]}
    sudani, erbil = ids.entities["sudani"], ids.entities["erbil"]
    assert resolved.mentions[erbil] < resolved.mentions[sudani]  # Erbil is named in fewer articles
    (both,) = article_where(dialect_of(session), scope, resolved)  # Erbil's articles, probed for Sudani
    assert both.text.startswith("articles.id IN (SELECT listed.article_id FROM (SELECT DISTINCT mentions.")
    assert "EXISTS (SELECT 1 FROM mentions AS probe" in both.text and both.params == (erbil, sudani)
    assert resolve(session, ArticleScope(actor=["Sudani"])).mentions == {}  # nothing to order
    three = ArticleScope(actor=["Sudani", "Austin"], place=["Iraq"])
    (every,) = article_where(dialect_of(session), three, resolve(session, three))  # one list, two probes
    assert every.text.count("EXISTS (SELECT 1 FROM mentions AS probe") == 2
    assert sorted(every.params) == sorted([sudani, ids.entities["austin"], ids.entities["iraq"]])


@pytest.mark.parametrize("params", SCOPES)
def test_lone_filter_counts_match(session: Session, ids: Ids, params: dict[str, Any]) -> None:
    scope = ArticleScope(**params)
    resolved = resolve_scope(session, scope)
    lone = lone_filter_ids(session, scope, resolved)
    body = lone_filter_from(dialect_of(session), scope, resolved)
    assert (lone is None) == (body is None)
    if lone is not None and body is not None:
        counted = run(session, Sql("SELECT count(*) FROM (SELECT 1 FROM ") + body + Sql(") AS n"))[0][0]
        assert (counted, False) == capped_count(session, lone, 1000)
        assert counted == len(_ids_by_expressions(session, scope))


def test_a_page_walks_every_article_once_in_order(session: Session, ids: Ids) -> None:
    seen: list[tuple[str, int]] = []
    cursor = None
    while True:
        page = article_page(session, filters=ArticleFilters(limit=2, cursor=cursor), count_cap=100)
        seen += [(str(item["published_on"]), item["id"]) for item in page["items"]]
        assert page["total"] == len(ids.articles)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(i for _, i in seen) == sorted(ids.articles.values())
    dated = [(d, i) for d, i in seen if d != "None"]
    assert dated == sorted(dated, reverse=True)  # newest first, undated ones after them
    assert all(d == "None" for d, _ in seen[len(dated):])


@pytest.mark.parametrize("params", [{}, {"q": "Erbil OR strike"}, {"actor": ["Sudani"], "limit": 1}])
def test_the_plain_page_serialises_as_the_page_model(
    session: Session, ids: Ids, params: dict[str, Any]
) -> None:
    filters = ArticleFilters(**params)
    plain = to_json(article_page(session, filters=filters, count_cap=100))
    model = TypeAdapter(Page[ArticleRead]).dump_json(list_articles(session, filters=filters, count_cap=100))
    assert plain == model
    assert b'"published_on":"' in plain or b'"published_on":null' in plain


def test_quote_pages_follow_the_speaker_filter(session: Session, ids: Ids) -> None:
    page = quote_page(session, filters=QuoteFilters(speaker=["Sudani"]), count_cap=100)
    assert page["total"] == len(page["items"]) > 0
    assert {item["speaker"]["id"] for item in page["items"]} == {ids.entities["sudani"]}


def test_statement_text_is_cut_off_by_the_time_budget(session: Session) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout), time_budget(session, 200):
        run(session, Sql(SLOW[dialect_of(session)]))
    assert time.monotonic() - started < 5


def test_cursor_from_another_sort_is_still_a_422(client: TestClient) -> None:
    first = client.get("/v1/articles", params={"limit": 1}).json()
    response = client.get("/v1/articles", params={"sort": "published_on", "cursor": first["next_cursor"]})
    assert response.status_code == 422 and response.json()["param"] == "cursor"
