"""The ingest_runs row of a run and the rejections it collected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from app.ingest.report import IngestReport
from app.ingest.types import Rejection
from app.models import IngestRejection, IngestRun

POSITION_CHARS = 64


def start_run(session: Session, inputs: Sequence[str]) -> int:
    """Record a running ingest and commit, so its id can be referenced by the articles."""
    run_id: int = session.execute(
        insert(IngestRun).values(status="running", inputs="\n".join(inputs)).returning(IngestRun.id)
    ).scalar_one()
    session.commit()
    return run_id


def add_rejections(session: Session, run_id: int, rejections: Sequence[Rejection]) -> None:
    """Stage the rejection rows; they commit with the batch they arrived in."""
    rows = [
        {
            "run_id": run_id,
            "source_file": r.source_file,
            "position": r.position[:POSITION_CHARS],
            "reason": r.reason,
        }
        for r in rejections
    ]
    if rows:
        session.execute(insert(IngestRejection), rows)


def finish_run(session: Session, report: IngestReport) -> None:
    """Store the run's final status and counts, and commit."""
    session.execute(
        update(IngestRun)
        .where(IngestRun.id == report.run_id)
        .values(
            status=report.status,
            finished_at=dt.datetime.now(dt.UTC),
            articles_added=report.added,
            articles_skipped=report.skipped,
            articles_rejected=report.rejected,
            entities_added=report.entities_added,
            quotes_added=report.quotes_added,
            seconds=round(report.seconds, 3),
        )
    )
    session.commit()
