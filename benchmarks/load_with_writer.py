"""API reads at a steady rate while `newsdesk ingest` writes into the same database.

A `newsdesk serve` process answers; this process is the client (httpx + asyncio, 127.0.0.1 only), sending
a fixed mix of read requests at a fixed rate, first with no writer, then while an ingest of a corpus made
from the seed articles (each copy made distinct, so every one is extracted and written) runs in a third
process. Prints errors (goal 0) and p50/p99 of both phases (goal: p99 with the writer within 2x), and the
SQLite WAL size, then one "VERDICT PASS|FAIL" line per backend. With --writer-nice N the writer runs under
`nice -n N`; the verdict line shows the niceness read from /proc/PID/stat while it writes. Bounded:
--seconds per phase and --max-requests per phase. Exit status 1 on any error.

    .venv/bin/python -m benchmarks.load_with_writer --backend sqlite --seconds 60
    .venv/bin/python -m benchmarks.load_with_writer --backend postgres --seconds 60 --writer-nice 10
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.core.db import make_engine

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NEWSDESK = [sys.executable, "-m", "app.cli"]
PG_ADMIN_ENV = "NEWSDESK_TEST_POSTGRES_URL"
READS = [  # the steady read mix: pages, filters, search, facets, one article, a small export
    ("/v1/articles", {}), ("/v1/articles", {"actor": "Sudani"}), ("/v1/quotes", {"speaker": "Sudani"}),
    ("/v1/quotes", {"q": "coalition"}), ("/v1/articles", {"q": "Iraq", "limit": "20"}),
    ("/v1/actors", {"sort": "-articles"}), ("/v1/places", {"limit": "20"}), ("/v1/facets", {}),
    ("/v1/articles/1", {}), ("/v1/sources", {}), ("/v1/sources", {"format": "csv"}),
]  # no export of every quote: its cost grows with the rows the writer adds, which is not the question


@dataclass
class Phase:
    """Latencies and errors of one phase of steady reads."""

    name: str
    latencies_ms: list[float] = field(default_factory=list)
    by_path: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def pct(self, q: int) -> float:
        data = sorted(self.latencies_ms)
        return statistics.quantiles(data, n=100, method="inclusive")[q - 1] if len(data) > 1 else float("nan")

    def slowest(self, count: int = 3) -> str:
        """The read kinds with the highest maximum latency."""
        worst = sorted(self.by_path.items(), key=lambda item: -max(item[1]))[:count]
        return ", ".join(f"{path} max {max(values):.0f} ms" for path, values in worst)

    def line(self) -> str:
        n = len(self.latencies_ms) + len(self.errors)
        first = f" first error: {self.errors[0][:120]}" if self.errors else ""
        return (f"{self.name:<12} requests {n:5d} in {self.seconds:5.1f}s  errors {len(self.errors)}  "
                f"p50 {self.pct(50):7.1f} ms  p99 {self.pct(99):7.1f} ms  "
                f"max {max(self.latencies_ms, default=0):7.1f} ms"
                f"{first}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT), **extra}
    env.pop("NEWSDESK_DATABASE_URL", None)
    return env


@contextmanager
def database(backend: str, scratch: Path) -> Iterator[str]:
    """A fresh database URL (SQLite file or a throwaway PostgreSQL database), dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{scratch / 'load.db'}"
        return
    admin_url = os.environ.get(PG_ADMIN_ENV)
    if not admin_url:
        raise SystemExit(f"--backend postgres needs {PG_ADMIN_ENV} (a URL allowed to CREATE DATABASE)")
    name = f"newsdesk_load_{uuid.uuid4().hex[:8]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def writer_corpus(path: Path, copies: int, tag: str) -> int:
    """JSONL of the seed articles, each copy made distinct (title and a last line) so it is stored anew."""
    from app.extract.types import ArticleRecord
    from app.ingest.readers import ReadOptions, read_paths

    records = [r for r in read_paths([str(SEEDS)], ReadOptions()) if isinstance(r, ArticleRecord)]
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for record in records:
                out.write(json.dumps({
                    "title": f"{record.title} ({tag} {copy + 1})",
                    "body": f"{record.body}\n\nUpdate {tag} {copy + 1}.",
                    "sections": list(record.sections), "publisher": record.publisher or "Asian Lite News",
                    "published_on": record.published_on.isoformat() if record.published_on else None,
                }) + "\n")
    return copies * len(records)


@contextmanager
def serving(url: str, attempts: int = 5) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`newsdesk serve` in its own process on a free port, until the block ends; yields it and its URL.

    Two benchmarks may start at once (e.g. a soak per backend): a port another server took between
    free_port() and our bind is detected (our process ends, or another process owns the listener), and
    the server is restarted on a new port, so a run never measures somebody else's server."""
    for _ in range(attempts):
        port = free_port()
        proc = subprocess.Popen([*NEWSDESK, "serve", "--port", str(port), "--log-level", "warning"],
                                env=env_for(url), cwd=ROOT)
        try:
            if _healthy(proc, port):
                yield proc, f"http://127.0.0.1:{port}"
                return
        finally:
            _stop(proc)
    raise SystemExit(f"the server did not become healthy on a port of its own in {attempts} attempts")


def _healthy(proc: subprocess.Popen[bytes], port: int, timeout: float = 90) -> bool:
    """True once our process answers /health on the port; False if it died (e.g. the port was taken)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc.poll() is None and port in listening_ports(proc.pid)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def listening_ports(pid: int) -> set[int]:
    """TCP ports a process listens on (its socket inodes matched against /proc/net/tcp)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for row in Path(table).read_text().splitlines()[1:]:
                fields = row.split()
                if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def ingest(
    url: str, paths: list[str], batch_size: int = 64, wait: bool = True, nice: int = 0,
    log: Path | None = None,
) -> subprocess.Popen[bytes]:
    """`newsdesk ingest` in its own process (optionally at a lower CPU priority).

    Its stderr goes to ``log`` (default: a file next to the first input), never to an unread pipe that
    could fill up and stall a long-running writer."""
    niced = ["nice", "-n", str(nice)] if nice else []
    command = [*niced, *NEWSDESK, "ingest", "--no-progress", "--batch-size", str(batch_size), *paths]
    log = log or Path(paths[-1]).with_suffix(".ingest.log")
    with log.open("ab") as err:
        proc = subprocess.Popen(command, env=env_for(url), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    if wait and proc.wait() != 0:
        raise SystemExit(f"ingest failed: {log.read_text(errors='replace')[-2000:]}")
    return proc


def niceness(pid: int) -> int:
    """A process's nice value as the kernel sees it (field 19 of /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def expected_niceness(increment: int) -> int:
    """What `nice -n increment` started from this process gives: relative, capped at 19."""
    return max(-20, min(19, os.getpriority(os.PRIO_PROCESS, 0) + increment))


async def steady_reads(base: str, rate: float, seconds: float, max_requests: int, name: str) -> Phase:
    """Requests at a fixed rate (open loop: a slow answer does not slow the sender down)."""
    phase = Phase(name)
    # uvicorn closes a connection idle for 5 s (timeout_keep_alive) and httpx keeps one for 5 s: a request
    # sent on it just as the server closes it fails with ReadError. The client lets go first.
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=16, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def one(path: str, params: dict[str, str]) -> None:
            started = time.perf_counter()
            try:
                response = await client.get(path, params=params)
                await response.aread()
                if response.status_code != 200:
                    phase.errors.append(f"{response.status_code} {path} {response.text[:200]}")
                    return
            except httpx.HTTPError as exc:
                phase.errors.append(f"{type(exc).__name__} {path}: {exc}")
                return
            elapsed = (time.perf_counter() - started) * 1000
            phase.latencies_ms.append(elapsed)
            query = "&".join(f"{k}={v}" for k, v in params.items())
            phase.by_path.setdefault(f"{path}?{query}", []).append(elapsed)

        tasks = []
        started = time.perf_counter()
        for index in range(max_requests):
            due = started + index / rate
            if due - started > seconds:
                break
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(one(*READS[index % len(READS)])))
        await asyncio.gather(*tasks)
        phase.seconds = time.perf_counter() - started
    return phase


def article_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    finally:
        engine.dispose()


def wal_bytes(url: str) -> int | None:
    if not url.startswith("sqlite"):
        return None
    wal = Path(make_url(url).database + "-wal")  # type: ignore[operator]
    return wal.stat().st_size if wal.exists() else 0


def run(backend: str, args: argparse.Namespace) -> tuple[Phase, Phase]:
    with tempfile.TemporaryDirectory(prefix="newsdesk-load-") as tmp, database(backend, Path(tmp)) as url:
        subprocess.run([*NEWSDESK, "db", "upgrade"], env=env_for(url), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        preload, corpus = Path(tmp) / "base.jsonl", Path(tmp) / "writer.jsonl"
        writer_corpus(preload, args.base_copies, "base")
        ingest(url, [str(SEEDS), str(preload)])  # the archive the reads run over
        written = writer_corpus(corpus, args.copies, "new")
        with serving(url) as (_, base):
            asyncio.run(steady_reads(base, args.rate, 3, 30, "warm-up"))
            quiet = asyncio.run(steady_reads(base, args.rate, args.seconds, args.max_requests, "no writer 1"))
            before = article_count(url)
            writer = ingest(url, [str(corpus)], batch_size=args.batch_size, wait=False, nice=args.writer_nice)
            while article_count(url) == before and writer.poll() is None:  # wait for its first commit
                time.sleep(0.2)
            nice_seen = niceness(writer.pid) if writer.poll() is None else None
            busy = asyncio.run(steady_reads(base, args.rate, args.seconds, args.max_requests, "with writer"))
            still_writing = writer.poll() is None
            stored = article_count(url) - before
            writer.terminate()
            writer.wait(timeout=30)
            after = asyncio.run(steady_reads(base, args.rate, args.seconds, args.max_requests, "no writer 2"))
            print(f"[{backend}] rate {args.rate}/s, writer batch {args.batch_size}, nice {args.writer_nice}")
            print(f"[{backend}] {quiet.line()}")
            print(f"[{backend}] {busy.line()}")
            print(f"[{backend}] {after.line()}")
            print(f"[{backend}] slowest with writer: {busy.slowest()}")
            print(
                f"[{backend}] writer stored {stored} of {written} articles during its phase and was "
                f"{'still' if still_writing else 'no longer'} writing at the end; WAL {wal_bytes(url)} bytes"
            )
            print(verdict(backend, [quiet, busy, after], nice_seen, args.writer_nice))
        busy.errors += quiet.errors + after.errors
        return quiet, busy


def verdict(backend: str, phases: list[Phase], nice_seen: int | None, nice: int) -> str:
    """One line: PASS only with 0 errors, p99 within 2x of the like-for-like baseline (the quiet phase
    after the writer: same archive size) and the writer at the niceness asked for."""
    before, busy, after = phases
    errors = sum(len(phase.errors) for phase in phases)
    ratio = busy.pct(99) / after.pct(99)
    wanted = expected_niceness(nice)
    nice_ok = nice_seen == wanted
    seen = "unknown (the writer ended before its first commit)" if nice_seen is None else str(nice_seen)
    ok = errors == 0 and ratio <= 2 and nice_ok
    return (
        f"[{backend}] VERDICT {'PASS' if ok else 'FAIL'}: errors {errors} (goal 0); p99 with writer "
        f"{busy.pct(99):.1f} ms = {ratio:.2f}x the no-writer p99 after it, {after.pct(99):.1f} ms "
        f"(goal <= 2x; {busy.pct(99) / before.pct(99):.2f}x the one before, {before.pct(99):.1f} ms, "
        "on a smaller archive); "
        f"writer niceness {seen} in /proc/PID/stat, expected {wanted}{'' if nice_ok else ' (MISMATCH)'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rate", type=float, default=20.0, help="read requests per second (default 20)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase (default 30)")
    parser.add_argument("--max-requests", type=int, default=5_000, help="cap per phase")
    parser.add_argument("--base-copies", type=int, default=20,
                        help="copies of the seed articles loaded before the reads start")
    parser.add_argument("--copies", type=int, default=100, help="copies of the 10 seed articles to write")
    parser.add_argument("--writer-nice", type=int, default=0, help="run the writer under nice -n N")
    parser.add_argument("--batch-size", type=int, default=8, help="articles per ingest transaction")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    failed = False
    for backend in backends:
        quiet, busy = run(backend, args)
        failed |= bool(quiet.errors or busy.errors)
    return 1 if failed else 0  # errors only: the latency verdict is for a quiet machine to judge


if __name__ == "__main__":
    raise SystemExit(main())
