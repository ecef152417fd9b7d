"""The single writer: one transaction per batch, and article by article when a batch fails."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.exc import DataError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.extract.types import Extraction
from app.ingest.load.articles import ArticleWriter
from app.ingest.load.dialect import tune_for_loading
from app.ingest.load.digest import flush_with_digests
from app.ingest.load.entities import EntityResolver
from app.ingest.load.runs import add_rejections
from app.ingest.load.sources import SourceResolver
from app.ingest.types import Rejection

TRANSIENT_ATTEMPTS = 4
TRANSIENT_BACKOFF_SECONDS = 0.1
# PostgreSQL deadlock, serialization failure, lock timeout: the same batch succeeds when retried.
_TRANSIENT_SQLSTATES = {"40P01", "40001", "55P03"}


def is_transient(exc: OperationalError) -> bool:
    """True for errors caused by a concurrent writer rather than by the data."""
    if getattr(exc.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)


@dataclass(slots=True)
class BatchResult:
    """What one batch stored."""

    added: int = 0
    skipped: int = 0
    entities_added: int = 0
    quotes_added: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def merge(self, other: BatchResult) -> None:
        """Add another result's counts to this one."""
        self.added += other.added
        self.skipped += other.skipped
        self.entities_added += other.entities_added
        self.quotes_added += other.quotes_added
        self.rejections.extend(other.rejections)


class Loader:
    """Stores extractions in batches; call hydrate() once before the first batch."""

    def __init__(
        self, session: Session, *, run_id: int | None = None, entities: EntityResolver | None = None
    ) -> None:
        """``entities``: a resolver kept from an earlier committed run of this process, to refresh."""
        self.session, self.run_id = session, run_id
        self.entities = entities or EntityResolver(session)
        self._reused = entities is not None
        self.sources = SourceResolver(session)
        self.writer = ArticleWriter(session, self.entities, self.sources)

    def hydrate(self) -> None:
        """Load the entity and source caches from the database, then end that read transaction; a kept
        resolver only catches up with what was stored since.

        Every write transaction must start with a write: on SQLite a transaction that read first and
        then writes after another process committed fails at once with "database is locked"
        (a stale snapshot) instead of waiting for the busy timeout."""
        tune_for_loading(self.session)
        if self._reused:
            self.entities.refresh(self.session)
            self._reused = False  # after a rollback, hydrate() reads everything again
        else:
            self.entities.hydrate()
        self.sources.hydrate()
        self.session.commit()

    def load_batch(
        self, extractions: Sequence[Extraction], rejections: Sequence[Rejection] = ()
    ) -> BatchResult:
        """Store a batch in one transaction; if the database refuses it, retry article by article."""
        for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
            before = self.entities.added
            try:
                return self._commit(self._write(extractions, rejections))
            except OperationalError as exc:
                self._rollback(before)
                if not is_transient(exc) or attempt == TRANSIENT_ATTEMPTS:
                    raise
                # A concurrent ingest holds rows this batch needs: let it finish, then try again.
                time.sleep(TRANSIENT_BACKOFF_SECONDS * attempt)
            except SQLAlchemyError:
                self._rollback(before)
                break
        return self._one_by_one(extractions, rejections)

    def _write(self, extractions: Sequence[Extraction], rejections: Sequence[Rejection]) -> BatchResult:
        """Stage the batch: its articles in one INSERT, then one INSERT per table for their rows."""
        before = self.entities.added
        result = BatchResult(rejections=list(rejections))
        if self.run_id is not None:
            add_rejections(self.session, self.run_id, rejections)
        self.writer.begin(extractions, self.run_id)
        for extraction in extractions:
            article_id, quotes = self.writer.write(extraction, self.run_id)
            result.added += article_id is not None
            result.skipped += article_id is None
            result.quotes_added += quotes
        flush_with_digests(self.session, self.writer)  # the writer's rows and their facet digests
        result.entities_added = self.entities.added - before
        return result

    def _one_by_one(self, extractions: Sequence[Extraction], rejections: Sequence[Rejection]) -> BatchResult:
        total = self._commit(self._write((), rejections))
        for extraction in extractions:
            before = self.entities.added
            try:
                total.merge(self._commit(self._write([extraction], ())))
            except (DataError, IntegrityError) as exc:
                self._rollback(before)
                refused = _refusal(extraction, exc)
                total.merge(self._commit(self._write((), [refused])))
        return total

    def _commit(self, result: BatchResult) -> BatchResult:
        self.session.commit()
        return result

    def _rollback(self, entities_before: int) -> None:
        """Undo the transaction and forget what the caches learnt in it."""
        self.session.rollback()
        self.hydrate()
        self.entities.added = entities_before


def _refusal(extraction: Extraction, exc: SQLAlchemyError) -> Rejection:
    record = extraction.record
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return Rejection(
        record.source_file or "-", record.source_position or "byte 0", f"database refused: {detail}"
    )
