"""The CLI edge: clear one-line errors and non-zero exits for user mistakes, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.core.config import get_settings


def test_db_upgrade_then_current(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    assert main(["db", "upgrade", "--database-url", url]) == 0
    assert "schema revision: 0009" in capsys.readouterr().out


def test_serve_warns_when_the_database_is_behind_the_code(
    tmp_path: object, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server on an archive not yet migrated says so in one line, and says nothing once it is."""
    served: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.append(app))
    url = f"sqlite:///{tmp_path}/behind.db"
    assert main(["db", "upgrade", "0007", "--database-url", url]) == 0
    capsys.readouterr()
    assert main(["serve", "--database-url", url]) == 0
    err = capsys.readouterr().err
    assert err == ("newsdesk: warning: the database is at schema revision 0007, this code expects 0009; "
                   "run `newsdesk db upgrade` (GET /health answers 503 until then)\n")
    assert main(["db", "upgrade", "--database-url", url]) == 0
    capsys.readouterr()
    assert main(["serve", "--database-url", url]) == 0
    assert capsys.readouterr().err == ""
    missing = Path(f"{tmp_path}/missing.db")
    assert main(["serve", "--database-url", f"sqlite:///{missing}"]) == 0
    assert "at schema revision none, this code expects 0009" in capsys.readouterr().err
    assert not missing.exists()  # the check does not create the file
    assert len(served) == 3


def test_unreachable_database_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody:x@127.0.0.1:9/none?connect_timeout=1"
    assert main(["db", "upgrade", "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsdesk: error: cannot use the database:")
    assert len(err.strip().splitlines()) == 1


def test_bad_database_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current", "--database-url", "nosuchdb://x"]) == 2
    assert "invalid database URL" in capsys.readouterr().err


def test_missing_input_path(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    assert main(["ingest", "--database-url", url, f"{tmp_path}/missing.txt"]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_bad_published_on_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "--published-on", "2024-02-30", "seeds/"])
    assert exc.value.code == 2
    assert "not a date" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--batch-size", "0", "--batch-size must be between 1 and 10000"),
        ("--batch-size", "10001", "--batch-size must be between 1 and 10000"),
        ("--batch-seconds", "-1", "--batch-seconds must be more than 0 and at most 3600"),
    ],
)
def test_batch_options_out_of_range_are_usage_errors(
    tmp_path: object, capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    assert main(["ingest", "--database-url", url, option, value, "seeds/"]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("NEWSDESK_BATCH_SIZE", "0", "invalid setting NEWSDESK_BATCH_SIZE='0': Input should be greater than"),
        ("NEWSDESK_BATCH_SECONDS", "soon", "invalid setting NEWSDESK_BATCH_SECONDS='soon': Input should be"),
        ("NEWSDESK_WORKERS", "-1", "invalid setting NEWSDESK_WORKERS='-1': Input should be greater than"),
    ],
)
@pytest.mark.parametrize("command", [["db", "current"], ["ingest", "seeds/"], ["serve"]])
def test_a_bad_setting_in_the_environment_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    variable: str, value: str, message: str, command: list[str],
) -> None:
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        assert main(command) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith(f"newsdesk: error: {message}") and len(err.strip().splitlines()) == 1
