"""The per-article facet digest the facets endpoint counts instead of the child rows (migration 0004).

The loader writes digests itself (app/ingest/load/digest.py, Core statements in the batch). Rows written
through the ORM (admin tools, tests) refresh their articles' digests from the stored rows at each flush.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, ForeignKey, Text, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import get_history

from app.models.base import Base
from app.models.entity import Mention
from app.models.quote import Quote
from app.models.source import ArticleSource


class ArticleFacets(Base):
    """Comma-separated ids, ascending: distinct actors, distinct places, one speaker per quote, distinct
    sources in any role; a row only for an article with at least one."""

    __tablename__ = "article_facets"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    actor_ids: Mapped[str] = mapped_column(Text)
    place_ids: Mapped[str] = mapped_column(Text)
    speaker_ids: Mapped[str] = mapped_column(Text)
    source_ids: Mapped[str] = mapped_column(Text)


_COLUMNS = ("actor_ids", "place_ids", "speaker_ids", "source_ids")
_LISTS = {  # the ids of article a, ascending, for each column
    "actor_ids": "SELECT DISTINCT m.entity_id AS id FROM mentions m JOIN entities e ON e.id = m.entity_id "
    "WHERE m.article_id = a.id AND e.kind IN ('person', 'organisation') ORDER BY 1",
    "place_ids": "SELECT DISTINCT m.entity_id AS id FROM mentions m JOIN entities e ON e.id = m.entity_id "
    "WHERE m.article_id = a.id AND e.kind = 'place' ORDER BY 1",
    "speaker_ids": "SELECT q.speaker_entity_id AS id FROM quotes q "
    "WHERE q.article_id = a.id AND q.speaker_entity_id IS NOT NULL ORDER BY 1",
    "source_ids": "SELECT DISTINCT s.source_id AS id FROM article_sources s "
    "WHERE s.article_id = a.id ORDER BY 1",
}
_JOINED = {
    "sqlite": "coalesce((SELECT group_concat(id, ',') FROM ({})), '')",
    "postgresql": "array_to_string(ARRAY({}), ',')",
}
_IDS = {
    "sqlite": "a.id IN (SELECT value FROM json_each(:ids))",
    "postgresql": "a.id = ANY(CAST(:ids AS integer[]))",
}


def refresh_digests(connection: Connection, article_ids: Iterable[int]) -> None:
    """Recompute the digests of these articles from their stored mentions, quotes and sources."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    dialect = connection.dialect.name
    bound: dict[str, Any] = {"ids": ids if dialect == "postgresql" else "[" + ",".join(map(str, ids)) + "]"}
    where = _IDS[dialect].replace("a.id", "article_id")
    connection.execute(text(f"DELETE FROM article_facets WHERE {where}"), bound)  # noqa: S608 - fixed text
    lists = ", ".join(f"{_JOINED[dialect].format(_LISTS[c])} AS {c}" for c in _COLUMNS)
    any_id = " OR ".join(f"{c} <> ''" for c in _COLUMNS)
    connection.execute(text(
        f"INSERT INTO article_facets (article_id, {', '.join(_COLUMNS)}) SELECT * FROM "  # noqa: S608
        f"(SELECT a.id AS article_id, {lists} FROM articles a WHERE {_IDS[dialect]}) d WHERE {any_id}"
    ), bound)


@event.listens_for(Session, "after_flush")
def _refresh_touched(session: Session, _context: Any) -> None:
    """Digests of the articles whose mentions, quotes or sources this flush added, changed or deleted."""
    touched: set[int] = set()
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, (Mention, Quote, ArticleSource)):
            history = get_history(row, "article_id")
            touched.update(i for i in (*history.added, *history.unchanged, *history.deleted) if i is not None)
    if touched:
        refresh_digests(session.connection(), touched)
