"""Quoted statements and dates mentioned in articles."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Quote(Base):
    __tablename__ = "quotes"
    __table_args__ = (
        Index(None, "speaker_entity_id", "article_id"),
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
