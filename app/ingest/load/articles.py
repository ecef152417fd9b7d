"""Storing a batch of articles and every row that hangs off them, one statement per table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from app.extract.types import Extraction, Mention, QuoteFinding, SourceFinding, SourceRole
from app.ingest.load.bulk import MAX_ROWS, Values, insert_returning, insert_values
from app.ingest.load.entities import EntityResolver
from app.ingest.load.rows import (
    ARTICLE_COLUMNS,
    DATE_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SECTION_COLUMNS,
    SOURCE_COLUMNS,
    article_row,
    date_row,
    mention_rows,
    quote_row,
    section_rows,
    word_count,
)
from app.ingest.load.sources import SourceResolver
from app.models import Article, ArticleSection, ArticleSource, DateMention, Quote
from app.models import Mention as MentionRow
from app.search.fts import SEARCH_KEY_SQL

__all__ = ["ArticleWriter", "known_hashes", "word_count"]
KEY = ("content_hash",)


def known_hashes(session: Session, hashes: Sequence[str]) -> set[str]:
    """Which of these content hashes are already stored."""
    if not hashes:
        return set()
    return set(
        session.execute(select(Article.content_hash).where(Article.content_hash.in_(hashes))).scalars()
    )


_KEY = SEARCH_KEY_SQL.format(row="articles")
_INDEX = text(
    f"INSERT INTO articles_fts (rowid, title, lede, body) SELECT {_KEY} AS key, "  # noqa: S608 - constants
    "articles.title, articles.lede, articles.body FROM articles WHERE articles.id IN :ids ORDER BY key"
).bindparams(bindparam("ids", expanding=True))


def _indexed_in_key_order(session: Session, insert: Callable[[], list[Values]]) -> list[Values]:
    """``insert()`` of articles with SQLite's full-text insert trigger paused, then their full-text rows
    written in one statement, in search-key order (migration 0008): FTS5 writes its pending index out
    whenever a key comes lower than the one before, which rows in input order do at most rows.

    The pause is a row of ``articles_fts_pause`` inside this transaction, removed before it ends: no other
    connection sees it, and a rollback takes it away with the articles."""
    session.execute(text("INSERT INTO articles_fts_pause (paused) VALUES (1)"))
    try:
        stored = insert()
        ids = [row[-1] for row in stored]
        for start in range(0, len(ids), MAX_ROWS):
            session.execute(_INDEX, {"ids": ids[start:start + MAX_ROWS]})
    finally:
        session.execute(text("DELETE FROM articles_fts_pause"))
    return stored


class ArticleWriter:
    """Writes a batch: begin() inserts the articles, write() gathers each one's rows, flush() stores them."""

    def __init__(self, session: Session, entities: EntityResolver, sources: SourceResolver) -> None:
        self.session, self.entities, self.sources = session, entities, sources
        self._hashes: dict[int, tuple[Extraction, str]] = {}  # id() of a batch's extraction -> its hash
        self._new_ids: dict[str, int] = {}  # content hash -> id of an article this batch inserted
        self._reset()

    def _reset(self) -> None:
        self.sections: list[Values] = []
        self.article_sources: list[Values] = []
        self.mentions: list[tuple[int, int, tuple[Mention, ...]]] = []  # (article id, entity handle, ...)
        self.quotes: list[tuple[int, QuoteFinding, int | None, int | None]] = []  # ..., speaker, via
        self.published: dict[int, dt.date | None] = {}  # article id -> published_on, copied to its quotes
        self.dates: list[Values] = []

    def begin(self, extractions: Sequence[Extraction], run_id: int | None) -> None:
        """Insert the batch's articles in one statement; those already stored are skipped by write()."""
        self._reset()
        self._hashes, self._new_ids = {}, {}
        self._insert(extractions, run_id)

    def _insert(self, extractions: Sequence[Extraction], run_id: int | None) -> None:
        rows = [article_row(extraction, run_id) for extraction in extractions]
        for extraction, row in zip(extractions, rows, strict=True):
            self._hashes[id(extraction)] = (extraction, row[0])
        def insert() -> list[Values]:
            return insert_returning(
                self.session, Article, ARTICLE_COLUMNS, rows, conflict=KEY, returning=(*KEY, "id")
            )

        sqlite = self.session.get_bind().dialect.name == "sqlite"
        stored = _indexed_in_key_order(self.session, insert) if sqlite else insert()
        self._new_ids.update(stored)

    def write(self, extraction: Extraction, run_id: int | None) -> tuple[int | None, int]:
        """Gather one article's rows; returns (article id or None when already stored, quotes stored)."""
        known = self._hashes.get(id(extraction))
        if known is None or known[0] is not extraction:  # not part of begin(): insert it on its own
            self._insert([extraction], run_id)
        # The first extraction of a content hash takes the new id; a repeat in the batch is skipped.
        article_id = self._new_ids.pop(self._hashes[id(extraction)][1], None)
        if article_id is None:
            return None, 0
        self.sections += section_rows(article_id, extraction)
        self._sources(article_id, extraction)
        entity_ids = self._entities(article_id, extraction)
        return article_id, self._quotes(article_id, extraction, entity_ids)

    def flush(self) -> None:
        """Store the gathered rows: entities first (their ids are needed), then one INSERT per table."""
        self.entities.flush()
        id_of = self.entities.id_of
        mentions = mention_rows(self.mentions, id_of)
        quotes = [
            quote_row(a, quote, speaker_id=None if speaker is None else id_of(speaker), via_id=via,
                      published_on=self.published[a])
            for a, quote, speaker, via in self.quotes
        ]
        keys = SECTION_COLUMNS[:2]
        insert_values(self.session, ArticleSection, SECTION_COLUMNS, self.sections, conflict=keys)
        insert_values(
            self.session, ArticleSource, SOURCE_COLUMNS, self.article_sources, conflict=SOURCE_COLUMNS
        )
        insert_values(self.session, MentionRow, MENTION_COLUMNS, mentions)
        insert_values(self.session, Quote, QUOTE_COLUMNS, quotes)
        insert_values(self.session, DateMention, DATE_COLUMNS, self.dates)
        self._reset()

    def _sources(self, article_id: int, extraction: Extraction) -> None:
        findings = list(extraction.sources)
        publisher = extraction.record.publisher
        if publisher and not any(f.role is SourceRole.PUBLISHER for f in findings):
            findings.append(SourceFinding(publisher, SourceRole.PUBLISHER))
        pairs = {(self.sources.resolve(f.name), str(f.role)) for f in findings}
        self.article_sources += [(article_id, s, r) for s, r in sorted(pairs, key=str) if s]

    def _entities(self, article_id: int, extraction: Extraction) -> dict[str, int]:
        handles: dict[str, int] = {}
        for finding in extraction.entities:
            handle = handles[finding.key] = self.entities.resolve(finding)
            self.mentions.append((article_id, handle, finding.mentions))
        return handles

    def _quotes(self, article_id: int, extraction: Extraction, handles: dict[str, int]) -> int:
        self.published[article_id] = extraction.record.published_on
        for quote in extraction.quotes:
            via = self.sources.resolve(quote.reported_via) if quote.reported_via else None
            self.quotes.append((article_id, quote, self._speaker(quote.speaker_key, handles), via))
        self.dates += [date_row(article_id, date) for date in extraction.dates]
        return len(extraction.quotes)

    def _speaker(self, key: str | None, handles: dict[str, int]) -> int | None:
        if key is None:
            return None
        return handles.get(key) or self.entities.by_key.get(key)
