"""quotes.published_on: the article's date on each quote, indexed with the speaker and alone

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 02:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A speaker's quotes between two dates, newest first, joined every one of the speaker's quotes (6,500 at
# 100k articles) to its article to read the date, once for the page and once for the count: 27 ms of SQL
# on SQLite. On the quote itself, both are ranges of one index (0.2 ms).
SPEAKER_DATE = "ix_quotes_speaker_entity_id_published_on_id"
DATE = "ix_quotes_published_on_id"
SPEAKER_ARTICLE = "ix_quotes_speaker_entity_id_article_id"  # the new speaker index serves its lookups
_BACKFILL = {
    "sqlite": "UPDATE quotes SET published_on = (SELECT articles.published_on FROM articles "
    "WHERE articles.id = quotes.article_id)",
    "postgresql": "UPDATE quotes SET published_on = articles.published_on FROM articles "
    "WHERE articles.id = quotes.article_id AND articles.published_on IS NOT NULL",
}


def upgrade() -> None:
    op.add_column("quotes", sa.Column("published_on", sa.Date(), nullable=True))
    op.execute(_BACKFILL[op.get_bind().dialect.name])
    op.drop_index(SPEAKER_ARTICLE, table_name="quotes")
    op.create_index(SPEAKER_DATE, "quotes", ["speaker_entity_id", "published_on", "id"], unique=False)
    op.create_index(DATE, "quotes", ["published_on", "id"], unique=False)


def downgrade() -> None:
    op.drop_index(DATE, table_name="quotes")
    op.drop_index(SPEAKER_DATE, table_name="quotes")
    op.create_index(SPEAKER_ARTICLE, "quotes", ["speaker_entity_id", "article_id"], unique=False)
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild would drop the full-text triggers
    op.drop_column("quotes", "published_on")
