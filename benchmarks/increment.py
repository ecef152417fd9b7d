"""Adding a few articles to a large archive: what a run costs beyond its own articles.

Users add the day's copy to years of it, by `newsdesk ingest` or one article at a time by POST
/v1/articles. Work a run does over the whole archive is paid again on every such run. This copies an
archive (default: the 100k SQLite file `benchmarks.api` builds), migrates the copy to head, and gives
--waiting of its articles an "ALSO READ" title no article has: real wire copy often links stories outside
the archive, while the generated corpus links every one. Then, on copies of that prepared file:

- the loader's start (`Loader.hydrate`: every stored entity, alias and role into the resolver), in-process,
  --repeat times;
- `newsdesk ingest seeds/` (10 articles): process wall and the run's own seconds, --repeat times;
- `newsdesk serve` with an admin token, then POST /v1/articles of --posts generated articles one after
  another: the first loads the spaCy model, the others show the steady latency.

    .venv/bin/python -m benchmarks.increment
    .venv/bin/python -m benchmarks.increment --archive /tmp/newsdesk-bench/api-100000-s1.db --posts 6
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
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core import migrate
from app.core.db import make_engine
from app.ingest.identity import title_key
from app.ingest.load.loader import Loader
from benchmarks.make_corpus import generate
from benchmarks.procs import BIN, ROOT, free_port, server

ARCHIVE = Path("/tmp/newsdesk-bench/api-100000-s1.db")
TOKEN = "increment-benchmark"  # a throwaway admin token for a server on 127.0.0.1 only
_RUN_RE = re.compile(r"ingest completed: (\d+) articles added.*?; ([\d.]+)s \(")


def prepare(archive: Path, scratch: Path, waiting: float) -> Path:
    """A migrated copy of the archive in which ``waiting`` of the articles wait for a story not stored."""
    prepared = scratch / "prepared.db"
    shutil.copyfile(archive, prepared)
    url = f"sqlite:///{prepared}"
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
            columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(articles)")}
            if "related_key" in columns:  # migration 0007 on: the key the loader would have stored
                rows = conn.execute(text("SELECT id, related_title FROM articles WHERE id % :every = 0"),
                                    {"every": every}).all()
                conn.execute(text("UPDATE articles SET related_key = :key WHERE id = :id"),
                             [{"id": row[0], "key": title_key(row[1])} for row in rows])
        waiting_now = conn.execute(text(
            "SELECT count(*) FROM articles WHERE related_title IS NOT NULL AND related_article_id IS NULL"
        )).scalar_one()
    with engine.connect() as conn:  # outside the write transaction: the copies start without a WAL
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    print(f"archive: {total} articles, {waiting_now} waiting for an ALSO READ story", flush=True)
    return prepared


def fresh_copy(prepared: Path, scratch: Path) -> Path:
    work = scratch / "work.db"
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(prepared, work)
    return work


def hydrate_seconds(path: Path, repeat: int) -> list[float]:
    engine = make_engine(f"sqlite:///{path}")
    found = []
    with Session(engine) as session:
        for _ in range(repeat):
            started = time.perf_counter()
            Loader(session).hydrate()
            found.append(time.perf_counter() - started)
    engine.dispose()
    return found


def ingest_seeds(path: Path) -> tuple[float, float, int]:
    """(process wall, the run's own seconds, articles added) of `newsdesk ingest seeds/`."""
    cmd = [str(BIN / "newsdesk"), "ingest", str(ROOT / "seeds"), "--database-url", f"sqlite:///{path}",
           "--no-progress"]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    wall = time.perf_counter() - started
    match = _RUN_RE.search(done.stdout + done.stderr)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"newsdesk ingest failed ({done.returncode}): {(done.stdout + done.stderr)[-1000:]}")
    return wall, float(match[2]), int(match[1])


def post_latencies(path: Path, posts: int, seed: int) -> list[tuple[float, int]]:
    """(seconds, status) of each POST /v1/articles of a generated article not in the archive."""
    port = free_port()
    cmd = [str(BIN / "newsdesk"), "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url",
           f"sqlite:///{path}", "--log-level", "warning"]
    found = []
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with (
        server(cmd, port, "/health", env={"NEWSDESK_ADMIN_TOKEN": TOKEN}),
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600, headers=headers) as client,
    ):
        for extraction in generate(posts, seed):
            record = extraction.record
            body = {"title": record.title, "body": record.body, "lede": record.lede}
            started = time.perf_counter()
            response = client.post("/v1/articles", json=body)
            found.append((time.perf_counter() - started, response.status_code))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE, help="a SQLite archive (left unchanged)")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/newsdesk-bench-increment"))
    parser.add_argument("--waiting", type=float, default=0.1, help="share of articles waiting for a story")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--posts", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7, help="corpus seed of the POSTed articles")
    args = parser.parse_args(argv)
    if not args.archive.exists():
        raise SystemExit(f"{args.archive} not found: build it with benchmarks.api first")
    args.scratch.mkdir(parents=True, exist_ok=True)
    prepared = prepare(args.archive, args.scratch, args.waiting)
    hydrates = hydrate_seconds(prepared, args.repeat)
    print("loader start (hydrate): " + ", ".join(f"{s:.2f}s" for s in hydrates), flush=True)
    for _ in range(args.repeat):
        wall, run, added = ingest_seeds(fresh_copy(prepared, args.scratch))
        print(f"newsdesk ingest seeds/: {added} added, run {run:.2f}s, process wall {wall:.2f}s", flush=True)
    latencies = post_latencies(fresh_copy(prepared, args.scratch), args.posts, args.seed)
    statuses = sorted({status for _, status in latencies})
    rest = [s for s, _ in latencies[1:]]
    print(f"POST /v1/articles x{len(latencies)} (statuses {statuses}): first {latencies[0][0]:.2f}s "
          f"(loads the model), then " + ", ".join(f"{s:.2f}" for s in rest)
          + (f" s; median {statistics.median(rest):.2f}s" if rest else ""), flush=True)
    for name in ("prepared.db", "work.db", "work.db-wal", "work.db-shm", "work.db.ingest.lock"):
        (args.scratch / name).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
