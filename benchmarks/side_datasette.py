"""Datasette serving the same SQLite file, asked the same questions through its JSON API."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from benchmarks import loadgen
from benchmarks.procs import ROOT, free_port, server
from benchmarks.scenarios import Picks, datasette_queries

VENV = Path("/tmp/newsdesk-bench-datasette")
DEFAULT_BIN = str(VENV / "bin" / "datasette")


def ensure_installed(binary: str) -> None:
    """Datasette lives in its own venv (bench-only), installed from benchmarks/requirements.txt."""
    if Path(binary).exists() or binary != DEFAULT_BIN:
        return
    subprocess.run(["python3", "-m", "venv", str(VENV)], check=True)  # the system Python, not .venv
    subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "-q", "-r", str(ROOT / "benchmarks" / "requirements.txt")],
        check=True,
    )


class Datasette:
    """A running Datasette and the equivalent of each newsdesk query (canned SQL through its JSON API)."""

    def __init__(self, base: str, db: str, picks: Picks, pid: int) -> None:
        self.base, self.db, self.picks, self.pid = base, db, picks, pid
        self.sql = datasette_queries(picks, None)

    def set_depth(self, key: tuple[str, int] | None) -> None:
        self.sql = datasette_queries(self.picks, key)

    def run(self, name: str, clients: int, args: Any) -> loadgen.Result | None:
        """Load the equivalent query; None where Datasette has no equivalent (facets)."""
        sql = self.sql.get("page at depth" if name.startswith("page at depth") else name)
        if sql is None:
            return None
        return loadgen.run(
            name,
            f"{self.base}/{self.db}.json",
            sql | {"_shape": "array"},
            clients,
            max_requests=args.max_requests,
            max_seconds=args.seconds,
            client=args.client,
        )

    def csv(self, clients: int) -> loadgen.Result:
        return loadgen.run(
            "csv export ~50k rows",
            f"{self.base}/{self.db}.csv",
            self.sql["csv export"],
            clients,
            max_requests=max(2, clients),
            max_seconds=120,
            warmup=0,
        )


@contextlib.contextmanager
def started(binary: str, url: str, picks: Picks) -> Iterator[Datasette]:
    """Serve the SQLite file read-only (immutable: Datasette's fastest mode) on 127.0.0.1."""
    ensure_installed(binary)
    path = Path(make_url(url).database or "")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # immutable mode does not read the WAL
    port = free_port()
    cmd = [
        binary,
        "serve",
        "-i",
        str(path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "20000",
        "--setting",
        "max_returned_rows",
        "100000",
    ]  # the CSV export returns ~50k rows
    with server(cmd, port, "/-/versions.json") as pid:
        yield Datasette(f"http://127.0.0.1:{port}", path.stem, picks, pid)
