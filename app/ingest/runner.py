"""One ingest run: drain a stream of outcomes into the database in batches, recording the run.

A run holds a lock for as long as its process lives: a PostgreSQL advisory lock (on a connection of its
own) or, for SQLite, an flock on a file next to the database. The kernel or the server drops it when the
process dies, however it dies. Each run, when it starts, marks the "running" runs whose lock is free as
"interrupted"; start-ups and that check are serialised by one more lock, so a run that has just
recorded itself is never taken for dead.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core.config import BATCH_SECONDS
from app.extract.types import Extraction
from app.ingest.load import Loader, finish_run, link_related, start_run
from app.ingest.load.entities import EntityResolver
from app.ingest.pipeline import Outcome, batched
from app.ingest.progress import Tick, progress_display
from app.ingest.report import IngestReport, status_line
from app.ingest.run_locks import RunLocks, run_locks
from app.ingest.types import Rejection, Skipped
from app.models import Article, IngestRejection, IngestRun


def run_load(
    session: Session, outcomes: Iterable[Outcome], *, inputs: Sequence[str], batch_size: int, progress: bool,
    entities: EntityResolver | None = None, batch_seconds: float = BATCH_SECONDS,
) -> IngestReport:
    """Drain the stream into the database in batches, recording the run; marks it failed on error.
    A batch holds ``batch_size`` outcomes, or fewer when its first has waited ``batch_seconds``.
    ``entities``: a resolver kept from an earlier run that completed (see ``Loader``)."""
    started = time.perf_counter()
    with run_locks(session.get_bind()) as locks:
        report = _start(session, locks, inputs)
        loader = Loader(session, run_id=report.run_id, entities=entities)
        loader.hydrate()
        try:
            with progress_display(progress) as tick:
                for batch in batched(_ticking(outcomes, tick), batch_size, batch_seconds):
                    _load_batch(loader, batch, report)
                    tick(0, status_line(report))
            report.related_linked = link_related(session, report.run_id)
            report.status = "completed"
        except BaseException:
            session.rollback()
            report.status = "failed"
            raise
        finally:
            report.seconds = time.perf_counter() - started
            finish_run(session, report)
    return report


def _start(session: Session, locks: RunLocks, inputs: Sequence[str]) -> IngestReport:
    """Mark dead runs interrupted, record this one and take its lock, all under the start-up lock."""
    with locks.starting():
        interrupted = mark_interrupted(session, locks)
        run_id = start_run(session, inputs)
        locks.hold(run_id)
    report = IngestReport(run_id=run_id, inputs=tuple(inputs))
    report.interrupted_runs = interrupted
    return report


def mark_interrupted(session: Session, locks: RunLocks) -> tuple[int, ...]:
    """Set every "running" run whose process is gone to "interrupted", with the counts it committed."""
    running = session.scalars(
        select(IngestRun.id).where(IngestRun.status == "running").order_by(IngestRun.id)
    )
    dead = [run_id for run_id in running if not locks.alive(run_id)]
    for run_id in dead:
        added = select(func.count()).select_from(Article).where(Article.ingest_run_id == run_id)
        rejected = select(func.count()).select_from(IngestRejection).where(IngestRejection.run_id == run_id)
        session.execute(
            update(IngestRun)
            .where(IngestRun.id == run_id, IngestRun.status == "running")
            .values(
                status="interrupted",
                articles_added=added.scalar_subquery(),
                articles_rejected=rejected.scalar_subquery(),
            )
        )
    session.commit()
    return tuple(dead)


def _load_batch(loader: Loader, batch: list[Outcome], report: IngestReport) -> None:
    extractions = [item for item in batch if isinstance(item, Extraction)]
    rejections = [item for item in batch if isinstance(item, Rejection)]
    result = loader.load_batch(extractions, rejections)
    report.added += result.added
    report.skipped += result.skipped + sum(isinstance(item, Skipped) for item in batch)
    report.entities_added += result.entities_added
    report.quotes_added += result.quotes_added
    report.rejections.extend(result.rejections)


def _ticking(outcomes: Iterable[Outcome], tick: Tick) -> Iterator[Outcome]:
    for outcome in outcomes:
        tick(1)
        yield outcome
