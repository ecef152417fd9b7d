"""API latency and throughput at N articles, side by side with Datasette on the same SQLite file.

.venv/bin/python -m benchmarks.api --articles 100000            # SQLite, plus Datasette
.venv/bin/python -m benchmarks.api --articles 100000 --pg       # the same on PostgreSQL
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
from sqlalchemy import text

from app.core import migrate
from app.core.db import is_sqlite, make_engine
from benchmarks import loadgen, side_datasette, wrk
from benchmarks.dbbuild import load, row_counts
from benchmarks.make_corpus import generate
from benchmarks.pgcopy import copy_database
from benchmarks.procs import BIN, PG_ADMIN_URL, create_pg_database, free_port, server, wait_idle
from benchmarks.scenarios import Picks, newsdesk_queries, pick

DB_DIR = Path("/tmp/newsdesk-bench")


def ensure_database(url: str | None, articles: int, seed: int) -> str:
    """Reuse a database that holds exactly N synthetic articles, or build it through the loader."""
    if url is None:
        DB_DIR.mkdir(exist_ok=True)
        url = f"sqlite:///{DB_DIR / f'api-{articles}-s{seed}.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        stored = int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    if stored not in (0, articles):
        raise SystemExit(f"{url} holds {stored} articles, not {articles}: use an empty database")
    if stored == 0:
        started = time.perf_counter()
        seconds = load(url, generate(articles, seed), batch_size=500)
        print(f"built {articles} articles in {time.perf_counter() - started:.0f}s (loader {seconds:.0f}s)")
    print(f"database {url.split('@')[-1]}: {row_counts(engine)}", flush=True)
    engine.dispose()
    return url


def copy_if_empty(pg_url: str, sqlite_url: str) -> None:
    """Fill an empty PostgreSQL database with the rows the loader wrote to the SQLite one."""
    migrate.upgrade(pg_url)
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        empty = not conn.execute(text("SELECT 1 FROM articles LIMIT 1")).first()
    engine.dispose()
    if empty:
        started = time.perf_counter()
        copy_database(sqlite_url, pg_url)
        print(f"copied SQLite rows into PostgreSQL in {time.perf_counter() - started:.0f}s", flush=True)


def cursor_at_depth(base: str, depth: int) -> tuple[str | None, int, tuple[str, int] | None]:
    """Follow next_cursor 200 rows at a time to ``depth``: cursor, depth reached, last (date, id)."""
    cursor, seen, last = None, 0, None
    with httpx.Client(timeout=120) as client:
        while seen < depth:
            params = {"limit": str(min(200, depth - seen))} | ({"cursor": cursor} if cursor else {})
            page = client.get(f"{base}/v1/articles", params=params).json()
            seen += len(page["items"])
            cursor = page["next_cursor"]
            last = (page["items"][-1]["published_on"], page["items"][-1]["id"]) if page["items"] else last
            if cursor is None:
                break
    return cursor, seen, last


class Settle:
    """Before each load cell, wait until the servers are idle: Datasette keeps running a cell's queued
    queries (up to its 20 s time limit) after the load generator has left, which used to land in the
    next newsdesk cell's latencies, and newsdesk's queued requests still run their PostgreSQL statements."""

    def __init__(self, *pids: int) -> None:
        self.pids = pids

    def __call__(self, name: str) -> None:
        waited = wait_idle(self.pids)
        if waited > 1.5:
            print(f"  (waited {waited:.1f}s for earlier requests to finish before {name})", flush=True)


def local_postmaster(url: str) -> list[int]:
    """The PostgreSQL server's main process when it runs on this machine (its statements outlive a
    cell's clients too), found as the parent of this connection's backend; none on SQLite."""
    if is_sqlite(url):
        return []
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            backend = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
        with open(f"/proc/{backend}/stat") as f:
            return [int(f.read().rsplit(")", 1)[1].split()[1])]
    except OSError:  # a server on another machine
        return []
    finally:
        engine.dispose()


def newsdesk_runs(
    base: str,
    picks: Picks,
    clients: Sequence[int],
    args: argparse.Namespace,
    ds: side_datasette.Datasette | None,
    settle: Settle,
) -> list[str]:
    lines: list[str] = []
    queries = newsdesk_queries(picks)
    started = time.perf_counter()
    cursor, depth, last = cursor_at_depth(base, args.depth)
    if ds:
        ds.set_depth(last if cursor else None)
    lines.append(f"cursor at depth {depth} reached in {time.perf_counter() - started:.1f}s")
    if cursor:
        queries[f"page at depth {depth}"] = ("/v1/articles", {"limit": "50", "cursor": cursor})
    for name, (path, params) in queries.items():
        for c in clients:
            settle(name)
            ours = loadgen.run(
                name,
                f"{base}{path}",
                params,
                c,
                max_requests=args.max_requests,
                max_seconds=args.seconds,
                client=args.client,
            )
            lines.append("newsdesk  " + ours.line())
            print(lines[-1], flush=True)
            settle(name)
            theirs = ds.run(name, c, args) if ds else None
            if theirs:
                lines.append("datasette " + theirs.line())
                lines.append(f"{'':10}ratio newsdesk/datasette {name} c={c}: {ours.rps / theirs.rps:.2f}x")
                print("\n".join(lines[-2:]), flush=True)
    lines += csv_runs(base, picks, args, ds, settle)
    return lines


def csv_runs(
    base: str, picks: Picks, args: argparse.Namespace, ds: side_datasette.Datasette | None, settle: Settle
) -> list[str]:
    lines = []
    params = {"format": "csv", "date_from": picks.csv_from}
    for c in (1, 4):
        settle("csv export")
        ours = loadgen.run(
            "csv export ~50k rows",
            f"{base}/v1/articles",
            params,
            c,
            max_requests=max(2, c),
            max_seconds=120,
            warmup=0,
        )
        lines.append("newsdesk  " + ours.line())
        print(lines[-1], flush=True)
        if ds:
            settle("csv export")
        theirs = ds.csv(c) if ds else None
        if theirs:
            lines += [
                "datasette " + theirs.line(),
                f"{'':10}ratio newsdesk/datasette csv export c={c}: {ours.rps / theirs.rps:.2f}x",
            ]
            print("\n".join(lines[-2:]), flush=True)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty or previously built database (default: SQLite file)")
    parser.add_argument("--pg", action="store_true", help=f"build into a scratch database on {PG_ADMIN_URL}")
    parser.add_argument(
        "--pg-via-loader",
        action="store_true",
        help="build the PG database with the loader instead of copying the loader-built SQLite rows (slow)",
    )
    parser.add_argument("--clients", default="8,32")
    parser.add_argument("--seconds", type=float, default=10.0, help="per query and client count")
    parser.add_argument("--max-requests", type=int, default=3000)
    parser.add_argument("--depth", type=int, default=90_000)
    parser.add_argument("--workers", type=int, default=1, help="newsdesk serve --workers N (default 1)")
    parser.add_argument(
        "--client",
        choices=("wrk", "httpx"),
        default="wrk" if wrk.available() else "httpx",
        help="load generator: wrk (Debian package, default when installed) or the Python httpx client",
    )
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--datasette", default=side_datasette.DEFAULT_BIN, help="datasette executable")
    args = parser.parse_args(argv)
    url = args.database_url
    if args.pg and not url:
        url = create_pg_database(name=f"newsdesk_bench_api_{args.articles}_s{args.seed}", keep=True)
        if not args.pg_via_loader:
            copy_if_empty(url, ensure_database(None, args.articles, args.seed))
    url = ensure_database(url, args.articles, args.seed)
    engine = make_engine(url)
    picks = pick(engine)
    engine.dispose()
    print(f"picks: {picks}", flush=True)
    clients = [int(c) for c in args.clients.split(",")]
    port = free_port()
    cmd = [
        str(BIN / "newsdesk"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--database-url",
        url,
        "--log-level",
        "warning",
        "--workers",
        str(args.workers),
    ]
    with server(cmd, port, "/health") as pid:
        use_ds = is_sqlite(url) and not args.no_datasette
        with side_datasette.started(args.datasette, url, picks) if use_ds else _null() as ds:
            settle = Settle(pid, *([ds.pid] if ds else []), *local_postmaster(url))
            lines = newsdesk_runs(f"http://127.0.0.1:{port}", picks, clients, args, ds, settle)
    head = [
        f"database: {url.split('@')[-1]}",
        f"newsdesk workers: {args.workers}",
        f"client: {args.client}",
        f"picks: {picks}",
    ]
    print("\n".join(["", "== summary ==", *head, *lines]))
    return 0


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


if __name__ == "__main__":
    raise SystemExit(main())
