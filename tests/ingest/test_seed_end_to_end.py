"""The seed corpus through the real pipeline into SQLite: counts, sources, links, an idempotent re-run."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.config import Settings, get_settings
from app.core.db import make_engine
from app.core.migrate import upgrade
from app.ingest.service import ingest_paths
from app.models import Article, ArticleSource, Base, Entity, Quote, Source

pytest.importorskip("app.extract.pipeline", reason="the extraction pipeline has not landed yet")

SEEDS = str(Path(__file__).resolve().parents[2] / "seeds")


@pytest.mark.nlp
def test_seed_ingest_and_rerun(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/seed.db"
    upgrade(url)
    settings = Settings(database_url=url, spacy_model=get_settings().spacy_model)
    first = ingest_paths([SEEDS], settings=settings, progress=False, echo=False)
    assert (first.added, first.skipped, first.rejected, first.ok) == (10, 0, 0, True)
    assert first.entities_added > 20 and first.quotes_added > 20
    engine = make_engine(url)
    with Session(engine) as session:
        before = {
            t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }
        publishers = session.execute(
            select(func.count())
            .select_from(ArticleSource)
            .join(Source)
            .where(Source.name == "Asian Lite News", ArticleSource.role == "publisher")
        ).scalar_one()
        link = session.execute(
            select(Article.related_article_id).where(
                Article.title == "US Forces in Iraq, Syria Attacked 4 times in a Day"
            )
        ).scalar_one()
        target = session.execute(
            select(Article.id).where(Article.title.startswith("46 Attacks on US, Coalition Forces"))
        ).scalar_one()
        assert (publishers, link) == (9, target)  # the last story has no "…reports Asian Lite News" lede
        assert before["entities"] == first.entities_added and before["quotes"] == first.quotes_added
        assert (
            session.execute(
                select(func.count()).select_from(Quote).where(Quote.speaker_entity_id.is_not(None))
            ).scalar_one()
            > 0
        )
        assert (
            session.execute(
                select(func.count())
                .select_from(Entity)
                .where(Entity.kind == "place", Entity.latitude.is_not(None))
            ).scalar_one()
            > 0
        )
    second = ingest_paths([SEEDS], settings=settings, progress=False, echo=False)
    assert (second.added, second.skipped, second.entities_added, second.quotes_added) == (0, 10, 0, 0)
    with Session(engine) as session:
        after = {
            t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }
    engine.dispose()
    assert after == {**before, "ingest_runs": before["ingest_runs"] + 1}
