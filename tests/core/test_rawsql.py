"""Statement texts in each driver's parameter style; PostgreSQL gets IN lists as one array parameter."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from app.core.rawsql import Sql, marks, render, run
from app.models import Article


def test_sqlite_reads_every_mark_as_a_question_mark() -> None:
    rendered = render("SELECT 1 WHERE a = %I AND b IN (%I, %I) AND c > %D AND d = %S AND e = %P", "sqlite")
    assert rendered.text == "SELECT 1 WHERE a = ? AND b IN (?, ?) AND c > ? AND d = ? AND e = ?"
    assert rendered.lists == ()
    assert rendered.params((1, 2, 3, "2024-01-01", "x", 4)) == (1, 2, 3, "2024-01-01", "x", 4)


def test_postgresql_sends_in_lists_as_arrays() -> None:
    text = ("SELECT 1 WHERE a = %I AND b IN (%I, %I, %I) AND c IN (%S, %S) AND d IN (%I) "
            "AND e NOT IN (%I, %I) AND f IN (%I, %S) AND g > %D")
    rendered = render(text, "postgresql")
    assert rendered.text == (
        "SELECT 1 WHERE a = %s::INTEGER AND b = ANY(%s::INTEGER[]) AND c = ANY(%s::VARCHAR[]) "
        "AND d IN (%s::INTEGER) AND e NOT IN (%s::INTEGER, %s::INTEGER) "
        "AND f IN (%s::INTEGER, %s::VARCHAR) AND g > %s::DATE"
    )
    assert rendered.lists == ((1, 3, "%I"), (4, 2, "%S"))
    params = (1, 2, 3, 4, "x", "y", 5, 6, 7, 8, "z", "2024-01-01")
    assert rendered.params(params) == (1, "{2,3,4}", ["x", "y"], 5, 6, 7, 8, "z", "2024-01-01")


def test_a_list_may_come_first_or_last() -> None:
    rendered = render("SELECT 1 WHERE b IN (%I, %I) AND c IN (%I, %I)", "postgresql")
    assert rendered.params((1, 2, 3, 4)) == ("{1,2}", "{3,4}")


@pytest.mark.parametrize("count", [1, 2, 500])
def test_in_lists_select_the_same_rows_on_each_backend(session: Session, count: int) -> None:
    stored = [Article(content_hash=f"h{i}", title=f"t{i}", body="b") for i in range(3)]
    session.add_all(stored)
    session.flush()
    ids = ([a.id for a in stored] + [-(i + 1) for i in range(count)])[:count]
    titles = ([a.title for a in stored] + [f"absent {i}" for i in range(count)])[:count]
    where = f"articles.id IN ({marks('%I', len(ids))}) AND articles.title IN ({marks('%S', len(titles))})"
    text = "SELECT articles.id FROM articles WHERE " + where + " ORDER BY articles.id"  # noqa: S608 - marks
    sql = Sql(text, (*ids, *titles))
    assert [row[0] for row in run(session, sql)] == [a.id for a in stored][:count]
