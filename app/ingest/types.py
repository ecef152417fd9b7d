"""What the ingest stream carries besides articles: refused records and already-stored ones."""

from __future__ import annotations

from dataclasses import dataclass

from app.extract.types import ArticleRecord, pickled_by_arguments


@pickled_by_arguments
@dataclass(frozen=True, slots=True)
class Rejection:
    """A record (or whole file) that could not be ingested, with where it was and why."""

    source_file: str
    position: str  # "line 12" or "byte 4096"
    reason: str

    def __str__(self) -> str:
        return f"{self.source_file}:{self.position}: {self.reason}"


@pickled_by_arguments
@dataclass(frozen=True, slots=True)
class Skipped:
    """A record whose content hash is already stored (or was seen earlier in this run)."""

    record: ArticleRecord
    content_hash: str
