"""Adding a few articles to a large archive: what a run costs beyond its own articles.

Users add the day's copy to years of it, by `newsdesk ingest` or one article at a time by POST
/v1/articles. Work a run does over the whole archive is paid again on every such run. This copies an
archive (default: the 100k SQLite file `benchmarks.api` builds; with --pg its PostgreSQL database, copied
as a template), migrates the copy to head, and gives --waiting of its articles an "ALSO READ" title no
article has: real wire copy often links stories outside the archive, while the generated corpus links
every one. Then, on copies of that prepared archive:

- the loader's start (`Loader.hydrate`: every stored entity, alias and role into the resolver), in-process,
  --repeat times;
- `newsdesk ingest seeds/` (10 articles): process wall and the run's own seconds, --repeat times;
- `newsdesk serve` with an admin token, then POST /v1/articles of --posts generated articles one after
  another: the first loads the spaCy model, the others show the steady latency.

    .venv/bin/python -m benchmarks.increment
    .venv/bin/python -m benchmarks.increment --archive /tmp/newsdesk-bench/api-100000-s1.db --posts 6
    .venv/bin/python -m benchmarks.increment --pg      # database newsdesk_bench_api_100000_s1
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.core import migrate
from app.core.db import make_engine
from app.ingest.identity import title_key
from app.ingest.load.loader import Loader
from benchmarks.make_corpus import generate
from benchmarks.procs import BIN, PG_ADMIN_URL, ROOT, drop_pg_database, free_port, server
from benchmarks.soak import memory_kib

ARCHIVE = Path("/tmp/newsdesk-bench/api-100000-s1.db")
PG_ARCHIVE = "newsdesk_bench_api_100000_s1"
TOKEN = "increment-benchmark"  # a throwaway admin token for a server on 127.0.0.1 only
_RUN_RE = re.compile(r"ingest completed: (\d+) articles added.*?; ([\d.]+)s \(")


class SqliteCopies:
    """Copies of a SQLite archive file in a scratch directory: the prepared one, and fresh work copies."""

    def __init__(self, archive: Path, scratch: Path) -> None:
        if not archive.exists():
            raise SystemExit(f"{archive} not found: build it with benchmarks.api first")
        scratch.mkdir(parents=True, exist_ok=True)
        self.archive, self.scratch = archive, scratch
        self.prepared, self.work = scratch / "prepared.db", scratch / "work.db"

    def copy_archive(self) -> str:
        shutil.copyfile(self.archive, self.prepared)
        return f"sqlite:///{self.prepared}"

    def fresh(self) -> str:
        for suffix in ("-wal", "-shm"):
            Path(f"{self.work}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.prepared, self.work)
        return f"sqlite:///{self.work}"

    def clean(self) -> None:
        for path in (self.prepared, self.work):
            for suffix in ("", "-wal", "-shm", ".ingest.lock"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


class PgCopies:
    """Copies of a PostgreSQL archive database, made with CREATE DATABASE ... TEMPLATE."""

    def __init__(self, archive: str, admin_url: str) -> None:
        self.archive, self.admin_url = archive, admin_url
        self.prepared, self.work = "newsdesk_bench_increment_prepared", "newsdesk_bench_increment_work"
        engine = create_engine(admin_url)
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": archive}).first()
        engine.dispose()
        if found is None:
            raise SystemExit(f"database {archive} not found: build it with benchmarks.api --pg first")

    def _url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def _copy(self, source: str, name: str) -> str:
        drop_pg_database(self._url(name), self.admin_url)
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:  # names are this module's constants or --pg-archive
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        engine.dispose()
        return self._url(name)

    def copy_archive(self) -> str:
        return self._copy(self.archive, self.prepared)

    def fresh(self) -> str:
        return self._copy(self.prepared, self.work)

    def clean(self) -> None:
        for name in (self.prepared, self.work):
            drop_pg_database(self._url(name), self.admin_url)


def prepare(copies: SqliteCopies | PgCopies, waiting: float) -> None:
    """Copy the archive, migrate the copy, and let ``waiting`` of its articles wait for a story not stored."""
    url = copies.copy_archive()
    started = time.perf_counter()
    migrate.upgrade(url)
    print(f"migrate the copy to head: {time.perf_counter() - started:.1f}s", flush=True)
    engine = make_engine(url)
    with engine.begin() as conn:
        total = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
        every = max(1, round(1 / waiting)) if waiting > 0 else 0
        if every:
            conn.execute(text("UPDATE articles SET related_title = 'A story outside the archive ' || id, "
                              "related_article_id = NULL WHERE id % :every = 0"), {"every": every})
            columns = inspect(conn).get_columns("articles")
            if any(column["name"] == "related_key" for column in columns):  # 0007 on: the loader's key
                rows = conn.execute(text("SELECT id, related_title FROM articles WHERE id % :every = 0"),
                                    {"every": every}).all()
                conn.execute(text("UPDATE articles SET related_key = :key WHERE id = :id"),
                             [{"id": row[0], "key": title_key(row[1])} for row in rows])
        waiting_now = conn.execute(text(
            "SELECT count(*) FROM articles WHERE related_title IS NOT NULL AND related_article_id IS NULL"
        )).scalar_one()
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:  # outside the write transaction: the copies start without a WAL
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE articles")  # as autovacuum would after so many updates
    engine.dispose()
    print(f"archive: {total} articles, {waiting_now} waiting for an ALSO READ story", flush=True)


def hydrate_seconds(url: str, repeat: int) -> list[float]:
    engine = make_engine(url)
    found = []
    with Session(engine) as session:
        for _ in range(repeat):
            started = time.perf_counter()
            Loader(session).hydrate()
            found.append(time.perf_counter() - started)
    engine.dispose()
    return found


def ingest_seeds(url: str) -> tuple[float, float, int]:
    """(process wall, the run's own seconds, articles added) of `newsdesk ingest seeds/`."""
    cmd = [str(BIN / "newsdesk"), "ingest", str(ROOT / "seeds"), "--database-url", url, "--no-progress"]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    wall = time.perf_counter() - started
    match = _RUN_RE.search(done.stdout + done.stderr)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"newsdesk ingest failed ({done.returncode}): {(done.stdout + done.stderr)[-1000:]}")
    return wall, float(match[2]), int(match[1])


def post_latencies(url: str, posts: int, seed: int) -> tuple[list[tuple[float, int]], list[int]]:
    """(seconds, status) of each POST /v1/articles of a generated article not in the archive, and the
    server's private memory (RssAnon, KiB) after the first POST and after the last."""
    port = free_port()
    cmd = [str(BIN / "newsdesk"), "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url",
           url, "--log-level", "warning"]
    found, memory = [], []
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with (
        server(cmd, port, "/health", env={"NEWSDESK_ADMIN_TOKEN": TOKEN}) as pid,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600, headers=headers) as client,
    ):
        for i, extraction in enumerate(generate(posts, seed)):
            record = extraction.record
            body = {"title": record.title, "body": record.body, "lede": record.lede}
            started = time.perf_counter()
            response = client.post("/v1/articles", json=body)
            found.append((time.perf_counter() - started, response.status_code))
            if i in (0, posts - 1):
                memory.append(memory_kib(pid)[1])
    return found, memory


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE, help="a SQLite archive (left unchanged)")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/newsdesk-bench-increment"))
    parser.add_argument("--pg", action="store_true", help="copy a PostgreSQL archive database instead")
    parser.add_argument("--pg-archive", default=PG_ARCHIVE, help="with --pg: the archive database's name")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL, help="with --pg: may create databases")
    parser.add_argument("--waiting", type=float, default=0.1, help="share of articles waiting for a story")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--posts", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7, help="corpus seed of the POSTed articles")
    args = parser.parse_args(argv)
    copies: SqliteCopies | PgCopies = (
        PgCopies(args.pg_archive, args.pg_admin_url) if args.pg else SqliteCopies(args.archive, args.scratch)
    )
    try:
        prepare(copies, args.waiting)
        hydrates = hydrate_seconds(copies.fresh(), args.repeat)
        print("loader start (hydrate): " + ", ".join(f"{s:.2f}s" for s in hydrates), flush=True)
        for _ in range(args.repeat):
            wall, run, added = ingest_seeds(copies.fresh())
            print(f"newsdesk ingest seeds/: {added} added, run {run:.2f}s, process wall {wall:.2f}s",
                  flush=True)
        latencies, memory = post_latencies(copies.fresh(), args.posts, args.seed)
    finally:
        copies.clean()
    statuses = sorted({status for _, status in latencies})
    rest = [s for s, _ in latencies[1:]]
    shown = ", ".join(f"{s:.2f}" for s in rest) if len(rest) <= 12 else f"{min(rest):.2f}-{max(rest):.2f}"
    print(f"POST /v1/articles x{len(latencies)} (statuses {statuses}): first {latencies[0][0]:.2f}s "
          f"(loads the model), then {shown}" + (f" s; median {statistics.median(rest):.2f}s" if rest else ""),
          flush=True)
    print("server private memory (RssAnon) after the first and the last POST: "
          + " and ".join(f"{kib / 1024:.0f} MiB" for kib in memory), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
