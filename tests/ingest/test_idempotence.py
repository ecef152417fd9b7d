"""Idempotent ingest through the real `newsdesk ingest`: a re-run changes no row, an article in two
files is stored once, two concurrent processes on one corpus store each article once."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.core.db import make_engine
from app.core.migrate import upgrade
from app.models import Article, Base
from tests.conftest import BACKENDS, create_database
from tests.ingest.cli import ingest_command, run_ingest
from tests.ingest.corpus import stories, write_corpus
from tests.ingest.dbstate import content_dump, differences, digest

pytest.importorskip("app.extract.pipeline", reason="the extraction pipeline has not landed yet")

DUMP, JSONL, SHARED = 16, 8, 4  # the JSONL file repeats the first SHARED stories of the dump
DISTINCT = DUMP + JSONL
_SUMMARY_RE = re.compile(r"ingest completed: (\d+) articles added, (\d+) skipped, (\d+) rejected")


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url, drop = create_database(request.param, str(tmp_path))
    upgrade(url)  # the CLI migrates too, but two processes must not race to create the schema
    engine = make_engine(url)
    yield url, engine
    engine.dispose()
    drop()  # type: ignore[operator]


def summary(stderr: str) -> tuple[int, int, int]:
    """(added, skipped, rejected) from the report's last line."""
    match = _SUMMARY_RE.search(stderr)
    assert match, stderr
    added, skipped, rejected = map(int, match.groups())
    return added, skipped, rejected


def table_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }


@pytest.mark.nlp
def test_reingest_changes_no_row_and_shared_articles_are_stored_once(
    database: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = database
    corpus = tmp_path / "corpus"
    write_corpus(corpus, seed=11, dump=DUMP, jsonl=JSONL, shared=SHARED)
    first = run_ingest(url, corpus)
    assert first.returncode == 0, first.stderr
    assert summary(first.stderr) == (DISTINCT, SHARED, 0)
    before, counts_before = content_dump(engine), table_counts(engine)

    again = run_ingest(url, corpus)
    assert again.returncode == 0, again.stderr
    assert summary(again.stderr) == (0, DISTINCT + SHARED, 0)
    after = content_dump(engine)
    assert after == before, differences(before, after)
    assert digest(after) == digest(before)
    assert table_counts(engine) == {**counts_before, "ingest_runs": counts_before["ingest_runs"] + 1}
    with Session(engine) as session:
        shared = [s.title for s in stories(11, DUMP)[:SHARED]]
        stored = session.execute(select(Article.title, Article.source_file).where(Article.title.in_(shared)))
        # once each, from the file read first (a directory is walked in name order)
        assert sorted(stored) == sorted((title, str(corpus / "feed.jsonl")) for title in shared)


@pytest.mark.nlp
def test_two_concurrent_ingests_store_each_article_once(database: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = database
    corpus = tmp_path / "corpus"
    write_corpus(corpus, seed=12, dump=DUMP, jsonl=JSONL, shared=SHARED)
    procs = [
        subprocess.Popen(ingest_command(url, corpus, batch_size=3), stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=300)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs  # no "database is locked"
    results = [summary(output) for output in outputs]
    assert sum(added for added, _, _ in results) == DISTINCT
    assert all(added + skipped == DISTINCT + SHARED for added, skipped, _ in results)
    counts = table_counts(engine)
    assert counts["articles"] == DISTINCT
    with Session(engine) as session:
        hashes = session.execute(select(Article.content_hash)).scalars().all()
    assert len(set(hashes)) == DISTINCT
