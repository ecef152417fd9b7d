"""A new SQLite archive gets SQLITE_PAGE_BYTES pages; an existing one keeps the page size it has."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import text

from app.core import migrate
from app.core.db import SQLITE_PAGE_BYTES, make_engine


def _page_size(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])


def test_a_new_archive_is_created_with_big_pages_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    migrate.upgrade(f"sqlite:///{path}")
    assert _page_size(path) == SQLITE_PAGE_BYTES == 16_384
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    finally:
        engine.dispose()


def test_an_archive_made_with_small_pages_keeps_them_and_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as conn:  # as SQLite's default made archives before
        conn.execute("PRAGMA page_size=4096")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE kept (x INTEGER)")
        conn.execute("INSERT INTO kept VALUES (7)")
        conn.commit()
    migrate.upgrade(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT x FROM kept")).scalar_one() == 7
            assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 0
    finally:
        engine.dispose()
    assert _page_size(path) == 4096
