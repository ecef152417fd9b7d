"""Articles, their sections and provenance."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, CreatedAt


class Article(CreatedAt, Base):
    __tablename__ = "articles"
    # (id, published_on): an article's date tested by id without reading its row (migration 0006)
    __table_args__ = (Index(None, "published_on", "id"), Index(None, "id", "published_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    lede: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    related_title: Mapped[str | None] = mapped_column(Text)
    related_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    source_file: Mapped[str | None] = mapped_column(Text)
    source_position: Mapped[str | None] = mapped_column(String(64))
    ingest_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ingest_runs.id", ondelete="SET NULL"), index=True
    )


class ArticleSection(Base):
    __tablename__ = "article_sections"
    __table_args__ = (Index(None, "section", "article_id"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    section: Mapped[str] = mapped_column(String(120), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
