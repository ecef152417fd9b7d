"""`newsdesk serve`: worker processes and the access log, from flags or the environment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.cli import main
from app.core.config import get_settings


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, dict[str, Any]]]]:
    """uvicorn.run calls, recorded instead of serving."""
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
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
    assert app == "app.main:create_app" and options["factory"] is True and options["workers"] == 2
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
