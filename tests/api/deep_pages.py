"""Measure: a page of GET /v1/articles at depth ~85k costs what page 1 costs (not a pytest module).

Usage: .venv/bin/python -m tests.api.deep_pages sqlite:////tmp/deep.db
       .venv/bin/python -m tests.api.deep_pages postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:5432/newsdesk_test
(for PostgreSQL a scratch database is created next to the given one and dropped afterwards).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import uuid

from sqlalchemy import Engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.articles.schemas import ArticleFilters
from app.articles.service import list_articles
from app.core.db import make_engine
from app.core.migrate import upgrade
from app.core.pagination import encode_cursor
from app.models import Article

ARTICLES = 100_000


def fill(engine: Engine) -> None:
    """100k articles, one day per ten, every twentieth undated."""
    base = dt.date(2000, 1, 1)
    rows = [{"content_hash": f"{i:064d}", "title": f"t{i}", "body": f"body {i} iraq", "word_count": 3,
             "published_on": base + dt.timedelta(days=i // 10) if i % 20 else None} for i in range(ARTICLES)]
    with Session(engine) as session:
        for start in range(0, ARTICLES, 10_000):
            session.execute(insert(Article), rows[start:start + 10_000])
        session.commit()
        if engine.dialect.name == "postgresql":
            session.execute(text("ANALYZE"))
            session.commit()


def best_ms(engine: Engine, cursor: str | None, runs: int = 5) -> float:
    """Fastest of a few runs of one 50-row page, without the count."""
    times = []
    for _ in range(runs):
        with Session(engine) as session:
            started = time.perf_counter()
            list_articles(session, filters=ArticleFilters(limit=50, cursor=cursor), count_cap=10_000,
                          with_total=False)
            times.append((time.perf_counter() - started) * 1000)
    return min(times)


def cursor_at(engine: Engine, depth: int) -> str:
    with Session(engine) as session:
        row = session.execute(text(
            "SELECT id, published_on FROM articles WHERE published_on IS NOT NULL "
            "ORDER BY published_on DESC, id DESC LIMIT 1 OFFSET :depth"), {"depth": depth}).one()
    return encode_cursor("-published_on", row.published_on, row.id)


def main(url: str) -> None:
    drop = None
    if not url.startswith("sqlite"):
        admin = make_engine(url, isolation_level="AUTOCOMMIT")
        name = f"newsdesk_deep_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(url).set(database=name).render_as_string(hide_password=False)

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))

    upgrade(url)
    engine = make_engine(url)
    try:
        fill(engine)
        first, deep = best_ms(engine, None), best_ms(engine, cursor_at(engine, 85_000))
        print(f"{engine.dialect.name}: page 1 {first:.1f} ms, page at depth 85k {deep:.1f} ms")
    finally:
        engine.dispose()
        if drop:
            drop()


if __name__ == "__main__":
    main(sys.argv[1])
