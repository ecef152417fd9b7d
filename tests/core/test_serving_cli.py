"""`newsdesk serve`: worker processes and the access log, from flags or the environment."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import app.main as app_main
from app.cli import main
from app.core.config import get_settings
from app.serving.supervisor import Supervisor


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, dict[str, Any]]]]:
    """What would be served, recorded instead of serving: uvicorn.run calls (one process), and the
    supervisor's app and options (several)."""
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))

    def supervised(self: Supervisor) -> int:
        config = self.config
        calls.append((config.app, {"factory": config.factory, "workers": self.count,
                                   "access_log": config.access_log}))
        return 0

    monkeypatch.setattr(Supervisor, "run", supervised)
    monkeypatch.delenv("NEWSDESK_WORKERS", raising=False)
    monkeypatch.delenv("NEWSDESK_ACCESS_LOG", raising=False)
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


def test_one_process_by_default_serves_the_app_object(runs: list[tuple[Any, dict[str, Any]]]) -> None:
    assert main(["serve", "--database-url", "sqlite:///x.db"]) == 0
    app, options = runs[0]
    assert not isinstance(app, str) and "workers" not in options
    assert options["access_log"] is True and options["port"] == 8000


def test_workers_import_the_app_factory_with_the_database_url(
    runs: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///other.db")
    assert main(["serve", "--workers", "2", "--database-url", "sqlite:///x.db", "--no-access-log"]) == 0
    app, options = runs[0]
    assert app == "app.main:serving_app" and options["factory"] is True and options["workers"] == 2
    assert options["access_log"] is False
    import os

    assert os.environ["DATABASE_URL"] == "sqlite:///x.db"  # what the worker processes will read


def test_workers_and_access_log_from_the_environment(
    runs: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_WORKERS", "3")
    monkeypatch.setenv("NEWSDESK_ACCESS_LOG", "false")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.db")
    assert main(["serve"]) == 0
    _, options = runs[0]
    assert options["workers"] == 3 and options["access_log"] is False


def test_zero_workers_is_a_usage_error(
    runs: list[tuple[Any, dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
    assert runs == []


def test_served_apps_freeze_their_startup_objects(
    runs: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A server process exempts what it holds once started from full collections; an app built by
    create_app() elsewhere (tests, embedding) leaves the collector alone."""
    frozen: list[str] = []
    monkeypatch.setattr(app_main, "freeze_startup_objects", lambda: frozen.append("frozen"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["serve"]) == 0
    with TestClient(runs[0][0]):
        assert frozen == ["frozen"]
    with TestClient(app_main.serving_app()):  # what each --workers process builds
        assert frozen == ["frozen", "frozen"]
    with TestClient(app_main.create_app()):
        assert frozen == ["frozen", "frozen"]


def test_freezing_exempts_live_objects_from_the_collector() -> None:
    before = gc.get_freeze_count()
    try:
        app_main.freeze_startup_objects()
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
