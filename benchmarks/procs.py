"""Process helpers for the benchmarks: peak RSS of a process tree, servers on 127.0.0.1, scratch databases."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_ADMIN_URL = "postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:5432/newsdesk_test"


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (field 4 of /proc/N/stat)."""
    kids = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    kids.add(int(entry))
    return kids


def _tree(pid: int) -> Iterator[int]:
    """A process and its live descendants."""
    todo = [pid]
    while todo:
        current = todo.pop()
        yield current
        todo += children(current)


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB, read from /proc."""
    total = 0
    for current in _tree(pid):
        with contextlib.suppress(OSError), open(f"/proc/{current}/status") as f:
            total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
    return total


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its live descendants, read from /proc."""
    ticks = 0
    for current in _tree(pid):
        with contextlib.suppress(OSError), open(f"/proc/{current}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(pids: Sequence[int], quiet: float = 1.0, most: float = 60.0, busy: float = 0.05) -> float:
    """Wait until these process trees have used less than ``busy`` of a core for ``quiet`` seconds (at
    most ``most``), so one load cell's leftover work (requests still running after its clients left)
    does not run into the next cell; returns the seconds waited."""
    started = time.monotonic()
    before, since = sum(map(tree_cpu_seconds, pids)), started
    while time.monotonic() - started < most:
        time.sleep(0.25)
        now, used = time.monotonic(), sum(map(tree_cpu_seconds, pids))
        if used - before > busy * (now - since):
            before, since = used, now
        elif now - since >= quiet:
            break
    return time.monotonic() - started


class RssSampler(threading.Thread):
    """Polls a process tree's RSS every ``interval`` seconds and keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.pid))
            self.done.wait(self.interval)


def run_measured(cmd: Sequence[str], timeout: float) -> tuple[float, int, int, str]:
    """Run a command; return (seconds, peak tree RSS in KiB, exit status, its output)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = RssSampler(proc.pid)
    sampler.start()
    try:
        output, _ = proc.communicate(timeout=timeout)
    finally:
        sampler.done.set()
        if proc.poll() is None:
            proc.kill()
    seconds = time.perf_counter() - started
    if proc.returncode:
        print(output[-2000:])
    return seconds, sampler.peak_kib, proc.returncode, output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(
    cmd: Sequence[str], port: int, health: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> Iterator[int]:
    """Start a server on 127.0.0.1:port, wait until ``health`` answers, stop it afterwards; yields its pid."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read()[-2000:] if proc.stderr else ''}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}{health}", timeout=2).status_code < 500:
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError(f"server on port {port} did not answer {health}")
        yield proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def create_pg_database(admin_url: str = PG_ADMIN_URL, name: str | None = None, keep: bool = False) -> str:
    """Create a scratch PostgreSQL database (``keep``: reuse one of that name); return its URL."""
    name = name or f"newsdesk_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        if exists and not keep:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if not exists or not keep:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str, admin_url: str = PG_ADMIN_URL) -> None:
    name = make_url(url).database
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
