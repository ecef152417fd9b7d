"""Quoted statements and dates mentioned in articles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Date, ForeignKey, Index, Integer, String, Text, event, select
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Quote(Base):
    __tablename__ = "quotes"
    __table_args__ = (
        # quote pages sort by date: a speaker's page and count are ranges of these (migration 0005)
        Index(None, "speaker_entity_id", "published_on", "id"),
        Index(None, "published_on", "id"),
        Index(None, "id", "published_on"),  # a search's matches' dates, read by id (migration 0009)
        Index(None, "article_id", "start"),
        Index(None, "article_id", "speaker_entity_id"),  # the speakers facet (migration 0003)
        Index(None, "reported_via_source_id"),
        Index(None, "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # direct | indirect | mixed
    cue: Mapped[str | None] = mapped_column(String(100))
    speaker_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"))
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_label: Mapped[str | None] = mapped_column(Text)
    speaker_resolution: Mapped[str] = mapped_column(String(16))
    reported_via_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(8), default="body")
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    said_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # The article's published_on, copied so that quote lists filter and sort on the quote's own indexes
    # (an article's date never changes once stored); filled from the article when an insert leaves it out.
    published_on: Mapped[dt.date | None] = mapped_column(Date)


@event.listens_for(Quote, "before_insert")
def _article_date(_mapper: Any, connection: Connection, quote: Quote) -> None:
    """An ORM insert copies its article's publication date (the loader's bulk insert writes it itself)."""
    if quote.published_on is None:
        table = Quote.metadata.tables["articles"]
        query = select(table.c.published_on).where(table.c.id == quote.article_id)
        quote.published_on = connection.execute(query).scalar_one_or_none()


class DateMention(Base):
    __tablename__ = "date_mentions"
    __table_args__ = (Index(None, "date_start", "date_end"), Index(None, "article_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String(16))  # 2024-01-10 | 2024-01 | 2024 | --01-10
    precision: Mapped[str] = mapped_column(String(8))
    field: Mapped[str] = mapped_column(String(8))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
