"""The disk cache of derived tables: read when current, rebuilt when missing, stale or damaged."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from app.extract.geonames import Place
from app.extract.tablecache import cached_table


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> dict[str, int]:
        self.count += 1
        return {"built": self.count}


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data.json"
    data.write_text("[1]", encoding="utf-8")
    return data


def test_a_current_table_is_read_not_rebuilt(source: Path) -> None:
    build = Builds()
    assert cached_table("t", [source], build, dict) == {"built": 1}
    assert cached_table("t", [source], build, dict) == {"built": 1}
    assert build.count == 1


def test_a_changed_input_rebuilds_and_drops_the_old_table(source: Path, tmp_path: Path) -> None:
    build = Builds()
    cached_table("t", [source], build, dict)
    source.write_text("[1, 2]", encoding="utf-8")
    assert cached_table("t", [source], build, dict) == {"built": 2}
    assert len(list((tmp_path / "cache").glob("t-*.pickle"))) == 1


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05N."])  # empty, garbage, a None
def test_a_damaged_table_is_rebuilt(source: Path, tmp_path: Path, damage: bytes) -> None:
    build = Builds()
    cached_table("t", [source], build, dict)
    (stored,) = (tmp_path / "cache").glob("t-*.pickle")
    stored.write_bytes(damage)
    assert cached_table("t", [source], build, dict) == {"built": 2}
    assert cached_table("t", [source], build, dict) == {"built": 2}


def test_an_unwritable_cache_still_gives_the_table(source: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the directory should be", encoding="utf-8")
    build = Builds()
    assert cached_table("t", [source], build, dict) == {"built": 1}
    assert cached_table("t", [source], build, dict) == {"built": 2}


def test_an_empty_setting_turns_the_cache_off(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", "")
    build = Builds()
    cached_table("t", [source], build, dict)
    cached_table("t", [source], build, dict)
    assert build.count == 2


def test_a_place_is_read_back_equal_from_its_pickle() -> None:
    place = Place("Erbil", "city", "IQ", 36.19, 44.01, 95446, 932_800)
    assert pickle.loads(pickle.dumps(place, protocol=pickle.HIGHEST_PROTOCOL)) == place
    assert pickle.loads(pickle.dumps(Place("Iraq", "country", None))) == Place("Iraq", "country", None)
