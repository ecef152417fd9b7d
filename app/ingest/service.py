"""The ingest entry points: `ingest_paths` (the CLI) and `load_extractions` (tests, one extraction, two DBs).

Engine ownership: ``ingest_paths`` builds the engine from ``settings.database_url`` and disposes of it,
unless one is passed in. The schema must already be migrated (the CLI runs the migrations first).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from app.core.config import BATCH_SIZE, Settings
from app.core.db import make_engine
from app.extract.types import Extraction
from app.ingest.extractors import extractor_factory
from app.ingest.load import known_hashes
from app.ingest.load.entities import EntityResolver
from app.ingest.pipeline import ExtractorFactory, skip_known
from app.ingest.readers import ReadOptions, read_paths
from app.ingest.report import IngestReport, format_report
from app.ingest.runner import run_load
from app.ingest.types import Rejection
from app.ingest.workers import extract_stream


class SchemaMissing(RuntimeError):
    """The database has not been migrated: run `newsdesk db upgrade`."""


def ingest_paths(
    paths: Sequence[str],
    *,
    settings: Settings,
    published_on: dt.date | None = None,
    workers: int = 1,
    progress: bool = True,
    engine: Engine | None = None,
    extractor: ExtractorFactory | None = None,
    echo: TextIO | bool = True,
) -> IngestReport:
    """Read, extract and load every input; print the end-of-run report (echo: True=stderr, False=silent)."""
    own_engine = engine is None
    engine = engine or make_engine(settings.database_url)
    try:
        _require_schema(engine)
        options = ReadOptions(max_chars=settings.max_article_chars, published_on=published_on)
        items = skip_known(read_paths(paths, options), lambda hashes: _stored(engine, hashes))
        factory = extractor or extractor_factory(settings.spacy_model)
        outcomes = extract_stream(items, factory, workers=workers)
        with Session(engine, expire_on_commit=False) as session:
            report = run_load(
                session, outcomes, inputs=paths, batch_size=settings.batch_size, progress=progress,
                batch_seconds=settings.batch_seconds,
            )
    finally:
        if own_engine:
            engine.dispose()
    if echo:
        print(format_report(report), file=sys.stderr if echo is True else echo)
    return report


def extract_paths(
    paths: Sequence[str],
    *,
    settings: Settings,
    published_on: dt.date | None = None,
    extractor: ExtractorFactory | None = None,
) -> tuple[list[Extraction], list[Rejection]]:
    """Read and extract without a database (e.g. once per test session, then load into every backend)."""
    options = ReadOptions(max_chars=settings.max_article_chars, published_on=published_on)
    factory = extractor or extractor_factory(settings.spacy_model)
    outcomes = list(extract_stream(read_paths(paths, options), factory))
    return (
        [o for o in outcomes if isinstance(o, Extraction)],
        [o for o in outcomes if isinstance(o, Rejection)],
    )


def load_extractions(
    target: Engine | Session,
    extractions: Iterable[Extraction],
    *,
    batch_size: int = BATCH_SIZE,
    inputs: Sequence[str] = ("<extractions>",),
    entities: EntityResolver | None = None,
) -> IngestReport:
    """Load ready-made extractions (no reading, no NLP) into a migrated database, as one ingest run;
    ``entities``: a resolver kept from an earlier run that completed, refreshed instead of re-read."""
    if isinstance(target, Session):
        return run_load(target, extractions, inputs=inputs, batch_size=batch_size, progress=False,
                        entities=entities)
    with Session(target, expire_on_commit=False) as session:
        return run_load(session, extractions, inputs=inputs, batch_size=batch_size, progress=False,
                        entities=entities)


def _stored(engine: Engine, hashes: Sequence[str]) -> set[str]:
    with Session(engine) as session:
        return known_hashes(session, hashes)


def _require_schema(engine: Engine) -> None:
    if not inspect(engine).has_table("articles"):
        raise SchemaMissing("the database has no newsdesk schema: run `newsdesk db upgrade` first")
