"""Articles, their sections and provenance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from app.ingest.identity import title_key
from app.models.base import Base, CreatedAt


class Article(CreatedAt, Base):
    __tablename__ = "articles"
    # (id, published_on): an article's date tested by id without reading its row (migration 0006);
    # title_key and related_key: "ALSO READ" links made by index (migration 0007)
    __table_args__ = (
        Index(None, "published_on", "id"), Index(None, "id", "published_on"), Index(None, "title_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    lede: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    related_title: Mapped[str | None] = mapped_column(Text)
    # app.ingest.identity.title_key of the title and of related_title, written by the loader
    title_key: Mapped[str | None] = mapped_column(Text)
    related_key: Mapped[str | None] = mapped_column(Text, index=True)
    related_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    source_file: Mapped[str | None] = mapped_column(Text)
    source_position: Mapped[str | None] = mapped_column(String(64))
    ingest_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ingest_runs.id", ondelete="SET NULL"), index=True
    )


@event.listens_for(Article, "before_insert")
def _title_keys(_mapper: Any, _connection: Connection, article: Article) -> None:
    """An ORM insert keys its titles as the loader does (the loader's bulk insert writes them itself)."""
    if article.title_key is None and article.title is not None:
        article.title_key = title_key(article.title)
    if article.related_key is None and article.related_title is not None:
        article.related_key = title_key(article.related_title)


class ArticleSection(Base):
    __tablename__ = "article_sections"
    __table_args__ = (Index(None, "section", "article_id"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    section: Mapped[str] = mapped_column(String(120), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
