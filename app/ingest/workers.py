"""Running extraction in-process or in a pool of worker processes; results keep input order."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from app.extract.types import ArticleRecord, Extraction
from app.ingest.pipeline import ChunkExtractor, ExtractorFactory, Item, Outcome, chunked, extract_chunk
from app.ingest.types import Rejection

CHUNK = 16

# One extractor per worker process, built by the pool initializer (a process-local cache, not shared).
_worker_extractor: ChunkExtractor | None = None


def extract_stream(
    items: Iterable[Item], factory: ExtractorFactory, *, workers: int = 1
) -> Iterator[Outcome]:
    """Extract every ArticleRecord; Rejection and Skipped items pass through unchanged."""
    if workers <= 1:
        yield from _serial(items, factory)
    else:
        yield from _parallel(items, factory, workers)


def _serial(items: Iterable[Item], factory: ExtractorFactory) -> Iterator[Outcome]:
    extractor: ChunkExtractor | None = None  # built on the first record: a re-run may need none
    for chunk in chunked(items, CHUNK):
        records = [item for item in chunk if isinstance(item, ArticleRecord)]
        if records and extractor is None:
            extractor = factory()
        results = extract_chunk(extractor, records) if extractor and records else []
        yield from _merge(chunk, results)


def _parallel(items: Iterable[Item], factory: ExtractorFactory, workers: int) -> Iterator[Outcome]:
    context = multiprocessing.get_context("spawn")  # fork would copy the parent's DB connections
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(factory,)
    ) as pool:
        pending: deque[tuple[list[Item], Future[list[Extraction | Rejection]]]] = deque()
        for chunk in chunked(items, CHUNK):
            records = [item for item in chunk if isinstance(item, ArticleRecord)]
            pending.append((chunk, pool.submit(_work, records)))
            if len(pending) > 2 * workers:
                chunk, future = pending.popleft()
                yield from _merge(chunk, future.result())
        while pending:
            chunk, future = pending.popleft()
            yield from _merge(chunk, future.result())


def _merge(chunk: list[Item], results: list[Extraction | Rejection]) -> Iterator[Outcome]:
    """Put each record's result back in its place among the pass-through items."""
    wanted = sum(isinstance(item, ArticleRecord) for item in chunk)
    if len(results) != wanted:
        raise RuntimeError(f"the extractor returned {len(results)} results for {wanted} articles")
    extracted = iter(results)
    for item in chunk:
        yield next(extracted) if isinstance(item, ArticleRecord) else item


def _init_worker(factory: ExtractorFactory) -> None:
    global _worker_extractor
    _worker_extractor = factory()


def _work(records: list[ArticleRecord]) -> list[Extraction | Rejection]:
    assert _worker_extractor is not None, "worker initializer did not run"
    return extract_chunk(_worker_extractor, records) if records else []
