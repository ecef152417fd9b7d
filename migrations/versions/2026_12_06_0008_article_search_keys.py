"""articles_fts rowids in publication order: a search's newest (or oldest) matches read first (SQLite)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A search sorted by date read every match's id (18,130 for "ceasefire" at 100k articles), then walked
# the date index probing that list: 3.7 ms of SQLite per page. FTS5 reads a term's matches in rowid order
# and stops at LIMIT, so the rowid of an article's full-text row becomes its search key: the Julian day
# number of published_on (0 when undated) above the article id's 32 bits. Key order is the article
# list's order (published_on, then id), and a range of keys is a range of dates: 0.09 ms for that page.
# ``app.search.rawscope.search_key`` computes the same key in Python (a test holds the two together).
#
# The table becomes contentless (content=''): an external-content table reads its rows back by rowid,
# which is no longer articles.id. Nothing reads the columns back (no snippet or highlight), bm25 needs
# only the index, and the triggers pass the old values to 'delete' as FTS5 requires.
#
# FTS5 writes its pending index out whenever a rowid comes lower than the one before: a batch of new
# articles in input order has its keys in date order nowhere, and the loader's INSERT of 2,000 took
# 246 ms instead of 99. So the loader pauses the insert trigger (a row in articles_fts_pause, inside its
# own transaction: no other connection ever sees it) and indexes its batch itself, in key order
# (``app.ingest.load.articles``); every other writer goes through the trigger.
_COLUMNS = ("title", "lede", "body")
_TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
_TRIGGERS = ("articles_fts_ai", "articles_fts_ad", "articles_fts_au")
PAUSE = "articles_fts_pause"


def _key(row: str) -> str:
    return f"((coalesce(CAST(julianday({row}.published_on) AS INTEGER), 0) << 32) | {row}.id)"


def _values(row: str) -> str:
    return ", ".join(f"{row}.{c}" for c in _COLUMNS)


def _drop() -> None:
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    op.execute(f"DROP TABLE IF EXISTS {PAUSE}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    cols = ", ".join(_COLUMNS)
    _drop()
    op.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5({cols}, content='', {_TOKENIZE})")
    new_row = f"INSERT INTO articles_fts(rowid, {cols}) VALUES ({_key('new')}, {_values('new')});"
    old_row = (f"INSERT INTO articles_fts(articles_fts, rowid, {cols}) "
               f"VALUES ('delete', {_key('old')}, {_values('old')});")
    op.execute(f"CREATE TABLE {PAUSE} (paused INTEGER NOT NULL)")
    op.execute(f"CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles WHEN NOT EXISTS (SELECT * FROM {PAUSE}) "
               f"BEGIN {new_row} END")
    op.execute(f"CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN {old_row} END")
    # published_on too: the key moves with the date
    op.execute(f"CREATE TRIGGER articles_fts_au AFTER UPDATE OF {cols}, published_on ON articles "
               f"BEGIN {old_row} {new_row} END")
    # in key order, so the index is written in the order it sorts
    op.execute(f"INSERT INTO articles_fts(rowid, {cols}) SELECT {_key('articles')} AS key, "
               f"{_values('articles')} FROM articles ORDER BY key")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    cols = ", ".join(_COLUMNS)
    _drop()
    op.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5({cols}, content='articles', "
               f"content_rowid='id', {_TOKENIZE})")
    op.execute(f"CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
               f"INSERT INTO articles_fts(rowid, {cols}) VALUES (new.id, {_values('new')}); END")
    op.execute(f"CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
               f"INSERT INTO articles_fts(articles_fts, rowid, {cols}) VALUES ('delete', old.id, "
               f"{_values('old')}); END")
    op.execute(f"CREATE TRIGGER articles_fts_au AFTER UPDATE OF {cols} ON articles BEGIN "
               f"INSERT INTO articles_fts(articles_fts, rowid, {cols}) VALUES ('delete', old.id, "
               f"{_values('old')}); INSERT INTO articles_fts(rowid, {cols}) VALUES (new.id, {_values('new')}); END")
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
