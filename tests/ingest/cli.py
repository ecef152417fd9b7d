"""Running the real `newsdesk ingest` as a child process, and watching its database from outside."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, text

from app.core.db import make_engine

NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))


def ingest_command(url: str, *paths: str | Path, batch_size: int = 5) -> list[str]:
    """The command line of one ingest run without a progress bar."""
    return [
        NEWSDESK, "ingest", *map(str, paths), "--database-url", url,
        "--batch-size", str(batch_size), "--no-progress",
    ]  # fmt: skip


def run_ingest(url: str, *paths: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """One ingest run to completion, its stderr captured."""
    return subprocess.run(
        ingest_command(url, *paths), capture_output=True, text=True, timeout=timeout, check=False
    )


class Watch:
    """Counts a database's stored articles from another connection (what has been committed)."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(url)

    def articles(self) -> int:
        """Committed articles right now."""
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())

    def settled(self, timeout: float = 10.0) -> int:
        """Committed articles once no other session of the database is busy. On PostgreSQL a COMMIT that
        a killed client had already sent still completes on the server after the kill."""
        if self.engine.dialect.name == "postgresql":
            busy = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND state <> 'idle'")
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                with self.engine.connect() as conn:
                    if not conn.execute(busy).scalar_one():
                        break
                time.sleep(0.01)
        return self.articles()

    def wait_for_growth(self, proc: subprocess.Popen[bytes], commits: int, poll: float = 0.005) -> int:
        """Block until the article count has grown ``commits`` times or the process has ended."""
        seen, grown = self.articles(), 0
        while grown < commits and proc.poll() is None:
            now = self.articles()
            if now != seen:
                seen, grown = now, grown + 1
            else:
                time.sleep(poll)
        return seen

    def close(self) -> None:
        """Release the watcher's connections."""
        self.engine.dispose()
