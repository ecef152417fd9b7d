"""The query shapes of the API benchmark, with parameters picked from the database being served."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, text

from app.search.fts import FTS_ID

# ruff: noqa: S608  -- the SQL below is built from constants only; every value is a bound parameter.

DATE_FROM, DATE_TO = "2023-01-01", "2024-12-31"
FTS_WORD = "ceasefire"
CITED_SOURCE = "CNN"


@dataclass(frozen=True, slots=True)
class Picks:
    """Filter values that select realistic, non-trivial sets in this database."""

    speaker: str
    speaker_id: int
    actor: str
    actor_id: int
    place: str
    place_id: int
    source_id: int
    csv_from: str  # publication date from which about 50k articles follow
    articles: int


def _one(engine: Engine, sql: str, **params: object) -> tuple[object, ...]:
    with engine.connect() as conn:
        row = conn.execute(text(sql), params).first()
    if row is None:
        raise RuntimeError(f"no row for: {sql}")
    return tuple(row)


def pick(engine: Engine, csv_rows: int = 50_000) -> Picks:
    """The most-quoted speaker, a much-mentioned person and its commonest city, CNN, a date for ~50k rows."""
    sid, speaker = _one(
        engine,
        "SELECT q.speaker_entity_id, e.name FROM quotes q JOIN entities e ON "
        "e.id = q.speaker_entity_id WHERE e.kind = 'person' GROUP BY q.speaker_entity_id, e.name "
        "ORDER BY count(*) DESC LIMIT 1",
    )
    aid, actor = _one(
        engine,
        "SELECT m.entity_id, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE e.kind = 'person' GROUP BY m.entity_id, e.name ORDER BY count(DISTINCT m.article_id) "
        "DESC LIMIT 1 OFFSET 1",
    )
    pid, place = _one(
        engine,
        "SELECT m2.entity_id, e.name FROM mentions m1 JOIN mentions m2 ON "
        "m2.article_id = m1.article_id JOIN entities e ON e.id = m2.entity_id WHERE "
        "m1.entity_id = :a AND e.kind = 'place' AND e.subtype = 'city' GROUP BY m2.entity_id, e.name "
        "ORDER BY count(DISTINCT m2.article_id) DESC LIMIT 1",
        a=aid,
    )
    (source_id,) = _one(engine, "SELECT id FROM sources WHERE name = :n", n=CITED_SOURCE)
    (articles,) = _one(engine, "SELECT count(*) FROM articles")
    offset = max(0, int(str(articles)) - csv_rows)
    (csv_from,) = _one(
        engine, "SELECT published_on FROM articles ORDER BY published_on, id LIMIT 1 OFFSET :o", o=offset
    )
    csv_date = csv_from if isinstance(csv_from, str) else dt.date.isoformat(csv_from)  # type: ignore[arg-type]
    return Picks(
        str(speaker),
        int(str(sid)),
        str(actor),
        int(str(aid)),
        str(place),
        int(str(pid)),
        int(str(source_id)),
        csv_date,
        int(str(articles)),
    )


def newsdesk_queries(p: Picks) -> dict[str, tuple[str, dict[str, str]]]:
    """name -> (path, params) for the newsdesk API."""
    return {
        "quotes speaker+dates": (
            "/v1/quotes",
            {"speaker": p.speaker, "date_from": DATE_FROM, "date_to": DATE_TO},
        ),
        "articles actor+place": ("/v1/articles", {"actor": p.actor, "place": p.place}),
        "articles source role": ("/v1/articles", {"source": CITED_SOURCE, "source_role": "cited"}),
        "fts date sort": ("/v1/articles", {"q": FTS_WORD, "sort": "-published_on"}),
        "fts relevance": ("/v1/articles", {"q": FTS_WORD, "sort": "relevance"}),
        "facets place+dates": ("/v1/facets", {"place": p.place, "date_from": DATE_FROM, "date_to": DATE_TO}),
        "page 1": ("/v1/articles", {"limit": "50"}),
        "quote fts date sort": ("/v1/quotes", {"q": FTS_WORD, "sort": "-published_on"}),
        "quote fts speaker": ("/v1/quotes", {"q": FTS_WORD, "speaker": p.speaker, "sort": "-published_on"}),
    }


_ORDER = "ORDER BY a.published_on DESC, a.id DESC LIMIT 50"
# an article's id from its articles_fts rowid, a search key since migration 0008 (app.search.fts)
_FTS_ID = FTS_ID["articles"]
# The columns of a newsdesk article list item, computed the same way (sections, sources, counts).
_COLS = (
    "a.id, a.title, a.lede, (SELECT group_concat(s.section, '; ') FROM article_sections s "
    "WHERE s.article_id = a.id) AS sections, a.published_on, (SELECT group_concat(src.name || ':' || x.role, "
    "'; ') FROM article_sources x JOIN sources src ON src.id = x.source_id WHERE x.article_id = a.id) "
    "AS sources, "
    "a.url, a.related_article_id, a.related_title, a.word_count, "
    "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quote_count, "
    "(SELECT count(DISTINCT m.entity_id) FROM mentions m JOIN entities e ON e.id = m.entity_id "
    "WHERE m.article_id = a.id AND e.kind != 'place') AS actor_count, (SELECT count(DISTINCT m.entity_id) "
    "FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.article_id = a.id AND e.kind = 'place') "
    "AS place_count"
)


# The columns of a newsdesk quote list item; the quotes matching a search, newest first, then in text order.
_QUOTE_COLS = (
    "SELECT q.id, q.text, q.kind, q.cue, q.speaker_entity_id, e.name AS speaker, q.speaker_text, "
    'q.speaker_resolution, q.said_on, q.field, q.start, q."end", a.id AS article_id, a.title, q.published_on '
    "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_entity_id"
)
_QUOTES_FTS = _QUOTE_COLS + " WHERE q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :q)"
_QUOTES_ORDER = " ORDER BY q.published_on DESC, q.id ASC LIMIT 50"


def datasette_queries(p: Picks, depth_key: tuple[str, int] | None) -> dict[str, dict[str, str]]:
    """name -> canned SQL (with bound parameters) answering the same question through Datasette's JSON API."""
    queries = {
        "quotes speaker+dates": {
            "sql": "SELECT q.id, q.text, q.kind, q.cue, q.speaker_entity_id, e.name AS speaker, "
            'q.speaker_text, q.speaker_resolution, q.said_on, q.field, q.start, q."end", '
            "a.id AS article_id, a.title, q.published_on FROM quotes q JOIN articles a "
            "ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_entity_id "
            "WHERE q.speaker_entity_id = :s AND q.published_on BETWEEN :d1 AND :d2 "
            "ORDER BY q.published_on DESC, q.id DESC LIMIT 50",
            "s": str(p.speaker_id),
            "d1": DATE_FROM,
            "d2": DATE_TO,
        },
        "articles actor+place": {
            "sql": f"SELECT {_COLS} FROM articles a WHERE a.id IN (SELECT article_id FROM "
            "mentions WHERE entity_id = :a) AND a.id IN (SELECT article_id FROM mentions "
            f"WHERE entity_id = :p) {_ORDER}",
            "a": str(p.actor_id),
            "p": str(p.place_id),
        },
        "articles source role": {
            "sql": f"SELECT {_COLS} FROM articles a WHERE a.id IN (SELECT article_id FROM "
            f"article_sources WHERE source_id = :s AND role = 'cited') {_ORDER}",
            "s": str(p.source_id),
        },
        "fts date sort": {
            "sql": f"SELECT {_COLS} FROM articles a WHERE a.id IN (SELECT {_FTS_ID} FROM articles_fts "
            f"WHERE articles_fts MATCH :q) {_ORDER}",
            "q": FTS_WORD,
        },
        "fts relevance": {
            "sql": f"SELECT {_COLS} FROM articles_fts JOIN articles a ON a.id = articles_fts.{_FTS_ID} "
            "WHERE articles_fts MATCH :q ORDER BY articles_fts.rank LIMIT 50",
            "q": FTS_WORD,
        },
        "page 1": {"sql": f"SELECT {_COLS} FROM articles a {_ORDER}"},
        "quote fts date sort": {"sql": _QUOTES_FTS + _QUOTES_ORDER, "q": FTS_WORD},
        "quote fts speaker": {
            "sql": _QUOTES_FTS + " AND q.speaker_entity_id = :s" + _QUOTES_ORDER,
            "q": FTS_WORD,
            "s": str(p.speaker_id),
        },
        "csv export": {
            "sql": f"SELECT {_COLS} FROM articles a WHERE a.published_on >= :d ORDER BY "
            "a.published_on DESC, a.id DESC",
            "d": p.csv_from,
        },
    }
    if depth_key:
        queries["page at depth"] = {
            "sql": f"SELECT {_COLS} FROM articles a WHERE a.published_on < :d OR "
            f"(a.published_on = :d AND a.id < :i) {_ORDER}",
            "d": depth_key[0],
            "i": str(depth_key[1]),
        }
    return queries
