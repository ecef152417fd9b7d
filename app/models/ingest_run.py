"""Provenance and audit of each `newsdesk ingest` run."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # running | completed | failed | interrupted (its process died: found by the next run)
    status: Mapped[str] = mapped_column(String(16), default="running")
    inputs: Mapped[str] = mapped_column(Text, default="")  # newline-separated paths or URLs
    articles_added: Mapped[int] = mapped_column(Integer, default=0)
    articles_skipped: Mapped[int] = mapped_column(Integer, default=0)
    articles_rejected: Mapped[int] = mapped_column(Integer, default=0)
    entities_added: Mapped[int] = mapped_column(Integer, default=0)
    quotes_added: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float | None] = mapped_column()


class IngestRejection(Base):
    """A record an ingest run refused, with where it was and why."""

    __tablename__ = "ingest_rejections"
    __table_args__ = (Index(None, "run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_runs.id", ondelete="CASCADE"))
    source_file: Mapped[str] = mapped_column(Text)
    position: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
