"""Running extraction in-process or in a pool of worker processes; results keep input order.

``--workers N`` above 1: N processes each run the whole extractor. With one worker on a machine with a
core to spare, the extraction is pipelined: a worker process runs the model while this process runs the
rules (and the loader) on the parsed Docs it sends back, so the rules no longer wait on the parse.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from app.extract.types import ArticleRecord, Extraction
from app.ingest.pipeline import (
    ChunkExtractor,
    ExtractorFactory,
    Item,
    Outcome,
    Parsed,
    PipelinedExtractor,
    PipelinedFactory,
    assemble_chunk,
    chunked,
    extract_chunk,
    parse_chunk,
)
from app.ingest.types import Rejection

CHUNK = 16
R = TypeVar("R")
Pending = tuple[list[Item], Future[list[R]]]

# One extractor per worker process, built by the pool initializer (a process-local cache, not shared).
_worker_extractor: Any = None


def extract_stream(
    items: Iterable[Item], factory: ExtractorFactory, *, workers: int = 1
) -> Iterator[Outcome]:
    """Extract every ArticleRecord; Rejection and Skipped items pass through unchanged."""
    if workers > 1:
        yield from _pooled(items, workers, _init_worker, factory, _work, _finished)
    elif isinstance(factory, PipelinedFactory) and usable_cores() > 1:
        rules = _Rules(factory)
        yield from _pooled(items, 1, _init_parser, factory, _parse_work, rules.finished)
    else:
        yield from _serial(items, factory)


def usable_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _serial(items: Iterable[Item], factory: ExtractorFactory) -> Iterator[Outcome]:
    extractor: ChunkExtractor | None = None  # built on the first record: a re-run may need none
    for chunk in chunked(items, CHUNK):
        records = _records(chunk)
        if records and extractor is None:
            extractor = factory()
        results = extract_chunk(extractor, records) if extractor and records else []
        yield from _merge(chunk, results)


def _pooled(
    items: Iterable[Item],
    workers: int,
    initializer: Callable[[Any], None],
    factory: Any,
    work: Callable[[list[ArticleRecord]], list[R]],
    finished: Callable[[list[Item], Future[list[R]]], Iterator[Outcome]],
) -> Iterator[Outcome]:
    """Chunks go to the pool ahead of time; ``finished`` turns each chunk's results into outcomes."""
    context = multiprocessing.get_context("spawn")  # fork would copy the parent's DB connections
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=(factory,))
    with pool:
        pending: deque[Pending[R]] = deque()
        for chunk in chunked(items, CHUNK):
            pending.append((chunk, pool.submit(work, _records(chunk))))
            if len(pending) > 2 * workers:
                yield from finished(*pending.popleft())
        while pending:
            yield from finished(*pending.popleft())


def _finished(chunk: list[Item], future: Future[list[Extraction | Rejection]]) -> Iterator[Outcome]:
    return _merge(chunk, future.result())


class _Rules:
    """This process's half of a pipelined extraction: the rules over what the parsing worker returns."""

    def __init__(self, factory: PipelinedFactory) -> None:
        self.factory = factory
        self.extractor: PipelinedExtractor | None = None

    def finished(self, chunk: list[Item], future: Future[list[Parsed | Rejection]]) -> Iterator[Outcome]:
        records = _records(chunk)
        if records and self.extractor is None:
            self.extractor = self.factory()  # built while the worker loads its model and parses ahead
        parsed = future.result()
        results = assemble_chunk(self.extractor, records, parsed) if self.extractor and records else []
        return _merge(chunk, results)


def _records(chunk: list[Item]) -> list[ArticleRecord]:
    return [item for item in chunk if isinstance(item, ArticleRecord)]


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
    _exit_with_parent()
    _worker_extractor = factory()


def _init_parser(factory: PipelinedFactory) -> None:
    global _worker_extractor
    _exit_with_parent()
    _worker_extractor = factory.parser()


def _exit_with_parent() -> None:
    """End this worker when the ingest process dies (killed, say): a worker holds both ends of its task
    queue, so it would otherwise wait on it for ever, holding a model's memory."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_gone, args=(parent.sentinel,), daemon=True).start()


def _exit_when_gone(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _work(records: list[ArticleRecord]) -> list[Extraction | Rejection]:
    assert _worker_extractor is not None, "worker initializer did not run"
    return extract_chunk(_worker_extractor, records) if records else []


def _parse_work(records: list[ArticleRecord]) -> list[Parsed | Rejection]:
    assert _worker_extractor is not None, "worker initializer did not run"
    return parse_chunk(_worker_extractor, records) if records else []
