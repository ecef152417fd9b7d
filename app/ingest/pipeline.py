"""The stream between readers and the loader: skip stored articles, extract the rest, in order."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol, TypeVar, runtime_checkable

from app.extract.types import ArticleRecord, Extraction, Field, PackedDoc
from app.ingest.identity import content_hash
from app.ingest.types import Rejection, Skipped

T = TypeVar("T")
Item = ArticleRecord | Rejection | Skipped
Outcome = Extraction | Rejection | Skipped
LOOKUP_CHUNK = 256
LOOKUP_CHARS = 8_000_000  # records held back for one lookup: a few big articles fill a chunk


class ChunkExtractor(Protocol):
    """What app.extract.pipeline.Extractor offers."""

    def extract(self, record: ArticleRecord) -> Extraction: ...
    def extract_many(
        self, records: Iterable[ArticleRecord], batch_size: int = 32
    ) -> Iterator[Extraction]: ...


ExtractorFactory = Callable[[], ChunkExtractor]
Parsed = dict[Field, PackedDoc]  # one article's fields as the parsing process sends them


class PipelinedExtractor(ChunkExtractor, Protocol):
    """An extractor whose model and rules can run in different processes."""

    def parse_packed(self, records: Sequence[ArticleRecord]) -> list[Parsed]: ...
    def assemble_packed(self, record: ArticleRecord, packed: Mapping[Field, PackedDoc]) -> Extraction: ...


@runtime_checkable
class PipelinedFactory(Protocol):
    """Builds the whole extractor, or with ``parser()`` one that only runs the model (a worker's)."""

    def __call__(self) -> PipelinedExtractor: ...
    def parser(self) -> PipelinedExtractor: ...


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def batched(items: Iterable[T], size: int, seconds: float) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items; a list also ends with the first item that arrives
    ``seconds`` or more after the list's first (a slow stream still yields every so often)."""
    batch: list[T] = []
    started = 0.0
    for item in items:
        now = time.monotonic()
        if not batch:
            started = now
        batch.append(item)
        if len(batch) >= size or now - started >= seconds:
            yield batch
            batch = []
    if batch:
        yield batch


def skip_known(
    items: Iterable[ArticleRecord | Rejection], stored: Callable[[Sequence[str]], set[str]]
) -> Iterator[Item]:
    """Mark records already stored (or repeated within this run) as Skipped, before any extraction."""
    seen: set[str] = set()
    for chunk in _lookup_chunks(items):
        digests = [content_hash(i.title, i.body) if isinstance(i, ArticleRecord) else "" for i in chunk]
        known = stored(sorted(set(filter(None, digests)) - seen))
        for item, digest in zip(chunk, digests, strict=True):
            if not isinstance(item, ArticleRecord):
                yield item
            elif digest in seen or digest in known:
                yield Skipped(item, digest)
            else:
                seen.add(digest)
                yield dataclasses.replace(item, content_hash=digest)  # the loader's key, computed once


def _lookup_chunks(items: Iterable[ArticleRecord | Rejection]) -> Iterator[list[ArticleRecord | Rejection]]:
    """Chunks of at most LOOKUP_CHUNK items and about LOOKUP_CHARS characters, so memory stays bounded."""
    chunk: list[ArticleRecord | Rejection] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += (
            len(item.title) + len(item.body) + len(item.lede or "") if isinstance(item, ArticleRecord) else 0
        )
        if len(chunk) >= LOOKUP_CHUNK or size >= LOOKUP_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def extract_chunk(
    extractor: ChunkExtractor, records: Sequence[ArticleRecord]
) -> list[Extraction | Rejection]:
    """Extract a chunk with nlp.pipe; if it fails, isolate the failing record(s) one by one."""
    try:
        return list(extractor.extract_many(records, batch_size=max(1, len(records))))
    except Exception:  # an extractor bug on one record must not lose the others; retried below
        return [_guarded(record, extractor.extract) for record in records]


def parse_chunk(extractor: PipelinedExtractor, records: Sequence[ArticleRecord]) -> list[Parsed | Rejection]:
    """The model's share of ``extract_chunk``: one nlp.pipe, or record by record if that fails."""
    try:
        return list(extractor.parse_packed(records))
    except Exception:  # retried one by one below, as in extract_chunk
        return [_guarded(record, lambda one: extractor.parse_packed([one])[0]) for record in records]


def assemble_chunk(
    extractor: PipelinedExtractor, records: Sequence[ArticleRecord], parsed: Sequence[Parsed | Rejection]
) -> list[Extraction | Rejection]:
    """The rules' share of ``extract_chunk``, record by record over what ``parse_chunk`` returned."""
    results: list[Extraction | Rejection] = []
    for record, found in zip(records, parsed, strict=True):
        if isinstance(found, Rejection):
            results.append(found)  # its parse failed
        else:
            results.append(_guarded(record, functools.partial(_assemble, extractor, found)))
    return results


def _assemble(extractor: PipelinedExtractor, parsed: Parsed, record: ArticleRecord) -> Extraction:
    return extractor.assemble_packed(record, parsed)


def _guarded(record: ArticleRecord, work: Callable[[ArticleRecord], T]) -> T | Rejection:
    """``work(record)``; if it raises, the record's rejection with its position (reported, not swallowed)."""
    try:
        return work(record)
    except Exception as exc:
        where = (record.source_file or "-", record.source_position or "byte 0")
        return Rejection(*where, f"extraction failed: {type(exc).__name__}: {exc}")
