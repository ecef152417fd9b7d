"""A soak: steady API reads for a long time (30 minutes by default) while ingests keep writing.

Reports the server's resident memory after a warm-up and at the end (goal: growth <= 10%), the SQLite WAL
file size over time, errors (goal 0) and read latency per sample. Same processes as load_with_writer: a
`newsdesk serve` process, this process as the httpx/asyncio client on 127.0.0.1, and `newsdesk ingest`
rounds of distinct copies of the seed articles one after another. Ends with a "VERDICT PASS|FAIL" line
(0 read errors, 0 failed writer rounds, RSS growth <= 10%). Runs unattended; one soak per backend may run
at the same time (scratch directory, PostgreSQL database and server port are each the run's own).

    .venv/bin/python -m benchmarks.soak                     # 30 minutes, SQLite
    .venv/bin/python -m benchmarks.soak --minutes 5 --backend postgres
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load_with_writer import (
    NEWSDESK,
    ROOT,
    SEEDS,
    Phase,
    article_count,
    database,
    env_for,
    ingest,
    serving,
    steady_reads,
    wal_bytes,
    writer_corpus,
)


def memory_kib(pid: int) -> tuple[int, int]:
    """(resident set size, its private part) of one process, from /proc: VmRSS and RssAnon.

    The API reads a SQLite archive memory-mapped, so VmRSS also counts the file's pages it has touched:
    shared page cache, not the process's own memory. A leak shows in RssAnon.
    """
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]), int(fields["RssAnon"].split()[0])


class Writer(threading.Thread):
    """Ingest rounds of new article copies, one `newsdesk ingest` after another, until stopped."""

    def __init__(self, url: str, scratch: Path, copies: int, batch_size: int) -> None:
        super().__init__(daemon=True)
        self.url, self.scratch, self.copies, self.batch_size = url, scratch, copies, batch_size
        self.stop = threading.Event()
        self.rounds = 0
        self.failed: list[str] = []  # rounds whose ingest ended badly (not the one stopped at the end)
        self.proc: subprocess.Popen[bytes] | None = None

    def run(self) -> None:
        while not self.stop.is_set():
            corpus = self.scratch / f"round-{self.rounds}.jsonl"
            writer_corpus(corpus, self.copies, f"round {self.rounds}")
            log = self.scratch / f"round-{self.rounds}.log"
            self.proc = ingest(self.url, [str(corpus)], batch_size=self.batch_size, wait=False, log=log)
            if self.proc.wait() != 0 and not self.stop.is_set():  # the scratch directory goes: keep the end
                last = log.read_text(errors="replace").strip().splitlines()[-1:] or ["(no output)"]
                self.failed.append(f"round {self.rounds}: exit {self.proc.returncode}: {last[0][:300]}")
            corpus.unlink()
            log.unlink(missing_ok=True)
            self.rounds += 1

    def finish(self) -> None:
        self.stop.set()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
        self.join(timeout=60)


@dataclass
class Sample:
    at: float
    rss_kib: int
    anon_kib: int
    wal_bytes: int | None
    reads: Phase


def sample_loop(args: argparse.Namespace, url: str, base: str, pid: int) -> list[Sample]:
    """Steady reads in slices of --sample-seconds; after each, the server's RSS and the WAL size."""
    samples: list[Sample] = []
    started, total = time.monotonic(), args.minutes * 60
    print(f"{'t (s)':>7} {'RSS MiB':>8} {'anon MiB':>8} {'WAL KiB':>9} {'articles':>8} {'p99 ms':>7} "
          f"{'errors':>6}")
    while (elapsed := time.monotonic() - started) < total:
        span = min(args.sample_seconds, total - elapsed)
        reads = asyncio.run(steady_reads(base, args.rate, span, 10**9, "sample"))
        sample = Sample(time.monotonic() - started, *memory_kib(pid), wal_bytes(url), reads)
        samples.append(sample)
        wal = "" if sample.wal_bytes is None else f"{sample.wal_bytes / 1024:.0f}"
        print(f"{sample.at:7.0f} {sample.rss_kib / 1024:8.1f} {sample.anon_kib / 1024:8.1f} {wal:>9} "
              f"{article_count(url):8d} "
              f"{reads.pct(99):7.1f} {len(reads.errors):6d}", flush=True)
    return samples


def report(backend: str, samples: list[Sample], warmup: float, writer_failures: int = 0) -> bool:
    """Print the figures and a verdict; True when they meet the goals (0 errors, growth of the server's
    private memory <= 10%; its whole RSS is printed too)."""
    first = next((s for s in samples if s.at >= warmup), samples[0])
    warm, end = first.rss_kib, samples[-1].rss_kib
    rss_growth = (end - warm) / warm * 100
    growth = (samples[-1].anon_kib - first.anon_kib) / first.anon_kib * 100
    errors = sum(len(s.reads.errors) for s in samples)
    reads = Phase("all", [ms for s in samples for ms in s.reads.latencies_ms])
    print(f"[{backend}] requests {len(reads.latencies_ms) + errors}, errors {errors}; "
          f"p50 {reads.pct(50):.1f} ms, p99 {reads.pct(99):.1f} ms")
    print(f"[{backend}] server RSS after the {warmup:.0f}s warm-up {warm / 1024:.1f} MiB, at the end "
          f"{end / 1024:.1f} MiB, max {max(s.rss_kib for s in samples) / 1024:.1f} MiB: "
          f"growth {rss_growth:+.1f}%")
    print(f"[{backend}] server private memory (RssAnon) after the warm-up {first.anon_kib / 1024:.1f} MiB, "
          f"at the end {samples[-1].anon_kib / 1024:.1f} MiB: growth {growth:+.1f}% (goal <= 10%)")
    wals = [s.wal_bytes for s in samples if s.wal_bytes is not None]
    if wals:
        print(f"[{backend}] WAL file: max {max(wals) / 1024:.0f} KiB, at the end {wals[-1] / 1024:.0f} KiB")
    if errors:
        every = [error for sample in samples for error in sample.reads.errors]
        kinds = Counter(" ".join(error.split(" ", 2)[:2]) for error in every)  # status (or exception), path
        first = every[0]
        print(f"[{backend}] errors by kind: {dict(kinds.most_common(5))}; first: {first[:300]}")
    ok = errors == 0 and writer_failures == 0 and growth <= 10
    wal = f"WAL max {max(wals) / 1024:.0f} KiB; " if wals else ""
    print(f"[{backend}] VERDICT {'PASS' if ok else 'FAIL'}: errors {errors} (goal 0), failed writer rounds "
          f"{writer_failures}; private memory growth {growth:+.1f}% (goal <= 10%), RSS {rss_growth:+.1f}%; "
          f"{wal}p99 {reads.pct(99):.1f} ms")
    return ok


def soak(args: argparse.Namespace) -> int:
    scratch = tempfile.TemporaryDirectory(prefix="newsdesk-soak-")
    with scratch as tmp, database(args.backend, Path(tmp)) as url:
        subprocess.run([*NEWSDESK, "db", "upgrade"], env=env_for(url), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        preload = Path(tmp) / "base.jsonl"
        writer_corpus(preload, args.base_copies, "base")
        ingest(url, [str(SEEDS), str(preload)])  # the archive the reads start over
        writer = Writer(url, Path(tmp), args.copies, args.batch_size) if args.writer else None
        print(f"[{args.backend}] soak {args.minutes} min at {args.rate} req/s, "
              f"writer {'on' if writer else 'off'}")
        with serving(url) as (server, base):
            if writer:
                writer.start()
            samples = sample_loop(args, url, base, server.pid)
            if writer:
                writer.finish()
                print(f"[{args.backend}] writer: {writer.rounds} rounds of {args.copies * 10} articles, "
                      f"{len(writer.failed)} failed{': ' if writer.failed else ''}{'; '.join(writer.failed)}")
        warmup = args.warmup_seconds
        if warmup is None:
            warmup = max(60.0, min(300.0, args.minutes * 6))
        ok = report(args.backend, samples, warmup=warmup, writer_failures=len(writer.failed) if writer else 0)
        return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rate", type=float, default=20.0, help="read requests per second")
    parser.add_argument("--sample-seconds", type=float, default=15.0, help="seconds between samples")
    parser.add_argument("--copies", type=int, default=5, help="copies of the 10 seed articles per round")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--base-copies", type=int, default=20, help="seed article copies loaded first")
    parser.add_argument("--warmup-seconds", type=float, help="RSS baseline taken after this (default: 10%% "
                        "of the run, at least 60 s, at most 300 s)")
    parser.add_argument("--no-writer", dest="writer", action="store_false", help="reads only")
    return soak(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
