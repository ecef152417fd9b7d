"""The stream between readers and the loader: skip stored articles, extract the rest, in order."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

from app.extract.types import ArticleRecord, Extraction, Field, PackedDoc
from app.ingest.identity import content_hash
from app.ingest.types import Rejection, Skipped

T = TypeVar("T")
Item = ArticleRecord | Rejection | Skipped
Outcome = Extraction | Rejection | Skipped
LOOKUP_CHUNK = 256
LOOKUP_CHARS = 8_000_000  # records held back for one lookup: a few big articles fill a chunk
GC_YOUNG_THRESHOLD = 20_000  # allocations between young-generation collections in an extracting process
_WARM_UP = ArticleRecord("Talks in Baghdad", "The minister said on Monday that talks would resume in Erbil.")


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


def spacy_extractor(model: str) -> PipelinedExtractor:
    """The real extractor with the named spaCy model (imported late: loading it is expensive)."""
    extractor = _load(model)
    # Build the lazily loaded tables (GeoNames, gazetteers) now, then exempt everything alive from the
    # cyclic collector (see _settle_gc).
    extractor.extract(_WARM_UP)
    _settle_gc()
    return extractor


@dataclass(frozen=True)
class SpacyExtractors:
    """A picklable factory of the real extractor, so worker processes can build their own."""

    model: str

    def __call__(self) -> PipelinedExtractor:
        return spacy_extractor(self.model)

    def parser(self) -> PipelinedExtractor:
        """Only the model is used: the rules' tables are not built."""
        extractor = _load(self.model)
        _settle_gc()
        return extractor


def _load(model: str) -> PipelinedExtractor:
    from app.extract.nlp import load_nlp
    from app.extract.pipeline import Extractor

    return Extractor(load_nlp(model))


def _settle_gc() -> None:
    # The model and the tables live as long as the process, and every full collection would otherwise
    # walk their millions of objects again.
    gc.freeze()
    # Extraction's garbage is freed by reference counting, yet at the default threshold (700) the
    # collector still ran about once per article, 0.35 ms per article in all (measured); now it seldom runs.
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def extractor_factory(model: str) -> SpacyExtractors:
    """The factory of the real extractor with the named model."""
    return SpacyExtractors(model)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


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
                yield item


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
        results = list(extractor.extract_many(records, batch_size=max(1, len(records))))
    except Exception:  # an extractor bug on one record must not lose the others; retried below
        return [_extract_one(extractor, record) for record in records]
    return list(results)


def _extract_one(extractor: ChunkExtractor, record: ArticleRecord) -> Extraction | Rejection:
    try:
        return extractor.extract(record)
    except Exception as exc:  # reported as a rejection with the record's position, not swallowed
        return _failed(record, exc)


def parse_chunk(extractor: PipelinedExtractor, records: Sequence[ArticleRecord]) -> list[Parsed | Rejection]:
    """The model's share of ``extract_chunk``: one nlp.pipe, or record by record if that fails."""
    try:
        return list(extractor.parse_packed(records))
    except Exception:  # retried one by one below, as in extract_chunk
        return [_parse_one(extractor, record) for record in records]


def _parse_one(extractor: PipelinedExtractor, record: ArticleRecord) -> Parsed | Rejection:
    try:
        return extractor.parse_packed([record])[0]
    except Exception as exc:
        return _failed(record, exc)


def assemble_chunk(
    extractor: PipelinedExtractor, records: Sequence[ArticleRecord], parsed: Sequence[Parsed | Rejection]
) -> list[Extraction | Rejection]:
    """The rules' share of ``extract_chunk``, record by record over what ``parse_chunk`` returned."""
    return [
        found if isinstance(found, Rejection) else _assemble_one(extractor, record, found)
        for record, found in zip(records, parsed, strict=True)
    ]


def _assemble_one(
    extractor: PipelinedExtractor, record: ArticleRecord, parsed: Parsed
) -> Extraction | Rejection:
    try:
        return extractor.assemble_packed(record, parsed)
    except Exception as exc:
        return _failed(record, exc)


def _failed(record: ArticleRecord, exc: Exception) -> Rejection:
    where = (record.source_file or "-", record.source_position or "byte 0")
    return Rejection(*where, f"extraction failed: {type(exc).__name__}: {exc}")
