"""`ingest_paths` end to end on fresh databases, with a stand-in extractor (no spaCy model)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import make_engine
from app.core.migrate import upgrade
from app.extract.types import ArticleRecord
from app.ingest import identity, pipeline
from app.ingest.load import rows
from app.ingest.readers import ReadOptions, read_paths
from app.ingest.service import extract_paths, ingest_paths, load_extractions
from app.models import Article, Base, IngestRejection, IngestRun
from tests.conftest import BACKENDS, create_database
from tests.ingest.factories import FakeExtractor, fake_extractor

DATA = Path(__file__).resolve().parents[1] / "data"
GOOD, BAD = str(DATA / "ingest"), str(DATA / "bad")


@pytest.fixture(params=BACKENDS)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Settings, Engine]]:
    """An empty migrated database of each backend, committed to for real and dropped afterwards."""
    url, drop = create_database(request.param, str(tmp_path))
    upgrade(url)
    engine = make_engine(url)
    yield Settings(database_url=url, batch_size=2), engine
    engine.dispose()
    drop()  # type: ignore[operator]


def table_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }


def test_good_and_bad_inputs_report_and_rerun(fresh: tuple[Settings, Engine]) -> None:
    settings, engine = fresh
    out = io.StringIO()
    report = ingest_paths([GOOD, BAD], settings=settings, extractor=fake_extractor, progress=False, echo=out)
    # tests/data/bad: 11 good records, 2 repeats of one of them (skipped), 12 bad records or files
    assert (report.added, report.skipped, report.rejected, report.ok) == (18, 2, 12, False)
    lines = out.getvalue().splitlines()
    assert f"{BAD}/truncated.jsonl:line 2: invalid JSON at column 30: Unterminated string" in lines
    assert f"{BAD}/binary.txt:byte 8: binary file (NUL byte), not UTF-8 text" in lines
    assert lines[-1].startswith("ingest completed: 18 articles added, 2 skipped, 12 rejected;")
    with Session(engine) as session:
        run = session.get(IngestRun, report.run_id)
        assert run is not None
        assert (run.status, run.inputs, run.articles_added, run.articles_rejected) == (
            "completed",
            f"{GOOD}\n{BAD}",
            18,
            12,
        )
        stored = (
            session.execute(select(IngestRejection.position).order_by(IngestRejection.id)).scalars().all()
        )
        assert sorted(stored) == [
            *("byte 0", "byte 8", "line 1", "line 1", "line 13", "line 2"),
            *("line 2", "line 3", "line 3", "line 4", "line 6", "line 8"),
        ]
        linked = session.execute(
            select(Article.id, Article.related_article_id).where(Article.related_article_id.is_not(None))
        ).all()
        assert {(b, a) for a, b in linked} == set(linked) and len(linked) == 2  # the two wire.txt stories
    before = table_counts(engine)
    again = ingest_paths([GOOD], settings=settings, extractor=fake_extractor, progress=False, echo=False)
    after = table_counts(engine)
    assert (again.added, again.skipped, again.ok) == (0, 7, True)
    assert after == {**before, "ingest_runs": before["ingest_runs"] + 1}


def test_published_on_and_extraction_failures(fresh: tuple[Settings, Engine], tmp_path: Path) -> None:
    settings, engine = fresh
    dump = tmp_path / "two.txt"
    dump.write_text(
        "Categories\n-Top News\nFine Story\nA calm body.\n\nCategories\n-Top News\nBad Story\nEXPLODE here.\n"
    )
    import datetime as dt

    report = ingest_paths(
        [str(dump)],
        settings=settings,
        extractor=fake_extractor,
        progress=False,
        echo=False,
        published_on=dt.date(2024, 1, 10),
    )
    assert [str(r) for r in report.rejections] == [
        f"{dump}:line 6: extraction failed: ValueError: cannot parse this"
    ]
    with Session(engine) as session:
        assert session.execute(select(Article.title, Article.published_on)).all() == [
            ("Fine Story", dt.date(2024, 1, 10))
        ]


def test_worker_processes_give_the_same_articles(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/workers.db"
    upgrade(url)
    settings = Settings(database_url=url, batch_size=3)
    report = ingest_paths(
        [GOOD, BAD], settings=settings, extractor=fake_extractor, workers=2, progress=False, echo=False
    )
    assert (report.added, report.rejected) == (18, 12)
    engine = make_engine(url)
    with Session(engine) as session:
        positions = session.execute(select(Article.source_position).order_by(Article.id)).scalars().all()
    engine.dispose()
    assert positions[:4] == ["line 2", "line 5", "line 1", "line 3"]  # input order survives the pool


def test_two_concurrent_ingests_store_each_article_once(fresh: tuple[Settings, Engine]) -> None:
    settings, engine = fresh
    reports = []

    def run() -> None:
        reports.append(
            ingest_paths([GOOD], settings=settings, extractor=fake_extractor, progress=False, echo=False)
        )

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.added for r in reports) and sum(r.added for r in reports) == 7
    assert sum(r.added + r.skipped for r in reports) == 14
    assert all(r.ok for r in reports)
    assert table_counts(engine)["articles"] == 7


def broken_extractor() -> FakeExtractor:
    raise OSError("Can't find model 'missing_model'")


def test_a_run_that_crashes_is_recorded_as_failed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/crash.db"
    upgrade(url)
    settings, engine = Settings(database_url=url), make_engine(url)
    with pytest.raises(OSError, match="missing_model"):
        ingest_paths([GOOD], settings=settings, extractor=broken_extractor, progress=False, echo=False)
    with Session(engine) as session:
        run = session.execute(select(IngestRun)).scalar_one()
        assert (run.status, run.articles_added, run.finished_at is not None) == ("failed", 0, True)
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 0
    engine.dispose()


def test_extract_once_then_load_anywhere(fresh: tuple[Settings, Engine]) -> None:
    settings, engine = fresh
    extractions, rejections = extract_paths([GOOD, BAD], settings=settings, extractor=fake_extractor)
    assert (len(extractions), len(rejections)) == (20, 12)  # no database: repeats are extracted too
    report = load_extractions(engine, extractions, inputs=("seed",))
    assert (report.added, report.skipped, report.rejected, report.ok) == (18, 2, 0, True)
    assert load_extractions(engine, extractions).skipped == 20


def test_each_article_is_hashed_once_and_stored_under_that_hash(
    fresh: tuple[Settings, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The step that skips stored articles hashes each record; the loader keys the row with that hash."""
    settings, engine = fresh
    hashed: list[str] = []

    def counted(title: str, body: str) -> str:
        hashed.append(title)
        return identity.content_hash(title, body)

    monkeypatch.setattr(pipeline, "content_hash", counted)
    monkeypatch.setattr(rows, "content_hash", counted)
    report = ingest_paths([GOOD], settings=settings, extractor=fake_extractor, progress=False, echo=False)
    assert report.added > 1 and len(hashed) == report.added
    with Session(engine) as session:
        stored = set(session.execute(select(Article.content_hash)).scalars())
    read = [r for r in read_paths([GOOD], ReadOptions(max_chars=settings.max_article_chars))
            if isinstance(r, ArticleRecord)]
    # keyed by the title and body as read (the stored body may have lost its wire credit)
    assert stored == {identity.content_hash(r.title, r.body) for r in read}
    assert len(stored) == report.added
