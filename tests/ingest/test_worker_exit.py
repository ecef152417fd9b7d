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

pytestmark = pytest.mark.nlp


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc: field 4 of /proc/N/stat)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended while listed
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _workers(pids: set[int]) -> set[int]:
    """The extraction workers among ``pids`` (the rest: multiprocessing's resource tracker)."""
    found = set()
    for pid in pids:
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(pid)
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


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
        children: set[int] = set()
        while len(_workers(children)) < workers and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            children |= _children(proc.pid)
        assert len(_workers(children)) == workers, "the ingest did not start its worker processes"
        proc.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in children if _alive(pid)] == []
