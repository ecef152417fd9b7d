"""Where a request's time goes: each SQL statement with its time and plan, and the time outside SQL.

.venv/bin/python -m benchmarks.explain --database-url sqlite:////tmp/newsdesk-bench/api-100000-s1.db
.venv/bin/python -m benchmarks.explain --database-url … --request '/v1/quotes?q=ceasefire&kind=indirect'

Without ``--request``, the API benchmark's queries (``benchmarks.scenarios``) on the archive's picks.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import Engine, event

from app.core.config import Settings
from app.core.db import make_engine
from benchmarks.scenarios import newsdesk_queries, pick

SLOW_MS = 5.0


class StatementLog:
    """Records every statement an engine runs, with its duration."""

    def __init__(self, engine: Engine) -> None:
        self.entries: list[tuple[str, Any, float]] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        conn.info["started"] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        self.entries.append((statement, params, (time.perf_counter() - conn.info["started"]) * 1000))


def _plan(engine: Engine, statement: str, params: Any) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        cursor = conn.exec_driver_sql(prefix + statement, params if params else ())
        return [" | ".join(str(c) for c in row) for row in cursor]


def _requests(engine: Engine, requests: Sequence[str]) -> dict[str, tuple[str, Any]]:
    """name -> (path, params): the given requests (``PATH?QUERY``), else the API benchmark's queries."""
    if not requests:
        return dict(newsdesk_queries(pick(engine)))
    return {request: (urlsplit(request).path, parse_qsl(urlsplit(request).query)) for request in requests}


def explain(url: str, repeat: int, requests: Sequence[str] = ()) -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    engine = make_engine(url)
    app = create_app(Settings(database_url=url))
    with TestClient(app) as client:
        log = StatementLog(app.state.engine)
        for name, (path, params) in _requests(engine, requests).items():
            client.get(path, params=params)  # warm caches
            walls, sql = [], []
            for _ in range(repeat):
                log.entries.clear()
                started = time.perf_counter()
                response = client.get(path, params=params)
                walls.append((time.perf_counter() - started) * 1000)
                sql.append(sum(ms for _, _, ms in log.entries))
            print(f"\n## {name}: {path} {params} -> {response.status_code}, {len(response.content)} bytes")
            print(
                f"request {statistics.median(walls):.1f} ms median, SQL {statistics.median(sql):.1f} ms, "
                f"{len(log.entries)} statements"
            )
            for statement, stmt_params, ms in log.entries:
                flag = "SLOW " if ms >= SLOW_MS else ""
                print(f"  {flag}{ms:7.2f} ms  {' '.join(statement.split())[:300]}")
                if ms >= SLOW_MS:
                    for line in _plan(engine, statement, stmt_params):
                        print(f"             plan: {line}")
    engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--request", action="append", default=[], metavar="PATH?QUERY",
                        help="time this request instead of the benchmark's queries (repeatable)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", DeprecationWarning)
    explain(args.database_url, args.repeat, args.request)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
