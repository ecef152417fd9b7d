"""The stream before extraction: already-stored and repeated records are skipped, in bounded chunks."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator, Sequence

import pytest

from app.extract.types import ArticleRecord
from app.ingest import pipeline
from app.ingest.identity import content_hash
from app.ingest.pipeline import LOOKUP_CHARS, LOOKUP_CHUNK, batched, skip_known
from app.ingest.types import Rejection, Skipped
from tests.ingest.factories import austin_article


def test_lookups_hold_back_few_big_records_and_skip_repeats() -> None:
    big = "b" * (LOOKUP_CHARS // 4)
    items: list[ArticleRecord | Rejection] = [ArticleRecord(title=f"T{i}", body=big) for i in range(10)]
    items += [ArticleRecord(title=f"S{i}", body="small") for i in range(LOOKUP_CHUNK + 5)]
    items += [ArticleRecord(title="T0", body=big), Rejection("f", "line 1", "bad")]
    lookups: list[int] = []
    stored = {content_hash("S3", "small")}

    def known(hashes: Sequence[str]) -> set[str]:
        lookups.append(len(hashes))
        return stored & set(hashes)

    out = list(skip_known(items, known))
    assert lookups[:3] == [4, 4, LOOKUP_CHUNK]  # ~LOOKUP_CHARS per chunk, else LOOKUP_CHUNK records
    assert len(out) == len(items)
    skipped = [item.record.title for item in out if isinstance(item, Skipped)]
    assert skipped == ["S3", "T0"]  # stored before; repeated within the run
    assert isinstance(out[-1], Rejection)


def test_what_workers_send_back_reads_back_equal_from_its_pickle() -> None:
    extraction = dataclasses.replace(austin_article(), warnings=("lede cut",))
    rejection = Rejection("wire.jsonl", "line 3", "missing body")
    skipped = Skipped(extraction.record, content_hash("t", "b"))
    for value in (extraction, rejection, skipped, extraction.entities, extraction.quotes):
        assert pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) == value


def test_batches_end_at_their_size_or_when_their_first_item_has_waited_long_enough(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [0.0]
    monkeypatch.setattr(pipeline.time, "monotonic", lambda: now[0])

    def arriving(gaps: Sequence[float]) -> Iterator[int]:
        """Items 0, 1, ...; item i arrives gaps[i] seconds after the one before it."""
        for i, gap in enumerate(gaps):
            now[0] += gap
            yield i

    assert list(batched(arriving([0.1] * 7), 3, 2.0)) == [[0, 1, 2], [3, 4, 5], [6]]
    # 0 at 0.0 s, 1 at 1.5 s, 2 at 2.1 s (2.1 s after 0: the batch ends with it), 3 at 2.2 s, 4 at 5.0 s
    assert list(batched(arriving([0.0, 1.5, 0.6, 0.1, 2.8]), 100, 2.0)) == [[0, 1, 2], [3, 4]]
    assert list(batched(arriving([]), 3, 2.0)) == []
