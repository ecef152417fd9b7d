"""What the loader's speed work must keep: PostgreSQL arrays sent in binary keep every character and
value (SQLite runs the same tests), the loader's SQLite connection gets its cache and checkpoint
settings, SQLite statements of a few fixed sizes store every row in order, the fast word count counts
what the pattern does, and digests know the kinds of entities the resolver did not insert itself."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from app.ingest.load import Loader
from app.ingest.load.bulk import insert_returning, insert_values
from app.ingest.load.rows import _WORD_RE, count_words
from app.ingest.service import load_extractions
from app.models import Article, ArticleFacets, DateMention, Entity, EntityAlias
from tests.ingest.factories import article, person

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


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one",
        "Haddad's well-known plan’s end",
        "snake_case _lead trail_ __",
        "a--b -c d- ' x' y'z",
        "٣ apples, Ⅻ chapters, ½ cup, ２０２４",
        "tab\tnew\nline\u2003em\x1cfile sep",
        "“Quoted,” he said. (Again.)",
        "mid-’word’s ‘x’-y",
    ],
)
def test_the_word_count_is_the_word_patterns_count(text: str) -> None:
    assert count_words(text) == len(_WORD_RE.findall(text))


def test_rows_of_any_count_are_stored_in_order_with_few_statement_texts(session: Session) -> None:
    texts: set[str] = set()

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("INSERT INTO entities"):
            texts.add(statement)

    event.listen(session.get_bind().engine, "before_cursor_execute", seen)
    try:
        for n in range(1, 41):
            rows = [(f"person:count {n} {i}", f"N{n}.{i}", "person") for i in range(n)]
            back = insert_returning(session, Entity, ("key", "name", "kind"), rows, returning=("key", "id"))
            assert [key for key, _ in back] == [key for key, _, _ in rows]
            assert [i for _, i in back] == sorted(i for _, i in back)
    finally:
        event.remove(session.get_bind().engine, "before_cursor_execute", seen)
    stored = session.execute(select(func.count()).select_from(Entity)).scalar_one()
    assert stored == sum(range(1, 41))
    if session.get_bind().dialect.name == "sqlite":
        assert len(texts) == 7  # 1, 2, 4, ... 64 rows: compiled once each, then reused


def test_the_digest_of_an_entity_another_process_stored_meanwhile_has_its_kind(session: Session) -> None:
    loader = Loader(session)
    loader.hydrate()
    body = "Ana Lima spoke."
    lima = person("Ana Lima", body)
    session.execute(insert(Entity).values(key=lima.key, name="Ana Lima", kind="person"))  # the other process
    loader.load_batch([article("Lima", body, entities=(lima,))])
    entity_id = session.execute(select(Entity.id)).scalar_one()
    assert session.execute(select(ArticleFacets.actor_ids)).scalar_one() == str(entity_id)
