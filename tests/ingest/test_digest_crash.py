"""SIGKILL the real `newsdesk ingest` inside its batches, re-run it: every stored article's facet digest
equals the one recomputed from its stored rows, none is missing, none is left over."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.models import Article
from tests.ingest.cli import Watch, ingest_command, run_ingest
from tests.ingest.corpus import write_corpus
from tests.ingest.test_digest import recomputed, stored

pytest.importorskip("app.extract.pipeline", reason="the extraction pipeline has not landed yet")

KILL_AFTER_COMMITS = (1, 2)  # each run is killed a few milliseconds after its n-th batch committed


def killed_run(url: str, corpus: Path, commits: int, watch: Watch) -> bool:
    """Start an ingest, SIGKILL it just after its ``commits``-th commit; whether it was killed."""
    command = ingest_command(url, corpus)
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        watch.wait_for_growth(proc, commits)
        time.sleep(0.005)  # inside the next batch's transaction, or the next chunk's extraction
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode == -signal.SIGKILL


@pytest.mark.nlp
def test_digests_survive_sigkill_and_rerun(migrated: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = migrated
    corpus = tmp_path / "corpus"
    total = write_corpus(corpus, dump=40, jsonl=10, shared=5)
    watch = Watch(url)
    killed = [killed_run(url, corpus, commits, watch) for commits in KILL_AFTER_COMMITS]
    torn = watch.settled()
    watch.close()
    assert any(killed) and 0 < torn < total
    with Session(engine) as session:
        assert stored(session) == recomputed(session)  # what the killed runs committed
    final = run_ingest(url, corpus)
    assert final.returncode == 0, final.stderr
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == total
        assert stored(session) == recomputed(session) != {}
