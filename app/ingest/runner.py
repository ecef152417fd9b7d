"""One ingest run: drain a stream of outcomes into the database in batches, recording the run."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy.orm import Session

from app.extract.types import Extraction
from app.ingest.load import Loader, finish_run, link_related, start_run
from app.ingest.pipeline import Outcome, chunked
from app.ingest.progress import Tick, progress_display
from app.ingest.report import IngestReport, status_line
from app.ingest.types import Rejection, Skipped


def run_load(
    session: Session, outcomes: Iterable[Outcome], *, inputs: Sequence[str], batch_size: int, progress: bool
) -> IngestReport:
    """Drain the stream into the database in batches, recording the run; marks it failed on error."""
    started = time.perf_counter()
    report = IngestReport(run_id=start_run(session, inputs), inputs=tuple(inputs))
    loader = Loader(session, run_id=report.run_id)
    loader.hydrate()
    try:
        with progress_display(progress) as tick:
            for batch in chunked(_ticking(outcomes, tick), batch_size):
                _load_batch(loader, batch, report)
                tick(0, status_line(report))
        report.related_linked = link_related(session)
        report.status = "completed"
    except BaseException:
        session.rollback()
        report.status = "failed"
        raise
    finally:
        report.seconds = time.perf_counter() - started
        finish_run(session, report)
    return report


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
