"""The batched loader on SQLite and PostgreSQL: one INSERT per table per batch, entities new in a batch
shared by its later articles, GeoNames fill-ins, chunked statements and refusals as before."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from app.core.config import BATCH_SIZE
from app.extract.types import (
    DateFinding,
    DatePrecision,
    Extraction,
    Field,
    QuoteFinding,
    QuoteKind,
    SpeakerResolution,
)
from app.extract.types import (
    Mention as Found,
)
from app.ingest import pipeline
from app.ingest.load import bulk
from app.ingest.service import load_extractions
from app.models import Article, DateMention, Entity, Mention, Quote
from tests.ingest.factories import article, austin_article, mention, person, place

_INSERT_RE = re.compile(r"^\s*INSERT INTO \"?(\w+)", re.IGNORECASE)


@contextmanager
def inserts_by_table(session: Session) -> Iterator[Counter[str]]:
    """Count the INSERT statements sent to each table while the block runs."""
    seen: Counter[str] = Counter()
    engine = session.get_bind().engine

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if match := _INSERT_RE.match(statement):
            seen[match[1]] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def said(body: str, text: str, speaker_key: str | None, on: dt.date | None = None) -> QuoteFinding:
    start = body.index(text)
    return QuoteFinding(
        text=text,
        kind=QuoteKind.DIRECT,
        start=start,
        end=start + len(text),
        cue="said",
        speaker_key=speaker_key,
        speaker_text=None,
        speaker_label=None,
        resolution=SpeakerResolution.NAME,
        said_on=on,
    )


def numbered_story(n: int) -> Extraction:
    body = f"Story {n}: Rana Haddad met Omar Karimi in Amman. “Talks number {n} went well,” Haddad said."
    haddad, karimi = person("Rana Haddad", body, "Haddad"), person("Omar Karimi", body)
    amman = place("Amman", body, code="JO", lat=31.95, lon=35.93, geonames_id=250441)
    quote = said(body, f"Talks number {n} went well,", haddad.key)
    return article(f"Story {n}", body, entities=(haddad, karimi, amman), quotes=(quote,))


def test_a_batch_sends_one_insert_per_table_whatever_its_size(session: Session) -> None:
    sqlite = session.get_bind().dialect.name == "sqlite"
    stories = [numbered_story(n) for n in range(1, 41)]
    with inserts_by_table(session) as inserts:
        report = load_extractions(session, stories, batch_size=40)
    assert (report.added, report.entities_added, report.quotes_added) == (40, 3, 40)
    content = {t: c for t, c in inserts.items() if t not in {"ingest_runs", "ingest_rejections"}}
    assert content == {
        "articles": 1,
        "article_facets": 1,  # the batch's digests (app/ingest/load/digest.py)
        "article_sections": 1,
        "entities": 1,
        "entity_aliases": 1,
        "mentions": 1,
        "quotes": 1,
        # SQLite: the batch's full-text rows in key order, the insert trigger paused meanwhile
        **({"articles_fts": 1, "articles_fts_pause": 1} if sqlite else {}),
    }
    assert session.execute(select(func.count()).select_from(Mention)).scalar_one() == 40 * 4


def test_an_entity_new_in_a_batch_is_the_same_row_for_its_later_articles(session: Session) -> None:
    first = austin_article()
    body = "Austin flew to Erbil. “The mission goes on,” Austin said."
    lone = person("Austin", body)  # a lone surname: the index matches the person stored a moment ago
    quote = said(body, "The mission goes on,", lone.key)
    second = article("Austin in Erbil", body, entities=(lone,), quotes=(quote,))
    report = load_extractions(session, [first, second])
    assert (report.added, report.entities_added) == (2, 2)  # Lloyd Austin and Baghdad
    (austin_id,) = session.execute(select(Entity.id).where(Entity.kind == "person")).scalars().all()
    speakers = session.execute(select(Quote.speaker_entity_id)).scalars().all()
    assert speakers == [austin_id, austin_id]
    persons = select(func.count()).where(Mention.entity_id == austin_id)
    assert session.execute(persons).scalar_one() == 3  # "Lloyd Austin" and "Austin", then "Austin"


@pytest.mark.parametrize("batch_size", [1, 3])
def test_geonames_data_a_first_finding_lacked_is_filled_in_once(session: Session, batch_size: int) -> None:
    def doha(title: str, lat: float | None, geonames_id: int) -> Extraction:
        body = f"{title}: officials met in Doha."
        found = place("Doha", body, code="QA", lat=lat or 0.0, lon=51.53, geonames_id=geonames_id)
        if lat is None:
            found = replace(found, latitude=None, longitude=None, country_code=None, geonames_id=None)
        return article(title, body, entities=(found,))

    # batch_size 3: the row is new in the batch that fills it in; 1: it is stored, then updated.
    batch = [doha("One", None, 0), doha("Two", 25.29, 290030), doha("Three", 99.0, 1)]
    load_extractions(session, batch, batch_size=batch_size)
    load_extractions(session, [doha("Four", 11.0, 2)])  # nor does a later run overwrite it
    stored = session.execute(select(Entity.country_code, Entity.latitude, Entity.geonames_id)).all()
    assert stored == [("QA", 25.29, 290030)]


def test_rows_beyond_one_statement_are_sent_in_chunks(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "MAX_ROWS", 7)  # on SQLite: seven rows per INSERT (PostgreSQL: unnest)
    sentences = [f"Claim {n} is true." for n in range(30)]
    body = " ".join(f"Rana Haddad said: “{s}”" for s in sentences)
    haddad = person("Rana Haddad", body)
    haddad = replace(haddad, mentions=tuple(mention_at(body, "Rana Haddad", n) for n in range(30)))
    quotes = tuple(said(body, s, haddad.key, dt.date(2024, 1, 1 + n)) for n, s in enumerate(sentences))
    report = load_extractions(session, [article("Thirty Claims", body, entities=(haddad,), quotes=quotes)])
    assert (report.added, report.quotes_added) == (1, 30)
    assert session.execute(select(func.count()).select_from(Mention)).scalar_one() == 30
    stored = session.execute(select(Quote.text, Quote.said_on).order_by(Quote.id)).all()
    assert [(text, str(on)) for text, on in stored] == [
        (s, f"2024-01-{1 + n:02d}") for n, s in enumerate(sentences)
    ]


def mention_at(body: str, text: str, occurrence: int) -> Found:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return replace(mention(text, body), start=start, end=start + len(text))


def test_a_value_too_long_for_its_column_refuses_the_article_on_postgresql(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite does not enforce VARCHAR lengths")
    body = "It happened on Tuesday."
    start = body.index("on Tuesday")
    odd = DateFinding("on Tuesday", Field.BODY, start, start + 10, "x" * 40, DatePrecision.DAY)
    good = [article("Good One", "First good body."), article("Good Two", "Second good body.")]
    report = load_extractions(session, [good[0], article("Odd Date", body, dates=(odd,)), good[1]])
    assert (report.added, report.rejected) == (2, 1)
    assert report.rejections[0].reason.startswith("database refused: ")
    assert session.execute(select(func.count()).select_from(DateMention)).scalar_one() == 0


def test_a_slow_stream_is_committed_every_couple_of_seconds_not_every_batch_size_articles(
    migrated: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest bound by the parse ends a batch, and commits it, with the first article that arrives
    BATCH_SECONDS or more after the batch's first: a reader sees the articles, an interrupted run loses
    little."""
    _url, engine = migrated
    now = [0.0]
    monkeypatch.setattr(pipeline.time, "monotonic", lambda: now[0])
    stored_before: list[int] = []

    def slow() -> Iterator[Extraction]:
        for n in range(1, 8):
            with engine.connect() as reader:  # another connection: sees only committed rows
                stored_before.append(reader.execute(select(func.count()).select_from(Article)).scalar_one())
            yield numbered_story(n)
            now[0] += 0.9  # one article every 0.9 s: far fewer than BATCH_SIZE per 2 s

    report = load_extractions(engine, slow())
    assert report.added == 7 and BATCH_SIZE > 7
    # batches end with the article that arrives 2 s or more after their first: stories 1-4, then 5-7
    assert stored_before == [0, 0, 0, 0, 4, 4, 4]
