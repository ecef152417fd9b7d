"""Database faults for real: a throwaway PostgreSQL cluster is stopped under a running server and restarted.

While it is down every request is a 503 problem+json within the time budget and /health says so; when it is
back the same server process answers 200 again, without a restart.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.core.config import Settings
from app.core.migrate import upgrade
from app.main import create_app
from tests.api.server import free_port, serving

BUDGET_MS = 1000
PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


@dataclass
class Cluster:
    """A PostgreSQL cluster of the test's own, started and stopped with pg_ctl."""

    bindir: Path
    data: Path
    port: int

    def run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.data.parent / "log"), "-w",
                 "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://newsdesk@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not PG_BINS:
        pytest.skip("database-fault test skipped: no initdb under /usr/lib/postgresql/*/bin")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("database-fault test skipped: running as root without runuser")
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pgfault-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    found = Cluster(Path(PG_BINS[-1]).parent, root / "data", free_port())
    try:
        found.run("initdb", "-D", str(found.data), "-U", "newsdesk", "--auth=trust", "-E", "UTF8")
        found.start()
        yield found
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            found.stop()
        shutil.rmtree(root, ignore_errors=True)


def _assert_unavailable(client: httpx.Client, path: str) -> float:
    started = time.monotonic()
    response = client.get(path)
    elapsed = time.monotonic() - started
    assert response.status_code == 503, (path, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/database-unavailable")
    assert response.headers["retry-after"]
    return elapsed


def test_database_down_is_503_within_budget_and_recovers(cluster: Cluster) -> None:
    upgrade(cluster.url)
    app = create_app(Settings(database_url=cluster.url, db_time_budget_ms=BUDGET_MS))
    with serving(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/v1/articles").status_code == 200  # the pool now holds a live connection
        assert client.get("/health").json()["status"] == "ok"

        cluster.stop()
        paths = ["/v1/articles", "/v1/quotes?q=talks", "/v1/actors", "/v1/facets", "/v1/articles/1"]
        slowest = max(_assert_unavailable(client, path) for path in paths * 2)
        print(f"slowest 503 while PostgreSQL was down: {slowest * 1000:.0f} ms")
        assert slowest < BUDGET_MS / 1000
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["database"] == "unreachable"

        cluster.start()
        deadline = time.monotonic() + 15
        while (status := client.get("/v1/articles").status_code) != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert status == 200  # the same app process, no restart
        assert client.get("/health").json()["status"] == "ok"
        assert client.get("/v1/quotes", params={"q": "talks"}).status_code == 200
