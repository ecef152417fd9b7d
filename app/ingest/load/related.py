"""Linking "ALSO READ" titles to stored articles, including ones stored after the linking article."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.ingest.identity import title_key
from app.models import Article


def link_related(session: Session) -> int:
    """Set related_article_id where an article with the related title now exists; returns links made."""
    pending = session.execute(
        select(Article.id, Article.related_title).where(
            Article.related_title.is_not(None), Article.related_article_id.is_(None)
        )
    ).all()
    if not pending:
        return 0
    # Titles are compared after Unicode case folding, which SQL lower() does not do on SQLite.
    by_title: dict[str, int] = {}
    for article_id, title in session.execute(select(Article.id, Article.title).order_by(Article.id)):
        by_title.setdefault(title_key(title), article_id)
    links = 0
    for article_id, related_title in pending:
        target = by_title.get(title_key(related_title or ""))
        if target is not None and target != article_id:
            session.execute(update(Article).where(Article.id == article_id).values(related_article_id=target))
            links += 1
    session.commit()
    return links
