"""Copy a loader-built SQLite database into a migrated PostgreSQL database, row for row (COPY), ids kept.

Building 100k articles through the loader on PostgreSQL takes far longer than on SQLite; the rows the
loader wrote to SQLite are the same rows it would write to PostgreSQL, so the API benchmark copies them.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, select, text

from app.core import migrate
from app.core.db import make_engine
from app.models import Base

# Parents before children; FK triggers are off during the copy anyway (session_replication_role).
ORDER = (
    "ingest_runs",
    "ingest_rejections",
    "sources",
    "entities",
    "entity_aliases",
    "entity_roles",
    "articles",
    "article_sections",
    "article_sources",
    "mentions",
    "quotes",
    "date_mentions",
    "article_facets",  # the facets' digests (migration 0004): copied, not rebuilt
)


def _copy_table(source: Engine, target_conn: object, name: str) -> int:
    table = Base.metadata.tables[name]
    columns = [c.name for c in table.columns]
    quoted = ", ".join(f'"{c}"' for c in columns)
    rows = 0
    cursor = target_conn.cursor()  # type: ignore[attr-defined]
    with source.connect() as conn, cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
        result = conn.execution_options(stream_results=True, yield_per=10_000).execute(select(table))
        for row in result:
            copy.write_row(tuple(row))
            rows += 1
    return rows


def copy_database(sqlite_url: str, pg_url: str) -> dict[str, int]:
    """Migrate ``pg_url`` (which must be empty), copy every table, fix sequences, vacuum and analyse."""
    migrate.upgrade(pg_url)
    source, target = make_engine(sqlite_url), make_engine(pg_url)
    counts: dict[str, int] = {}
    raw = target.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        with driver.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
        for name in ORDER:
            started = time.perf_counter()
            counts[name] = _copy_table(source, driver, name)
            print(f"  copied {name}: {counts[name]} rows in {time.perf_counter() - started:.0f}s", flush=True)
        raw.commit()
    finally:
        raw.close()
    with target.begin() as conn:
        for name in ORDER:
            if "id" in Base.metadata.tables[name].columns:
                top = f"SELECT coalesce(max(id), 1) FROM {name}"  # noqa: S608 -- a constant table name
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), ({top}))"))
    with target.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # VACUUM sets the visibility map that autovacuum would set on a server that has run a while, so
        # index-only scans (the counts) read no heap pages
        conn.execute(text("VACUUM ANALYZE"))
    source.dispose()
    target.dispose()
    return counts
