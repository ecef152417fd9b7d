"""The stream before extraction: already-stored and repeated records are skipped, in bounded chunks."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence

from app.extract.types import ArticleRecord
from app.ingest.identity import content_hash
from app.ingest.pipeline import LOOKUP_CHARS, LOOKUP_CHUNK, skip_known
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
