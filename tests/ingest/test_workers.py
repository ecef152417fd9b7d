"""Extraction around the worker pool: input order, pass-through items and per-record failures."""

from __future__ import annotations

import os

import pytest

from app.extract.types import ArticleRecord, Extraction
from app.ingest import workers
from app.ingest.pipeline import Item, Outcome
from app.ingest.types import Rejection, Skipped
from app.ingest.workers import extract_stream
from tests.ingest.factories import FakePipelinedFactory


def _items() -> list[Item]:
    """40 records over three chunks, with a rejection and a skipped record among them."""
    items: list[Item] = []
    for n in range(40):
        body = {7: "EXPLODE in the parse", 23: "IMPLODE in the rules"}.get(n, f"calm body {n}")
        where = {"source_file": "wire.jsonl", "source_position": f"line {n + 1}"}
        items.append(ArticleRecord(f"Story {n}", body, **where))
    items.insert(5, Rejection("wire.jsonl", "line 99", "missing body"))
    items.insert(30, Skipped(ArticleRecord("Old", "stored before"), "digest"))
    return items


def _label(item: Item | Outcome, failed: tuple[str, ...] = ()) -> str:
    """What each input became: its title, or the position of its rejection."""
    if isinstance(item, Rejection):
        return f"rejected {item.position}"
    record = item if isinstance(item, ArticleRecord) else item.record
    return f"rejected {record.source_position}" if record.title in failed else record.title


def test_one_worker_and_a_spare_core_parse_in_a_worker_and_run_the_rules_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "usable_cores", lambda: 2)
    items = _items()
    out = list(extract_stream(items, FakePipelinedFactory(), workers=1))
    # input order survives; the failures are in their places; pass-through items are kept
    assert [_label(o) for o in out] == [_label(i, failed=("Story 7", "Story 23")) for i in items]
    failures = {str(o) for o in out if isinstance(o, Rejection) and o.position != "line 99"}
    assert failures == {
        "wire.jsonl:line 8: extraction failed: ValueError: cannot parse this",
        "wire.jsonl:line 24: extraction failed: KeyError: 'no rule for this'",
    }
    parsers = {o.warnings for o in out if isinstance(o, Extraction)}
    assert len(parsers) == 1 and parsers != {(f"pid {os.getpid()}",)}  # one other process parsed them all


def test_one_worker_without_a_spare_core_extracts_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "usable_cores", lambda: 1)
    out = list(extract_stream(_items(), FakePipelinedFactory(), workers=1))
    extracted = [o for o in out if isinstance(o, Extraction)]
    assert len(out) == 42 and len(extracted) == 39  # the whole extractor ran: the rules' failure is not hit
    assert all(o.warnings == () for o in extracted)
    assert [str(o) for o in out if isinstance(o, Rejection) and o.position == "line 8"] == [
        "wire.jsonl:line 8: extraction failed: ValueError: cannot parse this"
    ]
