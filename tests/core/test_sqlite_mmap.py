"""The API reads a SQLite archive memory-mapped (NEWSDESK_SQLITE_MMAP_MIB); other engines do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from app.core.config import SQLITE_MMAP_MIB, Settings
from app.core.db import make_engine
from app.main import create_app

MIB = 1024 * 1024


def _mmap_bytes(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("PRAGMA mmap_size")).scalar_one())


def _api_mmap_bytes(tmp_path: Path, **settings: int) -> int:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path}/a.db", **settings))
    with TestClient(app):
        return _mmap_bytes(app.state.engine)


@pytest.mark.parametrize("mib", [64, 0])
def test_api_connections_map_the_configured_size(tmp_path: Path, mib: int) -> None:
    assert _api_mmap_bytes(tmp_path, sqlite_mmap_mib=mib) == mib * MIB


def test_api_maps_up_to_sqlites_ceiling_by_default(tmp_path: Path) -> None:
    # SQLite caps the request at its compile-time SQLITE_MAX_MMAP_SIZE (0x7fff0000 unless rebuilt)
    assert 1024 * MIB < _api_mmap_bytes(tmp_path) <= SQLITE_MMAP_MIB * MIB


def test_engines_outside_the_api_map_nothing_unless_asked(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/b.db")
    try:
        assert _mmap_bytes(engine) == 0
    finally:
        engine.dispose()
