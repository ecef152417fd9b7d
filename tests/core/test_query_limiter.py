"""A server process runs one query at a time on SQLite and eight on PostgreSQL (NEWSDESK_DB_CONCURRENCY)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from anyio import CapacityLimiter
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.deps import LIMITER
from app.core.export import paced
from app.core.respond import query_limiter, run_query

PG = "postgresql+psycopg://u:p@127.0.0.1:5432/db"


@pytest.mark.parametrize(
    ("url", "setting", "tokens"),
    [("sqlite:///a.db", None, 1), (PG, None, 8), ("sqlite:///a.db", 0, None), (PG, 3, 3), (PG, 0, None),
     ("sqlite:///a.db", 2, 2)],
)
def test_the_default_depends_on_the_database(url: str, setting: int | None, tokens: int | None) -> None:
    limiter = query_limiter(Settings(database_url=url, db_concurrency=setting))
    assert (limiter.total_tokens if limiter else None) == tokens


def _most_at_once(limiter: CapacityLimiter | None, requests: int = 4) -> int:
    """How many of ``requests`` concurrent queries ran at the same time."""
    lock, running, most = threading.Lock(), [0], [0]

    def query() -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.2)  # long enough that unlimited queries overlap even on a busy machine
        with lock:
            running[0] -= 1

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(requests):
                session: Any = Session(info={LIMITER: limiter})  # no bind: the query never touches it
                group.start_soon(run_query, session, query)

    anyio.run(main)
    return most[0]


def test_queries_of_one_process_wait_for_the_limiter() -> None:
    assert _most_at_once(CapacityLimiter(1)) == 1
    assert _most_at_once(CapacityLimiter(2)) == 2
    assert _most_at_once(None) == 4  # the threadpool's own limit (40)


def test_export_pieces_are_made_within_the_limiter() -> None:
    """A streamed export makes each piece in a worker thread holding the process's query limiter."""
    limiter = CapacityLimiter(1)
    held: list[tuple[float, bool]] = []
    loop_thread = threading.get_ident()

    def pieces() -> Iterator[str]:
        for piece in ("a", "b", "c"):
            held.append((limiter.borrowed_tokens, threading.get_ident() != loop_thread))
            yield piece

    async def main() -> list[str]:
        return [piece async for piece in paced(pieces(), limiter)]

    assert anyio.run(main) == ["a", "b", "c"]
    assert held == [(1, True)] * 3
