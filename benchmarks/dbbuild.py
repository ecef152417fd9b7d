"""Databases built from synthetic ground truth (no spaCy) through newsdesk's own loader."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, event, text

from app.core import migrate
from app.core.config import BATCH_SIZE
from app.core.db import make_engine
from app.extract.types import Extraction
from app.ingest.identity import content_hash
from app.ingest.service import load_extractions
from benchmarks.make_corpus import generate
from benchmarks.procs import create_pg_database, drop_pg_database

TABLES = ("articles", "entities", "entity_aliases", "mentions", "quotes", "article_sources", "date_mentions")


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES}  # noqa: S608


class StatementCounter:
    """Counts the statements (an executemany counts once) an engine sends."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self.count += 1


def load(url: str, extractions: Iterable[Extraction], batch_size: int = 500) -> float:
    """Migrate, then load the extractions; return the seconds spent in the loader."""
    migrate.upgrade(url)
    engine = make_engine(url)
    counter = StatementCounter(engine)
    try:
        started = time.perf_counter()
        report = load_extractions(engine, extractions, batch_size=batch_size, inputs=("<synthetic>",))
        seconds = time.perf_counter() - started
        if report.status != "completed" or report.rejections:
            raise RuntimeError(f"load failed: {report.status} {report.rejections[:3]}")
        print(
            f"  loader: {report.added} articles, {counter.count} SQL statements "
            f"({counter.count / max(1, report.added):.1f} per article), batch size {batch_size}",
            flush=True,
        )
        return seconds
    finally:
        engine.dispose()


def hashed(extraction: Extraction) -> Extraction:
    """The extraction as `newsdesk ingest` hands it to the loader: the step that skips stored articles
    (``app.ingest.pipeline.skip_known``) has put each record's content hash on it."""
    record = extraction.record
    return replace(extraction, record=replace(record, content_hash=content_hash(record.title, record.body)))


def load_timed(
    articles: int, seed: int, pg_admin_url: str | None, batch_size: int = BATCH_SIZE
) -> tuple[float, dict[str, int]]:
    """Build the extractions first, then time only the loader on a fresh SQLite file or PG database."""
    extractions = [hashed(extraction) for extraction in generate(articles, seed)]
    # An ingest streams its extractions; this benchmark holds them all, so keep the collector from
    # walking the benchmark's own million objects inside the timed load.
    gc.collect()
    gc.freeze()
    if pg_admin_url:
        url = create_pg_database(pg_admin_url)
        try:
            seconds = load(url, extractions, batch_size=batch_size)
            return seconds, _counts(url)
        finally:
            drop_pg_database(url, pg_admin_url)
    path = Path(f"/tmp/newsdesk-bench-loader-{articles}.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    seconds = load(url, extractions, batch_size=batch_size)
    counts = _counts(url)
    path.unlink(missing_ok=True)
    return seconds, counts


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        return row_counts(engine)
    finally:
        engine.dispose()
