"""No N+1: a list page costs the same number of SQL statements whatever its size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from tests.api.data import Ids


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for(client: TestClient, engine: Engine, path: str, params: dict[str, Any]) -> int:
    with counting(engine) as statements:
        response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return len([s for s in statements if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))])


@pytest.mark.parametrize(("path", "params", "expected"), [
    ("/v1/articles", {}, 5),  # count, page, sections, sources, counts
    ("/v1/articles", {"actor": "Sudani", "q": "coalition OR Baghdad"}, 7),  # + two name look-ups
    ("/v1/quotes", {}, 3),  # count, page (speaker and source joined), publishers
    ("/v1/actors", {}, 5),  # count, page, aliases, roles, quote counts
    ("/v1/places", {}, 3),  # count, page, aliases
    ("/v1/sources", {}, 4),  # count, page, roles, reported quotes
])
def test_page_cost_does_not_grow_with_its_size(
    client: TestClient, engine: Engine, ids: Ids, path: str, params: dict[str, Any], expected: int
) -> None:
    if "q" in params and engine.dialect.name == "postgresql":
        expected += 4  # seq scans off, then reset, around the full-text count and the relevance page
    small = statements_for(client, engine, path, params | {"limit": 1})
    large = statements_for(client, engine, path, params | {"limit": 200})
    assert small == large == expected
