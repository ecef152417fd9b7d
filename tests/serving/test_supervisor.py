"""`newsdesk serve --workers 2` as users run it: a real server process, real TCP clients, /proc to see
which worker holds which connection."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.core.migrate import upgrade
from tests.api.server import free_port
from tests.procs import alive, children, spawned, tcp_peers

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes and sockets from /proc")

NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))
START_SECONDS = 60.0
REQUEST = b"GET /health HTTP/1.1\r\nHost: newsdesk\r\n\r\n"


@dataclass
class Served:
    """A running ``newsdesk serve --workers 2``, its port and the file its log goes to."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def started(self) -> int:
        """Workers whose app has started (uvicorn logs it): the supervisor hands them connections."""
        return self.log.read_text().count("Application startup complete.")

    def workers(self) -> set[int]:
        return spawned(children(self.process.pid))

    def split(self, count: int) -> list[int]:
        """Open ``count`` keep-alive connections together and answer one request on each (so each is in
        a worker); how many each worker holds, fewest first. The connections are closed afterwards."""
        connections = [socket.create_connection(("127.0.0.1", self.port)) for _ in range(count)]
        try:
            for connection in connections:
                connection.sendall(REQUEST)
            for connection in connections:
                assert connection.recv(65536).startswith(b"HTTP/1.1 200")
            mine = {c.getsockname()[1] for c in connections}
            return sorted(len(tcp_peers(pid, self.port) & mine) for pid in self.workers())
        finally:
            for connection in connections:
                connection.close()


def _wait(condition: Callable[[], bool], what: str, seconds: float = START_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    url = f"sqlite:///{tmp_path}/served.db"
    upgrade(url)
    port = free_port()
    command = [NEWSDESK, "serve", "--database-url", url, "--port", str(port), "--workers", "2",
               "--no-access-log"]
    log = tmp_path / "serve.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stderr=stderr)
    serving = Served(process, port, log)
    try:
        _wait(lambda: serving.started() == 2 and _healthy(port), "two workers to serve")
        time.sleep(0.5)  # the health check's connection is reported closed
        yield serving
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


def test_connections_opened_together_are_split_evenly(served: Served) -> None:
    assert served.split(8) == [4, 4]
    time.sleep(0.5)  # the workers report those closes: four more are split two and two again
    assert served.split(4) == [2, 2]


def test_a_worker_that_dies_is_replaced(served: Served) -> None:
    first = served.workers()
    victim = min(first)
    os.kill(victim, signal.SIGKILL)
    _wait(lambda: served.started() == 3, "a replacement worker")
    assert victim not in served.workers()
    assert len(served.workers()) == 2
    assert served.split(4) == [2, 2]


def test_sigterm_finishes_every_process(served: Served) -> None:
    workers = served.workers()
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=30) == 0
    _wait(lambda: not any(alive(pid) for pid in workers), "the workers to exit", seconds=20)


def test_workers_exit_when_the_supervisor_is_killed(served: Served) -> None:
    workers = served.workers()
    served.process.send_signal(signal.SIGKILL)
    served.process.wait(timeout=10)
    _wait(lambda: not any(alive(pid) for pid in workers), "the workers to exit", seconds=30)


def test_an_app_that_cannot_start_stops_the_server_with_uvicorns_code() -> None:
    program = (
        "import sys, uvicorn\n"
        "from app.serving.supervisor import Supervisor\n"
        f"config = uvicorn.Config('app.no_such_module:app', port={free_port()}, log_level='critical')\n"
        "sys.exit(Supervisor(config, 2).run())\n"
    )
    finished = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=60, check=False)
    assert finished.returncode == 3
