"""Linking "ALSO READ" titles to stored articles, including ones stored after the linking article."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, select, update
from sqlalchemy.orm import Session

from app.ingest.identity import title_key
from app.ingest.load.dialect import table_of
from app.models import Article

_ARTICLES = table_of(Article)  # Core, not ORM, statements: see entities.py
# One executemany over the run's links; the guard keeps a link a concurrent run made.
_LINK = (
    update(_ARTICLES)
    .where(_ARTICLES.c.id == bindparam("linking"), _ARTICLES.c.related_article_id.is_(None))
    .values(related_article_id=bindparam("target"))
)


def link_related(session: Session) -> int:
    """Set related_article_id where an article with the related title now exists; returns links made."""
    articles = _ARTICLES.c
    pending = session.execute(
        select(articles.id, articles.related_title).where(
            articles.related_title.is_not(None), articles.related_article_id.is_(None)
        )
    ).all()
    if not pending:
        session.commit()
        return 0
    # Titles are compared after Unicode case folding, which SQL lower() does not do on SQLite.
    by_title: dict[str, int] = {}
    for article_id, title in session.execute(select(articles.id, articles.title).order_by(articles.id)):
        by_title.setdefault(title_key(title), article_id)
    # End the read transaction first: on SQLite, writing in it after another process committed fails
    # at once ("database is locked") instead of waiting.
    session.commit()
    links = [
        {"linking": article_id, "target": target}
        for article_id, related_title in pending
        if (target := by_title.get(title_key(related_title or ""))) is not None and target != article_id
    ]
    linked = cast(CursorResult[Any], session.execute(_LINK, links)).rowcount if links else 0
    session.commit()
    return linked
