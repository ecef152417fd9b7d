"""A killed `newsdesk ingest` leaves no process behind: its extraction workers end with it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from app.core.migrate import upgrade
from tests.ingest.cli import ingest_command
from tests.ingest.corpus import write_corpus
from tests.procs import alive, children, spawned

pytestmark = pytest.mark.nlp


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("workers", [1, 2])
def test_workers_end_when_the_ingest_process_is_killed(tmp_path: Path, workers: int) -> None:
    if workers == 1 and len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one worker extracts in the ingest process on a single core")
    url = f"sqlite:///{tmp_path}/killed.db"
    upgrade(url)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, dump=120, jsonl=0, shared=0)
    command = [*ingest_command(url, corpus), "--workers", str(workers)]
    with subprocess.Popen(command, stderr=subprocess.DEVNULL) as proc:
        deadline = time.monotonic() + 60
        found: set[int] = set()
        while len(spawned(found)) < workers and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            found |= children(proc.pid)
        assert len(spawned(found)) == workers, "the ingest did not start its worker processes"
        proc.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in found) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in found if alive(pid)] == []
