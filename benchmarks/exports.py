"""Streamed exports at archive size: seconds per export over HTTP, optionally against another checkout.

Exports are what analysts pull into spreadsheets, notebooks and maps, and each one streams every match
page by page. This serves an archive (default: the 100k SQLite file `benchmarks.api` builds, migrated to
head first) with `newsdesk serve` and downloads each export --repeat times: article CSV from a date (the
~50k rows of `benchmarks.api`'s CSV cell), a word's matches as CSV by date and by relevance, as NDJSON
and as GeoJSON, a city's articles as GeoJSON, and the quotes from a date as CSV.

With --baseline DIR (another checkout of newsdesk, e.g. a `git worktree` of an older commit, using this
checkout's virtualenv) a second server runs that code on the same database, the two are asked in turn
(who goes first alternating), and the ratio of medians and whether the bytes are equal are printed.

    .venv/bin/python -m benchmarks.exports
    git worktree add --detach /tmp/newsdesk-base 47b7fa3
    .venv/bin/python -m benchmarks.exports --baseline /tmp/newsdesk-base --repeat 3
    .venv/bin/python -m benchmarks.exports --database-url postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:5432/newsdesk_bench_api_100000_s1
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
from sqlalchemy import create_engine

from app.core import migrate
from benchmarks.procs import ROOT, free_port, server
from benchmarks.scenarios import FTS_WORD, Picks, pick

ARCHIVE_URL = "sqlite:////tmp/newsdesk-bench/api-100000-s1.db"


def exports(p: Picks) -> dict[str, tuple[str, dict[str, str]]]:
    """name -> (path, params) of each export."""
    by_date = {"q": FTS_WORD, "sort": "-published_on"}
    return {
        "articles csv from a date": ("/v1/articles", {"format": "csv", "date_from": p.csv_from}),
        "word csv, by date": ("/v1/articles", {"format": "csv", **by_date}),
        "word csv, by relevance": ("/v1/articles", {"format": "csv", "q": FTS_WORD}),
        "word ndjson, by date": ("/v1/articles", {"format": "ndjson", **by_date}),
        "word geojson, by date": ("/v1/articles", {"format": "geojson", **by_date}),
        "city geojson": ("/v1/articles", {"format": "geojson", "place": p.place}),
        "quotes csv from a date": ("/v1/quotes", {"format": "csv", "date_from": p.csv_from}),
    }


def runs(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds):6.2f}s (runs {', '.join(f'{s:.2f}' for s in seconds)})"


@contextlib.contextmanager
def serving(url: str, checkout: Path) -> Iterator[str]:
    """``newsdesk serve`` of the code in ``checkout`` (this one's virtualenv) on 127.0.0.1; yields its URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--database-url", url, "--log-level", "warning", "--no-access-log"]
    env = {"PYTHONPATH": str(checkout), "NEWSDESK_CACHE_DIR": f"/tmp/newsdesk-bench-exports-{port}"}
    with server(cmd, port, "/health", env=env, cwd=checkout):
        yield f"http://127.0.0.1:{port}"


def timed(client: httpx.Client, path: str, params: dict[str, str]) -> tuple[float, int, str]:
    """Seconds to read the whole export, its size in bytes, and its sha256."""
    digest, size = hashlib.sha256(), 0
    started = time.perf_counter()
    with client.stream("GET", path, params=params) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            digest.update(chunk)
            size += len(chunk)
    return time.perf_counter() - started, size, digest.hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=ARCHIVE_URL, help="an archive (migrated to head first)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another newsdesk checkout to compare with")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    migrate.upgrade(args.database_url)
    engine = create_engine(args.database_url)
    picks = pick(engine)
    engine.dispose()
    print(f"database {args.database_url.split('@')[-1]}; picks: {picks}", flush=True)
    with contextlib.ExitStack() as stack:
        bases = {"this": stack.enter_context(serving(args.database_url, ROOT))}
        if args.baseline:
            bases["baseline"] = stack.enter_context(serving(args.database_url, args.baseline.resolve()))
        clients = {name: stack.enter_context(httpx.Client(base_url=base, timeout=600))
                   for name, base in bases.items()}
        for name, (path, params) in exports(picks).items():
            seconds: dict[str, list[float]] = {side: [] for side in clients}
            digests: dict[str, str] = {}
            sizes: dict[str, int] = {}
            for turn in range(args.repeat):  # the sides in turn, so both see the same hour
                order = list(clients) if turn % 2 == 0 else list(reversed(clients))  # first one alternates
                for side in order:
                    took, sizes[side], digests[side] = timed(clients[side], path, params)
                    seconds[side].append(took)
            line = f"{name:26} {sizes['this'] / 2**20:7.1f} MiB  this: {runs(seconds['this'])}"
            if "baseline" in seconds:
                ratio = statistics.median(seconds["baseline"]) / statistics.median(seconds["this"])
                line += f"  baseline: {runs(seconds['baseline'])}  baseline/this {ratio:.2f}x"
                line += "  same bytes" if digests["this"] == digests["baseline"] else "  BYTES DIFFER"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
