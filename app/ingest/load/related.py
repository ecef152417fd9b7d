"""Linking "ALSO READ" titles to stored articles, including ones stored after the linking article.

Titles are compared by ``app.ingest.identity.title_key`` (Unicode case folding, which SQL lower() does not
do on SQLite), stored with each article and indexed (migration 0007). A run links the articles of the open
runs (its own, and any that failed, were interrupted or are still running, whose own link step may not
have run) and the stored articles waiting for one of their titles: two indexed statements, whatever the
archive's size. The target is the lowest id with the title, and an article never links to itself.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, text
from sqlalchemy.orm import Session

# ruff: noqa: S608  -- the statements are built from constants only; run ids are bound parameters.
_TARGET = "(SELECT min(t.id) FROM articles AS t WHERE t.title_key = articles.related_key)"
# The open runs' ids go in as values, not as a subquery: PostgreSQL then estimates their articles from the
# column's statistics (a few rows for a new run) and walks the indexes; from a subquery it assumed an
# archive loaded in one big run's share of rows and scanned the whole table.
_OPEN_RUNS = text("SELECT r.id FROM ingest_runs AS r WHERE r.id = :run OR r.status <> 'completed'")
# "+ 0": not by the index of related_article_id, whose NULLs are every article still waiting (10% of a
# 100k archive here); the run's articles and its titles are the few rows to start from.
_SET = f"UPDATE articles SET related_article_id = {_TARGET} WHERE articles.related_article_id + 0 IS NULL "
_LINKS = (
    # the open runs' own articles, linked to any stored article
    text(_SET + "AND articles.related_key IS NOT NULL AND articles.ingest_run_id IN :runs "
         f"AND articles.id <> {_TARGET}").bindparams(bindparam("runs", expanding=True)),
    # stored articles waiting for a title one of the open runs stored
    text(_SET + "AND articles.related_key IN (SELECT n.title_key FROM articles AS n WHERE n.ingest_run_id "
         f"IN :runs) AND articles.id <> {_TARGET}").bindparams(bindparam("runs", expanding=True)),
)


def link_related(session: Session, run_id: int | None) -> int:
    """Set related_article_id where an article with the related title now exists; returns links made."""
    runs = list(session.execute(_OPEN_RUNS, {"run": run_id}).scalars())
    # End the read transaction first: on SQLite, writing in it after another process committed fails at
    # once ("database is locked") instead of waiting.
    session.commit()
    linked = 0
    for statement in _LINKS if runs else ():
        linked += cast(CursorResult[Any], session.execute(statement, {"runs": runs})).rowcount
    session.commit()
    return linked
