"""ingest_runs tells the truth: a run whose process died is shown "interrupted", a live one stays "running".

The child ingests run the real ingest_paths in their own process with a stand-in extractor that takes
a little time per article (no spaCy model), so a SIGKILL lands mid-run after a batch has committed.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.extract.types import ArticleRecord, Extraction
from app.ingest.load import start_run
from app.ingest.report import IngestReport
from app.ingest.run_locks import run_locks
from app.ingest.service import ingest_paths
from app.models import Article, IngestRun
from tests.ingest.cli import Watch
from tests.ingest.factories import FakeExtractor, fake_extractor

ROOT = Path(__file__).resolve().parents[2]


class SlowExtractor(FakeExtractor):
    """The stand-in extractor, 50 ms an article: a run of 40 articles takes two seconds."""

    def extract_many(self, records: Iterable[ArticleRecord], batch_size: int = 32) -> Iterator[Extraction]:
        for record in records:
            time.sleep(0.05)
            yield self.extract(record)


def child(url: str, corpus: str) -> None:
    """The body of a child ingest (run with `python -c`)."""
    settings = Settings(database_url=url, batch_size=2)
    ingest_paths([corpus], settings=settings, extractor=SlowExtractor, progress=False, echo=False)


def corpus(path: Path, count: int, tag: str) -> Path:
    rows = (
        {"title": f"Story {tag} {n}", "body": f"Body of story {tag} {n}, said officials."}
        for n in range(count)
    )
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def runs(engine: Engine) -> list[tuple[int, str, int]]:
    with Session(engine) as session:
        rows = session.execute(
            select(IngestRun.id, IngestRun.status, IngestRun.articles_added).order_by("id")
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def ingest(url: str, path: Path) -> tuple[IngestReport, str]:
    out = io.StringIO()
    settings = Settings(database_url=url, batch_size=2)
    report = ingest_paths([str(path)], settings=settings, extractor=fake_extractor, progress=False, echo=out)
    return report, out.getvalue()


def test_a_killed_run_is_marked_interrupted_by_the_next_run(
    migrated: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = migrated
    slow = corpus(tmp_path / "slow.jsonl", 40, "a")
    code = f"from tests.ingest.test_runs import child; child({url!r}, {str(slow)!r})"
    watch = Watch(url)
    with subprocess.Popen([sys.executable, "-c", code], cwd=ROOT) as proc:
        watch.wait_for_growth(proc, 2)  # two batches committed, the third one in progress
        assert proc.poll() is None, "the child finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    stored = watch.settled()  # the batch in flight may commit before, or even after, the kill lands
    watch.close()
    assert runs(engine) == [(1, "running", 0)]  # what a killed run leaves behind
    report, text = ingest(url, corpus(tmp_path / "next.jsonl", 3, "b"))
    assert report.interrupted_runs == (1,)
    assert text.splitlines()[0] == (
        "earlier ingest run(s) 1 had stopped without finishing (process gone): marked interrupted"
    )
    # The interrupted run is credited with the articles it committed before it died.
    assert runs(engine) == [(1, "interrupted", stored), (2, "completed", 3)]
    assert ingest(url, corpus(tmp_path / "more.jsonl", 1, "c"))[0].interrupted_runs == ()
    if make_url(url).get_backend_name() == "sqlite":
        assert sorted(p.name for p in tmp_path.iterdir() if ".run-" in p.name) == []  # no lock file is left


def test_a_live_run_is_left_running(migrated: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = migrated
    # Another process's run, as the database and the locks see it: recorded and holding its lock.
    with run_locks(engine) as live, Session(engine) as session:
        with live.starting():
            run_id = start_run(session, ["elsewhere.jsonl"])
            live.hold(run_id)
        report, _ = ingest(url, corpus(tmp_path / "a.jsonl", 2, "a"))
        assert report.interrupted_runs == ()
        assert runs(engine) == [(run_id, "running", 0), (run_id + 1, "completed", 2)]
    # Its lock is gone (the block ended as if the process had): now it is found out.
    report, _ = ingest(url, corpus(tmp_path / "b.jsonl", 2, "b"))
    assert report.interrupted_runs == (run_id,)
    assert runs(engine)[0] == (run_id, "interrupted", 0)


def test_a_run_that_ends_normally_is_never_swept(migrated: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = migrated
    for tag in "abc":
        report, _ = ingest(url, corpus(tmp_path / f"{tag}.jsonl", 2, tag))
        assert report.interrupted_runs == ()
    assert runs(engine) == [(1, "completed", 2), (2, "completed", 2), (3, "completed", 2)]
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 6
