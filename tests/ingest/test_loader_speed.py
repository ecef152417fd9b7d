"""What the loader's speed work must keep: PostgreSQL arrays sent in binary keep every character and
value (SQLite runs the same tests), and the loader's SQLite connection gets its cache and checkpoint
settings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest.load.bulk import insert_returning, insert_values
from app.ingest.service import load_extractions
from app.models import Article, DateMention, Entity, EntityAlias
from tests.ingest.factories import article

ODD_TEXTS = ['a "quoted", {braced} \\ back', "NULL", "", "Ünïcødé ’ “x”", "tab\there"]


def test_text_float_and_date_values_come_back_exactly(session: Session) -> None:
    rows: list[tuple[str, str, str, float | None]] = [
        (f"person:odd {i}", text, "person", 0.1 + 0.2 * i) for i, text in enumerate(ODD_TEXTS)
    ]
    rows.append(("person:no place", "Nowhere", "person", None))
    columns = ("key", "name", "kind", "latitude")
    ids: dict[str, int] = dict(insert_returning(session, Entity, columns, rows, returning=("key", "id")))
    stored = session.execute(select(Entity.key, Entity.name, Entity.latitude).order_by(Entity.id)).all()
    assert [tuple(row) for row in stored] == [(k, n, lat) for k, n, _, lat in rows]
    aliases = [(ids[k], n, n.casefold()) for k, n, _, _ in rows]
    insert_values(session, EntityAlias, ("entity_id", "alias", "folded"), aliases)
    back = session.execute(select(EntityAlias.alias).order_by(EntityAlias.id)).scalars().all()
    assert back == [n for _, n, _ in aliases]


def test_dates_and_nulls_in_one_column_keep_their_values(session: Session) -> None:
    load_extractions(session, [article("Dated", "It happened.")])
    article_id = session.execute(select(Article.id)).scalar_one()
    columns = ("article_id", "text", "value", "precision", "field", "start", "end", "date_start", "date_end")
    days = [dt.date(2024, 2, 29), None, dt.date(1999, 12, 31)]
    rows = [(article_id, f"d{i}", "v", "day", "body", i, i + 1, day, day) for i, day in enumerate(days)]
    insert_values(session, DateMention, columns, rows)
    back = session.execute(select(DateMention.date_start).order_by(DateMention.id)).scalars().all()
    assert back == days


def test_the_loader_gives_its_sqlite_connection_a_cache_and_rarer_checkpoints(session: Session) -> None:
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite connection settings")
    load_extractions(session, [article("Tuned", "A body.")])
    connection = session.connection()
    assert connection.exec_driver_sql("PRAGMA cache_size").scalar_one() == -8_192
    assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == 10_000
